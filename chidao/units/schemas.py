"""API shapes of units, successions and groups."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any
from uuid import UUID

from ninja import Field, Schema
from pydantic import ConfigDict

from chidao.units.choices import UnitKind


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


# A name in a unit's abbreviations or aliases.
Name = Annotated[str, Field(min_length=1, max_length=255)]
NAMES_MAX = 50
# A field of a patch left out: `exclude_unset` drops it, so this None is never read.
KEEP: Any = None


def _kinds(schema: dict[str, Any]) -> None:
    # The list is documented; a kind outside it gets our own message (units.api).
    schema["enum"] = UnitKind.values


KIND = Field(..., description="the unit's kind", json_schema_extra=_kinds)


class UnitIn(Schema):
    """A new unit. The lengths are the columns' (`units.models.Unit`)."""

    name: str = Field(..., min_length=2, max_length=255)
    kind: str = KIND
    parent: UUID | None = Field(None, description="none: the installation's province")
    short_name: str = Field("", max_length=120)
    abbreviations: list[Name] = Field([], max_length=NAMES_MAX)
    aliases: list[Name] = Field([], max_length=NAMES_MAX)
    code: str = Field("", max_length=16)
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    source: str = Field("", max_length=255)


def _unset_is_unchanged(schema: dict[str, Any]) -> None:
    # A field left out keeps its value; a default of null in the document would read as
    # "null is accepted" for fields that may not be empty.
    for prop in schema.get("properties", {}).values():
        prop.pop("default", None)


class UnitPatch(Schema):
    """The fields to change, each optional: a field left out keeps its value. Only the dates
    may be null (no limit on that side); the texts and lists may be empty but not null."""

    model_config = ConfigDict(json_schema_extra=_unset_is_unchanged)

    name: str = Field(KEEP, min_length=2, max_length=255)
    short_name: str = Field(KEEP, max_length=120)
    abbreviations: list[Name] = Field(KEEP, max_length=NAMES_MAX)
    aliases: list[Name] = Field(KEEP, max_length=NAMES_MAX)
    code: str = Field(KEEP, max_length=16)
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    source: str = Field(KEEP, max_length=255)


class GroupOut(Schema):
    uuid: UUID
    key: str
    name: str
    aliases: list[str]
    member_kinds: list[str]


class GroupMembersOut(GroupOut):
    as_of: dt.date
    members: list[UnitRef]
