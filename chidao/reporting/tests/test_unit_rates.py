"""Each unit's reporting record over several periods: page, API, query count."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from chidao.core.periods import Period
from chidao.reporting import queries, services
from chidao.reporting.tests.test_services import at, fill, setup  # noqa: F401  # fixtures

pytestmark = pytest.mark.django_db


def _send(setup: Any, people: Any, period: Period, day: dt.date) -> None:  # noqa: F811  # fixture name
    row = services.open_submission(setup.regime, people.donvi.unit, period)
    fill(setup, row, people.donvi, day)
    services.submit(people.donvi, row, at=at(day))


def test_unit_rates_over_three_quarters(people: Any, setup: Any) -> None:  # noqa: F811
    q1, q2, q3 = (Period.quarterly(2024, i) for i in (1, 2, 3))
    _send(setup, people, q1, dt.date(2024, 4, 2))  # due 05/04: on time
    _send(setup, people, q2, dt.date(2024, 7, 8))  # due 05/07: late
    records = {
        r.unit.name: r
        for r in queries.unit_rates(setup.regime, [q3, q2, q1], dt.date(2024, 10, 20))
    }
    tc, yt = records["Sở Tài chính"], records["Sở Y tế"]
    assert (tc.expected, tc.on_time, tc.late, tc.missing) == (3, 1, 1, 1)
    assert (tc.completeness, tc.timeliness) == (66.7, 33.3)
    assert (yt.expected, yt.submitted, yt.missing) == (3, 0, 3)
    # The least punctual first.
    assert [
        r.unit.name for r in queries.unit_rates(setup.regime, [q3, q2, q1], dt.date(2024, 10, 20))
    ] == [
        "Sở Y tế",
        "Sở Tài chính",
    ]


def test_unit_rates_api(login: Any, people: Any, setup: Any) -> None:  # noqa: F811
    _send(setup, people, Period.quarterly(2024, 1), dt.date(2024, 4, 2))
    url = f"/api/v1/reporting/regimes/{setup.regime.uuid}/unit-rates?periods=3&as_of=2024-10-20"
    data = login(people.lanhdao).get(url).json()
    assert data["periods"] == ["2024Q3", "2024Q2", "2024Q1"]
    by_name = {u["unit"]["name"]: u for u in data["units"]}
    assert (by_name["Sở Tài chính"]["on_time"], by_name["Sở Tài chính"]["missing"]) == (1, 2)
    assert by_name["Sở Y tế"]["timeliness"] == 0.0
    bad = login(people.lanhdao).get(url.replace("periods=3", "periods=0"))
    assert bad.status_code == 422
    assert "Số kỳ" in bad.json()["detail"]


def test_unit_rates_page(
    login: Any,
    people: Any,
    setup: Any,  # noqa: F811
    django_assert_max_num_queries: Any,
) -> None:
    today = timezone.localdate()
    older = Period.containing("quarter", today).previous().previous()
    oldest = older.previous()
    setup.regime.first_period = oldest.code
    setup.regime.save(update_fields=["first_period"])
    row = services.open_submission(setup.regime, people.donvi.unit, oldest)
    services.save_submission(
        None,
        row,
        answers={s.pk: "Đã làm" for s in setup.regime.sections.filter(kind="narrative")},
        values={setup.total.pk: Decimal(10), setup.online.pk: Decimal(5)},
        on=oldest.end,
    )
    services.submit(None, row, at=at(oldest.end))
    client = login(people.lanhdao)
    with django_assert_max_num_queries(20):
        response = client.get(f"/reporting/regimes/{setup.regime.uuid}/units/?periods=4")
    assert response.status_code == 200
    html = response.content.decode()
    periods = response.context["periods"]
    assert oldest in periods
    assert older in periods
    assert "Tỷ lệ báo cáo theo đơn vị" in html
    rows = {r.unit.name: r for r in response.context["records"]}
    assert rows["Sở Tài chính"].on_time == 1
    assert rows["Sở Tài chính"].expected == len(periods)
    assert rows["Sở Y tế"].missing == len(periods)
    assert html.index("Sở Y tế") < html.index("Sở Tài chính")  # least punctual first
    assert f"{len(periods)} kỳ đã đến hạn" in html
