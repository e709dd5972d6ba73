"""Units API: list and search, one unit with its history, create and edit, groups."""

import datetime as dt
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from chidao.api.pagination import PagePagination
from chidao.core.permissions import Action, require
from chidao.units import queries, services
from chidao.units.choices import UnitKind
from chidao.units.models import Unit, UnitGroup
from chidao.units.schemas import (
    GroupMembersOut,
    GroupOut,
    UnitDetailOut,
    UnitIn,
    UnitOut,
    UnitPatch,
)

router = Router(tags=["units"])


class UnitFilter(Schema):
    kind: str | None = None
    as_of: dt.date | None = None
    q: str | None = None
    all_provinces: bool = False


@router.get("", response=list[UnitOut])
@paginate(PagePagination)
def list_units(request: HttpRequest, filters: Query[UnitFilter]) -> QuerySet[Unit]:
    """Units in force on `as_of` (today by default); `q` searches names, abbreviations and
    aliases without accents; `all_provinces` lists beyond this installation's province."""
    require(request.user, Action.VIEW_UNITS)
    if filters.kind and filters.kind not in UnitKind.values:
        raise ValidationError({"kind": _("Loại đơn vị không hợp lệ: %s") % filters.kind})
    units = Unit.objects.select_related("parent")
    if not filters.all_provinces and filters.kind != UnitKind.PROVINCE:
        units = units.filter(queries.province_scope(services.installation_province()))
    if filters.q:
        units = units.search(filters.q)
    if filters.as_of or not filters.q:
        units = units.valid_on(filters.as_of or timezone.localdate())
    if filters.kind:
        units = units.filter(kind=filters.kind)
    return units.order_by("kind", "code", "name")


@router.get("/groups", response=list[GroupOut])
def list_groups(request: HttpRequest) -> QuerySet[UnitGroup]:
    require(request.user, Action.VIEW_UNITS)
    return UnitGroup.objects.all()


@router.get("/groups/{slug:key}", response=GroupMembersOut)
def group_members(request: HttpRequest, key: str, as_of: dt.date | None = None) -> Any:
    """A group's members on `as_of` (today by default)."""
    require(request.user, Action.VIEW_UNITS)
    group = get_object_or_404(UnitGroup, key=key)
    day = as_of or timezone.localdate()
    return {
        **GroupOut.from_orm(group).dict(),
        "as_of": day,
        "members": list(group.members_on(day)),
    }


@router.get("/{uuid}", response=UnitDetailOut)
def get_unit(request: HttpRequest, uuid: UUID) -> dict[str, Any]:
    require(request.user, Action.VIEW_UNITS)
    unit = get_object_or_404(Unit.objects.select_related("parent"), uuid=uuid)
    incoming, outgoing = queries.history(unit)
    return {
        **UnitOut.from_orm(unit).dict(),
        "predecessors": [_succession(s, unit) for s in incoming],
        "successors": [_succession(s, unit) for s in outgoing],
    }


def _succession(s: Any, unit: Unit) -> dict[str, Any]:
    pred = s.predecessor if s.predecessor_id != unit.pk else unit
    succ = s.successor if s.successor_id != unit.pk else unit
    return {
        "kind": s.kind,
        "share": s.share,
        "date": s.date,
        "predecessor": pred,
        "successor": succ,
        "source_document": s.source_document,
    }


def _parent(uuid: UUID | None) -> Unit | None:
    if uuid is None:
        return None
    parent = Unit.objects.filter(uuid=uuid).first()
    if parent is None:
        raise ValidationError({"parent": _("Không có đơn vị trực thuộc với mã này.")})
    return parent


@router.post("", response={201: UnitOut})
def create_unit(request: HttpRequest, payload: UnitIn) -> Status[Unit]:
    require(request.user, Action.MANAGE_UNITS)
    if payload.kind not in UnitKind.values:
        raise ValidationError({"kind": _("Loại đơn vị không hợp lệ: %s") % payload.kind})
    values = payload.dict()
    values["parent"] = _parent(payload.parent) or services.installation_province()
    unit = services.create_unit(request.user, via="api", **values)
    return Status(201, unit)


@router.patch("/{uuid}", response=UnitOut)
def update_unit(request: HttpRequest, uuid: UUID, payload: UnitPatch) -> Unit:
    require(request.user, Action.MANAGE_UNITS)
    unit = get_object_or_404(Unit, uuid=uuid)
    values = payload.dict(exclude_unset=True)
    return services.update_unit(request.user, unit, via="api", **values)
