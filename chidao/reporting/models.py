"""Reporting regimes (chế độ báo cáo định kỳ, Nghị định 09/2019), each unit's submission per
period, and the province's consolidated reports built from them."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from chidao.core.models import SearchableModel, TimeStampedModel
from chidao.core.periods import Period, PeriodKind
from chidao.core.text import fold
from chidao.indicators.models import PeriodFields
from chidao.reporting.choices import (
    CutoffRule,
    DueMonth,
    DueRule,
    Frequency,
    ReportFormat,
    ReportSigner,
    SectionKind,
    SubmissionEventKind,
    SubmissionStatus,
)


class Regime(TimeStampedModel, SearchableModel):
    """A periodic report the committee demands: who reports (a group and/or listed units),
    to whom, how often, over which days (`cutoff_rule`), by when (`due_rule` with its
    numbers; `due_text` as the directive wrote it), and what (sections and indicators).

    A submission left in draft is locked `grace_days` calendar days after its deadline.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    province = models.ForeignKey(
        "units.Unit", verbose_name=_("tỉnh"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("tên báo cáo"), max_length=300)
    content = models.TextField(_("nội dung yêu cầu báo cáo"), blank=True)
    group = models.ForeignKey(
        "units.UnitGroup",
        verbose_name=_("nhóm đơn vị báo cáo"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    units = models.ManyToManyField(
        "units.Unit", verbose_name=_("đơn vị báo cáo"), blank=True, related_name="regimes"
    )
    receiver = models.ForeignKey(
        "units.Unit",
        verbose_name=_("cơ quan nhận báo cáo"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    frequency = models.CharField(_("kỳ báo cáo"), max_length=8, choices=Frequency.choices)
    cutoff_rule = models.CharField(
        _("thời gian chốt số liệu"),
        max_length=10,
        choices=CutoffRule.choices,
        default=CutoffRule.DECREE_09,
    )
    due_rule = models.CharField(
        _("cách tính hạn gửi"), max_length=24, choices=DueRule.choices, default=DueRule.DAY_OF_MONTH
    )
    due_day = models.PositiveSmallIntegerField(_("ngày"), null=True, blank=True)
    due_month = models.CharField(
        _("tháng"), max_length=6, choices=DueMonth.choices, default=DueMonth.NEXT, blank=True
    )
    due_workdays = models.PositiveSmallIntegerField(_("số ngày"), null=True, blank=True)
    due_text = models.CharField(_("thời hạn gửi (nguyên văn)"), max_length=255, blank=True)
    grace_days = models.PositiveSmallIntegerField(_("số ngày gia hạn trước khi khoá"), default=5)
    first_period = models.CharField(_("từ kỳ"), max_length=8)
    last_period = models.CharField(_("đến kỳ"), max_length=8, blank=True)
    indicators = models.ManyToManyField(
        "indicators.Indicator",
        verbose_name=_("chỉ số phải báo cáo"),
        through="RegimeIndicator",
        blank=True,
        related_name="regimes",
    )
    document = models.ForeignKey(
        "documents.Document",
        verbose_name=_("văn bản yêu cầu"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="regimes",
    )
    task = models.ForeignKey(
        "tasks.Task",
        verbose_name=_("nhiệm vụ báo cáo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="regimes",
    )
    signer_title = models.CharField(
        _("chức danh người ký báo cáo tổng hợp"), max_length=200, blank=True
    )
    signer_name = models.CharField(_("người ký"), max_length=200, blank=True)
    report_signer = models.CharField(
        _("cơ quan ký báo cáo tổng hợp"),
        max_length=10,
        choices=ReportSigner.choices,
        default=ReportSigner.COMMITTEE,
    )
    report_addressee = models.CharField(_("kính gửi"), max_length=300, blank=True)
    active = models.BooleanField(_("đang áp dụng"), default=True)

    class Meta:
        verbose_name = _("chế độ báo cáo")
        verbose_name_plural = _("chế độ báo cáo")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        """The signer setting agrees with itself: the standing department signs only when
        the regime names it (its receiver, a department or agency), and the signer's
        position belongs to the body that signs."""
        from chidao.reporting.signing import title_problem
        from chidao.units.choices import UnitKind

        errors: dict[str, Any] = {}
        if self.report_signer == ReportSigner.STANDING and (
            self.receiver is None or self.receiver.kind in (UnitKind.PROVINCE, UnitKind.COMMITTEE)
        ):
            errors["receiver"] = _(
                "Cơ quan thường trực ký báo cáo tổng hợp thì phải chọn cơ quan nhận báo cáo là "
                "sở, ngành thường trực của Ban Chỉ đạo."
            )
        problem = title_problem(self.report_signer, self.signer_title)
        if problem:
            errors["signer_title"] = problem
        if errors:
            raise ValidationError(errors)

    def build_search_text(self) -> str:
        return fold(" ".join([self.name, self.content]))

    @property
    def period_kind(self) -> PeriodKind:
        return PeriodKind(self.frequency)

    def covers(self, period: Period) -> bool:
        """Whether the regime asks for a report for `period` (its kind, from–to)."""
        if period.kind is not self.period_kind:
            return False
        if period < Period.parse(self.first_period):
            return False
        return not (self.last_period and Period.parse(self.last_period) < period)


class RegimeSection(TimeStampedModel):
    """A heading of the report template: written by the unit, or filled automatically."""

    regime = models.ForeignKey(Regime, on_delete=models.CASCADE, related_name="sections")
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    title = models.CharField(_("tiêu đề"), max_length=300)
    guidance = models.TextField(_("hướng dẫn"), blank=True)
    kind = models.CharField(
        _("loại"), max_length=12, choices=SectionKind.choices, default=SectionKind.NARRATIVE
    )
    required = models.BooleanField(_("bắt buộc"), default=True)

    class Meta:
        verbose_name = _("mục báo cáo")
        verbose_name_plural = _("mục báo cáo")
        ordering = ["regime_id", "order", "pk"]

    def __str__(self) -> str:
        return self.title


class RegimeIndicator(TimeStampedModel):
    """An indicator a regime's submissions give a value for (reported indicators only:
    computed ones are derived from their components)."""

    regime = models.ForeignKey(Regime, on_delete=models.CASCADE, related_name="regime_indicators")
    indicator = models.ForeignKey(
        "indicators.Indicator", on_delete=models.PROTECT, related_name="regime_links"
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    required = models.BooleanField(_("bắt buộc"), default=True)

    class Meta:
        verbose_name = _("chỉ số của chế độ báo cáo")
        verbose_name_plural = _("chỉ số của chế độ báo cáo")
        ordering = ["regime_id", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["regime", "indicator"], name="reporting_regime_indicator_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.regime} — {self.indicator}"


class Submission(TimeStampedModel, PeriodFields):
    """One unit's report for one period of a regime.

    Draft → submitted → accepted, or returned (with a comment) → submitted again.
    `first_submitted_at` decides timeliness (on time when its date is not after
    `due_date`); a late report is accepted and marked late, never dropped. `reopened_until`
    lets the unit edit after the lock.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    regime = models.ForeignKey(Regime, on_delete=models.CASCADE, related_name="submissions")
    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="submissions"
    )
    due_date = models.DateField(_("hạn gửi"), db_index=True)
    status = models.CharField(
        _("trạng thái"),
        max_length=10,
        choices=SubmissionStatus.choices,
        default=SubmissionStatus.DRAFT,
        db_index=True,
    )
    first_submitted_at = models.DateTimeField(_("gửi lần đầu lúc"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    late = models.BooleanField(_("gửi muộn"), default=False)
    decided_at = models.DateTimeField(_("tiếp nhận/trả lại lúc"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewer_comment = models.TextField(_("ý kiến của cơ quan thường trực"), blank=True)
    reopened_until = models.DateField(_("mở lại đến ngày"), null=True, blank=True)
    task_summary = models.JSONField(_("tình hình nhiệm vụ khi gửi"), default=dict, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("báo cáo của đơn vị")
        verbose_name_plural = _("báo cáo của đơn vị")
        ordering = ["regime_id", "-period_start", "unit__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["regime", "unit", "period_code"],
                name="reporting_one_submission_per_unit_period",
                violation_error_message=_("Đơn vị đã có báo cáo cho kỳ này."),
            ),
        ]
        indexes = [
            models.Index(fields=["regime", "period_code"], name="reporting_sub_period_idx"),
            models.Index(fields=["unit", "status"], name="reporting_sub_unit_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.regime} — {self.unit} — {self.period_code}"

    @property
    def is_sent(self) -> bool:
        return self.first_submitted_at is not None

    def lock_date(self) -> dt.date:
        """The first day the unit can no longer edit a draft or returned report."""
        return self.due_date + dt.timedelta(days=self.regime.grace_days + 1)

    def is_locked(self, today: dt.date) -> bool:
        """Whether a draft or returned report can no longer be edited by the unit."""
        if self.reopened_until is not None and today <= self.reopened_until:
            return False
        if self.status == SubmissionStatus.RETURNED and self.decided_at is not None:
            # A report sent back is open again for the grace period from its return.
            returned_on = self.decided_at.date()
            if today <= returned_on + dt.timedelta(days=self.regime.grace_days):
                return False
        return today >= self.lock_date()


class SubmissionSection(TimeStampedModel):
    """What the unit wrote under one heading of its report."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="answers")
    section = models.ForeignKey(RegimeSection, on_delete=models.CASCADE, related_name="answers")
    text = models.TextField(_("nội dung"), blank=True)

    class Meta:
        verbose_name = _("nội dung mục báo cáo")
        verbose_name_plural = _("nội dung mục báo cáo")
        ordering = ["submission_id", "section__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "section"], name="reporting_one_answer_per_section"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.submission} — {self.section}"


class SubmissionEvent(models.Model):
    """The history of a report: saved, submitted, returned (with the comment), accepted."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("sự kiện"), max_length=10, choices=SubmissionEventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    comment = models.TextField(_("ý kiến"), blank=True)
    created_at = models.DateTimeField(_("lúc"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("lịch sử báo cáo")
        verbose_name_plural = _("lịch sử báo cáo")
        ordering = ["submission_id", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.submission} — {self.get_kind_display()}"


def _report_path(instance: ProvinceReport, filename: str) -> str:
    return f"reports/{instance.uuid}/{filename}"


class ProvinceReport(TimeStampedModel, PeriodFields):
    """The province's consolidated report for a regime and period, as built last
    (rebuilding replaces the file and keeps the row)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    regime = models.ForeignKey(Regime, on_delete=models.CASCADE, related_name="reports")
    format = models.CharField(_("định dạng"), max_length=4, choices=ReportFormat.choices)
    file = models.FileField(upload_to=_report_path, max_length=300)
    built_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    built_at = models.DateTimeField(_("lập lúc"))
    number = models.CharField(_("số, ký hiệu"), max_length=100, blank=True)
    summary = models.JSONField(_("số liệu tổng hợp"), default=dict, blank=True)

    class Meta:
        verbose_name = _("báo cáo tổng hợp của tỉnh")
        verbose_name_plural = _("báo cáo tổng hợp của tỉnh")
        ordering = ["-period_start", "regime_id", "format"]
        constraints = [
            models.UniqueConstraint(
                fields=["regime", "period_code", "format"],
                name="reporting_one_report_per_period_format",
            ),
            models.CheckConstraint(
                condition=Q(format__in=["docx", "xlsx"]), name="reporting_report_format_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.regime} — {self.period_code} ({self.format})"
