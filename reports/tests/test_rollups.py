"""Day-20 and day-25 rollups: arithmetic, exactly once, reconciler, issuing freezes, pages, documents."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.urls import reverse
from docx import Document
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from conftest import require
from reports import selectors, services
from reports.documents import rollup_docx, rollup_xlsx
from reports.models import QuarterlyReport, QuarterRollup, RollupStatus, SubmissionRollup
from reports.services import periodic, reminders
from units.models import JobRun, Notification, Position
from units.periodic import Outcome
from units.tests.factories import MembershipFactory, UnitFactory
from units.tests.support import Q3, database_url, file_report, header_text

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def heads(org):
    return {org.commune_a: org.chair_a, org.commune_b: org.chair_b}


def test_day_20_record_on_time_late_missing_returned(org, template, heads, time_machine):
    agency = UnitFactory(kind="agency", name="Phòng Tư pháp")
    MembershipFactory(unit=agency, position=Position.HEAD)
    file_report(
        org,
        template,
        org.commune_a,
        org.chair_a,
        values={"hoi_nghi_quan_triet": 2},
        time_machine=time_machine,
        when="2026-09-21 23:30 +07:00",
    )
    late = file_report(
        org,
        template,
        org.commune_b,
        org.chair_b,
        values={"hoi_nghi_quan_triet": 1},
        accept=False,
        time_machine=time_machine,
        when="2026-09-22 00:30 +07:00",
    )
    time_machine.move_to("2026-09-22 09:00 +07:00")
    outcome = periodic.quarter_submissions_run(quarter=Q3)
    assert outcome.counts == {
        "on_time": 1,
        "late": 1,
        "missing": 2,
        "returned": 0,
    }  # agency and the Office have not sent
    services.quarterly_return(actor=org.reviewer, report=late, reasons=["late"])
    assert periodic.quarter_submissions_run(quarter=Q3).outcome == Outcome.PRESENT
    replaced = periodic.quarter_submissions_run(quarter=Q3, force=True)
    assert replaced.outcome == Outcome.REPLACED and replaced.counts["returned"] == 1
    assert SubmissionRollup.objects.filter(quarter=Q3.key).count() == 2  # the old one kept


@hsettings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    figures=st.lists(
        st.tuples(st.integers(0, 500), st.booleans(), st.booleans(), st.floats(0, 100).map(lambda x: round(x, 1))),
        min_size=1,
        max_size=6,
    )
)
def test_rollup_totals_equal_the_sums_over_accepted_reports(org, template, figures):
    QuarterlyReport.objects.all().delete()
    expected = {"all": 0, "agencies": 0, "communes": 0}
    percents = []
    yes = 0
    for meetings, local, accepted, percent in figures:
        unit = UnitFactory(kind="commune" if local else "agency")
        head = MembershipFactory(unit=unit, position=Position.HEAD).user
        file_report(
            org,
            template,
            unit,
            head,
            values={"hoi_nghi_quan_triet": meetings, "ty_le_van_ban_dien_tu": percent, "quy_che_da_ra_soat": "yes"},
            accept=accepted,
        )
        if accepted:
            expected["all"] += meetings
            expected["communes" if local else "agencies"] += meetings
            percents.append(percent)
            yes += 1
    totals = {row["code"]: row for row in selectors.indicator_totals(Q3, template)}
    meetings_row = totals["hoi_nghi_quan_triet"]
    assert {k: meetings_row[k] for k in expected} == expected
    assert meetings_row["agencies"] + meetings_row["communes"] == meetings_row["all"]
    assert totals["quy_che_da_ra_soat"]["all"] == yes
    assert totals["ty_le_van_ban_dien_tu"]["all"] == (round(sum(percents) / len(percents), 1) if percents else None)


def test_issued_rollup_is_frozen_and_the_next_draft_includes_a_late_report(org, template, time_machine):
    file_report(org, template, org.commune_a, org.chair_a, values={"hoi_nghi_quan_triet": 3}, time_machine=time_machine)
    time_machine.move_to("2026-09-25 08:00 +07:00")
    periodic.quarter_rollup_run(quarter=Q3)
    draft = QuarterRollup.objects.get()
    head = MembershipFactory(unit=org.home_affairs, position=Position.HEAD).user
    with pytest.raises(PermissionDenied):
        services.rollup_save_commentary(actor=org.chair_a, rollup=draft, commentary="x", revision=0)
    draft = services.rollup_save_commentary(
        actor=org.reviewer, rollup=draft, commentary="Các đơn vị thực hiện nghiêm túc.", revision=0
    )
    with pytest.raises(PermissionDenied):
        services.rollup_issue(actor=org.reviewer, rollup=draft)  # an officer cannot sign
    issued = services.rollup_issue(actor=head, rollup=draft, confirmed_empty=True)
    frozen = dict(issued.data)
    # A late report arrives after day 25.
    file_report(
        org,
        template,
        org.commune_b,
        org.chair_b,
        values={"hoi_nghi_quan_triet": 4},
        time_machine=time_machine,
        when="2026-09-28 09:00 +07:00",
    )
    issued.refresh_from_db()
    assert issued.data == frozen and issued.status == RollupStatus.ISSUED
    with pytest.raises(ValidationError):
        services.rollup_save_commentary(actor=org.reviewer, rollup=issued, commentary="sửa", revision=issued.revision)
    nxt = periodic.quarter_rollup_run(quarter=Q3, force=True)
    assert nxt.counts["version"] == 2
    new = QuarterRollup.objects.get(version=2)
    assert {r["code"]: r for r in new.data["indicators"]}["hoi_nghi_quan_triet"]["all"] == 7
    assert [r["status"] for r in new.data["submissions"] if r["unit"] == "Xã Hợp Thành"] == ["late"]
    assert new.commentary == "Các đơn vị thực hiện nghiêm túc."
    assert (
        Notification.objects.filter(
            user__in=[org.chairman, org.vice_chairman], key=f"rollup-issued:{issued.pk}"
        ).count()
        == 2
    )


def test_reconciler_makes_what_is_due_once(org, template, time_machine):
    time_machine.move_to("2026-09-21 10:00 +07:00")  # effective day 20: nothing yet
    assert periodic.quarter_rollups_reconcile() == []
    time_machine.move_to("2026-09-22 10:00 +07:00")
    assert [o.line.split()[-1] for o in periodic.quarter_rollups_reconcile()] == ["created"]  # day 20 only
    time_machine.move_to("2026-09-25 06:50 +07:00")
    assert periodic.quarter_rollups_reconcile() == []
    time_machine.move_to("2026-10-05 10:00 +07:00")  # the worker was down on day 25: caught up next quarter
    outcomes = periodic.quarter_rollups_reconcile()
    assert [(o.period, o.outcome) for o in outcomes] == [("2026Q3", "created")]
    assert periodic.quarter_rollups_reconcile() == []
    assert set(JobRun.objects.values_list("kind", "period")) == {("q20", "2026Q3"), ("q25", "2026Q3")}


def test_quarterly_reminders_5_and_1_working_days_before_once(
    org, template, time_machine, mailoutbox, django_capture_on_commit_callbacks
):
    org.chair_b.email = "b@example.org"
    org.chair_b.save()
    file_report(
        org,
        template,
        org.commune_a,
        org.chair_a,
        values={"hoi_nghi_quan_triet": 1},
        accept=False,
        time_machine=time_machine,
        when="2026-09-10 09:00 +07:00",
    )
    sent = {}
    for day in range(10, 22):
        time_machine.move_to(f"2026-09-{day:02d} 08:00 +07:00")
        for _ in range(2):
            with django_capture_on_commit_callbacks(execute=True):
                n = reminders.quarterly_reminders_send(today=date(2026, 9, day))
            if n:
                sent[day] = n
    # Effective deadline Monday 21/9: 5 working days before is Monday 14/9, 1 is Friday 18/9.
    assert sorted(sent) == [14, 18]
    assert [m.to for m in mailoutbox] == [["b@example.org"], ["b@example.org"]]
    assert not Notification.objects.filter(user=org.chair_a, key__startswith="q20-remind").exists()


def test_pages_scoping_and_documents(client, org, template, time_machine):
    file_report(
        org,
        template,
        org.commune_a,
        org.chair_a,
        values={"hoi_nghi_quan_triet": 3, "ty_le_van_ban_dien_tu": 90},
        time_machine=time_machine,
    )
    time_machine.move_to("2026-09-25 08:00 +07:00")
    periodic.quarter_rollup_run(quarter=Q3)
    urls = [
        reverse("reports:dashboard") + f"?quarter={Q3.key}",
        reverse("reports:rollup", args=[Q3.key]),
        reverse("reports:rollup_download", args=[Q3.key, "docx"]),
        reverse("reports:rollup_download", args=[Q3.key, "xlsx"]),
    ]
    for user in (org.reviewer, org.chairman, org.office_staff):
        client.force_login(user)
        assert all(client.get(u).status_code == 200 for u in urls)
    client.force_login(org.chair_a)
    assert all(client.get(u).status_code == 404 for u in urls)
    assert (
        client.post(
            reverse("reports:rollup_action", args=[Q3.key]), {"action": "save", "revision": 0, "commentary": "x"}
        ).status_code
        == 404
    )
    rollup = QuarterRollup.objects.get()
    doc = Document(io.BytesIO(rollup_docx(rollup)))
    left, right = header_text(doc)
    assert "CƠ QUAN TỔ CHỨC - NỘI VỤ HUYỆN" in left and "Sơn Dương, ngày 25 tháng 9 năm 2026" in right
    texts = "\n".join(p.text for p in doc.paragraphs)
    assert "DỰ THẢO (lần 1)" in texts and "Quý III/2026" in texts and "I. TÌNH HÌNH GỬI BÁO CÁO" in texts
    indicator_table = doc.tables[1]
    first = [c.text for c in indicator_table.rows[1].cells]
    assert first[1] == "Số hội nghị, buổi quán triệt đã tổ chức" and first[4] == "3"
    units, indicators = openpyxl.load_workbook(io.BytesIO(rollup_xlsx(rollup))).worksheets
    names = [r[0] for r in units.iter_rows(min_row=4, values_only=True)]
    assert "Xã Tân Trào" in names
    # The indicators are a table of their own (no double-duty headers).
    assert next(indicators.iter_rows(min_row=4, values_only=True))[:2] == (
        "Điểm 1",
        "Số hội nghị, buổi quán triệt đã tổ chức",
    )


def test_dashboard_query_count_does_not_grow_with_units(client, org, template, django_assert_num_queries):
    client.force_login(org.reviewer)
    url = reverse("reports:dashboard") + f"?quarter={Q3.key}"
    with django_assert_num_queries(27):
        assert client.get(url).status_code == 200
    for _ in range(15):
        MembershipFactory(unit=UnitFactory(), position=Position.HEAD)
    with django_assert_num_queries(27):
        assert client.get(url).status_code == 200


@pytest.mark.integration
def test_two_processes_make_one_rollup(transactional_db, org, template):
    require(connection.vendor == "postgresql", "the concurrency test needs PostgreSQL")

    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env["DATABASE_URL"] = database_url()
    command = [sys.executable, "manage.py", "run_job", "quarter-rollup", "--quarter", Q3.key]
    processes = [
        subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(3)
    ]
    outputs = [p.communicate(timeout=120) for p in processes]
    assert all(p.returncode == 0 for p in processes), outputs
    assert sorted(o.split()[-1] for o, _ in outputs) == ["already-present", "already-present", "created"]
    assert QuarterRollup.objects.filter(quarter=Q3.key).count() == 1


def test_rollup_build_query_count_does_not_grow_with_units(org, template, django_assert_num_queries, time_machine):
    time_machine.move_to("2026-09-10 09:00 +07:00")

    def file_some(n):
        for _ in range(n):
            unit = UnitFactory()
            file_report(
                org,
                template,
                unit,
                MembershipFactory(unit=unit, position=Position.HEAD).user,
                values={"hoi_nghi_quan_triet": 1},
            )

    file_some(2)
    periodic.quarter_rollup_run(quarter=Q3)
    # 25 = 24 to build and store + 1 for the reviewing body's name in the notice (docs §17); the
    # authority is the scope's (a job runs in one, as the test does: no query).
    with django_assert_num_queries(25):
        periodic.quarter_rollup_run(quarter=Q3, force=True)
    file_some(12)
    with django_assert_num_queries(25):
        periodic.quarter_rollup_run(quarter=Q3, force=True)
    assert {r["code"]: r for r in QuarterRollup.objects.get(version=3).data["indicators"]}["hoi_nghi_quan_triet"][
        "all"
    ] == 14
