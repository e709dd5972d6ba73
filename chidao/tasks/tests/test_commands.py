"""`chidao tasks list|transfer|occurrences`."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from chidao.tasks.choices import Frequency
from chidao.tasks.models import Assignment
from chidao.tasks.tests.conftest import assign, make_task

pytestmark = pytest.mark.django_db


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("tasks", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_list_as_json(work: Any) -> None:
    body = json.loads(_run("list", "--format", "json"))
    assert body["as_of"] == work.today.isoformat()
    assert {t["title"] for t in body["tasks"]} == {
        work.report.title,
        work.late.title,
        work.commune.title,
    }
    late = next(t for t in body["tasks"] if t["title"] == work.late.title)
    assert late["status"] == "open_overdue"
    assert late["lead_units"] == ["Sở Tài chính"]
    assert late["due_date"] == str(work.late.due_date)


def test_list_filters_by_unit_status_and_date(work: Any) -> None:
    body = json.loads(_run("list", "--unit", "Sở Y tế", "--format", "json"))
    assert [t["title"] for t in body["tasks"]] == [work.report.title]
    body = json.loads(_run("list", "--status", "open_overdue", "--format", "json"))
    assert [t["title"] for t in body["tasks"]] == [work.late.title]
    earlier = (work.today - dt.timedelta(days=30)).isoformat()
    body = json.loads(
        _run("list", "--status", "open_overdue", "--as-of", earlier, "--format", "json")
    )
    assert body["tasks"] == []
    table = _run("list", "--unit", "STC")
    assert "Chưa hoàn thành, quá hạn" in table
    assert table.strip().endswith(f"2 nhiệm vụ, tình hình tại {work.today:%d/%m/%Y}.")
    with pytest.raises(CommandError, match="không phải ngày hợp lệ"):
        _run("list", "--as-of", "31/02/2025")
    with pytest.raises(CommandError, match="không tìm thấy"):
        _run("list", "--unit", "Sở Không Có")


def test_list_to_xlsx(work: Any, tmp_path: Path) -> None:
    target = tmp_path / "nhiem-vu.xlsx"
    _run("list", "--format", "xlsx", "-o", str(target))
    sheet = openpyxl.load_workbook(target).active
    titles = [row[1] for row in sheet.iter_rows(min_row=3, values_only=True)]
    assert set(titles) == {work.report.title, work.late.title, work.commune.title}


def test_transfer_command(work: Any, province: Any) -> None:
    task = make_task(province, work.doc, "Việc của Sở TT&TT", due_date=dt.date(2025, 12, 31))
    assign(task, province.tttt)
    out = _run("transfer", "--as-of", "2025-03-01")
    assert "Sở Thông tin và Truyền thông → Sở Khoa học và Công nghệ: 1 phân công" in out
    assert out.strip().endswith("Đã chuyển 1 phân công tại ngày 01/03/2025.")
    assert Assignment.objects.get(task=task, active=True).unit == province.khcn
    assert "Đã chuyển 0 phân công" in _run("transfer", "--as-of", "2025-03-01")


def test_occurrences_command(work: Any, province: Any) -> None:
    make_task(
        province, work.doc, "Hằng tháng", recurrence_freq=Frequency.MONTHLY, recurrence_day=20
    )
    assert "Đã tạo" in _run("occurrences")
    assert _run("occurrences").startswith("Đã tạo 0 kỳ")
