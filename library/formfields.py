"""Form fields for numbers and dates as Vietnamese people type them (docs/architecture.md §9).

Every number and date a person types goes through a text box, never ``<input type=number>`` or
``<input type=date>``: those let the browser's language decide what "92,5" or "05/12/2026" means
(an English Chromium turns "92,5" into 925; a date the browser finds impossible is sent empty and
the user is told the field is required). Here the server reads what was typed, by one rule, and a
refused value comes back in the box with an error that names it.

**Numbers** (`parse_number`), the Vietnamese way first:

- A comma is the decimal separator: "92,5" → 92.5, "0,25" → 0.25.
- A dot or a space (also a no-break or thin space) separates thousands when it splits the digits
  into groups of exactly three after a first group of 1–3 digits not starting with 0:
  "1.430" → 1430, "1 430" → 1430, "1.430.000" → 1430000, "1.430,5" → 1430.5.
- A single dot that is not such a separator is a decimal point, for those who type the English
  way: "92.5" → 92.5, "0.25" → 0.25, "0.250" → 0.25 (a first group of 0 is never a thousand).
  So "12.345" is twelve thousand three hundred forty-five, as Vietnamese write it.
- Trailing zeros of a fraction say nothing: "92,50" is 92.5 (and fits one decimal place).
- An optional sign in front, and, where the field allows it (percentages), a "%" at the end.
- Anything else is refused, naming what was typed and showing an example: "9,2,5", "12abc",
  "1,430.5" (English grouping), "1.43.0".
- An integer field refuses a fraction: "Nhập số nguyên, ví dụ 1.430."
- A value shown back is written the same way: 92.5 → "92,5", 1430 → "1.430".

**Dates** (`parse_date`): day first, as offices write them: "5/12/2026", "05/12/2026",
"05-12-2026", "05.12.2026", "05 12 2026", eight digits "05122026" (a phone's digit keypad has no
"/"), and ISO "2026-12-05" (what a script or an old link sends). A date that does not exist
("31/02/2026") and anything else are refused with the typed text named and an example; a year
outside the working calendar (`library.workcalendar.MIN_YEAR`–`MAX_YEAR`) too. Shown back as
dd/mm/yyyy. The widget's text box carries ``data-datefield``: static/js/datefield.js adds a
button beside it that opens the browser's own calendar (a hidden ``<input type=date>``) and
writes the picked day back as dd/mm/yyyy, so the browser's language never decides the format;
without JavaScript the box is typed in.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from library.workcalendar import MAX_YEAR, MIN_YEAR

# Spaces people (and word processors) put between groups of digits.
_SPACES = "\u0020\u00a0\u202f\u2009"
_GROUP_SEP = f"[.{_SPACES}]"
_GROUPED = re.compile(rf"[1-9]\d{{0,2}}(?:{_GROUP_SEP}\d{{3}})+")
_PLAIN = re.compile(r"\d+")
_FRACTION = re.compile(r"\d+")


class NumberFormatError(ValueError):
    """The text is not a number under the rule of this module."""


def parse_number(text: str, *, allow_percent: bool = False) -> Decimal | None:
    """What a person means by `text` (see the module's rule); None for an empty box, else a
    Decimal, or NumberFormatError."""
    s = str(text).strip(_SPACES + "\t\n\r")
    if allow_percent and s.endswith("%"):
        s = s[:-1].rstrip(_SPACES)
    if not s:
        return None
    sign = ""
    if s[0] in "+-−":
        sign = "-" if s[0] in "-−" else ""
        s = s[1:].lstrip(_SPACES)
    whole, comma, fraction = s.partition(",")
    if comma:
        if not _FRACTION.fullmatch(fraction):
            raise NumberFormatError(text)
    elif whole.count(".") == 1 and not _GROUPED.fullmatch(whole):
        # One dot that does not group thousands: a decimal point ("92.5", "0.25").
        whole, _dot, fraction = whole.partition(".")
        if not (_PLAIN.fullmatch(whole) and _FRACTION.fullmatch(fraction)):
            raise NumberFormatError(text)
    if _GROUPED.fullmatch(whole):
        whole = re.sub(_GROUP_SEP, "", whole)
    elif not _PLAIN.fullmatch(whole):
        raise NumberFormatError(text)
    # Trailing zeros of the fraction say nothing ("92,50" is 92.5 and fits one decimal place).
    fraction = (fraction or "").rstrip("0")
    try:
        return Decimal(f"{sign}{whole}" + (f".{fraction}" if fraction else ""))
    except InvalidOperation as error:  # pragma: no cover - the patterns above allow digits only
        raise NumberFormatError(text) from error


def format_number(value, *, decimal_places: int | None = None) -> str:
    """`value` written the Vietnamese way: "1.430", "92,5", "-1.430.000,25"; trailing zeros of the
    fraction dropped (up to `decimal_places` kept when given)."""
    number = Decimal(str(value))
    if decimal_places is not None:
        number = round(number, decimal_places)
    sign = "-" if number < 0 else ""
    text = format(abs(number), "f")
    whole, _dot, fraction = text.partition(".")
    fraction = fraction.rstrip("0")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return sign + ".".join(groups) + ("," + fraction if fraction else "")


def _number_shown(value):
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return format_number(value)
    return value


class NumberTextInput(forms.TextInput):
    """A text box for a number: the phone shows its number keypad (`inputmode`), the browser does
    not reinterpret what is typed, and a value shown back is written the Vietnamese way."""

    def __init__(self, attrs=None, *, decimal: bool = True):
        base = {"inputmode": "decimal" if decimal else "numeric", "autocomplete": "off", "spellcheck": "false"}
        super().__init__({**base, **(attrs or {})})

    def format_value(self, value):
        return super().format_value(_number_shown(value))


def _invalid_number(typed, example) -> ValidationError:
    return ValidationError(
        _("“%(value)s” không phải là số. Nhập số theo cách viết Việt Nam, ví dụ %(example)s."),
        code="invalid",
        params={"value": str(typed).strip(), "example": example},
    )


class VietnameseDecimalField(forms.DecimalField):
    """A decimal typed the Vietnamese way ("92,5", "1.430,5"); also "92.5". Keeps `max_digits`,
    `decimal_places`, `min_value`, `max_value` as Django's DecimalField does."""

    widget = NumberTextInput
    default_error_messages = {
        "max_decimal_places": _("Nhập tối đa %(max)s chữ số sau dấu phẩy, ví dụ 92,5."),
        "max_digits": _("Số quá dài: tối đa %(max)s chữ số."),
        "max_whole_digits": _("Số quá lớn: tối đa %(max)s chữ số trước dấu phẩy."),
    }

    def __init__(self, *, allow_percent: bool = False, example: str = "92,5", **kwargs):
        self.allow_percent, self.example = allow_percent, example
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
            return Decimal(str(value))
        try:
            return parse_number(value, allow_percent=self.allow_percent)
        except NumberFormatError:
            raise _invalid_number(value, self.example) from None

    def widget_attrs(self, widget):
        # Not Django's number attributes (min, max, step): the box is text; the validators check.
        return forms.Field.widget_attrs(self, widget)


class VietnameseIntegerField(forms.IntegerField):
    """A whole number typed the Vietnamese way ("1.430", "1 430"); a fraction is refused."""

    widget = NumberTextInput
    default_error_messages = {"fraction": _("Nhập số nguyên, ví dụ 1.430.")}

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", NumberTextInput(decimal=False))
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        try:
            number = value if isinstance(value, Decimal) else parse_number(value)
        except NumberFormatError:
            raise ValidationError(
                _("“%(value)s” không phải là số nguyên. Nhập số nguyên, ví dụ 1.430."),
                code="invalid",
                params={"value": str(value).strip()},
            ) from None
        if number is None:
            return None
        if number != number.to_integral_value():
            raise ValidationError(self.error_messages["fraction"], code="fraction")
        return int(number)

    def widget_attrs(self, widget):
        return forms.Field.widget_attrs(self, widget)


# ---- dates ----------------------------------------------------------------------------------------

_DAY_FIRST = re.compile(r"(\d{1,2})\s*[/.\-\s]\s*(\d{1,2})\s*[/.\-\s]\s*(\d{4})")
_DIGITS_ONLY = re.compile(r"(\d{2})(\d{2})(\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


class DateFormatError(ValueError):
    """Not written as a date; `impossible` when it is written as one but no such day exists."""

    def __init__(self, text, *, impossible: bool = False):
        super().__init__(text)
        self.impossible = impossible


def parse_date(text: str) -> date | None:
    """The day meant by `text` (day first, see the module's rule); None for an empty box."""
    s = str(text).strip(_SPACES + "\t\n\r")
    if not s:
        return None
    if m := _DAY_FIRST.fullmatch(s) or _DIGITS_ONLY.fullmatch(s):
        day, month, year = (int(g) for g in m.groups())
    elif m := _ISO.fullmatch(s):
        year, month, day = (int(g) for g in m.groups())
    else:
        raise DateFormatError(text)
    try:
        return date(year, month, day)
    except ValueError:
        raise DateFormatError(text, impossible=True) from None


class DateTextInput(forms.TextInput):
    """A text box for a day, dd/mm/yyyy whatever the browser's language; `data-datefield` lets
    static/js/datefield.js add the calendar button (its label in `data-picker-label`)."""

    def __init__(self, attrs=None):
        base = {
            "inputmode": "numeric",
            "placeholder": "dd/mm/yyyy",
            "autocomplete": "off",
            "spellcheck": "false",
            "data-datefield": "",
            "data-picker-label": _("Chọn ngày trên lịch"),
        }
        super().__init__({**base, **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, datetime):
            value = value.date()
        if isinstance(value, date):
            return value.strftime("%d/%m/%Y")
        return super().format_value(value)


class VietnameseDateField(forms.DateField):
    """A day typed dd/mm/yyyy (or picked); what was typed comes back with the error."""

    widget = DateTextInput

    def __init__(self, *, min_year: int = MIN_YEAR, max_year: int = MAX_YEAR, **kwargs):
        self.min_year, self.max_year = min_year, max_year
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        typed = str(value).strip()
        try:
            day = parse_date(typed)
        except DateFormatError as error:
            if error.impossible:
                message = _("Ngày %(value)s không có thật — nhập theo dạng ngày/tháng/năm, ví dụ 05/12/2026.")
            else:
                message = _("“%(value)s” không phải là ngày — nhập theo dạng ngày/tháng/năm, ví dụ 05/12/2026.")
            raise ValidationError(message, code="invalid", params={"value": typed}) from None
        if day is not None and not self.min_year <= day.year <= self.max_year:
            raise ValidationError(
                _("Năm %(year)s nằm ngoài khoảng hệ thống hỗ trợ (%(min)s–%(max)s)."),
                code="year",
                params={"year": day.year, "min": self.min_year, "max": self.max_year},
            )
        return day


def shown_decimal(value):
    """A stored Decimal as a box or a message shows it: 20.00 → 20, 1.50 → 1.5, 10.00 → 10 (never
    "1E+1", which Decimal.normalize would give); None stays None."""
    if value is None:
        return None
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()
