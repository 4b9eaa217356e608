"""A real Celery worker, in its own process, round-trips a job through the configured broker."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from conftest import require
from units.jobs import ping_job
from units.models import Unit
from units.tests.support import database_url

ROOT = Path(__file__).resolve().parents[2]


def redis_up(url: str) -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(url, socket_connect_timeout=2).ping())
    except Exception:
        return False


@pytest.fixture
def worker_queue(transactional_db):
    """Start `celery worker` on a queue of its own, pointed at the test database; stop it after."""
    broker = settings.CELERY_BROKER_URL
    require(broker.startswith("redis://"), "CELERY_BROKER_URL must point at Redis for the worker round trip")
    require(redis_up(broker), f"Redis is not answering at {broker}")
    require(connection.vendor == "postgresql", "the worker needs a database it can share with the test (PostgreSQL)")
    queue = f"test-{uuid.uuid4().hex[:12]}"
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(
        DATABASE_URL=database_url(),
        CELERY_BROKER_URL=broker,
        CELERY_RESULT_BACKEND=settings.CELERY_RESULT_BACKEND,
        # The files the worker writes go where this test reads them (conftest's throw-away folder).
        PRIVATE_STORAGE_ROOT=str(settings.PRIVATE_STORAGE_ROOT),
    )
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "chithi",
            "worker",
            "-Q",
            queue,
            "--pool",
            "solo",
            "--loglevel",
            "WARNING",
            "--without-mingle",
            "--without-gossip",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        yield queue
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.mark.integration
def test_worker_runs_a_job_against_the_same_database(worker_queue, org):
    token = uuid.uuid4().hex
    result = ping_job.apply_async(args=[token], queue=worker_queue)
    assert result.get(timeout=90) == {"token": token, "units": Unit.objects.count()}
    assert Unit.objects.count() == 4


@pytest.mark.integration
def test_worker_runs_the_beat_triggered_weekly_summary_job(worker_queue, org):
    """The job beat triggers, run by a real worker: a missed week appears, dated for its own week."""
    from library.workcalendar import Week
    from tasks.jobs import reconcile_weekly_summaries_job
    from tasks.models import WeeklySummary
    from units.models import JobRun, today_local

    current = Week.containing(today_local())
    two_back = current.previous().previous()
    # The last run before the worker was down.
    JobRun.objects.create(authority=org.office.authority, kind="weekly", period=two_back.key)
    lines = reconcile_weekly_summaries_job.apply_async(queue=worker_queue).get(timeout=120)
    previous = current.previous()
    assert any(line.startswith(previous.key) for line in lines), lines
    if not line_says_no_working_day(lines, previous.key):
        assert WeeklySummary.objects.get(week=previous.key).as_of == previous.monday


@pytest.mark.integration
def test_a_job_runs_in_the_authority_it_was_started_in(worker_queue, org):
    """The scope travels with the job (units.acting): the same job started in another authority
    counts that authority's units only, in a worker process that has no scope of its own."""
    from units.acting import acting_in
    from units.tests.factories import AuthorityFactory, UnitFactory

    other = AuthorityFactory(code="UBND-KHAC", name="UBND khác")
    UnitFactory.create_batch(3, authority=other)
    with acting_in(other):
        assert ping_job.apply_async(args=["khac"], queue=worker_queue).get(timeout=90)["units"] == 3
    assert ping_job.apply_async(args=["org"], queue=worker_queue).get(timeout=90)["units"] == 4


@pytest.mark.integration
@pytest.mark.unscoped
def test_a_job_started_with_no_scope_reads_nothing(worker_queue, org):
    """Started from a shell with no scope, the job's query fails closed in the worker."""
    with pytest.raises(Exception, match="no authority scope is active"):
        ping_job.apply_async(args=["none"], queue=worker_queue).get(timeout=90)


def line_says_no_working_day(lines, key) -> bool:
    """A Tết week has no summary at all (docs/architecture.md §3); the run is recorded all the same."""
    return any(line.startswith(key) and line.endswith("no-working-day") for line in lines)


def test_every_scheduled_job_is_a_registered_job():
    from chithi.celery import app

    app.loader.import_default_modules()
    assert settings.CELERY_BEAT_SCHEDULE
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        assert entry["task"] in app.tasks and entry["task"].endswith("_job")


@pytest.mark.integration
def test_worker_runs_both_quarterly_rollup_jobs(worker_queue, org):
    """The reconciler, run by a real worker: the previous quarter's day-20 and day-25 rollups appear."""
    from library.workcalendar import Quarter
    from reports.jobs import reconcile_quarter_rollups_job
    from reports.models import QuarterRollup, SubmissionRollup
    from units.models import JobRun, today_local

    previous = Quarter.containing(today_local()).previous()
    # Rollups have run here before.
    JobRun.objects.create(authority=org.office.authority, kind="q20", period=previous.previous().key)
    lines = reconcile_quarter_rollups_job.apply_async(queue=worker_queue).get(timeout=120)
    assert any(line.startswith(previous.key) for line in lines), lines
    assert SubmissionRollup.objects.filter(quarter=previous.key).exists()
    assert QuarterRollup.objects.filter(quarter=previous.key).exists()


@pytest.mark.integration
def test_worker_writes_a_large_export(worker_queue, org, client, settings):
    """A list past the threshold, asked for over HTTP: a real worker writes the file (the job the
    request queued after its commit), the page follows it, the requester downloads what the page
    would have given at once; another person gets 404."""
    import io
    from datetime import timedelta

    import openpyxl
    from django.urls import reverse

    from tasks.tests.factories import assign
    from units.jobs import export_job
    from units.models import Export, ExportStatus, today_local

    # The real clock here: the worker, another process, judges the status on its own today.
    for n in range(5):
        assign(org, org.commune_a, deadline=today_local() + timedelta(days=20), subject=f"Việc số {n}")
    client.force_login(org.office_staff)
    immediate = client.get(reverse("tasks:assignment_export"))
    settings.CHITHI_EXPORT_THRESHOLD = 2
    response = client.get(reverse("tasks:assignment_export"))
    export = Export.objects.get(user=org.office_staff)
    assert response["Location"] == reverse("units:export_detail", args=[export.pk])
    # The request queued the job on the default queue; this worker listens on its own: send it there.
    assert export_job.apply_async(args=[export.pk], queue=worker_queue).get(timeout=120) == ExportStatus.DONE
    export.refresh_from_db()
    assert export.rows_total == export.rows_done == 5
    download = client.get(reverse("units:export_download", args=[export.pk]))
    cells = [
        [[c.value for c in r] for r in s.iter_rows()]
        for s in openpyxl.load_workbook(io.BytesIO(b"".join(download.streaming_content))).worksheets
    ]
    expected = [
        [[c.value for c in r] for r in s.iter_rows()]
        for s in openpyxl.load_workbook(io.BytesIO(immediate.content)).worksheets
    ]
    assert cells == expected
    client.force_login(org.chair_a)
    assert client.get(reverse("units:export_download", args=[export.pk])).status_code == 404
