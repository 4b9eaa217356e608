"""The Monday overdue summary (item 8 of directive 01/CT-UBND): build it as of Monday 00:00 local,
store it as sent, deliver it once, and catch up weeks that were missed (DESIGN.md §5).

Jobs (`tasks.jobs`) and the `run_job weekly-summary` command call `weekly_summary_run` and
`weekly_summaries_reconcile`; pages and downloads read the stored `WeeklySummary`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from units.documents import DOCX, AdministrativeDocument, Signature
from units.models import (
    Authority,
    JobRun,
    JobRunStatus,
    Leader,
    LeaderPosition,
    Membership,
    Position,
    SpecialRole,
    Unit,
    User,
)
from units.notify import notify
from units.selectors import work_calendar
from units.workcalendar import LOCAL_TZ, Week, WorkCalendar
from units.xlsx import build_workbook

from .models import Assignment, SubmissionStatus, TaskReport, WeeklySummary

KIND = "weekly"
DELIVERY_TIME = time(7, 30)

CREATED, PRESENT, REPLACED, NO_WORKING_DAY = "created", "already-present", "replaced", "no-working-day"


@dataclass(frozen=True)
class Outcome:
    week: Week
    outcome: str
    summary: WeeklySummary | None

    @property
    def line(self) -> str:
        """The one line `run_job` prints."""
        count = self.summary.overdue_count if self.summary else 0
        return f"{self.week.key} overdue={count} {self.outcome}"


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
            f"Tuần {previous.key} ({previous.monday:%d/%m}–{previous.sunday:%d/%m/%Y}) không có ngày làm việc nên "
            "không có báo cáo; "
            "các nhiệm vụ quá hạn của tuần đó được tổng hợp trong báo cáo này."
        )
        previous = previous.previous()
    return {"overdue": sorted(overdue, key=_sort_key), "upcoming": sorted(upcoming, key=_sort_key), "notes": notes}


def weekly_summary_run(*, week: Week, force: bool = False, deliver: bool = True) -> Outcome:
    """Produce the week's summary exactly once: the run record, the summary and the notices are
    written in one transaction; emails leave after commit, once per recipient. `force` replaces the
    week's summary and keeps the previous one (superseded) as history."""
    calendar = work_calendar()
    delivery = calendar.week_delivery_date(week)
    with transaction.atomic():
        run, created = JobRun.objects.select_for_update().get_or_create(
            kind=KIND,
            period=week.key,
            defaults={"status": JobRunStatus.SKIPPED if delivery is None else JobRunStatus.DONE},
        )
        if delivery is None:
            return Outcome(week, NO_WORKING_DAY, None)
        current = WeeklySummary.objects.select_for_update().filter(week=week.key, superseded_at__isnull=True).first()
        if not created and not force and current is not None:
            return Outcome(week, PRESENT, current)
        now = timezone.now()
        if current is not None:
            current.superseded_at = now
            current.save(update_fields=["superseded_at"])
        summary = WeeklySummary.objects.create(
            week=week.key, as_of=week.monday, delivery_date=delivery, **build_content(week, calendar)
        )
        run.status, run.detail = (
            JobRunStatus.DONE,
            {"overdue": summary.overdue_count, "upcoming": len(summary.upcoming)},
        )
        if not created:
            run.forced_at = now
        run.save()
        if deliver:
            _deliver(summary)
        return Outcome(week, REPLACED if current is not None else CREATED, summary)


def recipients() -> list[User]:
    """The Chairman, the Vice Chairmen and the Office's staff."""
    users = {leader.user_id: leader.user for leader in Leader.objects.active().select_related("user")}
    office = Membership.objects.active().filter(unit__special_role=SpecialRole.OFFICE).select_related("user")
    users.update({m.user_id: m.user for m in office})
    return list(users.values())


def _deliver(summary: WeeklySummary) -> None:
    """In-app notice and one email per person (the .docx attached), keyed by the week."""
    notify(
        users=recipients(),
        key=f"{KIND}:{summary.week}",
        template="weekly_summary",
        context={"summary": summary, "groups": group_by_leader(summary.overdue)},
        url=reverse("tasks:summary_detail", args=[summary.week]),
        attachments=lambda: [(f"bao-cao-tuan-{summary.week}.docx", summary_docx(summary), DOCX)],
    )


def weekly_summaries_reconcile(*, now: datetime | None = None, lookback_weeks: int | None = None) -> list[Outcome]:
    """Produce every week that is due (its delivery day has come, 07:30 local) and has no run, back
    to `lookback_weeks`, but never before the first week this installation ever ran: a missed week
    appears when the worker comes back, dated for its own week."""
    now = timezone.localtime(now or timezone.now(), LOCAL_TZ)
    lookback = settings.WEEKLY_SUMMARY_LOOKBACK_WEEKS if lookback_weeks is None else lookback_weeks
    calendar = work_calendar()
    current = Week.containing(now.date())
    first = JobRun.objects.filter(kind=KIND).order_by("period").values_list("period", flat=True).first()
    earliest = current
    for _ in range(lookback):
        earliest = earliest.previous()
    earliest = current if first is None else max(earliest, Week.parse(first))
    done = set(JobRun.objects.filter(kind=KIND, period__gte=earliest.key).values_list("period", flat=True))
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


# ---- reading a stored summary ---------------------------------------------------------------


def group_by_leader(rows: list[dict]) -> list[dict]:
    """Rows grouped by the leader who gave the task, then by unit, with totals."""
    groups: list[dict] = []
    for row in rows:
        if not groups or groups[-1]["leader_id"] != row["leader_id"]:
            groups.append({"leader_id": row["leader_id"], "leader": row["leader"], "count": 0, "units": []})
        group = groups[-1]
        if not group["units"] or group["units"][-1]["unit_id"] != row["unit_id"]:
            group["units"].append({"unit_id": row["unit_id"], "unit": row["unit"], "count": 0, "rows": []})
        group["units"][-1]["rows"].append(row)
        group["units"][-1]["count"] += 1
        group["count"] += 1
    return groups


def unit_totals(rows: list[dict]) -> list[tuple[str, int]]:
    """Overdue count per unit, most first."""
    totals: dict[str, int] = {}
    for row in rows:
        totals[row["unit"]] = totals.get(row["unit"], 0) + 1
    return sorted(totals.items(), key=lambda item: (-item[1], item[0]))


def filter_rows(rows: list[dict], leader_id: int | None) -> list[dict]:
    return [r for r in rows if leader_id is None or r["leader_id"] == leader_id]


def _d(iso: str) -> str:
    return date.fromisoformat(iso).strftime("%d/%m/%Y")


def summary_docx(summary: WeeklySummary, leader_id: int | None = None) -> bytes:
    """The summary as an administrative report of the Office to the Chairman and Vice Chairmen."""
    authority = Authority.current()
    office = Unit.objects.filter(special_role=SpecialRole.OFFICE).first()
    head = (
        Membership.objects.active().filter(unit=office, position=Position.HEAD).select_related("user").first()
        if office
        else None
    )
    overdue, upcoming = filter_rows(summary.overdue, leader_id), filter_rows(summary.upcoming, leader_id)
    doc = AdministrativeDocument()
    doc.header(
        parent=authority.name if authority else "",
        issuer=office.name if office else "Văn phòng HĐND và UBND",
        number="Số:        /BC-VP",
        place=authority.place if authority else "",
        day=summary.delivery_date,
    )
    doc.title(
        "Báo cáo",
        f"Tổng hợp nhiệm vụ đến hạn báo cáo nhưng chưa báo cáo\n(tuần {summary.week}, tính đến 00 giờ ngày "
        f"{summary.as_of:%d/%m/%Y})",
    )
    doc.paragraph("Kính gửi: Chủ tịch, các Phó Chủ tịch Ủy ban nhân dân huyện.", indent=False, center=True)
    doc.paragraph(
        "Thực hiện điểm 8 Chỉ thị số 01/CT-UBND ngày 23/9/2021 của Chủ tịch UBND huyện, Văn phòng HĐND và UBND huyện "
        "tổng hợp các nhiệm vụ đã đến hạn báo cáo nhưng các cơ quan, đơn vị, UBND các xã, thị trấn chưa báo cáo "
        "theo quy định "
        f"tính đến 00 giờ ngày {summary.as_of:%d/%m/%Y}, cụ thể như sau:"
    )
    doc.heading(f"I. NHIỆM VỤ QUÁ HẠN CHƯA BÁO CÁO: {len(overdue)} nhiệm vụ")
    if not overdue:
        doc.paragraph("Không có nhiệm vụ nào quá hạn chưa báo cáo.")
    for n, group in enumerate(group_by_leader(overdue), start=1):
        doc.paragraph(f"{n}. Nhiệm vụ do {group['leader']} giao: {group['count']} nhiệm vụ", bold=True, indent=False)
        rows, bold = [], set()
        for unit in group["units"]:
            for row in unit["rows"]:
                note = "; ".join(
                    x
                    for x in (
                        "bị trả lại, chưa gửi lại" if row["returned"] else "",
                        "đã gia hạn" if row["extended"] else "",
                    )
                    if x
                )
                rows.append(
                    [
                        len(rows) + 1 - len(bold),
                        row["unit"],
                        row["task"],
                        row["source"],
                        _d(row["effective_deadline"]),
                        row["days_overdue"],
                        note,
                    ]
                )
            if unit["count"] > 1:
                bold.add(len(rows))
                rows.append(["", f"Cộng: {unit['count']} nhiệm vụ", "", "", "", "", ""])
        doc.table(
            ["TT", "Đơn vị", "Nhiệm vụ", "Nguồn", "Hạn", "Số ngày quá hạn", "Ghi chú"],
            rows,
            [9, 27, 52, 27, 20, 14, 16],
            size=10,
            bold_rows=bold,
        )
    if overdue:
        doc.paragraph("Tổng hợp theo đơn vị:", bold=True, indent=False)
        totals = unit_totals(overdue)
        doc.table(
            ["TT", "Đơn vị", "Số nhiệm vụ quá hạn"],
            [[i, unit, count] for i, (unit, count) in enumerate(totals, start=1)] + [["", "Tổng cộng", len(overdue)]],
            [12, 110, 43],
            size=11,
            bold_rows={len(totals)},
        )
    doc.heading(
        f"II. NHIỆM VỤ ĐẾN HẠN TRONG TUẦN ({summary.as_of:%d/%m} – {summary.as_of + timedelta(days=6):%d/%m/%Y}): "
        f"{len(upcoming)} nhiệm vụ"
    )
    if upcoming:
        doc.table(
            ["TT", "Đơn vị", "Nhiệm vụ", "Lãnh đạo giao", "Hạn"],
            [
                [i, r["unit"], r["task"], r["leader"], _d(r["effective_deadline"])]
                for i, r in enumerate(upcoming, start=1)
            ],
            [9, 30, 64, 38, 24],
            size=10,
        )
    for note in summary.notes:
        doc.paragraph(note, italic=True)
    doc.paragraph("Văn phòng HĐND và UBND huyện kính báo cáo Chủ tịch, các Phó Chủ tịch UBND huyện./.")
    doc.closing(
        recipients=["Chủ tịch, các PCT UBND huyện (báo cáo);", "Lưu: VT."],
        signature=Signature(title="Chánh Văn phòng", name=head.user.get_full_name() if head else ""),
    )
    return doc.save()


def summary_xlsx(summary: WeeklySummary, leader_id: int | None = None) -> bytes:
    """One row per overdue assignment, then the per-unit and per-leader totals."""
    overdue = filter_rows(summary.overdue, leader_id)
    rows = [
        [
            i,
            r["leader"],
            r["unit"],
            r["task"],
            r["source"],
            date.fromisoformat(r["original_deadline"]),
            date.fromisoformat(r["effective_deadline"]),
            r["days_overdue"],
            "Bị trả lại, chưa gửi lại" if r["returned"] else "",
        ]
        for i, r in enumerate(overdue, start=1)
    ]
    rows.append([])
    rows += [["", "Tổng theo đơn vị", unit, "", "", None, None, count, ""] for unit, count in unit_totals(overdue)]
    rows += [
        ["", "Tổng theo lãnh đạo", g["leader"], "", "", None, None, g["count"], ""] for g in group_by_leader(overdue)
    ]
    rows.append(["", "Tổng cộng", "", "", "", None, None, len(overdue), ""])
    return build_workbook(
        title=f"Nhiệm vụ quá hạn chưa báo cáo — tuần {summary.week}",
        subtitle=(
            f"Tính đến 00:00 ngày {summary.as_of:%d/%m/%Y}; "
            f"lập lúc {timezone.localtime(summary.generated_at):%H:%M %d/%m/%Y}"
        ),
        headers=[
            "TT",
            "Lãnh đạo giao",
            "Đơn vị",
            "Nhiệm vụ",
            "Nguồn",
            "Hạn ban đầu",
            "Hạn thực tế",
            "Số ngày quá hạn",
            "Ghi chú",
        ],
        rows=rows,
        widths=[5, 26, 28, 50, 28, 12, 12, 10, 20],
    )
