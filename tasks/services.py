"""Writes on tasks: assign, draft, attach, submit, accept, return, extend, remind.

Keyword-only, with the acting user; each validates before it saves and runs in one transaction,
so a failure midway leaves nothing half-written. Email goes out only after commit (units.notify)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from units.models import Leader, SpecialRole, Unit, User, today_local
from units.notify import notify, special_unit_people, unit_people
from units.selectors import work_calendar
from units.workcalendar import WorkCalendar, local_date

from . import permissions
from .models import (
    Assignment,
    AssignmentRole,
    Attachment,
    Directive,
    DirectiveItem,
    ExtensionRequest,
    ExtensionStatus,
    Recurrence,
    ReminderSent,
    ReturnReason,
    SubmissionStatus,
    Task,
    TaskReport,
)


class EditConflict(Exception):
    """Someone else saved the draft since this user opened it; their text must not be overwritten."""


def save_with_history(instance, actor: User) -> None:
    """Save and name the actor in the change history, also outside a web request (jobs, commands)."""
    instance._history_user = actor
    instance.save()


def _assignment_url(assignment: Assignment) -> str:
    return reverse("tasks:assignment_detail", args=[assignment.pk])


def _notify_unit(assignment: Assignment, *, key: str, template: str, **context) -> None:
    """Tell the members of the assignment's unit, linking to the assignment."""
    notify(
        users=unit_people([assignment.unit_id]).get(assignment.unit_id, []),
        key=key,
        template=template,
        context={"assignment": assignment, **context},
        url=_assignment_url(assignment),
    )


@transaction.atomic
def task_create(
    *,
    actor: User,
    subject: str,
    content: str = "",
    given_by: Leader,
    deadline: date,
    units: Sequence[Unit],
    lead_unit: Unit | None = None,
    directive: Directive | None = None,
    directive_item: DirectiveItem | None = None,
    source_reference: str = "",
    recurrence: str = Recurrence.NONE,
    calendar: WorkCalendar | None = None,
) -> Task:
    """Record a task and assign it to each unit (one lead and coordinating units, or all as leads)."""
    if not permissions.can_assign(actor):
        raise PermissionDenied(_("Chỉ Văn phòng và lãnh đạo UBND được giao nhiệm vụ."))
    units = list(dict.fromkeys(units))
    if lead_unit is not None and lead_unit not in units:
        units.insert(0, lead_unit)
    if not units:
        raise ValidationError({"units": _("Chọn ít nhất một đơn vị thực hiện.")})
    if deadline < today_local():
        raise ValidationError({"deadline": _("Hạn báo cáo không được trước ngày hôm nay.")})
    if directive_item is not None and directive_item.directive_id != getattr(directive, "pk", None):
        raise ValidationError({"directive_item": _("Điểm đã chọn không thuộc văn bản chỉ đạo đã chọn.")})
    calendar = calendar or work_calendar()
    task = Task(
        authority=given_by.authority,
        subject=subject.strip(),
        content=content.strip(),
        given_by=given_by,
        directive=directive,
        directive_item=directive_item,
        source_reference=source_reference.strip(),
        recurrence=recurrence,
        created_by=actor,
    )
    save_with_history(task, actor)
    effective = calendar.effective_date(deadline)
    assignments = [
        Assignment(
            task=task,
            unit=unit,
            role=AssignmentRole.COORDINATING if lead_unit is not None and unit != lead_unit else AssignmentRole.LEAD,
            original_deadline=deadline,
            deadline=deadline,
            effective_deadline=effective,
            assigned_by=actor,
        )
        for unit in units
    ]
    bulk_create_with_history(assignments, Assignment, default_user=actor)
    created = list(task.assignments.select_related("unit"))
    people = unit_people(a.unit_id for a in created)
    for assignment in created:
        notify(
            users=people.get(assignment.unit_id, []),
            key=f"assigned:{assignment.pk}",
            template="task_assigned",
            context={"assignment": assignment, "task": task},
            url=_assignment_url(assignment),
        )
    return task


def _lock_assignment(assignment: Assignment) -> Assignment:
    """Re-read the assignment under a row lock: two submits or decisions at once serialise here."""
    return Assignment.objects.select_for_update().select_related("task__given_by", "unit").get(pk=assignment.pk)


@transaction.atomic
def report_save_draft(*, actor: User, assignment: Assignment, text: str, revision: int | None) -> TaskReport:
    """Create or update the unit's draft. `revision` is the one the user started from: if someone saved
    since, raise EditConflict and change nothing."""
    if not permissions.can_draft(actor, assignment):
        raise PermissionDenied(_("Bạn không thuộc đơn vị được giao nhiệm vụ này."))
    assignment = _lock_assignment(assignment)
    if assignment.completed_at:
        raise ValidationError(_("Nhiệm vụ đã hoàn thành; không thể soạn thêm báo cáo."))
    draft = assignment.reports.filter(status=SubmissionStatus.DRAFT).first()
    if draft is None:
        if assignment.reports.filter(status=SubmissionStatus.SUBMITTED).exists():
            raise ValidationError(_("Báo cáo đã gửi đang chờ Văn phòng xem xét; chưa thể soạn bản mới."))
        last = assignment.reports.order_by("-version").first()
        draft = TaskReport(
            assignment=assignment,
            version=(last.version + 1) if last else 1,
            text=text,
            created_by=actor,
            updated_by=actor,
        )
        save_with_history(draft, actor)
        return draft
    if revision is not None and draft.revision != revision:
        raise EditConflict()
    draft.text = text
    draft.revision += 1
    draft.updated_by = actor
    save_with_history(draft, actor)
    return draft


@transaction.atomic
def attachment_add(*, actor: User, report: TaskReport, upload) -> Attachment:
    """Attach a checked file to a draft; a refused file leaves the draft and its files as they were."""
    # Re-read under lock: the draft may have been submitted since the caller loaded it.
    report = TaskReport.objects.select_for_update().select_related("assignment").get(pk=report.pk)
    if not permissions.can_draft(actor, report.assignment):
        raise PermissionDenied(_("Bạn không thuộc đơn vị được giao nhiệm vụ này."))
    if report.status != SubmissionStatus.DRAFT:
        raise ValidationError(_("Chỉ đính kèm tệp vào bản dự thảo; báo cáo đã gửi không được sửa."))
    attachment = Attachment(report=report, uploaded_by=actor)
    attachment.store(upload)
    return attachment


@transaction.atomic
def attachment_remove(*, actor: User, attachment: Attachment) -> None:
    """Remove a file from a draft (a submitted version keeps its files for ever)."""
    report = TaskReport.objects.select_for_update().select_related("assignment").get(pk=attachment.report_id)
    if not permissions.can_draft(actor, report.assignment):
        raise PermissionDenied(_("Bạn không thuộc đơn vị được giao nhiệm vụ này."))
    if report.status != SubmissionStatus.DRAFT:
        raise ValidationError(_("Không thể xóa tệp của báo cáo đã gửi."))
    stored = attachment.file
    attachment.delete()
    transaction.on_commit(lambda: stored.delete(save=False))


@transaction.atomic
def report_submit(*, actor: User, assignment: Assignment, revision: int | None = None) -> TaskReport:
    """The head signs and sends the draft (a deputy only under a delegation, as "KT.")."""
    mode = permissions.signing_mode(actor, assignment.unit_id)
    if mode is None:
        raise PermissionDenied(
            _(
                "Chỉ cấp trưởng, hoặc cấp phó được ủy quyền ký thay, mới được ký và gửi báo cáo (điểm 1 Chỉ thị "
                "01/CT-UBND)."
            )
        )
    assignment = _lock_assignment(assignment)
    draft = assignment.reports.select_for_update().filter(status=SubmissionStatus.DRAFT).first()
    if draft is None:
        raise ValidationError(_("Chưa có bản dự thảo để gửi."))
    if revision is not None and draft.revision != revision:
        raise EditConflict()
    if not draft.text.strip() and not draft.attachments.exists():
        raise ValidationError(_("Báo cáo chưa có nội dung hoặc tệp đính kèm."))
    now = timezone.now()
    draft.status = SubmissionStatus.SUBMITTED
    draft.signed_by = actor
    draft.signing_mode = mode
    draft.signer_title = permissions.signer_title(actor, assignment.unit_id)
    draft.submitted_at = now
    draft.updated_by = actor
    save_with_history(draft, actor)
    assignment.reported_at = now
    assignment.reported_on = local_date(now)
    save_with_history(assignment, actor)
    notify(
        users=special_unit_people(SpecialRole.OFFICE),
        key=f"submitted:{draft.pk}",
        template="report_submitted",
        context={"assignment": assignment, "report": draft},
        url=_assignment_url(assignment),
    )
    return draft


def _decidable(actor: User, report: TaskReport) -> TaskReport:
    if not permissions.can_decide_report(actor):
        raise PermissionDenied(_("Chỉ Văn phòng HĐND và UBND được chấp nhận hoặc trả lại báo cáo."))
    _lock_assignment(report.assignment)
    report = (
        TaskReport.objects.select_for_update().select_related("assignment__task", "assignment__unit").get(pk=report.pk)
    )
    if report.status != SubmissionStatus.SUBMITTED:
        raise ValidationError(_("Báo cáo này không ở trạng thái chờ xem xét."))
    return report


@transaction.atomic
def report_accept(*, actor: User, report: TaskReport, note: str = "") -> TaskReport:
    """Accept a submitted report: the assignment is completed; a recurring task gets its next period."""
    report = _decidable(actor, report)
    now = timezone.now()
    report.status = SubmissionStatus.ACCEPTED
    report.decided_by, report.decided_at, report.decision_note = actor, now, note.strip()
    save_with_history(report, actor)
    assignment = report.assignment
    assignment.completed_at = now
    save_with_history(assignment, actor)
    if assignment.task.recurrence:
        _next_period(actor, assignment)
    _notify_unit(assignment, key=f"accepted:{report.pk}", template="report_decided", report=report)
    return report


def _next_period(actor: User, assignment: Assignment) -> Assignment:
    """A recurring obligation: the next assignment, one month or quarter after the closed one."""
    step = relativedelta(months=1 if assignment.task.recurrence == Recurrence.MONTHLY else 3)
    deadline = assignment.deadline + step
    following = Assignment(
        task=assignment.task,
        unit=assignment.unit,
        role=assignment.role,
        sequence=assignment.sequence + 1,
        original_deadline=deadline,
        deadline=deadline,
        effective_deadline=work_calendar().effective_date(deadline),
        assigned_by=actor,
    )
    save_with_history(following, actor)
    return following


@transaction.atomic
def report_return(*, actor: User, report: TaskReport, reasons: Iterable[str], note: str = "") -> TaskReport:
    """Send a submitted report back with the reasons of item 8; the unit resubmits a new version."""
    reasons = list(dict.fromkeys(reasons))
    if not reasons:
        raise ValidationError({"reasons": _("Chọn ít nhất một lý do trả lại.")})
    unknown = [r for r in reasons if r not in ReturnReason.values]
    if unknown:
        raise ValidationError({"reasons": _("Lý do không hợp lệ: %(codes)s") % {"codes": ", ".join(unknown)}})
    report = _decidable(actor, report)
    now = timezone.now()
    report.status = SubmissionStatus.RETURNED
    report.decided_by, report.decided_at = actor, now
    report.return_reasons, report.decision_note = reasons, note.strip()
    save_with_history(report, actor)
    assignment = report.assignment
    assignment.reported_at = assignment.reported_on = None
    assignment.returned_at = now
    save_with_history(assignment, actor)
    _notify_unit(assignment, key=f"returned:{report.pk}", template="report_decided", report=report)
    return report


@transaction.atomic
def extension_request_create(
    *, actor: User, assignment: Assignment, requested_deadline: date, reason: str
) -> ExtensionRequest:
    """Before the deadline, the unit (its head, or a deputy under delegation) asks for a later one."""
    if permissions.signing_mode(actor, assignment.unit_id) is None:
        raise PermissionDenied(_("Chỉ cấp trưởng, hoặc cấp phó được ủy quyền ký thay, mới được đề nghị gia hạn."))
    assignment = _lock_assignment(assignment)
    errors = {}
    if assignment.completed_at:
        errors["__all__"] = _("Nhiệm vụ đã hoàn thành.")
    elif assignment.reported_at:
        errors["__all__"] = _("Đơn vị đã gửi báo cáo; không cần gia hạn.")
    elif today_local() > assignment.effective_deadline:
        errors["__all__"] = _("Đã quá hạn; chỉ được đề nghị gia hạn trước khi hết hạn.")
    elif assignment.extension_requests.pending().exists():
        errors["__all__"] = _("Đã có một đề nghị gia hạn đang chờ quyết định.")
    if requested_deadline <= assignment.deadline:
        errors["requested_deadline"] = _("Hạn đề nghị phải sau hạn hiện hành (%(date)s).") % {
            "date": assignment.deadline.strftime("%d/%m/%Y")
        }
    if not reason.strip():
        errors["reason"] = _("Nêu lý do đề nghị gia hạn.")
    if errors:
        raise ValidationError(errors)
    request = ExtensionRequest(
        assignment=assignment,
        requested_by=actor,
        current_deadline=assignment.deadline,
        requested_deadline=requested_deadline,
        reason=reason.strip(),
    )
    save_with_history(request, actor)
    leader_and_office = [assignment.task.given_by.user, *special_unit_people(SpecialRole.OFFICE)]
    notify(
        users=leader_and_office,
        key=f"extension:{request.pk}",
        template="extension_requested",
        context={"request": request, "assignment": assignment},
        url=_assignment_url(assignment),
    )
    return request


@transaction.atomic
def extension_decide(*, actor: User, request: ExtensionRequest, approve: bool, note: str = "") -> ExtensionRequest:
    """The leader who gave the task (or the Office for them) approves or refuses; an approval moves
    the deadline and its effective date; the original deadline stays on the assignment."""
    request = (
        ExtensionRequest.objects.select_for_update().select_related("assignment__task__given_by").get(pk=request.pk)
    )
    if not permissions.can_decide_extension(actor, request.assignment):
        raise PermissionDenied(_("Chỉ lãnh đạo giao nhiệm vụ hoặc Văn phòng được quyết định gia hạn."))
    if request.status != ExtensionStatus.PENDING:
        raise ValidationError(_("Đề nghị này đã được quyết định."))
    request.status = ExtensionStatus.APPROVED if approve else ExtensionStatus.REFUSED
    request.decided_by, request.decided_at, request.decision_note = actor, timezone.now(), note.strip()
    save_with_history(request, actor)
    if approve:
        assignment = _lock_assignment(request.assignment)
        assignment.deadline = request.requested_deadline
        assignment.effective_deadline = work_calendar().effective_date(request.requested_deadline)
        save_with_history(assignment, actor)
    _notify_unit(
        request.assignment, key=f"extension-decided:{request.pk}", template="extension_decided", request=request
    )
    return request


def deadlines_recompute(*, start: date | None = None, end: date | None = None) -> int:
    """After the administrator edits the calendar, move open effective deadlines accordingly."""
    calendar = work_calendar()
    changed = []
    qs = Assignment.objects.open()
    if start:
        # A day off can push a deadline up to a couple of weeks (Tết); look back far enough.
        qs = qs.filter(deadline__gte=start - relativedelta(days=21))
    if end:
        qs = qs.filter(deadline__lte=end)
    for assignment in qs.only("pk", "deadline", "effective_deadline").iterator():
        effective = calendar.effective_date(assignment.deadline)
        if effective != assignment.effective_deadline:
            assignment.effective_deadline = effective
            changed.append(assignment)
    Assignment.objects.bulk_update(changed, ["effective_deadline"], batch_size=1000)
    return len(changed)


def reminders_send(*, today: date, days: Sequence[int]) -> int:
    """Remind each unit that has not reported, `days` working days before the effective deadline,
    exactly once per assignment, deadline and reminder however often this runs (a missed run is
    caught up by the next one, while the deadline is still ahead)."""
    calendar = work_calendar()
    if not calendar.is_working_day(today) or not days:
        return 0
    horizon = calendar.add_working_days(today, max(days))
    candidates = list(
        Assignment.objects.open()
        .filter(reported_at__isnull=True, effective_deadline__gt=today, effective_deadline__lte=horizon)
        .select_related("task", "unit")
    )
    if not candidates:
        return 0
    people = unit_people(a.unit_id for a in candidates)
    # Skip what was sent before without touching the unique index (a failed insert still costs a
    # sequence value and a dead row); the index stays the guard against two runs at once.
    done = set(
        ReminderSent.objects.filter(assignment__in=candidates).values_list("assignment_id", "deadline", "days_before")
    )
    sent = 0
    for assignment in candidates:
        left = calendar.working_days_between(today, assignment.effective_deadline)
        due = min(n for n in days if left <= n)
        if (assignment.pk, assignment.effective_deadline, due) in done:
            continue
        try:
            with transaction.atomic():
                ReminderSent.objects.create(
                    assignment=assignment, deadline=assignment.effective_deadline, days_before=due
                )
                notify(
                    users=people.get(assignment.unit_id, []),
                    key=f"reminder:{assignment.pk}:{assignment.effective_deadline.isoformat()}:{due}",
                    template="task_reminder",
                    context={"assignment": assignment, "days_left": left},
                    url=_assignment_url(assignment),
                )
        except IntegrityError:
            continue  # another run sent this one
        sent += 1
    return sent
