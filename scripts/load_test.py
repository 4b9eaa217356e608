#!/usr/bin/env python
"""Simulated users with think time against Chỉ thị on loopback, for a bounded time: requests per
second, errors, p50 / p95 / max latency, and the same mix's p95 with a single user, for comparison.

    .venv/bin/python scripts/load_test.py --database-url postgres://postgres@127.0.0.1:5432/chithi_bench_kept \\
        [--users 200] [--duration 300] [--think 10 30]
    .venv/bin/python scripts/load_test.py --url http://127.0.0.1:8000 --units 3500 [--users 200 …]
    .venv/bin/python scripts/benchmark_tasks.py … --load [--load-users 200 --load-duration 300]

Run it against the data of scripts/benchmark_tasks.py (its accounts and password): kept with --keep
(the first form starts gunicorn itself, 2 sync workers, production settings, as the benchmark does),
or an already running server on a loopback address (the second form; --units says how many unit
heads head-00000… exist), or from the benchmark itself with --load, against its own gunicorn.

Nothing to install: standard library only (threads and http.client; one thread per simulated user,
asleep most of the time). Each user signs in by POSTing the login form, before the timed window (the
sign-ins are reported apart), then cycles through the main pages of their role — with links taken
from the pages they saw (a task, an assignment, the latest Monday summary) — with a think time drawn
between --think MIN and MAX seconds before each request (the first one spread over the first think
time). New requests stop at --duration; requests still in flight are waited for (up to the request
timeout) and counted. Roles, like the demo's: 10% the Office, 2% leaders (Chairman, Vice Chairman),
3% Organization–Home Affairs, the rest unit heads (one account each, reused past --units).
Static files are not requested (a browser caches them; whitenoise serves them without Django), nor
the quarterly report pages (the benchmark's data has no report template).

Single-user p95: before the load, --baseline requests of the same mix, one at a time, no think time.
An error is anything but HTTP 200 (a redirect to the login page included) or no answer within the
request timeout (--timeout, default 130 s: past gunicorn's 120 s worker timeout).
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import sys
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import benchhttp
from benchhttp import BENCH_PASSWORD, percentile

# The pages each role cycles through; {…} is a link found on a page the user saw before.
PAGES = {
    "office": [
        "/tasks/",
        "{task}",
        "/tasks/?status=overdue",
        "{assignment}",
        "/queue/",
        "/tasks/by-unit/",
        "/summaries/",
        "/search/?q=cai+cach",
        "/register/",
        "/notifications/",
    ],
    "leader": ["/tasks/given-by-me/", "{task}", "/summaries/", "{summary}", "/queue/", "/search/?q=nhiem+vu"],
    "home_affairs": ["/reports/dashboard/", "/tasks/", "/tasks/by-unit/", "/register/"],
    "head": ["{landing}", "{assignment}", "/notifications/", "/register/", "{assignment}", "/search/?q=phong"],
}
LINKS = {
    "task": re.compile(rb'href="(/tasks/\d+/)"'),
    "assignment": re.compile(rb'href="(/assignments/\d+/)"'),
    "summary": re.compile(rb'href="(/summaries/\d{4}-W\d{2}/)"'),
}
LABELS = {
    "{task}": "/tasks/<id>/",
    "{assignment}": "/assignments/<id>/",
    "{summary}": "/summaries/<week>/",
    "{landing}": "landing page (a head: /units/<code>/tasks/)",
}


def bench_accounts(n_units: int) -> dict[str, list[str]]:
    """The accounts of scripts/benchmark_tasks.py's data, by role."""
    return {
        "office": ["office-staff", "office-head"],
        "leader": ["chairman", "vice-chairman"],
        "home_affairs": ["home-affairs"],
        "head": [f"head-{i:05d}" for i in range(n_units)],
    }


def role_mix(users: int) -> list[str]:
    office, leader, home_affairs = (max(1, round(users * share)) for share in (0.10, 0.02, 0.03))
    heads = max(0, users - office - leader - home_affairs)
    return (["office"] * office + ["leader"] * leader + ["home_affairs"] * home_affairs + ["head"] * heads)[:users]


@dataclass
class Sample:
    page: str
    seconds: float
    outcome: str  # "200", another status, or the exception's name
    started: float

    @property
    def ok(self) -> bool:
        return self.outcome == "200"


class User:
    """One simulated person: a signed-in session, their role's pages, the links they have seen."""

    def __init__(self, base_url: str, role: str, username: str, rng: random.Random, timeout: float):
        self.session = benchhttp.Session(base_url, timeout=timeout)
        self.role, self.username, self.rng = role, username, rng
        self.pages = PAGES[role]
        self.position = rng.randrange(len(self.pages))
        self.links: dict[str, list[str]] = defaultdict(list)

    def login(self) -> None:
        self.session.login(self.username, BENCH_PASSWORD)
        self.links["landing"] = [self.session.landing]

    def next_path(self) -> tuple[str, str]:
        """The next page of the cycle that can be reached now: (label, path)."""
        for _ in range(len(self.pages)):
            template = self.pages[self.position]
            self.position = (self.position + 1) % len(self.pages)
            if not template.startswith("{"):
                return template, template
            known = self.links.get(template.strip("{}"))
            if known:
                path = self.rng.choice(known)
                return LABELS.get(template, path), path
        return self.pages[0], self.pages[0]  # nothing reachable yet: a fixed page of the role

    def visit(self) -> Sample:
        label, path = self.next_path()
        started = time.perf_counter()
        try:
            status, body, took, headers = self.session.get(path, follow=3)
        except OSError as error:
            return Sample(label, time.perf_counter() - started, type(error).__name__, started)
        if status == 200:
            for name, pattern in LINKS.items():
                found = [m.decode() for m in pattern.findall(body[:400_000])]
                if found:
                    self.links[name] = found[:50]
        elif 300 <= status < 400:
            return Sample(label, took, f"{status} to {urlsplit(headers.get('Location', '')).path}", started)
        return Sample(label, took, str(status), started)


@dataclass
class LoadResult:
    base_url: str
    users: int
    duration: float
    think: tuple[float, float]
    roles: dict[str, int]
    login_seconds: float = 0.0
    login_errors: int = 0
    baseline: list[Sample] = field(default_factory=list)
    samples: list[Sample] = field(default_factory=list)
    elapsed: float = 0.0


def run(
    *,
    base_url: str,
    accounts: dict[str, list[str]],
    users: int = 200,
    duration: float = 300,
    think: tuple[float, float] = (10, 30),
    baseline: int = 100,
    timeout: float = 130,
    login_concurrency: int = 4,
    seed: int = 1,
    log=print,
) -> LoadResult:
    host = urlsplit(base_url).hostname
    if host not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit(f"loopback only: {base_url} is not on this machine's loopback address")
    rng = random.Random(seed)
    roles = role_mix(users)
    counters: dict[str, int] = defaultdict(int)
    people = []
    for role in roles:
        names = accounts[role]
        people.append(User(base_url, role, names[counters[role] % len(names)], random.Random(rng.random()), timeout))
        counters[role] += 1
    result = LoadResult(base_url, users, duration, think, dict(counters))

    # Sign-ins, a few at a time (each costs the server one PBKDF2 hash), outside the timed window.
    log(f"load: signing in {users} users ({', '.join(f'{n} {r}' for r, n in counters.items())})")
    t0 = time.perf_counter()
    queue = list(people)
    lock = threading.Lock()

    def sign_in():
        while True:
            with lock:
                if not queue:
                    return
                person = queue.pop()
            try:
                person.login()
            except (OSError, benchhttp.LoginFailed) as error:
                log(f"load: sign-in of {person.username} failed: {error}")
                with lock:
                    result.login_errors += 1

    threads = [threading.Thread(target=sign_in) for _ in range(login_concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.login_seconds = time.perf_counter() - t0
    people = [p for p in people if "sessionid" in p.session.cookies]
    if not people:
        raise SystemExit("load: no user could sign in")
    log(f"load: signed in in {result.login_seconds:.1f} s; single-user baseline of {baseline} requests")

    # The same mix, one request at a time: what one person alone would see.
    for _ in range(baseline):
        result.baseline.append(rng.choice(people).visit())

    log(f"load: {len(people)} users, think {think[0]:g}–{think[1]:g} s, for {duration:g} s")
    stop = threading.Event()
    samples: list[Sample] = []
    start = time.perf_counter()
    end = start + duration

    def simulate(person: User):
        if stop.wait(person.rng.uniform(0, think[1])):
            return
        while time.perf_counter() < end:
            sample = person.visit()
            with lock:
                samples.append(sample)
            if stop.wait(person.rng.uniform(*think)):
                return

    threads = [threading.Thread(target=simulate, args=(p,), daemon=True) for p in people]
    for thread in threads:
        thread.start()
    next_report = start + 60
    while time.perf_counter() < end:
        time.sleep(min(1.0, max(0.0, end - time.perf_counter())))
        if time.perf_counter() >= next_report:
            with lock:
                done, failed = len(samples), sum(not s.ok for s in samples)
            log(f"load: {time.perf_counter() - start:.0f} s, {done} requests, {failed} errors")
            next_report += 60
    stop.set()
    waited = time.perf_counter() + timeout + 5
    for thread in threads:
        thread.join(max(0.0, waited - time.perf_counter()))
    result.elapsed = time.perf_counter() - start
    with lock:
        result.samples = list(samples)
    in_flight = sum(t.is_alive() for t in threads)
    if in_flight:
        log(f"load: {in_flight} requests still without an answer after the request timeout")
    log(f"load: done, {len(result.samples)} requests in {result.elapsed:.0f} s")
    return result


def verdict(errors: int, ratio: float) -> str:
    missed = [f"{errors:,} errors"] if errors else []
    missed += [f"p95 {ratio / 3:,.1f}× the 3 × single"] if not ratio <= 3 else []
    return "missed: " + ", ".join(missed) if missed else "met"


def markdown(result: LoadResult) -> str:
    samples = result.samples
    times = [s.seconds * 1000 for s in samples]
    errors = sum(not s.ok for s in samples)
    single = percentile([s.seconds * 1000 for s in result.baseline], 95)
    p95 = percentile(times, 95)
    lines = [
        f"\n### Load: {result.users} simulated users, think time {result.think[0]:g}–{result.think[1]:g} s, "
        f"{result.duration:g} s, against {result.base_url}\n",
        f"Roles: {', '.join(f'{n} {r}' for r, n in result.roles.items())}. Sign-ins (POST /login/, before the "
        f"timed window): {result.login_seconds:.0f} s, {result.login_errors} failed. The last answers came "
        f"{result.elapsed - result.duration:.0f} s after the window's end.\n",
        "| Requests | Req/s | Errors | p50 ms | p95 ms | Max ms | > 30 s | Single-user p95 ms | p95 ÷ single "
        "| Target |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
        f"| {len(samples):,} | {len(samples) / result.duration:,.2f} | {errors:,} | {percentile(times, 50):,.0f} "
        f"| {p95:,.0f} | {max(times, default=float('nan')):,.0f} | {sum(t > 30_000 for t in times):,} "
        f"| {single:,.0f} | {p95 / single:,.1f} | {verdict(errors, p95 / single)} |",
        "\nTarget (issue 12, for 200 users over 5 minutes): no error, p95 ≤ 3 × the single-user p95.",
    ]
    kinds = defaultdict(int)
    for s in samples:
        if not s.ok:
            kinds[s.outcome] += 1
    if kinds:
        lines.append("\nErrors: " + ", ".join(f"{kind} ×{n}" for kind, n in sorted(kinds.items())) + ".")
    lines += [
        "\n| Page under load | Requests | Errors | p50 ms | p95 ms | Max ms |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    by_page: dict[str, list[Sample]] = defaultdict(list)
    for s in samples:
        by_page[s.page].append(s)
    for page, group in sorted(by_page.items(), key=lambda kv: -percentile([s.seconds for s in kv[1]], 95)):
        ms = [s.seconds * 1000 for s in group]
        lines.append(
            f"| {page} | {len(group):,} | {sum(not s.ok for s in group):,} | {percentile(ms, 50):,.0f} "
            f"| {percentile(ms, 95):,.0f} | {max(ms):,.0f} |"
        )
    return "\n".join(lines) + "\n"


def _count_heads(database_url: str) -> int:
    import psycopg2

    with psycopg2.connect(**benchhttp.pg_params(database_url)) as conn, conn.cursor() as cur:
        cur.execute("SELECT count(*) FROM units_user WHERE username LIKE 'head-%%'")
        return cur.fetchone()[0]


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--url", help="a running server on loopback, e.g. http://127.0.0.1:8000")
    where.add_argument("--database-url", help="start gunicorn (production settings) on this kept benchmark database")
    parser.add_argument("--units", type=int, default=None, help="unit heads head-00000… in the data (with --url)")
    parser.add_argument("--users", type=int, default=200, help="simulated users (default 200)")
    parser.add_argument("--duration", type=float, default=300, help="seconds of load (default 300)")
    parser.add_argument("--think", type=float, nargs=2, default=(10, 30), metavar=("MIN", "MAX"))
    parser.add_argument("--baseline", type=int, default=100, help="single-user requests before the load (default 100)")
    parser.add_argument("--timeout", type=float, default=130, help="request timeout in seconds (default 130)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers with --database-url (default 2)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    def log(message: str) -> None:
        print(f"[load {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)

    def go(base_url: str, units: int) -> None:
        result = run(
            base_url=base_url,
            accounts=bench_accounts(units),
            users=args.users,
            duration=args.duration,
            think=tuple(args.think),
            baseline=args.baseline,
            timeout=args.timeout,
            seed=args.seed,
            log=log,
        )
        print(markdown(result))

    if args.url:
        if args.units is None:
            parser.error("--url needs --units (how many unit heads the data has)")
        go(args.url, args.units)
        return 0
    units = args.units or _count_heads(args.database_url)
    tmp = Path(tempfile.mkdtemp(prefix="chithi-load-"))
    try:
        env = benchhttp.production_env(dict(os.environ), args.database_url, tmp)
        log("collectstatic")
        benchhttp.collectstatic(env)
        with benchhttp.Gunicorn(env, workers=args.workers, timeout=120, log_file=tmp / "gunicorn.log") as server:
            log(f"gunicorn: {args.workers} workers on {server.base_url}")
            go(server.base_url, units)
            log(f"gunicorn: worker peak RSS {server.worker_peak_rss_mb():,.0f} MB, {server.worker_timeouts()} timeouts")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
