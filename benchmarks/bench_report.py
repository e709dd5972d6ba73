"""Time to build the province's consolidated report for a quarter at DESIGN.md's scale
(issue 5: ≤ 10 s).

Against a throwaway PostgreSQL database::

    createdb -h 127.0.0.1 -U postgres chidao_bench_report
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/chidao_bench_report
    .venv/bin/python benchmarks/bench_report.py --generate [--runs N]

``--generate`` migrates the database and, unless it was done before, makes its own data
(``bulk_create``; the background values with one INSERT … SELECT on PostgreSQL), about
what ``chidao synth --scale province`` makes for indicators and reports: ``--units``
units (150 departments and agencies, 100 communes by default); a catalogue of
``--catalogue`` indicators with ``--months`` months of values for every unit
(500 × 250 × 12 = 1.5 M rows by default; DESIGN.md's 60 months, 7.5 M rows, is
``--months 60``); a quarterly regime asking for ``--indicators`` of them (30), paired
into ratios that the report computes (15 more); one quarter (2024Q3) of their values,
targets, submissions (60 % on time, 20 % late, 20 % missing) with three narrative
sections each; and ``--tasks`` tasks with four assignments each (50,000 / 200,000) for
the four-way split. Without ``--generate``, ``--regime`` names a regime already there
(e.g. one of ``chidao synth``) and ``--period`` its quarter.

Each step is timed separately — ``consolidate`` (all the queries), ``build_docx``,
``build_xlsx`` — as the median of N runs after one warm-up; the query count of
``consolidate`` is shown beside it. Prints a Markdown table for ``docs/performance.md``;
exits 1 when consolidate + docx + xlsx is over 10 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import statistics
import sys
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chidao.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/chidao_bench_report")

import django  # noqa: E402  (after the environment above)

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from chidao.core.periods import Period  # noqa: E402
from chidao.indicators.choices import Aggregation, FormulaKind  # noqa: E402
from chidao.indicators.models import Indicator, IndicatorValue, Target  # noqa: E402
from chidao.reporting.choices import SectionKind, SubmissionStatus  # noqa: E402
from chidao.reporting.models import (  # noqa: E402
    Regime,
    RegimeIndicator,
    RegimeSection,
    Submission,
    SubmissionSection,
)
from chidao.reporting.report import build_docx, build_xlsx, consolidate  # noqa: E402
from chidao.reporting.services import DEFAULT_SECTIONS  # noqa: E402
from chidao.tasks.choices import AssignmentRole, TaskState  # noqa: E402
from chidao.tasks.models import Assignment, Task  # noqa: E402
from chidao.units.models import Installation, Unit  # noqa: E402

TARGET_S = 10.0
BENCH_SOURCE = "bench-report"
REGIME_NAME = "Báo cáo tình hình chuyển đổi số hằng quý (benchmark)"
PERIOD = Period.quarterly(2024, 3)
AS_OF = dt.date(2024, 10, 20)
BATCH = 5000
NARRATIVE = (
    "Trong kỳ, đơn vị đã triển khai các nhiệm vụ chuyển đổi số theo kế hoạch: số hoá hồ sơ "
    "thủ tục hành chính, cung cấp dịch vụ công trực tuyến toàn trình, thanh toán trực tuyến, "
    "bồi dưỡng kỹ năng số cho cán bộ, công chức; kết nối, chia sẻ dữ liệu với các hệ thống "
    "dùng chung của tỉnh. "
)


def machine() -> str:
    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{model}, {os.cpu_count()} CPU"


def _province() -> Unit:
    installation = Installation.objects.select_related("province").first()
    if installation is not None:
        return installation.province
    province = Unit.objects.create(
        kind="province",
        code="BR",
        name="Tỉnh Thử Nghiệm",
        short_name="Thử Nghiệm",
        source=BENCH_SOURCE,
    )
    Installation.objects.create(province=province)
    return province


def background_values(
    catalogue: list[Indicator], units: list[Unit], months: int, rng: random.Random
) -> int:
    """Monthly values of every catalogue indicator for every unit over `months` months up
    to 12/2024: one INSERT … SELECT on PostgreSQL (7.5 M rows in minutes rather than the
    half hour `bulk_create` takes), `bulk_create` elsewhere."""
    last = Period.monthly(2024, 12)
    first = last.shift(-months + 1)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                """
                INSERT INTO indicators_indicatorvalue
                    (uuid, indicator_id, unit_id, period_kind, period_code, period_start,
                     period_end, value, source, note, version, created_at, updated_at)
                SELECT gen_random_uuid(), i.id, u.id, 'month', to_char(m, 'YYYY-MM'),
                       m::date, (m + interval '1 month' - interval '1 day')::date,
                       floor(random() * 1000), 'demo', '', 1, now(), now()
                FROM indicators_indicator i
                CROSS JOIN units_unit u
                CROSS JOIN generate_series(%s::date, %s::date, interval '1 month') m
                WHERE i.id = ANY(%s) AND u.id = ANY(%s)
                """,
                [first.start, last.start, [i.pk for i in catalogue], [u.pk for u in units]],
            )
            return cursor.rowcount
    made = 0
    batch: list[IndicatorValue] = []
    for month in first.through(last):
        for ind in catalogue:
            for unit in units:
                row = IndicatorValue(indicator=ind, unit=unit, value=Decimal(rng.randint(0, 1000)))
                row.period = month
                batch.append(row)
                if len(batch) >= BATCH:
                    IndicatorValue.objects.bulk_create(batch)
                    made += len(batch)
                    batch = []
    IndicatorValue.objects.bulk_create(batch)
    return made + len(batch)


def generate(args: argparse.Namespace) -> Regime:
    """Make the benchmark's data (see the module doc), once."""
    found = Regime.objects.filter(name=REGIME_NAME).first()
    if found is not None:
        print(f"Data already generated ({REGIME_NAME}).")
        return found
    rng = random.Random(1)
    started = time.perf_counter()
    with transaction.atomic():
        province = _province()
        bodies = int(args.units * 0.6)
        units = Unit.objects.bulk_create(
            [
                Unit(
                    kind="department" if n % 3 else "agency",
                    parent=province,
                    province=province,
                    name=f"Sở thử nghiệm {n + 1:03d}",
                    source=BENCH_SOURCE,
                )
                for n in range(bodies)
            ]
            + [
                Unit(
                    kind="commune",
                    parent=province,
                    province=province,
                    name=f"Xã Thử Nghiệm {n + 1:03d}",
                    source=BENCH_SOURCE,
                )
                for n in range(args.units - bodies)
            ]
        )
        catalogue = Indicator.objects.bulk_create(
            [
                Indicator(
                    code=f"BR-{n:03d}",
                    name=f"Chỉ số thử nghiệm số {n} về chuyển đổi số",
                    measure_unit="hồ sơ",
                    decimals=0,
                    order=n,
                )
                for n in range(args.catalogue)
            ]
        )
        chosen = catalogue[: args.indicators]
        ratios = Indicator.objects.bulk_create(
            [
                Indicator(
                    code=f"BR-TL-{k:03d}",
                    name=f"Tỷ lệ thử nghiệm số {k} (trực tuyến trên tổng số)",
                    measure_unit="%",
                    formula=FormulaKind.RATIO,
                    numerator=chosen[2 * k + 1],
                    denominator=chosen[2 * k],
                    scale=Decimal(100),
                    aggregation=Aggregation.SUM,
                    order=10_000 + k,
                )
                for k in range(len(chosen) // 2)
            ]
        )
        regime = Regime.objects.create(
            province=province,
            name=REGIME_NAME,
            frequency="quarter",
            due_day=5,
            first_period="2024Q1",
            signer_title="KT. TRƯỞNG BAN/PHÓ TRƯỞNG BAN",
            signer_name="Người Ký Thử",
        )
        regime.units.set(units)
        RegimeIndicator.objects.bulk_create(
            [RegimeIndicator(regime=regime, indicator=ind, order=n) for n, ind in enumerate(chosen)]
        )
        sections = RegimeSection.objects.bulk_create(
            [
                RegimeSection(regime=regime, order=n, kind=kind, title=title, guidance=guidance)
                for n, (kind, title, guidance) in enumerate(DEFAULT_SECTIONS, 1)
            ]
        )
        narrative = [s for s in sections if s.kind == SectionKind.NARRATIVE]
        print(f"  units, catalogue, regime: {time.perf_counter() - started:.1f} s")

        # The quarter's values of the regime's indicators: a denominator, then a numerator
        # below it.
        quarter: list[IndicatorValue] = []
        for unit in units:
            for k in range(0, len(chosen) - 1, 2):
                total = rng.randint(50, 2000)
                for ind, value in ((chosen[k], total), (chosen[k + 1], rng.randint(0, total))):
                    row = IndicatorValue(indicator=ind, unit=unit, value=Decimal(value))
                    row.period = PERIOD
                    quarter.append(row)
        IndicatorValue.objects.bulk_create(quarter, batch_size=BATCH)
        # The background: every catalogue indicator, every unit, `months` months.
        made = background_values(catalogue, units, args.months, rng)
        print(f"  {len(quarter) + made:,} values: {time.perf_counter() - started:.1f} s")

        targets = []
        for ind in [*chosen, *ratios]:
            t = Target(
                indicator=ind, value=Decimal(70 if ind.formula == FormulaKind.RATIO else 500)
            )
            t.period = PERIOD
            targets.append(t)
        for unit in units[::3]:
            for ind in ratios:
                t = Target(indicator=ind, unit=unit, value=Decimal(rng.choice([50, 60, 80])))
                t.period = PERIOD
                targets.append(t)
        Target.objects.bulk_create(targets, batch_size=BATCH)

        due = dt.date(2024, 10, 5)
        subs = []
        for n, unit in enumerate(units):
            fate = n % 5  # 0–2 on time, 3 late, 4 missing
            if fate == 4:
                continue
            day = (
                due - dt.timedelta(days=rng.randint(0, 4))
                if fate < 3
                else due + dt.timedelta(days=rng.randint(1, 9))
            )
            sent = timezone.make_aware(dt.datetime(day.year, day.month, day.day, 9))
            sub = Submission(
                regime=regime,
                unit=unit,
                due_date=due,
                status=SubmissionStatus.ACCEPTED if fate < 2 else SubmissionStatus.SUBMITTED,
                first_submitted_at=sent,
                submitted_at=sent,
                late=fate == 3,
            )
            sub.period = PERIOD
            subs.append(sub)
        subs = Submission.objects.bulk_create(subs, batch_size=BATCH)
        SubmissionSection.objects.bulk_create(
            [
                SubmissionSection(
                    submission=sub, section=section, text=f"{sub.unit.name}: {NARRATIVE * 2}"
                )
                for sub in subs
                for section in narrative
            ],
            batch_size=BATCH,
        )
        print(f"  targets, {len(subs)} submissions: {time.perf_counter() - started:.1f} s")

        tasks_done = 0
        start = dt.date(2022, 1, 1)
        while tasks_done < args.tasks:
            n = min(1000, args.tasks - tasks_done)
            tasks = Task.objects.bulk_create(
                [
                    Task(
                        province=province,
                        title=f"Nhiệm vụ thử nghiệm {tasks_done + i}",
                        state=TaskState.OPEN,
                        due_date=start + dt.timedelta(days=rng.randint(0, 1200)),
                    )
                    for i in range(n)
                ]
            )
            rows = []
            for task in tasks:
                assert task.due_date is not None
                for j, unit in enumerate(rng.sample(units, 4)):
                    roll = rng.random()
                    done = None
                    if roll < 0.45:
                        done = task.due_date - dt.timedelta(days=rng.randint(0, 30))
                    elif roll < 0.6:
                        done = task.due_date + dt.timedelta(days=rng.randint(1, 60))
                    rows.append(
                        Assignment(
                            task=task,
                            unit=unit,
                            role=AssignmentRole.LEAD if j == 0 else AssignmentRole.SUPPORT,
                            due_date=task.due_date,
                            original_due_date=task.due_date,
                            completed_on=done,
                        )
                    )
            Assignment.objects.bulk_create(rows, batch_size=BATCH)
            tasks_done += n
        print(f"  {args.tasks:,} tasks: {time.perf_counter() - started:.1f} s")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"Generated in {time.perf_counter() - started:.0f} s.\n")
    return regime


def timed(fn: Callable[[], Any], runs: int) -> tuple[float, Any]:
    result = fn()  # warm-up
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        result = fn()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples), result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--generate", action="store_true", help="make the data (once)")
    parser.add_argument("--units", type=int, default=250)
    parser.add_argument("--indicators", type=int, default=30)
    parser.add_argument("--catalogue", type=int, default=500)
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--tasks", type=int, default=50_000)
    parser.add_argument("--regime", help="an existing regime (uuid or name) instead")
    parser.add_argument("--period", default=PERIOD.code)
    parser.add_argument("--as-of", dest="as_of", default=AS_OF.isoformat())
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    if args.generate:
        call_command("migrate", verbosity=0)
        regime = generate(args)
    elif args.regime:
        from chidao.reporting.management.commands.report import find_regime

        regime = find_regime(args.regime)
    else:
        regime = Regime.objects.filter(name=REGIME_NAME).first()  # type: ignore[assignment]
        if regime is None:
            sys.exit("No data: run with --generate, or name a regime with --regime.")
    period = Period.parse(args.period)
    as_of = dt.date.fromisoformat(args.as_of)

    with CaptureQueriesContext(connection) as ctx:
        c = consolidate(regime, period, as_of=as_of)
    n_queries = len(ctx.captured_queries)
    t_cons, c = timed(lambda: consolidate(regime, period, as_of=as_of), args.runs)
    t_docx, docx = timed(lambda: build_docx(c), args.runs)
    t_xlsx, xlsx = timed(lambda: build_xlsx(c), args.runs)
    total = t_cons + t_docx + t_xlsx

    print(
        f"Machine: {machine()}; Python {platform.python_version()}; {connection.vendor} "
        f"{server_version()}"
    )
    print(
        f"Data ({time.strftime('%Y-%m-%d')}): {IndicatorValue.objects.count():,} values, "
        f"{Assignment.objects.count():,} assignments; the report: {len(c.units)} units × "
        f"{len(c.indicators)} indicators ({c.rates.submitted} reports, {c.rates.late} late, "
        f"{c.rates.missing} missing), median of {args.runs} runs\n"
    )
    print("| step | median | notes |")
    print("|---|---:|---|")
    print(f"| consolidate | {t_cons:.2f} s | {n_queries} queries |")
    print(f"| build_docx | {t_docx:.2f} s | {len(docx) / 1024:,.0f} KB |")
    print(f"| build_xlsx | {t_xlsx:.2f} s | {len(xlsx) / 1024:,.0f} KB |")
    print(f"| **total** | **{total:.2f} s** | |")
    met = total <= TARGET_S
    print(f"\nTarget ≤ {TARGET_S:.0f} s: {'met' if met else 'NOT met'}.")
    return 0 if met else 1


def server_version() -> str:
    if connection.vendor == "postgresql":
        version: int = getattr(connection, "pg_version", 0)
        return f"{version // 10000}.{version % 100}"
    import sqlite3

    return sqlite3.sqlite_version


if __name__ == "__main__":
    sys.exit(main())
