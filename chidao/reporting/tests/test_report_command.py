"""`chidao report regimes` and `chidao report build`, run as the operator would."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from docx import Document as read_docx
from openpyxl import load_workbook

from chidao.core.models import AuditEvent
from chidao.reporting.models import ProvinceReport

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("report", *args, stdout=out)
    return out.getvalue()


def test_regimes_as_json_lists_id_name_and_frequency(regime_setup: Any) -> None:
    rows = json.loads(run("regimes", "--format", "json"))
    assert rows == [
        {
            "id": str(regime_setup.regime.uuid),
            "name": "Báo cáo tình hình chuyển đổi số hằng quý",
            "frequency": "quarter",
        }
    ]


def test_regimes_as_a_table(regime_setup: Any) -> None:
    text = run("regimes")
    assert str(regime_setup.regime.uuid) in text
    assert "Hằng quý" in text
    assert "Báo cáo tình hình chuyển đổi số hằng quý" in text
    assert text.strip().endswith("1 chế độ báo cáo.")


def test_regimes_refuses_an_unknown_format(regime_setup: Any) -> None:
    with pytest.raises(CommandError, match="“xml” không hợp lệ; chỉ nhận: table, json"):
        run("regimes", "--format", "xml")


def test_build_docx_by_accent_free_name(regime_setup: Any, tmp_path: Path) -> None:
    target = tmp_path / "bao-cao.docx"
    out = run(
        "build",
        "--regime",
        "bao cao tinh hinh chuyen doi so hang quy",
        "--period",
        "Quý III/2025",
        "--format",
        "docx",
        "-o",
        str(target),
        "--as-of",
        "2025-10-20",
    )
    assert "3 đơn vị phải báo cáo, 1 đúng hạn, 1 muộn, 1 chưa gửi" in out
    doc = read_docx(str(target))
    header = doc.tables[0].cell(0, 1).text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in header
    assert "Độc lập - Tự do - Hạnh phúc" in header
    texts = [p.text for p in doc.paragraphs]
    assert "Kết quả tình hình chuyển đổi số Quý III/2025" in texts
    rows = [[c.text for c in row.cells] for t in doc.tables for row in t.rows]
    assert any(
        r[1] == "Sở Tài chính"
        and r[2] == "Tỷ lệ hồ sơ trực tuyến (%)"
        and r[3:]
        == [
            "85",
            "≥ 80",
            "Đạt",
        ]
        for r in rows
    )
    assert "+ Sở Y tế: gửi ngày 08/10/2025, muộn 3 ngày so với hạn 05/10/2025." in texts
    stored = ProvinceReport.objects.get()
    assert stored.format == "docx"
    assert stored.period_code == "2025Q3"
    assert AuditEvent.objects.get(action="report.build").via == "command"


def test_build_xlsx_by_uuid(regime_setup: Any, tmp_path: Path) -> None:
    target = tmp_path / "bao-cao.xlsx"
    run(
        "build",
        "--regime",
        str(regime_setup.regime.uuid),
        "--period",
        "2025Q3",
        "--format",
        "xlsx",
        "-o",
        str(target),
        "--as-of",
        "20/10/2025",
    )
    book = load_workbook(target)
    assert book.sheetnames == [
        "Tổng hợp",
        "Chỉ số",
        "Nhiệm vụ",
        "Đơn vị chậm, thiếu",
        "Báo cáo của đơn vị",
    ]
    late = list(book["Đơn vị chậm, thiếu"].iter_rows(min_row=4, values_only=True))
    assert [r[1:3] for r in late] == [("Sở Y tế", "Gửi muộn"), ("Xã Cao Lộc", "Chưa gửi")]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--regime", "khong co che do nay", "--period", "2025Q3", "--format", "docx"],
            "không tìm thấy chế độ báo cáo “khong co che do nay”",
        ),
        (
            ["--regime", "chuyen doi so", "--period", "quý ba", "--format", "docx"],
            "--period: Không nhận dạng được kỳ báo cáo 'quý ba'",
        ),
        (
            ["--regime", "chuyen doi so", "--period", "quý 9/2025", "--format", "docx"],
            "--period: Số thứ tự quý phải từ 1 đến 4, nhận được 9.",
        ),
        (
            ["--regime", "chuyen doi so", "--period", "2025-08", "--format", "docx"],
            "báo cáo hằng quý; kỳ 2025-08 không phải kỳ quý",
        ),
        (
            ["--regime", "chuyen doi so", "--period", "2024Q4", "--format", "docx"],
            "không yêu cầu báo cáo Quý IV/2024",
        ),
        (
            ["--regime", "chuyen doi so", "--period", "2025Q3", "--format", "pdf"],
            "--format: “pdf” không hợp lệ; chỉ nhận: docx, xlsx.",
        ),
        (
            [
                "--regime",
                "chuyen doi so",
                "--period",
                "2025Q3",
                "--format",
                "docx",
                "--as-of",
                "hôm qua",
            ],
            "--as-of: “hôm qua” không phải ngày hợp lệ",
        ),
    ],
)
def test_build_refuses_bad_input_in_vietnamese_and_writes_nothing(
    regime_setup: Any, tmp_path: Path, args: list[str], message: str
) -> None:
    target = tmp_path / "x.docx"
    with pytest.raises(CommandError) as err:
        run("build", *args, "-o", str(target))
    assert message in str(err.value)
    assert not target.exists()
    assert not ProvinceReport.objects.exists()


def test_an_ambiguous_name_asks_for_the_uuid(regime_setup: Any, tmp_path: Path) -> None:
    from chidao.reporting.choices import Frequency
    from chidao.reporting.services import save_regime

    save_regime(
        None,
        None,
        {
            "name": "Báo cáo chuyển đổi số hằng tháng",
            "frequency": Frequency.MONTH,
            "due_day": 20,
            "first_period": "2025-01",
        },
    )
    with pytest.raises(CommandError, match="khớp nhiều chế độ báo cáo"):
        run(
            "build",
            "--regime",
            "chuyen doi so",
            "--period",
            "2025Q3",
            "--format",
            "docx",
            "-o",
            str(tmp_path / "x.docx"),
        )


def test_the_chidao_entry_point_knows_report() -> None:
    from chidao.cli import COMMANDS

    assert COMMANDS["report"][0] == "report"
