"""Roles a user holds in chidao."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("Quản trị hệ thống")
    SECRETARIAT = "secretariat", _("Cơ quan thường trực")
    LEADER = "leader", _("Lãnh đạo")
    OFFICER = "officer", _("Chuyên viên đơn vị")
    VIEWER = "viewer", _("Chỉ xem")
