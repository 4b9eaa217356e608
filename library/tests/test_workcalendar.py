"""Tests for library.workcalendar (pure module: run with -p no:django).

Expected dates are written out from the real calendar (weekday of each date and
the Vietnamese public holidays listed by holidays==0.109), never recomputed with
the code under test.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone

import holidays
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from library import workcalendar as wc
from library.workcalendar import (
    LOCAL_TZ,
    Quarter,
    QuarterDates,
    Week,
    WorkCalendar,
    local_date,
    year_calendar,
)

D = date
CAL = WorkCalendar()


# ---------------------------------------------------------------------------
# local_date
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        # 16:30 UTC is 23:30 in Hanoi: still the 20th.
        (datetime(2026, 9, 20, 16, 30, tzinfo=timezone.utc), D(2026, 9, 20)),
        (datetime(2026, 9, 20, 16, 59, 59, tzinfo=timezone.utc), D(2026, 9, 20)),
        # 17:00 UTC is midnight local: the next day has started.
        (datetime(2026, 9, 20, 17, 0, tzinfo=timezone.utc), D(2026, 9, 21)),
        (datetime(2026, 9, 20, 17, 30, tzinfo=timezone.utc), D(2026, 9, 21)),
        (datetime(2026, 12, 31, 17, 0, tzinfo=timezone.utc), D(2027, 1, 1)),
        (datetime(2026, 1, 1, 0, 30, tzinfo=LOCAL_TZ), D(2026, 1, 1)),
        (datetime(2026, 3, 1, 1, 0, tzinfo=timezone(timedelta(hours=9))), D(2026, 2, 28)),
        (datetime(2026, 3, 1, 8, 0, tzinfo=timezone(timedelta(hours=-5))), D(2026, 3, 1)),
        (datetime(2026, 3, 1, 12, 0, tzinfo=timezone(timedelta(hours=-5))), D(2026, 3, 2)),
    ],
)
def test_local_date_converts_aware_moment_to_hanoi_calendar_date(moment, expected):
    assert local_date(moment) == expected


def test_local_date_rejects_naive_datetime():
    with pytest.raises(ValueError):
        local_date(datetime(2026, 9, 20, 23, 30))


def test_local_date_rejects_plain_date():
    with pytest.raises(TypeError):
        local_date(D(2026, 9, 20))


def test_local_tz_is_hanoi_utc_plus_7():
    assert str(LOCAL_TZ) == "Asia/Ho_Chi_Minh"
    assert datetime(2026, 6, 1, tzinfo=LOCAL_TZ).utcoffset() == timedelta(hours=7)


# ---------------------------------------------------------------------------
# Quarter
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026Q3", Quarter(2026, 3)),
        ("2026-Q3", Quarter(2026, 3)),
        ("2026q3", Quarter(2026, 3)),
        ("2026-q1", Quarter(2026, 1)),
        ("2021Q4", Quarter(2021, 4)),
        ("2027Q2", Quarter(2027, 2)),
        (" 2025Q1 ", Quarter(2025, 1)),
    ],
)
def test_quarter_parse_accepts_valid_forms(text, expected):
    assert Quarter.parse(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "2026Q5",
        "2026Q0",
        "2026Q",
        "Q3",
        "2026",
        "26Q3",
        "2026Q33",
        "2026 Q3",
        "2026-W30",
        "2026/Q3",
        "",
        "Quý III/2026",
        "0000Q1",
        "2026Q3x",
    ],
)
def test_quarter_parse_rejects_invalid_text_with_vietnamese_message(text):
    with pytest.raises(ValueError) as excinfo:
        Quarter.parse(text)
    message = str(excinfo.value)
    assert message.startswith("Quý không hợp lệ: ")
    assert repr(text) in message
    assert "(dạng đúng: 2026Q3)" in message


def test_quarter_parse_error_message_exact():
    with pytest.raises(ValueError, match=r"^Quý không hợp lệ: '2026Q5' \(dạng đúng: 2026Q3\)$"):
        Quarter.parse("2026Q5")


def test_quarter_parse_rejects_non_string():
    with pytest.raises(ValueError):
        Quarter.parse(20263)  # type: ignore[arg-type]


@pytest.mark.parametrize(("year", "number"), [(2026, 0), (2026, 5), (2026, -1), (0, 1)])
def test_quarter_constructor_validates(year, number):
    with pytest.raises(ValueError):
        Quarter(year, number)


@pytest.mark.parametrize(
    ("quarter", "key", "label"),
    [
        (Quarter(2026, 1), "2026Q1", "Quý I/2026"),
        (Quarter(2026, 2), "2026Q2", "Quý II/2026"),
        (Quarter(2026, 3), "2026Q3", "Quý III/2026"),
        (Quarter(2026, 4), "2026Q4", "Quý IV/2026"),
        (Quarter(2021, 4), "2021Q4", "Quý IV/2021"),
    ],
)
def test_quarter_key_label_and_str(quarter, key, label):
    assert quarter.key == key
    assert str(quarter) == key
    assert quarter.label == label
    assert Quarter.parse(key) == quarter


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (D(2026, 1, 1), Quarter(2026, 1)),
        (D(2026, 3, 31), Quarter(2026, 1)),
        (D(2026, 4, 1), Quarter(2026, 2)),
        (D(2026, 6, 30), Quarter(2026, 2)),
        (D(2026, 7, 1), Quarter(2026, 3)),
        (D(2026, 9, 30), Quarter(2026, 3)),
        (D(2026, 10, 1), Quarter(2026, 4)),
        (D(2026, 12, 31), Quarter(2026, 4)),
        (D(2024, 2, 29), Quarter(2024, 1)),
    ],
)
def test_quarter_containing_uses_calendar_quarters(d, expected):
    assert Quarter.containing(d) == expected


@pytest.mark.parametrize(
    ("quarter", "first", "last", "last_month"),
    [
        (Quarter(2026, 1), D(2026, 1, 1), D(2026, 3, 31), 3),
        (Quarter(2026, 2), D(2026, 4, 1), D(2026, 6, 30), 6),
        (Quarter(2026, 3), D(2026, 7, 1), D(2026, 9, 30), 9),
        (Quarter(2026, 4), D(2026, 10, 1), D(2026, 12, 31), 12),
        (Quarter(2024, 1), D(2024, 1, 1), D(2024, 3, 31), 3),
    ],
)
def test_quarter_calendar_bounds(quarter, first, last, last_month):
    assert quarter.first_day == first
    assert quarter.last_day == last
    assert quarter.last_month == last_month


@pytest.mark.parametrize(
    ("quarter", "start", "end"),
    [
        (Quarter(2026, 1), D(2025, 12, 15), D(2026, 3, 14)),
        (Quarter(2026, 2), D(2026, 3, 15), D(2026, 6, 14)),
        (Quarter(2026, 3), D(2026, 6, 15), D(2026, 9, 14)),
        (Quarter(2026, 4), D(2026, 9, 15), D(2026, 12, 14)),
        (Quarter(2021, 1), D(2020, 12, 15), D(2021, 3, 14)),
        (Quarter(2024, 4), D(2024, 9, 15), D(2024, 12, 14)),
        (Quarter(2027, 1), D(2026, 12, 15), D(2027, 3, 14)),
    ],
)
def test_quarter_cutoff_follows_decree_09(quarter, start, end):
    assert quarter.cutoff_start == start
    assert quarter.cutoff_end == end


def test_consecutive_cutoff_periods_tile_without_gap_or_overlap():
    q = Quarter(2021, 1)
    while q < Quarter(2028, 1):
        assert q.next().cutoff_start == q.cutoff_end + timedelta(days=1)
        q = q.next()


@pytest.mark.parametrize(
    ("quarter", "previous", "following"),
    [
        (Quarter(2026, 1), Quarter(2025, 4), Quarter(2026, 2)),
        (Quarter(2026, 2), Quarter(2026, 1), Quarter(2026, 3)),
        (Quarter(2026, 4), Quarter(2026, 3), Quarter(2027, 1)),
        (Quarter(2021, 1), Quarter(2020, 4), Quarter(2021, 2)),
    ],
)
def test_quarter_previous_and_next_cross_year_boundaries(quarter, previous, following):
    assert quarter.previous() == previous
    assert quarter.next() == following


def test_quarters_order_chronologically():
    assert Quarter(2025, 4) < Quarter(2026, 1) < Quarter(2026, 2)
    assert sorted([Quarter(2026, 3), Quarter(2025, 4), Quarter(2026, 1)]) == [
        Quarter(2025, 4),
        Quarter(2026, 1),
        Quarter(2026, 3),
    ]


def test_quarter_is_frozen_and_hashable():
    q = Quarter(2026, 3)
    with pytest.raises(AttributeError):
        q.number = 4  # type: ignore[misc]
    assert {q, Quarter(2026, 3)} == {q}


# ---------------------------------------------------------------------------
# Week
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-W48", Week(2026, 48)),
        ("2026W48", Week(2026, 48)),
        ("2026-w48", Week(2026, 48)),
        ("2026-W01", Week(2026, 1)),
        ("2026-W1", Week(2026, 1)),
        ("2026-W53", Week(2026, 53)),
        ("2020-W53", Week(2020, 53)),
        ("2027-W52", Week(2027, 52)),
    ],
)
def test_week_parse_accepts_valid_forms(text, expected):
    assert Week.parse(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "2025-W53",
        "2027-W53",
        "2021-W53",
        "2026-W54",
        "2026-W00",
        "2026-W",
        "W48",
        "2026-48",
        "2026Q3",
        "26-W48",
        "2026-W480",
        "",
        "2026 W48",
        "0000-W01",
    ],
)
def test_week_parse_rejects_invalid_text_with_vietnamese_message(text):
    with pytest.raises(ValueError) as excinfo:
        Week.parse(text)
    message = str(excinfo.value)
    assert message.startswith("Tuần không hợp lệ: ")
    assert repr(text) in message
    assert "(dạng đúng: 2026-W48)" in message


@pytest.mark.parametrize(
    ("year", "weeks"),
    [
        (2020, 53),
        (2021, 52),
        (2022, 52),
        (2023, 52),
        (2024, 52),
        (2025, 52),
        (2026, 53),
        (2027, 52),
        (2032, 53),
        (2037, 53),
    ],
)
def test_week_number_validated_against_iso_year_length(year, weeks):
    assert Week(year, weeks).number == weeks
    with pytest.raises(ValueError):
        Week(year, weeks + 1)
    with pytest.raises(ValueError):
        Week(year, 0)


@pytest.mark.parametrize(
    ("week", "key", "monday", "sunday"),
    [
        (Week(2026, 1), "2026-W01", D(2025, 12, 29), D(2026, 1, 4)),
        (Week(2026, 8), "2026-W08", D(2026, 2, 16), D(2026, 2, 22)),
        (Week(2026, 18), "2026-W18", D(2026, 4, 27), D(2026, 5, 3)),
        (Week(2026, 48), "2026-W48", D(2026, 11, 23), D(2026, 11, 29)),
        (Week(2026, 53), "2026-W53", D(2026, 12, 28), D(2027, 1, 3)),
        (Week(2027, 1), "2027-W01", D(2027, 1, 4), D(2027, 1, 10)),
        (Week(2021, 1), "2021-W01", D(2021, 1, 4), D(2021, 1, 10)),
        (Week(2020, 53), "2020-W53", D(2020, 12, 28), D(2021, 1, 3)),
    ],
)
def test_week_key_and_bounds(week, key, monday, sunday):
    assert week.key == key
    assert str(week) == key
    assert Week.parse(key) == week
    assert week.monday == monday
    assert week.sunday == sunday


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (D(2025, 12, 29), Week(2026, 1)),
        (D(2026, 1, 1), Week(2026, 1)),
        (D(2026, 1, 4), Week(2026, 1)),
        (D(2026, 1, 5), Week(2026, 2)),
        (D(2027, 1, 1), Week(2026, 53)),
        (D(2027, 1, 3), Week(2026, 53)),
        (D(2021, 1, 3), Week(2020, 53)),
        (D(2024, 12, 30), Week(2025, 1)),
        (D(2026, 11, 24), Week(2026, 48)),
    ],
)
def test_week_containing_uses_iso_year(d, expected):
    assert Week.containing(d) == expected


@pytest.mark.parametrize(
    ("week", "previous", "following"),
    [
        (Week(2026, 1), Week(2025, 52), Week(2026, 2)),
        (Week(2026, 53), Week(2026, 52), Week(2027, 1)),
        (Week(2027, 1), Week(2026, 53), Week(2027, 2)),
        (Week(2025, 52), Week(2025, 51), Week(2026, 1)),
        (Week(2021, 1), Week(2020, 53), Week(2021, 2)),
    ],
)
def test_week_previous_and_next_cross_year_boundaries(week, previous, following):
    assert week.previous() == previous
    assert week.next() == following


def test_weeks_order_chronologically():
    assert Week(2025, 52) < Week(2026, 1) < Week(2026, 53) < Week(2027, 1)


# ---------------------------------------------------------------------------
# Working days: the package calendar
# ---------------------------------------------------------------------------

# (date, reason or None when it is a working day); weekdays checked by hand.
PACKAGE_DAYS = [
    # 2021: Tết 10-16/2 (Wed-Tue)
    (D(2021, 1, 1), "Tết Dương lịch"),
    (D(2021, 2, 9), None),
    (D(2021, 2, 10), "29 Tết"),
    (D(2021, 2, 12), "Tết Nguyên Đán"),
    (D(2021, 2, 16), "Mùng năm Tết Nguyên Đán"),
    (D(2021, 2, 17), None),
    (D(2021, 4, 21), "Ngày Giỗ Tổ Hùng Vương"),
    (D(2021, 5, 3), "Ngày Quốc tế Lao động (nghỉ bù)"),
    (D(2021, 9, 2), "Quốc khánh"),
    (D(2021, 9, 3), "Quốc khánh"),
    # 2022: 1/1 Saturday observed Monday 3/1; Tết 31/1-4/2 (Mon-Fri)
    (D(2022, 1, 1), "Tết Dương lịch"),
    (D(2022, 1, 3), "Tết Dương lịch (nghỉ bù)"),
    (D(2022, 1, 31), "Giao thừa Tết Nguyên Đán"),
    (D(2022, 2, 4), "Mùng bốn Tết Nguyên Đán"),
    (D(2022, 2, 7), None),
    (D(2022, 4, 11), "Ngày Giỗ Tổ Hùng Vương (nghỉ bù)"),
    (D(2022, 5, 2), "Ngày Chiến thắng (nghỉ bù)"),
    (D(2022, 5, 3), "Ngày Quốc tế Lao động (nghỉ bù)"),
    (D(2022, 9, 1), "Quốc khánh"),
    (D(2022, 9, 2), "Quốc khánh"),
    # 2023: Tết 20-26/1; Hùng Kings Saturday 29/4 observed Tuesday 2/5
    (D(2023, 1, 2), "Tết Dương lịch (nghỉ bù)"),
    (D(2023, 1, 20), "29 Tết"),
    (D(2023, 1, 26), "Mùng năm Tết Nguyên Đán"),
    (D(2023, 1, 27), None),
    (D(2023, 5, 2), "Ngày Giỗ Tổ Hùng Vương (nghỉ bù)"),
    (D(2023, 5, 3), "Ngày Chiến thắng (nghỉ bù)"),
    (D(2023, 9, 4), "Quốc khánh (nghỉ bù)"),
    # 2024: Tết 8-14/2; 29/4 swapped from Saturday 4/5
    (D(2024, 2, 8), "29 Tết"),
    (D(2024, 2, 14), "Mùng năm Tết Nguyên Đán"),
    (D(2024, 4, 18), "Ngày Giỗ Tổ Hùng Vương"),
    (D(2024, 4, 29), "Ngày nghỉ (thay cho ngày 04/05/2024)"),
    (D(2024, 5, 4), None),
    (D(2024, 9, 3), "Quốc khánh"),
    # 2025: Tết 27/1-1/2; 2/5 swapped from Saturday 26/4
    (D(2025, 1, 27), "29 Tết"),
    (D(2025, 1, 31), "Mùng ba Tết Nguyên Đán"),
    (D(2025, 2, 1), "Mùng bốn Tết Nguyên Đán"),
    (D(2025, 2, 3), None),
    (D(2025, 4, 7), "Ngày Giỗ Tổ Hùng Vương"),
    (D(2025, 4, 26), None),
    (D(2025, 4, 30), "Ngày Chiến thắng"),
    (D(2025, 5, 1), "Ngày Quốc tế Lao động"),
    (D(2025, 5, 2), "Ngày nghỉ (thay cho ngày 26/04/2025)"),
    (D(2025, 9, 1), "Quốc khánh"),
    (D(2025, 9, 2), "Quốc khánh"),
    # 2026: Tết 16-20/2 (Mon-Fri); Hùng Kings Sunday 26/4 observed Monday 27/4
    (D(2026, 1, 1), "Tết Dương lịch"),
    (D(2026, 1, 2), None),
    (D(2026, 2, 13), None),
    (D(2026, 2, 16), "Giao thừa Tết Nguyên Đán"),
    (D(2026, 2, 17), "Tết Nguyên Đán"),
    (D(2026, 2, 18), "Mùng hai Tết Nguyên Đán"),
    (D(2026, 2, 19), "Mùng ba Tết Nguyên Đán"),
    (D(2026, 2, 20), "Mùng bốn Tết Nguyên Đán"),
    (D(2026, 2, 21), "Thứ Bảy"),
    (D(2026, 2, 22), "Chủ nhật"),
    (D(2026, 2, 23), None),
    (D(2026, 4, 26), "Ngày Giỗ Tổ Hùng Vương"),
    (D(2026, 4, 27), "Ngày Giỗ Tổ Hùng Vương (nghỉ bù)"),
    (D(2026, 4, 28), None),
    (D(2026, 4, 29), None),
    (D(2026, 4, 30), "Ngày Chiến thắng"),
    (D(2026, 5, 1), "Ngày Quốc tế Lao động"),
    (D(2026, 5, 4), None),
    (D(2026, 8, 22), None),
    (D(2026, 8, 23), "Chủ nhật"),
    (D(2026, 8, 31), "Ngày nghỉ (thay cho ngày 22/08/2026)"),
    (D(2026, 9, 1), "Quốc khánh"),
    (D(2026, 9, 2), "Quốc khánh"),
    (D(2026, 9, 3), None),
    (D(2026, 11, 24), "Ngày Văn hóa Việt Nam"),
    (D(2026, 11, 25), None),
    (D(2026, 12, 31), None),
    # 2027: Tết 4-10/2 (Thu-Wed); 1/5 Saturday observed Monday 3/5
    (D(2027, 1, 1), "Tết Dương lịch"),
    (D(2027, 2, 3), None),
    (D(2027, 2, 4), "29 Tết"),
    (D(2027, 2, 5), "Giao thừa Tết Nguyên Đán"),
    (D(2027, 2, 6), "Tết Nguyên Đán"),
    (D(2027, 2, 10), "Mùng năm Tết Nguyên Đán"),
    (D(2027, 2, 11), None),
    (D(2027, 4, 16), "Ngày Giỗ Tổ Hùng Vương"),
    (D(2027, 4, 30), "Ngày Chiến thắng"),
    (D(2027, 5, 1), "Ngày Quốc tế Lao động"),
    (D(2027, 5, 3), "Ngày Quốc tế Lao động (nghỉ bù)"),
    (D(2027, 9, 2), "Quốc khánh"),
    (D(2027, 9, 3), "Quốc khánh"),
    (D(2027, 11, 24), "Ngày Văn hóa Việt Nam"),
    # Ordinary weekends and weekdays
    (D(2026, 6, 20), "Thứ Bảy"),
    (D(2026, 9, 20), "Chủ nhật"),
    (D(2026, 3, 20), None),
    (D(2025, 11, 24), None),  # Vietnam Cultural Day only exists from 2026
    (D(2024, 11, 24), "Chủ nhật"),
]


@pytest.mark.parametrize(("d", "reason"), PACKAGE_DAYS)
def test_package_calendar_working_days_and_reasons(d, reason):
    assert CAL.is_working_day(d) is (reason is None)
    assert CAL.day_off_reason(d) == reason


@pytest.mark.parametrize(
    "d",
    [D(2024, 5, 4), D(2025, 4, 26), D(2026, 8, 22)],
)
def test_package_weekend_workdays_are_working_days(d):
    assert d.weekday() == 5  # all three are Saturdays
    assert d in holidays.country_holidays("VN", years=d.year).weekend_workdays
    assert CAL.is_working_day(d)
    assert CAL.day_off_reason(d) is None


def test_weekend_workday_announced_for_next_year_is_known_in_december():
    # Saturday 27/12/2014 was made a working day by the 2015 Tết swap notice.
    assert D(2014, 12, 27).weekday() == 5
    assert WorkCalendar().is_working_day(D(2014, 12, 27))
    assert not WorkCalendar().is_working_day(D(2014, 12, 20))


def test_holiday_counts_per_year_on_weekdays():
    # 2026: 261 weekdays - 13 weekday holidays + Saturday 22/8 = 249.
    assert CAL.working_days_between(D(2025, 12, 31), D(2026, 12, 31)) == 249


@pytest.mark.parametrize(
    ("month", "working_days"),
    [(1, 21), (2, 15), (3, 22), (4, 20), (5, 20), (6, 22), (7, 23), (8, 21), (9, 20), (10, 22), (11, 20), (12, 23)],
)
def test_working_days_per_month_2026(month, working_days):
    first = D(2026, month, 1)
    last = D(2026, month + 1, 1) - timedelta(days=1) if month < 12 else D(2026, 12, 31)
    assert CAL.working_days_between(first - timedelta(days=1), last) == working_days


@pytest.mark.parametrize("d", [D(1989, 12, 31), D(1900, 1, 1), D(2101, 1, 1), D(2200, 6, 1)])
def test_years_without_holiday_data_are_refused(d):
    # holidays 0.109 computes VN holidays only up to 2100; later years would lose Tết.
    with pytest.raises(ValueError):
        WorkCalendar().is_working_day(d)


@pytest.mark.parametrize(("d", "working"), [(D(1990, 1, 2), True), (D(2100, 12, 31), True), (D(2100, 1, 1), False)])
def test_supported_year_bounds_are_usable(d, working):
    assert WorkCalendar().is_working_day(d) is working


def test_supported_range_constants():
    assert wc.MIN_YEAR == 1990
    assert wc.MAX_YEAR == 2100


@pytest.mark.parametrize("bad", [datetime(2026, 2, 17, 9, 0), "2026-02-17", 20260217])
def test_is_working_day_rejects_non_dates(bad):
    with pytest.raises(TypeError):
        CAL.is_working_day(bad)


# ---------------------------------------------------------------------------
# Effective dates (Civil Code 2015 art. 148)
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("nominal", "effective"),
    [
        # Tết 2026
        (D(2026, 2, 17), D(2026, 2, 23)),
        (D(2026, 2, 16), D(2026, 2, 23)),
        (D(2026, 2, 20), D(2026, 2, 23)),
        (D(2026, 2, 21), D(2026, 2, 23)),
        (D(2026, 2, 13), D(2026, 2, 13)),
        # Tết 2027
        (D(2027, 2, 4), D(2027, 2, 11)),
        (D(2027, 2, 6), D(2027, 2, 11)),
        (D(2027, 2, 10), D(2027, 2, 11)),
        # Tết 2021, 2022, 2023, 2024, 2025
        (D(2021, 2, 13), D(2021, 2, 17)),
        (D(2022, 1, 29), D(2022, 2, 7)),
        (D(2023, 1, 21), D(2023, 1, 27)),
        (D(2024, 2, 10), D(2024, 2, 15)),
        (D(2025, 1, 25), D(2025, 2, 3)),
        # Hùng Kings 2026 (Sunday 26/4, observed Monday 27/4)
        (D(2026, 4, 25), D(2026, 4, 28)),
        (D(2026, 4, 26), D(2026, 4, 28)),
        (D(2026, 4, 27), D(2026, 4, 28)),
        # 30/4 + 1/5
        (D(2026, 4, 30), D(2026, 5, 4)),
        (D(2025, 4, 30), D(2025, 5, 5)),
        (D(2024, 4, 27), D(2024, 5, 2)),
        (D(2023, 4, 29), D(2023, 5, 4)),
        (D(2022, 4, 30), D(2022, 5, 4)),
        (D(2021, 4, 30), D(2021, 5, 4)),
        (D(2027, 4, 30), D(2027, 5, 4)),
        # 2/9
        (D(2026, 8, 29), D(2026, 9, 3)),
        (D(2026, 9, 2), D(2026, 9, 3)),
        (D(2025, 8, 30), D(2025, 9, 3)),
        (D(2024, 9, 2), D(2024, 9, 4)),
        (D(2023, 9, 2), D(2023, 9, 5)),
        (D(2022, 9, 1), D(2022, 9, 5)),
        (D(2021, 9, 2), D(2021, 9, 6)),
        (D(2027, 9, 2), D(2027, 9, 6)),
        # Vietnam Cultural Day
        (D(2026, 11, 24), D(2026, 11, 25)),
        (D(2027, 11, 24), D(2027, 11, 25)),
        # Package weekend workdays keep their own date
        (D(2024, 5, 4), D(2024, 5, 4)),
        (D(2025, 4, 26), D(2025, 4, 26)),
        (D(2026, 8, 22), D(2026, 8, 22)),
        # New Year across the year boundary
        (D(2022, 12, 31), D(2023, 1, 3)),
        (D(2021, 12, 31), D(2021, 12, 31)),
        (D(2027, 1, 1), D(2027, 1, 4)),
    ],
)
def test_effective_date_moves_to_end_of_next_working_day(nominal, effective):
    assert CAL.effective_date(nominal) == effective


@pytest.mark.parametrize(
    ("d", "following"),
    [
        (D(2026, 2, 13), D(2026, 2, 23)),
        (D(2026, 2, 23), D(2026, 2, 24)),
        (D(2026, 8, 21), D(2026, 8, 22)),
        (D(2026, 8, 22), D(2026, 8, 24)),
        (D(2026, 8, 28), D(2026, 9, 3)),
        (D(2025, 12, 31), D(2026, 1, 2)),
        (D(2026, 3, 20), D(2026, 3, 23)),
    ],
)
def test_next_working_day_is_strictly_after(d, following):
    assert CAL.next_working_day(d) == following


@pytest.mark.parametrize(
    ("d", "n", "expected"),
    [
        (D(2026, 2, 13), 1, D(2026, 2, 23)),
        (D(2026, 2, 13), 5, D(2026, 2, 27)),
        (D(2026, 2, 23), -1, D(2026, 2, 13)),
        (D(2026, 2, 17), -1, D(2026, 2, 13)),
        (D(2026, 2, 17), 1, D(2026, 2, 23)),
        (D(2026, 2, 17), 0, D(2026, 2, 17)),
        (D(2026, 3, 20), 0, D(2026, 3, 20)),
        (D(2026, 4, 24), 1, D(2026, 4, 28)),
        (D(2026, 4, 29), 1, D(2026, 5, 4)),
        (D(2026, 4, 29), 2, D(2026, 5, 5)),
        (D(2026, 5, 4), -2, D(2026, 4, 28)),
        (D(2026, 8, 21), 1, D(2026, 8, 22)),
        (D(2026, 8, 21), 2, D(2026, 8, 24)),
        (D(2026, 8, 24), -1, D(2026, 8, 22)),
        (D(2026, 8, 28), 1, D(2026, 9, 3)),
        (D(2025, 12, 31), 1, D(2026, 1, 2)),
        (D(2026, 1, 2), -1, D(2025, 12, 31)),
        (D(2026, 1, 2), 10, D(2026, 1, 16)),
        (D(2027, 2, 3), 1, D(2027, 2, 11)),
    ],
)
def test_add_working_days(d, n, expected):
    assert CAL.add_working_days(d, n) == expected


@pytest.mark.parametrize(
    ("start", "end", "count"),
    [
        (D(2026, 2, 13), D(2026, 2, 23), 1),
        (D(2026, 2, 13), D(2026, 2, 22), 0),
        (D(2026, 2, 13), D(2026, 2, 13), 0),
        (D(2026, 2, 23), D(2026, 2, 13), 0),
        (D(2026, 2, 12), D(2026, 2, 13), 1),
        (D(2026, 1, 1), D(2026, 1, 31), 21),
        (D(2026, 4, 24), D(2026, 5, 4), 3),
        (D(2026, 8, 21), D(2026, 8, 24), 2),
    ],
)
def test_working_days_between_counts_half_open_interval(start, end, count):
    assert CAL.working_days_between(start, end) == count


# ---------------------------------------------------------------------------
# Quarter deadlines
# ---------------------------------------------------------------------------

# (quarter, unit deadline effective, rollup effective); nominal dates are 20 and 25
# of the quarter's last month. Weekday of each nominal date noted where it moves.
QUARTER_TABLE = [
    ("2021Q1", D(2021, 3, 22), D(2021, 3, 25)),  # 20/3 Sat
    ("2021Q2", D(2021, 6, 21), D(2021, 6, 25)),  # 20/6 Sun
    ("2021Q3", D(2021, 9, 20), D(2021, 9, 27)),  # 25/9 Sat
    ("2021Q4", D(2021, 12, 20), D(2021, 12, 27)),  # 25/12 Sat
    ("2022Q1", D(2022, 3, 21), D(2022, 3, 25)),  # 20/3 Sun
    ("2022Q2", D(2022, 6, 20), D(2022, 6, 27)),  # 25/6 Sat
    ("2022Q3", D(2022, 9, 20), D(2022, 9, 26)),  # 25/9 Sun
    ("2022Q4", D(2022, 12, 20), D(2022, 12, 26)),  # 25/12 Sun
    ("2023Q1", D(2023, 3, 20), D(2023, 3, 27)),  # 25/3 Sat
    ("2023Q2", D(2023, 6, 20), D(2023, 6, 26)),  # 25/6 Sun
    ("2023Q3", D(2023, 9, 20), D(2023, 9, 25)),
    ("2023Q4", D(2023, 12, 20), D(2023, 12, 25)),
    ("2024Q1", D(2024, 3, 20), D(2024, 3, 25)),
    ("2024Q2", D(2024, 6, 20), D(2024, 6, 25)),
    ("2024Q3", D(2024, 9, 20), D(2024, 9, 25)),
    ("2024Q4", D(2024, 12, 20), D(2024, 12, 25)),
    ("2025Q1", D(2025, 3, 20), D(2025, 3, 25)),
    ("2025Q2", D(2025, 6, 20), D(2025, 6, 25)),
    ("2025Q3", D(2025, 9, 22), D(2025, 9, 25)),  # 20/9 Sat
    ("2025Q4", D(2025, 12, 22), D(2025, 12, 25)),  # 20/12 Sat
    ("2026Q1", D(2026, 3, 20), D(2026, 3, 25)),
    ("2026Q2", D(2026, 6, 22), D(2026, 6, 25)),  # 20/6 Sat
    ("2026Q3", D(2026, 9, 21), D(2026, 9, 25)),  # 20/9 Sun
    ("2026Q4", D(2026, 12, 21), D(2026, 12, 25)),  # 20/12 Sun
    ("2027Q1", D(2027, 3, 22), D(2027, 3, 25)),  # 20/3 Sat
    ("2027Q2", D(2027, 6, 21), D(2027, 6, 25)),  # 20/6 Sun
    ("2027Q3", D(2027, 9, 20), D(2027, 9, 27)),  # 25/9 Sat
    ("2027Q4", D(2027, 12, 20), D(2027, 12, 27)),  # 25/12 Sat
]


@pytest.mark.parametrize(("key", "unit_effective", "rollup_effective"), QUARTER_TABLE)
def test_quarter_dates_nominal_and_effective(key, unit_effective, rollup_effective):
    q = Quarter.parse(key)
    month = {1: 3, 2: 6, 3: 9, 4: 12}[q.number]
    qd = CAL.quarter_dates(q)
    assert isinstance(qd, QuarterDates)
    assert qd.quarter == q
    assert qd.unit_deadline == q.unit_deadline == D(q.year, month, 20)
    assert qd.rollup_date == q.rollup_date == D(q.year, month, 25)
    assert qd.unit_deadline_effective == unit_effective
    assert qd.rollup_date_effective == rollup_effective
    assert qd.cutoff_start == q.cutoff_start
    assert qd.cutoff_end == D(q.year, month, 14)


def test_quarter_dates_2026_q1_full_record():
    assert CAL.quarter_dates(Quarter(2026, 1)) == QuarterDates(
        quarter=Quarter(2026, 1),
        cutoff_start=D(2025, 12, 15),
        cutoff_end=D(2026, 3, 14),
        unit_deadline=D(2026, 3, 20),
        unit_deadline_effective=D(2026, 3, 20),
        rollup_date=D(2026, 3, 25),
        rollup_date_effective=D(2026, 3, 25),
    )


# ---------------------------------------------------------------------------
# Weekly (Monday) summary delivery
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "delivery"),
    [
        ("2026-W18", D(2026, 4, 28)),  # Monday 27/4 Hùng Kings observed
        ("2026-W17", D(2026, 4, 20)),  # ordinary week
        ("2026-W19", D(2026, 5, 4)),
        ("2026-W01", D(2025, 12, 29)),  # ISO week 1 starts in the previous year
        ("2026-W02", D(2026, 1, 5)),
        ("2026-W08", None),  # Tết: Mon-Fri 16-20/2 off, no weekend workday
        ("2026-W09", D(2026, 2, 23)),
        ("2026-W34", D(2026, 8, 17)),  # the week containing working Saturday 22/8
        ("2026-W36", D(2026, 9, 3)),  # 31/8, 1/9, 2/9 off
        ("2026-W48", D(2026, 11, 23)),  # Tuesday 24/11 off does not matter
        ("2026-W53", D(2026, 12, 28)),
        ("2027-W01", D(2027, 1, 4)),
        ("2027-W05", D(2027, 2, 1)),
        ("2027-W06", D(2027, 2, 11)),  # Tết 2027 covers Mon-Wed
        ("2027-W18", D(2027, 5, 4)),  # Monday 3/5 is the observed Labour Day
        ("2025-W05", None),  # Tết 2025: 27-31/1 off
        ("2025-W17", D(2025, 4, 21)),
        ("2025-W18", D(2025, 4, 28)),
        ("2025-W36", D(2025, 9, 3)),  # 1/9, 2/9 off
        ("2024-W01", D(2024, 1, 2)),  # Monday 1/1 holiday
        ("2024-W07", D(2024, 2, 15)),
        ("2024-W18", D(2024, 5, 2)),  # 29/4 swap, 30/4, 1/5
        ("2023-W01", D(2023, 1, 3)),
        ("2023-W04", D(2023, 1, 27)),
        ("2022-W01", D(2022, 1, 4)),
        ("2022-W05", None),  # Tết 2022: 31/1-4/2 off
        ("2022-W15", D(2022, 4, 12)),
        ("2022-W18", D(2022, 5, 4)),
        ("2021-W07", D(2021, 2, 17)),
        ("2021-W18", D(2021, 5, 4)),
    ],
)
def test_week_delivery_date(key, delivery):
    assert CAL.week_delivery_date(Week.parse(key)) == delivery


# ---------------------------------------------------------------------------
# Administrator day-swap exceptions
# ---------------------------------------------------------------------------


def test_admin_extra_day_off_moves_a_deadline():
    cal = WorkCalendar(extra_days_off=[D(2026, 3, 20)])
    assert not cal.is_working_day(D(2026, 3, 20))
    assert cal.day_off_reason(D(2026, 3, 20)) == "Nghỉ theo thông báo"
    assert cal.effective_date(D(2026, 3, 20)) == D(2026, 3, 23)
    qd = cal.quarter_dates(Quarter(2026, 1))
    assert qd.unit_deadline == D(2026, 3, 20)
    assert qd.unit_deadline_effective == D(2026, 3, 23)
    # The shared default calendar is unaffected.
    assert CAL.effective_date(D(2026, 3, 20)) == D(2026, 3, 20)


def test_admin_saturday_made_working_keeps_deadline_on_that_saturday():
    cal = WorkCalendar(extra_working_days=[D(2026, 6, 20)])
    assert cal.is_working_day(D(2026, 6, 20))
    assert cal.day_off_reason(D(2026, 6, 20)) is None
    assert cal.quarter_dates(Quarter(2026, 2)).unit_deadline_effective == D(2026, 6, 20)
    assert CAL.quarter_dates(Quarter(2026, 2)).unit_deadline_effective == D(2026, 6, 22)


def test_admin_extra_working_day_wins_over_package_holiday():
    cal = WorkCalendar(extra_working_days=[D(2026, 2, 17)])
    assert cal.is_working_day(D(2026, 2, 17))
    assert cal.effective_date(D(2026, 2, 17)) == D(2026, 2, 17)
    assert cal.effective_date(D(2026, 2, 16)) == D(2026, 2, 17)
    assert cal.effective_date(D(2026, 2, 18)) == D(2026, 2, 23)


def test_admin_extra_day_off_wins_over_package_weekend_workday():
    cal = WorkCalendar(extra_days_off=[D(2026, 8, 22)])
    assert not cal.is_working_day(D(2026, 8, 22))
    assert cal.day_off_reason(D(2026, 8, 22)) == "Nghỉ theo thông báo"
    assert cal.effective_date(D(2026, 8, 22)) == D(2026, 8, 24)


def test_admin_extra_day_off_on_a_holiday_reports_the_notice():
    cal = WorkCalendar(extra_days_off=[D(2026, 9, 2)])
    assert cal.day_off_reason(D(2026, 9, 2)) == "Nghỉ theo thông báo"


def test_admin_extra_days_off_can_empty_a_week():
    off = [D(2026, 3, 2) + timedelta(days=i) for i in range(5)]  # Mon 2/3 - Fri 6/3
    cal = WorkCalendar(extra_days_off=off)
    assert cal.week_delivery_date(Week(2026, 10)) is None
    assert cal.week_delivery_date(Week(2026, 11)) == D(2026, 3, 9)
    assert CAL.week_delivery_date(Week(2026, 10)) == D(2026, 3, 2)


def test_admin_working_saturday_can_be_the_only_delivery_day():
    off = [D(2026, 3, 2) + timedelta(days=i) for i in range(5)]
    cal = WorkCalendar(extra_days_off=off, extra_working_days=[D(2026, 3, 7)])
    assert cal.week_delivery_date(Week(2026, 10)) == D(2026, 3, 7)


def test_admin_working_sunday_after_tet_delivers_week_8_2026():
    cal = WorkCalendar(extra_working_days=[D(2026, 2, 22)])
    assert cal.week_delivery_date(Week(2026, 8)) == D(2026, 2, 22)


def test_admin_exceptions_shift_working_day_arithmetic():
    cal = WorkCalendar(extra_days_off=[D(2026, 3, 23)], extra_working_days=[D(2026, 3, 21)])
    assert cal.next_working_day(D(2026, 3, 20)) == D(2026, 3, 21)
    assert cal.add_working_days(D(2026, 3, 20), 2) == D(2026, 3, 24)
    assert cal.working_days_between(D(2026, 3, 20), D(2026, 3, 24)) == 2
    assert CAL.working_days_between(D(2026, 3, 20), D(2026, 3, 24)) == 2  # 23, 24
    assert CAL.add_working_days(D(2026, 3, 20), 2) == D(2026, 3, 24)
    assert CAL.next_working_day(D(2026, 3, 20)) == D(2026, 3, 23)


def test_admin_date_in_both_sets_is_rejected():
    with pytest.raises(ValueError, match="20/03/2026"):
        WorkCalendar(extra_days_off=[D(2026, 3, 20)], extra_working_days={D(2026, 3, 20)})


def test_admin_exceptions_accept_any_iterable_once():
    cal = WorkCalendar(extra_days_off=(d for d in [D(2026, 3, 20)]))
    assert not cal.is_working_day(D(2026, 3, 20))
    assert cal.extra_days_off == frozenset({D(2026, 3, 20)})
    assert cal.extra_working_days == frozenset()


def test_admin_exceptions_reject_datetimes():
    with pytest.raises(TypeError):
        WorkCalendar(extra_days_off=[datetime(2026, 3, 20, 0, 0)])


def test_constructor_is_keyword_only():
    with pytest.raises(TypeError):
        WorkCalendar([D(2026, 3, 20)])  # type: ignore[misc]


# ---------------------------------------------------------------------------
# year_calendar
# ---------------------------------------------------------------------------


def test_year_calendar_2026_shape_and_values():
    data = year_calendar(CAL, 2026)
    assert json.loads(json.dumps(data)) == data
    assert [q["quarter"] for q in data["quarters"]] == ["2026Q1", "2026Q2", "2026Q3", "2026Q4"]
    assert data["quarters"][1] == {
        "quarter": "2026Q2",
        "cutoff_start": "2026-03-15",
        "cutoff_end": "2026-06-14",
        "unit_deadline": "2026-06-20",
        "unit_deadline_effective": "2026-06-22",
        "rollup_date": "2026-06-25",
        "rollup_date_effective": "2026-06-25",
    }
    assert data["quarters"][0]["cutoff_start"] == "2025-12-15"
    assert data["quarters"][3]["unit_deadline_effective"] == "2026-12-21"
    weeks = data["weeks"]
    assert len(weeks) == 53
    assert weeks[0] == {"week": "2026-W01", "monday": "2025-12-29", "delivery": "2025-12-29"}
    assert weeks[7] == {"week": "2026-W08", "monday": "2026-02-16", "delivery": None}
    assert weeks[17] == {"week": "2026-W18", "monday": "2026-04-27", "delivery": "2026-04-28"}
    assert weeks[52] == {"week": "2026-W53", "monday": "2026-12-28", "delivery": "2026-12-28"}
    assert [w["delivery"] for w in weeks].count(None) == 1


@pytest.mark.parametrize(("year", "weeks"), [(2021, 52), (2025, 52), (2026, 53), (2027, 52)])
def test_year_calendar_week_count(year, weeks):
    data = year_calendar(CAL, year)
    assert len(data["quarters"]) == 4
    assert len(data["weeks"]) == weeks
    assert data["weeks"][-1]["week"] == f"{year}-W{weeks}"


# ---------------------------------------------------------------------------
# Caching
# ---------------------------------------------------------------------------


def test_holiday_tables_are_built_once_per_year(monkeypatch):
    calls = []
    real = holidays.country_holidays

    def counting(*args, **kwargs):
        calls.append(kwargs.get("years"))
        return real(*args, **kwargs)

    monkeypatch.setattr(holidays, "country_holidays", counting)
    wc._package_year.cache_clear()
    try:
        cal = WorkCalendar()
        start = D(2026, 1, 1)
        for i in range(20_000):
            cal.effective_date(start + timedelta(days=i % 365))
        assert sorted(calls) == [2026, 2027]
        WorkCalendar().is_working_day(D(2026, 5, 5))
        assert sorted(calls) == [2026, 2027]
    finally:
        wc._package_year.cache_clear()


# ---------------------------------------------------------------------------
# Properties
# ---------------------------------------------------------------------------

DATES = st.dates(min_value=D(2000, 1, 1), max_value=D(2100, 9, 30))
OFFSETS = st.frozensets(st.integers(min_value=-20, max_value=40), max_size=8)


@st.composite
def calendars_and_dates(draw):
    """Draw a date and a calendar whose admin exceptions cluster around it."""
    d = draw(DATES)
    off = {d + timedelta(days=k) for k in draw(OFFSETS)}
    working = {d + timedelta(days=k) for k in draw(OFFSETS)} - off
    return WorkCalendar(extra_days_off=off, extra_working_days=working), d, off, working


PROPERTY_SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY_SETTINGS
@given(calendars_and_dates())
def test_property_effective_date_is_first_working_day_not_before_nominal(case):
    cal, d, _, _ = case
    eff = cal.effective_date(d)
    assert eff >= d
    assert cal.is_working_day(eff)
    if cal.is_working_day(d):
        assert eff == d
    else:
        assert eff > d
        day = d
        while day < eff:
            assert not cal.is_working_day(day)
            day += timedelta(days=1)


@PROPERTY_SETTINGS
@given(calendars_and_dates())
def test_property_admin_exceptions_take_precedence(case):
    cal, _, off, working = case
    for day in off:
        assert not cal.is_working_day(day)
        assert cal.day_off_reason(day) == "Nghỉ theo thông báo"
    for day in working:
        assert cal.is_working_day(day)
        assert cal.day_off_reason(day) is None


@PROPERTY_SETTINGS
@given(calendars_and_dates())
def test_property_reason_is_none_exactly_on_working_days(case):
    cal, d, _, _ = case
    reason = cal.day_off_reason(d)
    assert (reason is None) is cal.is_working_day(d)
    if reason is not None:
        assert isinstance(reason, str) and reason


@PROPERTY_SETTINGS
@given(calendars_and_dates(), st.integers(min_value=-40, max_value=40))
def test_property_add_working_days_lands_on_working_day_and_round_trips(case, n):
    cal, d, _, _ = case
    r = cal.add_working_days(d, n)
    if n == 0:
        assert r == d
        return
    assert cal.is_working_day(r)
    assert (r > d) if n > 0 else (r < d)
    back = cal.add_working_days(r, -n)
    if cal.is_working_day(d):
        assert back == d
    elif n > 0:
        assert back == cal.add_working_days(d, -1)
        assert back < d
    else:
        assert back == cal.effective_date(d)
        assert back > d


@PROPERTY_SETTINGS
@given(calendars_and_dates(), st.integers(min_value=-40, max_value=40))
def test_property_working_days_between_matches_add_working_days(case, n):
    cal, d, _, _ = case
    r = cal.add_working_days(d, n)
    if n >= 0:
        assert cal.working_days_between(d, r) == n
        assert cal.working_days_between(r, d) == 0
    else:
        # (r, d] holds the |n| - 1 working days strictly between, plus d if working.
        assert cal.working_days_between(r, d) == -n - 1 + int(cal.is_working_day(d))


@PROPERTY_SETTINGS
@given(calendars_and_dates(), st.integers(0, 30), st.integers(0, 30))
def test_property_working_days_between_is_additive(case, a, b):
    cal, d, _, _ = case
    mid = d + timedelta(days=a)
    end = mid + timedelta(days=b)
    assert cal.working_days_between(d, mid) + cal.working_days_between(mid, end) == (cal.working_days_between(d, end))
    assert cal.working_days_between(d, cal.next_working_day(d)) == 1


@PROPERTY_SETTINGS
@given(calendars_and_dates())
def test_property_week_delivery_is_first_working_day_of_the_week(case):
    cal, d, _, _ = case
    week = Week.containing(d)
    delivery = cal.week_delivery_date(week)
    days = [week.monday + timedelta(days=i) for i in range(7)]
    working = [day for day in days if cal.is_working_day(day)]
    if working:
        assert delivery == working[0]
        assert week.monday <= delivery <= week.sunday
    else:
        assert delivery is None


@settings(max_examples=300, deadline=None)
@given(st.dates(min_value=D(1901, 1, 1), max_value=D(9998, 12, 1)))
def test_property_quarter_and_week_round_trip(d):
    q = Quarter.containing(d)
    assert q.first_day <= d <= q.last_day
    assert Quarter.parse(q.key) == q
    assert q.next().previous() == q
    assert q.next().first_day == q.last_day + timedelta(days=1)
    assert q.cutoff_start < q.cutoff_end < q.unit_deadline < q.rollup_date <= q.last_day
    w = Week.containing(d)
    assert w.monday <= d <= w.sunday
    assert w.monday.weekday() == 0 and (w.sunday - w.monday).days == 6
    assert Week.parse(w.key) == w
    assert w.next().previous() == w
    assert w.next().monday == w.monday + timedelta(days=7)
    assert w < w.next()
