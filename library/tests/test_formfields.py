"""Numbers and dates typed the Vietnamese way (library.formfields, docs/architecture.md §9): the rule as
a table, properties over many values, errors that name and keep what was typed, values shown back
the Vietnamese way, and text boxes that never let the browser's language decide."""

from __future__ import annotations

import contextlib
from datetime import date
from decimal import Decimal

import pytest
from django import forms
from hypothesis import given
from hypothesis import strategies as st

from library.formfields import (
    DateFormatError,
    NumberFormatError,
    VietnameseDateField,
    VietnameseDecimalField,
    VietnameseIntegerField,
    format_number,
    parse_date,
    parse_number,
)
from library.workcalendar import MAX_YEAR, MIN_YEAR

NBSP, NARROW_NBSP = "\u00a0", "\u202f"

NUMBERS = [
    ("92,5", Decimal("92.5")),
    ("92.5", Decimal("92.5")),
    ("0,25", Decimal("0.25")),
    ("0.25", Decimal("0.25")),
    ("0.250", Decimal("0.25")),  # a first group of 0 is never a thousand
    ("92,50", Decimal("92.5")),
    ("100", Decimal("100")),
    ("1.430", Decimal("1430")),
    ("1 430", Decimal("1430")),
    (f"1{NBSP}430", Decimal("1430")),
    (f"1{NARROW_NBSP}430", Decimal("1430")),
    ("1.430.000", Decimal("1430000")),
    ("1 430 000", Decimal("1430000")),
    ("1.430,5", Decimal("1430.5")),
    ("12.345", Decimal("12345")),
    ("1.4300", Decimal("1.43")),  # one dot, not followed by exactly three digits: a decimal point
    ("  92,5  ", Decimal("92.5")),
    ("-5", Decimal("-5")),
    ("007", Decimal("7")),
    ("", None),
    ("   ", None),
]
NOT_NUMBERS = [
    "9,2,5",
    "12abc",
    "1,430.5",
    "1.43.0",
    "1..430",
    ",5",
    "5,",
    "5.",
    "abc",
    "1 43",
    "92,5%",
    "−",
    "1.430 5",
]


@pytest.mark.parametrize("typed,meant", NUMBERS)
def test_numbers_are_read_as_a_person_means_them(typed, meant):
    assert parse_number(typed) == meant


@pytest.mark.parametrize("typed", NOT_NUMBERS)
def test_anything_else_is_not_a_number(typed):
    with pytest.raises(NumberFormatError):
        parse_number(typed)


def test_a_percent_sign_is_allowed_where_the_field_says_so():
    assert parse_number("92,5%", allow_percent=True) == Decimal("92.5")
    assert parse_number("92,5 %", allow_percent=True) == Decimal("92.5")


@pytest.mark.parametrize(
    "value,shown",
    [(92.5, "92,5"), (Decimal("92.50"), "92,5"), (1430, "1.430"), (1430000, "1.430.000"), (0.25, "0,25"),
     (100, "100"), (92.0, "92"), (-1430.25, "-1.430,25"), (0, "0")],
)  # fmt: skip
def test_numbers_are_shown_the_vietnamese_way(value, shown):
    assert format_number(value) == shown


@given(st.decimals(min_value=-(10**12), max_value=10**12, places=2, allow_nan=False, allow_infinity=False))
def test_what_is_shown_reads_back_as_the_same_number(value):
    assert parse_number(format_number(value)) == value


@given(st.integers(min_value=0, max_value=10**15), st.sampled_from([".", " ", NBSP, NARROW_NBSP]))
def test_grouped_thousands_read_back_as_the_whole_number(n, separator):
    assert parse_number(f"{n:,}".replace(",", separator)) == n
    assert parse_number(str(n)) == n


@given(st.text(max_size=30))
def test_any_text_is_a_number_or_refused_never_a_crash(text):
    try:
        result = parse_number(text, allow_percent=True)
    except NumberFormatError:
        return
    assert result is None or isinstance(result, Decimal)


DATES = [
    ("05/12/2026", date(2026, 12, 5)),
    ("5/12/2026", date(2026, 12, 5)),
    ("5/2/2026", date(2026, 2, 5)),
    ("05-12-2026", date(2026, 12, 5)),
    ("05.12.2026", date(2026, 12, 5)),
    ("05 12 2026", date(2026, 12, 5)),
    ("05 / 12 / 2026", date(2026, 12, 5)),
    ("05122026", date(2026, 12, 5)),
    ("2026-12-05", date(2026, 12, 5)),
    ("29/02/2028", date(2028, 2, 29)),
    ("", None),
]


@pytest.mark.parametrize("typed,meant", DATES)
def test_dates_are_read_day_first(typed, meant):
    assert parse_date(typed) == meant


@pytest.mark.parametrize("typed", ["31/02/2026", "29/02/2026", "00/01/2026", "32/01/2026", "15/13/2026", "2026-02-30"])
def test_a_day_that_does_not_exist_is_told_apart(typed):
    with pytest.raises(DateFormatError) as raised:
        parse_date(typed)
    assert raised.value.impossible


@pytest.mark.parametrize("typed", ["12/2026", "05/12/26", "hôm nay", "5122026", "05/12/2026 10:00", "2026/12/05"])
def test_anything_else_is_not_a_date(typed):
    with pytest.raises(DateFormatError) as raised:
        parse_date(typed)
    assert not raised.value.impossible


@given(st.dates(min_value=date(MIN_YEAR, 1, 1), max_value=date(MAX_YEAR, 12, 31)))
def test_every_way_of_writing_a_day_reads_back_as_that_day(day):
    for written in (
        day.strftime("%d/%m/%Y"),
        f"{day.day}/{day.month}/{day.year}",
        day.strftime("%d-%m-%Y"),
        day.strftime("%d.%m.%Y"),
        day.strftime("%d%m%Y"),
        day.isoformat(),
    ):
        assert parse_date(written) == day


@given(st.text(max_size=20))
def test_any_text_is_a_date_or_refused_never_a_crash(text):
    with contextlib.suppress(DateFormatError):
        assert parse_date(text) is None or isinstance(parse_date(text), date)


# ---- the fields in a form -------------------------------------------------------------------------


class Figures(forms.Form):
    count = VietnameseIntegerField(label="Số hồ sơ", required=False, min_value=0)
    share = VietnameseDecimalField(
        label="Tỷ lệ", required=False, max_digits=5, decimal_places=1, min_value=0, max_value=100, allow_percent=True
    )
    day = VietnameseDateField(label="Hạn báo cáo", required=False)
    due = VietnameseDateField(label="Hạn bắt buộc")


def test_a_valid_form_gives_numbers_and_a_day():
    form = Figures({"count": "1.430", "share": "92,5", "day": "31/12/2026", "due": "5-1-2027"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {
        "count": 1430,
        "share": Decimal("92.5"),
        "day": date(2026, 12, 31),
        "due": date(2027, 1, 5),
    }


@pytest.mark.parametrize(
    "name,typed,message",
    [
        ("count", "12abc", "“12abc” không phải là số nguyên. Nhập số nguyên, ví dụ 1.430."),
        ("count", "92,5", "Nhập số nguyên, ví dụ 1.430."),
        ("share", "9,2,5", "“9,2,5” không phải là số. Nhập số theo cách viết Việt Nam, ví dụ 92,5."),
        ("share", "92,55", "Nhập tối đa 1 chữ số sau dấu phẩy, ví dụ 92,5."),
        ("share", "140", None),  # Django's own message for a limit (its Vietnamese wording is Django's)
        ("day", "31/02/2026", "Ngày 31/02/2026 không có thật — nhập theo dạng ngày/tháng/năm, ví dụ 05/12/2026."),
        ("day", "hôm nay", "“hôm nay” không phải là ngày — nhập theo dạng ngày/tháng/năm, ví dụ 05/12/2026."),
        ("day", "05/12/1890", f"Năm 1890 nằm ngoài khoảng hệ thống hỗ trợ ({MIN_YEAR}–{MAX_YEAR})."),
    ],
)
def test_a_refused_value_is_named_and_kept_in_the_box(name, typed, message):
    form = Figures({"due": "01/01/2027", name: typed})
    assert not form.is_valid()
    assert form.errors[name] == [message] if message else "100" in form.errors[name][0]
    html = str(form[name])
    assert f'value="{typed}"' in html


def test_an_empty_required_date_keeps_djangos_required_message():
    form = Figures({"due": ""})
    assert not form.is_valid()
    assert form.errors["due"] == [forms.Field.default_error_messages["required"]]


def test_values_shown_back_are_written_the_vietnamese_way():
    form = Figures(initial={"count": 1430, "share": 92.5, "day": date(2026, 12, 5), "due": "2026-12-05"})
    assert 'value="1.430"' in str(form["count"])
    assert 'value="92,5"' in str(form["share"])
    assert 'value="05/12/2026"' in str(form["day"])


def test_boxes_are_text_with_a_keypad_hint_never_the_browsers_number_or_date_input():
    form = Figures()
    count, share, day = str(form["count"]), str(form["share"]), str(form["day"])
    for html in (count, share, day):
        assert 'type="text"' in html and 'type="number"' not in html and 'type="date"' not in html
    assert 'inputmode="numeric"' in count and 'inputmode="decimal"' in share
    assert 'inputmode="numeric"' in day and 'placeholder="dd/mm/yyyy"' in day and 'autocomplete="off"' in day
    assert "data-datefield" in day and 'data-picker-label="Chọn ngày trên lịch"' in day
