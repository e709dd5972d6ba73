"""Signing in and out, throttling, password change."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from chidao.core.models import AuditEvent
from conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_anonymous_visitor_is_sent_to_login(client: Any) -> None:
    response = client.get("/units/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/units/")


def test_login_shows_the_frame_with_vietnamese_navigation(client: Any, people: Any) -> None:
    response = client.post(
        reverse("accounts:login"), {"username": "thuongtruc", "password": PASSWORD}, follow=True
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Tổng quan" in html
    assert "Danh bạ" not in html or "Đơn vị" in html
    assert "Nhật ký" in html  # the secretariat reads the audit log
    assert "Nguyễn Thường Trực" in html
    assert "Tỉnh Lạng Sơn" in html


def test_wrong_password_gets_a_vietnamese_message(client: Any, people: Any) -> None:
    response = client.post(reverse("accounts:login"), {"username": "thuongtruc", "password": "sai"})
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_repeated_failures_lock_the_account_out(client: Any, people: Any, settings: Any) -> None:
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        client.post(reverse("accounts:login"), {"username": "donvi", "password": "sai"})
    response = client.post(reverse("accounts:login"), {"username": "donvi", "password": PASSWORD})
    assert response.status_code == 429
    assert "tạm khoá đăng nhập" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_logout_needs_post_and_ends_the_session(login: Any, people: Any) -> None:
    client = login(people.donvi)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_password_change_is_audited(login: Any, people: Any) -> None:
    client = login(people.donvi)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "mot-mat-khau-moi-2026",
            "new_password2": "mot-mat-khau-moi-2026",
        },
    )
    assert response.status_code == 302
    people.donvi.refresh_from_db()
    assert people.donvi.check_password("mot-mat-khau-moi-2026")
    assert AuditEvent.objects.filter(action="user.password", actor=people.donvi).exists()


def test_production_hashes_passwords_with_argon2() -> None:
    from chidao import settings as production

    assert production.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
