"""Word documents laid out as Vietnamese administrative documents (Decree 30/2020, appendix I):
A4, margins 20/20/30/15 mm, Times New Roman 13–14, the two header blocks, the place-and-date line,
the bold title and subject, a justified body, the signature block and "Nơi nhận"."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from io import BytesIO

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import _Cell

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FONT = "Times New Roman"
NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"


def place_date_line(place: str, day: date) -> str:
    """ "Sơn Dương, ngày 05 tháng 01 năm 2026": days under 10 and months 1–2 take a leading zero."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


@dataclass
class Signature:
    """The signature block: e.g. mode "KT.", on_behalf_of "CHÁNH VĂN PHÒNG", title "PHÓ CHÁNH VĂN PHÒNG"."""

    title: str
    name: str = ""
    mode: str = ""
    on_behalf_of: str = ""
    collective: str = ""  # e.g. "TM. ỦY BAN NHÂN DÂN" above everything


class AdministrativeDocument:
    """Build one document; call the body methods between `header()` and `closing()`."""

    def __init__(self, *, landscape: bool = False):
        self.doc = Document()
        section = self.doc.sections[0]
        if landscape:
            section.orientation = WD_ORIENT.LANDSCAPE
            section.page_width, section.page_height = Mm(297), Mm(210)
        else:
            section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin = section.bottom_margin = Mm(20)
        section.left_margin, section.right_margin = Mm(30), Mm(15)
        style = self.doc.styles["Normal"]
        style.font.name = FONT
        style.font.size = Pt(13)
        # East-Asian and complex-script slots too, or Word substitutes a font for Vietnamese letters.
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(attr), FONT)
        style.paragraph_format.space_after = Pt(0)

    @property
    def text_width(self):
        section = self.doc.sections[0]
        return section.page_width - section.left_margin - section.right_margin

    # ---- header ----------------------------------------------------------------------------

    def header(self, *, parent: str, issuer: str, number: str, place: str, day: date) -> None:
        """Left: parent body, issuing body (bold) over a short rule, "Số: …"; right: national name,
        motto over a rule, and the italic place-and-date line."""
        table = self.doc.add_table(rows=1, cols=2)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        width = self.text_width
        _set_widths(table, [int(width * 0.40), int(width * 0.60)])
        left, right = table.rows[0].cells
        self._cell_line(left, parent.upper(), size=13, first=True)
        self._cell_line(left, issuer.upper(), bold=True, size=13)
        self._rule(left, 0.40)
        self._cell_line(left, number, size=13, space_before=6)
        self._cell_line(right, NATIONAL_NAME, bold=True, size=12, first=True)
        self._cell_line(right, MOTTO, bold=True, size=13)
        self._rule(right, 0.60)
        self._cell_line(right, place_date_line(place, day), italic=True, size=13, space_before=6)

    def _cell_line(self, cell, text, *, bold=False, italic=False, size=13, first=False, space_before=0):
        paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_before = Pt(space_before)
        run = paragraph.add_run(text)
        run.bold, run.italic, run.font.size = bold, italic, Pt(size)

    def _rule(self, cell, share: float) -> None:
        """A short centred rule: an empty paragraph with a bottom border, narrowed by indents."""
        paragraph = cell.add_paragraph()
        indent = int(self.text_width * share * 0.33)
        paragraph.paragraph_format.left_indent = paragraph.paragraph_format.right_indent = indent
        paragraph.paragraph_format.space_after = Pt(2)
        props = paragraph._p.get_or_add_pPr()
        borders = OxmlElement("w:pBdr")
        bottom = OxmlElement("w:bottom")
        for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
            bottom.set(qn(key), value)
        borders.append(bottom)
        props.append(borders)
        run = paragraph.add_run()
        run.font.size = Pt(2)

    # ---- title and body --------------------------------------------------------------------

    def title(self, title: str, subject: str) -> None:
        paragraph = self.doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_before = Pt(18)
        run = paragraph.add_run(title.upper())
        run.bold, run.font.size = True, Pt(14)
        paragraph = self.doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_after = Pt(12)
        run = paragraph.add_run(subject)
        run.bold, run.font.size = True, Pt(14)

    def paragraph(
        self, text: str, *, bold: bool = False, italic: bool = False, indent: bool = True, center: bool = False
    ):
        paragraph = self.doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if center else WD_ALIGN_PARAGRAPH.JUSTIFY
        paragraph.paragraph_format.space_after = Pt(6)
        paragraph.paragraph_format.line_spacing = 1.15
        if indent:
            paragraph.paragraph_format.first_line_indent = Mm(10)
        run = paragraph.add_run(text)
        run.bold, run.italic = bold, italic
        return paragraph

    def heading(self, text: str) -> None:
        self.paragraph(text, bold=True)

    def table(
        self,
        headers: Sequence[str],
        rows: Sequence[Sequence],
        widths_mm: Sequence[float],
        *,
        size: int = 11,
        bold_rows: set[int] = frozenset(),
    ) -> None:
        """A bordered table with a bold header row; `bold_rows` (indexes into rows) for subtotals."""
        table = self.doc.add_table(rows=1 + len(rows), cols=len(headers))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        # Walk the XML rows once: python-docx's row.cells rescans the whole table on every call,
        # which makes a long table quadratic.
        for index, (tr, values) in enumerate(zip(table._tbl.tr_lst, [headers, *rows], strict=True)):
            for tc, value in zip(tr.tc_lst, values, strict=True):
                text = "" if value is None else str(value)
                if index == 0:
                    self._table_text(_Cell(tc, table), text, bold=True, size=size, center=True)
                else:
                    self._table_text(
                        _Cell(tc, table), text, bold=index - 1 in bold_rows, size=size, center=isinstance(value, int)
                    )
        _repeat_as_header(table.rows[0])
        _set_widths(table, [Mm(w) for w in widths_mm])
        self.doc.add_paragraph()

    def _table_text(self, cell, text, *, bold, size, center):
        paragraph = cell.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if center else WD_ALIGN_PARAGRAPH.LEFT
        run = paragraph.add_run(text)
        run.bold, run.font.size = bold, Pt(size)

    # ---- closing ---------------------------------------------------------------------------

    def closing(self, *, recipients: Sequence[str], signature: Signature) -> None:
        """ "Nơi nhận:" on the left (size 12/11), the signature block on the right."""
        table = self.doc.add_table(rows=1, cols=2)
        width = self.text_width
        _set_widths(table, [int(width * 0.45), int(width * 0.55)])
        left, right = table.rows[0].cells
        paragraph = left.paragraphs[0]
        run = paragraph.add_run("Nơi nhận:")
        run.bold, run.italic, run.font.size = True, True, Pt(12)
        for line in recipients:
            run = left.add_paragraph().add_run(f"- {line}")
            run.font.size = Pt(11)
        lines = [signature.collective] if signature.collective else []
        if signature.mode:
            lines.append(f"{signature.mode} {signature.on_behalf_of}".strip())
        lines.append(signature.title)
        for n, line in enumerate(lines):
            self._cell_line(right, line.upper(), bold=True, size=13, first=n == 0)
        for _ in range(4):  # room for the signature and seal
            right.add_paragraph()
        if signature.name:
            self._cell_line(right, signature.name, bold=True, size=13)

    def save(self) -> bytes:
        buffer = BytesIO()
        self.doc.save(buffer)
        return buffer.getvalue()


def _set_widths(table, widths) -> None:
    """Fixed column widths that Word and LibreOffice both honour (grid, columns and every cell)."""
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for tr in table._tbl.tr_lst:
        for tc, width in zip(tr.tc_lst, widths, strict=True):
            tc.width = width


def _repeat_as_header(row) -> None:
    """Repeat the header row at the top of each page a long table runs onto."""
    props = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    props.append(header)


def docx_response(filename: str, content: bytes):
    """A Word file as a download."""
    from django.http import HttpResponse

    response = HttpResponse(content, content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
