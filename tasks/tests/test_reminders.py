"""Reminders: 3 and 1 working days before the effective deadline, exactly once however often the job
runs; one statement claims them, and each unit gets one notice and email per run listing its
assignments reminded in it (docs/architecture.md §4)."""

from __future__ import annotations

import smtplib
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pytest
from django.conf import settings
from django.core import mail
from django.core.mail.backends import locmem
from django.db import connection, connections
from django.urls import reverse

from conftest import require
from tasks import services
from tasks.jobs import send_task_reminders_job
from tasks.models import ReminderSent
from tasks.tests.factories import assign
from units.acting import carrying_scope
from units.models import Notification, Position
from units.tests.factories import MembershipFactory, UnitFactory

TUESDAY = date(2026, 10, 13)


@pytest.fixture
def due_friday(org, time_machine):
    """An assignment due Friday 16/10/2026 for commune A (chair has an email address)."""
    time_machine.move_to("2026-10-01 08:00 +07:00")
    org.chair_a.email = "chutich.a@example.org"
    org.chair_a.save()
    return assign(org, org.commune_a, deadline=date(2026, 10, 16)).assignments.get()


def reminders_for(user):
    return list(
        Notification.objects.filter(user=user, key__startswith="reminders:")
        .order_by("created_at")
        .values_list("key", flat=True)
    )


def mails_to(address):
    return [m for m in mail.outbox if m.to == [address]]


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
    assert "Còn 1 ngày làm việc đến hạn báo cáo 16/10/2026" in mailoutbox[1].subject


def test_running_the_job_many_times_sends_each_notice_once(
    org, due_friday, mailoutbox, django_capture_on_commit_callbacks
):
    for _ in range(5):
        with django_capture_on_commit_callbacks(execute=True):
            send_task_reminders_job.apply(kwargs={"today": "2026-10-13"}).get()
    assert ReminderSent.objects.count() == 1
    assert len(reminders_for(org.chair_a)) == 1 and len(reminders_for(org.officer_a)) == 1
    assert len(mailoutbox) == 1


def test_a_missed_day_is_caught_up_while_the_deadline_is_ahead(
    org, due_friday, mailoutbox, django_capture_on_commit_callbacks
):
    # The worker was down on Tuesday; on Wednesday 2 working days are left: the 3-day reminder goes now.
    with django_capture_on_commit_callbacks(execute=True):
        assert services.reminders_send(today=date(2026, 10, 14), days=[3, 1]) == 1
    assert ReminderSent.objects.get().days_before == 3
    # The email says how many working days are really left.
    assert "Còn 2 ngày làm việc đến hạn báo cáo 16/10/2026" in mailoutbox[0].subject
    # Down again until Thursday evening: the 1-day reminder goes on Thursday, the 3-day one is not repeated.
    assert services.reminders_send(today=date(2026, 10, 15), days=[3, 1]) == 1
    assert sorted(ReminderSent.objects.values_list("days_before", flat=True)) == [1, 3]


def test_missed_runs_are_caught_up_for_every_unit_in_one_run(
    org, due_friday, mailoutbox, django_capture_on_commit_callbacks
):
    org.chair_b.email = "chutich.b@example.org"
    org.chair_b.save()
    assign(org, org.commune_b, deadline=date(2026, 10, 15), subject="Báo cáo số liệu tháng 10")
    # The worker was down Monday and Tuesday. Wednesday's run: commune B's deadline is 1 working day
    # ahead (its 1-day reminder; the 3-day one is past), commune A's 2 (its 3-day reminder, late).
    with django_capture_on_commit_callbacks(execute=True):
        assert services.reminders_send(today=date(2026, 10, 14), days=[3, 1]) == 2
    assert sorted(ReminderSent.objects.values_list("assignment__unit__code", "deadline", "days_before")) == [
        ("XA-HOP-THANH", date(2026, 10, 15), 1),
        ("XA-TAN-TRAO", date(2026, 10, 16), 3),
    ]
    assert {m.to[0]: m.subject for m in mailoutbox} == {
        "chutich.a@example.org": "[Chỉ thị] Còn 2 ngày làm việc đến hạn báo cáo 16/10/2026",
        "chutich.b@example.org": "[Chỉ thị] Còn 1 ngày làm việc đến hạn báo cáo 15/10/2026",
    }


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


def test_each_unit_gets_one_email_per_run_listing_its_assignments(
    org, due_friday, mailoutbox, django_capture_on_commit_callbacks
):
    org.chair_b.email = "chutich.b@example.org"
    org.chair_b.save()
    wednesday = assign(org, org.commune_a, deadline=date(2026, 10, 14), subject="Kiểm tra công vụ").assignments.get()
    both = assign(org, org.commune_a, org.commune_b, deadline=date(2026, 10, 15), subject="Báo cáo số liệu tháng 10")
    thursday_a, thursday_b = (both.assignments.get(unit=unit) for unit in (org.commune_a, org.commune_b))
    assign(org, org.commune_a, deadline=date(2026, 10, 19), subject="Ngoài khoảng nhắc")  # 4 working days ahead
    reported = assign(org, org.commune_a, deadline=date(2026, 10, 15), subject="Đã báo cáo").assignments.get()
    services.report_save_draft(actor=org.chair_a, assignment=reported, text="Xong", revision=None)
    services.report_submit(actor=org.chair_a, assignment=reported)

    with django_capture_on_commit_callbacks(execute=True):
        assert services.reminders_send(today=TUESDAY, days=[3, 1]) == 4

    assert sorted(ReminderSent.objects.values_list("assignment_id", "deadline", "days_before")) == sorted(
        [
            (wednesday.pk, date(2026, 10, 14), 1),
            (thursday_a.pk, date(2026, 10, 15), 3),
            (thursday_b.pk, date(2026, 10, 15), 3),
            (due_friday.pk, date(2026, 10, 16), 3),
        ]
    )
    # Commune A: one email listing its three assignments, nearest deadline first, each with its link.
    [to_a] = mails_to("chutich.a@example.org")
    assert to_a.subject == "[Chỉ thị] Sắp đến hạn, chưa báo cáo (đến hết ngày 16/10/2026): 3 nhiệm vụ"
    body = to_a.body
    assert "Đơn vị Xã Tân Trào chưa báo cáo kết quả thực hiện nhiệm vụ:" in body
    assert "1. Kiểm tra công vụ" in body and "2. Báo cáo số liệu tháng 10" in body
    assert "3. Rà soát quy chế làm việc của cơ quan" in body
    assert body.index("14/10/2026") < body.index("15/10/2026") < body.index("16/10/2026")
    assert "Còn hạn: 1 ngày làm việc" in body and "Còn hạn: 2 ngày làm việc" in body
    assert "Còn hạn: 3 ngày làm việc" in body
    assert "Ngoài khoảng nhắc" not in body and "Đã báo cáo" not in body
    html = to_a.alternatives[0][0]
    for a in (wednesday, thursday_a, due_friday):
        url = reverse("tasks:assignment_detail", args=[a.pk])
        assert f"{settings.SITE_URL}{url}" in body and f'href="{settings.SITE_URL}{url}"' in html
    unit_page = reverse("tasks:unit_tasks", args=[org.commune_a.code])
    assert unit_page in body and unit_page in html
    # Commune B: its one assignment, the subject as before.
    [to_b] = mails_to("chutich.b@example.org")
    assert to_b.subject == "[Chỉ thị] Còn 2 ngày làm việc đến hạn báo cáo 15/10/2026"
    assert "Báo cáo số liệu tháng 10" in to_b.body and "Kiểm tra công vụ" not in to_b.body
    assert len(mailoutbox) == 2  # the other members have no email address
    # One in-app notice per member of each unit, linking to the unit's list or to its one assignment.
    notices = Notification.objects.filter(key__startswith="reminders:")
    assert Counter(notices.values_list("user__username", flat=True)) == {
        "chutich.a": 1,
        "pct.a": 1,
        "cv.a": 1,
        "chutich.b": 1,
    }
    assert set(notices.filter(user=org.officer_a).values_list("url", flat=True)) == {unit_page}
    assert notices.get(user=org.chair_b).url == reverse("tasks:assignment_detail", args=[thursday_b.pk])
    assert "Kiểm tra công vụ" in notices.get(user=org.officer_a).body


def test_a_rerun_sends_nothing_and_new_claims_the_same_day_are_sent(
    org, due_friday, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert services.reminders_send(today=TUESDAY, days=[3, 1]) == 1
    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            assert services.reminders_send(today=TUESDAY, days=[3, 1]) == 0
        assert callbacks == []
    assert len(mailoutbox) == 1 and len(reminders_for(org.officer_a)) == 1
    # A task given at noon, due Thursday: the afternoon run reminds of it, and of it only.
    assign(org, org.commune_a, deadline=date(2026, 10, 15), subject="Việc mới giao trưa nay")
    with django_capture_on_commit_callbacks(execute=True):
        assert services.reminders_send(today=TUESDAY, days=[3, 1]) == 1
    assert len(mailoutbox) == 2
    assert "Việc mới giao trưa nay" in mailoutbox[1].body and "Rà soát quy chế" not in mailoutbox[1].body
    first, second = reminders_for(org.officer_a)
    assert first != second and first.startswith(f"reminders:{org.commune_a.pk}:2026-10-13:")


class RefusingCommuneB(locmem.EmailBackend):
    """A mail server that refuses commune B's chair."""

    def send_messages(self, messages):
        if any(m.to == ["chutich.b@example.org"] for m in messages):
            raise smtplib.SMTPRecipientsRefused({"chutich.b@example.org": (550, b"no such mailbox")})
        return super().send_messages(messages)


def test_a_refused_email_does_not_stop_the_other_units_emails(
    org, due_friday, mailoutbox, settings, caplog, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingCommuneB"
    org.chair_b.email = "chutich.b@example.org"
    org.chair_b.save()
    assign(org, org.commune_b, org.commune_a, deadline=date(2026, 10, 15), subject="Báo cáo số liệu tháng 10")
    with django_capture_on_commit_callbacks(execute=True):
        assert services.reminders_send(today=TUESDAY, days=[3, 1]) == 3
    assert [m.to for m in mailoutbox] == [["chutich.a@example.org"]]  # B comes first, and fails
    assert "sending 1 email(s) failed" in caplog.text
    assert len(reminders_for(org.chair_b)) == 1  # the notice in the app is kept


def _units_with_people(count):
    """`count` communes, each with a head (with an email address) and an officer."""
    units = []
    for n in range(count):
        unit = UnitFactory(name=f"Xã Đếm Truy Vấn {n}")
        MembershipFactory(unit=unit, user__email=f"head{n}@example.org")
        MembershipFactory(unit=unit, position=Position.OFFICER)
        units.append(unit)
    return units


# The calendar; the savepoint; the claim (INSERT … SELECT … RETURNING); the claimed assignments with
# task and unit; the units' members; the notices already there; the new notices; the savepoint released.
QUERIES_FIRST_RUN = 8
# A rerun that claims nothing: the calendar, the savepoint, the claim, the savepoint released.
QUERIES_RERUN = 4


@pytest.mark.parametrize(("unit_count", "task_count"), [(1, 1), (6, 5)])
def test_query_count_does_not_grow_with_assignments_or_units(
    org, time_machine, mailoutbox, django_assert_num_queries, django_capture_on_commit_callbacks, unit_count, task_count
):
    time_machine.move_to("2026-10-01 08:00 +07:00")
    units = _units_with_people(unit_count)
    for n in range(task_count):
        assign(org, *units, deadline=date(2026, 10, 14 + n % 3), subject=f"Nhiệm vụ {n}")
    with django_capture_on_commit_callbacks(execute=True), django_assert_num_queries(QUERIES_FIRST_RUN):
        assert services.reminders_send(today=TUESDAY, days=[3, 1]) == unit_count * task_count
    assert len(mailoutbox) == unit_count  # one per unit, to its head
    assert Notification.objects.filter(key__startswith="reminders:").count() == 2 * unit_count
    with django_assert_num_queries(QUERIES_RERUN):
        assert services.reminders_send(today=TUESDAY, days=[3, 1]) == 0


def _run_at_once(runs, today):
    """`runs` reminder runs started at the same moment, each on its own connection: what each
    claimed (an error in any of them is raised here)."""
    barrier = threading.Barrier(runs)

    def run():
        try:
            barrier.wait(timeout=10)
            return services.reminders_send(today=today, days=[3, 1])
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=runs) as pool:
        futures = [pool.submit(carrying_scope(run)) for _ in range(runs)]
    return [f.result(timeout=60) for f in futures]


@pytest.mark.integration
def test_five_runs_at_once_give_each_reminder_once_and_each_unit_one_email(
    transactional_db, org, time_machine, mailoutbox, monkeypatch
):
    """PostgreSQL, five workers at the same moment, twice in a day: every reminder is claimed by
    exactly one run (the others wait on its rows, then skip them), and each unit gets one email
    per round listing everything claimed for it in that round."""
    require(connection.vendor == "postgresql", "the concurrency test needs PostgreSQL")
    time_machine.move_to("2026-10-01 08:00 +07:00")
    units = _units_with_people(6)
    for n in range(20):
        assign(org, *units, deadline=date(2026, 10, 14 + n % 3), subject=f"Nhiệm vụ sáng {n:02d}")
    mailoutbox.clear()  # the emails of the tasks given
    notify_many = services.notify_many

    def notify_slowly(*args, **kwargs):
        time.sleep(0.3)  # the run that claimed holds its rows uncommitted while the others reach them
        return notify_many(*args, **kwargs)

    monkeypatch.setattr(services, "notify_many", notify_slowly)

    assert sorted(_run_at_once(5, TUESDAY)) == [0, 0, 0, 0, 120]
    assert ReminderSent.objects.count() == 120
    assert Counter(m.to[0] for m in mailoutbox) == {f"head{n}@example.org": 1 for n in range(6)}
    assert all(m.body.count("Nhiệm vụ sáng") == 20 for m in mailoutbox)

    # Later the same day, new tasks: again five runs at once, again one email per unit, of the new ones.
    for n in range(4):
        assign(org, *units, deadline=date(2026, 10, 16), subject=f"Nhiệm vụ chiều {n}")
    mailoutbox.clear()  # the morning's reminders and the emails of the tasks given
    assert sorted(_run_at_once(5, TUESDAY)) == [0, 0, 0, 0, 24]
    assert ReminderSent.objects.count() == 144
    assert Counter(m.to[0] for m in mailoutbox) == {f"head{n}@example.org": 1 for n in range(6)}
    assert all(m.body.count("Nhiệm vụ chiều") == 4 and "Nhiệm vụ sáng" not in m.body for m in mailoutbox)
    notices = Notification.objects.filter(key__startswith="reminders:", user__memberships__unit__in=units)
    assert notices.count() == 2 * 6 * 2  # two members per unit, two rounds
