"""Browser tests: Chromium against the live server, as an official would use it."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_secretariat_logs_in_and_sees_the_frame(people: Any, sign_in: Any) -> None:
    page = sign_in("thuongtruc")
    assert page.url.endswith("/")
    nav = page.get_by_role("navigation", name="Điều hướng chính")
    for label in ["Tổng quan", "Đơn vị", "Người dùng", "Nhật ký"]:
        assert nav.get_by_role("link", name=label).is_visible()
    assert "Tỉnh Lạng Sơn" in page.content()


def test_wrong_password_is_told_in_vietnamese(people: Any, sign_in: Any) -> None:
    page = sign_in("thuongtruc", "sai-mat-khau")
    assert "/accounts/login/" in page.url
    assert page.get_by_text("Tên đăng nhập hoặc mật khẩu không đúng.").is_visible()


def test_search_a_unit_by_abbreviation_without_accents_and_open_it(
    people: Any, sign_in: Any
) -> None:
    page = sign_in("donvi")
    page.get_by_role("link", name="Đơn vị", exact=True).click()
    page.get_by_label("Tìm theo tên, tên viết tắt, tên gọi khác").fill("so tttt")
    result = page.locator("a.unit-result", has_text="Sở Thông tin và Truyền thông")
    result.wait_for()  # htmx swaps the results in as the user types
    assert page.locator("a.unit-result").count() == 1
    result.click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Sở Thông tin và Truyền thông").is_visible()
    assert "Sở Khoa học và Công nghệ" in page.content()
    assert "01/03/2025" in page.content()


def test_officer_is_refused_the_audit_log(people: Any, sign_in: Any) -> None:
    page = sign_in("donvi")
    nav = page.get_by_role("navigation", name="Điều hướng chính")
    assert nav.get_by_role("link", name="Nhật ký").count() == 0
    response = page.goto("/audit/")
    assert response is not None
    assert response.status == 403
    assert page.get_by_text("Bạn không có quyền thực hiện thao tác này.").is_visible()


def test_interface_switches_to_english(people: Any, sign_in: Any) -> None:
    page = sign_in("lanhdao")
    page.get_by_role("button", name="EN").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    nav = page.get_by_role("navigation", name="Main navigation")
    assert nav.get_by_role("link", name="Overview").is_visible()
    assert nav.get_by_role("link", name="Units").is_visible()
