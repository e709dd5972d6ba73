"""Requests the schema fuzzing (test_schemathesis.py) found answering 500, each pinned here
with the answer it gets now."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.test import Client

from chidao.accounts import services
from chidao.units.models import Unit

pytestmark = pytest.mark.django_db

NUL_MESSAGE = "Không được chứa ký tự NUL (\\x00)."


@pytest.fixture
def headers(people: Any) -> Any:
    _token, key = services.create_token(None, people.thuongtruc, "test")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_a_year_no_date_can_have_is_refused(client: Client, headers: Any) -> None:
    response = client.get("/api/v1/documents", {"year": "-2168744"}, **headers)

    assert response.status_code == 422
    assert "year" in response.json()["errors"]
    assert client.get("/api/v1/documents", {"year": "2024"}, **headers).status_code == 200


def test_nul_in_a_body_is_refused_and_writes_nothing(
    client: Client, province: Any, headers: Any
) -> None:
    # ninja answers 400 for any body its parser refuses (it wraps the parser's error).
    response = client.patch(
        f"/api/v1/units/{province.tc.uuid}",
        {"short_name": "STC", "aliases": ["Sở\x00TC"]},
        content_type="application/json",
        **headers,
    )

    assert response.status_code == 400
    assert "detail" in response.json()
    province.tc.refresh_from_db()
    assert (province.tc.short_name, province.tc.aliases) == ("", [])


def test_nul_in_a_query_is_refused(client: Client, headers: Any) -> None:
    response = client.get("/api/v1/units", {"q": "s\x00"}, **headers)

    assert response.status_code == 422
    assert response.json()["errors"] == {"q": [NUL_MESSAGE]}


@pytest.mark.parametrize(
    "path", ["/api/v1/indicators/a%00b", "/api/v1/units/groups/a%00b", "/api/v1/indicators/a b"]
)
def test_a_code_that_is_no_slug_names_nothing(client: Client, headers: Any, path: str) -> None:
    response = client.get(path, **headers)

    assert response.status_code == 404
    assert "detail" in response.json()
    assert Unit.objects.exists()  # the request reached the API with the province in place


@pytest.mark.parametrize(
    ("path", "field", "length"),
    [
        ("/api/v1/users", "position", 151),
        ("/api/v1/users", "phone", 33),
        ("/api/v1/users", "email", 255),
        ("/api/v1/reporting/regimes", "due_text", 256),
    ],
)
def test_a_text_longer_than_its_column_is_refused_on_every_database(
    client: Client, headers: Any, path: str, field: str, length: int
) -> None:
    # SQLite would store it; PostgreSQL fails the insert (a 500 before the limits).
    response = client.post(path, {field: "x" * length}, content_type="application/json", **headers)

    assert response.status_code == 422
    assert field in response.json()["errors"]


def test_a_quantity_beyond_its_column_is_refused(client: Client, headers: Any) -> None:
    response = client.post(
        f"/api/v1/tasks/assignments/{uuid.uuid4()}/progress",
        {"percent": "50", "version": "1", "quantity": str(2**63)},
        **headers,
    )

    assert response.status_code == 422
    assert "form.quantity" in response.json()["errors"]
