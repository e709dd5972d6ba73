"""Reading figures: computed indicators at any level, the target that applies, numbers
written the Vietnamese way."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from chidao.core.periods import Period
from chidao.indicators import queries
from chidao.indicators.models import Target
from chidao.indicators.services import set_target
from chidao.indicators.tests.conftest import Q3, store
from chidao.units.models import UnitGroup

pytestmark = pytest.mark.django_db


def _v(target: Target | None) -> Decimal:
    assert target is not None
    return target.value


def level(catalogue: dict[str, Any], code: str, units: list[Any], period: Period = Q3) -> Any:
    indicator = catalogue[code]
    terms = queries.terms_of([indicator])
    values = queries.reported_values([t.pk for t in terms], [u.pk for u in units], period)
    return queries.level_value(indicator, values, [u.pk for u in units])


def test_ratio_is_weighted_over_units_not_an_average_of_percentages(
    province: Any, catalogue: dict[str, Any]
) -> None:
    store(catalogue["DVC-HS-TT"], province.tc, Q3, 90)
    store(catalogue["DVC-HS-TONG"], province.tc, Q3, 100)
    store(catalogue["DVC-HS-TT"], province.yt, Q3, 10)
    store(catalogue["DVC-HS-TONG"], province.yt, Q3, 900)
    # Sở KH&CN gave only its numerator: left out of both sums.
    store(catalogue["DVC-HS-TT"], province.khcn, Q3, 500)
    assert level(catalogue, "DVC-TL-TT", [province.tc]) == Decimal(90)
    assert level(catalogue, "DVC-TL-TT", [province.yt]) == Decimal(10) / 900 * 100
    both = level(catalogue, "DVC-TL-TT", [province.tc, province.yt, province.khcn])
    assert both == Decimal(10)  # 100 of 1.000 files, not (90 % + 1,1 %) ÷ 2
    assert level(catalogue, "DVC-TL-TT", [province.khcn]) is None


def test_ratio_of_a_zero_denominator_or_no_data_is_none(
    province: Any, catalogue: dict[str, Any]
) -> None:
    assert level(catalogue, "GQ-TL", [province.tc]) is None
    store(catalogue["GQ-DUNGHAN"], province.tc, Q3, 0)
    store(catalogue["GQ-TONG"], province.tc, Q3, 0)
    assert level(catalogue, "GQ-TL", [province.tc]) is None


def test_reported_counts_sum_and_percentages_average(
    province: Any, catalogue: dict[str, Any]
) -> None:
    store(catalogue["DVC-HS-TONG"], province.tc, Q3, 1200)
    store(catalogue["DVC-HS-TONG"], province.yt, Q3, 300)
    store(catalogue["HS-DT"], province.tc, Q3, 80)
    store(catalogue["HS-DT"], province.yt, Q3, 95)
    units = [province.tc, province.yt, province.khcn]  # Sở KH&CN reported nothing
    assert level(catalogue, "DVC-HS-TONG", units) == Decimal(1500)
    assert level(catalogue, "HS-DT", units) == Decimal("87.5")  # of those who reported
    assert level(catalogue, "HS-DT", [province.khcn]) is None
    # Another period's figures do not count.
    assert level(catalogue, "DVC-HS-TONG", units, Period.parse("2024Q2")) is None


def test_sum_adds_the_components_it_has(province: Any, catalogue: dict[str, Any]) -> None:
    year = Period.annual(2024)
    assert level(catalogue, "DTI-TONG", [province.khcn], year) is None
    store(catalogue["DTI-NT"], province.khcn, year, "5.5")
    store(catalogue["DTI-CQS"], province.khcn, year, "20.25")
    assert level(catalogue, "DTI-TONG", [province.khcn], year) == Decimal("25.75")
    # Two units: each pillar averaged first (scores are averaged), then added.
    store(catalogue["DTI-NT"], province.tc, year, "4.5")
    assert level(catalogue, "DTI-TONG", [province.khcn, province.tc], year) == Decimal("25.25")


def test_targets_for_prefers_unit_then_group_then_province(
    province: Any, catalogue: dict[str, Any]
) -> None:
    ratio = catalogue["DVC-TL-TT"]
    group = UnitGroup.objects.create(
        province=province.unit,
        key="so-nganh",
        name="Các sở, ban, ngành",
        member_kinds=["department"],
    )
    set_target(None, indicator=ratio, period=Q3, value=Decimal(70))
    set_target(None, indicator=ratio, period=Q3, value=Decimal(75), group=group)
    set_target(None, indicator=ratio, period=Q3, value=Decimal(90), unit=province.tc)
    targets = queries.targets_for([ratio.pk], Q3)
    assert _v(targets.for_unit(ratio.pk, province.tc.pk)) == 90  # its own
    assert _v(targets.for_unit(ratio.pk, province.yt.pk)) == 75  # its group's
    assert _v(targets.for_unit(ratio.pk, province.district.pk)) == 70  # the province's
    assert _v(targets.for_province(ratio.pk)) == 70
    assert queries.targets_for([ratio.pk], Period.parse("2024Q2")).for_province(ratio.pk) is None


def test_a_yearly_target_is_the_bar_of_its_quarters_and_months(
    province: Any, catalogue: dict[str, Any]
) -> None:
    ratio = catalogue["DVC-TL-TT"]
    set_target(None, indicator=ratio, period=Period.annual(2024), value=Decimal(70))
    set_target(
        None, indicator=ratio, period=Period.annual(2024), value=Decimal(60), unit=province.yt
    )
    set_target(None, indicator=ratio, period=Q3, value=Decimal(65), unit=province.tc)
    month = queries.targets_for([ratio.pk], Period.monthly(2024, 8))
    found = month.for_province(ratio.pk)
    assert found is not None
    assert found.period_code == "2024"
    assert _v(month.for_unit(ratio.pk, province.yt.pk)) == 60
    quarter = queries.targets_for([ratio.pk], Q3)
    assert _v(quarter.for_unit(ratio.pk, province.tc.pk)) == 65  # the quarter's own wins
    assert _v(quarter.for_unit(ratio.pk, province.khcn.pk)) == 70
    other_year = queries.targets_for([ratio.pk], Period.parse("2025Q1"))
    assert other_year.for_province(ratio.pk) is None


def test_scoreboard_judges_units_and_province_in_few_queries(
    province: Any, catalogue: dict[str, Any], django_assert_max_num_queries: Any
) -> None:
    ratio, dti = catalogue["DVC-TL-TT"], catalogue["DTI-TONG"]
    set_target(None, indicator=ratio, period=Q3, value=Decimal(70))
    store(catalogue["DVC-HS-TT"], province.tc, Q3, 80)
    store(catalogue["DVC-HS-TONG"], province.tc, Q3, 100)
    units = [province.tc, province.yt, province.khcn]
    with django_assert_max_num_queries(5):
        board = queries.scoreboard([ratio, dti], units, Q3, dt.date(2024, 10, 1))
    cells = dict((u.name, c) for u, c in board.unit_cells(ratio))
    assert cells["Sở Tài chính"].judgement.label == "Đạt"
    assert cells["Sở Y tế"].judgement.label == "Chưa có số liệu"
    assert board.province[ratio.pk].value == Decimal(80)
    assert board.province[dti.pk].judgement.label == "Chưa giao chỉ tiêu"


@pytest.mark.parametrize(
    ("value", "decimals", "text"),
    [
        (Decimal("1234.5"), 2, "1.234,5"),
        (Decimal("1234567.891"), 2, "1.234.567,89"),
        (1000, 0, "1.000"),
        (Decimal("70.00"), 2, "70"),
        (Decimal("0.125"), 2, "0,13"),  # half up
        (Decimal("-1234.5"), 1, "-1.234,5"),
        (Decimal("999.96"), 1, "1.000"),
        (12.5, 2, "12,5"),
        (0, 2, "0"),
        (None, 2, "—"),
    ],
)
def test_format_number(value: Any, decimals: int, text: str) -> None:
    assert queries.format_number(value, decimals) == text
