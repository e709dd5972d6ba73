"""Synthetic indicators, values and submissions for benchmarks (`chidao synth`).

At the `province` scale of DESIGN.md: 500 reported indicators (``SYN-001``…, in blocks of
five: a total, a part of it, a percentage and two counts) plus a ratio over each block's
pair (``SYN-R001``…, computed, no stored values); monthly values of every reported
indicator for each of the province's 250 units over 60 months (7.5 million rows); a
monthly and a quarterly regime of 40 reported indicators each, with a submission for every
unit and period (85 % on time, 10 % late, 5 % missing: no report, no figures), its
narratives and history; quarterly values of the quarterly regime's indicators (the sum of
the three months, or their average for percentages); yearly targets on the regimes'
ratios and percentages.

The values go in with one multi-row statement per batch (SQLite's `executemany`) or
PostgreSQL's COPY, without model instances: the 7.5 million rows take minutes, not hours.
Synthetic values carry no revision history (`indicators.services.bulk_values` does the
same). A province that already has its synthetic regimes is skipped, so a rerun adds
nothing; the indicators are created once and shared by all synthetic provinces.

`configure(scale, months=…, indicators=…)` changes the volume of a scale (the command's
`--months` and `--indicators`).
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import random
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import FieldDoesNotExist
from django.db import connection, models
from django.utils import timezone

from chidao.core.periods import Period, PeriodKind
from chidao.indicators.choices import Aggregation, Comparator, FormulaKind, ValueSource
from chidao.indicators.models import Indicator, IndicatorValue, Target
from chidao.reporting.choices import Frequency, SectionKind, SubmissionEventKind, SubmissionStatus
from chidao.reporting.models import (
    Regime,
    Submission,
    SubmissionEvent,
    SubmissionSection,
)
from chidao.units.models import Unit

if TYPE_CHECKING:
    from chidao.units.synth import Scale

SYNTH_PREFIX = "SYN-"
SYNTH_MARK = "(dữ liệu tổng hợp)"
BATCH_SIZE = 1000
#: Value rows sent to the database per statement (SQLite) or buffered per COPY write.
VALUE_BATCH = 20_000
BLOCK = 5  # reported indicators per block: total, part, percentage, count, count


@dataclass(frozen=True, slots=True)
class Volume:
    """How much indicator data one province gets."""

    indicators: int  # reported indicators (a multiple of BLOCK)
    months: int  # finished months of values, up to last month
    regime_indicators: int  # reported indicators of each of the two regimes


VOLUMES: dict[str, Volume] = {
    "demo": Volume(indicators=20, months=12, regime_indicators=10),
    "province": Volume(indicators=500, months=60, regime_indicators=40),
    "national": Volume(indicators=500, months=60, regime_indicators=40),
}


def configure(scale: str, *, months: int | None = None, indicators: int | None = None) -> Volume:
    """Change the volume of `scale` (for this process): fewer months or indicators when the
    full scale takes too long on a machine. Raises ValueError for a count below one."""
    volume = VOLUMES.get(scale, VOLUMES["demo"])
    if months is not None:
        if months < 1:
            raise ValueError("Số tháng phải từ 1 trở lên.")
        volume = dataclasses.replace(volume, months=months)
    if indicators is not None:
        if indicators < BLOCK:
            raise ValueError(f"Số chỉ số phải từ {BLOCK} trở lên.")
        blocks = indicators // BLOCK
        volume = dataclasses.replace(
            volume,
            indicators=blocks * BLOCK,
            regime_indicators=min(volume.regime_indicators, max(BLOCK, blocks * BLOCK // 2)),
        )
    VOLUMES[scale] = volume
    return volume


# -- the indicators ---------------------------------------------------------------------------

_TOPICS = (
    "hồ sơ thủ tục hành chính",
    "dịch vụ công trực tuyến",
    "giao dịch thanh toán",
    "kết quả giải quyết được số hóa",
    "phản ánh, kiến nghị",
    "văn bản điện tử",
    "cán bộ sử dụng nền tảng số",
    "hệ thống thông tin",
    "cơ sở dữ liệu",
    "học sinh có học bạ số",
)


def _code(n: int) -> str:
    return f"{SYNTH_PREFIX}{n:03d}"


def synth_indicators(count: int) -> tuple[list[Indicator], int]:
    """The first `count` reported synthetic indicators and a ratio per block (created when
    missing); returns (the reported ones in order, how many rows were created)."""
    existing = {i.code: i for i in Indicator.objects.filter(code__startswith=SYNTH_PREFIX)}
    new: list[Indicator] = []
    for n in range(1, count + 1):
        if _code(n) in existing:
            continue
        block, slot = divmod(n - 1, BLOCK)
        topic = _TOPICS[block % len(_TOPICS)]
        label = f"(nhóm {block + 1:03d})"
        if slot == 2:
            fields: dict[str, Any] = {
                "name": f"Tỷ lệ {topic} đạt chuẩn {label}",
                "measure_unit": "%",
                "aggregation": Aggregation.AVERAGE,
                "min_value": Decimal(0),
                "max_value": Decimal(100),
            }
        else:
            what = ("Tổng số", "Số", "", "Số lượt khai thác", "Số đơn vị có")[slot]
            extra = " trực tuyến" if slot == 1 else ""
            fields = {
                "name": f"{what} {topic}{extra} {label}",
                "measure_unit": "lượt",
                "decimals": 0,
                "min_value": Decimal(0),
            }
        new.append(
            Indicator(
                code=_code(n),
                source="Dữ liệu tổng hợp",
                group=f"Tổng hợp — {topic}",
                order=100_000 + n * 10,
                **fields,
            )
        )
    for ind in new:
        ind.search_text = ind.build_search_text()
    Indicator.objects.bulk_create(new, batch_size=BATCH_SIZE)
    made = len(new)
    reported = list(
        Indicator.objects.filter(code__in=[_code(n) for n in range(1, count + 1)]).order_by("code")
    )
    by_code = {i.code: i for i in reported}
    ratios = []
    taken = set(
        Indicator.objects.filter(code__startswith=f"{SYNTH_PREFIX}R").values_list("code", flat=True)
    )
    for block in range(count // BLOCK):
        code = f"{SYNTH_PREFIX}R{block + 1:03d}"
        if code in taken:
            continue
        total, part = by_code[_code(block * BLOCK + 1)], by_code[_code(block * BLOCK + 2)]
        ratios.append(
            Indicator(
                code=code,
                name=f"Tỷ lệ {_TOPICS[block % len(_TOPICS)]} trực tuyến (nhóm {block + 1:03d})",
                measure_unit="%",
                formula=FormulaKind.RATIO,
                numerator=part,
                denominator=total,
                scale=Decimal(100),
                min_value=Decimal(0),
                max_value=Decimal(100),
                source="Dữ liệu tổng hợp",
                group=total.group,
                order=total.order + 1,
            )
        )
    for ind in ratios:
        ind.search_text = ind.build_search_text()
    Indicator.objects.bulk_create(ratios, batch_size=BATCH_SIZE)
    return reported, made + len(ratios)


# -- writing values fast ----------------------------------------------------------------------

# IndicatorValue's columns in the order the rows below give them.
_VALUE_FIELDS = (
    "uuid",
    "created_at",
    "updated_at",
    "period_kind",
    "period_code",
    "period_start",
    "period_end",
    "indicator_id",
    "unit_id",
    "value",
    "source",
    "submission_id",
    "note",
    "reported_by_id",
    "version",
)


class _ValueWriter:
    """Appends IndicatorValue rows without model instances: SQLite's executemany in
    batches, PostgreSQL's COPY. Rows are tuples in `_VALUE_FIELDS` order, with dates and
    times already as the database wants them (`when`, `day`)."""

    def __init__(self) -> None:
        fields = {f.attname: str(f.column) for f in IndicatorValue._meta.concrete_fields}
        missing = set(fields) - {"id", *_VALUE_FIELDS}
        if missing:  # the model grew a column this writer does not fill
            raise RuntimeError(f"IndicatorValue có cột chưa được sinh dữ liệu: {missing}")
        self.table = IndicatorValue._meta.db_table
        self.columns = [fields[name] for name in _VALUE_FIELDS]
        self.postgres = connection.vendor == "postgresql"
        self.rows: list[tuple[Any, ...]] = []
        self.written = 0
        self._stack = contextlib.ExitStack()
        self._copy: Any = None
        quoted = ", ".join(connection.ops.quote_name(c) for c in self.columns)
        table = connection.ops.quote_name(self.table)
        if self.postgres:
            cursor = self._stack.enter_context(connection.cursor())
            self._copy = self._stack.enter_context(
                cursor.cursor.copy(f"COPY {table} ({quoted}) FROM STDIN")  # our names
            )
        else:
            marks = ", ".join(["%s"] * len(self.columns))
            self.sql = f"INSERT INTO {table} ({quoted}) VALUES ({marks})"  # noqa: S608

    def uuid(self, rng: random.Random) -> Any:
        value = uuid.UUID(int=rng.getrandbits(128), version=4)
        return value if self.postgres else value.hex

    def when(self, value: dt.datetime) -> Any:
        return value if self.postgres else connection.ops.adapt_datetimefield_value(value)

    def day(self, value: dt.date) -> Any:
        return value if self.postgres else connection.ops.adapt_datefield_value(value)

    def add(self, row: tuple[Any, ...]) -> None:
        if self.postgres:
            self._copy.write_row(row)
            self.written += 1
            return
        self.rows.append(row)
        if len(self.rows) >= VALUE_BATCH:
            self.flush()

    def flush(self) -> None:
        if self.rows:
            with connection.cursor() as cursor:
                cursor.executemany(self.sql, self.rows)
            self.written += len(self.rows)
            self.rows = []

    def close(self) -> int:
        self.flush()
        self._stack.close()
        return self.written


@contextlib.contextmanager
def _bulk_session() -> Iterator[None]:
    """On SQLite, a larger page cache while the big table's indexes grow (random inserts
    into a 7-million-row B-tree thrash the default 2 MB cache); restored afterwards."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        (saved,) = cursor.fetchone()
        cursor.execute("PRAGMA cache_size = -1000000")  # 1 GB, in KiB
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(saved)}")


@contextlib.contextmanager
def given_timestamps(*model_classes: type[models.Model]) -> Iterator[None]:
    """Let bulk_create store the `created_at`/`updated_at` given to the rows: synthetic and
    demo history is dated over the past, not at the instant of the load."""
    saved: list[tuple[Any, bool, bool]] = []
    for model in model_classes:
        for name in ("created_at", "updated_at"):
            with contextlib.suppress(FieldDoesNotExist):
                f: Any = model._meta.get_field(name)
                saved.append((f, f.auto_now_add, f.auto_now))
                f.auto_now_add = f.auto_now = False
    try:
        yield
    finally:
        for f, add, now in saved:
            f.auto_now_add, f.auto_now = add, now


# -- one province -------------------------------------------------------------------------------


@dataclass
class _Series:
    """What drives one unit's figures: its size and how well it does."""

    size: int
    q: float


def synth_reporting(plan: Scale, rng: random.Random) -> dict[str, int]:
    """Indicators, regimes, submissions and values for every synthetic province without
    them. Returns counts created by kind."""
    from chidao.units.choices import UnitKind
    from chidao.units.synth import synthetic_units

    volume = VOLUMES.get(plan.name, VOLUMES["demo"])
    counts = {"indicator": 0, "regime": 0, "target": 0, "submission": 0, "event": 0, "value": 0}
    reported, counts["indicator"] = synth_indicators(volume.indicators)
    for province in synthetic_units(UnitKind.PROVINCE).order_by("code"):
        if Regime.objects.filter(province=province, name__endswith=SYNTH_MARK).exists():
            continue
        made = _Province(province, volume, reported, rng).run()
        for kind, n in made.items():
            counts[kind] = counts.get(kind, 0) + n
    return counts


class _Province:
    def __init__(
        self, province: Unit, volume: Volume, reported: Sequence[Indicator], rng: random.Random
    ) -> None:
        from django.contrib.auth import get_user_model

        from chidao.units.choices import UnitKind
        from chidao.units.synth import synthetic_units

        self.province = province
        self.volume = volume
        self.reported = list(reported)
        self.rng = rng
        self.today = timezone.localdate()
        self.units = list(
            synthetic_units()
            .filter(province=province)
            .exclude(kind=UnitKind.PROVINCE)
            .order_by("code")
        )
        self.officer: dict[int, int] = {}
        users = get_user_model().objects.filter(unit__in=self.units, username__startswith="synth-")
        for pk, unit_id in users.order_by("username").values_list("pk", "unit_id"):
            self.officer.setdefault(unit_id, pk)
        last = Period.containing(PeriodKind.MONTH, self.today).previous()
        self.months = list(last.shift(-(volume.months - 1)).through(last))
        self.quarters = [
            q
            for q in Period.covering(PeriodKind.QUARTER, self.months[0].start, last.end)
            if q.start >= self.months[0].start and q.end <= last.end
        ]
        self.counts = {"regime": 0, "target": 0, "submission": 0, "value": 0, "event": 0}

    def run(self) -> dict[str, int]:
        n = self.volume.regime_indicators
        monthly_inds = self.reported[:n]
        quarterly_inds = self.reported[n : 2 * n] or self.reported[:n]
        monthly = self.regime(Frequency.MONTH, monthly_inds)
        quarterly = self.regime(Frequency.QUARTER, quarterly_inds)
        self.targets([*monthly_inds, *quarterly_inds])
        monthly_subs = self.submissions(monthly, self.months)
        quarterly_subs = self.submissions(quarterly, self.quarters)
        self.values(
            {i.pk for i in monthly_inds},
            {i.pk for i in quarterly_inds},
            monthly_subs,
            quarterly_subs,
        )
        return self.counts

    def regime(self, frequency: str, indicators: Sequence[Indicator]) -> Regime:
        from chidao.reporting.services import save_regime

        monthly = frequency == Frequency.MONTH
        periods = self.months if monthly else self.quarters
        receiver = next((u for u in self.units if u.name.startswith("Sở Khoa học")), None)
        name = (
            "Báo cáo tình hình thực hiện chuyển đổi số hằng tháng"
            if monthly
            else "Báo cáo kết quả chuyển đổi số hằng quý"
        )
        regime = save_regime(
            None,
            None,
            {
                "province": self.province,
                "name": f"{name} {SYNTH_MARK}",
                "content": "Chế độ báo cáo sinh tự động để đo hiệu năng.",
                "receiver": receiver,
                "frequency": frequency,
                "due_text": "trước ngày 20 hằng tháng"
                if monthly
                else "trước ngày 15 tháng cuối quý",
                "first_period": (
                    periods[0] if periods else Period.containing(frequency, self.today)
                ).code,
                "signer_title": "KT. TRƯỞNG BAN\nPHÓ TRƯỞNG BAN",
                "signer_name": "Nguyễn Văn Tổng",
            },
            units=self.units,
            indicators=list(indicators),
            via="command",
        )
        self.counts["regime"] += 1
        return regime

    def targets(self, indicators: Sequence[Indicator]) -> None:
        indicators = list({i.pk: i for i in indicators}.values())
        ids = {i.pk for i in indicators}
        ratios = list(Indicator.objects.filter(formula=FormulaKind.RATIO, numerator_id__in=ids))
        percentages = [i for i in indicators if i.is_percentage]
        years = sorted({m.year for m in self.months})
        rows = []
        for year in years:
            period = Period.annual(year)
            for ind, bar in [(r, 70) for r in ratios] + [(p, 80) for p in percentages]:
                if Target.objects.filter(
                    indicator=ind, unit=None, group=None, period_code=period.code
                ).exists():
                    continue
                row = Target(indicator=ind, comparator=Comparator.GTE, value=Decimal(bar))
                row.period = period
                rows.append(row)
        Target.objects.bulk_create(rows, batch_size=BATCH_SIZE)
        self.counts["target"] += len(rows)

    def submissions(
        self, regime: Regime, periods: Sequence[Period]
    ) -> dict[tuple[int, str], Submission]:
        """A report per unit and period (most on time, some late, a few missing), with its
        narratives and events; returns them by (unit id, period code)."""
        from chidao.reporting.services import due_date_of

        tz = timezone.get_current_timezone()
        sections = list(regime.sections.filter(kind=SectionKind.NARRATIVE).order_by("order"))
        made: dict[tuple[int, str], Submission] = {}
        last = periods[-1] if periods else None
        for period in periods:
            due = due_date_of(regime, period)
            rows: list[Submission] = []
            for unit in self.units:
                fate = self.rng.random()
                if fate < 0.05:
                    continue  # missing: never sent, no figures
                late = fate < 0.15
                shift = self.rng.randint(1, regime.grace_days) if late else -self.rng.randint(0, 5)
                sent_on = min(due + dt.timedelta(days=shift), self.today - dt.timedelta(days=1))
                sent = dt.datetime.combine(sent_on, dt.time(self.rng.randint(8, 16)), tzinfo=tz)
                waiting = period == last and self.rng.random() < 0.5
                decided = None if waiting else sent + dt.timedelta(days=self.rng.randint(1, 3))
                if decided is not None and decided.date() >= self.today:
                    decided = None
                row = Submission(
                    regime=regime,
                    unit=unit,
                    due_date=due,
                    status=SubmissionStatus.SUBMITTED
                    if decided is None
                    else SubmissionStatus.ACCEPTED,
                    first_submitted_at=sent,
                    submitted_at=sent,
                    submitted_by_id=self.officer.get(unit.pk),
                    late=sent_on > due,
                    decided_at=decided,
                    version=3 if decided is None else 4,
                    created_at=sent - dt.timedelta(days=1),
                    updated_at=decided or sent,
                )
                row.period = period
                rows.append(row)
            with given_timestamps(Submission):
                Submission.objects.bulk_create(rows, batch_size=BATCH_SIZE)
            answers: list[SubmissionSection] = []
            events: list[SubmissionEvent] = []
            for row in rows:
                assert row.first_submitted_at is not None
                made[(row.unit_id, period.code)] = row
                for k, section in enumerate(sections):
                    answers.append(
                        SubmissionSection(
                            submission=row, section=section, text=_NARRATIVES[(row.unit_id + k) % 4]
                        )
                    )
                saved = row.first_submitted_at - dt.timedelta(days=1)
                history = [
                    (SubmissionEventKind.SAVED, saved),
                    (SubmissionEventKind.SUBMITTED, row.first_submitted_at),
                ]
                if row.decided_at is not None:
                    history.append((SubmissionEventKind.ACCEPTED, row.decided_at))
                for kind, at in history:
                    events.append(
                        SubmissionEvent(
                            submission=row, kind=kind, actor_id=row.submitted_by_id, created_at=at
                        )
                    )
            SubmissionSection.objects.bulk_create(answers, batch_size=BATCH_SIZE)
            with given_timestamps(SubmissionEvent):
                SubmissionEvent.objects.bulk_create(events, batch_size=BATCH_SIZE)
            self.counts["submission"] += len(rows)
            self.counts["event"] += len(events)
        return made

    def values(
        self,
        monthly_ids: set[int],
        quarterly_ids: set[int],
        monthly_subs: dict[tuple[int, str], Submission],
        quarterly_subs: dict[tuple[int, str], Submission],
    ) -> None:
        """Every reported indicator's monthly figures for every unit, and the quarterly
        regime's quarterly ones; a regime's figures only where its report was sent."""
        tz = timezone.get_current_timezone()
        writer = _ValueWriter()
        month_cols = [
            (
                m,
                writer.day(m.start),
                writer.day(m.end),
                writer.when(dt.datetime.combine(m.end + dt.timedelta(days=5), dt.time(9), tz)),
            )
            for m in self.months
        ]
        quarter_of = {m.code: Period.containing(PeriodKind.QUARTER, m.start) for m in self.months}
        quarter_cols = {
            q.code: (
                writer.day(q.start),
                writer.day(q.end),
                writer.when(dt.datetime.combine(q.end + dt.timedelta(days=5), dt.time(9), tz)),
            )
            for q in self.quarters
        }
        form, api = ValueSource.FORM.value, ValueSource.API.value
        rng = self.rng
        with _bulk_session():
            for unit in self.units:
                series = _Series(size=rng.randint(20, 2000), q=rng.uniform(0.2, 1.0))
                officer = self.officer.get(unit.pk)
                for start in range(0, len(self.reported), BLOCK):
                    block = self.reported[start : start + BLOCK]
                    sums: dict[tuple[int, str], list[float]] = {}
                    for t, (month, first, end, stamp) in enumerate(month_cols):
                        figures = _block_figures(rng, series, t, len(block))
                        for ind, value in zip(block, figures, strict=True):
                            sub = None
                            if ind.pk in monthly_ids:
                                found = monthly_subs.get((unit.pk, month.code))
                                if found is None:
                                    continue
                                sub = found.pk
                            writer.add(
                                (
                                    writer.uuid(rng),
                                    stamp,
                                    stamp,
                                    "month",
                                    month.code,
                                    first,
                                    end,
                                    ind.pk,
                                    unit.pk,
                                    value,
                                    form if sub else api,
                                    sub,
                                    "",
                                    officer if sub else None,
                                    1,
                                )
                            )
                            if ind.pk in quarterly_ids:
                                key = (ind.pk, quarter_of[month.code].code)
                                sums.setdefault(key, []).append(value)
                    for (ind_id, qcode), parts in sums.items():
                        found = quarterly_subs.get((unit.pk, qcode))
                        if found is None or qcode not in quarter_cols or len(parts) != 3:
                            continue
                        percent = next(i for i in block if i.pk == ind_id).is_percentage
                        total = round(sum(parts) / 3, 1) if percent else sum(parts)
                        first, end, stamp = quarter_cols[qcode]
                        writer.add(
                            (
                                writer.uuid(rng),
                                stamp,
                                stamp,
                                "quarter",
                                qcode,
                                first,
                                end,
                                ind_id,
                                unit.pk,
                                total,
                                form,
                                found.pk,
                                "",
                                officer,
                                1,
                            )
                        )
            self.counts["value"] += writer.close()
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute(f"ANALYZE {IndicatorValue._meta.db_table}")


def _block_figures(rng: random.Random, s: _Series, t: int, n: int) -> list[Any]:
    """One month of a block: a total, the part of it done online (never above it), a
    percentage (0–100, one decimal) and two counts; `t` is the month's index (a trend)."""
    total = max(1, int(s.size * (0.8 + 0.4 * rng.random())))
    share = min(1.0, max(0.05, 0.35 + 0.5 * s.q + 0.004 * t + rng.gauss(0, 0.05)))
    percent = round(min(100.0, max(0.0, 60 + 38 * s.q + 0.1 * t + rng.gauss(0, 3))), 1)
    row: list[Any] = [
        total,
        int(total * share),
        percent,
        rng.randint(0, s.size),
        rng.randint(0, 50),
    ]
    return row[:n]


_NARRATIVES = (
    "Đơn vị đã triển khai đầy đủ các nhiệm vụ chuyển đổi số trong kỳ; tỷ lệ hồ sơ trực "
    "tuyến tiếp tục tăng so với kỳ trước.",
    "Còn khó khăn về hạ tầng mạng tại một số điểm; đề nghị doanh nghiệp viễn thông hỗ trợ.",
    "Đã tổ chức tập huấn kỹ năng số cho cán bộ, công chức; hoàn thành kết nối phần mềm "
    "chuyên ngành với hệ thống của tỉnh.",
    "Tiếp tục đẩy mạnh thanh toán trực tuyến và số hóa kết quả giải quyết thủ tục hành chính.",
)
