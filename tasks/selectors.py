"""Reads over tasks: scoped lists with status, per-unit counts by SQL aggregation, a unit's to-do list."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.paginator import Paginator
from django.db.models import Case, Count, Exists, F, IntegerField, Min, OuterRef, Q, QuerySet, Sum, Value, When

from library.paging import COUNT_LIMIT, capped_count
from submissions.models import SubmissionStatus
from units.models import Leader, Unit
from units.roles import roles_of, visible_unit_ids
from units.selectors import work_calendar

from . import permissions
from .models import (
    COUNTED_STATUSES,
    Assignment,
    AssignmentRole,
    ExtensionRequest,
    Status,
    SummaryPart,
    Task,
    TaskReport,
    UnitReminder,
    WeeklySummary,
    WeeklySummaryRow,
    WeeklySummaryTask,
    WeeklySummaryUnit,
    category_conditions,
    due_count,
    on_time_rate,
    status_conditions,
    update_rate,
)

# Most urgent first on a unit's list.
URGENCY = [
    Status.OVERDUE,
    Status.NOT_DUE,
    Status.NO_DEADLINE,
    Status.LATE,
    Status.ON_TIME,
    Status.COMPLETED,
    Status.WITHDRAWN,
]


def assignments_for(user, today: date) -> QuerySet[Assignment]:
    """Every assignment the user may see, with its status and what the list pages show."""
    return (
        Assignment.objects.visible_to(user)
        .with_status(today)
        .select_related("task__given_by__user", "task__directive", "task__directive_item", "unit")
    )


def with_next_action(qs: QuerySet[Assignment]) -> QuerySet[Assignment]:
    """Annotate whether a draft or a pending submission exists (drives "what to do next")."""
    reports = TaskReport.objects.filter(assignment=OuterRef("pk"))
    return qs.annotate(
        has_draft=Exists(reports.filter(status=SubmissionStatus.DRAFT)),
        has_pending=Exists(reports.filter(status=SubmissionStatus.SUBMITTED)),
        has_pending_extension=Exists(ExtensionRequest.objects.pending().filter(assignment=OuterRef("pk"))),
    )


def by_urgency(qs: QuerySet[Assignment]) -> QuerySet[Assignment]:
    """Overdue first, then by effective deadline; completed last."""
    rank = Case(*(When(status=s, then=Value(i)) for i, s in enumerate(URGENCY)), output_field=IntegerField())
    return qs.annotate(urgency=rank).order_by("urgency", F("effective_deadline").asc(nulls_last=True), "pk")


@dataclass
class UnitCounts:
    """One row of the per-unit table."""

    unit: Unit
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def in_status_order(self) -> list[int]:
        return [self.counts[status] for status in COUNTED_STATUSES]


def in_period(start: date | None, end: date | None) -> Q:
    """The assignments of a period: those falling due in [start, end], and those given without a
    deadline by its end and still open at its start (docs/architecture.md §4)."""
    falling_due, open_in_period = Q(), Q(effective_deadline__isnull=True)
    if start:
        falling_due &= Q(effective_deadline__gte=start)
        open_in_period &= Q(completed_at__isnull=True) | Q(completed_at__date__gte=start)
    if end:
        falling_due &= Q(effective_deadline__lte=end)
        open_in_period &= Q(assigned_at__date__lte=end)
    return falling_due | open_in_period


def _counts_by_unit(
    units: QuerySet[Unit], conditions: dict[str, Q], *, start: date | None, end: date | None
) -> list[tuple[Unit, dict[str, int]]]:
    """(unit, {key: how many of its assignments falling due in [start, end] meet the condition})
    for each unit in order. Two queries whatever the number of units: the units, one GROUP BY."""
    assignments = Assignment.objects.current().filter(unit__in=units)
    if start or end:
        assignments = assignments.filter(in_period(start, end))
    counted = {key: Count("pk", filter=q) for key, q in conditions.items()}
    grouped = assignments.values("unit_id").annotate(**counted).order_by()
    by_unit = {row.pop("unit_id"): row for row in grouped}
    empty = dict.fromkeys(conditions, 0)
    return [(unit, by_unit.get(unit.pk, empty)) for unit in units.order_by("sort_order", "name")]


def unit_counts(units: QuerySet[Unit], *, start: date | None, end: date | None, today: date) -> list[UnitCounts]:
    """Per unit, how many assignments falling due in [start, end] are in each status."""
    return [
        UnitCounts(unit, counts)
        for unit, counts in _counts_by_unit(units, status_conditions(today), start=start, end=end)
    ]


def unit_categories(units: QuerySet[Unit], *, start: date, end: date, as_of: date) -> list[dict]:
    """Per unit, its assignments falling due in [start, end] in the four categories as of `as_of`
    (tasks.models.Category), with `due` and the two rates (docs/architecture.md §4). Two queries
    whatever the number of units: the units, and one GROUP BY over assignments."""
    rows = []
    for unit, counts in _counts_by_unit(units, category_conditions(as_of), start=start, end=end):
        rows.append(
            {
                "unit": unit.name,
                "unit_id": unit.pk,
                "local": unit.is_local_government,
                **counts,
                "total": sum(counts.values()),
                "due": due_count(counts),
                "update_rate": update_rate(counts),
                "on_time_rate": on_time_rate(counts),
            }
        )
    return rows


def due_soon(units: QuerySet[Unit], *, today: date, until: date) -> list[dict]:
    """Early warning: per unit, open unreported assignments whose effective deadline falls in
    [today, until], most first (units with none left out). One GROUP BY."""
    names = dict(units.values_list("pk", "name"))
    rows = (
        Assignment.objects.filter(unit__in=units, effective_deadline__gte=today, effective_deadline__lte=until)
        .filter(status_conditions(today)[Status.NOT_DUE])
        .values("unit_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    found = [{"unit_id": r["unit_id"], "unit": names[r["unit_id"]], "n": r["n"]} for r in rows]
    return sorted(found, key=lambda r: (-r["n"], r["unit"]))


PENDING_SHOWN = 20


def leader_page(user, today: date, page_number=None) -> dict:
    """What a leader's page shows: the tasks they gave that are still open, one row per task with
    its progress (starred first, then the most overdue), their tally by status, the extension
    requests waiting for them (all of them, for the Office, which decides for any leader), and
    the latest Monday summary. Query count independent of the number of units and assignments."""
    leaders = Leader.objects.filter(user=user)
    assignments = Assignment.objects.visible_to(user).filter(task__given_by__in=leaders)
    pending = (
        ExtensionRequest.objects.visible_to(user)
        .pending()
        .select_related("assignment__task", "assignment__unit", "requested_by")
        .order_by("requested_at")
    )
    if not roles_of(user).office:
        pending = pending.filter(assignment__task__given_by__in=leaders)
    # One scan of the leader's assignments: every task's counts (a line per task, not per
    # assignment), the tally summed from them, the open tasks paged in Python.
    rows = list(task_rows(assignments, today, open_only=False))
    counts = {status: sum(row[status] for row in rows) for status in Status.values}
    open_rows = [row for row in rows if row[Status.COMPLETED] < row["total"]]
    page = Paginator(open_rows, 30).get_page(page_number)
    page.object_list = with_tasks(page.object_list)
    return {
        "page": page,
        # The oldest requests to decide here; the rest are counted and waiting in the queue.
        "pending": list(pending[:PENDING_SHOWN]),
        "pending_count": capped_count(pending, COUNT_LIMIT),
        "tally": [(code, Status(code).label, counts[code]) for code in URGENCY],
        "leaders": leaders,
        "latest_summary": WeeklySummary.objects.filter(superseded_at__isnull=True).only("week", "as_of").first(),
    }


def tasks_visible_to(user) -> QuerySet[Task]:
    """Tasks with at least one assignment the user may see (all, for those who see every unit)."""
    if visible_unit_ids(user) is None:
        return Task.objects.filter(authority_id=roles_of(user).authority_id)
    return Task.objects.filter(pk__in=Assignment.objects.visible_to(user).values("task_id"))


# ---- a task's progress, and tasks as rows with their progress --------------------------------


@dataclass
class Progress:
    """Counts by status across some assignments, most urgent first (for the bar and the tally)."""

    counts: dict[str, int]

    @property
    def total(self) -> int:
        """The units that have the task (a withdrawn assignment is not one of them)."""
        return sum(n for status, n in self.counts.items() if status != Status.WITHDRAWN)

    @property
    def not_reported(self) -> int:
        return self.counts[Status.OVERDUE] + self.counts[Status.NOT_DUE] + self.counts[Status.NO_DEADLINE]

    @property
    def segments(self) -> list[dict]:
        """(code, label, n, x %, width %) of each status with assignments, most urgent first."""
        out, x, total = [], 0.0, self.total or 1
        for status in URGENCY:
            n = self.counts[status] if status != Status.WITHDRAWN else 0
            if n:
                width = 100 * n / total
                out.append({"code": status, "label": Status(status).label, "n": n, "x": x, "width": width})
                x += width
        return out


def _status_counts(prefix: str, today: date) -> dict:
    return {status: Count("pk", filter=q) for status, q in status_conditions(today, prefix).items()}


def task_progress(user, task: Task, today: date, status: str | None = None) -> dict:
    """A task's progress page: counts by status across the assignments the user may see (one
    query), the assignments grouped by status — overdue first, the longest overdue first, with
    days overdue and the latest hand reminder — optionally one status only, and the reminders
    (one query) for the page's history."""
    visible = Assignment.objects.visible_to(user).filter(task=task)
    totals = visible.aggregate(
        **_status_counts("", today), coordinating=Count("pk", filter=Q(role=AssignmentRole.COORDINATING))
    )
    # "Chủ trì" is worth saying only where some units only coordinate.
    mark_lead = totals.pop("coordinating") > 0
    progress = Progress(totals)
    rows = by_urgency(visible.with_status(today).select_related("unit")).order_by(
        "urgency", "effective_deadline", "unit__sort_order", "unit__name", "sequence"
    )
    if status in Status.values:
        rows = rows.filter(status_conditions(today)[status])
    reminders = list(
        UnitReminder.objects.filter(assignment__in=visible.values("pk")).select_related("sent_by", "assignment__unit")
    )
    latest = latest_by_assignment(reminders)
    calendar = work_calendar()
    groups: list[dict] = []
    for assignment in rows:
        assignment.last_reminder = last = latest.get(assignment.pk)
        assignment.remind_from = permissions.remind_allowed_from(last, calendar) if last else None
        assignment.can_remind = assignment.status in (Status.OVERDUE, Status.NOT_DUE) and (
            last is None or assignment.remind_from <= today
        )
        overdue = assignment.status == Status.OVERDUE
        assignment.days_overdue = (today - assignment.effective_deadline).days if overdue else 0
        if not groups or groups[-1]["code"] != assignment.status:
            groups.append({"code": assignment.status, "label": Status(assignment.status).label, "rows": []})
        groups[-1]["rows"].append(assignment)
    remindable = [a for group in groups for a in group["rows"] if a.can_remind]
    return {
        "progress": progress,
        "groups": groups,
        "reminders": reminders,
        "mark_lead": mark_lead,
        "remindable_now": len(remindable),
    }


def latest_by_assignment(reminders) -> dict[int, UnitReminder]:
    """The newest hand reminder of each assignment, from reminders in their default order (newest first)."""
    latest: dict[int, UnitReminder] = {}
    for reminder in reminders:
        latest.setdefault(reminder.assignment_id, reminder)
    return latest


def task_rows(assignments: QuerySet[Assignment], today: date, *, open_only: bool = True):
    """One row per task of `assignments`: its counts by status; starred tasks first, then those
    with the most overdue units, then the nearest open deadline. A values() queryset, one GROUP
    BY whatever the number of units; `with_tasks` loads the Task objects of one page."""
    rows = (
        assignments.order_by()
        .values("task_id", "task__priority")
        .annotate(
            total=Count("pk", filter=Q(withdrawn_at__isnull=True)),
            next_deadline=Min("effective_deadline", filter=Q(completed_at__isnull=True, withdrawn_at__isnull=True)),
            **_status_counts("", today),
        )
    )
    if open_only:
        rows = rows.filter(completed__lt=F("total"))
    return rows.order_by("-task__priority", "-overdue", F("next_deadline").asc(nulls_last=True), "-task_id")


def with_tasks(rows) -> list[dict]:
    """The rows of one page with their Task (source and leader loaded) and Progress: one query."""
    rows = list(rows)
    tasks = Task.objects.select_related("given_by__user", "directive", "directive_item").in_bulk(
        [row["task_id"] for row in rows]
    )
    for row in rows:
        row["task"] = tasks[row["task_id"]]
        row["progress"] = Progress({status: row[status] for status in Status.values})
    return rows


# ---- a stored Monday summary (its rows are JSON, as sent) ------------------------------------


# ---- the Monday summary, read from its rows (docs/architecture.md §5) ------------------------------

UNITS_SHOWN = 12  # units listed under a task on the page; the rest one click away


def summary_leaders(summary: WeeklySummary, part: str) -> list[dict]:
    """Per leader who gave tasks in this part: tasks and unit rows, the Chairman first. Both parts
    are read by one grouped query, kept on the summary (its rows never change once stored), so a
    page or a document asking for each part queries once."""
    cached = getattr(summary, "_leaders_by_part", None)
    if cached is None:
        cached = {p: [] for p in SummaryPart.values}
        for x in (
            WeeklySummaryTask.objects.filter(summary=summary)
            .values("part", "leader_id", "leader", "leader_rank")
            .annotate(task_count=Count("pk"), count=Sum("count"))
            .order_by("part", "leader_rank", "leader", "leader_id")
        ):
            cached.setdefault(x.pop("part"), []).append(x)
        summary._leaders_by_part = cached
    return [dict(x) for x in cached.get(part, [])]


def summary_tasks(summary: WeeklySummary, part: str, leader_id: int | None) -> QuerySet[WeeklySummaryTask]:
    tasks = WeeklySummaryTask.objects.filter(summary=summary, part=part)
    if leader_id is not None:
        tasks = tasks.filter(leader_id=leader_id)
    return tasks.order_by("position")


def summary_task_page(summary: WeeklySummary, part: str, leader_id: int | None, number, per_page: int = 50):
    """One page of the part's tasks in reading order, each with its first units (`shown`, the days
    overdue set) and how many more there are (`more`): two queries whatever the week's size."""
    page = Paginator(summary_tasks(summary, part, leader_id), per_page).get_page(number)
    groups = list(page.object_list)
    shown: dict[int, list] = {g.pk: [] for g in groups}
    for row in WeeklySummaryRow.objects.filter(group__in=groups, position__lte=UNITS_SHOWN).order_by(
        "group_id", "position"
    ):
        shown[row.group_id].append(with_days(row, summary))
    for group in groups:
        group.shown, group.more = shown[group.pk], group.count - len(shown[group.pk])
    page.object_list = groups
    return page


def with_days(row: WeeklySummaryRow, summary: WeeklySummary) -> WeeklySummaryRow:
    """The row with `days_overdue` as on the summary's Monday."""
    row.days_overdue = (summary.as_of - row.effective_deadline).days
    return row


def by_leader(groups: list[WeeklySummaryTask], leaders: list[dict]) -> list[dict]:
    """A page's tasks in sections per leader, each section with that leader's totals for the week."""
    totals = {leader["leader_id"]: leader for leader in leaders}
    sections: list[dict] = []
    for group in groups:
        if not sections or sections[-1]["leader_id"] != group.leader_id:
            sections.append({**totals.get(group.leader_id, {}), "leader_id": group.leader_id, "tasks": []})
        sections[-1]["tasks"].append(group)
    return sections


def summary_group_rows(group: WeeklySummaryTask) -> QuerySet[WeeklySummaryRow]:
    """Every unit under one task of a summary, in order (the drill-down page)."""
    return group.unit_rows.order_by("position")


def summary_unit_totals(summary: WeeklySummary, leader_id: int | None) -> QuerySet:
    """Overdue count per unit, most first (for one leader's tasks, or all)."""
    counts = WeeklySummaryUnit.objects.filter(summary=summary)
    if leader_id is not None:
        counts = counts.filter(leader_id=leader_id)
    return (
        counts.values("unit_id", "unit", "unit_order")
        .annotate(n=Sum("count"))
        .order_by("-n", "unit_order", "unit", "unit_id")
    )


def summary_groups_with_rows(summary: WeeklySummary, part: str, leader_id: int | None):
    """Every task of the part with all its units (`rows`, days set), streamed in reading order: two
    queries read in chunks, so a document of any size is written without holding the week."""
    rows = (
        WeeklySummaryRow.objects.filter(group__summary=summary, group__part=part)
        .order_by("group__position", "position")
        .only(*ROW_FIELDS)
    )
    if leader_id is not None:
        rows = rows.filter(group__leader_id=leader_id)
    rows = iter(rows.iterator(chunk_size=5000))
    pending = next(rows, None)
    for group in summary_tasks(summary, part, leader_id).iterator(chunk_size=2000):
        group.rows = []
        while pending is not None and pending.group_id == group.pk:
            group.rows.append(with_days(pending, summary))
            pending = next(rows, None)
        yield group


def summary_flat_rows(summary: WeeklySummary, leader_id: int | None):
    """Every overdue unit row with its task, as the flat Excel sheet lists them: per leader, then
    by unit, then deadline; streamed."""
    rows = (
        WeeklySummaryRow.objects.filter(group__summary=summary, group__part=SummaryPart.OVERDUE)
        .select_related("group")
        .order_by("group__leader_rank", "group__leader", "unit_order", "unit", "effective_deadline", "assignment_id")
    )
    if leader_id is not None:
        rows = rows.filter(group__leader_id=leader_id)
    for row in rows.iterator(chunk_size=5000):
        yield with_days(row, summary)


ROW_FIELDS = (
    "group_id",
    "position",
    "assignment_id",
    "unit",
    "original_deadline",
    "effective_deadline",
    "extended",
    "returned",
)
