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


def pressing_work(unit_id: int, as_of: dt.date, limit: int = 10) -> list[Assignment]:
    """The unit's open assignments that are overdue or due soon, most pressing first: the
    top of its inbox (`tasks.queries.inbox`, whose `urgency` says which)."""
    from chidao.tasks.choices import Urgency
    from chidao.tasks.queries import inbox

    rows: Any = inbox(unit_id, as_of)  # annotated with urgency, unknown to the stubs
    return list(rows.filter(urgency__lte=Urgency.DUE_SOON)[:limit])


def reporting_overview(as_of: dt.date, limit: int = 4) -> list[Any]:
    """The rates of at most `limit` active regimes (`reporting.queries.overview`), those
    with a period to show."""
    from chidao.reporting.models import Regime
    from chidao.reporting.queries import overview

    regimes = list(Regime.objects.filter(active=True).select_related("group")[:limit])
    return [item for item in overview(regimes, as_of) if item.rates is not None]


@dataclass(frozen=True)
class TargetLine:
    indicator: Any
    cell: Any


def province_targets(as_of: dt.date, limit: int = 8) -> tuple[Any, list[TargetLine]]:
    """The province's figures against its targets for the latest quarter with values:
    (the quarter, one line per indicator with a province-wide target), worst first."""
    from chidao.core.periods import Period
    from chidao.indicators.models import IndicatorValue, Target
    from chidao.indicators.queries import scoreboard, units_reporting
    from chidao.units.services import installation_province

    quarter = Period.containing("quarter", as_of)
    latest = (
        IndicatorValue.objects.filter(period_kind="quarter", period_end__lte=quarter.end)
        .order_by("-period_end")
        .values_list("period_code", flat=True)
        .first()
    )
    province = installation_province() if latest is not None else None
    if latest is None or province is None:
        return None, []
    period = Period.parse(latest)
    targeted = (
        Target.objects.filter(
            unit__isnull=True,
            group__isnull=True,
            period_code__in=[period.code, str(period.year)],
            indicator__active=True,
        )
        .select_related("indicator__numerator", "indicator__denominator")
        .order_by("indicator__order", "indicator__code")
    )
    chosen = list({t.indicator_id: t.indicator for t in targeted}.values())
    if not chosen:
        return period, []
    units = list(units_reporting(province, period.end))
    board = scoreboard(chosen, units, period, as_of)
    order = {"missed": 0, "behind": 1, "at_risk": 2, "no_data": 3, "met": 4}
    lines = [TargetLine(i, board.province[i.pk]) for i in chosen]
    lines.sort(key=lambda line: order.get(line.cell.judgement.status, 5))
    return period, lines[:limit]
