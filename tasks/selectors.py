"""Reads over tasks: scoped lists with status, per-unit counts by SQL aggregation, a unit's to-do list."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, QuerySet, Value, When

from submissions.models import SubmissionStatus
from units.models import Leader, Unit
from units.roles import roles_of, visible_unit_ids

from .models import Assignment, ExtensionRequest, Status, Task, TaskReport, WeeklySummary, status_conditions

# Most urgent first on a unit's list.
URGENCY = [Status.OVERDUE, Status.NOT_DUE, Status.LATE, Status.ON_TIME, Status.COMPLETED]


def assignments_for(user, today: date) -> QuerySet[Assignment]:
    """Every assignment the user may see, with its status and what the list pages show."""
    return (
        Assignment.objects.visible_to(user)
        .with_status(today)
        .select_related("task__given_by__user", "task__directive", "task__directive_item", "unit")
    )


def with_next_action(qs: QuerySet[Assignment]) -> QuerySet[Assignment]:
    """Annotate whether a draft or a pending submission exists (drives "what to do next")."""
    reports = TaskReport.objects.filter(assignment=OuterRef("pk"))
    return qs.annotate(
        has_draft=Exists(reports.filter(status=SubmissionStatus.DRAFT)),
        has_pending=Exists(reports.filter(status=SubmissionStatus.SUBMITTED)),
        has_pending_extension=Exists(ExtensionRequest.objects.pending().filter(assignment=OuterRef("pk"))),
    )


def by_urgency(qs: QuerySet[Assignment]) -> QuerySet[Assignment]:
    """Overdue first, then by effective deadline; completed last."""
    rank = Case(*(When(status=s, then=Value(i)) for i, s in enumerate(URGENCY)), output_field=IntegerField())
    return qs.annotate(urgency=rank).order_by("urgency", "effective_deadline", "pk")


@dataclass
class UnitCounts:
    """One row of the per-unit table."""

    unit: Unit
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def in_status_order(self) -> list[int]:
        return [self.counts[status] for status in Status.values]


def unit_counts(units: QuerySet[Unit], *, start: date | None, end: date | None, today: date) -> list[UnitCounts]:
    """Per unit, how many assignments falling due in [start, end] are in each status.
    Two queries whatever the number of units: the units, and one GROUP BY over assignments."""
    assignments = Assignment.objects.filter(unit__in=units)
    if start:
        assignments = assignments.filter(effective_deadline__gte=start)
    if end:
        assignments = assignments.filter(effective_deadline__lte=end)
    conditions = status_conditions(today)
    grouped = (
        assignments.values("unit_id")
        .annotate(**{status: Count("pk", filter=q) for status, q in conditions.items()})
        .order_by()
    )
    by_unit = {row.pop("unit_id"): row for row in grouped}
    empty = dict.fromkeys(conditions, 0)
    return [UnitCounts(unit, by_unit.get(unit.pk, empty)) for unit in units.order_by("sort_order", "name")]


def leader_page(user, today: date) -> dict:
    """What a leader's page shows: the open tasks they gave, most urgent first, their tally by status,
    the extension requests waiting for them (all of them, for the Office, which decides for any
    leader), and the latest Monday summary."""
    leaders = Leader.objects.filter(user=user)
    assignments = assignments_for(user, today).filter(task__given_by__in=leaders)
    pending = (
        ExtensionRequest.objects.visible_to(user)
        .pending()
        .select_related("assignment__task", "assignment__unit", "requested_by")
    )
    if not roles_of(user).office:
        pending = pending.filter(assignment__task__given_by__in=leaders)
    counts = dict.fromkeys(Status.values, 0)
    for row in assignments.values("status").annotate(n=Count("pk")).order_by():
        counts[row["status"]] = row["n"]
    return {
        "assignments": by_urgency(assignments.open())[:200],
        "pending": pending,
        "tally": [(code, label, counts[code]) for code, label in Status.choices],
        "leaders": leaders,
        "latest_summary": WeeklySummary.objects.filter(superseded_at__isnull=True).only("week", "as_of").first(),
    }


def tasks_visible_to(user) -> QuerySet[Task]:
    """Tasks with at least one assignment the user may see (all, for those who see every unit)."""
    if visible_unit_ids(user) is None:
        return Task.objects.all()
    return Task.objects.filter(pk__in=Assignment.objects.visible_to(user).values("task_id"))


# ---- a stored Monday summary (its rows are JSON, as sent) ------------------------------------


def group_by_leader(rows: list[dict]) -> list[dict]:
    """Rows grouped by the leader who gave the task, then by unit, with totals."""
    groups: list[dict] = []
    for row in rows:
        if not groups or groups[-1]["leader_id"] != row["leader_id"]:
            groups.append({"leader_id": row["leader_id"], "leader": row["leader"], "count": 0, "units": []})
        group = groups[-1]
        if not group["units"] or group["units"][-1]["unit_id"] != row["unit_id"]:
            group["units"].append({"unit_id": row["unit_id"], "unit": row["unit"], "count": 0, "rows": []})
        group["units"][-1]["rows"].append(row)
        group["units"][-1]["count"] += 1
        group["count"] += 1
    return groups


def unit_totals(rows: list[dict]) -> list[tuple[str, int]]:
    """Overdue count per unit, most first."""
    totals: dict[str, int] = {}
    for row in rows:
        totals[row["unit"]] = totals.get(row["unit"], 0) + 1
    return sorted(totals.items(), key=lambda item: (-item[1], item[0]))


def filter_rows(rows: list[dict], leader_id: int | None) -> list[dict]:
    return [r for r in rows if leader_id is None or r["leader_id"] == leader_id]
