"""Status rules (docs/architecture.md §4), table-driven: SQL annotation and the Python rule must agree."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from library.workcalendar import WorkCalendar, local_date
from tasks.models import Assignment, Status
from tasks.tests.factories import AssignmentFactory

CAL = WorkCalendar()
UTC = timezone.utc


def report_at(utc: str) -> dict:
    moment = datetime.fromisoformat(utc).replace(tzinfo=UTC)
    return {"reported_at": moment, "reported_on": local_date(moment)}


# (name, nominal deadline, today, report (UTC) or None, completed, expected)
CASES = [
    ("not due before the deadline", "2026-10-15", "2026-10-14", None, False, Status.NOT_DUE),
    ("not due on the deadline day itself", "2026-10-15", "2026-10-15", None, False, Status.NOT_DUE),
    ("overdue the day after", "2026-10-15", "2026-10-16", None, False, Status.OVERDUE),
    # 20/9/2026 is a Sunday: the effective deadline is Monday 21/9.
    (
        "weekend deadline moves to Monday: not overdue on Monday",
        "2026-09-20",
        "2026-09-21",
        None,
        False,
        Status.NOT_DUE,
    ),
    ("weekend deadline moves to Monday: overdue on Tuesday", "2026-09-20", "2026-09-22", None, False, Status.OVERDUE),
    # Tết 2026: 16–20/2 off; a deadline on 17/2 is effective 23/2.
    ("Tết deadline moves past the holiday", "2026-02-17", "2026-02-23", None, False, Status.NOT_DUE),
    ("report on the moved Monday is on time", "2026-09-20", "2026-09-25", "2026-09-21T09:00:00", False, Status.ON_TIME),
    # Local-midnight boundary: 16:30 UTC is 23:30 local on the deadline day; 17:30 UTC is 00:30 next day.
    (
        "23:30 local on the deadline day is on time",
        "2026-10-15",
        "2026-10-20",
        "2026-10-15T16:30:00",
        False,
        Status.ON_TIME,
    ),
    ("00:30 local the next day is late", "2026-10-15", "2026-10-20", "2026-10-15T17:30:00", False, Status.LATE),
    ("late report stays late, not overdue", "2026-10-15", "2026-11-30", "2026-10-20T02:00:00", False, Status.LATE),
    (
        "accepted is completed whatever the dates",
        "2026-10-15",
        "2026-11-30",
        "2026-10-20T02:00:00",
        True,
        Status.COMPLETED,
    ),
]


@pytest.mark.parametrize("name,nominal,today,reported,completed,expected", CASES, ids=[c[0] for c in CASES])
def test_status_rule(db, name, nominal, today, reported, completed, expected):
    deadline = date.fromisoformat(nominal)
    assignment = AssignmentFactory(
        original_deadline=deadline,
        deadline=deadline,
        effective_deadline=CAL.effective_date(deadline),
        completed_at=datetime(2026, 10, 21, 3, 0, tzinfo=UTC) if completed else None,
        **(report_at(reported) if reported else {}),
    )
    day = date.fromisoformat(today)
    assert Assignment.objects.with_status(day).get(pk=assignment.pk).status == expected
    assert assignment.status_on(day) == expected
    assert Assignment.objects.in_status(expected, day).filter(pk=assignment.pk).exists()
    others = [s for s in Status.values if s != expected]
    assert not any(Assignment.objects.in_status(s, day).filter(pk=assignment.pk).exists() for s in others)


def test_an_extension_moves_the_effective_deadline_and_status(db):
    deadline = date(2026, 10, 15)
    assignment = AssignmentFactory(
        original_deadline=deadline,
        deadline=date(2026, 10, 31),
        effective_deadline=CAL.effective_date(date(2026, 10, 31)),
    )
    # 31/10/2026 is a Saturday: effective Monday 2/11.
    assert assignment.effective_deadline == date(2026, 11, 2)
    assert Assignment.objects.with_status(date(2026, 10, 20)).get().status == Status.NOT_DUE
    assert Assignment.objects.with_status(date(2026, 11, 3)).get().status == Status.OVERDUE


def test_a_returned_report_counts_as_not_reported(db):
    deadline = date(2026, 10, 15)
    assignment = AssignmentFactory(
        original_deadline=deadline,
        deadline=deadline,
        effective_deadline=deadline,
        returned_at=datetime(2026, 10, 16, 3, tzinfo=UTC),
    )
    assert Assignment.objects.with_status(date(2026, 10, 16)).get(pk=assignment.pk).status == Status.OVERDUE
    assert list(Assignment.objects.overdue(date(2026, 10, 16))) == [assignment]


def test_statuses_are_counted_in_one_query(db, django_assert_num_queries):
    today = date(2026, 10, 20)
    for offset in range(-5, 5):
        d = today + timedelta(days=offset)
        AssignmentFactory(original_deadline=d, deadline=d, effective_deadline=d)
    from django.db.models import Count

    with django_assert_num_queries(1):
        counts = dict(Assignment.objects.with_status(today).values_list("status").annotate(n=Count("pk")).order_by())
    assert counts == {Status.OVERDUE: 5, Status.NOT_DUE: 5}
