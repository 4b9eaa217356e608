#!/usr/bin/env python
"""Build a large throw-away data set, then time the main pages over HTTP and the jobs, each against
a floor measured in the same run (for the engineers' notes; docs/benchmarks.md explains the table).

    .venv/bin/python scripts/benchmark_tasks.py --database-url postgres://postgres@127.0.0.1:5432/chithi_bench \\
        --units 3500 --assignments 1000000 [--repeat 10] [--load [--load-users 200 --load-duration 300]]
    .venv/bin/python scripts/benchmark_tasks.py [--units 1000] [--assignments 100000]    (SQLite, slower build)
    .venv/bin/python scripts/benchmark_tasks.py --database-url … --build-only --keep    (time the build alone)

Safety: it never touches the developer's database. By default it migrates a new SQLite file in a
temporary folder (removed at the end unless --keep). With --database-url it uses that database: a
PostgreSQL database is created if missing (through the `postgres` maintenance database) and dropped at
the end unless --keep (only a database this run created is ever dropped). A database that already
holds tables is refused (--recreate drops and recreates a PostgreSQL one), so a mistyped URL cannot
damage real data.

Data: an Authority, the Office, Organization–Home Affairs, N units with a head each, two leaders, an
account with no role, directives, tasks, assignments with deadlines from a year ago to three months
ahead (each task assigned two to eight weeks before its deadline), ~60% reported (some late), ~40% of
those completed, report versions (submitted, accepted, returned and redrafted, drafts) and a few
pending extension requests, with every derived column filled as the services fill it (effective
deadline on the work calendar, reported_at/reported_on from the live version, completed_at from its
acceptance, returned_at, search text). On PostgreSQL the big tables (tasks, assignments, report
versions, extension requests) are written with COPY, then VACUUM ANALYZE; on SQLite with
bulk_create. No simple-history rows, no notifications.

Measurements, in this order:
1. Jobs, each with its floor S (the raw SQL behind it, timed in the same run): the reminders (first
   run sends, second is a no-op), the Monday summary (first run and rerun in process; `manage.py
   run_job weekly-summary --force` as a subprocess for its time and peak RSS, beside Django's
   start-up alone), its Word file; the full .xlsx export over HTTP comes after the pages.
2. Query counts: each page once in process (Django's test Client, CaptureQueriesContext).
3. Pages over HTTP through gunicorn (2 sync workers, production settings: DEBUG off, a SECRET_KEY,
   ALLOWED_HOSTS=127.0.0.1, the strict HTTPS settings behind a simulated TLS proxy), each role signed
   in by POSTing the login form. Each timed request of a page follows one request of the floor F —
   the cheapest signed-in page (/no-role/ for an account with no role) — so a change of machine load
   hits both; the ratio is p50(page) / p50(its F samples).
4. With --load: scripts/load_test.py against the same gunicorn (simulated users with think time).

Progress goes to stderr; the Markdown results go to stdout.
"""

from __future__ import annotations

import argparse
import io
import json
import math
import os
import random
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import warnings
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from datetime import time as dtime
from pathlib import Path

import benchhttp
from benchhttp import percentile

REPO = Path(__file__).resolve().parent.parent


_STARTED = time.monotonic()


def log(message: str) -> None:
    # Elapsed time, not the clock: django.setup() changes the process time zone midway.
    print(f"[bench +{time.monotonic() - _STARTED:6.1f}s] {message}", file=sys.stderr, flush=True)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--units", type=int, default=1000, help="units besides the Office (default 1000)")
    parser.add_argument("--assignments", type=int, default=100_000, help="assignments (default 100000)")
    parser.add_argument("--tasks", type=int, default=None, help="tasks (default: assignments / 50)")
    parser.add_argument("--repeat", type=int, default=10, help="timed HTTP requests per page (default 10)")
    parser.add_argument(
        "--page-budget",
        type=float,
        default=120,
        help="stop repeating a page after this many seconds of its own requests (at least 3 runs; default 120)",
    )
    parser.add_argument("--database-url", default=None, help="use this database instead of a temporary SQLite file")
    parser.add_argument("--keep", action="store_true", help="keep the database (and temp folder) at the end")
    parser.add_argument(
        "--recreate", action="store_true", help="drop and recreate an existing PostgreSQL database first"
    )
    parser.add_argument("--build-only", action="store_true", help="build the data, print the build times, stop")
    parser.add_argument("--no-reports", action="store_true", help="do not create TaskReport rows")
    parser.add_argument(
        "--analyze",
        action="store_true",
        help="also run ANALYZE on SQLite after the build (PostgreSQL always gets VACUUM ANALYZE)",
    )
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument(
        "--timeout", type=int, default=120, help="gunicorn worker timeout in seconds, as in the README (default 120)"
    )
    parser.add_argument("--skip-full-export", action="store_true", help="do not request the full .xlsx export")
    parser.add_argument(
        "--docx-timeout", type=int, default=300, help="give up on the summary's Word file after this many seconds"
    )
    parser.add_argument("--load", action="store_true", help="end with scripts/load_test.py against the same gunicorn")
    parser.add_argument("--load-users", type=int, default=200, help="simulated users of --load (default 200)")
    parser.add_argument("--load-duration", type=float, default=300, help="seconds of --load (default 300)")
    parser.add_argument("--seed", type=int, default=20260101)
    args = parser.parse_args()
    if args.units < 2 or args.assignments < 1 or args.repeat < 1:
        parser.error("--units must be >= 2, --assignments >= 1, --repeat >= 1")
    return args


# ---- environment and databases (before Django loads its settings) ------------------------------


def prepare_environment(args: argparse.Namespace, tmp: Path) -> str:
    """Production settings pointed at throw-away places; return the database URL in use. The same
    environment (benchhttp.production_env) serves this process, gunicorn and the job subprocesses."""
    url = args.database_url or f"sqlite:///{tmp / 'bench.sqlite3'}"
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))  # required once DATABASE_URL is set
    os.environ.update(benchhttp.production_env(dict(os.environ), url, tmp))
    return url


def _pg_admin(url: str):
    import psycopg2

    params = {**benchhttp.pg_params(url), "dbname": "postgres"}
    conn = psycopg2.connect(**params)
    conn.autocommit = True
    return conn


def pg_prepare(url: str, recreate: bool) -> bool:
    """Create the PostgreSQL database if missing; return True if this run created it."""
    from psycopg2 import sql

    name = benchhttp.pg_params(url).get("dbname", "")
    if not name or name == "postgres":
        raise SystemExit(
            "Refusing to use the 'postgres' maintenance database; give a dedicated name, e.g. /chithi_bench."
        )
    conn = _pg_admin(url)
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            exists = cur.fetchone() is not None
            if exists and recreate:
                log(f"dropping existing PostgreSQL database {name} (--recreate)")
                cur.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))
                exists = False
            if not exists:
                log(f"creating PostgreSQL database {name}")
                cur.execute(sql.SQL("CREATE DATABASE {} ENCODING 'UTF8'").format(sql.Identifier(name)))
                return True
            return False
    finally:
        conn.close()


def pg_drop(url: str) -> None:
    from psycopg2 import sql

    name = benchhttp.pg_params(url).get("dbname", "")
    conn = _pg_admin(url)
    try:
        with conn.cursor() as cur:
            cur.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
    finally:
        conn.close()


# ---- timing helpers ----------------------------------------------------------------------------


class Timeout(Exception):
    pass


@contextmanager
def alarm(seconds: int):
    """Raise Timeout in the main thread after `seconds` (checked between Python bytecodes)."""

    def fire(signum, frame):
        raise Timeout()

    previous = signal.signal(signal.SIGALRM, fire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def timed_min(fn, runs: int = 3) -> tuple[float, object]:
    """The shortest of `runs` timings of fn() (a floor is a best case), and its last result."""
    best, result = float("inf"), None
    for _ in range(runs):
        t0 = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t0)
    return best, result


# Peak RSS of a child: Linux starts a forked child's high-water mark at its parent's resident size,
# and this process is large by then; so a small launcher process starts the command and reports it.
_LAUNCHER = (
    "import os, subprocess, sys\n"
    "child = subprocess.Popen(sys.argv[2:])\n"
    "_pid, status, usage = os.wait4(child.pid, 0)\n"
    "open(sys.argv[1], 'w').write(str(usage.ru_maxrss))\n"
    "sys.exit(os.waitstatus_to_exitcode(status))\n"
)


def run_child(command: list[str], env: dict[str, str]) -> tuple[float, float, int, str]:
    """Run a subprocess: (wall seconds, its own peak RSS in MB, exit status, stdout + stderr)."""
    with tempfile.NamedTemporaryFile("r", suffix=".maxrss") as report:
        t0 = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-c", _LAUNCHER, report.name, *command],
            env=env,
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        took = time.perf_counter() - t0
        kilobytes = int(report.read() or 0)
    return took, kilobytes / 1024, done.returncode, done.stdout.decode(errors="replace").strip()


# ---- main --------------------------------------------------------------------------------------


def main() -> int:
    args = parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="chithi-bench-"))
    url = prepare_environment(args, tmp)
    is_pg = url.startswith(("postgres://", "postgresql://", "pgsql://", "psql://"))
    created_db = False
    if is_pg:
        created_db = pg_prepare(url, args.recreate)

    sys.path.insert(0, str(REPO))
    warnings.filterwarnings("ignore", message="No directory at")
    import django

    django.setup()

    from django.db import connection, connections

    exit_code = 0
    try:
        refuse_non_empty(connection, url)
        exit_code = run(args, url, is_pg, tmp)
    finally:
        connections.close_all()
        if args.keep:
            log(f"kept: database {url}, temp folder {tmp}")
        else:
            if is_pg and created_db:
                log("dropping the benchmark database")
                pg_drop(url)
            shutil.rmtree(tmp, ignore_errors=True)
    return exit_code


def refuse_non_empty(connection, url: str) -> None:
    tables = connection.introspection.table_names()
    if tables:
        raise SystemExit(
            f"The database {url} already has {len(tables)} tables: refusing to write benchmark data into it. "
            "Use a fresh database name (or --recreate for a PostgreSQL benchmark database)."
        )


def run(args: argparse.Namespace, url: str, is_pg: bool, tmp: Path) -> int:
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import override_settings

    # In process, the test Client's host too; gunicorn gets ALLOWED_HOSTS=127.0.0.1 only.
    override_settings(ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"]).enable()

    vendor = connection.vendor
    if is_pg:
        with connection.cursor() as cur:
            cur.execute("SHOW server_version")
            version = f"PostgreSQL {cur.fetchone()[0]}"
    else:
        import sqlite3

        version = f"SQLite {sqlite3.sqlite_version}"
    log(f"database: {vendor} ({version}) at {url}")

    t0 = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    migrate_seconds = time.perf_counter() - t0
    log(f"migrated in {migrate_seconds:.1f} s")

    build = build_data(args, is_pg)
    t0 = time.perf_counter()
    if is_pg:
        with connection.cursor() as cur:
            cur.execute("VACUUM ANALYZE")
        build.steps.append(("VACUUM ANALYZE", time.perf_counter() - t0))
    elif args.analyze:
        with connection.cursor() as cur:
            cur.execute("ANALYZE")
        build.steps.append(("ANALYZE", time.perf_counter() - t0))
    log(f"data built in {build.seconds:.1f} s (+ migrations {migrate_seconds:.1f} s)")
    build.counts.update(count_data(build))
    if args.build_only:
        print_report(args, version, migrate_seconds, build, None, [], None, None)
        return 0

    log("collectstatic (the production manifest storage needs it)")
    benchhttp.collectstatic(dict(os.environ))

    load_before = os.getloadavg()
    jobs = time_jobs(args, build)  # first: the summary pages need the stored summary
    pages = page_list(args, build)
    count_queries(pages, build)
    with benchhttp.Gunicorn(
        dict(os.environ), workers=args.workers, timeout=args.timeout, log_file=tmp / "gunicorn.log"
    ) as server:
        log(f"gunicorn: {args.workers} workers on {server.base_url}")
        floor = time_pages_http(args, build, pages, server)
        if not args.skip_full_export:
            jobs.extend(time_full_export(args, build, server))
        server_notes = {
            "worker peak RSS MB": round(server.worker_peak_rss_mb()),
            "worker timeouts": server.worker_timeouts(),
        }
        load = None
        if args.load:
            import load_test

            load = load_test.run(
                base_url=server.base_url,
                accounts=load_test.bench_accounts(args.units),
                users=args.load_users,
                duration=args.load_duration,
                log=log,
            )
            server_notes["worker peak RSS MB"] = round(server.worker_peak_rss_mb())
            server_notes["worker timeouts"] = server.worker_timeouts()
    machine = (load_before, os.getloadavg(), server_notes)
    print_report(args, version, migrate_seconds, build, (floor, pages), jobs, machine, load)
    return 0 if all(p.ok for p in pages) else 1


# ---- the data set ------------------------------------------------------------------------------


class Build:
    def __init__(self):
        self.steps: list[tuple[str, float]] = []
        self.counts: dict[str, int] = {}
        self.today: date | None = None
        self.office_user = None
        self.chairman_user = None
        self.vice_user = None
        self.home_affairs_user = None
        self.nobody_user = None
        self.units: list = []
        self.heads: dict[int, object] = {}

    @property
    def seconds(self) -> float:
        return sum(s for _, s in self.steps)


@contextmanager
def step(build: Build, name: str):
    log(f"{name}…")
    t0 = time.perf_counter()
    yield
    took = time.perf_counter() - t0
    build.steps.append((name, took))
    log(f"{name}: {took:.1f} s")


SUBJECTS = [
    "Rà soát, cập nhật kế hoạch cải cách hành chính",
    "Báo cáo kết quả thu ngân sách nhà nước",
    "Triển khai công tác phòng, chống thiên tai và tìm kiếm cứu nạn",
    "Kiểm tra công tác quản lý đất đai, tài nguyên khoáng sản",
    "Đẩy mạnh giải ngân vốn đầu tư công",
    "Tổ chức tiếp công dân, giải quyết khiếu nại, tố cáo",
    "Thực hiện chương trình mục tiêu quốc gia xây dựng nông thôn mới",
    "Tăng cường công tác phòng cháy, chữa cháy",
    "Chuyển đổi số trong hoạt động của cơ quan hành chính",
    "Bảo đảm an toàn thực phẩm dịp Tết Nguyên đán",
]

_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def copy_text(value) -> str:
    """One value in PostgreSQL's COPY text format."""
    if value is None:
        return "\\N"
    kind = type(value)
    if kind is str:
        return value.translate(_COPY_ESCAPES)
    if kind is bool:
        return "t" if value else "f"
    if kind is int:
        return str(value)
    if kind is datetime or kind is date:
        return value.isoformat()
    if kind is list or kind is dict:
        return json.dumps(value, ensure_ascii=False).translate(_COPY_ESCAPES)
    return str(value).translate(_COPY_ESCAPES)


@contextmanager
def stored_timestamps(model):
    """Let bulk_create keep the timestamps we give (auto_now / auto_now_add would overwrite them)."""
    saved = []
    for field in model._meta.concrete_fields:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            saved.append((field, field.auto_now, field.auto_now_add))
            field.auto_now = field.auto_now_add = False
    try:
        yield
    finally:
        for field, auto_now, auto_now_add in saved:
            field.auto_now, field.auto_now_add = auto_now, auto_now_add


class RowWriter:
    """Rows of one model, given as tuples in `columns` order (attnames, the primary key included; a
    list or one string separated by spaces):
    COPY … FROM STDIN on PostgreSQL, bulk_create elsewhere, `chunk` rows at a time. Every other
    column of the model gets its default (or NULL), so a column added later with a default needs no
    change here; one that has neither stops the build with its name."""

    def __init__(self, model, columns: str | list[str], *, is_pg: bool, chunk: int = 50_000):
        from django.utils import timezone

        if isinstance(columns, str):
            columns = columns.split()

        fields = {f.attname: f for f in model._meta.concrete_fields}
        unknown = [c for c in columns if c not in fields]
        if unknown:
            raise SystemExit(f"{model.__name__} has no column {', '.join(unknown)}: update the benchmark's builder")
        rest = []
        for name, field in fields.items():
            if name in columns or field.primary_key:
                continue
            if field.has_default():
                value = field.get_default()
            elif getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                value = timezone.now()
            elif field.null:
                value = None
            elif field.empty_strings_allowed and field.blank:
                value = ""
            else:
                raise SystemExit(f"{model.__name__}.{name} is required and has no default: fill it in the benchmark")
            rest.append((name, value))
        self.model, self.is_pg, self.chunk = model, is_pg, chunk
        self.columns = [*columns, *(name for name, _ in rest)]
        self.rest = tuple(value for _, value in rest)
        self.suffix = "".join("\t" + copy_text(v) for v in self.rest)
        self.buffer: list = []
        self.written = 0

    def add(self, row: tuple) -> None:
        if self.is_pg:
            self.buffer.append("\t".join(map(copy_text, row)) + self.suffix)
        else:
            self.buffer.append(row)

    @property
    def full(self) -> bool:
        return len(self.buffer) >= self.chunk

    def flush(self) -> None:
        if not self.buffer:
            return
        from django.db import connection

        if self.is_pg:
            quote = connection.ops.quote_name
            sql = f"COPY {quote(self.model._meta.db_table)} ({', '.join(map(quote, self.columns))}) FROM STDIN"
            data = "\n".join(self.buffer) + "\n"
            with connection.cursor() as cursor:
                raw = cursor.cursor
                if hasattr(raw, "copy_expert"):  # psycopg2
                    raw.copy_expert(sql, io.StringIO(data))
                else:  # psycopg 3
                    with raw.copy(sql) as copy:
                        copy.write(data)
        else:
            objs = [self.model(**dict(zip(self.columns, row + self.rest, strict=True))) for row in self.buffer]
            with stored_timestamps(self.model):
                self.model.objects.bulk_create(objs, batch_size=2000)
        self.written += len(self.buffer)
        self.buffer = []


def reset_sequences(*models) -> None:
    """After rows written with explicit ids, the next id the database gives follows them."""
    from django.core.management.color import no_style
    from django.db import connection

    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), list(models)):
            cursor.execute(sql)


def build_data(args: argparse.Namespace, is_pg: bool) -> Build:
    from django.contrib.auth.hashers import make_password
    from django.db import connection, transaction
    from django.utils import timezone

    from library.workcalendar import LOCAL_TZ
    from submissions.models import SubmissionStatus
    from tasks.models import (
        Assignment,
        AssignmentRole,
        Directive,
        DirectiveItem,
        DirectiveKind,
        ExtensionRequest,
        ExtensionStatus,
        Task,
        TaskReport,
    )
    from units.models import (
        Authority,
        Leader,
        LeaderPosition,
        Membership,
        Position,
        SpecialRole,
        Unit,
        UnitKind,
        User,
        fill_search_text,
        today_local,
    )
    from units.selectors import work_calendar

    rng = random.Random(args.seed)
    build = Build()
    today = build.today = today_local()
    now = timezone.now()
    n_units, n_assign = args.units, args.assignments
    per_task = min(50, n_units)
    n_tasks = args.tasks or max(1, math.ceil(n_assign / per_task))
    if n_tasks * n_units < n_assign:
        raise SystemExit(
            f"{n_assign} assignments do not fit in {n_tasks} tasks × {n_units} units (one per task and unit)"
        )
    # One hash for everybody: hashing a password per user (PBKDF2, ~1M rounds) would take minutes.
    password = make_password(benchhttp.BENCH_PASSWORD)

    with transaction.atomic():
        with step(build, "organisation (authority, units, people, leaders)"):
            authority = Authority.objects.create(
                code="UBND-BENCH",
                name="UBND huyện Thử Nghiệm",
                full_name="Ủy ban nhân dân huyện Thử Nghiệm",
                parent_name="UBND tỉnh Thử Nghiệm",
                place="Thử Nghiệm",
            )
            office = Unit.objects.create(
                authority=authority,
                code="VP-HDND-UBND",
                name="Văn phòng HĐND và UBND huyện",
                kind=UnitKind.AGENCY,
                special_role=SpecialRole.OFFICE,
                sort_order=0,
            )
            units = []
            for i in range(n_units):
                r = rng.random()
                kind = UnitKind.COMMUNE if r < 0.65 else UnitKind.TOWN if r < 0.70 else UnitKind.AGENCY
                prefix = {UnitKind.COMMUNE: "Xã", UnitKind.TOWN: "Thị trấn", UnitKind.AGENCY: "Phòng"}[kind]
                units.append(
                    Unit(
                        authority=authority,
                        code=f"DV-{i:05d}",
                        name=f"{prefix} Thử Nghiệm {i:05d}",
                        kind=kind,
                        sort_order=i + 1,
                    )
                )
            home_affairs = Unit(
                authority=authority,
                code="TCNV",
                name="Phòng Nội vụ",
                kind=UnitKind.AGENCY,
                special_role=SpecialRole.HOME_AFFAIRS,
                sort_order=n_units + 1,
            )
            fill_search_text([*units, home_affairs])  # what save() does (FoldedSearch); bulk_create calls no save()
            Unit.objects.bulk_create([*units, home_affairs], batch_size=2000)
            units = list(Unit.objects.filter(code__startswith="DV-").order_by("sort_order"))
            home_affairs = Unit.objects.get(code="TCNV")
            build.units = units

            def person(username, full_name):
                return User(
                    username=username, full_name=full_name, email=f"{username}@bench.invalid", password=password
                )

            people = [person(f"head-{i:05d}", f"Nguyễn Văn Trưởng {i:05d}") for i in range(n_units)]
            people += [
                person("office-head", "Trần Thị Chánh Văn Phòng"),
                person("office-staff", "Lê Văn Chuyên Viên"),
                person("chairman", "Phạm Văn Chủ Tịch"),
                person("vice-chairman", "Hoàng Thị Phó Chủ Tịch"),
                person("home-affairs", "Đỗ Thị Nội Vụ"),
                person("nobody", "Vũ Văn Chưa Phân Công"),  # signs in, has no role: the floor's page
            ]
            User.objects.bulk_create(people, batch_size=2000)
            by_name = {u.username: u for u in User.objects.all()}
            start = date(2021, 1, 1)

            def member(username, unit, position, title):
                return Membership(user=by_name[username], unit=unit, position=position, title=title, start_date=start)

            memberships = [
                member(f"head-{i:05d}", unit, Position.HEAD, unit.head_title) for i, unit in enumerate(units)
            ]
            memberships += [
                member("office-head", office, Position.HEAD, "Chánh Văn phòng"),
                member("office-staff", office, Position.OFFICER, "Chuyên viên"),
                member("home-affairs", home_affairs, Position.OFFICER, "Chuyên viên Phòng Nội vụ"),
            ]
            Membership.objects.bulk_create(memberships, batch_size=2000)
            build.heads = {unit.pk: by_name[f"head-{i:05d}"] for i, unit in enumerate(units)}
            build.office_user = by_name["office-staff"]
            build.chairman_user = by_name["chairman"]
            build.vice_user = by_name["vice-chairman"]
            build.home_affairs_user = by_name["home-affairs"]
            build.nobody_user = by_name["nobody"]
            leaders = [
                Leader.objects.create(
                    authority=authority,
                    user=build.chairman_user,
                    position=LeaderPosition.CHAIRMAN,
                    portfolio="Chung",
                    start_date=start,
                ),
                Leader.objects.create(
                    authority=authority,
                    user=build.vice_user,
                    position=LeaderPosition.VICE_CHAIRMAN,
                    portfolio="Kinh tế",
                    start_date=start,
                ),
            ]

        with step(build, "directives and tasks"):
            directives = []
            for i in range(20):
                directives.append(
                    Directive(
                        authority=authority,
                        kind=DirectiveKind.DIRECTIVE if i % 2 else DirectiveKind.PLAN,
                        number=f"{i + 1:02d}/CT-UBND",
                        issued_on=today - timedelta(days=30 * i + 20),
                        place="Thử Nghiệm",
                        signer_name="Phạm Văn Chủ Tịch",
                        signer_position="Chủ tịch",
                        subject=f"Về việc tăng cường kỷ luật, kỷ cương hành chính (đợt {i + 1})",
                    )
                )
            fill_search_text(directives)  # what save() does (FoldedSearch); bulk_create calls no save()
            Directive.objects.bulk_create(directives)
            directives = list(Directive.objects.order_by("pk"))
            items = [
                DirectiveItem(
                    directive=d,
                    number=n,
                    text=f"Điểm {n}. Các cơ quan, đơn vị, UBND các xã, thị trấn thực hiện nghiêm nội dung số {n}.",
                )
                for d in directives
                for n in range(1, 9)
            ]
            DirectiveItem.objects.bulk_create(items)
            items = list(DirectiveItem.objects.select_related("directive").order_by("pk"))

            # Deadlines spread from a year ago to three months ahead; every assignment of a task shares
            # it. A task is given (created, assigned) two to eight weeks before its deadline, never later
            # than yesterday.
            span = 365 + 90
            tasks = []
            task_deadlines = []
            for i in range(n_tasks):
                r = rng.random()
                item = rng.choice(items) if r < 0.5 else None
                directive = item.directive if item else (rng.choice(directives) if r < 0.75 else None)
                deadline = today - timedelta(days=365) + timedelta(days=rng.randrange(span))
                created = datetime.combine(
                    deadline - timedelta(days=rng.randint(14, 60)),
                    dtime(rng.randint(7, 16), rng.randint(0, 59)),
                    tzinfo=LOCAL_TZ,
                )
                if created > now - timedelta(days=1):
                    created = now - timedelta(days=rng.randint(1, 30), hours=rng.randint(0, 8))
                tasks.append(
                    Task(
                        pk=i + 1,
                        authority=authority,
                        subject=f"{SUBJECTS[i % len(SUBJECTS)]} (nhiệm vụ {i + 1:05d})",
                        content=(
                            "Các cơ quan, đơn vị chủ động triển khai, báo cáo kết quả về UBND huyện "
                            "qua Văn phòng HĐND và UBND huyện."
                        ),
                        given_by=leaders[0] if rng.random() < 0.5 else leaders[1],
                        directive=directive,
                        directive_item=item,
                        source_reference="" if directive else f"Công văn số {100 + i}/UBND-VP",
                        created_by=build.office_user,
                        created_at=created,
                    )
                )
                task_deadlines.append(deadline)
            fill_search_text(tasks)  # what save() does (FoldedSearch); bulk_create calls no save()
            task_columns = [f.attname for f in Task._meta.concrete_fields]
            writer = RowWriter(Task, task_columns, is_pg=is_pg)
            for task in tasks:
                writer.add(tuple(getattr(task, name) for name in task_columns))
            writer.flush()

        label = f"{n_assign:,} assignments" + ("" if args.no_reports else ", report versions, extension requests")
        with step(build, label + (" (COPY)" if is_pg else " (bulk_create)")):
            # How many units per task: most tasks go to a few dozen units, some to (almost) all.
            weights = [rng.lognormvariate(0, 1.0) for _ in range(n_tasks)]
            total = sum(weights)
            sizes = [min(n_units, max(1, round(w / total * n_assign))) for w in weights]
            diff = n_assign - sum(sizes)
            while diff:
                i = rng.randrange(n_tasks)
                if diff > 0 and sizes[i] < n_units:
                    sizes[i] += 1
                    diff -= 1
                elif diff < 0 and sizes[i] > 1:
                    sizes[i] -= 1
                    diff += 1
            calendar = work_calendar()
            effective = {}
            office_id = build.office_user.pk
            unit_ids = [u.pk for u in units]
            head_of = {u.pk: (build.heads[u.pk].pk, str(u.head_title)) for u in units}

            assignments = RowWriter(
                Assignment,
                "id task_id unit_id role sequence original_deadline deadline effective_deadline assigned_by_id "
                "assigned_at reported_at reported_on returned_at completed_at",
                is_pg=is_pg,
            )
            reports = RowWriter(
                TaskReport,
                "id assignment_id version status text created_by_id updated_by_id updated_at signed_by_id "
                "signer_title submitted_at submitted_on decided_by_id decided_at return_reasons decision_note",
                is_pg=is_pg,
            )
            extensions = RowWriter(
                ExtensionRequest,
                "id assignment_id requested_by_id requested_at current_deadline requested_deadline reason status",
                is_pg=is_pg,
            )
            lead, coordinating = str(AssignmentRole.LEAD), str(AssignmentRole.COORDINATING)
            submitted, accepted = str(SubmissionStatus.SUBMITTED), str(SubmissionStatus.ACCEPTED)
            returned, draft = str(SubmissionStatus.RETURNED), str(SubmissionStatus.DRAFT)
            pending = str(ExtensionStatus.PENDING)
            reason = "Cần thêm thời gian tổng hợp số liệu từ các thôn."
            hour = timedelta(hours=1)
            ids = {"assignment": 0, "report": 0, "extension": 0}

            def local_day(moment: datetime) -> date:
                return moment.astimezone(LOCAL_TZ).date()

            def after(moment: datetime, floor: datetime) -> datetime:
                """`moment`, kept after `floor` (the assignment) and not in the future."""
                if moment <= floor:
                    moment = floor + timedelta(hours=rng.randint(1, 48))
                return min(moment, now - timedelta(minutes=rng.randint(1, 600)))

            def report(version, status, text, head, updated_at, title="", sent=None, decided_at=None, **more):
                """A version as the services leave it: a draft, or signed by the head and sent, then
                accepted or returned by the Office."""
                ids["report"] += 1
                decided_by = office_id if decided_at else None
                row = (ids["report"], ids["assignment"], version, status, text, head, head, updated_at)
                row += (head if sent else None, title, sent, local_day(sent) if sent else None, decided_by, decided_at)
                reports.add((*row, more.get("reasons", []), more.get("note", "")))

            for task, deadline, size in zip(tasks, task_deadlines, sizes, strict=True):
                chosen = rng.sample(unit_ids, size)
                with_lead = size > 1 and rng.random() < 0.3
                assigned_at = task.created_at
                for k, unit_id in enumerate(chosen):
                    ids["assignment"] += 1
                    extended = rng.random() < 0.08
                    own_deadline = deadline + timedelta(days=rng.randrange(7, 31)) if extended else deadline
                    eff = effective.get(own_deadline)
                    if eff is None:
                        eff = effective[own_deadline] = calendar.effective_date(own_deadline)
                    reported_at = reported_on = returned_at = completed_at = None
                    head, title = head_of[unit_id]
                    past = eff < today
                    if rng.random() < (0.7 if past else 0.2):
                        if past:
                            late = rng.random() < 0.3
                            day = (
                                min(today, eff + timedelta(days=rng.randint(1, 30)))
                                if late
                                else eff - timedelta(days=rng.randint(0, 20))
                            )
                        else:
                            day = today - timedelta(days=rng.randint(0, 20))
                        moment = datetime.combine(day, dtime(rng.randint(7, 17), rng.randint(0, 59)), tzinfo=LOCAL_TZ)
                        reported_at = after(moment, assigned_at)
                        reported_on = local_day(reported_at)
                        if rng.random() < 0.4:
                            completed_at = min(
                                now, reported_at + timedelta(days=rng.randint(0, 7), hours=rng.randint(0, 8))
                            )
                        if not args.no_reports:
                            text = "Đơn vị đã triển khai thực hiện; kết quả cụ thể như sau: …"
                            status = accepted if completed_at else submitted
                            report(1, status, text, head, completed_at or reported_at, title, reported_at, completed_at)
                    elif past and rng.random() < 0.05:
                        moment = datetime.combine(eff - timedelta(days=2), dtime(9), tzinfo=LOCAL_TZ)
                        if moment - timedelta(days=1) > assigned_at:  # sent the day before, after the assignment
                            returned_at = moment
                            if not args.no_reports:
                                sent = returned_at - timedelta(days=1)
                                more = {"reasons": ["low_quality"], "note": "Bổ sung số liệu."}
                                text = "Bản báo cáo lần 1."
                                report(1, returned, text, head, returned_at, title, sent, returned_at, **more)
                                updated = after(returned_at + timedelta(days=1), returned_at)
                                report(2, draft, "Bản hoàn thiện (dự thảo).", head, updated)
                    elif not past and not args.no_reports:
                        r = rng.random()
                        if r < 0.10:
                            updated = after(now - timedelta(days=rng.randint(0, 10)), assigned_at)
                            report(1, draft, "Dự thảo báo cáo.", head, updated)
                        elif r < 0.11:
                            ids["extension"] += 1
                            asked = after(now - timedelta(hours=rng.randint(1, 72)), assigned_at + hour)
                            extensions.add(
                                (ids["extension"], ids["assignment"], head, asked, own_deadline)
                                + (own_deadline + timedelta(days=14), reason, pending)
                            )
                    role = coordinating if with_lead and k else lead
                    row = (ids["assignment"], task.pk, unit_id, role, 1, deadline, own_deadline, eff, office_id)
                    assignments.add((*row, assigned_at, reported_at, reported_on, returned_at, completed_at))
                    if assignments.full:
                        for writer in (assignments, reports, extensions):  # parents first
                            writer.flush()
            for writer in (assignments, reports, extensions):
                writer.flush()
            reset_sequences(Task, Assignment, TaskReport, ExtensionRequest)
        log("commit (PostgreSQL checks the deferred foreign keys now)…")
        commit_started = time.perf_counter()
    build.steps.append(("commit", time.perf_counter() - commit_started))
    log(f"commit: {build.steps[-1][1]:.1f} s")
    if connection.vendor == "sqlite":
        size = Path(connection.settings_dict["NAME"]).stat().st_size
        build.counts["sqlite file MB"] = round(size / 1e6)
    return build


def count_data(build: Build) -> dict[str, int]:
    from django.db.models import Count

    from tasks.models import Assignment, ExtensionRequest, Status, Task, TaskReport
    from units.models import Unit, User

    counts = {
        "units": Unit.objects.count(),
        "users": User.objects.count(),
        "tasks": Task.objects.count(),
        "assignments": Assignment.objects.count(),
        "reports": TaskReport.objects.count(),
        "pending extensions": ExtensionRequest.objects.count(),
    }
    by_status = dict(
        Assignment.objects.with_status(build.today).values_list("status").annotate(n=Count("pk")).order_by()
    )
    counts.update({f"status {s}": by_status.get(s, 0) for s in Status.values})
    log("built: " + ", ".join(f"{k} {v:,}" for k, v in counts.items()))
    return counts


# ---- the pages ---------------------------------------------------------------------------------


class Page:
    """One page to time: who asks for it, its address; its HTTP timings paired with the floor's."""

    def __init__(self, name: str, role: str, path: str, note: str = "", answers: tuple[int, ...] = (200,)):
        # `answers`: the statuses that are right (an export past the threshold answers 302 to its page).
        self.name, self.role, self.path, self.note, self.answers = name, role, path, note, answers
        self.times: list[float] = []
        self.floor: list[float] = []  # the F request timed just before each of this page's
        self.queries: int | None = None
        self.size = 0
        self.error = ""

    @property
    def ok(self) -> bool:
        return not self.error

    def p(self, q: float) -> float:
        return percentile(self.times, q) * 1000


def page_list(args: argparse.Namespace, build: Build) -> list[Page]:
    """The pages, as each role reaches them; the first is the floor F."""
    from django.db.models import Count

    from library.workcalendar import Quarter, Week
    from submissions.models import SubmissionStatus
    from tasks.models import Assignment, TaskReport

    today = build.today
    pages = [
        Page("F = /no-role/ (signed in, no role: the floor)", "nobody", "/no-role/"),
        Page("Office: /no-role/ (the page frame with the Office's menu counts)", "office", "/no-role/"),
        Page("Office: /tasks/ (first page)", "office", "/tasks/"),
    ]
    overdue = Assignment.objects.overdue(today).count()
    pages.append(
        Page("Office: /tasks/?status=overdue", "office", "/tasks/?status=overdue", f"{overdue:,} overdue in all")
    )
    # An export filter of ~10k rows: a window of deadlines around the density of the data.
    days = max(1, round(455 * 10_000 / max(1, args.assignments)))
    due_from, due_to = today - timedelta(days=days + 30), today - timedelta(days=31)
    n_rows = Assignment.objects.filter(effective_deadline__gte=due_from, effective_deadline__lte=due_to).count()
    pages.append(
        Page(
            f"Office: /tasks/export.xlsx (due {due_from:%d/%m/%Y}–{due_to:%d/%m/%Y})",
            "office",
            f"/tasks/export.xlsx?due_from={due_from:%Y-%m-%d}&due_to={due_to:%Y-%m-%d}",
            f"{n_rows:,} rows"
            + (" (past the threshold: the request records the export, a job writes it)" if n_rows > 2000 else ""),
            answers=(200, 302),
        )
    )
    n_units = len(build.units) + 2
    pages.append(Page("Office: /tasks/by-unit/ (no range)", "office", "/tasks/by-unit/", f"{n_units:,} units"))
    quarter = Quarter.containing(today).previous()
    qs = f"due_from={quarter.first_day:%Y-%m-%d}&due_to={quarter.last_day:%Y-%m-%d}"
    in_quarter = Assignment.objects.filter(
        effective_deadline__gte=quarter.first_day, effective_deadline__lte=quarter.last_day
    ).count()
    pages.append(
        Page(
            f"Office: /tasks/by-unit/ ({quarter.label})",
            "office",
            f"/tasks/by-unit/?{qs}",
            f"{n_units:,} units, {in_quarter:,} assignments in range",
        )
    )
    pages.append(
        Page(
            f"Office: /tasks/by-unit/?format=xlsx ({quarter.label})",
            "office",
            f"/tasks/by-unit/?{qs}&format=xlsx",
            answers=(200, 302),
        )
    )
    busiest = Assignment.objects.values("unit_id").annotate(n=Count("pk")).order_by("-n", "unit_id").first()
    unit = next(u for u in build.units if u.pk == busiest["unit_id"])
    build.busiest_head = build.heads[unit.pk]
    open_count = Assignment.objects.filter(unit=unit, completed_at__isnull=True).count()
    pages.append(
        Page(
            f"Unit head: /units/{unit.code}/tasks/ (busiest unit)",
            "head",
            f"/units/{unit.code}/tasks/",
            f"{busiest['n']} assignments, {open_count} open",
        )
    )
    waiting = TaskReport.objects.filter(status=SubmissionStatus.SUBMITTED).values_list("assignment_id", flat=True)
    sample = waiting.first() or Assignment.objects.order_by("pk").values_list("pk", flat=True).first()
    pages.append(Page("Office: /assignments/<pk>/ (report pending)", "office", f"/assignments/{sample}/"))
    given = Assignment.objects.filter(task__given_by__user=build.chairman_user).count()
    pages.append(
        Page("Chairman: /tasks/given-by-me/", "chairman", "/tasks/given-by-me/", f"{given:,} assignments given")
    )
    # A task's progress page: the task given to the most units (issue 10).
    largest = Assignment.objects.values("task_id").annotate(n=Count("pk")).order_by("-n", "task_id").first()
    for suffix, label in (("", "all units"), ("?status=overdue", "overdue only")):
        pages.append(
            Page(
                f"Chairman: /tasks/<id>/{suffix} (largest task, {label})",
                "chairman",
                f"/tasks/{largest['task_id']}/{suffix}",
                f"{largest['n']:,} assignments of the task",
            )
        )
    chairman_leader = build.chairman_user.leaderships.first()
    pages.append(
        Page(
            "Office: /tasks/?leader=<Chairman> (grouped by task)",
            "office",
            f"/tasks/?leader={chairman_leader.pk}",
            f"{given:,} assignments given",
        )
    )
    # The header's search, typed without diacritics: a common phrase, a rare one, a unit's name.
    for query in ("cai cach hanh chinh", "nhiem vu 00042", "thu nghiem 00007"):
        path = f"/search/?q={query.replace(' ', '+')}"
        pages.append(Page(f"Chairman: /search/?q={query}", "chairman", path))
        pages.append(Page(f"Unit head: /search/?q={query}", "head", path))
    waiting_count = TaskReport.objects.filter(status=SubmissionStatus.SUBMITTED).count()
    pages.append(Page("Office: /queue/", "office", "/queue/", f"{waiting_count:,} reports waiting"))
    week = Week.containing(today)
    stored = getattr(build, "summaries", 0)
    pages.append(Page("Office: /summaries/", "office", "/summaries/", f"{stored} summaries stored"))
    pages.append(
        Page(
            f"Office: /summaries/{week.key}/",
            "office",
            f"/summaries/{week.key}/",
            f"{getattr(build, 'summary_overdue', 0):,} overdue rows",
        )
    )
    pages.append(Page("Home Affairs: /reports/dashboard/", "home_affairs", "/reports/dashboard/"))
    pages.append(Page("Office: /register/", "office", "/register/"))
    return pages


def role_users(build: Build) -> dict[str, object]:
    return {
        "nobody": build.nobody_user,
        "office": build.office_user,
        "chairman": build.chairman_user,
        "home_affairs": build.home_affairs_user,
        "head": build.busiest_head,
    }


def count_queries(pages: list[Page], build: Build) -> None:
    """Each page once in process (test Client, production settings, HTTPS as behind the proxy):
    the number of queries, which does not depend on the machine's load."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    clients = {}
    for role, user in role_users(build).items():
        clients[role] = Client(raise_request_exception=True)
        clients[role].force_login(user)
        clients[role].get("/no-role/", secure=True)  # warm-up: templates, URL resolvers, translations
    for page in pages:
        log(f"in process: GET {page.path} ({page.role})")
        with CaptureQueriesContext(connection) as ctx:
            t0 = time.perf_counter()
            response = clients[page.role].get(page.path, secure=True)
            body = b"".join(response.streaming_content) if response.streaming else response.content
            took = time.perf_counter() - t0
        page.queries = len(ctx)
        log(f"  {response.status_code}, {took * 1000:,.0f} ms, {len(ctx)} queries, {len(body) / 1024:,.0f} KiB")
        if response.status_code not in page.answers:
            page.error = f"HTTP {response.status_code} in process"


def time_pages_http(args: argparse.Namespace, build: Build, pages: list[Page], server) -> list[float]:
    """Rounds over the pages; in each, every page's request follows one request of F. Returns all
    the F timings."""
    sessions = {}
    for role, user in role_users(build).items():
        session = benchhttp.Session(server.base_url, timeout=args.timeout + 30)
        landing = session.login(user.username, benchhttp.BENCH_PASSWORD)
        log(f"signed in over HTTP as {user.username} ({role}), landing on {landing}")
        sessions[role] = session
    floor_page, rest = pages[0], pages[1:]
    floor_session = sessions[floor_page.role]
    for session in sessions.values():  # warm-up of each worker's caches, not counted
        for _ in range(args.workers):
            session.get("/no-role/")
    spent = {page.name: 0.0 for page in rest}
    for round_number in range(args.repeat):
        active = [
            p for p in rest if p.ok and not (len(p.times) >= min(3, args.repeat) and spent[p.name] >= args.page_budget)
        ]
        if not active:
            break
        log(f"HTTP round {round_number + 1}/{args.repeat}: {len(active)} pages")
        for page in active:
            status, _body, f_took, _headers = floor_session.get(floor_page.path)
            if status != 200:
                floor_page.error = f"HTTP {status}"
            try:
                status, body, took, headers = sessions[page.role].get(page.path)
            except OSError as error:
                page.error = f"{type(error).__name__} after {args.timeout + 30} s"
                log(f"  {page.path}: {page.error}")
                continue
            spent[page.name] += took
            if status not in page.answers:
                page.error = f"HTTP {status} {headers.get('Location', '')}".strip()
                log(f"  {page.path}: {page.error}")
                continue
            floor_page.times.append(f_took)
            page.floor.append(f_took)
            page.times.append(took)
            page.size = len(body)
    for page in rest:
        if page.times:
            log(f"{page.path}: p50 {page.p(50):,.0f} ms, p95 {page.p(95):,.0f} ms over {len(page.times)} runs")
    return floor_page.times


# ---- the jobs ----------------------------------------------------------------------------------


class Job:
    def __init__(self, name: str, seconds: float | None, floor: float | None, **extra):
        self.name, self.seconds, self.floor = name, seconds, floor
        self.startup: float | None = extra.get("startup")
        self.queries: int | None = extra.get("queries")
        self.rss_mb: float | None = extra.get("rss_mb")
        self.note: str = extra.get("note", "")
        # The targets: ≤ 5 × S (after start-up), peak RSS, wall time.
        self.limits: dict[str, float] = extra.get("limits", {"ratio": 5})

    @property
    def verdict(self) -> str:
        if not self.limits:
            return ""
        if self.seconds is None:
            return "missed (no result)"
        missed = []
        if "ratio" in self.limits and self.ratio is not None and self.ratio > self.limits["ratio"]:
            missed.append(f"{self.ratio / self.limits['ratio']:,.1f}× the {self.limits['ratio']:g} × S")
        if "rss_mb" in self.limits and self.rss_mb is not None and self.rss_mb > self.limits["rss_mb"]:
            missed.append(f"{self.rss_mb:,.0f} > {self.limits['rss_mb']:g} MB")
        if "seconds" in self.limits and self.seconds > self.limits["seconds"]:
            missed.append(f"{self.seconds:,.0f} > {self.limits['seconds']:g} s")
        return "missed: " + ", ".join(missed) if missed else "met"

    @property
    def ratio(self) -> float | None:
        if self.seconds is None or not self.floor:
            return None
        return (self.seconds - (self.startup or 0)) / self.floor


def sql_rows(sql: str, params: list) -> list[tuple]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def time_jobs(args: argparse.Namespace, build: Build) -> list[Job]:
    from django.core import mail
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from library.workcalendar import LOCAL_TZ, Week
    from tasks.models import Assignment, ReminderSent, Task, TaskReport
    from tasks.services import reminders_send
    from tasks.services.weekly import weekly_summary_run
    from units.selectors import work_calendar

    jobs: list[Job] = []
    today = build.today
    a_table, t_table = Assignment._meta.db_table, Task._meta.db_table
    r_table, s_table = TaskReport._meta.db_table, ReminderSent._meta.db_table

    # Reminders, as Celery beat runs them (hourly): the first run sends, the second is a no-op.
    # S: the raw SQL that selects the assignments due for a reminder and not yet reminded.
    calendar = work_calendar()
    day = today if calendar.is_working_day(today) else calendar.next_working_day(today)
    horizon = calendar.add_working_days(day, 3)
    due_sql = (
        "SELECT a.id, a.unit_id, a.effective_deadline, t.subject "
        f"FROM {a_table} a JOIN {t_table} t ON t.id = a.task_id "
        "WHERE a.completed_at IS NULL AND a.reported_at IS NULL AND a.effective_deadline > %s "
        "AND a.effective_deadline <= %s AND NOT EXISTS (SELECT 1 FROM "
        f"{s_table} s WHERE s.assignment_id = a.id AND s.deadline = a.effective_deadline)"
    )
    floor, due = timed_min(lambda: sql_rows(due_sql, [day, horizon]))
    log(f"S (reminders): {len(due):,} assignments due, {floor * 1000:,.1f} ms")
    for label in ("first run", "second run"):
        mail.outbox = []
        log(f"reminders_send(today={day}, days=[3, 1]) — {label}")
        with CaptureQueriesContext(connection) as ctx:
            t0 = time.perf_counter()
            sent = reminders_send(today=day, days=[3, 1])
            took = time.perf_counter() - t0
        log(f"  sent {sent} in {took * 1000:,.0f} ms, {len(ctx)} queries, {len(mail.outbox)} emails")
        jobs.append(
            Job(
                f"`reminders_send(days=[3, 1])` — {label}",
                took,
                floor,
                queries=len(ctx),
                note=f"{sent:,} reminders sent ({len(due):,} due), {len(mail.outbox):,} emails",
            )
        )

    # The Monday summary of this week, as of Monday 00:00. S: one count over the same condition
    # (tasks.services.weekly.unreported_as_of: given before Monday, not completed by then, no version sent
    # before Monday that had not been returned before Monday), overdue and due this week apart.
    week = Week.containing(today)
    moment = datetime.combine(week.monday, dtime(0), tzinfo=LOCAL_TZ)
    summary_sql = (
        "SELECT count(*) FILTER (WHERE a.effective_deadline < %s), count(*) FILTER (WHERE a.effective_deadline >= %s) "
        f"FROM {a_table} a WHERE a.effective_deadline <= %s AND a.assigned_at < %s "
        "AND (a.completed_at IS NULL OR a.completed_at >= %s) "
        f"AND NOT EXISTS (SELECT 1 FROM {r_table} r WHERE r.assignment_id = a.id AND r.submitted_at < %s "
        "AND NOT (r.status = 'returned' AND r.decided_at IS NOT NULL AND r.decided_at < %s))"
    )
    params = [week.monday, week.monday, week.sunday, moment, moment, moment, moment]
    floor, counted = timed_min(lambda: sql_rows(summary_sql, params))
    overdue_sql, upcoming_sql = counted[0]
    log(f"S (weekly summary): {overdue_sql:,} overdue, {upcoming_sql:,} due this week, {floor * 1000:,.1f} ms")
    result = None
    for label in ("first run (builds, stores, mails the leaders and the Office)", "rerun (already present)"):
        mail.outbox = []
        log(f"weekly_summary_run({week.key}) — {label}")
        with CaptureQueriesContext(connection) as ctx:
            t0 = time.perf_counter()
            outcome = weekly_summary_run(week=week, force=False)
            took = time.perf_counter() - t0
        result = result or outcome.result
        count = outcome.result.overdue_count if outcome.result else 0
        check = "" if not outcome.result or count == overdue_sql else f"; S counted {overdue_sql:,}!"
        log(f"  {outcome.outcome}, {count:,} overdue, {took:,.1f} s, {len(ctx)} queries")
        jobs.append(
            Job(
                f"`weekly_summary_run` {week.key} — {label}",
                took,
                floor,
                queries=len(ctx),
                note=f"{outcome.outcome}, {count:,} overdue{check}, {len(mail.outbox)} emails",
            )
        )
    build.summary_overdue = result.overdue_count if result else 0

    # The same job as an operator runs it by hand, in its own process: time and peak memory; and
    # Django's start-up alone (the same command's --help) to tell them apart.
    manage = [sys.executable, str(REPO / "manage.py")]
    env = dict(os.environ)
    startup = min((run_child([*manage, "run_job", "--help"], env) for _ in range(3)), key=lambda r: r[0])
    log(f"Django start-up (`manage.py run_job --help`): {startup[0]:.2f} s, {startup[1]:.0f} MB")
    jobs.append(
        Job(
            "Django start-up: `manage.py run_job --help`",
            startup[0],
            None,
            rss_mb=startup[1],
            note="min of 3",
            limits={},
        )
    )
    log(f"manage.py run_job weekly-summary --week {week.key} --force (subprocess)")
    took, rss, status, output = run_child([*manage, "run_job", "weekly-summary", "--week", week.key, "--force"], env)
    log(f"  {took:.1f} s, peak RSS {rss:,.0f} MB, exit {status}: {output.splitlines()[-1] if output else ''}")
    jobs.append(
        Job(
            f"`manage.py run_job weekly-summary --week {week.key} --force` (own process)",
            took,
            floor,
            startup=startup[0],
            rss_mb=rss,
            limits={"ratio": 5, "rss_mb": 300},
            note=(output.splitlines()[-1] if output else "") if status == 0 else f"exit {status}: {output[-300:]}",
        )
    )
    from tasks.models import WeeklySummary

    build.summaries = WeeklySummary.objects.count()

    # The Word file of that summary, as the first delivery attaches it.
    if result is not None:
        from tasks.documents import summary_docx

        took_all = []
        try:
            with alarm(args.docx_timeout):
                for _ in range(3):
                    t0 = time.perf_counter()
                    size = len(summary_docx(result))
                    took_all.append(time.perf_counter() - t0)
                    if took_all[-1] > 10:
                        break
            note = f"{result.overdue_count:,} overdue rows, {size / 1024:,.0f} KiB, best of {len(took_all)}"
            jobs.append(Job("Word file of that summary (`summary_docx`)", min(took_all), None, note=note, limits={}))
        except Timeout:
            note = f">{args.docx_timeout} s"
            jobs.append(Job("Word file of that summary (`summary_docx`)", None, None, note=note, limits={}))
        log(f"  summary_docx: {jobs[-1].note}")
    return jobs


def time_full_export(args: argparse.Namespace, build: Build, server) -> list[Job]:
    """The whole assignment list as .xlsx: the request over HTTP (past the threshold it records the
    export and answers with the page that follows it), then the job that writes the file, in its
    own process for its time and peak memory. S: the same rows and columns fetched by raw SQL
    through a server-side cursor."""
    from django.db import connection

    from tasks.models import Assignment, Directive, DirectiveItem, Task
    from units.models import Leader, Unit, User

    sql = (
        "SELECT t.subject, u.name, a.role, lu.full_name, t.source_reference, d.number, di.number, "
        "a.original_deadline, a.deadline, a.effective_deadline, a.reported_on, a.completed_at "
        f"FROM {Assignment._meta.db_table} a JOIN {Task._meta.db_table} t ON t.id = a.task_id "
        f"JOIN {Unit._meta.db_table} u ON u.id = a.unit_id JOIN {Leader._meta.db_table} l ON l.id = t.given_by_id "
        f"JOIN {User._meta.db_table} lu ON lu.id = l.user_id LEFT JOIN {Directive._meta.db_table} d "
        f"ON d.id = t.directive_id LEFT JOIN {DirectiveItem._meta.db_table} di ON di.id = t.directive_item_id "
        "ORDER BY a.effective_deadline, a.id"
    )

    def fetch_all() -> int:
        n = 0
        with connection.chunked_cursor() as cursor:
            cursor.execute(sql)
            while rows := cursor.fetchmany(2000):
                n += len(rows)
        return n

    with connection.cursor():  # chunked_cursor needs an open connection
        pass
    floor, n = timed_min(fetch_all, runs=1 if args.assignments > 200_000 else 3)
    log(f"S (full export): {n:,} rows in {floor:,.1f} s; GET /tasks/export.xlsx over HTTP")
    session = benchhttp.Session(server.base_url, timeout=args.timeout + 30)
    session.login(build.office_user.username, benchhttp.BENCH_PASSWORD)
    name = "Office: `GET /tasks/export.xlsx` (everything), over HTTP, once"
    jobs = []
    status, body, took, headers = session.get("/tasks/export.xlsx")
    location = headers.get("Location", "")
    log(f"  HTTP {status} in {took * 1000:.0f} ms → {location}")
    jobs.append(Job(name, took, floor, note=f"{n:,} rows; HTTP {status} → {location or len(body)}", limits={}))
    from units.models import Export

    export = Export.objects.filter(user=build.office_user).order_by("-pk").first()
    if status != 302 or export is None:
        return jobs
    # The job a worker would run, in its own process: wall time and peak memory (issue 12: ≤ 3 min, ≤ 500 MB).
    manage = [sys.executable, str(REPO / "manage.py")]
    took, rss, code, output = run_child([*manage, "run_job", "export", "--id", str(export.pk)], dict(os.environ))
    log(f"  export job: {took:.1f} s, peak RSS {rss:,.0f} MB, exit {code}: {output.splitlines()[-1] if output else ''}")
    export.refresh_from_db()
    size = export.file.size / 1e6 if export.file else 0
    jobs.append(
        Job(
            "its background job: `manage.py run_job export --id …` (own process)",
            took,
            floor,
            rss_mb=rss,
            limits={"seconds": 180, "rss_mb": 500},
            note=f"{export.status}, {export.rows_done:,} rows, {size:.1f} MB" if code == 0 else output[-300:],
        )
    )
    return jobs


# ---- report ------------------------------------------------------------------------------------


def print_report(args, version, migrate_seconds, build: Build, measured, jobs: list[Job], machine, load) -> None:
    out = []
    out.append(
        f"### Tasks benchmark — {version}, {args.units:,} units, {args.assignments:,} assignments, "
        f"{args.workers} gunicorn workers, up to {args.repeat} HTTP runs per page\n"
    )
    out.append(
        f"Data as of {build.today:%d/%m/%Y}: " + ", ".join(f"{k} {v:,}" for k, v in build.counts.items()) + ".\n"
    )
    out.append(
        f"Build: **{build.seconds + migrate_seconds:.1f} s** from an empty database (migrations "
        f"{migrate_seconds:.1f} s; " + "; ".join(f"{n} {s:.1f} s" for n, s in build.steps) + ").\n"
    )
    if measured:
        floor, pages = measured
        f50, f95 = percentile(floor, 50) * 1000, percentile(floor, 95) * 1000
        out.append("| Page (over HTTP) | p50 ms | p95 ms | × F | Queries | Runs | Size | Target | Notes |")
        out.append("|---|---:|---:|---:|---:|---:|---:|---|---|")
        out.append(
            f"| {pages[0].name} | {f50:,.1f} | {f95:,.1f} | 1.0 | {pages[0].queries} | {len(floor)} | | | "
            "timed before each page request |"
        )
        for page in pages[1:]:
            if page.times:
                ratio = page.p(50) / (percentile(page.floor, 50) * 1000)
                size = f"{page.size / 1024:,.0f} KiB" if page.size < 10 * 2**20 else f"{page.size / 2**20:,.0f} MiB"
                note = "; ".join(x for x in (page.note, page.error) if x)
                missed = [f"{ratio / 5:,.1f}× the 5 × F"] if ratio > 5 else []
                missed += [f"p95 {page.p(95) / 800:,.1f}× 800 ms"] if page.p(95) > 800 else []
                verdict = "missed: " + ", ".join(missed) if missed else "met"
                out.append(
                    f"| {page.name} | {page.p(50):,.0f} | {page.p(95):,.0f} | {ratio:,.1f} | {page.queries} | "
                    f"{len(page.times)} | {size} | {verdict} | {note} |"
                )
            else:
                out.append(f"| {page.name} | — | — | — | {page.queries} | 0 | | missed | {page.error or page.note} |")
        out.append(
            "\n× F: p50 of the page over p50 of the F requests timed just before it. p95 is interpolated "
            "between ranks (with 10 runs, between the 9th and 10th slowest). Target (issue 12): p50 ≤ 5 × F and "
            "p95 ≤ 800 ms.\n"
        )
    if jobs:
        out.append("| Job | Time s | S ms | × S | Queries | Peak RSS MB | Target | Notes |")
        out.append("|---|---:|---:|---:|---:|---:|---|---|")
        for job in jobs:
            seconds = "—" if job.seconds is None else f"{job.seconds:,.2f}"
            floor = "" if job.floor is None else f"{job.floor * 1000:,.1f}"
            ratio = "" if job.ratio is None else f"{job.ratio:,.0f}"
            if job.startup is not None and job.ratio is not None:
                ratio += " (after start-up)"
            queries = "" if job.queries is None else f"{job.queries:,}"
            rss = "" if job.rss_mb is None else f"{job.rss_mb:,.0f}"
            out.append(
                f"| {job.name} | {seconds} | {floor} | {ratio} | {queries} | {rss} | {job.verdict} | {job.note} |"
            )
        out.append(
            "\nS: the raw SQL behind the job, timed in the same run (best of 3). × S of a job run in its own "
            "process: (time − Django's start-up) / S. Targets (issue 12): every job ≤ 5 × S plus Django's start-up; "
            "the Monday job's peak RSS ≤ 300 MB; a 1,000,000-row export done within 180 s (in the background).\n"
        )
    if load:
        import load_test

        out.append(load_test.markdown(load))
    if machine:
        before, after, server = machine
        out.append(
            f"\nMachine: {os.cpu_count()} CPUs; load average {before[0]:.1f} before the measurements, "
            f"{after[0]:.1f} after (other processes share the machine: compare ratios, not single runs). "
            f"Gunicorn: worker peak RSS {server['worker peak RSS MB']:,} MB, "
            f"{server['worker timeouts']} worker timeouts ({args.timeout} s)."
        )
    print("\n".join(out))


if __name__ == "__main__":
    sys.exit(main())
