"""Recurring obligations (docs/architecture.md §12): a monthly or quarterly task is a series of
periods, one assignment per unit and period (`Assignment.sequence`).

Each period's deadline comes from the series' own schedule, never from the period before it: the
n-th period is due `Task.first_deadline` + (n − 1) months or quarters, clamped to the month's end
(a series from 31/01 is due 28/02 or 29/02, then 31/03, 30/04 …), and moved to the next working day
like any deadline. So an extension of one period moves no other, and a series never drifts.

A unit's next period exists as soon as its current period's scheduled deadline has passed, reported
or not (the daily job `tasks.recurring_periods_job`), or as soon as the current period's report is
accepted, whichever comes first. A unit that never reports still sees each period arrive and become
overdue in turn. Each period is created once: both ways lock the unit's current period row, then
look again for its successor."""

from __future__ import annotations

from datetime import date

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.db.models import Exists, OuterRef
from simple_history.utils import bulk_create_with_history

from library.workcalendar import WorkCalendar
from units.models import User
from units.selectors import work_calendar

from ..models import Assignment, Recurrence

MONTHS_PER_STEP = {Recurrence.MONTHLY: 1, Recurrence.QUARTERLY: 3}


def period_deadline(first: date, recurrence: str, sequence: int) -> date:
    """The nominal deadline of period `sequence` (1 is the first) of a series due first on `first`."""
    return first + relativedelta(months=MONTHS_PER_STEP[recurrence] * (sequence - 1))


def _later_period():
    return Assignment.objects.filter(
        task_id=OuterRef("task_id"), unit_id=OuterRef("unit_id"), sequence__gt=OuterRef("sequence")
    )


def _following(current: Assignment, calendar: WorkCalendar, actor: User | None) -> Assignment | None:
    """The period after `current`, or None when the series ends before it (Task.recurrence_until)."""
    task = current.task
    deadline = period_deadline(task.first_deadline, task.recurrence, current.sequence + 1)
    if task.recurrence_until and deadline > task.recurrence_until:
        return None
    return Assignment(
        task=task,
        unit_id=current.unit_id,
        role=current.role,
        sequence=current.sequence + 1,
        original_deadline=deadline,
        deadline=deadline,
        effective_deadline=calendar.effective_date(deadline),
        assigned_by_id=actor.pk if actor else current.assigned_by_id,
    )


def next_period_ensure(*, actor: User, current: Assignment) -> Assignment | None:
    """After `current` is accepted: its next period, unless it exists. The caller holds the row lock
    on `current` (tasks.services._lock_assignment) and a transaction."""
    if not current.task.recurrence:
        return None
    # `current` is locked: look now, in a statement of its own, for a successor.
    later = Assignment.objects.filter(task_id=current.task_id, unit_id=current.unit_id, sequence__gt=current.sequence)
    following = _following(current, work_calendar(), actor)
    if following is None or later.exists():
        return None
    (created,) = bulk_create_with_history([following], Assignment, default_user=actor)
    return created


@transaction.atomic
def recurring_periods_create(*, today: date) -> int:
    """Give every unit of every recurring task each period whose time has come: the next one after
    each current period whose scheduled deadline is before `today`, and so on until a period is due
    today or later (a job that did not run for months catches up). Rerun-safe; returns how many
    periods it created."""
    current = (
        Assignment.objects.filter(task__recurrence__in=list(MONTHS_PER_STEP), original_deadline__lt=today)
        # A series withdrawn from the unit (tasks.models.AssignmentChange) ends there.
        .filter(withdrawn_at__isnull=True)
        .exclude(Exists(_later_period()))
        .order_by("pk")
    )
    # Lock each unit's current period (in id order, so runs at once wait, never deadlock), then read
    # again which still has no successor: a run or an acceptance that got there first is skipped.
    locked = list(current.select_for_update(of=("self",)).values_list("pk", flat=True))
    if not locked:
        return 0
    calendar = work_calendar()
    new: list[Assignment] = []
    for period in current.filter(pk__in=locked).select_related("task"):
        while (period := _following(period, calendar, None)) is not None:
            new.append(period)
            if period.original_deadline >= today:
                break
    if new:
        bulk_create_with_history(new, Assignment, default_change_reason="Kỳ mới của nhiệm vụ định kỳ")
    return len(new)
