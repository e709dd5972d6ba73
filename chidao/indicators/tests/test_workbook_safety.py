"""The values workbook (issue 9): text that starts like a formula is written as text, and a
workbook built to exhaust memory or time is refused through `/indicators/values/import/`
from its zip directory and sheet dimension — before openpyxl opens it — with nothing
written."""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from chidao.core.tests.formulas import RISKY, assert_written_as_text
from chidao.core.tests.zipbombs import build_zip, members_of, shared_strings_bomb, with_members
from chidao.indicators import workbook
from chidao.indicators.models import IndicatorValue
from chidao.indicators.tests.conftest import Q3, counts, fill, store

pytestmark = pytest.mark.django_db

GROUP = "Chính quyền số"
IMPORT = f"/indicators/values/import/?period={Q3.code}&group={GROUP}"


def _template(client: Any) -> bytes:
    response = client.get("/indicators/values/template/", {"period": Q3.code, "group": GROUP})
    assert response.status_code == 200
    return bytes(response.content)


def _post(client: Any, data: bytes, name: str = "so-lieu.xlsx") -> Any:
    upload = SimpleUploadedFile(name, data, content_type=workbook.CONTENT_TYPE)
    return client.post(IMPORT, {"file": upload})


def _sheet_with_rows(data: bytes, last_row: int) -> bytes:
    """The workbook `data` whose first sheet declares it reaches row `last_row`."""
    sheet = members_of(data)["xl/worksheets/sheet1.xml"]
    declared = re.sub(rb'(<dimension ref="A1:[A-Z]+)\d+', rb"\g<1>%d" % last_row, sheet, count=1)
    assert declared != sheet
    return with_members(data, xl__worksheets__sheet1_dot_xml=declared)


def test_values_template_writes_formula_like_names_and_notes_as_text(
    login: Any, people: Any, catalogue: Any, province: Any
) -> None:
    catalogue["CB-TONG"].name = RISKY[0]
    catalogue["CB-TONG"].save(update_fields=["name"])
    catalogue["CB-APP"].definition = RISKY[1]  # the guide sheet
    catalogue["CB-APP"].save(update_fields=["definition"])
    value = store(catalogue["HS-DT"], province.tc, Q3, 80)
    value.note = RISKY[2]
    value.save(update_fields=["note"])
    province.tc.name = RISKY[3]
    province.tc.save(update_fields=["name"])

    assert_written_as_text(_template(login(people.donvi)))


def test_a_gibibyte_of_shared_strings_is_refused_before_openpyxl_opens_it(
    login: Any, people: Any, catalogue: Any
) -> None:
    client = login(people.donvi)
    filled = fill(_template(client), {"CB-TONG": 50})
    bomb = with_members(filled, xl__sharedStrings_dot_xml=shared_strings_bomb(1024))
    assert len(bomb) < 1_200_000
    declared = zipfile.ZipFile(io.BytesIO(bomb)).getinfo("xl/sharedStrings.xml").file_size
    assert declared > 1024**3

    response = _post(client, bomb)

    assert response.context["import_errors"] == [
        "Tệp Excel có phần nén bất thường (xl/sharedStrings.xml: tỷ lệ nén 1.010:1, tối đa "
        "100:1) — có thể là tệp độc hại; hệ thống từ chối."
    ]
    assert "có thể là tệp độc hại" in response.content.decode()
    assert counts() == (0, 0)


def test_a_sheet_declaring_a_million_rows_is_refused_at_once(
    login: Any, people: Any, catalogue: Any
) -> None:
    client = login(people.donvi)
    tall = _sheet_with_rows(fill(_template(client), {"CB-TONG": 50}), 1_000_000)

    response = _post(client, tall)

    assert response.context["import_errors"] == [
        "Tệp Excel có quá nhiều dòng (1.000.000 dòng; tối đa 100.000 dòng); hãy chia thành "
        "nhiều tệp."
    ]
    assert counts() == (0, 0)


def test_rows_beyond_the_limit_are_refused_when_the_sheet_declares_no_dimension(
    login: Any, people: Any, catalogue: Any, settings: Any
) -> None:
    client = login(people.donvi)
    filled = fill(_template(client), {"CB-TONG": 50, "CB-APP": 40})
    sheet = members_of(filled)["xl/worksheets/sheet1.xml"]
    undeclared = with_members(
        filled, xl__worksheets__sheet1_dot_xml=re.sub(rb"<dimension [^>]*/>", b"", sheet)
    )
    settings.UPLOAD_SHEET_MAX_ROWS = 8  # the header is row 6, the figures from row 7

    response = _post(client, undeclared)

    assert response.context["import_errors"] == [
        "Tệp Excel có quá nhiều dòng (tối đa 8 dòng); hãy chia thành nhiều tệp."
    ]
    assert counts() == (0, 0)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("so-lieu.csv", b"Ma chi so;Gia tri\n", "Chỉ nhận tệp Excel .xlsx"),
        ("so-lieu.xlsx", b"PK\x03\x04" + b"\x00" * 64, "đây không phải tệp Excel (.xlsx) hợp lệ"),
        ("so-lieu.xlsx", build_zip({"a.txt": b"x"}), "đây không phải tệp Excel (.xlsx) hợp lệ"),
    ],
)
def test_wrong_type_and_corrupt_workbooks_are_refused(
    login: Any, people: Any, catalogue: Any, name: str, data: bytes, message: str
) -> None:
    response = _post(login(people.donvi), data, name)

    assert message in response.content.decode()
    assert not IndicatorValue.objects.exists()


def test_a_workbook_above_the_upload_limit_is_refused_before_it_is_read(
    login: Any, people: Any, catalogue: Any, settings: Any
) -> None:
    settings.UPLOAD_MAX_MB = 1
    client = login(people.donvi)

    response = _post(client, b"PK" + b"\x00" * (1024 * 1024 + 1))

    assert "Tệp quá lớn (1,1 MB); giới hạn là 1 MB." in response.content.decode()
    assert counts() == (0, 0)
