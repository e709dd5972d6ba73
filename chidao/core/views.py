"""Health check, error pages and the audit log."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.http import require_GET

from chidao.core.forms import AuditFilterForm
from chidao.core.http import HtmxHttpRequest
from chidao.core.models import AuditEvent
from chidao.core.permissions import Action, require


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
