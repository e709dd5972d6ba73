"""Task screens: the secretariat's list, a unit's inbox, the task page, and the forms that
report progress, comment, ask for and decide extensions, close and reopen.

Views parse, call a service, render. Officers see only the tasks of their unit: another
task answers 404 (its existence is not revealed); an action refused answers 403.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from chidao.core.forms_util import apply_validation_error
from chidao.core.http import HtmxHttpRequest
from chidao.core.periods import parse_day
from chidao.core.permissions import Action, can, require
from chidao.tasks import export, queries, services
from chidao.tasks.choices import (
    OUTCOME_COLORS,
    STATUS_COLORS,
    AssignmentRole,
    ExtensionStatus,
    TaskState,
    Urgency,
)
from chidao.tasks.forms import (
    CommentForm,
    DecisionForm,
    ExtensionForm,
    ProgressForm,
    StateForm,
    TaskFilterForm,
)
from chidao.tasks.models import Assignment, Evidence, ExtensionRequest, Task
from chidao.tasks.recurrence import frequency_of
from chidao.units import queries as unit_queries
from chidao.units.models import Unit
from chidao.units.services import installation_province

PAGE_SIZE = 50


def _as_of(request: HttpRequest) -> tuple[dt.date, str]:
    """The date statuses are computed at (?as_of=dd/mm/yyyy), today by default."""
    raw = request.GET.get("as_of", "")
    try:
        return parse_day(raw) or timezone.localdate(), ""
    except ValueError:
        message = _("Ngày không hợp lệ: %(value)s (dạng dd/mm/yyyy).") % {"value": raw}
        return timezone.localdate(), message


def _history(request: HttpRequest) -> bool:
    """?history=1: the pickers offer units dissolved or merged since, and their groups."""
    return request.GET.get("history") == "1"


def _unit_choices(request: HttpRequest, province: Unit | None) -> QuerySet[Unit]:
    """Units that have (or had) assignments: the ones worth filtering on, as options.
    In force today unless ?history=1; a unit already chosen (?unit=) stays offered."""
    units = unit_queries.picker_units(
        province,
        timezone.localdate(),
        history=_history(request),
        keep=[request.GET.get("unit", "")],
    )
    return units.filter(Exists(Assignment.objects.filter(unit=OuterRef("pk")))).only(
        "pk",
        "uuid",
        "name",
        "kind",
        "valid_from",
        "valid_to",
        "parent",
        "parent__name",
        "parent__short_name",
    )


def _history_links(request: HttpRequest) -> dict[str, Any]:
    """The toggle between units in force today and every unit, as links (no JS)."""
    on = _history(request)
    return {
        "history": on,
        "history_toggle_query": _query_with(request, history=None if on else "1", page=None),
    }


# -- the list ---------------------------------------------------------------------------


def task_list(request: HtmxHttpRequest) -> HttpResponse:
    """All tasks (officers: their unit's) with filters, sorting and pages; `?format=xlsx`
    downloads the filtered list."""
    require(request.user, Action.VIEW_TASKS)
    province = installation_province()
    form = TaskFilterForm(
        request.GET or None,
        units=_unit_choices(request, province),
        groups=unit_queries.picker_groups(
            province, timezone.localdate(), history=_history(request)
        ),
    )
    filters = form.filters()
    tasks = queries.task_list(request.user, filters)
    if request.GET.get("format") == "xlsx":
        content = export.to_xlsx(tasks.iterator(chunk_size=2000), as_of=filters.as_of)
        response = HttpResponse(
            content,
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        name = f"nhiem-vu-{filters.as_of:%Y%m%d}.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    page = queries.TaskPaginator(tasks, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = []
    for task in page.object_list:
        row = export.task_row(task, filters.as_of)
        row["status_color"] = STATUS_COLORS.get(row["status"], "secondary")
        # The lead column: 65 communes become one line that opens to them.
        leads = [a for a in task.active_assignments if a.role == AssignmentRole.LEAD]
        row["lead_lines"] = queries.roll_up(leads, filters.as_of)
        rows.append((task, row))
    context = {
        "form": form,
        "filters": filters,
        "page_obj": page,
        "rows": rows,
        "status_colors": STATUS_COLORS,
        "columns": _columns(filters.sort),
        "export_query": _query_with(request, format="xlsx", page=None),
        "is_officer": queries.officer_unit_id(request.user) is not None,
        **_history_links(request),
    }
    template = "tasks/_list_results.html" if request.htmx else "tasks/list.html"
    return render(request, template, context)


_COLUMNS = [
    ("title", _lazy("Nhiệm vụ")),
    ("document", _lazy("Văn bản")),
    ("due", _lazy("Thời hạn")),
    ("status", _lazy("Tình hình")),
]


def _columns(current: str) -> list[tuple[str, Any, str, str]]:
    """(key, label, the sort its header link sets, arrow) for each sortable column."""
    out = []
    for key, label in _COLUMNS:
        if current == key:
            out.append((key, label, f"-{key}", "▲"))
        elif current == f"-{key}":
            out.append((key, label, key, "▼"))
        else:
            out.append((key, label, key, ""))
    return out


def _query_with(request: HttpRequest, **changes: Any) -> str:
    query = request.GET.copy()
    for key, value in changes.items():
        if value is None:
            query.pop(key, None)
        else:
            query[key] = value
    return query.urlencode()


# -- the inbox --------------------------------------------------------------------------


def inbox(request: HtmxHttpRequest) -> HttpResponse:
    """A unit's open assignments by urgency. Officers see their unit's; the other roles
    choose a unit (?unit=<uuid>)."""
    require(request.user, Action.VIEW_TASKS)
    as_of, date_error = _as_of(request)
    unit: Unit | None = None
    officer_unit = queries.officer_unit_id(request.user)
    if officer_unit is not None:
        unit = Unit.objects.filter(pk=officer_unit).first()
    elif request.GET.get("unit"):
        try:
            unit = Unit.objects.filter(uuid=UUID(request.GET["unit"])).first()
        except ValueError:
            unit = None
    rows = queries.inbox(unit.pk, as_of) if unit is not None else Assignment.objects.none()
    today = timezone.localdate()
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "tasks/inbox.html",
        {
            "unit": unit,
            "as_of": as_of,
            "date_error": date_error,
            "page_obj": page,
            "rows": page.object_list,
            "urgency_labels": dict(Urgency.choices),
            "status_colors": STATUS_COLORS,
            "soon_days": queries.due_soon_workdays(),
            "units": [
                (u, unit_queries.picker_label(u, today))
                for u in _unit_choices(request, installation_province())
            ]
            if officer_unit is None
            else None,
            **_history_links(request),
            "can_report": unit is not None and officer_unit == unit.pk,
        },
    )


# -- one task ---------------------------------------------------------------------------


def _visible_task(request: HttpRequest, uuid: UUID) -> Task:
    try:
        task = queries.task_page(uuid)
    except Task.DoesNotExist:
        raise Http404 from None
    if not can(request.user, Action.VIEW_TASK, task):
        raise Http404
    return task


def document_link(task: Task) -> str:
    """Where the task's quote sits in its document's page."""
    if task.document is None:
        return ""
    return f"/documents/{task.document.uuid}/#t-{task.uuid}"


def task_detail(request: HttpRequest, uuid: UUID) -> HttpResponse:
    task = _visible_task(request, uuid)
    as_of, date_error = _as_of(request)
    assignments: list[Assignment] = task.all_assignments  # type: ignore[attr-defined]  # prefetched
    user = request.user
    pending = {
        r.assignment_id: r
        for r in ExtensionRequest.objects.filter(
            assignment__task=task, status=ExtensionStatus.PENDING
        ).select_related("requested_by")
    }
    rows: list[dict[str, Any]] = []
    for a in assignments:
        status = a.status_on(as_of)
        rows.append(
            {
                "a": a,
                "status": status,
                "color": STATUS_COLORS[status],
                "pending": pending.get(a.pk),
                "can_update": task.state == TaskState.OPEN
                and can(user, Action.UPDATE_ASSIGNMENT, a),
                "can_extend": task.state == TaskState.OPEN
                and a.due_date is not None
                and a.completed_on is None
                and a.pk not in pending
                and can(user, Action.REQUEST_EXTENSION, a),
            }
        )
    status = queries.task_status(assignments, as_of)
    # Many units of one kind in one role are one line that opens to them, filtered by
    # ?unit_status= (a StatusTally value).
    lines = queries.roll_up(
        rows, as_of, assignment=lambda r: r["a"], tally=request.GET.get("unit_status", "")
    )
    recurring = bool(frequency_of(task))
    streaks = queries.streaks(task, assignments, as_of) if recurring else None
    return render(
        request,
        "tasks/detail.html",
        {
            "task": task,
            "as_of": as_of,
            "date_error": date_error,
            "status": status,
            "status_color": STATUS_COLORS[status],
            "rows": rows,
            "lines": lines,
            "as_of_param": request.GET.get("as_of", "") if not date_error else "",
            "document_link": document_link(task),
            "timeline": queries.timeline(task, assignments),
            "streaks": streaks,
            "streak_tally": queries.streak_tally(streaks)
            if streaks and len(streaks) >= queries.ROLLUP_MIN
            else None,
            "outcome_colors": OUTCOME_COLORS,
            "recurring": recurring,
            "can_comment": can(user, Action.COMMENT_TASK, task),
            "can_manage": can(user, Action.MANAGE_TASKS, task),
            "comment_form": CommentForm(),
            "state_form": StateForm(initial={"version": task.version}),
            "decision_form": DecisionForm(),
        },
    )


def _assignment(request: HttpRequest, uuid: UUID, action: Action) -> Assignment:
    try:
        assignment = queries.assignment_of(uuid)
    except Assignment.DoesNotExist:
        raise Http404 from None
    if not can(request.user, Action.VIEW_TASK, assignment.task):
        raise Http404
    require(request.user, action, assignment)
    return assignment


def report(request: HtmxHttpRequest, uuid: UUID) -> HttpResponse:
    """The progress form of one assignment: a page, or in place in the inbox (htmx)."""
    assignment = _assignment(request, uuid, Action.UPDATE_ASSIGNMENT)
    as_of = timezone.localdate()
    from_inbox = request.GET.get("from") == "inbox"  # the inbox's link, without JS
    if request.htmx and request.GET.get("cancel"):
        return _inbox_row(request, assignment, as_of)
    occurrences = (
        queries.open_occurrences(assignment, as_of) if frequency_of(assignment.task) else None
    )
    initial: dict[str, Any] = {"percent": assignment.progress, "version": assignment.version}
    if occurrences is not None:
        # The period running now (the latest started) is the one usually reported.
        current = occurrences.last()
        initial["occurrence"] = current.uuid if current is not None else None
    form = ProgressForm(
        request.POST or None, request.FILES or None, occurrences=occurrences, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.report_progress(
                request.user,
                assignment,
                percent=data["percent"],
                narrative=data["narrative"],
                files=data["evidence"],
                completed=data["completed"],
                completed_on=data["completed_on"],
                occurrence=data.get("occurrence"),
                quantity=data.get("quantity"),
                expected_version=data["version"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            message = _("Đã ghi nhận báo cáo tiến độ.")
            if request.htmx:
                return _inbox_row(request, assignment, as_of, message=message)
            messages.success(request, message)
            if from_inbox:  # back where the officer was, the message on top
                return redirect("tasks:inbox")
            return redirect("tasks:detail", uuid=assignment.task.uuid)
    context = {
        "form": form,
        "assignment": assignment,
        "task": assignment.task,
        "from_inbox": from_inbox,
    }
    if request.htmx:
        return render(request, "tasks/_progress_form.html", context)
    return render(request, "tasks/report.html", context)


def _inbox_row(
    request: HttpRequest, assignment: Assignment, as_of: dt.date, *, message: str = ""
) -> HttpResponse:
    row = queries.inbox_row(assignment.uuid, as_of)
    html = render_to_string(
        "tasks/_inbox_row.html",
        {
            "row": row,
            "status_colors": STATUS_COLORS,
            "can_report": True,
            "flash": message,
        },
        request=request,
    )
    return HttpResponse(html)


def request_extension(request: HttpRequest, uuid: UUID) -> HttpResponse:
    assignment = _assignment(request, uuid, Action.REQUEST_EXTENSION)
    form = ExtensionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.request_extension(
                request.user,
                assignment,
                new_due_date=form.cleaned_data["new_due_date"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Đã gửi đề nghị gia hạn tới cơ quan thường trực."))
            return redirect("tasks:detail", uuid=assignment.task.uuid)
    return render(
        request,
        "tasks/extension_form.html",
        {"form": form, "assignment": assignment, "task": assignment.task},
    )


def decide_extension(request: HttpRequest, uuid: UUID) -> HttpResponse:
    require(request.user, Action.MANAGE_TASKS)
    ext = get_object_or_404(
        ExtensionRequest.objects.select_related("assignment__task", "assignment__unit"), uuid=uuid
    )
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.decide_extension(
                request.user,
                ext,
                approve=form.cleaned_data["decision"] == "approve",
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Đã ghi nhận quyết định gia hạn."))
            return redirect("tasks:detail", uuid=ext.assignment.task.uuid)
    return render(
        request,
        "tasks/decision_form.html",
        {"form": form, "ext": ext, "task": ext.assignment.task},
    )


def comment(request: HttpRequest, uuid: UUID) -> HttpResponse:
    task = _visible_task(request, uuid)
    if request.method != "POST":
        return redirect("tasks:detail", uuid=task.uuid)
    require(request.user, Action.COMMENT_TASK, task)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.add_comment(request.user, task, form.cleaned_data["body"])
            messages.success(request, _("Đã gửi ý kiến."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, _("Hãy nhập ý kiến."))
    return redirect(reverse("tasks:detail", args=[task.uuid]) + "#timeline")


def change_state(request: HttpRequest, uuid: UUID, close: bool) -> HttpResponse:
    task = _visible_task(request, uuid)
    require(request.user, Action.MANAGE_TASKS, task)
    form = StateForm(request.POST or None, initial={"version": task.version})
    if request.method == "POST" and form.is_valid():
        service = services.close_task if close else services.reopen_task
        try:
            service(
                request.user,
                task,
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Đã đóng nhiệm vụ.") if close else _("Đã mở lại nhiệm vụ."))
            return redirect("tasks:detail", uuid=task.uuid)
    return render(request, "tasks/state_form.html", {"form": form, "task": task, "closing": close})


def close(request: HttpRequest, uuid: UUID) -> HttpResponse:
    return change_state(request, uuid, close=True)


def reopen(request: HttpRequest, uuid: UUID) -> HttpResponse:
    return change_state(request, uuid, close=False)


def evidence(request: HttpRequest, uuid: UUID) -> FileResponse:
    """An evidence file, to those who may see its task."""
    item = get_object_or_404(Evidence.objects.select_related("update__assignment__task"), uuid=uuid)
    if not can(request.user, Action.VIEW_TASK, item.update.assignment.task):
        raise Http404
    try:
        handle = item.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(
        handle, as_attachment=True, filename=item.name, content_type=item.content_type or None
    )
