"""Browser: a quarter's report from a department to the province (issue 5, "Done means").

Each person in their own browser session, through the real screens:

1. the finance department's officer (donvi) opens the quarter's report from "Báo cáo
   định kỳ", writes its sections and figures, saves a draft and sends it;
2. the secretariat (thuongtruc) finds it in the review queue and returns it with a
   comment;
3. the officer sees the comment, corrects a figure (with the reason the correction needs)
   and sends it again;
4. the secretariat accepts it and builds the province's report (.docx) from the regime's
   page; the test downloads it and reads it with python-docx: the national motto, a table
   row of the officer's unit with a figure it entered, and the health department listed as
   late (its report was sent, through the services, the day after the deadline; the
   science department's the day before: on time).

Only the setup (indicators, the regime, the late unit's report) and reading the database
bypass the screens.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import docx
import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from chidao.core.periods import Period
from chidao.reporting import services
from chidao.reporting.choices import DueMonth, DueRule, SubmissionEventKind, SubmissionStatus
from chidao.reporting.models import ProvinceReport, Submission
from chidao.reporting.tests.test_views import make_indicators
from conftest import message, nav

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RESULTS = "Kết quả thực hiện nhiệm vụ trong kỳ"
PROBLEMS = "Khó khăn, vướng mắc và kiến nghị, đề xuất"
NEXT = "Nhiệm vụ trọng tâm kỳ tới"
COMMENT = "Đề nghị bổ sung số hồ sơ trực tuyến của tháng cuối quý"


def docx_text(path: str) -> tuple[str, list[list[str]]]:
    """All the text of a .docx (paragraphs and table cells) and its tables' rows."""
    document = docx.Document(path)
    parts = [p.text for p in document.paragraphs]
    rows: list[list[str]] = []
    for table in document.tables:
        for row in table.rows:
            cells = [c.text.strip() for c in row.cells]
            rows.append(cells)
            parts.extend(cells)
    return "\n".join(parts), rows


def test_quarter_report_from_unit_to_province(
    people: Any, province: Any, open_as: Callable[[str], Page]
) -> None:
    today = timezone.localdate()
    # Last quarter, due on the 5th of its last month: always past, whatever today is; the
    # grace days keep the report open for the officer.
    period = Period.containing("quarter", today).previous()
    inds = make_indicators()
    regime = services.save_regime(
        None,
        None,
        {
            "name": "Báo cáo kết quả chuyển đổi số hằng quý",
            "content": "Kết quả thực hiện chuyển đổi số, dịch vụ công trực tuyến",
            "receiver": province.khcn,
            "frequency": "quarter",
            "due_rule": DueRule.DAY_OF_MONTH,
            "due_day": 5,
            "due_month": DueMonth.LAST,
            "grace_days": 150,
            "first_period": period.code,
        },
        units=[province.tc, province.yt, province.khcn],
        indicators=[inds.ratio, inds.staff],
    )
    due = services.due_date_of(regime, period)
    # Sở KH&CN sent the day before the deadline, Sở Y tế the day after; the officer is late.
    assert due + dt.timedelta(days=1) < today
    for unit, sent_on in (
        (province.khcn, due - dt.timedelta(days=1)),
        (province.yt, due + dt.timedelta(days=1)),
    ):
        early = services.open_submission(regime, unit, period)
        services.save_submission(
            None,
            early,
            answers={s.pk: "Đã triển khai" for s in regime.sections.filter(kind="narrative")},
            values={
                inds.total.pk: Decimal(500),
                inds.online.pk: Decimal(300),
                inds.staff.pk: Decimal(60),
            },
            on=sent_on,
        )
        at = timezone.make_aware(dt.datetime.combine(sent_on, dt.time(9)))
        services.submit(None, early, at=at)

    # -- 1. the officer fills the quarter's report and sends it -----------------------------
    officer = open_as("donvi")
    nav(officer, "Báo cáo định kỳ")
    expect(officer.get_by_role("heading", name="Báo cáo của đơn vị")).to_be_visible()
    owed = officer.locator("tr.owed-row", has_text=regime.name).filter(has_text=period.label)
    expect(owed).to_contain_text(period.label)
    expect(owed).to_contain_text(f"{due:%d/%m/%Y}")
    owed.get_by_role("link", name="Lập báo cáo").click()
    officer.wait_for_url("**/reporting/submissions/*/")
    sub = Submission.objects.get(regime=regime, unit=province.tc)
    expect(officer.locator("#due-date")).to_have_text(f"{due:%d/%m/%Y}")
    expect(officer.locator("#submission-status")).to_contain_text("Đang soạn")
    officer.get_by_label(RESULTS).fill("Đã số hoá 1.200 hồ sơ thủ tục hành chính")
    officer.get_by_label(PROBLEMS).fill("Thiếu máy quét tại bộ phận một cửa")
    officer.get_by_label(NEXT).fill("Triển khai thanh toán trực tuyến")
    officer.locator(f"#id_value_{inds.total.pk}").fill("1.234")
    officer.locator(f"#id_value_{inds.online.pk}").fill("900")
    officer.locator(f"#id_value_{inds.staff.pk}").fill("85,5")
    officer.get_by_role("button", name="Lưu nháp").click()
    message(officer, "Đã lưu nháp báo cáo.")
    expect(officer.locator(f"#id_value_{inds.total.pk}")).to_have_value("1.234")
    officer.get_by_role("button", name="Gửi báo cáo").click()
    message(officer, f"Đã gửi báo cáo (gửi muộn so với hạn {due:%d/%m/%Y}).")
    expect(officer.locator("#submission-status")).to_contain_text("Đã gửi, chờ tiếp nhận")
    sub.refresh_from_db()
    assert (sub.status, sub.late, sub.submitted_by) == (
        SubmissionStatus.SUBMITTED,
        True,
        people.donvi,
    )
    assert sub.values.get(indicator=inds.total).value == Decimal(1234)

    # -- 2. the secretariat returns it with a comment ----------------------------------------
    sec = open_as("thuongtruc")
    nav(sec, "Báo cáo định kỳ")
    queued = sec.locator("#review-queue tr.queue-row", has_text="Sở Tài chính")
    queued.get_by_role("link", name="Xem và tiếp nhận").click()
    sec.wait_for_url(f"**/reporting/submissions/{sub.uuid}/")
    expect(sec.locator(f"#section-{regime.sections.get(title=RESULTS).pk}")).to_contain_text(
        "Đã số hoá 1.200 hồ sơ"
    )
    sec.get_by_label("Nội dung đơn vị cần sửa, bổ sung").fill(COMMENT)
    sec.get_by_role("button", name="Trả lại", exact=True).click()
    message(sec, "Đã trả lại báo cáo cho Sở Tài chính.")
    sub.refresh_from_db()
    assert (sub.status, sub.reviewer_comment) == (SubmissionStatus.RETURNED, COMMENT)

    # -- 3. the officer sees the comment, corrects and sends again --------------------------
    officer.reload()
    expect(officer.locator("#reviewer-comment")).to_contain_text(COMMENT)
    officer.locator(f"#id_value_{inds.online.pk}").fill("1.000")
    officer.get_by_role("button", name="Gửi báo cáo").click()
    # A figure already sent is corrected only with a reason: the page says so.
    officer.get_by_text("cần ghi lý do điều chỉnh").first.wait_for()
    assert sub.values.get(indicator=inds.online).value == Decimal(900)
    officer.get_by_label("Lý do điều chỉnh số liệu đã gửi").fill("Bổ sung hồ sơ ngày cuối quý")
    officer.get_by_role("button", name="Gửi báo cáo").click()
    message(officer, f"Đã gửi báo cáo (gửi muộn so với hạn {due:%d/%m/%Y}).")
    sub.refresh_from_db()
    assert sub.status == SubmissionStatus.SUBMITTED
    online = sub.values.get(indicator=inds.online)
    assert online.value == Decimal(1000)
    assert online.revisions.filter(reason="Bổ sung hồ sơ ngày cuối quý").exists()
    kinds = list(sub.events.values_list("kind", flat=True))
    assert kinds.count(SubmissionEventKind.SUBMITTED) == 2
    assert SubmissionEventKind.RETURNED in kinds

    # -- 4. the secretariat accepts it and builds the province's report ----------------------
    sec.reload()
    sec.get_by_role("button", name="Tiếp nhận", exact=True).click()
    message(sec, "Đã tiếp nhận báo cáo của Sở Tài chính.")
    expect(sec.locator("#history")).to_contain_text("Trả lại")
    expect(sec.locator("#history")).to_contain_text(COMMENT)
    sec.get_by_role("link", name=regime.name).click()
    sec.wait_for_url(f"**/reporting/regimes/{regime.uuid}/")
    rates = sec.locator("#rates-table")
    expect(rates.locator("tr", has_text="Sở Khoa học và Công nghệ")).to_contain_text("Đúng hạn")
    expect(rates.locator("tr", has_text="Sở Tài chính")).to_contain_text("Muộn")
    expect(rates.locator("tr", has_text="Sở Y tế")).to_contain_text("Muộn")
    sec.get_by_label("Số, ký hiệu").fill("25/BC-BCĐ")
    sec.get_by_role("button", name=f"Lập báo cáo tổng hợp {period.label} (Word)").click()
    message(sec, f"Đã lập báo cáo tổng hợp {period.label}")
    report = ProvinceReport.objects.get(regime=regime, period_code=period.code, format="docx")
    assert report.built_by == people.thuongtruc
    row = sec.locator("#reports-table tr.report-row", has_text="Word")
    with sec.expect_download() as info:
        row.get_by_role("link", name="Tải về").click()
    download = info.value
    assert download.suggested_filename.endswith(".docx")
    text, rows = docx_text(str(download.path()))
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "25/BC-BCĐ" in text
    assert any(
        "Sở Tài chính" in cells
        and "1.234" in cells
        and any("Tổng số hồ sơ tiếp nhận" in c for c in cells)
        for cells in rows
    ), rows
    assert f"Sở Y tế: gửi ngày {due + dt.timedelta(days=1):%d/%m/%Y}, muộn 1 ngày" in text
