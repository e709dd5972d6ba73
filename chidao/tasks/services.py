"""Writes to tasks and assignments after publishing. Each function checks permission (unless
`actor` is None: the operator at the command line or the worker), owns its transaction,
saves with `update_fields` and records the audit event.

Two protections against lost or doubled work:

- **Stale edits.** Forms carry the row's `version`; a service given `expected_version`
  refuses (ValidationError) when someone else changed the row meanwhile.
- **Double submits.** The row is locked first; a submission identical to one the same
  person made on the same row within `DUPLICATE_WINDOW` returns the earlier result instead
  of writing again (a second click, a retried request).

Every write that creates assignments or changes their deadline, completion, role or
activity ends with `refresh_list_columns` for the tasks concerned, so the columns the task
list sorts and filters on (`Task.next_due`, `done_on`, `done_late`) never disagree with
the assignments.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import (
    Case,
    DateField,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from chidao.accounts.choices import Role
from chidao.core import audit
from chidao.core.concurrency import Edited, check_version
from chidao.core.permissions import Action, require
from chidao.core.uploads import check_evidence
from chidao.notifications.choices import NotificationKind
from chidao.notifications.services import notify
from chidao.notifications.texts import Message
from chidao.tasks.choices import AssignmentRole, ExtensionStatus, TaskState
from chidao.tasks.models import (
    Assignment,
    Comment,
    Evidence,
    ExtensionRequest,
    Occurrence,
    OccurrenceReport,
    ProgressUpdate,
    Task,
)
from chidao.units.models import Unit

DUPLICATE_WINDOW = dt.timedelta(seconds=60)
MAX_TEXT = 10_000
#: Tasks recomputed per UPDATE by `refresh_list_columns` (keeps the IN list short).
REFRESH_BATCH = 1000


def _check_version(row: Assignment | Task, expected: int | None) -> None:
    """The one stale-edit refusal (`core.concurrency`), on the row already locked."""
    check_version(row.version, expected, Edited.TASK if isinstance(row, Task) else Edited.PROGRESS)


def _check_open(task: Task) -> None:
    if task.state != TaskState.OPEN:
        raise ValidationError(_("Nhiệm vụ đã đóng hoặc chưa ban hành; không thể cập nhật."))


def _recent() -> dt.datetime:
    return timezone.now() - DUPLICATE_WINDOW


def task_url(task: Task) -> str:
    return reverse("tasks:detail", args=[task.uuid])


def _officers(unit_ids: Iterable[int]) -> QuerySet[Any]:
    from chidao.accounts.models import User

    return User.objects.filter(role=Role.OFFICER, unit_id__in=list(unit_ids), is_active=True)


def _secretariat() -> QuerySet[Any]:
    from chidao.accounts.models import User

    return User.objects.filter(role=Role.SECRETARIAT, is_active=True)


# -- the task list's stored columns ------------------------------------------------------


def _counted_of_task() -> QuerySet[Assignment]:
    """The assignments of the task `OuterRef("pk")` its status is judged on: its active
    leads, or all its active assignments when it has no active lead."""
    has_lead = Assignment.objects.filter(
        task=OuterRef("task"), active=True, role=AssignmentRole.LEAD
    )
    return Assignment.objects.filter(task=OuterRef("pk"), active=True).filter(
        Q(role=AssignmentRole.LEAD) | ~Exists(has_lead)
    )


def refresh_list_columns(task_ids: Iterable[int]) -> int:
    """Recompute `next_due`, `done_on` and `done_late` (what the task list sorts and
    filters on, see `Task`) of the given tasks from their assignments; returns how many
    tasks were updated.

    Runs in the caller's transaction, one UPDATE per `REFRESH_BATCH` tasks, so bulk paths
    (synthetic data, the demo) call it once for all the tasks they touched. It leaves
    `updated_at` and `version` alone: the values are derived, not an edit.
    """
    counted = _counted_of_task()
    unfinished = counted.filter(completed_on__isnull=True)
    next_due = unfinished.filter(due_date__isnull=False).order_by("due_date").values("due_date")
    last_done = counted.order_by("-completed_on").values("completed_on")
    done_on = Case(
        When(Exists(unfinished), then=Value(None)),
        default=Subquery(last_done[:1]),
        output_field=DateField(),
    )
    done_late = Exists(counted.filter(completed_on__gt=F("due_date")))
    ids = sorted(set(task_ids))
    updated = 0
    for start in range(0, len(ids), REFRESH_BATCH):
        updated += Task.objects.filter(pk__in=ids[start : start + REFRESH_BATCH]).update(
            next_due=Subquery(next_due[:1]), done_on=done_on, done_late=done_late
        )
    return updated


# -- progress ---------------------------------------------------------------------------


_PROGRESS_FIELDS = ["progress", "completed_on", "last_update_at", "version"]


@transaction.atomic
def report_progress(
    actor: Any,
    assignment: Assignment,
    *,
    percent: int,
    narrative: str = "",
    files: Sequence[Any] = (),
    completed: bool = False,
    completed_on: dt.date | None = None,
    occurrence: Occurrence | None = None,
    quantity: int | None = None,
    expected_version: int | None = None,
    via: str = "web",
) -> ProgressUpdate:
    """Record a unit's report on its assignment, with evidence files.

    `completed` or 100 % marks the assignment done on `completed_on` (today by default;
    never in the future); a later report below 100 % reopens it. With an `occurrence`
    (a period of a recurring task) the report also records that period's completion and
    `quantity`. Files are checked (type, content, size) before anything is written.
    Raises PermissionDenied, or ValidationError with field messages.
    """
    if actor is not None:
        require(actor, Action.UPDATE_ASSIGNMENT, assignment)
    today = timezone.localdate()
    narrative = narrative.strip()
    errors: dict[str, str] = {}
    if not 0 <= percent <= 100:
        errors["percent"] = _("Tiến độ phải từ 0 đến 100%.")
    if completed_on is not None and completed_on > today:
        errors["completed_on"] = _("Ngày hoàn thành không được sau hôm nay.")
    if len(narrative) > MAX_TEXT:
        errors["narrative"] = _("Nội dung báo cáo quá dài.")
    if occurrence is not None and occurrence.task_id != assignment.task_id:
        errors["occurrence"] = _("Kỳ báo cáo không thuộc nhiệm vụ này.")
    if errors:
        raise ValidationError(errors)
    checked = check_evidence(files)

    locked = Assignment.objects.select_for_update().select_related("task").get(pk=assignment.pk)
    if not locked.active:
        raise ValidationError(_("Phân công này đã được chuyển cho đơn vị khác."))
    _check_open(locked.task)
    done = completed or percent == 100
    duplicate = ProgressUpdate.objects.filter(
        assignment=locked,
        author=actor if getattr(actor, "is_authenticated", False) else None,
        percent=100 if done else percent,
        narrative=narrative,
        completed=done,
        occurrence=occurrence,
        created_at__gte=_recent(),
    ).first()
    if duplicate is not None:
        return duplicate
    _check_version(locked, expected_version)

    before = audit.snapshot(locked, _PROGRESS_FIELDS)
    completed_before = locked.completed_on
    if occurrence is not None:
        if OccurrenceReport.objects.filter(occurrence=occurrence, assignment=locked).exists():
            raise ValidationError({"occurrence": _("Đơn vị đã báo cáo kỳ này.")})
        OccurrenceReport.objects.create(
            occurrence=occurrence,
            assignment=locked,
            completed_on=completed_on or today,
            quantity=quantity,
            note=narrative,
            reported_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
    update = ProgressUpdate.objects.create(
        assignment=locked,
        author=actor if getattr(actor, "is_authenticated", False) else None,
        percent=100 if done else percent,
        narrative=narrative,
        completed=done,
        occurrence=occurrence,
    )
    for upload, content_type in checked:
        evidence = Evidence(
            update=update, name=upload.name[:255], size=upload.size, content_type=content_type
        )
        evidence.file.save(upload.name, upload, save=False)
        evidence.save()

    locked.progress = 100 if done else percent
    if done:
        locked.completed_on = completed_on or locked.completed_on or today
    elif occurrence is None:
        locked.completed_on = None
    locked.last_update_at = timezone.now()
    locked.version = F("version") + 1
    locked.save(update_fields=[*_PROGRESS_FIELDS, "updated_at"])
    locked.refresh_from_db(fields=["version"])
    if locked.completed_on != completed_before:
        refresh_list_columns([locked.task_id])
    after = audit.snapshot(locked, _PROGRESS_FIELDS)
    after["narrative"] = narrative[:300]
    after["files"] = [upload.name for upload, _ct in checked]
    if occurrence is not None:
        after["occurrence"] = occurrence.label
        after["quantity"] = quantity
    audit.record(actor, "assignment.progress", locked, before=before, after=after, via=via)
    assignment.version = locked.version
    return update


# -- comments ---------------------------------------------------------------------------


@transaction.atomic
def add_comment(actor: Any, task: Task, body: str, *, via: str = "web") -> Comment:
    """A remark on the task; tells the officers of its units (and the secretariat when an
    officer writes). An identical remark by the same person moments ago is not repeated."""
    require(actor, Action.COMMENT_TASK, task)
    body = body.strip()
    if not body:
        raise ValidationError({"body": _("Hãy nhập ý kiến.")})
    if len(body) > MAX_TEXT:
        raise ValidationError({"body": _("Ý kiến quá dài.")})
    locked = Task.objects.select_for_update().get(pk=task.pk)
    duplicate = Comment.objects.filter(
        task=locked, author=actor, body=body, created_at__gte=_recent()
    ).first()
    if duplicate is not None:
        return duplicate
    comment = Comment.objects.create(task=locked, author=actor, body=body)
    audit.record(actor, "task.comment", locked, after={"body": body[:300]}, via=via)
    unit_ids = locked.assignments.filter(active=True).values_list("unit_id", flat=True)
    recipients = list(_officers(unit_ids).exclude(pk=actor.pk))
    if getattr(actor, "role", None) == Role.OFFICER:
        recipients += list(_secretariat())
    name = actor.get_full_name() or actor.get_username()
    notify(
        recipients,
        NotificationKind.COMMENT,
        Message(gettext_noop("Ý kiến mới về nhiệm vụ: %(task)s"), {"task": str(locked)[:150]}),
        body=f"{name}: {body[:500]}",
        url=task_url(locked),
    )
    return comment


# -- closing ----------------------------------------------------------------------------


def _set_state(
    actor: Any,
    task: Task,
    *,
    to: TaskState,
    reason: str,
    expected_version: int | None,
    via: str,
) -> Task:
    if actor is not None:
        require(actor, Action.MANAGE_TASKS, task)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Hãy nêu lý do.")})
    locked = Task.objects.select_for_update().get(pk=task.pk)
    if locked.state == to and locked.close_reason == reason:
        return locked  # the same request again
    _check_version(locked, expected_version)
    wanted_from = TaskState.OPEN if to == TaskState.CLOSED else TaskState.CLOSED
    if locked.state != wanted_from:
        raise ValidationError(
            _("Chỉ đóng được nhiệm vụ đang theo dõi.")
            if to == TaskState.CLOSED
            else _("Chỉ mở lại được nhiệm vụ đã đóng.")
        )
    fields = ["state", "closed_at", "closed_by", "close_reason", "version"]
    before = audit.snapshot(locked, fields)
    locked.state = to
    locked.close_reason = reason
    is_user = getattr(actor, "is_authenticated", False)
    locked.closed_at = timezone.now() if to == TaskState.CLOSED else None
    locked.closed_by = actor if to == TaskState.CLOSED and is_user else None
    locked.version += 1
    locked.save(update_fields=[*fields, "updated_at"])
    action = "task.close" if to == TaskState.CLOSED else "task.reopen"
    after = audit.snapshot(locked, fields)
    audit.record(actor, action, locked, before=before, after=after, via=via)
    unit_ids = locked.assignments.filter(active=True).values_list("unit_id", flat=True)
    title = (
        gettext_noop("Nhiệm vụ đã được đóng: %(task)s")
        if to == TaskState.CLOSED
        else gettext_noop("Nhiệm vụ được mở lại: %(task)s")
    )
    notify(
        _officers(unit_ids),
        NotificationKind.TASK_CLOSED,
        Message(title, {"task": str(locked)[:150]}),
        body=reason,
        url=task_url(locked),
    )
    return locked


@transaction.atomic
def close_task(
    actor: Any, task: Task, *, reason: str, expected_version: int | None = None, via: str = "web"
) -> Task:
    """The secretariat ends the follow-up of a task, with a reason."""
    return _set_state(
        actor, task, to=TaskState.CLOSED, reason=reason, expected_version=expected_version, via=via
    )


@transaction.atomic
def reopen_task(
    actor: Any, task: Task, *, reason: str, expected_version: int | None = None, via: str = "web"
) -> Task:
    """The secretariat resumes the follow-up of a closed task, with a reason."""
    return _set_state(
        actor, task, to=TaskState.OPEN, reason=reason, expected_version=expected_version, via=via
    )


# -- extensions -------------------------------------------------------------------------


@transaction.atomic
def request_extension(
    actor: Any,
    assignment: Assignment,
    *,
    new_due_date: dt.date,
    reason: str,
    via: str = "web",
) -> ExtensionRequest:
    """A unit asks for a later deadline. One request may be pending per assignment; the
    same request sent twice returns the first. Tells the secretariat."""
    if actor is not None:
        require(actor, Action.REQUEST_EXTENSION, assignment)
    reason = reason.strip()
    locked = (
        Assignment.objects.select_for_update().select_related("task", "unit").get(pk=assignment.pk)
    )
    pending = locked.extension_requests.filter(status=ExtensionStatus.PENDING).first()
    if pending is not None:
        if pending.requested_due_date == new_due_date and pending.reason == reason:
            return pending
        raise ValidationError(_("Đã có một đề nghị gia hạn đang chờ duyệt."))
    errors: dict[str, str] = {}
    if not reason:
        errors["reason"] = _("Hãy nêu lý do đề nghị gia hạn.")
    if locked.due_date is None:
        errors["new_due_date"] = _("Nhiệm vụ không có thời hạn cụ thể nên không cần gia hạn.")
    elif new_due_date <= locked.due_date:
        errors["new_due_date"] = _("Thời hạn đề nghị phải sau thời hạn hiện tại (%(due)s).") % {
            "due": f"{locked.due_date:%d/%m/%Y}"
        }
    if errors:
        raise ValidationError(errors)
    _check_open(locked.task)
    if locked.completed_on is not None:
        raise ValidationError(_("Phân công đã hoàn thành; không cần gia hạn."))
    request = ExtensionRequest.objects.create(
        assignment=locked,
        requested_by=actor if getattr(actor, "is_authenticated", False) else None,
        previous_due_date=locked.due_date,
        requested_due_date=new_due_date,
        reason=reason,
    )
    audit.record(
        actor,
        "extension.request",
        locked,
        after={
            "due_date": locked.due_date,
            "requested_due_date": new_due_date,
            "reason": reason[:300],
        },
        via=via,
    )
    notify(
        _secretariat(),
        NotificationKind.EXTENSION_REQUESTED,
        Message(
            gettext_noop("%(unit)s đề nghị gia hạn đến %(date)s"),
            {"unit": str(locked.unit), "date": f"{new_due_date:%d/%m/%Y}"},
        ),
        body=f"{locked.task}\n\n{reason}",
        url=task_url(locked.task),
    )
    return request


@transaction.atomic
def decide_extension(
    actor: Any,
    request: ExtensionRequest,
    *,
    approve: bool,
    reason: str = "",
    via: str = "web",
) -> ExtensionRequest:
    """The secretariat approves (the assignment's deadline moves to the requested date,
    the original kept) or refuses (a reason required). Tells the unit's officers."""
    if actor is not None:
        require(actor, Action.MANAGE_TASKS, request)
    reason = reason.strip()
    locked = ExtensionRequest.objects.select_for_update().get(pk=request.pk)
    wanted = ExtensionStatus.APPROVED if approve else ExtensionStatus.REFUSED
    if locked.status != ExtensionStatus.PENDING:
        if locked.status == wanted:
            return locked  # the same decision again
        raise ValidationError(_("Đề nghị này đã được xử lý."))
    if not approve and not reason:
        raise ValidationError({"reason": _("Hãy nêu lý do không đồng ý.")})
    assignment = (
        Assignment.objects.select_for_update()
        .select_related("task", "unit")
        .get(pk=locked.assignment_id)
    )
    before = audit.snapshot(locked, ["status", "decision_reason"])
    locked.status = wanted
    locked.decision_reason = reason
    locked.decided_by = actor if getattr(actor, "is_authenticated", False) else None
    locked.decided_at = timezone.now()
    locked.save(
        update_fields=["status", "decision_reason", "decided_by", "decided_at", "updated_at"]
    )
    after = audit.snapshot(locked, ["status", "decision_reason"])
    if approve:
        due_fields = ["due_date", "original_due_date", "version"]
        before.update(audit.snapshot(assignment, due_fields))
        if assignment.original_due_date is None:
            assignment.original_due_date = assignment.due_date
        assignment.due_date = locked.requested_due_date
        assignment.version += 1
        assignment.save(update_fields=[*due_fields, "updated_at"])
        after.update(audit.snapshot(assignment, due_fields))
        refresh_list_columns([assignment.task_id])
    audit.record(actor, "extension.decide", assignment, before=before, after=after, via=via)
    title = (
        gettext_noop("Đồng ý gia hạn đến %(date)s: %(task)s")
        if approve
        else gettext_noop("Không đồng ý gia hạn đến %(date)s: %(task)s")
    )
    notify(
        _officers([assignment.unit_id]),
        NotificationKind.EXTENSION_DECIDED,
        Message(
            title,
            {"date": f"{locked.requested_due_date:%d/%m/%Y}", "task": str(assignment.task)[:150]},
        ),
        body=reason,
        url=task_url(assignment.task),
    )
    return locked


# -- succession -------------------------------------------------------------------------


@transaction.atomic
def transfer_assignments(
    predecessor: Unit,
    successors: Sequence[Unit],
    on_date: dt.date,
    *,
    actor: Any = None,
    via: str = "system",
) -> list[Assignment]:
    """Pass the predecessor's open active assignments to its successor(s) on `on_date`.

    Each moved assignment is deactivated (its history stays with the old unit) and a new
    one created per successor with the same role, deadlines and progress,
    `inherited_from` the old one and `transferred_on` the date. A successor that already
    has the task keeps its own assignment (taking the lead when the old unit led).
    Pending extension requests follow to the first successor. Completed work is not moved.
    Returns the assignments created.
    """
    if actor is not None:
        require(actor, Action.MANAGE_TASKS)
    if not successors:
        return []
    created: list[Assignment] = []
    moving = (
        Assignment.objects.select_for_update()
        .filter(unit=predecessor, active=True, completed_on__isnull=True)
        .select_related("task")
    )
    touched: set[int] = set()
    for old in moving:
        touched.add(old.task_id)
        old.active = False
        old.version += 1
        old.save(update_fields=["active", "version", "updated_at"])
        carriers: list[Assignment] = []
        for successor in successors:
            existing = Assignment.objects.filter(task=old.task, unit=successor, active=True).first()
            if existing is not None:
                if old.role == "lead" and existing.role != "lead":
                    existing.role = old.role
                    existing.version += 1
                    existing.save(update_fields=["role", "version", "updated_at"])
                carriers.append(existing)
                continue
            new = Assignment.objects.create(
                task=old.task,
                unit=successor,
                role=old.role,
                due_date=old.due_date,
                original_due_date=old.original_due_date,
                progress=old.progress,
                last_update_at=old.last_update_at,
                inherited_from=old,
                transferred_on=on_date,
            )
            created.append(new)
            carriers.append(new)
        if carriers:
            old.extension_requests.filter(status=ExtensionStatus.PENDING).update(
                assignment=carriers[0]
            )
        audit.record(
            actor,
            "assignment.transfer",
            old,
            before={"unit": predecessor.name, "active": True},
            after={
                "units": [s.name for s in successors],
                "transferred_on": on_date,
                "active": False,
            },
            via=via,
        )
    refresh_list_columns(touched)
    return created


@dataclass
class TransferReport:
    """What `transfer_all` did: per predecessor, the successors and assignments moved."""

    moved: list[tuple[Unit, list[Unit], int]] = field(default_factory=list)
    orphaned: list[Unit] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(n for _p, _s, n in self.moved)


def transfer_all(on_date: dt.date, *, actor: Any = None, via: str = "system") -> TransferReport:
    """Run `transfer_assignments` for every unit that no longer exists on `on_date` and still
    holds open assignments; units without a successor are reported as orphaned."""
    report = TransferReport()
    holders = Unit.objects.filter(
        assignments__active=True, assignments__completed_on__isnull=True
    ).distinct()
    for unit in holders:
        if unit.is_valid_on(on_date):
            continue
        successors = unit.current_successors(on_date)
        if not successors:
            report.orphaned.append(unit)
            continue
        moved = Assignment.objects.filter(unit=unit, active=True, completed_on__isnull=True).count()
        transfer_assignments(unit, successors, on_date, actor=actor, via=via)
        report.moved.append((unit, successors, moved))
    return report
