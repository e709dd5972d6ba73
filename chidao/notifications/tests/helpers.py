"""Small builders of published tasks for the notifications tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from chidao.documents.choices import DocumentKind, DocumentStatus
from chidao.documents.models import Document
from chidao.tasks.choices import AssignmentRole, Frequency, TaskState
from chidao.tasks.models import Assignment, Occurrence, Task


def document(province: Any, number: str = "12/TB-UBND") -> Document:
    return Document.objects.create(
        province=province.unit,
        kind=DocumentKind.TB,
        number=number,
        issued_on=dt.date(2026, 1, 15),
        title="Kết luận về chuyển đổi số",
        status=DocumentStatus.PUBLISHED,
    )


def assignment(
    province: Any,
    unit: Any,
    due: dt.date | None,
    *,
    title: str = "Xây dựng kế hoạch chuyển đổi số năm 2026",
    doc: Document | None = None,
    state: str = TaskState.OPEN,
    completed_on: dt.date | None = None,
    role: str = AssignmentRole.LEAD,
) -> Assignment:
    task = Task.objects.create(
        province=province.unit,
        document=doc,
        title=title,
        due_date=due,
        original_due_date=due,
        state=state,
    )
    return Assignment.objects.create(
        task=task,
        unit=unit,
        role=role,
        due_date=due,
        original_due_date=due,
        completed_on=completed_on,
        progress=100 if completed_on else 40,
    )


def monthly(province: Any, unit: Any, due: dt.date) -> tuple[Assignment, Occurrence]:
    task = Task.objects.create(
        province=province.unit,
        title="Báo cáo kết quả thực hiện Đề án 06",
        recurrence_freq=Frequency.MONTHLY,
        recurrence_day=20,
        recurrence_text="Hằng tháng, trước ngày 20",
        state=TaskState.OPEN,
    )
    a = Assignment.objects.create(task=task, unit=unit, role=AssignmentRole.LEAD)
    occ = Occurrence.objects.create(
        task=task,
        period_start=due.replace(day=1),
        period_end=due.replace(day=28),
        label=f"Tháng {due:%m/%Y}",
        due_date=due,
    )
    return a, occ
