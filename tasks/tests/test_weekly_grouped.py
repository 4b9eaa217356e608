"""The Monday summary grouped by task (issue 10): each overdue task once with the units that have not
reported; the totals equal the per-assignment rows; the page, the Word file, the Excel file and the
email say the same; summaries stored before the grouping still read grouped; a week is "tuần từ 23/11
đến 29/11/2026", never "2026-W48"; the pages' queries do not grow with the data."""

from __future__ import annotations

import io
import re
from collections import defaultdict
from datetime import date

import openpyxl
import pytest
from django.core import mail
from django.urls import reverse
from docx import Document

from library.workcalendar import Week
from submissions.models import ReturnReason
from tasks import selectors, services
from tasks.documents import summary_docx, summary_xlsx
from tasks.models import WeeklySummary
from tasks.services import weekly
from tasks.services.weekly import weekly_summary_run
from tasks.tests.factories import assign
from tasks.tests.support import stored_rows
from units.models import Notification
from units.tests.factories import UnitFactory

W48 = Week.parse("2026-W48")  # Monday 23/11/2026
WEEK_CODE = re.compile(r"\d{4}-?W\d{2}", re.IGNORECASE)
BIG = "Tổ chức quán triệt Chỉ thị 01/CT-UBND"
SMALL = "Rà soát quy chế"
WORD_HEADER = ["TT", "Nhiệm vụ", "Đơn vị chưa báo cáo (số ngày quá hạn)", "Số đơn vị"]


# ---- Week.label ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "key,label",
    [
        ("2026-W48", "tuần từ 23/11 đến 29/11/2026"),
        ("2026-W45", "tuần từ 02/11 đến 08/11/2026"),  # leading zeros
        ("2026-W49", "tuần từ 30/11 đến 06/12/2026"),  # across a month's end
        ("2026-W53", "tuần từ 28/12/2026 đến 03/01/2027"),  # across a year's end: both years
        ("2020-W53", "tuần từ 28/12/2020 đến 03/01/2021"),
        ("2025-W01", "tuần từ 30/12/2024 đến 05/01/2025"),  # ISO week 1 starting in the year before
        ("2027-W01", "tuần từ 04/01 đến 10/01/2027"),
    ],
)
def test_week_label(key, label):
    week = Week.parse(key)
    assert week.label == label
    assert not WEEK_CODE.search(week.label)
    assert week.key == str(week) == key  # the code stays for URLs and the database


def test_a_stored_summary_names_its_week():
    assert WeeklySummary(week="2026-W53").week_label == "tuần từ 28/12/2026 đến 03/01/2027"


# ---- grouping, pure ------------------------------------------------------------------------------


def _row(n, *, task="Việc A", source="Điểm 1", leader=1, days=3, **extra):
    return {
        "assignment": n,
        "task": task,
        "source": source,
        "leader_id": leader,
        "leader": f"Lãnh đạo {leader}",
        "leader_rank": 0 if leader == 1 else 1,
        "unit_id": n,
        "unit": f"Xã {n:02d}",
        "unit_order": n,
        "original_deadline": "2026-11-16",
        "effective_deadline": "2026-11-16",
        "extended": False,
        "days_overdue": days,
        "returned": False,
        **extra,
    }


# ---- a week of many units ------------------------------------------------------------------------


@pytest.fixture
def every_unit_shown(monkeypatch):
    """The page lists every unit under a task (the equality tests compare all of them)."""
    monkeypatch.setattr(selectors, "UNITS_SHOWN", 100)


@pytest.fixture
def many(org, time_machine, settings):
    """On 2/11: a task of the Chairman's to 23 communes, two smaller ones (in one, Tân Trào's report
    was returned and Hợp Thành's deadline extended to 20/11), one of the Vice Chairman's; all due
    16–20/11 and unreported; two more due in the week of 23/11 (to 5 communes, to one); the summary of W48
    built on Monday 23/11."""
    settings.SITE_URL = "https://chithi.example"
    org.chairman.email = "chutich@example.org"
    org.chairman.save()
    time_machine.move_to("2026-11-02 08:00 +07:00")
    communes = [UnitFactory(name=f"Xã Số {n:02d}") for n in range(23)]
    big = assign(org, *communes, deadline=date(2026, 11, 16), subject=BIG)
    small = assign(org, org.commune_a, org.commune_b, deadline=date(2026, 11, 18), subject=SMALL)
    other = assign(org, org.commune_a, deadline=date(2026, 11, 20), subject="Báo cáo đất công")
    vice = assign(
        org,
        org.commune_b,
        deadline=date(2026, 11, 19),
        subject="Của Phó Chủ tịch",
        leader=org.vice_chairman.leaderships.get(),
    )
    soon = assign(org, *communes[:5], deadline=date(2026, 11, 26), subject="Nộp số liệu tháng 11")
    assign(org, org.commune_b, deadline=date(2026, 11, 27), subject="Cập nhật hồ sơ")
    time_machine.move_to("2026-11-10 09:00 +07:00")
    returned = small.assignments.get(unit=org.commune_a)
    services.report_save_draft(actor=org.chair_a, assignment=returned, text="Báo cáo", revision=None)
    report = services.report_submit(actor=org.chair_a, assignment=returned)
    services.report_return(actor=org.office_staff, report=report, reasons=[ReturnReason.LOW_QUALITY])
    request = services.extension_request_create(
        actor=org.chair_b,
        assignment=small.assignments.get(unit=org.commune_b),
        requested_deadline=date(2026, 11, 20),
        reason="Chờ số liệu",
    )
    services.extension_decide(actor=org.chairman, request=request, approve=True)
    time_machine.move_to("2026-11-23 08:00 +07:00")
    summary = weekly_summary_run(week=W48).result
    return {"summary": summary, "big": big, "small": small, "other": other, "vice": vice, "soon": soon}


def _rows_by_task(rows) -> dict[str, list[str]]:
    """The stored rows as the truth: task subject → its units' names, sorted."""
    out = defaultdict(list)
    for row in rows:
        out[row["task"]].append(row["unit"])
    return {task: sorted(units) for task, units in out.items()}


def _page_cards(html: str) -> dict[str, list[str]]:
    """The overdue cards of the page: title → the units listed under it."""
    cards = {}
    for card in re.findall(r'<article class="card summary-task">(.*?)</article>', html, re.S):
        title = re.search(r"<h4><a [^>]*>(.*?)</a></h4>", card).group(1)
        assert title not in cards, f"{title} shown twice"
        cards[title] = sorted(re.findall(r'<li><a href="/assignments/[^"]*">(.*?)</a>', card))
    return cards


def _word(content: bytes) -> tuple[dict[str, list[str]], dict[str, int]]:
    """The Word file's task rows: subject → its units (marks and days stripped); and subject → count."""
    units, counts = {}, {}
    for table in Document(io.BytesIO(content)).tables:
        if [c.text for c in table.rows[0].cells] != WORD_HEADER:
            continue
        for row in table.rows[1:]:
            _tt, task, cell, count = (c.text for c in row.cells)
            subject = task.split("\n")[0]
            assert subject not in units, f"{subject} twice in Word"
            units[subject] = sorted(re.sub(r" \(.*\)$", "", u) for u in cell.split("; "))
            counts[subject] = int(count)
    return units, counts


def _excel(content: bytes):
    """The first sheet: subject → its unit rows; leader rows and the total row; the second sheet."""
    book = openpyxl.load_workbook(io.BytesIO(content))
    assert book.sheetnames == ["Theo nhiệm vụ", "Từng đơn vị"]
    units, counts, leaders, total, current = {}, {}, [], None, None
    for r in book["Theo nhiệm vụ"].iter_rows(min_row=4, values_only=True):
        if r[1] == "Tổng cộng":
            total = (r[4], r[5])
        elif r[1].endswith(" giao"):
            leaders.append((r[4], r[5]))
        elif isinstance(r[0], int):
            current = r[1]
            assert current not in units, f"{current} twice in Excel"
            units[current], counts[current] = [], r[5]
        else:
            units[current].append(r[1].strip())
    return {t: sorted(u) for t, u in units.items()}, counts, leaders, total, book["Từng đơn vị"]


def _page(client, org, **params):
    client.force_login(org.chairman)
    return client.get(reverse("tasks:summary_detail", args=[W48.key]), params)


def test_each_task_once_with_exactly_its_units_and_totals_that_add_up(client, org, many, every_unit_shown):
    summary = many["summary"]
    rows = stored_rows(summary)
    response = _page(client, org)
    groups = response.context["sections"]
    tasks = [t for g in groups for t in g["tasks"]]
    assert len(tasks) == len({t.task_id for t in tasks}) == 4  # each task once
    # Units under each task = exactly the stored rows of that task.
    for task in tasks:
        assert sorted(r.assignment_id for r in task.shown) == sorted(
            r["assignment"] for r in rows if r["task_id"] == task.task_id
        )
    assert _page_cards(response.content.decode()) == _rows_by_task(rows)
    assert {t.task: t.count for t in tasks} == {BIG: 23, SMALL: 2, "Báo cáo đất công": 1, "Của Phó Chủ tịch": 1}
    # Per leader and overall, tasks and units, equal the rows.
    for group in groups:
        own = [r for r in rows if r["leader_id"] == group["leader_id"]]
        assert group["count"] == len(own) == sum(t.count for t in group["tasks"])
        assert group["task_count"] == len({r["task_id"] for r in own})
    assert [(g["task_count"], g["count"]) for g in groups] == [(3, 26), (1, 1)]
    assert sum(g["count"] for g in groups) == summary.overdue_count == 27
    assert groups[0]["leader_id"] == org.chairman.leaderships.get().pk  # the Chairman first
    assert [t.task for t in groups[0]["tasks"]] == [BIG, SMALL, "Báo cáo đất công"]  # most units first
    html = response.content.decode()
    assert html.count(BIG) == 1
    assert "Quá hạn chưa báo cáo: 4 nhiệm vụ, 27 lượt đơn vị" in html
    assert "giao: 3 nhiệm vụ, 26 lượt đơn vị chưa báo cáo" in html
    assert reverse("tasks:task_detail", args=[many["big"].pk]) in html
    # The per-unit table stays: most overdue first, adding up to the rows.
    totals = [(u["unit"], u["n"]) for u in response.context["unit_totals"]]
    assert totals[:3] == [("Xã Hợp Thành", 2), ("Xã Tân Trào", 2), ("Xã Số 00", 1)]
    assert sum(n for _u, n in totals) == 27
    # Due this week: its own tab, grouped too, the heading counting tasks.
    upcoming = _page(client, org, part="upcoming")
    assert "Đến hạn trong tuần: 2 nhiệm vụ, 6 lượt đơn vị" in upcoming.content.decode()
    assert [(t.task, t.count) for g in upcoming.context["sections"] for t in g["tasks"]] == [
        ("Nộp số liệu tháng 11", 5),
        ("Cập nhật hồ sơ", 1),
    ]
    assert upcoming.content.decode().count("Nộp số liệu tháng 11") == 1
    # Filtered to one leader: the same grouping, that leader's tasks only.
    vice = org.vice_chairman.leaderships.get().pk
    narrowed = _page(client, org, leader=vice)
    assert _page_cards(narrowed.content.decode()) == {"Của Phó Chủ tịch": ["Xã Hợp Thành"]}
    assert "Quá hạn chưa báo cáo: 1 nhiệm vụ, 1 lượt đơn vị" in narrowed.content.decode()


def test_a_task_of_many_units_shows_the_first_and_links_to_all(client, org, many):
    """Under a task the page lists the units longest overdue first, up to a dozen, then a link to
    the task's own page in the summary, which lists every unit as sent, 100 a page."""
    html = _page(client, org).content.decode()
    card = next(c for c in re.findall(r'<article class="card summary-task">(.*?)</article>', html, re.S) if BIG in c)
    assert len(re.findall(r'<li><a href="/assignments/', card)) == selectors.UNITS_SHOWN
    group = many["summary"].task_groups.get(task=BIG)
    link = reverse("tasks:summary_task", args=[W48.key, group.pk])
    assert f"và {23 - selectors.UNITS_SHOWN} đơn vị khác — xem tất cả" in card and link in card
    client.force_login(org.chairman)
    detail = client.get(link).content.decode()
    assert sorted(re.findall(r'<a href="/assignments/\d+/">(.*?)</a>', detail)) == sorted(
        f"Xã Số {n:02d}" for n in range(23)
    )
    # Another week's task id, or a unit member, gets 404.
    assert client.get(reverse("tasks:summary_task", args=["2026-W47", group.pk])).status_code == 404
    client.force_login(org.chair_a)
    assert client.get(link).status_code == 404


def test_returned_and_extended_marks_and_days_where_units_differ(client, org, many):
    html = _page(client, org).content.decode()
    card = next(c for c in re.findall(r'<article class="card summary-task">(.*?)</article>', html, re.S) if SMALL in c)
    assert "18/11/2026</span> – <span" in card and "20/11/2026" in card  # the deadlines' range
    tan_trao, hop_thanh = re.findall(r"<li>(.*?)</li>", card)  # the longest overdue first
    assert "Xã Tân Trào" in tan_trao and "5 ngày" in tan_trao and "bị trả lại, chưa gửi lại" in tan_trao
    assert "Xã Hợp Thành" in hop_thanh and "3 ngày" in hop_thanh and "đã gia hạn" in hop_thanh
    assert "bị trả lại" not in hop_thanh and "đã gia hạn" not in tan_trao
    big = next(c for c in re.findall(r'<article class="card summary-task">(.*?)</article>', html, re.S) if BIG in c)
    assert "quá hạn 7 ngày" in big and " ngày</span>" not in big  # every commune as late: said once
    # Word: the same marks in the units cell; Excel: in both sheets.
    table = next(
        t for t in Document(io.BytesIO(summary_docx(many["summary"]))).tables if t.rows[0].cells[0].text == "TT"
    )
    cells = {r.cells[1].text.split("\n")[0]: (r.cells[1].text, r.cells[2].text) for r in table.rows[1:]}
    assert cells[SMALL][1] == "Xã Tân Trào (5, bị trả lại); Xã Hợp Thành (3, đã gia hạn)"
    assert "Hạn: 18/11/2026 – 20/11/2026" in cells[SMALL][0]
    assert "Hạn: 16/11/2026 (quá hạn 7 ngày)" in cells[BIG][0] and "(" not in cells[BIG][1]
    book = openpyxl.load_workbook(io.BytesIO(summary_xlsx(many["summary"])))
    rows = list(book["Theo nhiệm vụ"].iter_rows(min_row=4, values_only=True))
    start = next(i for i, r in enumerate(rows) if r[1] == SMALL)
    grouped = {r[1].strip(): r for r in rows[start + 1 : start + 3]} | {r[1]: r for r in rows if r[1] in (SMALL, BIG)}
    assert (grouped["Xã Tân Trào"][6], grouped["Xã Tân Trào"][7]) == (5, "Bị trả lại, chưa gửi lại")
    assert (grouped["Xã Hợp Thành"][6], grouped["Xã Hợp Thành"][7]) == (3, "Đã gia hạn")
    assert grouped[SMALL][7] == "Hạn từ 18/11/2026 đến 20/11/2026; 1 bị trả lại, chưa gửi lại"
    assert grouped[BIG][6] == 7
    flat = {(r[2], r[3]): r[8] for r in book["Từng đơn vị"].iter_rows(min_row=4, values_only=True)}
    assert flat[("Xã Tân Trào", SMALL)] == "Bị trả lại, chưa gửi lại"
    assert flat[("Xã Hợp Thành", SMALL)] == "Đã gia hạn"


def _same_everywhere(client, org, summary):
    """The page, the Word file and the Excel file list the same tasks with the same units, counts and
    totals — all equal to the stored rows."""
    response = _page(client, org)
    rows = stored_rows(summary)
    expected = _rows_by_task(rows)
    assert _page_cards(response.content.decode()) == expected
    groups = response.context["sections"]
    word_units, word_counts = _word(summary_docx(summary))
    assert word_units == expected
    assert word_counts == {t: len(u) for t, u in expected.items()}
    excel_units, excel_counts, leaders, total, flat = _excel(summary_xlsx(summary))
    assert excel_units == expected
    assert excel_counts == word_counts
    assert leaders == [(g["task_count"], g["count"]) for g in groups]
    assert total == (len(expected), summary.overdue_count)
    # The second sheet: one row per assignment, with filter buttons over all of them.
    assert flat.max_row == 3 + summary.overdue_count
    assert flat.auto_filter.ref == f"A3:I{3 + summary.overdue_count}"
    assert sorted((r[2], r[3]) for r in flat.iter_rows(min_row=4, values_only=True)) == sorted(
        (r["unit"], r["task"]) for r in rows
    )
    word_text = "\n".join(p.text for p in Document(io.BytesIO(summary_docx(summary))).paragraphs)
    assert f"I. NHIỆM VỤ QUÁ HẠN CHƯA BÁO CÁO: {len(expected)} nhiệm vụ, {summary.overdue_count} lượt đơn vị" in (
        word_text
    )


def test_word_and_excel_say_what_the_page_says(client, org, many, every_unit_shown):
    _same_everywhere(client, org, many["summary"])


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
        assert page.status_code == 200
        html = page.content.decode()
        title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
        main = html.split("<main", 1)[1]
        visible = re.sub(r'(href|action|value)="[^"]*"', "", main)
        assert not WEEK_CODE.search(visible + title), WEEK_CODE.search(visible + title)
    assert "tuần từ 23/11 đến 29/11/2026" in re.search(r"<title>(.*?)</title>", pages[0].content.decode()).group(1)
    assert "Tuần từ 23/11 đến 29/11/2026" in pages[1].content.decode()
    assert "Tuần từ 23/11 đến 29/11/2026" in pages[2].content.decode()
    word = Document(io.BytesIO(summary_docx(summary)))
    text = "\n".join(p.text for p in word.paragraphs)
    text += "\n".join(c.text for t in word.tables for r in t.rows for c in r.cells)
    assert "tuần từ 23/11 đến 29/11/2026" in text and not WEEK_CODE.search(text)
    book = openpyxl.load_workbook(io.BytesIO(summary_xlsx(summary)))
    cells = [str(v) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for v in row if v]
    assert all("tuần từ 23/11 đến 29/11/2026" in sheet["A1"].value for sheet in book.worksheets)
    assert not any(WEEK_CODE.search(c) for c in cells)
    download = client.get(reverse("tasks:summary_download", args=[W48.key, "docx"]))
    assert "bao-cao-thu-hai-23-11-2026.docx" in download["Content-Disposition"]


def test_the_email_is_grouped_by_task_and_names_the_week(org, many, django_capture_on_commit_callbacks):
    # The fixture's run queued its emails on a commit the test never made: deliver again, fresh.
    Notification.objects.all().delete()
    mail.outbox = []
    with django_capture_on_commit_callbacks(execute=True):
        weekly._deliver(many["summary"])
    message = next(m for m in mail.outbox if m.to == ["chutich@example.org"])
    html = message.alternatives[0][0]
    assert "tuần từ 23/11 đến 29/11/2026" in message.subject and not WEEK_CODE.search(message.subject)
    for body in (message.body.split("https://")[0], re.sub(r'href="[^"]*"', "", html)):
        assert not WEEK_CODE.search(body)
        assert "tuần từ 23/11 đến 29/11/2026" in body
        assert "Quá hạn chưa báo cáo: 4 nhiệm vụ, 27 lượt đơn vị" in body
        assert body.count(BIG) == 1
        assert f"{BIG} (hạn 16/11/2026): 23 đơn vị, quá hạn 7 ngày" in body
        assert f"{SMALL} (hạn 18/11/2026 – 20/11/2026): 2 đơn vị; 1 bị trả lại, chưa gửi lại" in body
        assert "Đến hạn trong tuần: 2 nhiệm vụ, 6 lượt đơn vị." in body
    assert message.attachments[0][0] == "bao-cao-thu-hai-23-11-2026.docx"


# ---- queries -------------------------------------------------------------------------------------

PAGE_QUERIES = 18
LIST_QUERIES = 11


def test_query_counts_do_not_grow_with_rows_or_weeks(client, org, time_machine, django_assert_num_queries):
    """The summary page and the list: the same exact count for one small summary and for five
    summaries, one of 40 rows (the page reads one slice of the stored rows; the list reads the totals
    stored on each summary)."""
    time_machine.move_to("2026-11-02 08:00 +07:00")
    assign(org, org.commune_a, deadline=date(2026, 11, 16))
    time_machine.move_to("2026-11-25 10:00 +07:00")
    weekly_summary_run(week=W48, deliver=False)
    client.force_login(org.chairman)
    detail, listing = reverse("tasks:summary_detail", args=[W48.key]), reverse("tasks:summary_list")
    with django_assert_num_queries(PAGE_QUERIES):
        assert client.get(detail).status_code == 200
    with django_assert_num_queries(LIST_QUERIES):
        assert client.get(listing).status_code == 200

    time_machine.move_to("2026-10-01 08:00 +07:00")
    communes = [UnitFactory() for _ in range(30)]
    assign(org, *communes, deadline=date(2026, 11, 9))
    assign(org, *communes[:10], deadline=date(2026, 11, 26), leader=org.vice_chairman.leaderships.get())
    time_machine.move_to("2026-11-25 10:00 +07:00")
    for key in ("2026-W44", "2026-W45", "2026-W46", "2026-W47"):
        weekly_summary_run(week=Week.parse(key), deliver=False)
    summary = weekly_summary_run(week=W48, force=True, deliver=False).result
    assert (summary.overdue_count, summary.upcoming_total) == (31, 10)
    with django_assert_num_queries(PAGE_QUERIES):
        response = client.get(detail)
    assert "Quá hạn chưa báo cáo: 2 nhiệm vụ, 31 lượt đơn vị" in response.content.decode()
    with django_assert_num_queries(LIST_QUERIES):
        response = client.get(listing)
    rows = re.findall(r'<td class="num" data-label="Quá hạn">(\d+)</td>', response.content.decode())
    assert len(rows) == 5 and rows[0] == "31"
    assert re.findall(r'data-label="Đến hạn trong tuần">(\d+)</td>', response.content.decode())[0] == "10"


def test_summary_list_query_count_is_the_same_for_2_and_30_weeks(client, org, time_machine, django_assert_num_queries):
    """The list of weeks reads the totals stored on each summary: as many queries for two stored
    weeks as for thirty (a full page)."""
    time_machine.move_to("2026-01-02 08:00 +07:00")
    assign(org, org.commune_a, org.commune_b, deadline=date(2026, 1, 5))
    time_machine.move_to("2026-11-25 10:00 +07:00")
    weeks = [Week.parse(f"2026-W{n:02d}") for n in range(12, 42)]
    for week in weeks[:2]:
        weekly_summary_run(week=week, deliver=False)
    client.force_login(org.chairman)
    listing = reverse("tasks:summary_list")
    with django_assert_num_queries(LIST_QUERIES):
        response = client.get(listing)
    assert len(re.findall(r'data-label="Quá hạn">2</td>', response.content.decode())) == 2

    for week in weeks[2:]:
        weekly_summary_run(week=week, deliver=False)
    assert WeeklySummary.objects.filter(superseded_at__isnull=True).count() == 30
    with django_assert_num_queries(LIST_QUERIES):
        response = client.get(listing)
    assert len(re.findall(r'data-label="Quá hạn">2</td>', response.content.decode())) == 30
