"""Reminders before the quarterly day 20 (docs/architecture.md §5): 5 and 1 working days before the
effective deadline, a notice to each unit that has sent nothing, once per quarter and reminder."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from library.workcalendar import Quarter
from submissions.models import SubmissionStatus
from units.notify import notify, unit_people
from units.periodic import run_once
from units.selectors import work_calendar

from ..models import QuarterlyReport
from ..selectors import reporting_units

REMINDER_DAYS = (5, 1)


def quarterly_reminders_send(*, today: date) -> int:
    """Remind the units with no report sent (a returned one counts as not sent) on the days due;
    the (q20-remind-N, quarter) run makes a second trigger a no-op. Returns how many were reminded."""
    calendar = work_calendar()
    if not calendar.is_working_day(today):
        return 0
    quarter = Quarter.containing(today)
    deadline = calendar.quarter_dates(quarter).unit_deadline_effective
    left = calendar.working_days_between(today, deadline)
    if left not in REMINDER_DAYS:
        return 0

    def remind(_previous) -> list[int]:
        sent = set(
            QuarterlyReport.objects.filter(quarter=quarter.key)
            .exclude(status__in=[SubmissionStatus.DRAFT, SubmissionStatus.RETURNED])
            .values_list("unit_id", flat=True)
        )
        units = [u for u in reporting_units() if u.pk not in sent]
        people = unit_people(u.pk for u in units)
        for unit in units:
            notify(
                users=people.get(unit.pk, []),
                key=f"q20-remind:{quarter.key}:{left}:{unit.pk}",
                template="quarterly_reminder",
                context={"unit": unit, "quarter": quarter, "deadline": deadline, "days_left": left},
                url=reverse("reports:quarterly_report", args=[unit.code, quarter.key]),
            )
        return [u.pk for u in units]

    run = run_once(
        kind=f"q20-remind-{left}", period=quarter.key, produce=remind, counts=lambda ids: {"units": len(ids)}
    )
    return len(run.result) if run.result is not None else 0
