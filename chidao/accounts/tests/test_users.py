"""Managing users through the screens and the command line; who may see whom."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from chidao.accounts.models import ApiToken, User
from chidao.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _form(for_unit: Any, **over: Any) -> dict[str, Any]:
    data = {
        "username": "cbxd",
        "full_name": "Đinh Thị Hoa",
        "email": "hoa@example.vn",
        "role": "officer",
        "unit": for_unit.pk,
        "position": "Chuyên viên",
        "phone": "",
        "is_active": "on",
        "password": "mot-mat-khau-dai-2026",
    }
    data.update(over)
    return data


def test_admin_creates_an_officer_and_it_is_audited(login: Any, people: Any, province: Any) -> None:
    response = login(people.admin).post(reverse("accounts:user_create"), _form(province.yt))
    assert response.status_code == 302
    user = User.objects.get(username="cbxd")
    assert user.unit == province.yt
    assert user.check_password("mot-mat-khau-dai-2026")
    event = AuditEvent.objects.get(action="user.create")
    assert event.actor == people.admin
    assert event.after is not None
    assert event.after["role"] == "officer"
    assert "password" not in event.after


def test_officer_role_without_unit_gets_a_field_error(
    login: Any, people: Any, province: Any
) -> None:
    response = login(people.admin).post(
        reverse("accounts:user_create"), _form(province.yt, unit="")
    )
    assert response.status_code == 200
    assert "Vai trò này cần thuộc một đơn vị." in response.content.decode()
    assert not User.objects.filter(username="cbxd").exists()


def test_duplicate_username_is_refused(login: Any, people: Any, province: Any) -> None:
    response = login(people.admin).post(
        reverse("accounts:user_create"), _form(province.yt, username="donvi")
    )
    assert response.status_code == 200
    assert User.objects.filter(username="donvi").count() == 1


def test_secretariat_cannot_create_users(login: Any, people: Any, province: Any) -> None:
    response = login(people.thuongtruc).post(reverse("accounts:user_create"), _form(province.yt))
    assert response.status_code == 403
    assert not User.objects.filter(username="cbxd").exists()


def test_officer_lists_only_own_unit_colleagues(login: Any, people: Any, province: Any) -> None:
    colleague = User.objects.create(
        username="dongnghiep", role="officer", unit=province.tc, full_name="Đồng Nghiệp Tài Chính"
    )
    html = login(people.donvi).get(reverse("accounts:user_list")).content.decode()
    assert colleague.full_name in html
    assert "Đỗ Người Ngoài" not in html
    assert "Nguyễn Thường Trực" not in html


def test_officer_cannot_open_another_units_user(login: Any, people: Any) -> None:
    client = login(people.donvi)
    assert client.get(reverse("accounts:user_detail", args=[people.ngoai.uuid])).status_code == 403
    assert client.get(reverse("accounts:user_detail", args=[people.donvi.uuid])).status_code == 200


def test_user_list_query_count(
    login: Any, people: Any, province: Any, django_assert_max_num_queries: Any
) -> None:
    for i in range(25):
        User.objects.create(username=f"u{i}", role="officer", unit=province.yt)
    client = login(people.lanhdao)
    with django_assert_max_num_queries(8):
        html = client.get(reverse("accounts:user_list")).content.decode()
    assert "u24" in html


def test_token_is_shown_once_and_stored_hashed(login: Any, people: Any) -> None:
    response = login(people.donvi).post(reverse("accounts:tokens"), {"name": "báo cáo tự động"})
    key = response.context["new_key"]
    assert key.startswith("cd_")
    token = ApiToken.objects.get(user=people.donvi)
    assert token.key_hash == ApiToken.hash_key(key)
    assert key not in token.key_hash
    assert key in response.content.decode()


def test_users_create_command(province: Any) -> None:
    out = io.StringIO()
    call_command(
        "users",
        "create",
        "bichngoc",
        "--role",
        "officer",
        "--unit",
        "so tai chinh",
        "--full-name",
        "Bích Ngọc",
        "--password",
        "mot-mat-khau-dai-2026",
        stdout=out,
    )
    user = User.objects.get(username="bichngoc")
    assert user.unit == province.tc
    assert "Đã tạo người dùng bichngoc" in out.getvalue()
    assert AuditEvent.objects.filter(action="user.create", via="cli").count() == 1


def test_users_create_command_refuses_an_ambiguous_unit(province: Any) -> None:
    with pytest.raises(CommandError, match="khớp nhiều đơn vị"):
        call_command(
            "users",
            "create",
            "x1",
            "--role",
            "officer",
            "--unit",
            "so",
            "--password",
            "mot-mat-khau-dai-2026",
        )
    assert not User.objects.filter(username="x1").exists()


def test_users_create_command_refuses_a_weak_password(province: Any) -> None:
    with pytest.raises(CommandError, match="password"):
        call_command("users", "create", "x2", "--role", "viewer", "--password", "123")
    assert not User.objects.filter(username="x2").exists()
