"""Deadline phrases of real directives, read into rules, and the dates they give."""

from __future__ import annotations

import datetime as dt

import pytest

from chidao.core.periods import Period
from chidao.core.workdays import WorkdayCalendar
from chidao.reporting.choices import CutoffRule, DueMonth, DueRule
from chidao.reporting.rules import DueSpec, cutoff, describe, due_date, parse_due_text

Q3 = Period.quarterly(2024, 3)
MARCH = Period.monthly(2024, 3)


@pytest.mark.parametrize(
    ("text", "frequency", "expected"),
    [
        (
            "trước ngày 05 tháng cuối quý",
            "quarter",
            DueSpec(DueRule.DAY_OF_MONTH, 5, DueMonth.LAST),
        ),
        ("Trước ngày 20 tháng cuối kỳ", "half", DueSpec(DueRule.DAY_OF_MONTH, 20, DueMonth.LAST)),
        ("trước ngày 20 hằng tháng", "month", DueSpec(DueRule.DAY_OF_MONTH, 20, DueMonth.LAST)),
        ("trước ngày 20 hằng tháng", "quarter", DueSpec(DueRule.DAY_OF_MONTH, 20, DueMonth.NEXT)),
        ("trước ngày 05 của tháng đầu quý sau", "quarter", DueSpec(DueRule.DAY_OF_MONTH, 5)),
        ("chậm nhất ngày 10 tháng sau", "month", DueSpec(DueRule.DAY_OF_MONTH, 10)),
        (
            "2 ngày làm việc sau ngày chốt số liệu",
            "month",
            DueSpec(DueRule.WORKDAYS_AFTER_CUTOFF, count=2),
        ),
        (
            "trong vòng 03 ngày làm việc kể từ ngày chốt số liệu",
            "quarter",
            DueSpec(DueRule.WORKDAYS_AFTER_CUTOFF, count=3),
        ),
        (
            "chậm nhất 10 ngày sau khi kết thúc quý",
            "quarter",
            DueSpec(DueRule.DAYS_AFTER_PERIOD, count=10),
        ),
        ("định kỳ báo cáo", "month", None),
        ("trước ngày 45 tháng sau", "month", None),
    ],
)
def test_due_phrases_are_read(text: str, frequency: str, expected: DueSpec | None) -> None:
    assert parse_due_text(text, frequency) == expected


def test_day_of_the_quarters_last_month() -> None:
    spec = DueSpec(DueRule.DAY_OF_MONTH, 5, DueMonth.LAST)
    assert due_date(Q3, spec) == dt.date(2024, 9, 5)


def test_day_of_the_month_after_the_period() -> None:
    assert due_date(Q3, DueSpec(DueRule.DAY_OF_MONTH, 5)) == dt.date(2024, 10, 5)
    assert due_date(Period.quarterly(2024, 4), DueSpec(DueRule.DAY_OF_MONTH, 5)) == dt.date(
        2025, 1, 5
    )


def test_day_31_in_a_short_month_is_its_last_day() -> None:
    spec = DueSpec(DueRule.DAY_OF_MONTH, 31, DueMonth.LAST)
    assert due_date(Period.monthly(2024, 2), spec) == dt.date(2024, 2, 29)


def test_working_days_after_the_decree_cutoff_skip_the_weekend() -> None:
    # Tháng 03/2024 closes on Thursday 14/03/2024; two working days later is Monday 18/03.
    spec = DueSpec(DueRule.WORKDAYS_AFTER_CUTOFF, count=2)
    assert due_date(MARCH, spec, workdays=WorkdayCalendar()) == dt.date(2024, 3, 18)


def test_working_days_after_a_calendar_cutoff_skip_tet() -> None:
    # January 2025 ends on Friday 31/01, inside the Tết break (25/01–02/02/2025).
    spec = DueSpec(DueRule.WORKDAYS_AFTER_CUTOFF, count=1)
    january = Period.monthly(2025, 1)
    day = due_date(january, spec, cutoff_rule=CutoffRule.CALENDAR, workdays=WorkdayCalendar())
    assert day == dt.date(2025, 2, 3)


def test_days_after_the_period() -> None:
    assert due_date(Q3, DueSpec(DueRule.DAYS_AFTER_PERIOD, count=10)) == dt.date(2024, 10, 10)


def test_a_rule_without_its_number_is_refused() -> None:
    with pytest.raises(ValueError, match="ngày"):
        due_date(Q3, DueSpec(DueRule.DAY_OF_MONTH))


def test_cutoff_windows() -> None:
    assert cutoff(Q3, CutoffRule.DECREE_09) == (dt.date(2024, 6, 15), dt.date(2024, 9, 14))
    assert cutoff(Q3, CutoffRule.CALENDAR) == (dt.date(2024, 7, 1), dt.date(2024, 9, 30))


def test_rules_in_words() -> None:
    assert describe(DueSpec(DueRule.DAY_OF_MONTH, 5, DueMonth.LAST), "quarter") == (
        "trước ngày 05 tháng cuối quý"
    )
    assert describe(DueSpec(DueRule.WORKDAYS_AFTER_CUTOFF, count=2), "month") == (
        "2 ngày làm việc sau ngày chốt số liệu"
    )
