"""Reads of tasks and assignments, with what each screen needs fetched in one go.

A task's status as of a date summarises its active lead assignments (all its active
assignments when it has no lead): done when every one is done — on time unless one was
late — else overdue when one is overdue, else within its deadline.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from django.db.models import (
    Case,
    CharField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from chidao.accounts.choices import Role
from chidao.core.models import AuditEvent
from chidao.core.permissions import role_of
from chidao.core.queries import workday_calendar
from chidao.core.text import fold
from chidao.tasks.choices import (
    STATUS_SEVERITY,
    AssignmentRole,
    AssignmentStatus,
    OccurrenceOutcome,
    TaskState,
    Urgency,
)
from chidao.tasks.models import (
    Assignment,
    Comment,
    Evidence,
    ExtensionRequest,
    Occurrence,
    OccurrenceReport,
    ProgressUpdate,
    Task,
    TaskMention,
)
from chidao.units.models import Installation, Unit, UnitGroup

SORTS: dict[str, list[str]] = {
    "title": ["title", "pk"],
    "due": ["effective_due", "pk"],
    "document": ["document__issued_on", "order", "pk"],
    "status": ["status_rank", "effective_due", "pk"],
    "updated": ["updated_at", "pk"],
}
DEFAULT_SORT = "due"


def parse_day(text: str | None) -> dt.date | None:
    """A date written dd/mm/yyyy or yyyy-mm-dd; None when empty; ValueError when bad."""
    raw = (text or "").strip()
    if not raw:
        return None
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(raw, fmt).date()
        except ValueError:
            continue
    raise ValueError(raw)


# -- status -----------------------------------------------------------------------------


def _counted(as_of: dt.date) -> Any:
    """The assignments a task's status is judged on (active leads, or all active)."""
    has_lead = Exists(
        Assignment.objects.filter(task=OuterRef("task"), active=True, role=AssignmentRole.LEAD)
    )
    return Q(active=True) & (Q(role=AssignmentRole.LEAD) | ~has_lead)


def with_task_status(tasks: QuerySet[Task], as_of: dt.date) -> QuerySet[Task]:
    """Annotate `status_code` (an AssignmentStatus value) and `status_rank` (0 best) as of
    `as_of`. Tasks with no active assignment count as within their deadline."""
    counted = Assignment.objects.filter(_counted(as_of), task=OuterRef("pk"))
    open_ = Q(completed_on__isnull=True) | Q(completed_on__gt=as_of)
    any_overdue = Exists(counted.filter(open_, due_date__lt=as_of))
    any_open = Exists(counted.filter(open_))
    any_late = Exists(counted.filter(~open_, completed_on__gt=F("due_date")))
    any_counted = Exists(counted)
    status = Case(
        When(any_overdue, then=Value(AssignmentStatus.OPEN_OVERDUE.value)),
        When(any_open | ~any_counted, then=Value(AssignmentStatus.OPEN_ON_TIME.value)),
        When(any_late, then=Value(AssignmentStatus.DONE_LATE.value)),
        default=Value(AssignmentStatus.DONE_ON_TIME.value),
        output_field=CharField(),
    )
    rank = Case(
        *[When(status_code=s.value, then=Value(i)) for i, s in enumerate(STATUS_SEVERITY)],
        output_field=IntegerField(),
    )
    return tasks.annotate(status_code=status).annotate(status_rank=rank)


def task_status(assignments: list[Assignment], as_of: dt.date) -> AssignmentStatus:
    """The Python twin of `with_task_status` over already fetched assignments."""
    active = [a for a in assignments if a.active]
    leads = [a for a in active if a.role == AssignmentRole.LEAD] or active
    statuses = [a.status_on(as_of) for a in leads]
    if AssignmentStatus.OPEN_OVERDUE in statuses:
        return AssignmentStatus.OPEN_OVERDUE
    if not statuses or AssignmentStatus.OPEN_ON_TIME in statuses:
        return AssignmentStatus.OPEN_ON_TIME
    if AssignmentStatus.DONE_LATE in statuses:
        return AssignmentStatus.DONE_LATE
    return AssignmentStatus.DONE_ON_TIME


# -- who sees what ----------------------------------------------------------------------


def officer_unit_id(user: Any) -> int | None:
    """The unit an officer is limited to; None for the roles that see every task."""
    if role_of(user) == Role.OFFICER:
        return int(user.unit_id) if user.unit_id else -1
    return None


def visible_tasks(user: Any) -> QuerySet[Task]:
    """Published tasks (open or closed) the user may see: all for staff roles, the ones
    their unit is or was assigned for officers."""
    tasks = Task.objects.filter(state__in=[TaskState.OPEN, TaskState.CLOSED])
    unit_id = officer_unit_id(user)
    if unit_id is not None:
        tasks = tasks.filter(
            Exists(Assignment.objects.filter(task=OuterRef("pk"), unit_id=unit_id))
        )
    return tasks


# -- the task list ----------------------------------------------------------------------


@dataclass
class TaskFilters:
    """The task list's filters, already parsed (from a form, the API or a command)."""

    as_of: dt.date = field(default_factory=timezone.localdate)
    document: UUID | None = None
    unit: Unit | None = None
    group: UnitGroup | None = None
    status: str = ""
    pillar: str | None = None
    state: str = ""
    due_from: dt.date | None = None
    due_to: dt.date | None = None
    q: str = ""
    sort: str = DEFAULT_SORT


def _active_assignments() -> Prefetch[Any]:
    return Prefetch(
        "assignments",
        queryset=Assignment.objects.filter(active=True).select_related("unit"),
        to_attr="active_assignments",
    )


def task_list(user: Any, f: TaskFilters) -> QuerySet[Task]:
    """The filtered, sorted tasks the user may see, annotated with status as of `f.as_of`,
    each with `active_assignments` (units fetched) prefetched."""
    tasks = visible_tasks(user)
    if f.document is not None:
        tasks = tasks.filter(document__uuid=f.document)
    if f.unit is not None:
        tasks = tasks.filter(
            Exists(Assignment.objects.filter(task=OuterRef("pk"), unit=f.unit, active=True))
        )
    if f.group is not None:
        members = f.group.members_on(f.as_of).values("pk")
        tasks = tasks.filter(
            Exists(TaskMention.objects.filter(task=OuterRef("pk"), group=f.group))
            | Exists(Assignment.objects.filter(task=OuterRef("pk"), unit__in=members, active=True))
        )
    if f.pillar is not None:
        tasks = tasks.filter(pillar=f.pillar)
    if f.state:
        tasks = tasks.filter(state=f.state)
    if f.due_from is not None or f.due_to is not None:
        window = Q(task=OuterRef("pk"), active=True)
        if f.due_from is not None:
            window &= Q(due_date__gte=f.due_from)
        if f.due_to is not None:
            window &= Q(due_date__lte=f.due_to)
        tasks = tasks.filter(Exists(Assignment.objects.filter(window)))
    for word in fold(f.q).split():
        tasks = tasks.filter(search_text__contains=word)
    first_due = (
        Assignment.objects.filter(task=OuterRef("pk"), active=True)
        .order_by("due_date")
        .values("due_date")[:1]
    )
    tasks = tasks.annotate(effective_due=Coalesce(Subquery(first_due), F("due_date")))
    tasks = with_task_status(tasks, f.as_of)
    if f.status:
        tasks = tasks.filter(status_code=f.status)  # type: ignore[misc]  # annotated above
    descending = f.sort.startswith("-")
    keys = SORTS.get(f.sort.lstrip("-"), SORTS[DEFAULT_SORT])
    order = [F(k).desc(nulls_last=True) if descending else F(k).asc(nulls_last=True) for k in keys]
    return tasks.select_related("document").prefetch_related(_active_assignments()).order_by(*order)


# -- one task ---------------------------------------------------------------------------


def task_page(uuid: UUID | str) -> Task:
    """A task with its document and every assignment (inactive ones too, for history)."""
    return (
        Task.objects.filter(state__in=[TaskState.OPEN, TaskState.CLOSED])
        .select_related("document", "closed_by")
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=Assignment.objects.select_related("unit", "inherited_from__unit")
                .prefetch_related(
                    Prefetch(
                        "passed_to",
                        queryset=Assignment.objects.select_related("unit"),
                        to_attr="carriers",
                    )
                )
                .order_by("-active", "role", "unit__name"),
                to_attr="all_assignments",
            )
        )
        .get(uuid=uuid)
    )


@dataclass(frozen=True)
class TimelineEntry:
    """One line of a task's history: when, who, what kind, and the object shown."""

    at: dt.datetime
    kind: str  # update | extension | decision | comment | audit
    who: str
    obj: Any


def _name(user: Any) -> str:
    if user is None:
        return ""
    return str(user.get_full_name() or user.get_username())


def timeline(task: Task, assignments: list[Assignment]) -> list[TimelineEntry]:
    """Progress updates (with evidence), extension requests and decisions, comments and
    audit events of the task and its assignments, newest first."""
    asg_ids = [a.pk for a in assignments]
    entries: list[TimelineEntry] = []
    updates = (
        ProgressUpdate.objects.filter(assignment_id__in=asg_ids)
        .select_related("author", "assignment__unit", "occurrence")
        .prefetch_related(Prefetch("evidence", queryset=Evidence.objects.order_by("created_at")))
    )
    entries += [TimelineEntry(u.created_at, "update", _name(u.author), u) for u in updates]
    requests = ExtensionRequest.objects.filter(assignment_id__in=asg_ids).select_related(
        "requested_by", "decided_by", "assignment__unit"
    )
    for r in requests:
        entries.append(TimelineEntry(r.created_at, "extension", _name(r.requested_by), r))
        if r.decided_at is not None:
            entries.append(TimelineEntry(r.decided_at, "decision", _name(r.decided_by), r))
    comments = Comment.objects.filter(task=task).select_related("author")
    entries += [TimelineEntry(c.created_at, "comment", _name(c.author), c) for c in comments]
    targets = [str(task.uuid), *(str(a.uuid) for a in assignments)]
    # Progress, requests and comments are shown above in full; the audit adds the rest.
    shown = {"assignment.progress", "extension.request", "extension.decide", "task.comment"}
    events = AuditEvent.objects.filter(target_id__in=targets).exclude(action__in=shown)
    entries += [TimelineEntry(e.created_at, "audit", e.actor_name, e) for e in events]
    entries.sort(key=lambda e: e.at, reverse=True)
    return entries


@dataclass
class UnitStreak:
    """A unit's record over the periods of a recurring task, oldest first."""

    assignment: Assignment
    cells: list[tuple[Occurrence, OccurrenceOutcome, OccurrenceReport | None]]

    @property
    def met(self) -> int:
        return sum(1 for _o, outcome, _r in self.cells if outcome == OccurrenceOutcome.MET)

    @property
    def missed(self) -> int:
        return sum(
            1
            for _o, outcome, _r in self.cells
            if outcome in {OccurrenceOutcome.MISSED, OccurrenceOutcome.LATE}
        )

    @property
    def current(self) -> int:
        """Periods met in a row, counting back from the last period that is due."""
        run = 0
        for _o, outcome, _r in reversed(self.cells):
            if outcome == OccurrenceOutcome.PENDING:
                continue
            if outcome != OccurrenceOutcome.MET:
                break
            run += 1
        return run


def outcome(occurrence: Occurrence, report: OccurrenceReport | None, as_of: dt.date) -> Any:
    if report is not None and report.completed_on <= as_of:
        return (
            OccurrenceOutcome.MET
            if report.completed_on <= occurrence.due_date
            else OccurrenceOutcome.LATE
        )
    if occurrence.due_date < as_of:
        return OccurrenceOutcome.MISSED
    return OccurrenceOutcome.PENDING


def streaks(
    task: Task, assignments: list[Assignment], as_of: dt.date, *, last: int = 12
) -> list[UnitStreak]:
    """Per active assignment, the outcome of the task's last `last` periods started by
    `as_of`. Reports made by the unit a transferred assignment came from count too."""
    occurrences = list(task.occurrences.filter(period_start__lte=as_of).order_by("-period_start"))
    occurrences = occurrences[:last][::-1]
    active = [a for a in assignments if a.active]
    lineage: dict[int, int] = {}
    for a in assignments:
        root = a
        by_pk = {x.pk: x for x in assignments}
        while root.inherited_from_id and root.inherited_from_id in by_pk:
            root = by_pk[root.inherited_from_id]
        lineage[a.pk] = root.pk
    reports: dict[tuple[int, int], OccurrenceReport] = {}
    for r in OccurrenceReport.objects.filter(occurrence__in=occurrences):
        reports[(lineage.get(r.assignment_id, r.assignment_id), r.occurrence_id)] = r
    out = []
    for a in active:
        cells = []
        for occ in occurrences:
            report = reports.get((lineage[a.pk], occ.pk))
            cells.append((occ, outcome(occ, report, as_of), report))
        out.append(UnitStreak(a, cells))
    return out


def open_occurrences(assignment: Assignment, as_of: dt.date) -> QuerySet[Occurrence]:
    """Periods of the assignment's task started by `as_of` that its unit has not reported."""
    return (
        Occurrence.objects.filter(task_id=assignment.task_id, period_start__lte=as_of)
        .exclude(reports__assignment=assignment)
        .order_by("period_start")
    )


# -- a unit's inbox ---------------------------------------------------------------------


def due_soon_workdays() -> int:
    inst = Installation.objects.only("due_soon_workdays").first()
    return inst.due_soon_workdays if inst else 3


def inbox(unit_id: int, as_of: dt.date, *, soon_days: int | None = None) -> QuerySet[Assignment]:
    """The unit's active, open assignments on open tasks, most pressing first: overdue,
    due within `soon_days` working days (the province's setting by default), the rest."""
    days = due_soon_workdays() if soon_days is None else soon_days
    soon_limit = workday_calendar().add_workdays(as_of, days)
    urgency = Case(
        When(due_date__lt=as_of, then=Value(Urgency.OVERDUE.value)),
        When(due_date__lte=soon_limit, then=Value(Urgency.DUE_SOON.value)),
        default=Value(Urgency.LATER.value),
        output_field=IntegerField(),
    )
    return (
        Assignment.objects.filter(
            unit_id=unit_id,
            active=True,
            completed_on__isnull=True,
            task__state=TaskState.OPEN,
        )
        .with_status(as_of)
        .annotate(urgency=urgency)
        .select_related("task__document", "unit")
        .order_by("urgency", F("due_date").asc(nulls_last=True), "task__order", "pk")
    )


def inbox_row(assignment_uuid: UUID | str, as_of: dt.date) -> Assignment:
    """One inbox row again (after an update in place)."""
    days = due_soon_workdays()
    row = (
        Assignment.objects.with_status(as_of)
        .select_related("task__document", "unit")
        .get(uuid=assignment_uuid)
    )
    soon_limit = workday_calendar().add_workdays(as_of, days)
    due = row.due_date
    row.urgency = (  # type: ignore[attr-defined]  # read by the template, like the annotation
        Urgency.LATER
        if due is None or due > soon_limit
        else (Urgency.OVERDUE if due < as_of else Urgency.DUE_SOON)
    )
    return row


def assignment_of(uuid: UUID | str) -> Assignment:
    return Assignment.objects.select_related("task__document", "unit").get(uuid=uuid)
