"""`chidao demo` sets up the sample province and the demo accounts, and can run twice."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from chidao.accounts.models import User
from chidao.core.management.commands.demo import DEMO_PASSWORD
from chidao.units.models import Unit

pytestmark = pytest.mark.django_db


def test_demo_sets_up_province_and_accounts_idempotently(settings: Any) -> None:
    out = io.StringIO()
    call_command("demo", "--no-serve", "--port", "8765", stdout=out)
    text = out.getvalue()
    assert "http://127.0.0.1:8765" in text
    assert "Tỉnh Lạng Sơn" in text
    roles = dict(User.objects.values_list("username", "role"))
    assert roles == {
        "admin": "admin",
        "thuongtruc": "secretariat",
        "lanhdao": "leader",
        "donvi": "officer",
        "xa": "officer",
    }
    secretariat_unit = User.objects.get(username="thuongtruc").unit
    commune = User.objects.get(username="xa").unit
    assert secretariat_unit is not None
    assert secretariat_unit.name == "Sở Khoa học và Công nghệ"
    assert commune is not None
    assert commune.kind == "commune"
    units = Unit.objects.count()
    call_command("demo", "--no-serve", stdout=io.StringIO())
    assert Unit.objects.count() == units
    assert User.objects.count() == 5
    client = Client()
    client.post("/accounts/login/", {"username": "thuongtruc", "password": DEMO_PASSWORD})
    html = client.get("/units/", {"q": "so tttt", "as_of": "01/06/2024"}).content.decode()
    assert "Sở Thông tin và Truyền thông" in html
