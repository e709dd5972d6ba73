from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    ASSIGNED = "assigned", _("Được giao nhiệm vụ")
    DUE_SOON = "due_soon", _("Sắp đến hạn")
    OVERDUE = "overdue", _("Quá hạn")
    EXTENSION_REQUESTED = "extension_requested", _("Đề nghị gia hạn")
    EXTENSION_DECIDED = "extension_decided", _("Kết quả gia hạn")
    COMMENT = "comment", _("Ý kiến mới")
    TASK_CLOSED = "task_closed", _("Nhiệm vụ được đóng/mở lại")
    DIGEST = "digest", _("Tổng hợp hằng tuần")
    DOCUMENT_READY = "document_ready", _("Văn bản đã đọc xong")
    REPORT_DUE = "report_due", _("Sắp đến hạn gửi báo cáo")
    REPORT_OVERDUE = "report_overdue", _("Quá hạn gửi báo cáo")
    REPORT_SUBMITTED = "report_submitted", _("Đơn vị đã gửi báo cáo")
    REPORT_DECIDED = "report_decided", _("Kết quả tiếp nhận báo cáo")
