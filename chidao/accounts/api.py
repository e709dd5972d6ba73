"""Users API: who am I, the users I may see, and (for admins) creating users."""

from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.pagination import paginate

from chidao.accounts import services
from chidao.accounts.models import User
from chidao.accounts.schemas import UserIn, UserOut
from chidao.api.pagination import PagePagination
from chidao.core.permissions import Action, require, visible_users
from chidao.units.models import Unit

router = Router(tags=["users"])


@router.get("/me", response=UserOut)
def me(request: HttpRequest) -> Any:
    return request.user


@router.get("", response=list[UserOut])
@paginate(PagePagination)
def list_users(request: HttpRequest, role: str | None = None) -> QuerySet[User]:
    """The users the caller may see: all for staff roles, the own unit for officers."""
    require(request.user, Action.VIEW_USERS)
    users = visible_users(request.user).select_related("unit")
    if role:
        users = users.filter(role=role)
    return users.order_by("username")


@router.get("/{uuid}", response=UserOut)
def get_user(request: HttpRequest, uuid: UUID) -> User:
    person = get_object_or_404(User.objects.select_related("unit"), uuid=uuid)
    require(request.user, Action.VIEW_USER, person)
    return person


@router.post("", response={201: UserOut})
def create_user(request: HttpRequest, payload: UserIn) -> Status[User]:
    require(request.user, Action.MANAGE_USERS)
    values = payload.dict()
    password = values.pop("password")
    if payload.unit is not None:
        unit = Unit.objects.filter(uuid=payload.unit).first()
        if unit is None:
            raise ValidationError({"unit": _("Không có đơn vị với mã này.")})
        values["unit"] = unit
    user = services.create_user(request.user, password=password, via="api", **values)
    return Status(201, user)
