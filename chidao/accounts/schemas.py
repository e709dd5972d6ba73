"""API shapes of users."""

from __future__ import annotations

from uuid import UUID

from ninja import Field, Schema

from chidao.units.schemas import UnitRef


class UserOut(Schema):
    uuid: UUID
    username: str
    full_name: str
    email: str
    role: str
    position: str
    is_active: bool
    unit: UnitRef | None = None


class UserIn(Schema):
    username: str = Field(..., min_length=2, max_length=150, pattern=r"^[\w.@+-]+$")
    full_name: str = Field("", max_length=150)
    email: str = Field("", max_length=254)
    role: str
    unit: UUID | None = None
    position: str = Field("", max_length=150)
    phone: str = Field("", max_length=32)
    password: str = Field(..., min_length=1)
