"""Statuses and kinds of tasks, assignments and their follow-up."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TaskState(models.TextChoices):
    DRAFT = "draft", _("Dự thảo (chờ rà soát)")
    OPEN = "open", _("Đang theo dõi")
    CLOSED = "closed", _("Đã đóng")


class TaskSource(models.TextChoices):
    EXTRACTED = "extracted", _("Trích từ văn bản")
    MANUAL = "manual", _("Nhập tay")


class Pillar(models.TextChoices):
    """The usual headings of provincial digital-transformation directives."""

    NONE = "", _("Chưa phân loại")
    AWARENESS = "awareness", _("Nhận thức, truyền thông")
    INSTITUTIONS = "institutions", _("Thể chế, cơ chế chính sách")
    INFRASTRUCTURE = "infrastructure", _("Hạ tầng số")
    PLATFORMS = "platforms", _("Nền tảng, dữ liệu số")
    GOVERNMENT = "government", _("Chính quyền số")
    ECONOMY = "economy", _("Kinh tế số")
    SOCIETY = "society", _("Xã hội số")
    SECURITY = "security", _("An toàn thông tin mạng")
    HUMAN = "human", _("Nguồn nhân lực")
    OTHER = "other", _("Khác")


class Frequency(models.TextChoices):
    WEEKLY = "weekly", _("Hằng tuần")
    MONTHLY = "monthly", _("Hằng tháng")
    QUARTERLY = "quarterly", _("Hằng quý")
    HALF_YEARLY = "half_yearly", _("6 tháng")
    YEARLY = "yearly", _("Hằng năm")


class AssignmentRole(models.TextChoices):
    LEAD = "lead", _("Chủ trì")
    SUPPORT = "support", _("Phối hợp")


class AssignmentStatus(models.TextChoices):
    """The government's four-way split, computed as of a date."""

    DONE_ON_TIME = "done_on_time", _("Hoàn thành đúng hạn")
    DONE_LATE = "done_late", _("Hoàn thành quá hạn")
    OPEN_ON_TIME = "open_on_time", _("Đang thực hiện trong hạn")
    OPEN_OVERDUE = "open_overdue", _("Chưa hoàn thành, quá hạn")


class StatusTally(models.TextChoices):
    """The three counts of a roll-up line ("65 xã, phường: 40 xong · 20 trong hạn · 5 quá
    hạn"): done (on time or late), open within the deadline, open overdue."""

    DONE = "done", _("xong")
    OPEN_ON_TIME = "on_time", _("trong hạn")
    OPEN_OVERDUE = "overdue", _("quá hạn")


#: The tally each of the four statuses counts in.
TALLY_OF: dict[str, StatusTally] = {
    AssignmentStatus.DONE_ON_TIME: StatusTally.DONE,
    AssignmentStatus.DONE_LATE: StatusTally.DONE,
    AssignmentStatus.OPEN_ON_TIME: StatusTally.OPEN_ON_TIME,
    AssignmentStatus.OPEN_OVERDUE: StatusTally.OPEN_OVERDUE,
}

TALLY_COLORS: dict[str, str] = {
    StatusTally.DONE: "green",
    StatusTally.OPEN_ON_TIME: "blue",
    StatusTally.OPEN_OVERDUE: "red",
}


class ExtensionStatus(models.TextChoices):
    PENDING = "pending", _("Chờ duyệt")
    APPROVED = "approved", _("Đã đồng ý")
    REFUSED = "refused", _("Không đồng ý")


# Colours of the four-way status (Tabler colour names), kept next to the choices.
STATUS_COLORS: dict[str, str] = {
    AssignmentStatus.DONE_ON_TIME: "green",
    AssignmentStatus.DONE_LATE: "lime",
    AssignmentStatus.OPEN_ON_TIME: "blue",
    AssignmentStatus.OPEN_OVERDUE: "red",
}

# From best to worst: the order in which a task's status summarises its lead units'.
STATUS_SEVERITY: tuple[AssignmentStatus, ...] = (
    AssignmentStatus.DONE_ON_TIME,
    AssignmentStatus.DONE_LATE,
    AssignmentStatus.OPEN_ON_TIME,
    AssignmentStatus.OPEN_OVERDUE,
)


class Urgency(models.IntegerChoices):
    """How pressing an open assignment is in a unit's inbox."""

    OVERDUE = 0, _("Quá hạn")
    DUE_SOON = 1, _("Sắp đến hạn")
    LATER = 2, _("Các việc khác")


class OccurrenceOutcome(models.TextChoices):
    """How a unit fared in one period of a recurring task."""

    MET = "met", _("Đúng hạn")
    LATE = "late", _("Trễ hạn")
    MISSED = "missed", _("Chưa báo cáo, quá hạn")
    PENDING = "pending", _("Chưa đến hạn")


OUTCOME_COLORS: dict[str, str] = {
    OccurrenceOutcome.MET: "green",
    OccurrenceOutcome.LATE: "yellow",
    OccurrenceOutcome.MISSED: "red",
    OccurrenceOutcome.PENDING: "secondary",
}
