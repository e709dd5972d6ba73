"""Kinds and statuses of reporting regimes, submissions and the province's reports."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Frequency(models.TextChoices):
    """How often a regime asks for a report; values are `PeriodKind` values."""

    MONTH = "month", _("Hằng tháng")
    QUARTER = "quarter", _("Hằng quý")
    HALF = "half", _("6 tháng")
    YEAR = "year", _("Hằng năm")


class CutoffRule(models.TextChoices):
    """Which days a period's figures cover."""

    DECREE_09 = "decree09", _("Theo Nghị định 09/2019 (từ ngày 15 tháng trước đến ngày 14)")
    CALENDAR = "calendar", _("Trọn kỳ (từ ngày đầu đến ngày cuối kỳ)")


class DueRule(models.TextChoices):
    """How a period's deadline is found (see `reporting.rules.due_date`)."""

    DAY_OF_MONTH = "day_of_month", _("Trước ngày N của một tháng (tháng cuối kỳ, tháng sau kỳ…)")
    WORKDAYS_AFTER_CUTOFF = "workdays_after_cutoff", _("N ngày làm việc sau ngày chốt số liệu")
    DAYS_AFTER_PERIOD = "days_after_period", _("N ngày sau khi kết thúc kỳ")


class DueMonth(models.TextChoices):
    """For `DueRule.DAY_OF_MONTH`: which month the day N falls in."""

    LAST = "last", _("tháng cuối kỳ")
    NEXT = "next", _("tháng đầu kỳ sau")


class SectionKind(models.TextChoices):
    NARRATIVE = "narrative", _("Nội dung do đơn vị viết")
    TASKS = "tasks", _("Tình hình thực hiện nhiệm vụ (tự động)")
    INDICATORS = "indicators", _("Số liệu chỉ số")


class SubmissionStatus(models.TextChoices):
    DRAFT = "draft", _("Đang soạn")
    SUBMITTED = "submitted", _("Đã gửi, chờ tiếp nhận")
    RETURNED = "returned", _("Bị trả lại")
    ACCEPTED = "accepted", _("Đã tiếp nhận")


class Timeliness(models.TextChoices):
    """A unit's report for a period, as the reporting-rate tables count it."""

    ON_TIME = "on_time", _("Đúng hạn")
    LATE = "late", _("Muộn")
    MISSING = "missing", _("Chưa gửi, quá hạn")
    PENDING = "pending", _("Chưa gửi, còn hạn")


class SubmissionEventKind(models.TextChoices):
    SAVED = "saved", _("Lưu nháp")
    SUBMITTED = "submitted", _("Gửi báo cáo")
    RETURNED = "returned", _("Trả lại")
    ACCEPTED = "accepted", _("Tiếp nhận")
    REOPENED = "reopened", _("Mở lại để bổ sung")


class ReportFormat(models.TextChoices):
    DOCX = "docx", _("Văn bản Word (.docx)")
    XLSX = "xlsx", _("Bảng tính Excel (.xlsx)")


class ReportSigner(models.TextChoices):
    """Who issues and signs the province's consolidated report: the header's issuing body,
    the number symbol ("…/BC-BCĐ" or "…/BC-SKHCN") and the signature block follow it."""

    COMMITTEE = "committee", _("Ban Chỉ đạo (TM. Ban Chỉ đạo)")
    STANDING = "standing", _("Cơ quan thường trực (cơ quan nhận báo cáo)")
