"""The API's answers to strangers: docs behind a sign-in and served from our own origin,
JSON 404 for unknown addresses, 401 (not a CSRF 403) for anonymous writes."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client

from chidao.accounts import services
from chidao.units.models import Unit

pytestmark = pytest.mark.django_db

NOT_SIGNED_IN = {"detail": "Cần đăng nhập hoặc khoá API hợp lệ."}


def test_anonymous_visitor_is_sent_to_login_from_the_api_docs(people: Any) -> None:
    client = Client()
    response = client.get("/api/v1/docs")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/api/v1/docs")
    schema = client.get("/api/v1/openapi.json")
    assert schema.status_code == 401
    assert schema.json() == NOT_SIGNED_IN


def test_docs_load_swagger_ui_from_our_own_static_files(login: Any, people: Any) -> None:
    client = login(people.donvi)
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "cdn." not in html
    assert "//" not in "".join(re.findall(r'(?:src|href)="([^"]*)"', html))
    assert '<script src="/static/ninja/swagger-ui-bundle.js">' in html
    assert '<script src="/static/ninja/swagger-ui-init.js">' in html
    # No inline script: the settings travel as a JSON data block, which CSP allows.
    assert re.findall(r"<script>", html) == []
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert finders.find("ninja/swagger-ui-bundle.js")


def test_token_holder_reads_the_schema(client: Client, people: Any) -> None:
    _token, key = services.create_token(None, people.donvi, "script")
    schema = client.get("/api/v1/openapi.json", HTTP_AUTHORIZATION=f"Bearer {key}").json()
    assert "/api/v1/units" in schema["paths"]
    schema = client.get("/api/v1/openapi.json", HTTP_X_API_KEY=key).json()
    assert "/api/v1/units" in schema["paths"]


@pytest.mark.parametrize(
    "path", ["/api/v1/nothing-here", "/api/v1/units/not-a-uuid/x", "/api/v2/units", "/api/"]
)
def test_unknown_api_address_answers_json_404(client: Client, people: Any, path: str) -> None:
    for who in (None, people.donvi):
        if who is not None:
            client.force_login(who)
        response = client.get(path)
        assert response.status_code == 404
        assert response["Content-Type"] == "application/json"
        assert response.json() == {"detail": "Không có địa chỉ API này."}


def test_anonymous_writes_answer_401_not_csrf_403(province: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    created = client.post(
        "/api/v1/units", {"name": "Sở X", "kind": "department"}, content_type="application/json"
    )
    assert created.status_code == 401
    assert created.json() == NOT_SIGNED_IN
    changed = client.patch(
        f"/api/v1/units/{province.tc.uuid}", {"name": "Sở Y"}, content_type="application/json"
    )
    assert changed.status_code == 401
    assert changed.json() == NOT_SIGNED_IN
    submitted = client.post(
        "/api/v1/reporting/submissions/00000000-0000-0000-0000-000000000000/submit"
    )
    assert submitted.status_code == 401
    assert submitted.json() == NOT_SIGNED_IN
    assert not Unit.objects.filter(name__in=["Sở X", "Sở Y"]).exists()
    province.tc.refresh_from_db()
    assert province.tc.name == "Sở Tài chính"


def test_signed_in_write_without_csrf_token_is_still_refused(people: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(people.thuongtruc)
    response = client.post(
        "/api/v1/units", {"name": "Sở X", "kind": "department"}, content_type="application/json"
    )
    assert response.status_code == 403
    assert not Unit.objects.filter(name="Sở X").exists()


def test_swagger_ui_licence_travels_with_our_vendored_assets() -> None:
    """The Apache licence of the swagger-ui we serve, with its version, sits among our
    vendored assets' licences."""
    found = finders.find("ninja/swagger-ui-bundle.js")
    assert isinstance(found, str)
    bundle = Path(found).read_text()
    version = re.search(r'PACKAGE_VERSION:"([^"]+)"', bundle)
    assert version is not None
    vendor = Path(settings.BASE_DIR) / "static" / "vendor"
    licence = (vendor / "swagger-ui" / "LICENSE").read_text()
    assert licence.startswith(f"Swagger UI {version[1]} ")
    assert "Apache License" in licence
    assert (
        f"| `swagger-ui-dist` | {version[1]} | Apache-2.0 |" in (vendor / "VERSIONS.md").read_text()
    )


def test_method_no_endpoint_accepts_answers_json_405(client: Client, province: Any) -> None:
    """The API offers no DELETE: anonymous or not, the answer says so in JSON."""
    for who in (None, "signed in"):
        if who:
            client.force_login(_user(province))
        response = client.delete(f"/api/v1/units/{province.tc.uuid}")
        assert response.status_code == 405
        assert response.json() == {"detail": "Địa chỉ này không nhận phương thức DELETE."}
        assert set(response["Allow"].split(", ")) == {"GET", "PATCH"}
    assert Unit.objects.filter(pk=province.tc.pk).exists()


def _user(province: Any) -> Any:
    from chidao.accounts.models import User

    return User.objects.create(username="kiemtra", role="secretariat", unit=province.khcn)
