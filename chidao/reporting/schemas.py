"""API shapes of regimes, rates, submissions and the province's reports."""

from __future__ import annotations

import datetime as dt
from uuid import UUID

from ninja import Field, Schema

from chidao.units.schemas import UnitNameRef


class SectionOut(Schema):
    id: int
    order: int
    title: str
    kind: str
    guidance: str
    required: bool


class RegimeIndicatorOut(Schema):
    code: str
    name: str
    measure_unit: str
    required: bool


class RegimeOut(Schema):
    uuid: UUID
    name: str
    frequency: str
    frequency_label: str
    due_text: str
    due_rule: str
    grace_days: int
    first_period: str
    last_period: str
    group: str | None
    receiver: str | None
    report_signer: str
    signer_title: str
    signer_name: str
    report_addressee: str
    active: bool


class RegimeDetailOut(RegimeOut):
    content: str
    units: list[UnitNameRef]
    sections: list[SectionOut]
    indicators: list[RegimeIndicatorOut]
    recent_due_dates: dict[str, dt.date]


class RegimeIn(Schema):
    name: str = Field(..., min_length=1, max_length=300)
    content: str = ""
    frequency: str = Field(..., description="month|quarter|half|year")
    due_text: str = Field("", max_length=255, description='e.g. "trước ngày 05 tháng cuối quý"')
    due_rule: str | None = Field(None, description="day_of_month|workdays_after_cutoff|…")
    due_day: int | None = Field(None, ge=1, le=31)
    due_month: str | None = Field(None, description="last|next")
    due_workdays: int | None = Field(None, ge=0, le=60)
    cutoff_rule: str = "decree09"
    grace_days: int = Field(5, ge=0, le=90)
    first_period: str
    last_period: str = ""
    group: str | None = Field(None, description="key or uuid of a unit group")
    units: list[UUID] = []
    receiver: UUID | None = None
    indicators: list[str] = Field([], description="indicator codes")
    report_signer: str = Field(
        "committee",
        description="who issues and signs the province's report: committee|standing "
        "(standing: the receiver, the standing department, signs)",
    )
    signer_title: str = Field("", max_length=200)
    signer_name: str = Field("", max_length=200)
    report_addressee: str = Field("", max_length=300, description="the report's Kính gửi")


class RateRowOut(Schema):
    unit: UnitNameRef
    due_date: dt.date
    timeliness: str
    timeliness_label: str
    submission: UUID | None
    status: str | None
    first_submitted_at: dt.datetime | None


class RatesOut(Schema):
    regime: UUID
    period: str
    period_label: str
    due_date: dt.date
    as_of: dt.date
    expected: int
    submitted: int
    on_time: int
    late: int
    missing: int
    pending: int
    accepted: int
    completeness: float | None
    timeliness: float | None
    rows: list[RateRowOut]


class UnitRatesOut(Schema):
    unit: UnitNameRef
    expected: int
    submitted: int
    on_time: int
    late: int
    missing: int
    pending: int
    completeness: float | None
    timeliness: float | None


class UnitRatesPage(Schema):
    regime: UUID
    periods: list[str]
    as_of: dt.date
    units: list[UnitRatesOut]


class AnswerOut(Schema):
    section: int
    title: str
    kind: str
    text: str


class SubmissionValueOut(Schema):
    """An indicator's figure as a submission reports it (not the indicators app's ValueOut)."""

    code: str
    name: str
    measure_unit: str
    value: float | None


class EventOut(Schema):
    kind: str
    kind_label: str
    actor: str
    comment: str
    at: dt.datetime


class SubmissionOut(Schema):
    uuid: UUID
    regime: UUID
    regime_name: str
    unit: UnitNameRef
    period: str
    period_label: str
    due_date: dt.date
    status: str
    status_label: str
    late: bool
    first_submitted_at: dt.datetime | None
    submitted_at: dt.datetime | None
    reviewer_comment: str
    locked: bool
    lock_date: dt.date
    version: int


class SubmissionDetailOut(SubmissionOut):
    answers: list[AnswerOut]
    values: list[SubmissionValueOut]
    task_summary: dict[str, object]
    events: list[EventOut]
    missing_parts: list[str]


class SubmissionIn(Schema):
    answers: dict[int, str] = Field({}, description="section id → text")
    values: dict[str, float | str | None] = Field(
        {}, description='indicator code → number ("1.234,5" or 1234.5); null leaves it out'
    )
    reason: str = Field("", description="why a value already sent is corrected")
    version: int | None = Field(
        None, description="required: the report's version as read by GET (stale: 422)"
    )


class VersionIn(Schema):
    version: int | None = Field(
        None, description="required: the report's version as read by GET (stale: 422)"
    )


class ReviewCommentIn(Schema):
    comment: str = ""


class ReopenIn(Schema):
    until: dt.date
    comment: str = ""


class BuildIn(Schema):
    period: str
    format: str = Field("docx", description="docx|xlsx")
    as_of: dt.date | None = None
    number: str = Field("", max_length=100)


class ReportOut(Schema):
    uuid: UUID
    regime: UUID
    period: str
    format: str
    built_at: dt.datetime
    url: str
    summary: dict[str, object]
