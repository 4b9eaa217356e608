"""The dashboard adds up (issue 10): per unit the four VPCP categories cover its assignments falling
due in the quarter's data period; the update and on-time rates follow their one definition; a unit
with nothing due is listed apart, never ranked at 0% or 100%; each count links to the list behind it
(and that list has exactly that many rows); the early warning counts what it says; quarters read
"Quý IV/2026", never "2026Q4", on pages, in emails and in documents; rollups stored before the
categories still read."""

from __future__ import annotations

import html as html_lib
import io
import random
import re
from datetime import date, datetime, timedelta

import openpyxl
import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from docx import Document

from library.workcalendar import LOCAL_TZ, Quarter
from reports import selectors
from reports import services as report_services
from reports.documents import rollup_docx, rollup_xlsx
from reports.models import QuarterRollup
from reports.services import periodic
from reports.services.reminders import quarterly_reminders_send
from tasks.models import Assignment, Category
from tasks.tests.factories import AssignmentFactory
from units.models import Notification, Position, UnitKind, User, today_local
from units.selectors import work_calendar
from units.tests.factories import MembershipFactory, UnitFactory
from units.tests.support import Q3, file_report

Q4 = Quarter.parse("2026Q4")
QUARTER_CODE = re.compile(r"\d{4}Q[1-4]")
MOMENT = datetime(2026, 11, 25, 10, 0, tzinfo=LOCAL_TZ)  # a Wednesday of Q4, data period 15/09–14/12
NINE_QUARTERS = [(2027, 1), (2026, 4), (2026, 3), (2026, 2), (2026, 1), (2025, 4), (2025, 3), (2025, 2), (2025, 1)]
FIGURES = {"hoi_nghi_quan_triet": 1}  # something to sign
CATEGORIES = [Category.DONE_ON_TIME, Category.DONE_LATE, Category.IN_PROGRESS, Category.OVERDUE]


def _category(a: Assignment, as_of: date) -> str:
    """The definition written out again, in Python, for the oracle."""
    if a.reported_on is not None:
        return Category.DONE_ON_TIME if a.reported_on <= a.effective_deadline else Category.DONE_LATE
    return Category.IN_PROGRESS if a.effective_deadline >= as_of else Category.OVERDUE


def _percent(part: int, whole: int) -> float:
    return round(100 * part / whole, 1)


def _due(unit, day: date) -> Assignment:
    return AssignmentFactory(unit=unit, original_deadline=day, deadline=day, effective_deadline=day)


def _section(html: str, marker: str) -> str:
    """The <section> of the page that starts with `marker`."""
    return html.split(marker, 1)[1].split("</section>", 1)[0]


def _links(fragment: str, prefix: str) -> list[tuple[str, int]]:
    """(URL, the count shown) of each link to `prefix` in an HTML fragment."""
    return [
        (html_lib.unescape(url), int(shown))
        for url, shown in re.findall(rf'<a href="({re.escape(prefix)}[^"]*)">(?:[^<]*<strong>)?(\d+)', fragment)
    ]


def _readable(html: str) -> str:
    """What a person reads of a page: its text, without the URLs (links keep the codes)."""
    main = html.split("<main", 1)[1] if "<main" in html else html
    main = re.sub(r'(href|action|value|src)="[^"]*"', "", main)
    return re.sub(r"<[^>]+>", " ", main)


@pytest.fixture
def quarter_data(org, template, time_machine):
    """On 25/11/2026: random assignments over 8 communes (seeded), deadlines on the period's edges,
    today and around it, reported before, on or after the deadline or not at all, some accepted;
    a unit with nothing at all, one with only assignments still within their deadline, one whose
    only assignment was reported early (due: it counts)."""
    time_machine.move_to(MOMENT)
    rng = random.Random(20261125)
    today = today_local()
    calendar = work_calendar()
    edges = [Q4.cutoff_start, Q4.cutoff_end, today, today - timedelta(days=1), today + timedelta(days=1)]
    units = [UnitFactory(name=f"Xã Ngẫu Nhiên {n}") for n in range(8)]
    for unit in units:
        for _ in range(rng.randint(1, 9)):
            if rng.random() < 0.3:
                nominal = rng.choice(edges)
            else:
                nominal = Q4.cutoff_start + timedelta(days=rng.randint(0, (Q4.cutoff_end - Q4.cutoff_start).days))
            effective = min(calendar.effective_date(nominal), Q4.cutoff_end)
            reported = rng.choice([None, None, effective - timedelta(days=2), effective, effective + timedelta(days=3)])
            if reported and reported > today:
                reported = None
            AssignmentFactory(
                unit=unit,
                original_deadline=nominal,
                deadline=nominal,
                effective_deadline=effective,
                reported_on=reported,
                completed_at=timezone.now() if reported and rng.random() < 0.5 else None,
            )
    # Just outside the period, on both sides: never counted.
    for day in (Q4.cutoff_start - timedelta(days=1), Q4.cutoff_end + timedelta(days=1)):
        _due(units[0], day)
    quiet = UnitFactory(name="Xã Chưa Có Việc")
    waiting = UnitFactory(name="Xã Còn Hạn")
    _due(waiting, date(2026, 12, 10))
    early = UnitFactory(name="Xã Báo Cáo Sớm")
    a = _due(early, date(2026, 12, 10))
    Assignment.objects.filter(pk=a.pk).update(reported_on=date(2026, 11, 20))
    return {"units": units, "quiet": quiet, "waiting": waiting, "early": early}


def _dashboard(client, org, **params):
    client.force_login(org.reviewer)
    return client.get(reverse("reports:dashboard"), {"quarter": Q4.key, **params})


def test_categories_add_up_and_equal_the_definition(client, org, quarter_data):
    response = _dashboard(client, org)
    rows = {r["unit"]: r for r in response.context["completion"] + response.context["nothing_due"]}
    today = today_local()
    assert response.context["completion_as_of"] == today
    for unit in [*quarter_data["units"], quarter_data["quiet"], quarter_data["waiting"], quarter_data["early"]]:
        mine = [
            a for a in Assignment.objects.filter(unit=unit) if Q4.cutoff_start <= a.effective_deadline <= Q4.cutoff_end
        ]
        expected = dict.fromkeys(CATEGORIES, 0)
        for a in mine:
            expected[_category(a, today)] += 1
        row = rows[unit.name]
        assert {c: row[c] for c in CATEGORIES} == expected, unit.name
        # The four add up to every assignment falling due in the period.
        assert sum(row[c] for c in CATEGORIES) == len(mine) == row["total"]
        due = expected[Category.DONE_ON_TIME] + expected[Category.DONE_LATE] + expected[Category.OVERDUE]
        assert row["due"] == due
        if due:
            reported = expected[Category.DONE_ON_TIME] + expected[Category.DONE_LATE]
            assert row["update_rate"] == _percent(reported, due)
            assert row["on_time_rate"] == _percent(expected[Category.DONE_ON_TIME], due)
        else:
            assert row["update_rate"] is None and row["on_time_rate"] is None
    # Something in each category, so the test means something.
    assert all(sum(r[c] for r in rows.values()) for c in CATEGORIES)
    ranked = response.context["completion"]
    keys = [(-r["update_rate"], -r["on_time_rate"], r["unit"]) for r in ranked]
    assert keys == sorted(keys)
    # Reported early: due, and ranked at 100%.
    assert rows["Xã Báo Cáo Sớm"]["due"] == 1 and rows["Xã Báo Cáo Sớm"]["update_rate"] == 100.0


def test_units_with_nothing_due_are_apart_never_ranked(client, org, quarter_data):
    response = _dashboard(client, org)
    ranked = [r["unit"] for r in response.context["completion"]]
    apart = [r["unit"] for r in response.context["nothing_due"]]
    assert "Xã Chưa Có Việc" in apart and "Xã Còn Hạn" in apart
    assert "Xã Chưa Có Việc" not in ranked and "Xã Còn Hạn" not in ranked
    assert all(r["due"] > 0 and r["update_rate"] is not None for r in response.context["completion"])
    html = response.content.decode()
    section = _section(html, 'id="completion"')
    table, after = section.split("</table>", 1)
    assert "Xã Chưa Có Việc" not in table and "Xã Còn Hạn" not in table
    apart_text = _readable(after.split("Chưa có nhiệm vụ đến hạn trong kỳ", 1)[1])
    assert "Xã Chưa Có Việc" in apart_text and "Xã Còn Hạn" in apart_text
    # 0 done and 0 overdue: no rate at all, neither 100% nor 0%.
    assert "%" not in apart_text
    assert re.search(r"Xã Còn Hạn \(\s*1 còn hạn\s*\)", " ".join(apart_text.split()))
    # The formulas are on the page, in words (the legend) and as tooltips of the headings.
    assert "Tỷ lệ cập nhật = (hoàn thành đúng hạn + hoàn thành trễ hạn) ÷ số nhiệm vụ đã đến hạn" in _readable(after)
    assert re.search(r'<abbr title="Tỷ lệ cập nhật = [^"]+">Tỷ lệ cập nhật</abbr>', table)
    assert re.search(r'<abbr title="Tỷ lệ đúng hạn = [^"]+">Tỷ lệ đúng hạn</abbr>', table)


def test_rates_shown_the_vietnamese_way(client, org, template, time_machine):
    time_machine.move_to(MOMENT)
    unit = UnitFactory(name="Xã Tám Phần")
    for n in range(8):
        a = _due(unit, date(2026, 10, 1))
        if n < 7:
            Assignment.objects.filter(pk=a.pk).update(reported_on=date(2026, 10, 1 if n < 3 else 5))
    row = next(r for r in _dashboard(client, org).context["completion"] if r["unit"] == "Xã Tám Phần")
    assert (row["update_rate"], row["on_time_rate"]) == (87.5, 37.5)
    table = _section(_dashboard(client, org).content.decode(), 'id="completion"')
    cells = re.search(r"Xã Tám Phần</td>(.*?)</tr>", table, re.S).group(1)
    assert "87,5%" in cells and "37,5%" in cells and "87.5" not in cells


def test_every_count_links_to_the_list_behind_it(client, org, quarter_data):
    html = _dashboard(client, org).content.decode()
    section = _section(html, 'id="completion"')
    links = _links(section, "/tasks/?")
    # Every non-zero count of the table is a link, the "due" column and the units apart included.
    table = section.split("</table>", 1)[0]
    shown = [int(n) for n in re.findall(r'<td class="num" data-label="[^"]+">(?:<a [^>]+>)?(\d+)', table)]
    assert len(_links(table, "/tasks/?")) == sum(1 for n in shown if n) > 20
    assert any("category=due" in url for url, _n in links) and any("category=in_progress" in url for url, _n in links)
    for url, count in links:
        page = client.get(url)
        assert page.status_code == 200 and not page.context["filter"].form.errors, url
        assert page.context["page"].paginator.count == count, url
        assert f"{count} lượt giao" in page.content.decode()


def test_submission_counts_link_to_the_quarterly_list(client, org, template, time_machine):
    """Q3 after day 20 (effective 21/9): commune A sent on time, commune B late, a third unit's
    report was returned, the rest sent nothing; each count opens the quarterly list of those units."""
    file_report(org, template, org.commune_a, org.chair_a, values=FIGURES, time_machine=time_machine)
    late = "2026-09-23 09:00 +07:00"
    file_report(org, template, org.commune_b, org.chair_b, values=FIGURES, when=late, time_machine=time_machine)
    returned = UnitFactory(name="Xã Bị Trả Lại")
    head = MembershipFactory(unit=returned, position=Position.HEAD).user
    sent = file_report(org, template, returned, head, values=FIGURES, accept=False, time_machine=time_machine)
    report_services.quarterly_return(actor=org.reviewer, report=sent, reasons=["low_quality"])
    UnitFactory(name="Phòng Chưa Gửi", kind=UnitKind.AGENCY)
    time_machine.move_to("2026-09-25 10:00 +07:00")
    client.force_login(org.chairman)
    for kind in ("", "local", "agency"):
        response = client.get(reverse("reports:dashboard"), {"quarter": Q3.key, "kind": kind})
        counts = response.context["counts"]
        if not kind:
            assert counts == {"on_time": 1, "late": 1, "returned": 1, "missing": 2}
        tally = _section(response.content.decode(), '<ul class="tally"').split("</ul>")[0]
        links = _links(tally, "/reports/quarterly/?")
        assert len(links) == 4
        for url, count in links:
            status = re.search(r"status=(\w+)", url).group(1)
            assert count == counts[status]
            page = client.get(url)
            assert page.status_code == 200
            assert len(page.context["rows"]) == count, url
            names = {row["unit"].name for row in page.context["rows"]}
            assert names == {r["unit"] for r in response.context["submissions"] if r["status"] == status}


def test_early_warning_counts_what_is_due_within_three_working_days(client, org, quarter_data, settings):
    settings.EARLY_WARNING_WORKING_DAYS = 3
    today = today_local()
    calendar = work_calendar()
    # The third working day after today, counted day by day (not through add_working_days).
    until, working = today, 0
    while working < 3:
        until += timedelta(days=1)
        working += calendar.is_working_day(until)
    assert until == date(2026, 11, 30)  # Wed 25/11 → Thu, Fri, (weekend), Mon 30/11
    soon, other = quarter_data["units"][0], quarter_data["units"][1]
    for day in (today, today + timedelta(days=1), date(2026, 11, 29), until, until + timedelta(days=1)):
        _due(soon, day)
    reported = _due(other, until)
    Assignment.objects.filter(pk=reported.pk).update(reported_on=today)
    _due(other, today - timedelta(days=1))  # overdue already: not "due soon"
    response = _dashboard(client, org)
    expected: dict[str, int] = {}
    for a in Assignment.objects.select_related("unit"):
        if a.reported_on is None and a.completed_at is None and today <= a.effective_deadline <= until:
            expected[a.unit.name] = expected.get(a.unit.name, 0) + 1
    assert {r["unit"]: r["n"] for r in response.context["due_soon"]} == expected
    assert expected[soon.name] >= 4 and response.context["due_soon_until"] == until
    card = _section(response.content.decode(), 'class="card early-warning"')
    assert "30/11/2026" in card
    links = _links(card, "/tasks/?")
    assert len(links) == len(expected)
    for url, count in links:
        assert client.get(url).context["page"].paginator.count == count, url


def test_early_warning_empty_state_in_words(client, org, template, time_machine):
    time_machine.move_to(MOMENT)
    card = _section(_dashboard(client, org).content.decode(), 'class="card early-warning"')
    assert "Không đơn vị nào có nhiệm vụ sắp đến hạn mà chưa báo cáo." in card


def test_quarter_picker_names_quarters(client, org, quarter_data):
    html = _dashboard(client, org).content.decode()
    picker = html.split('<select id="quarter" name="quarter">', 1)[1].split("</select>", 1)[0]
    options = re.findall(r'<option value="(\d{4}Q[1-4])"( selected)?>([^<]+)</option>', picker)
    # The next quarter and the last eight, newest first; value the code, the label as people say it.
    assert [v for v, _s, _l in options] == [f"{y}Q{n}" for y, n in NINE_QUARTERS]
    assert [label for _v, _s, label in options][:2] == ["Quý I/2027", "Quý IV/2026"]
    assert [v for v, selected, _l in options if selected] == ["2026Q4"]
    # A quarter reached by a link stays in the picker.
    old = _dashboard(client, org, quarter="2024Q2").content.decode()
    assert '<option value="2024Q2" selected>Quý II/2024</option>' in old


def test_no_quarter_code_where_people_read(client, org, quarter_data):
    html = _dashboard(client, org).content.decode()
    assert not QUARTER_CODE.search(_readable(html)), QUARTER_CODE.search(_readable(html))
    periodic.quarter_rollup_run(quarter=Q4)
    rollup = QuarterRollup.objects.get(quarter=Q4.key)
    for url in (
        reverse("reports:rollup", args=[Q4.key]),
        reverse("reports:rollup_issue", args=[Q4.key]),
        reverse("reports:quarterly_list") + f"?quarter={Q4.key}&status=missing",
    ):
        page = client.get(url).content.decode()
        assert not QUARTER_CODE.search(_readable(page)), (url, QUARTER_CODE.search(_readable(page)))
    document = Document(io.BytesIO(rollup_docx(rollup)))
    word = "\n".join(
        [p.text for p in document.paragraphs]
        + [c.text for t in document.tables for r in t.rows for c in r.cells]
        + [p.text for s in document.sections for p in s.header.paragraphs + s.footer.paragraphs]
    )
    assert "Quý IV/2026" in word and not QUARTER_CODE.search(word)
    sheet = openpyxl.load_workbook(io.BytesIO(rollup_xlsx(rollup))).active
    cells = " ".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None)
    assert "Quý IV/2026" in cells and not QUARTER_CODE.search(cells)


def test_no_quarter_code_in_emails_and_notices(org, template, time_machine, django_capture_on_commit_callbacks):
    """The whole Q3 cycle through the real services: reminders before day 20, a report sent,
    accepted, another returned, the day-20 record, the day-25 draft, issuing it."""
    head_ha = MembershipFactory(unit=org.home_affairs, position=Position.HEAD).user
    for user in User.objects.all():
        user.email = f"{user.username}@sonduong.example"
        user.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        time_machine.move_to("2026-09-14 09:00 +07:00")
        assert quarterly_reminders_send(today=date(2026, 9, 14)) > 0
        file_report(org, template, org.commune_a, org.chair_a, values=FIGURES, time_machine=time_machine)
        sent = file_report(org, template, org.commune_b, org.chair_b, values=FIGURES, accept=False)
        report_services.quarterly_return(actor=org.reviewer, report=sent, reasons=["low_quality"])
        time_machine.move_to("2026-09-22 09:00 +07:00")
        periodic.quarter_submissions_run(quarter=Q3)
        time_machine.move_to("2026-09-25 09:00 +07:00")
        periodic.quarter_rollup_run(quarter=Q3)
        rollup = QuarterRollup.objects.get(quarter=Q3.key)
        report_services.rollup_issue(actor=head_ha, rollup=rollup, confirmed_empty=True)
    templates = set()
    assert len(mail.outbox) >= 6
    for message in mail.outbox:
        html = next((body for body, mime in message.alternatives if mime == "text/html"), "")
        text = re.sub(r"https?://\S+", "", f"{message.subject}\n{message.body}")
        for readable in (text, _readable(html)):
            assert not QUARTER_CODE.search(readable), (message.subject, readable)
        for name, *_rest in message.attachments:
            assert not QUARTER_CODE.search(name), name
        templates.add(message.subject)
    notices = Notification.objects.all()
    keys = {n.key.split(":")[0] for n in notices}
    assert {"q20-remind", "q20", "q25", "rollup-issued"} <= keys, keys
    for notice in notices:
        readable = notice.subject + "\n" + re.sub(r"https?://\S+", "", notice.body)
        assert not QUARTER_CODE.search(readable), notice.subject
    assert any("Quý III/2026" in subject for subject in templates)


OLD_ROWS = [
    # As stored before the four categories: the statuses of the time, with their rate.
    {
        "unit": "Xã Cũ",
        "local": True,
        "total": 5,
        "completed": 2,
        "on_time": 1,
        "late": 0,
        "overdue": 1,
        "not_due": 1,
        "rate": 60.0,
    },
    {
        "unit": "Xã Không Việc",
        "local": True,
        "total": 0,
        "completed": 0,
        "on_time": 0,
        "late": 0,
        "overdue": 0,
        "not_due": 0,
        "rate": None,
    },
    # Fewer keys still: total, completed, overdue, rate.
    {"unit": "Xã Rất Cũ", "local": True, "total": 6, "completed": 3, "overdue": 1, "rate": 50.0},
]


def test_a_rollup_stored_before_the_categories_still_reads(client, org, template, time_machine):
    time_machine.move_to(MOMENT)
    periodic.quarter_rollup_run(quarter=Q4)
    rollup = QuarterRollup.objects.get(quarter=Q4.key)
    rollup.data = {**rollup.data, "completion": OLD_ROWS}
    rollup.save(update_fields=["data"])
    readable = {r["unit"]: r for r in selectors.completion_readable(OLD_ROWS)}
    assert readable["Xã Cũ"]["due"] == 4 and readable["Xã Cũ"]["update_rate"] == 75.0
    assert readable["Xã Cũ"]["done_on_time"] is None and readable["Xã Cũ"]["on_time_rate"] is None
    # 6 = 3 completed + 1 overdue + 2 not yet due: 3 of 4 due reported.
    assert readable["Xã Rất Cũ"]["due"] == 4 and readable["Xã Rất Cũ"]["update_rate"] == 75.0
    assert readable["Xã Rất Cũ"]["in_progress"] == 2
    assert readable["Xã Không Việc"]["due"] == 0 and readable["Xã Không Việc"]["update_rate"] is None
    client.force_login(org.reviewer)
    for url in (reverse("reports:rollup", args=[Q4.key]), reverse("reports:rollup_issue", args=[Q4.key])):
        page = client.get(url)
        assert page.status_code == 200
        html = page.content.decode()
        table = _section(html, 'id="completion"').split("</table>")[0]
        assert "75%" in table and "Xã Cũ" in table and "Xã Không Việc" not in table
        assert "Xã Không Việc" in html.split("Chưa có nhiệm vụ đến hạn trong kỳ")[1]
    document = Document(io.BytesIO(rollup_docx(rollup)))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    assert "75%" in cells and "Xã Rất Cũ" in cells and "Xã Không Việc" not in cells
    assert any("Xã Không Việc" in p.text for p in document.paragraphs)
    sheet = openpyxl.load_workbook(io.BytesIO(rollup_xlsx(rollup))).active
    assert sheet.max_row > 3


def test_the_rollup_documents_use_the_categories(client, org, quarter_data):
    """The day-25 Word and Excel: per unit due, done on time, done late, overdue and both rates,
    equal to the dashboard's rows (one definition); units with nothing due named apart."""
    response = _dashboard(client, org)
    periodic.quarter_rollup_run(quarter=Q4)
    rollup = QuarterRollup.objects.get(quarter=Q4.key)
    document = Document(io.BytesIO(rollup_docx(rollup)))
    table = next(t for t in document.tables if t.rows[0].cells[-1].text == "Tỷ lệ đúng hạn")
    word_rows = {r.cells[1].text: [c.text for c in r.cells[2:]] for r in table.rows[1:]}
    for r in response.context["completion"]:
        assert word_rows[r["unit"]] == [
            str(r["due"]),
            str(r["done_on_time"]),
            str(r["done_late"]),
            str(r["overdue"]),
            f"{r['update_rate']:g}".replace(".", ",") + "%",
            f"{r['on_time_rate']:g}".replace(".", ",") + "%",
        ]
    assert len(word_rows) == len(response.context["completion"])
    apart = next(p.text for p in document.paragraphs if p.text.startswith("Chưa có nhiệm vụ đến hạn trong kỳ"))
    assert "Xã Chưa Có Việc" in apart and "Xã Còn Hạn" in apart
    sheet = openpyxl.load_workbook(io.BytesIO(rollup_xlsx(rollup))).active
    by_unit = {row[0]: row for row in sheet.iter_rows(values_only=True) if row and row[0]}
    for r in response.context["completion"]:
        assert by_unit[r["unit"]][4:10] == (
            r["due"],
            r["done_on_time"],
            r["done_late"],
            r["overdue"],
            # Rates as fractions shown with the "0.0%" format.
            None if r["update_rate"] is None else pytest.approx(r["update_rate"] / 100),
            None if r["on_time_rate"] is None else pytest.approx(r["on_time_rate"] / 100),
        )


def test_downloads_are_named_by_the_quarter_people_say(client, org, template, time_machine):
    time_machine.move_to(MOMENT)
    periodic.quarter_rollup_run(quarter=Q4)
    client.force_login(org.reviewer)
    response = client.get(reverse("reports:rollup_download", args=[Q4.key, "docx"]))
    # A draft says so in its name; the issued version carries its number (test_decree30).
    assert 'filename="tong-hop-quy-IV-2026-lan-1-du-thao.docx"' in response["Content-Disposition"]
