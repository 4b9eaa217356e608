"""The Monday summary as documents, grouped by task as the page reads it (tasks.selectors, from its rows):
a Word report of the Office to the Chairman and Vice Chairmen in administrative layout
(docs/architecture.md §6) — a table per leader, one row per task with its units in one cell, which
keeps a task of 23 communes to a few lines of A4 — and an .xlsx: the same grouping on its first sheet,
one row per overdue assignment with filter buttons on its second."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import groupby

from django.conf import settings
from django.utils import timezone

from library import letterhead as letterhead_words
from library.documents import AdministrativeDocument, Cell, Letterhead, Signature, number_vi
from library.workcalendar import Week
from library.xlsx import Sheet, build_sheets
from units.models import SpecialRole
from units.selectors import special_unit_and_head

from .models import DirectiveItem, SummaryPart, WeeklySummary
from .selectors import (
    summary_flat_rows,
    summary_groups_with_rows,
    summary_leaders,
    summary_tasks,
    summary_unit_totals,
)


def _d(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def _by_leader(groups):
    """Consecutive task lines of one leader together: (leader id, that leader's tasks)."""
    for leader_id, tasks in groupby(groups, key=lambda g: g.leader_id):
        yield leader_id, list(tasks)


def _basis(authority, level: str) -> str:
    """What the Monday summary carries out: the item of the authority's directive that asks for it
    ("Thực hiện điểm 8 Chỉ thị số 01/CT-UBND ngày 23/9/2021 của Chủ tịch UBND huyện")."""
    item = (
        DirectiveItem.objects.filter(directive__authority=authority, text__icontains="thứ Hai")
        .select_related("directive")
        .order_by("directive__issued_on", "number")
        .first()
    )
    if item is None:
        return f"Thực hiện chỉ đạo của Chủ tịch UBND {level}"
    directive = item.directive
    return (
        f"Thực hiện điểm {item.number} {directive.get_kind_display()} số {directive.number} ngày "
        f"{directive.issued_on.day}/{directive.issued_on.month}/{directive.issued_on.year} của Chủ tịch UBND {level}"
    )


def summary_docx(summary: WeeklySummary, leader_id: int | None = None) -> bytes:
    """The summary as an administrative report of the Office to the Chairman and Vice Chairmen,
    numbered in the Office's register when it was delivered (registers). Up to
    settings.CHITHI_WORD_DETAIL_ROWS unit rows it names every unit under its task; past that it
    gives one line per task and the per-unit table, and points to the Excel file for every unit."""
    authority = summary.authority
    office, head = special_unit_and_head(SpecialRole.OFFICE)
    leaders = {
        part: [x for x in summary_leaders(summary, part) if leader_id is None or x["leader_id"] == leader_id]
        for part in SummaryPart.values
    }
    overdue_rows = sum(x["count"] for x in leaders[SummaryPart.OVERDUE])
    overdue_tasks = sum(x["task_count"] for x in leaders[SummaryPart.OVERDUE])
    upcoming_rows = sum(x["count"] for x in leaders[SummaryPart.UPCOMING])
    upcoming_tasks = sum(x["task_count"] for x in leaders[SummaryPart.UPCOMING])
    limit = settings.CHITHI_WORD_DETAIL_ROWS
    week = Week.parse(summary.week)
    subject = f"Tổng hợp nhiệm vụ đến hạn báo cáo nhưng chưa báo cáo ({week.label})"
    doc = AdministrativeDocument(title=subject, author=office.name if office else "", moment=summary.generated_at)
    if office is not None:
        letterhead = Letterhead.of(office, day=summary.delivery_date, number=summary.document_number)
        signature = Signature.of(office, signing_mode="", name=head.get_full_name() if head else "")
    else:
        letterhead = Letterhead(
            parent=authority.name if authority else "",
            issuer="Văn phòng HĐND và UBND",
            number=summary.document_number,
            symbol="BC-VP",
            place=authority.place if authority else "",
            day=summary.delivery_date,
        )
        signature = Signature(title="Chánh Văn phòng")
    doc.header(letterhead)
    doc.title(
        "Báo cáo",
        f"Tổng hợp nhiệm vụ đến hạn báo cáo nhưng chưa báo cáo\n({week.label}, tính đến 00 giờ ngày "
        f"{summary.as_of:%d/%m/%Y})",
    )
    # The authority's own words (docs/architecture.md §17): "UBND huyện", "UBND tỉnh", "UBND xã".
    level = letterhead_words.level_of(authority.name)
    office_name = office.name if office else "Văn phòng HĐND và UBND"
    doc.paragraph(f"Kính gửi: Chủ tịch, các Phó Chủ tịch Ủy ban nhân dân {level}.", indent=False, center=True)
    doc.paragraph(
        f"{_basis(authority, level)}, {office_name} tổng hợp các nhiệm vụ đã đến hạn báo cáo nhưng "
        f"{letterhead_words.units_below(level)} chưa báo cáo theo quy định "
        f"tính đến 00 giờ ngày {summary.as_of:%d/%m/%Y}, cụ thể như sau:"
    )
    _keep_with_next(
        doc.paragraph(
            f"I. NHIỆM VỤ QUÁ HẠN CHƯA BÁO CÁO: {number_vi(overdue_tasks)} nhiệm vụ, "
            f"{number_vi(overdue_rows)} lượt đơn vị",
            bold=True,
        )
    )
    detailed = overdue_rows <= limit
    if not overdue_rows:
        doc.paragraph("Không có nhiệm vụ nào quá hạn chưa báo cáo.")
    elif not detailed:
        doc.paragraph(
            f"Do số lượt đơn vị chưa báo cáo lớn ({number_vi(overdue_rows)} lượt), báo cáo nêu số đơn vị chưa báo cáo "
            "của từng nhiệm vụ và tổng hợp theo đơn vị; danh sách chi tiết từng đơn vị tại tệp Excel kèm theo "
            "báo cáo trên ứng dụng."
        )
    totals = {x["leader_id"]: x for x in leaders[SummaryPart.OVERDUE]}
    groups = (
        summary_groups_with_rows(summary, SummaryPart.OVERDUE, leader_id)
        if detailed
        else summary_tasks(summary, SummaryPart.OVERDUE, leader_id).iterator(chunk_size=2000)
    )
    for n, (lid, tasks) in enumerate(_by_leader(groups), start=1):
        lead = totals[lid]
        _keep_with_next(
            doc.paragraph(
                f"{n}. Nhiệm vụ do {lead['leader']} giao: {number_vi(lead['task_count'])} nhiệm vụ, "
                f"{number_vi(lead['count'])} lượt đơn vị chưa báo cáo",
                bold=True,
                indent=False,
            )
        )
        if detailed:
            doc.table(
                ["TT", "Nhiệm vụ", "Đơn vị chưa báo cáo (số ngày quá hạn)", "Số đơn vị"],
                [[i, _task_cell(task), _units_cell(task), task.count] for i, task in enumerate(tasks, start=1)],
                [9, 58, 76, 22],
                size=10,
                cant_split=True,
            )
        else:
            doc.table(
                ["TT", "Nhiệm vụ", "Số đơn vị chưa báo cáo"],
                [[i, _task_cell(task), task.count] for i, task in enumerate(tasks, start=1)],
                [11, 120, 34],
                size=10,
                cant_split=True,
            )
    if overdue_rows:
        _keep_with_next(doc.paragraph("Tổng hợp theo đơn vị:", bold=True, indent=False))
        _unit_totals_table(
            doc, [(u["unit"], u["n"]) for u in summary_unit_totals(summary, leader_id).iterator()], overdue_rows
        )
    heading = doc.paragraph(
        f"II. NHIỆM VỤ ĐẾN HẠN TRONG TUẦN ({summary.as_of:%d/%m} – {summary.as_of + timedelta(days=6):%d/%m/%Y}): "
        f"{number_vi(upcoming_tasks)} nhiệm vụ, {number_vi(upcoming_rows)} lượt đơn vị",
        bold=True,
    )
    if upcoming_rows:
        _keep_with_next(heading)
        rows = []
        if upcoming_rows <= limit:
            for task in summary_groups_with_rows(summary, SummaryPart.UPCOMING, leader_id):
                units = "; ".join(r.unit for r in task.rows)
                rows.append([len(rows) + 1, _task_cell(task, upcoming=True), units, task.leader])
            header = ["TT", "Nhiệm vụ", "Đơn vị", "Lãnh đạo giao"]
        else:
            for task in summary_tasks(summary, SummaryPart.UPCOMING, leader_id).iterator(chunk_size=2000):
                rows.append([len(rows) + 1, _task_cell(task, upcoming=True), task.count, task.leader])
            header = ["TT", "Nhiệm vụ", "Số đơn vị", "Lãnh đạo giao"]
        doc.table(header, rows, [9, 70, 56, 30], size=10, cant_split=True)
    for note in summary.notes:
        doc.paragraph(note, italic=True)
    doc.paragraph(f"{office_name} kính báo cáo Chủ tịch, các Phó Chủ tịch UBND {level}./.")
    doc.closing(
        recipients=[f"Chủ tịch, các PCT UBND {level} (báo cáo);", "Lưu: VT."],
        signature=signature,
    )
    return doc.save()


def _keep_with_next(paragraph):
    """A heading stays on the page of the table it introduces."""
    paragraph.paragraph_format.keep_with_next = True
    return paragraph


def _task_cell(task, *, upcoming: bool = False) -> str:
    """A task as the Word table shows it once: subject, source, deadline (or range) and, when every
    unit is as late, the days overdue said once."""
    deadline = _d(task.first_deadline)
    if task.last_deadline != task.first_deadline:
        deadline += f" – {_d(task.last_deadline)}"
    if not upcoming and task.same_days is not None:
        deadline += f" (quá hạn {task.same_days} ngày)"
    source = f"\n{task.source}" if task.source else ""
    return f"{task.task}{source}\nHạn: {deadline}"


def _units_cell(task) -> str:
    """The units of a task that have not reported, longest overdue first: "Xã A (9); Xã B (9, bị trả lại)";
    the days left out when the task cell says them once ("Xã A; Xã B (bị trả lại)")."""
    parts = []
    for row in task.rows:
        notes = [str(row.days_overdue)] if task.same_days is None else []
        if row.returned:
            notes.append("bị trả lại")
        if row.extended:
            notes.append("đã gia hạn")
        parts.append(f"{row.unit} ({', '.join(notes)})" if notes else row.unit)
    return "; ".join(parts)


TWO_UP_FROM = 9  # more units than this: the per-unit table in two column groups, half as long on A4


def _unit_totals_table(doc: AdministrativeDocument, totals: list[tuple[str, int]], total: int) -> None:
    """Overdue count per unit, most first, then the total; a long list side by side in two column
    groups read down the left, then down the right."""
    numbered = [[i, unit, count] for i, (unit, count) in enumerate(totals, start=1)]
    if len(numbered) <= TWO_UP_FROM:
        rows = numbered + [["", "Tổng cộng", total]]
        doc.table(["TT", "Đơn vị", "Số nhiệm vụ quá hạn"], rows, [12, 110, 43], size=11, bold_rows={len(numbered)})
        return
    half = (len(numbered) + 1) // 2
    left, right = numbered[:half], numbered[half:] + [["", "", ""]] * (half - len(numbered[half:]))
    # "Tổng cộng" across both groups, the total under the right-hand count.
    rows = [a + b for a, b in zip(left, right, strict=True)] + [[Cell("Tổng cộng", span=5), total]]
    doc.table(["TT", "Đơn vị", "Số nhiệm vụ quá hạn"] * 2, rows, [9, 50, 23.5] * 2, size=10, bold_rows={len(rows) - 1})


def summary_file_name(summary: WeeklySummary) -> str:
    """The download's name, by the Monday people know: "bao-cao-thu-hai-23-11-2026"."""
    return f"bao-cao-thu-hai-{summary.as_of:%d-%m-%Y}"


def _marks(row) -> str:
    """The marks of one unit's assignment, as the page shows them."""
    marks = ("Bị trả lại, chưa gửi lại" if row.returned else "", "Đã gia hạn" if row.extended else "")
    return "; ".join(m for m in marks if m)


def summary_xlsx(summary: WeeklySummary, leader_id: int | None = None) -> bytes:
    """Sheet 1 grouped as the page and the Word file: per leader (its tasks and units), each task once
    (its source, deadline, units, and the days when every unit is as late), its units under it (their
    deadline, days overdue, marks), the total last. Sheet 2 one row per overdue assignment, with
    filter buttons. Both are streamed from the stored rows (write-only workbook)."""
    week = Week.parse(summary.week)
    made = timezone.localtime(summary.generated_at)
    subtitle = f"Tính đến 00:00 ngày {summary.as_of:%d/%m/%Y}; lập lúc {made:%H:%M %d/%m/%Y}"
    leaders = [
        x for x in summary_leaders(summary, SummaryPart.OVERDUE) if leader_id is None or x["leader_id"] == leader_id
    ]
    totals = {x["leader_id"]: x for x in leaders}
    bold: set[int] = set()

    def grouped():
        index = 0
        groups = summary_groups_with_rows(summary, SummaryPart.OVERDUE, leader_id)
        for lid, tasks in _by_leader(groups):
            lead = totals[lid]
            bold.add(index)
            yield ["", f"{lead['leader']} giao", "", None, lead["task_count"], lead["count"], None, ""]
            index += 1
            for i, task in enumerate(tasks, start=1):
                bold.add(index)
                span = (
                    f"Hạn từ {_d(task.first_deadline)} đến {_d(task.last_deadline)}"
                    if task.last_deadline != task.first_deadline
                    else ""
                )
                returned = f"{task.returned} bị trả lại, chưa gửi lại" if task.returned else ""
                yield [
                    i,
                    task.task,
                    task.source,
                    task.first_deadline,
                    None,
                    task.count,
                    task.same_days,
                    "; ".join(x for x in (span, returned) if x),
                ]
                index += 1
                for row in task.rows:
                    yield ["", f"   {row.unit}", "", row.effective_deadline, None, None, row.days_overdue, _marks(row)]
                    index += 1
        bold.add(index)
        yield [
            "",
            "Tổng cộng",
            "",
            None,
            sum(x["task_count"] for x in leaders),
            sum(x["count"] for x in leaders),
            None,
            "",
        ]

    flat = (
        [
            i,
            r.group.leader,
            r.unit,
            r.group.task,
            r.group.source,
            r.original_deadline,
            r.effective_deadline,
            r.days_overdue,
            _marks(r),
        ]
        for i, r in enumerate(summary_flat_rows(summary, leader_id), start=1)
    )
    return build_sheets(
        [
            Sheet(
                title=f"Nhiệm vụ quá hạn chưa báo cáo — {week.label}",
                subtitle=subtitle,
                headers=[
                    "TT",
                    "Nhiệm vụ / đơn vị chưa báo cáo",
                    "Nguồn",
                    "Hạn",
                    "Số nhiệm vụ",
                    "Số đơn vị",
                    "Số ngày quá hạn",
                    "Ghi chú",
                ],
                rows=grouped(),
                widths=[10, 60, 28, 12, 10, 10, 10, 28],
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
                widths=[5, 26, 28, 50, 28, 12, 12, 10, 28],
                name="Từng đơn vị",
                autofilter=True,
            ),
        ]
    )
