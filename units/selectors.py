"""Reads over the organisation: the working calendar as the administrator configured it, the
special units and their heads."""

from __future__ import annotations

from .models import CalendarException, CalendarExceptionKind, Membership, Position, Unit, User
from .workcalendar import WorkCalendar


def work_calendar() -> WorkCalendar:
    """The working calendar: the `holidays` package plus the administrator's exceptions (one query)."""
    off, working = [], []
    for day, kind in CalendarException.objects.values_list("date", "kind"):
        (working if kind == CalendarExceptionKind.WORKING_DAY else off).append(day)
    return WorkCalendar(extra_days_off=off, extra_working_days=working)


def special_unit_and_head(role: str) -> tuple[Unit | None, User | None]:
    """The unit with a special role (the Office, Organization–Home Affairs) and its current head,
    as the documents it issues are headed and signed (two queries)."""
    unit = Unit.objects.filter(special_role=role).select_related("authority").first()
    if unit is None:
        return None, None
    head = Membership.objects.active().filter(unit=unit, position=Position.HEAD).select_related("user").first()
    return unit, head.user if head else None
