"""The Monday overdue summary (item 8 of directive 01/CT-UBND): build it as of Monday 00:00 local,
store it as sent, deliver it once, and catch up weeks that were missed (docs/architecture.md §5).

Jobs (`tasks.jobs`) and the `run_job weekly-summary` command call `weekly_summary_run` and
`weekly_summaries_reconcile`; pages and downloads read the stored `WeeklySummary`."""

from __future__ import annotations

import logging
from datetime import date, datetime, time

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from registers.services import register_document
from submissions.models import SubmissionStatus
from units.documents import DOCX
from units.models import Leader, LeaderPosition, Membership, SpecialRole, User
from units.notify import notify
from units.periodic import RunResult, done_periods, first_period, run_once, supersede
from units.selectors import special_unit_and_head, work_calendar
from units.workcalendar import LOCAL_TZ, Week, WorkCalendar

from .documents import summary_docx, summary_file_name
from .models import Assignment, TaskReport, WeeklySummary
from .selectors import group_by_task, task_count

KIND = "weekly"
DELIVERY_TIME = time(7, 30)
log = logging.getLogger(__name__)


def as_of_moment(week: Week) -> datetime:
    """Monday 00:00 local of the week, as an aware datetime."""
    return datetime.combine(week.monday, time(0), tzinfo=LOCAL_TZ)


def unreported_as_of(moment: datetime) -> QuerySet[Assignment]:
    """Assignments with no accepted or pending report at `moment`: not completed by then, and no
    version submitted before it that had not been returned before it. A version returned and not
    resubmitted counts as unreported and is marked `was_returned`."""
    reports = TaskReport.objects.filter(assignment=OuterRef("pk"))
    live = reports.filter(submitted_at__lt=moment).exclude(status=SubmissionStatus.RETURNED, decided_at__lt=moment)
    returned = reports.filter(status=SubmissionStatus.RETURNED, decided_at__lt=moment)
    return (
        Assignment.objects.filter(Q(completed_at__isnull=True) | Q(completed_at__gte=moment), assigned_at__lt=moment)
        .annotate(live=Exists(live), was_returned=Exists(returned))
        .filter(live=False)
        .select_related("task__given_by__user", "task__directive", "task__directive_item", "unit")
    )


def _row(assignment: Assignment, monday: date) -> dict:
    leader = assignment.task.given_by
    return {
        "assignment": assignment.pk,
        "task_id": assignment.task_id,
        "task": assignment.task.subject,
        "source": assignment.task.source_label,
        "leader_id": leader.pk,
        "leader": f"{leader.get_position_display()} {leader.user.get_full_name()}",
        "leader_rank": 0 if leader.position == LeaderPosition.CHAIRMAN else 1,
        "unit_id": assignment.unit_id,
        "unit": assignment.unit.name,
        "unit_order": assignment.unit.sort_order,
        "original_deadline": assignment.original_deadline.isoformat(),
        "effective_deadline": assignment.effective_deadline.isoformat(),
        "extended": assignment.deadline != assignment.original_deadline,
        "days_overdue": (monday - assignment.effective_deadline).days,
        "returned": assignment.was_returned,
    }


def _sort_key(row: dict):
    return (
        row["leader_rank"],
        row["leader"],
        row["unit_order"],
        row["unit"],
        row["effective_deadline"],
        row["assignment"],
    )


def build_content(week: Week, calendar: WorkCalendar) -> dict:
    """What the summary says, in two queries whatever the number of units or assignments."""
    moment = as_of_moment(week)
    base = unreported_as_of(moment)
    overdue = [_row(a, week.monday) for a in base.filter(effective_deadline__lt=week.monday)]
    upcoming = [
        _row(a, week.monday)
        for a in base.filter(effective_deadline__gte=week.monday, effective_deadline__lte=week.sunday)
    ]
    notes = []
    previous = week.previous()
    while calendar.week_delivery_date(previous) is None:
        notes.append(
            f"{previous.label[0].upper()}{previous.label[1:]} không có ngày làm việc nên "
            "không có báo cáo; "
            "các nhiệm vụ quá hạn của tuần đó được tổng hợp trong báo cáo này."
        )
        previous = previous.previous()
    return {"overdue": sorted(overdue, key=_sort_key), "upcoming": sorted(upcoming, key=_sort_key), "notes": notes}


def weekly_summary_run(*, week: Week, force: bool = False, deliver: bool = True) -> RunResult:
    """Produce the week's summary exactly once (units.periodic): the run record, the summary and the
    notices in one transaction; emails after commit, once per recipient. `force` replaces the week's
    summary and keeps the previous one (superseded) as history."""
    calendar = work_calendar()
    delivery = calendar.week_delivery_date(week)

    def produce(previous: WeeklySummary | None) -> WeeklySummary:
        if previous is not None:
            supersede(previous)
        content = build_content(week, calendar)
        summary = WeeklySummary.objects.create(week=week.key, as_of=week.monday, delivery_date=delivery, **content)
        summary.document_number = _register(summary)
        summary.save(update_fields=["document_number"])
        return summary

    return run_once(
        kind=KIND,
        period=week.key,
        force=force,
        skip=delivery is None,
        skipped_counts={"overdue": 0},
        current=lambda: (
            WeeklySummary.objects.select_for_update().filter(week=week.key, superseded_at__isnull=True).first()
        ),
        produce=produce,
        counts=lambda summary: {"overdue": summary.overdue_count},
        after=_deliver if deliver else None,
    )


def _register(summary: WeeklySummary) -> str:
    """The summary's number in the Office's register (registers), in the run's transaction; none
    when no unit is the Office."""
    office, head = special_unit_and_head(SpecialRole.OFFICE)
    if office is None:
        return ""
    return register_document(
        unit=office,
        key=f"weekly:{summary.pk}",
        issued_on=summary.delivery_date,
        subject=f"Tổng hợp nhiệm vụ đến hạn báo cáo nhưng chưa báo cáo ({summary.week_label})",
        signer_name=head.get_full_name() if head else "",
        signer_title=office.signature_title(),
        url=reverse("tasks:summary_detail", args=[summary.week]),
    ).label


def recipients() -> list[User]:
    """The Chairman, the Vice Chairmen and the Office's staff."""
    users = {leader.user_id: leader.user for leader in Leader.objects.active().select_related("user")}
    office = Membership.objects.active().filter(unit__special_role=SpecialRole.OFFICE).select_related("user")
    users.update({m.user_id: m.user for m in office})
    return list(users.values())


def _deliver(summary: WeeklySummary) -> None:
    """In-app notice and one email per person (the .docx attached), keyed by the week; a warning
    names the recipients who have no email address (they get the in-app notice only)."""
    users = recipients()
    groups = group_by_task(summary.overdue)
    unreachable = sorted(f"{u.get_full_name()} ({u.username})" for u in users if not u.email)
    if unreachable:
        log.warning("weekly summary %s: no email address for %s", summary.week, ", ".join(unreachable))
    notify(
        users=users,
        key=f"{KIND}:{summary.week}",
        template="weekly_summary",
        context={
            "summary": summary,
            "groups": groups,
            "task_count": task_count(groups),
            "upcoming_tasks": task_count(group_by_task(summary.upcoming)),
        },
        url=reverse("tasks:summary_detail", args=[summary.week]),
        attachments=lambda: [(f"{summary_file_name(summary)}.docx", summary_docx(summary), DOCX)],
    )


def weekly_summaries_reconcile(*, now: datetime | None = None, lookback_weeks: int | None = None) -> list[RunResult]:
    """Produce every week that is due (its delivery day has come, 07:30 local) and has no run, back
    to `lookback_weeks`, but never before the first week this installation ever ran: a missed week
    appears when the worker comes back, dated for its own week."""
    now = timezone.localtime(now or timezone.now(), LOCAL_TZ)
    lookback = settings.WEEKLY_SUMMARY_LOOKBACK_WEEKS if lookback_weeks is None else lookback_weeks
    calendar = work_calendar()
    current = Week.containing(now.date())
    first = first_period([KIND])
    earliest = current
    for _ in range(lookback):
        earliest = earliest.previous()
    earliest = current if first is None else max(earliest, Week.parse(first))
    done = {period for _kind, period in done_periods([KIND], since=earliest.key)}
    outcomes = []
    week = earliest
    while week <= current:
        if week.key not in done:
            delivery = calendar.week_delivery_date(week)
            if delivery is None:
                if week.sunday < now.date():
                    outcomes.append(weekly_summary_run(week=week))
            elif delivery < now.date() or (delivery == now.date() and now.time() >= DELIVERY_TIME):
                outcomes.append(weekly_summary_run(week=week))
        week = week.next()
    return outcomes
