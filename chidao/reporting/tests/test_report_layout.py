"""The province's report reads as one document: the summary first, each unit's text cut to
what it says about the period (the full text in the workbook), the per-unit table once in
the one appendix, one as-of date, and — for the demo's quarterly report of 78 units — a
body short enough for 12 pages.

The page budget is checked through structural bounds read back with python-docx; the one
test that renders pages needs LibreOffice and is skipped without it.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from docx import Document as read_docx
from openpyxl import load_workbook

from chidao.core.periods import Period
from chidao.reporting.demo_data import QUARTERLY_NAME
from chidao.reporting.models import ProvinceReport, Regime, SubmissionSection
from chidao.reporting.report import (
    EXCERPT_MAX,
    FULL_TEXT_NOTE,
    build_docx,
    build_xlsx,
    consolidate,
    excerpt,
)

pytestmark = pytest.mark.django_db

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
Q3 = Period.parse("2026Q3")
# The body of the demo's report (header to signature) in characters: about 3,000 fit on
# a page of the decree's layout, so 30,000 leave room within 12 pages.
BODY_BUDGET = 30_000
AS_OF_PHRASE = re.compile(r"\b(?:đến|tại) ngày (\d{2}/\d{2}/\d{4})")


def _text(element: Any) -> str:
    return "".join(t.text or "" for t in element.iter(f"{W}t"))


def _body(doc: Any) -> tuple[list[str], list[str]]:
    """The texts of the paragraphs and table rows before the appendix, and after it."""
    before: list[str] = []
    after: list[str] = []
    target = before
    for element in doc.element.body.iterchildren():
        if element.tag == f"{W}p" and _text(element) == "PHỤ LỤC":
            target = after
        if element.tag == f"{W}tbl":
            target.extend(_text(row) for row in element.iter(f"{W}tr"))
        elif element.tag == f"{W}p":
            target.append(_text(element))
    return before, after


# -- cutting a text to the period ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kept", "cut"),
    [
        # The sentences that speak of the quarter, in order; the rest left out.
        (
            "Kết quả nổi bật quý III/2026: tiếp nhận 289 hồ sơ, trong đó 240 hồ sơ trực tuyến "
            "(83%). 86/86 cán bộ sử dụng nền tảng số. Trong tháng 8, hoàn thành số hoá 1.200 "
            "hồ sơ.",
            "Kết quả nổi bật quý III/2026: tiếp nhận 289 hồ sơ, trong đó 240 hồ sơ trực tuyến "
            "(83%). Trong tháng 8, hoàn thành số hoá 1.200 hồ sơ " + FULL_TEXT_NOTE,
            True,
        ),
        ("Không có khó khăn, vướng mắc phát sinh trong kỳ.", None, False),
        # Never names the period: its first sentences, while they fit.
        (
            "Thiếu nhân lực chuyên trách. Đề nghị bố trí kinh phí tập huấn.",
            "Thiếu nhân lực chuyên trách. Đề nghị bố trí kinh phí tập huấn.",
            False,
        ),
        # "TP." does not end a sentence; the year alone is not the quarter.
        (
            "Tại TP. Lạng Sơn triển khai Kế hoạch năm 2026. Quý 3 đã cấp 500 chữ ký số.",
            "Quý 3 đã cấp 500 chữ ký số " + FULL_TEXT_NOTE,
            True,
        ),
    ],
)
def test_excerpt_keeps_what_the_text_says_about_the_period(
    text: str, kept: str | None, cut: bool
) -> None:
    assert excerpt(text, Q3) == (kept or text, cut)


def test_excerpt_of_a_long_sentence_is_cut_at_a_word() -> None:
    text = "Trong quý III/2026 " + "đơn vị tiếp tục triển khai nhiệm vụ, " * 30 + "hoàn thành."
    short, cut = excerpt(text, Q3, 150)
    assert cut
    assert short.endswith(" " + FULL_TEXT_NOTE)
    body = short.removesuffix(" " + FULL_TEXT_NOTE)
    assert len(body) <= 150
    assert text.startswith(body)
    assert text[len(body)] in " ,"  # cut between words


# -- the fixture's report -------------------------------------------------------------------


def test_units_that_wrote_the_same_are_named_together(regime_setup: Any) -> None:
    s = regime_setup
    section = s.sections[1]
    SubmissionSection.objects.filter(section=section).update(
        text="Không có khó khăn, vướng mắc phát sinh trong kỳ."
    )
    doc = read_docx(io.BytesIO(build_docx(consolidate(s.regime, s.period, as_of=s.as_of))))
    texts = [p.text for p in doc.paragraphs]
    assert (
        "- Không có khó khăn, vướng mắc phát sinh trong kỳ. (2 đơn vị: Sở Tài chính, Sở Y tế)."
        in texts
    )


def test_a_long_text_is_cut_in_the_report_and_whole_in_the_workbook(regime_setup: Any) -> None:
    s = regime_setup
    long = (
        "Trong quý III/2025, Sở Tài chính số hoá 100% hồ sơ thủ tục hành chính. "
        + "Đơn vị tổ chức hội nghị, tập huấn cho cán bộ về kỹ năng số. " * 40
    )
    SubmissionSection.objects.filter(submission=s.submissions["tc"], section=s.sections[0]).update(
        text=long
    )
    c = consolidate(s.regime, s.period, as_of=s.as_of)
    texts = [p.text for p in read_docx(io.BytesIO(build_docx(c))).paragraphs]
    assert (
        "- Sở Tài chính: Trong quý III/2025, Sở Tài chính số hoá 100% hồ sơ thủ tục hành "
        f"chính {FULL_TEXT_NOTE}" in texts
    )
    assert not any("tập huấn cho cán bộ" in t for t in texts)
    sheet = load_workbook(io.BytesIO(build_xlsx(c)))["Báo cáo của đơn vị"]
    rows = list(sheet.iter_rows(min_row=4, values_only=True))
    assert (1, "Sở Tài chính", s.sections[0].title, long) in rows
    assert len(rows) == sum(len(block.entries) for block in c.narratives) == 6
    assert sheet["A2"].value == "Kỳ báo cáo: Quý III/2025; số liệu tổng hợp đến ngày 20/10/2025"


def test_a_narrative_that_looks_like_a_formula_stays_text_in_the_workbook(
    regime_setup: Any,
) -> None:
    s = regime_setup
    SubmissionSection.objects.filter(submission=s.submissions["tc"], section=s.sections[2]).update(
        text='=HYPERLINK("http://x.example","bấm")'
    )
    book = load_workbook(io.BytesIO(build_xlsx(consolidate(s.regime, s.period, as_of=s.as_of))))
    cells = [row[3] for row in book["Báo cáo của đơn vị"].iter_rows(min_row=4)]
    risky = next(cell for cell in cells if str(cell.value).startswith("="))
    assert risky.data_type == "s"
    assert risky.quotePrefix


# -- the demo's quarterly report --------------------------------------------------------------


def _demo_report(settings: Any) -> tuple[Regime, ProvinceReport]:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("demo", "--no-serve", stdout=io.StringIO())
    regime = Regime.objects.get(name=QUARTERLY_NAME)
    return regime, ProvinceReport.objects.get(regime=regime, format="docx")


def test_the_demo_quarterly_report_fits_its_page_budget(settings: Any) -> None:
    regime, stored = _demo_report(settings)
    with stored.file.open("rb") as fh:
        doc = read_docx(fh)
    before, after = _body(doc)
    as_of = dt.date.fromisoformat(stored.summary["as_of"])
    assert stored.summary["expected"] > 70  # a province-sized report

    # The body: summary first, the units' texts cut, within the budget.
    assert sum(len(t) for t in before) <= BODY_BUDGET
    headings = [t for t in before if re.match(r"^[IVX]+\. ", t)]
    assert headings == ["I. TÓM TẮT KẾT QUẢ", "II. NỘI DUNG BÁO CÁO CỦA CÁC ĐƠN VỊ"]
    summary = before[before.index(headings[0]) : before.index(headings[1])]
    assert any("tỷ lệ đầy đủ" in t and "tỷ lệ đúng hạn" in t for t in summary)
    assert any(t.startswith("- Đơn vị gửi báo cáo muộn (") for t in summary)
    assert any(t.startswith("- Đơn vị chưa gửi báo cáo (") for t in summary)
    assert any(t.startswith("Toàn tỉnh: ") and "chỉ tiêu" in t for t in summary)
    assert any("lượt nhiệm vụ: hoàn thành đúng hạn" in t for t in summary)
    units = before[before.index(headings[1]) :]
    quoted = [t for t in units if t.startswith("- ")]
    assert len(quoted) >= stored.summary["submitted"]  # every unit that wrote is quoted
    for text in quoted:
        assert len(text.split(": ", 1)[-1]) <= EXCERPT_MAX + len(FULL_TEXT_NOTE) + 1, text
    assert any(t.endswith(FULL_TEXT_NOTE) for t in quoted)

    # The per-unit indicator table once, in the one appendix.
    assert [t for t in before + after if t == "PHỤ LỤC"] == ["PHỤ LỤC"]
    unit_tables = [
        table
        for table in doc.tables
        if [cell.text for cell in table.rows[0].cells][:3] == ["STT", "Đơn vị", "Chỉ số"]
    ]
    assert len(unit_tables) == 1
    assert not any(row.startswith("STTĐơn vịChỉ số") for row in before)
    pairs = [(row.cells[1].text, row.cells[2].text) for row in unit_tables[0].rows[1:]]
    assert len(pairs) == len(set(pairs)) == stored.summary["expected"] * len({p[1] for p in pairs})

    # One as-of date, stated under the title; no other date reads as one.
    stated = f"(Số liệu tính đến ngày {as_of:%d/%m/%Y})"
    assert before.count(stated) == 1
    assert {d for t in before + after for d in AS_OF_PHRASE.findall(t)} == {f"{as_of:%d/%m/%Y}"}

    # Who signs: the committee, in the header, the number symbol and the signature.
    header = doc.tables[0].cell(0, 0).text
    assert "BAN CHỈ ĐẠO" in header
    assert "CHUYỂN ĐỔI SỐ" in header
    assert "/BC-BCĐ" in header
    block = next(t for t in doc.tables if "Nơi nhận:" in t.cell(0, 0).text)
    assert [p.text for p in block.cell(0, 1).paragraphs if p.text] == [
        "TM. BAN CHỈ ĐẠO",
        "KT. TRƯỞNG BAN",
        "PHÓ TRƯỞNG BAN THƯỜNG TRỰC",
        "Đoàn Thu Hà",
    ]
    assert "Kính gửi:" in before
    assert "- Thường trực Tỉnh ủy;" in before
    assert "- Như trên;" in block.cell(0, 0).text

    # The workbook holds every text in full.
    c = consolidate(regime, Period.parse(stored.period_code), as_of=as_of)
    sheet = load_workbook(io.BytesIO(build_xlsx(c)))["Báo cáo của đơn vị"]
    full = {(r[1], r[2]): r[3] for r in sheet.iter_rows(min_row=4, values_only=True)}
    assert len(full) == sum(len(b.entries) for b in c.narratives)
    entry = c.narratives[0].entries[0]
    assert full[(entry.unit.name, c.narratives[0].section.title)] == entry.text


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_the_demo_quarterly_report_renders_in_at_most_12_pages_before_its_appendix(
    settings: Any, tmp_path: Path
) -> None:
    import pdfplumber

    _regime, stored = _demo_report(settings)
    source = tmp_path / "report.docx"
    with stored.file.open("rb") as fh:
        source.write_bytes(fh.read())
    subprocess.run(  # a fixed command on a file the test wrote
        [
            str(shutil.which("soffice")),
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    with pdfplumber.open(tmp_path / "report.pdf") as pdf:
        texts = [page.extract_text() or "" for page in pdf.pages]
    appendix = next(n for n, text in enumerate(texts) if "PHỤ LỤC" in text)
    assert appendix <= 12  # pages before the appendix's first
