"""`chidao units list|load`, `chidao init` and `chidao synth` from the command line."""

from __future__ import annotations

import datetime as dt
import io
import json
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from chidao import cli
from chidao.units.choices import UnitKind
from chidao.units.models import Installation, Unit
from chidao.units.synth import SYNTH_SOURCE


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def units_json(*args: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = json.loads(run("units", "list", "--format", "json", *args))
    return rows


def test_units_list_counts_provinces_today_and_before_the_reform(
    db: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    # Nationwide on purpose: the 34/63 check is the one the issue names.
    run("units", "load")

    today = units_json("--kind", "province")
    before = units_json("--kind", "province", "--as-of", "2024-06-01")
    assert len(today) == 34
    assert len(before) == 63
    assert {"Tỉnh Tây Ninh", "Thành phố Hà Nội"} <= {r["name"] for r in today}
    assert "Tỉnh Long An" in {r["name"] for r in before}
    assert set(today[0]) >= {"uuid", "code", "name", "kind", "parent", "valid_from", "valid_to"}
    # the `chidao` console entry point gives the same
    assert cli.main(["units", "list", "--kind", "province", "--format", "json"]) == 0
    printed = capsys.readouterr()
    assert len(json.loads(printed.out)) == 34
    assert "34 đơn vị" in printed.err


@pytest.fixture
def lang_son(db: Any) -> Unit:
    run("init", "--province", "Lạng Sơn", "--province-only")
    return Installation.objects.get().province


def test_init_prints_a_summary_line(db: Any) -> None:
    out = run("init", "--province", "lang son", "--province-only")

    last = out.strip().splitlines()[-1]
    assert last.startswith("Đã khởi tạo Tỉnh Lạng Sơn (20):")
    assert last.endswith("Danh mục chỉ số: 64 chỉ số mới.")
    assert Installation.objects.get().province.code == "20"


def test_init_unknown_province_is_a_clear_error(db: Any) -> None:
    with pytest.raises(CommandError, match="Không tìm thấy tỉnh, thành phố “Atlantis”"):
        run("init", "--province", "Atlantis")
    assert not Unit.objects.exists()


def test_units_list_is_scoped_to_the_installation_province(lang_son: Unit) -> None:
    communes = units_json("--kind", "commune")
    communes_2024 = units_json("--kind", "commune", "--as-of", "2024-06-01")

    assert len(communes) == 65
    assert len(communes_2024) > 150
    assert all(r["kind"] == UnitKind.COMMUNE for r in communes)
    assert {r["parent"] for r in communes} == {str(lang_son.uuid)}


def test_units_list_searches_without_accents_at_a_date(lang_son: Unit) -> None:
    found = units_json("--q", "so tttt", "--as-of", "2024-06-01")
    gone = units_json("--q", "so tttt", "--as-of", "2026-01-01")
    table = run("units", "list", "--q", "Sở TT&TT", "--as-of", "2024-06-01")

    assert [r["name"] for r in found] == ["Sở Thông tin và Truyền thông"]
    assert found[0]["valid_to"] == "2025-02-28"
    assert gone == []
    assert "Sở Thông tin và Truyền thông" in table
    assert "28/02/2025" in table
    assert table.strip().splitlines()[-1] == "1 đơn vị hiệu lực ngày 01/06/2024."


def test_units_list_for_another_province(lang_son: Unit) -> None:
    run("units", "load", "--only-province", "04")

    rows = units_json("--province", "Cao Bằng", "--kind", "commune")

    assert rows
    assert all(r["kind"] == UnitKind.COMMUNE for r in rows)
    assert not any(r["parent"] == str(lang_son.uuid) for r in rows)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--as-of", "2024-13-01"], "--as-of: “2024-13-01” không phải ngày hợp lệ"),
        (["--as-of", "1/6/2024"], "dùng dạng YYYY-MM-DD"),
        (["--kind", "tinh"], "--kind: “tinh” không phải loại đơn vị; chọn một trong: province"),
        (["--province", "Atlantis"], "--province: không tìm thấy"),
    ],
)
def test_units_list_refuses_bad_options(db: Any, args: list[str], message: str) -> None:
    with pytest.raises(CommandError, match=message):
        run("units", "list", *args)


def test_units_load_prints_counts_and_is_idempotent(db: Any) -> None:
    first = run("units", "load", "--only-province", "20")
    second = run("units", "load", "--only-province", "20")

    communes = Unit.objects.filter(kind=UnitKind.COMMUNE)
    assert communes.valid_on(dt.date(2026, 1, 1)).count() == 65
    assert communes.valid_on(dt.date(2024, 6, 1)).count() > 150
    assert "Quan hệ kế thừa: tạo mới" in first
    assert second.strip().splitlines()[-1].startswith("Đơn vị hành chính: tạo mới 0; cập nhật 0")


def test_synth_demo_creates_marked_rows_once(db: Any) -> None:
    from chidao.accounts.models import User

    first = run("synth", "--scale", "demo", "--seed", "7")
    synthetic = Unit.objects.filter(source=SYNTH_SOURCE)
    counts = (synthetic.count(), User.objects.filter(username__startswith="synth-").count())
    names = list(synthetic.order_by("code").values_list("name", flat=True))
    second = run("synth", "--scale", "demo", "--seed", "7")

    assert counts == (1 + 30 + 20, 50)
    assert synthetic.filter(kind=UnitKind.PROVINCE).get().code == "S01"
    assert "units: 1 province, 30 body, 20 commune" in first
    assert "users: 50 user" in first
    assert "tạo mới 0 bản ghi" in second
    assert list(synthetic.order_by("code").values_list("name", flat=True)) == names
    assert not synthetic.filter(search_text="").exists()
