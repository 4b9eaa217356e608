"""Tasks given "không giao thời hạn" (the Government Office's way): never overdue, in a category of
their own on the dashboard and in the Monday summary's totals, never judged by a rate; a report on
one is on time (docs/architecture.md §4)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from library.workcalendar import Week
from tasks import services
from tasks.models import Assignment, Category, Status
from tasks.selectors import unit_categories
from tasks.services.weekly import weekly_summary_run
from tasks.tests.factories import assign
from tasks.tests.test_flow import submit
from units.models import Unit


def undated(org, *units, subject="Thường xuyên theo dõi, đôn đốc", **kwargs):
    """The Office gives a task "không giao thời hạn" through the service, as the form does."""
    return services.task_create(
        actor=org.office_staff,
        subject=subject,
        given_by=org.chairman.leaderships.get(),
        deadline=None,
        units=list(units),
        **kwargs,
    )


def period_rows(org, start, end):
    return unit_categories(Unit.objects.filter(pk=org.commune_a.pk), start=start, end=end, as_of=date(2026, 11, 1))


def test_never_overdue_until_reported_then_on_time(org, time_machine):
    time_machine.move_to("2026-10-01 09:00 +07:00")
    task = undated(org, org.commune_a, org.commune_b, subject="Thường xuyên theo dõi an toàn hồ đập")
    a = task.assignments.get(unit=org.commune_a)
    assert (a.original_deadline, a.deadline, a.effective_deadline) == (None, None, None)
    assert task.first_deadline is None
    for day in (date(2026, 10, 1), date(2027, 6, 30), date(2030, 1, 2)):
        statuses = set(Assignment.objects.filter(task=task).with_status(day).values_list("status", flat=True))
        assert statuses == {Status.NO_DEADLINE}
        assert not Assignment.objects.filter(task=task).overdue(day).exists()
        assert Assignment.objects.get(pk=a.pk).status_on(day) == Status.NO_DEADLINE
    report = submit(org, a)
    assert Assignment.objects.with_status(date(2027, 1, 1)).get(pk=a.pk).status == Status.ON_TIME
    services.report_accept(actor=org.office_staff, report=report)
    assert Assignment.objects.with_status(date(2027, 1, 1)).get(pk=a.pk).status == Status.COMPLETED
    assert services.reminders_send(today=date(2026, 10, 5), days=[3, 1]) == 0


def test_no_extension_and_no_recurrence_without_a_deadline(org, time_machine):
    time_machine.move_to("2026-10-01 09:00 +07:00")
    a = undated(org, org.commune_a).assignments.get()
    with pytest.raises(ValidationError, match="không giao thời hạn"):
        services.extension_request_create(
            actor=org.chair_a, assignment=a, requested_deadline=date(2026, 12, 1), reason="Chờ số liệu"
        )
    with pytest.raises(ValidationError) as error:
        undated(org, org.commune_a, recurrence="monthly")
    assert "recurrence" in error.value.message_dict


def test_own_category_in_a_period_and_no_rate(org, time_machine):
    """Q4/2026's Decree 09 period is 15/09–14/12: a task without a deadline given by its end and
    open in it is counted in its own category, reported or not; it never makes a rate."""
    time_machine.move_to("2026-10-01 09:00 +07:00")
    open_one = undated(org, org.commune_a, subject="Theo dõi thường xuyên")
    reported = undated(org, org.commune_a, subject="Rà soát thường xuyên")
    submit(org, reported.assignments.get())
    assign(org, org.commune_a, deadline=date(2026, 10, 20))  # due in the period, not reported
    row = period_rows(org, date(2026, 9, 15), date(2026, 12, 14))[0]
    assert (row[Category.NO_DEADLINE], row[Category.OVERDUE], row[Category.DONE_ON_TIME]) == (2, 1, 0)
    assert (row["due"], row["update_rate"]) == (1, 0.0)
    # Given after the period's end: not in it.
    assert period_rows(org, date(2026, 6, 15), date(2026, 9, 14))[0][Category.NO_DEADLINE] == 0
    assert open_one.assignments.get().status_on(date(2026, 11, 1)) == Status.NO_DEADLINE


def test_the_dashboard_and_the_monday_summary_count_them_apart(client, org, template, time_machine):
    time_machine.move_to("2026-10-12 09:00 +07:00")
    undated(org, org.commune_a, org.commune_b, subject="Thường xuyên kiểm tra giờ giấc")
    assign(org, org.commune_a, deadline=date(2026, 10, 20), subject="Báo cáo sơ kết")
    time_machine.move_to("2026-11-02 09:00 +07:00")
    client.force_login(org.reviewer)
    page = client.get(reverse("reports:dashboard") + "?quarter=2026Q4").content.decode()
    link = f'<a href="/tasks/?unit={org.commune_a.pk}&amp;category=no_deadline">1</a>'
    assert f'data-label="Không thời hạn">{link}' in page
    assert '<abbr title="Không giao thời hạn (không tính vào tỷ lệ)">Không thời hạn</abbr>' in page
    time_machine.move_to("2026-11-23 10:00 +07:00")
    outcome = weekly_summary_run(week=Week.parse("2026-W48"), deliver=False)
    summary = outcome.result
    assert (summary.overdue_total, summary.no_deadline_total, summary.no_deadline_tasks) == (1, 2, 1)
    client.force_login(org.office_staff)
    page = client.get(reverse("tasks:summary_detail", args=["2026-W48"])).content.decode()
    assert "Không giao thời hạn, chưa báo cáo (không tính quá hạn): 1 nhiệm vụ, 2 lượt đơn vị." in page


def test_the_form_gives_a_task_without_a_deadline_and_asks_for_one_otherwise(client, org, time_machine):
    time_machine.move_to("2026-10-01 09:00 +07:00")
    client.force_login(org.office_staff)
    data = {
        "subject": "Thường xuyên theo dõi tình hình an ninh trật tự",
        "given_by": org.chairman.leaderships.get().pk,
        "scope": "picked",
        "units": [org.commune_a.pk],
    }
    refused = client.post(reverse("tasks:task_create"), data).content.decode()
    assert "Nhập hạn báo cáo, hoặc chọn “Không giao thời hạn”." in refused
    assert "Thường xuyên theo dõi tình hình an ninh trật tự" in refused
    done = client.post(reverse("tasks:task_create"), {**data, "no_deadline": "on"})
    assert done.status_code == 302
    a = Assignment.objects.get(task__subject=data["subject"])
    assert a.effective_deadline is None
    client.force_login(org.chair_a)
    page = client.get(reverse("tasks:assignment_detail", args=[a.pk])).content.decode()
    assert "Không giao thời hạn" in page
    listing = client.get(reverse("tasks:assignment_list")).content.decode()
    assert "Không giao thời hạn" in listing


def test_lists_put_them_after_every_dated_one(org, time_machine):
    time_machine.move_to("2026-10-01 09:00 +07:00")
    undated(org, org.commune_a, subject="Không hạn")
    assign(org, org.commune_a, deadline=date(2026, 12, 30), subject="Hạn cuối năm")
    assign(org, org.commune_a, deadline=date(2026, 10, 9), subject="Hạn sớm")
    subjects = list(Assignment.objects.filter(unit=org.commune_a).values_list("task__subject", flat=True))
    assert subjects == ["Hạn sớm", "Hạn cuối năm", "Không hạn"]
