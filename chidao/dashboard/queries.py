"""What the home page shows: the four-way split of assigned work, who is late, what is new."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from chidao.documents.choices import DocumentStatus
from chidao.documents.models import Document
from chidao.tasks.choices import STATUS_COLORS, AssignmentStatus, TaskState
from chidao.tasks.models import Assignment, AssignmentQuerySet


@dataclass(frozen=True)
class StatusCount:
    status: AssignmentStatus
    count: int
    color: str


def _assignments(unit_id: int | None) -> AssignmentQuerySet:
    qs = Assignment.objects.active().filter(task__state__in=[TaskState.OPEN, TaskState.CLOSED])
    return qs.filter(unit_id=unit_id) if unit_id is not None else qs


def status_counts(as_of: dt.date, unit_id: int | None = None) -> list[StatusCount]:
    """Active assignments of published tasks by four-way status as of `as_of` (one query)."""
    annotated: Any = _assignments(unit_id).with_status(as_of)  # adds status_code
    rows = dict(
        annotated.values_list("status_code").annotate(n=Count("pk")).values_list("status_code", "n")
    )
    return [StatusCount(s, rows.get(s.value, 0), STATUS_COLORS[s]) for s in AssignmentStatus]


def overdue_by_unit(as_of: dt.date, limit: int = 10) -> list[dict[str, Any]]:
    """Units with the most open overdue assignments as of `as_of` (one query)."""
    overdue = Q(completed_on__isnull=True) | Q(completed_on__gt=as_of)
    rows: Any = (
        _assignments(None)
        .filter(overdue, due_date__lt=as_of)
        .values("unit__uuid", "unit__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "unit__name")[:limit]
    )
    return list(rows)


def recent_documents(limit: int = 5) -> QuerySet[Document]:
    return Document.objects.filter(status=DocumentStatus.PUBLISHED).order_by(
        "-issued_on", "-created_at"
    )[:limit]
