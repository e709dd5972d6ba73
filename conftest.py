"""Shared fixtures: a small province and the people of every role.

The personas are the same in every test so test names can speak of them:
an admin (quantri), the secretariat officer (thuongtruc, Sở KH&CN), a leader (lanhdao),
a department officer (donvi, Sở Tài chính), a commune officer (xa), a read-only viewer
(xem), and an outsider (ngoai) — an officer of another department.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from typing import Any

import pytest

os.environ.setdefault("CHIDAO_DATA_DIR", tempfile.mkdtemp(prefix="chidao-test-"))
# Browser tests run the live server in a thread next to the test's database connection.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PASSWORD = "mat-khau-thu-nghiem-1"  # noqa: S105  # test accounts only


@pytest.fixture(autouse=True)
def _fast_settings(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.SECURE_HTTPS = False
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.SECURE_SSL_REDIRECT = False
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # djhuey builds its Huey once at import: switch that instance to run tasks inline.
    from huey.contrib.djhuey import HUEY

    HUEY.immediate = True


@pytest.fixture
def province(db: Any) -> Any:
    """Lạng Sơn with a few departments (Sở TT&TT merged into Sở KH&CN on 1/3/2025), a
    district abolished on 1/7/2025 and a commune of each period; installed as this
    installation's province."""
    from chidao.units.models import Installation, Succession, Unit

    ls = Unit.objects.create(
        kind="province", code="20", name="Tỉnh Lạng Sơn", short_name="Lạng Sơn"
    )
    Installation.objects.create(province=ls)
    cutoff = dt.date(2025, 2, 28)
    tttt = Unit.objects.create(
        kind="department",
        parent=ls,
        province=ls,
        name="Sở Thông tin và Truyền thông",
        abbreviations=["Sở TT&TT", "STTTT"],
        catalogue_key="so-tttt",
        valid_to=cutoff,
    )
    khcn = Unit.objects.create(
        kind="department",
        parent=ls,
        province=ls,
        name="Sở Khoa học và Công nghệ",
        abbreviations=["Sở KH&CN"],
        catalogue_key="so-khcn",
    )
    tc = Unit.objects.create(
        kind="department",
        parent=ls,
        province=ls,
        name="Sở Tài chính",
        abbreviations=["STC"],
        catalogue_key="so-tc",
    )
    yt = Unit.objects.create(
        kind="department", parent=ls, province=ls, name="Sở Y tế", catalogue_key="so-yt"
    )
    Succession.objects.create(
        kind="merge",
        date=dt.date(2025, 3, 1),
        predecessor=tttt,
        successor=khcn,
        source_document="Nghị định 45/2025/NĐ-CP",
    )
    district = Unit.objects.create(
        kind="district",
        parent=ls,
        province=ls,
        code="178",
        name="Huyện Cao Lộc",
        valid_to=dt.date(2025, 6, 30),
    )
    old_commune = Unit.objects.create(
        kind="commune",
        parent=district,
        province=ls,
        code="06100",
        name="Thị trấn Cao Lộc",
        valid_to=dt.date(2025, 6, 30),
    )
    commune = Unit.objects.create(
        kind="commune",
        parent=ls,
        province=ls,
        code="06103",
        name="Xã Cao Lộc",
        valid_from=dt.date(2025, 7, 1),
    )
    Succession.objects.create(
        kind="merge", date=dt.date(2025, 7, 1), predecessor=old_commune, successor=commune
    )
    return type(
        "Province",
        (),
        {
            "unit": ls,
            "tttt": tttt,
            "khcn": khcn,
            "tc": tc,
            "yt": yt,
            "district": district,
            "old_commune": old_commune,
            "commune": commune,
        },
    )


def _make_user(username: str, role: str, unit: Any, full_name: str) -> Any:
    from chidao.accounts.models import User

    user = User(
        username=username, role=role, unit=unit, full_name=full_name, email=f"{username}@example.vn"
    )
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture
def people(province: Any) -> Any:
    """One user of each role; attributes named after the demo accounts."""
    return type(
        "People",
        (),
        {
            "admin": _make_user("quantri", "admin", None, "Quản Trị Viên"),
            "thuongtruc": _make_user(
                "thuongtruc", "secretariat", province.khcn, "Nguyễn Thường Trực"
            ),
            "lanhdao": _make_user("lanhdao", "leader", province.unit, "Trần Lãnh Đạo"),
            "donvi": _make_user("donvi", "officer", province.tc, "Lê Đơn Vị"),
            "xa": _make_user("xa", "officer", province.commune, "Phạm Cán Bộ Xã"),
            "xem": _make_user("xem", "viewer", province.unit, "Võ Người Xem"),
            "ngoai": _make_user("ngoai", "officer", province.yt, "Đỗ Người Ngoài"),
        },
    )


@pytest.fixture
def login(client: Any) -> Any:
    """login(user) signs the test client in as `user` and returns the client."""

    def _login(user: Any) -> Any:
        client.force_login(user)
        return client

    return _login


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser() -> Any:
    """Debian's Chromium driven by Playwright (never a downloaded browser)."""
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium package")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any, live_server: Any) -> Any:
    context = browser.new_context(base_url=live_server.url, locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def sign_in(page: Any) -> Any:
    """sign_in(username) logs in through the login form and returns the page."""

    def _sign_in(username: str, password: str = PASSWORD) -> Any:
        page.goto("/accounts/login/")
        page.get_by_label("Tên đăng nhập").fill(username)
        page.get_by_label("Mật khẩu").fill(password)
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_load_state()
        return page

    return _sign_in


@pytest.fixture
def open_as(browser: Any, live_server: Any) -> Any:
    """open_as(username): a fresh browser session signed in through the login form, for
    stories where several people act in turn (downloads accepted)."""
    contexts: list[Any] = []

    def _open(username: str) -> Any:
        context = browser.new_context(
            base_url=live_server.url, locale="vi-VN", accept_downloads=True
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.goto("/accounts/login/")
        page.get_by_label("Tên đăng nhập").fill(username)
        page.get_by_label("Mật khẩu").fill(PASSWORD)
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_url("**/")
        return page

    yield _open
    for context in contexts:
        context.close()


def nav(page: Any, label: str) -> None:
    """Follow a link of the main navigation."""
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role(
        "link", name=label, exact=True
    ).click()
    page.wait_for_load_state()


def message(page: Any, text: str) -> None:
    """Wait for a flash message (after a full page load or an htmx swap)."""
    page.locator("#messages").get_by_text(text).wait_for()
