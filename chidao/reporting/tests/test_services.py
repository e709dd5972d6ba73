"""A submission's life through the services: draft, submit (on time or late), return,
resubmit, accept, lock and reopen; regimes from recurring tasks; the rates."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from chidao.core.models import AuditEvent
from chidao.core.periods import Period
from chidao.indicators.choices import FormulaKind
from chidao.indicators.models import Indicator, IndicatorValue, ValueRevision
from chidao.indicators.services import ValueErrors
from chidao.notifications.models import Notification
from chidao.reporting import queries, services
from chidao.reporting.choices import DueMonth, DueRule, SectionKind, SubmissionStatus, Timeliness
from chidao.reporting.models import Regime, Submission, SubmissionEvent, SubmissionSection

Q3 = Period.quarterly(2024, 3)
DUE = dt.date(2024, 10, 5)  # "trước ngày 05 tháng đầu quý sau"


def at(day: dt.date, hour: int = 9) -> dt.datetime:
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, hour))


@pytest.fixture
def setup(province: Any, people: Any) -> Any:
    total = Indicator.objects.create(code="HS-TONG", name="Tổng số hồ sơ", measure_unit="hồ sơ")
    online = Indicator.objects.create(
        code="HS-TT", name="Số hồ sơ trực tuyến", measure_unit="hồ sơ"
    )
    ratio = Indicator.objects.create(
        code="TL-TT",
        name="Tỷ lệ hồ sơ trực tuyến",
        measure_unit="%",
        formula=FormulaKind.RATIO,
        numerator=online,
        denominator=total,
        scale=Decimal(100),
    )
    regime = services.save_regime(
        people.thuongtruc,
        None,
        {
            "name": "Báo cáo kết quả chuyển đổi số hằng quý",
            "frequency": "quarter",
            "due_text": "trước ngày 05 của tháng đầu quý sau",
            "grace_days": 5,
            "first_period": "2024Q1",
        },
        units=[province.tc, province.yt],
        indicators=[ratio],
    )
    narrative = regime.sections.filter(kind=SectionKind.NARRATIVE)
    return type(
        "Setup",
        (),
        {
            "regime": regime,
            "total": total,
            "online": online,
            "ratio": ratio,
            "results": narrative[0],
            "problems": narrative[1],
            "next": narrative[2],
        },
    )


def fill(setup: Any, row: Submission, actor: Any, on: dt.date, **values: Any) -> Submission:
    return services.save_submission(
        actor,
        row,
        answers={
            setup.results.pk: "Đã triển khai 45 dịch vụ công trực tuyến toàn trình.",
            setup.problems.pk: "Thiếu máy quét tại bộ phận một cửa.",
            setup.next.pk: "Số hoá hồ sơ tồn đọng.",
        },
        values={
            setup.total.pk: values.get("total", Decimal(1000)),
            setup.online.pk: values.get("online", Decimal(720)),
        },
        on=on,
    )


def test_a_new_regime_reads_its_deadline_and_gets_the_usual_headings(setup: Any) -> None:
    regime = setup.regime
    assert regime.due_rule == DueRule.DAY_OF_MONTH
    assert (regime.due_day, regime.due_month) == (5, DueMonth.NEXT)
    assert services.due_date_of(regime, Q3) == DUE
    titles = list(regime.sections.values_list("title", flat=True))
    assert titles[0] == "Kết quả thực hiện nhiệm vụ trong kỳ"
    assert "Khó khăn, vướng mắc và kiến nghị, đề xuất" in titles
    # The computed ratio is asked for through its two reported terms.
    codes = list(regime.regime_indicators.values_list("indicator__code", flat=True))
    assert codes == ["HS-TONG", "HS-TT"]


def test_a_regime_with_a_period_of_another_kind_is_refused(people: Any, province: Any) -> None:
    with pytest.raises(ValidationError) as err:
        services.save_regime(
            people.thuongtruc,
            None,
            {
                "name": "Sai kỳ",
                "frequency": "quarter",
                "due_text": "trước ngày 05 tháng cuối quý",
                "first_period": "2024-03",
            },
        )
    assert "cùng loại" in str(err.value.message_dict["first_period"])
    assert not Regime.objects.exists()


def test_officer_fills_submits_on_time_and_secretariat_accepts(setup: Any, people: Any) -> None:
    row = services.open_submission(setup.regime, people.donvi.unit, Q3)
    assert (row.status, row.due_date) == (SubmissionStatus.DRAFT, DUE)
    fill(setup, row, people.donvi, dt.date(2024, 10, 1))
    assert IndicatorValue.objects.get(indicator=setup.online, unit=row.unit).value == 720
    row = services.submit(people.donvi, row, at=at(dt.date(2024, 10, 3)))
    assert row.status == SubmissionStatus.SUBMITTED
    assert row.late is False
    assert row.task_summary["counts"]["open_overdue"] == 0
    assert Notification.objects.filter(user=people.thuongtruc, kind="report_submitted").exists()
    services.accept(people.thuongtruc, row, "Đạt yêu cầu.")
    row.refresh_from_db()
    assert row.status == SubmissionStatus.ACCEPTED
    kinds = list(SubmissionEvent.objects.filter(submission=row).values_list("kind", flat=True))
    assert kinds == ["saved", "submitted", "accepted"]
    assert AuditEvent.objects.filter(action="submission.accept", target_id=str(row.uuid)).exists()


def test_returned_report_is_corrected_and_resubmitted_keeping_its_timeliness(
    setup: Any, people: Any
) -> None:
    row = services.open_submission(setup.regime, people.donvi.unit, Q3)
    fill(setup, row, people.donvi, dt.date(2024, 10, 1))
    services.submit(people.donvi, row, at=at(dt.date(2024, 10, 4)))
    with pytest.raises(ValidationError, match="ý kiến"):
        services.return_submission(people.thuongtruc, row, "  ")
    services.return_submission(people.thuongtruc, row, "Bổ sung số hồ sơ trực tuyến của tháng 9.")
    row.refresh_from_db()
    assert row.status == SubmissionStatus.RETURNED
    assert row.reviewer_comment.startswith("Bổ sung")
    note = Notification.objects.get(user=people.donvi, kind="report_decided")
    assert "trả lại" in note.title
    # Corrected after the deadline, within the grace days: a value already sent needs a reason.
    with pytest.raises(ValueErrors, match="lý do"):
        fill(setup, row, people.donvi, dt.date(2024, 10, 8), online=Decimal(750))
    services.save_submission(
        people.donvi,
        row,
        values={setup.online.pk: Decimal(750)},
        reason="Cộng thêm hồ sơ tháng 9",
        on=dt.date(2024, 10, 8),
    )
    services.submit(people.donvi, row, at=at(dt.date(2024, 10, 8)))
    row.refresh_from_db()
    assert row.status == SubmissionStatus.SUBMITTED
    assert row.late is False  # judged on the first sending (04/10)
    revision = ValueRevision.objects.filter(value_row__indicator=setup.online).first()
    assert revision is not None
    assert (revision.previous, revision.value) == (Decimal(720), Decimal(750))
    assert revision.reason == "Cộng thêm hồ sơ tháng 9"


def test_late_report_is_accepted_and_marked_late(setup: Any, people: Any) -> None:
    row = services.open_submission(setup.regime, people.donvi.unit, Q3)
    fill(setup, row, people.donvi, dt.date(2024, 10, 9))
    row = services.submit(people.donvi, row, at=at(dt.date(2024, 10, 9)))
    assert row.late is True
    rates = queries.rates(setup.regime, Q3, dt.date(2024, 10, 20))
    by_unit = {r.unit.pk: r.timeliness for r in rates.rows}
    assert by_unit[people.donvi.unit_id] == Timeliness.LATE
    assert by_unit[people.ngoai.unit_id] == Timeliness.MISSING
    assert (rates.expected, rates.submitted, rates.on_time, rates.late, rates.missing) == (
        2,
        1,
        0,
        1,
        1,
    )
    assert rates.completeness == 50.0
    assert rates.timeliness == 0.0


def test_before_the_deadline_an_unsent_report_is_pending_not_missing(setup: Any) -> None:
    rates = queries.rates(setup.regime, Q3, dt.date(2024, 10, 5))
    assert rates.pending == 2
    assert rates.missing == 0


def test_draft_is_locked_after_the_grace_days_until_reopened(setup: Any, people: Any) -> None:
    row = services.open_submission(setup.regime, people.donvi.unit, Q3)
    assert row.lock_date() == dt.date(2024, 10, 11)
    with pytest.raises(ValidationError, match="khoá từ ngày 11/10/2024"):
        fill(setup, row, people.donvi, dt.date(2024, 10, 11))
    assert not IndicatorValue.objects.exists()
    assert not SubmissionSection.objects.exists()
    services.reopen(people.thuongtruc, row, timezone.localdate() + dt.timedelta(days=3))
    row.refresh_from_db()
    fill(setup, row, people.donvi, timezone.localdate())
    row = services.submit(people.donvi, row)
    assert row.late is True


def test_a_bad_value_saves_nothing_not_even_the_text(setup: Any, people: Any) -> None:
    row = services.open_submission(setup.regime, people.donvi.unit, Q3)
    with pytest.raises(ValueErrors) as err:
        fill(setup, row, people.donvi, dt.date(2024, 10, 1), online=Decimal(1200))
    assert "tử số không được vượt mẫu số" in str(err.value.rows[0])
    assert not SubmissionSection.objects.exists()
    assert not IndicatorValue.objects.exists()
    row.refresh_from_db()
    assert row.version == 1


def test_submit_lists_what_is_missing(setup: Any, people: Any) -> None:
    row = services.open_submission(setup.regime, people.donvi.unit, Q3)
    with pytest.raises(ValidationError) as err:
        services.submit(people.donvi, row, at=at(dt.date(2024, 10, 1)))
    messages = err.value.messages
    assert "Chưa viết mục “Kết quả thực hiện nhiệm vụ trong kỳ”." in messages
    assert any("HS-TONG" in m for m in messages)
    row.refresh_from_db()
    assert row.status == SubmissionStatus.DRAFT


def test_double_submit_records_one_sending(setup: Any, people: Any) -> None:
    row = services.open_submission(setup.regime, people.donvi.unit, Q3)
    fill(setup, row, people.donvi, dt.date(2024, 10, 1))
    first = services.submit(people.donvi, row, at=at(dt.date(2024, 10, 2)))
    again = services.submit(
        people.donvi, row, at=at(dt.date(2024, 10, 2)) + dt.timedelta(seconds=5)
    )
    assert again.submitted_at == first.submitted_at
    assert SubmissionEvent.objects.filter(submission=row, kind="submitted").count() == 1


def test_sent_report_cannot_be_edited(setup: Any, people: Any) -> None:
    row = services.open_submission(setup.regime, people.donvi.unit, Q3)
    fill(setup, row, people.donvi, dt.date(2024, 10, 1))
    services.submit(people.donvi, row, at=at(dt.date(2024, 10, 2)))
    with pytest.raises(ValidationError, match="đang chờ cơ quan thường trực"):
        fill(setup, row, people.donvi, dt.date(2024, 10, 2))


def test_another_units_officer_is_refused(setup: Any, people: Any) -> None:
    row = services.open_submission(setup.regime, people.donvi.unit, Q3)
    with pytest.raises(PermissionDenied):
        fill(setup, row, people.ngoai, dt.date(2024, 10, 1))
    with pytest.raises(PermissionDenied):
        services.submit(people.ngoai, row)
    with pytest.raises(PermissionDenied):
        services.accept(people.donvi, row)
    assert not IndicatorValue.objects.exists()


def test_stale_edit_is_refused(setup: Any, people: Any) -> None:
    row = services.open_submission(setup.regime, people.donvi.unit, Q3)
    fill(setup, row, people.donvi, dt.date(2024, 10, 1))
    with pytest.raises(ValidationError, match="thay đổi ở nơi khác"):
        services.save_submission(
            people.donvi,
            row,
            answers={setup.results.pk: "Bản cũ"},
            expected_version=1,
            on=dt.date(2024, 10, 1),
        )


def test_a_period_outside_the_regime_is_refused(setup: Any, people: Any) -> None:
    with pytest.raises(ValidationError, match="không yêu cầu báo cáo"):
        services.open_submission(setup.regime, people.donvi.unit, Period.monthly(2024, 3))
    with pytest.raises(ValidationError, match="không yêu cầu báo cáo"):
        services.open_submission(setup.regime, people.donvi.unit, Period.quarterly(2023, 4))


def test_regime_from_a_recurring_reporting_task(province: Any, people: Any) -> None:
    from chidao.tasks.models import Assignment, Task

    task = Task.objects.create(
        province=province.unit,
        title="Báo cáo tình hình thực hiện chuyển đổi số",
        state="open",
        recurrence_freq="monthly",
        recurrence_day=20,
        recurrence_text="Hằng tháng, trước ngày 20",
    )
    Assignment.objects.create(task=task, unit=province.tc, role="lead")
    Assignment.objects.create(task=task, unit=province.commune, role="lead")
    regime = services.regime_from_task(people.thuongtruc, task)
    assert regime.frequency == "month"
    assert services.due_date_of(regime, Period.monthly(2025, 8)) == dt.date(2025, 8, 20)
    assert set(regime.units.all()) == {province.tc, province.commune}
    assert regime.task == task
    assert services.regime_from_task(people.thuongtruc, task) == regime
    with pytest.raises(PermissionDenied):
        services.regime_from_task(people.donvi, task)


def test_a_one_off_task_makes_no_regime(province: Any, people: Any) -> None:
    from chidao.tasks.models import Task

    task = Task.objects.create(province=province.unit, title="Ban hành kế hoạch", state="open")
    with pytest.raises(ValidationError, match="định kỳ"):
        services.regime_from_task(people.thuongtruc, task)


def test_group_members_owe_the_report_at_the_periods_end(province: Any, people: Any) -> None:
    from chidao.units.models import UnitGroup

    group = UnitGroup.objects.create(
        province=province.unit, key="ubnd-xa", name="UBND cấp xã", member_kinds=["commune"]
    )
    regime = services.save_regime(
        people.thuongtruc,
        None,
        {
            "name": "Báo cáo của xã",
            "frequency": "quarter",
            "due_text": "trước ngày 05 tháng cuối quý",
            "first_period": "2025Q1",
            "group": group,
        },
    )
    before = services.expected_units(regime, Period.quarterly(2025, 2))
    after = services.expected_units(regime, Period.quarterly(2025, 3))
    assert before == [province.old_commune]
    assert after == [province.commune]
