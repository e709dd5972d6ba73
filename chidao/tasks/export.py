"""The task list as rows for a spreadsheet, JSON or a terminal table.

Titles, document names and unit names are user text: the spreadsheet gets them through
`core.spreadsheets.safe_row`, so one that starts with "=" is written as text, never as a
formula."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Iterator
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from chidao.core.spreadsheets import safe_row
from chidao.tasks.choices import AssignmentRole, TaskState
from chidao.tasks.models import Task
from chidao.tasks.queries import task_status

HEADERS = [
    "STT",
    "Nhiệm vụ",
    "Văn bản",
    "Đơn vị chủ trì",
    "Đơn vị phối hợp",
    "Thời hạn",
    "Thời hạn ban đầu",
    "Tiến độ (%)",
    "Tình hình",
    "Theo dõi",
    "Mã",
]
WIDTHS = [6, 70, 28, 36, 36, 12, 14, 10, 28, 16, 38]


def task_row(task: Task, as_of: dt.date) -> dict[str, Any]:
    """One task as plain values, its status as of `as_of`; `task` comes from
    `queries.task_list` (`active_assignments` prefetched, the status found from them)."""
    assignments = getattr(task, "active_assignments", [])
    leads = [a for a in assignments if a.role == AssignmentRole.LEAD]
    supports = [a for a in assignments if a.role == AssignmentRole.SUPPORT]
    dues = [a.due_date for a in leads or assignments if a.due_date]
    originals = [a.original_due_date for a in leads or assignments if a.original_due_date]
    counted = leads or assignments
    progress = round(sum(a.progress for a in counted) / len(counted)) if counted else 0
    status = task_status(assignments, as_of)
    return {
        "uuid": str(task.uuid),
        "title": task.title,
        "document": str(task.document) if task.document_id else "",
        "lead_units": [a.unit.name for a in leads],
        "support_units": [a.unit.name for a in supports],
        "due_date": max(dues) if dues else task.due_date,
        "original_due_date": min(originals) if originals else task.original_due_date,
        "timing": task.timing_label,
        "progress": progress,
        "status": status.value,
        "status_label": str(status.label),
        "state": task.state,
        "state_label": str(TaskState(task.state).label),
    }


def rows(tasks: Iterable[Task], as_of: dt.date) -> Iterator[dict[str, Any]]:
    for task in tasks:
        yield task_row(task, as_of)


def _date(day: dt.date | None) -> str:
    return f"{day:%d/%m/%Y}" if day else ""


def to_xlsx(tasks: Iterable[Task], *, as_of: dt.date, title: str = "Nhiệm vụ") -> bytes:
    """A workbook with one sheet: a header naming the date of the status, then a row per
    task. Dates are real dates formatted dd/mm/yyyy."""
    book = Workbook(write_only=False)
    sheet = book.active
    assert sheet is not None
    sheet.title = title[:31]
    sheet.append([f"Danh sách nhiệm vụ — tình hình tại ngày {as_of:%d/%m/%Y}"])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append(HEADERS)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for n, row in enumerate(rows(tasks, as_of), start=1):
        sheet.append(
            safe_row(
                sheet,
                [
                    n,
                    row["title"],
                    row["document"],
                    "; ".join(row["lead_units"]),
                    "; ".join(row["support_units"]),
                    row["due_date"],
                    row["original_due_date"]
                    if row["original_due_date"] != row["due_date"]
                    else None,
                    row["progress"],
                    row["status_label"],
                    row["state_label"],
                    row["uuid"],
                ],
            )
        )
        line = sheet.max_row
        for col in (6, 7):
            sheet.cell(line, col).number_format = "DD/MM/YYYY"
        sheet.cell(line, 2).alignment = Alignment(wrap_text=True, vertical="top")
    for i, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    sheet.freeze_panes = "C3"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def to_table(tasks: Iterable[Task], as_of: dt.date) -> Iterator[str]:
    """Lines of a plain text table for the terminal, statuses as of `as_of`."""
    yield f"{'Tình hình':<26} {'Hạn':<10} {'%':>4}  {'Chủ trì':<30} Nhiệm vụ"
    for row in rows(tasks, as_of):
        lead = ", ".join(row["lead_units"])[:30]
        yield (
            f"{row['status_label'][:26]:<26} {_date(row['due_date']):<10} "
            f"{row['progress']:>4}  {lead:<30} {row['title'][:80]}"
        )
