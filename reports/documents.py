"""A unit's quarterly report as a Word file in administrative layout (units.documents)."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from tasks.models import DUE_FORMULA, ON_TIME_RATE_FORMULA, UPDATE_RATE_FORMULA, Status
from units.documents import AdministrativeDocument, Signature
from units.formfields import format_number
from units.models import Authority
from units.selectors import work_calendar
from units.workcalendar import Quarter

from .models import QuarterlyReport
from .selectors import completion_readable

PREFIXES = ("Xã ", "Thị trấn ", "Phường ")


def _place(report: QuarterlyReport, authority: Authority | None) -> str:
    name = report.unit.name
    for prefix in PREFIXES:
        if name.startswith(prefix):
            return name[len(prefix) :]
    return authority.place if authority else ""


def _signature(report: QuarterlyReport) -> Signature:
    local = report.unit.is_local_government
    name = report.signed_by.get_full_name() if report.signed_by else ""
    head = "CHỦ TỊCH" if local else "THỦ TRƯỞNG"
    collective = "TM. ỦY BAN NHÂN DÂN" if local else ""
    if report.signing_mode == "KT.":
        return Signature(
            collective=collective,
            mode="KT.",
            on_behalf_of=head,
            title="PHÓ CHỦ TỊCH" if local else (report.signer_title or "CẤP PHÓ"),
            name=name,
        )
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
    doc.header(
        parent=authority.name if authority else "",
        issuer=report.unit.name,
        number=number,
        place=_place(report, authority),
        day=day,
    )
    doc.title(
        "Báo cáo",
        f"Kết quả thực hiện {directive.get_kind_display()} số {directive.number} ngày "
        f"{directive.issued_on:%d/%m/%Y}\n{quarter.label}",
    )
    doc.paragraph(f"Kính gửi: Chủ tịch {authority.full_name if authority else ''}.", indent=False, center=True)
    doc.paragraph(
        f"Kỳ báo cáo: số liệu từ ngày {quarter.cutoff_start:%d/%m/%Y} đến ngày {quarter.cutoff_end:%d/%m/%Y}.",
        italic=True,
    )
    for part in report.body():
        doc.heading(f"{part.section.order}. {part.section.title}")
        for paragraph in [p for p in part.text.split("\n") if p.strip()] or ["(Không có nội dung.)"]:
            doc.paragraph(paragraph)
        if part.figures:
            doc.table(["Chỉ tiêu", "Số liệu"], [[i.label, shown] for i, shown in part.figures], [130, 35], size=11)
    counts = report.task_counts or {}
    doc.heading("Tình hình thực hiện nhiệm vụ UBND, Chủ tịch UBND huyện giao trong kỳ")
    doc.table(
        ["Tổng số", *[str(label) for label in Status.labels]],
        [[counts.get("total", 0), *[counts.get(s, 0) for s in Status.values]]],
        [25, 28, 28, 28, 28, 28],
        size=11,
    )
    doc.closing(
        recipients=["Chủ tịch UBND huyện (báo cáo);", "Cơ quan Tổ chức - Nội vụ (tổng hợp);", "Lưu: VT."],
        signature=_signature(report),
    )
    return doc.save()


STATUS_LABELS = {"on_time": "Đúng hạn", "late": "Trễ hạn", "missing": "Chưa gửi", "returned": "Bị trả lại"}


def _fmt(value) -> str:
    if value is None:
        return "—"
    return f"{value:g}".replace(".", ",") if isinstance(value, float) else str(value)


def _count(value) -> int | str:
    return "—" if value is None else value


def _rate(value) -> str:
    """A rate in a document: "92,5%", or "—" when nothing was due."""
    return "—" if value is None else f"{format_number(value, decimal_places=1)}%"


def rollup_docx(rollup) -> bytes:
    """The day-25 consolidated report of Organization–Home Affairs to the Chairman."""
    from units.models import SpecialRole, Unit

    authority = Authority.current()
    quarter = Quarter.parse(rollup.quarter)
    home_affairs = Unit.objects.filter(special_role=SpecialRole.HOME_AFFAIRS).first()
    data = rollup.data
    doc = AdministrativeDocument()
    day = (rollup.issued_at and rollup.issued_at.date()) or work_calendar().quarter_dates(quarter).rollup_date_effective
    doc.header(
        parent=authority.name if authority else "",
        issuer=home_affairs.name if home_affairs else "Cơ quan Tổ chức - Nội vụ",
        number="Số:        /BC-TCNV",
        place=authority.place if authority else "",
        day=day,
    )
    if rollup.status != "issued":
        doc.paragraph(f"DỰ THẢO (lần {rollup.version})", bold=True, indent=False, center=True)
    doc.title("Báo cáo", f"Tổng hợp kết quả thực hiện {data.get('directive', 'Chỉ thị')}\n{quarter.label}")
    doc.paragraph(f"Kính gửi: Chủ tịch {authority.full_name if authority else ''}.", indent=False, center=True)
    rows = data.get("submissions", [])
    counts = {k: sum(1 for r in rows if r["status"] == k) for k in STATUS_LABELS}
    doc.heading("I. TÌNH HÌNH GỬI BÁO CÁO")
    doc.paragraph(
        f"Tổng số {len(rows)} cơ quan, đơn vị, UBND xã, thị trấn: {counts['on_time']} gửi đúng hạn, {counts['late']} "
        "gửi trễ hạn, "
        f"{counts['returned']} bị trả lại chưa hoàn thiện, {counts['missing']} chưa gửi."
    )
    for key in ("missing", "late", "returned"):
        names = [r["unit"] for r in rows if r["status"] == key]
        if names:
            doc.paragraph(f"- {STATUS_LABELS[key]}: {', '.join(names)}.")
    doc.heading("II. KẾT QUẢ THỰC HIỆN THEO TỪNG NỘI DUNG CỦA CHỈ THỊ")
    doc.paragraph(
        "Số liệu tổng hợp từ các báo cáo đã được chấp nhận (tỷ lệ % là bình quân; chỉ tiêu có/không là số đơn vị trả "
        "lời có).",
        italic=True,
    )
    indicators = data.get("indicators", [])
    if indicators:
        doc.table(
            ["Điểm", "Chỉ tiêu", "Cơ quan, đơn vị", "UBND xã, TT", "Tổng"],
            [[i["section"], i["label"], _fmt(i["agencies"]), _fmt(i["communes"]), _fmt(i["all"])] for i in indicators],
            [13, 88, 22, 22, 20],
            size=10,
        )
    doc.heading("III. TÌNH HÌNH THỰC HIỆN NHIỆM VỤ ĐƯỢC GIAO")
    doc.paragraph(
        f"Nhiệm vụ có hạn xử lý trong kỳ số liệu từ ngày {quarter.cutoff_start:%d/%m/%Y} đến ngày "
        f"{quarter.cutoff_end:%d/%m/%Y}, tình hình đến ngày {timezone.localdate(rollup.generated_at):%d/%m/%Y}, "
        "phân loại theo Văn phòng Chính phủ; xếp theo tỷ lệ cập nhật."
    )
    rows = completion_readable(data.get("completion", []))
    completion = [r for r in rows if r["due"]]
    if completion:
        doc.table(
            [
                "TT",
                "Đơn vị",
                "Đã đến hạn",
                "Hoàn thành đúng hạn",
                "Hoàn thành trễ hạn",
                "Quá hạn chưa hoàn thành",
                "Tỷ lệ cập nhật",
                "Tỷ lệ đúng hạn",
            ],
            [
                [
                    n,
                    r["unit"],
                    r["due"],
                    # Counts centred as numbers; "—" where a rollup stored before the categories has no split.
                    _count(r["done_on_time"]),
                    _count(r["done_late"]),
                    r["overdue"],
                    _rate(r["update_rate"]),
                    _rate(r["on_time_rate"]),
                ]
                for n, r in enumerate(completion, start=1)
            ],
            [9, 46, 16, 19, 19, 19, 19, 18],
            size=10,
        )
        for formula in (UPDATE_RATE_FORMULA, ON_TIME_RATE_FORMULA, DUE_FORMULA):
            doc.paragraph(f"{formula}.", italic=True)
    else:
        doc.paragraph("Không có nhiệm vụ đến hạn trong kỳ.")
    nothing_due = [r["unit"] for r in rows if not r["due"]]
    if completion and nothing_due:
        doc.paragraph(f"Chưa có nhiệm vụ đến hạn trong kỳ ({len(nothing_due)} đơn vị): {'; '.join(nothing_due)}.")
    doc.heading("IV. NHẬN XÉT, ĐÁNH GIÁ VÀ KIẾN NGHỊ")
    for paragraph in [p for p in rollup.commentary.split("\n") if p.strip()] or ["(Chưa có nhận xét.)"]:
        doc.paragraph(paragraph)
    doc.paragraph("Cơ quan Tổ chức - Nội vụ kính báo cáo Chủ tịch UBND huyện./.")
    name = rollup.signed_by.get_full_name() if rollup.signed_by else ""
    signature = (
        Signature(mode="KT.", on_behalf_of="TRƯỞNG CƠ QUAN", title="PHÓ TRƯỞNG CƠ QUAN", name=name)
        if rollup.signing_mode == "KT."
        else Signature(title="TRƯỞNG CƠ QUAN", name=name)
    )
    doc.closing(
        recipients=["Chủ tịch, các PCT UBND huyện (báo cáo);", "Văn phòng HĐND và UBND huyện;", "Lưu: VT."],
        signature=signature,
    )
    return doc.save()


def rollup_xlsx(rollup) -> bytes:
    """Per unit: submission status and task completion; then the indicator totals."""
    from units.xlsx import build_workbook

    data = rollup.data
    completion = {r["unit"]: r for r in completion_readable(data.get("completion", []))}
    rows = []
    for r in data.get("submissions", []):
        c = completion.get(r["unit"], {})
        rows.append(
            [
                r["unit"],
                "UBND xã, TT" if r["local"] else "Cơ quan, đơn vị",
                STATUS_LABELS[r["status"]],
                date.fromisoformat(r["submitted_on"]) if r["submitted_on"] else "",
                c.get("due"),
                c.get("done_on_time"),
                c.get("done_late"),
                c.get("overdue"),
                c.get("update_rate"),
                c.get("on_time_rate"),
            ]
        )
    rows.append([])
    rows += [
        [f"Điểm {i['section']}: {i['label']}", "", "Tổng hợp", "", i["all"], i["agencies"], i["communes"], "", "", ""]
        for i in data.get("indicators", [])
    ]
    return build_workbook(
        title=f"Tổng hợp kết quả thực hiện Chỉ thị — {Quarter.parse(rollup.quarter).label} (lần {rollup.version})",
        subtitle="Bản đã ban hành" if rollup.status == "issued" else "Dự thảo",
        headers=[
            "Đơn vị / chỉ tiêu",
            "Loại",
            "Báo cáo quý",
            "Ngày gửi",
            "Nhiệm vụ đã đến hạn / Tổng",
            "Hoàn thành đúng hạn / Cơ quan",
            "Hoàn thành trễ hạn / Xã, TT",
            "Quá hạn chưa hoàn thành",
            "Tỷ lệ cập nhật %",
            "Tỷ lệ đúng hạn %",
        ],
        rows=rows,
        widths=[50, 16, 14, 12, 14, 16, 14, 14, 14, 14],
    )
