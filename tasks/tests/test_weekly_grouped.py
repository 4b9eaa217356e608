"""The Monday summary grouped by task (issue 10): each overdue task once with the units that have not
reported; the totals equal the per-assignment rows; the page, the Word file and the Excel file say the
same; summaries stored before the grouping still read grouped; a week is "tuần từ 23/11 đến
29/11/2026", never "2026-W48"."""

from __future__ import annotations

import io
import re
from datetime import date

import openpyxl
import pytest
from django.core import mail
from django.urls import reverse
from docx import Document

from tasks import weekly
from tasks.documents import summary_docx, summary_xlsx
from tasks.models import WeeklySummary
from tasks.tests.factories import assign
from tasks.weekly import weekly_summary_run
from units.models import Notification
from units.tests.factories import UnitFactory
from units.workcalendar import Week

W48 = Week.parse("2026-W48")
WEEK_CODE = re.compile(r"\d{4}-?W\d{2}")


def test_week_label():
    assert W48.label == "tuần từ 23/11 đến 29/11/2026"
    assert Week.parse("2026-W45").label == "tuần từ 02/11 đến 08/11/2026"
    assert Week.parse("2026-W53").label == "tuần từ 28/12/2026 đến 03/01/2027"  # across a year's end
    assert Week.parse("2027-W01").label == "tuần từ 04/01 đến 10/01/2027"


@pytest.fixture
def many(org, time_machine, settings):
    """On 2/11: a task of the Chairman's to 23 communes, two smaller ones, one of the Vice
    Chairman's; all due 16–20/11 and unreported; the summary of W48 built on Monday 23/11."""
    settings.SITE_URL = "https://chithi.example"
    org.chairman.email = "chutich@example.org"
    org.chairman.save()
    time_machine.move_to("2026-11-02 08:00 +07:00")
    communes = [UnitFactory(name=f"Xã Số {n:02d}") for n in range(23)]
    big = assign(org, *communes, deadline=date(2026, 11, 16), subject="Tổ chức quán triệt Chỉ thị 01/CT-UBND")
    small = assign(org, org.commune_a, org.commune_b, deadline=date(2026, 11, 18), subject="Rà soát quy chế")
    other = assign(org, org.commune_a, deadline=date(2026, 11, 20), subject="Báo cáo đất công")
    vice = assign(
        org,
        org.commune_b,
        deadline=date(2026, 11, 19),
        subject="Của Phó Chủ tịch",
        leader=org.vice_chairman.leaderships.get(),
    )
    time_machine.move_to("2026-11-23 08:00 +07:00")
    summary = weekly_summary_run(week=W48).result
    return {"summary": summary, "big": big, "small": small, "other": other, "vice": vice}


def _page_tasks(groups) -> dict[str, int]:
    return {t["task"]: t["count"] for g in groups for t in g["tasks"]}


def test_each_task_once_with_its_units_and_totals_that_add_up(client, org, many):
    summary = many["summary"]
    client.force_login(org.chairman)
    response = client.get(reverse("tasks:summary_detail", args=[W48.key]))
    groups = response.context["groups"]
    tasks = [t for g in groups for t in g["tasks"]]
    assert len(tasks) == len({t["task_id"] for t in tasks}) == 4  # each task once
    assert _page_tasks(groups) == {
        "Tổ chức quán triệt Chỉ thị 01/CT-UBND": 23,
        "Rà soát quy chế": 2,
        "Báo cáo đất công": 1,
        "Của Phó Chủ tịch": 1,
    }
    # Every per-assignment row is under exactly its task; leaders' totals add up to the rows.
    for task in tasks:
        assert sorted(r["assignment"] for r in task["rows"]) == sorted(
            r["assignment"] for r in summary.overdue if r["task_id"] == task["task_id"]
        )
    assert sum(g["count"] for g in groups) == summary.overdue_count == 27
    assert [g["leader_id"] for g in groups][0] == org.chairman.leaderships.get().pk  # the Chairman first
    assert [t["task"] for t in groups[0]["tasks"]][0] == "Tổ chức quán triệt Chỉ thị 01/CT-UBND"  # most units first
    html = response.content.decode()
    assert html.count("Tổ chức quán triệt Chỉ thị 01/CT-UBND") == 1
    assert "Quá hạn chưa báo cáo: 4 nhiệm vụ, 27 lượt đơn vị" in html
    assert reverse("tasks:task_detail", args=[many["big"].pk]) in html
    # Filtered to one leader: the same grouping, that leader's tasks only.
    vice = org.vice_chairman.leaderships.get().pk
    narrowed = client.get(reverse("tasks:summary_detail", args=[W48.key]), {"leader": vice}).context["groups"]
    assert _page_tasks(narrowed) == {"Của Phó Chủ tịch": 1}


def test_word_and_excel_say_what_the_page_says(client, org, many):
    summary = many["summary"]
    client.force_login(org.chairman)
    groups = client.get(reverse("tasks:summary_detail", args=[W48.key])).context["groups"]
    expected = _page_tasks(groups)
    doc = Document(io.BytesIO(summary_docx(summary)))
    word = {}
    for table in doc.tables[1:-1]:
        header = [c.text for c in table.rows[0].cells]
        if header[:2] != ["TT", "Nhiệm vụ"] or "Số đơn vị" not in header:
            continue
        for row in table.rows[1:]:
            cells = [c.text for c in row.cells]
            word[cells[1].split("\n")[0]] = int(cells[3])
            assert len(cells[2].split("; ")) == int(cells[3])  # the units listed are the count
    assert word == expected
    book = openpyxl.load_workbook(io.BytesIO(summary_xlsx(summary)))
    grouped = list(book["Theo nhiệm vụ"].iter_rows(min_row=4, values_only=True))
    excel = {r[1]: r[5] for r in grouped if isinstance(r[0], int)}
    assert excel == expected
    assert grouped[-1][0] == "Tổng cộng" and (grouped[-1][4], grouped[-1][5]) == (4, 27)
    assert book["Từng đơn vị"].max_row == 3 + summary.overdue_count


def test_a_summary_stored_before_the_grouping_still_reads_grouped(client, org, many):
    """Rows sent before they carried a task_id group by (task, source); nothing stored is rewritten."""
    old = many["summary"]
    rows = [{k: v for k, v in r.items() if k != "task_id"} for r in old.overdue]
    WeeklySummary.objects.filter(pk=old.pk).update(overdue=rows)
    old.refresh_from_db()
    assert "task_id" not in old.overdue[0]
    client.force_login(org.chairman)
    response = client.get(reverse("tasks:summary_detail", args=[W48.key]))
    assert _page_tasks(response.context["groups"])["Tổ chức quán triệt Chỉ thị 01/CT-UBND"] == 23
    assert response.status_code == 200
    cells = [c.text for t in Document(io.BytesIO(summary_docx(old))).tables for row in t.rows for c in row.cells]
    assert sum(1 for c in cells if c.startswith("Tổ chức quán triệt Chỉ thị 01/CT-UBND")) == 1
    book = openpyxl.load_workbook(io.BytesIO(summary_xlsx(old)))
    assert book["Theo nhiệm vụ"].max_row > 4
    assert WeeklySummary.objects.get(pk=old.pk).overdue == rows


def test_no_week_code_where_people_read(client, org, many):
    summary = many["summary"]
    client.force_login(org.chairman)
    pages = [
        client.get(reverse("tasks:summary_detail", args=[W48.key])),
        client.get(reverse("tasks:summary_list")),
        client.get(reverse("units:reporting_calendar")),
        client.get(reverse("tasks:leader_tasks")),
    ]
    for page in pages:
        main = page.content.decode().split("<main", 1)[1]
        visible = re.sub(r'(href|action|value)="[^"]*"', "", main)
        assert not WEEK_CODE.search(visible), WEEK_CODE.search(visible)
    assert "Tuần từ 23/11 đến 29/11/2026" in pages[1].content.decode()
    word = "\n".join(p.text for p in Document(io.BytesIO(summary_docx(summary))).paragraphs)
    assert "tuần từ 23/11 đến 29/11/2026" in word and not WEEK_CODE.search(word)
    book = openpyxl.load_workbook(io.BytesIO(summary_xlsx(summary)))
    titles = [sheet["A1"].value for sheet in book.worksheets]
    assert all("tuần từ 23/11 đến 29/11/2026" in t and not WEEK_CODE.search(t) for t in titles)
    download = client.get(reverse("tasks:summary_download", args=[W48.key, "docx"]))
    assert "bao-cao-thu-hai-23-11-2026.docx" in download["Content-Disposition"]


def test_the_email_is_grouped_by_task_and_names_the_week(org, many, django_capture_on_commit_callbacks):
    # The fixture's run queued its emails on a commit the test never made: deliver again, fresh.
    Notification.objects.all().delete()
    mail.outbox = []
    with django_capture_on_commit_callbacks(execute=True):
        weekly._deliver(many["summary"])
    message = next(m for m in mail.outbox if m.to == ["chutich@example.org"])
    body = message.body.split("https://")[0]
    assert "tuần từ 23/11 đến 29/11/2026" in message.subject and not WEEK_CODE.search(message.subject)
    assert not WEEK_CODE.search(body)
    assert body.count("Tổ chức quán triệt Chỉ thị 01/CT-UBND") == 1 and "23 đơn vị" in body
