"""Telling people: a notification in the product, and an e-mail when they want one.

Notifications are personal messages, not domain data: creating them, marking them read
and changing one's e-mail wishes leave no audit event (the actions that cause them do).
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from chidao.notifications.choices import NotificationKind
from chidao.notifications.models import Notification, NotificationPreference
from chidao.notifications.texts import Message

log = logging.getLogger(__name__)

# Which preference switch governs the e-mail of each kind.
_EMAIL_SWITCH = {
    NotificationKind.ASSIGNED: "email_assigned",
    NotificationKind.DUE_SOON: "email_due_soon",
    NotificationKind.OVERDUE: "email_overdue",
    NotificationKind.REPORT_DUE: "email_due_soon",
    NotificationKind.REPORT_OVERDUE: "email_overdue",
    NotificationKind.DIGEST: "email_digest",
}

#: The switches of the preference form, in the order shown.
PREFERENCE_FIELDS = (
    "email_assigned",
    "email_due_soon",
    "email_overdue",
    "email_digest",
    "email_other",
)


def _switch(kind: str) -> str:
    return _EMAIL_SWITCH.get(NotificationKind(kind), "email_other")


def wants_email(user: Any, kind: str) -> bool:
    pref = NotificationPreference.objects.filter(user=user).first()
    if pref is None:
        return True
    return bool(getattr(pref, _switch(kind)))


def notify(
    users: Iterable[Any],
    kind: str,
    title: str | Message,
    *,
    body: str = "",
    url: str = "",
    key: str = "",
    email: bool = True,
) -> list[Notification]:
    """Create one notification per active user and e-mail those who want it.

    A `Message` title is shown in each reader's language (`Notification.display_title`);
    its Vietnamese (the installation's language) is stored too, for e-mails and older
    readers. A plain `str` title is shown as it is.

    With a `key`, a user already notified under that key is skipped, so a job that runs
    twice tells nobody twice. E-mails are sent after the surrounding transaction commits;
    a mail server failure is logged and never undoes the notification. Three queries
    whatever the number of users (existing keys, preferences, then one insert per user).
    """
    people = {u.pk: u for u in users if u.is_active}
    if not people:
        return []
    message: dict[str, Any] = {}
    if isinstance(title, Message):
        message = title.to_json()
        with translation.override(settings.LANGUAGE_CODE):
            title = title.render()
    if key:
        already = set(
            Notification.objects.filter(user_id__in=people, key=key).values_list(
                "user_id", flat=True
            )
        )
        for pk in already:
            del people[pk]
    switch = _switch(kind)
    refusing = set()
    if email and people:
        refusing = {
            pref.user_id
            for pref in NotificationPreference.objects.filter(user_id__in=people)
            if not getattr(pref, switch)
        }
    created: list[Notification] = []
    for user in people.values():
        try:
            with transaction.atomic():
                note = Notification.objects.create(
                    user=user,
                    kind=kind,
                    title=title[:255],
                    title_message=message,
                    body=body,
                    url=url,
                    key=key,
                )
        except IntegrityError:
            continue  # a concurrent run created it first
        created.append(note)
        if email and user.email and user.pk not in refusing:
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


def mark_read(user: Any, note: Notification) -> bool:
    """Mark one of `user`'s notifications read; False when it already was.

    Raises `Notification.DoesNotExist` when the notification is someone else's, so a
    caller that forgot to scope its lookup still cannot touch another person's messages.
    """
    if note.user_id != user.pk:
        raise Notification.DoesNotExist
    updated = Notification.objects.filter(pk=note.pk, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    return bool(updated)


def mark_all_read(user: Any) -> int:
    """Mark all of `user`'s unread notifications read; returns how many there were."""
    return Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def unread_count(user: Any) -> int:
    """The number on the bell: one indexed count query."""
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


@transaction.atomic
def update_preferences(user: Any, **values: bool) -> NotificationPreference:
    """Save `user`'s e-mail wishes (the keys of PREFERENCE_FIELDS); unknown keys raise
    TypeError so a misspelt switch is not silently ignored."""
    unknown = set(values) - set(PREFERENCE_FIELDS)
    if unknown:
        raise TypeError(f"unknown preference: {', '.join(sorted(unknown))}")
    pref, _created = NotificationPreference.objects.select_for_update().get_or_create(user=user)
    for name, value in values.items():
        setattr(pref, name, bool(value))
    pref.save(update_fields=[*values, "updated_at"])
    return pref
