"""The task app's Excel exports (units.exports): the assignment list, the per-unit table, the Monday
summary. Each reads through the same scoping and filters as its page; large ones are written in the
background by the same function."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import QuerySet
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404

from library.paging import capped_count
from library.workcalendar import Week
from library.xlsx import build_workbook
from units.exports import ExportSpec, register
from units.models import today_local
from units.roles import sees_all_units

from . import selectors
from .documents import summary_file_name, summary_xlsx
from .filters import deadline_range, filtered_assignments, range_label, unit_table_units
from .models import COUNTED_STATUSES, Assignment, AssignmentRole, Status, Task, WeeklySummary

ASSIGNMENT_HEADERS = [
    "Nhiệm vụ",
    "Đơn vị",
    "Vai trò",
    "Lãnh đạo giao",
    "Nguồn",
    "Hạn ban đầu",
    "Hạn hiện hành",
    "Hạn thực tế",
    "Trạng thái",
    "Ngày báo cáo",
    "Hoàn thành lúc",
]


def _count(rows, limit: int | None) -> int:
    return rows.count() if limit is None else capped_count(rows, limit)


# ---- the assignment list (/tasks/export.xlsx) -------------------------------------------------


def assignments_count(user, params: QueryDict, limit: int | None) -> int:
    return _count(filtered_assignments(user, params)[1], limit)


def assignments_make(user, params: QueryDict) -> tuple[str, bytes]:
    _filtered, assignments = filtered_assignments(user, params)
    today = today_local()
    content = build_workbook(
        title="Danh sách giao nhiệm vụ",
        subtitle=f"Trạng thái tính đến ngày {today:%d/%m/%Y}",
        headers=ASSIGNMENT_HEADERS,
        rows=assignment_rows(assignments),
        widths=[50, 28, 10, 26, 28, 12, 12, 12, 22, 12, 16],
    )
    return f"nhiem-vu-{today:%Y%m%d}.xlsx", content


ROW_FIELDS = (
    "task_id",
    "unit__name",
    "role",
    "original_deadline",
    "deadline",
    "effective_deadline",
    "status",
    "reported_on",
    "completed_at",
)


def assignment_rows(assignments: QuerySet[Assignment]) -> Iterator[list]:
    """The list's rows as plain values: each task's own columns (subject, the leader who gave it,
    its source) read once for all its assignments, each label translated once. Building a model
    per row and translating its labels was most of a million-row export's time (docs §11)."""
    roles = {value: str(label) for value, label in AssignmentRole.choices}
    statuses = {value: str(label) for value, label in Status.choices}

    def labels(tasks):
        rows = tasks.select_related("given_by__user", "directive", "directive_item")
        return {task.pk: (task.subject, str(task.given_by), task.source_label) for task in rows}

    tasks = labels(Task.objects.filter(pk__in=assignments.values("task_id")))
    for task_id, unit, role, original, deadline, effective, status, reported, completed in assignments.values_list(
        *ROW_FIELDS
    ).iterator(chunk_size=2000):
        if task_id not in tasks:  # given while the export was being written
            tasks.update(labels(Task.objects.filter(pk=task_id)))
        subject, given_by, source = tasks[task_id]
        yield [
            subject,
            unit,
            roles[role],
            given_by,
            source,
            original,
            deadline,
            effective,
            statuses[status],
            reported,
            completed,
        ]


register(
    ExportSpec(
        kind="tasks.assignments",
        count=assignments_count,
        make=assignments_make,
        title=lambda params: "Danh sách giao nhiệm vụ (Excel)",
    )
)


# ---- the per-unit table (/tasks/by-unit/?format=xlsx) -------------------------------------------


def unit_table_count(user, params: QueryDict, limit: int | None) -> int:
    return _count(unit_table_units(user, params)[0], limit)


def unit_table_make(user, params: QueryDict) -> tuple[str, bytes]:
    units, form = unit_table_units(user, params)
    start, end = deadline_range(form)
    today = today_local()
    rows = selectors.unit_counts(units, start=start, end=end, today=today)
    content = build_workbook(
        title="Tình hình thực hiện nhiệm vụ theo đơn vị",
        subtitle=range_label(form) + f" — tính đến ngày {today:%d/%m/%Y}",
        headers=["Đơn vị", "Tổng số", *(s.label for s in COUNTED_STATUSES)],
        rows=([r.unit.name, r.total, *r.in_status_order] for r in rows),
        widths=[36, 10, 14, 14, 18, 16, 18, 12],
    )
    return f"thong-ke-don-vi-{today:%Y%m%d}.xlsx", content


register(
    ExportSpec(
        kind="tasks.unit_table",
        count=unit_table_count,
        make=unit_table_make,
        title=lambda params: "Tình hình thực hiện nhiệm vụ theo đơn vị (Excel)",
    )
)


# ---- the Monday summary (/summaries/<week>/xlsx/) ------------------------------------------------


def summary_for(user, params: QueryDict) -> tuple[WeeklySummary, int | None]:
    """The stored summary of params["week"] and the leader asked for (an id, or none for all), for
    those who may read summaries; 404 for anyone else (it lists every unit)."""
    if not sees_all_units(user):
        raise Http404
    summary = get_object_or_404(WeeklySummary, superseded_at__isnull=True, week=params.get("week", ""))
    leader = params.get("leader", "")
    return summary, int(leader) if leader.isdigit() else None


def _week_label(params: QueryDict) -> str:
    try:
        return Week.parse(params.get("week", "")).label
    except ValueError:
        return params.get("week", "")


def summary_count(user, params: QueryDict, limit: int | None) -> int:
    summary, _leader = summary_for(user, params)
    # Sheet 1 (a line per task and per unit), sheet 2 (a row per overdue assignment): stored totals.
    return summary.overdue_tasks + 2 * summary.overdue_total


def summary_make(user, params: QueryDict) -> tuple[str, bytes]:
    summary, leader_id = summary_for(user, params)
    return f"{summary_file_name(summary)}.xlsx", summary_xlsx(summary, leader_id)


register(
    ExportSpec(
        kind="tasks.summary",
        count=summary_count,
        make=summary_make,
        title=lambda params: f"Báo cáo thứ hai, {_week_label(params)} (Excel)",
    )
)
