"""Tasks from directives, each assigned unit's share, and the follow-up around them."""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Case, Q, Value, When
from django.utils.translation import gettext_lazy as _

from chidao.core.models import SearchableModel, TimeStampedModel
from chidao.core.text import fold
from chidao.tasks.choices import (
    AssignmentRole,
    AssignmentStatus,
    ExtensionStatus,
    Frequency,
    Pillar,
    TaskSource,
    TaskState,
)


class Task(TimeStampedModel, SearchableModel):
    """One piece of assigned work, from a document (quote and offsets kept) or entered.

    Timing is one of: a deadline (`due_date`, with `due_text` as written and
    `original_due_date` kept when extended), a recurrence (`recurrence_rule`, RFC 5545,
    with its Vietnamese text), or ongoing ("thường xuyên"). Tasks of a document under
    review are DRAFT; publishing opens them and creates their assignments.

    Three columns summarise the assignments its status is judged on (its active leads,
    or all its active assignments when it has no lead), so that the list sorts and filters
    50,000 tasks without reading their assignments: `next_due`, the earliest deadline
    among the unfinished ones (None when none is left); `done_on`, the day the last was
    completed once all are (None while one is unfinished, or when there are none); and
    `done_late`, whether one was completed after its deadline. They are derived, written
    only by `services.refresh_list_columns` (called by every write that creates
    assignments or changes their deadline, completion, role or activity).
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    province = models.ForeignKey(
        "units.Unit", verbose_name=_("tỉnh"), on_delete=models.PROTECT, related_name="+"
    )
    document = models.ForeignKey(
        "documents.Document",
        verbose_name=_("văn bản"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="tasks",
    )
    order = models.PositiveIntegerField(_("thứ tự"), default=0)
    source = models.CharField(
        _("nguồn"), max_length=16, choices=TaskSource.choices, default=TaskSource.EXTRACTED
    )
    section = models.TextField(_("mục"), blank=True)
    quote = models.TextField(_("trích văn bản"), blank=True)
    quote_start = models.PositiveIntegerField(null=True, blank=True)
    quote_end = models.PositiveIntegerField(null=True, blank=True)
    title = models.TextField(_("nội dung nhiệm vụ"))
    description = models.TextField(_("mô tả"), blank=True)
    pillar = models.CharField(
        _("lĩnh vực"), max_length=32, choices=Pillar.choices, blank=True, default=Pillar.NONE
    )
    due_date = models.DateField(_("thời hạn"), null=True, blank=True, db_index=True)
    due_text = models.CharField(_("thời hạn (nguyên văn)"), max_length=255, blank=True)
    original_due_date = models.DateField(_("thời hạn ban đầu"), null=True, blank=True)
    recurrence_freq = models.CharField(
        _("định kỳ"), max_length=16, choices=Frequency.choices, blank=True
    )
    recurrence_day = models.PositiveSmallIntegerField(_("ngày trong kỳ"), null=True, blank=True)
    recurrence_rule = models.CharField(_("quy tắc lặp (RFC 5545)"), max_length=255, blank=True)
    recurrence_text = models.CharField(_("định kỳ (nguyên văn)"), max_length=255, blank=True)
    ongoing = models.BooleanField(_("thường xuyên"), default=False)
    quantity = models.PositiveIntegerField(_("số lượng mỗi kỳ"), null=True, blank=True)
    quantity_unit = models.CharField(_("đơn vị tính"), max_length=64, blank=True)
    state = models.CharField(
        _("tình trạng"),
        max_length=16,
        choices=TaskState.choices,
        default=TaskState.DRAFT,
        db_index=True,
    )
    closed_at = models.DateTimeField(_("đóng lúc"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người đóng"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    close_reason = models.TextField(_("lý do đóng/mở lại"), blank=True)
    # Derived from the assignments for the task list: see the class docstring.
    next_due = models.DateField(_("hạn gần nhất"), null=True, blank=True, editable=False)
    done_on = models.DateField(_("hoàn thành ngày"), null=True, blank=True, editable=False)
    done_late = models.BooleanField(_("có đơn vị hoàn thành muộn"), default=False, editable=False)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = _("nhiệm vụ")
        ordering = ["document_id", "order", "pk"]
        indexes = [
            models.Index(fields=["province", "state"], name="tasks_prov_state_idx"),
            models.Index(fields=["document", "order"], name="tasks_doc_order_idx"),
            # The list's default order; with what its status filters read, so that
            # they count and page from the index alone (PostgreSQL; SQLite ignores
            # `include`).
            models.Index(
                fields=["next_due", "id"],
                include=["state", "done_on", "done_late"],
                name="tasks_next_due_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(quote_start__isnull=True)
                | Q(quote_end__isnull=True)
                | Q(quote_end__gte=models.F("quote_start")),
                name="tasks_task_quote_span_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.title[:120]

    def build_search_text(self) -> str:
        return fold(" ".join([self.title, self.description, self.section]))

    @property
    def is_recurring(self) -> bool:
        return bool(self.recurrence_freq)

    @property
    def timing_label(self) -> str:
        """How the task is timed, in words: the deadline, the recurrence or "thường xuyên"."""
        if self.recurrence_freq:
            return self.recurrence_text or str(self.get_recurrence_freq_display())
        if self.due_date:
            return f"{self.due_date:%d/%m/%Y}"
        if self.ongoing:
            return str(_("Thường xuyên"))
        return "—"


class TaskMention(TimeStampedModel):
    """A unit named for a task, as written, and what it resolved to (a unit or a group).

    Kept after publishing: it is the provenance of each assignment. During review an
    unresolved mention (no unit, no group) blocks publishing until it is chosen.
    """

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="mentions")
    role = models.CharField(_("vai trò"), max_length=8, choices=AssignmentRole.choices)
    mention = models.CharField(_("cách ghi trong văn bản"), max_length=255, blank=True)
    name = models.CharField(_("tên"), max_length=255, blank=True)
    unit = models.ForeignKey(
        "units.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    group = models.ForeignKey(
        "units.UnitGroup", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("đơn vị được nêu")
        verbose_name_plural = _("đơn vị được nêu")
        ordering = ["task_id", "role", "order", "pk"]

    def __str__(self) -> str:
        return self.name or self.mention

    @property
    def is_resolved(self) -> bool:
        return self.unit_id is not None or self.group_id is not None


class AssignmentQuerySet(models.QuerySet["Assignment"]):
    def active(self) -> AssignmentQuerySet:
        return self.filter(active=True)

    def with_status(self, as_of: dt.date) -> AssignmentQuerySet:
        """Annotate `status_code` (an AssignmentStatus value) as of `as_of`.

        Done means completed on or before `as_of`; on time means completed (or, while
        open, `as_of`) not after the effective deadline. No deadline (ongoing, recurring)
        is always on time: recurring work is judged per occurrence instead.
        """
        done = Q(completed_on__isnull=False, completed_on__lte=as_of)
        return self.annotate(
            status_code=Case(
                When(
                    done & (Q(due_date__isnull=True) | Q(completed_on__lte=models.F("due_date"))),
                    then=Value(AssignmentStatus.DONE_ON_TIME.value),
                ),
                When(done, then=Value(AssignmentStatus.DONE_LATE.value)),
                When(due_date__lt=as_of, then=Value(AssignmentStatus.OPEN_OVERDUE.value)),
                default=Value(AssignmentStatus.OPEN_ON_TIME.value),
                output_field=models.CharField(),
            )
        )

    def with_status_code(self, code: str, as_of: dt.date) -> AssignmentQuerySet:
        return self.with_status(as_of).filter(status_code=code)  # type: ignore[misc]  # annotated


class Assignment(TimeStampedModel):
    """One unit's share of a task (as lead or support), with its own deadline and progress.

    `due_date` is the effective deadline (moved by an approved extension),
    `original_due_date` the one the document set. When the unit is succeeded, the open
    assignment is deactivated and a new one created for the successor with
    `inherited_from` pointing back, so history stays with the old unit.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="assignments")
    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="assignments"
    )
    role = models.CharField(_("vai trò"), max_length=8, choices=AssignmentRole.choices)
    due_date = models.DateField(_("thời hạn"), null=True, blank=True, db_index=True)
    original_due_date = models.DateField(_("thời hạn ban đầu"), null=True, blank=True)
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0)
    completed_on = models.DateField(_("hoàn thành ngày"), null=True, blank=True, db_index=True)
    active = models.BooleanField(_("còn hiệu lực"), default=True)
    inherited_from = models.ForeignKey(
        "self",
        verbose_name=_("tiếp nhận từ"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="passed_to",
    )
    transferred_on = models.DateField(_("chuyển giao ngày"), null=True, blank=True)
    last_update_at = models.DateTimeField(_("cập nhật tiến độ lúc"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("phân công")
        verbose_name_plural = _("phân công")
        ordering = ["task_id", "role", "unit__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["task", "unit"],
                condition=Q(active=True),
                name="tasks_one_active_assignment_per_unit",
                violation_error_message=_("Đơn vị này đã được giao nhiệm vụ này."),
            ),
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="tasks_assignment_progress_max_100"
            ),
        ]
        indexes = [
            models.Index(fields=["unit", "active", "due_date"], name="tasks_asg_unit_due_idx"),
            # "Is this unit on this task?" (an officer's list) read from the index alone.
            models.Index(fields=["task", "unit"], name="tasks_asg_task_unit_idx"),
            # "Has this task an active lead?", asked to know which assignments count.
            models.Index(
                fields=["task"],
                condition=Q(active=True, role=AssignmentRole.LEAD),
                name="tasks_asg_active_lead_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} — {self.task}"

    def status_on(self, as_of: dt.date) -> AssignmentStatus:
        """The four-way status as of `as_of` (the Python twin of `with_status`)."""
        done = self.completed_on is not None and self.completed_on <= as_of
        if done:
            assert self.completed_on is not None
            on_time = self.due_date is None or self.completed_on <= self.due_date
            return AssignmentStatus.DONE_ON_TIME if on_time else AssignmentStatus.DONE_LATE
        if self.due_date is not None and self.due_date < as_of:
            return AssignmentStatus.OPEN_OVERDUE
        return AssignmentStatus.OPEN_ON_TIME


class Occurrence(TimeStampedModel):
    """One period of a recurring task (a week, month, quarter…) with its own deadline."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="occurrences")
    period_start = models.DateField(_("từ ngày"))
    period_end = models.DateField(_("đến ngày"))
    label = models.CharField(_("kỳ"), max_length=64)
    due_date = models.DateField(_("hạn của kỳ"), db_index=True)

    class Meta:
        verbose_name = _("kỳ thực hiện")
        verbose_name_plural = _("kỳ thực hiện")
        ordering = ["task_id", "period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["task", "period_start"], name="tasks_one_occurrence_per_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task} — {self.label}"


class OccurrenceReport(TimeStampedModel):
    """A unit's completion of one occurrence, with the quantity delivered."""

    occurrence = models.ForeignKey(Occurrence, on_delete=models.CASCADE, related_name="reports")
    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, related_name="occurrence_reports"
    )
    completed_on = models.DateField(_("hoàn thành ngày"))
    quantity = models.PositiveIntegerField(_("số lượng"), null=True, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("báo cáo kỳ")
        verbose_name_plural = _("báo cáo kỳ")
        ordering = ["occurrence__period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["occurrence", "assignment"],
                name="tasks_one_report_per_occurrence_unit",
                violation_error_message=_("Đơn vị đã báo cáo kỳ này."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.occurrence} — {self.assignment.unit}"

    @property
    def on_time(self) -> bool:
        return self.completed_on <= self.occurrence.due_date


class ProgressUpdate(models.Model):
    """A unit officer's report on an assignment: percent, narrative, evidence files."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="updates")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    percent = models.PositiveSmallIntegerField(_("tiến độ (%)"))
    narrative = models.TextField(_("nội dung báo cáo"), blank=True)
    completed = models.BooleanField(_("đã hoàn thành"), default=False)
    occurrence = models.ForeignKey(
        Occurrence, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("lúc"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("cập nhật tiến độ")
        verbose_name_plural = _("cập nhật tiến độ")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(percent__lte=100), name="tasks_update_percent_max_100"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assignment} — {self.percent}%"


def _evidence_path(instance: Evidence, filename: str) -> str:
    return f"evidence/{instance.uuid}/{filename}"


class Evidence(models.Model):
    """A file attached to a progress update (type and size checked on upload)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    update = models.ForeignKey(ProgressUpdate, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to=_evidence_path, max_length=300)
    name = models.CharField(_("tên tệp"), max_length=255)
    size = models.PositiveBigIntegerField(_("dung lượng"))
    content_type = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("minh chứng")
        verbose_name_plural = _("minh chứng")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.name


class Comment(models.Model):
    """A remark on a task by anyone who can see it."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(_("ý kiến"))
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("ý kiến")
        verbose_name_plural = _("ý kiến")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.body[:80]


class ExtensionRequest(TimeStampedModel):
    """A unit asks for a later deadline; the secretariat approves or refuses, with reasons."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, related_name="extension_requests"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    previous_due_date = models.DateField(_("thời hạn trước khi gia hạn"), null=True, blank=True)
    requested_due_date = models.DateField(_("thời hạn đề nghị"))
    reason = models.TextField(_("lý do"))
    status = models.CharField(
        _("trạng thái"),
        max_length=16,
        choices=ExtensionStatus.choices,
        default=ExtensionStatus.PENDING,
        db_index=True,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("quyết định lúc"), null=True, blank=True)
    decision_reason = models.TextField(_("ý kiến của cơ quan thường trực"), blank=True)

    class Meta:
        verbose_name = _("đề nghị gia hạn")
        verbose_name_plural = _("đề nghị gia hạn")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment"],
                condition=Q(status="pending"),
                name="tasks_one_pending_extension",
                violation_error_message=_("Đã có một đề nghị gia hạn đang chờ duyệt."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assignment} → {self.requested_due_date:%d/%m/%Y}"
