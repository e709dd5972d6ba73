"""Reads of tasks and assignments, with what each screen needs fetched in one go.

A task's status as of a date summarises its active lead assignments (all its active
assignments when it has no lead): done when every one is done — on time unless one was
late — else overdue when one is overdue, else within its deadline.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar, cast
from uuid import UUID

from django.core.paginator import Page, Paginator
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
    Value,
    When,
)
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from chidao.accounts.choices import Role
from chidao.core.models import AuditEvent
from chidao.core.permissions import role_of
from chidao.core.queries import workday_calendar
from chidao.core.text import fold
from chidao.tasks.choices import (
    OUTCOME_COLORS,
    STATUS_SEVERITY,
    TALLY_COLORS,
    TALLY_OF,
    AssignmentRole,
    AssignmentStatus,
    OccurrenceOutcome,
    StatusTally,
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
from chidao.units.choices import UnitKind
from chidao.units.models import Installation, Unit, UnitGroup

T = TypeVar("T")

SORTS: dict[str, list[str]] = {
    "title": ["title", "pk"],
    "due": ["next_due", "pk"],
    "document": ["document__issued_on", "order", "pk"],
    "status": ["status_rank", "next_due", "pk"],
    "updated": ["updated_at", "pk"],
}
DEFAULT_SORT = "due"


# -- status -----------------------------------------------------------------------------


def _status_conditions(as_of: dt.date) -> dict[AssignmentStatus, Q]:
    """For each status, the condition (on tasks) of having it as of `as_of`; exactly one
    holds for every task.

    Made of the task's stored summary of the assignments its status is judged on (the
    active leads, or all active ones without a lead; see `Task`) so that it is read from
    the task row, not worked out from assignments for each of the 50,000 tasks:

    - all done by `as_of` ⇔ `done_on <= as_of` (late or not: `done_late`);
    - one overdue at `as_of` ⇔ one unfinished with a deadline before it (`next_due <
      as_of`), or one finished after `as_of` whose deadline came before it — for today
      (none are finished in the future) an empty range of the `completed_on` index;
    - otherwise within its deadline (tasks without counted assignments too).
    """
    has_lead = Assignment.objects.filter(
        task=OuterRef("task"), active=True, role=AssignmentRole.LEAD
    )
    finished_late_after = (
        Assignment.objects.filter(active=True, completed_on__gt=as_of, due_date__lt=as_of)
        .filter(Q(role=AssignmentRole.LEAD) | ~Exists(has_lead))
        .order_by()
        .values("task_id")
    )
    done = Q(done_on__lte=as_of)
    overdue = Q(next_due__lt=as_of) | Q(pk__in=finished_late_after)
    return {
        AssignmentStatus.OPEN_OVERDUE: overdue,
        AssignmentStatus.DONE_LATE: done & Q(done_late=True),
        AssignmentStatus.DONE_ON_TIME: done & Q(done_late=False),
        AssignmentStatus.OPEN_ON_TIME: ~overdue & ~done,
    }


def filter_status(tasks: QuerySet[Task], code: str, as_of: dt.date) -> QuerySet[Task]:
    """The tasks whose status as of `as_of` is `code` (an AssignmentStatus value)."""
    return tasks.filter(_status_conditions(as_of)[AssignmentStatus(code)])


def _status_case(as_of: dt.date, values: dict[AssignmentStatus, Any], field: Any) -> Case:
    conditions = _status_conditions(as_of)
    order = (
        AssignmentStatus.OPEN_OVERDUE,
        AssignmentStatus.DONE_LATE,
        AssignmentStatus.DONE_ON_TIME,
    )
    return Case(
        *[When(conditions[s], then=Value(values[s])) for s in order],
        default=Value(values[AssignmentStatus.OPEN_ON_TIME]),
        output_field=field,
    )


def with_status_rank(tasks: QuerySet[Task], as_of: dt.date) -> QuerySet[Task]:
    """Annotate `status_rank`: the place of the task's status as of `as_of` in
    `STATUS_SEVERITY` (0 best), to sort by."""
    ranks = {s: i for i, s in enumerate(STATUS_SEVERITY)}
    return tasks.annotate(status_rank=_status_case(as_of, ranks, IntegerField()))


def with_task_status(tasks: QuerySet[Task], as_of: dt.date) -> QuerySet[Task]:
    """Annotate `status_code` (an AssignmentStatus value) and `status_rank` (0 best) as of
    `as_of`. Tasks with no active assignment count as within their deadline.

    The SQL twin of `task_status`; the list sorts with `with_status_rank`, filters with
    `filter_status` and shows the status `task_status` finds for the rows of the page."""
    codes = {s: s.value for s in AssignmentStatus}
    return with_status_rank(tasks, as_of).annotate(
        status_code=_status_case(as_of, codes, CharField())
    )


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
    # A list row names its units: their search and alias columns stay in the database.
    return Prefetch(
        "assignments",
        queryset=Assignment.objects.filter(active=True)
        .select_related("unit")
        .defer("unit__search_text", "unit__abbreviations", "unit__aliases"),
        to_attr="active_assignments",
    )


#: Columns a list row never shows: a document's full text and extraction result are
#: the bulk of its row, and would be read again for each of its tasks on the page.
_LIST_DEFERRED = (
    "search_text",
    "quote",
    "description",
    "document__text",
    "document__extraction",
    "document__warnings",
    "document__search_text",
)


def task_list(user: Any, f: TaskFilters) -> QuerySet[Task]:
    """The filtered, sorted tasks the user may see, each with `active_assignments` (units
    fetched) prefetched; `task_status(task.active_assignments, f.as_of)` is its status.

    Every filter is a condition on indexed columns (status too: `filter_status`) and the
    default sort is the stored `next_due`, so a page costs the rows on it, not the 50,000
    behind it. Only the sort by status computes every task's status (`with_task_status`).
    """
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
    if f.status:
        tasks = filter_status(tasks, f.status, f.as_of)
    descending = f.sort.startswith("-")
    key = f.sort.lstrip("-")
    if key not in SORTS:
        key = DEFAULT_SORT
    if key == "status":
        tasks = with_status_rank(tasks, f.as_of)
    fields = SORTS[key]
    order = [
        F(k).desc(nulls_last=True) if descending else F(k).asc(nulls_last=True) for k in fields
    ]
    return _with_rows(tasks).order_by(*order)


def _with_rows(tasks: QuerySet[Task]) -> QuerySet[Task]:
    """What a list row shows: its document, its active assignments with their units."""
    return (
        tasks.select_related("document")
        .defer(*_LIST_DEFERRED)
        .prefetch_related(_active_assignments())
    )


def page_of(tasks: QuerySet[Task], start: int, stop: int) -> list[Task]:
    """Rows `start:stop` of `tasks` (from `task_list`), in order: the database sorts
    narrow rows (ids and sort keys) to find the page's ids, then reads those rows whole.
    Sorting all 50,000 whole rows, as a sort no index serves (by status, title,
    document) must, costs several times more; filtering again with the ids, too."""
    ids = list(tasks.prefetch_related(None).values_list("pk", flat=True)[start:stop])
    rows = {task.pk: task for task in _with_rows(Task.objects.filter(pk__in=ids))}
    return [rows[pk] for pk in ids]


class TaskPaginator(Paginator):
    """Pages of `task_list` read with `page_of`."""

    def __init__(self, tasks: QuerySet[Task], per_page: int) -> None:
        super().__init__(tasks, per_page)
        self.tasks = tasks

    def _get_page(self, object_list: Any, number: int, paginator: Paginator) -> Page:
        # `object_list` is the page's slice of the queryset, not yet read.
        start, stop = object_list.query.low_mark, object_list.query.high_mark
        return Page(page_of(self.tasks, start, stop), number, paginator)


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


def streak_tally(streaks: list[UnitStreak]) -> list[tuple[OccurrenceOutcome, int, str]]:
    """How the units fared in their last period already due — met, late, missed — with
    the count and colour of each outcome that some unit had, for a one-line summary of
    many units' streaks."""
    found: Counter[OccurrenceOutcome] = Counter()
    for streak in streaks:
        due = [o for _occ, o, _r in streak.cells if o != OccurrenceOutcome.PENDING]
        if due:
            found[due[-1]] += 1
    order = (OccurrenceOutcome.MET, OccurrenceOutcome.LATE, OccurrenceOutcome.MISSED)
    return [(o, found[o], OUTCOME_COLORS[o]) for o in order if found[o]]


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


# -- many units in one line -------------------------------------------------------------

#: From this many units of one kind in one role (65 communes of "UBND cấp xã", the
#: departments of "các sở, ban, ngành"), screens show them as one roll-up line.
ROLLUP_MIN = 10


def kind_count(kind: str, n: int) -> str:
    """ "65 xã, phường": a number of units of one kind, in words."""
    words: dict[str, str] = {
        UnitKind.PROVINCE: ngettext("%(n)d tỉnh, thành phố", "%(n)d tỉnh, thành phố", n),
        UnitKind.DEPARTMENT: ngettext("%(n)d sở", "%(n)d sở", n),
        UnitKind.AGENCY: ngettext("%(n)d ban, ngành", "%(n)d ban, ngành", n),
        UnitKind.DISTRICT: ngettext("%(n)d huyện, thị xã", "%(n)d huyện, thị xã", n),
        UnitKind.COMMUNE: ngettext("%(n)d xã, phường", "%(n)d xã, phường", n),
        UnitKind.ENTERPRISE: ngettext("%(n)d doanh nghiệp", "%(n)d doanh nghiệp", n),
        UnitKind.COMMITTEE: ngettext(
            "%(n)d ban chỉ đạo, hội đồng", "%(n)d ban chỉ đạo, hội đồng", n
        ),
    }
    text = words.get(kind) or ngettext("%(n)d đơn vị", "%(n)d đơn vị", n)
    return text % {"n": n}


@dataclass
class RollupMember(Generic[T]):
    """One unit behind a roll-up line: the screen's item for it and its tally."""

    item: T
    assignment: Assignment
    status: AssignmentStatus | None  # None for a share handed on (inactive)

    @property
    def tally(self) -> StatusTally | None:
        return TALLY_OF[self.status] if self.status is not None else None


@dataclass
class Rollup(Generic[T]):
    """Many units of one kind in one role, shown as one line that opens to them.

    `members` are all of them; `shown` the ones the screen's status filter keeps
    (`tally`, a StatusTally value, or "" for all)."""

    role: str
    kind: str
    active: bool
    members: list[RollupMember[T]]
    tally: str = ""
    is_rollup: bool = True  # for templates, which cannot ask isinstance

    @property
    def key(self) -> str:
        """A stable id for the line on its page ("lead-commune")."""
        return f"{self.role}-{self.kind}" + ("" if self.active else "-moved")

    @property
    def label(self) -> str:
        return kind_count(self.kind, len(self.members))

    @property
    def counts(self) -> list[tuple[StatusTally, int]]:
        """Each tally with its count, done first, in the order of the line."""
        found = Counter(m.tally for m in self.members)
        return [(t, found[t]) for t in StatusTally]

    @property
    def parts(self) -> list[tuple[StatusTally, int, str]]:
        """The tallies that count some unit, with their count and colour."""
        return [(t, n, TALLY_COLORS[t]) for t, n in self.counts if n]

    @property
    def summary(self) -> str:
        """ "65 xã, phường: 40 xong · 20 trong hạn · 5 quá hạn" (zero counts left out);
        for shares handed on, "11 huyện, thị xã: đã chuyển giao"."""
        if not self.active:
            return f"{self.label}: {_('đã chuyển giao')}"
        parts = [f"{n} {t.label}" for t, n in self.counts if n]
        return f"{self.label}: {' · '.join(parts)}"

    @property
    def shown(self) -> list[RollupMember[T]]:
        if not self.tally or not self.active:
            return self.members
        return [m for m in self.members if m.tally == self.tally]

    def by_tally(self) -> list[tuple[StatusTally, list[RollupMember[T]]]]:
        """The members under each tally that has some, overdue first (what needs
        chasing), then within the deadline, then done."""
        out = []
        for t in reversed(StatusTally):
            members = [m for m in self.members if m.tally == t]
            if members:
                out.append((t, members))
        return out


def roll_up(
    items: Sequence[T],
    as_of: dt.date,
    *,
    assignment: Callable[[T], Assignment] | None = None,
    tally: str = "",
    minimum: int = ROLLUP_MIN,
) -> list[T | Rollup[T]]:
    """`items` (assignments, or a screen's rows holding one: `assignment` gets it) with
    every run of at least `minimum` units of one kind in one role (and activity) replaced
    by one `Rollup`, placed where its first unit was. Statuses are worked out from the
    fetched rows (`Assignment.status_on`): no query. `tally` (a StatusTally value) filters
    what the roll-ups show; units shown one by one are never filtered out."""
    get = assignment or cast(Callable[[T], Assignment], lambda item: item)
    tally = tally if tally in StatusTally.values else ""
    buckets: dict[tuple[str, str, bool], list[T]] = {}
    for item in items:
        a = get(item)
        buckets.setdefault((a.role, a.unit.kind, a.active), []).append(item)
    out: list[T | Rollup[T]] = []
    placed: set[tuple[str, str, bool]] = set()
    for item in items:
        a = get(item)
        key = (a.role, a.unit.kind, a.active)
        members = buckets[key]
        if len(members) < minimum:
            out.append(item)
        elif key not in placed:
            placed.add(key)
            rows = [
                RollupMember(m, get(m), get(m).status_on(as_of) if get(m).active else None)
                for m in members
            ]
            out.append(Rollup(a.role, a.unit.kind, a.active, rows, tally=tally))
    return out
