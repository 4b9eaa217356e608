"""Spreadsheet downloads: every list a person may want to sort or forward also comes as .xlsx.

Every workbook goes through `_write_sheet`, so every export prints and is safe the same way
(docs/architecture.md §6, "Excel"): landscape A4 one page wide with the header row repeated and
frozen, filter buttons on the header row, titles that are never cut, row heights that fit wrapped
text, real dates, right-aligned numbers and percentages, and typed text never read as a formula.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from contextvars import ContextVar
from copy import copy
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from io import BytesIO
from math import ceil

from django.http import HttpResponse
from django.utils import timezone
from django.utils.functional import Promise
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import IllegalCharacterError
from openpyxl.worksheet.dimensions import RowDimension

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_HEADER_FONT = Font(name="Times New Roman", bold=True)
_FONT = Font(name="Times New Roman")
_HEADER_FILL = PatternFill("solid", fgColor="DDE3EA")
_TITLE_FONT = Font(name="Times New Roman", bold=True, size=14)
_SUBTITLE_FONT = Font(name="Times New Roman", italic=True)
_ALIGN = Alignment(wrap_text=True, vertical="top")
_NO_WRAP = Alignment(wrap_text=False, vertical="top")
_TITLE_WRAP = Alignment(wrap_text=True, vertical="top")
_NUMBER = Alignment(horizontal="right", vertical="top")
_DATE = Alignment(horizontal="center", vertical="top")

# Row heights (points) for wrapped text: one line of Times New Roman 11 is 15.75 pt; Excel's
# highest row is 409 pt. A column of width w holds about 1.2 × w characters of Vietnamese body text
# in Excel (LibreOffice fits more, about 1.5 × w); 1.1 × w leaves room for word breaks and capitals,
# so a printed row is now and then a line too high rather than cut short. Bold headers likewise.
LINE_HEIGHT = 15.75
TITLE_LINE_HEIGHT = 18.75
MAX_ROW_HEIGHT = 409.0
CHARS_PER_WIDTH = 1.1
HEADER_CHARS_PER_WIDTH = 1.1
# Width units one character of the title (14 pt bold) and of the subtitle (11 pt italic) takes.
TITLE_WIDTH_PER_CHAR = 1.35
SUBTITLE_WIDTH_PER_CHAR = 0.95
DEFAULT_WIDTH = 8.43  # Excel's width of a column nobody sized

HEADER_ROW = 3

# A background export (units.exports) listens here: called with the number of rows written since
# the last call, every PROGRESS_EVERY rows of every sheet.
progress_hook: ContextVar[Callable[[int], None] | None] = ContextVar("xlsx_progress_hook", default=None)
PROGRESS_EVERY = 5000


class _BodyCell(Cell):
    """A body cell, reused row after row for one column and one look (see `_write_sheet`).

    A write-only sheet's `append` first tries each item as a plain value and takes it as a cell when
    that fails, formatting the failure's message with the item's repr: a cheap repr keeps that
    expected failure from costing more than the cell's own writing."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "<cell>"


@dataclass
class Sheet:
    """One sheet: a title line, a subtitle, a header row (row 3), the rows (dates as real dates).

    `autofilter` puts filter buttons on the header row (default: every sheet has them; the field
    stays for callers that pass it). `bold_rows` are indexes into `rows`. `landscape` prints
    across the page (the default; portrait for narrow lists)."""

    title: str
    subtitle: str
    headers: Sequence[str]
    rows: Iterable[Sequence]
    widths: Sequence[int]
    name: str = ""
    autofilter: bool = True
    bold_rows: set[int] = field(default_factory=set)
    landscape: bool = True


class Percent(float):
    """A rate in percent (92.5): written as the fraction 0.925 with the format "0.0%", right-aligned."""


class Score(float):
    """A score with two places (68.54, a rating's points): written with the format "#,##0.00"."""


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


def text_lines(text: str, chars_per_line: float) -> int:
    """How many lines `text` takes wrapped in a column holding `chars_per_line` characters;
    each explicit line break starts a new line."""
    if "\n" not in text:
        return ceil(len(text) / chars_per_line) or 1
    return sum(ceil(len(part) / chars_per_line) or 1 for part in text.split("\n"))


def row_height(lines: int, line_height: float = LINE_HEIGHT) -> float:
    """The height in points of a row of `lines` lines, at most Excel's highest row."""
    return min(line_height * lines, MAX_ROW_HEIGHT)


def _page_setup(sheet, spec: Sheet) -> None:
    """Printable: A4, one page wide and as many tall as needed, the header row on every page and
    frozen under it, narrow margins, "Trang 2/5" at the foot, centred across the page."""
    sheet.page_setup.orientation = "landscape" if spec.landscape else "portrait"
    sheet.page_setup.paperSize = 9  # A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    margins = sheet.page_margins
    margins.left = margins.right = 0.4
    margins.top = margins.bottom = 0.6
    margins.header = margins.footer = 0.3
    sheet.print_options.horizontalCentered = True
    sheet.oddFooter.center.text = "Trang &P/&N"
    sheet.oddFooter.center.font = "Times New Roman"
    sheet.oddFooter.center.size = 10


def _write_sheet(workbook: Workbook, spec: Sheet) -> None:
    sheet = workbook.create_sheet((spec.name or spec.title)[:31])
    columns = max(len(spec.headers), len(spec.widths), 1)
    widths = [spec.widths[i] if i < len(spec.widths) else DEFAULT_WIDTH for i in range(columns)]
    for index, width in enumerate(spec.widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    last_column = get_column_letter(columns)
    _page_setup(sheet, spec)
    templates: dict[tuple, WriteOnlyCell] = {}

    def cell(value, font=_FONT, fill=None, number_format="General", align=_ALIGN):
        # A title or header cell: styled from one template per look (styling each cell from
        # scratch makes openpyxl hash style objects per cell).
        look = (id(font), id(fill), number_format, id(align))
        template = templates.get(look)
        if template is None:
            template = WriteOnlyCell(sheet)
            template.font, template.alignment, template.number_format = font, align, number_format
            if fill:
                template.fill = fill
            templates[look] = template
        c = WriteOnlyCell(sheet)
        c._style = copy(template._style)
        _set_value(c, value)
        if isinstance(value, str) and value.startswith(FORMULA_STARTS):
            c.quotePrefix = True
        return c

    # Body cells: a write-only sheet writes each row's cells as soon as the row is appended and
    # keeps none of them, so one cell per (column, look) serves every row; only its value changes.
    # Creating and styling a cell per value was most of a large export's time (docs §11).
    body: dict[tuple, _BodyCell] = {}

    def body_cell(column, value, font, number_format="General", align=_ALIGN):
        quoted = isinstance(value, str) and value.startswith(FORMULA_STARTS)
        key = (column, id(font), number_format, id(align), quoted)
        c = body.get(key)
        if c is None:
            c = body[key] = _BodyCell(sheet, row=1, column=column + 1)
            c.font, c.alignment, c.number_format = font, align, number_format
            c.quotePrefix = quoted
        _set_value(c, value)
        return c

    _write_titles(sheet, spec, cell, widths, last_column)

    header_chars = [w * HEADER_CHARS_PER_WIDTH for w in widths]
    lines = max((text_lines(str(h), header_chars[i]) for i, h in enumerate(spec.headers) if i < columns), default=1)
    if lines > 1:
        sheet.row_dimensions[HEADER_ROW].height = row_height(lines)
    sheet.append([cell(h, _HEADER_FONT, _HEADER_FILL) for h in spec.headers])

    chars = [w * CHARS_PER_WIDTH for w in widths]
    default_chars = DEFAULT_WIDTH * CHARS_PER_WIDTH
    # A row's height does not name its row: one RowDimension per number of lines serves every row
    # of that height (creating one per row would cost a tenth of a 100k-row export).
    heights: dict[int, RowDimension] = {}
    row_number = HEADER_ROW
    hook = progress_hook.get()
    for index, row in enumerate(spec.rows):
        if hook and index and index % PROGRESS_EVERY == 0:
            hook(PROGRESS_EVERY)
        font = _HEADER_FONT if index in spec.bold_rows else _FONT
        out = []
        lines = 1
        for column, value in enumerate(row):
            if isinstance(value, datetime):
                local = timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
                out.append(body_cell(column, local, font, "DD/MM/YYYY HH:MM", _DATE))
            elif isinstance(value, date):
                out.append(body_cell(column, value, font, "DD/MM/YYYY", _DATE))
            elif isinstance(value, Percent):
                out.append(body_cell(column, value / 100, font, "0.0%", _NUMBER))
            elif isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
                fmt = "#,##0" if isinstance(value, int) else "#,##0.00" if isinstance(value, Score) else "#,##0.0"
                out.append(body_cell(column, value, font, fmt, _NUMBER))
            else:
                out.append(body_cell(column, value, font))
                if value is not None:
                    text = value if isinstance(value, str) else str(value)
                    n = text_lines(text, chars[column] if column < columns else default_chars)
                    if n > lines:
                        lines = n
        row_number += 1
        if lines > 1:
            dimension = heights.get(lines)
            if dimension is None:
                dimension = heights[lines] = RowDimension(sheet, ht=row_height(lines))
            sheet.row_dimensions[row_number] = dimension
            sheet.append(out)
            # The row is written (write-only sheets stream each row as it comes): forget its height.
            del sheet.row_dimensions[row_number]
        else:
            sheet.append(out)
    if spec.autofilter and spec.headers:
        sheet.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(spec.headers))}{row_number}"


def _set_value(c: Cell, value) -> None:
    if isinstance(value, Promise):
        value = str(value)
    try:
        c.value = value
    except IllegalCharacterError:
        # Control characters pasted from elsewhere cannot be stored in a workbook: dropped.
        c.value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if isinstance(value, str):
        # What a person typed stays text, exactly as typed: never a formula ("=…") nor an error
        # value ("#N/A"); text a spreadsheet would read as a formula also gets the quote prefix
        # (set by the caller's look), so editing the cell keeps it text.
        c.data_type = "s"


def _write_titles(sheet, spec: Sheet, cell, widths: list[float], last_column: str) -> None:
    """Rows 1 and 2: the title and subtitle on one line, running over the empty cells to their
    right (never cut inside column A). One longer than the whole table is merged across all its
    columns and wrapped instead, with the row as high as its lines, so it still prints whole."""
    total = sum(widths)
    for row, text, font, per_char, line_height in (
        (1, spec.title, _TITLE_FONT, TITLE_WIDTH_PER_CHAR, TITLE_LINE_HEIGHT),
        (2, spec.subtitle, _SUBTITLE_FONT, SUBTITLE_WIDTH_PER_CHAR, LINE_HEIGHT),
    ):
        text = str(text) if isinstance(text, Promise) else text
        if text and len(widths) > 1 and text_lines(text, total / per_char) > 1:
            sheet.merged_cells.add(f"A{row}:{last_column}{row}")
            sheet.row_dimensions[row].height = row_height(text_lines(text, total / per_char), line_height)
            sheet.append([cell(text, font, align=_TITLE_WRAP)])
        else:
            sheet.append([cell(text, font, align=_NO_WRAP)])


def xlsx_response(filename: str, content: bytes) -> HttpResponse:
    """The workbook as a download named `filename`."""
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
