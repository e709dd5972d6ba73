"""Writes to users and API tokens. Each function owns its transaction and audit record."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chidao.accounts.choices import Role
from chidao.accounts.models import ApiToken, User
from chidao.core import audit
from chidao.core.permissions import Action, require

USER_FIELDS = ["username", "full_name", "email", "role", "unit", "position", "phone", "is_active"]
ROLES_NEEDING_UNIT = {Role.SECRETARIAT, Role.OFFICER}


def _check_user(user: User) -> None:
    errors: dict[str, str] = {}
    if user.role not in Role.values:
        errors["role"] = _("Vai trò không hợp lệ.")
    elif user.role in ROLES_NEEDING_UNIT and user.unit_id is None:
        errors["unit"] = _("Vai trò này cần thuộc một đơn vị.")
    if (
        user.unit is not None
        and user.unit.valid_to is not None
        and user.unit.valid_to < (timezone.localdate())
    ):
        errors["unit"] = _("Đơn vị này đã hết hiệu lực; hãy chọn đơn vị kế thừa.")
    clash = User.objects.filter(username__iexact=user.username)
    if user.pk:
        clash = clash.exclude(pk=user.pk)
    if clash.exists():
        errors["username"] = _("Tên đăng nhập đã có người dùng.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_user(
    actor: Any, *, password: str | None = None, via: str = "web", **values: Any
) -> User:
    """Create a user; `actor` None means the operator at the command line."""
    if actor is not None:
        require(actor, Action.MANAGE_USERS)
    user = User(**values)
    _check_user(user)
    if password:
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise ValidationError({"password": exc.messages}) from None
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    audit.record(actor, "user.create", user, after=audit.snapshot(user, USER_FIELDS), via=via)
    return user


@transaction.atomic
def update_user(actor: Any, user: User, *, via: str = "web", **values: Any) -> User:
    require(actor, Action.MANAGE_USERS, user)
    locked = User.objects.select_for_update().get(pk=user.pk)
    before = audit.snapshot(locked, values.keys())
    for name, value in values.items():
        setattr(locked, name, value)
    _check_user(locked)
    locked.save(update_fields=[*values.keys(), "updated_at"])
    after = audit.snapshot(locked, values.keys())
    if before != after:
        audit.record(actor, "user.update", locked, before=before, after=after, via=via)
    return locked


@transaction.atomic
def set_password(actor: Any, user: User, password: str, *, via: str = "web") -> None:
    """Set a password: the user's own change, or an admin's reset."""
    if actor is not None and actor.pk != user.pk:
        require(actor, Action.MANAGE_USERS, user)
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from None
    user.set_password(password)
    user.save(update_fields=["password", "updated_at"])
    audit.record(actor, "user.password", user, via=via)


@transaction.atomic
def create_token(
    actor: Any,
    user: User,
    name: str,
    *,
    expires_at: dt.datetime | None = None,
    via: str = "web",
) -> tuple[ApiToken, str]:
    """Issue a token for `user`; returns the row and the key, which is never shown again."""
    if actor is not None and actor.pk != user.pk:
        require(actor, Action.MANAGE_USERS, user)
    if not name.strip():
        raise ValidationError({"name": _("Hãy đặt tên cho khoá (ví dụ: tên script dùng nó).")})
    key = ApiToken.new_key()
    token = ApiToken.objects.create(
        user=user,
        name=name.strip(),
        prefix=key[:10],
        key_hash=ApiToken.hash_key(key),
        expires_at=expires_at,
    )
    audit.record(actor, "token.create", token, after={"user": user.username, "name": name}, via=via)
    return token, key


@transaction.atomic
def revoke_token(actor: Any, token: ApiToken, *, via: str = "web") -> None:
    if actor is not None and actor.pk != token.user_id:
        require(actor, Action.MANAGE_USERS, token.user)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at", "updated_at"])
        audit.record(actor, "token.revoke", token, via=via)


def authenticate_token(key: str) -> User | None:
    """The active user owning the active token `key`, or None; stamps its last use."""
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=ApiToken.hash_key(key), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.is_active or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=5):
        # Stamped at most every few minutes so a busy script does not write on every call.
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
