"""Recurring obligations follow their own schedule (tasks.services.recurring, docs/architecture.md §12): the
n-th period is due the first deadline + n − 1 months or quarters clamped to the month's end; an
extension moves only its own period; a unit that never reports still gets each period, overdue in
turn; however often the job runs, and however many at once, each period exists once."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from conftest import require
from tasks import services
from tasks.jobs import recurring_periods_job
from tasks.models import Assignment, Recurrence, Status
from tasks.services.recurring import period_deadline, recurring_periods_create
from tasks.tests.factories import assign
from tasks.tests.test_flow import submit
from units.acting import carrying_scope


@pytest.mark.parametrize(
    "first,recurrence,expected",
    [
        ("2027-01-31", Recurrence.MONTHLY, "31/01/2027 28/02/2027 31/03/2027 30/04/2027"),
        ("2028-01-31", Recurrence.MONTHLY, "31/01/2028 29/02/2028 31/03/2028 30/04/2028"),
        ("2027-01-31", Recurrence.QUARTERLY, "31/01/2027 30/04/2027 31/07/2027 31/10/2027"),
        ("2026-12-15", Recurrence.MONTHLY, "15/12/2026 15/01/2027 15/02/2027 15/03/2027"),
    ],
)
def test_each_period_counts_from_the_first_deadline_clamped_to_the_month_end(first, recurrence, expected):
    first = date.fromisoformat(first)
    assert " ".join(f"{period_deadline(first, recurrence, n):%d/%m/%Y}" for n in range(1, 5)) == expected


def _periods(task, unit):
    return list(
        Assignment.objects.filter(task=task, unit=unit)
        .order_by("sequence")
        .values_list("sequence", "original_deadline", "deadline", "effective_deadline")
    )


def test_a_series_from_31_january_never_drifts_to_the_28th(org, time_machine):
    time_machine.move_to("2027-01-04 09:00 +07:00")
    task = assign(org, org.commune_a, recurrence=Recurrence.MONTHLY, deadline=date(2027, 1, 31))
    for day in ("2027-02-01", "2027-03-01", "2027-04-01", "2027-05-01"):
        time_machine.move_to(f"{day} 00:30 +07:00")
        recurring_periods_job()
    nominal = [row[1] for row in _periods(task, org.commune_a)]
    assert nominal == [date(2027, 1, 31), date(2027, 2, 28), date(2027, 3, 31), date(2027, 4, 30), date(2027, 5, 31)]
    # The effective-date rule as for any deadline: 31/01/2027 is a Sunday, 28/02/2027 too, 31/03 a
    # Wednesday; 30/04 is a public holiday and so is 1/5, a Saturday, whose day off moves to Monday
    # 3/5: the next working day is Tuesday 4/5.
    effective = [row[3] for row in _periods(task, org.commune_a)]
    assert effective[:3] == [date(2027, 2, 1), date(2027, 3, 1), date(2027, 3, 31)]
    assert effective[3] == date(2027, 5, 4)


def test_an_extension_of_one_period_moves_no_other(org, time_machine):
    time_machine.move_to("2026-09-01 09:00 +07:00")
    task = assign(org, org.commune_a, recurrence=Recurrence.MONTHLY, deadline=date(2026, 9, 15))
    first = task.assignments.get()
    request = services.extension_request_create(
        actor=org.chair_a, assignment=first, requested_deadline=date(2026, 10, 5), reason="Chờ số liệu thống kê"
    )
    services.extension_decide(actor=org.chairman, request=request, approve=True, note="Đồng ý")
    time_machine.move_to("2026-10-02 09:00 +07:00")
    first.refresh_from_db()
    services.report_accept(actor=org.office_staff, report=submit(org, first))
    second = task.assignments.get(sequence=2)
    assert (second.original_deadline, second.deadline, second.effective_deadline) == (
        date(2026, 10, 15),
        date(2026, 10, 15),
        date(2026, 10, 15),
    )
    first.refresh_from_db()
    assert first.deadline == date(2026, 10, 5)  # the extended period keeps its own deadline


def test_a_unit_that_never_reports_gets_each_period_overdue_in_turn(org, time_machine):
    time_machine.move_to("2026-09-01 09:00 +07:00")
    task = assign(org, org.commune_a, org.commune_b, recurrence=Recurrence.MONTHLY, deadline=date(2026, 9, 15))
    a_first = task.assignments.get(unit=org.commune_a)
    time_machine.move_to("2026-09-14 09:00 +07:00")
    services.report_accept(actor=org.office_staff, report=submit(org, a_first))  # commune A reports; B never does

    seen = []
    for day in ("2026-09-16", "2026-10-16", "2026-11-17", "2026-12-16"):
        time_machine.move_to(f"{day} 08:00 +07:00")
        recurring_periods_job()
        statuses = [
            a.status
            for a in Assignment.objects.filter(task=task, unit=org.commune_b).with_status(date.fromisoformat(day))
        ]
        seen.append(sorted(statuses))
    # Each month one more period; every earlier one overdue, the newest not yet due.
    assert seen == [
        sorted([Status.OVERDUE, Status.NOT_DUE]),
        sorted([Status.OVERDUE, Status.OVERDUE, Status.NOT_DUE]),
        sorted([Status.OVERDUE] * 3 + [Status.NOT_DUE]),
        sorted([Status.OVERDUE] * 4 + [Status.NOT_DUE]),
    ]
    assert [row[1] for row in _periods(task, org.commune_b)] == [
        date(2026, 9, 15),
        date(2026, 10, 15),
        date(2026, 11, 15),
        date(2026, 12, 15),
        date(2027, 1, 15),
    ]
    # Commune A's series is the same schedule: its accepted first period gave it the second at once.
    assert [row[1] for row in _periods(task, org.commune_a)] == [row[1] for row in _periods(task, org.commune_b)]


def test_a_job_that_did_not_run_for_months_catches_up(org, time_machine):
    time_machine.move_to("2026-06-01 09:00 +07:00")
    task = assign(org, org.commune_a, recurrence=Recurrence.QUARTERLY, deadline=date(2026, 6, 30))
    assert recurring_periods_create(today=date(2027, 1, 5)) == 3
    assert [row[1] for row in _periods(task, org.commune_a)] == [
        date(2026, 6, 30),
        date(2026, 9, 30),
        date(2026, 12, 30),
        date(2027, 3, 30),
    ]


def test_five_runs_create_each_period_once_and_acceptance_does_not_add_another(org, time_machine):
    time_machine.move_to("2026-09-01 09:00 +07:00")
    task = assign(org, org.commune_a, org.commune_b, recurrence=Recurrence.MONTHLY, deadline=date(2026, 9, 15))
    first_a = task.assignments.get(unit=org.commune_a)
    time_machine.move_to("2026-09-10 09:00 +07:00")
    report = submit(org, first_a)
    time_machine.move_to("2026-09-16 09:00 +07:00")
    assert [recurring_periods_job() for _ in range(5)] == [2, 0, 0, 0, 0]
    services.report_accept(actor=org.office_staff, report=report)  # the second period exists already
    assert task.assignments.filter(sequence=2).count() == 2
    assert task.assignments.count() == 4
    created = task.assignments.get(unit=org.commune_b, sequence=2)
    assert created.history.count() == 1 and created.history.get().history_change_reason == "Kỳ mới của nhiệm vụ định kỳ"
    assert created.assigned_by == org.office_staff  # who set up the series


def test_a_task_that_does_not_recur_gets_no_period(org, time_machine):
    time_machine.move_to("2026-09-01 09:00 +07:00")
    task = assign(org, org.commune_a, deadline=date(2026, 9, 15))
    assert recurring_periods_create(today=date(2026, 12, 1)) == 0
    assert task.assignments.count() == 1


@pytest.mark.integration
def test_five_runs_at_once_create_each_period_once(transactional_db, org, time_machine):
    """PostgreSQL, five workers at the same moment: the first locks the current periods, the others
    wait on them, then find their successors and create nothing."""
    require(connection.vendor == "postgresql", "the concurrency test needs PostgreSQL")
    time_machine.move_to("2026-06-01 09:00 +07:00")
    for n in range(4):
        assign(org, org.commune_a, org.commune_b, recurrence=Recurrence.MONTHLY, deadline=date(2026, 6, 10 + n))
    barrier = threading.Barrier(5)

    def run():
        try:
            barrier.wait(timeout=10)
            return recurring_periods_create(today=date(2026, 9, 20))
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=5) as pool:
        futures = [pool.submit(carrying_scope(run)) for _ in range(5)]
    results = sorted(f.result(timeout=60) for f in futures)
    # 4 tasks × 2 units, periods of July, August, September and October each: 32.
    assert results == [0, 0, 0, 0, 32]
    assert Assignment.objects.count() == 40
    assert Assignment.objects.values("task", "unit", "sequence").distinct().count() == 40


def test_a_series_withdrawn_from_a_unit_ends_there(org, time_machine):
    from tasks.models import ChangeKind

    time_machine.move_to("2026-09-01 09:00 +07:00")
    task = assign(org, org.commune_a, org.commune_b, recurrence=Recurrence.MONTHLY, deadline=date(2026, 9, 15))
    first_a = task.assignments.get(unit=org.commune_a)
    change = services.change_request_create(
        actor=org.chair_a, assignment=first_a, kind=ChangeKind.WITHDRAW, reason="Không thuộc chức năng của xã"
    )
    services.change_request_decide(actor=org.office_staff, request=change, approve=True)
    assert recurring_periods_create(today=date(2026, 11, 20)) == 3  # commune B: October, November, December
    assert not task.assignments.filter(unit=org.commune_a, sequence__gt=1).exists()


def test_a_series_with_an_end_date_stops_there(org, time_machine):
    time_machine.move_to("2026-09-01 09:00 +07:00")
    task = assign(
        org,
        org.commune_a,
        recurrence=Recurrence.MONTHLY,
        deadline=date(2026, 9, 15),
        recurrence_until=date(2026, 11, 30),
    )
    assert recurring_periods_create(today=date(2027, 2, 1)) == 2  # October and November, not December
    last = task.assignments.get(sequence=3)
    assert last.original_deadline == date(2026, 11, 15)
    time_machine.move_to("2026-11-10 09:00 +07:00")
    services.report_accept(actor=org.office_staff, report=submit(org, last))
    assert task.assignments.count() == 3  # accepting the last period opens none
    with pytest.raises(ValidationError) as no_series:
        assign(org, org.commune_a, deadline=date(2026, 12, 1), recurrence_until=date(2027, 1, 1))
    assert "recurrence_until" in no_series.value.message_dict
    with pytest.raises(ValidationError) as before:
        monthly = {"recurrence": Recurrence.MONTHLY, "recurrence_until": date(2026, 11, 30)}
        assign(org, org.commune_a, deadline=date(2026, 12, 1), **monthly)
    assert "recurrence_until" in before.value.message_dict
