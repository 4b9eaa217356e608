"""The Monday summary as documents: a Word report of the Office to the Chairman and Vice Chairmen
in administrative layout (docs/architecture.md §6), and an .xlsx with one row per overdue assignment."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from units.documents import AdministrativeDocument, Signature
from units.models import Authority, Membership, Position, SpecialRole, Unit
from units.xlsx import build_workbook

from .models import WeeklySummary
from .selectors import filter_rows, group_by_leader, unit_totals


def _d(iso: str) -> str:
    return date.fromisoformat(iso).strftime("%d/%m/%Y")


def summary_docx(summary: WeeklySummary, leader_id: int | None = None) -> bytes:
    """The summary as an administrative report of the Office to the Chairman and Vice Chairmen."""
    authority = Authority.current()
    office = Unit.objects.filter(special_role=SpecialRole.OFFICE).first()
    head = (
        Membership.objects.active().filter(unit=office, position=Position.HEAD).select_related("user").first()
        if office
        else None
    )
    overdue, upcoming = filter_rows(summary.overdue, leader_id), filter_rows(summary.upcoming, leader_id)
    doc = AdministrativeDocument()
    doc.header(
        parent=authority.name if authority else "",
        issuer=office.name if office else "Văn phòng HĐND và UBND",
        number="Số:        /BC-VP",
        place=authority.place if authority else "",
        day=summary.delivery_date,
    )
    doc.title(
        "Báo cáo",
        f"Tổng hợp nhiệm vụ đến hạn báo cáo nhưng chưa báo cáo\n(tuần {summary.week}, tính đến 00 giờ ngày "
        f"{summary.as_of:%d/%m/%Y})",
    )
    doc.paragraph("Kính gửi: Chủ tịch, các Phó Chủ tịch Ủy ban nhân dân huyện.", indent=False, center=True)
    doc.paragraph(
        "Thực hiện điểm 8 Chỉ thị số 01/CT-UBND ngày 23/9/2021 của Chủ tịch UBND huyện, Văn phòng HĐND và UBND huyện "
        "tổng hợp các nhiệm vụ đã đến hạn báo cáo nhưng các cơ quan, đơn vị, UBND các xã, thị trấn chưa báo cáo "
        "theo quy định "
        f"tính đến 00 giờ ngày {summary.as_of:%d/%m/%Y}, cụ thể như sau:"
    )
    doc.heading(f"I. NHIỆM VỤ QUÁ HẠN CHƯA BÁO CÁO: {len(overdue)} nhiệm vụ")
    if not overdue:
        doc.paragraph("Không có nhiệm vụ nào quá hạn chưa báo cáo.")
    for n, group in enumerate(group_by_leader(overdue), start=1):
        doc.paragraph(f"{n}. Nhiệm vụ do {group['leader']} giao: {group['count']} nhiệm vụ", bold=True, indent=False)
        rows, bold = [], set()
        for unit in group["units"]:
            for row in unit["rows"]:
                note = "; ".join(
                    x
                    for x in (
                        "bị trả lại, chưa gửi lại" if row["returned"] else "",
                        "đã gia hạn" if row["extended"] else "",
                    )
                    if x
                )
                rows.append(
                    [
                        len(rows) + 1 - len(bold),
                        row["unit"],
                        row["task"],
                        row["source"],
                        _d(row["effective_deadline"]),
                        row["days_overdue"],
                        note,
                    ]
                )
            if unit["count"] > 1:
                bold.add(len(rows))
                rows.append(["", f"Cộng: {unit['count']} nhiệm vụ", "", "", "", "", ""])
        doc.table(
            ["TT", "Đơn vị", "Nhiệm vụ", "Nguồn", "Hạn", "Số ngày quá hạn", "Ghi chú"],
            rows,
            [9, 27, 52, 27, 20, 14, 16],
            size=10,
            bold_rows=bold,
        )
    if overdue:
        doc.paragraph("Tổng hợp theo đơn vị:", bold=True, indent=False)
        totals = unit_totals(overdue)
        doc.table(
            ["TT", "Đơn vị", "Số nhiệm vụ quá hạn"],
            [[i, unit, count] for i, (unit, count) in enumerate(totals, start=1)] + [["", "Tổng cộng", len(overdue)]],
            [12, 110, 43],
            size=11,
            bold_rows={len(totals)},
        )
    doc.heading(
        f"II. NHIỆM VỤ ĐẾN HẠN TRONG TUẦN ({summary.as_of:%d/%m} – {summary.as_of + timedelta(days=6):%d/%m/%Y}): "
        f"{len(upcoming)} nhiệm vụ"
    )
    if upcoming:
        doc.table(
            ["TT", "Đơn vị", "Nhiệm vụ", "Lãnh đạo giao", "Hạn"],
            [
                [i, r["unit"], r["task"], r["leader"], _d(r["effective_deadline"])]
                for i, r in enumerate(upcoming, start=1)
            ],
            [9, 30, 64, 38, 24],
            size=10,
        )
    for note in summary.notes:
        doc.paragraph(note, italic=True)
    doc.paragraph("Văn phòng HĐND và UBND huyện kính báo cáo Chủ tịch, các Phó Chủ tịch UBND huyện./.")
    doc.closing(
        recipients=["Chủ tịch, các PCT UBND huyện (báo cáo);", "Lưu: VT."],
        signature=Signature(title="Chánh Văn phòng", name=head.user.get_full_name() if head else ""),
    )
    return doc.save()


def summary_xlsx(summary: WeeklySummary, leader_id: int | None = None) -> bytes:
    """One row per overdue assignment, then the per-unit and per-leader totals."""
    overdue = filter_rows(summary.overdue, leader_id)
    rows = [
        [
            i,
            r["leader"],
            r["unit"],
            r["task"],
            r["source"],
            date.fromisoformat(r["original_deadline"]),
            date.fromisoformat(r["effective_deadline"]),
            r["days_overdue"],
            "Bị trả lại, chưa gửi lại" if r["returned"] else "",
        ]
        for i, r in enumerate(overdue, start=1)
    ]
    rows.append([])
    rows += [["", "Tổng theo đơn vị", unit, "", "", None, None, count, ""] for unit, count in unit_totals(overdue)]
    rows += [
        ["", "Tổng theo lãnh đạo", g["leader"], "", "", None, None, g["count"], ""] for g in group_by_leader(overdue)
    ]
    rows.append(["", "Tổng cộng", "", "", "", None, None, len(overdue), ""])
    return build_workbook(
        title=f"Nhiệm vụ quá hạn chưa báo cáo — tuần {summary.week}",
        subtitle=(
            f"Tính đến 00:00 ngày {summary.as_of:%d/%m/%Y}; "
            f"lập lúc {timezone.localtime(summary.generated_at):%H:%M %d/%m/%Y}"
        ),
        headers=[
            "TT",
            "Lãnh đạo giao",
            "Đơn vị",
            "Nhiệm vụ",
            "Nguồn",
            "Hạn ban đầu",
            "Hạn thực tế",
            "Số ngày quá hạn",
            "Ghi chú",
        ],
        rows=rows,
        widths=[5, 26, 28, 50, 28, 12, 12, 10, 20],
    )
