"""The JSON API: authentication, permissions, error bodies, pagination, OpenAPI."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from chidao.accounts import services
from chidao.core.models import AuditEvent
from chidao.units.models import Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def bearer(people: Any) -> Any:
    def _bearer(user: Any) -> dict[str, str]:
        _token, key = services.create_token(None, user, "test")
        return {"HTTP_AUTHORIZATION": f"Bearer {key}"}

    return _bearer


def test_api_without_credentials_answers_401_in_json(client: Client, people: Any) -> None:
    response = client.get("/api/v1/units")
    assert response.status_code == 401
    assert response.json() == {"detail": "Cần đăng nhập hoặc khoá API hợp lệ."}


def test_revoked_token_is_refused(client: Client, people: Any) -> None:
    token, key = services.create_token(None, people.donvi, "cũ")
    services.revoke_token(None, token)
    response = client.get("/api/v1/users/me", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 401


def test_token_authenticates_as_its_user(client: Client, people: Any, bearer: Any) -> None:
    body = client.get("/api/v1/users/me", **bearer(people.donvi)).json()
    assert body["username"] == "donvi"
    assert body["unit"]["name"] == "Sở Tài chính"


def test_units_are_paginated_and_searchable_without_accents(
    client: Client, people: Any, bearer: Any, django_assert_max_num_queries: Any
) -> None:
    headers = bearer(people.donvi)
    with django_assert_max_num_queries(6):
        body = client.get("/api/v1/units", {"q": "so tttt", "page_size": "1"}, **headers).json()
    assert body["count"] == 1
    assert body["items"][0]["name"] == "Sở Thông tin và Truyền thông"
    body = client.get("/api/v1/units", {"kind": "department", "page_size": "2"}, **headers).json()
    assert body["count"] == 3  # KH&CN, Tài chính, Y tế today
    assert body["pages"] == 2
    assert len(body["items"]) == 2
    past = client.get("/api/v1/units", {"kind": "department", "as_of": "2024-06-01"}, **headers)
    assert "Sở Thông tin và Truyền thông" in [u["name"] for u in past.json()["items"]]


def test_unit_detail_lists_its_successors(
    client: Client, province: Any, people: Any, bearer: Any
) -> None:
    body = client.get(f"/api/v1/units/{province.tttt.uuid}", **bearer(people.donvi)).json()
    assert body["successors"][0]["successor"]["name"] == "Sở Khoa học và Công nghệ"
    assert body["successors"][0]["date"] == "2025-03-01"


def test_bad_filter_gets_a_message(client: Client, people: Any, bearer: Any) -> None:
    response = client.get("/api/v1/units", {"kind": "planet"}, **bearer(people.donvi))
    assert response.status_code == 422
    assert response.json()["errors"]["kind"] == ["Loại đơn vị không hợp lệ: planet"]
    response = client.get("/api/v1/units", {"as_of": "2024-02-31"}, **bearer(people.donvi))
    assert response.status_code == 422
    assert "as_of" in response.json()["errors"]


def test_officer_cannot_create_units_through_the_api(
    client: Client, people: Any, bearer: Any
) -> None:
    response = client.post(
        "/api/v1/units",
        {"name": "Sở Mới", "kind": "department"},
        content_type="application/json",
        **bearer(people.donvi),
    )
    assert response.status_code == 403
    assert response.json()["detail"] == "Bạn không có quyền thực hiện thao tác này."
    assert not Unit.objects.filter(name="Sở Mới").exists()


def test_secretariat_creates_and_edits_a_unit_through_the_api(
    client: Client, people: Any, bearer: Any, province: Any
) -> None:
    headers = bearer(people.thuongtruc)
    response = client.post(
        "/api/v1/units",
        {"name": "Sở Dân tộc và Tôn giáo", "kind": "department", "abbreviations": ["Sở DT&TG"]},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 201
    unit = Unit.objects.get(name="Sở Dân tộc và Tôn giáo")
    assert unit.parent == province.unit
    response = client.patch(
        f"/api/v1/units/{unit.uuid}",
        {"valid_to": "2024-01-01", "valid_from": "2025-03-01"},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 422
    assert response.json()["detail"] == "Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực."
    unit.refresh_from_db()
    assert unit.valid_to is None
    assert AuditEvent.objects.filter(action="unit.create", via="api").count() == 1
    assert not AuditEvent.objects.filter(action="unit.update").exists()


def test_officer_sees_only_own_unit_users(client: Client, people: Any, bearer: Any) -> None:
    body = client.get("/api/v1/users", **bearer(people.donvi)).json()
    assert [u["username"] for u in body["items"]] == ["donvi"]
    response = client.get(f"/api/v1/users/{people.ngoai.uuid}", **bearer(people.donvi))
    assert response.status_code == 403


def test_only_admin_creates_users_through_the_api(
    client: Client, people: Any, bearer: Any, province: Any
) -> None:
    payload = {
        "username": "moi",
        "role": "officer",
        "unit": str(province.yt.uuid),
        "password": "mot-mat-khau-dai-2026",
        "full_name": "Người Mới",
    }
    refused = client.post(
        "/api/v1/users", payload, content_type="application/json", **bearer(people.thuongtruc)
    )
    assert refused.status_code == 403
    created = client.post(
        "/api/v1/users", payload, content_type="application/json", **bearer(people.admin)
    )
    assert created.status_code == 201
    assert created.json()["unit"]["name"] == "Sở Y tế"


def test_session_auth_needs_csrf_for_writes(people: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(people.thuongtruc)
    assert client.get("/api/v1/users/me").status_code == 200
    response = client.post(
        "/api/v1/units", {"name": "Sở X", "kind": "department"}, content_type="application/json"
    )
    assert response.status_code in {401, 403}
    assert not Unit.objects.filter(name="Sở X").exists()


def test_openapi_schema_is_published(login: Any, people: Any) -> None:
    client = login(people.donvi)  # the docs need a sign-in: test_api_security.py
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/units" in schema["paths"]
    assert client.get("/api/docs").status_code in {200, 301, 302}
