"""Recording audit events. Called by services, inside their transaction."""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from collections.abc import Iterable
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from chidao.core.models import AuditEvent

# Words for the actions services record; apps add theirs with `register_actions`.
ACTION_LABELS: dict[str, Any] = {
    "user.create": _("Tạo người dùng"),
    "user.update": _("Sửa người dùng"),
    "user.password": _("Đổi mật khẩu"),
    "token.create": _("Tạo khoá API"),
    "token.revoke": _("Thu hồi khoá API"),
    "unit.create": _("Thêm đơn vị"),
    "unit.update": _("Sửa đơn vị"),
    "succession.create": _("Ghi nhận kế thừa đơn vị"),
    "group.update": _("Sửa nhóm đơn vị"),
    "units.init_province": _("Thiết lập tỉnh"),
    "calendar.add": _("Thêm ngày điều chỉnh lịch"),
    "calendar.remove": _("Xoá ngày điều chỉnh lịch"),
    "demo.load": _("Nạp dữ liệu mẫu"),
}


def register_actions(labels: dict[str, Any]) -> None:
    """Let an app name its own audit actions (called from its AppConfig.ready)."""
    ACTION_LABELS.update(labels)


def snapshot(obj: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """A JSON-safe dict of the object's concrete field values (foreign keys as ids)."""
    names = (
        list(fields)
        if fields is not None
        else [
            f.name for f in obj._meta.concrete_fields if f.name not in {"created_at", "updated_at"}
        ]
    )
    out: dict[str, Any] = {}
    for name in names:
        field = obj._meta.get_field(name)
        attname = getattr(field, "attname", name)
        out[name] = _jsonable(getattr(obj, attname))
    return out


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, uuid.UUID | decimal.Decimal):
        return str(value)
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    return value


def record(
    actor: Any,
    action: str,
    target: models.Model | None = None,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    target_type: str = "",
    target_repr: str = "",
    via: str = "web",
) -> AuditEvent:
    """Write one audit event. `actor` may be None for system jobs (commands, the worker)."""
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    if target is not None:
        target_type = target_type or target._meta.label_lower
        target_id = str(getattr(target, "uuid", None) or target.pk or "")
        target_repr = target_repr or str(target)
    else:
        target_id = ""
    return AuditEvent.objects.create(
        actor=actor if is_user else None,
        actor_name=actor.get_username()[:150] if is_user else "",
        action=action,
        target_type=target_type,
        target_id=target_id,
        target_repr=target_repr[:300],
        before=_jsonable(before) if before is not None else None,
        after=_jsonable(after) if after is not None else None,
        via=via,
    )
