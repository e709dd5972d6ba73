"""Pages of the indicator catalogue, targets and values."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse

from chidao.core.permissions import Action, require


@login_required
def indicator_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.VIEW_INDICATORS)
    return HttpResponse("")
