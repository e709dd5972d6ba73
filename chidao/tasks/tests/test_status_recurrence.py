"""Four-way status as of dates, recurring occurrences and streaks, succession transfer."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from chidao.core.workdays import WorkdayCalendar
from chidao.tasks import queries, recurrence, services
from chidao.tasks.choices import AssignmentRole, AssignmentStatus, Frequency, OccurrenceOutcome
from chidao.tasks.models import Assignment, Occurrence, OccurrenceReport, Task
from chidao.tasks.tests.conftest import assign, make_task

pytestmark = pytest.mark.django_db

D = dt.date


def _task_status(task: Task, as_of: dt.date) -> str:
    return str(queries.with_task_status(Task.objects.filter(pk=task.pk), as_of).get().status_code)  # type: ignore[attr-defined]


def test_status_split_as_of_dates(province: Any, work: Any) -> None:
    task = make_task(province, work.doc, "Báo cáo kết quả", due_date=D(2025, 6, 30))
    a = assign(task, province.tc)
    b = assign(task, province.yt, AssignmentRole.SUPPORT)
    a.completed_on = D(2025, 7, 5)
    a.save()
    b.completed_on = D(2025, 6, 20)
    b.save()
    services.refresh_list_columns([task.pk])  # as the services do after a change
    cases = {
        D(2025, 6, 1): AssignmentStatus.OPEN_ON_TIME,
        D(2025, 6, 30): AssignmentStatus.OPEN_ON_TIME,
        D(2025, 7, 1): AssignmentStatus.OPEN_OVERDUE,
        D(2025, 7, 5): AssignmentStatus.DONE_LATE,
    }
    for day, expected in cases.items():
        assert a.status_on(day) == expected
        assert Assignment.objects.with_status(day).get(pk=a.pk).status_code == expected  # type: ignore[attr-defined]
        # The task follows its lead (the early support unit does not make it on time).
        assert _task_status(task, day) == expected
        assert queries.task_status([a, b], day) == expected
    assert b.status_on(D(2025, 7, 5)) == AssignmentStatus.DONE_ON_TIME


def test_task_status_is_worst_of_its_leads(province: Any, work: Any) -> None:
    task = make_task(province, work.doc, "Hai đơn vị chủ trì", due_date=D(2025, 3, 31))
    a = assign(task, province.tc, completed_on=D(2025, 3, 1))
    b = assign(task, province.yt)
    assert _task_status(task, D(2025, 3, 15)) == AssignmentStatus.OPEN_ON_TIME
    assert _task_status(task, D(2025, 4, 2)) == AssignmentStatus.OPEN_OVERDUE
    b.completed_on = D(2025, 4, 10)
    b.save()
    services.refresh_list_columns([task.pk])  # as the services do after a change
    assert _task_status(task, D(2025, 4, 20)) == AssignmentStatus.DONE_LATE
    assert queries.task_status([a, b], D(2025, 4, 20)) == AssignmentStatus.DONE_LATE
    b.completed_on = D(2025, 3, 30)
    b.save()
    services.refresh_list_columns([task.pk])
    assert _task_status(task, D(2025, 4, 20)) == AssignmentStatus.DONE_ON_TIME


def test_status_filter_agrees_with_the_annotation_and_python_on_every_date(
    province: Any, work: Any
) -> None:
    """The list filters with `filter_status`, sorts with `with_task_status` and shows
    `task_status`: on a mix of tasks, across dates, the three give the same status."""
    due = D(2025, 6, 30)
    mixed = make_task(province, work.doc, "Chủ trì xong muộn, phối hợp mở", due_date=due)
    assign(mixed, province.tc, completed_on=D(2025, 7, 5))
    assign(mixed, province.yt, AssignmentRole.SUPPORT)
    two_leads = make_task(province, work.doc, "Hai chủ trì", due_date=due)
    assign(two_leads, province.tc, completed_on=D(2025, 6, 1))
    assign(two_leads, province.yt, completed_on=D(2025, 6, 30))
    no_lead = make_task(province, work.doc, "Không có chủ trì", due_date=due)
    assign(no_lead, province.tc, AssignmentRole.SUPPORT, completed_on=D(2025, 6, 10))
    assign(no_lead, province.yt, AssignmentRole.SUPPORT, due_date=D(2025, 7, 10))
    gone_lead = make_task(province, work.doc, "Chủ trì đã chuyển", due_date=due)
    assign(gone_lead, province.tttt, active=False)
    assign(gone_lead, province.khcn, AssignmentRole.SUPPORT, completed_on=D(2025, 7, 1))
    make_task(province, work.doc, "Chưa giao", due_date=due)
    ongoing = make_task(province, work.doc, "Thường xuyên", ongoing=True)
    assign(ongoing, province.tc, due_date=None)
    tasks = Task.objects.all()
    for day in [D(2025, 5, 1), D(2025, 6, 30), D(2025, 7, 1), D(2025, 7, 6), D(2025, 7, 11)]:
        python = {
            t.pk: queries.task_status(list(t.assignments.all()), day)
            for t in tasks.prefetch_related("assignments")
        }
        with_status = queries.with_task_status(tasks, day)
        annotated = dict(with_status.values_list("pk", "status_code"))  # type: ignore[misc]  # annotated
        assert annotated == {pk: s.value for pk, s in python.items()}, day
        for status in AssignmentStatus:
            filtered = set(queries.filter_status(tasks, status, day).values_list("pk", flat=True))
            assert filtered == {pk for pk, s in python.items() if s == status}, (day, status)


def test_monthly_occurrences_roll_to_working_days_and_are_idempotent(
    province: Any, work: Any
) -> None:
    work.doc.issued_on = D(2025, 1, 10)
    work.doc.save()
    task = make_task(
        province,
        work.doc,
        "Báo cáo tình hình chuyển đổi số hằng tháng, trước ngày 20",
        recurrence_freq=Frequency.MONTHLY,
        recurrence_day=20,
        recurrence_text="hằng tháng, trước ngày 20",
    )
    assert recurrence.ensure_occurrences(task, D(2025, 4, 30)) == 4
    assert recurrence.ensure_occurrences(task, D(2025, 4, 30)) == 0
    occ = list(task.occurrences.order_by("period_start"))
    assert [o.label for o in occ] == [
        "Tháng 01/2025",
        "Tháng 02/2025",
        "Tháng 03/2025",
        "Tháng 04/2025",
    ]
    # 20/04/2025 is a Sunday: the deadline moves to Monday 21/04.
    assert [o.due_date for o in occ] == [
        D(2025, 1, 20),
        D(2025, 2, 20),
        D(2025, 3, 20),
        D(2025, 4, 21),
    ]


def test_first_period_skipped_when_due_before_the_directive(province: Any, work: Any) -> None:
    work.doc.issued_on = D(2025, 1, 25)
    work.doc.save()
    task = make_task(
        province, work.doc, "Hằng tháng", recurrence_freq=Frequency.MONTHLY, recurrence_day=20
    )
    recurrence.ensure_occurrences(task, D(2025, 3, 1))
    assert [o.label for o in task.occurrences.all()] == ["Tháng 02/2025", "Tháng 03/2025"]


@pytest.mark.parametrize(
    ("freq", "day", "rule", "until", "expected"),
    [
        (
            Frequency.QUARTERLY,
            None,
            "",
            D(2025, 12, 31),
            [D(2025, 3, 31), D(2025, 6, 30), D(2025, 9, 30), D(2025, 12, 31)],
        ),
        (Frequency.HALF_YEARLY, 15, "", D(2025, 12, 31), [D(2025, 6, 16), D(2025, 12, 15)]),
        (Frequency.YEARLY, None, "", D(2026, 1, 1), [D(2025, 12, 31), D(2026, 12, 31)]),
        (
            Frequency.WEEKLY,
            None,
            "",
            D(2025, 1, 19),
            [D(2025, 1, 3), D(2025, 1, 10), D(2025, 1, 17)],
        ),
        # 31/01/2025 falls in the Tết break: the deadline moves to Monday 03/02.
        (Frequency.MONTHLY, 31, "", D(2025, 2, 28), [D(2025, 2, 3), D(2025, 2, 28)]),
        ("", None, "FREQ=MONTHLY;BYMONTHDAY=5", D(2025, 2, 28), [D(2025, 1, 6), D(2025, 2, 5)]),
    ],
)
def test_plan_by_frequency(
    province: Any,
    work: Any,
    freq: str,
    day: int | None,
    rule: str,
    until: dt.date,
    expected: list[dt.date],
) -> None:
    task = Task(
        province=province.unit,
        title="x",
        recurrence_freq=freq,
        recurrence_day=day,
        recurrence_rule=rule,
    )
    planned = list(recurrence.plan(task, until, start=D(2025, 1, 1), calendar=WorkdayCalendar()))
    assert [p.due_date for p in planned] == expected


def test_streak_of_periods_met_and_missed(province: Any, people: Any, work: Any) -> None:
    work.doc.issued_on = D(2025, 1, 1)
    work.doc.save()
    task = make_task(
        province,
        work.doc,
        "Tin bài hằng tháng",
        recurrence_freq=Frequency.MONTHLY,
        recurrence_day=20,
    )
    tc = assign(task, province.tc, due_date=None)
    yt = assign(task, province.yt, due_date=None)
    recurrence.ensure_occurrences(task, D(2025, 5, 31))
    jan, feb, mar, apr, _may = task.occurrences.order_by("period_start")
    for occ, when in [
        (jan, D(2025, 1, 15)),
        (feb, D(2025, 2, 25)),
        (mar, D(2025, 3, 18)),
        (apr, D(2025, 4, 21)),
    ]:
        OccurrenceReport.objects.create(
            occurrence=occ, assignment=tc, completed_on=when, quantity=4
        )
    OccurrenceReport.objects.create(occurrence=jan, assignment=yt, completed_on=D(2025, 1, 10))
    rows = queries.streaks(task, [tc, yt], D(2025, 5, 10))
    by_unit = {r.assignment.unit_id: r for r in rows}
    tc_row = by_unit[province.tc.pk]
    assert [o for _occ, o, _r in tc_row.cells] == [
        OccurrenceOutcome.MET,
        OccurrenceOutcome.LATE,
        OccurrenceOutcome.MET,
        OccurrenceOutcome.MET,
        OccurrenceOutcome.PENDING,
    ]
    assert (tc_row.met, tc_row.missed, tc_row.current) == (3, 1, 2)
    yt_row = by_unit[province.yt.pk]
    assert (yt_row.met, yt_row.missed, yt_row.current) == (1, 3, 0)


def test_reporting_an_occurrence_records_quantity(province: Any, people: Any, work: Any) -> None:
    task = make_task(
        province,
        work.doc,
        "Tin bài hằng tháng",
        recurrence_freq=Frequency.MONTHLY,
        recurrence_day=20,
    )
    tc = assign(task, province.tc, due_date=None)
    recurrence.ensure_occurrences(task, work.today)
    occ = queries.open_occurrences(tc, work.today).last()
    assert occ is not None
    services.report_progress(
        people.donvi, tc, percent=0, occurrence=occ, quantity=5, narrative="5 bài"
    )
    report = OccurrenceReport.objects.get()
    assert (report.occurrence, report.quantity, report.completed_on) == (occ, 5, work.today)
    tc.refresh_from_db()
    assert tc.completed_on is None  # the recurring task goes on
    assert occ not in queries.open_occurrences(tc, work.today)


def test_periodic_job_creates_upcoming_occurrences(province: Any, work: Any) -> None:
    from chidao.tasks.tasks import create_upcoming_occurrences

    make_task(province, work.doc, "Hằng tuần", recurrence_freq=Frequency.WEEKLY)
    created = create_upcoming_occurrences.call_local()
    assert created >= 9  # ~60 days back to a month ahead, weekly
    assert create_upcoming_occurrences.call_local() == 0
    assert Occurrence.objects.filter(due_date__gt=work.today).exists()


def test_succession_transfers_open_assignments_with_history(
    province: Any, people: Any, work: Any
) -> None:
    task = make_task(province, work.doc, "Xây dựng kho dữ liệu", due_date=D(2025, 9, 30))
    open_old = assign(task, province.tttt, progress=40)
    done_task = make_task(province, work.doc, "Việc đã xong", due_date=D(2024, 12, 31))
    done_old = assign(done_task, province.tttt, completed_on=D(2024, 12, 20))
    both = make_task(province, work.doc, "Cả hai đơn vị", due_date=D(2025, 9, 30))
    both_old = assign(both, province.tttt)
    khcn_support = assign(both, province.khcn, AssignmentRole.SUPPORT)

    report = services.transfer_all(D(2025, 3, 1))
    assert report.count == 2
    assert [(u.name, [s.name for s in succ]) for u, succ, _n in report.moved] == [
        ("Sở Thông tin và Truyền thông", ["Sở Khoa học và Công nghệ"])
    ]
    open_old.refresh_from_db()
    assert not open_old.active
    new = Assignment.objects.get(task=task, active=True)
    assert new.unit == province.khcn
    assert (new.inherited_from, new.transferred_on, new.progress) == (open_old, D(2025, 3, 1), 40)
    assert new.due_date == D(2025, 9, 30)
    done_old.refresh_from_db()
    assert done_old.active  # completed work stays where it was done
    both_old.refresh_from_db()
    khcn_support.refresh_from_db()
    assert not both_old.active
    assert khcn_support.role == AssignmentRole.LEAD  # took over the lead
    assert services.transfer_all(D(2025, 3, 1)).count == 0  # idempotent
    # The task page shows who carries it today.
    page = queries.task_page(task.uuid)
    old = next(a for a in page.all_assignments if not a.active)  # type: ignore[attr-defined]
    assert [c.unit for c in old.carriers] == [province.khcn]
