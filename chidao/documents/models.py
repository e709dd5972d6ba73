"""Directive documents: the original file, its text, what was extracted, and its status."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from chidao.core.models import SearchableModel, TimeStampedModel
from chidao.core.text import fold
from chidao.documents.choices import (
    CorrectionKind,
    DocumentKind,
    DocumentStatus,
    SignatureForm,
)
from chidao.tasks.choices import AssignmentRole


def _upload_path(instance: Document, filename: str) -> str:
    return f"documents/{instance.uuid}/{filename}"


class Document(TimeStampedModel, SearchableModel):
    """A directive (thông báo kết luận, kế hoạch, quyết định…) and its life in chidao.

    uploaded → extracting → extracted (reviewed by the secretariat) → published; `failed`
    when the file cannot be read. The original file and the normalised `text` are kept
    after publishing; offsets of tasks' quotes index `text`. `version` increases with each
    saved edit so that a stale form is refused instead of overwriting a colleague's change.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    province = models.ForeignKey(
        "units.Unit", verbose_name=_("tỉnh"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(
        _("loại văn bản"), max_length=8, choices=DocumentKind.choices, default=DocumentKind.OTHER
    )
    number = models.CharField(_("số, ký hiệu"), max_length=100, blank=True)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True, db_index=True)
    issuer = models.CharField(_("cơ quan ban hành"), max_length=255, blank=True)
    signer = models.CharField(_("người ký"), max_length=150, blank=True)
    signature_form = models.CharField(
        _("hình thức ký"), max_length=8, choices=SignatureForm.choices, blank=True
    )
    signer_title = models.CharField(_("chức vụ người ký"), max_length=255, blank=True)
    title = models.TextField(_("trích yếu"), blank=True)
    meeting_date = models.DateField(_("ngày họp"), null=True, blank=True)
    status = models.CharField(
        _("trạng thái"),
        max_length=16,
        choices=DocumentStatus.choices,
        default=DocumentStatus.UPLOADED,
        db_index=True,
    )
    file = models.FileField(_("tệp gốc"), upload_to=_upload_path, blank=True, max_length=300)
    file_name = models.CharField(_("tên tệp"), max_length=255, blank=True)
    file_size = models.PositiveBigIntegerField(_("dung lượng"), default=0)
    file_sha256 = models.CharField(max_length=64, blank=True, db_index=True)
    text = models.TextField(_("nội dung"), blank=True)
    extraction = models.JSONField(_("kết quả đọc"), null=True, blank=True)
    warnings = models.JSONField(_("cảnh báo"), default=list, blank=True)
    error = models.TextField(_("lỗi"), blank=True)
    progress = models.PositiveSmallIntegerField(_("tiến độ đọc (%)"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tải lên"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    published_at = models.DateTimeField(_("ban hành nhiệm vụ lúc"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ban hành nhiệm vụ"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    version = models.PositiveIntegerField(default=1)
    tasks_read = models.PositiveIntegerField(
        _("số nhiệm vụ đọc được"),
        default=0,
        help_text=_("Số nhiệm vụ trình đọc tìm thấy, trước khi rà soát."),
    )

    class Meta:
        verbose_name = _("văn bản")
        verbose_name_plural = _("văn bản")
        ordering = ["-issued_on", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["province", "file_sha256"],
                condition=~models.Q(file_sha256=""),
                name="documents_unique_file_per_province",
                violation_error_message=_("Văn bản này đã được tải lên."),
            ),
        ]
        indexes = [models.Index(fields=["province", "status"], name="documents_prov_status_idx")]

    def __str__(self) -> str:
        label = self.get_kind_display() if self.kind != DocumentKind.OTHER else _("Văn bản")
        number = f" {self.number}" if self.number else ""
        return f"{label}{number}"

    def build_search_text(self) -> str:
        # Number, title and file name, for the accent-insensitive search of the list.
        return fold(" ".join([self.number, self.title, self.file_name]))

    @property
    def is_published(self) -> bool:
        return self.status == DocumentStatus.PUBLISHED


class ReviewCorrection(TimeStampedModel):
    """One change the review made to what was read: the product's live accuracy.

    Recorded by the review services (not derived from audit events: a deleted or merged
    task's events cannot be joined back to its document once the task is gone). Unit and
    deadline corrections count once per task (and role), however often they are redone,
    and only on tasks the extractor read; added, deleted, split and merged count per action.
    """

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="corrections")
    kind = models.CharField(_("loại hiệu chỉnh"), max_length=16, choices=CorrectionKind.choices)
    task_uuid = models.UUIDField(_("nhiệm vụ"))
    role = models.CharField(_("vai trò"), max_length=8, choices=AssignmentRole.choices, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người hiệu chỉnh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("hiệu chỉnh khi rà soát")
        verbose_name_plural = _("hiệu chỉnh khi rà soát")
        ordering = ["document_id", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "kind", "task_uuid", "role"],
                condition=models.Q(kind__in=[CorrectionKind.UNIT, CorrectionKind.DEADLINE]),
                name="documents_correction_once_per_task",
            ),
        ]
        indexes = [models.Index(fields=["task_uuid"], name="documents_correction_task_idx")]

    def __str__(self) -> str:
        return f"{self.document}: {self.get_kind_display()}"


class LearnedAlias(TimeStampedModel):
    """A way of writing a unit that the secretariat taught the reader in review.

    Created when a task's mention (the words the extractor read) is re-linked to another
    unit; `build_gazetteer` gives it to the extractor so the next directive writing the
    same words is matched to that unit. One per province and folded mention.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    province = models.ForeignKey(
        "units.Unit", verbose_name=_("tỉnh"), on_delete=models.CASCADE, related_name="+"
    )
    unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("đơn vị"),
        on_delete=models.CASCADE,
        related_name="learned_aliases",
    )
    mention = models.CharField(_("cách ghi trong văn bản"), max_length=255)
    folded = models.CharField(max_length=255, db_index=True)
    document = models.ForeignKey(
        Document,
        verbose_name=_("văn bản"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="learned_aliases",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người xác định"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("tên gọi học được")
        verbose_name_plural = _("tên gọi học được")
        ordering = ["mention", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["province", "folded"],
                name="documents_learned_alias_unique_per_province",
                violation_error_message=_("Tên gọi này đã được gắn với một đơn vị."),
            ),
        ]

    def __str__(self) -> str:
        return self.mention
