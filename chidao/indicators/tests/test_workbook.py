"""The xlsx template a unit downloads, fills and uploads: round trip and every bad input
the issue names (a row-by-row list of errors, nothing imported)."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from openpyxl import load_workbook

from chidao.core.periods import Period
from chidao.indicators import workbook
from chidao.indicators.choices import ValueSource
from chidao.indicators.models import IndicatorValue, ValueRevision
from chidao.indicators.services import ValueErrors
from chidao.indicators.tests.conftest import Q3, counts, fill, store

pytestmark = pytest.mark.django_db

HEADER_ROW = 6  # four lines of title block, a blank line, then the header


@pytest.fixture
def chosen(catalogue: dict[str, Any]) -> list[Any]:
    """A quarter's form: online applications (a ratio), signed documents (a percentage)."""
    return [catalogue["DVC-TL-TT"], catalogue["HS-DT"]]


def sheet_of(data: bytes) -> Any:
    return load_workbook(io.BytesIO(data))["Số liệu"]


def errors_of(exc: pytest.ExceptionInfo[ValueErrors]) -> list[tuple[int | None, str]]:
    return [(r.line, r.message) for r in exc.value.rows]


def test_reported_terms_replace_computed_indicators_by_their_terms(
    catalogue: dict[str, Any],
) -> None:
    terms = workbook.reported_terms(
        [
            catalogue["DVC-TL-TT"],
            catalogue["DVC-HS-TONG"],
            catalogue["HS-DT"],
            catalogue["DTI-TONG"],
        ]
    )
    assert [t.code for t in terms] == [
        "DVC-HS-TT",
        "DVC-HS-TONG",
        "HS-DT",
        "DTI-NT",
        "DTI-TC",
        "DTI-HT",
        "DTI-DL",
        "DTI-ATTT",
        "DTI-NL",
        "DTI-CQS",
        "DTI-KTS",
        "DTI-XHS",
    ]


def test_template_has_title_block_header_and_prefilled_rows(
    province: Any, catalogue: dict[str, Any], chosen: list[Any]
) -> None:
    store(catalogue["DVC-HS-TONG"], province.tc, Q3, 1200)
    data = workbook.template(province.tc, Q3, chosen, title="Báo cáo quý III/2024")
    sheet = sheet_of(data)
    assert sheet["A1"].value == "Báo cáo quý III/2024"
    assert sheet["A2"].value == "Đơn vị báo cáo: Sở Tài chính (mã so-tc)"
    assert sheet["A3"].value == "Kỳ báo cáo: Quý III/2024 (mã kỳ 2024Q3)"
    assert "chỉ nhập vào cột “Giá trị”" in sheet["A4"].value
    assert [c.value for c in sheet[HEADER_ROW]] == list(workbook.COLUMNS)
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=HEADER_ROW + 1)]
    assert rows == [
        [
            "DVC-HS-TT",
            "Số hồ sơ tiếp nhận trực tuyến",
            "hồ sơ",
            "so-tc",
            "Sở Tài chính",
            "2024Q3",
            None,
            None,
        ],
        [
            "DVC-HS-TONG",
            "Tổng số hồ sơ thủ tục hành chính tiếp nhận",
            "hồ sơ",
            "so-tc",
            "Sở Tài chính",
            "2024Q3",
            1200,
            None,
        ],
        [
            "HS-DT",
            "Tỷ lệ văn bản đi được ký số",
            "%",
            "so-tc",
            "Sở Tài chính",
            "2024Q3",
            None,
            None,
        ],
    ]
    # Only “Giá trị” and “Ghi chú” may be edited.
    assert sheet.protection.sheet
    assert sheet["A7"].protection.locked
    assert not sheet["G7"].protection.locked
    assert not sheet["H7"].protection.locked
    guide = load_workbook(io.BytesIO(data))["Danh mục chỉ số"]
    assert guide["A2"].value == "DVC-HS-TT"
    assert "nộp trực tuyến" in guide["D2"].value


def test_round_trip_stores_values_and_corrections_need_a_reason(
    province: Any, people: Any, catalogue: dict[str, Any], chosen: list[Any]
) -> None:
    data = workbook.template(province.tc, Q3, chosen)
    filled = fill(data, {"DVC-HS-TT": 870, "DVC-HS-TONG": "1.234", "HS-DT": "92,5"})
    result = workbook.import_values(
        people.donvi, filled, unit=province.tc, period=Q3, indicators=chosen
    )
    assert (result.created, result.updated) == (3, 0)
    stored = {
        v.indicator.code: v
        for v in IndicatorValue.objects.filter(unit=province.tc).select_related("indicator")
    }
    assert {c: v.value for c, v in stored.items()} == {
        "DVC-HS-TT": Decimal(870),
        "DVC-HS-TONG": Decimal(1234),
        "HS-DT": Decimal("92.5"),
    }
    assert {v.source for v in stored.values()} == {ValueSource.WORKBOOK}
    assert {v.period_code for v in stored.values()} == {"2024Q3"}
    assert stored["HS-DT"].reported_by == people.donvi
    assert ValueRevision.objects.count() == 3

    # The next template shows what is stored; changing it without a reason is refused.
    again = workbook.template(province.tc, Q3, chosen)
    assert [c.value for c in sheet_of(again)["G"]][HEADER_ROW:] == [870, 1234, 92.5]
    corrected = fill(again, {"DVC-HS-TT": 900})
    with pytest.raises(ValueErrors) as exc:
        workbook.import_values(
            people.donvi, corrected, unit=province.tc, period=Q3, indicators=chosen
        )
    assert errors_of(exc) == [
        (
            7,
            "DVC-HS-TT của Sở Tài chính kỳ Quý III/2024 đã có số liệu 870; muốn sửa thành 900 "
            "cần ghi lý do điều chỉnh.",
        )
    ]
    assert IndicatorValue.objects.get(indicator__code="DVC-HS-TT").value == 870
    assert ValueRevision.objects.count() == 3

    result = workbook.import_values(
        people.donvi,
        corrected,
        unit=province.tc,
        period=Q3,
        indicators=chosen,
        reason="Cập nhật số liệu từ Hệ thống thông tin giải quyết TTHC",
    )
    assert (result.created, result.updated, result.unchanged) == (0, 1, 2)
    row = IndicatorValue.objects.get(indicator__code="DVC-HS-TT")
    assert (row.value, row.version) == (900, 2)
    history = list(row.revisions.order_by("id").values_list("previous", "value", "reason"))
    assert history == [
        (None, Decimal(870), ""),
        (Decimal(870), Decimal(900), "Cập nhật số liệu từ Hệ thống thông tin giải quyết TTHC"),
    ]


def test_numbers_as_people_type_them(
    province: Any, catalogue: dict[str, Any], chosen: list[Any]
) -> None:
    data = workbook.template(province.tc, Q3, chosen)
    filled = fill(data, {"DVC-HS-TT": "1.234,5", "DVC-HS-TONG": 2000.0, "HS-DT": "70%"})
    rows = workbook.read(filled, unit=province.tc, period=Q3, indicators=chosen)
    assert [(r.indicator.code, r.value, r.line) for r in rows] == [
        ("DVC-HS-TT", Decimal("1234.5"), 7),
        ("DVC-HS-TONG", Decimal(2000), 8),
        ("HS-DT", Decimal(70), 9),
    ]
    # A cell formatted as a percentage holds 0.705 for 70,5 %.
    book = load_workbook(io.BytesIO(data))
    book["Số liệu"]["G9"] = 0.705
    book["Số liệu"]["G9"].number_format = "0.0%"
    out = io.BytesIO()
    book.save(out)
    rows = workbook.read(out.getvalue(), unit=province.tc, period=Q3, indicators=chosen)
    assert [(r.indicator.code, r.value) for r in rows] == [("HS-DT", Decimal("70.5"))]


def test_empty_value_cells_are_skipped(
    province: Any, catalogue: dict[str, Any], chosen: list[Any]
) -> None:
    data = workbook.template(province.tc, Q3, chosen)
    rows = workbook.read(fill(data, {"HS-DT": 88}), unit=province.tc, period=Q3, indicators=chosen)
    assert [(r.indicator.code, r.value) for r in rows] == [("HS-DT", Decimal(88))]


def test_file_that_is_not_xlsx_is_refused(province: Any, people: Any, chosen: list[Any]) -> None:
    for data in (b"Ma chi so;Gia tri\nDVC-HS-TT;5\n", b"PK\x03\x04 broken zip"):
        with pytest.raises(ValueErrors) as exc:
            workbook.import_values(
                people.donvi, data, unit=province.tc, period=Q3, indicators=chosen
            )
        assert errors_of(exc) == [
            (
                None,
                "Không đọc được tệp: đây không phải tệp Excel (.xlsx) hợp lệ hoặc tệp đã bị "
                "hỏng. Hãy tải biểu mẫu của hệ thống và nhập lại.",
            )
        ]
    assert counts() == (0, 0)


def test_missing_and_extra_columns_are_named(province: Any, people: Any, chosen: list[Any]) -> None:
    data = workbook.template(province.tc, Q3, chosen)
    bad = fill(data, {"HS-DT": 90}, H6=None, I6="Người nhập", C6="Đơn vị")
    with pytest.raises(ValueErrors) as exc:
        workbook.import_values(people.donvi, bad, unit=province.tc, period=Q3, indicators=chosen)
    assert errors_of(exc) == [
        (6, "Dòng tiêu đề: thiếu cột “Đơn vị tính”, “Ghi chú”."),
        (
            6,
            "Dòng tiêu đề: có cột không thuộc biểu mẫu: “Đơn vị”, “Người nhập” "
            "(hãy xoá các cột này).",
        ),
    ]
    assert str(exc.value.messages[0]) == "Dòng 6: Dòng tiêu đề: thiếu cột “Đơn vị tính”, “Ghi chú”."
    assert counts() == (0, 0)


def test_sheet_without_header_row_is_refused(province: Any, people: Any, chosen: list[Any]) -> None:
    from openpyxl import Workbook

    book = Workbook()
    assert book.active is not None
    book.active.append(["DVC-HS-TT", 12])
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(ValueErrors) as exc:
        workbook.read(out.getvalue(), unit=province.tc, period=Q3, indicators=chosen)
    assert "Không tìm thấy dòng tiêu đề của bảng số liệu" in errors_of(exc)[0][1]


def test_every_bad_row_is_listed_and_nothing_imported(
    province: Any, people: Any, catalogue: dict[str, Any], chosen: list[Any]
) -> None:
    data = workbook.template(province.tc, Q3, chosen)
    book = load_workbook(io.BytesIO(data))
    sheet = book["Số liệu"]
    sheet["G7"] = "khoảng 800"  # text in a number cell
    sheet["G8"] = 1000
    sheet["G9"] = 120  # a percentage above 100
    tc, q3 = ["so-tc", "Sở Tài chính"], "2024Q3"
    extra = [
        ["DVC-HS-TONG", "", "", *tc, q3, 1100, ""],  # duplicate of line 8
        ["HS-DT", "", "", "so-yt", "Sở Y tế", q3, 80, ""],  # another unit's row
        ["HS-DT", "", "", *tc, "2024Q2", 80, ""],  # another period
        ["HS-DT", "", "", *tc, "quý ba", 80, ""],  # an unreadable period
        ["XYZ-1", "", "", *tc, q3, 5, ""],  # unknown indicator
        ["DVC-TL-TT", "", "", *tc, q3, 75, ""],  # a computed indicator
        ["GQ-TONG", "", "", *tc, q3, 40, ""],  # not on this form
    ]
    for row in extra:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(ValueErrors) as exc:
        workbook.import_values(
            people.donvi, out.getvalue(), unit=province.tc, period=Q3, indicators=chosen
        )
    assert errors_of(exc) == [
        (7, "giá trị của DVC-HS-TT: “khoảng 800” không phải là số."),
        (9, "HS-DT: tỷ lệ 120% vượt quá 100%."),
        (10, "trùng với dòng 8 (DVC-HS-TONG, Sở Tài chính, Quý III/2024)."),
        (
            11,
            "số liệu của đơn vị khác (mã đơn vị “so-yt”) — tệp này chỉ nhận số liệu của Sở Tài "
            "chính (mã so-tc).",
        ),
        (12, "số liệu kỳ Quý II/2024 — tệp này chỉ nhận số liệu Quý III/2024."),
        (13, "không đọc được kỳ báo cáo “quý ba” (dùng dạng 2024-03, 2024Q3, 2024H1, 2024)."),
        (14, "không có chỉ số mã “XYZ-1” trong danh mục."),
        (15, "DVC-TL-TT là chỉ số tính tự động, không nhập trực tiếp."),
        (16, "chỉ số GQ-TONG không thuộc biểu báo cáo này."),
    ]
    assert exc.value.messages[0] == "Dòng 7: giá trị của DVC-HS-TT: “khoảng 800” không phải là số."
    assert counts() == (0, 0)


def test_numerator_above_denominator_in_the_file_or_against_stored_values(
    province: Any, people: Any, catalogue: dict[str, Any], chosen: list[Any]
) -> None:
    data = workbook.template(province.tc, Q3, chosen)
    with pytest.raises(ValueErrors) as exc:
        workbook.import_values(
            people.donvi,
            fill(data, {"DVC-HS-TT": 500, "DVC-HS-TONG": 400, "HS-DT": 90}),
            unit=province.tc,
            period=Q3,
            indicators=chosen,
        )
    assert errors_of(exc) == [
        (
            7,
            "DVC-HS-TT (500) lớn hơn DVC-HS-TONG (400) — tử số không được vượt mẫu số của "
            "“Tỷ lệ hồ sơ thủ tục hành chính được tiếp nhận trực tuyến”.",
        )
    ]
    assert counts() == (0, 0)
    store(catalogue["DVC-HS-TONG"], province.tc, Q3, 100)
    with pytest.raises(ValueErrors) as exc:
        workbook.import_values(
            people.donvi,
            fill(data, {"DVC-HS-TT": 150}),
            unit=province.tc,
            period=Q3,
            indicators=chosen,
        )
    assert errors_of(exc)[0][0] == 7
    assert "DVC-HS-TT (150) lớn hơn DVC-HS-TONG (100)" in errors_of(exc)[0][1]
    assert counts() == (1, 0)


def test_officer_cannot_import_another_units_workbook(
    province: Any, people: Any, chosen: list[Any]
) -> None:
    data = fill(workbook.template(province.yt, Q3, chosen), {"HS-DT": 90})
    with pytest.raises(PermissionDenied):
        workbook.import_values(people.donvi, data, unit=province.yt, period=Q3, indicators=chosen)
    assert counts() == (0, 0)


def test_without_unit_rows_name_their_units(
    province: Any, catalogue: dict[str, Any], chosen: list[Any]
) -> None:
    data = workbook.template(province.tc, Q3, chosen)
    bad = fill(data, {"HS-DT": 90, "DVC-HS-TONG": 10}, D8="khong-co")
    with pytest.raises(ValueErrors) as exc:
        workbook.read(bad, unit=None, period=None, indicators=None)
    assert errors_of(exc) == [(8, "không có đơn vị mã “khong-co”.")]
    rows = workbook.read(
        fill(data, {"HS-DT": 90}, D9="so-yt"), unit=None, period=None, indicators=None
    )
    assert [(r.unit, r.period) for r in rows] == [(province.yt, Period.parse("2024Q3"))]


def test_empty_workbook_and_size_limits(
    province: Any, people: Any, chosen: list[Any], settings: Any
) -> None:
    data = workbook.template(province.tc, Q3, chosen)
    with pytest.raises(ValueErrors) as exc:
        workbook.import_values(people.donvi, data, unit=province.tc, period=Q3, indicators=chosen)
    assert errors_of(exc) == [
        (None, "Tệp không có số liệu nào để nhập: các ô “Giá trị” đều trống.")
    ]
    filled = fill(data, {"DVC-HS-TT": 1, "DVC-HS-TONG": 2, "HS-DT": 3})
    settings.UPLOAD_SHEET_MAX_ROWS = 8  # the header is row 6, the figures rows 7 to 9
    with pytest.raises(ValueErrors) as exc:
        workbook.read(filled, unit=province.tc, period=Q3, indicators=chosen)
    assert errors_of(exc) == [
        (None, "Tệp Excel có quá nhiều dòng (9 dòng; tối đa 8 dòng); hãy chia thành nhiều tệp.")
    ]
    settings.UPLOAD_MAX_MB = 0
    with pytest.raises(ValueErrors) as exc:
        workbook.read(io.BytesIO(filled), unit=province.tc, period=Q3, indicators=chosen)
    assert errors_of(exc) == [(None, "Tệp quá lớn (0,1 MB); giới hạn là 0 MB.")]
    assert counts() == (0, 0)
