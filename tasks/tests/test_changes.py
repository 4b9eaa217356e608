"""A unit asks that a task be withdrawn from it or given to another unit (not within its competence,
depends on another body); the leader who gave it (or the Office) decides. A withdrawn assignment
keeps its history and leaves every count (issue 13)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from library.workcalendar import Week
from reports.queue import queue_items
from tasks import services
from tasks.models import Assignment, ChangeKind, ChangeStatus, Status
from tasks.selectors import unit_categories
from tasks.services.weekly import weekly_summary_run
from tasks.tests.factories import assign
from units.models import Unit

REASON = "Nội dung thuộc thẩm quyền của Phòng Tài nguyên và Môi trường, không thuộc chức năng của UBND xã"


@pytest.fixture
def given(org, time_machine):
    time_machine.move_to("2026-11-02 09:00 +07:00")
    return assign(org, org.commune_a, org.commune_b, deadline=date(2026, 11, 13), subject="Rà soát quỹ đất công")


def test_withdrawn_keeps_its_history_and_leaves_every_count(org, given, time_machine):
    a = given.assignments.get(unit=org.commune_a)
    change = services.change_request_create(actor=org.chair_a, assignment=a, kind=ChangeKind.WITHDRAW, reason=REASON)
    services.change_request_decide(actor=org.chairman, request=change, approve=True, note="Đồng ý rút")
    a.refresh_from_db()
    assert a.withdrawn_at is not None and a.status_on(date(2026, 12, 1)) == Status.WITHDRAWN
    assert Assignment.objects.with_status(date(2026, 12, 1)).get(pk=a.pk).status == Status.WITHDRAWN
    assert not Assignment.objects.overdue(date(2026, 12, 1)).filter(pk=a.pk).exists()
    assert a.history.count() == 2  # assigned, then withdrawn: both kept
    commune_a = Unit.objects.filter(pk=org.commune_a.pk)
    rows = unit_categories(commune_a, start=date(2026, 11, 1), end=date(2026, 11, 30), as_of=date(2026, 12, 1))
    assert rows[0]["total"] == 0 and rows[0]["due"] == 0
    with pytest.raises(ValidationError, match="đã được rút"):
        services.report_save_draft(actor=org.chair_a, assignment=a, text="Báo cáo", revision=None)
    assert services.reminders_send(today=date(2026, 11, 10), days=[3, 1]) == 1  # commune B only
    time_machine.move_to("2026-11-23 10:00 +07:00")
    summary = weekly_summary_run(week=Week.parse("2026-W48"), deliver=False).result
    assert summary.overdue_total == 1  # commune B only


def test_reassigned_to_the_proposed_unit_with_the_same_deadline(org, time_machine, mailoutbox):
    time_machine.move_to("2026-11-02 09:00 +07:00")
    task = assign(org, org.commune_a, deadline=date(2026, 11, 13))
    a = task.assignments.get()
    change = services.change_request_create(
        actor=org.chair_a, assignment=a, kind=ChangeKind.REASSIGN, reason=REASON, proposed_unit=org.commune_b
    )
    services.change_request_decide(actor=org.office_staff, request=change, approve=True)
    moved = task.assignments.get(unit=org.commune_b)
    assert (moved.deadline, moved.effective_deadline, moved.role) == (a.deadline, a.effective_deadline, a.role)
    assert moved.withdrawn_at is None
    a.refresh_from_db()
    assert a.withdrawn_at is not None
    change.refresh_from_db()
    assert (change.status, change.decided_by) == (ChangeStatus.APPROVED, org.office_staff)


def test_a_reassignment_to_a_unit_that_has_the_task_is_refused(org, given):
    a = given.assignments.get(unit=org.commune_a)
    change = services.change_request_create(
        actor=org.chair_a, assignment=a, kind=ChangeKind.REASSIGN, reason=REASON, proposed_unit=org.commune_b
    )
    with pytest.raises(ValidationError, match="đã được giao nhiệm vụ này"):
        services.change_request_decide(actor=org.chairman, request=change, approve=True)
    a.refresh_from_db()
    assert a.withdrawn_at is None


def test_who_may_ask_and_who_may_decide(org, given):
    a = given.assignments.get(unit=org.commune_a)
    for someone in (org.officer_a, org.deputy_a, org.chair_b):
        with pytest.raises(PermissionDenied):
            services.change_request_create(actor=someone, assignment=a, kind=ChangeKind.WITHDRAW, reason=REASON)
    with pytest.raises(ValidationError) as missing:
        services.change_request_create(actor=org.chair_a, assignment=a, kind=ChangeKind.REASSIGN, reason=" ")
    assert set(missing.value.message_dict) == {"proposed_unit", "reason"}
    change = services.change_request_create(actor=org.chair_a, assignment=a, kind=ChangeKind.WITHDRAW, reason=REASON)
    with pytest.raises(ValidationError, match="đang chờ quyết định"):
        services.change_request_create(actor=org.chair_a, assignment=a, kind=ChangeKind.WITHDRAW, reason=REASON)
    with pytest.raises(PermissionDenied):  # a Vice Chairman who did not give the task
        services.change_request_decide(actor=org.vice_chairman, request=change, approve=True)
    services.change_request_decide(actor=org.chairman, request=change, approve=False, note="Đơn vị chủ trì thực hiện")
    a.refresh_from_db()
    assert a.withdrawn_at is None


def test_pages_the_queue_and_scoping(client, org, given):
    a = given.assignments.get(unit=org.commune_a)
    url = reverse("tasks:change_request", args=[a.pk])
    client.force_login(org.chair_b)
    assert client.post(url, {"change-kind": "withdraw", "change-reason": REASON}).status_code == 404
    client.force_login(org.chair_a)
    refused = client.post(url, {"change-kind": "reassign", "change-reason": REASON})
    assert refused.status_code == 400
    assert "Chọn đơn vị đề xuất giao nhiệm vụ." in refused.content.decode() and REASON in refused.content.decode()
    assert client.post(url, {"change-kind": "withdraw", "change-reason": REASON}).status_code == 302
    items = queue_items(org.chairman, date(2026, 11, 3))
    assert [(i.kind, i.unit) for i in items] == [("change", "Xã Tân Trào")]
    assert queue_items(org.vice_chairman, date(2026, 11, 3)) == []
    change = a.change_requests.get()
    client.force_login(org.chairman)
    page = client.get(reverse("tasks:assignment_detail", args=[a.pk])).content.decode()
    assert "Đồng ý rút" in page
    client.post(reverse("tasks:change_decide", args=[change.pk]), {"decision": "approve"})
    a.refresh_from_db()
    assert a.withdrawn_at is not None
    client.force_login(org.chair_a)
    page = client.get(reverse("tasks:assignment_detail", args=[a.pk])).content.decode()
    assert "Nhiệm vụ đã được rút khỏi đơn vị ngày 02/11/2026" in page
