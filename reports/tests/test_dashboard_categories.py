"""The dashboard adds up (issue 10): per unit the four VPCP categories cover its assignments falling
due in the quarter's data period; the update and on-time rates follow their one definition; a unit
with nothing due is listed apart, never ranked at 0% or 100%; each count links to the list behind it;
the early warning counts what it says; quarters read "Quý IV/2026", never "2026Q4"."""

from __future__ import annotations

import io
import random
import re
from datetime import date, datetime, timedelta

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document

from reports import periodic, selectors
from reports.documents import rollup_docx, rollup_xlsx
from reports.models import QuarterRollup
from tasks.models import Assignment, Category, due_count, on_time_rate, update_rate
from tasks.tests.factories import AssignmentFactory
from units.models import today_local
from units.selectors import work_calendar
from units.tests.factories import UnitFactory
from units.workcalendar import LOCAL_TZ, Quarter

Q4 = Quarter.parse("2026Q4")
QUARTER_CODE = re.compile(r"\b\d{4}Q[1-4]\b")
MOMENT = datetime(2026, 11, 25, 10, 0, tzinfo=LOCAL_TZ)


def _category(a: Assignment, as_of: date) -> str:
    """The definition written out again, in Python, for the oracle."""
    if a.reported_on is not None:
        return Category.DONE_ON_TIME if a.reported_on <= a.effective_deadline else Category.DONE_LATE
    return Category.IN_PROGRESS if a.effective_deadline >= as_of else Category.OVERDUE


@pytest.fixture
def quarter_data(org, template, time_machine):
    """On 25/11/2026 (Q4, data period 15/09–14/12): random assignments over 8 communes, a unit with
    nothing at all, one with only assignments still within their deadline."""
    time_machine.move_to(MOMENT)
    rng = random.Random(10)
    today = today_local()
    units = [UnitFactory(name=f"Xã Ngẫu Nhiên {n}") for n in range(8)]
    for unit in units:
        for _ in range(rng.randint(1, 7)):
            deadline = Q4.cutoff_start + timedelta(days=rng.randint(0, (Q4.cutoff_end - Q4.cutoff_start).days))
            reported = rng.choice([None, deadline - timedelta(days=2), deadline + timedelta(days=3)])
            if reported and reported > today:
                reported = None
            AssignmentFactory(
                unit=unit,
                original_deadline=deadline,
                deadline=deadline,
                effective_deadline=deadline,
                reported_on=reported,
                completed_at=timezone.now() if reported and rng.random() < 0.5 else None,
            )
    # Outside the period: never counted.
    AssignmentFactory(
        unit=units[0],
        original_deadline=date(2026, 9, 1),
        deadline=date(2026, 9, 1),
        effective_deadline=date(2026, 9, 1),
    )
    quiet = UnitFactory(name="Xã Chưa Có Việc")
    waiting = UnitFactory(name="Xã Còn Hạn")
    later = date(2026, 12, 10)
    AssignmentFactory(unit=waiting, original_deadline=later, deadline=later, effective_deadline=later)
    return {"units": units, "quiet": quiet, "waiting": waiting}


def test_categories_add_up_and_equal_the_definition(client, org, quarter_data):
    client.force_login(org.reviewer)
    response = client.get(reverse("reports:dashboard"), {"quarter": Q4.key})
    ranked = {r["unit"]: r for r in response.context["completion"]}
    today = today_local()
    for unit in quarter_data["units"]:
        mine = Assignment.objects.filter(
            unit=unit, effective_deadline__gte=Q4.cutoff_start, effective_deadline__lte=Q4.cutoff_end
        )
        expected = dict.fromkeys(Category.values, 0)
        for a in mine:
            expected[_category(a, today)] += 1
        row = ranked.get(unit.name) or next(r for r in response.context["nothing_due"] if r["unit"] == unit.name)
        assert {c: row[c] for c in Category.values} == expected
        assert sum(expected.values()) == mine.count() == row["total"]
        assert row["due"] == due_count(expected)
        assert row["update_rate"] == update_rate(expected) and row["on_time_rate"] == on_time_rate(expected)
        if row["due"]:
            reported = expected[Category.DONE_ON_TIME] + expected[Category.DONE_LATE]
            assert row["update_rate"] == round(100 * reported / row["due"], 1)
    rates = [(r["update_rate"], r["on_time_rate"]) for r in response.context["completion"]]
    assert rates == sorted(rates, key=lambda x: (-x[0], -x[1]))


def test_units_with_nothing_due_are_apart_never_ranked(client, org, quarter_data):
    client.force_login(org.reviewer)
    response = client.get(reverse("reports:dashboard"), {"quarter": Q4.key})
    ranked = [r["unit"] for r in response.context["completion"]]
    apart = [r["unit"] for r in response.context["nothing_due"]]
    assert "Xã Chưa Có Việc" in apart and "Xã Còn Hạn" in apart
    assert "Xã Chưa Có Việc" not in ranked and "Xã Còn Hạn" not in ranked
    assert all(r["due"] > 0 and r["update_rate"] is not None for r in response.context["completion"])
    html = response.content.decode()
    assert "Chưa có nhiệm vụ đến hạn trong kỳ" in html and "Xã Còn Hạn (1 còn hạn)" in html
    table = html.split('id="completion"')[1].split("</table>")[0]
    assert "Xã Chưa Có Việc" not in table
    # The formula is on the page, in words, beside the rate.
    assert "Tỷ lệ cập nhật = (hoàn thành đúng hạn + hoàn thành trễ hạn) ÷ số nhiệm vụ đã đến hạn" in html


def test_every_count_links_to_the_list_behind_it(client, org, quarter_data):
    client.force_login(org.reviewer)
    html = client.get(reverse("reports:dashboard"), {"quarter": Q4.key}).content.decode()
    table = html.split('id="completion"')[1].split("</table>")[0]
    links = re.findall(r'<a href="(/tasks/\?[^"]+)">(\d+)</a>', table)
    assert len(links) >= 8
    for url, shown in links:
        page = client.get(url.replace("&amp;", "&"))
        assert page.status_code == 200 and not page.context["filter"].form.errors
        assert page.context["page"].paginator.count == int(shown), url
    # The quarterly submission counts filter the dashboard's own table of submissions.
    missing = client.get(reverse("reports:dashboard"), {"quarter": Q4.key, "submitted": "missing"})
    assert {r["status"] for r in missing.context["submissions"]} == {"missing"}
    assert len(missing.context["submissions"]) == missing.context["counts"]["missing"]


def test_early_warning_counts_what_is_due_within_three_working_days(client, org, quarter_data, time_machine):
    today = today_local()
    calendar = work_calendar()
    until = calendar.add_working_days(today, 3)
    soon = quarter_data["units"][0]
    for offset in (0, 1, (until - today).days, (until - today).days + 1):
        d = today + timedelta(days=offset)
        AssignmentFactory(unit=soon, original_deadline=d, deadline=d, effective_deadline=d)
    client.force_login(org.reviewer)
    response = client.get(reverse("reports:dashboard"), {"quarter": Q4.key})
    expected = {}
    for a in Assignment.objects.filter(
        reported_on__isnull=True,
        completed_at__isnull=True,
        effective_deadline__gte=today,
        effective_deadline__lte=until,
    ).select_related("unit"):
        expected[a.unit.name] = expected.get(a.unit.name, 0) + 1
    assert {r["unit"]: r["n"] for r in response.context["due_soon"]} == expected
    assert expected[soon.name] >= 3
    assert response.context["due_soon_until"] == until


def test_no_quarter_code_where_people_read(client, org, quarter_data):
    client.force_login(org.reviewer)
    html = client.get(reverse("reports:dashboard"), {"quarter": Q4.key}).content.decode()
    visible = re.sub(r'(href|action|value)="[^"]*"', "", html.split("<main", 1)[1])
    assert not QUARTER_CODE.search(visible), QUARTER_CODE.search(visible)
    assert '<option value="2026Q4" selected>Quý IV/2026</option>' in html
    periodic.quarter_rollup_run(quarter=Q4)
    rollup = QuarterRollup.objects.get(quarter=Q4.key)
    word = "\n".join(p.text for p in Document(io.BytesIO(rollup_docx(rollup))).paragraphs)
    assert "Quý IV/2026" in word and not QUARTER_CODE.search(word)
    from django.template.loader import render_to_string

    for template in ("quarter_rollup_issued_subject.txt", "quarterly_submitted_subject.txt", "quarterly_submitted.txt"):
        report = type("R", (), {"quarter": Q4.key, "quarter_label": Q4.label, "unit": org.commune_a, "version": 1})
        text = render_to_string(f"emails/{template}", {"rollup": rollup, "report": report, "url": "/", "site_url": ""})
        assert "Quý IV/2026" in text and not QUARTER_CODE.search(text), template


def test_a_rollup_stored_before_the_categories_still_reads(client, org, template, time_machine):
    time_machine.move_to(MOMENT)
    periodic.quarter_rollup_run(quarter=Q4)
    rollup = QuarterRollup.objects.get(quarter=Q4.key)
    old_rows = [
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
    ]
    rollup.data = {**rollup.data, "completion": old_rows}
    rollup.save(update_fields=["data"])
    readable = selectors.completion_readable(old_rows)
    assert readable[0]["due"] == 4 and readable[0]["update_rate"] == 75.0 and readable[0]["done_on_time"] is None
    client.force_login(org.reviewer)
    page = client.get(reverse("reports:rollup", args=[Q4.key]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "75%" in html and "Xã Không Việc" in html.split("Chưa có nhiệm vụ đến hạn trong kỳ")[1]
    cells = [c.text for t in Document(io.BytesIO(rollup_docx(rollup))).tables for r in t.rows for c in r.cells]
    assert "75%" in cells
    sheet = openpyxl.load_workbook(io.BytesIO(rollup_xlsx(rollup))).active
    assert sheet.max_row > 3


def test_downloads_are_named_by_the_quarter_people_say(client, org, template, time_machine):
    time_machine.move_to(MOMENT)
    periodic.quarter_rollup_run(quarter=Q4)
    client.force_login(org.reviewer)
    response = client.get(reverse("reports:rollup_download", args=[Q4.key, "docx"]))
    assert 'filename="tong-hop-quy-IV-2026-lan-1.docx"' in response["Content-Disposition"]
