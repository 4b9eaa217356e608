"""Template filters shared by every app."""

from datetime import date

from django import template

from library.formfields import format_number

register = template.Library()


@register.filter
def dmy(value) -> str:
    """An ISO date string (as stored in snapshots) shown as dd/mm/yyyy."""
    if not value:
        return ""
    return (value if isinstance(value, date) else date.fromisoformat(str(value))).strftime("%d/%m/%Y")


@register.filter
def percent(value) -> str:
    """A rate in percent the Vietnamese way ("92,5%"), or "—" when there is none (nothing due)."""
    if value is None or value == "":
        return "—"
    return f"{format_number(value, decimal_places=1)}%"


@register.filter
def split(value: str) -> list[str]:
    """ "a b c" → ["a", "b", "c"] (a fixed list of keys in a template)."""
    return str(value).split()


@register.filter
def get(mapping, key):
    """mapping[key], or None."""
    return mapping.get(key) if hasattr(mapping, "get") else None
