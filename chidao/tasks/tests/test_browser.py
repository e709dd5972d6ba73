"""Browser: an officer reports progress in place from the unit's inbox (htmx)."""

from __future__ import annotations

from typing import Any

import pytest

from chidao.tasks.models import ProgressUpdate

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_reports_progress_in_place_from_the_inbox(
    work: Any, sign_in: Any, tmp_path: Any
) -> None:
    page = sign_in("donvi")
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role(
        "link", name="Việc của đơn vị"
    ).click()
    page.wait_for_load_state()
    row = page.locator(f"#asg-{work.tc_report.uuid}")
    row.get_by_role("link", name="Báo cáo").click()
    form_row = page.locator(f"#asg-{work.tc_report.uuid} form")
    form_row.wait_for()  # swapped in by htmx, the page stays
    assert page.url.endswith("/tasks/inbox/")
    evidence = tmp_path / "bao-cao.pdf"
    evidence.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    page.get_by_label("Tiến độ (%)").fill("80")
    page.get_by_label("Nội dung báo cáo").fill("Đã trình dự thảo")
    page.get_by_label("Tệp minh chứng").set_input_files(str(evidence))
    page.get_by_role("button", name="Gửi báo cáo").click()
    page.get_by_text("Đã ghi nhận báo cáo tiến độ.").wait_for()
    assert "80%" in page.locator(f"#asg-{work.tc_report.uuid}").inner_text()
    update = ProgressUpdate.objects.get()
    assert (update.percent, update.narrative) == (80, "Đã trình dự thảo")
    assert update.evidence.get().name == "bao-cao.pdf"
