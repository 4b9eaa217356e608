"""Time the quarterly rollups and the dashboard over 1,000 units with 8 quarters of reports.

    .venv/bin/python scripts/benchmark_rollups.py [--units 1000] [--quarters 8] [--database-url postgres://…/chithi_bench]

Uses a throw-away SQLite file unless --database-url is given (that database is created and dropped).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=1000)
    parser.add_argument("--quarters", type=int, default=8)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="chithi-bench-"))
    url = args.database_url or f"sqlite:///{tmp / 'bench.sqlite3'}"
    os.environ.update(
        DATABASE_URL=url,
        CHITHI_VAR_DIR=str(tmp),
        SECRET_KEY="benchmark-only-" + "x" * 40,
        DJANGO_SETTINGS_MODULE="chithi.settings",
    )
    if url.startswith("postgres"):
        _pg("create", url)
    sys.path.insert(0, str(ROOT))
    try:
        return run(args)
    finally:
        if url.startswith("postgres"):
            from django.db import connections

            connections.close_all()
            _pg("drop", url)


def _pg(action: str, url: str) -> None:
    from urllib.parse import urlparse

    import psycopg2

    parts = urlparse(url)
    admin = psycopg2.connect(
        host=parts.hostname,
        port=parts.port or 5432,
        user=parts.username or "postgres",
        password=parts.password,
        dbname="postgres",
    )
    admin.autocommit = True
    name = parts.path.lstrip("/")
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        if action == "create":
            cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()


def run(args) -> int:
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    from library.workcalendar import Quarter
    from reports import demo as reports_demo
    from reports.models import QuarterlyReport
    from reports.services import periodic as rollups
    from submissions.models import SubmissionStatus
    from tasks.models import Directive
    from units.models import Authority, Membership, Position, SpecialRole, Unit, User, fill_search_text, today_local
    from units.selectors import work_calendar

    # Plain HTTP and plain static files, as in the tests (production settings are on: DATABASE_URL is set).
    settings.ALLOWED_HOSTS = ["*"]
    settings.SECURE_SSL_REDIRECT = False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    rng = random.Random(7)
    t0 = time.perf_counter()
    authority = Authority.objects.create(
        code="BENCH",
        name="UBND huyện Thử",
        full_name="Ủy ban nhân dân huyện Thử",
        parent_name="UBND tỉnh Thử",
        place="Thử",
    )
    Unit.objects.create(
        authority=authority, code="TCNV", name="Cơ quan Tổ chức - Nội vụ", special_role=SpecialRole.HOME_AFFAIRS
    )
    units = Unit.objects.bulk_create(
        fill_search_text(  # what save() does (FoldedSearch); bulk_create calls no save()
            [
                Unit(
                    authority=authority,
                    code=f"U{i:05d}",
                    name=f"Đơn vị {i}",
                    kind="commune" if i % 3 else "agency",
                    sort_order=i,
                )
                for i in range(args.units)
            ]
        )
    )
    reviewer = User.objects.create(username="reviewer", full_name="Người xem xét")
    Membership.objects.create(user=reviewer, unit=Unit.objects.get(code="TCNV"), position=Position.HEAD)
    directive = Directive.objects.create(
        authority=authority,
        number="01/CT-UBND",
        issued_on="2021-09-23",
        place="Thử",
        signer_name="A",
        signer_position="Chủ tịch",
        subject="Thử",
    )
    for n in range(1, 9):
        directive.items.create(number=n, text=f"Điểm {n}")
    template = reports_demo.load(directive)
    calendar = work_calendar()
    quarter = Quarter.containing(today_local())
    reports = []
    for _ in range(args.quarters):
        quarter = quarter.previous()
        deadline = calendar.quarter_dates(quarter).unit_deadline_effective
        for unit in units:
            if rng.random() < 0.1:
                continue
            day = deadline.fromordinal(deadline.toordinal() + rng.randint(-10, 3))
            moment = timezone.now()
            reports.append(
                QuarterlyReport(
                    unit=unit,
                    quarter=quarter.key,
                    template=template,
                    status=SubmissionStatus.ACCEPTED if rng.random() < 0.9 else SubmissionStatus.SUBMITTED,
                    created_by=reviewer,
                    updated_by=reviewer,
                    submitted_at=moment,
                    submitted_on=day,
                    values={
                        "hoi_nghi_quan_triet": rng.randint(0, 5),
                        "nguoi_duoc_quan_triet": rng.randint(0, 200),
                        "ty_le_van_ban_dien_tu": round(rng.uniform(50, 100), 1),
                        "quy_che_da_ra_soat": rng.choice(["yes", "no"]),
                        "cuoc_kiem_tra": rng.randint(0, 4),
                        "ca_nhan_bi_ky_luat": rng.randint(0, 2),
                    },
                )
            )
    QuarterlyReport.objects.bulk_create(reports, batch_size=2000)
    build = time.perf_counter() - t0
    latest = Quarter.containing(today_local()).previous()
    print(
        f"### Quarterly rollups — {connection.vendor}, {args.units:,} units, {args.quarters} quarters, "
        f"{len(reports):,} reports (built in {build:.1f} s)\n"
    )
    print("| What | ms | Queries |\n|---|---:|---:|")

    def timed(label, fn):
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            result = fn()
            took = (time.perf_counter() - start) * 1000
        print(f"| {label} | {took:,.0f} | {len(ctx)} |")
        return result

    timed(
        f"day-20 record `quarter_submissions_run({latest.key})`",
        lambda: rollups.quarter_submissions_run(quarter=latest),
    )
    timed(f"day-25 draft `quarter_rollup_run({latest.key})`", lambda: rollups.quarter_rollup_run(quarter=latest))
    timed("day-25 again (already present)", lambda: rollups.quarter_rollup_run(quarter=latest))
    timed("day-25 `--force` (new version)", lambda: rollups.quarter_rollup_run(quarter=latest, force=True))
    from reports.documents import rollup_docx, rollup_xlsx
    from reports.models import QuarterRollup

    rollup = QuarterRollup.objects.filter(quarter=latest.key).order_by("-version").first()
    timed("rollup Word file", lambda: rollup_docx(rollup))
    timed("rollup Excel file", lambda: rollup_xlsx(rollup))
    client = Client()
    client.force_login(reviewer)
    for label, url in (
        ("dashboard page", f"/reports/dashboard/?quarter={latest.key}"),
        ("dashboard, communes only", f"/reports/dashboard/?quarter={latest.key}&kind=local"),
        ("rollup page", f"/reports/rollups/{latest.key}/"),
        ("units' reports list", f"/reports/quarterly/?quarter={latest.key}"),
    ):
        response = timed(label, lambda url=url: client.get(url))
        assert response.status_code == 200, (url, response.status_code)
    return 0


if __name__ == "__main__":
    sys.exit(main())
