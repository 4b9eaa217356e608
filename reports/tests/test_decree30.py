"""The Decree 30/2020 checklist (appendix I), for every kind of Word document the app issues: the
Monday summary, a commune's quarterly report signed by its chairman and by a deputy ("KT."), an
agency's quarterly report, the rollup as a draft and as issued. Each is read back with python-docx
(page, margins, each header line's font and size, the rules' lengths, "Số" with the body's symbol,
the date line, title, closing line, signature block, "Nơi nhận", page number from page 2, language
vi-VN, document properties), then converted by LibreOffice: page count and the header lines intact
in the PDF's text layer (docs/architecture.md §6)."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from conftest import require
from library.documents import MOTTO_MM
from library.pdf import convert, soffice
from library.workcalendar import Week
from reports import services
from reports.documents import quarterly_report_docx, rollup_docx
from reports.services import periodic
from tasks.documents import summary_docx
from tasks.services.weekly import weekly_summary_run
from tasks.tests.factories import assign
from units.models import Delegation, Position, UnitKind
from units.tests.factories import MembershipFactory, UnitFactory
from units.tests.support import Q3, file_report

W48 = Week.parse("2026-W48")


@dataclass
class Expected:
    parent: list[str]  # the line(s) above the issuing body (regular)
    issuer: list[str]  # the issuing body (bold)
    number: str  # "Số: 01/BC-VP" or the blank form
    place_date: str
    title: list[str]  # "BÁO CÁO" and the subject's first line
    closing: str  # the closing line's start
    signature: list[str]  # the block's lines, in capitals
    name: str
    pages: int
    draft: bool = False
    extra_text: list[str] = field(default_factory=list)


def _runs(paragraph):
    return [r for r in paragraph.runs if r.text.strip()]


def _line(paragraph) -> tuple[str, bool, bool, float]:
    runs = _runs(paragraph)
    return (
        paragraph.text,
        all(r.bold for r in runs),
        all(r.italic for r in runs),
        runs[0].font.size.pt if runs and runs[0].font.size else 0,
    )


def _rule_mm(cell_paragraph, box_mm: float) -> float | None:
    """The length of a rule paragraph: its box less the indents (None if it is not a rule)."""
    props = cell_paragraph._p.pPr
    if props is None or props.find(qn("w:pBdr")) is None:
        return None
    fmt = cell_paragraph.paragraph_format
    return box_mm - fmt.left_indent.mm - fmt.right_indent.mm


def check(content: bytes, expected: Expected) -> Document:
    doc = Document(io.BytesIO(content))
    section = doc.sections[0]
    # A4, margins top/bottom 20, left 30, right 15 mm.
    assert [round(x.mm) for x in (section.page_width, section.page_height)] == [210, 297]
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert [round(m.mm) for m in margins] == [20, 20, 30, 15]
    # Page number from page 2: a PAGE field centred at the top in 13 pt; nothing on page 1.
    assert section.different_first_page_header_footer
    header = section.header.paragraphs[0]
    field_ = header._p.find(qn("w:fldSimple"))
    assert field_ is not None and field_.get(qn("w:instr")).strip() == "PAGE"
    assert header.alignment == 1  # centre
    assert field_.find(".//" + qn("w:sz")).get(qn("w:val")) == "26"
    assert section.first_page_header.paragraphs[0].text == ""
    # Vietnamese proofing, real properties.
    langs = {lang.get(qn("w:val")) for lang in doc.styles.element.iter(qn("w:lang"))}
    assert langs == {"vi-VN"}
    props = doc.core_properties
    assert props.language == "vi-VN" and props.author not in ("", "python-docx") and props.created.year >= 2026
    assert "python-docx" not in (props.comments or "")
    # Header: left block, right block; then "Số" and the date on one row.
    rows = doc.tables[0].rows
    left = [p for p in rows[0].cells[0].paragraphs]
    right = [p for p in rows[0].cells[1].paragraphs]
    texts = [p for p in left if p.text.strip()]
    assert [_line(p) for p in texts] == [(t, False, False, 13) for t in expected.parent] + [
        (t, True, False, 13) for t in expected.issuer
    ]
    left_box = rows[0].cells[0].width.mm - 2
    rule = _rule_mm(left[-1], left_box)
    longest = max(len(t) for t in expected.issuer) * 2.74
    assert rule is not None and longest / 3 - 1 <= rule <= longest / 2 + 1, (rule, longest)
    assert [_line(p) for p in right if p.text.strip()] == [
        ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True, False, 12),
        ("Độc lập - Tự do - Hạnh phúc", True, False, 13),
    ]
    motto_rule = _rule_mm(right[-1], rows[0].cells[1].width.mm - 2)
    assert motto_rule == pytest.approx(MOTTO_MM, abs=0.5)
    # No blank line between a text and its rule: the rule paragraph is 2 pt high.
    for paragraph in (left[-1], right[-1]):
        assert paragraph.paragraph_format.line_spacing.pt == 2 and paragraph.paragraph_format.space_before.pt == 0
    assert _line(rows[1].cells[0].paragraphs[0]) == (expected.number, False, False, 13)
    assert _line(rows[1].cells[1].paragraphs[0]) == (expected.place_date, False, True, 13)
    # Title and subject, bold 14.
    body = [p for p in doc.paragraphs if p.text.strip()]
    first = 1 if expected.draft else 0
    if expected.draft:
        assert body[0].text.startswith("DỰ THẢO")
    assert _line(body[first])[:2] == (expected.title[0], True) and _line(body[first])[3] == 14
    assert body[first + 1].text.split("\n")[0] == expected.title[1] and _line(body[first + 1])[1]
    # The closing line just before the signature block, ending "./.".
    assert body[-1].text.startswith(expected.closing) and body[-1].text.endswith("./.")
    # Nơi nhận (bold italic 12, list 11, ending "- Lưu: VT."), the signature block in capitals.
    recipients, signature = doc.tables[-1].rows[0].cells
    lines = [p for p in recipients.paragraphs if p.text.strip()]
    assert _line(lines[0]) == ("Nơi nhận:", True, True, 12)
    assert all(_line(p)[3] == 11 for p in lines[1:]) and lines[-1].text == "- Lưu: VT."
    signed = [p for p in signature.paragraphs if p.text.strip()]
    assert [_line(p) for p in signed] == [(t, True, False, 13) for t in expected.signature] + (
        [(expected.name, True, False, 13)] if expected.name else []
    )
    text = "\n".join(p.text for p in doc.paragraphs)
    for piece in expected.extra_text:
        assert piece in text
    return doc


def check_pdf(content: bytes, expected: Expected, tmp_path) -> None:
    """LibreOffice's PDF: the page count, the header lines whole in the text layer, page numbers."""
    require(soffice() is not None, "LibreOffice is not installed (apt-get install libreoffice-writer)")
    require(shutil.which("pdftotext") is not None, "pdftotext is not installed (apt-get install poppler-utils)")
    pdf = tmp_path / "document.pdf"
    pdf.write_bytes(convert(content))
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    assert pages == expected.pages
    first = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    lines = [" ".join(line.split()) for line in first.splitlines()]
    header = "\n".join(lines[:8])
    for piece in [
        *expected.parent,
        *expected.issuer,
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
    ]:
        assert piece in header, (piece, header)
    assert expected.number.replace("  ", " ").split()[0] in header and expected.place_date in header
    # The issuing body's line is not broken mid-phrase: each expected line is one line of the PDF.
    for piece in expected.issuer:
        assert any(piece in line for line in lines[:8])
    assert not re.match(r"^\s*1\s*$", first.splitlines()[0] if first else "")  # no number on page 1
    if pages > 1:
        second = subprocess.run(
            ["pdftotext", "-f", "2", "-l", "2", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert second.strip().splitlines()[0].strip() == "2"


# ---- the documents ----------------------------------------------------------------------------


@pytest.fixture
def heads(org):
    """The heads of the Office and of Organization–Home Affairs (they sign the summary and rollup)."""
    office_head = MembershipFactory(unit=org.office, position=Position.HEAD, user__full_name="Nguyễn Văn Hùng").user
    home_head = MembershipFactory(unit=org.home_affairs, position=Position.HEAD, user__full_name="Phạm Đức Thắng").user
    return office_head, home_head


def test_monday_summary(org, heads, time_machine, tmp_path):
    time_machine.move_to("2026-11-02 08:00 +07:00")
    for unit in (org.commune_a, org.commune_b):
        assign(org, unit, deadline=date(2026, 11, 16), subject="Tổ chức quán triệt Chỉ thị 01/CT-UBND")
    time_machine.move_to("2026-11-25 10:00 +07:00")
    summary = weekly_summary_run(week=W48, deliver=False).result
    assert summary.document_number == "01/BC-VP"
    expected = Expected(
        parent=["UBND HUYỆN SƠN DƯƠNG"],
        issuer=[org.office.name.upper()],
        number="Số: 01/BC-VP",
        place_date="Sơn Dương, ngày 23 tháng 11 năm 2026",
        title=["BÁO CÁO", "Tổng hợp nhiệm vụ đến hạn báo cáo nhưng chưa báo cáo"],
        closing="Văn phòng HĐND và UBND huyện kính báo cáo",
        signature=["CHÁNH VĂN PHÒNG"],
        name="Nguyễn Văn Hùng",
        pages=1,
    )
    content = summary_docx(summary)
    check(content, expected)
    check_pdf(content, expected, tmp_path)


def _commune_report(org, template, time_machine, *, deputy: bool):
    if deputy:
        Delegation.objects.create(
            unit=org.commune_a,
            deputy=org.deputy_a,
            granted_by=org.chair_a,
            start_date=date(2026, 1, 1),
            end_date=date(2030, 1, 1),
        )
    signer = org.deputy_a if deputy else org.chair_a
    sections = list(template.sections.all())
    time_machine.move_to("2026-09-18 10:00 +07:00")
    report = services.quarterly_save_draft(
        actor=org.officer_a,
        unit=org.commune_a,
        quarter=Q3,
        template=template,
        narratives={str(s.pk): f"Nội dung thực hiện điểm {s.order} của Chỉ thị trong quý." for s in sections},
        values={"hoi_nghi_quan_triet": 3, "ho_so_dung_han": 1430, "ho_so_tre_han": 2},
        revision=None,
    )
    return services.quarterly_submit(actor=signer, report=report, confirmed_empty=True)


@pytest.mark.parametrize("deputy", [False, True], ids=["chairman", "deputy-kt"])
def test_commune_quarterly_report(org, template, time_machine, tmp_path, deputy):
    report = _commune_report(org, template, time_machine, deputy=deputy)
    assert report.document_number == "01/BC-UBND"
    signer = org.deputy_a if deputy else org.chair_a
    last = max(s.order for s in template.sections.all()) + 1
    expected = Expected(
        parent=[],
        issuer=["ỦY BAN NHÂN DÂN", "XÃ TÂN TRÀO"],
        number="Số: 01/BC-UBND",
        place_date="Tân Trào, ngày 18 tháng 9 năm 2026",
        title=["BÁO CÁO", "Kết quả thực hiện Chỉ thị số 01/CT-UBND ngày 23/09/2021"],
        closing="UBND xã Tân Trào kính báo cáo Chủ tịch UBND huyện Sơn Dương",
        signature=["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
        if deputy
        else ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"],
        name=signer.get_full_name(),
        pages=2,
        extra_text=[f"{last}. Tình hình thực hiện nhiệm vụ", "Quý III/2026"],
    )
    content = quarterly_report_docx(report)
    check(content, expected)
    check_pdf(content, expected, tmp_path)


def test_agency_quarterly_report(org, template, time_machine, tmp_path):
    agency = UnitFactory(
        code="TP", name="Phòng Tư pháp", kind=UnitKind.AGENCY, symbol="TP", letterhead_parent="UBND HUYỆN SƠN DƯƠNG"
    )
    head = MembershipFactory(unit=agency, position=Position.HEAD, user__full_name="Trần Thị Mai").user
    report = file_report(org, template, agency, head, values={"hoi_nghi_quan_triet": 2}, time_machine=time_machine)
    assert report.document_number == "01/BC-TP" and report.signer_title == "Trưởng phòng"
    expected = Expected(
        parent=["UBND HUYỆN SƠN DƯƠNG"],
        issuer=["PHÒNG TƯ PHÁP"],
        number="Số: 01/BC-TP",
        place_date="Sơn Dương, ngày 18 tháng 9 năm 2026",
        title=["BÁO CÁO", "Kết quả thực hiện Chỉ thị số 01/CT-UBND ngày 23/09/2021"],
        closing="Phòng Tư pháp kính báo cáo Chủ tịch UBND huyện Sơn Dương",
        signature=["TRƯỞNG PHÒNG"],
        name="Trần Thị Mai",
        pages=2,
    )
    content = quarterly_report_docx(report)
    check(content, expected)
    check_pdf(content, expected, tmp_path)


@pytest.mark.parametrize("issued", [False, True], ids=["draft", "issued"])
def test_rollup(org, template, heads, time_machine, tmp_path, client, issued):
    file_report(org, template, org.commune_a, org.chair_a, values={"hoi_nghi_quan_triet": 2}, time_machine=time_machine)
    time_machine.move_to("2026-09-25 08:00 +07:00")
    rollup = periodic.quarter_rollup_run(quarter=Q3).result
    _office_head, home_head = heads
    if issued:
        rollup = services.rollup_issue(actor=home_head, rollup=rollup, confirmed_empty=True)
        assert rollup.document_number == "01/BC-TCNV" and rollup.signer_title == "Trưởng cơ quan"
    expected = Expected(
        parent=["UBND HUYỆN SƠN DƯƠNG"],
        issuer=[org.home_affairs.name.upper()],
        number="Số: 01/BC-TCNV" if issued else "Số:        /BC-TCNV",
        place_date="Sơn Dương, ngày 25 tháng 9 năm 2026",
        title=["BÁO CÁO", "Tổng hợp kết quả thực hiện Chỉ thị số 01/CT-UBND ngày 23/09/2021"],
        closing=f"{org.home_affairs.name} kính báo cáo",
        signature=["TRƯỞNG CƠ QUAN"],
        name="Phạm Đức Thắng" if issued else "",
        pages=2,
        draft=not issued,
    )
    content = rollup_docx(rollup)
    check(content, expected)
    check_pdf(content, expected, tmp_path)
    # Draft and issued versions download under names that say which they are.
    from django.urls import reverse

    client.force_login(org.reviewer)
    name = client.get(reverse("reports:rollup_download", args=[Q3.key, "docx"]))["Content-Disposition"]
    assert name.endswith('-so-01-BC-TCNV.docx"' if issued else '-du-thao.docx"')


def test_a_long_name_breaks_between_phrases_and_keeps_so_beside_the_date(org, template, time_machine, tmp_path):
    """ "PHÒNG NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN" is too long for one line: it breaks before "VÀ",
    and "Số" stays on the date line's row whatever the height of the name above it."""
    agency = UnitFactory(name="Phòng Nông nghiệp và Phát triển nông thôn", kind=UnitKind.AGENCY, symbol="NNPTNT")
    head = MembershipFactory(unit=agency, position=Position.HEAD).user
    report = file_report(org, template, agency, head, values={"hoi_nghi_quan_triet": 1}, time_machine=time_machine)
    doc = Document(io.BytesIO(quarterly_report_docx(report)))
    left = [p.text for p in doc.tables[0].rows[0].cells[0].paragraphs if p.text.strip()]
    assert left == ["UBND HUYỆN SƠN DƯƠNG", "PHÒNG NÔNG NGHIỆP", "VÀ PHÁT TRIỂN NÔNG THÔN"]
    assert doc.tables[0].rows[1].cells[0].text == "Số: 01/BC-NNPTNT"


def test_word_tables_are_fast_enough_to_be_laid_out_in_the_request(org):
    """Sanity, not a benchmark (scripts/benchmark_tasks.py measures): 2,000 rows of 4 cells are
    written as XML in one piece, so the file is made well within a request."""
    import time

    from library.documents import AdministrativeDocument

    doc = AdministrativeDocument()
    rows = [[i, f"Nhiệm vụ {i} & <đặc biệt>", "Xã A; Xã B", i % 7] for i in range(2000)]
    started = time.perf_counter()
    doc.table(["TT", "Nhiệm vụ", "Đơn vị", "Số"], rows, [9, 80, 60, 16], size=10, cant_split=True)
    content = doc.save()
    assert time.perf_counter() - started < 5
    table = Document(io.BytesIO(content)).tables[0]
    assert len(table.rows) == 2001 and table.rows[5].cells[1].text == "Nhiệm vụ 4 & <đặc biệt>"


def test_a_control_character_typed_into_a_report_does_not_break_the_file(org):
    from library.documents import AdministrativeDocument

    doc = AdministrativeDocument()
    doc.paragraph("Đoạn có ký tự lạ \x0b\x01 ở giữa")
    doc.table(["A"], [["ô\x02 có ký tự lạ"]], [50])
    again = Document(io.BytesIO(doc.save()))
    assert "Đoạn có ký tự lạ  ở giữa" in [p.text for p in again.paragraphs]


def test_a_commune_with_a_task_without_deadline_gets_its_column(org, template, time_machine, tmp_path):
    """The status table gains "Không giao thời hạn" only when the unit has such tasks; it still fits
    the page (LibreOffice: two pages, as without it)."""
    from tasks import services as task_services

    time_machine.move_to("2026-07-01 09:00 +07:00")
    task_services.task_create(
        actor=org.office_staff,
        subject="Thường xuyên theo dõi an toàn hồ đập",
        given_by=org.chairman.leaderships.get(),
        deadline=None,
        units=[org.commune_a],
    )
    report = _commune_report(org, template, time_machine, deputy=False)
    content = quarterly_report_docx(report)
    status_table = Document(io.BytesIO(content)).tables[-2]
    header = [cell.text for cell in status_table.rows[0].cells]
    assert header[0] == "Tổng số" and "Không giao thời hạn" in header and len(header) == 7
    row = [cell.text for cell in status_table.rows[1].cells]
    assert row[header.index("Không giao thời hạn")] == "1"
    require(soffice() is not None, "LibreOffice is not installed (apt-get install libreoffice-writer)")
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(convert(content))
    pages = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Pages:\s+2$", pages, re.M), pages
    if os.environ.get("CHITHI_SHOTS"):  # to look at the table (docs/architecture.md §6)
        (Path(os.environ["CHITHI_SHOTS"]) / "quarterly-no-deadline.pdf").write_bytes(pdf.read_bytes())


def test_the_rollup_gains_the_no_deadline_column_when_a_unit_has_such_tasks(org, template, time_machine, tmp_path):
    """The day-25 rollup's completion table (Word and Excel) adds "Không giao thời hạn" beside the
    four VPCP categories only when some unit has such tasks; the Word table still fits its page."""
    import openpyxl

    from reports.documents import rollup_xlsx
    from reports.models import QuarterRollup
    from tasks import services as task_services

    time_machine.move_to("2026-07-01 09:00 +07:00")
    assign(org, org.commune_a, org.commune_b, deadline=date(2026, 8, 10))
    task_services.task_create(
        actor=org.office_staff,
        subject="Thường xuyên theo dõi an toàn hồ đập",
        given_by=org.chairman.leaderships.get(),
        deadline=None,
        units=[org.commune_a],
    )
    time_machine.move_to("2026-09-25 09:00 +07:00")
    periodic.quarter_rollup_run(quarter=Q3)
    rollup = QuarterRollup.objects.get(quarter=Q3.key)
    content = rollup_docx(rollup)
    table = next(t for t in Document(io.BytesIO(content)).tables if t.rows[0].cells[0].text == "TT")
    header = [c.text for c in table.rows[0].cells]
    assert header[6] == "Không giao thời hạn" and len(header) == 9
    rows = {r.cells[1].text: [c.text for c in r.cells] for r in table.rows[1:]}
    assert (rows["Xã Tân Trào"][6], rows["Xã Hợp Thành"][6]) == ("1", "0")
    sheet = openpyxl.load_workbook(io.BytesIO(rollup_xlsx(rollup))).active
    headers = [c.value for c in sheet[3]]
    assert headers[8] == "Không giao thời hạn"
    by_unit = {row[0].value: row[8].value for row in sheet.iter_rows(min_row=4)}
    assert (by_unit["Xã Tân Trào"], by_unit["Xã Hợp Thành"]) == (1, 0)
    require(soffice() is not None, "LibreOffice is not installed (apt-get install libreoffice-writer)")
    pdf = tmp_path / "rollup.pdf"
    pdf.write_bytes(convert(content))
    if os.environ.get("CHITHI_SHOTS"):  # to look at the table (docs/architecture.md §6)
        (Path(os.environ["CHITHI_SHOTS"]) / "rollup-no-deadline.pdf").write_bytes(pdf.read_bytes())
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    # Every column of the row on the page, the no-deadline count before the two rates.
    assert re.search(r"Xã Tân Trào\s+1\s+0\s+0\s+1\s+1\s+0%\s+0%", text), text
