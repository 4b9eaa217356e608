"""Who may do what with tasks (docs/architecture.md §7; the rows `task.*`, `task_report.decide` and
`extension.decide` of units.access). Checked on the server by the services; views use the same
predicates to decide what to show. Signing is the shared rule of submissions.permissions."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.utils import timezone

from library.workcalendar import WorkCalendar
from submissions.permissions import can_prepare
from units.access import allowed
from units.roles import roles_of
from units.selectors import work_calendar

from .models import Assignment, UnitReminder


def can_assign(user) -> bool:
    """The Office and the leaders record tasks and assign them."""
    return allowed("task.assign", roles_of(user))


def can_draft(user, assignment: Assignment) -> bool:
    """Anyone of the unit prepares drafts and attachments (item 3: staff prepare, the head signs)."""
    return can_prepare(user, assignment.unit_id)


def can_decide_report(user) -> bool:
    """The Office accepts or returns what units submit (item 8)."""
    return allowed("task_report.decide", roles_of(user))


def can_decide_extension(user, assignment: Assignment) -> bool:
    """The leader who gave the task, or the Office on their behalf."""
    return allowed(
        "extension.decide", roles_of(user), giver_of_task=lambda: assignment.task.given_by.user_id == user.pk
    )


def can_follow_up(user, task) -> bool:
    """Remind units and star a task as a priority: the Office, or the leader who gave the task."""
    return allowed("task.follow_up", roles_of(user), giver_of_task=lambda: task.given_by.user_id == user.pk)


def can_set_coefficient(user) -> bool:
    """A task's conversion coefficient for the rating (Decree 335): the Office."""
    return allowed("task.set_coefficient", roles_of(user))


def remind_interval() -> int:
    """Working days before a unit may be reminded again for the same assignment (settings)."""
    return settings.TASK_REMIND_INTERVAL_WORKING_DAYS


def remind_allowed_from(last: UnitReminder, calendar: WorkCalendar | None = None) -> date:
    """The first local day a unit may be reminded again after `last`: `remind_interval()` working
    days after the local day it was sent."""
    calendar = calendar or work_calendar()
    return calendar.add_working_days(timezone.localdate(last.sent_at), remind_interval())
