"""Writes on tasks: assign, draft, attach, submit, accept, return, extend, withdraw or reassign,
remind. Extensions and withdrawals are requests of the shared workflow (submissions.services
`request_ask`, `request_decide`; docs/architecture.md §4): here only who may ask and decide, what
is checked, and what a yes does.

Keyword-only, with the acting user; each validates before it saves and runs in one transaction,
so a failure midway leaves nothing half-written. Email goes out only after commit (units.notify)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from operator import itemgetter

from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connections, transaction
from django.db.models import Case, DateTimeField, PositiveSmallIntegerField, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from library.workcalendar import WorkCalendar
from submissions.models import SubmissionStatus
from submissions.permissions import signing_mode
from submissions.services import (
    request_ask,
    request_decide,
    require_signer,
    save_with_history,
    submission_decide,
    submission_draft_save,
    submission_sign_and_submit,
)
from units.acting import acting_in
from units.models import Leader, SpecialRole, Unit, User, today_local
from units.notify import Notice, notify, notify_many, special_unit_people, unit_people
from units.selectors import authorities_under, work_calendar

from .. import permissions
from ..models import (
    Assignment,
    AssignmentChange,
    AssignmentRole,
    ChangeKind,
    Directive,
    DirectiveItem,
    ExtensionRequest,
    Recurrence,
    ReminderSent,
    Task,
    TaskReport,
    UnitReminder,
)
from ..selectors import latest_by_assignment
from .recurring import next_period_ensure


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
def directive_create(
    *,
    actor: User,
    authority,
    kind: str,
    number: str,
    issued_on: date,
    place: str,
    signer_name: str,
    signer_position: str,
    subject: str,
    items: Sequence[tuple[int, str]] = (),
) -> Directive:
    """Record a directive with its items, as it arrives from the document-management system (the
    API): the Office or a leader; the same number and date twice is refused in Vietnamese."""
    if not permissions.can_assign(actor):
        raise PermissionDenied(_("Chỉ Văn phòng và lãnh đạo UBND được ghi văn bản chỉ đạo."))
    directive = Directive(
        authority=authority,
        kind=kind,
        number=number.strip(),
        issued_on=issued_on,
        place=place.strip(),
        signer_name=signer_name.strip(),
        signer_position=signer_position.strip(),
        subject=subject.strip(),
    )
    directive.full_clean()
    save_with_history(directive, actor)
    DirectiveItem.objects.bulk_create(
        [DirectiveItem(directive=directive, number=n, text=text.strip()) for n, text in items]
    )
    return directive


def task_create(*, actor: User, **fields) -> Task:
    """Record a task and assign it to each unit (one lead and coordinating units, or all as leads):
    the Office or a leader; the fields are `task_record`'s."""
    if not permissions.can_assign(actor):
        raise PermissionDenied(_("Chỉ Văn phòng và lãnh đạo UBND được giao nhiệm vụ."))
    return task_record(actor=actor, **fields)


@transaction.atomic
def task_record(
    *,
    actor: User,
    subject: str,
    content: str = "",
    given_by: Leader,
    deadline: date | None,
    units: Sequence[Unit],
    lead_unit: Unit | None = None,
    directive: Directive | None = None,
    directive_item: DirectiveItem | None = None,
    source_reference: str = "",
    recurrence: str = Recurrence.NONE,
    recurrence_until: date | None = None,
    calendar: WorkCalendar | None = None,
) -> Task:
    """A task and its assignments, validated, with history and notices. Callers check who may:
    `task_create` (the Office or a leader), an inspection's follow-up measures (inspections.services)."""
    units = list(dict.fromkeys(units))
    if lead_unit is not None and lead_unit not in units:
        units.insert(0, lead_unit)
    if not units:
        raise ValidationError({"units": _("Chọn ít nhất một đơn vị thực hiện.")})
    if deadline is None and recurrence:
        raise ValidationError({"recurrence": _("Nhiệm vụ định kỳ phải có hạn báo cáo kỳ đầu.")})
    if recurrence_until and not recurrence:
        raise ValidationError({"recurrence_until": _("Chỉ nhiệm vụ định kỳ mới có ngày kết thúc lặp.")})
    if recurrence_until and deadline and recurrence_until < deadline:
        raise ValidationError({"recurrence_until": _("Ngày kết thúc lặp không được trước hạn kỳ đầu.")})
    if deadline is not None and deadline < today_local():
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
        recurrence_until=recurrence_until if recurrence else None,
        first_deadline=deadline,
        created_by=actor,
    )
    save_with_history(task, actor)
    # deadline None: "không giao thời hạn" — never overdue, in its own category (§4).
    effective = calendar.effective_date(deadline) if deadline is not None else None
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


def _still_the_units(assignment: Assignment) -> Assignment:
    if assignment.withdrawn_at:
        raise ValidationError(_("Nhiệm vụ đã được rút khỏi đơn vị; không báo cáo được nữa."))
    return assignment


@transaction.atomic
def report_save_draft(*, actor: User, assignment: Assignment, text: str, revision: int | None) -> TaskReport:
    """Create or update the unit's draft; a stale `revision` raises EditConflict and changes nothing."""
    assignment = _still_the_units(_lock_assignment(assignment))
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
    assignment = _still_the_units(_lock_assignment(assignment))
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
    next_period_ensure(actor=actor, current=assignment)
    _notify_unit(assignment, key=f"accepted:{report.pk}", template="report_decided", report=report)
    return report


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
    """Before the deadline, the unit (its head, or a deputy under delegation) asks for a later one
    (the shared request workflow: submissions.services.request_ask)."""
    if signing_mode(actor, assignment.unit_id) is None:
        raise PermissionDenied(_("Chỉ cấp trưởng, hoặc cấp phó được ủy quyền ký thay, mới được đề nghị gia hạn."))
    assignment = _lock_assignment(assignment)
    errors = {}
    if assignment.completed_at:
        errors["__all__"] = _("Nhiệm vụ đã hoàn thành.")
    elif assignment.withdrawn_at:
        errors["__all__"] = _("Nhiệm vụ đã được rút khỏi đơn vị.")
    elif assignment.reported_at:
        errors["__all__"] = _("Đơn vị đã gửi báo cáo; không cần gia hạn.")
    elif assignment.effective_deadline is None:
        errors["__all__"] = _("Nhiệm vụ không giao thời hạn; không cần gia hạn.")
    elif today_local() > assignment.effective_deadline:
        errors["__all__"] = _("Đã quá hạn; chỉ được đề nghị gia hạn trước khi hết hạn.")
    if assignment.deadline is not None and requested_deadline <= assignment.deadline:
        errors["requested_deadline"] = _("Hạn đề nghị phải sau hạn hiện hành (%(date)s).") % {
            "date": assignment.deadline.strftime("%d/%m/%Y")
        }
    if not reason.strip():
        errors["reason"] = _("Nêu lý do đề nghị gia hạn.")
    request = ExtensionRequest(
        assignment=assignment,
        current_deadline=assignment.deadline,
        requested_deadline=requested_deadline,
        reason=reason.strip(),
    )
    return request_ask(actor=actor, request=request, errors=errors)


@transaction.atomic
def extension_decide(*, actor: User, request: ExtensionRequest, approve: bool, note: str = "") -> ExtensionRequest:
    """The leader who gave the task (or the Office for them) approves or refuses; an approval moves
    the deadline and its effective date; the original deadline stays on the assignment."""
    assignment = _lock_assignment(request.assignment)
    if not permissions.can_decide_extension(actor, assignment):
        raise PermissionDenied(_("Chỉ lãnh đạo giao nhiệm vụ hoặc Văn phòng được quyết định gia hạn."))
    request = request_decide(actor=actor, request=request, approve=approve, note=note, subject=assignment)
    if request.approved:
        assignment.deadline = request.requested_deadline
        assignment.effective_deadline = work_calendar().effective_date(request.requested_deadline)
        save_with_history(assignment, actor)
    return request


@transaction.atomic
def change_request_create(
    *, actor: User, assignment: Assignment, kind: str, reason: str, proposed_unit: Unit | None = None
) -> AssignmentChange:
    """The unit (its head, or a deputy under delegation) asks that the task be withdrawn from it, or
    given to another unit, with the reasons (not within its competence, depends on another body)."""
    if signing_mode(actor, assignment.unit_id) is None:
        raise PermissionDenied(
            _("Chỉ cấp trưởng, hoặc cấp phó được ủy quyền ký thay, mới được đề nghị rút hoặc chuyển nhiệm vụ.")
        )
    assignment = _lock_assignment(assignment)
    errors = {}
    if assignment.withdrawn_at:
        errors["__all__"] = _("Nhiệm vụ đã được rút khỏi đơn vị.")
    elif assignment.completed_at or assignment.reported_at:
        errors["__all__"] = _("Đơn vị đã báo cáo nhiệm vụ này; không đề nghị rút hoặc chuyển được nữa.")
    if kind not in ChangeKind.values:
        errors["kind"] = _("Chọn rút nhiệm vụ hoặc giao cho đơn vị khác.")
    elif kind == ChangeKind.REASSIGN:
        if proposed_unit is None:
            errors["proposed_unit"] = _("Chọn đơn vị đề xuất giao nhiệm vụ.")
        elif proposed_unit.pk == assignment.unit_id:
            errors["proposed_unit"] = _("Chọn một đơn vị khác đơn vị mình.")
    if not reason.strip():
        errors["reason"] = _("Nêu lý do (không thuộc chức năng, nhiệm vụ của đơn vị; phụ thuộc cơ quan khác…).")
    change = AssignmentChange(
        assignment=assignment,
        kind=kind,
        proposed_unit=proposed_unit if kind == ChangeKind.REASSIGN else None,
        reason=reason.strip(),
    )
    return request_ask(actor=actor, request=change, errors=errors)


@transaction.atomic
def change_request_decide(*, actor: User, request: AssignmentChange, approve: bool, note: str = "") -> AssignmentChange:
    """The leader who gave the task (or the Office for them) decides. Approved: the assignment is
    withdrawn (kept with its history, out of every count); for a reassignment the proposed unit gets
    the task with the same deadline and role, and is told; refused if that unit already has it."""
    assignment = _lock_assignment(request.assignment)
    if not permissions.can_decide_extension(actor, assignment):
        raise PermissionDenied(_("Chỉ lãnh đạo giao nhiệm vụ hoặc Văn phòng được quyết định."))
    change = request_decide(actor=actor, request=request, approve=approve, note=note, subject=assignment)
    if not change.approved:
        return change
    taken = Assignment.objects.filter(task_id=assignment.task_id, unit_id=change.proposed_unit_id)
    if change.kind == ChangeKind.REASSIGN and taken.exists():
        raise ValidationError(
            _("%(unit)s đã được giao nhiệm vụ này; không chuyển được.") % {"unit": change.proposed_unit.name}
        )
    assignment.withdrawn_at = change.decided_at
    save_with_history(assignment, actor)
    if change.kind == ChangeKind.REASSIGN:
        given = Assignment(
            task=assignment.task,
            unit=change.proposed_unit,
            role=assignment.role,
            sequence=assignment.sequence,
            original_deadline=assignment.original_deadline,
            deadline=assignment.deadline,
            effective_deadline=assignment.effective_deadline,
            assigned_by=actor,
        )
        save_with_history(given, actor)
        notify(
            users=unit_people([given.unit_id]).get(given.unit_id, []),
            key=f"assigned:{given.pk}",
            template="task_assigned",
            context={"assignment": given, "task": given.task},
            url=_assignment_url(given),
        )
    return change


def deadlines_recompute(*, start: date | None = None, end: date | None = None, authority=None) -> int:
    """After an administrator edits the calendar, move open effective deadlines accordingly: in
    `authority` and every authority below it (every authority when None, as for an exception that
    applies everywhere), each with its own calendar (docs/architecture.md §17) — whatever authority
    the request that changed it acts in."""
    changed = 0
    for each in authorities_under(authority):
        with acting_in(each):
            calendar = work_calendar()
            moved = []
            qs = Assignment.objects.open().filter(deadline__isnull=False)
            if start:
                # A day off can push a deadline up to a couple of weeks (Tết); look back far enough.
                qs = qs.filter(deadline__gte=start - relativedelta(days=21))
            if end:
                qs = qs.filter(deadline__lte=end)
            for assignment in qs.only("pk", "deadline", "effective_deadline").iterator():
                effective = calendar.effective_date(assignment.deadline)
                if effective != assignment.effective_deadline:
                    assignment.effective_deadline = effective
                    moved.append(assignment)
            Assignment.objects.bulk_update(moved, ["effective_deadline"], batch_size=1000)
            changed += len(moved)
    return changed


def reminders_send(*, today: date, days: Sequence[int]) -> int:
    """Remind each unit that has not reported, `days` working days before the effective deadline,
    exactly once per assignment, deadline and reminder however often this runs (a missed run is
    caught up by the next one, while the deadline is still ahead). Each unit gets one notice and
    email per run listing its assignments reminded in that run. Returns the reminders claimed.

    Set-based, in a constant number of queries (docs/architecture.md §4): the reminder due depends
    only on the deadline's date, so it is worked out in Python for each day of the horizon and goes
    into one INSERT … SELECT … ON CONFLICT DO NOTHING RETURNING that claims every reminder due;
    the unique constraint `reminder_once` is the guard against two runs at once."""
    calendar = work_calendar()
    if not calendar.is_working_day(today) or not days:
        return 0
    due_on = _reminders_due_on(calendar, today, days)
    if not due_on:
        return 0
    with transaction.atomic():
        claimed = _reminders_claim(today, due_on)
        if claimed:
            notify_many(_reminder_notices(today, claimed, due_on), template="task_reminder")
    return len(claimed)


def _reminders_due_on(calendar: WorkCalendar, today: date, days: Sequence[int]) -> dict[date, tuple[int, int]]:
    """For each day of the horizon (after `today`, up to `max(days)` working days ahead): the working
    days left until a deadline on it, and the reminder due for it (the smallest of `days` not below
    them, so a missed run is caught up)."""
    horizon = calendar.add_working_days(today, max(days))
    due_on: dict[date, tuple[int, int]] = {}
    day = today + timedelta(days=1)
    while day <= horizon:
        left = calendar.working_days_between(today, day)
        due_on[day] = (left, min(n for n in days if left <= n))
        day += timedelta(days=1)
    return due_on


def _reminders_claim(today: date, due_on: dict[date, tuple[int, int]]) -> list[tuple[int, date, int]]:
    """Claim the reminders due in ONE statement: INSERT INTO ReminderSent … SELECT over the open,
    unreported assignments due in the horizon (the queryset compiled to SQL, so the rule stays in
    one place), the reminder a CASE over the effective deadline, ON CONFLICT DO NOTHING RETURNING
    the rows inserted — (assignment id, deadline, days before). What an earlier or a concurrent run
    claimed is skipped by the unique constraint `reminder_once` (PostgreSQL: a run meeting another's
    uncommitted row waits for it, then skips it); the rows are taken in id order, so runs at once
    wait for each other, never deadlock."""
    reminder = Case(
        *(When(effective_deadline=day, then=Value(n)) for day, (_, n) in due_on.items()),
        output_field=PositiveSmallIntegerField(),
    )
    select = (
        Assignment.objects.open()
        .filter(reported_at__isnull=True, effective_deadline__gt=today, effective_deadline__lte=max(due_on))
        .annotate(reminder_days=reminder, reminder_at=Value(timezone.now(), output_field=DateTimeField()))
        .order_by("pk")
        .values_list("pk", "effective_deadline", "reminder_days", "reminder_at")
    )
    db = connections[select.db]
    select_sql, params = select.query.get_compiler(connection=db).as_sql()
    meta, quote = ReminderSent._meta, db.ops.quote_name
    columns = [quote(meta.get_field(name).column) for name in ("assignment", "deadline", "days_before", "sent_at")]
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({', '.join(columns)}) {select_sql} "
        f"ON CONFLICT DO NOTHING RETURNING {', '.join(columns[:3])}"
    )
    with db.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    # PostgreSQL gives the deadline as a date, SQLite as its ISO text.
    return [(pk, d if isinstance(d, date) else date.fromisoformat(d), n) for pk, d, n in rows]


def _reminder_notices(
    today: date, claimed: list[tuple[int, date, int]], due_on: dict[date, tuple[int, int]]
) -> list[Notice]:
    """One notice per unit listing its assignments claimed in this run (two queries: the
    assignments' task and unit, the units' members), to the assignment when it is one, to the
    unit's task list when there are several."""
    about = {
        pk: rest
        for pk, *rest in Assignment.objects.filter(pk__in=[pk for pk, _, _ in claimed])
        .order_by()
        .values_list("pk", "unit_id", "unit__sort_order", "unit__name", "unit__code", "task__subject")
    }
    units: dict[int, tuple[int, str, str]] = {}
    items: dict[int, list[dict]] = {}
    for pk, deadline, days_before in claimed:
        if pk not in about:
            continue  # deleted since the claim (and the claim with it)
        unit_id, sort_order, name, code, subject = about[pk]
        units[unit_id] = (sort_order, name, code)
        items.setdefault(unit_id, []).append(
            {
                "pk": pk,
                "subject": subject,
                "deadline": deadline,
                "days_before": days_before,
                "days_left": due_on[deadline][0],
                "url": reverse("tasks:assignment_detail", args=[pk]),
            }
        )
    people = unit_people(units)
    notices = []
    for unit_id in sorted(units, key=lambda u: (units[u][0], units[u][1], u)):
        name, code = units[unit_id][1:]
        listed = sorted(items[unit_id], key=lambda i: (i["deadline"], i["subject"], i["pk"]))
        claims = ";".join(f"{i['pk']}:{i['deadline']}:{i['days_before']}" for i in sorted(listed, key=itemgetter("pk")))
        notices.append(
            Notice(
                users=people.get(unit_id, []),
                # The same claims give the same key (a notice is never repeated); new claims the
                # same day (an assignment given since, a deadline moved) a new one.
                key=f"reminders:{unit_id}:{today.isoformat()}:{hashlib.sha256(claims.encode()).hexdigest()[:16]}",
                context={"unit": {"name": name}, "items": listed, "last_deadline": listed[-1]["deadline"]},
                url=listed[0]["url"] if len(listed) == 1 else reverse("tasks:unit_tasks", args=[code]),
            )
        )
    return notices


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


@transaction.atomic
def task_set_coefficient(*, actor: User, task: Task, coefficient: Decimal) -> Task:
    """The Office sets the task's conversion coefficient for the Decree 335 rating (ratings app)."""
    if not permissions.can_set_coefficient(actor):
        raise PermissionDenied(_("Chỉ Văn phòng HĐND và UBND được đặt hệ số quy đổi."))
    task = Task.objects.select_for_update().get(pk=task.pk)
    if task.coefficient != coefficient:
        task.coefficient = coefficient
        task.full_clean(validate_unique=False, validate_constraints=False)
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
        overdue_days = (today - assignment.effective_deadline).days if assignment.effective_deadline else 0
        notify(
            users=people.get(assignment.unit_id, []),
            key=f"remind:{assignment.pk}:{row.pk}",
            template="task_remind",
            context={"assignment": assignment, "sender": actor, "overdue_days": max(overdue_days, 0)},
            url=_assignment_url(assignment),
        )
    return outcome
