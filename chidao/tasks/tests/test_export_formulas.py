"""The task list's spreadsheet (page download and `chidao tasks list --format xlsx`) writes
titles and unit names that start like a formula as text (issue 9, item 2)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from chidao.core.tests.formulas import RISKY, assert_written_as_text
from chidao.tasks.tests.conftest import assign, make_task

pytestmark = pytest.mark.django_db


@pytest.fixture
def risky_work(work: Any, province: Any) -> Any:
    """Tasks of the directive titled like formulas; Sở Y tế renamed `-2+3` (it supports
    `report`), and the lead of a new task is a unit named `@SUM(A1)`."""
    work.report.title = RISKY[0]  # =HYPERLINK(…) as an uploaded directive's task title
    work.report.save(update_fields=["title"])
    work.late.title = RISKY[1]
    work.late.save(update_fields=["title"])
    province.yt.name = RISKY[2]
    province.yt.save(update_fields=["name"])
    province.tc.name = RISKY[3]
    province.tc.save(update_fields=["name"])
    extra = make_task(province, work.doc, "Việc bình thường", due_date=work.today, order=4)
    assign(extra, province.khcn)
    return work


def test_task_list_download_writes_formula_like_text_as_text(
    login: Any, people: Any, risky_work: Any
) -> None:
    response = login(people.thuongtruc).get("/tasks/", {"format": "xlsx"})

    assert response.status_code == 200
    assert_written_as_text(response.content)


def test_tasks_list_command_writes_formula_like_text_as_text(
    risky_work: Any, tmp_path: Path
) -> None:
    target = tmp_path / "nhiem-vu.xlsx"
    call_command(
        "tasks",
        "list",
        "--format",
        "xlsx",
        "-o",
        str(target),
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )

    assert_written_as_text(target.read_bytes())
