"""Many units on one task: one roll-up line on the list, the task page and the document
page, opening to the units, filtered by status; the export still names every unit."""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

import openpyxl
import pytest
from django.db.models import F

from chidao.tasks.choices import AssignmentRole
from chidao.tasks.models import Assignment
from chidao.tasks.services import refresh_list_columns
from chidao.tasks.tests.conftest import make_task
from chidao.units.models import Unit

pytestmark = pytest.mark.django_db


def _text(html: str) -> str:
    """The page's text: tags dropped, white space collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace(" :", ":")


def _communes_task(province: Any, work: Any) -> Any:
    """A task for "UBND cấp xã": 65 communes lead (40 done — 30 on time, 10 late —, 20
    within the deadline, 5 overdue), Sở Tài chính leads too; due in ten days."""
    today = work.today
    task = make_task(
        province, work.doc, "Rà soát thủ tục hành chính cấp xã", due_date=today, order=4
    )
    communes = Unit.objects.bulk_create(
        Unit(
            kind="commune",
            parent=province.unit,
            province=province.unit,
            code=f"9{n:04d}",
            name=f"Xã Thử Nghiệm {n:02d}",
            valid_from=dt.date(2025, 7, 1),
        )
        for n in range(65)
    )
    rows = []
    for n, unit in enumerate(communes):
        if n < 30:  # done on time
            due, done = today + dt.timedelta(days=10), today - dt.timedelta(days=1)
        elif n < 40:  # done late
            due, done = today - dt.timedelta(days=5), today - dt.timedelta(days=1)
        elif n < 60:  # within the deadline
            due, done = today + dt.timedelta(days=10), None
        else:  # overdue
            due, done = today - dt.timedelta(days=5), None
        rows.append(
            Assignment(
                task=task,
                unit=unit,
                role=AssignmentRole.LEAD,
                due_date=due,
                original_due_date=due,
                completed_on=done,
                progress=100 if done else 50,
            )
        )
    Assignment.objects.bulk_create(rows)
    Assignment.objects.create(
        task=task,
        unit=province.tc,
        role=AssignmentRole.LEAD,
        due_date=today + dt.timedelta(days=10),
        original_due_date=today + dt.timedelta(days=10),
    )
    refresh_list_columns([task.pk])
    return type("CommunesTask", (), {"task": task, "communes": communes})


@pytest.fixture
def communes_task(province: Any, work: Any) -> Any:
    return _communes_task(province, work)


SUMMARY = "65 xã, phường: 40 xong · 20 trong hạn · 5 quá hạn"


def test_list_shows_the_communes_as_one_line_with_counts(
    login: Any, people: Any, communes_task: Any
) -> None:
    response = login(people.thuongtruc).get("/tasks/", {"q": "thu tuc hanh chinh cap xa"})
    html = response.content.decode()
    assert SUMMARY in _text(html)
    row = html[html.index('class="task-row"') :]
    # The lead column: the department by name, the communes behind the one line.
    assert "Sở Tài chính" in row
    details = row[row.index("<details") : row.index("</details>")]
    assert details.count('class="rollup-unit"') == 65
    overdue = details[details.index("rollup-group-overdue") :]
    overdue = overdue[: overdue.index("</div>")]
    assert overdue.count('class="rollup-unit"') == 5
    assert "Xã Thử Nghiệm 60" in overdue
    assert "Xã Thử Nghiệm 59" not in overdue
    assert f"/tasks/{communes_task.task.uuid}/?unit_status=overdue#units" in overdue


def test_task_page_rolls_the_communes_up_and_filters_them_by_status(
    login: Any, people: Any, communes_task: Any
) -> None:
    client = login(people.thuongtruc)
    url = f"/tasks/{communes_task.task.uuid}/"
    html = client.get(url).content.decode()
    assert SUMMARY in _text(html)
    assert '<details class="unit-rollup" id="rollup-lead-commune">' in html  # closed
    assert html.count('class="assignment-row') == 66  # every unit is behind it
    overdue = client.get(url, {"unit_status": "overdue"}).content.decode()
    assert '<details class="unit-rollup" id="rollup-lead-commune" open>' in overdue
    names = re.findall(r"Xã Thử Nghiệm \d\d", overdue)
    assert sorted(set(names)) == [f"Xã Thử Nghiệm {n}" for n in range(60, 65)]
    # The department shown on its own line is not filtered away.
    assert overdue.count('class="assignment-row') == 6
    assert "Sở Tài chính" in overdue
    done = client.get(url, {"unit_status": "done"}).content.decode()
    assert done.count('class="assignment-row') == 41
    table = done[done.index('id="assignments"') : done.index("</table>\n      </div>")]
    assert "Hoàn thành quá hạn" in table
    assert "Chưa hoàn thành, quá hạn" not in table


def test_document_page_shows_the_communes_as_one_line(
    login: Any, people: Any, communes_task: Any, work: Any
) -> None:
    html = login(people.lanhdao).get(f"/documents/{work.doc.uuid}/").content.decode()
    item = html[html.index(f'id="t-{communes_task.task.uuid}"') :]
    item = item[: item.find('class="list-group-item"', 10)]
    assert SUMMARY in _text(item)
    assert item.count('class="rollup-unit"') == 65
    assert "Sở Tài chính" in item


def test_export_still_names_every_unit(login: Any, people: Any, communes_task: Any) -> None:
    response = login(people.thuongtruc).get(
        "/tasks/", {"format": "xlsx", "q": "thu tuc hanh chinh cap xa"}
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    leads = list(sheet.iter_rows(values_only=True))[2][3].split("; ")
    assert len(leads) == 66
    assert "Xã Thử Nghiệm 64" in leads
    assert "Sở Tài chính" in leads


def test_few_units_of_a_kind_stay_one_by_one(login: Any, people: Any, work: Any) -> None:
    html = login(people.thuongtruc).get(f"/tasks/{work.report.uuid}/").content.decode()
    assert "unit-rollup" not in html
    assert html.count('class="assignment-row') == 2


def test_list_and_document_page_cost_the_same_queries_with_65_communes(
    login: Any,
    people: Any,
    work: Any,
    province: Any,
    django_assert_num_queries: Any,
) -> None:
    client = login(people.thuongtruc)
    client.get("/tasks/")  # warm the session
    with django_assert_num_queries(LIST_QUERIES):
        client.get("/tasks/")
    with django_assert_num_queries(DOCUMENT_QUERIES):
        client.get(f"/documents/{work.doc.uuid}/")
    _communes_task(province, work)
    with django_assert_num_queries(LIST_QUERIES):
        response = client.get("/tasks/")
    assert SUMMARY in _text(response.content.decode())
    with django_assert_num_queries(DOCUMENT_QUERIES):
        response = client.get(f"/documents/{work.doc.uuid}/")
    assert SUMMARY in _text(response.content.decode())
    assert Assignment.objects.filter(due_date__lt=F("completed_on")).count() == 10


LIST_QUERIES = 13
# The page, its tasks and their units, plus the review-corrections card (its counts and
# the tasks left untouched): two queries whatever the document.
DOCUMENT_QUERIES = 13


def test_task_page_costs_the_same_queries_for_65_communes_as_for_two_units(
    login: Any, people: Any, province: Any, work: Any, django_assert_num_queries: Any
) -> None:
    client = login(people.thuongtruc)
    client.get(f"/tasks/{work.report.uuid}/")  # warm the session
    with django_assert_num_queries(TASK_PAGE_QUERIES):
        client.get(f"/tasks/{work.report.uuid}/")
    many = _communes_task(province, work)
    with django_assert_num_queries(TASK_PAGE_QUERIES):
        response = client.get(f"/tasks/{many.task.uuid}/", {"unit_status": "overdue"})
    assert SUMMARY in _text(response.content.decode())


TASK_PAGE_QUERIES = 13


def test_roll_up_line_reads_in_english(login: Any, people: Any, communes_task: Any) -> None:
    client = login(people.thuongtruc)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get(f"/tasks/{communes_task.task.uuid}/").content.decode()
    assert "65 communes and wards: 40 done · 20 within deadline · 5 overdue" in _text(html)


def test_many_units_streaks_are_summed_up_in_one_line_that_opens_to_them(
    login: Any, people: Any, province: Any, work: Any
) -> None:
    from chidao.tasks import recurrence
    from chidao.tasks.choices import Frequency
    from chidao.tasks.models import OccurrenceReport
    from chidao.tasks.tests.conftest import assign

    work.doc.issued_on = dt.date(2025, 1, 1)
    work.doc.save()
    task = make_task(
        province,
        work.doc,
        "Tin bài hằng tháng của các xã",
        recurrence_freq=Frequency.MONTHLY,
        recurrence_day=20,
    )
    communes = Unit.objects.bulk_create(
        Unit(
            kind="commune",
            parent=province.unit,
            province=province.unit,
            code=f"8{n:04d}",
            name=f"Xã Định Kỳ {n:02d}",
        )
        for n in range(12)
    )
    shares = [assign(task, unit, due_date=None) for unit in communes]
    recurrence.ensure_occurrences(task, dt.date(2025, 5, 31))
    april = task.occurrences.get(period_start=dt.date(2025, 4, 1))
    for n, share in enumerate(shares):
        if n < 10:  # seven on time, three after the 20th; two never report
            day = dt.date(2025, 4, 15) if n < 7 else dt.date(2025, 4, 25)
            OccurrenceReport.objects.create(occurrence=april, assignment=share, completed_on=day)
    html = login(people.thuongtruc).get(f"/tasks/{task.uuid}/", {"as_of": "10/05/2025"})
    html = html.content.decode()
    streaks = html[
        html.index('id="streaks-rollup"') : html.index(
            "</details>", html.index('id="streaks-rollup"')
        )
    ]
    assert (
        "12 đơn vị, kỳ gần nhất đã đến hạn: 7 đúng hạn · 3 trễ hạn · 2 chưa báo cáo, quá hạn"
        in _text(streaks)
    )
    assert streaks.count('class="streak-row"') == 12
