"""Indicators API: the catalogue, targets, reported values (a batch, all or nothing), a
correction with its reason, and an indicator's summary by unit against its targets.

Everyone signed in may read. The secretariat sets targets and reports for any unit;
an officer reports only their own unit's figures — a batch holding another unit's row is
refused whole (422, every bad row listed in `errors`).
"""

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from chidao.api.pagination import PagePagination, ShapedRows
from chidao.core.periods import Period
from chidao.core.permissions import Action, can, require
from chidao.indicators import queries, services
from chidao.indicators.choices import ValueSource
from chidao.indicators.models import Indicator, IndicatorValue, Target
from chidao.indicators.queries import Cell, format_number
from chidao.indicators.schemas import (
    CorrectIn,
    IndicatorOut,
    SummaryOut,
    TargetIn,
    TargetOut,
    ValueBatchIn,
    ValueBatchOut,
    ValueOut,
)
from chidao.indicators.services import RowError, ValueErrors, ValueInput
from chidao.indicators.workbook import units_by_key
from chidao.units.models import Unit, UnitGroup
from chidao.units.queries import find_group
from chidao.units.services import installation_province

router = Router(tags=["indicators"])


# -- shapes -----------------------------------------------------------------------------


def _num(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _indicator_out(ind: Indicator) -> dict[str, Any]:
    return {
        "uuid": ind.uuid,
        "code": ind.code,
        "name": ind.name,
        "measure_unit": ind.measure_unit,
        "direction": ind.direction,
        "definition": ind.definition,
        "source": ind.source,
        "group": ind.group,
        "formula": ind.formula,
        "numerator": ind.numerator.code if ind.numerator else None,
        "denominator": ind.denominator.code if ind.denominator else None,
        "components": [c.code for c in ind.components.all()],
        "aggregation": ind.aggregation,
        "scale": float(ind.scale),
        "decimals": ind.decimals,
        "min_value": _num(ind.min_value),
        "max_value": _num(ind.max_value),
        "active": ind.active,
    }


def _target_out(t: Target) -> dict[str, Any]:
    return {
        "uuid": t.uuid,
        "indicator": t.indicator.code,
        "unit": t.unit,
        "group": t.group.key if t.group else None,
        "scope": t.scope_label,
        "period": t.period_code,
        "period_label": t.period_label,
        "comparator": t.comparator,
        "value": float(t.value),
        "value_text": format_number(t.value, t.indicator.decimals),
        "source": t.source,
        "document": t.document.uuid if t.document else None,
        "task": t.task.uuid if t.task else None,
        "quote": t.quote,
        "note": t.note,
    }


def _value_out(v: IndicatorValue) -> dict[str, Any]:
    return {
        "uuid": v.uuid,
        "indicator": v.indicator.code,
        "indicator_name": v.indicator.name,
        "unit": v.unit,
        "period": v.period_code,
        "period_label": v.period_label,
        "value": float(v.value),
        "value_text": format_number(v.value, v.indicator.decimals),
        "note": v.note,
        "source": v.source,
        "version": v.version,
        "updated_at": v.updated_at,
    }


def _cell_out(indicator: Indicator, cell: Cell) -> dict[str, Any]:
    target = cell.target
    return {
        "value": _num(cell.value),
        "value_text": format_number(cell.value, indicator.decimals),
        "target": _num(target.value) if target else None,
        "comparator": target.comparator if target else None,
        "target_text": cell.target_text,
        "target_scope": target.scope_label if target else None,
        "status": cell.judgement.status.value,
        "label": cell.judgement.label,
        "colour": cell.judgement.colour,
        "ratio": _num(cell.judgement.ratio),
    }


# -- parsing ----------------------------------------------------------------------------


def _period(text: str, field: str = "period") -> Period:
    try:
        return Period.parse(text)
    except ValueError as exc:
        raise ValidationError({field: str(exc)}) from None


def _indicator(code: str) -> Indicator:
    found = queries.indicators(active_only=False).prefetch_related("components").filter(code=code)
    indicator = found.first()
    if indicator is None:
        raise Http404
    return indicator


def _one_unit(text: str, field: str = "unit") -> Unit:
    found = units_by_key({text}).get(text, [])
    if len(found) != 1:
        message = (
            _("Mã đơn vị “%(k)s” khớp nhiều đơn vị; dùng uuid.")
            if found
            else _("Không có đơn vị “%(k)s”.")
        )
        raise ValidationError({field: message % {"k": text}})
    return found[0]


def _group(text: str) -> UnitGroup:
    group = find_group(text)
    if group is None:
        raise ValidationError({"group": _("Không có nhóm đơn vị “%s”.") % text})
    return group


def _number(raw: Any, field: str = "value") -> Decimal:
    try:
        return services.parse_number(raw)
    except ValueError as exc:
        raise ValidationError({field: str(exc)}) from None


# -- the catalogue ----------------------------------------------------------------------


class IndicatorQuery(Schema):
    q: str | None = Field(None, description="search words, accents optional")
    group: str | None = Field(None, description="indicator group, exact")
    all: bool = Field(False, description="include indicators no longer in use")


@router.get("", response=list[IndicatorOut])
@router.get("/", response=list[IndicatorOut], include_in_schema=False)
@paginate(PagePagination)
def list_indicators(request: HttpRequest, filters: Query[IndicatorQuery]) -> Any:
    """The catalogue in its order; `q` searches codes, names, groups and sources."""
    require(request.user, Action.VIEW_INDICATORS)
    rows = queries.indicators(filters.q or "", active_only=not filters.all)
    if filters.group:
        rows = rows.filter(group=filters.group)
    return ShapedRows(rows.prefetch_related("components"), _indicator_out)


# -- targets ----------------------------------------------------------------------------


class TargetQuery(Schema):
    indicator: str | None = Field(None, description="indicator code")
    unit: UUID | None = None
    period: str | None = None


@router.get("/targets", response=list[TargetOut])
@paginate(PagePagination)
def list_targets(request: HttpRequest, filters: Query[TargetQuery]) -> Any:
    require(request.user, Action.VIEW_INDICATORS)
    rows = Target.objects.select_related("indicator", "unit", "group", "document", "task")
    if filters.indicator:
        rows = rows.filter(indicator__code=filters.indicator)
    if filters.unit:
        rows = rows.filter(unit__uuid=filters.unit)
    if filters.period:
        rows = rows.filter(period_code=_period(filters.period).code)
    return ShapedRows(rows, _target_out)


@router.post("/targets", response={201: TargetOut})
def set_target(request: HttpRequest, payload: TargetIn) -> Status[dict[str, Any]]:
    """Set (or replace) the target of an indicator for a period and one scope: a unit, a
    group, or the province when neither is given. Secretariat only."""
    require(request.user, Action.MANAGE_INDICATORS)
    indicator = Indicator.objects.filter(code=payload.indicator).first()
    if indicator is None:
        raise ValidationError({"indicator": _("Không có chỉ số mã “%s”.") % payload.indicator})
    target = services.set_target(
        request.user,
        indicator=indicator,
        period=_period(payload.period),
        value=_number(payload.value),
        comparator=payload.comparator,
        unit=_one_unit(payload.unit) if payload.unit else None,
        group=_group(payload.group) if payload.group else None,
        note=payload.note,
        via="api",
    )
    target = Target.objects.select_related("indicator", "unit", "group", "document", "task").get(
        pk=target.pk
    )
    return Status(201, _target_out(target))


# -- values -----------------------------------------------------------------------------


class ValueQuery(Schema):
    indicator: str | None = Field(None, description="indicator code")
    unit: UUID | None = None
    period: str | None = None


@router.get("/values", response=list[ValueOut])
@paginate(PagePagination)
def list_values(request: HttpRequest, filters: Query[ValueQuery]) -> Any:
    require(request.user, Action.VIEW_INDICATORS)
    rows = IndicatorValue.objects.select_related("indicator", "unit").order_by(
        "indicator__order", "indicator__code", "unit__name", "period_start"
    )
    if filters.indicator:
        rows = rows.filter(indicator__code=filters.indicator)
    if filters.unit:
        rows = rows.filter(unit__uuid=filters.unit)
    if filters.period:
        rows = rows.filter(period_code=_period(filters.period).code)
    return ShapedRows(rows, _value_out)


def _may_report(user: Any) -> bool:
    """The secretariat reports for every unit, an officer for their own."""
    unit = getattr(user, "unit", None)
    return can(user, Action.REPORT_VALUES) or (
        unit is not None and can(user, Action.REPORT_VALUES, unit)
    )


@router.post("/values", response=ValueBatchOut)
def report_values(request: HttpRequest, payload: ValueBatchIn) -> dict[str, Any]:
    """Report a batch of figures, all or nothing. A figure that changes a stored one needs
    `reason` and the stored figure's `version` (a stale version refuses the batch).
    Refused (422) with every bad row in `errors` — "Dòng N: …", N counting the batch's
    items from 1."""
    if not _may_report(request.user):
        raise PermissionDenied(_("Bạn không có quyền báo cáo số liệu."))
    items = payload.values
    indicators = {
        i.code: i for i in Indicator.objects.filter(code__in={v.indicator for v in items})
    }
    units = units_by_key({v.unit for v in items})
    rows: list[ValueInput] = []
    errors: list[RowError] = []
    for line, item in enumerate(items, 1):
        problems: list[str] = []
        indicator = indicators.get(item.indicator)
        if indicator is None:
            problems.append(_("không có chỉ số mã “%(c)s” trong danh mục.") % {"c": item.indicator})
        found = units.get(item.unit, [])
        if len(found) != 1:
            problems.append(
                (
                    _("mã đơn vị “%(k)s” khớp nhiều đơn vị; dùng uuid.")
                    if found
                    else _("không có đơn vị “%(k)s”.")
                )
                % {"k": item.unit}
            )
        period: Period | None = None
        try:
            period = Period.parse(item.period)
        except ValueError as exc:
            problems.append(str(exc))
        value: Decimal | None = None
        try:
            value = services.parse_number(item.value)
        except ValueError as exc:
            problems.append(_("giá trị của %(c)s: %(r)s") % {"c": item.indicator, "r": str(exc)})
        if problems or indicator is None or period is None or value is None:
            errors.extend(RowError(line, p) for p in problems)
            continue
        rows.append(ValueInput(indicator, found[0], period, value, line, item.note, item.version))
    errors.extend(services.check_values(request.user, rows))
    if errors:
        raise ValueErrors(sorted(errors, key=lambda e: e.line or 0))
    result = services.report_values(
        request.user,
        rows,
        source=ValueSource.API,
        reason=payload.reason,
        versions_required=True,
        via="api",
    )
    stored = IndicatorValue.objects.select_related("indicator", "unit").filter(
        pk__in=[r.pk for r in result.rows]
    )
    return {
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
        "summary": result.summary(),
        "values": [_value_out(v) for v in stored],
    }


@router.post("/values/{uuid}/correct", response=ValueOut)
def correct_value(request: HttpRequest, uuid: UUID, payload: CorrectIn) -> dict[str, Any]:
    """Change one stored figure; `reason` is kept in its history. `version` (from GET) is
    required: of two corrections made from the same version one is written, the other
    fails with 422 instead of overwriting."""
    row = IndicatorValue.objects.select_related("indicator", "unit").filter(uuid=uuid).first()
    if row is None:
        raise Http404
    require(request.user, Action.REPORT_VALUES, row.unit)
    services.correct_value(
        request.user,
        row,
        _number(payload.value),
        payload.reason,
        expected_version=payload.version,
        source=ValueSource.API,
        via="api",
    )
    row = IndicatorValue.objects.select_related("indicator", "unit").get(pk=row.pk)
    return _value_out(row)


# -- one indicator ----------------------------------------------------------------------


@router.get("/{slug:code}", response=IndicatorOut)
def get_indicator(request: HttpRequest, code: str) -> dict[str, Any]:
    require(request.user, Action.VIEW_INDICATORS)
    return _indicator_out(_indicator(code))


@router.get("/{slug:code}/summary", response=SummaryOut)
def summary(
    request: HttpRequest,
    code: str,
    period: str,
    as_of: dt.date | None = None,
    group: str | None = None,
) -> dict[str, Any]:
    """The indicator for `period` in every reporting unit (or the members of `group`) and
    for all of them together, each against the target that applies (the unit's own, else
    its group's, else the province's; a yearly one for want of the period's) with its
    status, label and colour as of `as_of` (today by default)."""
    require(request.user, Action.VIEW_INDICATORS)
    indicator = _indicator(code)
    chosen = _period(period)
    day = as_of or timezone.localdate()
    units: Iterable[Unit]
    if group:
        units = _group(group).members_on(chosen.end)
    else:
        province = installation_province()
        if province is None:
            raise ValidationError(_("Chưa thiết lập tỉnh cho hệ thống (lệnh “chidao init”)."))
        units = queries.units_reporting(province, chosen.end)
    board = queries.scoreboard([indicator], list(units), chosen, day)
    return {
        "indicator": _indicator_out(indicator),
        "period": chosen.code,
        "period_label": chosen.label,
        "as_of": day,
        "province": _cell_out(indicator, board.province[indicator.pk]),
        "units": [
            {"unit": unit, **_cell_out(indicator, cell)}
            for unit, cell in board.unit_cells(indicator)
        ],
    }
