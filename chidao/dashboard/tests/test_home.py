"""The home page: the four-way split today, the late units, officers see their own share."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from chidao.tasks.choices import TaskState
from chidao.tasks.models import Assignment, Task

pytestmark = pytest.mark.django_db


@pytest.fixture
def work(province: Any) -> Any:
    today = timezone.localdate()

    def task(title: str, unit: Any, due: dt.date, done: dt.date | None = None) -> Assignment:
        t = Task.objects.create(
            province=province.unit, title=title, due_date=due, state=TaskState.OPEN
        )
        return Assignment.objects.create(
            task=t, unit=unit, role="lead", due_date=due, original_due_date=due, completed_on=done
        )

    task("Việc quá hạn của Sở Y tế", province.yt, today - dt.timedelta(days=5))
    task("Việc quá hạn khác của Sở Y tế", province.yt, today - dt.timedelta(days=1))
    task("Việc trong hạn của Sở Tài chính", province.tc, today + dt.timedelta(days=9))
    task(
        "Việc xong đúng hạn",
        province.tc,
        today - dt.timedelta(days=9),
        today - dt.timedelta(days=10),
    )
    draft = Task.objects.create(province=province.unit, title="Dự thảo", state=TaskState.DRAFT)
    Assignment.objects.create(task=draft, unit=province.yt, role="lead", due_date=today)
    return today


def _counts(html: str) -> list[str]:
    block = html.split("status-count")[1:5]
    return [b.split('<div class="h1 mb-1">')[1].split("<")[0] for b in block]


def test_leader_sees_the_split_and_the_late_units(
    login: Any, people: Any, work: Any, django_assert_max_num_queries: Any
) -> None:
    client = login(people.lanhdao)
    # 12 for the tasks part, one each for the regimes and the latest indicator values.
    with django_assert_max_num_queries(14):
        html = client.get(reverse("dashboard:home")).content.decode()
    # done on time, done late, open on time, open overdue; the draft is not counted
    assert _counts(html) == ["1", "0", "1", "2"]
    late = html.split("late-units")[1]
    assert "Sở Y tế" in late
    assert '<span class="badge bg-red-lt">2</span>' in late
    assert "Sở Tài chính" not in late


def test_officer_sees_only_their_units_share(login: Any, people: Any, work: Any) -> None:
    html = login(people.donvi).get(reverse("dashboard:home")).content.decode()
    assert _counts(html) == ["1", "0", "1", "0"]
    assert "late-units" not in html
    assert "Việc của đơn vị tại ngày hôm nay" in html


def test_empty_province_has_an_empty_state(login: Any, people: Any) -> None:
    html = login(people.lanhdao).get(reverse("dashboard:home")).content.decode()
    assert "Chưa có nhiệm vụ nào được ban hành" in html
