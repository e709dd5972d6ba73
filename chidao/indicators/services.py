"""Writes to the indicator catalogue, targets and reported values.

Every function checks permission (unless `actor` is None: the operator at the command
line, the worker, the demo), owns its transaction and records its audit event.

Values arrive in batches — a submission's form, an uploaded workbook, an API call — and a
batch is all or nothing: `report_values` checks every row first (`check_values`) and
raises `ValueErrors` with one message per bad row, writing nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from chidao.core import audit
from chidao.core.concurrency import Edited, StaleEdit
from chidao.core.periods import Period
from chidao.core.permissions import Action, can, require
from chidao.core.text import fold
from chidao.indicators.choices import (
    Aggregation,
    Comparator,
    Direction,
    FormulaKind,
    TargetSource,
    ValueSource,
)
from chidao.indicators.models import Indicator, IndicatorValue, Target, ValueRevision
from chidao.units.models import Unit, UnitGroup

CATALOGUE_FILE = Path(__file__).with_name("data") / "catalogue.yaml"
MAX_ABS_VALUE = Decimal("1e15")


# -- the catalogue ---------------------------------------------------------------------


def seed_catalogue(actor: Any = None, *, path: Path = CATALOGUE_FILE, via: str = "command") -> int:
    """Create or update the catalogue's indicators from the YAML file; returns how many
    were created. Existing indicators keep their code and get the file's wording."""
    if actor is not None:
        require(actor, Action.MANAGE_INDICATORS)
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))["indicators"]
    created = 0
    with transaction.atomic():
        by_code: dict[str, Indicator] = {}
        for order, entry in enumerate(entries, 1):
            values = {
                "name": entry["name"],
                "measure_unit": entry.get("unit", ""),
                "direction": entry.get("direction", Direction.HIGHER),
                "definition": entry.get("definition", ""),
                "source": entry.get("source", ""),
                "group": entry.get("group", ""),
                "aggregation": entry.get("aggregation", Aggregation.SUM),
                "scale": Decimal(str(entry.get("scale", 1))),
                "decimals": entry.get("decimals", 1),
                "min_value": _maybe_decimal(entry.get("min")),
                "max_value": _maybe_decimal(entry.get("max")),
                "order": order * 10,
            }
            formula = entry.get("formula")
            if isinstance(formula, dict) and "numerator" in formula:
                values["formula"] = FormulaKind.RATIO
                values["numerator"] = by_code[formula["numerator"]]
                values["denominator"] = by_code[formula["denominator"]]
            elif isinstance(formula, dict) and "sum" in formula:
                values["formula"] = FormulaKind.SUM
            indicator, made = Indicator.objects.update_or_create(
                code=entry["code"], defaults=values
            )
            if isinstance(formula, dict) and "sum" in formula:
                indicator.components.set([by_code[c] for c in formula["sum"]])
            by_code[indicator.code] = indicator
            created += made
        audit.record(
            actor,
            "indicators.seed",
            target_type="indicator",
            target_repr=str(path.name),
            after={"indicators": len(entries), "created": created},
            via=via,
        )
    return created


def _maybe_decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


INDICATOR_FIELDS = (
    "code",
    "name",
    "measure_unit",
    "direction",
    "definition",
    "source",
    "group",
    "formula",
    "numerator",
    "denominator",
    "aggregation",
    "scale",
    "decimals",
    "min_value",
    "max_value",
    "numerator_le_denominator",
    "at_risk_ratio",
    "active",
)


def save_indicator(
    actor: Any,
    indicator: Indicator | None,
    values: dict[str, Any],
    *,
    components: Sequence[Indicator] | None = None,
    via: str = "web",
) -> Indicator:
    """Create (`indicator` None) or update an indicator; a computed one must name its
    terms, and may not be built from itself."""
    if actor is not None:
        require(actor, Action.MANAGE_INDICATORS)
    with transaction.atomic():
        before = audit.snapshot(indicator, INDICATOR_FIELDS) if indicator else None
        row = indicator or Indicator()
        for name, value in values.items():
            setattr(row, name, value)
        if row.formula == FormulaKind.RATIO:
            if row.numerator is None or row.denominator is None:
                raise ValidationError(_("Chỉ số tỷ lệ cần có tử số và mẫu số."))
            if row.pk and row.pk in (row.numerator.pk, row.denominator.pk):
                raise ValidationError(_("Chỉ số không thể tính từ chính nó."))
        else:
            row.numerator = row.denominator = None
        if row.formula == FormulaKind.SUM and not components:
            raise ValidationError(_("Chỉ số tổng cần ít nhất một chỉ số thành phần."))
        row.full_clean(exclude=["components"])
        row.save()
        if row.formula == FormulaKind.SUM and components is not None:
            if any(c.pk == row.pk for c in components):
                raise ValidationError(_("Chỉ số không thể tính từ chính nó."))
            row.components.set(components)
        audit.record(
            actor,
            "indicator.update" if indicator else "indicator.create",
            row,
            before=before,
            after=audit.snapshot(row, INDICATOR_FIELDS),
            via=via,
        )
    return row


# -- targets ---------------------------------------------------------------------------

TARGET_FIELDS = ("indicator", "unit", "group", "period_code", "comparator", "value", "note")


def set_target(
    actor: Any,
    *,
    indicator: Indicator,
    period: Period,
    value: Decimal,
    comparator: str = Comparator.GTE,
    unit: Unit | None = None,
    group: UnitGroup | None = None,
    note: str = "",
    source: str = TargetSource.MANUAL,
    document: Any = None,
    task: Any = None,
    quote: str = "",
    via: str = "web",
) -> Target:
    """Give `indicator` a target for `period` and one scope (a unit, a group or, with
    neither, the province); an existing target of the same scope and period is replaced."""
    if actor is not None:
        require(actor, Action.MANAGE_INDICATORS)
    if unit is not None and group is not None:
        raise ValidationError(_("Chỉ tiêu giao cho một đơn vị hoặc một nhóm, không cả hai."))
    if comparator not in Comparator.values:
        raise ValidationError(_("Phép so sánh không hợp lệ."))
    _check_in_range(indicator, value)
    with transaction.atomic():
        row = Target.objects.filter(
            indicator=indicator, unit=unit, group=group, period_code=period.code
        ).first()
        before = audit.snapshot(row, TARGET_FIELDS) if row else None
        row = row or Target(indicator=indicator, unit=unit, group=group, created_by=_user(actor))
        row.period = period
        row.value = value
        row.comparator = comparator
        row.note = note
        row.source = source
        row.document = document
        row.task = task
        row.quote = quote
        row.save()
        audit.record(
            actor,
            "target.update" if before else "target.create",
            row,
            before=before,
            after=audit.snapshot(row, TARGET_FIELDS),
            via=via,
        )
    return row


def delete_target(actor: Any, target: Target, *, via: str = "web") -> None:
    if actor is not None:
        require(actor, Action.MANAGE_INDICATORS)
    with transaction.atomic():
        before = audit.snapshot(target, TARGET_FIELDS)
        audit.record(actor, "target.delete", target, before=before, via=via)
        target.delete()


def _user(actor: Any) -> Any:
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


def match_indicator(phrase: str, unit_text: str = "") -> Indicator | None:
    """The catalogue indicator a target's wording names, or None.

    Words are compared folded (no accents), common words aside. An indicator matches when
    at least 60 % of its name's words are in the phrase, or 60 % of the phrase's words are
    in its name (directives shorten names: "tỷ lệ hồ sơ nộp trực tuyến"); the best match on
    the larger share, then the smaller, wins. Its unit of measure must agree ("%" with "%").
    """
    words = set(fold(phrase).split()) - _STOP
    if not words:
        return None
    best: tuple[tuple[float, float], Indicator] | None = None
    for indicator in Indicator.objects.filter(active=True):
        if unit_text and indicator.measure_unit and (unit_text == "%") != indicator.is_percentage:
            continue
        name_words = set(fold(indicator.name).split()) - _STOP
        if not name_words:
            continue
        common = len(name_words & words)
        shares = (common / len(name_words), common / len(words))
        score = (max(shares), min(shares))
        if score[0] >= 0.6 and (best is None or score > best[0]):
            best = (score, indicator)
    return best[1] if best else None


_STOP = {"ty", "le", "so", "cac", "cua", "va", "duoc", "tren", "tong"}


def targets_from_document(
    actor: Any,
    document: Any,
    *,
    default_period: Period | None = None,
    chosen: dict[int, Indicator | None] | None = None,
    via: str = "web",
) -> list[Target]:
    """Create the targets `document`'s extraction found, each linked to the document, to the
    task whose quote holds it, and to the catalogue indicator it names (a new indicator is
    added when none matches). `chosen` overrides the match per target (its index in the
    extraction's list): an indicator of the catalogue, or None for a new one made from the
    target's words. Targets a results section lists as missed are skipped: they
    report the past. The period is the year of the target's deadline (or the document's)."""
    if actor is not None:
        require(actor, Action.MANAGE_INDICATORS)
    found = (document.extraction or {}).get("targets", [])
    created: list[Target] = []
    with transaction.atomic():
        tasks = list(document.tasks.exclude(quote_start=None).order_by("quote_start"))
        for index, item in enumerate(found):
            if item.get("missed"):
                continue
            if chosen is not None and index in chosen:
                indicator = chosen[index]
            else:
                indicator = match_indicator(item["indicator"], item.get("unit", ""))
            if indicator is None:
                indicator = _indicator_from_text(item["indicator"], item.get("unit", ""))
            due = dt.date.fromisoformat(item["due"]) if item.get("due") else None
            period = target_period(due) if due else None
            period = period or default_period or Period.containing("year", document.issued_on)
            task = next(
                (
                    t
                    for t in tasks
                    if t.quote_start is not None
                    and t.quote_end is not None
                    and t.quote_start <= item["start"] <= t.quote_end
                ),
                None,
            )
            created.append(
                set_target(
                    None,
                    indicator=indicator,
                    period=period,
                    value=Decimal(str(item["value"])),
                    comparator=item.get("comparator", Comparator.GTE),
                    source=TargetSource.DOCUMENT,
                    document=document,
                    task=task,
                    quote=item.get("quote", ""),
                    via=via,
                )
            )
        audit.record(
            actor,
            "targets.from_document",
            document,
            after={"targets": len(created)},
            via=via,
        )
    return created


def target_period(due: dt.date) -> Period:
    """The period a target's deadline closes: a quarter's or half-year's last day names
    that quarter ("hết quý II/2024" → 2024Q2), the year's last day or any other day the
    year."""
    quarter = Period.containing("quarter", due)
    if due == quarter.end and quarter.index != 4:
        return quarter
    return Period.containing("year", due)


def _indicator_from_text(phrase: str, unit_text: str) -> Indicator:
    base = "VB-" + "-".join(fold(phrase).split()[:6]).upper()
    code, n = base[:36], 1
    while Indicator.objects.filter(code=code).exists():
        n += 1
        code = f"{base[:33]}-{n}"
    is_pct = unit_text == "%"
    return Indicator.objects.create(
        code=code,
        name=phrase[:1].upper() + phrase[1:300],
        measure_unit=unit_text[:40],
        source=_("Trích từ văn bản"),
        aggregation=Aggregation.AVERAGE if is_pct else Aggregation.SUM,
        min_value=Decimal(0) if is_pct else None,
        max_value=Decimal(100) if is_pct else None,
        order=10_000,
    )


# -- values ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ValueInput:
    """One figure to report; `line` is where it came from (a workbook row) for messages.

    `version` is the version of the stored figure the writer saw (0: they saw none), None
    when the write carries none (see `report_values`)."""

    indicator: Indicator
    unit: Unit
    period: Period
    value: Decimal
    line: int | None = None
    note: str = ""
    version: int | None = None


@dataclass(frozen=True)
class RowError:
    line: int | None
    message: str

    def __str__(self) -> str:
        if self.line:
            return _("Dòng %(line)s: %(message)s") % {"line": self.line, "message": self.message}
        return self.message


class ValueErrors(ValidationError):
    """A batch refused: `rows` says what is wrong with each bad row; nothing was written."""

    def __init__(self, rows: Sequence[RowError]) -> None:
        self.rows = list(rows)
        super().__init__([str(r) for r in self.rows])


@dataclass
class ValueResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rows: list[IndicatorValue] = field(default_factory=list)

    def summary(self) -> str:
        return _("%(c)s số liệu mới, %(u)s số liệu điều chỉnh, %(n)s không đổi.") % {
            "c": self.created,
            "u": self.updated,
            "n": self.unchanged,
        }


_THOUSANDS = re.compile(r"[-+]?[1-9]\d{0,2}(?:\.\d{3})+")


def parse_number(raw: Any) -> Decimal:
    """A number as people type it: 1234,5 or 1.234,5 (Vietnamese) or 1234.5; a cell's
    int or float. Raises ValueError (message in Vietnamese) for text that is no number."""
    if isinstance(raw, bool):
        raise ValueError(_("“%(v)s” không phải là số.") % {"v": raw})
    if isinstance(raw, int | float | Decimal):
        number = Decimal(str(raw))
    else:
        text = str(raw or "").strip().replace(" ", "").replace("\u00a0", "").rstrip("%")
        if not text:
            raise ValueError(_("Chưa nhập số."))
        if "," in text:
            text = text.replace(".", "").replace(",", ".")
        elif _THOUSANDS.fullmatch(text):
            # 1.234 and 1.234.567 are thousands, as Vietnamese write them (0.125 and
            # 1234.567 are not: a first group of thousands is 1–3 digits, not 0).
            text = text.replace(".", "")
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValueError(_("“%(v)s” không phải là số.") % {"v": raw}) from None
    if not number.is_finite() or abs(number) >= MAX_ABS_VALUE:
        raise ValueError(_("“%(v)s” không phải là số hợp lệ.") % {"v": raw})
    return number


def _check_in_range(indicator: Indicator, value: Decimal) -> None:
    message = range_problem(indicator, value)
    if message:
        raise ValidationError(message)


def range_problem(indicator: Indicator, value: Decimal) -> str:
    """Why `value` cannot be a figure of `indicator` ('' when it can)."""
    if indicator.min_value is not None and value < indicator.min_value:
        return _("%(name)s: %(v)s nhỏ hơn mức tối thiểu %(min)s.") % {
            "name": indicator.code,
            "v": _fmt(value),
            "min": _fmt(indicator.min_value),
        }
    if indicator.max_value is not None and value > indicator.max_value:
        if indicator.is_percentage:
            return _("%(name)s: tỷ lệ %(v)s%% vượt quá 100%%.") % {
                "name": indicator.code,
                "v": _fmt(value),
            }
        return _("%(name)s: %(v)s lớn hơn mức tối đa %(max)s.") % {
            "name": indicator.code,
            "v": _fmt(value),
            "max": _fmt(indicator.max_value),
        }
    return ""


def _fmt(value: Decimal) -> str:
    from chidao.indicators.queries import format_number

    return format_number(value)


def check_values(actor: Any, rows: Sequence[ValueInput]) -> list[RowError]:
    """Everything wrong with a batch, row by row: another unit's figures, a computed
    indicator, a duplicate row, a value out of range, a numerator above its denominator
    (in the batch or against what is stored)."""
    errors: list[RowError] = []
    seen: dict[tuple[int, int, str], int | None] = {}
    for row in rows:
        if actor is not None and not can(actor, Action.REPORT_VALUES, row.unit):
            errors.append(
                RowError(
                    row.line,
                    _("số liệu của %(unit)s — bạn chỉ được báo cáo số liệu của đơn vị mình.")
                    % {"unit": row.unit},
                )
            )
            continue
        if row.indicator.is_computed:
            errors.append(
                RowError(
                    row.line,
                    _("%(code)s là chỉ số tính tự động, không nhập trực tiếp.")
                    % {"code": row.indicator.code},
                )
            )
            continue
        key = (row.indicator.pk, row.unit.pk, row.period.code)
        if key in seen:
            errors.append(
                RowError(
                    row.line,
                    _("trùng với dòng %(other)s (%(code)s, %(unit)s, %(period)s).")
                    % {
                        "other": seen[key],
                        "code": row.indicator.code,
                        "unit": row.unit,
                        "period": row.period.label,
                    },
                )
            )
            continue
        seen[key] = row.line
        problem = range_problem(row.indicator, row.value)
        if problem:
            errors.append(RowError(row.line, problem))
    if errors:
        return errors
    errors.extend(_ratio_problems(rows))
    return errors


def _ratio_problems(rows: Sequence[ValueInput]) -> list[RowError]:
    """Numerators above their denominators, with the batch's figures over stored ones."""
    batch: dict[tuple[Any, int, str], ValueInput] = {
        (r.indicator.pk, r.unit.pk, r.period.code): r for r in rows
    }
    ids = {r.indicator.pk for r in rows}
    ratios = list(
        Indicator.objects.filter(formula=FormulaKind.RATIO, numerator_le_denominator=True)
        .filter(Q(numerator__in=ids) | Q(denominator__in=ids))
        .select_related("numerator", "denominator")
    )
    if not ratios:
        return []
    units = {r.unit.pk for r in rows}
    periods = {r.period.code for r in rows}
    terms = {i.numerator_id for i in ratios} | {i.denominator_id for i in ratios}
    stored: dict[tuple[Any, int, str], Decimal] = {
        (v.indicator_id, v.unit_id, v.period_code): v.value
        for v in IndicatorValue.objects.filter(
            indicator_id__in=[t for t in terms if t], unit_id__in=units, period_code__in=periods
        ).only("indicator_id", "unit_id", "period_code", "value")
    }
    errors = []
    for ratio in ratios:
        for unit_id in units:
            for code in periods:
                num_key = (ratio.numerator_id, unit_id, code)
                den_key = (ratio.denominator_id, unit_id, code)
                if num_key not in batch and den_key not in batch:
                    continue
                num = batch[num_key].value if num_key in batch else stored.get(num_key)
                den = batch[den_key].value if den_key in batch else stored.get(den_key)
                if num is None or den is None or num <= den:
                    continue
                line = (batch.get(num_key) or batch[den_key]).line
                errors.append(
                    RowError(
                        line,
                        _(
                            "%(num)s (%(a)s) lớn hơn %(den)s (%(b)s) — tử số không được vượt "
                            "mẫu số của “%(ratio)s”."
                        )
                        % {
                            "num": ratio.numerator.code if ratio.numerator else "",
                            "a": _fmt(num),
                            "den": ratio.denominator.code if ratio.denominator else "",
                            "b": _fmt(den),
                            "ratio": ratio.name,
                        },
                    )
                )
    return errors


def report_values(
    actor: Any,
    rows: Sequence[ValueInput],
    *,
    source: str = ValueSource.FORM,
    submission: Any = None,
    reason: str = "",
    versions_required: bool = False,
    via: str = "web",
) -> ValueResult:
    """Write a batch of figures, all or nothing.

    A figure that replaces a different one is a correction: it keeps the old value in
    `ValueRevision`, and needs a `reason` unless it is the unit's own draft being edited
    (the value belongs to `submission`, not yet sent). Raises `ValueErrors` listing every
    bad row (nothing written).

    Stale writes: the stored figures are locked (`select_for_update`) before anything is
    compared. A row whose `version` is not the stored figure's (0 when none is stored) was
    typed on an old page: if it would change the figure, the batch is refused with
    `StaleEdit` (so is a figure another request created at the same moment). With
    `versions_required` (the values page, the API) a row that changes a stored figure must
    carry its version.

    The reports showing a changed figure are told (`reporting.services.figures_changed`):
    a report already sent or accepted goes back to its unit.
    """
    errors = check_values(actor, rows)
    if errors:
        raise ValueErrors(errors)
    try:
        return _write_values(
            actor,
            rows,
            source=source,
            submission=submission,
            reason=(reason or "").strip(),
            versions_required=versions_required,
            via=via,
        )
    except IntegrityError:
        # The same figure inserted by another request between our read and our write.
        raise StaleEdit(Edited.FIGURE) from None


def _write_values(
    actor: Any,
    rows: Sequence[ValueInput],
    *,
    source: str,
    submission: Any,
    reason: str,
    versions_required: bool,
    via: str,
) -> ValueResult:
    from chidao.reporting.services import figures_changed, lock_reports_showing

    result = ValueResult()
    with transaction.atomic():
        # The reports showing these figures first, then the figures: the order a report's
        # own save takes (report, then figures), so two writes never wait on each other.
        reports = lock_reports_showing(
            {(r.indicator.pk, r.unit.pk, r.period.code) for r in rows}, exclude=submission
        )
        existing = {
            (v.indicator_id, v.unit_id, v.period_code): v
            for v in IndicatorValue.objects.select_for_update(of=("self",))
            .filter(
                indicator_id__in={r.indicator.pk for r in rows},
                unit_id__in={r.unit.pk for r in rows},
                period_code__in={r.period.code for r in rows},
            )
            .select_related("submission")
        }
        stale = False
        refused: list[RowError] = []
        revisions: list[ValueRevision] = []
        changed: list[tuple[IndicatorValue, Decimal | None]] = []
        for row in rows:
            current = existing.get((row.indicator.pk, row.unit.pk, row.period.code))
            if current is not None and current.value == row.value:
                result.unchanged += 1
                result.rows.append(current)
                continue
            seen = current.version if current is not None else 0
            if row.version is not None and row.version != seen:
                stale = True
                continue
            if current is None:
                value_row = IndicatorValue(
                    indicator=row.indicator,
                    unit=row.unit,
                    value=row.value,
                    source=source,
                    submission=submission,
                    note=row.note[:500],
                    reported_by=_user(actor),
                )
                value_row.period = row.period
                value_row.save()
                revisions.append(
                    ValueRevision(
                        value_row=value_row, value=row.value, source=source, author=_user(actor)
                    )
                )
                changed.append((value_row, None))
                result.created += 1
                result.rows.append(value_row)
                continue
            words = {
                "code": row.indicator.code,
                "unit": row.unit,
                "period": row.period.label,
                "old": _fmt(current.value),
                "new": _fmt(row.value),
                "version": current.version,
            }
            in_own_draft = (
                submission is not None
                and current.submission_id == submission.pk
                and not submission.is_sent
            )
            if not in_own_draft and not reason:
                refused.append(
                    RowError(
                        row.line,
                        _(
                            "%(code)s của %(unit)s kỳ %(period)s đã có số liệu %(old)s; "
                            "muốn sửa thành %(new)s cần ghi lý do điều chỉnh."
                        )
                        % words,
                    )
                )
                continue
            if row.version is None and versions_required:
                refused.append(
                    RowError(
                        row.line,
                        _(
                            "%(code)s của %(unit)s kỳ %(period)s đã có số liệu %(old)s "
                            "(version %(version)s); muốn sửa thành %(new)s cần gửi kèm "
                            "version của số liệu đã đọc."
                        )
                        % words,
                    )
                )
                continue
            revisions.append(
                ValueRevision(
                    value_row=current,
                    previous=current.value,
                    value=row.value,
                    reason=reason,
                    source=source,
                    author=_user(actor),
                )
            )
            current.indicator = row.indicator  # already read: the reports' messages name it
            changed.append((current, current.value))
            current.value = row.value
            current.source = source
            current.reported_by = _user(actor)
            current.version += 1
            fields = ["value", "source", "reported_by", "version", "updated_at"]
            if submission is not None and current.submission_id is None:
                current.submission = submission
                fields.append("submission")
            current.save(update_fields=fields)
            result.updated += 1
            result.rows.append(current)
        if stale:
            raise StaleEdit(Edited.FIGURE)
        if refused:
            raise ValueErrors(refused)
        ValueRevision.objects.bulk_create(revisions)
        audit.record(
            actor,
            "value.correct" if result.updated else "value.report",
            submission,
            target_type="indicator_value" if submission is None else "",
            target_repr=", ".join(sorted({str(r.unit) for r in rows}))[:300],
            after={
                "values": [
                    {"code": r.indicator.code, "period": r.period.code, "value": str(r.value)}
                    for r in rows[:50]
                ],
                "created": result.created,
                "updated": result.updated,
                "reason": reason,
                "source": source,
            },
            via=via,
        )
        figures_changed(
            actor, changed, submission=submission, reports=reports, reason=reason, via=via
        )
    return result


def correct_value(
    actor: Any,
    value_row: IndicatorValue,
    new_value: Decimal,
    reason: str,
    *,
    expected_version: int | None,
    source: str = ValueSource.FORM,
    via: str = "web",
) -> IndicatorValue:
    """Change one stored figure, with the reason kept in its history.

    `expected_version` is the version the caller read (None only for the command line and
    the demo: unchecked). It is compared once the row is locked, so of two corrections
    made from the same version exactly one is written and the other raises `StaleEdit`.
    """
    if not (reason or "").strip():
        raise ValidationError(_("Cần ghi lý do điều chỉnh số liệu."))
    row = ValueInput(
        value_row.indicator,
        value_row.unit,
        value_row.period,
        new_value,
        version=expected_version,
    )
    result = report_values(actor, [row], source=source, reason=reason, via=via)
    return result.rows[0]


def bulk_values(rows: Iterable[IndicatorValue], batch_size: int = 5000) -> int:
    """Insert many figures without checks or history (synthetic data and the demo)."""
    try:
        made = IndicatorValue.objects.bulk_create(rows, batch_size=batch_size)
    except IntegrityError as exc:
        raise ValidationError(_("Số liệu trùng lặp: %(e)s") % {"e": exc}) from exc
    return len(made)
