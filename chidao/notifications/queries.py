"""Reads of a person's notifications."""

from __future__ import annotations

from typing import Any

from django.db.models import F, QuerySet

from chidao.notifications.models import Notification


def inbox(user: Any, *, unread_only: bool = False) -> QuerySet[Notification]:
    """`user`'s notifications, unread first, newest first within each."""
    qs = Notification.objects.filter(user=user)
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    return qs.order_by(F("read_at").asc(nulls_first=True), "-created_at", "-id")
