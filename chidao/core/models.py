"""Shared models: the timestamp base, the audit trail and calendar overrides."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from chidao.core.choices import CalendarDayKind


class TimeStampedModel(models.Model):
    """Base for every model: when the row was created and last changed."""

    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        abstract = True


class SearchableModel(models.Model):
    """Base for models found by accent-insensitive search: `search_text` holds the folded
    words of `build_search_text()` and is refreshed on every save."""

    search_text = models.TextField(editable=False, default="")

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_text = self.build_search_text()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    def build_search_text(self) -> str:
        raise NotImplementedError


class AuditEvent(models.Model):
    """One change of state: who did what to which object, with the values before and after.

    Rows are written by `chidao.core.audit.record` from inside the service that made the
    change, in the same transaction, so a rolled-back change leaves no audit row either.
    """

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_events",
    )
    actor_name = models.CharField(_("tên người thực hiện"), max_length=150, blank=True)
    action = models.CharField(_("hành động"), max_length=64, db_index=True)
    target_type = models.CharField(_("loại đối tượng"), max_length=64, db_index=True)
    target_id = models.CharField(_("mã đối tượng"), max_length=64, blank=True)
    target_repr = models.CharField(_("đối tượng"), max_length=300, blank=True)
    before = models.JSONField(_("trước"), null=True, blank=True)
    after = models.JSONField(_("sau"), null=True, blank=True)
    via = models.CharField(_("kênh"), max_length=16, default="web")
    created_at = models.DateTimeField(_("thời điểm"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("nhật ký thay đổi")
        verbose_name_plural = _("nhật ký thay đổi")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["target_type", "target_id"], name="audit_target_idx"),
        ]

    def __str__(self) -> str:
        return (
            f"{self.created_at:%d/%m/%Y %H:%M} {self.actor_name} {self.action} {self.target_repr}"
        )

    @property
    def action_label(self) -> str:
        """The action in words ("Sửa đơn vị"), or its code when no label is registered."""
        from chidao.core.audit import ACTION_LABELS

        return str(ACTION_LABELS.get(self.action, self.action))

    @property
    def target_type_label(self) -> str:
        """The kind of object in words ("Báo cáo của đơn vị"), or its label."""
        from chidao.core.audit import target_type_label

        return target_type_label(self.target_type)

    def changed_fields(self) -> list[tuple[str, Any, Any]]:
        """Fields whose value differs between `before` and `after`, as (name, old, new) in
        words for people (`chidao.core.audit.changes_in_words`)."""
        from chidao.core.audit import changes_in_words

        return changes_in_words(self.target_type, self.before, self.after)


class CalendarOverride(TimeStampedModel):
    """A day whose working status differs from the built-in Vietnamese calendar.

    Holidays decided late (an extra day off) or make-up working days (ngày làm bù) that the
    government announces each year are entered here by the admin.
    """

    date = models.DateField(_("ngày"), unique=True)
    kind = models.CharField(_("loại"), max_length=16, choices=CalendarDayKind.choices)
    name = models.CharField(_("lý do"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("ngày điều chỉnh lịch làm việc")
        verbose_name_plural = _("ngày điều chỉnh lịch làm việc")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.get_kind_display()}"
