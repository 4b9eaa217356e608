"""The Monday overdue summary (item 8 of directive 01/CT-UBND): build it as of Monday 00:00 local,
store it as sent, deliver it once, and catch up weeks that were missed (docs/architecture.md §5).

Jobs (`tasks.jobs`) and the `run_job weekly-summary` command call `weekly_summary_run` and
`weekly_summaries_reconcile`; pages and downloads read the stored `WeeklySummary`."""

from __future__ import annotations

import logging
from datetime import datetime, time

from django.conf import settings
from django.db import connection
from django.db.models import Count, Exists, F, Max, Min, OuterRef, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils import timezone

from library.documents import DOCX
from library.workcalendar import LOCAL_TZ, Week, WorkCalendar
from registers.services import register_document
from submissions.models import SubmissionStatus
from units.models import Leader, LeaderPosition, Membership, SpecialRole, User
from units.notify import notify
from units.periodic import RunResult, done_periods, first_period, job_authority, run_once, supersede
from units.selectors import special_unit_and_head, work_calendar

from ..documents import summary_docx, summary_file_name
from ..models import (
    Assignment,
    SummaryPart,
    Task,
    TaskReport,
    WeeklySummary,
    WeeklySummaryRow,
    WeeklySummaryTask,
    WeeklySummaryUnit,
)
from ..selectors import summary_leaders, summary_task_page

KIND = "weekly"
DELIVERY_TIME = time(7, 30)
EMAIL_TASKS = 10
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
        Assignment.objects.current()
        .filter(Q(completed_at__isnull=True) | Q(completed_at__gte=moment), assigned_at__lt=moment)
        .annotate(live=Exists(live), was_returned=Exists(returned))
        .filter(live=False)
    )


def _leader_label(leader: Leader) -> str:
    return f"{leader.get_position_display()} {leader.user.get_full_name()}"


def _store_part(summary: WeeklySummary, part: str, assignments: QuerySet[Assignment]) -> tuple[int, int]:
    """Write one part of the summary as rows, the database doing the work (docs/architecture.md §5):
    one aggregate per task (read into Python: at most one line per task), the task lines written in
    their reading order, then every unit's row copied by one INSERT … SELECT with its position
    inside the task computed by a window function, and (overdue part) the per-unit counts from those
    rows — never one Python object per row, so the run's memory does not grow with the number of
    overdue assignments. The unreported assignments are scanned twice per part: the aggregate and
    the copy. Returns (rows, tasks)."""
    per_task = list(
        assignments.order_by()
        .values("task_id")
        .annotate(
            n=Count("pk"),
            first=Min("effective_deadline"),
            last=Max("effective_deadline"),
            back=Count("pk", filter=Q(was_returned=True)),
        )
    )
    if not per_task:
        return 0, 0
    # The ids already read: no second scan of the unreported assignments as a subquery.
    tasks = {
        t.pk: t
        for t in Task.objects.filter(pk__in=[agg["task_id"] for agg in per_task]).select_related(
            "given_by__user", "directive", "directive_item"
        )
    }
    lines = []
    for agg in per_task:
        task = tasks[agg["task_id"]]
        leader = task.given_by
        rank = 0 if leader.position == LeaderPosition.CHAIRMAN else 1
        lines.append((rank, _leader_label(leader), -agg["n"], agg["first"], task.subject, task.pk, leader.pk, agg))
    lines.sort(key=lambda line: line[:6])
    WeeklySummaryTask.objects.bulk_create(
        [
            WeeklySummaryTask(
                summary=summary,
                part=part,
                position=position,
                leader_id=leader_id,
                leader=label,
                leader_rank=rank,
                task_id=task_id,
                task=subject,
                source=tasks[task_id].source_label or "",
                count=agg["n"],
                first_deadline=agg["first"],
                last_deadline=agg["last"],
                returned=agg["back"],
                # One figure for the whole task when every unit is as late: one deadline, one age.
                same_days=(summary.as_of - agg["first"]).days if agg["first"] == agg["last"] else None,
            )
            for position, (rank, label, _n, _first, subject, task_id, leader_id, agg) in enumerate(lines, start=1)
        ],
        batch_size=2000,
    )
    _copy_rows(summary, part, assignments)
    if part == SummaryPart.OVERDUE:
        _copy_unit_counts(summary, part)
    return sum(agg["n"] for agg in per_task), len(per_task)


def _copy_rows(summary: WeeklySummary, part: str, assignments: QuerySet[Assignment]) -> None:
    """Every unit's row of the part, by one INSERT … SELECT: the unreported assignments (their
    query compiled by the ORM, so the rule stays in `unreported_as_of`) joined to the task lines
    just written; inside a task the longest overdue first, then the units' order."""
    source = (
        assignments.order_by()
        .annotate(
            r_id=F("pk"),
            r_task=F("task_id"),
            r_unit=F("unit_id"),
            r_name=F("unit__name"),
            r_order=F("unit__sort_order"),
            r_original=F("original_deadline"),
            r_effective=F("effective_deadline"),
            r_deadline=F("deadline"),
            r_returned=F("was_returned"),
            r_position=Window(
                RowNumber(),
                partition_by=[F("task_id")],
                order_by=[
                    F("effective_deadline").asc(),
                    F("unit__sort_order").asc(),
                    F("unit__name").asc(),
                    F("pk").asc(),
                ],
            ),
        )
        .values(
            "r_id",
            "r_task",
            "r_unit",
            "r_name",
            "r_order",
            "r_original",
            "r_effective",
            "r_deadline",
            "r_returned",
            "r_position",
        )
    )
    select, params = source.query.sql_with_params()
    row, group = WeeklySummaryRow._meta.db_table, WeeklySummaryTask._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {row} (group_id, position, assignment_id, unit_id, unit, unit_order, original_deadline, "
            "effective_deadline, extended, returned) "
            "SELECT g.id, u.r_position, u.r_id, u.r_unit, u.r_name, u.r_order, u.r_original, u.r_effective, "
            "CASE WHEN u.r_deadline <> u.r_original THEN %s ELSE %s END, u.r_returned "
            f"FROM ({select}) u JOIN {group} g ON g.task_id = u.r_task AND g.summary_id = %s AND g.part = %s",
            [True, False, *params, summary.pk, part],
        )


def _copy_unit_counts(summary: WeeklySummary, part: str) -> None:
    """The per-unit counts per leader, by one INSERT … SELECT from the unit rows just written (each
    under its task line, which names the leader): the unreported assignments are not read again."""
    unit, row, group = (
        WeeklySummaryUnit._meta.db_table,
        WeeklySummaryRow._meta.db_table,
        WeeklySummaryTask._meta.db_table,
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {unit} (summary_id, leader_id, unit_id, unit, unit_order, count) "
            "SELECT g.summary_id, g.leader_id, r.unit_id, r.unit, r.unit_order, COUNT(*) "
            f"FROM {row} r JOIN {group} g ON g.id = r.group_id "
            "WHERE g.summary_id = %s AND g.part = %s "
            "GROUP BY g.summary_id, g.leader_id, r.unit_id, r.unit, r.unit_order",
            [summary.pk, part],
        )


def store_content(summary: WeeklySummary, week: Week, calendar: WorkCalendar) -> None:
    """What the summary says, stored as rows in a number of queries that does not depend on the
    number of units or assignments: the overdue part, the part due this week, the notes."""
    base = unreported_as_of(as_of_moment(week))
    overdue = _store_part(summary, SummaryPart.OVERDUE, base.filter(effective_deadline__lt=week.monday))
    upcoming = _store_part(
        summary,
        SummaryPart.UPCOMING,
        base.filter(effective_deadline__gte=week.monday, effective_deadline__lte=week.sunday),
    )
    no_deadline = base.filter(effective_deadline__isnull=True).aggregate(
        total=Count("pk"), tasks=Count("task_id", distinct=True)
    )
    notes = []
    previous = week.previous()
    while calendar.week_delivery_date(previous) is None:
        notes.append(
            f"{previous.label[0].upper()}{previous.label[1:]} không có ngày làm việc nên "
            "không có báo cáo; "
            "các nhiệm vụ quá hạn của tuần đó được tổng hợp trong báo cáo này."
        )
        previous = previous.previous()
    summary.overdue_total, summary.overdue_tasks = overdue
    summary.upcoming_total, summary.upcoming_tasks = upcoming
    summary.no_deadline_total, summary.no_deadline_tasks = no_deadline["total"], no_deadline["tasks"]
    summary.notes = notes
    summary.save(
        update_fields=[
            "overdue_total",
            "overdue_tasks",
            "upcoming_total",
            "upcoming_tasks",
            "no_deadline_total",
            "no_deadline_tasks",
            "notes",
        ]
    )


def weekly_summary_run(*, week: Week, force: bool = False, deliver: bool = True) -> RunResult:
    """Produce the week's summary exactly once (units.periodic): the run record, the summary and the
    notices in one transaction; emails after commit, once per recipient. `force` replaces the week's
    summary and keeps the previous one (superseded) as history."""
    calendar = work_calendar()
    delivery = calendar.week_delivery_date(week)

    def produce(previous: WeeklySummary | None) -> WeeklySummary:
        if previous is not None:
            supersede(previous)
        summary = WeeklySummary.objects.create(
            authority_id=job_authority(), week=week.key, as_of=week.monday, delivery_date=delivery
        )
        store_content(summary, week, calendar)
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
            WeeklySummary.objects.select_for_update()
            .filter(authority_id=job_authority(), week=week.key, superseded_at__isnull=True)
            .first()
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
    """In-app notice and one email per person (the totals per leader, the tasks most units are late
    on, a link; the .docx attached), keyed by the week; a warning
    names the recipients who have no email address (they get the in-app notice only)."""
    users = recipients()
    unreachable = sorted(f"{u.get_full_name()} ({u.username})" for u in users if not u.email)
    if unreachable:
        log.warning("weekly summary %s: no email address for %s", summary.week, ", ".join(unreachable))
    notify(
        users=users,
        # Per authority: a person among two authorities' recipients gets each authority's summary.
        key=f"{KIND}:{summary.week}:{summary.authority_id}",
        template="weekly_summary",
        context={
            "summary": summary,
            "leaders": summary_leaders(summary, SummaryPart.OVERDUE),
            # The first tasks as the page lists them (per leader, most units first); the rest are on
            # the page, in Word and in Excel.
            "top_tasks": summary_task_page(summary, SummaryPart.OVERDUE, None, 1, per_page=EMAIL_TASKS).object_list,
            "more_tasks": max(0, summary.overdue_tasks - EMAIL_TASKS),
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
