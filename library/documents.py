"""Word documents laid out as Vietnamese administrative documents (Decree 30/2020, appendix I;
docs/architecture.md §6): A4, margins 20/20/30/15 mm, Times New Roman 13–14, the two header blocks
with their rules, "Số" and the place-and-date line side by side, the bold title and subject over a
short rule, a justified body, the signature block with the signer's real position ("KT.", "TM."),
"Nơi nhận", page numbers from page 2 centred at the top, document language vi-VN.

Every Word file the app makes goes through AdministrativeDocument, so each rule is kept here once.
Long tables are written as XML in one piece (python-docx spends most of a millisecond per cell)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from datetime import timezone as dt_timezone
from io import BytesIO
from xml.sax.saxutils import escape

from django.utils import timezone
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FONT = "Times New Roman"
LANGUAGE = "vi-VN"
NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
# The motto's width in Times New Roman 13 bold (measured with its metric twin, Liberation Serif):
# the rule under it is as long as the line (Decree 30/2020, appendix I, II.2).
MOTTO_MM = 56.1
# Average width of a capital letter in Times New Roman 13 bold, for the rule under the issuing body
# (1/3 to 1/2 of its line) and for breaking a long name between phrases rather than mid-phrase.
CAPITAL_MM = 2.74
# The header table is wider than the text (as the decree's samples are): the left block holds
# "CƠ QUAN TỔ CHỨC - NỘI VỤ HUYỆN" on one line, the right one "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM".
# Cell margins of 1 mm each side (not Word's 1.9 mm) leave each block its width less 2 mm.
HEADER_LEFT_MM, HEADER_RIGHT_MM, HEADER_SHIFT_MM, HEADER_MARGIN_MM = 88, 92, -10, 1
COLLECTIVE = "TM. ỦY BAN NHÂN DÂN"
# Characters XML 1.0 cannot carry (control characters a pasted text may hold).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def place_date_line(place: str, day: date) -> str:
    """ "Sơn Dương, ngày 05 tháng 01 năm 2026": days under 10 and months 1–2 take a leading zero."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def number_vi(number: int | None) -> str:
    """A whole number as Vietnamese write it, thousands grouped with dots: "1.430", "244.321",
    "-1.430", "0"; "—" when there is none. One rule for every document's text and tables (pages
    group the same way through chithi/formats/vi)."""
    if number is None:
        return "—"
    if isinstance(number, float) and number.is_integer():
        number = int(number)
    return f"{number:,}".replace(",", ".")


def number_line(number: str, symbol: str) -> str:
    """ "Số: 05/BC-VP" once registered; "Số:      /BC-VP" for a draft, left for the register."""
    return f"Số: {number}" if number else f"Số:        /{symbol}"


@dataclass
class Letterhead:
    """The header of a document: the line above the issuing body (may be empty), the issuing body
    (lines separated by newlines), the number ("05/BC-VP", or "" for a draft), the symbol ("BC-VP"),
    the place and the day."""

    parent: str
    issuer: str
    number: str
    symbol: str
    place: str
    day: date

    @classmethod
    def of(cls, unit, *, day: date, number: str = "", kind: str = "BC") -> Letterhead:
        """The header a unit's own data gives (Unit.document_*; library.letterhead)."""
        return cls(
            parent=unit.document_parent,
            issuer=unit.document_issuer,
            number=number,
            symbol=f"{kind}-{unit.document_symbol}",
            place=unit.document_place,
            day=day,
        )


@dataclass
class Signature:
    """The signature block: e.g. collective "TM. ỦY BAN NHÂN DÂN", mode "KT.", on_behalf_of
    "CHỦ TỊCH", title "PHÓ CHỦ TỊCH", then the name."""

    title: str
    name: str = ""
    mode: str = ""
    on_behalf_of: str = ""
    collective: str = ""

    @classmethod
    def of(cls, unit, *, signing_mode: str, title: str = "", name: str = "") -> Signature:
        """The block for a document of `unit` signed as `signing_mode` ("" the head, "KT." a deputy):
        the position recorded at signing (`title`) or the unit's own (Unit.signature_title); a
        commune's People's Committee signs for the collective ("TM. ỦY BAN NHÂN DÂN")."""
        collective = COLLECTIVE if unit.is_local_government else ""
        if signing_mode == "KT.":
            return cls(
                collective=collective,
                mode="KT.",
                on_behalf_of=unit.signature_title(),
                title=title or unit.signature_title(deputy=True),
                name=name,
            )
        return cls(collective=collective, title=title or unit.signature_title(), name=name)

    @property
    def lines(self) -> list[str]:
        lines = [self.collective] if self.collective else []
        if self.mode:
            lines.append(f"{self.mode} {self.on_behalf_of}".strip())
        lines.append(self.title)
        return [line.upper() for line in lines if line]


@dataclass
class Cell:
    """A table cell spanning `span` columns (e.g. "Tổng cộng" across a row)."""

    value: object
    span: int = 1


def _xml_text(value) -> str:
    return escape(_NOT_XML.sub("", "" if value is None else str(value)))


def _run_xml(text: str, *, bold=False, italic=False, size: float = 13) -> str:
    half_points = round(size * 2)
    props = ("<w:b/><w:bCs/>" if bold else "") + ("<w:i/><w:iCs/>" if italic else "")
    props += f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>'
    parts = _xml_text(text).split("\n")
    body = "<w:br/>".join(f'<w:t xml:space="preserve">{p}</w:t>' for p in parts)
    return f"<w:r><w:rPr>{props}</w:rPr>{body}</w:r>"


def balanced_lines(text: str, max_mm: float, char_mm: float = CAPITAL_MM) -> list[str]:
    """A header line too long for its block, broken between phrases (at " VÀ ", " - ", else a space
    nearest the middle) instead of wherever the line runs out: "PHÒNG NÔNG NGHIỆP / VÀ PHÁT TRIỂN
    NÔNG THÔN". Lines a unit breaks itself (Unit.letterhead_name) are kept."""
    out = []
    for line in text.split("\n"):
        line = line.strip()
        if len(line) * char_mm <= max_mm or " " not in line:
            out.append(line)
            continue
        middle = len(line) / 2
        best = None
        for separator in (" VÀ ", " - ", " "):
            positions = [m.start() for m in re.finditer(re.escape(separator), line)]
            if positions:
                best = min(positions, key=lambda p: abs(p - middle))
                if abs(best - middle) <= len(line) / 4 or separator == " ":
                    break
        head, tail = line[:best].rstrip(" -"), line[best:].strip()
        if line[best:].startswith(" - "):
            head, tail = line[:best] + " -", line[best + 3 :]
        out += balanced_lines(head, max_mm, char_mm) + balanced_lines(tail, max_mm, char_mm)
    return [line for line in out if line]


class AdministrativeDocument:
    """Build one document; call the body methods between `header()` and `closing()`."""

    def __init__(self, *, landscape: bool = False, title: str = "", author: str = "", moment: datetime | None = None):
        self.doc = Document()
        section = self.doc.sections[0]
        if landscape:
            section.orientation = WD_ORIENT.LANDSCAPE
            section.page_width, section.page_height = Mm(297), Mm(210)
        else:
            section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin = section.bottom_margin = Mm(20)
        section.left_margin, section.right_margin = Mm(30), Mm(15)
        section.header_distance = Mm(10)
        style = self.doc.styles["Normal"]
        style.font.name = FONT
        style.font.size = Pt(13)
        # East-Asian and complex-script slots too, or Word substitutes a font for Vietnamese letters.
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(attr), FONT)
        style.paragraph_format.space_after = Pt(0)
        self._vietnamese()
        self._page_numbers()
        self._properties(title=title, author=author, moment=moment)

    # ---- the file as a whole ---------------------------------------------------------------

    def _vietnamese(self) -> None:
        """Proofing language vi-VN everywhere (or Word underlines every Vietnamese word)."""
        for lang in self.doc.styles.element.iter(qn("w:lang")):
            for attr in ("w:val", "w:eastAsia"):
                lang.set(qn(attr), LANGUAGE)
        for lang in self.doc.settings.element.iter(qn("w:themeFontLang")):
            lang.set(qn("w:val"), LANGUAGE)
            lang.set(qn("w:eastAsia"), LANGUAGE)

    def _page_numbers(self) -> None:
        """Page number from page 2, centred at the top, Arabic, 13 pt; none on the first page."""
        section = self.doc.sections[0]
        section.different_first_page_header_footer = True
        paragraph = section.header.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph._p.append(
            parse_xml(
                f'<w:fldSimple {nsdecls("w")} w:instr=" PAGE "><w:r><w:rPr><w:sz w:val="26"/>'
                '<w:szCs w:val="26"/></w:rPr><w:t>2</w:t></w:r></w:fldSimple>'
            )
        )
        section.first_page_header.paragraphs[0].text = ""

    def _properties(self, *, title: str, author: str, moment: datetime | None) -> None:
        props = self.doc.core_properties
        moment = (moment or timezone.now()).replace(microsecond=0)
        props.author = props.last_modified_by = author or "Chỉ thị"
        props.title = title
        props.subject = title
        props.comments = ""
        props.keywords = ""
        props.category = "Báo cáo"
        props.language = LANGUAGE
        # Stored as UTC (W3CDTF "…Z").
        props.created = props.modified = moment.astimezone(dt_timezone.utc).replace(tzinfo=None)
        props.revision = 1

    @property
    def text_width(self):
        section = self.doc.sections[0]
        return section.page_width - section.left_margin - section.right_margin

    # ---- header ----------------------------------------------------------------------------

    def header(self, letterhead: Letterhead) -> None:
        """Left: the body above (regular), the issuing body (bold) over a short rule; right: the
        national name and the motto over a rule as long as it. Below, on one line: "Số: …" and the
        italic place-and-date line."""
        table = self.doc.add_table(rows=2, cols=2)
        widths = [Mm(HEADER_LEFT_MM), Mm(HEADER_RIGHT_MM)]
        _set_widths(table, widths)
        _table_indent(table, Mm(HEADER_SHIFT_MM), margin=Mm(HEADER_MARGIN_MM))
        (left, right), (number, day) = table.rows[0].cells, table.rows[1].cells
        usable = HEADER_LEFT_MM - 2 * HEADER_MARGIN_MM
        parent_lines = balanced_lines(letterhead.parent.upper(), usable) if letterhead.parent else []
        issuer_lines = balanced_lines(letterhead.issuer.upper(), usable)
        first = True
        for line in parent_lines:
            self._cell_line(left, line, size=13, first=first)
            first = False
        for line in issuer_lines:
            self._cell_line(left, line, bold=True, size=13, first=first)
            first = False
        issuer_mm = max(len(line) for line in issuer_lines) * CAPITAL_MM
        self._rule(left, HEADER_LEFT_MM - 2 * HEADER_MARGIN_MM, min(max(issuer_mm * 0.42, 15), 40))
        self._cell_line(right, NATIONAL_NAME, bold=True, size=12, first=True)
        self._cell_line(right, MOTTO, bold=True, size=13)
        self._rule(right, HEADER_RIGHT_MM - 2 * HEADER_MARGIN_MM, MOTTO_MM)
        self._cell_line(number, number_line(letterhead.number, letterhead.symbol), size=13, first=True, space_before=6)
        self._cell_line(
            day, place_date_line(letterhead.place, letterhead.day), italic=True, size=13, first=True, space_before=6
        )

    def _cell_line(self, cell, text, *, bold=False, italic=False, size=13, first=False, space_before=0):
        paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_before = Pt(space_before)
        run = paragraph.add_run(text)
        run.bold, run.italic, run.font.size = bold, italic, Pt(size)
        return paragraph

    def _rule(self, container, box_mm: float, length_mm: float) -> None:
        """A centred rule `length_mm` long right under the line above (no blank line between): an
        empty paragraph 2 pt high with a bottom border, narrowed by equal indents within a box of
        `box_mm` (the width the text has there)."""
        paragraph = container.add_paragraph()
        indent = Mm(max((box_mm - length_mm) / 2, 0))
        fmt = paragraph.paragraph_format
        fmt.left_indent = fmt.right_indent = indent
        fmt.space_before = fmt.space_after = Pt(0)
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(2)
        props = paragraph._p.get_or_add_pPr()
        props.insert_element_before(
            parse_xml(
                f'<w:pBdr {nsdecls("w")}><w:bottom w:val="single" w:sz="6" w:space="0" w:color="000000"/></w:pBdr>'
            ),
            *_AFTER_PBDR,
        )
        # The paragraph mark's own size, or it keeps the 13-point line the rule would sit under.
        props.insert_element_before(
            parse_xml(f'<w:rPr {nsdecls("w")}><w:sz w:val="4"/><w:szCs w:val="4"/></w:rPr>'), "w:sectPr", "w:pPrChange"
        )

    # ---- title and body --------------------------------------------------------------------

    def title(self, title: str, subject: str) -> None:
        """ "BÁO CÁO", the subject (bold), and a short rule under it (1/3 to 1/2 of its line)."""
        paragraph = self.doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_before = Pt(18)
        paragraph.paragraph_format.keep_with_next = True
        run = paragraph.add_run(title.upper())
        run.bold, run.font.size = True, Pt(14)
        paragraph = self.doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.keep_with_next = True
        run = paragraph.add_run(subject)
        run.bold, run.font.size = True, Pt(14)
        longest = max(len(line) for line in subject.split("\n")) * 2.3
        text_mm = self.text_width / Mm(1)
        self._rule(self.doc, text_mm, min(max(longest * 0.4, 20), 50))
        spacer = self.doc.add_paragraph()
        spacer.paragraph_format.space_after = Pt(6)
        spacer.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        spacer.paragraph_format.line_spacing = Pt(6)

    def paragraph(
        self, text: str, *, bold: bool = False, italic: bool = False, indent: bool = True, center: bool = False
    ):
        paragraph = self.doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if center else WD_ALIGN_PARAGRAPH.JUSTIFY
        paragraph.paragraph_format.space_after = Pt(6)
        paragraph.paragraph_format.line_spacing = 1.15
        if indent:
            paragraph.paragraph_format.first_line_indent = Mm(10)
        run = paragraph.add_run(_NOT_XML.sub("", text))
        run.bold, run.italic = bold, italic
        return paragraph

    def heading(self, text: str) -> None:
        self.paragraph(text, bold=True).paragraph_format.keep_with_next = True

    def table(
        self,
        headers: Sequence[str],
        rows: Sequence[Sequence],
        widths_mm: Sequence[float],
        *,
        size: int = 11,
        bold_rows: set[int] = frozenset(),
        cant_split: bool = False,
        center_columns: set[int] = frozenset(),
    ) -> None:
        """A bordered table with a bold header row repeated on every page; `bold_rows` (indexes into
        rows) for subtotals; whole numbers grouped ("1.430", number_vi) and centred, as are
        `center_columns`; a `Cell` spans columns;
        `cant_split` keeps each row on one page. Written as one piece of XML: the Monday summary's
        long tables take a fraction of the time python-docx's cell objects would."""
        twips = [round(w * 1440 / 25.4) for w in widths_mm]
        grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in twips)
        row_props = "<w:cantSplit/>" if cant_split else ""
        parts = [
            f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="{sum(twips)}" w:type="dxa"/>'
            '<w:jc w:val="center"/><w:tblLayout w:type="fixed"/>'
            '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" '
            f'w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>',
            f"<w:tr><w:trPr>{row_props}<w:tblHeader/></w:trPr>",
            *(_cell_xml(h, w, bold=True, center=True, size=size) for h, w in zip(headers, twips, strict=True)),
            "</w:tr>",
        ]
        for index, row in enumerate(rows):
            parts.append(f"<w:tr><w:trPr>{row_props}</w:trPr>" if row_props else "<w:tr>")
            column = 0
            bold = index in bold_rows
            for value in row:
                span = value.span if isinstance(value, Cell) else 1
                value = value.value if isinstance(value, Cell) else value
                width = sum(twips[column : column + span])
                center = isinstance(value, int) or column in center_columns
                if isinstance(value, int) and not isinstance(value, bool):
                    value = number_vi(value)
                parts.append(_cell_xml(value, width, bold=bold, center=center, size=size, span=span))
                column += span
            parts.append("</w:tr>")
        parts.append("</w:tbl>")
        self.doc.element.body._insert_tbl(parse_xml("".join(parts)))
        self.doc.add_paragraph()

    # ---- closing ---------------------------------------------------------------------------

    def closing(self, *, recipients: Sequence[str], signature: Signature) -> None:
        """ "Nơi nhận:" on the left (bold italic 12, the list 11), the signature block on the right
        (bold capitals 13: "TM.", "KT." and the position), room for the signature, the name."""
        table = self.doc.add_table(rows=1, cols=2)
        width = self.text_width
        _set_widths(table, [int(width * 0.45), int(width * 0.55)])
        # The signature block is one piece: its title never on one page and the name on the next.
        table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        left, right = table.rows[0].cells
        paragraph = left.paragraphs[0]
        paragraph.paragraph_format.space_before = Pt(6)
        run = paragraph.add_run("Nơi nhận:")
        run.bold, run.italic, run.font.size = True, True, Pt(12)
        for n, line in enumerate(recipients, start=1):
            end = "." if n == len(recipients) and not line.endswith(".") else ""
            run = left.add_paragraph().add_run(f"- {line}{end}")
            run.font.size = Pt(11)
        for n, line in enumerate(signature.lines):
            self._cell_line(right, line, bold=True, size=13, first=n == 0, space_before=6 if n == 0 else 0)
        for _ in range(4):  # room for the signature and seal
            right.add_paragraph()
        if signature.name:
            self._cell_line(right, signature.name, bold=True, size=13)
        # The signature block is never split from the closing line above it.
        for p in self.doc.paragraphs[-2:]:
            p.paragraph_format.keep_with_next = True

    def save(self) -> bytes:
        buffer = BytesIO()
        self.doc.save(buffer)
        return buffer.getvalue()


def _cell_xml(value, width: int, *, bold: bool, center: bool, size: float, span: int = 1) -> str:
    span_xml = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
    align = '<w:jc w:val="center"/>' if center else ""
    return (
        f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{span_xml}</w:tcPr>'
        f"<w:p><w:pPr>{align}</w:pPr>{_run_xml(value, bold=bold, size=size)}</w:p></w:tc>"
    )


def _set_widths(table, widths) -> None:
    """Fixed column widths that Word and LibreOffice both honour (grid, columns and every cell)."""
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for tr in table._tbl.tr_lst:
        for tc, width in zip(tr.tc_lst, widths, strict=True):
            tc.width = width


def _table_indent(table, indent, *, margin) -> None:
    """Shift a table left of the text's edge (the header is wider than the text), with narrow cell
    margins left and right."""
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    element = OxmlElement("w:tblInd")
    element.set(qn("w:w"), str(round(indent.mm * 1440 / 25.4)))
    element.set(qn("w:type"), "dxa")
    props = table._tbl.tblPr
    props.insert_element_before(element, "w:tblBorders", "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook")
    twips = round(margin.mm * 1440 / 25.4)
    props.insert_element_before(
        parse_xml(
            f'<w:tblCellMar {nsdecls("w")}><w:left w:w="{twips}" w:type="dxa"/>'
            f'<w:right w:w="{twips}" w:type="dxa"/></w:tblCellMar>'
        ),
        "w:tblLook",
        "w:tblCaption",
        "w:tblDescription",
    )


# The children of w:pPr that come after w:pBdr, in the schema's order (Word refuses another order).
_AFTER_PBDR = (
    "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct",
    "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind",
    "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
    "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip


def docx_response(filename: str, content: bytes):
    """A Word file as a download."""
    from django.http import HttpResponse

    response = HttpResponse(content, content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
