"""Tasks API: the list with the screens' filters, one task with its assignments, and the
follow-up actions (progress with evidence, comments, extensions, close and reopen).

Permissions are the screens': officers see their unit's tasks only (another task answers
404) and act on their unit's assignments only (403).
"""

import datetime as dt
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Router, Schema, Status, UploadedFile

from chidao.api.pagination import page_field, page_size_field, page_window
from chidao.core.permissions import Action, can, require
from chidao.tasks import export, queries, services
from chidao.tasks.choices import AssignmentStatus, Pillar, TaskState
from chidao.tasks.models import Assignment, ExtensionRequest, Occurrence, Task
from chidao.tasks.schemas import (
    CommentIn,
    CommentOut,
    DecisionIn,
    ExtensionIn,
    ExtensionOut,
    ProgressIn,
    ProgressOut,
    StateIn,
    TaskDetailOut,
    TaskOut,
)
from chidao.units.models import Unit
from chidao.units.queries import find_group

router = Router(tags=["tasks"])


class TaskQuery(Schema):
    as_of: dt.date | None = None
    document: UUID | None = None
    unit: UUID | None = None
    group: str | None = Field(None, description="uuid or key of a unit group")
    status: str | None = Field(None, description="done_on_time|done_late|open_on_time|open_overdue")
    pillar: str | None = None
    state: str | None = Field(None, description="open|closed")
    due_from: dt.date | None = None
    due_to: dt.date | None = None
    q: str | None = None
    sort: str = Field("due", description="title|due|document|status|updated, '-' to reverse")
    page: int = page_field()
    page_size: int = page_size_field()


class TaskPage(Schema):
    items: list[TaskOut]
    count: int
    page: int
    pages: int
    as_of: dt.date


def filters_from(query: TaskQuery) -> queries.TaskFilters:
    """TaskFilters from API (or command) parameters; ValidationError naming a bad one."""
    errors: dict[str, str] = {}
    if query.status and query.status not in AssignmentStatus.values:
        errors["status"] = _("Tình hình không hợp lệ: %s") % query.status
    if query.state and query.state not in {TaskState.OPEN, TaskState.CLOSED}:
        errors["state"] = _("Trạng thái theo dõi không hợp lệ: %s") % query.state
    if query.pillar is not None and query.pillar not in Pillar.values:
        errors["pillar"] = _("Lĩnh vực không hợp lệ: %s") % query.pillar
    if query.sort.lstrip("-") not in queries.SORTS:
        errors["sort"] = _("Cách sắp xếp không hợp lệ: %s") % query.sort
    unit = group = None
    if query.unit is not None:
        unit = Unit.objects.filter(uuid=query.unit).first()
        if unit is None:
            errors["unit"] = _("Không có đơn vị với mã này.")
    if query.group:
        group = find_group(query.group)
        if group is None:
            errors["group"] = _("Không có nhóm đơn vị “%s”.") % query.group
    if errors:
        raise ValidationError(errors)
    return queries.TaskFilters(
        as_of=query.as_of or timezone.localdate(),
        document=query.document,
        unit=unit,
        group=group,
        status=query.status or "",
        pillar=query.pillar,
        state=query.state or "",
        due_from=query.due_from,
        due_to=query.due_to,
        q=query.q or "",
        sort=query.sort,
    )


def _task_out(task: Task, as_of: dt.date) -> dict[str, Any]:
    row = export.task_row(task, as_of)
    return {
        "uuid": task.uuid,
        "title": task.title,
        "document": task.document.uuid if task.document else None,
        "document_label": row["document"],
        "section": task.section,
        "pillar": task.pillar,
        "state": task.state,
        "due_date": row["due_date"],
        "original_due_date": row["original_due_date"],
        "timing": row["timing"],
        "progress": row["progress"],
        "status": row["status"],
        "status_label": row["status_label"],
        "lead_units": row["lead_units"],
        "support_units": row["support_units"],
    }


def _assignment_out(a: Assignment, as_of: dt.date) -> dict[str, Any]:
    status = a.status_on(as_of)
    inherited = a.inherited_from
    return {
        "uuid": a.uuid,
        "unit": a.unit,
        "role": a.role,
        "active": a.active,
        "due_date": a.due_date,
        "original_due_date": a.original_due_date,
        "progress": a.progress,
        "completed_on": a.completed_on,
        "status": status.value,
        "status_label": str(status.label),
        "version": a.version,
        "transferred_on": a.transferred_on,
        "inherited_from": inherited.uuid if inherited is not None else None,
    }


@router.get("", response=TaskPage)
def list_tasks(request: HttpRequest, query: Query[TaskQuery]) -> dict[str, Any]:
    """Tasks the caller may see, filtered like the task list, with the four-way status as
    of `as_of` (today by default)."""
    require(request.user, Action.VIEW_TASKS)
    f = filters_from(query)
    tasks = queries.task_list(request.user, f)
    count = tasks.count()
    start, stop, pages = page_window(query.page, query.page_size, count)
    return {
        "items": [_task_out(t, f.as_of) for t in queries.page_of(tasks, start, stop)],
        "count": count,
        "page": query.page,
        "pages": pages,
        "as_of": f.as_of,
    }


def _visible(request: HttpRequest, uuid: UUID) -> Task:
    try:
        task = queries.task_page(uuid)
    except Task.DoesNotExist:
        raise Http404 from None
    if not can(request.user, Action.VIEW_TASK, task):
        raise Http404
    return task


@router.get("/{uuid}", response=TaskDetailOut)
def get_task(request: HttpRequest, uuid: UUID, as_of: dt.date | None = None) -> dict[str, Any]:
    """One task with all its assignments (inactive, transferred ones too)."""
    require(request.user, Action.VIEW_TASKS)
    task = _visible(request, uuid)
    day = as_of or timezone.localdate()
    assignments: list[Assignment] = task.all_assignments  # type: ignore[attr-defined]  # prefetched
    task.active_assignments = [a for a in assignments if a.active]  # type: ignore[attr-defined]  # for task_row
    return {
        **_task_out(task, day),
        "quote": task.quote,
        "description": task.description,
        "recurrence_rule": task.recurrence_rule,
        "recurrence_text": task.recurrence_text,
        "ongoing": task.ongoing,
        "quantity": task.quantity,
        "version": task.version,
        "as_of": day,
        "assignments": [_assignment_out(a, day) for a in assignments],
    }


def _assignment(request: HttpRequest, uuid: UUID) -> Assignment:
    try:
        assignment = queries.assignment_of(uuid)
    except Assignment.DoesNotExist:
        raise Http404 from None
    if not can(request.user, Action.VIEW_TASK, assignment.task):
        raise Http404
    return assignment


@router.post("/assignments/{uuid}/progress", response={201: ProgressOut})
def report_progress(
    request: HttpRequest,
    uuid: UUID,
    payload: Form[ProgressIn],
    files: File[list[UploadedFile]] = None,  # type: ignore[assignment]  # optional upload
) -> Status[dict[str, Any]]:
    """Report progress on the caller's unit's assignment (multipart form; `files` are the
    evidence: pdf, docx, xlsx, doc, xls, jpg, png, zip, each within the size limit).
    `version` (from GET) makes a stale report fail with 422 instead of overwriting."""
    assignment = _assignment(request, uuid)
    occurrence = None
    if payload.occurrence is not None:
        occurrence = Occurrence.objects.filter(
            uuid=payload.occurrence, task_id=assignment.task_id
        ).first()
        if occurrence is None:
            raise ValidationError({"occurrence": _("Kỳ báo cáo không thuộc nhiệm vụ này.")})
    update = services.report_progress(
        request.user,
        assignment,
        percent=payload.percent,
        narrative=payload.narrative,
        files=files or [],
        completed=payload.completed,
        completed_on=payload.completed_on,
        occurrence=occurrence,
        quantity=payload.quantity,
        expected_version=payload.version,
        via="api",
    )
    assignment.refresh_from_db()
    return Status(
        201,
        {
            "uuid": update.uuid,
            "percent": update.percent,
            "narrative": update.narrative,
            "completed": update.completed,
            "created_at": update.created_at,
            "evidence": [e.name for e in update.evidence.all()],
            "assignment": _assignment_out(assignment, timezone.localdate()),
        },
    )


@router.post("/{uuid}/comments", response={201: CommentOut})
def add_comment(request: HttpRequest, uuid: UUID, payload: CommentIn) -> Status[dict[str, Any]]:
    task = _visible(request, uuid)
    comment = services.add_comment(request.user, task, payload.body, via="api")
    author = request.user
    return Status(
        201,
        {
            "uuid": comment.uuid,
            "body": comment.body,
            "author": author.get_full_name() or author.get_username(),  # type: ignore[union-attr]  # authenticated
            "created_at": comment.created_at,
        },
    )


def _extension_out(ext: ExtensionRequest) -> dict[str, Any]:
    return {
        "uuid": ext.uuid,
        "assignment": ext.assignment.uuid,
        "status": ext.status,
        "previous_due_date": ext.previous_due_date,
        "requested_due_date": ext.requested_due_date,
        "reason": ext.reason,
        "decision_reason": ext.decision_reason,
    }


@router.post("/assignments/{uuid}/extensions", response={201: ExtensionOut})
def request_extension(
    request: HttpRequest, uuid: UUID, payload: ExtensionIn
) -> Status[dict[str, Any]]:
    """The caller's unit asks for a later deadline (one pending request at a time)."""
    assignment = _assignment(request, uuid)
    ext = services.request_extension(
        request.user,
        assignment,
        new_due_date=payload.new_due_date,
        reason=payload.reason,
        via="api",
    )
    return Status(201, _extension_out(ext))


@router.post("/extensions/{uuid}/decision", response=ExtensionOut)
def decide_extension(request: HttpRequest, uuid: UUID, payload: DecisionIn) -> dict[str, Any]:
    """The secretariat approves (the deadline moves) or refuses (reason required)."""
    require(request.user, Action.MANAGE_TASKS)
    ext = get_object_or_404(ExtensionRequest.objects.select_related("assignment"), uuid=uuid)
    ext = services.decide_extension(
        request.user, ext, approve=payload.approve, reason=payload.reason, via="api"
    )
    return _extension_out(ext)


@router.post("/{uuid}/close", response=TaskOut)
def close_task(request: HttpRequest, uuid: UUID, payload: StateIn) -> dict[str, Any]:
    task = _visible(request, uuid)
    services.close_task(
        request.user, task, reason=payload.reason, expected_version=payload.version, via="api"
    )
    return _reloaded(request, uuid)


@router.post("/{uuid}/reopen", response=TaskOut)
def reopen_task(request: HttpRequest, uuid: UUID, payload: StateIn) -> dict[str, Any]:
    task = _visible(request, uuid)
    services.reopen_task(
        request.user, task, reason=payload.reason, expected_version=payload.version, via="api"
    )
    return _reloaded(request, uuid)


def _reloaded(request: HttpRequest, uuid: UUID) -> dict[str, Any]:
    f = queries.TaskFilters()
    task = queries.task_list(request.user, f).get(uuid=uuid)
    return _task_out(task, f.as_of)
