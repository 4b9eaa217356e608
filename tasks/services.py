"""Writes on tasks: assign, draft, attach, submit, accept, return, extend, remind.

Keyword-only, with the acting user; each validates before it saves and runs in one transaction,
so a failure midway leaves nothing half-written. Email goes out only after commit (units.notify)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from submissions.models import SubmissionStatus
from submissions.permissions import signing_mode
from submissions.services import (
    require_signer,
    save_with_history,
    submission_decide,
    submission_draft_save,
    submission_sign_and_submit,
)
from units.models import Leader, SpecialRole, Unit, User, today_local
from units.notify import notify, special_unit_people, unit_people
from units.selectors import work_calendar
from units.workcalendar import WorkCalendar

from . import permissions
from .models import (
    Assignment,
    AssignmentRole,
    Directive,
    DirectiveItem,
    ExtensionRequest,
    ExtensionStatus,
    Recurrence,
    ReminderSent,
    Task,
    TaskReport,
    UnitReminder,
)
from .selectors import latest_by_assignment


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
    """Create or update the unit's draft; a stale `revision` raises EditConflict and changes nothing."""
    assignment = _lock_assignment(assignment)
    return submission_draft_save(
        actor=actor,
        unit_id=assignment.unit_id,
        versions=assignment.reports.all(),
        revision=revision,
        content={"text": text},
        first=lambda last: {"assignment": assignment},
    )


@transaction.atomic
def report_submit(
    *, actor: User, assignment: Assignment, revision: int | None = None, confirmed_empty: bool = False
) -> TaskReport:
    """The head signs and sends the draft (a deputy only under a delegation, as "KT."); the
    assignment counts as reported from the local day of sending."""
    require_signer(actor, assignment.unit_id)
    assignment = _lock_assignment(assignment)
    draft = assignment.reports.filter(status=SubmissionStatus.DRAFT).first()
    if draft is None:
        raise ValidationError(_("Chưa có bản dự thảo để gửi."))
    draft = submission_sign_and_submit(
        actor=actor, submission=draft, revision=revision, confirmed_empty=confirmed_empty
    )
    assignment.reported_at, assignment.reported_on = draft.submitted_at, draft.submitted_on
    save_with_history(assignment, actor)
    notify(
        users=special_unit_people(SpecialRole.OFFICE),
        key=f"submitted:{draft.pk}",
        template="report_submitted",
        context={"assignment": assignment, "report": draft},
        url=_assignment_url(assignment),
    )
    return draft


def _decide(*, actor: User, report: TaskReport, accept: bool, reasons: Iterable[str] = (), note: str = ""):
    """The Office decides (item 8); the assignment row is locked first, as everywhere else."""
    if not permissions.can_decide_report(actor):
        raise PermissionDenied(_("Chỉ Văn phòng HĐND và UBND được chấp nhận hoặc trả lại báo cáo."))
    assignment = _lock_assignment(report.assignment)
    report = submission_decide(actor=actor, submission=report, accept=accept, reasons=reasons, note=note)
    return report, assignment


@transaction.atomic
def report_accept(*, actor: User, report: TaskReport, note: str = "") -> TaskReport:
    """Accept a submitted report: the assignment is completed; a recurring task gets its next period."""
    report, assignment = _decide(actor=actor, report=report, accept=True, note=note)
    assignment.completed_at = report.decided_at
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
    report, assignment = _decide(actor=actor, report=report, accept=False, reasons=reasons, note=note)
    assignment.reported_at = assignment.reported_on = None
    assignment.returned_at = report.decided_at
    save_with_history(assignment, actor)
    _notify_unit(assignment, key=f"returned:{report.pk}", template="report_decided", report=report)
    return report


@transaction.atomic
def extension_request_create(
    *, actor: User, assignment: Assignment, requested_deadline: date, reason: str
) -> ExtensionRequest:
    """Before the deadline, the unit (its head, or a deputy under delegation) asks for a later one."""
    if signing_mode(actor, assignment.unit_id) is None:
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


@transaction.atomic
def task_set_priority(*, actor: User, task: Task, priority: bool) -> Task:
    """Star a task as a priority (shown first to everyone who sees it), or unstar it; in the history."""
    if not permissions.can_follow_up(actor, task):
        raise PermissionDenied(_("Chỉ Văn phòng hoặc lãnh đạo giao nhiệm vụ được đánh dấu nhiệm vụ trọng tâm."))
    task = Task.objects.select_for_update().get(pk=task.pk)
    if task.priority != priority:
        task.priority = priority
        save_with_history(task, actor)
    return task


@dataclass
class RemindOutcome:
    """What a reminder action did: the assignments reminded now, and those refused because they
    were reminded within the interval (each with its latest reminder)."""

    reminded: list[Assignment] = field(default_factory=list)
    too_soon: list[tuple[Assignment, UnitReminder]] = field(default_factory=list)


@transaction.atomic
def units_remind(*, actor: User, task: Task, assignment_ids: Iterable[int] | None = None) -> RemindOutcome:
    """Remind the units that have not reported on `task` now — the ticked assignments, or all of
    them when `assignment_ids` is None: one notice and email per unit member, and a UnitReminder
    row (who, whom, when). A unit reminded within the interval is refused, not reminded twice.
    Ids of assignments the actor may not see, of another task, or already reported are ignored."""
    if not permissions.can_follow_up(actor, task):
        raise PermissionDenied(_("Chỉ Văn phòng hoặc lãnh đạo giao nhiệm vụ được nhắc các đơn vị."))
    targets = Assignment.objects.visible_to(actor).filter(task=task).open().filter(reported_on__isnull=True)
    if assignment_ids is not None:
        targets = targets.filter(pk__in=list(assignment_ids))
    # Lock the rows: two people reminding at once serialise here, and the second sees the first's rows.
    locked = list(targets.select_for_update().order_by("pk").values_list("pk", flat=True))
    assignments = list(
        Assignment.objects.filter(pk__in=locked).select_related("task", "unit").order_by("unit__sort_order", "pk")
    )
    latest = latest_by_assignment(UnitReminder.objects.filter(assignment_id__in=locked).select_related("sent_by"))
    calendar, today = work_calendar(), today_local()
    outcome = RemindOutcome()
    for assignment in assignments:
        last = latest.get(assignment.pk)
        if last is not None and today < permissions.remind_allowed_from(last, calendar):
            outcome.too_soon.append((assignment, last))
        else:
            outcome.reminded.append(assignment)
    if not outcome.reminded:
        return outcome
    now = timezone.now()
    rows = UnitReminder.objects.bulk_create(
        [UnitReminder(assignment=a, sent_by=actor, sent_at=now) for a in outcome.reminded]
    )
    people = unit_people(a.unit_id for a in outcome.reminded)
    for assignment, row in zip(outcome.reminded, rows, strict=True):
        overdue_days = (today - assignment.effective_deadline).days
        notify(
            users=people.get(assignment.unit_id, []),
            key=f"remind:{assignment.pk}:{row.pk}",
            template="task_remind",
            context={"assignment": assignment, "sender": actor, "overdue_days": max(overdue_days, 0)},
            url=_assignment_url(assignment),
        )
    return outcome
