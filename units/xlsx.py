"""Spreadsheet downloads: every list a person may want to sort or forward also comes as .xlsx."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from copy import copy
from dataclasses import dataclass, field
from datetime import date, datetime
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
    autofilter: bool = False
    bold_rows: set[int] = field(default_factory=set)  # indexes into rows


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
    templates: dict[tuple, WriteOnlyCell] = {}

    def cell(value, font=_FONT, fill=None, number_format="General"):
        # Styling each cell from scratch makes openpyxl hash style objects per cell (most of the
        # export's time); copy one styled template per look instead.
        look = (id(font), id(fill), number_format)
        template = templates.get(look)
        if template is None:
            template = WriteOnlyCell(sheet)
            template.font, template.alignment, template.number_format = font, _ALIGN, number_format
            if fill:
                template.fill = fill
            templates[look] = template
        c = WriteOnlyCell(sheet, value=str(value) if isinstance(value, Promise) else value)
        c._style = copy(template._style)
        return c

    sheet.append([cell(spec.title, _TITLE_FONT)])
    sheet.append([cell(spec.subtitle, _SUBTITLE_FONT)])
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
