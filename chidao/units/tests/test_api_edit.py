"""Editing units through the API: a field may be left out, set, or (only the dates) emptied
with null; a null where the unit needs a value, or a text longer than its column, is
refused with 422 naming the field, and nothing is written."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from chidao.accounts import services
from chidao.core.models import AuditEvent
from chidao.units.models import Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def secretariat(people: Any) -> dict[str, str]:
    _token, key = services.create_token(None, people.thuongtruc, "test")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def _patch(client: Client, unit: Unit, body: dict[str, Any], headers: Any) -> Any:
    return client.patch(
        f"/api/v1/units/{unit.uuid}", body, content_type="application/json", **headers
    )


@pytest.mark.parametrize(
    "field", ["name", "short_name", "abbreviations", "aliases", "code", "source"]
)
def test_null_for_a_field_that_needs_a_value_is_refused_and_writes_nothing(
    client: Client, province: Any, secretariat: Any, field: str
) -> None:
    unit = province.tc
    response = _patch(client, unit, {"short_name": "STC mới", field: None}, secretariat)

    assert response.status_code == 422
    assert response.json()["detail"] == "Dữ liệu gửi lên không hợp lệ."
    assert field in response.json()["errors"]
    unit.refresh_from_db()
    assert (unit.name, unit.short_name, unit.abbreviations, unit.aliases) == (
        "Sở Tài chính",
        "",
        ["STC"],
        [],
    )
    assert not AuditEvent.objects.filter(action="unit.update").exists()


def test_a_field_left_out_keeps_its_value_and_null_empties_a_date(
    client: Client, province: Any, secretariat: Any
) -> None:
    unit = province.commune  # valid from 01/07/2025
    response = _patch(client, unit, {"valid_from": None, "aliases": ["Cao Lộc"]}, secretariat)

    assert response.status_code == 200
    assert response.json()["valid_from"] is None
    unit.refresh_from_db()
    assert unit.valid_from is None
    assert unit.aliases == ["Cao Lộc"]
    assert unit.name == "Xã Cao Lộc"
    assert unit.code == "06103"
    event = AuditEvent.objects.get(action="unit.update")
    assert event.before == {"valid_from": "2025-07-01", "aliases": []}
    assert event.after == {"valid_from": None, "aliases": ["Cao Lộc"]}


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("short_name", "x" * 121),
        ("code", "1" * 17),
        ("source", "x" * 256),
        ("name", "x" * 256),
        ("aliases", ["x" * 256]),
        ("aliases", [""]),
        ("abbreviations", [f"T{i}" for i in range(51)]),
    ],
)
def test_a_value_beyond_the_columns_limits_is_refused(
    client: Client, province: Any, secretariat: Any, field: str, value: Any
) -> None:
    edited = _patch(client, province.tc, {field: value}, secretariat)
    created = client.post(
        "/api/v1/units",
        {"name": "Sở Dân tộc và Tôn giáo", "kind": "department", field: value},
        content_type="application/json",
        **secretariat,
    )

    assert (edited.status_code, created.status_code) == (422, 422)
    assert [k.split(".")[0] for k in edited.json()["errors"]] == [field]
    assert [k.split(".")[0] for k in created.json()["errors"]] == [field]
    province.tc.refresh_from_db()
    assert province.tc.short_name == ""
    assert not Unit.objects.filter(name="Sở Dân tộc và Tôn giáo").exists()


def test_the_document_says_what_a_patch_accepts(client: Client, people: Any) -> None:
    client.force_login(people.thuongtruc)
    schemas = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    patch = schemas["UnitPatch"]["properties"]

    assert patch["short_name"] == {"maxLength": 120, "title": "Short Name", "type": "string"}
    assert patch["aliases"]["type"] == "array"
    assert {"type": "null"} in patch["valid_to"]["anyOf"]
    assert "default" not in patch["name"]
    assert "required" not in schemas["UnitPatch"]
    assert "commune" in schemas["UnitIn"]["properties"]["kind"]["enum"]


def test_an_unknown_kind_gets_its_own_message(
    client: Client, people: Any, secretariat: Any
) -> None:
    response = client.post(
        "/api/v1/units",
        {"name": "Sở Mới", "kind": "planet", "valid_from": dt.date(2025, 1, 1).isoformat()},
        content_type="application/json",
        **secretariat,
    )
    assert response.status_code == 422
    assert response.json()["errors"]["kind"] == ["Loại đơn vị không hợp lệ: planet"]
