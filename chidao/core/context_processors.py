"""What every page's frame needs: the navigation the user may see, and the province."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from chidao import __version__
from chidao.core.permissions import Action, can


@dataclass(frozen=True)
class NavItem:
    label: Any
    url: str
    icon: str
    active: bool


_NAV: list[tuple[Any, str, str, Action | None]] = [
    (_("Tổng quan"), "dashboard:home", "layout-dashboard", None),
    (_("Đơn vị"), "units:directory", "sitemap", Action.VIEW_UNITS),
    (_("Người dùng"), "accounts:user_list", "users", Action.VIEW_USERS),
    (_("Lịch làm việc"), "core:calendar", "calendar", None),
    (_("Nhật ký"), "core:audit_log", "list-check", Action.VIEW_AUDIT),
]


def frame(request: HttpRequest) -> dict[str, Any]:
    from chidao.units.services import installation_province

    user = getattr(request, "user", None)
    items: list[NavItem] = []
    if user is not None and user.is_authenticated:
        for label, name, icon, action in _NAV:
            if action is not None and not can(user, action):
                continue
            url = reverse(name)
            active = request.path.startswith(url) if url != "/" else request.path == "/"
            items.append(NavItem(label, url, icon, active))
    province = installation_province()
    return {
        "nav_items": items,
        "province_name": province.name if province else "",
        "app_version": __version__,
        "user_unit_name": _unit_name(user),
    }


def _unit_name(user: object) -> str:
    unit = getattr(user, "unit", None) if getattr(user, "is_authenticated", False) else None
    return unit.name if unit is not None else ""
