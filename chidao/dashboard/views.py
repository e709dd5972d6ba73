"""The home page: what the installation holds so far and where to go next."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from chidao.core.models import AuditEvent
from chidao.core.permissions import Action, can
from chidao.units import queries
from chidao.units.choices import UnitKind
from chidao.units.models import Unit
from chidao.units.services import installation_province


def home(request: HttpRequest) -> HttpResponse:
    province = installation_province()
    today = timezone.localdate()
    in_force = Unit.objects.valid_on(today).filter(queries.province_scope(province))
    counts = {
        "departments": in_force.filter(kind__in=[UnitKind.DEPARTMENT, UnitKind.AGENCY]).count(),
        "communes": in_force.filter(kind=UnitKind.COMMUNE).count(),
    }
    recent = (
        AuditEvent.objects.select_related("actor")[:8]
        if can(request.user, Action.VIEW_AUDIT)
        else []
    )
    return render(
        request,
        "dashboard/home.html",
        {"province": province, "counts": counts, "recent": recent, "today": today},
    )
