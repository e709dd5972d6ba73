"""Reads of units, with what each screen needs fetched in one go."""

from __future__ import annotations

import contextlib
import datetime as dt
import uuid

from django.db.models import Q, QuerySet

from chidao.units.choices import UnitKind
from chidao.units.models import Succession, Unit, UnitGroup


def province_scope(province: Unit | None) -> Q:
    """A filter for the units of `province` and of the provinces it succeeded (their
    departments, districts and communes), so the directory shows the pre-2025 structure."""
    if province is None:
        return Q()
    ids = {province.pk}
    ids.update(
        Succession.objects.filter(successor=province).values_list("predecessor_id", flat=True)
    )
    return Q(pk__in=ids) | Q(province_id__in=ids)


def directory(province: Unit | None, *, on: dt.date) -> dict[str, list[Unit]]:
    """The province's units in force on `on`, grouped by kind for the tree."""
    units = (
        Unit.objects.valid_on(on)
        .filter(province_scope(province))
        .exclude(kind=UnitKind.PROVINCE)
        .select_related("parent")
        .order_by("name")
    )
    groups: dict[str, list[Unit]] = {kind: [] for kind in UnitKind.values}
    by_district: dict[int, list[Unit]] = {}
    for unit in units:
        parent = unit.parent
        if (
            unit.kind == UnitKind.COMMUNE
            and parent is not None
            and parent.kind == UnitKind.DISTRICT
        ):
            # Before 1/7/2025 communes sit under their district in the tree.
            by_district.setdefault(parent.pk, []).append(unit)
        else:
            groups[unit.kind].append(unit)
    for district in groups[UnitKind.DISTRICT]:
        district.tree_children = by_district.get(district.pk, [])  # type: ignore[attr-defined]  # read by the template
    return {kind: members for kind, members in groups.items() if members}


def search(province: Unit | None, query: str, *, kind: str = "") -> QuerySet[Unit]:
    units = Unit.objects.filter(province_scope(province)).search(query).select_related("parent")
    if kind:
        units = units.filter(kind=kind)
    # Units in force first, then the ones that have ceased to exist.
    return units.order_by("valid_to", "kind", "name")


def unit_page(uuid: str) -> Unit:
    return Unit.objects.select_related("parent", "province").get(uuid=uuid)


def history(unit: Unit) -> tuple[QuerySet[Succession], QuerySet[Succession]]:
    """(successions into this unit, successions out of it), each with the other side."""
    incoming = Succession.objects.filter(successor=unit).select_related("predecessor")
    outgoing = Succession.objects.filter(predecessor=unit).select_related("successor")
    return incoming, outgoing


def find_units(text: str, on: dt.date, *, limit: int = 6) -> list[Unit]:
    """The units in force on `on` that `text` names, for commands: by UUID, administrative
    code, catalogue key or exact name (case aside); failing those, by accent-insensitive
    search. One unit when the text is unambiguous; none, or up to `limit`, otherwise."""
    units = Unit.objects.valid_on(on)
    match = Q(code=text) | Q(catalogue_key=text) | Q(name__iexact=text)
    with contextlib.suppress(ValueError):  # not a UUID: the other keys only
        match |= Q(uuid=uuid.UUID(text))
    exact = list(units.filter(match)[:limit])
    return exact or list(units.search(text)[:limit])


def find_group(text: str) -> UnitGroup | None:
    """A unit group by its UUID or its key ("ubnd-xa"), as the API and commands name it."""
    with contextlib.suppress(ValueError):
        return UnitGroup.objects.filter(uuid=uuid.UUID(text)).first()
    return UnitGroup.objects.filter(key=text).first()
