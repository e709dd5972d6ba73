"""Indicators, the targets set on them and the values units report for each period.

Periods are stored as their kind and code (`chidao.core.periods.Period`: "2024-03",
"2024Q3", "2024H1", "2024") with the first and last day beside them, so that a period is
read back exactly and ranges are queried by date.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from chidao.core.models import SearchableModel, TimeStampedModel
from chidao.core.periods import Period, PeriodKind
from chidao.core.text import fold
from chidao.indicators.choices import (
    Aggregation,
    Comparator,
    Direction,
    FormulaKind,
    TargetSource,
    ValueSource,
)

PERIOD_KIND_CHOICES = [
    (PeriodKind.MONTH.value, _("Tháng")),
    (PeriodKind.QUARTER.value, _("Quý")),
    (PeriodKind.HALF.value, _("6 tháng")),
    (PeriodKind.YEAR.value, _("Năm")),
]


class PeriodFields(models.Model):
    """A reporting period as kind + code, with its first and last day for range queries."""

    period_kind = models.CharField(_("loại kỳ"), max_length=8, choices=PERIOD_KIND_CHOICES)
    period_code = models.CharField(_("kỳ"), max_length=8)
    period_start = models.DateField(_("từ ngày"))
    period_end = models.DateField(_("đến ngày"))

    class Meta:
        abstract = True

    @property
    def period(self) -> Period:
        return Period.parse(self.period_code)

    @period.setter
    def period(self, value: Period) -> None:
        self.period_kind = value.kind.value
        self.period_code = value.code
        self.period_start = value.start
        self.period_end = value.end

    @property
    def period_label(self) -> str:
        return self.period.label


class Indicator(TimeStampedModel, SearchableModel):
    """A measure the province tracks: reported by units, or computed from two or more
    other indicators (a ratio of numerator to denominator times `scale`, or a sum).

    `min_value`/`max_value` bound what may be reported (a percentage is 0–100); a ratio's
    numerator may not exceed its denominator when `numerator_le_denominator` is set.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    code = models.SlugField(_("mã chỉ số"), max_length=40, unique=True)
    name = models.CharField(_("tên chỉ số"), max_length=300)
    measure_unit = models.CharField(_("đơn vị tính"), max_length=40, blank=True)
    direction = models.CharField(
        _("chiều tốt"), max_length=8, choices=Direction.choices, default=Direction.HIGHER
    )
    definition = models.TextField(_("định nghĩa, cách tính"), blank=True)
    source = models.CharField(_("căn cứ"), max_length=200, blank=True)
    group = models.CharField(_("nhóm chỉ số"), max_length=120, blank=True)
    formula = models.CharField(
        _("cách có giá trị"),
        max_length=10,
        choices=FormulaKind.choices,
        default=FormulaKind.REPORTED,
    )
    numerator = models.ForeignKey(
        "self",
        verbose_name=_("tử số"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    denominator = models.ForeignKey(
        "self",
        verbose_name=_("mẫu số"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    components = models.ManyToManyField(
        "self", verbose_name=_("chỉ số thành phần"), blank=True, symmetrical=False
    )
    aggregation = models.CharField(
        _("tổng hợp nhiều đơn vị"),
        max_length=8,
        choices=Aggregation.choices,
        default=Aggregation.SUM,
    )
    scale = models.DecimalField(_("hệ số"), max_digits=12, decimal_places=4, default=Decimal(1))
    decimals = models.PositiveSmallIntegerField(_("số chữ số thập phân"), default=1)
    min_value = models.DecimalField(
        _("giá trị nhỏ nhất"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    max_value = models.DecimalField(
        _("giá trị lớn nhất"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    numerator_le_denominator = models.BooleanField(_("tử số không vượt mẫu số"), default=True)
    at_risk_ratio = models.DecimalField(
        _("ngưỡng “có nguy cơ” (tỷ lệ so với chỉ tiêu)"),
        max_digits=5,
        decimal_places=3,
        default=Decimal("0.9"),
    )
    order = models.PositiveIntegerField(_("thứ tự"), default=0)
    active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        verbose_name = _("chỉ số")
        verbose_name_plural = _("chỉ số")
        ordering = ["order", "code"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(formula=FormulaKind.RATIO)
                | Q(numerator__isnull=False, denominator__isnull=False),
                name="indicators_ratio_has_terms",
                violation_error_message=_("Chỉ số tỷ lệ cần có tử số và mẫu số."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def build_search_text(self) -> str:
        return fold(" ".join([self.code, self.name, self.group, self.source]))

    @property
    def is_computed(self) -> bool:
        return self.formula != FormulaKind.REPORTED

    @property
    def is_percentage(self) -> bool:
        return self.measure_unit.strip() == "%"


class Target(TimeStampedModel, PeriodFields):
    """What an indicator should reach by the end of a period, for a unit, a group of units
    (each member judged on its own value) or the whole province (neither set).

    From a document (`document`, `task`, `quote`) or entered by the secretariat.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("chỉ số"), on_delete=models.CASCADE, related_name="targets"
    )
    unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("đơn vị"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="targets",
    )
    group = models.ForeignKey(
        "units.UnitGroup",
        verbose_name=_("nhóm đơn vị"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="targets",
    )
    comparator = models.CharField(
        _("so sánh"), max_length=2, choices=Comparator.choices, default=Comparator.GTE
    )
    value = models.DecimalField(_("chỉ tiêu"), max_digits=20, decimal_places=4)
    source = models.CharField(
        _("nguồn"), max_length=10, choices=TargetSource.choices, default=TargetSource.MANUAL
    )
    document = models.ForeignKey(
        "documents.Document",
        verbose_name=_("văn bản"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="targets",
    )
    task = models.ForeignKey(
        "tasks.Task",
        verbose_name=_("nhiệm vụ"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="targets",
    )
    quote = models.TextField(_("trích văn bản"), blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")
        ordering = ["indicator__order", "indicator__code", "period_start", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(unit__isnull=True) | Q(group__isnull=True),
                name="indicators_target_unit_or_group",
                violation_error_message=_(
                    "Chỉ tiêu giao cho một đơn vị hoặc một nhóm, không cả hai."
                ),
            ),
            models.UniqueConstraint(
                fields=["indicator", "unit", "group", "period_code"],
                name="indicators_one_target_per_scope",
                nulls_distinct=False,
                violation_error_message=_("Đã có chỉ tiêu của chỉ số này cho đơn vị và kỳ này."),
            ),
        ]
        indexes = [
            models.Index(fields=["indicator", "period_end"], name="indicators_target_ind_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.comparator} {self.value} ({self.period_code})"

    @property
    def scope_label(self) -> str:
        if self.unit_id:
            return str(self.unit)
        if self.group_id:
            return str(self.group)
        return str(_("Toàn tỉnh"))


class IndicatorValue(TimeStampedModel, PeriodFields):
    """The figure a unit reports for an indicator and a period (one row; corrections keep
    the earlier figures in `ValueRevision`)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("chỉ số"), on_delete=models.CASCADE, related_name="values"
    )
    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+"
    )
    value = models.DecimalField(_("giá trị"), max_digits=20, decimal_places=4)
    source = models.CharField(
        _("nguồn"), max_length=10, choices=ValueSource.choices, default=ValueSource.FORM
    )
    submission = models.ForeignKey(
        "reporting.Submission",
        verbose_name=_("báo cáo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="values",
    )
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("số liệu chỉ số")
        verbose_name_plural = _("số liệu chỉ số")
        ordering = ["indicator_id", "unit_id", "period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "unit", "period_code"],
                name="indicators_one_value_per_unit_period",
                violation_error_message=_("Đơn vị đã có số liệu của chỉ số này cho kỳ này."),
            ),
        ]
        indexes = [
            models.Index(
                fields=["period_code", "indicator", "unit"],
                include=["value"],
                name="indicators_value_period_idx",
            ),
            models.Index(fields=["unit", "period_code"], name="indicators_value_unit_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.unit} {self.period_code} = {self.value}"


class ValueRevision(models.Model):
    """One change of a reported value: what it was, what it became, who and why."""

    value_row = models.ForeignKey(
        IndicatorValue, on_delete=models.CASCADE, related_name="revisions"
    )
    previous = models.DecimalField(
        _("giá trị cũ"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    value = models.DecimalField(_("giá trị mới"), max_digits=20, decimal_places=4)
    reason = models.TextField(_("lý do điều chỉnh"), blank=True)
    source = models.CharField(_("nguồn"), max_length=10, choices=ValueSource.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("lúc"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("lịch sử số liệu")
        verbose_name_plural = _("lịch sử số liệu")
        ordering = ["value_row_id", "-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.previous} → {self.value}"
