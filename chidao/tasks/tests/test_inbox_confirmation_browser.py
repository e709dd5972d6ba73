"""Browser: on a short screen, the confirmation of a progress report sent from the inbox
is in view after the form (taller than the screen) is swapped for the much shorter row,
with more rows below it keeping the page long."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from chidao.tasks.models import ProgressUpdate
from chidao.tasks.tests.conftest import assign, make_task

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_confirmation_is_in_view_after_sending_from_the_inbox(
    work: Any, province: Any, sign_in: Any, tmp_path: Any
) -> None:
    for n in range(12):
        later = make_task(
            province,
            work.doc,
            f"Việc khác số {n + 1} của Sở Tài chính",
            due_date=work.today + dt.timedelta(days=60 + n),
            order=10 + n,
        )
        assign(later, province.tc)
    page = sign_in("donvi")
    page.set_viewport_size({"width": 1000, "height": 360})
    page.goto("/tasks/inbox/")
    row = page.locator(f"#asg-{work.tc_report.uuid}")
    row.get_by_role("link", name="Báo cáo").click()
    page.locator(f"#asg-{work.tc_report.uuid} form").wait_for()
    evidence = tmp_path / "bao-cao.pdf"
    evidence.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    page.get_by_label("Tiến độ (%)").fill("60")
    page.get_by_label("Nội dung báo cáo").fill("Đã hoàn thành dự thảo lần 1")
    page.get_by_label("Tệp minh chứng").set_input_files(str(evidence))
    page.get_by_role("button", name="Gửi báo cáo").click()  # scrolled to, at the form's end
    confirmation = row.get_by_role("status")
    confirmation.wait_for()
    assert confirmation.inner_text().strip() == "Đã ghi nhận báo cáo tiến độ."
    page.wait_for_function(
        """el => { const r = el.getBoundingClientRect();
                   return r.top >= 0 && r.bottom <= window.innerHeight; }""",
        arg=confirmation.element_handle(),
    )
    assert ProgressUpdate.objects.get().percent == 60
