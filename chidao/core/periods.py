"""Reporting periods: months, quarters, half-years and years, and their data cut-off windows.

A `Period` is a value: `Period(PeriodKind.QUARTER, 2024, 3)` is the third quarter of 2024,
equal to and interchangeable with any other instance built from the same three values.
Periods of one kind partition the calendar year, so every date lies in exactly one period
of each kind (`Period.containing`). Each period has a compact code for URLs, storage and
imports ("2024-03", "2024Q3", "2024H1", "2024") and a Vietnamese label for people
("Tháng 03/2024", "Quý III/2024", "6 tháng đầu năm 2024", "Năm 2024").

The reporting regime of Nghị định 09/2019/NĐ-CP does not count a period's figures from its
first to its last day but over a *cut-off window* (thời gian chốt số liệu) that starts on
the 15th of the month before; `cutoff_window` gives that window and `Period.by_cutoff` the
period whose window holds a date.

Pure Python: nothing here imports Django.
"""

from __future__ import annotations

import calendar
import enum
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from functools import total_ordering
from typing import Final

__all__ = [
    "Period",
    "PeriodKind",
    "cutoff_window",
    "end_of",
    "start_of",
]


class PeriodKind(enum.StrEnum):
    """How long a period is. The value is what is stored in databases and URLs."""

    MONTH = "month"
    QUARTER = "quarter"
    HALF = "half"
    YEAR = "year"

    @property
    def months(self) -> int:
        """Number of calendar months in one period of this kind."""
        return _MONTHS_PER_PERIOD[self]

    @property
    def per_year(self) -> int:
        """Number of periods of this kind in a calendar year (the largest valid index)."""
        return 12 // _MONTHS_PER_PERIOD[self]

    @property
    def label(self) -> str:
        """Vietnamese name of the kind, as used in "báo cáo định kỳ hằng …"."""
        return _KIND_LABELS[self]


_MONTHS_PER_PERIOD: Final[dict[PeriodKind, int]] = {
    PeriodKind.MONTH: 1,
    PeriodKind.QUARTER: 3,
    PeriodKind.HALF: 6,
    PeriodKind.YEAR: 12,
}
_KIND_LABELS: Final[dict[PeriodKind, str]] = {
    PeriodKind.MONTH: "tháng",
    PeriodKind.QUARTER: "quý",
    PeriodKind.HALF: "6 tháng",
    PeriodKind.YEAR: "năm",
}
_ROMAN: Final[tuple[str, ...]] = ("I", "II", "III", "IV")
_HALF_LABELS: Final[tuple[str, ...]] = ("6 tháng đầu năm", "6 tháng cuối năm")

MIN_YEAR: Final = 1
MAX_YEAR: Final = 9999


@total_ordering
@dataclass(frozen=True, slots=True, repr=False)
class Period:
    """One reporting period: a month, quarter, half-year or year of the Gregorian calendar.

    `index` counts from 1 within the year: the month (1–12), the quarter (1–4), the half
    (1–2), and always 1 for a year. Construction validates all three fields and raises
    `ValueError` (message in Vietnamese) when they do not name a period; `kind` may be given
    as its string value ("quarter") and is converted to `PeriodKind`.

    Equality and hashing use (kind, year, index). Periods are ordered by (start, end), so a
    sequence of one kind sorts chronologically; across kinds, a shorter period sorts before
    the longer one that starts on the same day (January < Q1 < H1 < the year).
    """

    kind: PeriodKind
    year: int
    index: int = 1

    def __post_init__(self) -> None:
        kind = _as_kind(self.kind)
        object.__setattr__(self, "kind", kind)
        if isinstance(self.year, bool) or not isinstance(self.year, int):
            raise ValueError(f"Năm phải là số nguyên, nhận được {self.year!r}.")
        if isinstance(self.index, bool) or not isinstance(self.index, int):
            raise ValueError(f"Số thứ tự kỳ phải là số nguyên, nhận được {self.index!r}.")
        if not MIN_YEAR <= self.year <= MAX_YEAR:
            raise ValueError(f"Năm phải từ {MIN_YEAR} đến {MAX_YEAR}, nhận được {self.year}.")
        if not 1 <= self.index <= kind.per_year:
            raise ValueError(
                f"Số thứ tự {kind.label} phải từ 1 đến {kind.per_year}, nhận được {self.index}."
            )

    # -- construction ---------------------------------------------------------------------

    @classmethod
    def monthly(cls, year: int, month: int) -> Period:
        """The calendar month `month` (1–12) of `year`."""
        return cls(PeriodKind.MONTH, year, month)

    @classmethod
    def quarterly(cls, year: int, quarter: int) -> Period:
        """Quarter `quarter` (1–4) of `year`."""
        return cls(PeriodKind.QUARTER, year, quarter)

    @classmethod
    def half_year(cls, year: int, half: int) -> Period:
        """Half `half` of `year`: 1 is January–June, 2 is July–December."""
        return cls(PeriodKind.HALF, year, half)

    @classmethod
    def annual(cls, year: int) -> Period:
        """The whole calendar year `year`."""
        return cls(PeriodKind.YEAR, year, 1)

    @classmethod
    def containing(cls, kind: PeriodKind | str, day: date) -> Period:
        """The period of `kind` whose first-to-last-day span holds `day`."""
        kind = _as_kind(kind)
        return cls(kind, day.year, (day.month - 1) // kind.months + 1)

    @classmethod
    def by_cutoff(cls, kind: PeriodKind | str, day: date) -> Period:
        """The period of `kind` whose cut-off window (see `cutoff_window`) holds `day`.

        Figures dated 20/03/2024 belong to the April 2024 monthly report and to the second
        quarter's report, because those windows open on 15/03/2024. Raises `ValueError` when
        that period would fall after year 9999.
        """
        kind = _as_kind(kind)
        if day.day >= _CUTOFF_DAY + 1:
            # From the 15th on, the day counts toward the period that holds next month.
            year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
            if year > MAX_YEAR:
                raise ValueError(f"Năm phải từ {MIN_YEAR} đến {MAX_YEAR}, nhận được {year}.")
            return cls.containing(kind, date(year, month, 1))
        return cls.containing(kind, day)

    @classmethod
    def parse(cls, text: str) -> Period:
        """Read a period from its code or its label, ignoring case and surrounding spaces.

        Accepted forms, with 2024 standing for any four-digit year:

        - month: "2024-03", "2024-3", "03/2024", "T3/2024", "T03/2024", "Tháng 03/2024"
        - quarter: "2024Q3", "2024-Q3", "Q3/2024", "Quý III/2024", "Quý 3/2024"
        - half: "2024H1", "2024-H1", "H1/2024", "6 tháng đầu năm 2024", "6 tháng cuối năm 2024"
        - year: "2024", "Năm 2024"

        `Period.parse(p.code) == p` and `Period.parse(p.label) == p` for every period `p`.
        Raises `ValueError` with a Vietnamese message naming the accepted forms when `text`
        matches none of them, or when it names a month, quarter or half that does not exist.
        """
        if not isinstance(text, str):
            raise ValueError(f"Mã kỳ phải là chuỗi ký tự, nhận được {text!r}.")
        normalized = " ".join(unicodedata.normalize("NFC", text).casefold().split())
        for pattern, kind in _PATTERNS:
            match = pattern.fullmatch(normalized)
            if match is None:
                continue
            year = int(match["year"])
            if kind is PeriodKind.YEAR:
                return cls(kind, year, 1)
            raw = match["index"]
            return cls(kind, year, _WORD_INDEX[raw] if raw in _WORD_INDEX else int(raw))
        raise ValueError(
            f"Không nhận dạng được kỳ báo cáo {text!r}. Dùng một trong các dạng: "
            "tháng 2024-03 (hoặc 03/2024, T3/2024), quý 2024Q3 (hoặc Q3/2024, Quý III/2024), "
            "6 tháng 2024H1 (hoặc H1/2024), năm 2024."
        )

    def through(self, last: Period) -> Iterator[Period]:
        """Yield the periods from this one to `last`, both included, in order.

        `Period.monthly(2024, 11).through(Period.monthly(2025, 2))` yields 2024-11, 2024-12,
        2025-01 and 2025-02. Both ends must be of the same kind (`ValueError` otherwise).
        Nothing is yielded when `last` comes before this period.
        """
        if self.kind is not last.kind:
            raise ValueError(
                f"Hai đầu khoảng phải cùng loại kỳ: {self.code} là {self.kind.label}, "
                f"{last.code} là {last.kind.label}."
            )
        for ordinal in range(self._ordinal, last._ordinal + 1):
            yield Period._from_ordinal(self.kind, ordinal)

    @staticmethod
    def covering(kind: PeriodKind | str, first_day: date, last_day: date) -> Iterator[Period]:
        """Yield, in order, every period of `kind` that overlaps `first_day`–`last_day`."""
        if last_day < first_day:
            return iter(())
        return Period.containing(kind, first_day).through(Period.containing(kind, last_day))

    # -- calendar -------------------------------------------------------------------------

    @property
    def start(self) -> date:
        """The first day of the period."""
        return date(self.year, self._first_month, 1)

    @property
    def end(self) -> date:
        """The last day of the period (included in the period)."""
        month = self._first_month + self.kind.months - 1
        return date(self.year, month, calendar.monthrange(self.year, month)[1])

    @property
    def days(self) -> int:
        """Number of days in the period."""
        return (self.end - self.start).days + 1

    def contains(self, day: date) -> bool:
        """Whether `day` lies between `start` and `end`, both included."""
        return self.start <= day <= self.end

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.contains(day)

    def shift(self, steps: int) -> Period:
        """The period `steps` periods of the same kind later (earlier when negative).

        Raises `ValueError` when the result would fall outside years 1–9999.
        """
        return Period._from_ordinal(self.kind, self._ordinal + steps)

    def next(self) -> Period:
        """The following period of the same kind: Q4/2024 → Q1/2025."""
        return self.shift(1)

    def previous(self) -> Period:
        """The preceding period of the same kind: 01/2024 → 12/2023."""
        return self.shift(-1)

    # -- names ----------------------------------------------------------------------------

    @property
    def code(self) -> str:
        """Compact, sortable-within-a-kind code: "2024-03", "2024Q3", "2024H1", "2024"."""
        match self.kind:
            case PeriodKind.MONTH:
                return f"{self.year:04d}-{self.index:02d}"
            case PeriodKind.QUARTER:
                return f"{self.year:04d}Q{self.index}"
            case PeriodKind.HALF:
                return f"{self.year:04d}H{self.index}"
            case PeriodKind.YEAR:
                return f"{self.year:04d}"

    @property
    def label(self) -> str:
        """Vietnamese label as written in reports: "Tháng 03/2024", "Quý III/2024",
        "6 tháng đầu năm 2024", "Năm 2024".
        """
        match self.kind:
            case PeriodKind.MONTH:
                return f"Tháng {self.index:02d}/{self.year}"
            case PeriodKind.QUARTER:
                return f"Quý {_ROMAN[self.index - 1]}/{self.year}"
            case PeriodKind.HALF:
                return f"{_HALF_LABELS[self.index - 1]} {self.year}"
            case PeriodKind.YEAR:
                return f"Năm {self.year}"

    def __str__(self) -> str:
        return self.code

    def __repr__(self) -> str:
        return f"Period.parse({self.code!r})"

    # -- ordering -------------------------------------------------------------------------

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return (self.start, self.end) < (other.start, other.end)

    # -- internals ------------------------------------------------------------------------

    @property
    def _first_month(self) -> int:
        return (self.index - 1) * self.kind.months + 1

    @property
    def _ordinal(self) -> int:
        """Periods of one kind counted from year 0, so that consecutive periods differ by 1."""
        return self.year * self.kind.per_year + self.index - 1

    @staticmethod
    def _from_ordinal(kind: PeriodKind, ordinal: int) -> Period:
        year, offset = divmod(ordinal, kind.per_year)
        return Period(kind, year, offset + 1)


# Indexes written as words: Roman quarter numerals and the two halves of the year.
_WORD_INDEX: Final[dict[str, int]] = {
    **{numeral.casefold(): i for i, numeral in enumerate(_ROMAN, 1)},
    "đầu": 1,
    "cuối": 2,
}

# Patterns run on casefolded, NFC-normalised text with single spaces.
_YEAR = r"(?P<year>\d{4})"
_PATTERNS: Final[tuple[tuple[re.Pattern[str], PeriodKind], ...]] = (
    (re.compile(rf"{_YEAR}-(?P<index>\d{{1,2}})"), PeriodKind.MONTH),
    (re.compile(rf"(?:tháng |t)?(?P<index>\d{{1,2}})/{_YEAR}"), PeriodKind.MONTH),
    (re.compile(rf"{_YEAR}-?q(?P<index>\d)"), PeriodKind.QUARTER),
    (re.compile(rf"(?:q|quý ?)(?P<index>\d|iv|iii|ii|i)/{_YEAR}"), PeriodKind.QUARTER),
    (re.compile(rf"{_YEAR}-?h(?P<index>\d)"), PeriodKind.HALF),
    (re.compile(rf"h(?P<index>\d)/{_YEAR}"), PeriodKind.HALF),
    (re.compile(rf"6 tháng (?P<index>đầu|cuối) năm {_YEAR}"), PeriodKind.HALF),
    (re.compile(rf"(?:năm )?{_YEAR}"), PeriodKind.YEAR),
)

# The day of the month on which a cut-off window closes (Nghị định 09/2019/NĐ-CP, Điều 12).
_CUTOFF_DAY: Final = 14


def _as_kind(value: PeriodKind | str) -> PeriodKind:
    try:
        return PeriodKind(value)
    except ValueError:
        kinds = ", ".join(k.value for k in PeriodKind)
        raise ValueError(f"Loại kỳ không hợp lệ: {value!r} (chỉ nhận {kinds}).") from None


def start_of(period: Period) -> date:
    """The first day of `period`; the same as `period.start`."""
    return period.start


def end_of(period: Period) -> date:
    """The last day of `period`, for deadlines worded as a period's end.

    "Hoàn thành trong quý II/2024" and "hết quý 2/2024" both mean
    `end_of(Period.quarterly(2024, 2))`, that is 30/06/2024. Same as `period.end`.
    """
    return period.end


def cutoff_window(period: Period) -> tuple[date, date]:
    """The data cut-off window (thời gian chốt số liệu) of `period`, both ends included.

    Nghị định 09/2019/NĐ-CP quy định về chế độ báo cáo của cơ quan hành chính nhà nước,
    Điều 12 (thời gian chốt số liệu trong chế độ báo cáo định kỳ):

    - monthly report: from the 15th of the previous month to the 14th of the reporting
      month — Tháng 03/2024 is 15/02/2024–14/03/2024;
    - quarterly report: from the 15th of the month before the quarter to the 14th of the
      quarter's last month — Quý I/2024 is 15/12/2023–14/03/2024;
    - six-month report: from 15 December of the previous year to 14 June — 6 tháng đầu năm
      2024 is 15/12/2023–14/06/2024;
    - yearly report: from 15 December of the previous year to 14 December — Năm 2024 is
      15/12/2023–14/12/2024.

    The decree defines only the first-half six-month report; for the second half this
    returns, by the same rule, 15 June to 14 December, so the windows of every kind
    partition the timeline without gaps or overlaps. This is the default; a regime that sets
    its own cut-off dates overrides it.

    The same windows, word for word, are applied by texts that implement the decree, e.g.
    Quyết định 01/2023/QĐ-UBND tỉnh Khánh Hòa (Điều 4) and Nghị định 152/2020/NĐ-CP as
    amended by Nghị định 70/2023/NĐ-CP (Điều 27 khoản 4, the yearly window).

    No default submission deadline (thời hạn gửi báo cáo) is offered: each regime states
    its own, and none could be checked against the decree's text.
    """
    first_month_start = period.start
    if first_month_start.month == 1:
        opens = date(first_month_start.year - 1, 12, _CUTOFF_DAY + 1)
    else:
        opens = date(first_month_start.year, first_month_start.month - 1, _CUTOFF_DAY + 1)
    last = period.end
    return opens, date(last.year, last.month, _CUTOFF_DAY)


def parse_day(text: str | None) -> date | None:
    """A date written dd/mm/yyyy or yyyy-mm-dd; None when empty; ValueError when bad."""
    raw = (text or "").strip()
    if not raw:
        return None
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(raw, fmt).date()
        except ValueError:
            continue
    raise ValueError(raw)
