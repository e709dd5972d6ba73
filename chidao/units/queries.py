"""Reads of units, with what each screen needs fetched in one go."""

from __future__ import annotations

import contextlib
import datetime as dt
import uuid
from collections.abc import Iterable

from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext as _

from chidao.units.choices import UnitKind
from chidao.units.models import GroupMembership, Succession, Unit, UnitGroup, UnitQuerySet


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


# -- pickers ----------------------------------------------------------------------------


def picker_units(
    province: Unit | None,
    on: dt.date,
    *,
    history: bool = False,
    keep: Iterable[str] = (),
) -> UnitQuerySet:
    """The units a picker offers: the province's units in force on `on` — with `history`,
    also the ones dissolved, merged or not yet in force — plus the units `keep` names by
    UUID (a choice already made stays valid when the toggle is off). In force first, then
    the most recently ended; each with its parent fetched for `picker_label`."""
    units = Unit.objects.filter(province_scope(province))
    if not history:
        kept = [k for k in keep if is_uuid(k)]
        in_force = Q(valid_from__isnull=True) | Q(valid_from__lte=on)
        in_force &= Q(valid_to__isnull=True) | Q(valid_to__gte=on)
        units = units.filter(in_force | Q(uuid__in=kept)) if kept else units.filter(in_force)
    return units.select_related("parent").order_by(
        F("valid_to").desc(nulls_first=True), "kind", "name"
    )


def is_uuid(text: str) -> bool:
    try:
        uuid.UUID(str(text))
    except ValueError:
        return False
    return True


def picker_label(unit: Unit, on: dt.date) -> str:
    """A unit as a picker names it: with its parent, so that same-named communes differ
    ("Xã Hòa Bình — Lạng Sơn"), and with its end ("Huyện Cao Lộc — Lạng Sơn (đến
    30/6/2025)") or start when it is not in force on `on`."""
    label = unit.name
    parent = unit.parent
    if parent is not None:
        label = f"{label} — {parent.short_name or parent.name}"
    if unit.valid_to is not None and unit.valid_to < on:
        label += " " + _("(đến %(day)s)") % {"day": short_day(unit.valid_to)}
    elif unit.valid_from is not None and unit.valid_from > on:
        label += " " + _("(từ %(day)s)") % {"day": short_day(unit.valid_from)}
    return label


def short_day(day: dt.date) -> str:
    """30/6/2025: the day and month without a leading zero, as documents write them."""
    return f"{day.day}/{day.month}/{day.year}"


def picker_groups(province: Unit | None, on: dt.date, *, history: bool = False) -> list[UnitGroup]:
    """The province's groups a picker offers: the ones with members on `on` ("UBND cấp
    huyện" has none since 1/7/2025) — every group with `history`. Four queries, whatever
    the number of groups; the same rule as `UnitGroup.members_on(on).exists()`."""
    groups = UnitGroup.objects.all() if province is None else province.unit_groups.all()
    found = list(groups.order_by("name"))
    if history:
        return found
    units = Unit.objects.valid_on(on)
    kinds_by_province: dict[int, set[str]] = {}
    # A province's groups reach the units of the provinces merged into it.
    for province_id, kind in _kinds_in_force(units, {g.province_id for g in found}):
        kinds_by_province.setdefault(province_id, set()).add(kind)
    explicit = set(
        GroupMembership.objects.valid_on(on)
        .filter(group__in=found, unit__in=units.values("pk"))
        .values_list("group_id", flat=True)
    )
    by_key = {(g.province_id, g.key): g for g in found}

    def has_members(group: UnitGroup, seen: frozenset[int]) -> bool:
        if (group.valid_from and on < group.valid_from) or (group.valid_to and on > group.valid_to):
            return False
        for link in group.resolves_to:
            start, end = link.get("valid_from"), link.get("valid_to")
            if (start and on.isoformat() < start) or (end and on.isoformat() > end):
                continue
            other = by_key.get((group.province_id, link.get("group")))
            if other is not None and other.pk != group.pk:
                return other.pk not in seen and has_members(other, seen | {group.pk})
        kinds = kinds_by_province.get(group.province_id, set())
        return group.pk in explicit or bool(kinds & set(group.member_kinds))

    return [g for g in found if has_members(g, frozenset())]


def _kinds_in_force(units: QuerySet[Unit], province_ids: set[int]) -> list[tuple[int, str]]:
    """(group province id, kind) for every kind of unit in force in those provinces or in
    the provinces merged into them (one query)."""
    if not province_ids:
        return []
    merged = dict(
        Succession.objects.filter(
            successor_id__in=province_ids, predecessor__kind=UnitKind.PROVINCE
        ).values_list("predecessor_id", "successor_id")
    )
    rows = (
        units.filter(province_id__in=province_ids | set(merged))
        .order_by()  # the default ordering would make DISTINCT count names too
        .values_list("province_id", "kind")
        .distinct()
    )
    return [(merged.get(p, p), kind) for p, kind in rows]


def membership_history(group: UnitGroup) -> QuerySet[GroupMembership]:
    """Every membership row of `group`, present and past, by unit then start (one query)."""
    return group.memberships.select_related("unit", "unit__parent").order_by(
        "unit__kind", "unit__name", F("valid_from").asc(nulls_first=True)
    )
