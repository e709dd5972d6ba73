"""Browser: an officer fills the Excel template of their unit's figures and uploads it; a
broken file is refused row by row with nothing saved."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from chidao.indicators.models import IndicatorValue
from chidao.indicators.tests.conftest import fill

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _stored(unit: Any) -> dict[str, Decimal]:
    return {
        v.indicator.code: v.value
        for v in IndicatorValue.objects.filter(unit=unit, period_code="2024Q3").select_related(
            "indicator"
        )
    }


def test_officer_imports_the_filled_template_and_a_broken_file_is_refused(
    catalogue: Any, people: Any, province: Any, sign_in: Any, tmp_path: Path
) -> None:
    page = sign_in("donvi")
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role(
        "link", name="Chỉ số"
    ).click()
    page.get_by_role("link", name="Nhập số liệu").click()
    page.get_by_label("Kỳ báo cáo").fill("2024Q3")
    page.get_by_label("Nhóm chỉ số").select_option("Chính quyền số")
    page.get_by_role("button", name="Xem").click()
    page.wait_for_load_state()
    assert "Số liệu chỉ số Quý III/2024" in page.locator("h1").inner_text()
    assert page.locator(".page-pretitle").text_content().strip() == "Sở Tài chính"

    with page.expect_download() as info:
        page.locator("#download-template").click()
    download = info.value
    assert download.suggested_filename == "so-lieu-so-tai-chinh-2024Q3.xlsx"
    template = tmp_path / "mau.xlsx"
    download.save_as(template)

    filled = tmp_path / "da-dien.xlsx"
    filled.write_bytes(fill(template.read_bytes(), {"CB-TONG": 50, "CB-APP": 45, "HS-DT": 72.5}))
    page.get_by_label("Tệp Excel đã điền").set_input_files(str(filled))
    page.get_by_role("button", name="Nhập từ tệp Excel").click()
    page.get_by_text("Đã nhập tệp da-dien.xlsx: 3 số liệu mới").wait_for()
    assert page.locator("#id_v-CB-TONG").input_value() == "50"
    assert page.locator("#id_v-HS-DT").input_value() == "72,5"
    # The ratio is derived from the two figures: 45 / 50 × 100.
    assert page.locator('tr[data-code="CB-TL"] .computed-value').inner_text() == "90%"
    assert _stored(province.tc) == {
        "CB-TONG": Decimal(50),
        "CB-APP": Decimal(45),
        "HS-DT": Decimal("72.5"),
    }

    # A percentage above 100 and text in a number cell: every bad row listed.
    broken = tmp_path / "sai-so.xlsx"
    broken.write_bytes(
        fill(template.read_bytes(), {"CB-TONG": 40, "CB-APP": "bốn lăm", "HS-DT": 130})
    )
    page.get_by_label("Tệp Excel đã điền").set_input_files(str(broken))
    page.get_by_role("button", name="Nhập từ tệp Excel").click()
    errors = page.locator("#import-errors")
    errors.wait_for()
    text = errors.inner_text()
    assert "Chưa lưu số liệu nào." in text
    assert "HS-DT: tỷ lệ 130% vượt quá 100%." in text
    assert "“bốn lăm” không phải là số." in text
    assert all(e.startswith("Dòng ") for e in errors.locator(".import-error").all_inner_texts())

    # An extra column: the header row is refused, naming the column.
    extra = tmp_path / "cot-thua.xlsx"
    extra.write_bytes(fill(template.read_bytes(), {"CB-TONG": 55}, I6="Cột thêm"))
    page.get_by_label("Tệp Excel đã điền").set_input_files(str(extra))
    page.get_by_role("button", name="Nhập từ tệp Excel").click()
    page.locator("#import-errors").get_by_text("có cột không thuộc biểu mẫu: “Cột thêm”").wait_for()

    # Nothing from either broken file was saved.
    assert _stored(province.tc) == {
        "CB-TONG": Decimal(50),
        "CB-APP": Decimal(45),
        "HS-DT": Decimal("72.5"),
    }
