from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "chidao.reporting"
    label = "reporting"
    verbose_name = _("Chế độ báo cáo")

    def ready(self) -> None:
        from chidao.core.audit import register_actions

        register_actions(
            {
                "regime.create": _("Thêm chế độ báo cáo"),
                "regime.update": _("Sửa chế độ báo cáo"),
                "submission.save": _("Lưu báo cáo"),
                "submission.submit": _("Gửi báo cáo"),
                "submission.return": _("Trả lại báo cáo"),
                "submission.accept": _("Tiếp nhận báo cáo"),
                "submission.reopen": _("Mở lại báo cáo"),
                "report.build": _("Lập báo cáo tổng hợp"),
                "demo.reporting": _("Nạp dữ liệu báo cáo mẫu"),
            }
        )
