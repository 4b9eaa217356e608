"""Reads of inspections, scoped by `visible_to`; the item-7 figures per period (docs §14)."""

from __future__ import annotations

from datetime import date

from django.db.models import BooleanField, Count, ExpressionWrapper, Q, QuerySet

from units.models import LOCAL_GOVERNMENT_KINDS, Unit

from .models import Decision, Finding, Inspection, StaffKind, ViolationCategory


def inspections_for(user) -> QuerySet[Inspection]:
    return (
        Inspection.objects.visible_to(user)
        .select_related("unit")
        .annotate(
            n_findings=Count("findings", distinct=True),
            n_measures=Count("measures", distinct=True),
            n_decisions=Count("decisions", distinct=True),
        )
        .order_by("-held_on", "-pk")
    )


FIGURES = ("inspections", "findings", "persons", "bodies", *(f"findings_{c}" for c in ViolationCategory.values))
PARTS = ("all", "agencies", "communes")


def _grouped(rows: QuerySet, to_unit: str, key: str | None) -> list[dict]:
    """Counts of `rows` per (commune or not, `key`): one query."""
    local = ExpressionWrapper(Q(**{f"{to_unit}kind__in": LOCAL_GOVERNMENT_KINDS}), output_field=BooleanField())
    fields = ["local", key] if key else ["local"]
    return list(rows.annotate(local=local).values(*fields).annotate(n=Count("pk")).order_by())


def _figures(units: Q, start: date, end: date) -> dict[str, dict[str, int]]:
    """Inspections held on days `start`..`end` in the units `units` selects, the violations they
    found (by category), and the people and bodies disciplined by decisions of those days; each
    figure as {"all", "agencies", "communes"}. Three queries."""
    chosen = Unit.objects.filter(units)
    out = {name: dict.fromkeys(PARTS, 0) for name in FIGURES}

    def add(name, row):
        part = "communes" if row["local"] else "agencies"
        out[name][part] += row["n"]
        out[name]["all"] += row["n"]

    inspections = Inspection.objects.filter(unit__in=chosen, held_on__range=(start, end))
    for row in _grouped(inspections, "unit__", None):
        add("inspections", row)
    findings = Finding.objects.filter(inspection__unit__in=chosen, inspection__held_on__range=(start, end))
    for row in _grouped(findings, "inspection__unit__", "category"):
        add("findings", row)
        add(f"findings_{row['category']}", row)
    decisions = Decision.objects.filter(inspection__unit__in=chosen, decided_on__range=(start, end))
    for row in _grouped(decisions, "inspection__unit__", "staff_kind"):
        add("bodies" if row["staff_kind"] == StaffKind.COLLECTIVE else "persons", row)
    return out


def discipline_counts(unit_id: int, start: date, end: date) -> dict[str, int]:
    """Item 7 for one unit and period (the quarterly report's pre-fill)."""
    return {name: parts["all"] for name, parts in _figures(Q(pk=unit_id), start, end).items()}


def discipline_totals(start: date, end: date) -> dict[str, dict[str, int]]:
    """Item 7 over every unit, as {"all", "agencies", "communes"} per figure (the rollup)."""
    return _figures(Q(), start, end)
