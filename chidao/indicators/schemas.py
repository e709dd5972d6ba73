"""API shapes of indicators, targets, reported values and an indicator's summary.

Figures go out as JSON numbers (and as text the Vietnamese way, "1.234,5"); they come in as
numbers or as text people type ("1.234,5", "70%").
"""

from __future__ import annotations

import datetime as dt
from uuid import UUID

from ninja import Field, Schema

from chidao.units.schemas import UnitNameRef


class IndicatorOut(Schema):
    uuid: UUID
    code: str
    name: str
    measure_unit: str
    direction: str
    definition: str
    source: str
    group: str
    formula: str
    numerator: str | None
    denominator: str | None
    components: list[str]
    aggregation: str
    scale: float
    decimals: int
    min_value: float | None
    max_value: float | None
    active: bool


class TargetOut(Schema):
    uuid: UUID
    indicator: str
    unit: UnitNameRef | None
    group: str | None = Field(None, description="key of the unit group")
    scope: str
    period: str
    period_label: str
    comparator: str
    value: float
    value_text: str
    source: str
    document: UUID | None
    task: UUID | None
    quote: str
    note: str


class TargetIn(Schema):
    indicator: str = Field(..., description="indicator code")
    period: str = Field(..., description="2024-03, 2024Q3, 2024H1 or 2024")
    value: int | float | str
    comparator: str = ">="
    unit: str | None = Field(None, description="uuid, code or catalogue key of a unit")
    group: str | None = Field(None, description="uuid or key of a unit group")
    note: str = ""


class ValueOut(Schema):
    uuid: UUID
    indicator: str
    indicator_name: str
    unit: UnitNameRef
    period: str
    period_label: str
    value: float
    value_text: str
    note: str
    source: str
    version: int
    updated_at: dt.datetime


class ValueIn(Schema):
    indicator: str = Field(..., description="indicator code")
    unit: str = Field(..., description="uuid, code or catalogue key of the unit")
    period: str = Field(..., description="2024-03, 2024Q3, 2024H1 or 2024")
    value: int | float | str
    note: str = Field("", max_length=500)
    version: int | None = Field(
        None,
        description="the stored figure's version as read (GET /values; 0: none stored). "
        "Required when the item changes a stored figure; a stale one refuses the batch.",
    )


class ValueBatchIn(Schema):
    values: list[ValueIn] = Field(..., min_length=1, max_length=5000)
    reason: str = Field("", description="needed when a stored figure changes")


class ValueBatchOut(Schema):
    created: int
    updated: int
    unchanged: int
    summary: str
    values: list[ValueOut]


class CorrectIn(Schema):
    value: int | float | str
    reason: str = Field(..., min_length=1)
    version: int = Field(..., description="the figure's version as read (GET /values)")


class CellOut(Schema):
    value: float | None
    value_text: str
    target: float | None
    comparator: str | None
    target_text: str
    target_scope: str | None
    status: str
    label: str
    colour: str
    ratio: float | None


class UnitCellOut(CellOut):
    unit: UnitNameRef


class SummaryOut(Schema):
    indicator: IndicatorOut
    period: str
    period_label: str
    as_of: dt.date
    province: CellOut
    units: list[UnitCellOut]
