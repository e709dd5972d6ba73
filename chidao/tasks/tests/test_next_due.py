"""The task list's stored columns — `Task.next_due` (its sort), `done_on` and `done_late`
(what its status filters read) — stay true after every write that changes assignments:
publishing, progress, extensions, succession, the admin and the bulk paths (synthetic
data, the demo province)."""

from __future__ import annotations

import datetime as dt
import io
import random
from typing import Any

import pytest
from django.contrib.admin.sites import site
from django.core.management import call_command
from django.test import RequestFactory

from chidao.tasks import services
from chidao.tasks import synth as task_synth
from chidao.tasks.assigning import assign as assign_from_mentions
from chidao.tasks.choices import AssignmentRole
from chidao.tasks.models import Assignment, Task, TaskMention
from chidao.tasks.tests.conftest import assign, make_task
from chidao.units.synth import SCALES, synth_units, synth_users

pytestmark = pytest.mark.django_db

D = dt.date


Columns = tuple[dt.date | None, dt.date | None, bool]


def expected(task: Task) -> Columns:
    """The rules, in Python, over the assignments the status is judged on (the active
    leads, or all active ones when there is no active lead): the earliest deadline of the
    unfinished ones; the last completion once all are finished; whether one was late."""
    active = list(task.assignments.filter(active=True))
    counted = [a for a in active if a.role == AssignmentRole.LEAD] or active
    dues = [a.due_date for a in counted if a.completed_on is None and a.due_date is not None]
    finished = [a.completed_on for a in counted if a.completed_on is not None]
    done_on = max(finished) if counted and len(finished) == len(counted) else None
    late = any(
        a.completed_on is not None and a.due_date is not None and a.completed_on > a.due_date
        for a in counted
    )
    return min(dues, default=None), done_on, late


def assert_list_columns_true() -> None:
    tasks = list(Task.objects.all())
    assert tasks
    wrong = [
        (t.title, (t.next_due, t.done_on, t.done_late), expected(t))
        for t in tasks
        if (t.next_due, t.done_on, t.done_late) != expected(t)
    ]
    assert wrong == []


def next_due(task: Task) -> dt.date | None:
    return Task.objects.values_list("next_due", flat=True).get(pk=task.pk)


def test_next_due_follows_the_lead_and_ignores_finished_work(province: Any, work: Any) -> None:
    task = make_task(province, work.doc, "Hai đơn vị chủ trì", due_date=D(2025, 6, 30))
    early = assign(task, province.tc, due_date=D(2025, 5, 31))
    assign(task, province.yt, due_date=D(2025, 6, 30))
    assign(task, province.khcn, AssignmentRole.SUPPORT, due_date=D(2025, 1, 31))
    assert next_due(task) == D(2025, 5, 31)  # the support unit's earlier date is not the task's
    early.completed_on = D(2025, 5, 1)
    early.save()
    services.refresh_list_columns([task.pk])
    assert next_due(task) == D(2025, 6, 30)
    no_lead = make_task(province, work.doc, "Chỉ có đơn vị phối hợp", due_date=D(2025, 3, 31))
    assign(no_lead, province.tc, AssignmentRole.SUPPORT, due_date=D(2025, 4, 30))
    assign(no_lead, province.yt, AssignmentRole.SUPPORT, due_date=D(2025, 3, 31))
    assert next_due(no_lead) == D(2025, 3, 31)
    nothing = make_task(province, work.doc, "Chưa giao ai", due_date=D(2025, 3, 31))
    assert next_due(nothing) is None
    assert_list_columns_true()


def test_publishing_sets_next_due(province: Any, people: Any, work: Any) -> None:
    task = make_task(province, work.doc, "Từ văn bản", due_date=D(2025, 8, 31))
    TaskMention.objects.create(task=task, role=AssignmentRole.LEAD, unit=province.tc)
    TaskMention.objects.create(task=task, role=AssignmentRole.SUPPORT, unit=province.yt)
    assign_from_mentions(task, people.thuongtruc)
    assert next_due(task) == D(2025, 8, 31)
    assert_list_columns_true()


def test_progress_that_finishes_or_reopens_work_moves_next_due(work: Any, people: Any) -> None:
    assert next_due(work.report) == work.today + dt.timedelta(days=10)
    services.report_progress(people.ngoai, work.yt_report, percent=100)
    assert next_due(work.report) == work.today + dt.timedelta(days=10)  # a support unit
    services.report_progress(people.donvi, work.tc_report, percent=100)
    assert next_due(work.report) is None
    work.report.refresh_from_db()
    assert (work.report.done_on, work.report.done_late) == (work.today, False)
    services.report_progress(people.donvi, work.tc_report, percent=80, narrative="Chưa xong")
    assert next_due(work.report) == work.today + dt.timedelta(days=10)
    assert_list_columns_true()


def test_approved_extension_moves_next_due(work: Any, people: Any) -> None:
    later = work.today + dt.timedelta(days=15)
    ext = services.request_extension(people.donvi, work.tc_late, new_due_date=later, reason="Lý do")
    assert next_due(work.late) == work.tc_late.due_date
    services.decide_extension(people.thuongtruc, ext, approve=True)
    assert next_due(work.late) == later
    assert_list_columns_true()


def test_succession_moves_next_due_to_the_new_lead(province: Any, work: Any) -> None:
    task = make_task(province, work.doc, "Kho dữ liệu", due_date=D(2025, 9, 30))
    assign(task, province.tttt)
    assign(task, province.khcn, AssignmentRole.SUPPORT, due_date=D(2025, 7, 31))
    assert next_due(task) == D(2025, 9, 30)
    services.transfer_all(D(2025, 3, 1))
    # Sở KH&CN already had the task: it takes the lead with its own, earlier deadline.
    assert next_due(task) == D(2025, 7, 31)
    assert_list_columns_true()


def test_admin_edit_of_an_assignment_refreshes_next_due(work: Any, admin_user: Any) -> None:
    admin = site._registry[Assignment]
    request = RequestFactory().post("/")
    request.user = admin_user
    asg = work.tc_report
    form_class = admin.get_form(request, asg, change=True)
    data = {
        "task": asg.task_id,
        "unit": asg.unit_id,
        "role": asg.role,
        "due_date": "2030-01-31",
        "original_due_date": asg.original_due_date.isoformat(),
        "progress": 0,
        "active": "on",
        "version": asg.version,
    }
    form = form_class(data, instance=asg)
    assert form.is_valid(), form.errors
    admin.save_model(request, form.save(commit=False), form, change=True)
    assert next_due(work.report) == D(2030, 1, 31)
    admin.delete_model(request, asg)
    # No lead left: the support unit's deadline counts.
    assert next_due(work.report) == work.yt_report.due_date
    assert_list_columns_true()


def test_synthetic_data_has_next_due(monkeypatch: Any) -> None:
    monkeypatch.setitem(task_synth.VOLUMES, "demo", task_synth.Volume(2, 5, 3, 1))
    plan = SCALES["demo"]
    synth_units(plan, random.Random(1))
    synth_users(plan, random.Random(2))
    task_synth.synth_tasks(plan, random.Random(3))
    assert Task.objects.filter(next_due__isnull=False).exists()
    assert_list_columns_true()


def test_demo_province_has_next_due() -> None:
    call_command("demo", "--no-serve", stdout=io.StringIO())
    assert Task.objects.filter(next_due__isnull=False).exists()
    assert Task.objects.filter(next_due__isnull=True).exists()  # done and recurring work
    assert_list_columns_true()
