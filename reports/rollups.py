"""The quarterly rollups (DESIGN.md §5): day 20 (who submitted, on time, late, not at all) and day 25
(figures summed across units for Organization–Home Affairs to review, comment, sign and issue), the
reminders before day 20, and the reconciler that produces whatever is due. Each run is keyed by
(kind, quarter) in `JobRun`; result and run are written in one transaction; mail after commit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, FloatField, Q, Sum
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tasks.models import Status, SubmissionStatus
from tasks.permissions import signer_title, signing_mode
from tasks.selectors import unit_counts
from units.models import LOCAL_GOVERNMENT_KINDS, JobRun, JobRunStatus, Leader, SpecialRole, Unit, User
from units.notify import notify, special_unit_people, unit_people
from units.selectors import work_calendar
from units.workcalendar import LOCAL_TZ, Quarter

from .models import (
    Indicator,
    IndicatorKind,
    QuarterlyReport,
    QuarterRollup,
    ReportTemplate,
    RollupStatus,
    SubmissionRollup,
)

Q20, Q25 = "q20", "q25"
CREATED, PRESENT, REPLACED = "created", "already-present", "replaced"
ROLLUP_TIME = time(7, 0)
REMINDER_DAYS = (5, 1)


@dataclass(frozen=True)
class Outcome:
    quarter: Quarter
    outcome: str
    counts: dict

    @property
    def line(self) -> str:
        """The one line `run_job` prints."""
        figures = " ".join(f"{k}={v}" for k, v in self.counts.items())
        return f"{self.quarter.key} {figures} {self.outcome}".replace("  ", " ")


def _claim(kind: str, quarter: Quarter) -> tuple[JobRun, bool]:
    """The (kind, quarter) run row, locked; created=True if this call made it."""
    return JobRun.objects.select_for_update().get_or_create(
        kind=kind, period=quarter.key, defaults={"status": JobRunStatus.DONE}
    )


def _latest_versions(quarter: Quarter) -> dict[int, QuarterlyReport]:
    """Each unit's latest submitted-or-later version for the quarter, in one query."""
    latest: dict[int, QuarterlyReport] = {}
    for report in (
        QuarterlyReport.objects.filter(quarter=quarter.key)
        .exclude(status=SubmissionStatus.DRAFT)
        .order_by("unit_id", "version")
    ):
        latest[report.unit_id] = report
    return latest


HEADLINE = ("hoi_nghi_quan_triet", "ty_le_van_ban_dien_tu", "cuoc_kiem_tra", "ca_nhan_bi_ky_luat")


def submission_rows(quarter: Quarter) -> list[dict]:
    """Per active unit: on time, late, missing, returned (and pending review), with headline figures."""
    deadline = work_calendar().quarter_dates(quarter).unit_deadline_effective
    latest = _latest_versions(quarter)
    rows = []
    for unit in Unit.objects.active().exclude(special_role=SpecialRole.HOME_AFFAIRS).order_by("sort_order", "name"):
        report = latest.get(unit.pk)
        if report is None:
            status = "missing"
        elif report.status == SubmissionStatus.RETURNED:
            status = "returned"
        else:
            status = "on_time" if report.submitted_on <= deadline else "late"
        rows.append(
            {
                "unit_id": unit.pk,
                "unit": unit.name,
                "local": unit.is_local_government,
                "status": status,
                "review": report.status if report else "",
                "version": report.version if report else None,
                "submitted_on": report.submitted_on.isoformat() if report and report.submitted_on else None,
                "headline": {k: report.values.get(k) for k in HEADLINE if report and k in report.values},
            }
        )
    return rows


def quarter_submissions_run(*, quarter: Quarter, force: bool = False) -> Outcome:
    """The day-20 record, once per quarter (force: a new one, the old kept); tells the Chairman and
    Organization–Home Affairs after commit."""
    with transaction.atomic():
        run, created = _claim(Q20, quarter)
        current = (
            SubmissionRollup.objects.select_for_update().filter(quarter=quarter.key, superseded_at__isnull=True).first()
        )
        if current is not None and not created and not force:
            return Outcome(quarter, PRESENT, _q20_counts(current))
        if current is not None:
            current.superseded_at = timezone.now()
            current.save(update_fields=["superseded_at"])
        rollup = SubmissionRollup.objects.create(quarter=quarter.key, rows=submission_rows(quarter))
        run.detail = _q20_counts(rollup)
        if not created:
            run.forced_at = timezone.now()
        run.save()
        leaders = [leader.user for leader in Leader.objects.active().select_related("user")]
        notify(
            users=[*leaders, *special_unit_people(SpecialRole.HOME_AFFAIRS)],
            key=f"{Q20}:{quarter.key}",
            template="quarter_submissions",
            context={"rollup": rollup, "quarter": quarter, "counts": _q20_counts(rollup)},
            url=reverse("reports:dashboard") + f"?quarter={quarter.key}",
        )
        return Outcome(quarter, REPLACED if current is not None else CREATED, _q20_counts(rollup))


def _q20_counts(rollup: SubmissionRollup) -> dict:
    return {s: rollup.count(s) for s in ("on_time", "late", "missing", "returned")}


# ---- day 25 ---------------------------------------------------------------------------------


def indicator_totals(quarter: Quarter, template: ReportTemplate | None) -> list[dict]:
    """For each indicator of the template: sums over the accepted reports (whole numbers), the mean
    (percentages), the count of "yes" (yes/no) — all units, agencies, communes. One query."""
    if template is None:
        return []
    indicators = list(
        Indicator.objects.filter(section__template=template)
        .select_related("section")
        .order_by("section__order", "order")
    )
    accepted = QuarterlyReport.objects.filter(
        quarter=quarter.key, status=SubmissionStatus.ACCEPTED, template__directive=template.directive
    )
    local = Q(unit__kind__in=LOCAL_GOVERNMENT_KINDS)
    aggregates = {}
    for i, indicator in enumerate(indicators):
        number = Cast(KeyTextTransform(indicator.code, "values"), FloatField())
        for part, condition in (("all", Q()), ("agencies", ~local), ("communes", local)):
            if indicator.kind == IndicatorKind.INTEGER:
                aggregates[f"{i}_{part}"] = Sum(number, filter=condition)
            elif indicator.kind == IndicatorKind.PERCENT:
                aggregates[f"{i}_{part}"] = Sum(number, filter=condition)
                aggregates[f"{i}_{part}_n"] = Count(
                    "pk", filter=condition & Q(**{f"values__{indicator.code}__isnull": False})
                )
            elif indicator.kind == IndicatorKind.BOOLEAN:
                aggregates[f"{i}_{part}"] = Count("pk", filter=condition & Q(**{f"values__{indicator.code}": "yes"}))
    result = accepted.aggregate(**aggregates) if aggregates else {}
    rows = []
    for i, indicator in enumerate(indicators):
        if indicator.kind == IndicatorKind.TEXT:
            continue
        row = {
            "section": indicator.section.order,
            "code": indicator.code,
            "label": indicator.label,
            "kind": indicator.kind,
        }
        for part in ("all", "agencies", "communes"):
            value = result.get(f"{i}_{part}") or 0
            if indicator.kind == IndicatorKind.PERCENT:
                n = result.get(f"{i}_{part}_n") or 0
                value = round(value / n, 1) if n else None
            elif indicator.kind == IndicatorKind.INTEGER:
                value = int(value)
            row[part] = value
        rows.append(row)
    return rows


def completion_rows(quarter: Quarter) -> list[dict]:
    """Task completion per unit for the Decree 09 period, ranked (completed + reported on time first)."""
    rows = []
    for row in unit_counts(
        Unit.objects.active().exclude(special_role=SpecialRole.HOME_AFFAIRS),
        start=quarter.cutoff_start,
        end=quarter.cutoff_end,
        today=min(timezone.localdate(), quarter.last_day),
    ):
        total = row.total
        good = row.counts[Status.COMPLETED] + row.counts[Status.ON_TIME]
        rows.append(
            {
                "unit": row.unit.name,
                "local": row.unit.is_local_government,
                "total": total,
                **row.counts,
                "rate": round(100 * good / total, 1) if total else None,
            }
        )
    return sorted(rows, key=lambda r: (r["rate"] is None, -(r["rate"] or 0), r["unit"]))


def rollup_data(quarter: Quarter) -> dict:
    template = ReportTemplate.objects.order_by("-directive__issued_on", "-version").first()
    submissions = submission_rows(quarter)
    return {
        "indicators": indicator_totals(quarter, template),
        "completion": completion_rows(quarter),
        "submissions": submissions,
        "directive": str(template.directive) if template else "",
    }


def quarter_rollup_run(*, quarter: Quarter, force: bool = False) -> Outcome:
    """The day-25 draft, once per quarter; `force` makes a new draft version (earlier ones kept,
    issued ones frozen). Organization–Home Affairs is told it is ready."""
    with transaction.atomic():
        run, created = _claim(Q25, quarter)
        latest = QuarterRollup.objects.select_for_update().filter(quarter=quarter.key).order_by("-version").first()
        if latest is not None and not created and not force:
            return Outcome(quarter, PRESENT, _q25_counts(latest))
        rollup = QuarterRollup(
            quarter=quarter.key,
            version=(latest.version + 1) if latest else 1,
            data=rollup_data(quarter),
            commentary=latest.commentary if latest else "",
        )
        rollup.save()
        run.detail = _q25_counts(rollup)
        if not created:
            run.forced_at = timezone.now()
        run.save()
        notify(
            users=special_unit_people(SpecialRole.HOME_AFFAIRS),
            key=f"{Q25}:{quarter.key}:{rollup.version}",
            template="quarter_rollup_draft",
            context={"rollup": rollup, "quarter": quarter},
            url=reverse("reports:rollup", args=[quarter.key]),
        )
        return Outcome(quarter, REPLACED if latest is not None else CREATED, _q25_counts(rollup))


def _q25_counts(rollup: QuarterRollup) -> dict:
    rows = rollup.data.get("submissions", [])
    return {
        "version": rollup.version,
        "accepted_units": sum(1 for r in rows if r["review"] == SubmissionStatus.ACCEPTED),
        "missing": sum(1 for r in rows if r["status"] == "missing"),
    }


@transaction.atomic
def rollup_save_commentary(*, actor: User, rollup: QuarterRollup, commentary: str, revision: int) -> QuarterRollup:
    """Organization–Home Affairs writes its assessment on a draft (an issued version is frozen)."""
    from .permissions import can_review

    if not can_review(actor):
        raise PermissionDenied(_("Chỉ cơ quan Tổ chức - Nội vụ được sửa báo cáo tổng hợp."))
    rollup = QuarterRollup.objects.select_for_update().get(pk=rollup.pk)
    if rollup.status != RollupStatus.DRAFT:
        raise ValidationError(_("Báo cáo tổng hợp đã ban hành, không sửa được; hãy lập bản mới."))
    if rollup.revision != revision:
        raise ValidationError(
            _("Bản tổng hợp vừa được người khác sửa; nội dung bạn nhập vẫn được giữ, hãy đối chiếu rồi lưu lại.")
        )
    rollup.commentary, rollup.revision = commentary.strip(), rollup.revision + 1
    rollup._history_user = actor
    rollup.save()
    return rollup


@transaction.atomic
def rollup_issue(*, actor: User, rollup: QuarterRollup) -> QuarterRollup:
    """The head of Organization–Home Affairs (or a deputy under delegation, "KT.") signs and issues
    the rollup to the Chairman; the version is frozen from then on."""
    home_affairs = Unit.objects.filter(special_role=SpecialRole.HOME_AFFAIRS).first()
    mode = signing_mode(actor, home_affairs.pk) if home_affairs else None
    if mode is None:
        raise PermissionDenied(
            _("Chỉ Thủ trưởng cơ quan Tổ chức - Nội vụ (hoặc cấp phó được ủy quyền) được ký ban hành.")
        )
    rollup = QuarterRollup.objects.select_for_update().get(pk=rollup.pk)
    if rollup.status != RollupStatus.DRAFT:
        raise ValidationError(_("Bản này đã được ban hành."))
    rollup.status, rollup.signed_by, rollup.signing_mode = RollupStatus.ISSUED, actor, mode
    rollup.signer_title, rollup.issued_at = signer_title(actor, home_affairs.pk), timezone.now()
    rollup._history_user = actor
    rollup.save()
    chairman = [leader.user for leader in Leader.objects.active().select_related("user")]
    notify(
        users=chairman,
        key=f"rollup-issued:{rollup.pk}",
        template="quarter_rollup_issued",
        context={"rollup": rollup},
        url=reverse("reports:rollup", args=[rollup.quarter]),
    )
    return rollup


# ---- reminders and the reconciler -----------------------------------------------------------


def quarterly_reminders_send(*, today) -> int:
    """5 and 1 working days before the effective day 20, a notice to each unit with no report sent;
    once per quarter and reminder (a JobRun claims it)."""
    calendar = work_calendar()
    if not calendar.is_working_day(today):
        return 0
    quarter = Quarter.containing(today)
    deadline = calendar.quarter_dates(quarter).unit_deadline_effective
    left = calendar.working_days_between(today, deadline)
    if left not in REMINDER_DAYS:
        return 0
    with transaction.atomic():
        run, created = JobRun.objects.select_for_update().get_or_create(kind=f"q20-remind-{left}", period=quarter.key)
        if not created:
            return 0
        sent = set(
            QuarterlyReport.objects.filter(quarter=quarter.key)
            .exclude(status__in=[SubmissionStatus.DRAFT, SubmissionStatus.RETURNED])
            .values_list("unit_id", flat=True)
        )
        units = [u for u in Unit.objects.active().exclude(special_role=SpecialRole.HOME_AFFAIRS) if u.pk not in sent]
        people = unit_people(u.pk for u in units)
        for unit in units:
            notify(
                users=people.get(unit.pk, []),
                key=f"q20-remind:{quarter.key}:{left}:{unit.pk}",
                template="quarterly_reminder",
                context={"unit": unit, "quarter": quarter, "deadline": deadline, "days_left": left},
                url=reverse("reports:quarterly_report", args=[unit.code, quarter.key]),
            )
        run.detail = {"units": len(units)}
        run.save()
        return len(units)


def quarter_rollups_reconcile(*, now: datetime | None = None) -> list[Outcome]:
    """Produce every quarterly rollup that is due and has no run: day 20 once its effective deadline
    has passed, day 25 from 07:00 of its effective date; the current and the previous quarter."""
    now = timezone.localtime(now or timezone.now(), LOCAL_TZ)
    calendar = work_calendar()
    outcomes = []
    current = Quarter.containing(now.date())
    # Catch up the previous quarter too, but never before this installation's first rollup.
    first = JobRun.objects.filter(kind__in=[Q20, Q25]).order_by("period").values_list("period", flat=True).first()
    for quarter in [q for q in (current.previous(), current) if q == current or (first is not None and q.key >= first)]:
        dates = calendar.quarter_dates(quarter)
        done = set(JobRun.objects.filter(period=quarter.key, kind__in=[Q20, Q25]).values_list("kind", flat=True))
        if Q20 not in done and now.date() > dates.unit_deadline_effective:
            outcomes.append(quarter_submissions_run(quarter=quarter))
        if Q25 not in done and (
            now.date() > dates.rollup_date_effective
            or (now.date() == dates.rollup_date_effective and now.time() >= ROLLUP_TIME)
        ):
            outcomes.append(quarter_rollup_run(quarter=quarter))
    return outcomes


def can_issue(user) -> bool:
    home_affairs = Unit.objects.filter(special_role=SpecialRole.HOME_AFFAIRS).first()
    return home_affairs is not None and signing_mode(user, home_affairs.pk) is not None


def submission_trend(quarter: Quarter, count: int, kind: str = "") -> list[tuple[Quarter, dict]]:
    """On time / late / returned / missing per quarter for the last `count` quarters, two queries."""
    quarters = [quarter]
    while len(quarters) < count:
        quarters.insert(0, quarters[0].previous())
    units = Unit.objects.active().exclude(special_role=SpecialRole.HOME_AFFAIRS)
    if kind == "local":
        units = units.local_governments()
    elif kind == "agency":
        units = units.agencies()
    unit_ids = set(units.values_list("pk", flat=True))
    latest: dict[tuple, tuple] = {}
    for unit_id, key, status, submitted_on in (
        QuarterlyReport.objects.filter(quarter__in=[q.key for q in quarters], unit_id__in=unit_ids)
        .exclude(status=SubmissionStatus.DRAFT)
        .order_by("unit_id", "quarter", "version")
        .values_list("unit_id", "quarter", "status", "submitted_on")
    ):
        latest[(unit_id, key)] = (status, submitted_on)
    calendar = work_calendar()
    out = []
    for q in quarters:
        deadline = calendar.quarter_dates(q).unit_deadline_effective
        counts = {"on_time": 0, "late": 0, "returned": 0, "missing": 0}
        for unit_id in unit_ids:
            status, submitted_on = latest.get((unit_id, q.key), (None, None))
            if status is None:
                counts["missing"] += 1
            elif status == SubmissionStatus.RETURNED:
                counts["returned"] += 1
            else:
                counts["on_time" if submitted_on <= deadline else "late"] += 1
        out.append((q, counts))
    # Quarters before the first report anywhere are not "everyone missing": the app was not in use.
    reported = {key for (_unit, key) in latest}
    while len(out) > 1 and out[0][0].key not in reported:
        out.pop(0)
    return out
