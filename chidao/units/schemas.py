"""API shapes of units, successions and groups."""

from __future__ import annotations

import datetime as dt
from uuid import UUID

from ninja import Field, Schema


class UnitNameRef(Schema):
    """A unit named in another object's shape (a task's lead, a value's reporter)."""

    uuid: UUID
    name: str


class UnitRef(UnitNameRef):
    kind: str


class UnitOut(Schema):
    uuid: UUID
    kind: str
    name: str
    short_name: str
    abbreviations: list[str]
    aliases: list[str]
    code: str
    valid_from: dt.date | None
    valid_to: dt.date | None
    parent: UnitRef | None = None


class SuccessionOut(Schema):
    kind: str
    share: str
    date: dt.date
    predecessor: UnitRef
    successor: UnitRef
    source_document: str


class UnitDetailOut(UnitOut):
    predecessors: list[SuccessionOut] = []
    successors: list[SuccessionOut] = []


class UnitIn(Schema):
    name: str = Field(..., min_length=2, max_length=255)
    kind: str
    parent: UUID | None = None
    short_name: str = ""
    abbreviations: list[str] = []
    aliases: list[str] = []
    code: str = Field("", max_length=16)
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    source: str = ""


class UnitPatch(Schema):
    name: str | None = Field(None, min_length=2, max_length=255)
    short_name: str | None = None
    abbreviations: list[str] | None = None
    aliases: list[str] | None = None
    code: str | None = Field(None, max_length=16)
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    source: str | None = None


class GroupOut(Schema):
    uuid: UUID
    key: str
    name: str
    aliases: list[str]
    member_kinds: list[str]


class GroupMembersOut(GroupOut):
    as_of: dt.date
    members: list[UnitRef]
