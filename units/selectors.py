"""Reads over the organisation: the working calendar as the administrator configured it."""

from __future__ import annotations

from .models import CalendarException, CalendarExceptionKind
from .workcalendar import WorkCalendar


def work_calendar() -> WorkCalendar:
    """The working calendar: the `holidays` package plus the administrator's exceptions (one query)."""
    off, working = [], []
    for day, kind in CalendarException.objects.values_list("date", "kind"):
        (working if kind == CalendarExceptionKind.WORKING_DAY else off).append(day)
    return WorkCalendar(extra_days_off=off, extra_working_days=working)
