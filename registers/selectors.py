"""Reads of the register (docs/architecture.md §6)."""

from __future__ import annotations

from django.db.models import QuerySet

from units.models import Unit

from .models import RegisteredDocument, RegisterYear


def register_units(user) -> QuerySet[Unit]:
    """The bodies whose register `user` may read and that have one."""
    return (
        Unit.objects.visible_to(user)
        .filter(pk__in=RegisterYear.objects.values("unit_id"))
        .order_by("sort_order", "name")
    )


def register_years(user) -> list[int]:
    return sorted(
        set(RegisterYear.objects.filter(unit__in=Unit.objects.visible_to(user)).values_list("year", flat=True)),
        reverse=True,
    )


def register_entries(user, *, unit: Unit | None, year: int | None) -> QuerySet[RegisteredDocument]:
    """The register's lines `user` may read, newest number first."""
    entries = RegisteredDocument.objects.visible_to(user).select_related("register__unit")
    if unit is not None:
        entries = entries.filter(register__unit=unit)
    if year is not None:
        entries = entries.filter(register__year=year)
    return entries.order_by("-register__year", "register__unit__sort_order", "register__unit__name", "-number")


def register_filters(user, params):
    """The body and year asked for, among those the user may read (anything else: all bodies, the
    latest year): (units, years, unit, year)."""
    units = list(register_units(user))
    years = register_years(user)
    unit = next((u for u in units if u.code == params.get("unit")), None)
    try:
        year = int(params.get("year", ""))
    except ValueError:
        year = None
    if year not in years:
        year = years[0] if years else None
    return units, years, unit, year
