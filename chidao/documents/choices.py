"""Kinds and statuses of directive documents."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class DocumentKind(models.TextChoices):
    """Type codes of Nghị định 30/2020/NĐ-CP (Phụ lục III) that directives use."""

    TB = "TB", pgettext_lazy("document kind", "Thông báo")
    KH = "KH", _("Kế hoạch")
    QD = "QĐ", _("Quyết định")
    CT = "CT", _("Chỉ thị")
    NQ = "NQ", _("Nghị quyết")
    CV = "CV", _("Công văn")
    BC = "BC", _("Báo cáo")
    CTR = "CTr", _("Chương trình")
    HD = "HD", _("Hướng dẫn")
    OTHER = "other", _("Khác")


class DocumentStatus(models.TextChoices):
    UPLOADED = "uploaded", _("Đã tải lên")
    EXTRACTING = "extracting", _("Đang đọc văn bản")
    FAILED = "failed", _("Không đọc được")
    EXTRACTED = "extracted", _("Chờ rà soát")
    PUBLISHED = "published", _("Đã ban hành nhiệm vụ")


class SignatureForm(models.TextChoices):
    NONE = "", _("Ký trực tiếp")
    TM = "TM.", _("Thay mặt (TM.)")
    KT = "KT.", _("Ký thay (KT.)")
    TL = "TL.", _("Thừa lệnh (TL.)")
    Q = "Q.", _("Quyền (Q.)")
    TUQ = "TUQ.", _("Thừa uỷ quyền (TUQ.)")


# Badge colours of the statuses (Tabler colour names), kept beside the statuses.
STATUS_COLORS: dict[str, str] = {
    DocumentStatus.UPLOADED: "secondary",
    DocumentStatus.EXTRACTING: "azure",
    DocumentStatus.FAILED: "red",
    DocumentStatus.EXTRACTED: "yellow",
    DocumentStatus.PUBLISHED: "green",
}


class CorrectionKind(models.TextChoices):
    """What a review changed against what was read (one `ReviewCorrection` each)."""

    UNIT = "unit", pgettext_lazy("review correction", "đơn vị")
    DEADLINE = "deadline", pgettext_lazy("review correction", "thời hạn")
    ADDED = "added", _("nhiệm vụ thêm")
    DELETED = "deleted", _("nhiệm vụ xoá")
    SPLIT = "split", _("nhiệm vụ tách")
    MERGED = "merged", _("nhiệm vụ gộp")
