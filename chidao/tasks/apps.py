from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TasksConfig(AppConfig):
    name = "chidao.tasks"
    label = "tasks"
    verbose_name = _("Nhiệm vụ")

    def ready(self) -> None:
        from chidao.core.audit import register_actions, register_values
        from chidao.tasks.choices import AssignmentRole

        register_actions(
            {
                "assignment.progress": _("Báo cáo tiến độ"),
                "assignment.transfer": _("Chuyển giao cho đơn vị kế thừa"),
                "task.comment": _("Góp ý kiến"),
                "task.close": _("Đóng nhiệm vụ"),
                "task.reopen": _("Mở lại nhiệm vụ"),
                "extension.request": _("Đề nghị gia hạn"),
                "extension.decide": _("Quyết định gia hạn"),
            }
        )
        register_values("role", AssignmentRole.choices)
