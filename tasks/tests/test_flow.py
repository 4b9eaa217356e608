"""The daily work, through the services: assign, draft, sign and submit, return, resubmit, accept, extend."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from submissions.models import ReturnReason, SubmissionStatus
from tasks import services
from tasks.models import (
    Assignment,
    AssignmentRole,
    ExtensionStatus,
    Recurrence,
    Status,
    TaskReport,
)
from tasks.tests.factories import assign
from units.models import Notification, today_local
from units.tests.factories import DelegationFactory, UnitFactory


def submit(org, assignment, user=None, text="Đã tổ chức quán triệt Chỉ thị tới toàn thể cán bộ."):
    user = user or org.chair_a
    services.report_save_draft(actor=user, assignment=assignment, text=text, revision=None)
    return services.report_submit(actor=user, assignment=assignment)


# ---- who may do what ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "who,allowed",
    [
        ("office_staff", True),
        ("chairman", True),
        ("vice_chairman", True),
        ("reviewer", False),
        ("chair_a", False),
        ("deputy_a", False),
        ("officer_a", False),
        ("admin", False),
    ],
)
def test_who_may_assign(org, who, allowed, mailoutbox):
    call = lambda: services.task_create(  # noqa: E731
        actor=getattr(org, who),
        subject="Nhiệm vụ thử",
        given_by=org.chairman.leaderships.get(),
        deadline=today_local() + timedelta(days=5),
        units=[org.commune_a],
    )
    if allowed:
        assert call().assignments.count() == 1
    else:
        with pytest.raises(PermissionDenied):
            call()


@pytest.mark.parametrize(
    "who,draft,submit_mode",
    [
        ("chair_a", True, ""),
        ("deputy_a", True, None),
        ("officer_a", True, None),
        ("chair_b", False, None),
        ("office_staff", False, None),
    ],
)
def test_who_may_draft_and_submit(org, who, draft, submit_mode):
    assignment = assign(org, org.commune_a).assignments.get()
    user = getattr(org, who)
    if not draft:
        with pytest.raises(PermissionDenied):
            services.report_save_draft(actor=user, assignment=assignment, text="x", revision=None)
        return
    services.report_save_draft(actor=user, assignment=assignment, text="Dự thảo", revision=None)
    if submit_mode is None:
        with pytest.raises(PermissionDenied):
            services.report_submit(actor=user, assignment=assignment)
        assert assignment.reports.get().status == SubmissionStatus.DRAFT
    else:
        assert services.report_submit(actor=user, assignment=assignment).signing_mode == submit_mode


def test_deputy_cannot_submit_without_delegation(org):
    assignment = assign(org, org.commune_a).assignments.get()
    with pytest.raises(PermissionDenied):
        submit(org, assignment, user=org.deputy_a)
    assignment.refresh_from_db()
    assert assignment.reported_at is None


def test_deputy_with_delegation_signs_kt(org):
    today = today_local()
    DelegationFactory(
        unit=org.commune_a,
        deputy=org.deputy_a,
        granted_by=org.chair_a,
        start_date=today - timedelta(days=1),
        end_date=today + timedelta(days=30),
    )
    assignment = assign(org, org.commune_a).assignments.get()
    report = submit(org, assignment, user=org.deputy_a)
    assert report.signing_mode == "KT." and report.signed_by == org.deputy_a


def test_expired_delegation_no_longer_lets_the_deputy_sign(org):
    today = today_local()
    DelegationFactory(
        unit=org.commune_a,
        deputy=org.deputy_a,
        granted_by=org.chair_a,
        start_date=today - timedelta(days=30),
        end_date=today - timedelta(days=1),
    )
    assignment = assign(org, org.commune_a).assignments.get()
    with pytest.raises(PermissionDenied):
        submit(org, assignment, user=org.deputy_a)


@pytest.mark.parametrize(
    "who,allowed", [("office_staff", True), ("chairman", False), ("reviewer", False), ("chair_a", False)]
)
def test_who_may_accept_or_return(org, who, allowed):
    assignment = assign(org, org.commune_a).assignments.get()
    report = submit(org, assignment)
    if allowed:
        services.report_return(actor=getattr(org, who), report=report, reasons=[ReturnReason.LOW_QUALITY])
    else:
        with pytest.raises(PermissionDenied):
            services.report_accept(actor=getattr(org, who), report=report)
        with pytest.raises(PermissionDenied):
            services.report_return(actor=getattr(org, who), report=report, reasons=[ReturnReason.LOW_QUALITY])


@pytest.mark.parametrize(
    "who,allowed", [("chairman", True), ("office_staff", True), ("vice_chairman", False), ("chair_a", False)]
)
def test_who_may_decide_an_extension(org, who, allowed):
    assignment = assign(org, org.commune_a).assignments.get()
    request = services.extension_request_create(
        actor=org.chair_a,
        assignment=assignment,
        requested_deadline=assignment.deadline + timedelta(days=7),
        reason="Chờ số liệu",
    )
    if allowed:
        services.extension_decide(actor=getattr(org, who), request=request, approve=True)
    else:
        with pytest.raises(PermissionDenied):
            services.extension_decide(actor=getattr(org, who), request=request, approve=True)


# ---- the lifecycle ------------------------------------------------------------------------------


def test_assign_to_a_lead_and_coordinating_units(org):
    third = UnitFactory()
    task = assign(org, org.commune_b, third, lead_unit=org.commune_a)
    roles = dict(task.assignments.values_list("unit__code", "role"))
    assert roles == {
        org.commune_a.code: AssignmentRole.LEAD,
        org.commune_b.code: AssignmentRole.COORDINATING,
        third.code: AssignmentRole.COORDINATING,
    }


def test_assign_on_a_weekend_keeps_nominal_and_effective_dates(org, time_machine):
    time_machine.move_to("2026-09-01 09:00 +07:00")
    assignment = assign(org, org.commune_a, deadline=date(2026, 9, 20)).assignments.get()
    assert (assignment.deadline, assignment.effective_deadline) == (date(2026, 9, 20), date(2026, 9, 21))


def test_assign_notifies_the_unit_in_the_app_and_by_mail(org, mailoutbox, django_capture_on_commit_callbacks):
    org.chair_a.email = "chutich.tantrao@example.org"
    org.chair_a.save()
    with django_capture_on_commit_callbacks(execute=True):
        assignment = assign(org, org.commune_a).assignments.get()
    assert Notification.objects.filter(user=org.chair_a, url__endswith=f"/assignments/{assignment.pk}/").count() == 1
    assert [m.to for m in mailoutbox] == [["chutich.tantrao@example.org"]]
    assert "Nhiệm vụ mới" in mailoutbox[0].subject


def test_return_then_resubmit_then_accept_keeps_every_version(org):
    assignment = assign(org, org.commune_a).assignments.get()
    first = submit(org, assignment, text="Bản 1")
    services.report_return(
        actor=org.office_staff,
        report=first,
        reasons=[ReturnReason.NO_LEGAL_ANALYSIS, ReturnReason.LOW_QUALITY],
        note="Bổ sung căn cứ",
    )
    assignment.refresh_from_db()
    assert assignment.reported_at is None and assignment.returned_at is not None
    second = submit(org, assignment, text="Bản 2, đã bổ sung căn cứ pháp lý")
    assert second.version == 2 and second.pk != first.pk
    services.report_accept(actor=org.office_staff, report=second)
    assignment.refresh_from_db()
    assert Assignment.objects.with_status().get(pk=assignment.pk).status == Status.COMPLETED
    first.refresh_from_db()
    assert (first.status, first.text, first.return_reasons) == (
        SubmissionStatus.RETURNED,
        "Bản 1",
        ["no_legal_analysis", "low_quality"],
    )
    assert list(assignment.reports.values_list("version", "status")) == [(2, "accepted"), (1, "returned")]


def test_a_submitted_version_is_never_edited(org):
    assignment = assign(org, org.commune_a).assignments.get()
    report = submit(org, assignment)
    with pytest.raises(ValidationError):
        services.report_save_draft(actor=org.chair_a, assignment=assignment, text="sửa lén", revision=None)
    report.refresh_from_db()
    assert report.text.startswith("Đã tổ chức")


def test_return_needs_a_reason_of_item_8(org):
    assignment = assign(org, org.commune_a).assignments.get()
    report = submit(org, assignment)
    with pytest.raises(ValidationError) as error:
        services.report_return(actor=org.office_staff, report=report, reasons=[])
    assert "Chọn ít nhất một lý do" in str(error.value)
    with pytest.raises(ValidationError):
        services.report_return(actor=org.office_staff, report=report, reasons=["made_up"])
    report.refresh_from_db()
    assert report.status == SubmissionStatus.SUBMITTED


def test_empty_report_cannot_be_submitted(org):
    assignment = assign(org, org.commune_a).assignments.get()
    services.report_save_draft(actor=org.chair_a, assignment=assignment, text="   ", revision=None)
    with pytest.raises(ValidationError):
        services.report_submit(actor=org.chair_a, assignment=assignment)


def test_recurring_task_opens_the_next_period_when_accepted(org):
    task = assign(org, org.commune_a, recurrence=Recurrence.MONTHLY, deadline=today_local() + timedelta(days=3))
    first = task.assignments.get()
    services.report_accept(actor=org.office_staff, report=submit(org, first))
    nxt = task.assignments.get(sequence=2)
    assert nxt.deadline.month != first.deadline.month and nxt.completed_at is None


# ---- extensions ---------------------------------------------------------------------------------


def test_extension_approved_moves_effective_deadline_and_keeps_original(org, time_machine):
    time_machine.move_to("2026-09-01 09:00 +07:00")
    assignment = assign(org, org.commune_a, deadline=date(2026, 9, 15)).assignments.get()
    request = services.extension_request_create(
        actor=org.chair_a, assignment=assignment, requested_deadline=date(2026, 10, 3), reason="Chờ kết quả thanh tra"
    )
    services.extension_decide(actor=org.chairman, request=request, approve=True, note="Đồng ý")
    assignment.refresh_from_db()
    # 3/10/2026 is a Saturday -> effective Monday 5/10.
    assert (assignment.original_deadline, assignment.deadline, assignment.effective_deadline) == (
        date(2026, 9, 15),
        date(2026, 10, 3),
        date(2026, 10, 5),
    )
    request.refresh_from_db()
    assert (request.status, request.decided_by) == (ExtensionStatus.APPROVED, org.chairman)
    assert request.history.count() == 2


def test_extension_refused_changes_nothing(org):
    assignment = assign(org, org.commune_a).assignments.get()
    before = assignment.effective_deadline
    request = services.extension_request_create(
        actor=org.chair_a,
        assignment=assignment,
        requested_deadline=assignment.deadline + timedelta(days=9),
        reason="Thiếu người",
    )
    services.extension_decide(actor=org.chairman, request=request, approve=False, note="Không có căn cứ")
    assignment.refresh_from_db()
    assert assignment.effective_deadline == before
    with pytest.raises(ValidationError):
        services.extension_decide(actor=org.chairman, request=request, approve=True)


def test_extension_only_before_the_deadline_and_for_a_later_date(org, time_machine):
    time_machine.move_to("2026-09-01 09:00 +07:00")
    assignment = assign(org, org.commune_a, deadline=date(2026, 9, 10)).assignments.get()
    with pytest.raises(ValidationError) as error:
        services.extension_request_create(
            actor=org.chair_a, assignment=assignment, requested_deadline=date(2026, 9, 9), reason="x"
        )
    assert "requested_deadline" in error.value.message_dict
    time_machine.move_to("2026-09-11 09:00 +07:00")
    with pytest.raises(ValidationError) as error:
        services.extension_request_create(
            actor=org.chair_a, assignment=assignment, requested_deadline=date(2026, 9, 30), reason="x"
        )
    assert "quá hạn" in str(error.value)


def test_officer_cannot_ask_for_an_extension(org):
    assignment = assign(org, org.commune_a).assignments.get()
    with pytest.raises(PermissionDenied):
        services.extension_request_create(
            actor=org.officer_a,
            assignment=assignment,
            requested_deadline=assignment.deadline + timedelta(days=3),
            reason="x",
        )


# ---- calendar exceptions move open deadlines ------------------------------------------------------


def test_an_administrator_day_off_moves_open_effective_deadlines(org, time_machine):
    from units.models import CalendarException, CalendarExceptionKind

    time_machine.move_to("2026-09-01 09:00 +07:00")
    assignment = assign(org, org.commune_a, deadline=date(2026, 9, 21)).assignments.get()
    CalendarException.objects.create(date=date(2026, 9, 21), kind=CalendarExceptionKind.DAY_OFF, note="Nghỉ bù")
    assignment.refresh_from_db()
    assert assignment.effective_deadline == date(2026, 9, 22)


def test_moving_a_day_off_to_another_date_recomputes_deadlines_of_both_dates(org, time_machine):
    """The administrator corrects a notice: the day off is Monday 21/9, not Tuesday 22/9. The
    deadline of the 22nd goes back to the 22nd (it lies after the new date, so only recomputing
    around the old one finds it); the deadline of the 21st moves to the 22nd."""
    from units.models import CalendarException, CalendarExceptionKind

    time_machine.move_to("2026-09-01 09:00 +07:00")
    on_21 = assign(org, org.commune_a, deadline=date(2026, 9, 21)).assignments.get()
    on_22 = assign(org, org.commune_a, deadline=date(2026, 9, 22)).assignments.get()
    CalendarException.objects.create(date=date(2026, 9, 22), kind=CalendarExceptionKind.DAY_OFF, note="Nghỉ bù")
    on_21.refresh_from_db()
    on_22.refresh_from_db()
    assert (on_21.effective_deadline, on_22.effective_deadline) == (date(2026, 9, 21), date(2026, 9, 23))

    exception = CalendarException.objects.get()
    exception.date = date(2026, 9, 21)
    exception.save()
    on_21.refresh_from_db()
    on_22.refresh_from_db()
    assert (on_21.effective_deadline, on_22.effective_deadline) == (date(2026, 9, 22), date(2026, 9, 22))

    exception.delete()
    on_21.refresh_from_db()
    assert on_21.effective_deadline == date(2026, 9, 21)


# ---- nothing half-written ----------------------------------------------------------------------


def test_a_failure_midway_through_submit_leaves_nothing_written(org, monkeypatch):
    assignment = assign(org, org.commune_a).assignments.get()
    services.report_save_draft(actor=org.chair_a, assignment=assignment, text="Nội dung", revision=None)

    def crash(**kwargs):
        raise RuntimeError("mail server exploded while queueing")

    # The notice to the Office is written after the report and the assignment: make it fail.
    monkeypatch.setattr(services, "notify", crash)
    with pytest.raises(RuntimeError):
        services.report_submit(actor=org.chair_a, assignment=assignment)
    assignment.refresh_from_db()
    report = TaskReport.objects.get(assignment=assignment)
    assert (report.status, report.signed_by, report.submitted_at) == (SubmissionStatus.DRAFT, None, None)
    assert assignment.reported_at is None and assignment.reported_on is None


def test_no_extension_once_the_report_is_sent(org):
    assignment = assign(org, org.commune_a).assignments.get()
    submit(org, assignment)
    with pytest.raises(ValidationError) as error:
        services.extension_request_create(
            actor=org.chair_a,
            assignment=assignment,
            requested_deadline=assignment.deadline + timedelta(days=3),
            reason="x",
        )
    assert "đã gửi báo cáo" in str(error.value)
