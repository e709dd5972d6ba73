"""A person's notifications: the list, marking read, and e-mail preferences.

Every lookup is scoped to the signed-in user, so another person's notification is a 404
(not a 403: its existence is not revealed).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chidao.core.http import HtmxHttpRequest
from chidao.notifications import queries, services
from chidao.notifications.forms import PreferenceForm
from chidao.notifications.models import Notification, NotificationPreference

PAGE_SIZE = 30


def notification_list(request: HtmxHttpRequest) -> HttpResponse:
    unread_only = request.GET.get("unread") == "1"
    page = Paginator(queries.inbox(request.user, unread_only=unread_only), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "notifications/list.html",
        {
            "page_obj": page,
            "notes": page.object_list,
            "unread_only": unread_only,
            "unread": services.unread_count(request.user),
        },
    )


def open_notification(request: HttpRequest, uuid: str) -> HttpResponse:
    """Follow a notification's link, marking it read on the way."""
    note = get_object_or_404(Notification, uuid=uuid, user=request.user)
    services.mark_read(request.user, note)
    if note.url and url_has_allowed_host_and_scheme(note.url, allowed_hosts=None):
        return redirect(note.url)
    return redirect("notifications:list")


@require_POST
def mark_read(request: HtmxHttpRequest, uuid: str) -> HttpResponse:
    note = get_object_or_404(Notification, uuid=uuid, user=request.user)
    services.mark_read(request.user, note)
    if request.htmx:
        note.refresh_from_db(fields=["read_at"])
        return render(request, "notifications/_row.html", {"note": note})
    return redirect("notifications:list")


@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    n = services.mark_all_read(request.user)
    if n:
        messages.success(request, _("Đã đánh dấu %(n)d thông báo là đã đọc.") % {"n": n})
    return redirect("notifications:list")


def preferences(request: HttpRequest) -> HttpResponse:
    user: Any = request.user  # signed in: the login middleware turns visitors away
    current = NotificationPreference.objects.filter(user=user).first()
    form = PreferenceForm(
        request.POST or None, instance=current or NotificationPreference(user=user)
    )
    if request.method == "POST" and form.is_valid():
        services.update_preferences(
            request.user, **{name: form.cleaned_data[name] for name in services.PREFERENCE_FIELDS}
        )
        messages.success(request, _("Đã lưu tuỳ chọn nhận e-mail."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})
