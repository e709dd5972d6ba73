"""Reading regimes and submissions: who owes what, who sent it, on time or late.

Reporting rates follow DHIS2's: for a period, *expected* are the units that owe a report
(`services.expected_units`), *submitted* those that sent one (first sending counts),
*on time* those whose first sending was not after the deadline, *late* the others, and
*missing* the expected units with nothing sent once the deadline has passed (before it,
they are *pending*).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from chidao.core.periods import Period
from chidao.reporting.choices import SubmissionStatus, Timeliness
from chidao.reporting.models import Regime, Submission
from chidao.units.models import Unit


def timeliness(submission: Submission | None, due: dt.date, as_of: dt.date) -> Timeliness:
    """One unit's report for one period, as the rates count it as of `as_of` (a report
    sent after `as_of` was not there yet)."""
    if submission is not None and submission.first_submitted_at is not None:
        sent_on = timezone.localtime(submission.first_submitted_at).date()
        if sent_on <= as_of:
            return Timeliness.ON_TIME if sent_on <= due else Timeliness.LATE
    return Timeliness.MISSING if as_of > due else Timeliness.PENDING


@dataclass(frozen=True)
class UnitRow:
    unit: Unit
    submission: Submission | None
    due_date: dt.date
    timeliness: Timeliness


@dataclass
class Rates:
    """Reporting rates of one regime and period; `rows` has one line per expected unit."""

    regime: Regime
    period: Period
    due_date: dt.date
    rows: list[UnitRow] = field(default_factory=list)

    def _count(self, *kinds: Timeliness) -> int:
        return sum(1 for r in self.rows if r.timeliness in kinds)

    @property
    def expected(self) -> int:
        return len(self.rows)

    @property
    def on_time(self) -> int:
        return self._count(Timeliness.ON_TIME)

    @property
    def late(self) -> int:
        return self._count(Timeliness.LATE)

    @property
    def submitted(self) -> int:
        return self.on_time + self.late

    @property
    def missing(self) -> int:
        return self._count(Timeliness.MISSING)

    @property
    def pending(self) -> int:
        return self._count(Timeliness.PENDING)

    @property
    def accepted(self) -> int:
        return sum(
            1
            for r in self.rows
            if r.submission is not None and r.submission.status == SubmissionStatus.ACCEPTED
        )

    def rate(self, count: int) -> float | None:
        """`count` as a percentage of the expected reports (None when none is expected)."""
        return round(100 * count / self.expected, 1) if self.expected else None

    @property
    def completeness(self) -> float | None:
        return self.rate(self.submitted)

    @property
    def timeliness(self) -> float | None:
        return self.rate(self.on_time)

    def counts(self) -> dict[str, Any]:
        """The numbers of the rates, as the API and the stored report summary give them."""
        return {
            "expected": self.expected,
            "submitted": self.submitted,
            "on_time": self.on_time,
            "late": self.late,
            "missing": self.missing,
            "pending": self.pending,
            "accepted": self.accepted,
            "completeness": self.completeness,
            "timeliness": self.timeliness,
        }

    @property
    def late_rows(self) -> list[UnitRow]:
        return [r for r in self.rows if r.timeliness is Timeliness.LATE]

    @property
    def missing_rows(self) -> list[UnitRow]:
        return [r for r in self.rows if r.timeliness is Timeliness.MISSING]


def rates(regime: Regime, period: Period, as_of: dt.date | None = None) -> Rates:
    """The rates of `regime` for `period` as of `as_of` (today by default): two queries
    for the expected units, one for the submissions, whatever their number."""
    from chidao.reporting.services import due_date_of, expected_units

    as_of = as_of or timezone.localdate()
    due = due_date_of(regime, period)
    units = expected_units(regime, period)
    sent = {
        s.unit_id: s
        for s in Submission.objects.filter(regime=regime, period_code=period.code).only(
            "pk",
            "uuid",
            "unit_id",
            "status",
            "first_submitted_at",
            "submitted_at",
            "late",
            "due_date",
            "period_code",
            "regime_id",
        )
    }
    result = Rates(regime, period, due)
    for unit in units:
        row = sent.get(unit.pk)
        unit_due = row.due_date if row is not None else due
        result.rows.append(UnitRow(unit, row, unit_due, timeliness(row, unit_due, as_of)))
    return result


def periods_of(regime: Regime, as_of: dt.date, *, count: int = 12) -> list[Period]:
    """The regime's periods up to the one containing `as_of`, latest first (at most
    `count`, never before its first period)."""
    first = Period.parse(regime.first_period)
    last = Period.containing(regime.period_kind, as_of)
    if regime.last_period:
        last = min(last, Period.parse(regime.last_period))
    if last < first:
        return []
    out: list[Period] = []
    period = last
    while len(out) < count and not period < first:
        out.append(period)
        period = period.previous()
    return out


def due_periods(regime: Regime, as_of: dt.date, *, count: int = 12) -> list[Period]:
    """The regime's latest `count` periods already past their deadline as of `as_of`,
    latest first (a report of a period not yet due cannot be late or missing)."""
    from chidao.reporting.services import due_date_of

    periods = periods_of(regime, as_of, count=count + 1)
    return [p for p in periods if due_date_of(regime, p) < as_of][:count]


def shown_period(regime: Regime, as_of: dt.date) -> Period | None:
    """The period whose rates say most as of `as_of`: the latest one already past its
    deadline (its reports are all in, or late); before the first deadline, the current."""
    due = due_periods(regime, as_of, count=1)
    if due:
        return due[0]
    periods = periods_of(regime, as_of, count=1)
    return periods[0] if periods else None


@dataclass(frozen=True)
class RegimeRates:
    """A regime with the rates of its `shown_period` (None before its first period)."""

    regime: Regime
    rates: Rates | None


def overview(regimes: Sequence[Regime], as_of: dt.date) -> list[RegimeRates]:
    """Each regime's rates for the period that says most as of `as_of` (queries per
    regime, not per unit)."""
    out = []
    for regime in regimes:
        period = shown_period(regime, as_of)
        out.append(RegimeRates(regime, rates(regime, period, as_of) if period else None))
    return out


def regimes_for(user: Any) -> QuerySet[Regime]:
    """Active regimes. Everyone may see them; which ones an officer's unit owes depends on
    the period (group membership changes with the date): see `owed_by`."""
    return Regime.objects.filter(active=True).select_related("group", "receiver")


def unit_submissions(unit: Unit, *, limit: int = 50) -> QuerySet[Submission]:
    return (
        Submission.objects.filter(unit=unit)
        .select_related("regime", "unit")
        .order_by("-period_start", "regime__name")[:limit]
    )


def review_queue(*, limit: int = 100) -> QuerySet[Submission]:
    """Reports waiting for the secretariat, oldest first."""
    return (
        Submission.objects.filter(status=SubmissionStatus.SUBMITTED)
        .select_related("regime", "unit")
        .order_by("submitted_at")[:limit]
    )


def submission_page(uuid: Any) -> Submission:
    return (
        Submission.objects.select_related("regime", "unit", "submitted_by", "decided_by")
        .prefetch_related("events__actor")
        .get(uuid=uuid)
    )


@dataclass(frozen=True)
class Owed:
    """A report a unit owes: the regime, the period, its submission once opened, and the
    deadline (the submission's, or the regime's rule for the period)."""

    regime: Regime
    period: Period
    submission: Submission | None
    due_date: dt.date

    @property
    def to_send(self) -> bool:
        """Whether the unit still has to send it: not opened, a draft, or returned for
        correction."""
        return _to_send(self.submission)


def _to_send(row: Submission | None) -> bool:
    return row is None or not row.is_sent or row.status == SubmissionStatus.RETURNED


def owed_by(unit: Unit, regimes: Sequence[Regime], as_of: dt.date) -> list[Owed]:
    """The reports `unit` owes as of `as_of`, earliest deadline first: for each regime
    whose expected units include it, the latest period, and the three before it while
    their report has not been sent or was returned for correction (late reports are
    still owed)."""
    from chidao.reporting.services import due_date_of, expected_units

    candidates: list[tuple[Regime, Period]] = []
    for regime in regimes:
        periods = periods_of(regime, as_of, count=4)
        if periods and any(u.pk == unit.pk for u in expected_units(regime, periods[0])):
            candidates.extend((regime, p) for p in periods)
    if not candidates:
        return []
    found = {
        (s.regime_id, s.period_code): s
        for s in Submission.objects.filter(
            unit=unit,
            regime__in={r.pk for r, _p in candidates},
            period_code__in={p.code for _r, p in candidates},
        )
    }
    latest = {r.pk: max(p for rr, p in candidates if rr.pk == r.pk) for r, _p in candidates}
    owed = []
    for regime, period in candidates:
        row = found.get((regime.pk, period.code))
        if period == latest[regime.pk] or _to_send(row):
            due = row.due_date if row is not None else due_date_of(regime, period)
            owed.append(Owed(regime, period, row, due))
    owed.sort(key=lambda o: (o.due_date, o.regime.name))
    return owed


@dataclass
class UnitRates:
    """One unit's record over several periods of a regime (DHIS2's reporting rate by
    organisation unit): how many reports it owed, sent on time, late, or not at all."""

    unit: Unit
    expected: int = 0
    on_time: int = 0
    late: int = 0
    missing: int = 0
    pending: int = 0

    @property
    def submitted(self) -> int:
        return self.on_time + self.late

    @property
    def completeness(self) -> float | None:
        return round(100 * self.submitted / self.expected, 1) if self.expected else None

    @property
    def timeliness(self) -> float | None:
        return round(100 * self.on_time / self.expected, 1) if self.expected else None


def unit_rates(regime: Regime, periods: Sequence[Period], as_of: dt.date) -> list[UnitRates]:
    """Each unit's record over `periods`, the least punctual first (then the least
    complete). A unit counts for a period when it owed that period's report (groups are
    resolved at each period's end). Two queries per period for the expected units, one
    for all the submissions."""
    from chidao.reporting.services import due_date_of, expected_units

    if not periods:
        return []
    sent = {
        (s.unit_id, s.period_code): s
        for s in Submission.objects.filter(
            regime=regime, period_code__in=[p.code for p in periods]
        ).only("unit_id", "period_code", "first_submitted_at", "due_date")
    }
    by_unit: dict[int, UnitRates] = {}
    for period in periods:
        due = due_date_of(regime, period)
        for unit in expected_units(regime, period):
            record = by_unit.setdefault(unit.pk, UnitRates(unit))
            row = sent.get((unit.pk, period.code))
            kind = timeliness(row, row.due_date if row is not None else due, as_of)
            record.expected += 1
            match kind:
                case Timeliness.ON_TIME:
                    record.on_time += 1
                case Timeliness.LATE:
                    record.late += 1
                case Timeliness.MISSING:
                    record.missing += 1
                case Timeliness.PENDING:
                    record.pending += 1
    return sorted(
        by_unit.values(),
        key=lambda r: (
            r.timeliness if r.timeliness is not None else 101,
            r.completeness if r.completeness is not None else 101,
            r.unit.name,
        ),
    )
