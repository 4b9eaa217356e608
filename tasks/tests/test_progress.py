"""A task's progress page, reminding units, the priority star, the leader's page grouped by task and
the Office's list grouped by task (issue 10)."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from library.workcalendar import LOCAL_TZ
from tasks import services
from tasks.models import Assignment, AssignmentRole, Status, Task, UnitReminder
from tasks.tests.factories import AssignmentFactory, TaskFactory, assign
from units.acting import carrying_scope
from units.models import Notification, today_local
from units.tests.factories import MembershipFactory, UnitFactory


def _random_task(org, rng: random.Random, units: int) -> Task:
    """A task of the Chairman's given to `units` new units (and commune A), with random deadlines,
    reports (on time, late, none) and acceptances."""
    task = TaskFactory(given_by=org.chairman.leaderships.get(), created_by=org.office_staff)
    today = today_local()
    for unit in [org.commune_a, *(UnitFactory() for _ in range(units))]:
        deadline = today + timedelta(days=rng.randint(-20, 20))
        reported = rng.choice([None, None, deadline - timedelta(days=rng.randint(0, 5)), deadline + timedelta(days=3)])
        if reported is not None and reported > today:
            reported = today
        completed = reported is not None and rng.random() < 0.4
        AssignmentFactory(
            task=task,
            unit=unit,
            original_deadline=deadline,
            deadline=deadline,
            effective_deadline=deadline,
            reported_on=reported,
            reported_at=datetime.combine(reported, datetime.min.time(), tzinfo=LOCAL_TZ) if reported else None,
            completed_at=timezone.now() if completed else None,
            role=rng.choice([AssignmentRole.LEAD, AssignmentRole.COORDINATING]),
        )
    return task


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_progress_counts_equal_the_status_of_each_assignment(client, org, seed):
    rng = random.Random(seed)
    task = _random_task(org, rng, units=rng.randint(5, 25))
    today = today_local()
    expected = {s: 0 for s in Status.values}
    for assignment in task.assignments.all():
        expected[assignment.status_on(today)] += 1
    client.force_login(org.chairman)
    response = client.get(reverse("tasks:task_detail", args=[task.pk]))
    progress = response.context["progress"]
    assert progress.counts == expected
    assert progress.total == task.assignments.count()
    assert progress.not_reported == expected[Status.OVERDUE] + expected[Status.NOT_DUE]
    html = response.content.decode()
    assert f"<strong>{progress.not_reported}/{progress.total}</strong> đơn vị chưa báo cáo" in html
    # Grouped by status, overdue first, the longest overdue first; every assignment once.
    groups = response.context["groups"]
    order = [g["code"] for g in groups]
    assert order == [s for s in ("overdue", "not_due", "late", "on_time", "completed") if expected[s]]
    assert {g["code"]: len(g["rows"]) for g in groups} == {s: n for s, n in expected.items() if n}
    if expected[Status.OVERDUE]:
        days = [a.days_overdue for a in groups[0]["rows"]]
        assert days == sorted(days, reverse=True) and min(days) >= 1
    # The bar's segments add up to the whole width.
    assert sum(s["width"] for s in progress.segments) == pytest.approx(100)
    # Filtering by one status lists exactly those.
    for status, n in expected.items():
        filtered = client.get(reverse("tasks:task_detail", args=[task.pk]), {"status": status})
        assert sum(len(g["rows"]) for g in filtered.context["groups"]) == n


def test_progress_page_shows_only_units_the_user_may_see(client, org):
    task = assign(org, org.commune_a, org.commune_b)
    client.force_login(org.chair_a)
    response = client.get(reverse("tasks:task_detail", args=[task.pk]))
    assert response.context["progress"].total == 1
    assert "Xã Hợp Thành" not in response.content.decode()
    other = assign(org, org.commune_b, subject="Chỉ của xã B")
    assert client.get(reverse("tasks:task_detail", args=[other.pk])).status_code == 404


def test_lead_unit_is_marked_where_others_coordinate(client, org):
    task = assign(org, org.commune_a, org.commune_b, lead_unit=org.commune_a)
    client.force_login(org.office_staff)
    html = client.get(reverse("tasks:task_detail", args=[task.pk])).content.decode()
    assert html.count('class="badge lead"') == 1
    solo = assign(org, org.commune_a, subject="Một đơn vị")
    assert 'class="badge lead"' not in client.get(reverse("tasks:task_detail", args=[solo.pk])).content.decode()


# ---- reminding ----------------------------------------------------------------------------------


@pytest.fixture
def overdue_task(org, time_machine):
    """On Wednesday 25/11/2026: a task of the Chairman's, due Friday 20/11, given to both communes
    and a third unit; commune B has reported."""
    time_machine.move_to(datetime(2026, 11, 2, 8, 0, tzinfo=LOCAL_TZ))
    third = UnitFactory(code="XA-THU-BA", name="Xã Thứ Ba")
    MembershipFactory(unit=third)
    for user in (org.chair_a, org.officer_a, org.chair_b):
        user.email = f"{user.username}@example.org"
        user.save()
    task = assign(org, org.commune_a, org.commune_b, third, deadline=date(2026, 11, 20))
    b = task.assignments.get(unit=org.commune_b)
    services.report_save_draft(actor=org.chair_b, assignment=b, text="Đã làm", revision=None)
    services.report_submit(actor=org.chair_b, assignment=b)
    time_machine.move_to(datetime(2026, 11, 25, 9, 0, tzinfo=LOCAL_TZ))
    return task


def _remind(client, task, **data):
    return client.post(reverse("tasks:task_remind", args=[task.pk]), data, follow=True)


def test_remind_one_sends_notice_and_email_and_records_who_when(
    client, org, overdue_task, mailoutbox, django_capture_on_commit_callbacks
):
    a = overdue_task.assignments.get(unit=org.commune_a)
    client.force_login(org.office_staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = _remind(client, overdue_task, one=a.pk)
    assert "Đã nhắc 1 đơn vị" in response.content.decode()
    reminder = UnitReminder.objects.get()
    assert (reminder.assignment, reminder.sent_by) == (a, org.office_staff)
    assert sorted(m.to[0] for m in mailoutbox) == ["chutich.a@example.org", "cv.a@example.org"]
    assert "quá hạn 5 ngày" in mailoutbox[0].body
    assert Notification.objects.filter(user=org.chair_a, url=reverse("tasks:assignment_detail", args=[a.pk])).exists()
    # Shown on the page, beside the unit and in the history.
    html = client.get(reverse("tasks:task_detail", args=[overdue_task.pk])).content.decode()
    assert "Đã nhắc 09:00 25/11/2026" in html
    assert "Nhắc 1 đơn vị báo cáo: Xã Tân Trào" in html


def test_a_second_reminder_within_the_interval_is_refused_and_named(
    client, org, overdue_task, mailoutbox, django_capture_on_commit_callbacks, time_machine
):
    a = overdue_task.assignments.get(unit=org.commune_a)
    client.force_login(org.office_staff)
    with django_capture_on_commit_callbacks(execute=True):
        _remind(client, overdue_task, one=a.pk)
    sent = len(mailoutbox)
    client.force_login(org.chairman)  # another person, the same unit, the same day
    with django_capture_on_commit_callbacks(execute=True):
        response = _remind(client, overdue_task, one=a.pk)
    html = response.content.decode()
    assert "Chưa nhắc lại Xã Tân Trào" in html and "chỉ nhắc lại sau 1 ngày làm việc (từ ngày 26/11/2026)" in html
    assert UnitReminder.objects.count() == 1 and len(mailoutbox) == sent
    # The next working day it goes.
    time_machine.move_to(datetime(2026, 11, 26, 8, 0, tzinfo=LOCAL_TZ))
    client.force_login(org.chairman)  # a new day's session
    with django_capture_on_commit_callbacks(execute=True):
        _remind(client, overdue_task, one=a.pk)
    assert UnitReminder.objects.count() == 2 and len(mailoutbox) > sent


def test_interval_counts_working_days_and_is_configurable(client, org, overdue_task, settings, time_machine):
    settings.TASK_REMIND_INTERVAL_WORKING_DAYS = 2
    a = overdue_task.assignments.get(unit=org.commune_a)
    time_machine.move_to(datetime(2026, 11, 27, 9, 0, tzinfo=LOCAL_TZ))  # a Friday
    services.units_remind(actor=org.office_staff, task=overdue_task, assignment_ids=[a.pk])
    time_machine.move_to(datetime(2026, 11, 30, 9, 0, tzinfo=LOCAL_TZ))  # Monday: one working day later
    assert services.units_remind(actor=org.office_staff, task=overdue_task, assignment_ids=[a.pk]).too_soon
    time_machine.move_to(datetime(2026, 12, 1, 9, 0, tzinfo=LOCAL_TZ))  # Tuesday: two
    assert services.units_remind(actor=org.office_staff, task=overdue_task, assignment_ids=[a.pk]).reminded == [a]


def test_remind_ticked_and_all_skip_reported_units(client, org, overdue_task):
    a = overdue_task.assignments.get(unit=org.commune_a)
    b = overdue_task.assignments.get(unit=org.commune_b)  # reported: never reminded
    third = overdue_task.assignments.exclude(pk__in=[a.pk, b.pk]).get()
    client.force_login(org.chairman)  # the leader who gave the task
    response = _remind(client, overdue_task, ticked="1", assignment=[a.pk, b.pk])
    assert list(UnitReminder.objects.values_list("assignment", flat=True)) == [a.pk]
    assert "Đã nhắc 1 đơn vị" in response.content.decode()
    response = _remind(client, overdue_task, all="1")
    assert set(UnitReminder.objects.values_list("assignment", flat=True)) == {a.pk, third.pk}
    assert "Chưa nhắc lại Xã Tân Trào" in response.content.decode()
    assert "Chưa chọn đơn vị nào" in _remind(client, overdue_task, ticked="1").content.decode()
    # One action, one history entry naming its units.
    html = client.get(reverse("tasks:task_detail", args=[overdue_task.pk])).content.decode()
    assert "Nhắc 1 đơn vị báo cáo: Xã Thứ Ba" in html


def test_remind_is_refused_to_units_and_to_leaders_who_did_not_give_the_task(client, org, overdue_task):
    url = reverse("tasks:task_remind", args=[overdue_task.pk])
    a = overdue_task.assignments.get(unit=org.commune_a)
    client.force_login(org.chair_a)  # sees the task (own unit): may not remind
    assert client.post(url, {"all": "1"}).status_code == 403
    client.force_login(org.vice_chairman)  # sees every unit, did not give it
    assert client.post(url, {"one": a.pk}).status_code == 403
    other = assign(org, org.commune_b, subject="Chỉ của xã B")
    client.force_login(org.chair_a)  # cannot see it at all
    assert client.post(reverse("tasks:task_remind", args=[other.pk]), {"all": "1"}).status_code == 404
    client.force_login(org.office_staff)
    assert client.get(url).status_code == 405
    assert not UnitReminder.objects.exists()
    # A forged id of another task's assignment is ignored.
    other_a = other.assignments.get()
    _remind(client, overdue_task, one=other_a.pk)
    assert not UnitReminder.objects.exists()
    # The page offers the buttons to those who may remind, and not to the others.
    assert "Nhắc tất cả" in client.get(reverse("tasks:task_detail", args=[overdue_task.pk])).content.decode()
    client.force_login(org.vice_chairman)
    assert "Nhắc tất cả" not in client.get(reverse("tasks:task_detail", args=[overdue_task.pk])).content.decode()


# ---- the priority star --------------------------------------------------------------------------


def test_star_puts_a_task_first_for_everyone_and_is_in_the_history(client, org, time_machine):
    time_machine.move_to(datetime(2026, 11, 2, 8, 0, tzinfo=LOCAL_TZ))
    first = assign(org, org.commune_a, subject="Nhiệm vụ thường", deadline=date(2026, 11, 20))
    starred = assign(org, org.commune_a, subject="Nhiệm vụ trọng tâm", deadline=date(2026, 12, 20))
    time_machine.move_to(datetime(2026, 11, 25, 8, 0, tzinfo=LOCAL_TZ))
    client.force_login(org.chairman)
    rows = client.get(reverse("tasks:leader_tasks")).context["page"].object_list
    assert [r["task"] for r in rows] == [first, starred]  # overdue first
    response = client.post(reverse("tasks:task_priority", args=[starred.pk]), {"priority": "1", "next": "leader"})
    assert response.url == reverse("tasks:leader_tasks")
    starred.refresh_from_db()
    assert starred.priority
    rows = client.get(reverse("tasks:leader_tasks")).context["page"].object_list
    assert [r["task"] for r in rows] == [starred, first]
    client.force_login(org.office_staff)
    listing = client.get(reverse("tasks:assignment_list"), {"leader": org.chairman.leaderships.get().pk})
    assert [r["task"] for r in listing.context["page"].object_list] == [starred, first]
    html = client.get(reverse("tasks:task_detail", args=[starred.pk])).content.decode()
    assert "Nhiệm vụ trọng tâm" in html and "Cập nhật nhiệm vụ" in html
    client.force_login(org.vice_chairman)
    assert client.post(reverse("tasks:task_priority", args=[starred.pk]), {"priority": "0"}).status_code == 403
    client.force_login(org.chair_a)
    assert client.post(reverse("tasks:task_priority", args=[starred.pk]), {"priority": "0"}).status_code == 403
    starred.refresh_from_db()
    assert starred.priority


# ---- the leader's page and the Office's list, grouped by task ---------------------------------------


def test_leader_page_has_one_row_per_task_with_its_counts(client, org, time_machine):
    time_machine.move_to(datetime(2026, 11, 2, 8, 0, tzinfo=LOCAL_TZ))
    units = [UnitFactory() for _ in range(6)]
    many = assign(org, *units, subject="Giao cho sáu đơn vị", deadline=date(2026, 11, 20))
    one = assign(org, org.commune_a, subject="Giao cho một đơn vị", deadline=date(2026, 12, 20))
    time_machine.move_to(datetime(2026, 11, 25, 8, 0, tzinfo=LOCAL_TZ))
    today = today_local()
    assign(org, org.commune_b, subject="Của Phó Chủ tịch", leader=org.vice_chairman.leaderships.get())
    done = assign(org, org.commune_b, subject="Đã xong")
    Assignment.objects.filter(task=done).update(completed_at=timezone.now(), reported_on=today)
    client.force_login(org.chairman)
    response = client.get(reverse("tasks:leader_tasks"))
    rows = response.context["page"].object_list
    assert [r["task"] for r in rows] == [many, one]  # the Vice Chairman's and the finished one are not here
    assert rows[0]["progress"].counts[Status.OVERDUE] == 6 and rows[0]["progress"].total == 6
    html = response.content.decode()
    assert html.count("Giao cho sáu đơn vị") == 1
    assert "<strong>6/6</strong> đơn vị chưa báo cáo" in html
    assert reverse("tasks:task_detail", args=[many.pk]) in html


def test_office_list_filtered_by_directive_or_leader_is_grouped_with_a_toggle(client, org):
    units = [UnitFactory() for _ in range(4)]
    task = assign(org, *units, subject="Giao cho bốn đơn vị")
    client.force_login(org.office_staff)
    leader = org.chairman.leaderships.get().pk
    grouped = client.get(reverse("tasks:assignment_list"), {"leader": leader})
    assert grouped.context["by_task"]
    assert [r["task"] for r in grouped.context["page"].object_list] == [task]
    flat = client.get(reverse("tasks:assignment_list"), {"leader": leader, "view": "assignments"})
    assert not flat.context["by_task"] and len(flat.context["page"].object_list) == 4
    assert "Theo từng đơn vị" in grouped.content.decode()
    unfiltered = client.get(reverse("tasks:assignment_list"))
    assert not unfiltered.context["by_task"] and "Theo từng đơn vị" not in unfiltered.content.decode()


@pytest.mark.integration
def test_two_people_reminding_at_once_remind_the_unit_once(transactional_db, org):
    """The Office and the Chairman press "Nhắc" for the same unit at the same moment: the row lock
    makes the second see the first's reminder, so the unit is reminded once (PostgreSQL)."""
    import threading

    from django.db import connection, connections

    from conftest import require

    require(connection.vendor == "postgresql", "the concurrency test needs PostgreSQL")
    task = assign(org, org.commune_a)
    a = task.assignments.get()
    barrier = threading.Barrier(2)
    outcomes = []

    def remind(user):
        try:
            barrier.wait(timeout=10)
            outcomes.append(services.units_remind(actor=user, task=task, assignment_ids=[a.pk]))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=carrying_scope(remind), args=(u,)) for u in (org.office_staff, org.chairman)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert UnitReminder.objects.filter(assignment=a).count() == 1
    assert sorted((len(o.reminded), len(o.too_soon)) for o in outcomes) == [(0, 1), (1, 0)]


def test_the_assignment_page_history_shows_the_reminders(client, org, overdue_task):
    a = overdue_task.assignments.get(unit=org.commune_a)
    services.units_remind(actor=org.office_staff, task=overdue_task, assignment_ids=[a.pk])
    client.force_login(org.chair_a)
    html = client.get(reverse("tasks:assignment_detail", args=[a.pk])).content.decode()
    assert "Nhắc 1 đơn vị báo cáo: Xã Tân Trào" in html
