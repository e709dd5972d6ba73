"""Achievement: a value against its target, by ordered rules (the first that holds wins).

1. no value → `NO_DATA` (grey);
2. the value satisfies the comparator (≥, >, ≤, <, =) → `MET` (green);
3. the period is not over and the value is within the indicator's `at_risk_ratio` of
   the target (≥ 90 % of it when higher is better; ≤ target ÷ 0.9 when lower is) →
   `AT_RISK` (amber);
4. the period is not over → `BEHIND` (red: far from the target, still time to act);
5. otherwise → `MISSED` (red).

Figures are compared as they are shown: value and target rounded half up to the
indicator's `decimals` (as `shown` rounds them for the screens, the .docx and the .xlsx)
before any rule applies — 94,96 % shown as "95%" meets "≥ 95%", 94,94 % shown "94,9%"
does not — so the words beside a figure never contradict the figure. Ratios of reported
counts come in as `Decimal`s computed from numerator and denominator (`queries.level_value`),
never floats.

Pure: no database. Colours are Tabler's names, words come from `Achievement`'s labels.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from chidao.indicators.choices import Achievement, Comparator, Direction

COLOURS: dict[str, str] = {
    Achievement.MET: "green",
    Achievement.AT_RISK: "yellow",
    Achievement.BEHIND: "orange",
    Achievement.MISSED: "red",
    Achievement.NO_DATA: "secondary",
    Achievement.NO_TARGET: "secondary",
}


@dataclass(frozen=True)
class Judgement:
    status: Achievement
    ratio: Decimal | None  # value ÷ target (higher is better) or target ÷ value (lower)

    @property
    def colour(self) -> str:
        return COLOURS[self.status]

    @property
    def label(self) -> str:
        return str(self.status.label)


def shown(value: Decimal, decimals: int) -> Decimal:
    """`value` rounded half up to `decimals` places: the number the reader sees."""
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def satisfies(value: Decimal, comparator: str, target: Decimal) -> bool:
    match comparator:
        case Comparator.GTE:
            return value >= target
        case Comparator.GT:
            return value > target
        case Comparator.LTE:
            return value <= target
        case Comparator.LT:
            return value < target
        case Comparator.EQ:
            return value == target
    raise ValueError(f"Phép so sánh không hợp lệ: {comparator!r}")


def judge(
    value: Decimal | None,
    target: Decimal | None,
    comparator: str,
    *,
    direction: str = Direction.HIGHER,
    period_end: dt.date,
    as_of: dt.date,
    at_risk_ratio: Decimal = Decimal("0.9"),
    decimals: int | None = None,
) -> Judgement:
    """Apply the rules above. `direction` says which way "close to the target" lies when
    the comparator is `=`; for the other comparators the comparator itself says. With
    `decimals` (the indicator's), value and target are first rounded as shown."""
    if target is None:
        return Judgement(Achievement.NO_TARGET, None)
    if value is None:
        return Judgement(Achievement.NO_DATA, None)
    if decimals is not None:
        value, target = shown(value, decimals), shown(target, decimals)
    lower_better = comparator in (Comparator.LTE, Comparator.LT) or (
        comparator == Comparator.EQ and direction == Direction.LOWER
    )
    ratio: Decimal | None
    if lower_better:
        ratio = (target / value) if value else None
    else:
        ratio = (value / target) if target else None
    if satisfies(value, comparator, target):
        return Judgement(Achievement.MET, ratio)
    ongoing = as_of <= period_end
    if ongoing and (ratio is None or ratio >= at_risk_ratio):
        return Judgement(Achievement.AT_RISK, ratio)
    if ongoing:
        return Judgement(Achievement.BEHIND, ratio)
    return Judgement(Achievement.MISSED, ratio)
