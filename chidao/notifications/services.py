"""Telling people: a notification in the product, and an e-mail when they want one."""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from chidao.notifications.choices import NotificationKind
from chidao.notifications.models import Notification, NotificationPreference

log = logging.getLogger(__name__)

# Which preference switch governs the e-mail of each kind.
_EMAIL_SWITCH = {
    NotificationKind.ASSIGNED: "email_assigned",
    NotificationKind.DUE_SOON: "email_due_soon",
    NotificationKind.OVERDUE: "email_overdue",
    NotificationKind.DIGEST: "email_digest",
}


def wants_email(user: Any, kind: str) -> bool:
    pref = NotificationPreference.objects.filter(user=user).first()
    if pref is None:
        return True
    return bool(getattr(pref, _EMAIL_SWITCH.get(NotificationKind(kind), "email_other")))


def notify(
    users: Iterable[Any],
    kind: str,
    title: str,
    *,
    body: str = "",
    url: str = "",
    key: str = "",
    email: bool = True,
) -> list[Notification]:
    """Create one notification per active user and e-mail those who want it.

    With a `key`, a user already notified under that key is skipped, so a job that runs
    twice tells nobody twice. E-mails are sent after the surrounding transaction commits;
    a mail server failure is logged and never undoes the notification.
    """
    created: list[Notification] = []
    for user in {u.pk: u for u in users if u.is_active}.values():
        if key and Notification.objects.filter(user=user, key=key).exists():
            continue
        try:
            with transaction.atomic():
                note = Notification.objects.create(
                    user=user, kind=kind, title=title[:255], body=body, url=url, key=key
                )
        except IntegrityError:
            continue  # a concurrent run created it first
        created.append(note)
        if email and user.email and wants_email(user, kind):
            transaction.on_commit(functools.partial(_send, note))
    return created


def _send(note: Notification) -> None:
    link = f"{settings.SITE_URL.rstrip('/')}{note.url}" if note.url else ""
    body = "\n\n".join(part for part in [note.body, link] if part)
    try:
        send_mail(f"[chidao] {note.title}", body, None, [note.user.email])
    except OSError:
        log.exception("E-mail to %s failed", note.user.email)
        return
    Notification.objects.filter(pk=note.pk).update(emailed_at=timezone.now())
