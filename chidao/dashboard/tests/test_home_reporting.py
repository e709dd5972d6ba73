"""The home page's reporting part: the rates of the latest period due, the province's
figures against its targets, and an officer's reports to send."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from chidao.core.periods import Period
from chidao.indicators.services import set_target
from chidao.reporting import services
from chidao.reporting.tests.test_services import at, fill, setup  # noqa: F401  # fixtures

pytestmark = pytest.mark.django_db


@pytest.fixture
def reported(setup: Any, people: Any) -> Any:  # noqa: F811
    """Sở Tài chính sent last quarter's report on time with 72 % online; Sở Y tế did not."""
    today = timezone.localdate()
    quarter = Period.containing("quarter", today).previous()
    setup.regime.first_period = "2020Q1"
    setup.regime.save(update_fields=["first_period"])
    row = services.open_submission(setup.regime, people.donvi.unit, quarter)
    fill(setup, row, people.donvi, quarter.end)
    services.submit(people.donvi, row, at=at(quarter.end))
    set_target(
        people.thuongtruc,
        indicator=setup.ratio,
        period=Period.annual(quarter.year),
        value=Decimal(80),
    )
    return quarter


def test_leader_sees_rates_and_province_targets(
    login: Any, people: Any, reported: Any, django_assert_max_num_queries: Any
) -> None:
    client = login(people.lanhdao)
    with django_assert_max_num_queries(22):
        html = client.get(reverse("dashboard:home")).content.decode()
    rates = html.split("reporting-rates")[1].split("</table>")[0]
    assert "Báo cáo kết quả chuyển đổi số hằng quý" in rates
    assert reported.label in rates
    assert "1/2" in rates
    assert '<span class="badge bg-red-lt">1</span>' in rates  # Sở Y tế missing
    targets = html.split("province-targets")[1].split("</table>")[0]
    assert "Tỷ lệ hồ sơ trực tuyến" in targets
    assert ">72%<" in targets.replace(" ", "")
    assert "≥ 80%" in targets
    # 72 % is below 80 % and the quarter is over.
    assert "Không đạt" in targets


def test_officer_sees_the_report_their_unit_owes(login: Any, people: Any, setup: Any) -> None:  # noqa: F811
    setup.regime.first_period = "2020Q1"
    setup.regime.save(update_fields=["first_period"])
    html = login(people.donvi).get(reverse("dashboard:home")).content.decode()
    owed = html.split("owed-reports")[1]
    current = Period.containing("quarter", timezone.localdate())
    assert "Báo cáo kết quả chuyển đổi số hằng quý" in owed
    assert current.label in owed
    assert "Chưa lập báo cáo" in owed
    assert "reporting-rates" not in html
    assert dt.date.today()  # the page rendered for today's date
