"""Reminders: 3 and 1 working days before the effective deadline, exactly once however often the job runs."""

from __future__ import annotations

from datetime import date

import pytest

from tasks import services
from tasks.jobs import send_task_reminders_job
from tasks.models import ReminderSent
from tasks.tests.factories import assign
from units.models import Notification


@pytest.fixture
def due_friday(org, time_machine):
    """An assignment due Friday 16/10/2026 for commune A (chair has an email address)."""
    time_machine.move_to("2026-10-01 08:00 +07:00")
    org.chair_a.email = "chutich.a@example.org"
    org.chair_a.save()
    return assign(org, org.commune_a, deadline=date(2026, 10, 16)).assignments.get()


def reminders_for(user):
    return list(
        Notification.objects.filter(user=user, key__startswith="reminder:")
        .order_by("created_at")
        .values_list("key", flat=True)
    )


def test_three_and_one_working_days_before(org, due_friday, mailoutbox, django_capture_on_commit_callbacks):
    sent_on = {}
    for day in range(9, 17):  # Friday 9/10 .. Friday 16/10
        today = date(2026, 10, day)
        with django_capture_on_commit_callbacks(execute=True):
            if services.reminders_send(today=today, days=[3, 1]):
                sent_on[today] = ReminderSent.objects.latest("sent_at").days_before
    # Tuesday 13/10: Wed, Thu, Fri left = 3. Thursday 15/10: 1 left.
    assert sent_on == {date(2026, 10, 13): 3, date(2026, 10, 15): 1}
    assert len(reminders_for(org.chair_a)) == 2
    assert [m.to for m in mailoutbox] == [["chutich.a@example.org"]] * 2
    assert "Còn 3 ngày làm việc" in mailoutbox[0].subject


def test_running_the_job_many_times_sends_each_notice_once(
    org, due_friday, mailoutbox, django_capture_on_commit_callbacks
):
    for _ in range(5):
        with django_capture_on_commit_callbacks(execute=True):
            send_task_reminders_job.apply(kwargs={"today": "2026-10-13"}).get()
    assert ReminderSent.objects.count() == 1
    assert len(reminders_for(org.chair_a)) == 1 and len(reminders_for(org.officer_a)) == 1
    assert len(mailoutbox) == 1


def test_a_missed_day_is_caught_up_while_the_deadline_is_ahead(org, due_friday):
    # The worker was down on Tuesday; on Wednesday 2 working days are left: the 3-day reminder goes now.
    assert services.reminders_send(today=date(2026, 10, 14), days=[3, 1]) == 1
    assert ReminderSent.objects.get().days_before == 3


def test_no_reminder_to_a_unit_that_has_reported(org, due_friday):
    services.report_save_draft(actor=org.chair_a, assignment=due_friday, text="Đã thực hiện", revision=None)
    services.report_submit(actor=org.chair_a, assignment=due_friday)
    assert services.reminders_send(today=date(2026, 10, 13), days=[3, 1]) == 0


def test_no_reminders_on_a_day_off(org, due_friday):
    assert services.reminders_send(today=date(2026, 10, 11), days=[3, 1]) == 0  # Sunday


def test_an_extension_gets_its_own_reminders(org, due_friday):
    services.reminders_send(today=date(2026, 10, 13), days=[3, 1])
    request = services.extension_request_create(
        actor=org.chair_a, assignment=due_friday, requested_deadline=date(2026, 10, 23), reason="Chờ số liệu"
    )
    services.extension_decide(actor=org.chairman, request=request, approve=True)
    assert services.reminders_send(today=date(2026, 10, 20), days=[3, 1]) == 1
    assert sorted(ReminderSent.objects.values_list("deadline", "days_before")) == [
        (date(2026, 10, 16), 3),
        (date(2026, 10, 23), 3),
    ]
