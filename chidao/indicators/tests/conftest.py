"""Fixtures of the indicators tests: the seeded catalogue and a quarter to report on."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import pytest

from chidao.core.periods import Period
from chidao.indicators.models import Indicator, IndicatorValue, ValueRevision
from chidao.indicators.services import seed_catalogue

Q3 = Period.parse("2024Q3")


@pytest.fixture
def catalogue(db: Any) -> dict[str, Indicator]:
    """The catalogue of `data/catalogue.yaml`, by code."""
    seed_catalogue(None)
    return {i.code: i for i in Indicator.objects.select_related("numerator", "denominator")}


def store(indicator: Indicator, unit: Any, period: Period, value: Any) -> IndicatorValue:
    """A stored figure, made directly (as the demo and synthetic data make them)."""
    row = IndicatorValue(indicator=indicator, unit=unit, value=Decimal(str(value)))
    row.period = period
    row.save()
    return row


def counts() -> tuple[int, int]:
    return IndicatorValue.objects.count(), ValueRevision.objects.count()


def fill(data: bytes, values: dict[str, Any], **edits: Any) -> bytes:
    """The workbook `data` with “Giá trị” set per indicator code; `edits` maps
    "row:col" (Excel coordinates such as "G8") to a new cell value."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data))
    sheet = book["Số liệu"]
    for row in sheet.iter_rows(min_row=1):
        code = row[0].value
        if code in values:
            row[6].value = values[code]
    for coord, value in edits.items():
        sheet[coord] = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
