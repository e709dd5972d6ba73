"""Figures are judged as they are shown (issue 9: a commune's 95 % against "≥ 95 %" was
"Không đạt" while the province's 95 % was met, and the home page once said "Có nguy cơ").

Value and target are rounded half up to the indicator's decimals before the comparator
applies; ratios come from numerator and denominator in `Decimal`. Boundaries of every
comparator, for a unit and for the province.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from chidao.indicators.achievement import judge, satisfies, shown
from chidao.indicators.choices import Achievement, Comparator
from chidao.indicators.queries import figure_text, format_number, scoreboard
from chidao.indicators.services import set_target
from chidao.indicators.tests.conftest import Q3, store

D = Decimal
END = Q3.end
DURING = dt.date(2024, 9, 15)
AFTER = dt.date(2024, 10, 5)
MET, MISSED = Achievement.MET, Achievement.MISSED

# value, comparator, target, decimals → status once the period is over
BOUNDARIES = [
    # ≥: what rounds to the target meets it, what rounds below does not
    (D(95), Comparator.GTE, D(95), 1, MET),
    (D("94.95"), Comparator.GTE, D(95), 1, MET),  # shown 95
    (D("94.94"), Comparator.GTE, D(95), 1, MISSED),  # shown 94,9
    (D("94.5"), Comparator.GTE, D(95), 0, MET),  # shown 95
    (D("94.49"), Comparator.GTE, D(95), 0, MISSED),  # shown 94
    # >: equal as shown is not above
    (D("95.04"), Comparator.GT, D(95), 1, MISSED),  # shown 95
    (D("95.05"), Comparator.GT, D(95), 1, MET),  # shown 95,1
    (D(95), Comparator.GT, D("94.96"), 1, MISSED),  # the target is shown 95 too
    # ≤
    (D("5.04"), Comparator.LTE, D(5), 1, MET),  # shown 5
    (D("5.05"), Comparator.LTE, D(5), 1, MISSED),  # shown 5,1
    (D(5), Comparator.LTE, D(5), 0, MET),
    # <: equal as shown is not below
    (D("4.96"), Comparator.LT, D(5), 1, MISSED),  # shown 5
    (D("4.94"), Comparator.LT, D(5), 1, MET),  # shown 4,9
    # =
    (D("99.96"), Comparator.EQ, D(100), 1, MET),  # shown 100
    (D("99.94"), Comparator.EQ, D(100), 1, MISSED),  # shown 99,9
    (D("100.04"), Comparator.EQ, D(100), 1, MET),
    # A ratio that never ends: 1/3 × 300 is 99,99… and is shown 100.
    (D(1) / D(3) * 300, Comparator.GTE, D(100), 1, MET),
    (D(1) / D(3) * 300, Comparator.EQ, D(100), 2, MET),
]


@pytest.mark.parametrize(("value", "comparator", "target", "decimals", "status"), BOUNDARIES)
def test_boundaries_are_judged_on_the_figure_shown(
    value: Decimal, comparator: str, target: Decimal, decimals: int, status: Achievement
) -> None:
    judged = judge(value, target, comparator, period_end=END, as_of=AFTER, decimals=decimals).status
    assert judged == status
    # The words agree with the figures as printed ("94,95" is printed "95").
    printed = [
        D(format_number(x, decimals).replace(".", "").replace(",", ".")) for x in (value, target)
    ]
    assert (judged == MET) == satisfies(printed[0], comparator, printed[1])


def test_while_the_period_runs_a_boundary_is_met_not_at_risk() -> None:
    judged = judge(D("94.95"), D(95), Comparator.GTE, period_end=END, as_of=DURING, decimals=1)
    assert judged.status == MET
    assert judged.ratio == D(1)


def test_without_decimals_the_raw_figures_are_compared() -> None:
    raw = judge(D("94.95"), D(95), Comparator.GTE, period_end=END, as_of=AFTER)
    assert raw.status == MISSED


def test_shown_rounds_half_up_as_the_screens_do() -> None:
    assert [shown(D(x), 1) for x in ("94.95", "94.949", "-0.05")] == [
        D("95.0"),
        D("94.9"),
        D("-0.1"),
    ]


@pytest.fixture
def ratio(catalogue: dict[str, Any]) -> Any:
    """DVC-TL-TT = DVC-HS-TT / DVC-HS-TONG × 100, one decimal."""
    indicator = catalogue["DVC-TL-TT"]
    assert indicator.decimals == 1
    return indicator


def _board(indicator: Any, units: list[Any], as_of: dt.date) -> Any:
    return scoreboard([indicator], units, Q3, as_of)


@pytest.mark.django_db
def test_unit_and_province_at_95_both_meet_95(
    ratio: Any, catalogue: dict[str, Any], province: Any
) -> None:
    # Given a unit at 1.899/2.000 = 94,95 % (shown 95 %), another at 19/20 = 95 %, the
    # province at 1.918/2.020 = 94,95… % (shown 95 %), and the province's target ≥ 95 %
    for unit, online, total in ((province.tc, 1899, 2000), (province.yt, 19, 20)):
        store(catalogue["DVC-HS-TT"], unit, Q3, online)
        store(catalogue["DVC-HS-TONG"], unit, Q3, total)
    set_target(None, indicator=ratio, period=Q3, value=D(95), comparator=Comparator.GTE)
    board = _board(ratio, [province.tc, province.yt], AFTER)
    tc, yt = board.cells[(ratio.pk, province.tc.pk)], board.cells[(ratio.pk, province.yt.pk)]
    whole = board.province[ratio.pk]
    # Then each is shown 95 % and met
    assert [figure_text(c.value, ratio) for c in (tc, yt, whole)] == ["95%", "95%", "95%"]
    assert [c.judgement.status for c in (tc, yt, whole)] == [MET, MET, MET]
    # ...and during the quarter too (no "Có nguy cơ không đạt")
    during = _board(ratio, [province.tc, province.yt], DURING)
    assert during.province[ratio.pk].judgement.status == MET
    assert during.cells[(ratio.pk, province.tc.pk)].judgement.status == MET


@pytest.mark.django_db
def test_a_unit_shown_below_the_target_misses_it(
    ratio: Any, catalogue: dict[str, Any], province: Any
) -> None:
    store(catalogue["DVC-HS-TT"], province.tc, Q3, 1898)  # 94,9 %
    store(catalogue["DVC-HS-TONG"], province.tc, Q3, 2000)
    set_target(
        None, indicator=ratio, period=Q3, value=D(95), comparator=Comparator.GTE, unit=province.tc
    )
    cell = _board(ratio, [province.tc], AFTER).cells[(ratio.pk, province.tc.pk)]
    assert figure_text(cell.value, ratio) == "94,9%"
    assert cell.judgement.status == MISSED


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("online", "comparator", "status"),
    [
        # online of 10.000 → the ratio (shown with one decimal) against 95 %
        (9495, Comparator.GTE, MET),  # 94,95 → 95
        (9494, Comparator.GTE, MISSED),  # 94,94 → 94,9
        (9504, Comparator.GT, MISSED),  # 95,04 → 95
        (9505, Comparator.GT, MET),  # 95,05 → 95,1
        (9504, Comparator.LTE, MET),
        (9505, Comparator.LTE, MISSED),
        (9495, Comparator.LT, MISSED),
        (9494, Comparator.LT, MET),
        (9495, Comparator.EQ, MET),
        (9504, Comparator.EQ, MET),
        (9505, Comparator.EQ, MISSED),
    ],
)
def test_every_comparator_for_a_unit_and_the_province(
    ratio: Any,
    catalogue: dict[str, Any],
    province: Any,
    online: int,
    comparator: str,
    status: Achievement,
) -> None:
    store(catalogue["DVC-HS-TT"], province.tc, Q3, online)
    store(catalogue["DVC-HS-TONG"], province.tc, Q3, 10_000)
    set_target(None, indicator=ratio, period=Q3, value=D(95), comparator=comparator)
    board = _board(ratio, [province.tc], AFTER)
    # One unit: its cell (judged against the province's target) and the province's agree.
    assert board.cells[(ratio.pk, province.tc.pk)].judgement.status == status
    assert board.province[ratio.pk].judgement.status == status


@pytest.mark.django_db
def test_home_page_judges_the_province_as_shown(
    ratio: Any, catalogue: dict[str, Any], province: Any
) -> None:
    from chidao.dashboard.queries import province_targets

    store(catalogue["DVC-HS-TT"], province.tc, Q3, 1899)
    store(catalogue["DVC-HS-TONG"], province.tc, Q3, 2000)
    set_target(None, indicator=ratio, period=Q3, value=D(95), comparator=Comparator.GTE)
    period, lines = province_targets(DURING)
    assert period == Q3
    [line] = [line for line in lines if line.indicator.pk == ratio.pk]
    assert figure_text(line.cell.value, ratio) == "95%"
    assert line.cell.judgement.status == MET
