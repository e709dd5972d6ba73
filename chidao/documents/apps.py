from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "chidao.documents"
    label = "documents"
    verbose_name = _("Văn bản chỉ đạo")

    def ready(self) -> None:
        from chidao.core.audit import register_actions

        register_actions(
            {
                "document.upload": _("Tải lên văn bản"),
                "document.extract": _("Đọc văn bản"),
                "document.extract_failed": _("Không đọc được văn bản"),
                "document.update": _("Sửa thông tin văn bản"),
                "document.correct": _("Đính chính văn bản đã ban hành"),
                "document.warning": _("Xử lý cảnh báo khi đọc văn bản"),
                "document.publish": _("Ban hành nhiệm vụ của văn bản"),
                "task.draft_update": _("Sửa nhiệm vụ dự thảo"),
                "task.split": _("Tách nhiệm vụ"),
                "task.merge": _("Gộp nhiệm vụ"),
                "task.delete": _("Xoá nhiệm vụ dự thảo"),
                "task.add": _("Thêm nhiệm vụ"),
                "task.mention_add": _("Thêm đơn vị cho nhiệm vụ"),
                "task.mention_resolve": _("Xác định đơn vị cho nhiệm vụ"),
                "task.mention_remove": _("Bỏ đơn vị khỏi nhiệm vụ"),
                "task.units": _("Đặt đơn vị cho nhiệm vụ"),
                "task.assign": _("Giao nhiệm vụ cho đơn vị"),
                "alias.learn": _("Ghi nhận tên gọi đơn vị khi rà soát"),
                "alias.remove": _("Xoá tên gọi học được của đơn vị"),
            }
        )
