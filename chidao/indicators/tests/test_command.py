"""`chidao indicators seed|list|import`."""

from __future__ import annotations

import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from chidao.core.models import AuditEvent
from chidao.indicators import workbook
from chidao.indicators.choices import ValueSource
from chidao.indicators.models import Indicator, IndicatorValue
from chidao.indicators.tests.conftest import Q3, counts, fill

pytestmark = pytest.mark.django_db


def _run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("indicators", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_seed_is_idempotent_and_audited(db: Any) -> None:
    out, _err = _run("seed")
    total = Indicator.objects.count()
    assert out.strip() == f"Danh mục chỉ số: {total} chỉ số mới, {total} chỉ số tất cả."
    Indicator.objects.filter(code="HS-DT").update(name="Tên cũ")
    out, _err = _run("seed")
    assert out.strip() == f"Danh mục chỉ số: 0 chỉ số mới, {total} chỉ số tất cả."
    assert Indicator.objects.get(code="HS-DT").name == "Tỷ lệ văn bản đi được ký số"
    events = AuditEvent.objects.filter(action="indicators.seed")
    assert events.count() == 2
    assert {e.via for e in events} == {"command"}


def test_list_as_table_and_json(catalogue: dict[str, Any]) -> None:
    out, _err = _run("list")
    lines = out.strip().splitlines()
    assert lines[0].startswith("DVC-HS-TONG          Tổng số hồ sơ thủ tục hành chính tiếp nhận")
    assert any(
        line.startswith("DVC-TL-TT") and line.endswith("(%) = DVC-HS-TT / DVC-HS-TONG")
        for line in lines
    )
    assert lines[-1] == f"{len(catalogue)} chỉ số."
    body = json.loads(_run("list", "--format", "json", "--q", "van ban di duoc ky so")[0])
    assert [i["code"] for i in body["indicators"]] == ["HS-DT"]
    dti = json.loads(_run("list", "--format", "json", "--q", "DTI-TONG")[0])["indicators"][0]
    assert (dti["formula"], len(dti["components"])) == ("sum", 9)


def test_import_checks_without_commit_then_stores(
    tmp_path: Path, province: Any, catalogue: dict[str, Any]
) -> None:
    chosen = [catalogue["DVC-TL-TT"], catalogue["HS-DT"]]
    path = tmp_path / "so-lieu.xlsx"
    path.write_bytes(
        fill(workbook.template(province.tc, Q3, chosen), {"DVC-HS-TT": 870, "DVC-HS-TONG": 1000})
    )
    out, _err = _run("import", str(path), "--unit", "so-tc", "--period", "2024Q3")
    assert out.strip() == (
        "Tệp hợp lệ: 2 số liệu của Sở Tài chính, Quý III/2024; chưa ghi (thêm --commit để nhập)."
    )
    assert counts() == (0, 0)
    out, _err = _run(
        "import", str(path), "--unit", "Sở Tài chính", "--period", "Quý III/2024", "--commit"
    )
    assert out.strip() == (
        "Đã nhập số liệu Sở Tài chính, Quý III/2024: 2 số liệu mới, 0 số liệu điều chỉnh, "
        "0 không đổi."
    )
    values = dict(
        IndicatorValue.objects.filter(unit=province.tc).values_list("indicator__code", "value")
    )
    assert values == {"DVC-HS-TT": Decimal(870), "DVC-HS-TONG": Decimal(1000)}
    assert set(IndicatorValue.objects.values_list("source", flat=True)) == {ValueSource.WORKBOOK}


def test_import_lists_errors_row_by_row_and_writes_nothing(
    tmp_path: Path, province: Any, catalogue: dict[str, Any]
) -> None:
    chosen = [catalogue["DVC-TL-TT"], catalogue["HS-DT"]]
    path = tmp_path / "sai.xlsx"
    path.write_bytes(
        fill(
            workbook.template(province.tc, Q3, chosen),
            {"DVC-HS-TT": 1200, "DVC-HS-TONG": 1000, "HS-DT": "gần hết"},
        )
    )
    for extra in ([], ["--commit"]):
        err = io.StringIO()
        with pytest.raises(CommandError) as exc:
            call_command(
                "indicators",
                "import",
                str(path),
                "--unit",
                "so-tc",
                "--period",
                "2024Q3",
                *extra,
                stdout=io.StringIO(),
                stderr=err,
            )
        assert str(exc.value) == "1 lỗi; không nhập số liệu nào của Sở Tài chính, Quý III/2024."
        assert err.getvalue().strip() == "Dòng 9: giá trị của HS-DT: “gần hết” không phải là số."
    path.write_bytes(
        fill(workbook.template(province.tc, Q3, chosen), {"DVC-HS-TT": 1200, "DVC-HS-TONG": 1000})
    )
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "indicators", "import", str(path), "--unit", "so-tc", "--period", "2024Q3",
            stdout=io.StringIO(), stderr=err,
        )  # fmt: skip
    assert "Dòng 7: DVC-HS-TT (1.200) lớn hơn DVC-HS-TONG (1.000)" in err.getvalue()
    assert counts() == (0, 0)


def test_import_refuses_unknown_unit_period_or_file(
    tmp_path: Path, province: Any, catalogue: dict[str, Any]
) -> None:
    path = tmp_path / "x.xlsx"
    path.write_bytes(b"not a workbook")
    with pytest.raises(CommandError, match=r"--unit: không tìm thấy đơn vị “so-moi”\."):
        _run("import", str(path), "--unit", "so-moi", "--period", "2024Q3")
    with pytest.raises(CommandError, match="--period: Không nhận dạng được kỳ báo cáo"):
        _run("import", str(path), "--unit", "so-tc", "--period", "quý ba")
    with pytest.raises(CommandError, match="Không có tệp"):
        _run("import", str(tmp_path / "khong-co.xlsx"), "--unit", "so-tc", "--period", "2024Q3")
    with pytest.raises(CommandError, match="1 lỗi"):
        _run("import", str(path), "--unit", "so-tc", "--period", "2024Q3")
