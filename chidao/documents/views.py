"""Pages of the documents app: the list, upload, a document's page and the review screen.

Every review action is a plain form POST that calls one service and redirects back to the
review screen (at the task it touched); the screen boosts those forms with htmx so only
its body is swapped. Errors come back as messages, so a stale form says why it was refused.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chidao.core.forms_util import apply_validation_error
from chidao.core.http import HtmxHttpRequest
from chidao.core.permissions import Action, can, require
from chidao.documents import queries, services
from chidao.documents.choices import STATUS_COLORS, CorrectionKind, DocumentKind, DocumentStatus
from chidao.documents.forms import (
    MentionForm,
    MergeForm,
    MetadataForm,
    NewTaskForm,
    SplitForm,
    TaskForm,
    UploadForm,
    VersionForm,
)
from chidao.documents.models import Document, LearnedAlias
from chidao.tasks.choices import STATUS_COLORS as ASSIGNMENT_COLORS
from chidao.tasks.choices import AssignmentRole, Frequency
from chidao.tasks.models import Assignment, Task, TaskMention
from chidao.tasks.queries import roll_up
from chidao.units.services import installation_province

PAGE_SIZE = 25


def _document(uuid: UUID) -> Document:
    try:
        return queries.document_page(uuid)
    except Document.DoesNotExist:
        raise Http404 from None


def document_list(request: HtmxHttpRequest) -> HttpResponse:
    """All documents with filters; the results alone for htmx."""
    require(request.user, Action.VIEW_DOCUMENTS)
    province = installation_province()
    status = request.GET.get("status", "")
    status = status if status in DocumentStatus.values else ""
    kind = request.GET.get("kind", "")
    kind = kind if kind in DocumentKind.values else ""
    raw_year = request.GET.get("year", "")
    year = int(raw_year) if raw_year.isdigit() else None
    q = request.GET.get("q", "").strip()
    docs = queries.documents(province, status=status, kind=kind, year=year, q=q).select_related(
        "uploaded_by"
    )
    page = Paginator(docs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page_obj": page,
        "documents": page.object_list,
        "status": status,
        "kind": kind,
        "year": year,
        "q": q,
        "statuses": DocumentStatus.choices,
        "kinds": DocumentKind.choices,
        "years": queries.years(province),
        "colors": STATUS_COLORS,
        "filtered": bool(status or kind or year or q),
        "can_import": can(request.user, Action.IMPORT_DOCUMENTS),
    }
    template = "documents/_list_results.html" if request.htmx else "documents/list.html"
    return render(request, template, context)


def upload(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.IMPORT_DOCUMENTS)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        file = form.cleaned_data["file"]
        try:
            doc = services.upload_document(request.user, file.name, file.read())
        except services.DuplicateDocument as exc:
            url = reverse("documents:detail", args=[exc.existing.uuid])
            form.add_error(
                "file",
                format_html(
                    '{} <a href="{}">{}</a>',
                    _("Tệp này đã được tải lên trước đó:"),
                    url,
                    str(exc.existing.number or exc.existing.file_name),
                ),
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            if doc.status == DocumentStatus.EXTRACTED:
                messages.success(
                    request,
                    _("Đã đọc văn bản: %(n)d nhiệm vụ chờ rà soát.") % {"n": doc.tasks.count()},
                )
                return redirect("documents:review", uuid=doc.uuid)
            if doc.status == DocumentStatus.FAILED:
                messages.error(request, doc.error)
            return redirect("documents:detail", uuid=doc.uuid)
    return render(
        request,
        "documents/upload.html",
        {"form": form, "note": services.extraction_settings_note()},
    )


def detail(request: HtmxHttpRequest, uuid: UUID) -> HttpResponse:
    """A document: metadata, file, reading progress, its tasks and their completion."""
    doc = _document(uuid)
    require(request.user, Action.VIEW_DOCUMENT, doc)
    busy = doc.status in {DocumentStatus.UPLOADED, DocumentStatus.EXTRACTING}
    if request.htmx and request.GET.get("fragment") == "status":
        response = render(request, "documents/_status.html", {"doc": doc, "busy": busy})
        if not busy:
            response["HX-Refresh"] = "true"  # reading finished: show the whole page
        return response
    today = timezone.localdate()
    tasks = queries.document_tasks(doc)
    per_task, overall = queries.completion(doc, today)
    assignments = queries.assignments_by_task(doc)
    # Many units of one kind in one role show as one line ("65 xã, phường: …").
    rows = [(t, per_task.get(t.pk), roll_up(assignments.get(t.pk, []), today)) for t in tasks]
    can_import = can(request.user, Action.IMPORT_DOCUMENTS)
    return render(
        request,
        "documents/detail.html",
        {
            "doc": doc,
            "busy": busy,
            "rows": rows,
            "overall": overall,
            "today": today,
            "colors": STATUS_COLORS,
            "assignment_colors": ASSIGNMENT_COLORS,
            "can_import": can_import,
            "metadata_form": MetadataForm(instance=doc) if can_import else None,
            "corrections": queries.corrections(doc)
            if doc.status in queries.READ_STATUSES
            else None,
        },
    )


def accuracy(request: HttpRequest) -> HttpResponse:
    """The reader's live accuracy: per month, what reviews corrected of what was read."""
    require(request.user, Action.IMPORT_DOCUMENTS)
    months = queries.accuracy_by_month(installation_province())
    total = queries.Corrections()
    for _month, row in months:
        total.documents += row.documents
        total.tasks_read += row.tasks_read
        total.untouched += row.untouched
        for kind, n in row.counts.items():
            total.counts[kind] = total.counts.get(kind, 0) + n
    return render(
        request,
        "documents/accuracy.html",
        {"months": months, "total": total, "kinds": CorrectionKind},
    )


@require_POST
def remove_alias(request: HttpRequest, uuid: UUID) -> HttpResponse:
    """Forget an alias learned in review; back to the unit's page."""
    require(request.user, Action.IMPORT_DOCUMENTS)
    alias = get_object_or_404(LearnedAlias.objects.select_related("unit"), uuid=uuid)
    services.remove_learned_alias(request.user, alias)
    messages.success(
        request,
        _("Đã xoá tên gọi “%(mention)s” của %(unit)s.")
        % {"mention": alias.mention, "unit": alias.unit},
    )
    return redirect("units:detail", alias.unit.uuid)


def download(request: HttpRequest, uuid: UUID) -> FileResponse:
    doc = get_object_or_404(Document, uuid=uuid)
    require(request.user, Action.VIEW_DOCUMENT, doc)
    if not doc.file:
        raise Http404
    return FileResponse(doc.file.open("rb"), as_attachment=True, filename=doc.file_name)


# --- review ----------------------------------------------------------------------------


def review(request: HtmxHttpRequest, uuid: UUID) -> HttpResponse:
    """Source text beside the extracted tasks; every edit posts to one of the views below."""
    require(request.user, Action.IMPORT_DOCUMENTS)
    doc = _document(uuid)
    if doc.status in {DocumentStatus.UPLOADED, DocumentStatus.EXTRACTING, DocumentStatus.FAILED}:
        return redirect("documents:detail", uuid=doc.uuid)
    tasks = queries.document_tasks(doc)
    province = installation_province()
    pick_task = request.GET.get("pick_task", "")
    pick_q = request.GET.get("pick_q", "").strip()
    day = doc.issued_on or doc.meeting_date or timezone.localtime(doc.created_at).date()
    pick_history = request.GET.get("pick_history") == "1"
    choices = (
        queries.unit_choices(province, pick_q, day, history=pick_history)
        if pick_task and pick_q
        else []
    )
    cards = []
    for i, task in enumerate(tasks):
        nxt = tasks[i + 1] if i + 1 < len(tasks) else None
        mentions = list(task.mentions.all())
        cards.append(
            {
                "task": task,
                "n": i + 1,
                "next": nxt,
                "leads": [m for m in mentions if m.role == AssignmentRole.LEAD],
                "supports": [m for m in mentions if m.role == AssignmentRole.SUPPORT],
                "unresolved": [m for m in mentions if not m.is_resolved],
                "picking": str(task.uuid) == pick_task,
            }
        )
    warnings = [{"index": i, **w} for i, w in enumerate(doc.warnings or [])]
    problems = services.publication_problems(doc) if not doc.is_published else []
    unled = sum(1 for c in cards if not c["leads"])
    context: dict[str, Any] = {
        "unled": unled,
        "lead_choices": queries.bulk_lead_choices(province, day) if unled else [],
        "doc": doc,
        "cards": cards,
        "segments": queries.text_segments(doc.text, tasks),
        "warnings": warnings,
        "open_warnings": sum(1 for w in warnings if not w.get("resolved")),
        "problems": problems,
        "metadata_form": MetadataForm(instance=doc),
        "new_task_form": NewTaskForm(),
        "frequencies": Frequency.choices,
        "roles": AssignmentRole.choices,
        "pick_task": pick_task,
        "pick_q": pick_q,
        "pick_history": pick_history,
        "pick_role": request.GET.get("pick_role", AssignmentRole.LEAD),
        "pick_mention": request.GET.get("pick_mention", ""),
        "choices": choices,
        "colors": STATUS_COLORS,
        "editable": not doc.is_published,
        "doc_day": day,
    }
    return render(request, "documents/review.html", context)


def _back(doc: Document, task: Task | None = None, request: HttpRequest | None = None) -> Any:
    nxt = request.POST.get("next", "") if request is not None else ""
    if nxt and url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}):  # type: ignore[union-attr]  # request is set when nxt is
        return redirect(nxt)
    url = reverse("documents:review", args=[doc.uuid])
    return redirect(f"{url}#task-{task.uuid}" if task is not None else url)


def _task(doc: Document, task_uuid: UUID) -> Task:
    return get_object_or_404(Task, uuid=task_uuid, document=doc)


def _refused(request: HttpRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def _invalid(request: HttpRequest, form: Any) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)


@require_POST
def edit_metadata(request: HttpRequest, uuid: UUID) -> HttpResponse:
    require(request.user, Action.IMPORT_DOCUMENTS)
    doc = get_object_or_404(Document, uuid=uuid)
    form = MetadataForm(request.POST, instance=Document.objects.get(pk=doc.pk))
    if not form.is_valid():
        _invalid(request, form)
        return _back(doc, request=request)
    values = {k: form.cleaned_data[k] for k in MetadataForm.Meta.fields}
    try:
        services.update_document(request.user, doc, version=form.cleaned_data["version"], **values)
        messages.success(request, _("Đã lưu thông tin văn bản."))
    except ValidationError as exc:
        _refused(request, exc)
    return _back(doc, request=request)


@require_POST
def edit_task(request: HttpRequest, uuid: UUID, task_uuid: UUID) -> HttpResponse:
    require(request.user, Action.IMPORT_DOCUMENTS)
    doc = get_object_or_404(Document, uuid=uuid)
    task = _task(doc, task_uuid)
    form = TaskForm(request.POST)
    if not form.is_valid():
        _invalid(request, form)
        return _back(doc, task)
    data = dict(form.cleaned_data)
    version = data.pop("version")
    data["recurrence_freq"] = data["recurrence_freq"] or ""
    try:
        services.update_task(request.user, task, version=version, **data)
        messages.success(request, _("Đã lưu nhiệm vụ."))
    except ValidationError as exc:
        _refused(request, exc)
    return _back(doc, task)


@require_POST
def split_task(request: HttpRequest, uuid: UUID, task_uuid: UUID) -> HttpResponse:
    require(request.user, Action.IMPORT_DOCUMENTS)
    doc = get_object_or_404(Document, uuid=uuid)
    task = _task(doc, task_uuid)
    form = SplitForm(request.POST)
    if not form.is_valid():
        _invalid(request, form)
        return _back(doc, task)
    data = form.cleaned_data
    titles = (data["first_title"] or "", data["second_title"] or "")
    try:
        services.split_task(
            request.user,
            task,
            version=data["version"],
            at=data["at"],
            titles=titles if data["at"] is None else None,
        )
        messages.success(request, _("Đã tách nhiệm vụ làm hai."))
    except ValidationError as exc:
        _refused(request, exc)
    return _back(doc, task)


@require_POST
def merge_task(request: HttpRequest, uuid: UUID, task_uuid: UUID) -> HttpResponse:
    require(request.user, Action.IMPORT_DOCUMENTS)
    doc = get_object_or_404(Document, uuid=uuid)
    task = _task(doc, task_uuid)
    form = MergeForm(request.POST)
    if not form.is_valid():
        _invalid(request, form)
        return _back(doc, task)
    other = Task.objects.filter(uuid=form.cleaned_data["other"], document=doc).first()
    if other is None:
        messages.error(request, _("Nhiệm vụ cần gộp không còn; hãy tải lại trang."))
        return _back(doc, task)
    try:
        services.merge_tasks(
            request.user,
            task,
            other,
            version=form.cleaned_data["version"],
            other_version=form.cleaned_data["other_version"],
        )
        messages.success(request, _("Đã gộp hai nhiệm vụ."))
    except ValidationError as exc:
        _refused(request, exc)
    return _back(doc, task)


@require_POST
def delete_task(request: HttpRequest, uuid: UUID, task_uuid: UUID) -> HttpResponse:
    require(request.user, Action.IMPORT_DOCUMENTS)
    doc = get_object_or_404(Document, uuid=uuid)
    task = Task.objects.filter(uuid=task_uuid, document=doc).first()
    if task is None:  # a double submit: it is gone already
        return _back(doc)
    form = VersionForm(request.POST)
    if not form.is_valid():
        _invalid(request, form)
        return _back(doc, task)
    try:
        services.delete_task(request.user, task, version=form.cleaned_data["version"])
        messages.success(request, _("Đã xoá nhiệm vụ."))
    except ValidationError as exc:
        _refused(request, exc)
        return _back(doc, task)
    return _back(doc)


@require_POST
def add_task(request: HttpRequest, uuid: UUID) -> HttpResponse:
    require(request.user, Action.IMPORT_DOCUMENTS)
    doc = get_object_or_404(Document, uuid=uuid)
    form = NewTaskForm(request.POST)
    if not form.is_valid():
        _invalid(request, form)
        return _back(doc)
    try:
        task = services.add_task(request.user, doc, **form.cleaned_data)
        messages.success(request, _("Đã thêm nhiệm vụ."))
    except ValidationError as exc:
        _refused(request, exc)
        return _back(doc)
    return _back(doc, task)


@require_POST
def lead_unassigned(request: HttpRequest, uuid: UUID) -> HttpResponse:
    """Give every task without a lead the unit or group chosen for the whole document."""
    require(request.user, Action.IMPORT_DOCUMENTS)
    doc = get_object_or_404(Document, uuid=uuid)
    unit, group = queries.parse_choice(request.POST.get("target", ""))
    try:
        count = services.lead_unassigned(request.user, doc, unit=unit, group=group)
        messages.success(
            request,
            _("Đã giao chủ trì cho %(n)s nhiệm vụ chưa có đơn vị chủ trì.") % {"n": count},
        )
    except ValidationError as exc:
        _refused(request, exc)
    return _back(doc)


@require_POST
def add_mention(request: HttpRequest, uuid: UUID, task_uuid: UUID) -> HttpResponse:
    """Add a lead or support unit (or group), or resolve a mention (`replace`)."""
    require(request.user, Action.IMPORT_DOCUMENTS)
    doc = get_object_or_404(Document, uuid=uuid)
    task = _task(doc, task_uuid)
    form = MentionForm(request.POST)
    if not form.is_valid():
        _invalid(request, form)
        return _back(doc, task)
    unit, group = queries.parse_choice(form.cleaned_data["target"])
    replace = None
    if form.cleaned_data["replace"]:
        replace = TaskMention.objects.filter(pk=form.cleaned_data["replace"], task=task).first()
    try:
        services.add_mention(
            request.user,
            task,
            version=form.cleaned_data["version"],
            role=form.cleaned_data["role"],
            unit=unit,
            group=group,
            replace=replace,
        )
        messages.success(request, _("Đã cập nhật đơn vị của nhiệm vụ."))
    except ValidationError as exc:
        _refused(request, exc)
    return _back(doc, task)


@require_POST
def remove_mention(request: HttpRequest, uuid: UUID, task_uuid: UUID, pk: int) -> HttpResponse:
    require(request.user, Action.IMPORT_DOCUMENTS)
    doc = get_object_or_404(Document, uuid=uuid)
    task = _task(doc, task_uuid)
    mention = TaskMention.objects.filter(pk=pk, task=task).select_related("task").first()
    form = VersionForm(request.POST)
    if mention is None or not form.is_valid():
        return _back(doc, task)
    try:
        services.remove_mention(request.user, mention, version=form.cleaned_data["version"])
        messages.success(request, _("Đã bỏ đơn vị khỏi nhiệm vụ."))
    except ValidationError as exc:
        _refused(request, exc)
    return _back(doc, task)


@require_POST
def resolve_warning(request: HttpRequest, uuid: UUID, index: int) -> HttpResponse:
    require(request.user, Action.IMPORT_DOCUMENTS)
    doc = get_object_or_404(Document, uuid=uuid)
    try:
        services.set_warning_resolved(request.user, doc, index, request.POST.get("resolved") == "1")
    except ValidationError as exc:
        _refused(request, exc)
    url = reverse("documents:review", args=[doc.uuid])
    return redirect(f"{url}#warnings")


@require_POST
def publish(request: HttpRequest, uuid: UUID) -> HttpResponse:
    require(request.user, Action.IMPORT_DOCUMENTS)
    doc = get_object_or_404(Document, uuid=uuid)
    try:
        doc = services.publish(request.user, doc)
    except services.AlreadyPublished as exc:
        messages.info(request, exc.messages[0])
        return redirect("documents:detail", uuid=doc.uuid)
    except services.PublishRefused as exc:
        messages.error(
            request,
            _("Chưa thể ban hành: còn %(n)d vấn đề cần xử lý (xem danh sách bên phải).")
            % {"n": len(exc.problems)},
        )
        return _back(doc)
    assigned = Assignment.objects.filter(task__document=doc, active=True).count()
    messages.success(
        request,
        _("Đã ban hành %(tasks)d nhiệm vụ, giao cho %(assigned)d lượt đơn vị.")
        % {"tasks": doc.tasks.count(), "assigned": assigned},
    )
    return redirect("documents:detail", uuid=doc.uuid)
