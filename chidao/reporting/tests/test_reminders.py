"""Reminders about periodic reports: before the deadline on working days, once after it,
only to the officers of units that have not sent their report."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from chidao.notifications import reminders
from chidao.notifications.choices import NotificationKind
from chidao.notifications.models import Notification
from chidao.reporting import reminders as report_reminders
from chidao.reporting import services
from chidao.reporting.choices import SectionKind
from chidao.reporting.models import Regime, Submission
from chidao.units.models import UnitGroup

pytestmark = pytest.mark.django_db

# The monthly report of February 2026 is due on the 24th. Tết's break runs 14–22/02, so
# the third working day before the deadline is Thursday 12/02, twelve days ahead.
DUE = dt.date(2026, 2, 24)
FEBRUARY = "2026-02"


@pytest.fixture
def run(django_capture_on_commit_callbacks: Any) -> Any:
    """run(as_of, **kw) runs the daily (and, on Mondays, weekly) jobs and sends the mail."""

    def _run(as_of: dt.date, **kwargs: Any) -> reminders.ReminderReport:
        with django_capture_on_commit_callbacks(execute=True):
            return reminders.run(as_of, **kwargs)

    return _run


@pytest.fixture
def communes(province: Any) -> UnitGroup:
    return UnitGroup.objects.create(
        province=province.unit, key="ubnd-xa", name="UBND cấp xã", member_kinds=["commune"]
    )


@pytest.fixture
def regime(province: Any, communes: UnitGroup) -> Regime:
    """A monthly report owed by the communes and by Sở Tài chính, due on the 24th."""
    return services.save_regime(
        None,
        None,
        {
            "name": "Báo cáo tình hình thực hiện chuyển đổi số hằng tháng",
            "frequency": "month",
            "due_text": "trước ngày 24 hằng tháng",
            "first_period": FEBRUARY,
            "group": communes,
            "receiver": province.khcn,
        },
        units=[province.tc],
        sections=[(SectionKind.NARRATIVE, "Kết quả thực hiện", "")],
    )


def _send(regime: Regime, unit: Any, period: str, on: dt.date) -> Submission:
    """The unit writes its report and sends it on `on`, through the services."""
    from chidao.core.periods import Period

    row = services.open_submission(regime, unit, Period.parse(period))
    section = regime.sections.get()
    services.save_submission(None, row, answers={section.pk: "Đã triển khai."}, on=on)
    at = timezone.make_aware(dt.datetime.combine(on, dt.time(10)))
    return services.submit(None, row, at=at)


def _to(user: Any) -> list[Any]:
    return [m for m in mail.outbox if user.email in m.to]


def _report_notes(**filters: Any) -> Any:
    return Notification.objects.filter(
        kind__in=[NotificationKind.REPORT_DUE, NotificationKind.REPORT_OVERDUE], **filters
    )


def test_deadline_is_found_from_the_regimes_wording(regime: Regime) -> None:
    from chidao.core.periods import Period

    assert services.due_date_of(regime, Period.parse(FEBRUARY)) == DUE


def test_due_soon_starts_three_working_days_before_and_skips_tet(
    people: Any, regime: Regime, run: Any
) -> None:
    sent = {
        day: run(day).sent[NotificationKind.REPORT_DUE]
        for day in (
            dt.date(2026, 2, 11),  # 4 working days before: not yet
            dt.date(2026, 2, 12),  # 3 working days before (Tết between)
            dt.date(2026, 2, 13),
            dt.date(2026, 2, 14),  # Saturday, in the Tết break
            dt.date(2026, 2, 16),  # Monday of Tết: no one at work
            dt.date(2026, 2, 23),
            dt.date(2026, 2, 24),  # the deadline itself
            dt.date(2026, 2, 25),  # past: the overdue reminder's turn
        )
    }

    # Two officers (Sở Tài chính, Xã Cao Lộc) on each working day of the window.
    assert list(sent.values()) == [0, 2, 2, 0, 0, 2, 2, 0]
    first = [m for m in _to(people.donvi) if "còn 3 ngày làm việc" in m.body]
    assert len(first) == 1
    message = first[0]
    assert message.subject == (
        "[chidao] Sắp đến hạn gửi báo cáo Tháng 02/2026 (24/02/2026): "
        "Báo cáo tình hình thực hiện chuyển đổi số hằng tháng"
    )
    assert "Đơn vị: Sở Tài chính" in message.body
    assert "Kỳ báo cáo: Tháng 02/2026" in message.body
    assert "Thời hạn gửi: 24/02/2026 (còn 3 ngày làm việc)" in message.body
    assert "Quy định: trước ngày 24 hằng tháng" in message.body
    assert "sau ngày 01/03/2026 báo cáo bị khoá" in message.body
    assert any("đến hạn hôm nay" in m.body for m in _to(people.donvi))
    # The commune's officer is told about the commune, through the group.
    assert all("Đơn vị: Xã Cao Lộc" in m.body for m in _to(people.xa))
    # Nobody outside the two units: not Sở Y tế's officer, not the secretariat, the leader.
    for outsider in (people.ngoai, people.thuongtruc, people.lanhdao, people.xem):
        assert not _report_notes(user=outsider).exists()
    assert _report_notes(kind=NotificationKind.REPORT_DUE, user=people.donvi).count() == 4


def test_overdue_reminder_goes_out_once(people: Any, regime: Regime, run: Any) -> None:
    report = run(dt.date(2026, 2, 25))
    again = run(dt.date(2026, 2, 25))
    later = run(dt.date(2026, 2, 27))

    assert report.sent[NotificationKind.REPORT_OVERDUE] == 2
    assert again.sent[NotificationKind.REPORT_OVERDUE] == 0
    assert later.sent[NotificationKind.REPORT_OVERDUE] == 0
    [message] = _to(people.donvi)
    assert message.subject == (
        "[chidao] Chưa gửi báo cáo Tháng 02/2026 (hạn 24/02/2026): "
        "Báo cáo tình hình thực hiện chuyển đổi số hằng tháng"
    )
    assert "đã quá hạn mà chưa gửi (quá hạn 1 ngày làm việc)" in message.body
    assert "vẫn được tiếp nhận và ghi là gửi muộn" in message.body
    note = Notification.objects.get(user=people.donvi)
    assert note.key == f"report_overdue:{regime.uuid}:{people.donvi.unit_id}:{FEBRUARY}"


def test_rerun_the_same_day_tells_nobody_twice(people: Any, regime: Regime, run: Any) -> None:
    run(dt.date(2026, 2, 12))
    mail.outbox.clear()

    report = run(dt.date(2026, 2, 12))

    assert report.sent[NotificationKind.REPORT_DUE] == 0
    assert mail.outbox == []
    assert _report_notes().count() == 2


def test_units_that_sent_their_report_are_not_reminded(
    people: Any, province: Any, regime: Regime, run: Any
) -> None:
    _send(regime, province.tc, FEBRUARY, dt.date(2026, 2, 10))

    due = run(dt.date(2026, 2, 12))
    overdue = run(dt.date(2026, 2, 25))

    assert due.sent[NotificationKind.REPORT_DUE] == 1
    assert overdue.sent[NotificationKind.REPORT_OVERDUE] == 1
    assert not _report_notes(user=people.donvi).exists()
    assert _report_notes(user=people.xa).count() == 2


def test_a_returned_report_is_not_chased_as_missing(
    people: Any, province: Any, regime: Regime, run: Any
) -> None:
    row = _send(regime, province.tc, FEBRUARY, dt.date(2026, 2, 10))
    services.return_submission(people.thuongtruc, row, "Bổ sung số liệu tháng 02.")

    run(dt.date(2026, 2, 25))

    assert not _report_notes(user=people.donvi).exists()


def test_replaying_a_past_day_counts_what_was_sent_by_then(
    people: Any, province: Any, regime: Regime
) -> None:
    _send(regime, province.tc, FEBRUARY, dt.date(2026, 2, 26))  # late, after the replay day

    items = report_reminders.owed(dt.date(2026, 2, 25), DUE, DUE)

    assert {i.unit.name for i in items} == {"Sở Tài chính", "Xã Cao Lộc"}
    after = report_reminders.owed(dt.date(2026, 2, 27), DUE, DUE)
    assert [i.unit.name for i in after] == ["Xã Cao Lộc"]


def test_old_gaps_are_left_to_the_digest(people: Any, regime: Regime, run: Any) -> None:
    # A first run in May: the deadlines of February and March passed over 30 days ago.
    report = run(dt.date(2026, 5, 4), digest=False)

    assert report.sent[NotificationKind.REPORT_OVERDUE] == 2  # April's report only
    keys = set(_report_notes(user=people.donvi).values_list("key", flat=True))
    assert keys == {f"report_overdue:{regime.uuid}:{people.donvi.unit_id}:2026-04"}


def test_the_reminder_opens_the_draft_it_links_to(
    people: Any, province: Any, regime: Regime, run: Any
) -> None:
    run(dt.date(2026, 2, 12))

    draft = Submission.objects.get(regime=regime, unit=province.tc, period_code=FEBRUARY)
    assert draft.due_date == DUE
    assert draft.first_submitted_at is None
    note = Notification.objects.get(user=people.donvi)
    assert note.url == services.submission_url(draft)


def test_an_inactive_regime_reminds_nobody(people: Any, regime: Regime, run: Any) -> None:
    Regime.objects.filter(pk=regime.pk).update(active=False)

    report = run(dt.date(2026, 2, 12))

    assert NotificationKind.REPORT_DUE not in report.sent
    assert not _report_notes().exists()


def test_remind_command_summary_mentions_report_reminders(people: Any, regime: Regime) -> None:
    out = io.StringIO()

    call_command("remind", "--as-of", "2026-02-12", "--dry-run", stdout=out)

    assert out.getvalue().strip() == (
        "Nhắc việc ngày 12/02/2026: 0 thông báo sắp đến hạn, 0 thông báo quá hạn, "
        "0 bản tổng hợp tuần; báo cáo định kỳ: 2 nhắc sắp đến hạn, 0 nhắc quá hạn "
        "(chạy thử: chưa gửi gì)."
    )
    assert not Notification.objects.exists()
    assert not Submission.objects.exists()  # a dry run opens no draft either
    assert mail.outbox == []

    out = io.StringIO()
    call_command("remind", "--as-of", "25/02/2026", stdout=out)
    assert "báo cáo định kỳ: 0 nhắc sắp đến hạn, 2 nhắc quá hạn." in out.getvalue()
    assert _report_notes(kind=NotificationKind.REPORT_OVERDUE).count() == 2


def test_weekly_digest_lists_the_missing_reports(
    people: Any, province: Any, regime: Regime, run: Any
) -> None:
    _send(regime, province.tc, "2026-03", dt.date(2026, 3, 20))
    monday = dt.date(2026, 3, 30)

    run(monday)

    [digest] = [m for m in _to(people.thuongtruc) if "báo cáo định kỳ chưa gửi" in m.subject]
    assert digest.subject == (
        "[chidao] Tổng hợp tuần từ 30/03 đến 05/04/2026: 1 báo cáo định kỳ chưa gửi"
    )
    assert (
        "Báo cáo tình hình thực hiện chuyển đổi số hằng tháng — Tháng 03/2026 "
        "(hạn 24/03/2026): 1/2 đơn vị chưa gửi"
    ) in digest.body
    assert "  - Xã Cao Lộc" in digest.body
    assert "Sở Tài chính" not in digest.body
    assert not any("báo cáo định kỳ" in m.subject for m in _to(people.donvi))
