"""The Monday summary as documents: a Word report of the Office to the Chairman and Vice Chairmen
in administrative layout (docs/architecture.md §6), and an .xlsx with one row per overdue assignment."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from units.documents import AdministrativeDocument, Signature
from units.models import Authority, Membership, Position, SpecialRole, Unit
from units.workcalendar import Week
from units.xlsx import Sheet, build_sheets

from .models import WeeklySummary
from .selectors import filter_rows, group_by_task, unit_totals


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
    week = Week.parse(summary.week)
    doc.title(
        "Báo cáo",
        f"Tổng hợp nhiệm vụ đến hạn báo cáo nhưng chưa báo cáo\n({week.label}, tính đến 00 giờ ngày "
        f"{summary.as_of:%d/%m/%Y})",
    )
    doc.paragraph("Kính gửi: Chủ tịch, các Phó Chủ tịch Ủy ban nhân dân huyện.", indent=False, center=True)
    doc.paragraph(
        "Thực hiện điểm 8 Chỉ thị số 01/CT-UBND ngày 23/9/2021 của Chủ tịch UBND huyện, Văn phòng HĐND và UBND huyện "
        "tổng hợp các nhiệm vụ đã đến hạn báo cáo nhưng các cơ quan, đơn vị, UBND các xã, thị trấn chưa báo cáo "
        "theo quy định "
        f"tính đến 00 giờ ngày {summary.as_of:%d/%m/%Y}, cụ thể như sau:"
    )
    groups = group_by_task(overdue)
    tasks = sum(g["task_count"] for g in groups)
    doc.heading(f"I. NHIỆM VỤ QUÁ HẠN CHƯA BÁO CÁO: {tasks} nhiệm vụ, {len(overdue)} lượt đơn vị")
    if not overdue:
        doc.paragraph("Không có nhiệm vụ nào quá hạn chưa báo cáo.")
    for n, group in enumerate(groups, start=1):
        doc.paragraph(
            f"{n}. Nhiệm vụ do {group['leader']} giao: {group['task_count']} nhiệm vụ, "
            f"{group['count']} lượt đơn vị chưa báo cáo",
            bold=True,
            indent=False,
        )
        doc.table(
            ["TT", "Nhiệm vụ", "Đơn vị chưa báo cáo (số ngày quá hạn)", "Số đơn vị"],
            [[i, _task_cell(task), _units_cell(task), task["count"]] for i, task in enumerate(group["tasks"], start=1)],
            [9, 60, 78, 18],
            size=10,
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
        f"{len(upcoming)} lượt đơn vị"
    )
    if upcoming:
        rows = []
        for group in group_by_task(upcoming):
            for task in group["tasks"]:
                units = "; ".join(r["unit"] for r in task["rows"])
                rows.append([len(rows) + 1, _task_cell(task), units, group["leader"]])
        doc.table(["TT", "Nhiệm vụ", "Đơn vị", "Lãnh đạo giao"], rows, [9, 70, 56, 30], size=10)
    for note in summary.notes:
        doc.paragraph(note, italic=True)
    doc.paragraph("Văn phòng HĐND và UBND huyện kính báo cáo Chủ tịch, các Phó Chủ tịch UBND huyện./.")
    doc.closing(
        recipients=["Chủ tịch, các PCT UBND huyện (báo cáo);", "Lưu: VT."],
        signature=Signature(title="Chánh Văn phòng", name=head.user.get_full_name() if head else ""),
    )
    return doc.save()


def _task_cell(task: dict) -> str:
    """A task as the Word table shows it once: subject, source, deadline (or range)."""
    deadline = _d(task["first_deadline"])
    if task["last_deadline"] != task["first_deadline"]:
        deadline += f" – {_d(task['last_deadline'])}"
    source = f"\n{task['source']}" if task["source"] else ""
    return f"{task['task']}{source}\nHạn: {deadline}"


def _units_cell(task: dict) -> str:
    """The units of a task that have not reported, longest overdue first: "Xã A (9); Xã B (9, bị trả lại)"."""
    parts = []
    for row in task["rows"]:
        notes = [str(row["days_overdue"])]
        if row.get("returned"):
            notes.append("bị trả lại")
        if row.get("extended"):
            notes.append("đã gia hạn")
        parts.append(f"{row['unit']} ({', '.join(notes)})")
    return "; ".join(parts)


def summary_file_name(summary: WeeklySummary) -> str:
    """The download's name, by the Monday people know: "bao-cao-thu-hai-23-11-2026"."""
    return f"bao-cao-thu-hai-{summary.as_of:%d-%m-%Y}"


def summary_xlsx(summary: WeeklySummary, leader_id: int | None = None) -> bytes:
    """Sheet 1 grouped as the page and the Word file (each task once, its units under it, totals);
    sheet 2 one row per overdue assignment, with filter buttons."""
    overdue = filter_rows(summary.overdue, leader_id)
    week = Week.parse(summary.week)
    made = timezone.localtime(summary.generated_at)
    subtitle = f"Tính đến 00:00 ngày {summary.as_of:%d/%m/%Y}; lập lúc {made:%H:%M %d/%m/%Y}"
    groups = group_by_task(overdue)
    grouped, bold = [], set()
    for group in groups:
        bold.add(len(grouped))
        grouped.append([f"{group['leader']} giao", "", "", None, group["task_count"], group["count"], ""])
        for i, task in enumerate(group["tasks"], start=1):
            bold.add(len(grouped))
            grouped.append(
                [
                    i,
                    task["task"],
                    task["source"],
                    date.fromisoformat(task["first_deadline"]),
                    "",
                    task["count"],
                    "",
                ]
            )
            for row in task["rows"]:
                note = "; ".join(
                    x
                    for x in (
                        "Bị trả lại, chưa gửi lại" if row["returned"] else "",
                        "Đã gia hạn" if row.get("extended") else "",
                    )
                    if x
                )
                grouped.append(
                    [
                        "",
                        f"   {row['unit']}",
                        "",
                        date.fromisoformat(row["effective_deadline"]),
                        "",
                        row["days_overdue"],
                        note,
                    ]
                )
    bold.add(len(grouped))
    grouped.append(["Tổng cộng", "", "", None, sum(g["task_count"] for g in groups), len(overdue), ""])
    flat = [
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
    return build_sheets(
        [
            Sheet(
                title=f"Nhiệm vụ quá hạn chưa báo cáo — {week.label}",
                subtitle=subtitle,
                headers=[
                    "TT",
                    "Nhiệm vụ / đơn vị",
                    "Nguồn",
                    "Hạn",
                    "Số nhiệm vụ",
                    "Số đơn vị / ngày quá hạn",
                    "Ghi chú",
                ],
                rows=grouped,
                widths=[10, 60, 28, 12, 10, 14, 24],
                name="Theo nhiệm vụ",
                bold_rows=bold,
            ),
            Sheet(
                title=f"Từng lượt giao quá hạn — {week.label}",
                subtitle=subtitle,
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
                rows=flat,
                widths=[5, 26, 28, 50, 28, 12, 12, 10, 20],
                name="Từng đơn vị",
                autofilter=True,
            ),
        ]
    )
