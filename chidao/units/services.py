"""Writes to units, successions and groups. Each function owns its transaction and audit."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from chidao.core import audit
from chidao.core.permissions import Action, require
from chidao.units.models import GroupMembership, Installation, Succession, Unit, UnitGroup

UNIT_FIELDS = [
    "kind",
    "parent",
    "province",
    "name",
    "short_name",
    "abbreviations",
    "aliases",
    "code",
    "valid_from",
    "valid_to",
    "source",
]


def installation_province() -> Unit | None:
    """The province this installation serves, or None before `chidao init`."""
    inst = Installation.objects.select_related("province").first()
    return inst.province if inst else None


def _check_unit(unit: Unit) -> None:
    errors: dict[str, str] = {}
    if unit.valid_from and unit.valid_to and unit.valid_to < unit.valid_from:
        errors["valid_to"] = _("Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực.")
    if unit.parent_id is not None and unit.pk is not None and unit.parent_id == unit.pk:
        errors["parent"] = _("Đơn vị không thể trực thuộc chính nó.")
    if unit.code:
        clash = Unit.objects.filter(kind=unit.kind, code=unit.code, valid_from=unit.valid_from)
        if unit.pk:
            clash = clash.exclude(pk=unit.pk)
        if clash.exists():
            errors["code"] = _("Đã có đơn vị cùng loại, cùng mã và cùng ngày hiệu lực.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_unit(actor: Any, *, via: str = "web", **values: Any) -> Unit:
    """Create a unit from form or API values; raises ValidationError with field messages."""
    if actor is not None:
        require(actor, Action.MANAGE_UNITS)
    unit = Unit(**values)
    if unit.parent_id and not unit.province_id:
        parent = unit.parent
        assert parent is not None
        unit.province = parent if parent.kind == "province" else parent.province
    _check_unit(unit)
    unit.save()
    audit.record(actor, "unit.create", unit, after=audit.snapshot(unit, UNIT_FIELDS), via=via)
    return unit


@transaction.atomic
def update_unit(actor: Any, unit: Unit, *, via: str = "web", **values: Any) -> Unit:
    """Change the given fields of `unit`; records before/after of the changed fields."""
    require(actor, Action.MANAGE_UNITS, unit)
    locked = Unit.objects.select_for_update().get(pk=unit.pk)
    before = audit.snapshot(locked, values.keys())
    for name, value in values.items():
        setattr(locked, name, value)
    _check_unit(locked)
    locked.save(update_fields=[*values.keys(), "updated_at"])
    after = audit.snapshot(locked, values.keys())
    if before != after:
        audit.record(actor, "unit.update", locked, before=before, after=after, via=via)
    return locked


@transaction.atomic
def add_succession(
    actor: Any,
    *,
    predecessor: Unit,
    successor: Unit,
    kind: str,
    date: dt.date,
    share: str = "full",
    source_document: str = "",
    note: str = "",
    via: str = "web",
) -> Succession:
    """Record that `successor` took over `predecessor`'s work from `date`."""
    require(actor, Action.MANAGE_UNITS, predecessor)
    if predecessor.pk == successor.pk:
        raise ValidationError({"successor": _("Đơn vị kế thừa phải khác đơn vị cũ.")})
    if Succession.objects.filter(predecessor=predecessor, successor=successor, date=date).exists():
        raise ValidationError({"successor": _("Quan hệ kế thừa này đã được ghi nhận.")})
    succ = Succession.objects.create(
        predecessor=predecessor,
        successor=successor,
        kind=kind,
        date=date,
        share=share,
        source_document=source_document,
        note=note,
    )
    audit.record(
        actor,
        "succession.create",
        succ,
        after=audit.snapshot(
            succ, ["kind", "share", "date", "predecessor", "successor", "source_document"]
        ),
        via=via,
    )
    return succ


GROUP_FIELDS = ["name", "aliases", "member_kinds", "valid_from", "valid_to"]


@transaction.atomic
def update_group(actor: Any, group: UnitGroup, *, via: str = "web", **values: Any) -> UnitGroup:
    """Change a group's name, aliases, member kinds or validity. Its explicit members
    change on a date through :func:`add_group_member` and :func:`end_group_membership`."""
    require(actor, Action.MANAGE_UNITS, group)
    locked = UnitGroup.objects.select_for_update().get(pk=group.pk)
    before = audit.snapshot(locked, values.keys())
    for name, value in values.items():
        setattr(locked, name, value)
    if locked.valid_from and locked.valid_to and locked.valid_to < locked.valid_from:
        raise ValidationError({"valid_to": _("Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực.")})
    if values:
        locked.save(update_fields=[*values.keys(), "updated_at"])
    after = audit.snapshot(locked, values.keys())
    if before != after:
        audit.record(actor, "group.update", locked, before=before, after=after, via=via)
    return locked


MEMBERSHIP_FIELDS = ["group", "unit", "valid_from", "valid_to", "source"]


def _day(day: dt.date | None) -> str:
    return f"{day:%d/%m/%Y}" if day else "—"


@transaction.atomic
def add_group_member(
    actor: Any,
    group: UnitGroup,
    unit: Unit,
    *,
    valid_from: dt.date,
    source: str = "",
    via: str = "web",
) -> GroupMembership:
    """Make `unit` a member of `group` from `valid_from`. Refused (ValidationError, nothing
    written) when the unit no longer exists on that day or is already a member then or
    later (a membership that has not ended, or one starting after it)."""
    require(actor, Action.MANAGE_UNITS, group)
    locked = UnitGroup.objects.select_for_update().get(pk=group.pk)
    if unit.valid_to is not None and unit.valid_to < valid_from:
        raise ValidationError(
            {
                "valid_from": _("%(unit)s đã hết hiệu lực từ sau ngày %(day)s.")
                % {"unit": unit.name, "day": _day(unit.valid_to)}
            }
        )
    for row in locked.memberships.filter(unit=unit):
        if row.valid_to is None or row.valid_to >= valid_from:
            raise ValidationError(
                {
                    "unit": _("%(unit)s đã là thành viên của nhóm (từ %(start)s đến %(end)s).")
                    % {"unit": unit.name, "start": _day(row.valid_from), "end": _day(row.valid_to)}
                }
            )
    membership = GroupMembership.objects.create(
        group=locked, unit=unit, valid_from=valid_from, source=source
    )
    audit.record(
        actor,
        "group.member_add",
        locked,
        after=audit.snapshot(membership, MEMBERSHIP_FIELDS),
        via=via,
    )
    return membership


@transaction.atomic
def end_group_membership(
    actor: Any,
    membership: GroupMembership,
    *,
    valid_to: dt.date,
    source: str = "",
    via: str = "web",
) -> GroupMembership:
    """Record that the member left: `valid_to` is its last day as a member. Refused
    (ValidationError, nothing written) when it already ended or the day is before it began."""
    require(actor, Action.MANAGE_UNITS, membership.group)
    locked = (
        GroupMembership.objects.select_for_update()
        .select_related("unit", "group")
        .get(pk=membership.pk)
    )
    if locked.valid_to is not None:
        raise ValidationError(
            {
                "valid_to": _("%(unit)s đã thôi là thành viên từ sau ngày %(day)s.")
                % {"unit": locked.unit.name, "day": _day(locked.valid_to)}
            }
        )
    if locked.valid_from is not None and valid_to < locked.valid_from:
        raise ValidationError(
            {
                "valid_to": _("Ngày thôi là thành viên phải từ ngày %(day)s trở đi.")
                % {"day": _day(locked.valid_from)}
            }
        )
    before = audit.snapshot(locked, MEMBERSHIP_FIELDS)
    locked.valid_to = valid_to
    fields = ["valid_to", "updated_at"]
    if source:
        locked.source = f"{locked.source}; {source}" if locked.source else source
        fields.append("source")
    locked.save(update_fields=fields)
    audit.record(
        actor,
        "group.member_end",
        locked.group,
        before=before,
        after=audit.snapshot(locked, MEMBERSHIP_FIELDS),
        via=via,
    )
    return locked
