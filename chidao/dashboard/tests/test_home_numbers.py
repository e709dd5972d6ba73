"""Percentages on the home page come from one formatter: "99,8%" in Vietnamese and "99.8%"
in English, for the reporting rates and the province's figures alike (the page used to
show "79.5%" beside "99,8%" in English)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from chidao.core.numbers import number_text, percent_text
from chidao.core.periods import Period
from chidao.indicators.services import set_target
from chidao.reporting import services
from chidao.reporting.tests.test_services import at, fill, setup  # noqa: F401  # fixtures


@pytest.mark.parametrize(
    ("value", "decimals", "vietnamese", "english"),
    [
        (Decimal("99.8"), 1, "99,8", "99.8"),
        (79.46, 1, "79,5", "79.5"),
        (Decimal("1234567.25"), 2, "1.234.567,25", "1,234,567.25"),
        (50.0, 1, "50", "50"),
        (-0.05, 1, "-0,1", "-0.1"),
    ],
)
def test_numbers_follow_the_language(
    value: Any, decimals: int, vietnamese: str, english: str
) -> None:
    with translation.override("vi"):
        assert number_text(value, decimals) == vietnamese
        assert percent_text(value, decimals) == f"{vietnamese}%"
    with translation.override("en"):
        assert number_text(value, decimals) == english
        assert percent_text(value, decimals) == f"{english}%"
    assert percent_text(None) == "—"


@pytest.fixture
def reported(setup: Any, people: Any) -> Any:  # noqa: F811
    """Sở Tài chính sent last quarter's report on time, 998 of 1000 applications online
    (99,8 %), against a target of 80,5 %; Sở Y tế did not send (timeliness 50 %)."""
    quarter = Period.containing("quarter", timezone.localdate()).previous()
    setup.regime.first_period = "2020Q1"
    setup.regime.save(update_fields=["first_period"])
    row = services.open_submission(setup.regime, people.donvi.unit, quarter)
    fill(setup, row, people.donvi, quarter.end, total=Decimal(1000), online=Decimal(998))
    services.submit(people.donvi, row, at=at(quarter.end))
    set_target(
        people.thuongtruc,
        indicator=setup.ratio,
        period=Period.annual(quarter.year),
        value=Decimal("80.5"),
    )
    return quarter


@pytest.mark.django_db
def test_home_page_percentages_in_vietnamese_and_english(
    client: Any, people: Any, reported: Any
) -> None:
    client.force_login(people.lanhdao)
    for language, figure, target in (("vi", "99,8%", "80,5%"), ("en", "99.8%", "80.5%")):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        html = client.get(reverse("dashboard:home")).content.decode()
        rates = html.split("reporting-rates")[1].split("</table>")[0]
        targets = html.split("province-targets")[1].split("</table>")[0]
        assert ">50%<" in rates.replace(" ", "")
        assert f">{figure}<" in targets.replace(" ", "")
        assert f">≥{target}<" in targets.replace(" ", "")
        wrong = "99.8" if language == "vi" else "99,8"
        assert wrong not in html
