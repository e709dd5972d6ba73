from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "chidao.indicators"
    label = "indicators"
    verbose_name = _("Chỉ số, chỉ tiêu")

    def ready(self) -> None:
        from chidao.core.audit import register_actions

        register_actions(
            {
                "indicator.create": _("Thêm chỉ số"),
                "indicator.update": _("Sửa chỉ số"),
                "indicators.seed": _("Nạp danh mục chỉ số"),
                "target.create": _("Giao chỉ tiêu"),
                "target.update": _("Sửa chỉ tiêu"),
                "target.delete": _("Xoá chỉ tiêu"),
                "targets.from_document": _("Lấy chỉ tiêu từ văn bản"),
                "value.report": _("Báo cáo số liệu"),
                "value.correct": _("Điều chỉnh số liệu"),
                "values.import": _("Nhập số liệu từ tệp Excel"),
            }
        )
