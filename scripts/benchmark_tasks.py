#!/usr/bin/env python
"""Build a large throw-away data set and time the main task pages (for the engineers' notes).

    .venv/bin/python scripts/benchmark_tasks.py [--units 1000] [--assignments 100000] [--repeat 5] [--keep]
    .venv/bin/python scripts/benchmark_tasks.py --database-url postgres://postgres@127.0.0.1:5432/chithi_bench

It never touches the developer's database: by default it migrates a new SQLite file in a temporary
folder (removed at the end unless --keep). With --database-url it uses that database instead; a
PostgreSQL database is created if missing (through the `postgres` maintenance database) and dropped
at the end unless --keep (only a database this run created is ever dropped). A database that already
holds tables is refused (--recreate drops and recreates a PostgreSQL one), so a mistyped URL cannot
damage real data.

Data is written with bulk_create (no simple-history rows, no notifications): an Authority, the
Office, N units with a head each, two leaders, directives, tasks, assignments with deadlines from a
year ago to three months ahead, ~60% reported (some late), ~40% of those completed, report versions
and a few pending extension requests. Pages are requested with Django's test Client (in process,
no HTTP server), so the times are the view + template + database, not the network.

Progress goes to stderr; the Markdown results go to stdout.
"""

from __future__ import annotations

import argparse
import math
import os
import random
import secrets
import shutil
import signal
import statistics
import sys
import tempfile
import time
import warnings
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from datetime import time as dtime
from pathlib import Path
from urllib.parse import unquote, urlsplit

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
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per page (default 5)")
    parser.add_argument("--database-url", default=None, help="use this database instead of a temporary SQLite file")
    parser.add_argument("--keep", action="store_true", help="keep the database (and temp folder) at the end")
    parser.add_argument(
        "--recreate", action="store_true", help="drop and recreate an existing PostgreSQL database first"
    )
    parser.add_argument("--no-reports", action="store_true", help="do not create TaskReport rows")
    parser.add_argument(
        "--analyze",
        action="store_true",
        help="also run ANALYZE on SQLite after the build (PostgreSQL always gets VACUUM ANALYZE)",
    )
    parser.add_argument(
        "--full-export-timeout",
        type=int,
        default=300,
        help="give up on the full .xlsx export after this many seconds (default 300)",
    )
    parser.add_argument("--seed", type=int, default=20260101)
    args = parser.parse_args()
    if args.units < 2 or args.assignments < 1 or args.repeat < 1:
        parser.error("--units must be >= 2, --assignments >= 1, --repeat >= 1")
    return args


# ---- environment and databases (before Django loads its settings) ------------------------------


def prepare_environment(args: argparse.Namespace, tmp: Path) -> str:
    """Point the settings at throw-away places; return the database URL in use."""
    url = args.database_url or f"sqlite:///{tmp / 'bench.sqlite3'}"
    forced = {
        "DATABASE_URL": url,
        "CHITHI_VAR_DIR": str(tmp),
        "PRIVATE_STORAGE_ROOT": str(tmp / "private"),
        "STATIC_ROOT": str(tmp / "static"),
        "CELERY_BROKER_URL": "filesystem://",
        "CELERY_RESULT_BACKEND": f"file://{tmp / 'results'}",
        "EMAIL_URL": "memorymail://",  # reminders send email: keep it in memory, not on the console
        "DEBUG": "False",
        "ALLOWED_HOSTS": "testserver,localhost,127.0.0.1",
        "SECURE_SSL_REDIRECT": "False",
        "SESSION_COOKIE_SECURE": "False",
        "CSRF_COOKIE_SECURE": "False",
        "SECURE_HSTS_SECONDS": "0",
    }
    os.environ.update(forced)
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))  # required once DATABASE_URL is set
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ["DJANGO_SETTINGS_MODULE"] = "chithi.settings"
    (tmp / "results").mkdir(parents=True, exist_ok=True)
    return url


def _pg_params(url: str) -> dict:
    parts = urlsplit(url)
    return {
        "dbname": unquote(parts.path.lstrip("/")),
        "user": unquote(parts.username) if parts.username else None,
        "password": unquote(parts.password) if parts.password else None,
        "host": parts.hostname,
        "port": parts.port,
    }


def _pg_admin(url: str):
    import psycopg2

    params = {k: v for k, v in _pg_params(url).items() if v is not None}
    params["dbname"] = "postgres"
    conn = psycopg2.connect(**params)
    conn.autocommit = True
    return conn


def pg_prepare(url: str, recreate: bool) -> bool:
    """Create the PostgreSQL database if missing; return True if this run created it."""
    from psycopg2 import sql

    name = _pg_params(url)["dbname"]
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

    name = _pg_params(url)["dbname"]
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


@contextmanager
def quiet(logger_name: str):
    """Silence a logger (the interrupted request would be logged as a server error)."""
    import logging

    logger = logging.getLogger(logger_name)
    previous = logger.disabled
    logger.disabled = True
    try:
        yield
    finally:
        logger.disabled = previous


def batched(items, size):
    for start in range(0, len(items), size):
        yield items[start : start + size]


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
        exit_code = run(args, url, is_pg)
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


def run(args: argparse.Namespace, url: str, is_pg: bool) -> int:
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import override_settings

    # DEBUG is off (as in production); the manifest static storage would need collectstatic.
    override_settings(
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
        ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"],
    ).enable()

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

    build = build_data(args)
    t0 = time.perf_counter()
    if is_pg:
        with connection.cursor() as cur:
            cur.execute("VACUUM ANALYZE")
        build.steps.append(("VACUUM ANALYZE", time.perf_counter() - t0))
    elif args.analyze:
        with connection.cursor() as cur:
            cur.execute("ANALYZE")
        build.steps.append(("ANALYZE", time.perf_counter() - t0))

    load_before = os.getloadavg()
    results, reminders = time_pages(args, build)
    load = (load_before, os.getloadavg())
    print_report(args, version, migrate_seconds, build, results, reminders, load)
    return 0 if all(r.ok for r in results) else 1


# ---- the data set ------------------------------------------------------------------------------


class Build:
    def __init__(self):
        self.steps: list[tuple[str, float]] = []
        self.counts: dict[str, int] = {}
        self.today: date | None = None
        self.office_user = None
        self.chairman_user = None
        self.vice_user = None
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


def build_data(args: argparse.Namespace) -> Build:
    from django.contrib.auth.hashers import make_password
    from django.db import connection, transaction
    from django.utils import timezone

    from submissions.models import SubmissionStatus
    from tasks.models import (
        Assignment,
        AssignmentRole,
        Directive,
        DirectiveItem,
        DirectiveKind,
        ExtensionRequest,
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
    from units.workcalendar import LOCAL_TZ

    rng = random.Random(args.seed)
    build = Build()
    today = build.today = today_local()
    now = timezone.now()
    batch = 2000
    n_units, n_assign = args.units, args.assignments
    per_task = min(50, n_units)
    n_tasks = args.tasks or max(1, math.ceil(n_assign / per_task))
    if n_tasks * n_units < n_assign:
        raise SystemExit(
            f"{n_assign} assignments do not fit in {n_tasks} tasks × {n_units} units (one per task and unit)"
        )
    # One hash for everybody: hashing a password per user (PBKDF2, ~1M rounds) would take minutes.
    password = make_password("Bench-Mật-khẩu-2026")

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
            fill_search_text(units)  # what save() does (FoldedSearch); bulk_create calls no save()
            Unit.objects.bulk_create(units, batch_size=batch)
            units = list(Unit.objects.exclude(pk=office.pk).order_by("sort_order"))
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
            ]
            User.objects.bulk_create(people, batch_size=batch)
            by_name = {u.username: u for u in User.objects.all()}
            start = date(2021, 1, 1)
            memberships = [
                Membership(
                    user=by_name[f"head-{i:05d}"],
                    unit=unit,
                    position=Position.HEAD,
                    title=unit.head_title,
                    start_date=start,
                )
                for i, unit in enumerate(units)
            ]
            memberships += [
                Membership(
                    user=by_name["office-head"],
                    unit=office,
                    position=Position.HEAD,
                    title="Chánh Văn phòng",
                    start_date=start,
                ),
                Membership(
                    user=by_name["office-staff"],
                    unit=office,
                    position=Position.OFFICER,
                    title="Chuyên viên",
                    start_date=start,
                ),
            ]
            Membership.objects.bulk_create(memberships, batch_size=batch)
            build.heads = {unit.pk: by_name[f"head-{i:05d}"] for i, unit in enumerate(units)}
            build.office_user = by_name["office-staff"]
            build.chairman_user = by_name["chairman"]
            build.vice_user = by_name["vice-chairman"]
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

            # Deadlines spread from a year ago to three months ahead; every assignment of a task shares it.
            span = 365 + 90
            tasks = []
            task_deadlines = []
            for i in range(n_tasks):
                r = rng.random()
                item = rng.choice(items) if r < 0.5 else None
                directive = item.directive if item else (rng.choice(directives) if r < 0.75 else None)
                tasks.append(
                    Task(
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
                    )
                )
                task_deadlines.append(today - timedelta(days=365) + timedelta(days=rng.randrange(span)))
            fill_search_text(tasks)  # what save() does (FoldedSearch); bulk_create calls no save()
            Task.objects.bulk_create(tasks, batch_size=batch)
            assert all(t.pk for t in tasks), "bulk_create did not return primary keys"

        with step(build, f"{n_assign:,} assignments"):
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
            assignments = []
            for task, deadline, size in zip(tasks, task_deadlines, sizes, strict=True):
                chosen = rng.sample(units, size)
                with_lead = size > 1 and rng.random() < 0.3
                for k, unit in enumerate(chosen):
                    extended = rng.random() < 0.08
                    own_deadline = deadline + timedelta(days=rng.randrange(7, 31)) if extended else deadline
                    if own_deadline not in effective:
                        effective[own_deadline] = calendar.effective_date(own_deadline)
                    eff = effective[own_deadline]
                    a = Assignment(
                        task=task,
                        unit=unit,
                        role=AssignmentRole.COORDINATING if with_lead and k else AssignmentRole.LEAD,
                        original_deadline=deadline,
                        deadline=own_deadline,
                        effective_deadline=eff,
                        assigned_by=build.office_user,
                    )
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
                        a.reported_at = datetime.combine(
                            day, dtime(rng.randint(7, 17), rng.randint(0, 59)), tzinfo=LOCAL_TZ
                        )
                        a.reported_on = day
                        if rng.random() < 0.4:
                            a.completed_at = min(
                                now, a.reported_at + timedelta(days=rng.randint(0, 7), hours=rng.randint(0, 8))
                            )
                    elif past and rng.random() < 0.05:
                        a.returned_at = datetime.combine(eff - timedelta(days=2), dtime(9), tzinfo=LOCAL_TZ)
                    assignments.append(a)
            for chunk in batched(assignments, 10_000):
                Assignment.objects.bulk_create(chunk, batch_size=batch)
            assert all(a.pk for a in assignments), "bulk_create did not return primary keys"

        if not args.no_reports:
            with step(build, "report versions and extension requests"):
                reports, extensions = [], []
                for a in assignments:
                    head = build.heads[a.unit_id]
                    if a.reported_at:
                        accepted = a.completed_at is not None
                        reports.append(
                            TaskReport(
                                assignment=a,
                                version=1,
                                text="Đơn vị đã triển khai thực hiện; kết quả cụ thể như sau: …",
                                status=SubmissionStatus.ACCEPTED if accepted else SubmissionStatus.SUBMITTED,
                                created_by=head,
                                updated_by=head,
                                signed_by=head,
                                signer_title=a.unit.head_title,
                                submitted_at=a.reported_at,
                                decided_by=build.office_user if accepted else None,
                                decided_at=a.completed_at,
                            )
                        )
                    elif a.returned_at:
                        reports.append(
                            TaskReport(
                                assignment=a,
                                version=1,
                                text="Bản báo cáo lần 1.",
                                status=SubmissionStatus.RETURNED,
                                created_by=head,
                                updated_by=head,
                                signed_by=head,
                                signer_title=a.unit.head_title,
                                submitted_at=a.returned_at - timedelta(days=1),
                                decided_by=build.office_user,
                                decided_at=a.returned_at,
                                return_reasons=["low_quality"],
                                decision_note="Bổ sung số liệu.",
                            )
                        )
                        reports.append(
                            TaskReport(
                                assignment=a,
                                version=2,
                                text="Bản hoàn thiện (dự thảo).",
                                created_by=head,
                                updated_by=head,
                            )
                        )
                    elif a.effective_deadline >= today:
                        r = rng.random()
                        if r < 0.10:
                            reports.append(
                                TaskReport(
                                    assignment=a, version=1, text="Dự thảo báo cáo.", created_by=head, updated_by=head
                                )
                            )
                        elif r < 0.11:
                            extensions.append(
                                ExtensionRequest(
                                    assignment=a,
                                    requested_by=head,
                                    current_deadline=a.deadline,
                                    requested_deadline=a.deadline + timedelta(days=14),
                                    reason="Cần thêm thời gian tổng hợp số liệu từ các thôn.",
                                )
                            )
                for chunk in batched(reports, 10_000):
                    TaskReport.objects.bulk_create(chunk, batch_size=batch)
                ExtensionRequest.objects.bulk_create(extensions, batch_size=batch)

    build.counts = {
        "units": Unit.objects.count(),
        "users": User.objects.count(),
        "tasks": Task.objects.count(),
        "assignments": Assignment.objects.count(),
        "reports": TaskReport.objects.count(),
        "pending extensions": ExtensionRequest.objects.count(),
    }
    from django.db.models import Count

    from tasks.models import Status

    by_status = dict(Assignment.objects.with_status(today).values_list("status").annotate(n=Count("pk")).order_by())
    build.counts.update({f"status {s}": by_status.get(s, 0) for s in Status.values})
    log("built: " + ", ".join(f"{k} {v:,}" for k, v in build.counts.items()))
    if connection.vendor == "sqlite":
        size = Path(connection.settings_dict["NAME"]).stat().st_size
        build.counts["sqlite file MB"] = round(size / 1e6)
    return build


# ---- timing the pages --------------------------------------------------------------------------


class Result:
    def __init__(self, name: str, times: list[float], queries: int, ok: bool, note: str = ""):
        self.name, self.times, self.queries, self.ok, self.note = name, times, queries, ok, note

    @property
    def median_ms(self) -> float:
        return statistics.median(self.times) * 1000 if self.times else float("nan")

    @property
    def max_ms(self) -> float:
        return max(self.times) * 1000 if self.times else float("nan")


def time_pages(args: argparse.Namespace, build: Build):
    from django.core import mail
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from submissions.models import SubmissionStatus
    from tasks.models import Assignment, TaskReport
    from tasks.services import reminders_send
    from units.selectors import work_calendar
    from units.workcalendar import Quarter

    today = build.today
    clients = {}

    def client_for(user):
        if user.pk not in clients:
            c = Client(raise_request_exception=True)
            c.force_login(user)
            clients[user.pk] = c
        return clients[user.pk]

    results: list[Result] = []

    def measure(name, user, url, repeat=args.repeat, note_fn=None, timeout=None):
        client = client_for(user)
        times, queries, ok, note = [], 0, True, ""
        log(f"GET {url} ×{repeat} ({name})")
        for _ in range(repeat):
            try:
                with CaptureQueriesContext(connection) as ctx:
                    t0 = time.perf_counter()
                    if timeout:
                        with alarm(timeout), quiet("django.request"):
                            response = client.get(url)
                            body = b"".join(response.streaming_content) if response.streaming else response.content
                    else:
                        response = client.get(url)
                        body = b"".join(response.streaming_content) if response.streaming else response.content
                    took = time.perf_counter() - t0
            except Timeout:
                timed_out = True
            else:
                timed_out = False
            if timed_out:
                # Free the abandoned request (its open cursor and workbook generator) now, quietly,
                # rather than at exit after the database is closed.
                client.exc_info = None
                hook, sys.unraisablehook = sys.unraisablehook, lambda unraisable: None
                try:
                    import gc

                    gc.collect()
                finally:
                    sys.unraisablehook = hook
                log(f"  gave up after {timeout} s")
                result = Result(name, [], 0, True, f"not finished in {timeout} s")
                results.append(result)
                return result
            times.append(took)
            queries = len(ctx)
            if response.status_code != 200:
                ok = False
                note = f"HTTP {response.status_code}"
                log(f"  HTTP {response.status_code} {response.get('Location', '')}")
                break
            log(f"  {took * 1000:,.0f} ms, {queries} queries, {len(body) / 1024:,.0f} KiB")
        if ok and note_fn:
            note = note_fn(body)
        elif ok:
            note = f"{len(body) / 1024:,.0f} KiB"
        result = Result(name, times, queries, ok, note)
        results.append(result)
        return result

    office = build.office_user

    # Warm-up: load templates, URL resolvers, translations (not counted).
    client_for(office).get("/tasks/?page=1")

    # The floor: a trivial signed-in page (session, user, roles, the page frame), timed in the same run.
    measure("Floor: /no-role/ (a trivial signed-in page)", office, "/no-role/")
    measure("Office: /tasks/ (first page)", office, "/tasks/")
    overdue = Assignment.objects.overdue(today).count()
    measure(
        "Office: /tasks/?status=overdue",
        office,
        "/tasks/?status=overdue",
        note_fn=lambda b: f"{overdue:,} overdue in all",
    )

    # An export filter of ~10k rows: a window of deadlines around the density of the data.
    days = max(1, round(455 * 10_000 / max(1, args.assignments)))
    due_from, due_to = today - timedelta(days=days + 30), today - timedelta(days=31)
    n_rows = Assignment.objects.filter(effective_deadline__gte=due_from, effective_deadline__lte=due_to).count()
    measure(
        f"Office: /tasks/export.xlsx (due {due_from:%d/%m/%Y}–{due_to:%d/%m/%Y})",
        office,
        f"/tasks/export.xlsx?due_from={due_from:%Y-%m-%d}&due_to={due_to:%Y-%m-%d}",
        note_fn=lambda b: f"{n_rows:,} rows, {len(b) / 1e6:.1f} MB",
    )
    n_all = Assignment.objects.count()
    measure(
        "Office: /tasks/export.xlsx (everything)",
        office,
        "/tasks/export.xlsx",
        repeat=1,
        timeout=args.full_export_timeout,
        note_fn=lambda b: f"{n_all:,} rows, {len(b) / 1e6:.1f} MB, run once",
    )

    quarter = Quarter.containing(today).previous()
    qs = f"due_from={quarter.first_day:%Y-%m-%d}&due_to={quarter.last_day:%Y-%m-%d}"
    in_quarter = Assignment.objects.filter(
        effective_deadline__gte=quarter.first_day, effective_deadline__lte=quarter.last_day
    ).count()
    measure(
        f"Office: /tasks/by-unit/ ({quarter.label})",
        office,
        f"/tasks/by-unit/?{qs}",
        note_fn=lambda b: f"{len(build.units) + 1:,} units, {in_quarter:,} assignments in range",
    )
    measure(
        f"Office: /tasks/by-unit/?format=xlsx ({quarter.label})",
        office,
        f"/tasks/by-unit/?{qs}&format=xlsx",
        note_fn=lambda b: f"{len(build.units) + 1:,} rows",
    )

    busiest = Assignment.objects.values("unit_id").annotate(n=Count("pk")).order_by("-n", "unit_id").first()
    unit = next(u for u in build.units if u.pk == busiest["unit_id"])
    open_count = Assignment.objects.filter(unit=unit, completed_at__isnull=True).count()
    measure(
        f"Unit head: /units/{unit.code}/tasks/ (busiest unit)",
        build.heads[unit.pk],
        f"/units/{unit.code}/tasks/",
        note_fn=lambda b: f"{busiest['n']} assignments, {open_count} open listed",
    )

    pending = (
        TaskReport.objects.filter(status=SubmissionStatus.SUBMITTED).values_list("assignment_id", flat=True).first()
    )
    sample = pending or Assignment.objects.order_by("pk").values_list("pk", flat=True).first()
    measure("Office: /assignments/<pk>/ (report pending)", office, f"/assignments/{sample}/")

    leader = build.chairman_user
    given = Assignment.objects.filter(task__given_by__user=leader).count()
    measure(
        "Chairman: /tasks/given-by-me/", leader, "/tasks/given-by-me/", note_fn=lambda b: f"{given:,} assignments given"
    )

    # A task's progress page: the task given to the most units (issue 10).
    largest = Assignment.objects.values("task_id").annotate(n=Count("pk")).order_by("-n", "task_id").first()
    for suffix, label in (("", "all units"), ("?status=overdue", "overdue only")):
        measure(
            f"Chairman: /tasks/<id>/{suffix} (largest task, {label})",
            leader,
            f"/tasks/{largest['task_id']}/{suffix}",
            note_fn=lambda b, n=largest["n"]: f"{n:,} assignments of the task",
        )
    chairman_leader = build.chairman_user.leaderships.first()
    measure(
        "Office: /tasks/?leader=<Chairman> (grouped by task)",
        office,
        f"/tasks/?leader={chairman_leader.pk}",
        note_fn=lambda b: f"{given:,} assignments given",
    )
    # The header's search, typed without diacritics: a common phrase, a rare one, a unit's name.
    for query in ("cai cach hanh chinh", "nhiem vu 00042", "thu nghiem 00007"):
        measure(f"Chairman: /search/?q={query}", leader, f"/search/?q={query.replace(' ', '+')}")
        measure(f"Unit head: /search/?q={query}", build.heads[unit.pk], f"/search/?q={query.replace(' ', '+')}")
    waiting = TaskReport.objects.filter(status=SubmissionStatus.SUBMITTED).count()
    measure("Office: /queue/", office, "/queue/", note_fn=lambda b: f"{waiting:,} reports waiting")

    # The reminder job, as Celery beat runs it (hourly): the first run sends, the second is a no-op.
    calendar = work_calendar()
    day = today if calendar.is_working_day(today) else calendar.next_working_day(today)
    reminders = []
    for label in ("first run", "second run"):
        mail.outbox = []
        log(f"reminders_send(today={day}, days=[3, 1]) — {label}")
        with CaptureQueriesContext(connection) as ctx:
            t0 = time.perf_counter()
            sent = reminders_send(today=day, days=[3, 1])
            took = time.perf_counter() - t0
        log(f"  sent {sent} in {took * 1000:,.0f} ms, {len(ctx)} queries, {len(mail.outbox)} emails")
        reminders.append(
            (
                f"`reminders_send(days=[3, 1])` — {label}",
                took,
                len(ctx),
                f"{sent} reminders sent, {len(mail.outbox)} emails",
            )
        )

    # The Monday summary for this week (as of Monday 00:00): every assignment counts as given a year ago.
    from django.utils import timezone

    from tasks.documents import summary_docx
    from tasks.models import Assignment
    from tasks.weekly import weekly_summary_run
    from units.workcalendar import Week

    Assignment.objects.update(assigned_at=timezone.now() - timedelta(days=400))
    week = Week.containing(today)
    for label, force in (
        ("first run (builds, stores, mails 3 leaders + Office)", False),
        ("rerun (already present)", False),
        ("--force (rebuilds, keeps the old one)", True),
    ):
        mail.outbox = []
        log(f"weekly_summary_run({week.key}) — {label}")
        with CaptureQueriesContext(connection) as ctx:
            t0 = time.perf_counter()
            outcome = weekly_summary_run(week=week, force=force)
            took = time.perf_counter() - t0
        count = outcome.result.overdue_count if outcome.result else 0
        reminders.append(
            (
                f"`weekly_summary_run` {week.key} — {label}",
                took,
                len(ctx),
                f"{outcome.outcome}, {count:,} overdue, {len(mail.outbox)} emails",
            )
        )
    if outcome.result:
        # Its Word file (issue 11: ≤ 10 s at 24,000 rows, ≤ 1 s at 500), and the same at 500 rows.
        import copy

        small = copy.copy(outcome.result)
        small.overdue = outcome.result.overdue[:500]
        for label, summary in (("Word file of that summary", outcome.result), ("Word file, first 500 rows", small)):
            took = []
            for _ in range(3):
                t0 = time.perf_counter()
                size = len(summary_docx(summary))
                took.append(time.perf_counter() - t0)
            rows = f"{len(summary.overdue):,} rows, {size / 1024:,.0f} KiB, min of 3"
            reminders.append((label, min(took), 0, rows))
    return results, reminders


# ---- report ------------------------------------------------------------------------------------


def print_report(args, version, migrate_seconds, build: Build, results: list[Result], reminders, load) -> None:
    out = []
    out.append(
        f"### Task pages — {version}, {args.units:,} units, {args.assignments:,} assignments, {args.repeat} runs per "
        "page\n"
    )
    out.append(
        f"Data as of {build.today:%d/%m/%Y}: " + ", ".join(f"{k} {v:,}" for k, v in build.counts.items()) + ".\n"
    )
    out.append(
        f"Build: **{build.seconds:.1f} s** ("
        + "; ".join(f"{n} {s:.1f} s" for n, s in build.steps)
        + f"); migrations {migrate_seconds:.1f} s.\n"
    )
    floor = next((r.median_ms for r in results if r.name.startswith("Floor") and r.times), float("nan"))
    out.append("| Page | Median ms | × floor | Max ms | Queries | Notes |")
    out.append("|---|---:|---:|---:|---:|---|")
    for r in results:
        if r.times:
            ratio = r.median_ms / floor if floor else float("nan")
            out.append(f"| {r.name} | {r.median_ms:,.0f} | {ratio:,.1f} | {r.max_ms:,.0f} | {r.queries} | {r.note} |")
        else:
            out.append(f"| {r.name} | — | — | — | — | {r.note} |")
    for label, took, queries, note in reminders:
        out.append(f"| {label} | {took * 1000:,.0f} | | {took * 1000:,.0f} | {queries} | {note} |")
    before, after = load
    out.append(
        f"\nMachine: {os.cpu_count()} CPUs; load average {before[0]:.1f} before timing, {after[0]:.1f} after "
        "(other processes share the machine: compare medians, not single runs)."
    )
    print("\n".join(out))


if __name__ == "__main__":
    sys.exit(main())
