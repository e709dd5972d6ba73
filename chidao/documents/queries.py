"""Reads of documents and their tasks, with what each screen needs fetched in one go."""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Avg, Count, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _

from chidao.core.text import fold
from chidao.documents.choices import CorrectionKind, DocumentStatus
from chidao.documents.models import Document, LearnedAlias, ReviewCorrection
from chidao.tasks.choices import AssignmentStatus, TaskSource
from chidao.tasks.models import Assignment, Task, TaskMention
from chidao.units.models import Unit, UnitGroup
from chidao.units.queries import picker_groups, picker_label, picker_units, province_scope


def documents(
    province: Unit | None,
    *,
    status: str = "",
    kind: str = "",
    year: int | None = None,
    q: str = "",
) -> QuerySet[Document]:
    """The document list: filters, accent-insensitive search over number and title, and the
    number of tasks of each document."""
    qs = Document.objects.all()
    if province is not None:
        qs = qs.filter(province=province)
    if status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    if year:
        qs = qs.filter(Q(issued_on__year=year) | Q(issued_on__isnull=True, meeting_date__year=year))
    for word in fold(q).split():
        qs = qs.filter(search_text__contains=word)
    return qs.annotate(task_count=Count("tasks")).order_by("-issued_on", "-created_at", "-pk")


def years(province: Unit | None) -> list[int]:
    qs = Document.objects.filter(issued_on__isnull=False)
    if province is not None:
        qs = qs.filter(province=province)
    return sorted({d.year for d in qs.dates("issued_on", "year")}, reverse=True)


def document_page(uuid: Any) -> Document:
    return Document.objects.select_related("uploaded_by", "published_by", "province").get(uuid=uuid)


def _mentions() -> Prefetch[Any]:
    return Prefetch(
        "mentions",
        queryset=TaskMention.objects.select_related("unit", "group").order_by(
            "role", "order", "pk"
        ),
    )


def document_tasks(document: Document) -> list[Task]:
    """The document's tasks in order, each with its mentions prefetched."""
    return list(document.tasks.prefetch_related(_mentions()).order_by("order", "pk"))


STATUS_ORDER = [
    AssignmentStatus.DONE_ON_TIME,
    AssignmentStatus.DONE_LATE,
    AssignmentStatus.OPEN_ON_TIME,
    AssignmentStatus.OPEN_OVERDUE,
]


@dataclass
class Completion:
    """Counts of active assignments in each of the four statuses, and average progress."""

    counts: dict[str, int] = field(default_factory=lambda: {s.value: 0 for s in STATUS_ORDER})
    progress: float = 0.0

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def done(self) -> int:
        return self.counts[AssignmentStatus.DONE_ON_TIME] + self.counts[AssignmentStatus.DONE_LATE]

    def rows(self) -> list[tuple[AssignmentStatus, int]]:
        return [(s, self.counts[s.value]) for s in STATUS_ORDER]


def completion(document: Document, as_of: dt.date) -> tuple[dict[int, Completion], Completion]:
    """Per task and overall: active assignments by status as of `as_of` (two queries)."""
    active = Assignment.objects.filter(task__document=document, active=True)
    per_task: dict[int, Completion] = defaultdict(Completion)
    overall = Completion()
    annotated = active.with_status(as_of)
    rows = annotated.values("task_id", "status_code").annotate(  # type: ignore[misc]  # annotated
        n=Count("pk")
    )
    for row in rows:
        per_task[row["task_id"]].counts[row["status_code"]] += row["n"]
        overall.counts[row["status_code"]] += row["n"]
    progress = active.values("task_id").annotate(p=Avg("progress"))
    total_weight = 0
    weighted = 0.0
    for row in progress:
        c = per_task[row["task_id"]]
        c.progress = float(row["p"] or 0)
        weighted += c.progress * c.total
        total_weight += c.total
    overall.progress = weighted / total_weight if total_weight else 0.0
    return dict(per_task), overall


def assignments_by_task(document: Document) -> dict[int, list[Assignment]]:
    """Active assignments of the document's tasks with their units (one query)."""
    out: dict[int, list[Assignment]] = defaultdict(list)
    for a in (
        Assignment.objects.filter(task__document=document, active=True)
        .select_related("unit", "inherited_from__unit")
        .order_by("role", "unit__name")
    ):
        out[a.task_id].append(a)
    return dict(out)


@dataclass(frozen=True, slots=True)
class Segment:
    """A stretch of the document text, inside one task's quote (`task`) or none."""

    text: str
    task: Task | None = None
    first: bool = False  # the first stretch of that task's quote (carries the anchor)


def text_segments(text: str, tasks: Sequence[Task]) -> list[Segment]:
    """The document text cut at the tasks' quote boundaries. Where quotes overlap, the
    stretch belongs to the task that starts last (the narrower one, usually)."""
    spans = sorted(
        (
            (t.quote_start, t.quote_end, t)
            for t in tasks
            if t.quote_start is not None
            and t.quote_end is not None
            and 0 <= t.quote_start < t.quote_end <= len(text)
        ),
        key=lambda s: (s[0], -s[1]),
    )
    cuts = sorted({0, len(text), *[s for s, _e, _t in spans], *[e for _s, e, _t in spans]})
    seen: set[int] = set()
    out: list[Segment] = []
    for a, b in itertools.pairwise(cuts):
        owner = None
        for s, e, t in spans:
            if s <= a and b <= e:
                owner = t  # later starts override earlier ones
        if owner is None:
            out.append(Segment(text[a:b]))
        else:
            out.append(Segment(text[a:b], owner, owner.pk not in seen))
            seen.add(owner.pk)
    return out


@dataclass(frozen=True, slots=True)
class Choice:
    """A unit or group offered by the review screen's picker."""

    value: str  # "unit:<uuid>" or "group:<uuid>"
    label: str
    detail: str


def unit_choices(
    province: Unit | None, query: str, day: dt.date, limit: int = 15, *, history: bool = False
) -> list[Choice]:
    """Groups and units matching `query` (accent-insensitive) as the pickers offer them
    (`units.queries.picker_units`, `picker_groups`): in force on `day` — with `history`,
    the others too, after them — each unit named with its parent and, when not in force
    on `day`, its end."""
    words = fold(query).split()
    if not words:
        return []
    groups = [
        g
        for g in picker_groups(province, day, history=history)
        if all(w in g.search_text for w in words)
    ]
    out = [Choice(f"group:{g.uuid}", g.name, _("nhóm đơn vị")) for g in groups[:5]]
    units = picker_units(province, day, history=history).search(query)[:limit]
    for unit in units:
        detail = str(unit.get_kind_display())
        if not unit.is_valid_on(day):
            detail = f"{detail} · {_('không còn hiệu lực tại ngày văn bản')}"
        out.append(Choice(f"unit:{unit.uuid}", picker_label(unit, day), detail))
    return out


def bulk_lead_choices(province: Unit | None, day: dt.date) -> list[tuple[str, list[Choice]]]:
    """The groups, then the departments and agencies in force on `day`, as picker choices
    for giving every task without a lead the same one."""
    group_choices = [
        Choice(f"group:{g.uuid}", g.name, _("nhóm đơn vị")) for g in picker_groups(province, day)
    ]
    units = (
        Unit.objects.valid_on(day)
        .filter(province_scope(province), kind__in=["committee", "department", "agency"])
        .order_by("kind", "name")
    )
    unit_choices = [Choice(f"unit:{u.uuid}", u.name, u.get_kind_display()) for u in units]
    return [(str(_("Nhóm đơn vị")), group_choices), (str(_("Cơ quan, đơn vị")), unit_choices)]


def parse_choice(value: str) -> tuple[Unit | None, UnitGroup | None]:
    """The unit or group a picker value names; (None, None) when it names nothing."""
    kind, _sep, ident = value.partition(":")
    try:
        if kind == "unit":
            return Unit.objects.filter(uuid=ident).first(), None
        if kind == "group":
            return None, UnitGroup.objects.filter(uuid=ident).first()
    except ValidationError:  # a malformed uuid from a hand-made request
        return None, None
    return None, None


# --- review corrections and the reader's accuracy --------------------------------------

READ_STATUSES = (DocumentStatus.EXTRACTED, DocumentStatus.PUBLISHED)


@dataclass
class Corrections:
    """What reviews changed against what was read: counts per `CorrectionKind` value,
    the tasks read and how many of them the review left untouched."""

    counts: dict[str, int] = field(default_factory=dict)
    tasks_read: int = 0
    untouched: int = 0
    documents: int = 0

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def untouched_share(self) -> float | None:
        """Share (0–100) of the tasks read that the review did not touch."""
        return 100 * self.untouched / self.tasks_read if self.tasks_read else None

    def items(self) -> list[tuple[str, int]]:
        """(label, count) of every kind, in the order of `CorrectionKind`."""
        return [(str(k.label), self.counts.get(k.value, 0)) for k in CorrectionKind]

    def summary(self) -> str:
        """“3 đơn vị, 1 thời hạn, 2 nhiệm vụ thêm” (kinds with none left out)."""
        parts = [f"{n} {label}" for label, n in self.items() if n]
        return ", ".join(parts) if parts else _("không có")

    def as_dict(self) -> dict[str, int]:
        return {k.value: self.counts.get(k.value, 0) for k in CorrectionKind}


def _untouched(tasks: QuerySet[Task]) -> QuerySet[Task]:
    # A task read and still there with no correction recorded against it.
    return tasks.filter(source=TaskSource.EXTRACTED).exclude(
        uuid__in=ReviewCorrection.objects.values("task_uuid")
    )


def corrections(document: Document) -> Corrections:
    """The corrections of one document's review (two queries)."""
    counts = dict(document.corrections.values_list("kind").annotate(n=Count("pk")).order_by("kind"))
    return Corrections(
        counts=counts,
        tasks_read=document.tasks_read,
        untouched=_untouched(Task.objects.filter(document=document)).count(),
        documents=1,
    )


def accuracy_by_month(province: Unit | None) -> list[tuple[dt.date, Corrections]]:
    """Per month the documents were read (newest first): documents, tasks read,
    corrections by kind and the tasks untouched. Three queries whatever the size."""
    docs = Document.objects.filter(status__in=READ_STATUSES)
    if province is not None:
        docs = docs.filter(province=province)
    months: dict[dt.date, Corrections] = {}
    for row in (
        docs.annotate(month=TruncMonth("created_at"))
        .values("month")
        .annotate(n=Count("pk"), read=Sum("tasks_read"))
        .order_by("-month")
    ):
        month = _month(row["month"])
        months[month] = Corrections(tasks_read=row["read"] or 0, documents=row["n"])
    fixes = (
        ReviewCorrection.objects.filter(document__in=docs)
        .annotate(month=TruncMonth("document__created_at"))
        .values_list("month", "kind")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for month, kind, n in fixes:
        months[_month(month)].counts[kind] = n
    untouched = (
        _untouched(Task.objects.filter(document__in=docs))
        .annotate(month=TruncMonth("document__created_at"))
        .values_list("month")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for month, n in untouched:
        months[_month(month)].untouched = n
    return list(months.items())


def _month(value: Any) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def learned_aliases(unit: Unit) -> list[LearnedAlias]:
    """The aliases learned for `unit` in review, with the document each came from."""
    return list(unit.learned_aliases.select_related("document").order_by("mention", "pk"))
