"""Helpers the task tests share: a stored Monday summary read back as the flat list of rows it was
built from (the shape the summary was stored in before it became rows), to compare with data."""

from __future__ import annotations

from tasks.models import WeeklySummary, WeeklySummaryRow


def stored_rows(summary: WeeklySummary, part: str = "overdue") -> list[dict]:
    """Every unit row of one part, per leader (the Chairman first), then unit, deadline, assignment."""
    rows = (
        WeeklySummaryRow.objects.filter(group__summary=summary, group__part=part)
        .select_related("group")
        .order_by("group__leader_rank", "group__leader", "unit_order", "unit", "effective_deadline", "assignment_id")
    )
    return [
        {
            "assignment": r.assignment_id,
            "task_id": r.group.task_id,
            "task": r.group.task,
            "source": r.group.source,
            "leader_id": r.group.leader_id,
            "leader": r.group.leader,
            "leader_rank": r.group.leader_rank,
            "unit_id": r.unit_id,
            "unit": r.unit,
            "unit_order": r.unit_order,
            "original_deadline": r.original_deadline.isoformat(),
            "effective_deadline": r.effective_deadline.isoformat(),
            "extended": r.extended,
            "days_overdue": (summary.as_of - r.effective_deadline).days,
            "returned": r.returned,
        }
        for r in rows
    ]
