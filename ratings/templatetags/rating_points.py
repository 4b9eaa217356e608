"""{{ value|points }}: a score the Vietnamese way ("68,54", "70", "—" when there is none)."""

from decimal import Decimal

from django import template

from ratings.documents import decimal_vi

register = template.Library()


@register.filter
def points(value) -> str:
    if value is None or value == "":
        return "—"
    return decimal_vi(Decimal(str(value)))
