"""Reading figures: reported values, computed indicators at any level, targets and their
achievement.

A *level* is a set of units: one unit, a group's members, the whole province. A reported
indicator's level value combines the units' values by its `aggregation` (sum or average
of those who reported); a ratio is the sum of the numerators over the sum of the
denominators (times `scale`), counting only units that gave both — a weighted ratio, never
an average of percentages; a sum adds its components' level values.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, QuerySet

from chidao.core.numbers import written
from chidao.core.periods import Period
from chidao.core.text import fold
from chidao.indicators.achievement import Judgement, judge
from chidao.indicators.choices import Aggregation, FormulaKind
from chidao.indicators.models import Indicator, IndicatorValue, Target
from chidao.units.models import Unit

Values = dict[tuple[int, int], Decimal]  # (indicator id, unit id) → value


def format_number(value: Decimal | float | int | None, decimals: int = 2) -> str:
    """1234.5 → "1.234,5" (Vietnamese separators); trailing zeros dropped; None → "—"."""
    return written(value, decimals, thousands=".", point=",")


def indicators(query: str = "", *, active_only: bool = True) -> QuerySet[Indicator]:
    rows = Indicator.objects.select_related("numerator", "denominator")
    if active_only:
        rows = rows.filter(active=True)
    if query:
        for word in fold(query).split():
            rows = rows.filter(search_text__contains=word)
    return rows


def terms_of(chosen: Iterable[Indicator]) -> list[Indicator]:
    """`chosen` followed by the indicators their values are computed from (a ratio's
    denominator and numerator, a sum's components, recursively), in that order, once each."""
    out: dict[int, Indicator] = {}
    todo = list(chosen)
    while todo:
        ind = todo.pop(0)
        if ind.pk in out:
            continue
        out[ind.pk] = ind
        if ind.formula == FormulaKind.RATIO:
            # The total before the part, as report forms list them.
            todo.extend(x for x in (ind.denominator, ind.numerator) if x is not None)
        elif ind.formula == FormulaKind.SUM:
            todo.extend(ind.components.all())
    return list(out.values())


def reported_values(
    indicator_ids: Iterable[int],
    unit_ids: Iterable[int] | None,
    period: Period | str,
    *,
    sent_only: bool = False,
    sent_by: dt.date | None = None,
) -> Values:
    """The stored figures of a period: one query, read from the covering index.

    With `sent_only`, figures still in a report the unit has not sent are left out (the
    province's report counts what units have sent; figures entered outside a report count);
    with `sent_by` too, those of reports first sent after that day.
    """
    code = period.code if isinstance(period, Period) else period
    rows = IndicatorValue.objects.filter(period_code=code, indicator_id__in=list(indicator_ids))
    if unit_ids is not None:
        rows = rows.filter(unit_id__in=list(unit_ids))
    if sent_only:
        sent = Q(submission__first_submitted_at__isnull=False)
        if sent_by is not None:
            sent &= Q(submission__first_submitted_at__date__lte=sent_by)
        rows = rows.filter(Q(submission__isnull=True) | sent)
    return {
        (ind, unit): value
        for ind, unit, value in rows.values_list("indicator_id", "unit_id", "value")
    }


def value_versions(indicator_ids: Iterable[int], unit: Unit, period: Period) -> dict[int, int]:
    """The version of each stored figure of `unit` for `period`, by indicator id (what a
    form carries so that a save from an old page is refused)."""
    rows = IndicatorValue.objects.filter(
        unit=unit, period_code=period.code, indicator_id__in=list(indicator_ids)
    )
    return dict(rows.values_list("indicator_id", "version"))


def level_value(
    indicator: Indicator,
    values: Values,
    unit_ids: Sequence[int],
    *,
    components: dict[int, list[Indicator]] | None = None,
) -> Decimal | None:
    """`indicator`'s value over the units `unit_ids` from `values` (see the module doc);
    None when no unit gave what it needs."""
    match indicator.formula:
        case FormulaKind.RATIO:
            assert indicator.numerator_id is not None
            assert indicator.denominator_id is not None
            num = den = Decimal(0)
            seen = False
            for unit_id in unit_ids:
                n = values.get((indicator.numerator_id, unit_id))
                d = values.get((indicator.denominator_id, unit_id))
                if n is None or d is None:
                    continue
                num += n
                den += d
                seen = True
            if not seen or den == 0:
                return None
            return num / den * indicator.scale
        case FormulaKind.SUM:
            parts = (components or {}).get(indicator.pk)
            if parts is None:
                parts = list(indicator.components.all())
            results = [level_value(p, values, unit_ids, components=components) for p in parts]
            known = [r for r in results if r is not None]
            return sum(known, Decimal(0)) if known else None
    given = [values[(indicator.pk, u)] for u in unit_ids if (indicator.pk, u) in values]
    if not given:
        return None
    total = sum(given, Decimal(0))
    if indicator.aggregation == Aggregation.AVERAGE:
        return total / len(given)
    return total * indicator.scale if indicator.scale != 1 else total


@dataclass(frozen=True)
class Targets:
    """The targets of some indicators for one period, looked up by scope: a unit's own
    target, else its group's, else the province's."""

    by_unit: dict[tuple[int, int], Target]
    by_group: dict[int, list[tuple[set[int], Target]]]
    province: dict[int, Target]

    def for_unit(self, indicator_id: int, unit_id: int) -> Target | None:
        own = self.by_unit.get((indicator_id, unit_id))
        if own is not None:
            return own
        for members, target in self.by_group.get(indicator_id, []):
            if unit_id in members:
                return target
        return self.province.get(indicator_id)

    def for_province(self, indicator_id: int) -> Target | None:
        return self.province.get(indicator_id)


def targets_for(indicator_ids: Iterable[int], period: Period) -> Targets:
    """Targets of `period` — or, for a unit without one, of the year containing it (a
    yearly target is also the bar of each of its quarters and months)."""
    ids = list(indicator_ids)
    codes = [period.code]
    year = Period.annual(period.year)
    if year != period:
        codes.append(year.code)
    rows = list(
        Target.objects.filter(indicator_id__in=ids, period_code__in=codes).select_related(
            "group", "unit"
        )
    )
    # The period's own target first, so it wins over the year's.
    rows.sort(key=lambda t: t.period_code != period.code)
    by_unit: dict[tuple[int, int], Target] = {}
    by_group: dict[int, list[tuple[set[int], Target]]] = defaultdict(list)
    province: dict[int, Target] = {}
    members: dict[int, set[int]] = {}
    for target in rows:
        if target.unit_id:
            by_unit.setdefault((target.indicator_id, target.unit_id), target)
        elif target.group_id and target.group is not None:
            if target.group_id not in members:
                members[target.group_id] = set(
                    target.group.members_on(period.end).values_list("pk", flat=True)
                )
            by_group[target.indicator_id].append((members[target.group_id], target))
        else:
            province.setdefault(target.indicator_id, target)
    return Targets(by_unit, dict(by_group), province)


_SIGNS = {">=": "≥", "<=": "≤"}


def comparator_sign(comparator: str) -> str:
    """ ">=" → "≥", "<=" → "≤"; the others as they are."""
    return _SIGNS.get(str(comparator), str(comparator))


def figure_text(value: Decimal | None, indicator: Indicator) -> str:
    """A value with the indicator's decimals and unit of measure: "72,5%", "1.200 hồ sơ";
    "—" when there is none."""
    if value is None:
        return "—"
    text = format_number(value, indicator.decimals)
    unit = indicator.measure_unit.strip()
    if not unit:
        return text
    return f"{text}%" if unit == "%" else f"{text} {unit}"


def target_text(target: Target | None, indicator: Indicator) -> str:
    """A target as read: "≥ 70%", "≤ 5 hồ sơ"; "—" without one."""
    if target is None:
        return "—"
    return f"{comparator_sign(target.comparator)} {figure_text(target.value, indicator)}"


@dataclass(frozen=True)
class Cell:
    """One indicator at one level: its value, the target that applies, the judgement."""

    value: Decimal | None
    target: Target | None
    judgement: Judgement

    @property
    def target_text(self) -> str:
        return target_text(self.target, self.target.indicator) if self.target else "—"


def judge_cell(
    indicator: Indicator,
    value: Decimal | None,
    target: Target | None,
    period: Period,
    as_of: dt.date,
) -> Cell:
    return Cell(
        value,
        target,
        judge(
            value,
            target.value if target else None,
            target.comparator if target else ">=",
            direction=indicator.direction,
            period_end=period.end,
            as_of=as_of,
            at_risk_ratio=indicator.at_risk_ratio,
            decimals=indicator.decimals,
        ),
    )


@dataclass(frozen=True)
class Scoreboard:
    """Indicators × units for a period, with the province's line: the tables of the
    indicators page and of the province's report."""

    period: Period
    indicators: list[Indicator]
    units: list[Unit]
    cells: dict[tuple[int, int], Cell]  # (indicator id, unit id)
    province: dict[int, Cell]  # indicator id → the province's level

    def unit_cells(self, indicator: Indicator) -> list[tuple[Unit, Cell]]:
        return [(u, self.cells[(indicator.pk, u.pk)]) for u in self.units]


def scoreboard(
    chosen: Sequence[Indicator],
    units: Sequence[Unit],
    period: Period,
    as_of: dt.date,
    *,
    sent_only: bool = False,
    sent_by: dt.date | None = None,
) -> Scoreboard:
    """Every indicator of `chosen` for every unit of `units` and for all of them together.

    Queries: one for the values, one or two for the targets (plus one per group target),
    one for the components of sums; whatever the number of units. `sent_only`, `sent_by`:
    see `reported_values`.
    """
    terms = terms_of(chosen)
    components = {
        ind.pk: list(ind.components.all()) for ind in terms if ind.formula == FormulaKind.SUM
    }
    unit_ids = [u.pk for u in units]
    values = reported_values(
        [t.pk for t in terms], unit_ids, period, sent_only=sent_only, sent_by=sent_by
    )
    targets = targets_for([i.pk for i in chosen], period)
    cells: dict[tuple[int, int], Cell] = {}
    province: dict[int, Cell] = {}
    for ind in chosen:
        for unit in units:
            value = level_value(ind, values, [unit.pk], components=components)
            cells[(ind.pk, unit.pk)] = judge_cell(
                ind, value, targets.for_unit(ind.pk, unit.pk), period, as_of
            )
        total = level_value(ind, values, unit_ids, components=components)
        province[ind.pk] = judge_cell(ind, total, targets.for_province(ind.pk), period, as_of)
    return Scoreboard(period, list(chosen), list(units), cells, province)


def value_history(indicator: Indicator, unit: Unit, *, limit: int = 24) -> QuerySet[IndicatorValue]:
    return (
        IndicatorValue.objects.filter(indicator=indicator, unit=unit)
        .order_by("-period_start")
        .prefetch_related("revisions__author")[:limit]
    )


def units_reporting(province: Unit, day: dt.date) -> QuerySet[Unit]:
    """The province's departments, agencies and local committees in force on `day`."""
    return (
        Unit.objects.valid_on(day)
        .filter(Q(province=province) | Q(pk=province.pk))
        .exclude(kind="province")
        .order_by("kind", "name")
    )
