"""Reads of the quarterly cycle: the current template, a unit's versions, each unit's status for a
quarter, indicator totals and task completion by SQL aggregation, the trend over quarters, the
dashboard and the stored rollups. Scoped lists go through visible_to(user); the all-unit reads are
for those who see every unit (reports.permissions.can_read_all_units)."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db.models import Count, FloatField, Q, QuerySet, Sum
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from inspections.selectors import discipline_counts, discipline_totals
from library.workcalendar import Quarter, QuarterDates, WorkCalendar
from meetings.selectors import attendance_counts, attendance_totals
from ratings.selectors import people_by_band, people_by_band_totals
from submissions.compare import Segment, word_diff
from submissions.models import SubmissionStatus
from submissions.services import NO_DRAFT
from tasks.models import Category, due_count, update_rate
from tasks.selectors import due_soon, unit_categories, unit_counts
from units.models import LOCAL_GOVERNMENT_KINDS, SpecialRole, Unit, today_local
from units.selectors import special_unit_name, work_calendar

from .models import (
    Indicator,
    IndicatorKind,
    QuarterlyReport,
    QuarterRollup,
    ReportTemplate,
    SectionBody,
    TemplateSection,
)

# The figures the day-20 record keeps beside each unit's status.
HEADLINE = ("hoi_nghi_quan_triet", "ty_le_van_ban_dien_tu", "cuoc_kiem_tra", "ca_nhan_bi_ky_luat")
SUBMISSION_STATUSES = ("on_time", "late", "missing", "returned")
# "Đơn vị …": the quarterly list filtered by one of them (the dashboard's counts link there).
SUBMISSION_STATUS_LABELS = {
    "on_time": _("gửi đúng hạn"),
    "late": _("gửi trễ hạn"),
    "returned": _("bị trả lại"),
    "missing": _("chưa gửi"),
}


def current_template() -> ReportTemplate | None:
    """The latest version of the template of the newest directive that has one."""
    return ReportTemplate.objects.select_related("directive").order_by("-directive__issued_on", "-version").first()


def reporting_units(kind: str = "") -> QuerySet[Unit]:
    """The units that file quarterly reports (all active units but Organization–Home Affairs, which
    receives them); `kind` "local" or "agency" narrows to communes or agencies."""
    units = Unit.objects.active().exclude(special_role=SpecialRole.HOME_AFFAIRS)
    if kind == "local":
        return units.local_governments()
    if kind == "agency":
        return units.agencies()
    return units


def task_counts_for(unit: Unit, quarter: Quarter) -> dict[str, int]:
    """The unit's assignments falling due in the quarter's Decree 09 period, by status, today."""
    row = unit_counts(
        Unit.objects.filter(pk=unit.pk), start=quarter.cutoff_start, end=quarter.cutoff_end, today=today_local()
    )[0]
    return {**row.counts, "total": row.total}


# Indicators the app can count from its own registers (issue 13): code → (register, figure). A
# template's indicator with one of these codes is pre-filled with the register's count for the
# unit and the quarter's Decree 09 period, and the count is shown beside what the unit types.
REGISTER_INDICATORS = {
    "xep_loai_xuat_sac": ("ratings", "excellent"),
    "xep_loai_tot": ("ratings", "good"),
    "xep_loai_hoan_thanh": ("ratings", "done"),
    "xep_loai_khong_hoan_thanh": ("ratings", "failed"),
    "hop_cu_cap_pho_co_dong_y": ("meetings", "deputy_consented"),
    "hop_cu_cap_pho_khong_dong_y": ("meetings", "deputy_unconsented"),
    "hop_vang_khong_ly_do": ("meetings", "absent"),
    "vi_pham_van_hoa_cong_so": ("inspections", "findings_office_culture"),
    "cuoc_kiem_tra": ("inspections", "inspections"),
    "vi_pham_phat_hien": ("inspections", "findings"),
    "ca_nhan_bi_ky_luat": ("inspections", "persons"),
    "tap_the_bi_ky_luat": ("inspections", "bodies"),
}
REGISTER_NAMES = {
    "meetings": _("sổ theo dõi cuộc họp"),
    "inspections": _("sổ theo dõi kiểm tra kỷ luật, kỷ cương"),
    "ratings": _("sổ đánh giá, xếp loại"),
}


def register_figures(unit: Unit, dates: QuarterDates) -> dict[str, tuple[int, str]]:
    """For each indicator the registers can count: (the count for the unit in the quarter's Decree 09
    period, the register's name)."""
    start, end = dates.cutoff_start, dates.cutoff_end
    quarter = dates.quarter
    registers = {
        "meetings": attendance_counts(unit.pk, start, end),
        "inspections": discipline_counts(unit.pk, start, end),
        # Item 4 counts the unit's people (its head and officials) by band in the quarter's ratings.
        "ratings": people_by_band(unit.pk, quarter.year, quarter.number),
    }
    return {
        code: (registers[name][figure], REGISTER_NAMES[name]) for code, (name, figure) in REGISTER_INDICATORS.items()
    }


def is_on_time(report: QuarterlyReport, dates: QuarterDates | None = None) -> bool | None:
    """Sent by the end of the effective day-20 deadline (local day)? None if not sent."""
    if not report.submitted_on:
        return None
    dates = dates or work_calendar().quarter_dates(Quarter.parse(report.quarter))
    return report.submitted_on <= dates.unit_deadline_effective


def submission_status(status: str | None, submitted_on: date | None, deadline: date) -> str:
    """A unit's day-20 status from its latest sent version: missing, returned, on time or late."""
    if status is None:
        return "missing"
    if status == SubmissionStatus.RETURNED:
        return "returned"
    return "on_time" if submitted_on <= deadline else "late"


def unit_versions(user, unit: Unit, quarter: Quarter, template: ReportTemplate) -> list[QuarterlyReport]:
    """Every version of a unit's report for the quarter on the template's directive, newest first."""
    return list(
        QuarterlyReport.objects.visible_to(user)
        .filter(unit=unit, quarter=quarter.key, template__directive=template.directive)
        .select_related("signed_by", "decided_by", "updated_by", "template")
        .prefetch_related("attachments")
        .order_by("-version")
    )


def draft_revision(unit: Unit, quarter: Quarter) -> int:
    """The revision of the unit's draft for the quarter now, or NO_DRAFT: what a form re-shown after
    a conflict starts from."""
    draft = QuarterlyReport.objects.filter(unit=unit, quarter=quarter.key, status=SubmissionStatus.DRAFT).first()
    return draft.revision if draft else NO_DRAFT


def template_sections(reports: list[QuarterlyReport]) -> dict[int, list[TemplateSection]]:
    """The sections (with indicators) of each template among `reports`: two queries, however many."""
    ids = {r.template_id for r in reports}
    by_template: dict[int, list[TemplateSection]] = {pk: [] for pk in ids}
    for section in TemplateSection.objects.filter(template_id__in=ids).prefetch_related("indicators"):
        by_template[section.template_id].append(section)
    return by_template


def section_changes(old: list[SectionBody], new: list[SectionBody]) -> list[dict]:
    """What changed from one version to the next, section by section: the text as a word diff and
    each figure that changed (label, before, after). Sections that did not change are left out."""
    before = {part.section.order: part for part in old}
    out = []
    for part in new:
        earlier = before.get(part.section.order)
        old_text = earlier.text if earlier else ""
        old_figures = {i.code: shown for i, shown in earlier.figures} if earlier else {}
        text: list[Segment] = word_diff(old_text, part.text)
        figures = [
            (i.label, old_figures.get(i.code, "—"), shown)
            for i, shown in part.figures
            if old_figures.get(i.code, "—") != shown
        ]
        if text or figures:
            out.append({"section": part.section, "text": text, "figures": figures})
    return out


def versions_on_screen(versions: list[QuarterlyReport]) -> None:
    """Give each version (newest first) its `body` and its `changes` against the version before."""
    sections = template_sections(versions)
    for version in versions:
        version.body_parts = version.body(sections[version.template_id])
    for newer, older in zip(versions, versions[1:], strict=False):
        newer.changes = section_changes(older.body_parts, newer.body_parts)
        newer.compared_with = older.version


def quarter_list_rows(user, quarter: Quarter, dates: QuarterDates) -> list[dict]:
    """Each unit the user may see, with its latest version for the quarter and whether it was on time."""
    latest: dict[int, QuarterlyReport] = {}
    reports = (
        QuarterlyReport.objects.visible_to(user)
        .in_quarter(quarter.key)
        .order_by("unit_id", "version")
        .only("pk", "unit_id", "version", "status", "submitted_on", "signing_mode")
    )
    for report in reports:
        latest[report.unit_id] = report
    rows = []
    for unit in Unit.objects.visible_to(user).active().order_by("sort_order", "name"):
        report = latest.get(unit.pk)
        rows.append({"unit": unit, "report": report, "on_time": is_on_time(report, dates) if report else None})
    return rows


def _latest_sent_versions(quarter: Quarter) -> dict[int, QuarterlyReport]:
    """Each unit's latest submitted-or-later version for the quarter, in one query."""
    latest: dict[int, QuarterlyReport] = {}
    sent = QuarterlyReport.objects.filter(quarter=quarter.key).exclude(status=SubmissionStatus.DRAFT)
    for report in sent.order_by("unit_id", "version"):
        latest[report.unit_id] = report
    return latest


def submission_rows(quarter: Quarter, calendar: WorkCalendar | None = None) -> list[dict]:
    """Per reporting unit: on time, late, missing, returned (and the review state), with headline
    figures. `calendar`: the work calendar if the caller has it already (one query less)."""
    deadline = (calendar or work_calendar()).quarter_dates(quarter).unit_deadline_effective
    latest = _latest_sent_versions(quarter)
    rows = []
    for unit in reporting_units().order_by("sort_order", "name"):
        report = latest.get(unit.pk)
        status = submission_status(report and report.status, report and report.submitted_on, deadline)
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


def in_submission_status(
    rows: list[dict], quarter: Quarter, calendar: WorkCalendar, *, status: str = "", kind: str = ""
) -> list[dict]:
    """The quarter list's rows (quarter_list_rows) narrowed to the reporting units the dashboard
    counts in `status` (submission_rows, the day-20 rule) and of `kind` ("local" or "agency"): the
    list behind each of the dashboard's submission counts. Two queries."""
    wanted = {
        r["unit_id"]
        for r in submission_rows(quarter, calendar)
        if (not status or r["status"] == status) and (not kind or r["local"] == (kind == "local"))
    }
    return [row for row in rows if row["unit"].pk in wanted]


def count_statuses(rows: list[dict]) -> dict[str, int]:
    """How many units are on time, late, returned, missing."""
    return {s: sum(1 for r in rows if r["status"] == s) for s in SUBMISSION_STATUSES}


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
                answered = Q(**{f"values__{indicator.code}__isnull": False})
                aggregates[f"{i}_{part}"] = Sum(number, filter=condition)
                aggregates[f"{i}_{part}_n"] = Count("pk", filter=condition & answered)
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
    return _register_totals(rows, quarter)


def _register_totals(rows: list[dict], quarter: Quarter) -> list[dict]:
    """Indicators the registers count take their totals from the registers (the Chairman can check
    those); what the units' accepted reports say is kept beside them as `reported`."""
    if not any(row["code"] in REGISTER_INDICATORS for row in rows):
        return rows
    start, end = quarter.cutoff_start, quarter.cutoff_end
    registers = {
        "meetings": attendance_totals(start, end),
        "inspections": discipline_totals(start, end),
        "ratings": people_by_band_totals(quarter.year, quarter.number),
    }
    for row in rows:
        if row["code"] not in REGISTER_INDICATORS:
            continue
        name, figure = REGISTER_INDICATORS[row["code"]]
        row["reported"] = {part: row[part] for part in ("all", "agencies", "communes")}
        row.update(registers[name][figure])
        row["register"] = str(REGISTER_NAMES[name])
    return rows


def completion_rows(quarter: Quarter) -> list[dict]:
    """Per unit, its assignments falling due in the Decree 09 period in the four VPCP categories,
    judged as of today (or the quarter's last day, once it is over), with the update and on-time
    rates (one definition: tasks.models); ranked by update rate, then on-time rate, then name —
    units with nothing due last, with no rate (never 0%)."""
    rows = unit_categories(
        reporting_units(),
        start=quarter.cutoff_start,
        end=quarter.cutoff_end,
        as_of=completion_as_of(quarter),
    )
    return sorted(rows, key=_rank)


def completion_as_of(quarter: Quarter) -> date:
    """The day the categories are judged on: today, or the quarter's last day once it is over.
    Every deadline of the data period is before that last day, so an unreported assignment is
    overdue on it exactly when it is overdue today: the task list (filtered as of today, which
    the dashboard's counts link to) finds the same assignments."""
    return min(timezone.localdate(), quarter.last_day)


def _rank(row: dict):
    return (row["update_rate"] is None, -(row["update_rate"] or 0), -(row["on_time_rate"] or 0), row["unit"])


def completion_readable(rows: list[dict]) -> list[dict]:
    """Stored completion rows as the pages and documents show them. Rollups stored before the four
    categories kept the statuses (total, completed, on_time, late, overdue, not_due, rate): their
    update rate follows exactly (everything due but the overdue was reported); the split between
    on time and late of the completed ones was not kept ("—"). A row missing some status (only
    total, completed, overdue, rate) counts what is left of its total as not yet due."""
    out = []
    for row in rows:
        if "due" in row:
            out.append(row)
            continue
        total, overdue = row.get("total") or 0, row.get("overdue") or 0
        known = sum(row.get(status) or 0 for status in ("completed", "on_time", "late"))
        not_due = row["not_due"] if row.get("not_due") is not None else max(total - known - overdue, 0)
        # Done on time and done late together (their split was not kept): the one definition of the rate.
        counts = {
            Category.DONE_ON_TIME: max(total - not_due - overdue, 0),
            Category.DONE_LATE: 0,
            Category.IN_PROGRESS: not_due,
            Category.OVERDUE: overdue,
        }
        out.append(
            {
                "unit": row.get("unit", ""),
                "local": row.get("local", False),
                Category.DONE_ON_TIME: None,
                Category.DONE_LATE: None,
                Category.IN_PROGRESS: not_due,
                Category.OVERDUE: overdue,
                "total": total,
                "due": due_count(counts),
                "update_rate": update_rate(counts),
                "on_time_rate": None,
            }
        )
    return sorted(out, key=_rank)


def rollup_data(quarter: Quarter) -> dict:
    """What the day-25 rollup says, as stored: indicators, completion, each unit's submission."""
    template = current_template()
    return {
        "indicators": indicator_totals(quarter, template),
        "completion": completion_rows(quarter),
        "submissions": submission_rows(quarter),
        "directive": str(template.directive) if template else "",
    }


def submission_trend(
    quarter: Quarter, count: int, kind: str = "", calendar: WorkCalendar | None = None
) -> list[tuple[Quarter, dict]]:
    """On time / late / returned / missing per quarter for the last `count` quarters, two queries
    (three without `calendar`)."""
    quarters = [quarter]
    while len(quarters) < count:
        quarters.insert(0, quarters[0].previous())
    unit_ids = set(reporting_units(kind).values_list("pk", flat=True))
    latest: dict[tuple, tuple] = {}
    sent = (
        QuarterlyReport.objects.filter(quarter__in=[q.key for q in quarters], unit_id__in=unit_ids)
        .exclude(status=SubmissionStatus.DRAFT)
        .order_by("unit_id", "quarter", "version")
        .values_list("unit_id", "quarter", "status", "submitted_on")
    )
    for unit_id, key, status, submitted_on in sent:
        latest[(unit_id, key)] = (status, submitted_on)
    calendar = calendar or work_calendar()
    out = []
    for q in quarters:
        deadline = calendar.quarter_dates(q).unit_deadline_effective
        counts = dict.fromkeys(SUBMISSION_STATUSES, 0)
        for unit_id in unit_ids:
            counts[submission_status(*latest.get((unit_id, q.key), (None, None)), deadline)] += 1
        out.append((q, counts))
    # Quarters before the first report anywhere are not "everyone missing": the app was not in use.
    reported = {key for (_unit, key) in latest}
    while len(out) > 1 and out[0][0].key not in reported:
        out.pop(0)
    return out


# The dashboard's lists of units stop at this many rows (the ranking shows its first and last half).
DASHBOARD_UNITS = 40


def _ends(rows: list[dict], half: int) -> list[dict]:
    """The first and the last `half` rows, with None between them where rows were left out."""
    if len(rows) <= 2 * half:
        return rows
    return [*rows[:half], None, *rows[-half:]]


def dashboard(quarter: Quarter, kind: str) -> dict:
    """A quarter at a glance: each unit's status, counts, indicator totals, the four categories per
    unit ranked by update rate (units with nothing due apart), the early warning, the trend."""

    def keep(row: dict) -> bool:
        return row["local"] if kind == "local" else (not row["local"]) if kind == "agency" else True

    calendar = work_calendar()
    submissions = [r for r in submission_rows(quarter, calendar) if keep(r)]
    completion = [r for r in completion_rows(quarter) if keep(r)]
    today = today_local()
    until = calendar.add_working_days(today, settings.EARLY_WARNING_WORKING_DAYS)
    completion_due = [r for r in completion if r["due"]]
    not_on_time = [r for r in submissions if r["status"] != "on_time"]
    return {
        # At province or national scale the page shows who needs attention, not every unit
        # (docs/architecture.md §11): the units not on time first, the best and the worst of the
        # ranking, the first of the long lists; every unit is in the Excel file and the lists.
        "submissions": not_on_time[:DASHBOARD_UNITS] if len(submissions) > DASHBOARD_UNITS else submissions,
        "submissions_hidden": len(not_on_time) - DASHBOARD_UNITS if len(submissions) > DASHBOARD_UNITS else 0,
        "submissions_collapsed": len(submissions) > DASHBOARD_UNITS,
        "counts": count_statuses(submissions),
        "indicators": indicator_totals(quarter, current_template()),
        "completion": _ends(completion_due, DASHBOARD_UNITS // 2),
        "completion_hidden": max(len(completion_due) - DASHBOARD_UNITS, 0),
        "nothing_due": [r for r in completion if not r["due"]],
        "completion_as_of": completion_as_of(quarter),
        "due_soon": due_soon(reporting_units(kind), today=today, until=until),
        "due_soon_until": until,
        "today": today,
        "trend": submission_trend(quarter, 8, kind, calendar),
        "dates": calendar.quarter_dates(quarter),
        "rollup": latest_rollup(quarter),
    }


def latest_rollup(quarter: Quarter) -> QuarterRollup | None:
    return (
        QuarterRollup.objects.filter(quarter=quarter.key).only("pk", "version", "status").order_by("-version").first()
    )


def rollup_versions(quarter: Quarter) -> list[QuarterRollup]:
    """Every version of the quarter's day-25 rollup, newest first."""
    return list(QuarterRollup.objects.filter(quarter=quarter.key).select_related("signed_by").order_by("-version"))


def reviewer_name(authority) -> str:
    """The authority's reviewing body as its documents and notices name it: "Cơ quan Tổ chức - Nội
    vụ huyện", "Sở Nội vụ", "Phòng Văn hóa - Xã hội xã Tân Trào" (docs/architecture.md §17)."""
    return special_unit_name(authority, SpecialRole.HOME_AFFAIRS, "Cơ quan Tổ chức - Nội vụ")
