"""What the product tells each person, in the product and by e-mail, and their wishes."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from chidao.notifications.choices import NotificationKind


class Notification(models.Model):
    """One message to one user. `key` makes a reminder idempotent: the daily job can run
    twice for the same day without telling anyone twice."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("loại"), max_length=32, choices=NotificationKind.choices)
    title = models.CharField(_("tiêu đề"), max_length=255)
    # The title as its source string and values (`texts.Message.to_json`), rendered in the
    # reader's language; empty for titles written as plain text.
    title_message = models.JSONField(_("tiêu đề (để dịch)"), default=dict, blank=True)
    body = models.TextField(_("nội dung"), blank=True)
    url = models.CharField(_("đường dẫn"), max_length=300, blank=True)
    key = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(_("lúc"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("đã gửi e-mail lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "key"],
                condition=~models.Q(key=""),
                name="notifications_unique_key_per_user",
            ),
        ]
        indexes = [models.Index(fields=["user", "read_at"], name="notif_user_unread_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def display_title(self) -> str:
        """The title in the active language (the stored Vietnamese when it has no source
        string, or when the source no longer fits its values)."""
        from chidao.notifications.texts import Message

        if not self.title_message:
            return self.title
        try:
            return Message.from_json(self.title_message).render()[:255]
        except (KeyError, TypeError, ValueError):
            return self.title


class NotificationPreference(models.Model):
    """Which e-mails a user wants; everything is shown in the product regardless."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    email_assigned = models.BooleanField(_("E-mail khi đơn vị được giao việc"), default=True)
    email_due_soon = models.BooleanField(_("E-mail nhắc việc sắp đến hạn"), default=True)
    email_overdue = models.BooleanField(_("E-mail khi việc quá hạn"), default=True)
    email_digest = models.BooleanField(_("E-mail tổng hợp hằng tuần"), default=True)
    email_other = models.BooleanField(_("E-mail về gia hạn, ý kiến"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("tuỳ chọn thông báo")
        verbose_name_plural = _("tuỳ chọn thông báo")
        ordering = ["user_id"]

    def __str__(self) -> str:
        return str(self.user)
