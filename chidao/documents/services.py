"""Writes to documents and their draft tasks: upload, extract, review, publish.

Each function checks permission (unless `actor` is None: the operator at the command line
or the worker), owns its transaction and records the audit event. Edits carry the
`version` the user saw; a row changed meanwhile is refused with `StaleEdit` instead of
being overwritten.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

import vnextract
from chidao.accounts.choices import Role
from chidao.core import audit, uploads
from chidao.core.concurrency import Edited, StaleEdit
from chidao.core.permissions import Action, require
from chidao.core.text import fold
from chidao.documents.choices import CorrectionKind, DocumentKind, DocumentStatus, SignatureForm
from chidao.documents.gazetteer import Resolver, build_gazetteer
from chidao.documents.models import Document, LearnedAlias, ReviewCorrection
from chidao.notifications.choices import NotificationKind
from chidao.notifications.services import notify
from chidao.notifications.texts import Message
from chidao.tasks.assigning import assign, task_day
from chidao.tasks.choices import AssignmentRole, Frequency, TaskSource, TaskState
from chidao.tasks.models import Task, TaskMention
from chidao.units.choices import UnitKind
from chidao.units.models import Unit, UnitGroup
from chidao.units.services import installation_province

log = logging.getLogger(__name__)

# Files above this size are read by the worker; smaller ones during the upload request.
INLINE_EXTRACT_MAX_BYTES = 200 * 1024

METADATA_FIELDS = [
    "kind",
    "number",
    "issued_on",
    "issuer",
    "signer",
    "signature_form",
    "signer_title",
    "title",
    "meeting_date",
]
# The fields of a task's deadline: changing one counts as a deadline corrected.
TIMING_FIELDS = (
    "due_date",
    "due_text",
    "recurrence_freq",
    "recurrence_day",
    "recurrence_rule",
    "recurrence_text",
    "ongoing",
)
TASK_FIELDS = [
    "title",
    "description",
    "pillar",
    *TIMING_FIELDS,
    "quantity",
    "quantity_unit",
]


class DuplicateDocument(ValidationError):
    """The same file (by SHA-256) was uploaded before; `existing` is that document."""

    def __init__(self, existing: Document) -> None:
        self.existing = existing
        super().__init__(
            {
                "file": _("Tệp này đã được tải lên trước đó: %(doc)s.")
                % {"doc": existing.number or existing.file_name}
            }
        )


class AlreadyPublished(ValidationError):
    """The document's tasks were published before; nothing was done twice."""


class PublishRefused(ValidationError):
    """Publishing is blocked; `problems` says what to fix, one line each."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(problems)


# --- upload and extraction -------------------------------------------------------------


def upload_document(
    actor: Any,
    name: str,
    data: bytes,
    *,
    via: str = "web",
    background: bool | None = None,
) -> Document:
    """Store an uploaded directive and start reading it.

    Raises ValidationError({"file": …}) for a wrong, oversized, empty or corrupt file and
    `DuplicateDocument` for a file uploaded before; in both cases nothing is stored. Files
    above `INLINE_EXTRACT_MAX_BYTES` are read by the worker (status `extracting`, with
    progress), smaller ones before this returns; `background` forces either way.
    """
    if actor is not None:
        require(actor, Action.IMPORT_DOCUMENTS)
    checked = _check_upload(name, data)
    province = installation_province()
    if province is None:
        raise ValidationError(
            _("Chưa thiết lập tỉnh cho hệ thống (lệnh “chidao init”); chưa thể nhận văn bản.")
        )
    existing = Document.objects.filter(province=province, file_sha256=checked.sha256).first()
    if existing is not None:
        raise DuplicateDocument(existing)
    doc = Document(
        province=province,
        file_name=checked.name,
        file_size=checked.size,
        file_sha256=checked.sha256,
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    try:
        with transaction.atomic():
            doc.file.save(checked.name, ContentFile(data), save=False)
            doc.save()
            audit.record(
                actor,
                "document.upload",
                doc,
                after={"file_name": doc.file_name, "file_size": doc.file_size},
                via=via,
            )
    except IntegrityError:
        _delete_file(doc)
        raise DuplicateDocument(
            Document.objects.get(province=province, file_sha256=checked.sha256)
        ) from None
    except BaseException:
        _delete_file(doc)
        raise
    if background is None:
        background = checked.size > INLINE_EXTRACT_MAX_BYTES
    if background:
        Document.objects.filter(pk=doc.pk).update(status=DocumentStatus.EXTRACTING, progress=0)
        from chidao.documents.tasks import extract_document

        extract_document(doc.pk)
    else:
        run_extraction(doc.pk, via=via)
    doc.refresh_from_db()
    return doc


def _check_upload(name: str, data: bytes) -> uploads.Checked:
    """The upload checked (type, content, size, the zip limits of a .docx) before anything
    is stored; ValidationError({"file": message}) otherwise."""
    try:
        checked = uploads.check_file(
            uploads.safe_name(name, "van-ban"), data, allowed=uploads.DIRECTIVE_TYPES
        )
    except uploads.UploadRefused as exc:
        raise ValidationError({"file": exc.message}) from None
    if checked.suffix == ".doc" and not uploads.libreoffice_available():
        raise ValidationError(
            {
                "file": _(
                    "Tệp .doc (Word cũ) cần LibreOffice để đọc nhưng máy chủ chưa cài. "
                    "Hãy mở tệp bằng Word và lưu lại thành .docx rồi tải lên."
                )
            }
        )
    return checked


def _delete_file(doc: Document) -> None:
    if not (doc.file and doc.file.name):
        return
    folder = os.path.dirname(doc.file.path)
    doc.file.storage.delete(doc.file.name)
    # The per-document folder (documents/<uuid>/) is ours alone; leave nothing behind.
    try:
        if os.path.isdir(folder) and not os.listdir(folder):
            os.rmdir(folder)
    except OSError:
        pass


def delete_stored_file(doc: Document) -> None:
    """Remove a document's file from storage (for tests and admin clean-ups)."""
    _delete_file(doc)


def _set_progress(doc_pk: int, progress: int, **values: Any) -> None:
    Document.objects.filter(pk=doc_pk).update(
        progress=progress, updated_at=timezone.now(), **values
    )


def run_extraction(document_pk: int, *, via: str = "worker") -> Document:
    """Read the stored file, fill the metadata and create the draft tasks.

    Idempotent on a document already extracted or published (returned unchanged). A file
    that cannot be read leaves the document `failed` with the reason in `error`.
    """
    doc = Document.objects.select_related("province").get(pk=document_pk)
    if doc.status in {DocumentStatus.EXTRACTED, DocumentStatus.PUBLISHED}:
        return doc
    _set_progress(doc.pk, 10, status=DocumentStatus.EXTRACTING, error="")
    try:
        gazetteer = build_gazetteer(doc.province)
        _set_progress(doc.pk, 25)
        result = vnextract.extract(
            doc.file.path,
            units=gazetteer,
            reference_date=timezone.localtime(doc.created_at).date(),
        )
    except vnextract.ExtractionError as exc:
        message = str(exc).replace(doc.file.path, doc.file_name)
        return _fail(doc, _("Không đọc được văn bản: %(reason)s") % {"reason": message}, via)
    except Exception:  # the worker must record any failure, not die with it
        log.exception("Extraction of document %s failed", doc.pk)
        return _fail(doc, _("Lỗi không mong đợi khi đọc văn bản; hãy báo quản trị hệ thống."), via)
    _set_progress(doc.pk, 70)
    with transaction.atomic():
        doc = Document.objects.select_for_update().get(pk=document_pk)
        _apply_extraction(doc, result)
        tasks = _create_draft_tasks(doc, result)
        doc.tasks_read = len(tasks)
        doc.status = DocumentStatus.EXTRACTED
        doc.progress = 100
        doc.error = ""
        doc.save()
        audit.record(
            None,
            "document.extract",
            doc,
            after={"tasks": len(tasks), "warnings": len(doc.warnings)},
            via=via,
        )
    return doc


def _fail(doc: Document, message: str, via: str) -> Document:
    with transaction.atomic():
        Document.objects.filter(pk=doc.pk).update(
            status=DocumentStatus.FAILED, error=message, progress=100, updated_at=timezone.now()
        )
        audit.record(None, "document.extract_failed", doc, after={"error": message}, via=via)
    doc.refresh_from_db()
    return doc


_KINDS = {v.replace("Đ", "D").lower(): v for v in DocumentKind.values}
_SIGNATURES = {v.rstrip(".").upper(): v for v in SignatureForm.values if v}


def _apply_extraction(doc: Document, result: vnextract.Extraction) -> None:
    meta = result.document
    doc.text = result.text
    doc.extraction = result.to_dict()
    doc.warnings = [{**w.to_dict(), "resolved": False} for w in result.warnings]
    found: dict[str, Any] = {
        "kind": _KINDS.get((meta.type or "").replace("Đ", "D").lower(), ""),
        "number": (meta.number or "")[:100],
        "issued_on": meta.date,
        "issuer": (meta.issuer or "")[:255],
        "signer": (meta.signer or "")[:150],
        "signature_form": _SIGNATURES.get((meta.signature_form or "").strip(" .").upper(), ""),
        "signer_title": (meta.signer_title or "")[:255],
        "title": meta.title or "",
        "meeting_date": meta.meeting_date,
    }
    for name, value in found.items():
        current = getattr(doc, name)
        # Never overwrite what the secretariat already entered (a re-read after a failure).
        if value and (not current or (name == "kind" and current == DocumentKind.OTHER)):
            setattr(doc, name, value)


_BULLET = re.compile(r"^\s*(?:[-+•*–]\s+|\(?(?:[0-9]{1,2}|[a-zđ])[.)](?:[0-9]{1,2}[.)])*\s+)")


def title_from_quote(quote: str) -> str:
    """The quote without its list marker ("a) ", "- ", "2.1. ") and with spaces tidied."""
    return " ".join(_BULLET.sub("", quote, count=1).split())


def _create_draft_tasks(doc: Document, result: vnextract.Extraction) -> list[Task]:
    doc.tasks.filter(state=TaskState.DRAFT).delete()
    doc.corrections.all().delete()  # a fresh reading: nothing corrected yet
    day = doc.issued_on or doc.meeting_date or timezone.localtime(doc.created_at).date()
    resolver = Resolver(doc.province, day, result.document.province or "")
    tasks: list[Task] = []
    mentions: list[TaskMention] = []
    for order, found in enumerate(result.tasks, start=1):
        rec = found.recurrence
        freq = rec.freq if rec and rec.freq in Frequency.values else ""
        task = Task.objects.create(
            province=doc.province,
            document=doc,
            order=order,
            source=TaskSource.EXTRACTED,
            section=found.section,
            quote=found.quote,
            quote_start=found.span.start,
            quote_end=found.span.end,
            title=title_from_quote(found.quote) or found.quote,
            due_date=found.due.date if found.due else None,
            due_text=(found.due.text if found.due else "")[:255],
            recurrence_freq=freq,
            recurrence_day=rec.day if rec else None,
            recurrence_rule=(rec.rule if rec else "")[:255],
            recurrence_text=(rec.text if rec else "")[:255],
            ongoing=found.ongoing,
            state=TaskState.DRAFT,
        )
        tasks.append(task)
        for role, refs in (
            (AssignmentRole.LEAD, found.lead),
            (AssignmentRole.SUPPORT, found.support),
        ):
            for i, ref in enumerate(refs):
                target = resolver.resolve(ref.key)
                mentions.append(
                    TaskMention(
                        task=task,
                        role=role,
                        mention=ref.mention[:255],
                        name=ref.name[:255],
                        unit=target.unit,
                        group=target.group,
                        order=i,
                    )
                )
    TaskMention.objects.bulk_create(mentions)
    return tasks


# --- document metadata and warnings ----------------------------------------------------


def _stale_document() -> StaleEdit:
    return StaleEdit(Edited.DOCUMENT)


def _stale_task() -> StaleEdit:
    return StaleEdit(Edited.TASK)


@transaction.atomic
def update_document(
    actor: Any, document: Document, *, version: int, via: str = "web", **values: Any
) -> Document:
    """Change the metadata of `document` (any of METADATA_FIELDS). Allowed after publishing
    too: the correction is then recorded as such in the audit trail."""
    if actor is not None:
        require(actor, Action.IMPORT_DOCUMENTS)
    unknown = set(values) - set(METADATA_FIELDS)
    if unknown:
        raise ValueError(f"not metadata: {sorted(unknown)}")
    doc = Document.objects.select_for_update().get(pk=document.pk)
    if doc.version != version:
        raise _stale_document()
    if values.get("kind", doc.kind) not in DocumentKind.values:
        raise ValidationError({"kind": _("Loại văn bản không hợp lệ.")})
    if values.get("signature_form", doc.signature_form) not in SignatureForm.values:
        raise ValidationError({"signature_form": _("Hình thức ký không hợp lệ.")})
    before = audit.snapshot(doc, values.keys())
    for name, value in values.items():
        setattr(doc, name, value)
    after = audit.snapshot(doc, values.keys())
    if before == after:
        return doc
    doc.version += 1
    doc.save(update_fields=[*values.keys(), "version", "updated_at"])
    action = "document.correct" if doc.is_published else "document.update"
    audit.record(actor, action, doc, before=before, after=after, via=via)
    return doc


@transaction.atomic
def set_warning_resolved(
    actor: Any, document: Document, index: int, resolved: bool, *, via: str = "web"
) -> Document:
    """Mark one extractor warning as looked at (or not). Setting a value, not toggling, so
    a double submit changes nothing twice; does not bump the metadata `version`."""
    if actor is not None:
        require(actor, Action.IMPORT_DOCUMENTS)
    doc = Document.objects.select_for_update().get(pk=document.pk)
    if not 0 <= index < len(doc.warnings):
        raise ValidationError(_("Không có cảnh báo này."))
    warnings = [dict(w) for w in doc.warnings]
    if bool(warnings[index].get("resolved")) == resolved:
        return doc
    warnings[index]["resolved"] = resolved
    doc.warnings = warnings
    doc.save(update_fields=["warnings", "updated_at"])
    audit.record(
        actor,
        "document.warning",
        doc,
        before={"warning": index, "resolved": not resolved},
        after={"warning": index, "resolved": resolved, "message": warnings[index].get("message")},
        via=via,
    )
    return doc


# --- draft tasks -----------------------------------------------------------------------


def _lock_draft(task: Task, version: int | None) -> Task:
    locked = Task.objects.select_for_update(of=("self",)).select_related("document").get(pk=task.pk)
    if version is not None and locked.version != version:
        raise _stale_task()
    if locked.state != TaskState.DRAFT or (locked.document and locked.document.is_published):
        raise ValidationError(
            _("Nhiệm vụ đã được ban hành; sửa tại trang nhiệm vụ, không sửa ở bước rà soát.")
        )
    return locked


def _bump(task: Task, fields: Sequence[str] = ()) -> None:
    task.version += 1
    task.save(update_fields=[*fields, "version", "updated_at"])


def _check_timing(task: Task) -> None:
    errors: dict[str, str] = {}
    if task.recurrence_freq and task.recurrence_freq not in Frequency.values:
        errors["recurrence_freq"] = _("Chu kỳ không hợp lệ.")
    if task.recurrence_day is not None and not 1 <= task.recurrence_day <= 31:
        errors["recurrence_day"] = _("Ngày trong kỳ phải từ 1 đến 31.")
    if not task.title.strip():
        errors["title"] = _("Nội dung nhiệm vụ không được để trống.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def update_task(actor: Any, task: Task, *, version: int, via: str = "web", **values: Any) -> Task:
    """Edit a draft task's wording and timing (any of TASK_FIELDS)."""
    if actor is not None:
        require(actor, Action.IMPORT_DOCUMENTS)
    unknown = set(values) - set(TASK_FIELDS)
    if unknown:
        raise ValueError(f"not task fields: {sorted(unknown)}")
    locked = _lock_draft(task, version)
    before = audit.snapshot(locked, values.keys())
    for name, value in values.items():
        setattr(locked, name, value)
    if values.get("recurrence_freq") == "" and "recurrence_rule" not in values:
        locked.recurrence_rule = ""
        values["recurrence_rule"] = ""
    _check_timing(locked)
    after = audit.snapshot(locked, values.keys())
    if before == after:
        return locked
    _bump(locked, list(values.keys()))
    audit.record(actor, "task.draft_update", locked, before=before, after=after, via=via)
    if any(before.get(k) != after.get(k) for k in TIMING_FIELDS):
        _count(actor, locked, CorrectionKind.DEADLINE)
    return locked


@transaction.atomic
def add_mention(
    actor: Any,
    task: Task,
    *,
    version: int,
    role: str,
    unit: Unit | None = None,
    group: UnitGroup | None = None,
    replace: TaskMention | None = None,
    via: str = "web",
) -> TaskMention:
    """Name a unit or group for a draft task as lead or support; with `replace`, resolve
    that (unresolved or wrong) mention instead, keeping the words the document used."""
    if actor is not None:
        require(actor, Action.IMPORT_DOCUMENTS)
    if (unit is None) == (group is None):
        raise ValidationError(_("Hãy chọn một đơn vị hoặc một nhóm đơn vị."))
    if role not in AssignmentRole.values:
        raise ValidationError({"role": _("Vai trò không hợp lệ.")})
    locked = _lock_draft(task, version)
    target_name = str(unit or group)
    if replace is not None:
        mention = TaskMention.objects.select_for_update().get(pk=replace.pk, task=locked)
        before = {"role": mention.role, "name": str(mention), "resolved": mention.is_resolved}
        read_as = (mention.role, mention.unit_id, mention.group_id)
        changed = read_as != (role, unit.pk if unit else None, group.pk if group else None)
        if unit is not None and unit.pk != mention.unit_id and mention.group_id is None:
            learn_alias(actor, mention.mention, unit, document=locked.document, via=via)
        mention.unit, mention.group, mention.role = unit, group, role
        mention.name = target_name[:255]
        mention.save(update_fields=["unit", "group", "role", "name", "updated_at"])
        action = "task.mention_resolve"
    else:
        duplicate = locked.mentions.filter(role=role, unit=unit, group=group).first()
        if duplicate is not None:
            return duplicate
        before = None
        order = (locked.mentions.filter(role=role).aggregate(m=Max("order"))["m"] or 0) + 1
        mention = TaskMention.objects.create(
            task=locked, role=role, unit=unit, group=group, name=target_name[:255], order=order
        )
        action = "task.mention_add"
        changed = True
    _bump(locked)
    audit.record(
        actor,
        action,
        locked,
        before=before,
        after={"role": role, "name": target_name, "mention": mention.mention},
        via=via,
    )
    if changed:
        _count(actor, locked, CorrectionKind.UNIT, role=role)
    return mention


@transaction.atomic
def remove_mention(actor: Any, mention: TaskMention, *, version: int, via: str = "web") -> None:
    """Drop one unit (or group) from a draft task."""
    if actor is not None:
        require(actor, Action.IMPORT_DOCUMENTS)
    locked = _lock_draft(mention.task, version)
    gone = TaskMention.objects.filter(pk=mention.pk, task=locked).first()
    if gone is None:
        return
    before = {"role": gone.role, "name": str(gone), "mention": gone.mention}
    gone.delete()
    _bump(locked)
    audit.record(actor, "task.mention_remove", locked, before=before, via=via)
    _count(actor, locked, CorrectionKind.UNIT, role=before["role"])


def _copy_mentions(source: Task, target: Task) -> None:
    TaskMention.objects.bulk_create(
        TaskMention(
            task=target,
            role=m.role,
            mention=m.mention,
            name=m.name,
            unit_id=m.unit_id,
            group_id=m.group_id,
            order=m.order,
        )
        for m in source.mentions.all()
    )


def _make_room_after(task: Task) -> int:
    """Shift the tasks after `task` one place down; returns the order for a new task."""
    assert task.document_id is not None
    later = Task.objects.filter(document_id=task.document_id, order__gt=task.order)
    for t in later.order_by("-order"):
        Task.objects.filter(pk=t.pk).update(order=t.order + 1)
    return task.order + 1


@transaction.atomic
def split_task(
    actor: Any,
    task: Task,
    *,
    version: int,
    at: int | None = None,
    titles: tuple[str, str] | None = None,
    via: str = "web",
) -> tuple[Task, Task]:
    """Split a draft task in two, either at character `at` of the document text (strictly
    inside the task's quote: each half keeps its part of the quote) or into two `titles`
    sharing the quote. Both halves keep the units and timing; returns (first, second)."""
    if actor is not None:
        require(actor, Action.IMPORT_DOCUMENTS)
    locked = _lock_draft(task, version)
    doc = locked.document
    before = audit.snapshot(locked, ["title", "quote_start", "quote_end"])
    second = Task(
        province=locked.province,
        document=doc,
        source=TaskSource.MANUAL,
        section=locked.section,
        state=TaskState.DRAFT,
        **{f: getattr(locked, f) for f in TASK_FIELDS if f != "title"},
    )
    if at is not None:
        start, end = locked.quote_start, locked.quote_end
        if doc is None or start is None or end is None or not start < at < end:
            raise ValidationError(
                {"at": _("Vị trí tách phải nằm bên trong đoạn trích của nhiệm vụ.")}
            )
        text = doc.text
        first_quote, second_quote = text[start:at].strip(), text[at:end].strip()
        if not first_quote or not second_quote:
            raise ValidationError({"at": _("Mỗi phần sau khi tách phải có nội dung.")})
        locked.quote, locked.quote_end = text[start:at], at
        second.quote, second.quote_start, second.quote_end = text[at:end], at, end
        locked.title = title_from_quote(first_quote)
        second.title = title_from_quote(second_quote)
    elif titles is not None and all(t.strip() for t in titles):
        locked.title, second.title = titles[0].strip(), titles[1].strip()
        second.quote = locked.quote
        second.quote_start, second.quote_end = locked.quote_start, locked.quote_end
    else:
        raise ValidationError(_("Hãy chọn vị trí tách hoặc nhập nội dung của cả hai nhiệm vụ."))
    second.order = _make_room_after(locked)
    second.save()
    _copy_mentions(locked, second)
    _bump(locked, ["title", "quote", "quote_end"])
    audit.record(
        actor,
        "task.split",
        locked,
        before=before,
        after={
            **audit.snapshot(locked, ["title", "quote_start", "quote_end"]),
            "new_task": str(second.uuid),
            "new_title": second.title,
        },
        via=via,
    )
    _count(actor, locked, CorrectionKind.SPLIT)
    return locked, second


@transaction.atomic
def merge_tasks(
    actor: Any,
    task: Task,
    other: Task,
    *,
    version: int,
    other_version: int,
    via: str = "web",
) -> Task:
    """Merge `other` into `task` (both drafts of one document): titles joined, the quote
    spans both, the units united, the first deadline kept; `other` is deleted."""
    if actor is not None:
        require(actor, Action.IMPORT_DOCUMENTS)
    if task.pk == other.pk:
        raise ValidationError(_("Hãy chọn hai nhiệm vụ khác nhau để gộp."))
    first, second = sorted([(task, version), (other, other_version)], key=lambda p: p[0].pk)
    a = _lock_draft(first[0], first[1])
    b = _lock_draft(second[0], second[1])
    keep, gone = (a, b) if a.pk == task.pk else (b, a)
    if keep.document_id != gone.document_id:
        raise ValidationError(_("Chỉ gộp được các nhiệm vụ của cùng một văn bản."))
    before = {"title": keep.title, "merged": gone.title}
    keep.title = f"{keep.title.rstrip()} {gone.title.strip()}".strip()
    starts = [s for s in (keep.quote_start, gone.quote_start) if s is not None]
    ends = [e for e in (keep.quote_end, gone.quote_end) if e is not None]
    if starts and ends and keep.document is not None:
        keep.quote_start, keep.quote_end = min(starts), max(ends)
        keep.quote = keep.document.text[keep.quote_start : keep.quote_end]
    for name in ("due_date", "due_text", "recurrence_freq", "recurrence_day"):
        if not getattr(keep, name) and getattr(gone, name):
            setattr(keep, name, getattr(gone, name))
    if not keep.recurrence_rule and gone.recurrence_rule:
        keep.recurrence_rule, keep.recurrence_text = gone.recurrence_rule, gone.recurrence_text
    keep.ongoing = keep.ongoing or gone.ongoing
    have = {(m.role, m.unit_id, m.group_id, m.mention) for m in keep.mentions.all()}
    for m in gone.mentions.all():
        if (m.role, m.unit_id, m.group_id, m.mention) not in have:
            TaskMention.objects.filter(pk=m.pk).update(task=keep)
    gone.delete()
    _bump(
        keep,
        [
            "title",
            "quote",
            "quote_start",
            "quote_end",
            "due_date",
            "due_text",
            "recurrence_freq",
            "recurrence_day",
            "recurrence_rule",
            "recurrence_text",
            "ongoing",
        ],
    )
    audit.record(actor, "task.merge", keep, before=before, after={"title": keep.title}, via=via)
    _count(actor, keep, CorrectionKind.MERGED)
    return keep


@transaction.atomic
def delete_task(actor: Any, task: Task, *, version: int, via: str = "web") -> None:
    """Drop a draft task (a false positive of the extractor)."""
    if actor is not None:
        require(actor, Action.IMPORT_DOCUMENTS)
    locked = _lock_draft(task, version)
    before = audit.snapshot(locked, ["title", "quote_start", "quote_end"])
    audit.record(actor, "task.delete", locked, before=before, via=via)
    # The task's own corrections give way to its deletion; a task the review added and
    # then deleted leaves no trace in the counts at all.
    ReviewCorrection.objects.filter(document=locked.document, task_uuid=locked.uuid).delete()
    if locked.source == TaskSource.EXTRACTED:
        _count(actor, locked, CorrectionKind.DELETED)
    locked.delete()


@transaction.atomic
def add_task(
    actor: Any,
    document: Document,
    *,
    title: str,
    after: Task | None = None,
    quote_start: int | None = None,
    quote_end: int | None = None,
    via: str = "web",
    **values: Any,
) -> Task:
    """Add a task the extractor missed to a document under review, optionally pointing at
    its passage (`quote_start`/`quote_end` into the document text)."""
    if actor is not None:
        require(actor, Action.IMPORT_DOCUMENTS)
    doc = Document.objects.select_for_update().get(pk=document.pk)
    if doc.is_published:
        raise ValidationError(_("Văn bản đã ban hành nhiệm vụ; không thêm ở bước rà soát."))
    if doc.status != DocumentStatus.EXTRACTED:
        raise ValidationError(_("Văn bản chưa đọc xong; chưa thể thêm nhiệm vụ."))
    if not title.strip():
        raise ValidationError({"title": _("Nội dung nhiệm vụ không được để trống.")})
    quote = ""
    if quote_start is not None and quote_end is not None:
        if not 0 <= quote_start < quote_end <= len(doc.text):
            raise ValidationError({"quote_start": _("Đoạn trích nằm ngoài văn bản.")})
        quote = doc.text[quote_start:quote_end]
    else:
        quote_start = quote_end = None
    if after is not None:
        order = _make_room_after(after)
    else:
        order = (doc.tasks.aggregate(m=Max("order"))["m"] or 0) + 1
    task = Task(
        province=doc.province,
        document=doc,
        order=order,
        source=TaskSource.MANUAL,
        title=title.strip(),
        quote=quote,
        quote_start=quote_start,
        quote_end=quote_end,
        state=TaskState.DRAFT,
        **{k: v for k, v in values.items() if k in TASK_FIELDS},
    )
    _check_timing(task)
    task.save()
    audit.record(actor, "task.add", task, after=audit.snapshot(task, ["title", "order"]), via=via)
    _count(actor, task, CorrectionKind.ADDED)
    return task


# --- publishing ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Problem:
    task: Task | None
    message: str


@transaction.atomic
def lead_unassigned(
    actor: Any,
    document: Document,
    *,
    unit: Unit | None = None,
    group: UnitGroup | None = None,
    via: str = "web",
) -> int:
    """Make `unit` or `group` the lead of every draft task of `document` that has none.

    Notices of conclusions often list work under a heading that names nobody, meaning the
    addressees of the whole notice; this gives them all one lead in one step. Returns how
    many tasks changed; each change is recorded like a single `add_mention`.
    """
    if actor is not None:
        require(actor, Action.IMPORT_DOCUMENTS)
    if (unit is None) == (group is None):
        raise ValidationError(_("Hãy chọn một đơn vị hoặc một nhóm đơn vị."))
    if document.is_published:
        raise ValidationError(_("Văn bản đã ban hành nhiệm vụ; không thể sửa nhiệm vụ."))
    tasks = (
        Task.objects.filter(document=document, state=TaskState.DRAFT)
        .exclude(mentions__role=AssignmentRole.LEAD)
        .order_by("order")
    )
    changed = 0
    for task in tasks:
        add_mention(
            actor,
            task,
            version=task.version,
            role=AssignmentRole.LEAD,
            unit=unit,
            group=group,
            via=via,
        )
        changed += 1
    return changed


def publication_problems(document: Document) -> list[Problem]:
    """What stops `document` from being published, each with its task (or None)."""
    problems: list[Problem] = []
    if document.status != DocumentStatus.EXTRACTED:
        problems.append(
            Problem(
                None,
                _("Văn bản chưa ở trạng thái chờ rà soát (đã đọc xong) nên chưa thể ban hành."),
            )
        )
        return problems
    tasks = list(
        document.tasks.filter(state=TaskState.DRAFT)
        .select_related("document")
        .prefetch_related("mentions__group", "mentions__unit")
        .order_by("order", "pk")
    )
    if not tasks:
        problems.append(Problem(None, _("Văn bản chưa có nhiệm vụ nào để ban hành.")))
    if document.issued_on is None:
        # Groups expand and deadlines without a year are read at the document's date: a
        # guessed one would give units that no longer exist and work overdue at birth.
        problems.append(
            Problem(
                None,
                _(
                    "Văn bản chưa có ngày ban hành: nhập ngày ở phần thông tin văn bản "
                    "trước khi ban hành."
                ),
            )
        )
    empty_groups: dict[int, bool] = {}
    for n, task in enumerate(tasks, start=1):
        label = _("Nhiệm vụ %(n)d (“%(title)s”)") % {"n": n, "title": task.title[:60]}
        mentions = list(task.mentions.all())
        if not any(m.role == AssignmentRole.LEAD for m in mentions):
            problems.append(Problem(task, _("%(task)s: chưa có đơn vị chủ trì.") % {"task": label}))
        for m in mentions:
            if not m.is_resolved:
                problems.append(
                    Problem(
                        task,
                        _("%(task)s: chưa xác định được đơn vị “%(mention)s”.")
                        % {"task": label, "mention": m.mention or m.name},
                    )
                )
            elif m.group is not None:
                if m.group.pk not in empty_groups:
                    day = task_day(task)
                    empty_groups[m.group.pk] = not m.group.members_on(day).exists()
                if empty_groups[m.group.pk]:
                    problems.append(
                        Problem(
                            task,
                            _("%(task)s: nhóm “%(group)s” không có đơn vị nào tại ngày văn bản.")
                            % {"task": label, "group": m.group.name},
                        )
                    )
    return problems


@transaction.atomic
def publish(
    actor: Any, document: Document, *, via: str = "web", today: dt.date | None = None
) -> Document:
    """Open the document's draft tasks, create their assignments (following successions
    to today's units), mark the document published and notify the assigned units' officers.

    Raises `AlreadyPublished` when it was published before (nothing is done twice) and
    `PublishRefused` with the list of problems when a task lacks a lead or has an
    unresolved unit.
    """
    if actor is not None:
        require(actor, Action.IMPORT_DOCUMENTS)
    doc = Document.objects.select_for_update().get(pk=document.pk)
    if doc.is_published:
        raise AlreadyPublished(_("Văn bản này đã được ban hành nhiệm vụ trước đó."))
    problems = publication_problems(doc)
    if problems:
        raise PublishRefused([p.message for p in problems])
    today = today or timezone.localdate()
    tasks = list(doc.tasks.filter(state=TaskState.DRAFT).select_related("document"))
    units_by_task: dict[int, set[int]] = {}
    count = 0
    for task in tasks:
        task.state = TaskState.OPEN
        task.original_due_date = task.due_date
        task.version += 1
        task.save(update_fields=["state", "original_due_date", "version", "updated_at"])
        created = assign(task, actor, today=today, via=via)
        count += len(created)
        units_by_task[task.pk] = {a.unit_id for a in created if a.active}
    doc.status = DocumentStatus.PUBLISHED
    doc.published_at = timezone.now()
    doc.published_by = actor if getattr(actor, "is_authenticated", False) else None
    doc.version += 1
    doc.save(update_fields=["status", "published_at", "published_by", "version", "updated_at"])
    audit.record(
        actor,
        "document.publish",
        doc,
        before={"status": DocumentStatus.EXTRACTED.value},
        after={"status": doc.status, "tasks": len(tasks), "assignments": count},
        via=via,
    )
    _notify_assigned(tasks, units_by_task)
    return doc


def _notify_assigned(tasks: list[Task], units_by_task: dict[int, set[int]]) -> None:
    from chidao.accounts.models import User

    all_units = set().union(*units_by_task.values()) if units_by_task else set()
    officers: dict[int, list[Any]] = defaultdict(list)
    for user in User.objects.filter(role=Role.OFFICER, is_active=True, unit_id__in=all_units):
        assert user.unit_id is not None
        officers[user.unit_id].append(user)
    for task in tasks:
        users = [u for unit_id in units_by_task.get(task.pk, ()) for u in officers[unit_id]]
        if not users:
            continue
        due = task.timing_label
        notify(
            users,
            NotificationKind.ASSIGNED,
            Message(gettext_noop("Nhiệm vụ mới: %(title)s"), {"title": task.title[:150]}),
            body=_("Văn bản: %(doc)s. Thời hạn: %(due)s.") % {"doc": task.document, "due": due},
            url=f"/tasks/{task.uuid}/",
            key=f"assigned:{task.uuid}",
        )


def extraction_settings_note() -> str:
    """How large a file is read in the background (for the upload page's help text)."""
    return _("Tệp lớn hơn %(kb)d KB được đọc trong nền; trang văn bản hiện tiến độ.") % {
        "kb": INLINE_EXTRACT_MAX_BYTES // 1024
    }


def notify_ready(doc: Document) -> None:
    """Tell the uploader that a file read in the background is ready (or failed)."""
    if doc.uploaded_by is None:
        return
    if doc.status == DocumentStatus.FAILED:
        title = Message(gettext_noop("Không đọc được văn bản %(name)s"), {"name": doc.file_name})
        url = reverse("documents:detail", args=[doc.uuid])
    else:
        title = Message(
            gettext_noop("Văn bản %(name)s đã đọc xong, chờ rà soát"), {"name": doc.file_name}
        )
        url = reverse("documents:review", args=[doc.uuid])
    notify(
        [doc.uploaded_by],
        NotificationKind.DOCUMENT_READY,
        title,
        body=doc.error,
        url=url,
        key=f"document-ready:{doc.uuid}",
        email=False,
    )


@transaction.atomic
def replace_units(
    actor: Any,
    task: Task,
    *,
    version: int,
    role: str,
    targets: Sequence[Unit | UnitGroup],
    via: str = "web",
) -> Task:
    """Make `targets` the task's units in `role`: mentions already pointing at one of
    them are kept (with the document's wording), the others of that role are dropped."""
    if actor is not None:
        require(actor, Action.IMPORT_DOCUMENTS)
    if role not in AssignmentRole.values:
        raise ValidationError({"role": _("Vai trò không hợp lệ.")})
    locked = _lock_draft(task, version)
    wanted = {(isinstance(t, UnitGroup), t.pk): t for t in targets}
    before = [str(m) for m in locked.mentions.filter(role=role)]
    read_as = {
        (m.group_id is not None, m.group_id or m.unit_id or 0) if m.is_resolved else (False, 0)
        for m in locked.mentions.filter(role=role)
    }
    kept: set[tuple[bool, int]] = set()
    for m in locked.mentions.filter(role=role):
        key = (m.group_id is not None, m.group_id or m.unit_id or 0)
        if m.is_resolved and key in wanted and key not in kept:
            kept.add(key)
        else:
            m.delete()
    order = 0
    for key, target in wanted.items():
        if key in kept:
            continue
        order += 1
        TaskMention.objects.create(
            task=locked,
            role=role,
            unit=target if isinstance(target, Unit) else None,
            group=target if isinstance(target, UnitGroup) else None,
            name=str(target)[:255],
            order=100 + order,
        )
    _bump(locked)
    after = [str(t) for t in targets]
    audit.record(
        actor,
        "task.units",
        locked,
        before={"role": role, "units": before},
        after={"role": role, "units": after},
        via=via,
    )
    if read_as != set(wanted):
        _count(actor, locked, CorrectionKind.UNIT, role=role)
    return locked


# --- learning from review --------------------------------------------------------------

_PER_TASK = {CorrectionKind.UNIT, CorrectionKind.DEADLINE}


def _count(actor: Any, task: Task, kind: CorrectionKind, *, role: str = "") -> None:
    """Record that the review changed `task` in `kind` (inside the caller's transaction).

    Unit and deadline corrections count once per task (and role) and only on tasks the
    extractor read: a task the review added is counted as added, not corrected.
    """
    if task.document_id is None:
        return
    user = actor if getattr(actor, "is_authenticated", False) else None
    if kind in _PER_TASK:
        if task.source != TaskSource.EXTRACTED:
            return
        ReviewCorrection.objects.get_or_create(
            document_id=task.document_id,
            kind=kind,
            task_uuid=task.uuid,
            role=role,
            defaults={"actor": user},
        )
    else:
        ReviewCorrection.objects.create(
            document_id=task.document_id, kind=kind, task_uuid=task.uuid, actor=user
        )


# Words that name no unit in particular: never learned as a unit's alias.
_GENERIC_WORDS = {"cac", "don", "vi", "co", "quan", "lien", "dia", "phuong", "nganh", "so", "ban"}
_GENERIC_PHRASES = ("lien quan", "cac don vi", "cac co quan", "dia phuong", "so ban nganh")


def is_generic_mention(text: str, province: Unit | None) -> bool:
    """Whether `text` is too vague to teach the reader: under 3 characters, one word
    (other than an abbreviation in capitals), a list ("sở, ngành"), a group phrase
    ("các sở, ban, ngành", "UBND cấp xã"), or only generic words ("đơn vị liên quan")."""
    folded = fold(text)
    words = folded.split()
    if len(folded) < 3 or words[0] == "cac":
        return True
    if len(words) < 2 and not text.strip().isupper():  # "STTTT" names one unit, "Sở" none
        return True
    if "," in text or ";" in text or set(words) <= _GENERIC_WORDS:
        return True
    if any(p in folded for p in _GENERIC_PHRASES) or " cap " in f" {folded} ":
        return True
    groups = UnitGroup.objects.filter(province=province) if province else UnitGroup.objects.none()
    for group in groups.only("name", "aliases"):
        if folded in {fold(n) for n in [group.name, *group.aliases]}:
            return True
    return False


def learn_alias(
    actor: Any, mention: str, unit: Unit, *, document: Document | None, via: str = "web"
) -> LearnedAlias | None:
    """Remember that `mention` (as the document wrote it) means `unit` in the province of
    `document`, so the next reading matches it. None when the mention is too generic or
    already means `unit`; a mention learned for another unit before now means this one.
    Called inside the review service that re-linked the mention (its transaction)."""
    province = document.province if document is not None else installation_province()
    mention = " ".join(mention.split())[:255]
    if province is None or unit.kind == UnitKind.PROVINCE or is_generic_mention(mention, province):
        return None
    folded = fold(mention)[:255]
    user = actor if getattr(actor, "is_authenticated", False) else None
    learned = LearnedAlias.objects.select_for_update()
    alias = learned.filter(province=province, folded=folded).first()
    before = None
    created = False
    if alias is None:
        try:
            with transaction.atomic():  # a savepoint: the review's own writes survive
                alias = LearnedAlias.objects.create(
                    province=province,
                    unit=unit,
                    mention=mention,
                    folded=folded,
                    document=document,
                    created_by=user,
                )
            created = True
        except IntegrityError:
            # Another review learned the same mention at this moment: its row stands, and
            # this choice, the later one, replaces its unit below.
            alias = learned.get(province=province, folded=folded)
    if not created:
        if alias.unit_id == unit.pk:
            return alias
        before = {"unit": str(alias.unit), "mention": alias.mention}
        alias.unit, alias.mention, alias.document, alias.created_by = unit, mention, document, user
        alias.save(update_fields=["unit", "mention", "document", "created_by", "updated_at"])
    audit.record(
        actor,
        "alias.learn",
        alias,
        before=before,
        after={"unit": str(unit), "mention": mention, "document": str(document or "")},
        via=via,
    )
    return alias


@transaction.atomic
def remove_learned_alias(actor: Any, alias: LearnedAlias, *, via: str = "web") -> None:
    """Forget a learned alias (the next reading no longer uses it)."""
    if actor is not None:
        require(actor, Action.IMPORT_DOCUMENTS)
    gone = LearnedAlias.objects.select_for_update().select_related("unit").filter(pk=alias.pk)
    locked = gone.first()
    if locked is None:
        return
    audit.record(
        actor,
        "alias.remove",
        locked,
        before={"unit": str(locked.unit), "mention": locked.mention},
        via=via,
    )
    locked.delete()
