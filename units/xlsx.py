"""Spreadsheet downloads: every list a person may want to sort or forward also comes as .xlsx."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from copy import copy
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from io import BytesIO

from django.http import HttpResponse
from django.utils import timezone
from django.utils.functional import Promise
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_HEADER_FONT = Font(name="Times New Roman", bold=True)
_FONT = Font(name="Times New Roman")
_HEADER_FILL = PatternFill("solid", fgColor="DDE3EA")
_TITLE_FONT = Font(name="Times New Roman", bold=True, size=14)
_SUBTITLE_FONT = Font(name="Times New Roman", italic=True)
_ALIGN = Alignment(wrap_text=True, vertical="top")
_NO_WRAP = Alignment(wrap_text=False, vertical="top")
_NUMBER = Alignment(horizontal="right", vertical="top")


@dataclass
class Sheet:
    """One sheet: a title line, a subtitle, a header row, the rows (dates as real dates);
    `autofilter` puts filter buttons on the header row."""

    title: str
    subtitle: str
    headers: Sequence[str]
    rows: Iterable[Sequence]
    widths: Sequence[int]
    name: str = ""
    autofilter: bool = True  # filter buttons on the header row (every sheet has them)
    bold_rows: set[int] = field(default_factory=set)  # indexes into rows


class Percent(float):
    """A rate in percent (92.5): written as the fraction 0.925 with the format "0.0%"."""


# Text a spreadsheet would take for a formula (OWASP's CSV-injection rule): written as text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def build_workbook(
    *, title: str, subtitle: str, headers: Sequence[str], rows: Iterable[Sequence], widths: Sequence[int]
) -> bytes:
    """A one-sheet workbook: a title line, a subtitle, a header row, the rows (dates as real dates)."""
    return build_sheets([Sheet(title, subtitle, headers, rows, widths)])


def build_sheets(sheets: Sequence[Sheet]) -> bytes:
    """A workbook of several sheets, each as `build_workbook` lays one out."""
    workbook = Workbook(write_only=True)
    for spec in sheets:
        _write_sheet(workbook, spec)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _write_sheet(workbook: Workbook, spec: Sheet) -> None:
    sheet = workbook.create_sheet((spec.name or spec.title)[:31])
    for index, width in enumerate(spec.widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A4"
    # Printable: landscape A4, one page wide, the header row on every page, page numbers.
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = 9
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "3:3"
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.page_margins.top = sheet.page_margins.bottom = 0.6
    sheet.oddFooter.center.text = "Trang &P/&N"
    templates: dict[tuple, WriteOnlyCell] = {}

    def cell(value, font=_FONT, fill=None, number_format="General", align=_ALIGN):
        # Styling each cell from scratch makes openpyxl hash style objects per cell (most of the
        # export's time); copy one styled template per look instead.
        look = (id(font), id(fill), number_format, id(align))
        template = templates.get(look)
        if template is None:
            template = WriteOnlyCell(sheet)
            template.font, template.alignment, template.number_format = font, align, number_format
            if fill:
                template.fill = fill
            templates[look] = template
        c = WriteOnlyCell(sheet, value=str(value) if isinstance(value, Promise) else value)
        c._style = copy(template._style)
        if c.data_type == "f" or (isinstance(c.value, str) and c.value.startswith(FORMULA_STARTS)):
            # Never a formula: what a person typed stays text, exactly as typed.
            c.data_type = "s"
            c.quotePrefix = True
        return c

    # Titles on one line, running over the empty cells to their right (never cut in column A).
    sheet.append([cell(spec.title, _TITLE_FONT, align=_NO_WRAP)])
    sheet.append([cell(spec.subtitle, _SUBTITLE_FONT, align=_NO_WRAP)])
    sheet.append([cell(h, _HEADER_FONT, _HEADER_FILL) for h in spec.headers])
    count = 0
    for index, row in enumerate(spec.rows):
        font = _HEADER_FONT if index in spec.bold_rows else _FONT
        out = []
        for value in row:
            if isinstance(value, datetime):
                local = timezone.localtime(value).replace(tzinfo=None)
                out.append(cell(local, font, number_format="DD/MM/YYYY HH:MM"))
            elif isinstance(value, date):
                out.append(cell(value, font, number_format="DD/MM/YYYY"))
            elif isinstance(value, Percent):
                out.append(cell(value / 100, font, number_format="0.0%", align=_NUMBER))
            elif isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
                fmt = "#,##0" if isinstance(value, int) else "#,##0.0"
                out.append(cell(value, font, number_format=fmt, align=_NUMBER))
            else:
                out.append(cell(value, font))
        sheet.append(out)
        count += 1
    if spec.autofilter:
        sheet.auto_filter.ref = f"A3:{get_column_letter(len(spec.headers))}{3 + count}"


def xlsx_response(filename: str, content: bytes) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
