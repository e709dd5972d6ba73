"""Login, logout, password, the user list and forms, and personal API tokens."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chidao.accounts import services
from chidao.accounts.choices import Role
from chidao.accounts.forms import LoginForm, TokenForm, UserForm
from chidao.accounts.models import ApiToken, User
from chidao.core.forms_util import apply_validation_error
from chidao.core.permissions import Action, can, require, visible_users
from chidao.core.text import fold
from chidao.units.services import installation_province


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    success_url = reverse_lazy("accounts:password_change_done")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        from chidao.core import audit

        user = self.request.user
        assert isinstance(user, User)
        audit.record(user, "user.password", user)
        messages.success(self.request, _("Đã đổi mật khẩu."))
        return response


def user_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.VIEW_USERS)
    users = visible_users(request.user).select_related("unit")
    q = request.GET.get("q", "").strip()
    role = request.GET.get("role", "")
    if q:
        users = users.filter(
            Q(username__icontains=q)
            | Q(full_name__icontains=q)
            | Q(email__icontains=q)
            | Q(unit__search_text__contains=fold(q))
        )
    if role in Role.values:
        users = users.filter(role=role)
    page = Paginator(users.order_by("full_name", "username"), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/user_list.html",
        {
            "page_obj": page,
            "users": page.object_list,
            "q": q,
            "role": role,
            "roles": Role.choices,
            "can_manage": can(request.user, Action.MANAGE_USERS),
        },
    )


def user_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    person = get_object_or_404(User.objects.select_related("unit"), uuid=uuid)
    require(request.user, Action.VIEW_USER, person)
    return render(
        request,
        "accounts/user_detail.html",
        {"person": person, "can_manage": can(request.user, Action.MANAGE_USERS)},
    )


def user_form(request: HttpRequest, uuid: str | None = None) -> HttpResponse:
    require(request.user, Action.MANAGE_USERS)
    person = get_object_or_404(User, uuid=uuid) if uuid else None
    form = UserForm(request.POST or None, instance=person, province=installation_province())
    if request.method == "POST" and form.is_valid():
        values = {k: form.cleaned_data[k] for k in UserForm.Meta.fields}
        password = form.cleaned_data.get("password") or None
        try:
            if person is None:
                person = services.create_user(request.user, password=password, **values)
                messages.success(request, _("Đã tạo người dùng %(name)s.") % {"name": person})
            else:
                # The form was bound to `person`, so reload before the service compares.
                person.refresh_from_db()
                person = services.update_user(request.user, person, **values)
                if password:
                    services.set_password(request.user, person, password)
                messages.success(request, _("Đã lưu người dùng %(name)s.") % {"name": person})
            return redirect("accounts:user_detail", uuid=person.uuid)
        except ValidationError as exc:
            apply_validation_error(form, exc)
    return render(request, "accounts/user_form.html", {"form": form, "person": person})


def tokens(request: HttpRequest) -> HttpResponse:
    """The signed-in user's own API tokens: list, create (key shown once), revoke."""
    user = request.user
    assert isinstance(user, User)
    form = TokenForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        expires = form.cleaned_data.get("expires_on")
        expires_at = (
            timezone.make_aware(dt.datetime.combine(expires, dt.time.max)) if expires else None
        )
        try:
            _token, new_key = services.create_token(
                user, user, form.cleaned_data["name"], expires_at=expires_at
            )
            form = TokenForm()
        except ValidationError as exc:
            apply_validation_error(form, exc)
    return render(
        request,
        "accounts/tokens.html",
        {"form": form, "tokens": user.api_tokens.all(), "new_key": new_key},
    )


@require_POST
def token_revoke(request: HttpRequest, uuid: str) -> HttpResponse:
    token = get_object_or_404(ApiToken, uuid=uuid, user=request.user)
    services.revoke_token(request.user, token)
    messages.success(request, _("Đã thu hồi khoá %(name)s.") % {"name": token.name})
    return redirect("accounts:tokens")
