"""When a period's figures are counted and when its report is due.

Pure functions of a period, a rule and (for working days) a calendar; nothing here reads
the database (`describe` speaks through the translation catalogue). `parse_due_text`
reads the deadline phrases directives use:

- "trước ngày 05 tháng cuối quý", "trước ngày 20 tháng cuối kỳ" — day N of the period's
  last month;
- "trước ngày 05 của tháng đầu quý sau", "trước ngày 10 tháng sau", "ngày 05 tháng tiếp
  theo", "trước ngày 20 hằng tháng" (for a monthly report: that month) — day N of a month;
- "2 ngày làm việc sau ngày chốt số liệu", "trong vòng 03 ngày làm việc kể từ ngày chốt
  số liệu" — working days after the cut-off;
- "chậm nhất 10 ngày sau khi kết thúc quý" — calendar days after the period's end.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from chidao.core.periods import Period, cutoff_window
from chidao.core.text import fold
from chidao.core.workdays import WorkdayCalendar
from chidao.reporting.choices import CutoffRule, DueMonth, DueRule


@dataclass(frozen=True)
class DueSpec:
    """A deadline rule: `rule` with its day (`day`, `month`) or count (`count`)."""

    rule: DueRule
    day: int | None = None
    month: DueMonth = DueMonth.NEXT
    count: int | None = None


def cutoff(period: Period, rule: CutoffRule | str) -> tuple[dt.date, dt.date]:
    """The first and last day whose figures the period's report counts."""
    if rule == CutoffRule.CALENDAR:
        return period.start, period.end
    return cutoff_window(period)


def _day_in(year: int, month: int, day: int) -> dt.date:
    # "Ngày 31" in a 30-day month means its last day.
    return dt.date(year, month, min(day, calendar.monthrange(year, month)[1]))


def due_date(
    period: Period,
    spec: DueSpec,
    *,
    cutoff_rule: CutoffRule | str = CutoffRule.DECREE_09,
    workdays: WorkdayCalendar | None = None,
) -> dt.date:
    """The last day a unit's report for `period` is on time.

    "Trước ngày N" is read as the government reads it: the report must arrive by day N
    (day N itself still counts). A day that falls on a weekend or holiday is not moved:
    directives set calendar dates. Raises ValueError when the rule lacks its number.
    """
    match spec.rule:
        case DueRule.DAY_OF_MONTH:
            if not spec.day:
                raise ValueError("Cần ngày trong tháng cho hạn gửi báo cáo.")
            end = period.end
            if spec.month == DueMonth.LAST:
                return _day_in(end.year, end.month, spec.day)
            following = end + dt.timedelta(days=1)
            return _day_in(following.year, following.month, spec.day)
        case DueRule.WORKDAYS_AFTER_CUTOFF:
            if spec.count is None:
                raise ValueError("Cần số ngày làm việc cho hạn gửi báo cáo.")
            if workdays is None:
                raise ValueError("Cần lịch làm việc để tính ngày làm việc.")
            return workdays.add_workdays(cutoff(period, cutoff_rule)[1], spec.count)
        case DueRule.DAYS_AFTER_PERIOD:
            if spec.count is None:
                raise ValueError("Cần số ngày cho hạn gửi báo cáo.")
            return period.end + dt.timedelta(days=spec.count)
    raise ValueError(f"Cách tính hạn không hợp lệ: {spec.rule!r}")


_NUM = r"(\d{1,2})"
_WORKDAYS = re.compile(rf"{_NUM} ngay lam viec (?:sau|ke tu)(?: ngay)? (?:chot|khoa)")
_DAYS_AFTER = re.compile(rf"{_NUM} ngay (?:sau khi|sau|ke tu(?: ngay)?) (?:ket thuc|het)")
_DAY_OF = re.compile(rf"(?:truoc |cham nhat |truoc hoac trong )?ngay {_NUM}\b(?P<rest>.*)")
_LAST_MONTH = re.compile(r"^\s*(?:cua )?thang cuoi (?:quy|ky|nam|6 thang)")
_FOLLOWING = re.compile(r"\b(?:sau|tiep theo|ke tiep|ke tiep theo)\b")


def parse_due_text(text: str, frequency: str = "") -> DueSpec | None:
    """The rule a deadline phrase states, or None when it states none we read.

    `frequency` (a `Frequency` value) decides what "trước ngày 20 hằng tháng" means: for
    a monthly report the reporting month itself; otherwise the month after the period.
    """
    folded = fold(text)
    if match := _WORKDAYS.search(folded):
        return DueSpec(DueRule.WORKDAYS_AFTER_CUTOFF, count=int(match[1]))
    if match := _DAYS_AFTER.search(folded):
        return DueSpec(DueRule.DAYS_AFTER_PERIOD, count=int(match[1]))
    if match := _DAY_OF.search(folded):
        day = int(match[1])
        if not 1 <= day <= 31:
            return None
        rest = match["rest"]
        if _LAST_MONTH.search(rest):
            return DueSpec(DueRule.DAY_OF_MONTH, day=day, month=DueMonth.LAST)
        if _FOLLOWING.search(rest):
            return DueSpec(DueRule.DAY_OF_MONTH, day=day, month=DueMonth.NEXT)
        # A monthly report "trước ngày 20 (hằng tháng)" is due in the month reported (its
        # figures close on the 14th, Nghị định 09/2019); other periods' in the month after.
        month = DueMonth.LAST if frequency == "month" else DueMonth.NEXT
        return DueSpec(DueRule.DAY_OF_MONTH, day=day, month=month)
    return None


def describe(spec: DueSpec, frequency: str, *, language: str | None = None) -> str:
    """The rule in words, the way a directive would write it, in the interface's language
    ("trước ngày 05 tháng cuối quý", "before day 05 of the last month of the quarter"),
    or in `language` (the Vietnamese of stored texts: `settings.LANGUAGE_CODE`)."""
    if language is not None:
        with translation.override(language):
            return describe(spec, frequency)
    match spec.rule:
        case DueRule.DAY_OF_MONTH:
            return _day_of_month(spec, frequency) % {"day": f"{spec.day or 0:02d}"}
        case DueRule.WORKDAYS_AFTER_CUTOFF:
            n = spec.count or 0
            return ngettext(
                "%(n)s ngày làm việc sau ngày chốt số liệu",
                "%(n)s ngày làm việc sau ngày chốt số liệu",
                n,
            ) % {"n": n}
        case DueRule.DAYS_AFTER_PERIOD:
            return _days_after_period(spec.count or 0, frequency)
    return ""


def _day_of_month(spec: DueSpec, frequency: str) -> str:
    # Whole phrases, not a noun slotted into a sentence: English orders them otherwise.
    last = spec.month == DueMonth.LAST
    match frequency:
        case "month":
            return (
                _("trước ngày %(day)s tháng báo cáo") if last else _("trước ngày %(day)s tháng sau")
            )
        case "quarter":
            if last:
                return _("trước ngày %(day)s tháng cuối quý")
            return _("trước ngày %(day)s tháng đầu quý sau")
        case "year":
            if last:
                return _("trước ngày %(day)s tháng cuối năm")
            return _("trước ngày %(day)s tháng đầu năm sau")
    if last:
        return _("trước ngày %(day)s tháng cuối kỳ")
    return _("trước ngày %(day)s tháng đầu kỳ sau")


def _days_after_period(n: int, frequency: str) -> str:
    match frequency:
        case "month":
            text = ngettext(
                "%(n)s ngày sau khi kết thúc tháng", "%(n)s ngày sau khi kết thúc tháng", n
            )
        case "quarter":
            text = ngettext("%(n)s ngày sau khi kết thúc quý", "%(n)s ngày sau khi kết thúc quý", n)
        case "year":
            text = ngettext("%(n)s ngày sau khi kết thúc năm", "%(n)s ngày sau khi kết thúc năm", n)
        case _:
            text = ngettext("%(n)s ngày sau khi kết thúc kỳ", "%(n)s ngày sau khi kết thúc kỳ", n)
    return text % {"n": n}
