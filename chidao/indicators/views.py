"""Pages of the indicator catalogue, targets, values and the scoreboard.

Everyone signed in reads (catalogue, indicator pages, targets, scoreboard). Only the
secretariat manages the catalogue and targets. Figures are entered by the secretariat for
any unit and by an officer for their own unit only: another unit's values page answers
403 to an officer, and nothing is written. Views parse, call a service, render.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Min, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.text import slugify
from django.utils.translation import gettext as _

from chidao.accounts.choices import Role
from chidao.core.concurrency import StaleEdit
from chidao.core.forms_util import apply_validation_error
from chidao.core.http import HtmxHttpRequest
from chidao.core.periods import Period
from chidao.core.permissions import Action, can, require, role_of
from chidao.core.templatetags.periods import localized_label
from chidao.core.text import fold
from chidao.documents.models import Document
from chidao.indicators import queries, services, workbook
from chidao.indicators.choices import FormulaKind, ValueSource
from chidao.indicators.forms import (
    CatalogueFilterForm,
    ImportForm,
    IndicatorForm,
    TargetFilterForm,
    TargetForm,
    ValuesForm,
    value_field_name,
)
from chidao.indicators.models import Indicator, IndicatorValue, Target
from chidao.indicators.queries import Cell
from chidao.units.models import Unit, UnitGroup
from chidao.units.queries import is_uuid, picker_groups, picker_label, picker_units
from chidao.units.services import installation_province

CATALOGUE_PAGE_SIZE = 100
TARGETS_PAGE_SIZE = 50


def _reporting_units(day: dt.date, province: Unit | None = None) -> QuerySet[Unit]:
    province = province or installation_province()
    if province is None:
        return Unit.objects.none()
    return queries.units_reporting(province, day)


def _indicator_groups() -> list[str]:
    """The catalogue's groups in catalogue order (of each group's first indicator)."""
    rows = (
        Indicator.objects.filter(active=True)
        .exclude(group="")
        .values("group")
        .annotate(first=Min("order"))
        .order_by("first", "group")
    )
    return [r["group"] for r in rows]


def _period_param(request: HttpRequest, default: Period) -> tuple[Period, str]:
    """?period=2025Q3 (or any form `Period.parse` reads); `default` when absent or bad,
    with the message saying why."""
    raw = request.GET.get("period", "").strip()
    if not raw:
        return default, ""
    try:
        return Period.parse(raw), ""
    except ValueError as exc:
        return default, str(exc)


def _current_quarter() -> Period:
    return Period.containing("quarter", timezone.localdate())


def _latest_period() -> Period | None:
    """The period of the latest stored figures, read backwards on the period index: one
    cheap query whatever the table's size. Codes sort by year first, and within a year a
    quarter ("2025Q3") before a half ("2025H1") before a month ("2025-09")."""
    code = (
        IndicatorValue.objects.order_by("-period_code").values_list("period_code", flat=True)
    ).first()
    return Period.parse(code) if code else None


# -- the catalogue ----------------------------------------------------------------------


def indicator_list(request: HtmxHttpRequest) -> HttpResponse:
    """The catalogue grouped by `group`, with accent-insensitive search."""
    require(request.user, Action.VIEW_INDICATORS)
    can_manage = can(request.user, Action.MANAGE_INDICATORS)
    groups = _indicator_groups()
    form = CatalogueFilterForm(request.GET or None, groups=groups)
    show_inactive = can_manage and bool(request.GET.get("inactive"))
    rows = queries.indicators(form.value_of("q"), active_only=not show_inactive)
    group = form.value_of("group")
    if group:
        rows = rows.filter(group=group)
    rows = rows.prefetch_related("components")
    page = Paginator(rows, CATALOGUE_PAGE_SIZE).get_page(request.GET.get("page"))
    sections: dict[str, list[Indicator]] = {}
    for indicator in page.object_list:
        sections.setdefault(indicator.group, []).append(indicator)
    context = {
        "form": form,
        "page_obj": page,
        "sections": list(sections.items()),
        "can_manage": can_manage,
        "show_inactive": show_inactive,
    }
    template = "indicators/_list_results.html" if request.htmx else "indicators/list.html"
    return render(request, template, context)


def _indicator(code: str) -> Indicator:
    rows = Indicator.objects.select_related("numerator", "denominator").prefetch_related(
        "components"
    )
    return get_object_or_404(rows, code=code)


@dataclass(frozen=True)
class UnitLine:
    unit: Unit
    cell: Cell


def indicator_detail(request: HttpRequest, code: str) -> HttpResponse:
    """Definition and formula, targets, the figures of a period per unit and for the
    province (with achievement), and one unit's history with its corrections."""
    require(request.user, Action.VIEW_INDICATORS)
    indicator = _indicator(code)
    today = timezone.localdate()
    terms = queries.terms_of([indicator])
    reported = workbook.reported_terms([indicator])  # in formula order
    period_codes = (
        IndicatorValue.objects.filter(indicator_id__in=[t.pk for t in reported])
        .order_by()
        .values_list("period_code", flat=True)
        .distinct()
    )
    periods = sorted({Period.parse(c) for c in period_codes}, reverse=True)
    period, period_error = _period_param(request, periods[0] if periods else _current_quarter())
    units = list(_reporting_units(period.end))
    board = queries.scoreboard([indicator], units, period, today)
    lines = [UnitLine(u, c) for u, c in board.unit_cells(indicator)]
    with_value = [line for line in lines if line.cell.value is not None]
    without_value = [line.unit for line in lines if line.cell.value is None]

    history_unit = _history_unit(request, indicator, units)
    history = []
    if history_unit is not None:
        for term in reported:
            history.append((term, list(queries.value_history(term, history_unit))))
    targets = indicator.targets.select_related("unit", "group", "document", "task").order_by(
        "-period_start", "unit__name", "group__name"
    )
    return render(
        request,
        "indicators/detail.html",
        {
            "indicator": indicator,
            "terms": [t for t in terms if t.pk != indicator.pk],
            "targets": targets,
            "period": period,
            "period_error": period_error,
            "periods": periods,
            "province_cell": board.province[indicator.pk],
            "lines": with_value,
            "missing": without_value,
            "units": units,
            "history_unit": history_unit,
            "history": history,
            "today": today,
            "can_manage": can(request.user, Action.MANAGE_INDICATORS),
        },
    )


def _history_unit(request: HttpRequest, indicator: Indicator, units: list[Unit]) -> Unit | None:
    """?unit=<uuid>, else the officer's own unit, else the unit that reported last."""
    raw = request.GET.get("unit", "")
    if raw:
        try:
            return Unit.objects.filter(uuid=UUID(raw)).first()
        except ValueError:
            return None
    user: Any = request.user
    if role_of(user) == Role.OFFICER and user.unit_id:
        return Unit.objects.filter(pk=user.unit_id).first()
    reported_ids = [t.pk for t in workbook.reported_terms([indicator])]
    last = (
        IndicatorValue.objects.filter(indicator_id__in=reported_ids)
        .order_by("-period_end", "-updated_at")
        .select_related("unit")
        .first()
    )
    return last.unit if last is not None else None


def indicator_form(request: HttpRequest, code: str | None = None) -> HttpResponse:
    """Create or edit a catalogue entry (secretariat)."""
    require(request.user, Action.MANAGE_INDICATORS)
    instance = _indicator(code) if code else None
    form = IndicatorForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        # A fresh copy: the service snapshots it before changing it, for the audit trail.
        fresh = Indicator.objects.get(pk=instance.pk) if instance is not None else None
        try:
            row = services.save_indicator(
                request.user,
                fresh,
                form.service_values(),
                components=list(form.cleaned_data.get("components") or []),
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Đã lưu chỉ số %(code)s.") % {"code": row.code})
            return redirect("indicators:detail", code=row.code)
    return render(request, "indicators/form.html", {"form": form, "indicator": instance})


# -- targets ----------------------------------------------------------------------------


def _target_units(request: HttpRequest, keep: Sequence[str] = ()) -> QuerySet[Unit]:
    """The province's units in force today; with ?history=1 the others too, after them
    (targets of past years name the units of their time). `keep`: units already chosen
    (by UUID) stay offered."""
    return (
        picker_units(
            installation_province(),
            timezone.localdate(),
            history=request.GET.get("history") == "1",
            keep=[request.GET.get("unit", ""), *keep],
        )
        .exclude(kind="province")
        .only("pk", "uuid", "name", "kind", "valid_from", "valid_to", "parent")
    )


def _history_toggle(request: HttpRequest) -> dict[str, Any]:
    """The pickers' toggle between units in force today and every unit (links, no JS)."""
    query = request.GET.copy()
    query.pop("page", None)
    on = request.GET.get("history") == "1"
    if on:
        query.pop("history", None)
    else:
        query["history"] = "1"
    return {"history": on, "history_toggle_query": query.urlencode()}


def _indicator_choices() -> QuerySet[Indicator]:
    return (
        Indicator.objects.filter(active=True).only("pk", "code", "name").order_by("order", "code")
    )


def target_list(request: HttpRequest) -> HttpResponse:
    """Targets by indicator, unit (those that apply to it: its own, its groups', the
    province's) and period."""
    require(request.user, Action.VIEW_INDICATORS)
    form = TargetFilterForm(
        request.GET or None, indicators=_indicator_choices(), units=_target_units(request)
    )
    filters = form.filters()
    rows = Target.objects.select_related("indicator", "unit", "group", "document", "task")
    if "indicator" in filters:
        rows = rows.filter(indicator=filters["indicator"])
    if "period" in filters:
        rows = rows.filter(period_code=filters["period"].code)
    if "unit" in filters:
        unit = filters["unit"]
        groups = [
            g.pk
            for g in UnitGroup.objects.filter(province=installation_province())
            if g.members_on(timezone.localdate()).filter(pk=unit.pk).exists()
        ]
        rows = rows.filter(
            Q(unit=unit) | Q(group_id__in=groups) | Q(unit__isnull=True, group__isnull=True)
        )
    document_uuid = request.GET.get("document", "")
    if document_uuid:
        try:
            rows = rows.filter(document__uuid=UUID(document_uuid))
        except ValueError:
            rows = rows.none()
    page = Paginator(rows, TARGETS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "indicators/targets.html",
        {
            "form": form,
            "page_obj": page,
            "rows": page.object_list,
            "can_manage": can(request.user, Action.MANAGE_INDICATORS),
            **_history_toggle(request),
        },
    )


def target_form(request: HttpRequest) -> HttpResponse:
    """Set a target (secretariat); one of the same indicator, scope and period is
    replaced. ?indicator=<code> or ?from=<target uuid> fill the form in."""
    require(request.user, Action.MANAGE_INDICATORS)
    province = installation_province()
    initial: dict[str, Any] = {"indicator": request.GET.get("indicator", "")}
    source = None
    if request.GET.get("from"):
        try:
            source = Target.objects.select_related("indicator", "unit", "group").get(
                uuid=UUID(request.GET["from"])
            )
        except (ValueError, Target.DoesNotExist):
            raise Http404 from None
        scope = (
            f"unit:{source.unit.uuid}"
            if source.unit
            else f"group:{source.group.uuid}"
            if source.group
            else ""
        )
        initial = {
            "indicator": source.indicator.code,
            "scope": scope,
            "period": source.period_code,
            "comparator": source.comparator,
            "value": source.value,
            "note": source.note,
        }
    # Units and groups in force today (?history=1: all); the scope being edited or
    # posted stays offered.
    chosen = [request.POST.get("scope", "").partition(":")[2]]
    if source is not None:
        chosen += [str(source.unit.uuid) if source.unit else ""]
        chosen += [str(source.group.uuid) if source.group else ""]
    units = list(_target_units(request, keep=chosen))
    history = request.GET.get("history") == "1"
    groups = picker_groups(province, timezone.localdate(), history=history)
    shown = {g.pk for g in groups}
    kept = UnitGroup.objects.filter(province=province, uuid__in=[c for c in chosen if is_uuid(c)])
    groups += [g for g in kept if g.pk not in shown]
    form = TargetForm(
        request.POST or None,
        initial=initial,
        indicators=_indicator_choices(),
        units=units,
        groups=groups,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        scope = data["scope"]
        try:
            target = services.set_target(
                request.user,
                indicator=data["indicator"],
                period=data["period"],
                value=data["value"],
                comparator=data["comparator"],
                unit=scope if isinstance(scope, Unit) else None,
                group=scope if isinstance(scope, UnitGroup) else None,
                note=data["note"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(
                request,
                _("Đã đặt chỉ tiêu %(ind)s %(cmp)s %(value)s cho %(scope)s, %(period)s.")
                % {
                    "ind": target.indicator.code,
                    "cmp": target.comparator,
                    "value": queries.format_number(target.value, 4),
                    "scope": target.scope_label,
                    "period": target.period_label,
                },
            )
            return redirect(
                reverse("indicators:targets")
                + "?"
                + urlencode({"indicator": target.indicator.code})
            )
    return render(
        request,
        "indicators/target_form.html",
        {"form": form, "source": source, **_history_toggle(request)},
    )


def target_delete(request: HttpRequest, uuid: UUID) -> HttpResponse:
    require(request.user, Action.MANAGE_INDICATORS)
    target = get_object_or_404(
        Target.objects.select_related("indicator", "unit", "group"), uuid=uuid
    )
    if request.method == "POST":
        code = target.indicator.code
        services.delete_target(request.user, target)
        messages.success(request, _("Đã xoá chỉ tiêu."))
        return redirect(reverse("indicators:targets") + "?" + urlencode({"indicator": code}))
    return render(request, "indicators/target_delete.html", {"target": target})


@dataclass(frozen=True)
class FoundTarget:
    """A target the document's extraction found, with the catalogue indicator it names
    (proposed as the default choice) and its position in the extraction's list."""

    index: int
    phrase: str
    comparator: str
    value: Decimal
    unit: str
    due: dt.date | None
    quote: str
    missed: bool
    indicator: Indicator | None

    @property
    def field(self) -> str:
        """The name of the form field choosing its indicator."""
        return f"indicator-{self.index}"


#: The value of the choice "Tạo chỉ số mới" (no indicator code contains a colon).
NEW_INDICATOR = ":new"


def _found_targets(doc: Document) -> list[FoundTarget]:
    found = []
    for index, item in enumerate((doc.extraction or {}).get("targets", [])):
        due = None
        if item.get("due"):
            try:
                due = dt.date.fromisoformat(item["due"])
            except ValueError:
                due = None
        found.append(
            FoundTarget(
                index=index,
                phrase=item.get("indicator", ""),
                comparator=item.get("comparator", ">="),
                value=Decimal(str(item.get("value", 0))),
                unit=item.get("unit", ""),
                due=due,
                quote=item.get("quote", ""),
                missed=bool(item.get("missed")),
                indicator=services.match_indicator(item.get("indicator", ""), item.get("unit", ""))
                if not item.get("missed")
                else None,
            )
        )
    return found


def _chosen_indicators(
    request: HttpRequest, found: list[FoundTarget]
) -> tuple[dict[int, Indicator | None], list[str]]:
    """The indicator the form chose for each target (None: a new one), and the problems
    (a code the catalogue does not have). A target the form says nothing of keeps the
    proposed match."""
    chosen: dict[int, Indicator | None] = {}
    problems: list[str] = []
    codes = {
        f.index: request.POST.get(f.field, "")
        for f in found
        if not f.missed and request.POST.get(f.field, "")
    }
    catalogue = {
        i.code: i for i in Indicator.objects.filter(active=True, code__in=set(codes.values()))
    }
    for index, code in codes.items():
        if code == NEW_INDICATOR:
            chosen[index] = None
        elif code in catalogue:
            chosen[index] = catalogue[code]
        else:
            problems.append(
                _("Chỉ số %(code)s không có trong danh mục (chỉ tiêu thứ %(n)s).")
                % {"code": code, "n": index + 1}
            )
    return chosen, problems


def targets_from_document(request: HttpRequest, uuid: UUID) -> HttpResponse:
    """The targets found in a document, each with the catalogue indicator it matches
    proposed (or a new one to create), and the button that creates them
    (`services.targets_from_document`) with the indicators chosen."""
    require(request.user, Action.MANAGE_INDICATORS)
    doc = get_object_or_404(Document, uuid=uuid)
    found = _found_targets(doc)
    if request.method == "POST":
        chosen, problems = _chosen_indicators(request, found)
        if problems:
            messages.error(request, " ".join(problems))
            return redirect("indicators:from_document", uuid=doc.uuid)
        try:
            created = services.targets_from_document(request.user, doc, chosen=chosen)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("Đã lấy %(n)s chỉ tiêu từ văn bản %(doc)s.") % {"n": len(created), "doc": doc},
            )
        return redirect("indicators:from_document", uuid=doc.uuid)
    existing = (
        Target.objects.filter(document=doc)
        .select_related("indicator", "unit", "group", "task")
        .order_by("indicator__order", "indicator__code", "period_start")
    )
    return render(
        request,
        "indicators/from_document.html",
        {
            "doc": doc,
            "found": found,
            "to_create": sum(1 for f in found if not f.missed),
            "existing": existing,
            "new_indicator": NEW_INDICATOR,
        },
    )


# -- values -----------------------------------------------------------------------------


def _values_unit(request: HttpRequest) -> Unit | None:
    """The unit whose figures the page shows: an officer's own (asking for another unit
    is refused), or ?unit=<uuid> for the other roles."""
    user: Any = request.user
    raw = request.GET.get("unit") or request.POST.get("unit") or ""
    if role_of(user) == Role.OFFICER:
        own = Unit.objects.filter(pk=user.unit_id).first() if user.unit_id else None
        if own is None or (raw and raw != str(own.uuid)):
            raise PermissionDenied(_("Bạn chỉ được xem và báo cáo số liệu của đơn vị mình."))
        return own
    if not raw:
        return None
    try:
        return Unit.objects.get(uuid=UUID(raw))
    except (ValueError, Unit.DoesNotExist):
        raise Http404 from None


def _values_indicators(request: HttpRequest) -> tuple[list[Indicator], str]:
    """The catalogue's active indicators, or one group's (?group=)."""
    rows = queries.indicators().prefetch_related("components")
    group = request.GET.get("group", "")
    if group:
        rows = rows.filter(group=group)
    return list(rows), group


@dataclass(frozen=True)
class ValueLine:
    """One row of the values page: an input (reported) or a derived figure (computed)."""

    indicator: Indicator
    field: Any  # the bound field, None for a computed indicator
    value: Decimal | None
    cell: Cell


def _values_page(
    request: HttpRequest,
    *,
    unit: Unit | None,
    period: Period,
    period_error: str = "",
    form: ValuesForm | None = None,
    import_form: ImportForm | None = None,
    import_errors: Sequence[str] = (),
) -> HttpResponse:
    chosen, group = _values_indicators(request)
    can_report = unit is not None and can(request.user, Action.REPORT_VALUES, unit)
    lines: list[ValueLine] = []
    sections: list[tuple[str, list[ValueLine]]] = []
    has_stored = False
    if unit is not None:
        reported = workbook.reported_terms(chosen)
        ids = {i.pk for i in reported} | {t.pk for t in queries.terms_of(chosen)}
        values = queries.reported_values(ids, [unit.pk], period)
        stored = {ind_id: v for (ind_id, _u), v in values.items()}
        has_stored = bool(stored)
        if form is None:
            form = ValuesForm(
                indicators=reported,
                stored=stored,
                versions=queries.value_versions([i.pk for i in reported], unit, period),
                disabled=not can_report,
            )
        targets = queries.targets_for([i.pk for i in chosen], period)
        components = {
            i.pk: list(i.components.all()) for i in chosen if i.formula == FormulaKind.SUM
        }
        today = timezone.localdate()
        in_form = {i.pk for i in form.indicators}
        shown = list(chosen) + [i for i in reported if i.pk not in {c.pk for c in chosen}]
        for ind in shown:
            if ind.is_computed:
                value = queries.level_value(ind, values, [unit.pk], components=components)
                bound = None
            else:
                value = stored.get(ind.pk)
                bound = form[value_field_name(ind)] if ind.pk in in_form else None
            cell = queries.judge_cell(ind, value, targets.for_unit(ind.pk, unit.pk), period, today)
            lines.append(ValueLine(ind, bound, value, cell))
        by_group: dict[str, list[ValueLine]] = {}
        for line in lines:
            by_group.setdefault(line.indicator.group, []).append(line)
        sections = list(by_group.items())
    user: Any = request.user
    officer = role_of(user) == Role.OFFICER
    return render(
        request,
        "indicators/values.html",
        {
            "unit": unit,
            "period": period,
            "period_error": period_error,
            "group": group,
            "groups": _indicator_groups(),
            "sections": sections,
            "form": form,
            "import_form": import_form or ImportForm(),
            "import_errors": list(import_errors),
            "can_report": can_report,
            "has_stored": has_stored,
            # Named with their parent, as of the period's end (`picker_label`).
            "units": None
            if officer
            else [
                (u, picker_label(u, period.end))
                for u in _reporting_units(period.end).select_related("parent")
            ],
            "scope_query": urlencode(
                {
                    k: v
                    for k, v in {
                        "unit": str(unit.uuid) if unit else "",
                        "period": period.code,
                        "group": group,
                    }.items()
                    if v
                }
            ),
        },
    )


def values_entry(request: HttpRequest) -> HttpResponse:
    """A unit's figures for a period: one input per reported indicator, computed ones
    derived; saving a changed figure asks for the reason of the correction."""
    require(request.user, Action.VIEW_INDICATORS)
    unit = _values_unit(request)
    period, period_error = _period_param(request, _current_quarter())
    if request.method != "POST":
        return _values_page(request, unit=unit, period=period, period_error=period_error)
    if unit is None:
        raise Http404
    require(request.user, Action.REPORT_VALUES, unit)
    chosen, _group = _values_indicators(request)
    reported = workbook.reported_terms(chosen)
    stored = {
        ind_id: v
        for (ind_id, _u), v in queries.reported_values(
            [i.pk for i in reported], [unit.pk], period
        ).items()
    }
    form = ValuesForm(request.POST, indicators=reported, stored=stored)
    if form.is_valid():
        typed = form.typed()
        if period_error:
            # Never save a bad period's figures under the default one.
            form.add_error(None, period_error)
        elif not typed:
            form.add_error(None, _("Chưa nhập số liệu nào."))
        else:
            rows = [
                services.ValueInput(ind, unit, period, value, line=n, version=form.version_of(ind))
                for n, (ind, value) in enumerate(typed, 1)
            ]
            reason = form.cleaned_data["reason"]
            try:
                result = services.report_values(
                    request.user,
                    rows,
                    source=ValueSource.FORM,
                    reason=reason,
                    versions_required=True,
                )
            except StaleEdit as exc:
                form.add_error(None, exc.messages)
            except services.ValueErrors as exc:
                _attach_row_errors(form, exc, typed)
                corrects = any(ind.pk in stored and stored[ind.pk] != value for ind, value in typed)
                if corrects and not reason.strip():
                    form.add_error("reason", _("Hãy ghi lý do điều chỉnh số liệu đã báo cáo."))
            else:
                messages.success(
                    request,
                    _("Đã lưu số liệu %(unit)s, %(period)s: %(summary)s")
                    % {
                        "unit": unit,
                        "period": localized_label(period),
                        "summary": result.summary(),
                    },
                )
                return redirect(_values_url(unit, period, request.GET.get("group", "")))
    return _values_page(request, unit=unit, period=period, period_error=period_error, form=form)


def _attach_row_errors(
    form: ValuesForm, exc: services.ValueErrors, typed: list[tuple[Indicator, Decimal]]
) -> None:
    """Each row's message on its input (rows were numbered in the order typed)."""
    for error in exc.rows:
        if error.line and 1 <= error.line <= len(typed):
            form.add_error(value_field_name(typed[error.line - 1][0]), error.message)
        else:
            form.add_error(None, str(error))
    form.add_error(None, _("Chưa lưu số liệu nào: hãy sửa các ô báo lỗi rồi lưu lại."))


def _values_url(unit: Unit, period: Period, group: str = "") -> str:
    query = {"unit": str(unit.uuid), "period": period.code}
    if group:
        query["group"] = group
    return reverse("indicators:values") + "?" + urlencode(query)


def values_template(request: HttpRequest) -> HttpResponse:
    """The xlsx template of a unit's figures for a period, to fill and upload."""
    unit = _values_unit(request)
    if unit is None:
        raise Http404
    require(request.user, Action.REPORT_VALUES, unit)
    period, period_error = _period_param(request, _current_quarter())
    if period_error:
        return redirect(reverse("indicators:values") + "?" + request.GET.urlencode())
    chosen, _group = _values_indicators(request)
    title = _("Số liệu chỉ số %(period)s — %(unit)s") % {"period": period.label, "unit": unit}
    content = workbook.template(unit, period, chosen, title=title)
    response = HttpResponse(content, content_type=workbook.CONTENT_TYPE)
    name = f"so-lieu-{slugify(fold(unit.name))}-{period.code}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def values_import(request: HttpRequest) -> HttpResponse:
    """Import a filled template: all rows or none; the row-by-row errors otherwise."""
    unit = _values_unit(request)
    if unit is None:
        raise Http404
    require(request.user, Action.REPORT_VALUES, unit)
    period, period_error = _period_param(request, _current_quarter())
    if request.method != "POST":
        return redirect(_values_url(unit, period, request.GET.get("group", "")))
    form = ImportForm(request.POST, request.FILES)
    errors: list[str] = []
    if period_error:
        errors = [period_error]
    elif form.is_valid():
        chosen, _group = _values_indicators(request)
        upload = form.cleaned_data["file"]
        try:
            result = workbook.import_values(
                request.user,
                upload.read(),
                unit=unit,
                period=period,
                indicators=chosen,
                reason=form.cleaned_data["reason"],
                via="web",
            )
        except services.ValueErrors as exc:
            errors = [str(row) for row in exc.rows]
        except ValidationError as exc:
            errors = list(exc.messages)
        else:
            messages.success(
                request,
                _("Đã nhập tệp %(name)s: %(summary)s")
                % {"name": upload.name, "summary": result.summary()},
            )
            return redirect(_values_url(unit, period, request.GET.get("group", "")))
    return _values_page(
        request,
        unit=unit,
        period=period,
        period_error=period_error,
        import_form=form,
        import_errors=errors,
    )


# -- the scoreboard ---------------------------------------------------------------------


def scoreboard(request: HttpRequest) -> HttpResponse:
    """Indicators × units for a period with coloured achievement, and the province's line.

    ?group= picks an indicator group (default: the indicators with a target in the
    period or its year); ?units=<unit group uuid> narrows the units.
    """
    require(request.user, Action.VIEW_INDICATORS)
    latest = _latest_period()
    period, period_error = _period_param(request, latest or _current_quarter())
    groups = _indicator_groups()
    group = request.GET.get("group", "")
    chosen_rows = queries.indicators().prefetch_related("components")
    if group:
        chosen_rows = chosen_rows.filter(group=group)
    else:
        codes = [period.code, Period.annual(period.year).code]
        chosen_rows = chosen_rows.filter(
            pk__in=Target.objects.filter(period_code__in=codes).values("indicator_id")
        )
    chosen = list(chosen_rows)
    province = installation_province()
    # The groups with members at the period's end (`picker_groups`).
    unit_groups = picker_groups(province, period.end)
    units_qs = _reporting_units(period.end, province)
    unit_group = next((g for g in unit_groups if str(g.uuid) == request.GET.get("units")), None)
    if unit_group is not None:
        units_qs = units_qs.filter(pk__in=unit_group.members_on(period.end).values("pk"))
    units = list(units_qs)
    board = queries.scoreboard(chosen, units, period, timezone.localdate())
    rows = [(u, [(i, board.cells[(i.pk, u.pk)]) for i in chosen]) for u in units]
    province_row = [(i, board.province[i.pk]) for i in chosen]
    return render(
        request,
        "indicators/scoreboard.html",
        {
            "period": period,
            "period_error": period_error,
            "groups": groups,
            "group": group,
            "unit_groups": unit_groups,
            "unit_group": unit_group,
            "indicators": chosen,
            "rows": rows,
            "province_row": province_row,
        },
    )
