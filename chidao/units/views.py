"""The unit directory, a unit's page, and the forms that edit units."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from chidao.core.forms_util import apply_validation_error
from chidao.core.http import HtmxHttpRequest
from chidao.core.periods import parse_day
from chidao.core.permissions import Action, can, require
from chidao.units import queries, services
from chidao.units.choices import UnitKind
from chidao.units.forms import GroupForm, MemberAddForm, MemberEndForm, SuccessionForm, UnitForm
from chidao.units.models import GroupMembership, Unit, UnitGroup


def _as_of(request: HttpRequest) -> tuple[dt.date, str]:
    """The date the directory is shown at (?as_of=dd/mm/yyyy), today by default."""
    raw = request.GET.get("as_of", "").strip()
    try:
        return parse_day(raw) or timezone.localdate(), ""
    except ValueError:
        error = _("Ngày không hợp lệ: %(value)s (dạng dd/mm/yyyy).") % {"value": raw}
        return timezone.localdate(), error


def directory(request: HtmxHttpRequest) -> HttpResponse:
    """The province's units as a tree at a date, or the matches of a search."""
    require(request.user, Action.VIEW_UNITS)
    province = services.installation_province()
    on, date_error = _as_of(request)
    q = request.GET.get("q", "").strip()
    kind = request.GET.get("kind", "")
    if kind not in UnitKind.values:
        kind = ""
    context: dict[str, Any] = {
        "province": province,
        "as_of": on,
        "date_error": date_error,
        "q": q,
        "kind": kind,
        "kinds": UnitKind.choices,
        "kind_labels": dict(UnitKind.choices),
        "can_manage": can(request.user, Action.MANAGE_UNITS),
    }
    if q:
        page = Paginator(queries.search(province, q, kind=kind), 50).get_page(
            request.GET.get("page")
        )
        context.update(page_obj=page, results=page.object_list)
    else:
        tree = queries.directory(province, on=on)
        if kind:
            tree = {k: v for k, v in tree.items() if k == kind}
        context["tree"] = [(k, dict(UnitKind.choices)[k], v) for k, v in tree.items()]
    template = "units/_results.html" if request.htmx else "units/directory.html"
    return render(request, template, context)


def unit_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    require(request.user, Action.VIEW_UNITS)
    try:
        unit = queries.unit_page(uuid)
    except Unit.DoesNotExist:
        raise Http404 from None
    incoming, outgoing = queries.history(unit)
    today = timezone.localdate()
    return render(
        request,
        "units/unit_detail.html",
        {
            "unit": unit,
            "incoming": incoming,
            "outgoing": outgoing,
            "carried_by": [] if unit.is_valid_on(today) else unit.current_successors(today),
            "children": unit.children.valid_on(today).order_by("kind", "name")[:500],
            "people": unit.users.filter(is_active=True).order_by("full_name"),
            "can_manage": can(request.user, Action.MANAGE_UNITS),
        },
    )


def unit_form(request: HttpRequest, uuid: str | None = None) -> HttpResponse:
    require(request.user, Action.MANAGE_UNITS)
    unit = get_object_or_404(Unit, uuid=uuid) if uuid else None
    province = services.installation_province()
    parents = Unit.objects.valid_on(timezone.localdate()).exclude(kind=UnitKind.COMMUNE)
    if province is not None:
        parents = parents.filter(queries.province_scope(province))
    form = UnitForm(request.POST or None, instance=unit, parents=parents)
    if request.method == "POST" and form.is_valid():
        values = {k: form.cleaned_data[k] for k in UnitForm.Meta.fields}
        try:
            if unit is None:
                if province is not None and values.get("parent") is None:
                    values["parent"] = province
                unit = services.create_unit(request.user, **values)
                messages.success(request, _("Đã tạo đơn vị %(name)s.") % {"name": unit})
            else:
                unit.refresh_from_db()
                unit = services.update_unit(request.user, unit, **values)
                messages.success(request, _("Đã lưu đơn vị %(name)s.") % {"name": unit})
            return redirect("units:detail", uuid=unit.uuid)
        except ValidationError as exc:
            apply_validation_error(form, exc)
    return render(request, "units/unit_form.html", {"form": form, "unit": unit})


def succession_form(request: HttpRequest, uuid: str) -> HttpResponse:
    require(request.user, Action.MANAGE_UNITS)
    unit = get_object_or_404(Unit, uuid=uuid)
    province = services.installation_province()
    candidates = Unit.objects.exclude(pk=unit.pk)
    if province is not None:
        candidates = candidates.filter(queries.province_scope(province))
    form = SuccessionForm(request.POST or None, candidates=candidates.order_by("kind", "name"))
    if request.method == "POST" and form.is_valid():
        try:
            services.add_succession(request.user, predecessor=unit, **form.cleaned_data)
            messages.success(request, _("Đã ghi nhận đơn vị kế thừa."))
            return redirect("units:detail", uuid=unit.uuid)
        except ValidationError as exc:
            apply_validation_error(form, exc)
    return render(request, "units/succession_form.html", {"form": form, "unit": unit})


def group_list(request: HttpRequest) -> HttpResponse:
    """The groups directives address, each with its member count at a date."""
    require(request.user, Action.VIEW_UNITS)
    on, date_error = _as_of(request)
    groups = list(UnitGroup.objects.select_related("province").order_by("name"))
    rows = [(g, g.members_on(on).count()) for g in groups]
    return render(
        request,
        "units/group_list.html",
        {"rows": rows, "as_of": on, "date_error": date_error},
    )


def _member_candidates(group: UnitGroup) -> Any:
    """Units a group's members page offers: the province's, of any date (a member may be
    added from a past day), communes left out."""
    return (
        Unit.objects.filter(queries.province_scope(group.province))
        .exclude(kind=UnitKind.COMMUNE)
        .order_by("kind", "name")
    )


def group_detail(
    request: HttpRequest,
    uuid: str,
    *,
    add_form: MemberAddForm | None = None,
    end_form: MemberEndForm | None = None,
    end_target: str = "",
    status: int = 200,
) -> HttpResponse:
    """A group's members at a date (?as_of=dd/mm/yyyy, today by default), the history of
    its explicit members (joined, left) and, for the secretariat, the forms that change it."""
    require(request.user, Action.VIEW_UNITS)
    group = get_object_or_404(UnitGroup, uuid=uuid)
    on, date_error = _as_of(request)
    members = group.members_on(on).select_related("parent")
    can_manage = can(request.user, Action.MANAGE_UNITS)
    if can_manage and add_form is None:
        add_form = MemberAddForm(
            candidates=_member_candidates(group), initial={"valid_from": timezone.localdate()}
        )
    return render(
        request,
        "units/group_detail.html",
        {
            "group": group,
            "members": members,
            "history": queries.membership_history(group),
            "as_of": on,
            "date_error": date_error,
            "member_kind_labels": [
                str(UnitKind(k).label) for k in group.member_kinds if k in UnitKind.values
            ],
            "can_manage": can_manage,
            "add_form": add_form,
            "end_form": end_form,
            "end_target": end_target,
        },
        status=status,
    )


def group_member_add(request: HttpRequest, uuid: str) -> HttpResponse:
    """POST: a unit joins the group on a date."""
    require(request.user, Action.MANAGE_UNITS)
    group = get_object_or_404(UnitGroup, uuid=uuid)
    if request.method != "POST":
        return redirect("units:group_detail", uuid=group.uuid)
    form = MemberAddForm(request.POST, candidates=_member_candidates(group))
    if form.is_valid():
        try:
            row = services.add_group_member(
                request.user,
                group,
                form.cleaned_data["unit"],
                valid_from=form.cleaned_data["valid_from"],
                source=form.cleaned_data["source"],
            )
            messages.success(
                request,
                _("Đã thêm %(unit)s vào nhóm từ ngày %(day)s.")
                % {"unit": row.unit.name, "day": f"{row.valid_from:%d/%m/%Y}"},
            )
            return redirect("units:group_detail", uuid=group.uuid)
        except ValidationError as exc:
            apply_validation_error(form, exc)
    return group_detail(request, str(group.uuid), add_form=form, status=400)


def group_member_end(request: HttpRequest, uuid: str, membership: str) -> HttpResponse:
    """POST: a member leaves the group; the day given is its last as a member."""
    require(request.user, Action.MANAGE_UNITS)
    group = get_object_or_404(UnitGroup, uuid=uuid)
    row = get_object_or_404(
        GroupMembership.objects.select_related("unit"), uuid=membership, group=group
    )
    if request.method != "POST":
        return redirect("units:group_detail", uuid=group.uuid)
    form = MemberEndForm(request.POST)
    if form.is_valid():
        try:
            services.end_group_membership(
                request.user,
                row,
                valid_to=form.cleaned_data["valid_to"],
                source=form.cleaned_data["source"],
            )
            messages.success(
                request,
                _("%(unit)s thôi là thành viên của nhóm sau ngày %(day)s.")
                % {"unit": row.unit.name, "day": f"{form.cleaned_data['valid_to']:%d/%m/%Y}"},
            )
            return redirect("units:group_detail", uuid=group.uuid)
        except ValidationError as exc:
            apply_validation_error(form, exc)
    return group_detail(
        request, str(group.uuid), end_form=form, end_target=str(row.uuid), status=400
    )


def group_form(request: HttpRequest, uuid: str) -> HttpResponse:
    require(request.user, Action.MANAGE_UNITS)
    group = get_object_or_404(UnitGroup, uuid=uuid)
    form = GroupForm(request.POST or None, instance=group)
    if request.method == "POST" and form.is_valid():
        values = {k: form.cleaned_data[k] for k in GroupForm.Meta.fields}
        try:
            group.refresh_from_db()
            services.update_group(request.user, group, **values)
            messages.success(request, _("Đã lưu nhóm %(name)s.") % {"name": group.name})
            return redirect("units:group_detail", uuid=group.uuid)
        except ValidationError as exc:
            apply_validation_error(form, exc)
    return render(request, "units/group_form.html", {"form": form, "group": group})
