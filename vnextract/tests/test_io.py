import json
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vnextract import ExtractionError, extract
from vnextract.cli import main

DOCS = Path(__file__).resolve().parents[3] / "shared" / "eval" / "docs"


def test_importing_vnextract_does_not_import_django() -> None:
    code = (
        "import sys, vnextract; vnextract.extract('Số: 1/TB-UBND'); print('django' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_docx_with_a_real_table(tmp_path: Path) -> None:
    d = docx.Document()
    d.add_paragraph("Số: 5/KH-UBND")
    d.add_paragraph("Bình Định, ngày 02 tháng 01 năm 2025")
    d.add_paragraph("KẾ HOẠCH")
    d.add_paragraph("Chuyển đổi số năm 2025")
    d.add_paragraph("Phụ lục")
    t = d.add_table(rows=2, cols=5)
    for i, h in enumerate(["STT", "Nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian"]):
        t.rows[0].cells[i].text = h
    for i, v in enumerate(["1", "Triển khai ký số", "Sở Nội vụ", "Sở KH&CN", "Tháng 6/2025"]):
        t.rows[1].cells[i].text = v
    path = tmp_path / "kh.docx"
    d.save(str(path))
    r = extract(path)
    assert r.document.type == "KH"
    task = r.tasks[0]
    assert task.lead[0].name == "Sở Nội vụ"
    assert task.due is not None
    assert task.due.date.isoformat() == "2025-06-30"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("bad.docx", b"not a zip"),
        ("bad.pdf", b"%PDF-1.4 garbage"),
        ("bin.txt", b"\x00\x01\x02" * 100),
        ("x.xlsx", b""),
    ],
)
def test_bad_input_is_a_clear_error(tmp_path: Path, name: str, content: bytes) -> None:
    p = tmp_path / name
    p.write_bytes(content)
    with pytest.raises(ExtractionError):
        extract(p)


def test_zip_bomb_docx_is_refused(tmp_path: Path) -> None:
    p = tmp_path / "bomb.docx"
    with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/document.xml", b"0" * (210 * 1024 * 1024))
    with pytest.raises(ExtractionError):
        extract(p)


def test_cli_json_and_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(tmp_path / "missing.txt")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "không tìm thấy" in err
    doc = DOCS / "longan-tb-bcd-2024.txt"
    if doc.exists():
        assert main([str(doc)]) == 0
        data = json.loads(capsys.readouterr().out)
        assert set(data) == {"document", "tasks", "targets", "facts", "warnings"}
        assert main([str(doc), "--format", "text"]) == 0
        assert "Chủ trì:" in capsys.readouterr().out


def test_empty_and_absurd_input_end_in_a_result() -> None:
    assert extract("").tasks == ()
    deep = "\n".join(".".join(["1"] * (i % 5 + 1)) + ". Sở Y tế triển khai." for i in range(2000))
    assert extract("III. NHIỆM VỤ\n\n" + deep).tasks


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "- Sở Y tế chủ trì, phối hợp Sở Tài chính triển khai trước ngày 20/10/2024.",
                "1. Sở Nội vụ",
                "Giao Công an tỉnh rà soát dữ liệu hàng tháng.",
                "**2.1. Sở TT&TT:** Chủ trì.",
                "a) Cơ quan chủ trì: Các sở, ngành.",
                "tiếp tục\u00a0xây dựng",
                "STT\tNhiệm vụ\tĐơn vị chủ trì",
                "1\tTuyên truyền\tSở Y tế",
                "Tỷ lệ hồ sơ đạt 80%; ít nhất 01 doanh nghiệp.",
                "",
                "¹ Gồm: trước 15/3/2024.",
            ]
        ),
        max_size=12,
    )
)
def test_offsets_point_at_the_quoted_text(parts: list[str]) -> None:
    r = extract("\n\n".join(parts) + "\n")
    for t in r.tasks:
        assert " ".join(r.text[s.start : s.end] for s in t.spans) == t.quote
        for u in (*t.lead, *t.support):
            if u.span:
                assert r.text[u.span.start : u.span.end].strip()
    for tg in r.targets:
        assert tg.quote.startswith(r.text[tg.span.start : tg.span.start + 3])
