"""The home page: the state of assigned work today, who is late, and what is new."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from chidao.accounts.choices import Role
from chidao.core.models import AuditEvent
from chidao.core.permissions import Action, can, role_of
from chidao.dashboard import queries
from chidao.units import queries as unit_queries
from chidao.units.choices import UnitKind
from chidao.units.models import Unit
from chidao.units.services import installation_province


def home(request: HttpRequest) -> HttpResponse:
    province = installation_province()
    today = timezone.localdate()
    user = request.user
    # Officers see their own unit's share; everyone else the whole province.
    own_unit = getattr(user, "unit", None) if role_of(user) == Role.OFFICER else None
    in_force = Unit.objects.valid_on(today).filter(unit_queries.province_scope(province))
    counts = in_force.aggregate(
        departments=_count(kind__in=[UnitKind.DEPARTMENT, UnitKind.AGENCY]),
        communes=_count(kind=UnitKind.COMMUNE),
    )
    statuses = queries.status_counts(today, own_unit.pk if own_unit else None)
    context = {
        "province": province,
        "today": today,
        "counts": counts,
        "own_unit": own_unit,
        "statuses": statuses,
        "total": sum(s.count for s in statuses),
        "late_units": [] if own_unit else queries.overdue_by_unit(today),
        "documents": (queries.recent_documents() if can(user, Action.VIEW_DOCUMENTS) else []),
        "reporting": (
            []
            if own_unit or not can(user, Action.VIEW_REGIMES)
            else queries.reporting_overview(today)
        ),
        "owed": _owed(own_unit, today),
        "pressing": queries.pressing_work(own_unit.pk, today) if own_unit else [],
        "recent": (
            AuditEvent.objects.select_related("actor")[:8] if can(user, Action.VIEW_AUDIT) else []
        ),
    }
    if not own_unit and can(user, Action.VIEW_INDICATORS):
        context["target_period"], context["targets"] = queries.province_targets(today)
    return render(request, "dashboard/home.html", context)


def _owed(unit: Unit | None, today: dt.date) -> list[Any]:
    """An officer's reports of this period and those still to send, returned ones
    included (`reporting.queries.Owed`)."""
    if unit is None:
        return []
    from chidao.reporting.models import Regime
    from chidao.reporting.queries import owed_by

    return list(owed_by(unit, list(Regime.objects.filter(active=True)), today))


def _count(**conditions: object) -> Count:
    return Count("pk", filter=Q(**conditions))
