"""Paginated endpoints: `page` and `page_size` within the documented bounds, a page beyond
the last answers 404 in JSON naming the last page, and an empty list is one empty page."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from chidao.accounts import services
from chidao.api.pagination import PAGE_MAX

pytestmark = pytest.mark.django_db

PAGINATED = [
    "/api/v1/units",
    "/api/v1/users",
    "/api/v1/documents",
    "/api/v1/tasks",
    "/api/v1/indicators",
    "/api/v1/indicators/targets",
    "/api/v1/indicators/values",
    "/api/v1/reporting/submissions",
]


@pytest.fixture
def headers(people: Any) -> dict[str, str]:
    _token, key = services.create_token(None, people.thuongtruc, "test")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


@pytest.mark.parametrize("path", PAGINATED)
def test_a_huge_page_number_is_refused_in_json(client: Client, headers: Any, path: str) -> None:
    response = client.get(path, {"page": str(10**18)}, **headers)

    assert response.status_code == 422
    assert response.json()["detail"] == "Dữ liệu gửi lên không hợp lệ."
    assert "page" in response.json()["errors"]


@pytest.mark.parametrize("path", PAGINATED)
def test_a_page_beyond_the_last_answers_404_naming_the_last(
    client: Client, headers: Any, path: str
) -> None:
    first = client.get(path, **headers).json()
    response = client.get(path, {"page": str(first["pages"] + 1)}, **headers)

    assert response.status_code == 404
    pages = first["pages"]
    assert response.json() == {
        "detail": f"Không có trang {pages + 1}: danh sách chỉ có {pages} trang."
    }


def test_an_empty_list_is_one_empty_page(client: Client, headers: Any) -> None:
    body = client.get("/api/v1/documents", **headers).json()

    assert body == {"items": [], "count": 0, "page": 1, "pages": 1}


def test_the_last_page_holds_the_rest(client: Client, headers: Any) -> None:
    # Lạng Sơn, its departments, the district and the communes of today: 6 units.
    first = client.get("/api/v1/units", {"page_size": "4"}, **headers).json()
    last = client.get("/api/v1/units", {"page_size": "4", "page": "2"}, **headers).json()

    assert (first["count"], first["pages"], len(first["items"])) == (
        last["count"],
        2,
        4,
    )
    assert len(last["items"]) == first["count"] - 4
    assert {u["uuid"] for u in first["items"]}.isdisjoint(u["uuid"] for u in last["items"])


def test_the_bounds_are_in_the_document(client: Client, people: Any) -> None:
    client.force_login(people.thuongtruc)
    schema = client.get("/api/v1/openapi.json").json()
    for path in PAGINATED:
        params = {p["name"]: p["schema"] for p in schema["paths"][path]["get"]["parameters"]}
        assert (params["page"]["minimum"], params["page"]["maximum"]) == (1, PAGE_MAX), path
        assert (params["page_size"]["minimum"], params["page_size"]["maximum"]) == (0, 500), path
