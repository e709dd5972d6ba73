"""Kinds and statuses of indicators, targets and reported values."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Direction(models.TextChoices):
    HIGHER = "higher", _("Càng cao càng tốt")
    LOWER = "lower", _("Càng thấp càng tốt")


class FormulaKind(models.TextChoices):
    """How an indicator gets its value: reported by units, or computed from others."""

    REPORTED = "reported", _("Đơn vị báo cáo")
    RATIO = "ratio", _("Tỷ lệ (tử số/mẫu số)")
    SUM = "sum", _("Tổng các chỉ số thành phần")


class Aggregation(models.TextChoices):
    """How a reported indicator's unit values combine into a group's or the province's."""

    SUM = "sum", _("Cộng các đơn vị")
    AVERAGE = "average", _("Trung bình các đơn vị")


class Comparator(models.TextChoices):
    GTE = ">=", _("≥ (không thấp hơn)")
    GT = ">", _("> (cao hơn)")
    LTE = "<=", _("≤ (không cao hơn)")
    LT = "<", _("< (thấp hơn)")
    EQ = "=", _("= (bằng)")


class TargetSource(models.TextChoices):
    DOCUMENT = "document", _("Trích từ văn bản")
    MANUAL = "manual", _("Nhập tay")


class ValueSource(models.TextChoices):
    FORM = "form", _("Nhập trên biểu mẫu")
    WORKBOOK = "workbook", _("Tệp Excel")
    API = "api", _("API")
    COMMAND = "command", _("Dòng lệnh")
    DEMO = "demo", _("Dữ liệu mẫu")


class Achievement(models.TextChoices):
    """A value against its target, judged by the ordered rules of `achievement.py`."""

    MET = "met", _("Đạt")
    AT_RISK = "at_risk", _("Có nguy cơ không đạt")
    BEHIND = "behind", _("Chưa đạt, còn trong kỳ")
    MISSED = "missed", _("Không đạt")
    NO_DATA = "no_data", _("Chưa có số liệu")
    NO_TARGET = "no_target", _("Chưa giao chỉ tiêu")
