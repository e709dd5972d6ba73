"""The seeded catalogue: the codes other parts rely on, formulas, bounds and wording."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from typing import Any

import pytest
import yaml

from chidao.indicators.choices import Aggregation, Direction, FormulaKind
from chidao.indicators.services import CATALOGUE_FILE

pytestmark = pytest.mark.django_db

RATIOS = {
    "DVC-TL-TT": ("DVC-HS-TT", "DVC-HS-TONG"),
    "DVC-TL-TTTT": ("DVC-GD-TT", "DVC-GD-TONG"),
    "SH-TL": ("SH-KQ", "SH-KQ-TONG"),
    "GQ-TL": ("GQ-DUNGHAN", "GQ-TONG"),
    "PAKN-TL": ("PAKN-DUNGHAN", "PAKN-TONG"),
    "CB-TL": ("CB-APP", "CB-TONG"),
}
DTI_PILLARS = [
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


def test_codes_other_parts_rely_on(catalogue: dict[str, Any]) -> None:
    for ratio, (num, den) in RATIOS.items():
        ind = catalogue[ratio]
        assert ind.formula == FormulaKind.RATIO
        assert (ind.numerator.code, ind.denominator.code) == (num, den)
        assert (ind.measure_unit, ind.scale) == ("%", Decimal(100))
        assert (ind.min_value, ind.max_value) == (Decimal(0), Decimal(100))
        for term in (ind.numerator, ind.denominator):
            assert term.formula == FormulaKind.REPORTED
            assert term.aggregation == Aggregation.SUM
    assert catalogue["DVC-HS-TONG"].name == "Tổng số hồ sơ thủ tục hành chính tiếp nhận"
    assert catalogue["DVC-HS-TONG"].measure_unit == "hồ sơ"
    hs = catalogue["HS-DT"]
    assert (hs.formula, hs.measure_unit, hs.aggregation) == (
        FormulaKind.REPORTED,
        "%",
        Aggregation.AVERAGE,
    )
    assert (hs.min_value, hs.max_value) == (Decimal(0), Decimal(100))
    dti = catalogue["DTI-TONG"]
    assert dti.formula == FormulaKind.SUM
    assert sorted(c.code for c in dti.components.all()) == sorted(DTI_PILLARS)
    assert {catalogue[c].measure_unit for c in [*DTI_PILLARS, "DTI-TONG"]} == {"điểm"}


def test_every_entry_is_complete_and_consistent(catalogue: dict[str, Any]) -> None:
    assert 30 <= len(catalogue) <= 70
    for ind in catalogue.values():
        assert all((ind.definition, ind.source, ind.group, ind.measure_unit)), ind.code
        assert ind.direction in Direction.values
        if ind.formula == FormulaKind.REPORTED and ind.is_percentage:
            # A percentage reported directly: bounded and averaged over units.
            assert (ind.min_value, ind.max_value, ind.aggregation) == (
                Decimal(0),
                Decimal(100),
                Aggregation.AVERAGE,
            ), ind.code
        if ind.formula == FormulaKind.RATIO:
            assert ind.scale == 100, ind.code
    sources = {ind.source for ind in catalogue.values()}
    assert {"QĐ 766/QĐ-TTg", "Bộ chỉ số DTI"} <= sources
    assert any("Long An" in s for s in sources)
    assert any("Lạng Sơn" in s for s in sources)
    # Lower is better where fewer is the aim.
    assert catalogue["HT-THON-TRANG"].direction == Direction.LOWER


def test_terms_come_before_formulas_and_text_is_nfc() -> None:
    raw = CATALOGUE_FILE.read_text(encoding="utf-8")
    assert unicodedata.normalize("NFC", raw) == raw
    entries = yaml.safe_load(raw)["indicators"]
    seen: set[str] = set()
    for entry in entries:
        assert re.fullmatch(r"[A-Z0-9]+(-[A-Z0-9]+)*", entry["code"]), entry["code"]
        formula = entry.get("formula") or {}
        terms = formula.get("sum") or [formula.get("numerator"), formula.get("denominator")]
        for term in filter(None, terms):
            assert term in seen, f"{entry['code']} uses {term} before it is defined"
        assert entry["code"] not in seen
        seen.add(entry["code"])


def test_directive_targets_find_their_catalogue_indicator(catalogue: dict[str, Any]) -> None:
    """The wording of the Long An targets names the catalogue's indicators."""
    from chidao.indicators.services import match_indicator

    cases = {
        "Tỷ lệ dịch vụ công trực tuyến có phát sinh hồ sơ trực tuyến": "DVC-TL-PS",
        "Tỷ lệ hồ sơ thanh toán trực tuyến trên Cổng dịch vụ công quốc gia trên tổng số "
        "giao dịch thanh toán của dịch vụ công": "DVC-TL-TTTT",
        "tỷ lệ người dân từ 15 tuổi trở lên có tài khoản giao dịch tại ngân hàng hoặc các "
        "tổ chức được phép khác": "XH-TKNH",
        "phần đầu tỷ trọng doanh thu thương mại điện tử trong tổng mức bán lẻ": "KT-TMDT",
    }
    for phrase, code in cases.items():
        found = match_indicator(phrase, "%")
        assert found is not None, phrase
        assert found.code == code, phrase
