"""An officer's home page lists what the unit must do, with links: the reports to send
this period (a report returned for correction among them) and the work overdue or due
soon (the top of the unit's inbox), not only counts."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from chidao.core.periods import Period
from chidao.reporting import services
from chidao.reporting.tests.test_services import at, fill, setup  # noqa: F401  # fixtures
from chidao.tasks.choices import TaskState
from chidao.tasks.models import Assignment, Task

pytestmark = pytest.mark.django_db


def _assign(province: Any, title: str, unit: Any, due: dt.date) -> Assignment:
    task = Task.objects.create(
        province=province.unit, title=title, due_date=due, state=TaskState.OPEN
    )
    return Assignment.objects.create(
        task=task, unit=unit, role="lead", due_date=due, original_due_date=due
    )


@pytest.fixture
def returned(setup: Any, people: Any) -> Any:  # noqa: F811
    """Sở Tài chính sent last quarter's report; the secretariat sent it back."""
    quarter = Period.containing("quarter", timezone.localdate()).previous()
    setup.regime.first_period = "2020Q1"
    setup.regime.save(update_fields=["first_period"])
    row = services.open_submission(setup.regime, people.donvi.unit, quarter)
    fill(setup, row, people.donvi, quarter.end)
    services.submit(people.donvi, row, at=at(quarter.end))
    services.return_submission(people.thuongtruc, row, "Bổ sung số liệu quý.")
    row.refresh_from_db()
    return row


@pytest.fixture
def work(province: Any) -> Any:
    today = timezone.localdate()
    return type(
        "Work",
        (),
        {
            "soon": _assign(province, "Trình đề án kho dữ liệu số", province.tc, today),
            "late": _assign(
                province, "Báo cáo kết quả số hoá hồ sơ", province.tc, today - dt.timedelta(days=5)
            ),
            "later": _assign(
                province, "Tổng kết năm chuyển đổi số", province.tc, today + dt.timedelta(days=90)
            ),
            "other": _assign(
                province, "Việc của Sở Y tế", province.yt, today - dt.timedelta(days=2)
            ),
        },
    )


def test_officer_home_lists_a_returned_report_and_pressing_work_with_links(
    login: Any, people: Any, returned: Any, work: Any, django_assert_num_queries: Any
) -> None:
    client = login(people.donvi)
    # Session, user, province and its units (3), unit counts, the split; regimes, their
    # expected units and the unit's submissions; the inbox's setting, calendar and rows;
    # the frame's installation and unread count.
    with django_assert_num_queries(15):
        html = client.get(reverse("dashboard:home")).content.decode()

    owed = html.split("owed-reports")[1].split("</div>\n    </div>")[0]
    link = reverse("reporting:my_submission", args=[returned.regime.uuid, returned.period_code])
    assert f'href="{link}"' in owed
    item = owed.split(f'href="{link}"')[1].split("</a>")[0]
    assert "Bị trả lại" in item
    assert "cần sửa và gửi lại" in item
    current = Period.containing("quarter", timezone.localdate())
    assert current.label in owed  # this quarter's report, not opened yet
    assert "Báo cáo phải gửi kỳ này" in html

    pressing = html.split("pressing-work")[1].split("</div>\n    </div>")[0]
    assert f'href="{reverse("tasks:detail", args=[work.late.task.uuid])}"' in pressing
    assert f'href="{reverse("tasks:detail", args=[work.soon.task.uuid])}"' in pressing
    # Overdue first, then due soon; later work and other units' work are not listed.
    assert pressing.index("Báo cáo kết quả số hoá hồ sơ") < pressing.index("Trình đề án")
    assert "Quá hạn" in pressing
    assert "Sắp đến hạn" in pressing
    assert "Tổng kết năm chuyển đổi số" not in pressing
    assert "Việc của Sở Y tế" not in html


def test_unit_reporting_page_lists_a_returned_report_to_send_again(
    login: Any, people: Any, returned: Any
) -> None:
    html = login(people.donvi).get(reverse("reporting:home")).content.decode()
    owed = html.split('id="owed"')[1].split('id="past"')[0]
    row = [r for r in owed.split('class="owed-row"') if returned.period.label in r]
    assert row, owed
    assert "Bị trả lại" in row[0]
    assert "Sửa và gửi lại" in row[0]


def test_officer_without_pressing_work_is_told_so(login: Any, people: Any) -> None:
    html = login(people.donvi).get(reverse("dashboard:home")).content.decode()
    assert "Đơn vị không có việc nào quá hạn hoặc sắp đến hạn." in html
    assert "Đơn vị không có báo cáo định kỳ nào phải gửi kỳ này." in html


def test_leader_home_has_no_unit_lists(login: Any, people: Any, work: Any) -> None:
    html = login(people.lanhdao).get(reverse("dashboard:home")).content.decode()
    assert "pressing-work" not in html
    assert "owed-reports" not in html
