"""Reads over tasks: scoped lists with status, per-unit counts by SQL aggregation, a unit's to-do list."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, QuerySet, Value, When

from units.models import Unit

from .models import Assignment, ExtensionRequest, Status, SubmissionStatus, Task, TaskReport, status_conditions

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


def tasks_visible_to(user) -> QuerySet[Task]:
    """Tasks with at least one assignment the user may see (all, for those who see every unit)."""
    from units.roles import visible_unit_ids

    if visible_unit_ids(user) is None:
        return Task.objects.all()
    return Task.objects.filter(pk__in=Assignment.objects.visible_to(user).values("task_id"))
