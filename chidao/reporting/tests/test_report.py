"""The province's consolidated report: what `consolidate` gathers, the .docx and .xlsx it
renders, storing it with `build_report`, and the queries it costs at scale."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from docx import Document as read_docx
from openpyxl import load_workbook

from chidao.core.models import AuditEvent
from chidao.core.periods import Period
from chidao.indicators.choices import Achievement
from chidao.reporting.models import ProvinceReport
from chidao.reporting.report import (
    build_docx,
    build_report,
    build_xlsx,
    consolidate,
    report_filename,
)
from chidao.tasks.choices import AssignmentStatus

pytestmark = pytest.mark.django_db


def texts_of(doc: Any) -> list[str]:
    return [p.text for p in doc.paragraphs]


def rows_of(table: Any) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def all_rows(doc: Any) -> list[list[str]]:
    return [row for table in doc.tables for row in rows_of(table)]


# -- consolidate -----------------------------------------------------------------------


def test_consolidate_counts_on_time_late_and_missing_units(regime_setup: Any) -> None:
    s = regime_setup
    c = consolidate(s.regime, s.period, as_of=s.as_of)
    r = c.rates
    assert (r.expected, r.submitted, r.on_time, r.late, r.missing, r.pending) == (3, 2, 1, 1, 1, 0)
    assert r.accepted == 1
    assert r.due_date == s.due
    assert [(x.unit.name, x.days_late, x.sent_on) for x in c.late] == [
        ("Sở Y tế", 3, dt.date(2025, 10, 8))
    ]
    assert [u.name for u in c.missing] == ["Xã Cao Lộc"]


def test_missing_units_are_pending_before_the_deadline(regime_setup: Any) -> None:
    s = regime_setup
    c = consolidate(s.regime, s.period, as_of=dt.date(2025, 10, 4))
    assert c.missing == []
    # Sở Y tế's late report was sent after 04/10: as of that day it was not there yet.
    assert [u.name for u in c.pending] == ["Sở Y tế", "Xã Cao Lộc"]
    assert c.rates.on_time == 1


def test_consolidate_adds_the_ratio_built_from_the_regimes_indicators(regime_setup: Any) -> None:
    s = regime_setup
    c = consolidate(s.regime, s.period, as_of=s.as_of)
    codes = [i.code for i in c.indicators]
    # The ratio comes right after the last of its two terms.
    assert codes == ["HS-TT", "HS-TONG", "TL-HSTT", "CB-APP"] or codes == [
        "HS-TONG",
        "HS-TT",
        "TL-HSTT",
        "CB-APP",
    ]
    ratio = s.indicators["TL-HSTT"]
    tc, yt, commune = s.units["tc"], s.units["yt"], s.units["commune"]
    tc_cell = c.board.cells[(ratio.pk, tc.pk)]
    assert tc_cell.value == Decimal(85)
    assert tc_cell.target is not None
    assert tc_cell.target.value == 80
    assert tc_cell.judgement.status == Achievement.MET
    yt_cell = c.board.cells[(ratio.pk, yt.pk)]
    assert yt_cell.value == Decimal(50)
    assert yt_cell.target is not None
    assert yt_cell.target.value == 70
    assert yt_cell.judgement.status == Achievement.MISSED
    assert c.board.cells[(ratio.pk, commune.pk)].judgement.status == Achievement.NO_DATA
    province = c.board.province[ratio.pk]
    assert province.value is not None
    assert round(province.value, 1) == Decimal("73.3")
    assert province.judgement.status == Achievement.MET
    usage = s.indicators["CB-APP"]
    assert c.board.province[usage.pk].value == 90
    assert c.board.province[usage.pk].judgement.status == Achievement.MISSED


def test_task_split_per_unit_as_of_the_reports_one_date(regime_setup: Any) -> None:
    s = regime_setup
    c = consolidate(s.regime, s.period, as_of=s.as_of)
    assert not hasattr(c, "tasks_as_of")  # one as-of date for the whole report
    by_unit = {t.unit.name: t for t in c.tasks}
    tc = by_unit["Sở Tài chính"]
    # The task of November's directive and the draft task are not counted.
    assert tc.total == 4
    assert all(tc[status] == 1 for status in AssignmentStatus)
    assert by_unit["Sở Y tế"][AssignmentStatus.OPEN_OVERDUE] == 1
    assert by_unit["Xã Cao Lộc"][AssignmentStatus.OPEN_ON_TIME] == 1
    assert c.task_totals()[AssignmentStatus.OPEN_OVERDUE] == 2
    # Built on 05/11, the report counts the work as it stands that day, November's too.
    later = consolidate(s.regime, s.period, as_of=dt.date(2025, 11, 5))
    assert {t.unit.name: t.total for t in later.tasks}["Sở Tài chính"] == 5


def test_task_split_as_of_a_date_inside_the_period(regime_setup: Any) -> None:
    s = regime_setup
    c = consolidate(s.regime, s.period, as_of=dt.date(2025, 8, 10))
    tc = {t.unit.name: t for t in c.tasks}["Sở Tài chính"]
    # On 10/08 the work due 31/07 is still open (overdue), the one due 31/08 open on time.
    assert tc[AssignmentStatus.OPEN_OVERDUE] == 1
    assert tc[AssignmentStatus.OPEN_ON_TIME] == 3
    assert tc[AssignmentStatus.DONE_ON_TIME] == 0


def test_narratives_hold_each_units_text_under_each_section(regime_setup: Any) -> None:
    s = regime_setup
    c = consolidate(s.regime, s.period, as_of=s.as_of)
    assert [n.section.title for n in c.narratives] == [x.title for x in s.sections]
    first = c.narratives[0]
    assert [(e.unit.name, e.text) for e in first.entries] == [
        ("Sở Tài chính", s.texts["tc"][0]),
        ("Sở Y tế", s.texts["yt"][0]),
    ] or sorted((e.unit.name, e.text) for e in first.entries) == sorted(
        [("Sở Tài chính", s.texts["tc"][0]), ("Sở Y tế", s.texts["yt"][0])]
    )


def test_a_returned_report_is_left_out_of_the_narratives(regime_setup: Any, people: Any) -> None:
    from chidao.reporting.services import return_submission

    s = regime_setup
    return_submission(people.thuongtruc, s.submissions["yt"], "Bổ sung số liệu bệnh viện.")
    c = consolidate(s.regime, s.period, as_of=s.as_of)
    assert {e.unit.name for e in c.narratives[0].entries} == {"Sở Tài chính"}
    # It still counts as sent late: the first sending decides timeliness.
    assert [x.unit.name for x in c.late] == ["Sở Y tế"]


def test_consolidate_refuses_a_period_of_another_kind(regime_setup: Any) -> None:
    s = regime_setup
    with pytest.raises(ValidationError) as err:
        consolidate(s.regime, Period.parse("2025-08"))
    assert "báo cáo hằng quý" in err.value.messages[0]
    with pytest.raises(ValidationError) as err:
        consolidate(s.regime, Period.parse("2024Q4"))
    assert "không yêu cầu báo cáo Quý IV/2024" in err.value.messages[0]


# -- the query count does not grow with units or indicators -------------------------------


def _scaled_regime(province: Any, n_units: int, n_indicators: int, tag: str) -> Any:
    """A regime of `n_units` new departments × `n_indicators` reported indicators plus a
    ratio of the first two, with a quarter of values, submissions (a third late, a third
    missing), narratives, targets and assignments, made in bulk."""
    from chidao.indicators.choices import FormulaKind
    from chidao.indicators.models import Indicator, IndicatorValue, Target
    from chidao.reporting.choices import SectionKind, SubmissionStatus
    from chidao.reporting.models import (
        Regime,
        RegimeIndicator,
        RegimeSection,
        Submission,
        SubmissionSection,
    )
    from chidao.tasks.choices import AssignmentRole, TaskState
    from chidao.tasks.models import Assignment, Task
    from chidao.units.models import Unit

    period = Period.quarterly(2025, 3)
    units = Unit.objects.bulk_create(
        [
            Unit(
                kind="department",
                parent=province.unit,
                province=province.unit,
                name=f"Sở thử {tag} {n:03d}",
            )
            for n in range(n_units)
        ]
    )
    indicators = Indicator.objects.bulk_create(
        [
            Indicator(code=f"{tag}-{n:03d}", name=f"Chỉ số {tag} {n}", order=n)
            for n in range(n_indicators)
        ]
    )
    Indicator.objects.create(
        code=f"{tag}-TL",
        name=f"Tỷ lệ {tag}",
        formula=FormulaKind.RATIO,
        numerator=indicators[0],
        denominator=indicators[1],
        scale=100,
        measure_unit="%",
    )
    regime = Regime.objects.create(
        province=province.unit,
        name=f"Báo cáo {tag}",
        frequency="quarter",
        due_day=5,
        first_period="2025Q1",
    )
    regime.units.set(units)
    RegimeIndicator.objects.bulk_create(
        [RegimeIndicator(regime=regime, indicator=ind, order=n) for n, ind in enumerate(indicators)]
    )
    sections = RegimeSection.objects.bulk_create(
        [
            RegimeSection(regime=regime, order=n, title=f"Mục {n}", kind=SectionKind.NARRATIVE)
            for n in range(2)
        ]
    )
    due = dt.date(2025, 10, 5)
    subs = []
    for n, unit in enumerate(units):
        if n % 3 == 2:
            continue
        sent = dt.datetime(2025, 10, 3 if n % 3 == 0 else 9, 9, tzinfo=dt.UTC)
        sub = Submission(
            regime=regime,
            unit=unit,
            due_date=due,
            status=SubmissionStatus.SUBMITTED,
            first_submitted_at=sent,
            submitted_at=sent,
            late=n % 3 == 1,
        )
        sub.period = period
        subs.append(sub)
    subs = Submission.objects.bulk_create(subs)
    SubmissionSection.objects.bulk_create(
        [
            SubmissionSection(submission=sub, section=sec, text=f"Nội dung {sec.title}")
            for sub in subs
            for sec in sections
        ]
    )
    values = []
    for unit in units:
        for n, ind in enumerate(indicators):
            v = IndicatorValue(indicator=ind, unit=unit, value=Decimal(50 if n == 0 else 100))
            v.period = period
            values.append(v)
    IndicatorValue.objects.bulk_create(values)
    targets = []
    for ind in indicators:
        t = Target(indicator=ind, value=Decimal(60))
        t.period = period
        targets.append(t)
    for unit in units[:3]:
        t = Target(indicator=indicators[0], unit=unit, value=Decimal(40))
        t.period = period
        targets.append(t)
    Target.objects.bulk_create(targets)
    task = Task.objects.create(
        province=province.unit,
        title=f"Việc {tag}",
        state=TaskState.OPEN,
        due_date=dt.date(2025, 9, 1),
    )
    Assignment.objects.bulk_create(
        [
            Assignment(task=task, unit=unit, role=AssignmentRole.LEAD, due_date=task.due_date)
            for unit in units
        ]
    )
    return regime, period


def _queries_of_consolidate(regime: Any, period: Period) -> tuple[int, Any]:
    with CaptureQueriesContext(connection) as ctx:
        c = consolidate(regime, period, as_of=dt.date(2025, 10, 20))
    return len(ctx.captured_queries), c


def test_consolidate_costs_the_same_queries_for_30_units_as_for_3(
    province: Any, django_assert_max_num_queries: Any
) -> None:
    small, period = _scaled_regime(province, 3, 2, "NHO")
    large, _ = _scaled_regime(province, 30, 10, "LON")
    small_count, small_c = _queries_of_consolidate(small, period)
    large_count, large_c = _queries_of_consolidate(large, period)
    assert (small_c.rates.expected, len(small_c.indicators)) == (3, 3)
    assert (large_c.rates.expected, len(large_c.indicators)) == (30, 11)
    assert large_c.rates.late == 10
    assert large_c.rates.missing == 10
    assert len(large_c.narratives[0].entries) == 20
    assert sum(t.total for t in large_c.tasks) == 30
    assert small_count == large_count
    with django_assert_max_num_queries(16):
        consolidate(large, period, as_of=dt.date(2025, 10, 20))


# -- the .docx ---------------------------------------------------------------------------


def test_docx_has_the_decree_header_title_tables_and_late_units(regime_setup: Any) -> None:
    s = regime_setup
    c = consolidate(s.regime, s.period, as_of=s.as_of)
    doc = read_docx(io.BytesIO(build_docx(c, number="12", issued_on=dt.date(2025, 10, 5))))
    header = doc.tables[0]
    left, right = header.cell(0, 0).text, header.cell(0, 1).text
    assert "UBND TỈNH LẠNG SƠN" in left
    assert "BAN CHỈ ĐẠO CHUYỂN ĐỔI SỐ TỈNH" in left
    assert "Số: 12/BC-BCĐ" in left
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in right
    assert "Độc lập - Tự do - Hạnh phúc" in right
    date_para = header.cell(0, 1).paragraphs[-1]
    assert date_para.text == "Lạng Sơn, ngày 05 tháng 10 năm 2025"
    assert all(r.italic for r in date_para.runs)
    motto = header.cell(0, 1).paragraphs[0]
    assert all(r.bold for r in motto.runs)
    texts = texts_of(doc)
    assert "BÁO CÁO" in texts
    assert "Kết quả tình hình chuyển đổi số Quý III/2025" in texts
    assert "(Số liệu tính đến ngày 20/10/2025)" in texts
    assert "Kính gửi: Ủy ban nhân dân tỉnh Lạng Sơn." in texts
    # I. the summary comes first: rates, late and missing units, indicators, tasks.
    headings = [t for t in texts if t[:3] in ("I. ", "II.", "III")]
    assert headings == ["I. TÓM TẮT KẾT QUẢ", "II. NỘI DUNG BÁO CÁO CỦA CÁC ĐƠN VỊ"]
    assert any(
        "3 đơn vị phải báo cáo; đã gửi 2 đơn vị (tỷ lệ đầy đủ 66,7%), trong đó đúng hạn 1 "
        "đơn vị (tỷ lệ đúng hạn 33,3%)" in t
        for t in texts
    )
    assert "+ Sở Y tế: gửi ngày 08/10/2025, muộn 3 ngày so với hạn 05/10/2025." in texts
    assert "- Đơn vị chưa gửi báo cáo (1 đơn vị): Xã Cao Lộc." in texts
    assert (
        "Toàn tỉnh: 1/2 chỉ số được giao chỉ tiêu đạt chỉ tiêu; chưa đạt: Tỷ lệ cán bộ sử "
        "dụng ứng dụng 90% (chỉ tiêu ≥ 100%, không đạt)." in texts
    )
    assert (
        "Các đơn vị báo cáo được giao 6 lượt nhiệm vụ: hoàn thành đúng hạn 1 (16,7%), hoàn "
        "thành quá hạn 1 (16,7%), đang thực hiện trong hạn 2 (33,3%), chưa hoàn thành, quá "
        "hạn 2 (33,3%)." in texts
    )
    assert any(t.startswith("Đơn vị có nhiệm vụ chưa hoàn thành, quá hạn: Sở") for t in texts)
    # A unit's text, as it is (short: nothing cut).
    assert any(t.startswith("- Sở Tài chính: Hoàn thành số hoá 100% hồ sơ") for t in texts)
    rows = all_rows(doc)
    # The province's line in the summary; the units' lines only in the appendix.
    assert ["Tỷ lệ hồ sơ trực tuyến (%)", "73,3", "≥ 70", "Đạt"] in [r[1:] for r in rows]
    unit_rows = [r for r in rows if r[1] == "Sở Tài chính" and r[2].startswith("Tỷ lệ hồ sơ")]
    assert [r[3:] for r in unit_rows] == [["85", "≥ 80", "Đạt"]]
    yt_rows = [r for r in rows if r[1] == "Sở Y tế" and r[2].startswith("Tỷ lệ hồ sơ")]
    assert [r[3:] for r in yt_rows] == [["50", "≥ 70", "Không đạt"]]
    # Signature and recipients: the committee's, as the header.
    signature = doc.tables[-3]
    assert "Nơi nhận:" in signature.cell(0, 0).text
    assert "- Như trên;" in signature.cell(0, 0).text
    assert "- Lưu: VT." in signature.cell(0, 0).text
    assert [p.text for p in signature.cell(0, 1).paragraphs if p.text] == [
        "TM. BAN CHỈ ĐẠO",
        "KT. TRƯỞNG BAN",
        "PHÓ TRƯỞNG BAN",
        "Hoàng Văn Phó",
    ]
    # The one appendix: every unit's every indicator, even without data, then the
    # four-way split by unit.
    assert texts.count("PHỤ LỤC") == 1
    appendix = rows_of(doc.tables[-2])
    assert ["3", "Xã Cao Lộc", "Tỷ lệ hồ sơ trực tuyến (%)", "—", "≥ 70", "Chưa có số liệu"] in (
        appendix
    )
    assert len(appendix) == 1 + 3 * 4
    tasks = rows_of(doc.tables[-1])
    assert tasks[0][3:] == [
        "Hoàn thành đúng hạn",
        "Hoàn thành quá hạn",
        "Đang thực hiện trong hạn",
        "Chưa hoàn thành, quá hạn",
    ]
    assert ["Sở Tài chính", "4", "1", "1", "1", "1"] in [r[1:] for r in tasks]
    assert tasks[-1] == ["", "Tổng cộng", "6", "1", "1", "2", "2"]


def test_docx_page_and_font_follow_the_decree(regime_setup: Any) -> None:
    s = regime_setup
    doc = read_docx(io.BytesIO(build_docx(consolidate(s.regime, s.period, as_of=s.as_of))))
    section: Any = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert round(section.top_margin.mm) in range(20, 26)
    assert round(section.bottom_margin.mm) in range(20, 26)
    assert round(section.left_margin.mm) in range(30, 36)
    assert round(section.right_margin.mm) in range(15, 21)
    normal = doc.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    assert normal.font.size.pt in (13, 14)
    # No number given: left for the clerk; the date defaults to the as-of date.
    header = doc.tables[0]
    assert "Số:        /BC-BCĐ" in header.cell(0, 0).text
    assert header.cell(0, 1).paragraphs[-1].text == "Lạng Sơn, ngày 20 tháng 10 năm 2025"


def test_docx_issued_by_the_standing_department_is_signed_by_its_head(
    regime_setup: Any, province: Any
) -> None:
    from chidao.reporting.choices import ReportSigner

    s = regime_setup
    s.regime.receiver = province.khcn
    s.regime.report_signer = ReportSigner.STANDING
    s.regime.signer_title = ""
    s.regime.save()
    c = consolidate(s.regime, s.period, as_of=s.as_of)
    doc = read_docx(io.BytesIO(build_docx(c, number="7")))
    left = doc.tables[0].cell(0, 0).text
    assert "SỞ KHOA HỌC VÀ CÔNG NGHỆ" in left
    assert "Số: 7/BC-SKHCN" in left
    assert [p.text for p in doc.tables[-3].cell(0, 1).paragraphs if p.text] == [
        "GIÁM ĐỐC",
        "Hoàng Văn Phó",
    ]
    assert "Kính gửi: Ban Chỉ đạo chuyển đổi số tỉnh." in texts_of(doc)
    # In running text the body keeps its name as written, not the header's capitals.
    body = "\n".join(p.text for p in doc.paragraphs)
    assert "Sở Khoa học và Công nghệ tổng hợp" in body
    assert "của Sở Khoa học và Công nghệ)" in body  # the appendix's reference


def test_docx_writes_dates_with_the_decrees_leading_zeros(regime_setup: Any) -> None:
    from chidao.reporting.docx_report import date_line

    assert date_line("Lạng Sơn", dt.date(2025, 2, 3)) == "Lạng Sơn, ngày 03 tháng 02 năm 2025"
    assert date_line("Lạng Sơn", dt.date(2025, 3, 15)) == "Lạng Sơn, ngày 15 tháng 3 năm 2025"


# -- the .xlsx ---------------------------------------------------------------------------


def test_xlsx_has_the_five_sheets_with_frozen_headers(regime_setup: Any) -> None:
    s = regime_setup
    c = consolidate(s.regime, s.period, as_of=s.as_of)
    book = load_workbook(io.BytesIO(build_xlsx(c)))
    assert book.sheetnames == [
        "Tổng hợp",
        "Chỉ số",
        "Nhiệm vụ",
        "Đơn vị chậm, thiếu",
        "Báo cáo của đơn vị",
    ]
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A4"
        assert sheet["A3"].font.bold
    summary = [tuple(r) for r in book["Tổng hợp"].iter_rows(min_row=4, values_only=True)]
    assert ("Số đơn vị phải báo cáo", 3, 100) in summary
    assert ("Gửi muộn", 1, 33.3) in summary
    indicators = [list(r) for r in book["Chỉ số"].iter_rows(min_row=4, values_only=True)]
    assert ["Sở Tài chính", "TL-HSTT", "Tỷ lệ hồ sơ trực tuyến", "%", 85, "≥", 80, "Đạt"] in [
        r[1:] for r in indicators
    ]
    assert any(
        r[1] == "Toàn tỉnh" and r[2] == "CB-APP" and r[-1] == "Không đạt" for r in indicators
    )
    tasks = [list(r) for r in book["Nhiệm vụ"].iter_rows(min_row=4, values_only=True)]
    assert ["Sở Tài chính", 4, 1, 1, 1, 1] in [r[1:] for r in tasks]
    assert tasks[-1][1:] == ["Tổng cộng", 6, 1, 1, 2, 2]
    late = [list(r) for r in book["Đơn vị chậm, thiếu"].iter_rows(min_row=4, values_only=True)]
    assert late[0][1:3] == ["Sở Y tế", "Gửi muộn"]
    assert late[0][3].date() == dt.date(2025, 10, 5)
    assert late[0][5] == 3
    assert late[1][1:3] == ["Xã Cao Lộc", "Chưa gửi"]


# -- build_report ------------------------------------------------------------------------


def test_build_report_stores_the_file_and_audits(regime_setup: Any, people: Any) -> None:
    s = regime_setup
    row = build_report(people.thuongtruc, s.regime, s.period, "docx", as_of=s.as_of, number="15")
    assert row.period_code == "2025Q3"
    assert row.format == "docx"
    assert str(row.file.name).endswith("/bao-cao-tinh-hinh-chuyen-doi-so-hang-quy-2025Q3.docx")
    assert row.built_by == people.thuongtruc
    assert row.number == "15"
    assert row.summary["expected"] == 3
    assert row.summary["late_units"] == ["Sở Y tế"]
    assert row.summary["missing_units"] == ["Xã Cao Lộc"]
    with row.file.open("rb") as fh:
        doc = read_docx(fh)
    assert "Số: 15/BC-BCĐ" in doc.tables[0].cell(0, 0).text
    event = AuditEvent.objects.get(action="report.build")
    assert event.after is not None
    assert event.actor == people.thuongtruc
    assert event.after["late"] == 1
    assert event.after["rebuilt"] is False


def test_rebuilding_replaces_the_file_of_the_same_row(regime_setup: Any, people: Any) -> None:
    s = regime_setup
    first = build_report(people.thuongtruc, s.regime, s.period, "xlsx", as_of=dt.date(2025, 10, 4))
    path = first.file.path
    assert first.summary["pending"] == 2  # Sở Y tế had not sent its late report yet
    again = build_report(people.thuongtruc, s.regime, s.period, "xlsx", as_of=s.as_of)
    assert again.pk == first.pk
    assert ProvinceReport.objects.count() == 1
    assert again.file.path == path  # same name: the old file was replaced
    assert again.summary["missing"] == 1
    book = load_workbook(again.file.path)
    assert book.sheetnames[0] == "Tổng hợp"
    assert AuditEvent.objects.filter(action="report.build").count() == 2
    # Another format is its own row.
    build_report(None, s.regime, s.period, "docx", as_of=s.as_of)
    assert ProvinceReport.objects.count() == 2


@pytest.mark.parametrize("who", ["donvi", "ngoai", "lanhdao", "xem"])
def test_only_the_secretariat_builds_reports(regime_setup: Any, people: Any, who: str) -> None:
    s = regime_setup
    with pytest.raises(PermissionDenied):
        build_report(getattr(people, who), s.regime, s.period, "docx")
    assert not ProvinceReport.objects.exists()
    assert not AuditEvent.objects.filter(action="report.build").exists()


def test_build_report_refuses_a_bad_format_or_period_and_writes_nothing(
    regime_setup: Any, people: Any
) -> None:
    s = regime_setup
    with pytest.raises(ValidationError) as err:
        build_report(people.thuongtruc, s.regime, s.period, "pdf")
    assert "Định dạng “pdf” không hợp lệ; chỉ nhận: docx, xlsx." in err.value.messages
    with pytest.raises(ValidationError):
        build_report(people.thuongtruc, s.regime, Period.parse("2025-09"), "docx")
    assert not ProvinceReport.objects.exists()


def test_filename_is_a_slug_of_the_regime_and_the_period(regime_setup: Any) -> None:
    s = regime_setup
    assert (
        report_filename(s.regime, Period.parse("2024Q3"), "docx")
        == "bao-cao-tinh-hinh-chuyen-doi-so-hang-quy-2024Q3.docx"
    )


def test_docx_survives_control_characters_pasted_into_a_narrative(regime_setup: Any) -> None:
    from chidao.reporting.models import SubmissionSection

    s = regime_setup
    SubmissionSection.objects.filter(submission=s.submissions["tc"]).update(
        text="Dán từ Word\x0bcó ký tự lạ\x07 & <thẻ>"
    )
    doc = read_docx(io.BytesIO(build_docx(consolidate(s.regime, s.period, as_of=s.as_of))))
    texts = texts_of(doc)
    # Word's manual line break (\x0b) ends a line of the excerpt; the bell (\x07) is dropped.
    assert "- Sở Tài chính: Dán từ Word có ký tự lạ & <thẻ>" in texts
    # The workbook keeps the full text, the line break as a new line.
    book = load_workbook(io.BytesIO(build_xlsx(consolidate(s.regime, s.period, as_of=s.as_of))))
    full = [r[3] for r in book["Báo cáo của đơn vị"].iter_rows(min_row=4, values_only=True)]
    assert "Dán từ Word\ncó ký tự lạ & <thẻ>" in full


def test_a_regime_without_indicators_or_reports_still_builds(province: Any, people: Any) -> None:
    from chidao.reporting.services import save_regime

    regime = save_regime(
        people.thuongtruc,
        None,
        {
            "name": "Báo cáo kết quả cải cách hành chính",
            "frequency": "quarter",
            "due_day": 10,
            "first_period": "2025Q1",
        },
        units=[province.tc],
        sections=[],
    )
    c = consolidate(regime, Period.parse("2025Q3"), as_of=dt.date(2025, 10, 20))
    assert c.indicators == []
    assert [u.name for u in c.missing] == ["Sở Tài chính"]
    doc = read_docx(io.BytesIO(build_docx(c)))
    texts = texts_of(doc)
    assert "Kết quả cải cách hành chính Quý III/2025" in texts
    assert "Chế độ báo cáo này không yêu cầu số liệu chỉ số." in texts
    book = load_workbook(io.BytesIO(build_xlsx(c)))
    assert book["Chỉ số"].max_row == 3  # title, subtitle, header


def test_figures_of_a_report_not_yet_sent_stay_out_of_the_provinces_report(
    regime_setup: Any,
) -> None:
    """Xã Cao Lộc typed its figures into a draft it never sent: the province's report
    counts what units sent, so the commune has no figures and the province's total is
    still 220/300."""
    from chidao.reporting import services as reporting

    s = regime_setup
    draft = reporting.open_submission(s.regime, s.units["commune"], s.period)
    reporting.save_submission(
        None,
        draft,
        values={s.indicators["HS-TONG"].pk: Decimal(1000), s.indicators["HS-TT"].pk: Decimal(10)},
        on=dt.date(2025, 10, 1),
    )
    c = consolidate(s.regime, s.period, as_of=s.as_of)
    ratio = s.indicators["TL-HSTT"]
    assert c.board.cells[(ratio.pk, s.units["commune"].pk)].value is None
    assert c.board.province[ratio.pk].value == Decimal(220) / Decimal(300) * 100


def test_a_report_as_of_an_earlier_day_leaves_out_what_was_sent_later(regime_setup: Any) -> None:
    """Sở Y tế sent its report on 08/10/2025: as of 04/10 its text is not in the report."""
    s = regime_setup
    before = consolidate(s.regime, s.period, as_of=dt.date(2025, 10, 4))
    after = consolidate(s.regime, s.period, as_of=s.as_of)
    units_before = {e.unit.name for n in before.narratives for e in n.entries}
    units_after = {e.unit.name for n in after.narratives for e in n.entries}
    assert units_before == {"Sở Tài chính"}
    assert units_after == {"Sở Tài chính", "Sở Y tế"}
    ratio = s.indicators["TL-HSTT"]
    assert before.board.cells[(ratio.pk, s.units["yt"].pk)].value is None
    assert after.board.cells[(ratio.pk, s.units["yt"].pk)].value == Decimal(50)
