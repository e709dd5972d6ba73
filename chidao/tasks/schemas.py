"""API shapes of tasks, assignments, progress, comments and extensions."""

from __future__ import annotations

import datetime as dt
from uuid import UUID

from ninja import Field, Schema

from chidao.units.schemas import UnitNameRef


class AssignmentOut(Schema):
    uuid: UUID
    unit: UnitNameRef
    role: str
    active: bool
    due_date: dt.date | None
    original_due_date: dt.date | None
    progress: int
    completed_on: dt.date | None
    status: str
    status_label: str
    version: int
    transferred_on: dt.date | None = None
    inherited_from: UUID | None = None


class TaskOut(Schema):
    uuid: UUID
    title: str
    document: UUID | None
    document_label: str
    section: str
    pillar: str
    state: str
    due_date: dt.date | None
    original_due_date: dt.date | None
    timing: str
    progress: int
    status: str
    status_label: str
    lead_units: list[str]
    support_units: list[str]


class TaskDetailOut(TaskOut):
    quote: str
    description: str
    recurrence_rule: str
    recurrence_text: str
    ongoing: bool
    quantity: int | None
    version: int
    as_of: dt.date
    assignments: list[AssignmentOut]


class ProgressIn(Schema):
    percent: int = Field(..., ge=0, le=100)
    narrative: str = ""
    completed: bool = False
    completed_on: dt.date | None = None
    occurrence: UUID | None = None
    # A PositiveIntegerField: 32 bits on PostgreSQL.
    quantity: int | None = Field(None, ge=0, le=2_147_483_647)
    version: int = Field(..., description="the assignment's version, as read (GET)")


class ProgressOut(Schema):
    uuid: UUID
    percent: int
    narrative: str
    completed: bool
    created_at: dt.datetime
    evidence: list[str]
    assignment: AssignmentOut


class CommentIn(Schema):
    body: str = Field(..., min_length=1, max_length=10_000)


class CommentOut(Schema):
    uuid: UUID
    body: str
    author: str
    created_at: dt.datetime


class ExtensionIn(Schema):
    new_due_date: dt.date
    reason: str = Field(..., min_length=1)


class DecisionIn(Schema):
    approve: bool
    reason: str = ""


class ExtensionOut(Schema):
    uuid: UUID
    assignment: UUID
    status: str
    previous_due_date: dt.date | None
    requested_due_date: dt.date
    reason: str
    decision_reason: str


class StateIn(Schema):
    reason: str = Field(..., min_length=1)
    version: int = Field(..., description="the task's version, as read (GET)")
