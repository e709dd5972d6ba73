"""Kinds of units, of successions and of groups."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    PROVINCE = "province", _("Tỉnh, thành phố")
    DEPARTMENT = "department", _("Sở")
    AGENCY = "agency", _("Ban, ngành")
    DISTRICT = "district", _("Huyện, thị xã, thành phố thuộc tỉnh")
    COMMUNE = "commune", _("Xã, phường, đặc khu")
    ENTERPRISE = "enterprise", _("Doanh nghiệp")
    COMMITTEE = "committee", _("Ban chỉ đạo, hội đồng")
    OTHER = "other", _("Khác")


class SuccessionKind(models.TextChoices):
    MERGE = "merge", _("Hợp nhất, sáp nhập")
    SPLIT = "split", _("Chia tách")
    RENAME = "rename", _("Đổi tên")
    DISSOLVE = "dissolve", _("Giải thể, chuyển chức năng")


class SuccessionShare(models.TextChoices):
    FULL = "full", _("Toàn bộ")
    PARTIAL = "partial", _("Một phần")
