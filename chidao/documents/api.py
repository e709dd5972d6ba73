"""Documents API: list and read documents, upload, the extraction and its draft tasks,
edit a draft task, correct metadata, publish. Same permissions as the pages."""

from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, File, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from chidao.api.pagination import PagePagination
from chidao.core.permissions import Action, require
from chidao.core.uploads import check_size
from chidao.documents import queries, services
from chidao.documents.choices import DocumentKind, DocumentStatus
from chidao.documents.models import Document
from chidao.documents.schemas import (
    DocumentDetailOut,
    DocumentOut,
    DocumentPatch,
    ErrorOut,
    ExtractedTaskOut,
    ExtractionOut,
    TaskPatch,
    UnitChoiceIn,
)
from chidao.tasks.choices import AssignmentRole
from chidao.tasks.models import Task
from chidao.units.models import Unit, UnitGroup
from chidao.units.services import installation_province

router = Router(tags=["documents"])


class DocumentFilter(Schema):
    status: str | None = None
    kind: str | None = None
    year: int | None = Field(None, ge=1, le=9999, description="the year of issue")
    q: str | None = None


@router.get("", response=list[DocumentOut])
@paginate(PagePagination)
def list_documents(request: HttpRequest, filters: Query[DocumentFilter]) -> QuerySet[Document]:
    """Documents, newest first; `q` searches number and title without accents."""
    require(request.user, Action.VIEW_DOCUMENTS)
    if filters.status and filters.status not in DocumentStatus.values:
        raise ValidationError({"status": _("Trạng thái không hợp lệ: %s") % filters.status})
    if filters.kind and filters.kind not in DocumentKind.values:
        raise ValidationError({"kind": _("Loại văn bản không hợp lệ: %s") % filters.kind})
    return queries.documents(
        installation_province(),
        status=filters.status or "",
        kind=filters.kind or "",
        year=filters.year,
        q=filters.q or "",
    )


def _detail(doc: Document) -> dict[str, Any]:
    _per_task, overall = queries.completion(doc, timezone.localdate())
    return {
        **DocumentOut.from_orm(doc).dict(),
        "task_count": doc.tasks.count(),
        "completion": overall.counts,
        "progress_average": round(overall.progress, 1),
    }


@router.get("/{uuid}", response=DocumentDetailOut)
def get_document(request: HttpRequest, uuid: UUID) -> dict[str, Any]:
    """One document with the four-way status counts of its active assignments today."""
    require(request.user, Action.VIEW_DOCUMENTS)
    return _detail(get_object_or_404(Document, uuid=uuid))


@router.post("", response={201: DocumentOut, 409: ErrorOut, 422: ErrorOut})
def upload_document(request: HttpRequest, file: File[UploadedFile]) -> Status[Any]:
    """Upload a directive (multipart field `file`: .docx, .pdf, .txt, .md; .doc with
    LibreOffice). Small files are read at once; large ones in the background (poll the
    document's `status` and `progress`). The same file twice: 409 with `existing`."""
    require(request.user, Action.IMPORT_DOCUMENTS)
    check_size(file.size or 0)
    try:
        doc = services.upload_document(request.user, file.name or "", file.read(), via="api")
    except services.DuplicateDocument as exc:
        return Status(
            409,
            {"detail": exc.messages[0], "existing": exc.existing.uuid},
        )
    return Status(201, doc)


def _mention(m: Any) -> dict[str, Any]:
    return {
        "id": m.pk,
        "role": m.role,
        "mention": m.mention,
        "name": m.name,
        "resolved": m.is_resolved,
        "unit": m.unit.uuid if m.unit else None,
        "unit_name": m.unit.name if m.unit else None,
        "group": m.group.key if m.group else None,
    }


def _task(task: Task) -> dict[str, Any]:
    fields = ExtractedTaskOut.model_fields.keys() - {"mentions"}
    return {
        **{name: getattr(task, name) for name in fields},
        "mentions": [_mention(m) for m in task.mentions.all()],
    }


@router.get("/{uuid}/extraction", response=ExtractionOut)
def get_extraction(request: HttpRequest, uuid: UUID) -> dict[str, Any]:
    """What was read: status and progress, the extractor's warnings, what still blocks
    publishing, and the tasks (drafts until published) with their unit mentions; with
    the extractor's own JSON (`read`) and what the review corrected of it, so that a
    corpus of reviewed directives can grow from real use."""
    require(request.user, Action.IMPORT_DOCUMENTS)
    doc = get_object_or_404(Document, uuid=uuid)
    tasks = queries.document_tasks(doc)
    problems = [] if doc.is_published else services.publication_problems(doc)
    fixes = queries.corrections(doc)
    return {
        "read": doc.extraction,
        "tasks_read": fixes.tasks_read,
        "corrections": fixes.as_dict(),
        "untouched": fixes.untouched,
        "status": doc.status,
        "progress": doc.progress,
        "error": doc.error,
        "warnings": [{"index": i, **w} for i, w in enumerate(doc.warnings or [])],
        "problems": [p.message for p in problems],
        "tasks": [_task(t) for t in tasks],
    }


def _targets(choices: list[UnitChoiceIn], province: Unit | None) -> list[Unit | UnitGroup]:
    out: list[Unit | UnitGroup] = []
    for c in choices:
        if c.unit is not None:
            unit = Unit.objects.filter(uuid=c.unit).first()
            if unit is None:
                raise ValidationError({"lead": _("Không có đơn vị với mã %s.") % c.unit})
            out.append(unit)
        elif c.group:
            group = UnitGroup.objects.filter(province=province, key=c.group).first()
            if group is None:
                raise ValidationError({"lead": _("Không có nhóm đơn vị “%s”.") % c.group})
            out.append(group)
    return out


@router.patch("/{uuid}/tasks/{task_uuid}", response={200: ExtractedTaskOut, 409: ErrorOut})
def edit_task(request: HttpRequest, uuid: UUID, task_uuid: UUID, payload: TaskPatch) -> Status[Any]:
    """Edit a draft task: wording, timing, and (replacing) its lead or support units.
    `version` must be the one read; a task changed meanwhile gives 409."""
    require(request.user, Action.IMPORT_DOCUMENTS)
    task = get_object_or_404(Task, uuid=task_uuid, document__uuid=uuid)
    values = payload.dict(exclude_unset=True, exclude={"version", "lead", "support"})
    if values.get("recurrence_freq") is None and "recurrence_freq" in values:
        values["recurrence_freq"] = ""
    province = installation_province()
    try:
        with transaction.atomic():
            version = payload.version
            if values:
                task = services.update_task(
                    request.user, task, version=version, via="api", **values
                )
                version = task.version
            for role, choices in (
                (AssignmentRole.LEAD, payload.lead),
                (AssignmentRole.SUPPORT, payload.support),
            ):
                if choices is not None:
                    task = services.replace_units(
                        request.user,
                        task,
                        version=version,
                        role=role,
                        targets=_targets(choices, province),
                        via="api",
                    )
                    version = task.version
    except services.StaleEdit as exc:
        return Status(409, {"detail": exc.messages[0]})
    task = Task.objects.prefetch_related("mentions__unit", "mentions__group").get(pk=task.pk)
    return Status(200, _task(task))


@router.patch("/{uuid}", response={200: DocumentOut, 409: ErrorOut})
def edit_document(request: HttpRequest, uuid: UUID, payload: DocumentPatch) -> Status[Any]:
    """Correct the metadata (also after publishing; recorded in the audit trail)."""
    require(request.user, Action.IMPORT_DOCUMENTS)
    doc = get_object_or_404(Document, uuid=uuid)
    values = payload.dict(exclude_unset=True, exclude={"version"})
    for name in ("number", "issuer", "signer", "signature_form", "signer_title", "title"):
        if name in values and values[name] is None:
            values[name] = ""
    try:
        doc = services.update_document(
            request.user, doc, version=payload.version, via="api", **values
        )
    except services.StaleEdit as exc:
        return Status(409, {"detail": exc.messages[0]})
    return Status(200, doc)


@router.post("/{uuid}/publish", response={200: DocumentDetailOut, 409: ErrorOut, 422: ErrorOut})
def publish(request: HttpRequest, uuid: UUID) -> Status[Any]:
    """Publish the draft tasks: assignments are created and the units notified. 422 with
    `problems` while a task has no lead or an unresolved unit; 409 when published before."""
    require(request.user, Action.IMPORT_DOCUMENTS)
    doc = get_object_or_404(Document, uuid=uuid)
    try:
        doc = services.publish(request.user, doc, via="api")
    except services.AlreadyPublished as exc:
        return Status(409, {"detail": exc.messages[0]})
    except services.PublishRefused as exc:
        return Status(
            422,
            {"detail": _("Chưa thể ban hành nhiệm vụ."), "problems": exc.problems},
        )
    return Status(200, _detail(doc))
