"""API shapes of documents and their draft tasks."""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from ninja import Field, Schema


class DocumentOut(Schema):
    uuid: UUID
    kind: str
    number: str
    issued_on: dt.date | None
    issuer: str
    signer: str
    signature_form: str
    signer_title: str
    title: str
    meeting_date: dt.date | None
    status: str
    progress: int
    error: str
    file_name: str
    file_size: int
    published_at: dt.datetime | None
    version: int
    task_count: int = 0


class StatusCounts(Schema):
    done_on_time: int = 0
    done_late: int = 0
    open_on_time: int = 0
    open_overdue: int = 0


class DocumentDetailOut(DocumentOut):
    completion: StatusCounts
    progress_average: float


class MentionOut(Schema):
    id: int
    role: str
    mention: str
    name: str
    resolved: bool
    unit: UUID | None = None
    unit_name: str | None = None
    group: str | None = Field(None, description="the group's key")


class ExtractedTaskOut(Schema):
    """A task as extracted from its document, under review (not the tasks app's TaskOut)."""

    uuid: UUID
    order: int
    state: str
    source: str
    section: str
    quote: str
    quote_start: int | None
    quote_end: int | None
    title: str
    due_date: dt.date | None
    due_text: str
    recurrence_freq: str
    recurrence_day: int | None
    recurrence_rule: str
    recurrence_text: str
    ongoing: bool
    version: int
    mentions: list[MentionOut]


class WarningOut(Schema):
    index: int
    code: str
    message: str
    start: int | None = None
    end: int | None = None
    resolved: bool = False


class ExtractionOut(Schema):
    status: str
    progress: int
    error: str
    warnings: list[WarningOut]
    problems: list[str]
    tasks: list[ExtractedTaskOut] = Field(
        ..., description="the tasks as reviewed (drafts until published) with their units"
    )
    read: dict[str, Any] | None = Field(
        None, description="the extractor's own JSON, as read before any review"
    )
    tasks_read: int = Field(0, description="how many tasks the extractor found")
    corrections: dict[str, int] = Field(
        default_factory=dict,
        description="what the review changed, per kind: unit, deadline, added, deleted, "
        "split, merged",
    )
    untouched: int = Field(0, description="tasks read that the review left as they were")


class UnitChoiceIn(Schema):
    """A unit by uuid or a group by key."""

    unit: UUID | None = None
    group: str | None = None


class TaskPatch(Schema):
    version: int = Field(..., description="the version read; a stale one is refused (409)")
    title: str | None = Field(None, min_length=1)
    due_date: dt.date | None = None
    due_text: str | None = Field(None, max_length=255)
    recurrence_freq: str | None = None
    recurrence_day: int | None = Field(None, ge=1, le=31)
    recurrence_text: str | None = Field(None, max_length=255)
    ongoing: bool | None = None
    lead: list[UnitChoiceIn] | None = Field(None, description="replaces the lead units")
    support: list[UnitChoiceIn] | None = Field(None, description="replaces the support units")


class DocumentPatch(Schema):
    version: int
    kind: str | None = None
    number: str | None = Field(None, max_length=100)
    issued_on: dt.date | None = None
    issuer: str | None = Field(None, max_length=255)
    signer: str | None = Field(None, max_length=150)
    signature_form: str | None = None
    signer_title: str | None = Field(None, max_length=255)
    title: str | None = None
    meeting_date: dt.date | None = None


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] | None = None
    existing: UUID | None = None
    problems: list[str] | None = None
