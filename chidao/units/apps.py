from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UnitsConfig(AppConfig):
    name = "chidao.units"
    label = "units"
    verbose_name = _("Đơn vị")

    def ready(self) -> None:
        from chidao.core.audit import register_actions

        register_actions(
            {
                "group.member_add": _("Thêm thành viên nhóm"),
                "group.member_end": _("Ghi nhận thôi là thành viên nhóm"),
            }
        )
