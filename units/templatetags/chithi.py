"""Template filters shared by every app."""

from datetime import date

from django import template

register = template.Library()


@register.filter
def dmy(value) -> str:
    """An ISO date string (as stored in snapshots) shown as dd/mm/yyyy."""
    if not value:
        return ""
    return (value if isinstance(value, date) else date.fromisoformat(str(value))).strftime("%d/%m/%Y")
