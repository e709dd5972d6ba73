"""Health check, error pages and the audit log."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template import loader
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from chidao.core import services
from chidao.core.forms import AuditFilterForm, CalendarOverrideForm
from chidao.core.forms_util import apply_validation_error
from chidao.core.http import HtmxHttpRequest
from chidao.core.models import AuditEvent, CalendarOverride
from chidao.core.permissions import Action, can, require
from chidao.core.queries import workday_calendar


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "400.html", status=400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    message = str(exception) if exception and str(exception) else ""
    return render(request, "403.html", {"exception": message}, status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # Rendered without context processors: whatever broke may be what they need.
    return HttpResponse(loader.get_template("500.html").render(), status=500)


def audit_log(request: HtmxHttpRequest) -> HttpResponse:
    """The list of audit events, filtered by who, what, which object and when."""
    require(request.user, Action.VIEW_AUDIT)
    form = AuditFilterForm(request.GET or None)
    events = AuditEvent.objects.select_related("actor")
    if form.is_valid():
        events = form.apply(events)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    context: dict[str, Any] = {"form": form, "page_obj": page, "events": page.object_list}
    template = "core/audit_log.html"
    if request.htmx:
        template = "core/_audit_rows.html"
    return render(request, template, context)


def calendar(request: HttpRequest) -> HttpResponse:
    """The working-day calendar of a year: official days off, and the admin's overrides."""
    year_text = request.GET.get("year", "")
    year = (
        int(year_text)
        if year_text.isdigit() and 2000 <= int(year_text) <= 2100
        else (timezone.localdate().year)
    )
    can_manage = can(request.user, Action.MANAGE_SETTINGS)
    form = CalendarOverrideForm(request.POST or None)
    if request.method == "POST":
        require(request.user, Action.MANAGE_SETTINGS)
        if form.is_valid():
            try:
                services.add_calendar_override(request.user, **form.cleaned_data)
                messages.success(request, _("Đã lưu ngày điều chỉnh."))
                return redirect(f"{reverse('core:calendar')}?year={form.cleaned_data['date'].year}")
            except ValidationError as exc:
                apply_validation_error(form, exc)
    cal = workday_calendar()
    return render(
        request,
        "core/calendar.html",
        {
            "year": year,
            "holidays": sorted(cal.holidays_in(year).items()),
            "overrides": CalendarOverride.objects.filter(date__year=year),
            "form": form,
            "can_manage": can_manage,
            "workdays": cal.workdays_between(dt.date(year - 1, 12, 31), dt.date(year, 12, 31)),
        },
    )


@require_POST
def calendar_remove(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Action.MANAGE_SETTINGS)
    day = get_object_or_404(CalendarOverride, pk=pk)
    services.remove_calendar_override(request.user, day)
    messages.success(request, _("Đã xoá ngày điều chỉnh."))
    return redirect(f"{reverse('core:calendar')}?year={day.date.year}")
