"""Recording audit events. Called by services, inside their transaction."""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from collections.abc import Iterable
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext
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


# Words for the keys of `before`/`after` that are not fields of the target's model (the
# model's own fields speak through their verbose names).
FIELD_LABELS: dict[str, Any] = {
    "period": _("kỳ báo cáo"),
    "comment": _("ý kiến"),
    "sections": _("số mục đã viết"),
    "values": _("số chỉ số đã nhập"),
    "units": _("đơn vị"),
    "unit": _("đơn vị"),
    "tasks": _("nhiệm vụ"),
    "targets": _("chỉ tiêu"),
    "indicators": _("chỉ số"),
    "warning": _("cảnh báo"),
    "warnings": _("cảnh báo"),
    "message": _("nội dung"),
    "body": _("nội dung"),
    "user": _("người dùng"),
    "role": _("vai trò"),
    "title": _("tiêu đề"),
    "name": _("tên"),
}


# Words for coded values under keys that are not fields of the target's model ("role":
# "lead" → "Chủ trì"); apps add theirs with `register_values`.
VALUE_LABELS: dict[str, dict[str, Any]] = {}


def register_actions(labels: dict[str, Any]) -> None:
    """Let an app name its own audit actions (called from its AppConfig.ready)."""
    ACTION_LABELS.update(labels)


def register_values(key: str, choices: Iterable[tuple[str, Any]]) -> None:
    """Let an app name the coded values it records under `key` (its choices' labels),
    wherever the key appears in a trail: top level or inside a record."""
    VALUE_LABELS.setdefault(key, {}).update(dict(choices))


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


# -- reading the trail ---------------------------------------------------------------------


def model_of(target_type: str) -> type[models.Model] | None:
    """The model an event's `target_type` ("reporting.submission") names, if installed."""
    try:
        return apps.get_model(target_type)
    except (LookupError, ValueError):
        return None


def target_type_label(target_type: str) -> str:
    """ "reporting.submission" → "Báo cáo của đơn vị" (in the interface's language)."""
    model = model_of(target_type)
    return capfirst(str(model._meta.verbose_name)) if model is not None else target_type


def changes_in_words(
    target_type: str, before: dict[str, Any] | None, after: dict[str, Any] | None
) -> list[tuple[str, Any, Any]]:
    """The keys whose value differs between `before` and `after`, as (label, old, new)
    for people, in the interface's language: a field's verbose name ("Gửi muộn"), a
    choice's label ("Bị trả lại"), yes/no for booleans, dates as dd/mm/yyyy; lists and
    records joined. A missing old value stays None (the template shows only the new)."""
    model = model_of(target_type)
    before = before or {}
    after = after or {}
    rows = []
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key), after.get(key)
        if old == new:
            continue
        field = _field(model, key)
        if key in _PERIOD_KEYS:
            rows.append((_label(field, key), _period_words(old), _period_words(new)))
        else:
            rows.append((_label(field, key), _value(field, old, key), _value(field, new, key)))
    return rows


# Keys holding a period code ("2024Q3"), shown as the period's label ("Quý III/2024").
_PERIOD_KEYS = frozenset({"period", "period_code", "first_period", "last_period"})


def _period_words(value: Any) -> Any:
    from chidao.core.periods import Period
    from chidao.core.templatetags.periods import localized_label

    if not isinstance(value, str) or not value:
        return value
    try:
        return localized_label(Period.parse(value))
    except ValueError:
        return value


def _field(model: type[models.Model] | None, name: str) -> Any:
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _label(field: Any, key: str) -> str:
    words = getattr(field, "verbose_name", None) or FIELD_LABELS.get(key)
    return capfirst(str(words)) if words else key


def _value(field: Any, value: Any, key: str = "") -> Any:
    """A JSON value of the trail under `key` as a short text (None kept)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return gettext("Có") if value else gettext("Không")
    if isinstance(value, list):
        return "; ".join(str(_value(None, v, key)) for v in value)
    if isinstance(value, dict):
        # PostgreSQL's jsonb does not keep key order: the unit or name first, then the rest
        # alphabetically, so both databases show the same words.
        keys = sorted(value, key=lambda k: (k not in ("unit", "name"), k))
        shown = [k for k in keys if value[k] not in (None, "", False, True)]
        return " · ".join(str(_value(None, value[k], k)) for k in shown)
    choices = dict(getattr(field, "flatchoices", None) or ())
    if choices and value in choices:
        return str(choices[value])
    coded = VALUE_LABELS.get(key, {})
    if isinstance(value, str) and value in coded:
        return str(coded[value])
    if isinstance(value, str):
        return _date_words(value)
    return value


def _date_words(text: str) -> str:
    """ISO dates and moments of the trail as dd/mm/yyyy (hh:mm); other text unchanged."""
    if len(text) == 10:
        try:
            return f"{dt.date.fromisoformat(text):%d/%m/%Y}"
        except ValueError:
            return text
    if len(text) > 10 and text[10] == "T":
        try:
            moment = dt.datetime.fromisoformat(text)
        except ValueError:
            return text
        if moment.tzinfo is not None:
            from django.utils import timezone

            moment = timezone.localtime(moment)
        return f"{moment:%d/%m/%Y %H:%M}"
    return text
