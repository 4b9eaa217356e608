"""Spreadsheet downloads: every list a person may want to sort or forward also comes as .xlsx."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
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


def build_workbook(*, title: str, subtitle: str, headers: Sequence[str], rows: Iterable[Sequence], widths: Sequence[int]) -> bytes:
    """A one-sheet workbook: a title line, a subtitle, a header row, the rows (dates as real dates)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A4"

    def cell(value, font=_FONT, fill=None, number_format=None):
        # Labels are often lazy translations; the sheet wants plain text.
        c = WriteOnlyCell(sheet, value=str(value) if isinstance(value, Promise) else value)
        c.font = font
        c.alignment = Alignment(wrap_text=True, vertical="top")
        if fill:
            c.fill = fill
        if number_format:
            c.number_format = number_format
        return c

    sheet.append([cell(title, Font(name="Times New Roman", bold=True, size=14))])
    sheet.append([cell(subtitle, Font(name="Times New Roman", italic=True))])
    sheet.append([cell(h, _HEADER_FONT, _HEADER_FILL) for h in headers])
    for row in rows:
        out = []
        for value in row:
            if isinstance(value, datetime):
                out.append(cell(timezone.localtime(value).replace(tzinfo=None), number_format="DD/MM/YYYY HH:MM"))
            elif isinstance(value, date):
                out.append(cell(value, number_format="DD/MM/YYYY"))
            else:
                out.append(cell(value))
        sheet.append(out)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(filename: str, content: bytes) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
