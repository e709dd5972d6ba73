"""What every page's frame needs: the navigation the user may see, and the province."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from chidao import __version__
from chidao.accounts.choices import Role
from chidao.core.permissions import Action, can, role_of


@dataclass(frozen=True)
class NavItem:
    label: Any
    url: str
    icon: str
    active: bool


_NAV: list[tuple[Any, str, str, Action | None]] = [
    (_("Tổng quan"), "dashboard:home", "layout-dashboard", None),
    (pgettext_lazy("nav", "Văn bản"), "documents:list", "file-text", Action.VIEW_DOCUMENTS),
    (_("Nhiệm vụ"), "tasks:list", "checklist", Action.VIEW_TASKS),
    (_("Việc của đơn vị"), "tasks:inbox", "inbox", Action.VIEW_TASKS),
    (pgettext_lazy("nav", "Chỉ số"), "indicators:list", "chart-bar", Action.VIEW_INDICATORS),
    (_("Báo cáo định kỳ"), "reporting:home", "report", Action.VIEW_REGIMES),
    (_("Đơn vị"), "units:directory", "sitemap", Action.VIEW_UNITS),
    (_("Người dùng"), "accounts:user_list", "users", Action.VIEW_USERS),
    (_("Lịch làm việc"), "core:calendar", "calendar", None),
    (_("Nhật ký"), "core:audit_log", "list-check", Action.VIEW_AUDIT),
]

# Items that only make sense for a unit's officer (their own unit's work).
_OFFICERS_ONLY = {"tasks:inbox"}


def frame(request: HttpRequest) -> dict[str, Any]:
    from chidao.units.services import installation_province

    user = getattr(request, "user", None)
    visible: list[tuple[Any, str, str]] = []
    if user is not None and user.is_authenticated:
        for label, name, icon, action in _NAV:
            if action is not None and not can(user, action):
                continue
            if name in _OFFICERS_ONLY and role_of(user) != Role.OFFICER:
                continue
            visible.append((label, reverse(name), icon))
    # The item whose address is the longest prefix of the page's is the active one, so
    # /tasks/inbox/ lights "Việc của đơn vị", not also "Nhiệm vụ" (/tasks/).
    matches = [url for _l, url, _i in visible if request.path.startswith(url) and url != "/"]
    current = max(matches, key=len) if matches else ("/" if request.path == "/" else "")
    items = [NavItem(label, url, icon, url == current) for label, url, icon in visible]
    province = installation_province()
    return {
        "nav_items": items,
        "province_name": province.name if province else "",
        "app_version": __version__,
        "user_unit_name": _unit_name(user),
        "unread_notifications": _unread(user),
    }


def _unread(user: object) -> int:
    """The bell's number: one indexed count query per page."""
    if not getattr(user, "is_authenticated", False):
        return 0
    from chidao.notifications.services import unread_count

    return unread_count(user)


def _unit_name(user: object) -> str:
    unit = getattr(user, "unit", None) if getattr(user, "is_authenticated", False) else None
    return unit.name if unit is not None else ""
