"""A unit's quarterly report as a Word file in administrative layout (units.documents)."""

from __future__ import annotations

from tasks.models import Status
from units.documents import AdministrativeDocument, Signature
from units.models import Authority
from units.selectors import work_calendar
from units.workcalendar import Quarter

from .models import IndicatorKind, QuarterlyReport

PREFIXES = ("Xã ", "Thị trấn ", "Phường ")


def _place(report: QuarterlyReport, authority: Authority | None) -> str:
    name = report.unit.name
    for prefix in PREFIXES:
        if name.startswith(prefix):
            return name[len(prefix):]
    return authority.place if authority else ""


def _value(indicator, value) -> str:
    if value in (None, ""):
        return "—"
    if indicator.kind == IndicatorKind.BOOLEAN:
        return "Có" if value == "yes" else "Không"
    if indicator.kind == IndicatorKind.PERCENT:
        return f"{value:g}%".replace(".", ",")
    return str(value)


def _signature(report: QuarterlyReport) -> Signature:
    local = report.unit.is_local_government
    name = report.signed_by.get_full_name() if report.signed_by else ""
    head = "CHỦ TỊCH" if local else "THỦ TRƯỞNG"
    collective = "TM. ỦY BAN NHÂN DÂN" if local else ""
    if report.signing_mode == "KT.":
        return Signature(collective=collective, mode="KT.", on_behalf_of=head, title="PHÓ CHỦ TỊCH" if local else (report.signer_title or "CẤP PHÓ"), name=name)
    return Signature(collective=collective, title=head if local else (report.signer_title or head), name=name)


def quarterly_report_docx(report: QuarterlyReport) -> bytes:
    """Header, "BÁO CÁO" on the directive for the quarter, a section per item with its figures, the
    unit's task completion for the Decree 09 period, signature ("KT." when a deputy signed), Nơi nhận."""
    authority = Authority.current()
    quarter = Quarter.parse(report.quarter)
    dates = work_calendar().quarter_dates(quarter)
    directive = report.template.directive
    doc = AdministrativeDocument()
    day = report.submitted_on or dates.unit_deadline
    number = "Số:        /BC-UBND" if report.unit.is_local_government else "Số:        /BC"
    doc.header(parent=authority.name if authority else "", issuer=report.unit.name, number=number, place=_place(report, authority), day=day)
    doc.title("Báo cáo", f"Kết quả thực hiện {directive.get_kind_display()} số {directive.number} ngày {directive.issued_on:%d/%m/%Y}\n{quarter.label}")
    doc.paragraph(f"Kính gửi: Chủ tịch {authority.full_name if authority else ''}.", indent=False, center=True)
    doc.paragraph(f"Kỳ báo cáo: số liệu từ ngày {quarter.cutoff_start:%d/%m/%Y} đến ngày {quarter.cutoff_end:%d/%m/%Y}.", italic=True)
    for section in report.template.sections.prefetch_related("indicators"):
        doc.heading(f"{section.order}. {section.title}")
        text = report.narratives.get(str(section.pk), "")
        for paragraph in [p for p in text.split("\n") if p.strip()] or ["(Không có nội dung.)"]:
            doc.paragraph(paragraph)
        indicators = list(section.indicators.all())
        if indicators:
            doc.table(["Chỉ tiêu", "Số liệu"], [[i.label, _value(i, report.values.get(i.code))] for i in indicators], [130, 35], size=11)
    counts = report.task_counts or {}
    doc.heading("Tình hình thực hiện nhiệm vụ UBND, Chủ tịch UBND huyện giao trong kỳ")
    doc.table(["Tổng số", *[str(label) for label in Status.labels]], [[counts.get("total", 0), *[counts.get(s, 0) for s in Status.values]]], [25, 28, 28, 28, 28, 28], size=11)
    doc.closing(
        recipients=["Chủ tịch UBND huyện (báo cáo);", "Cơ quan Tổ chức - Nội vụ (tổng hợp);", "Lưu: VT."],
        signature=_signature(report),
    )
    return doc.save()
