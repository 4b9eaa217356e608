"""Vietnamese working-day calendar: quarters, ISO weeks and deadline shifting.

Pure module (no Django, no database) shared by models, jobs, pages and commands.
All dates are local to Asia/Ho_Chi_Minh; a day ends at 24:00 local time.
"""

from __future__ import annotations

import functools
import re
import zoneinfo
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import MAXYEAR, MINYEAR, date, datetime, timedelta
from types import MappingProxyType

import holidays

__all__ = [
    "LOCAL_TZ",
    "MAX_YEAR",
    "MIN_YEAR",
    "Quarter",
    "QuarterDates",
    "Week",
    "WorkCalendar",
    "local_date",
    "year_calendar",
]

LOCAL_TZ = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")

_COUNTRY = "VN"
_ONE_DAY = timedelta(days=1)

# The holidays package stops computing Vietnamese holidays after its end year
# (2100 in holidays 0.109: the lunar tables end there); answering for later years
# would silently drop Tết and every other holiday, so those years are refused.
MIN_YEAR = 1990
MAX_YEAR = min(2200, getattr(holidays.country_holidays(_COUNTRY), "end_year", 2200))

_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
_QUARTER_RE = re.compile(r"^\s*(\d{4})-?Q(\d)\s*$", re.IGNORECASE)
_WEEK_RE = re.compile(r"^\s*(\d{4})-?W(\d{1,2})\s*$", re.IGNORECASE)

_SATURDAY = 5
_REASON_SATURDAY = "Thứ Bảy"
_REASON_SUNDAY = "Chủ nhật"
_REASON_ADMIN_DAY_OFF = "Nghỉ theo thông báo"


def local_date(moment: datetime) -> date:
    """Return the Asia/Ho_Chi_Minh calendar date of an aware datetime."""
    if not isinstance(moment, datetime):
        raise TypeError(f"Cần một datetime, nhận được {type(moment).__name__}")
    if moment.tzinfo is None or moment.utcoffset() is None:
        # A naive value has no defined instant; guessing a zone would shift
        # late-evening deadlines by a day.
        raise ValueError(f"datetime không có múi giờ: {moment!r}")
    return moment.astimezone(LOCAL_TZ).date()


def _check_int(value: object, what: str) -> None:
    # bool is an int subclass; Quarter(2026, True) is always a bug upstream.
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValueError(f"{what} phải là số nguyên, nhận được {value!r}")


def _parse_period(cls, pattern: re.Pattern, text: object, error: str):
    """A (year, number) period from its key; any malformed or impossible key raises `error`."""
    match = pattern.match(text) if isinstance(text, str) else None
    if match is None:
        raise ValueError(error)
    try:
        return cls(int(match.group(1)), int(match.group(2)))
    except ValueError:
        raise ValueError(error) from None


def _iso_weeks_in_year(year: int) -> int:
    # 28 December always lies in the last ISO week of its year.
    return date(year, 12, 28).isocalendar()[1]


@dataclass(frozen=True, order=True)
class Quarter:
    """A calendar quarter (year, 1..4) with its reporting dates."""

    year: int
    number: int

    def __post_init__(self) -> None:
        _check_int(self.year, "Năm")
        _check_int(self.number, "Số quý")
        if not MINYEAR <= self.year <= MAXYEAR:
            raise ValueError(f"Năm không hợp lệ: {self.year}")
        if not 1 <= self.number <= 4:
            raise ValueError(f"Số quý phải từ 1 đến 4, nhận được {self.number}")

    @classmethod
    def parse(cls, text: str) -> Quarter:
        """Parse "2026Q3" or "2026-Q3" (case-insensitive)."""
        return _parse_period(cls, _QUARTER_RE, text, f"Quý không hợp lệ: {text!r} (dạng đúng: 2026Q3)")

    @classmethod
    def containing(cls, d: date) -> Quarter:
        """Return the calendar quarter that contains d."""
        return cls(d.year, (d.month - 1) // 3 + 1)

    @property
    def key(self) -> str:
        """Stable text key, e.g. "2026Q3"."""
        return f"{self.year:04d}Q{self.number}"

    @property
    def label(self) -> str:
        """Vietnamese display label, e.g. "Quý III/2026"."""
        return f"Quý {_ROMAN[self.number]}/{self.year}"

    @property
    def file_part(self) -> str:
        """The quarter in a download's name, as people read it: "quy-III-2026"."""
        return f"quy-{_ROMAN[self.number]}-{self.year}"

    @property
    def last_month(self) -> int:
        """Month number (3, 6, 9, 12) of the quarter's last month."""
        return self.number * 3

    @property
    def first_day(self) -> date:
        """First calendar day of the quarter."""
        return date(self.year, self.last_month - 2, 1)

    @property
    def last_day(self) -> date:
        """Last calendar day of the quarter."""
        if self.number == 4:
            return date(self.year, 12, 31)
        return date(self.year, self.last_month + 1, 1) - _ONE_DAY

    @property
    def cutoff_start(self) -> date:
        """First day of the Decree 09/2019 data period (15th of the previous quarter's last month)."""
        prev = self.previous()
        return date(prev.year, prev.last_month, 15)

    @property
    def cutoff_end(self) -> date:
        """Last day of the Decree 09/2019 data period (14th of this quarter's last month)."""
        return date(self.year, self.last_month, 14)

    @property
    def unit_deadline(self) -> date:
        """Nominal unit report deadline: day 20 of the quarter's last month."""
        return date(self.year, self.last_month, 20)

    @property
    def rollup_date(self) -> date:
        """Nominal consolidated rollup date: day 25 of the quarter's last month."""
        return date(self.year, self.last_month, 25)

    def previous(self) -> Quarter:
        """Return the quarter before this one."""
        if self.number == 1:
            return Quarter(self.year - 1, 4)
        return Quarter(self.year, self.number - 1)

    def next(self) -> Quarter:
        """Return the quarter after this one."""
        if self.number == 4:
            return Quarter(self.year + 1, 1)
        return Quarter(self.year, self.number + 1)

    def __str__(self) -> str:
        """Return the key."""
        return self.key


@dataclass(frozen=True, order=True)
class Week:
    """An ISO 8601 week (ISO year, week number)."""

    year: int
    number: int

    def __post_init__(self) -> None:
        _check_int(self.year, "Năm")
        _check_int(self.number, "Số tuần")
        if not MINYEAR <= self.year <= MAXYEAR:
            raise ValueError(f"Năm không hợp lệ: {self.year}")
        weeks = _iso_weeks_in_year(self.year)
        if not 1 <= self.number <= weeks:
            raise ValueError(f"Tuần {self.number} không tồn tại: năm ISO {self.year} có {weeks} tuần")

    @classmethod
    def parse(cls, text: str) -> Week:
        """Parse "2026-W48" or "2026W48" (case-insensitive)."""
        return _parse_period(cls, _WEEK_RE, text, f"Tuần không hợp lệ: {text!r} (dạng đúng: 2026-W48)")

    @classmethod
    def containing(cls, d: date) -> Week:
        """Return the ISO week that contains d."""
        iso = d.isocalendar()
        return cls(iso[0], iso[1])

    @property
    def key(self) -> str:
        """Stable text key, e.g. "2026-W48"."""
        return f"{self.year:04d}-W{self.number:02d}"

    @property
    def label(self) -> str:
        """The week as people say it: "tuần từ 23/11 đến 29/11/2026"; across a year's end both years
        ("tuần từ 28/12/2026 đến 03/01/2027"). Never the ISO code, which stays in URLs."""
        start = f"{self.monday:%d/%m}" if self.monday.year == self.sunday.year else f"{self.monday:%d/%m/%Y}"
        return f"tuần từ {start} đến {self.sunday:%d/%m/%Y}"

    @property
    def monday(self) -> date:
        """Monday of the week (may fall in the previous calendar year)."""
        return date.fromisocalendar(self.year, self.number, 1)

    @property
    def sunday(self) -> date:
        """Sunday of the week (may fall in the next calendar year)."""
        return date.fromisocalendar(self.year, self.number, 7)

    def previous(self) -> Week:
        """Return the week before this one."""
        if self.number == 1:
            return Week(self.year - 1, _iso_weeks_in_year(self.year - 1))
        return Week(self.year, self.number - 1)

    def next(self) -> Week:
        """Return the week after this one."""
        if self.number == _iso_weeks_in_year(self.year):
            return Week(self.year + 1, 1)
        return Week(self.year, self.number + 1)

    def __str__(self) -> str:
        """Return the key."""
        return self.key


@dataclass(frozen=True)
class QuarterDates:
    """Nominal and effective reporting dates of one quarter."""

    quarter: Quarter
    cutoff_start: date
    cutoff_end: date
    unit_deadline: date
    unit_deadline_effective: date
    rollup_date: date
    rollup_date_effective: date


def _check_year(year: int) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(f"Năm {year} nằm ngoài phạm vi lịch làm việc được hỗ trợ ({MIN_YEAR}–{MAX_YEAR})")


@functools.cache
def _package_year(year: int) -> tuple[Mapping[date, str], frozenset[date]]:
    # The package data never changes at runtime, so one build per year per process
    # is enough even when many short-lived WorkCalendar instances are created.
    kwargs = {}
    localized = getattr(holidays, "list_localized_countries", dict)()
    if "vi" in localized.get(_COUNTRY, ()):
        kwargs["language"] = "vi"
    table = holidays.country_holidays(_COUNTRY, years=year, **kwargs)
    names = {d: name for d, name in table.items() if d.year == year}
    # Substitution notices can make a weekend day of the previous year a working
    # day (e.g. 27/12/2014 for 2015), so every date the package reports is kept.
    workdays = frozenset(getattr(table, "weekend_workdays", ()) or ())
    return MappingProxyType(names), workdays


def _as_date(value: object) -> date:
    # datetime is a date subclass but never equals a date key, which would make
    # holiday and exception lookups silently miss.
    if isinstance(value, datetime) or not isinstance(value, date):
        raise TypeError(f"Cần một date (không phải datetime), nhận được {value!r}")
    return value


class WorkCalendar:
    """Working days of a Vietnamese state agency, with admin day-swap exceptions."""

    def __init__(
        self,
        *,
        extra_days_off: Iterable[date] = (),
        extra_working_days: Iterable[date] = (),
    ) -> None:
        self._extra_off = frozenset(_as_date(d) for d in extra_days_off)
        self._extra_working = frozenset(_as_date(d) for d in extra_working_days)
        both = self._extra_off & self._extra_working
        if both:
            listed = ", ".join(d.strftime("%d/%m/%Y") for d in sorted(both))
            raise ValueError(f"Ngày vừa là ngày nghỉ vừa là ngày làm việc bù: {listed}")
        self._holiday_names: dict[date, str] = {}
        self._weekend_workdays: set[date] = set()
        self._loaded_years: set[int] = set()
        self._ready_years: set[int] = set()

    @property
    def extra_days_off(self) -> frozenset[date]:
        """Administrator-declared extra days off."""
        return self._extra_off

    @property
    def extra_working_days(self) -> frozenset[date]:
        """Administrator-declared extra working days."""
        return self._extra_working

    def _load_year(self, year: int) -> None:
        if year in self._loaded_years:
            return
        names, workdays = _package_year(year)
        self._holiday_names.update(names)
        self._weekend_workdays.update(workdays)
        self._loaded_years.add(year)

    def _ensure_year(self, year: int) -> None:
        _check_year(year)
        self._load_year(year)
        # Next year's swap notices may turn a late-December weekend of this year
        # into a working day, so they must be known before answering.
        if year < MAX_YEAR:
            self._load_year(year + 1)
        self._ready_years.add(year)

    def is_working_day(self, d: date) -> bool:
        """Return True if d is a working day."""
        _as_date(d)
        if d.year not in self._ready_years:
            self._ensure_year(d.year)
        if d in self._extra_working:
            return True
        if d in self._extra_off:
            return False
        if d in self._weekend_workdays:
            return True
        if d in self._holiday_names:
            return False
        return d.weekday() < _SATURDAY

    def day_off_reason(self, d: date) -> str | None:
        """Return None for a working day, else a short Vietnamese reason."""
        if self.is_working_day(d):
            return None
        if d in self._extra_off:
            return _REASON_ADMIN_DAY_OFF
        name = self._holiday_names.get(d)
        if name is not None:
            # A holiday falling on a weekend is reported by name: more useful
            # than "Chủ nhật" when explaining why a deadline moved.
            return name
        return _REASON_SATURDAY if d.weekday() == _SATURDAY else _REASON_SUNDAY

    def next_working_day(self, d: date) -> date:
        """Return the first working day strictly after d."""
        day = _as_date(d) + _ONE_DAY
        while not self.is_working_day(day):
            day += _ONE_DAY
        return day

    def previous_working_day(self, d: date) -> date:
        """Return the last working day strictly before d."""
        day = _as_date(d) - _ONE_DAY
        while not self.is_working_day(day):
            day -= _ONE_DAY
        return day

    def effective_date(self, nominal: date) -> date:
        """Return nominal if it is a working day, else the next working day (Civil Code art. 148)."""
        if self.is_working_day(nominal):
            return nominal
        return self.next_working_day(nominal)

    def add_working_days(self, d: date, n: int) -> date:
        """Return the n-th working day after d (n > 0), before d (n < 0), or d (n == 0)."""
        _as_date(d)
        _check_int(n, "Số ngày làm việc")
        day = d
        for _ in range(abs(n)):
            day = self.next_working_day(day) if n > 0 else self.previous_working_day(day)
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """Count working days in the interval (start, end]; 0 if end <= start."""
        _as_date(start)
        _as_date(end)
        count = 0
        day = start + _ONE_DAY
        while day <= end:
            if self.is_working_day(day):
                count += 1
            day += _ONE_DAY
        return count

    def week_delivery_date(self, week: Week) -> date | None:
        """Return the first working day of the ISO week, or None if it has none."""
        day = week.monday
        for _ in range(7):
            if self.is_working_day(day):
                return day
            day += _ONE_DAY
        return None

    def quarter_dates(self, q: Quarter) -> QuarterDates:
        """Return the cut-off period and nominal/effective deadlines of quarter q."""
        return QuarterDates(
            quarter=q,
            cutoff_start=q.cutoff_start,
            cutoff_end=q.cutoff_end,
            unit_deadline=q.unit_deadline,
            unit_deadline_effective=self.effective_date(q.unit_deadline),
            rollup_date=q.rollup_date,
            rollup_date_effective=self.effective_date(q.rollup_date),
        )


def year_calendar(cal: WorkCalendar, year: int) -> dict:
    """Return a JSON-serialisable summary of a year's quarter dates and weekly deliveries."""
    _check_int(year, "Năm")
    quarters = []
    for number in range(1, 5):
        qd = cal.quarter_dates(Quarter(year, number))
        quarters.append(
            {
                "quarter": qd.quarter.key,
                "cutoff_start": qd.cutoff_start.isoformat(),
                "cutoff_end": qd.cutoff_end.isoformat(),
                "unit_deadline": qd.unit_deadline.isoformat(),
                "unit_deadline_effective": qd.unit_deadline_effective.isoformat(),
                "rollup_date": qd.rollup_date.isoformat(),
                "rollup_date_effective": qd.rollup_date_effective.isoformat(),
            }
        )
    weeks = []
    for number in range(1, _iso_weeks_in_year(year) + 1):
        week = Week(year, number)
        delivery = cal.week_delivery_date(week)
        weeks.append(
            {
                "week": week.key,
                "monday": week.monday.isoformat(),
                "delivery": delivery.isoformat() if delivery is not None else None,
            }
        )
    return {"quarters": quarters, "weeks": weeks}
