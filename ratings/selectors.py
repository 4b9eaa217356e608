"""Reads for ratings: the products of a unit's period from the task record, the discipline of the
year from the inspections register, the list of a period with the Xuất sắc cap per group (docs §15)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import BooleanField, Count, ExpressionWrapper, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from inspections.models import Decision, StaffKind
from library.text import fold
from library.workcalendar import Quarter, local_date
from submissions.models import SubmissionStatus
from tasks.models import Assignment, TaskReport
from units.models import LOCAL_GOVERNMENT_KINDS, Membership, Position, Unit, today_local
from units.roles import roles_of

from .method import CONTENT_REASONS, Product, excellent_cap
from .models import PERSONS, YEAR, Band, Exemption, ExemptionKind, Rating, Subject
from .permissions import sees_all


def period_bounds(year: int, quarter: int) -> tuple[date, date]:
    if quarter == YEAR:
        return date(year, 1, 1), date(year, 12, 31)
    q = Quarter(year, quarter)
    return q.first_day, q.last_day


def parse_period(text: str | None, today: date) -> tuple[int, int]:
    """ "2026Q3" → (2026, 3); "2026" → (2026, 0); otherwise the last quarter that has ended."""
    text = (text or "").strip()
    if text.isdigit() and len(text) == 4 and 2000 <= int(text) <= 2100:
        return int(text), YEAR
    try:
        q = Quarter.parse(text)
    except ValueError:
        q = Quarter.containing(today).previous()
    return q.year, q.number


def period_params(params, user=None) -> tuple[int, int, str]:
    """The period and subject a list, its Word or its Excel is asked for (?period=2026Q3&subject=head);
    with no period, the one `default_period` gives."""
    if not params.get("period") and user is not None:
        year, quarter = default_period(user, today_local())
    else:
        year, quarter = parse_period(params.get("period"), today_local())
    subject = params.get("subject") if params.get("subject") in Subject.values else Subject.UNIT
    return year, quarter, subject


def default_period(user, today: date) -> tuple[int, int]:
    """The period a list opens on: the latest quarter with a rating the user may see, else the last
    quarter that has ended. One query."""
    latest = (
        Rating.objects.visible_to(user)
        .exclude(quarter=YEAR)
        .order_by("-year", "-quarter")
        .values_list("year", "quarter")
        .first()
    )
    if latest:
        return latest
    q = Quarter.containing(today).previous()
    return q.year, q.number


def products_for(unit_id: int, start: date, end: date, as_of: date) -> list[Product]:
    """The unit's products of [start, end]: its current assignments falling due in it, and those
    given without a deadline and completed in it. Computed before the period ends, only what has
    fallen due by `as_of` (a task due next week is not yet a product); completion counts when
    accepted by `as_of`. Three queries."""
    end = min(end, as_of)
    rows = list(
        Assignment.objects.current()
        .filter(unit_id=unit_id)
        .filter(
            Q(effective_deadline__range=(start, end))
            | Q(effective_deadline__isnull=True, completed_at__date__range=(start, end))
        )
        .select_related("task")
        .order_by("effective_deadline", "pk")
    )
    ids = [a.pk for a in rows]
    returns: dict[int, list[int]] = {}
    for assignment_id, report_id, reasons in TaskReport.objects.filter(
        assignment_id__in=ids, status=SubmissionStatus.RETURNED
    ).values_list("assignment_id", "pk", "return_reasons"):
        if CONTENT_REASONS.intersection(reasons or ()):
            returns.setdefault(assignment_id, []).append(report_id)
    exempt_returns: dict[int, list[int]] = {}
    exempt_delays: set[int] = set()
    for assignment_id, kind, report_id in Exemption.objects.filter(assignment_id__in=ids).values_list(
        "assignment_id", "kind", "report_id"
    ):
        if kind == ExemptionKind.DELAY:
            exempt_delays.add(assignment_id)
        else:
            exempt_returns.setdefault(assignment_id, []).append(report_id)
    products = []
    for a in rows:
        completed_on = local_date(a.completed_at) if a.completed_at else None
        if completed_on and completed_on > as_of:
            completed_on = None
        products.append(
            Product(
                assignment_id=a.pk,
                task_id=a.task_id,
                subject=a.task.subject,
                coefficient=a.task.coefficient,
                deadline=a.effective_deadline,
                completed_on=completed_on,
                reported_on=a.reported_on,
                content_returns=sorted(returns.get(a.pk, [])),
                exempt_returns=sorted(exempt_returns.get(a.pk, [])),
                delay_exempt=a.pk in exempt_delays,
            )
        )
    return products


def discipline_for(unit_id: int, subject: str, person_name: str, year: int, end: date) -> list[dict]:
    """Disciplinary decisions of the rating year up to `end` that touch the subject: for a unit,
    those on the unit as a body; for a person, those naming them (the register names people as
    typed, so by folded full name). Every form is khiển trách or more, so any one counts."""
    decisions = Decision.objects.filter(inspection__unit_id=unit_id, decided_on__range=(date(year, 1, 1), end))
    if subject == Subject.UNIT:
        chosen = decisions.filter(staff_kind=StaffKind.COLLECTIVE)
    else:
        name = fold(person_name)
        if not name:
            return []
        chosen = [d for d in decisions.exclude(staff_kind=StaffKind.COLLECTIVE) if name in fold(d.subject)]
    return [
        {
            "number": d.number,
            "decided_on": d.decided_on.isoformat(),
            "form": d.get_form_display(),
            "subject": d.subject,
            "inspection": d.inspection_id,
        }
        for d in chosen
    ]


def heads_of(unit_ids) -> dict[int, object]:
    """Each unit's head today (the user), one query."""
    rows = Membership.objects.active().filter(unit_id__in=unit_ids, position=Position.HEAD).select_related("user")
    return {m.unit_id: m.user for m in rows.order_by("start_date")}


def rated_units() -> QuerySet[Unit]:
    return Unit.objects.active().order_by("sort_order", "name")


def chosen_unit(user, code: str | None) -> Unit | None:
    """The unit whose officials' ratings are asked for (?unit=<code>), among those the user may see
    them of; a head's own unit when none is named."""
    units = rated_units() if sees_all(user) else rated_units().filter(pk__in=roles_of(user).head_of)
    if code:
        return units.filter(code=code).first()
    return None if sees_all(user) else units.first()


@dataclass
class CapCheck:
    """The Xuất sắc cap of one group (communes, or agencies) of one period and subject."""

    group: str
    good: int
    excellent: int

    @property
    def cap(self) -> int:
        return excellent_cap(self.good)

    @property
    def exceeded(self) -> bool:
        return self.excellent > self.cap

    @property
    def over(self) -> int:
        return max(0, self.excellent - self.cap)


GROUPS = {
    "communes": _("Xã, phường, thị trấn"),
    "agencies": _("Cơ quan chuyên môn, đơn vị"),
    "staff": _("Cán bộ, công chức của đơn vị"),
}


def group_of(unit: Unit) -> str:
    return "communes" if unit.kind in LOCAL_GOVERNMENT_KINDS else "agencies"


def cap_checks(year: int, quarter: int, subject: str, unit_id: int | None = None) -> dict[str, CapCheck]:
    """Per group, how many are rated Tốt and Xuất sắc now (proposals and approved alike): units and
    heads by communes and agencies; a unit's officials as one group, that unit's. One query."""
    rows = Rating.objects.filter(year=year, quarter=quarter, subject=subject, band__in=[Band.GOOD, Band.EXCELLENT])
    if subject == Subject.STAFF:
        checks = {"staff": CapCheck("staff", 0, 0)}
        rows = rows.filter(unit_id=unit_id)
    else:
        checks = {group: CapCheck(group, 0, 0) for group in ("communes", "agencies")}
    for band, kind in rows.values_list("band", "unit__kind"):
        group = "staff" if subject == Subject.STAFF else "communes" if kind in LOCAL_GOVERNMENT_KINDS else "agencies"
        if band == Band.GOOD:
            checks[group].good += 1
        else:
            checks[group].excellent += 1
    return checks


def cap_check_for(rating: Rating) -> CapCheck:
    """The cap of the group `rating` is counted in."""
    checks = cap_checks(rating.year, rating.quarter, rating.subject, rating.unit_id)
    return checks["staff" if rating.subject == Subject.STAFF else group_of(rating.unit)]


def staff_of(unit_id: int) -> list:
    """A unit's officials today (every active position but its head), by position then name."""
    rows = (
        Membership.objects.active()
        .filter(unit_id=unit_id)
        .exclude(position=Position.HEAD)
        .select_related("user")
        .order_by("position", "user__full_name", "user__username")
    )
    return list(dict.fromkeys(m.user for m in rows))


def period_rows(user, year: int, quarter: int, subject: str, unit: Unit | None = None) -> list[dict]:
    """The list of a period: every unit the user may see with its rating (or none yet); for a
    unit's officials, every official of `unit` with theirs. Three queries at most."""
    ratings = Rating.objects.visible_to(user).filter(year=year, quarter=quarter, subject=subject)
    if subject == Subject.STAFF:
        if unit is None:
            return []
        by_person = {r.person_id: r for r in ratings.filter(unit=unit).select_related("unit")}
        people = staff_of(unit.pk) if sees_all(user) or unit.pk in roles_of(user).head_of else []
        return [{"unit": unit, "person": p, "rating": by_person.get(p.pk), "group": "staff"} for p in people]
    by_unit = {r.unit_id: r for r in ratings.select_related("unit")}
    units = rated_units()
    if not sees_all(user):
        units = units.filter(pk__in=roles_of(user).head_of)
    return [{"unit": unit, "rating": by_unit.get(unit.pk), "group": group_of(unit)} for unit in units]


def band_counts(rows: list[dict]) -> dict[str, int]:
    """How many of a period's rows (period_rows) are in each band, best first."""
    counts = dict.fromkeys(Band.values, 0)
    for row in rows:
        if row["rating"] and row["rating"].band:
            counts[row["rating"].band] += 1
    return counts


def _bands(rows) -> dict[str, int]:
    return {band: rows.get(band, 0) for band in Band.values}


def people_by_band(unit_id: int, year: int, quarter: int) -> dict[str, int]:
    """Item 4 of the quarterly report for one unit: how many of its people (its head and its
    officials) the rating register puts in each band for the quarter. One query."""
    rows = (
        Rating.objects.filter(unit_id=unit_id, year=year, quarter=quarter, subject__in=PERSONS)
        .exclude(band="")
        .values("band")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return _bands({row["band"]: row["n"] for row in rows})


def people_by_band_totals(year: int, quarter: int) -> dict[str, dict[str, int]]:
    """Item 4 for the rollup: per band, {"all", "agencies", "communes"}. One query."""
    local = ExpressionWrapper(Q(unit__kind__in=LOCAL_GOVERNMENT_KINDS), output_field=BooleanField())
    rows = (
        Rating.objects.filter(year=year, quarter=quarter, subject__in=PERSONS)
        .exclude(band="")
        .annotate(local=local)
        .values("band", "local")
        .annotate(n=Count("pk"))
        .order_by()
    )
    totals = {band: {"all": 0, "agencies": 0, "communes": 0} for band in Band.values}
    for row in rows:
        totals[row["band"]]["communes" if row["local"] else "agencies"] += row["n"]
        totals[row["band"]]["all"] += row["n"]
    return totals
