"""The daily reminders and the weekly digest: who is told what, once, in Vietnamese."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command

from chidao.notifications import reminders, services
from chidao.notifications.choices import NotificationKind
from chidao.notifications.models import Notification
from chidao.notifications.tests import helpers
from chidao.tasks.choices import TaskState
from chidao.tasks.models import OccurrenceReport
from chidao.units.models import Installation

pytestmark = pytest.mark.django_db

# Thursday before Tết 2026: the break runs 14–22/02, so the third working day after is
# Tuesday 24/02 although it is twelve calendar days away.
BEFORE_TET = dt.date(2026, 2, 12)


@pytest.fixture
def run(django_capture_on_commit_callbacks: Any) -> Any:
    """run(as_of, **kw) runs the jobs for a day and sends the e-mails it queued."""

    def _run(as_of: dt.date, **kwargs: Any) -> reminders.ReminderReport:
        with django_capture_on_commit_callbacks(execute=True):
            return reminders.run(as_of, **kwargs)

    return _run


def _to(user: Any) -> list[Any]:
    return [m for m in mail.outbox if user.email in m.to]


def test_due_soon_skips_tet_and_tells_the_units_officers_in_vietnamese(
    people: Any, province: Any, run: Any
) -> None:
    doc = helpers.document(province)
    helpers.assignment(province, province.tc, dt.date(2026, 2, 24), doc=doc)
    helpers.assignment(province, province.tc, dt.date(2026, 2, 25), title="Việc chưa tới lượt")

    report = run(BEFORE_TET)

    assert report.sent[NotificationKind.DUE_SOON] == 1
    [message] = _to(people.donvi)
    assert message.subject == (
        "[chidao] Sắp đến hạn 24/02/2026: Xây dựng kế hoạch chuyển đổi số năm 2026"
    )
    assert "còn 3 ngày làm việc" in message.body
    assert "Đơn vị: Sở Tài chính (chủ trì)" in message.body
    assert "Văn bản: Thông báo 12/TB-UBND ngày 15/01/2026" in message.body
    assert "Thời hạn: 24/02/2026" in message.body
    note = Notification.objects.get(user=people.donvi)
    assert note.kind == NotificationKind.DUE_SOON
    assert note.emailed_at is not None
    # Nobody outside Sở Tài chính hears of it: not another unit's officer, not the
    # secretariat (no digest on a Thursday).
    assert [m.to for m in mail.outbox] == [[people.donvi.email]]
    assert not Notification.objects.exclude(user=people.donvi).exists()


def test_second_run_the_same_day_sends_nothing(people: Any, province: Any, run: Any) -> None:
    helpers.assignment(province, province.tc, dt.date(2026, 2, 24))
    run(BEFORE_TET)
    mail.outbox.clear()

    report = run(BEFORE_TET)

    assert sum(report.sent.values()) == 0
    assert mail.outbox == []
    assert Notification.objects.count() == 1


def test_next_working_day_reminds_again_with_fewer_days_left(
    people: Any, province: Any, run: Any
) -> None:
    helpers.assignment(province, province.tc, dt.date(2026, 2, 24))
    run(BEFORE_TET)
    run(dt.date(2026, 2, 13))
    bodies = [m.body for m in _to(people.donvi)]
    assert len(bodies) == 2
    assert "còn 2 ngày làm việc" in bodies[1]


def test_province_setting_widens_the_window(people: Any, province: Any, run: Any) -> None:
    Installation.objects.update(due_soon_workdays=4)
    helpers.assignment(province, province.tc, dt.date(2026, 2, 25))
    assert run(BEFORE_TET).sent[NotificationKind.DUE_SOON] == 1


def test_overdue_is_told_once(people: Any, province: Any, run: Any) -> None:
    helpers.assignment(province, province.tc, dt.date(2026, 11, 10))

    run(dt.date(2026, 11, 12))
    run(dt.date(2026, 11, 13))

    [message] = _to(people.donvi)
    assert message.subject.startswith("[chidao] Quá hạn từ 10/11/2026: ")
    assert "quá hạn 2 ngày làm việc" in message.body
    assert Notification.objects.filter(kind=NotificationKind.OVERDUE).count() == 1


def test_done_closed_and_other_units_work_is_not_reminded(
    people: Any, province: Any, run: Any
) -> None:
    due = dt.date(2026, 11, 10)
    helpers.assignment(province, province.tc, due, completed_on=dt.date(2026, 11, 9))
    helpers.assignment(province, province.tc, due, state=TaskState.CLOSED)
    helpers.assignment(province, province.yt, dt.date(2026, 12, 31))

    report = run(dt.date(2026, 11, 12))

    assert sum(report.sent.values()) == 0
    assert mail.outbox == []


def test_recurring_period_not_reported_is_reminded(people: Any, province: Any, run: Any) -> None:
    a, occ = helpers.monthly(province, province.tc, dt.date(2026, 11, 20))
    run(dt.date(2026, 11, 18))
    [message] = _to(people.donvi)
    assert "Sắp đến hạn báo cáo Tháng 11/2026 (20/11/2026)" in message.subject
    assert "Kỳ báo cáo: Tháng 11/2026" in message.body

    OccurrenceReport.objects.create(
        occurrence=occ, assignment=a, completed_on=dt.date(2026, 11, 19)
    )
    mail.outbox.clear()
    run(dt.date(2026, 11, 19))
    assert mail.outbox == []


def test_preference_off_keeps_the_notification_but_sends_no_email(
    people: Any, province: Any, run: Any
) -> None:
    services.update_preferences(people.donvi, email_due_soon=False)
    helpers.assignment(province, province.tc, dt.date(2026, 2, 24))

    run(BEFORE_TET)

    assert mail.outbox == []
    note = Notification.objects.get(user=people.donvi)
    assert note.emailed_at is None


def test_monday_digest_lists_overdue_work_by_unit_for_the_secretariat(
    people: Any, province: Any, run: Any
) -> None:
    helpers.assignment(province, province.tc, dt.date(2026, 10, 30), title="Số hoá hồ sơ")
    helpers.assignment(province, province.tc, dt.date(2026, 11, 2), title="Rà soát dữ liệu")
    helpers.assignment(province, province.yt, dt.date(2026, 11, 5), title="Bệnh án điện tử")
    monday = dt.date(2026, 11, 23)

    run(dt.date(2026, 11, 24))  # a Tuesday: no digest
    assert not _to(people.thuongtruc)

    run(monday)
    run(monday)

    [digest] = _to(people.thuongtruc)
    assert digest.subject == "[chidao] Tổng hợp tuần từ 23/11 đến 29/11/2026: 3 nhiệm vụ quá hạn"
    assert "đến ngày 23/11/2026: 3 lượt giao việc của 2 đơn vị" in digest.body
    assert "Sở Tài chính: 2 nhiệm vụ quá hạn" in digest.body
    assert "  - Số hoá hồ sơ (hạn 30/10/2026, quá hạn 16 ngày làm việc)" in digest.body
    assert "Sở Y tế: 1 nhiệm vụ quá hạn" in digest.body
    assert not any(m.subject.startswith("[chidao] Tổng hợp") for m in _to(people.donvi))


def test_dry_run_counts_without_sending(people: Any, province: Any, run: Any) -> None:
    helpers.assignment(province, province.tc, dt.date(2026, 2, 24))
    out = io.StringIO()

    call_command("remind", "--as-of", "2026-02-12", "--dry-run", stdout=out)

    assert out.getvalue().strip() == (
        "Nhắc việc ngày 12/02/2026: 1 thông báo sắp đến hạn, 0 thông báo quá hạn, "
        "0 bản tổng hợp tuần (chạy thử: chưa gửi gì)."
    )
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_remind_command_sends_for_the_chosen_day(
    people: Any, province: Any, django_capture_on_commit_callbacks: Any
) -> None:
    helpers.assignment(province, province.tc, dt.date(2026, 2, 24))
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("remind", "--as-of", "12/02/2026", stdout=out)
    assert "1 thông báo sắp đến hạn" in out.getvalue()
    assert len(_to(people.donvi)) == 1


def test_remind_command_refuses_a_bad_date(db: Any) -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Ngày không hợp lệ"):
        call_command("remind", "--as-of", "31/02/2026", stdout=io.StringIO())


def test_periodic_jobs_run_for_today(people: Any, province: Any) -> None:
    from chidao.notifications import tasks

    assert tasks.daily_reminders.call_local().startswith("Nhắc việc ngày ")
    assert tasks.weekly_digest.call_local().startswith("Nhắc việc ngày ")
