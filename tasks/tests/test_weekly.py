"""The Monday summary: content as of Monday 00:00, exactly once, reconciled, delivered, documents."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse
from docx import Document

from conftest import require
from library.workcalendar import Week, WorkCalendar
from registers.models import RegisterYear
from submissions.models import ReturnReason
from tasks import services
from tasks.documents import summary_docx, summary_xlsx
from tasks.models import WeeklySummary
from tasks.services.weekly import weekly_summaries_reconcile, weekly_summary_run
from tasks.tests.factories import assign
from tasks.tests.support import stored_rows
from units.models import JobRun, Notification
from units.periodic import Outcome
from units.tests.factories import UnitFactory
from units.tests.support import database_url, header_text

CREATED, NO_WORKING_DAY, PRESENT, REPLACED = Outcome.CREATED, Outcome.NO_WORKING_DAY, Outcome.PRESENT, Outcome.REPLACED
ROOT = Path(__file__).resolve().parents[2]
W48 = Week.parse("2026-W48")  # Monday 23/11/2026


def at(moment: str) -> datetime:
    return datetime.fromisoformat(moment)


@pytest.fixture
def week48(org, time_machine, settings):
    """Tasks given on 2/11/2026 with deadlines around Monday 23/11; the summary is built on 25/11."""
    settings.SITE_URL = "https://chithi.example"
    for user in (org.chairman, org.vice_chairman, org.office_staff):
        user.email = f"{user.username}@example.org"
        user.save()
    time_machine.move_to("2026-11-02 08:00 +07:00")
    vice = org.vice_chairman.leaderships.get()
    tasks = {
        "due_friday": assign(org, org.commune_a, deadline=date(2026, 11, 20), subject="Hạn thứ sáu, chưa báo cáo"),
        "due_sunday": assign(org, org.commune_b, deadline=date(2026, 11, 22), subject="Hạn chủ nhật (thực tế thứ hai)"),
        "due_saturday_unit": assign(
            org, org.commune_b, deadline=date(2026, 11, 21), subject="Hạn thứ bảy (thực tế thứ hai)"
        ),
        "returned": assign(
            org, org.commune_a, deadline=date(2026, 11, 18), subject="Bị trả lại chưa gửi lại", leader=vice
        ),
        "pending": assign(org, org.commune_a, deadline=date(2026, 11, 18), subject="Đã gửi, chờ xem xét"),
        "accepted": assign(org, org.commune_b, deadline=date(2026, 11, 18), subject="Đã chấp nhận"),
        "extended": assign(org, org.commune_a, deadline=date(2026, 11, 16), subject="Đã gia hạn đến 27/11"),
        "this_week": assign(org, org.commune_b, deadline=date(2026, 11, 26), subject="Đến hạn trong tuần"),
    }
    a = {k: t.assignments.get() for k, t in tasks.items()}
    time_machine.move_to("2026-11-10 09:00 +07:00")
    request = services.extension_request_create(
        actor=org.chair_a, assignment=a["extended"], requested_deadline=date(2026, 11, 27), reason="Chờ số liệu"
    )
    services.extension_decide(actor=org.chairman, request=request, approve=True)
    for key, user in (("returned", org.chair_a), ("pending", org.chair_a), ("accepted", org.chair_b)):
        services.report_save_draft(actor=user, assignment=a[key], text="Báo cáo", revision=None)
        report = services.report_submit(actor=user, assignment=a[key])
        if key == "returned":
            services.report_return(actor=org.office_staff, report=report, reasons=[ReturnReason.LOW_QUALITY])
        if key == "accepted":
            services.report_accept(actor=org.office_staff, report=report)
    time_machine.move_to("2026-11-25 10:00 +07:00")
    return a


def subjects(rows):
    return sorted(r["task"] for r in rows)


def test_content_as_of_monday(org, week48):
    outcome = weekly_summary_run(week=W48)
    summary = outcome.result
    assert outcome.outcome == CREATED and (summary.as_of, summary.delivery_date) == (
        date(2026, 11, 23),
        date(2026, 11, 23),
    )
    # Due Friday: overdue on Monday; due Sunday or Saturday: effective Monday 23/11, so not overdue yet.
    assert subjects(stored_rows(summary)) == ["Bị trả lại chưa gửi lại", "Hạn thứ sáu, chưa báo cáo"]
    returned = next(r for r in stored_rows(summary) if r["task"] == "Bị trả lại chưa gửi lại")
    assert returned["returned"] is True and returned["days_overdue"] == 5
    assert subjects(stored_rows(summary, "upcoming")) == [
        "Hạn chủ nhật (thực tế thứ hai)",
        "Hạn thứ bảy (thực tế thứ hai)",
        "Đã gia hạn đến 27/11",
        "Đến hạn trong tuần",
    ]
    # Grouped by leader: the Chairman first, then the Vice Chairman.
    assert [r["leader_rank"] for r in stored_rows(summary)] == [0, 1]


def test_a_report_sent_after_monday_midnight_does_not_change_that_weeks_list(org, week48, time_machine):
    time_machine.move_to("2026-11-23 06:00 +07:00")
    services.report_save_draft(actor=org.chair_a, assignment=week48["due_friday"], text="Muộn", revision=None)
    services.report_submit(actor=org.chair_a, assignment=week48["due_friday"])
    time_machine.move_to("2026-11-25 10:00 +07:00")
    assert "Hạn thứ sáu, chưa báo cáo" in subjects(stored_rows(weekly_summary_run(week=W48).result))


def test_a_stored_summary_is_not_rewritten_by_later_changes(org, week48):
    summary = weekly_summary_run(week=W48).result
    before = stored_rows(summary)
    services.report_save_draft(actor=org.chair_a, assignment=week48["due_friday"], text="Đã làm", revision=None)
    services.report_submit(actor=org.chair_a, assignment=week48["due_friday"])
    assert stored_rows(WeeklySummary.objects.get(pk=summary.pk)) == before
    again = weekly_summary_run(week=W48)
    assert again.outcome == PRESENT and again.result == summary and again.line.endswith("already-present")


def test_many_triggers_one_summary_one_email_per_recipient(org, week48, mailoutbox, django_capture_on_commit_callbacks):
    for _ in range(4):
        with django_capture_on_commit_callbacks(execute=True):
            weekly_summary_run(week=W48)
    assert WeeklySummary.objects.count() == 1 and JobRun.objects.filter(kind="weekly").count() == 1
    assert sorted(m.to[0] for m in mailoutbox) == ["chutich@example.org", "pct@example.org", "vanphong@example.org"]
    message = mailoutbox[0]
    assert "tuần từ 23/11 đến 29/11/2026" in message.subject and "2 lượt nhiệm vụ quá hạn" in message.subject
    assert "W48" not in message.subject and "W48" not in message.body.split("https://")[0]
    assert message.attachments[0][0] == "bao-cao-thu-hai-23-11-2026.docx"
    assert "https://chithi.example/summaries/2026-W48/" in message.body
    assert Notification.objects.filter(key__startswith="weekly:2026-W48:").count() == 3


def test_force_replaces_and_keeps_the_previous_version(org, week48, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = weekly_summary_run(week=W48).result
    with django_capture_on_commit_callbacks(execute=True):
        second = weekly_summary_run(week=W48, force=True)
    assert second.outcome == REPLACED and second.result.pk != first.pk
    first.refresh_from_db()
    assert first.superseded_at is not None
    assert WeeklySummary.objects.filter(week="2026-W48", superseded_at__isnull=True).get() == second.result
    assert len(mailoutbox) == 3  # nobody is mailed twice for one week
    assert JobRun.objects.get(kind="weekly", period="2026-W48").forced_at is not None


@pytest.mark.parametrize(
    "week,delivery",
    [
        ("2026-W48", date(2026, 11, 23)),  # an ordinary Monday
        ("2026-W18", date(2026, 4, 28)),  # Monday 27/4/2026: Hùng Kings (observed) -> Tuesday
        ("2026-W36", date(2026, 9, 3)),  # Monday 31/8 swap day, 1–2/9 National Day -> Thursday
        ("2027-W06", date(2027, 2, 11)),  # Tết 2027: Monday 8/2 to Wednesday 10/2 off -> Thursday
        ("2026-W08", None),  # Tết 2026: no working day at all
    ],
)
def test_delivery_dates(week, delivery):
    assert WorkCalendar().week_delivery_date(Week.parse(week)) == delivery


def test_a_week_without_working_days_delivers_nothing_and_the_next_says_so(org, time_machine):
    time_machine.move_to("2026-02-25 10:00 +07:00")
    assert weekly_summary_run(week=Week.parse("2026-W08")).outcome == NO_WORKING_DAY
    assert not WeeklySummary.objects.exists()
    note = weekly_summary_run(week=Week.parse("2026-W09")).result.notes
    assert len(note) == 1 and "Tuần từ 16/02 đến 22/02/2026" in note[0] and "không có ngày làm việc" in note[0]


def test_reconciler_produces_a_missed_week_dated_for_its_own_week(org, week48, time_machine):
    weekly_summary_run(week=Week.parse("2026-W46"))  # the last run before the worker went down
    time_machine.move_to("2026-11-25 10:00 +07:00")
    outcomes = weekly_summaries_reconcile()
    assert [o.period for o in outcomes] == ["2026-W47", "2026-W48"]
    w47 = WeeklySummary.objects.get(week="2026-W47")
    assert (w47.as_of, w47.delivery_date) == (date(2026, 11, 16), date(2026, 11, 16))
    # On 16/11 only the deadline of 16/11 (moved by the extension) would have counted... it was extended on 10/11.
    assert subjects(stored_rows(w47)) == []
    assert weekly_summaries_reconcile() == []


def test_reconciler_waits_for_0730_on_the_delivery_day(org, time_machine):
    weekly_summary_run(week=Week.parse("2026-W47"))
    time_machine.move_to("2026-11-23 07:15 +07:00")
    assert weekly_summaries_reconcile() == []
    time_machine.move_to("2026-11-23 07:31 +07:00")
    assert [o.outcome for o in weekly_summaries_reconcile()] == [CREATED]


def test_first_run_does_not_backfill_history(org, time_machine):
    time_machine.move_to("2026-11-25 10:00 +07:00")
    assert [o.period for o in weekly_summaries_reconcile()] == ["2026-W48"]


def _grow(org, n_units: int, per_unit: int):
    for _ in range(n_units):
        unit = UnitFactory()
        for k in range(per_unit):
            assign(org, unit, deadline=date(2026, 11, 10) + timedelta(days=k))


def test_query_count_does_not_grow(org, time_machine, django_assert_num_queries):
    time_machine.move_to("2026-11-02 08:00 +07:00")
    _grow(org, 2, 2)
    time_machine.move_to("2026-11-25 10:00 +07:00")
    # The Office's register of the year exists (the first document of a year creates it: 3 more).
    RegisterYear.objects.create(unit=org.office, year=2026)
    # 18 to build and store it (per part: the per-task aggregate, the tasks by their ids, their lines,
    # one INSERT … SELECT of every unit row; then one INSERT … SELECT of the per-unit counts from those
    # rows; the count of tasks without a deadline), 10 to number it in the register (registers.services);
    # the authority it belongs to is the scope's (a job runs in one, as the test does: no query).
    with django_assert_num_queries(28):
        weekly_summary_run(week=Week.parse("2026-W47"), deliver=False)
    time_machine.move_to("2026-11-02 08:00 +07:00")
    _grow(org, 12, 4)
    time_machine.move_to("2026-11-25 10:00 +07:00")
    with django_assert_num_queries(28):
        outcome = weekly_summary_run(week=W48, deliver=False)
    assert outcome.result.overdue_count == 2 * 2 + 12 * 4


def test_word_file_is_an_administrative_report(org, week48):
    summary = weekly_summary_run(week=W48).result
    doc = Document(io.BytesIO(summary_docx(summary)))
    section = doc.sections[0]
    assert (
        round(section.page_width.mm),
        round(section.page_height.mm),
        round(section.left_margin.mm),
        round(section.right_margin.mm),
    ) == (210, 297, 30, 15)
    left, right = header_text(doc)
    assert "VĂN PHÒNG HĐND VÀ UBND HUYỆN" in left and "Số:" in left and "/BC-VP" in left
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in right and "Độc lập - Tự do - Hạnh phúc" in right
    assert "Sơn Dương, ngày 23 tháng 11 năm 2026" in right
    texts = [p.text for p in doc.paragraphs]
    assert "BÁO CÁO" in texts
    assert any("tuần từ 23/11 đến 29/11/2026" in t for t in texts)
    assert not any("W48" in t for t in texts)
    assert any(t.startswith("I. NHIỆM VỤ QUÁ HẠN CHƯA BÁO CÁO: 2 nhiệm vụ, 2 lượt đơn vị") for t in texts)
    overdue_table = doc.tables[1]
    assert [c.text for c in overdue_table.rows[0].cells] == [
        "TT",
        "Nhiệm vụ",
        "Đơn vị chưa báo cáo (số ngày quá hạn)",
        "Số đơn vị",
    ]
    assert overdue_table.rows[1].cells[1].text.startswith("Hạn thứ sáu, chưa báo cáo")
    closing = doc.tables[-1].rows[0].cells
    assert "Nơi nhận:" in closing[0].text and "Lưu: VT." in closing[0].text
    assert "CHÁNH VĂN PHÒNG" in closing[1].text


def test_excel_rows_equal_the_summary(org, week48):
    summary = weekly_summary_run(week=W48).result
    book = openpyxl.load_workbook(io.BytesIO(summary_xlsx(summary)))
    assert book.sheetnames == ["Theo nhiệm vụ", "Từng đơn vị"]
    grouped = list(book["Theo nhiệm vụ"].iter_rows(min_row=4, values_only=True))
    assert grouped[-1][1] == "Tổng cộng" and grouped[-1][5] == summary.overdue_count
    sheet = book["Từng đơn vị"]
    assert sheet.auto_filter.ref == f"A3:I{3 + summary.overdue_count}"
    detail = list(sheet.iter_rows(min_row=4, values_only=True))
    assert [(r[2], r[3], r[7]) for r in detail] == [
        (x["unit"], x["task"], x["days_overdue"]) for x in stored_rows(summary)
    ]


# ---- pages ---------------------------------------------------------------------------------------


def test_pages_for_those_who_see_every_unit_404_for_units(client, org, week48):
    weekly_summary_run(week=W48)
    urls = [
        reverse("tasks:summary_list"),
        reverse("tasks:summary_detail", args=["2026-W48"]),
        reverse("tasks:summary_download", args=["2026-W48", "docx"]),
        reverse("tasks:summary_download", args=["2026-W48", "xlsx"]),
    ]
    for user in (org.chairman, org.vice_chairman, org.office_staff, org.reviewer, org.admin):
        client.force_login(user)
        assert all(client.get(u).status_code == 200 for u in urls)
    for user in (org.chair_a, org.officer_a):
        client.force_login(user)
        assert all(client.get(u).status_code == 404 for u in urls)


def test_vice_chairman_filters_to_own_tasks(client, org, week48):
    weekly_summary_run(week=W48)
    client.force_login(org.vice_chairman)
    response = client.get(
        reverse("tasks:summary_detail", args=["2026-W48"]), {"leader": org.vice_chairman.leaderships.get().pk}
    )
    assert response.context["row_count"] == 1
    doc = Document(
        io.BytesIO(
            client.get(
                reverse("tasks:summary_download", args=["2026-W48", "docx"]),
                {"leader": org.vice_chairman.leaderships.get().pk},
            ).content
        )
    )
    assert any(p.text.startswith("I. NHIỆM VỤ QUÁ HẠN CHƯA BÁO CÁO: 1") for p in doc.paragraphs)


# ---- the command --------------------------------------------------------------------------------


def test_run_job_prints_one_line(org, week48):
    out = io.StringIO()
    call_command("run_job", "weekly-summary", "--as-of", "2026-11-24", stdout=out)
    assert out.getvalue().strip() == "2026-W48 overdue=2 created"
    out = io.StringIO()
    call_command("run_job", "weekly-summary", "--week", "2026-W48", "--force", stdout=out)
    assert out.getvalue().strip() == "2026-W48 overdue=2 replaced"


@pytest.mark.parametrize("args", [["--week", "2026-W60"], ["--as-of", "2026-02-30"], ["--week", "2026-W50"], []])
def test_run_job_bad_input_exits_2(args, db, time_machine):
    time_machine.move_to("2026-11-25 10:00 +07:00")
    with pytest.raises(CommandError) as error:
        call_command("run_job", "weekly-summary", *args)
    assert error.value.returncode == 2


# ---- two processes at once, on PostgreSQL --------------------------------------------------------


@pytest.mark.integration
def test_two_processes_at_once_make_one_summary_and_one_email_each(transactional_db, org, tmp_path):
    require(connection.vendor == "postgresql", "the concurrency test needs PostgreSQL")

    for user in (org.chairman, org.vice_chairman, org.office_staff):
        user.email = f"{user.username}@example.org"
        user.save()
    assign(org, org.commune_a, deadline=date.today() + timedelta(days=1))
    mail_dir = tmp_path / "mail"
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(DATABASE_URL=database_url(), EMAIL_URL=f"filemail://{mail_dir}".replace("filemail:///", "filemail:////"))
    week = Week.containing(date.today()).key
    command = [sys.executable, "manage.py", "run_job", "weekly-summary", "--week", week]
    processes = [
        subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(4)
    ]
    outputs = [p.communicate(timeout=120) for p in processes]
    assert all(p.returncode == 0 for p in processes), outputs
    outcomes = sorted(out.split()[-1] for out, _ in outputs)
    assert outcomes.count("created") == 1 and outcomes.count("already-present") == 3, outcomes
    assert WeeklySummary.objects.filter(week=week).count() == 1
    messages = "".join(p.read_text() for p in mail_dir.iterdir())
    for address in ("chutich@example.org", "pct@example.org", "vanphong@example.org"):
        assert messages.count(f"To: {address}") == 1
