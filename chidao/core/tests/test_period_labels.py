"""Period labels in the interface's language: Vietnamese as `Period.label` writes them,
English through the catalogue."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.utils import translation

from chidao.core.periods import Period
from chidao.core.templatetags.periods import localized_label

PERIODS = [
    Period.monthly(2024, 3),
    Period.quarterly(2024, 3),
    Period.half_year(2024, 1),
    Period.half_year(2024, 2),
    Period.annual(2024),
]


@pytest.mark.parametrize("period", PERIODS, ids=str)
def test_vietnamese_labels_are_the_periods_own(period: Period) -> None:
    with translation.override("vi"):
        assert localized_label(period) == period.label


@pytest.mark.parametrize(
    ("period", "english"),
    list(
        zip(
            PERIODS,
            [
                "Month 03/2024",
                "Quarter III/2024",
                "First half of 2024",
                "Second half of 2024",
                "Year 2024",
            ],
            strict=True,
        )
    ),
    ids=str,
)
def test_english_labels(period: Period, english: str) -> None:
    with translation.override("en"):
        assert localized_label(period) == english


def test_the_filter_takes_periods_codes_and_objects_with_a_period() -> None:
    holder = type("Holder", (), {"period": Period.quarterly(2025, 2)})()
    template = Template("{{ p|period_label }}·{{ code|period_label }}·{{ obj|period_label }}")
    context = Context({"p": Period.monthly(2025, 1), "code": "2025H1", "obj": holder})
    with translation.override("vi"):
        assert template.render(context) == "Tháng 01/2025·6 tháng đầu năm 2025·Quý II/2025"
    with translation.override("en"):
        assert template.render(context) == "Month 01/2025·First half of 2025·Quarter II/2025"
