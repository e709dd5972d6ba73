"""Working days in Vietnamese state administration: weekends, public holidays, make-up days.

Three layers decide whether a day is a working day, the first that has an opinion winning:

1. the caller's overrides (`WorkdayCalendar(extra_holidays=…, makeup_days=…)`), which the
   database feeds from the admin's calendar overrides;
2. for the years in `chidao/core/data/workdays-vn.json` (2024–2026), the official schedule
   for cán bộ, công chức, viên chức as announced by the Government each year: every day of
   each announced break (đợt nghỉ) is a day off, and the Saturdays worked in exchange for a
   swapped day (ngày làm bù) are working days;
3. for other years, the statutory holidays of the Labour Code as computed by the `holidays`
   package (country "VN", lunar Tết included, with its substitution rules), which is an
   estimate: the make-up Saturday of a swap is not known to it, so add it as an override.

Outside these, Monday to Friday are working days and Saturday and Sunday are not: state bodies
work 40 hours in five days and rest on Saturday and Sunday (Quyết định 188/1999/QĐ-TTg ngày
17/9/1999 về thực hiện chế độ tuần làm việc 40 giờ, Điều 1).

Deadlines counted in working days follow Bộ luật Dân sự 2015: the day of the event is not
counted (Điều 147 khoản 2), so "5 ngày làm việc kể từ ngày nhận" is
`add_workdays(received, 5)`; a deadline that falls on a day off moves to the next working
day (Điều 148 khoản 5), which is `roll_forward`.

Pure Python: nothing here imports Django.
"""

from __future__ import annotations

import json
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cache, lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, Final

import holidays

__all__ = [
    "EXTRA_HOLIDAY_NAME",
    "OfficialBreak",
    "PendingHoliday",
    "Swap",
    "WorkdayCalendar",
    "official_schedule",
    "pending_holidays",
]

DATA_FILE: Final = Path(__file__).with_name("data") / "workdays-vn.json"

#: Name given to a caller's extra holiday when none is supplied.
EXTRA_HOLIDAY_NAME: Final = "Ngày nghỉ theo quyết định của cơ quan có thẩm quyền"

_ONE_DAY: Final = timedelta(days=1)
_SATURDAY: Final = 5


@dataclass(frozen=True, slots=True)
class Swap:
    """A working day moved onto a weekend: `day_off` is not worked, `workday` (a Saturday or
    Sunday) is worked instead (hoán đổi ngày làm việc, làm bù).
    """

    day_off: date
    workday: date


@dataclass(frozen=True, slots=True)
class OfficialBreak:
    """One announced break (đợt nghỉ) from `first` to `last`, both included.

    Every day of the break is a day off, weekends within it included. `day_names` names
    single days differently from the break (a "nghỉ bù" day); `source` says which official
    text announced it and `url` where it was read.
    """

    name: str
    first: date
    last: date
    source: str
    url: str = ""
    swaps: tuple[Swap, ...] = ()
    day_names: Mapping[date, str] = field(default_factory=lambda: MappingProxyType({}))

    def days(self) -> Iterator[date]:
        """Every day of the break, in order."""
        day = self.first
        while day <= self.last:
            yield day
            day += _ONE_DAY

    def name_of(self, day: date) -> str:
        """The name shown for `day`, a day of this break."""
        if day in self.day_names:
            return self.day_names[day]
        for swap in self.swaps:
            if swap.day_off == day:
                return f"{self.name} (nghỉ hoán đổi, làm bù ngày {swap.workday:%d/%m/%Y})"
        return self.name


@dataclass(frozen=True, slots=True)
class PendingHoliday:
    """A holiday announced as policy but not yet in force, so not counted as a day off."""

    day: date
    name: str
    note: str
    url: str = ""


@dataclass(frozen=True, slots=True)
class _Schedule:
    breaks: Mapping[int, tuple[OfficialBreak, ...]]
    pending: tuple[PendingHoliday, ...]


@dataclass(frozen=True, slots=True)
class _YearDays:
    """What one year's built-in calendar (layers 2 or 3) says beyond the weekend rule."""

    days_off: Mapping[date, str]
    """Named days off; may include weekend days (those inside a break, or a holiday that
    falls on a weekend)."""
    makeup: frozenset[date]
    """Weekend days that are working days (ngày làm bù)."""


@dataclass(frozen=True, slots=True)
class _Exceptions:
    """A year's days whose status differs from the weekend rule, as sorted day ordinals."""

    weekdays_off: tuple[int, ...]
    weekends_worked: tuple[int, ...]


class WorkdayCalendar:
    """Vietnam's working-day calendar for state bodies, with caller-supplied overrides.

    `extra_holidays` are days that are not worked although the built-in calendar says they
    are (a late decision, a provincial day off); give a mapping from day to name to have
    `holiday_name` show that name. `makeup_days` are days that are worked although the
    built-in calendar says they are not (a make-up Saturday). A day may not be in both
    (`ValueError`). Days must be `datetime.date`, not `datetime.datetime` (`TypeError`).

    Instances are immutable after construction and safe to share between threads; the
    per-year tables they build are cached.
    """

    def __init__(
        self,
        extra_holidays: Iterable[date] | Mapping[date, str] = (),
        makeup_days: Iterable[date] = (),
    ) -> None:
        if isinstance(extra_holidays, Mapping):
            extra = {
                _check_day(d): name or EXTRA_HOLIDAY_NAME for d, name in extra_holidays.items()
            }
        else:
            extra = {_check_day(d): EXTRA_HOLIDAY_NAME for d in extra_holidays}
        makeup = frozenset(_check_day(d) for d in makeup_days)
        clash = sorted(extra.keys() & makeup)
        if clash:
            days = ", ".join(f"{d:%d/%m/%Y}" for d in clash)
            raise ValueError(f"Một ngày không thể vừa là ngày nghỉ vừa là ngày làm bù: {days}.")
        self._extra: Mapping[date, str] = MappingProxyType(extra)
        self._makeup: frozenset[date] = makeup
        self._exceptions: dict[int, _Exceptions] = {}

    def __repr__(self) -> str:
        return (
            f"WorkdayCalendar(extra_holidays={len(self._extra)} days, "
            f"makeup_days={len(self._makeup)} days)"
        )

    # -- single days ----------------------------------------------------------------------

    def is_workday(self, day: date) -> bool:
        """Whether `day` is a working day for state bodies."""
        return self._status(_check_day(day))[0]

    def holiday_name(self, day: date) -> str | None:
        """The Vietnamese name of the holiday or official day off on `day`, else None.

        None for working days (make-up Saturdays included) and for ordinary weekends; a
        weekend day inside an announced break carries the break's name ("Tết Nguyên đán").
        """
        return self._status(_check_day(day))[1]

    def holidays_in(self, year: int) -> dict[date, str]:
        """Every named day off of `year`, in date order, weekend days within breaks included."""
        table = _year_days(year)
        names = {d: name for d, name in table.days_off.items() if d not in self._makeup}
        names.update({d: name for d, name in self._extra.items() if d.year == year})
        return dict(sorted(names.items()))

    # -- arithmetic -----------------------------------------------------------------------

    def add_workdays(self, day: date, n: int) -> date:
        """The `n`-th working day after `day` (before it when `n` is negative).

        `day` itself is never counted, whether or not it is a working day, so
        `add_workdays(d, 1)` is the first working day strictly after `d` and the result for
        any `n != 0` is a working day; `add_workdays(d, 0)` is `d` unchanged. Raises
        `OverflowError` when the result would fall outside the `date` range.
        """
        _check_day(day)
        step = _ONE_DAY if n > 0 else -_ONE_DAY
        remaining = abs(n)
        while remaining:
            day += step
            if self._status(day)[0]:
                remaining -= 1
        return day

    def workdays_between(self, start: date, end: date) -> int:
        """The number of working days after `start` up to and including `end`.

        The interval is half-open, (start, end], so that
        `workdays_between(d, add_workdays(d, n)) == n` for every `n >= 0`, and for `n < 0`
        too when `d` is a working day. When `end` is before `start` the count is negative:
        `workdays_between(a, b) == -workdays_between(b, a)`. Runs in time proportional to
        the number of years spanned, not of days.
        """
        _check_day(start)
        _check_day(end)
        if end < start:
            return -self.workdays_between(end, start)
        low, high = start.toordinal() + 1, end.toordinal()
        if low > high:
            return 0
        count = _weekdays_through(high) - _weekdays_through(low - 1)
        for year in range(date.fromordinal(low).year, end.year + 1):
            exceptions = self._year_exceptions(year)
            count -= _count_in(exceptions.weekdays_off, low, high)
            count += _count_in(exceptions.weekends_worked, low, high)
        return count

    def next_workday(self, day: date) -> date:
        """The first working day strictly after `day`; the same as `add_workdays(day, 1)`."""
        return self.add_workdays(day, 1)

    def previous_workday(self, day: date) -> date:
        """The last working day strictly before `day`; the same as `add_workdays(day, -1)`."""
        return self.add_workdays(day, -1)

    def roll_forward(self, day: date) -> date:
        """`day` if it is a working day, else the next working day.

        This is how a deadline that falls on a weekend or holiday ends (Bộ luật Dân sự 2015,
        Điều 148 khoản 5): "trước ngày 20" when the 20th is a Sunday means the Monday after.
        """
        return day if self.is_workday(day) else self.next_workday(day)

    # -- internals ------------------------------------------------------------------------

    def _status(self, day: date) -> tuple[bool, str | None]:
        """(is a working day, holiday name) for `day`, applying the three layers in order."""
        if day in self._makeup:
            return True, None
        if day in self._extra:
            return False, self._extra[day]
        table = _year_days(day.year)
        if day in table.makeup:
            return True, None
        if day in table.days_off:
            return False, table.days_off[day]
        return day.weekday() < _SATURDAY, None

    def _year_exceptions(self, year: int) -> _Exceptions:
        cached = self._exceptions.get(year)
        if cached is not None:
            return cached
        table = _year_days(year)
        candidates = {*table.days_off, *table.makeup}
        candidates.update(d for d in self._extra if d.year == year)
        candidates.update(d for d in self._makeup if d.year == year)
        weekdays_off: list[int] = []
        weekends_worked: list[int] = []
        for day in candidates:
            works = self._status(day)[0]
            is_weekday = day.weekday() < _SATURDAY
            if is_weekday and not works:
                weekdays_off.append(day.toordinal())
            elif not is_weekday and works:
                weekends_worked.append(day.toordinal())
        exceptions = _Exceptions(tuple(sorted(weekdays_off)), tuple(sorted(weekends_worked)))
        # A race here only builds the same immutable value twice.
        self._exceptions[year] = exceptions
        return exceptions


# -- the built-in calendar ----------------------------------------------------------------


def official_schedule() -> Mapping[int, tuple[OfficialBreak, ...]]:
    """The official breaks for state bodies, by year, as encoded in the data file."""
    return _load_schedule().breaks


def pending_holidays() -> tuple[PendingHoliday, ...]:
    """Holidays announced as policy but not yet in force; they are not counted as days off."""
    return _load_schedule().pending


@lru_cache(maxsize=512)
def _year_days(year: int) -> _YearDays:
    breaks = official_schedule().get(year)
    if breaks is not None:
        days_off: dict[date, str] = {}
        for brk in breaks:
            days_off.update((day, brk.name_of(day)) for day in brk.days())
        makeup = frozenset(swap.workday for brk in breaks for swap in brk.swaps)
        return _YearDays(MappingProxyType(days_off), makeup)
    # The package's year table may place an observed day of a neighbouring year's holiday in
    # this year, so ask for the neighbours too and keep this year's days.
    years = [y for y in (year - 1, year, year + 1) if 1 <= y <= 9999]
    statutory = holidays.country_holidays("VN", years=years, language="vi")
    days_off = {day: str(name) for day, name in sorted(statutory.items()) if day.year == year}
    return _YearDays(MappingProxyType(days_off), frozenset())


@cache
def _load_schedule() -> _Schedule:
    """Read and check the data file; a malformed file raises `ValueError` at first use."""
    raw = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    breaks: dict[int, tuple[OfficialBreak, ...]] = {}
    pending: list[PendingHoliday] = []
    for year_key, content in raw["years"].items():
        year = int(year_key)
        year_breaks = tuple(_parse_break(item) for item in content["breaks"])
        _validate_year(year, year_breaks)
        breaks[year] = year_breaks
        pending.extend(
            PendingHoliday(
                day=date.fromisoformat(item["date"]),
                name=item["name"],
                note=item["note"],
                url=item.get("url", ""),
            )
            for item in content.get("pending", ())
        )
    return _Schedule(MappingProxyType(breaks), tuple(pending))


def _parse_break(item: Mapping[str, Any]) -> OfficialBreak:
    return OfficialBreak(
        name=item["name"],
        first=date.fromisoformat(item["first"]),
        last=date.fromisoformat(item["last"]),
        source=item["source"],
        url=item.get("url", ""),
        swaps=tuple(
            Swap(date.fromisoformat(s["day_off"]), date.fromisoformat(s["workday"]))
            for s in item.get("swaps", ())
        ),
        day_names=MappingProxyType(
            {date.fromisoformat(d): name for d, name in item.get("day_names", {}).items()}
        ),
    )


def _validate_year(year: int, breaks: tuple[OfficialBreak, ...]) -> None:
    """Reject data that would silently give wrong answers: every rule here caught a typo."""
    off_days: set[date] = set()
    for brk in breaks:
        where = f"{DATA_FILE.name}, năm {year}, {brk.name}"
        if not (brk.first.year == brk.last.year == year and brk.first <= brk.last):
            raise ValueError(f"{where}: khoảng {brk.first}–{brk.last} không hợp lệ.")
        days = set(brk.days())
        if off_days & days:
            raise ValueError(f"{where}: trùng ngày với đợt nghỉ khác.")
        off_days |= days
        for swap in brk.swaps:
            if swap.day_off not in days or swap.day_off.weekday() >= _SATURDAY:
                raise ValueError(
                    f"{where}: ngày nghỉ hoán đổi {swap.day_off} phải là ngày "
                    "thường trong đợt nghỉ."
                )
            if swap.workday.weekday() < _SATURDAY or swap.workday.year != year:
                raise ValueError(
                    f"{where}: ngày làm bù {swap.workday} phải là thứ Bảy hoặc "
                    "Chủ nhật trong cùng năm."
                )
        if any(d not in days for d in brk.day_names):
            raise ValueError(f"{where}: day_names có ngày ngoài đợt nghỉ.")
    for brk in breaks:
        for swap in brk.swaps:
            if swap.workday in off_days:
                raise ValueError(f"năm {year}: ngày làm bù {swap.workday} nằm trong đợt nghỉ.")


# -- helpers ------------------------------------------------------------------------------


def _check_day(day: date) -> date:
    # A datetime is a date subclass that never equals a date, so every lookup would miss.
    if isinstance(day, datetime) or not isinstance(day, date):
        raise TypeError(f"Cần một ngày (datetime.date), nhận được {day!r}.")
    return day


def _weekdays_through(ordinal: int) -> int:
    """How many Mondays–Fridays lie in ordinals 1..`ordinal` (ordinal 1, 01/01/0001, is a
    Monday).
    """
    weeks, rest = divmod(ordinal, 7)
    return weeks * 5 + min(rest, 5)


def _count_in(sorted_ordinals: tuple[int, ...], low: int, high: int) -> int:
    return bisect_right(sorted_ordinals, high) - bisect_left(sorted_ordinals, low)
