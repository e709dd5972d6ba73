"""Pages of reporting regimes, submissions and the province's reports."""

from __future__ import annotations

from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse

from chidao.core.permissions import Action, require


@login_required
def home(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.VIEW_REGIMES)
    return HttpResponse("")


@login_required
def submission(request: HttpRequest, uuid: UUID) -> HttpResponse:
    return HttpResponse("")
