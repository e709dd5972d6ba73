"""Achievement by ordered rules: a table of cases, higher and lower is better, the period
over or not."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from chidao.indicators.achievement import judge, satisfies
from chidao.indicators.choices import Achievement

END = dt.date(2024, 9, 30)
DURING = dt.date(2024, 9, 15)
AFTER = dt.date(2024, 10, 5)
D = Decimal

# value, comparator, target, direction, as of → status, ratio
CASES = [
    # Rule 1: no target, no value.
    (D(80), ">=", None, "higher", AFTER, Achievement.NO_TARGET, None),
    (None, ">=", D(70), "higher", AFTER, Achievement.NO_DATA, None),
    (None, ">=", D(70), "higher", DURING, Achievement.NO_DATA, None),
    # Rule 2: the comparator holds, during or after the period.
    (D(70), ">=", D(70), "higher", AFTER, Achievement.MET, D(1)),
    (D("94.9"), ">=", D(70), "higher", DURING, Achievement.MET, D("94.9") / 70),
    (D(71), ">", D(70), "higher", AFTER, Achievement.MET, D(71) / 70),
    (D(100), "=", D(100), "higher", AFTER, Achievement.MET, D(1)),
    # Rule 3: within 90 % of the target while the period runs.
    (D(63), ">=", D(70), "higher", DURING, Achievement.AT_RISK, D("0.9")),
    (D(70), ">", D(70), "higher", DURING, Achievement.AT_RISK, D(1)),
    (D(63), ">=", D(70), "higher", END, Achievement.AT_RISK, D("0.9")),  # last day: still on
    # Rule 4: far from it, still time.
    (D(62), ">=", D(70), "higher", DURING, Achievement.BEHIND, D(62) / 70),
    (D(0), ">=", D(100), "higher", DURING, Achievement.BEHIND, D(0)),
    # Rule 5: the period is over.
    (D(69), ">=", D(70), "higher", AFTER, Achievement.MISSED, D(69) / 70),
    (D(70), ">", D(70), "higher", AFTER, Achievement.MISSED, D(1)),
    # Lower is better: overdue files at most 10.
    (D(8), "<=", D(10), "lower", AFTER, Achievement.MET, D(10) / 8),
    (D(10), "<", D(10), "lower", AFTER, Achievement.MISSED, D(1)),
    (D(11), "<=", D(10), "lower", DURING, Achievement.AT_RISK, D(10) / 11),
    (D(12), "<=", D(10), "lower", DURING, Achievement.BEHIND, D(10) / 12),
    (D(12), "<=", D(10), "lower", AFTER, Achievement.MISSED, D(10) / 12),
    (D(0), "<=", D(10), "lower", AFTER, Achievement.MET, None),  # no ratio to zero
    # "=" follows the indicator's direction.
    (D(11), "=", D(10), "lower", DURING, Achievement.AT_RISK, D(10) / 11),
    (D(9), "=", D(10), "higher", DURING, Achievement.AT_RISK, D("0.9")),
    (D(8), "=", D(10), "higher", DURING, Achievement.BEHIND, D("0.8")),
]


@pytest.mark.parametrize(
    ("value", "comparator", "target", "direction", "as_of", "status", "ratio"), CASES
)
def test_ordered_rules(
    value: Decimal | None,
    comparator: str,
    target: Decimal | None,
    direction: str,
    as_of: dt.date,
    status: Achievement,
    ratio: Decimal | None,
) -> None:
    judgement = judge(value, target, comparator, direction=direction, period_end=END, as_of=as_of)
    assert judgement.status == status
    assert judgement.ratio == ratio


def test_at_risk_threshold_is_the_indicators() -> None:
    strict = judge(D(85), D(100), ">=", period_end=END, as_of=DURING, at_risk_ratio=D("0.95"))
    loose = judge(D(85), D(100), ">=", period_end=END, as_of=DURING, at_risk_ratio=D("0.8"))
    assert (strict.status, loose.status) == (Achievement.BEHIND, Achievement.AT_RISK)


def test_colour_and_words() -> None:
    words = {
        Achievement.MET: ("green", "Đạt"),
        Achievement.AT_RISK: ("yellow", "Có nguy cơ không đạt"),
        Achievement.BEHIND: ("orange", "Chưa đạt, còn trong kỳ"),
        Achievement.MISSED: ("red", "Không đạt"),
        Achievement.NO_DATA: ("secondary", "Chưa có số liệu"),
        Achievement.NO_TARGET: ("secondary", "Chưa giao chỉ tiêu"),
    }
    for value, target, as_of in [
        (D(80), D(70), AFTER),
        (D(65), D(70), DURING),
        (D(10), D(70), DURING),
        (D(10), D(70), AFTER),
        (None, D(70), AFTER),
        (D(10), None, AFTER),
    ]:
        j = judge(value, target, ">=", period_end=END, as_of=as_of)
        assert (j.colour, j.label) == words[j.status]


def test_unknown_comparator_is_refused() -> None:
    with pytest.raises(ValueError, match="Phép so sánh không hợp lệ"):
        satisfies(D(1), "≈", D(1))
