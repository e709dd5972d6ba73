"""`chidao synth` also makes indicators, monthly values, regimes and their submissions."""

from __future__ import annotations

import datetime as dt
import io
import random
from collections import defaultdict
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from chidao.core.periods import Period
from chidao.indicators.choices import FormulaKind
from chidao.indicators.models import Indicator, IndicatorValue, Target
from chidao.indicators.queries import scoreboard
from chidao.reporting import synth
from chidao.reporting.choices import SubmissionEventKind, SubmissionStatus
from chidao.reporting.models import Regime, Submission, SubmissionEvent, SubmissionSection
from chidao.reporting.queries import rates
from chidao.reporting.services import expected_units
from chidao.units.synth import Scale, synth_units, synth_users

pytestmark = pytest.mark.django_db

TINY = Scale("demo", provinces=1, bodies=5, communes=3, users_per_unit=1)
MONTHS = 6  # six consecutive months always hold a whole quarter


@pytest.fixture
def tiny(monkeypatch: Any) -> synth.Volume:
    """Ten reported indicators over six months for 8 units; regimes of five each."""
    volume = synth.Volume(indicators=10, months=MONTHS, regime_indicators=5)
    monkeypatch.setitem(synth.VOLUMES, "demo", volume)
    synth_units(TINY, random.Random(1))
    synth_users(TINY, random.Random(2))
    return volume


def test_synth_reporting_makes_the_volume_once(tiny: synth.Volume) -> None:
    counts = synth.synth_reporting(TINY, random.Random(3))
    again = synth.synth_reporting(TINY, random.Random(3))

    assert counts["indicator"] == 12  # ten reported, a ratio per block of five
    assert counts["regime"] == 2
    assert again == dict.fromkeys(counts, 0)
    assert Indicator.objects.filter(code__startswith="SYN-").count() == 12
    ratio = Indicator.objects.get(code="SYN-R001")
    assert ratio.formula == FormulaKind.RATIO
    assert ratio.numerator is not None
    assert ratio.denominator is not None
    assert (ratio.numerator.code, ratio.denominator.code) == ("SYN-002", "SYN-001")
    assert counts["value"] == IndicatorValue.objects.count()
    assert counts["submission"] == Submission.objects.count()
    assert counts["target"] == Target.objects.count() > 0


def test_values_cover_every_unit_and_month_and_follow_the_reports(tiny: synth.Volume) -> None:
    synth.synth_reporting(TINY, random.Random(3))
    monthly = Regime.objects.get(frequency="month")
    quarterly = Regime.objects.get(frequency="quarter")
    units = expected_units(monthly, Period.parse(monthly.first_period))
    assert len(units) == 8
    months = list(
        IndicatorValue.objects.filter(period_kind="month")
        .order_by("period_code")
        .values_list("period_code", flat=True)
        .distinct()
    )
    assert len(months) == MONTHS
    last = Period.containing("month", timezone.localdate()).previous()
    assert max(months) == last.code

    monthly_ids = set(monthly.regime_indicators.values_list("indicator_id", flat=True))
    quarterly_ids = set(quarterly.regime_indicators.values_list("indicator_id", flat=True))
    assert len(monthly_ids) == len(quarterly_ids) == 5
    assert not monthly_ids & quarterly_ids
    sent = {
        (s.regime_id, s.unit_id, s.period_code): s.pk
        for s in Submission.objects.exclude(first_submitted_at=None)
    }
    # The regime's figures exist where (and only where) its report was sent; the others
    # (pushed over the API) for every unit and month.
    for v in IndicatorValue.objects.filter(period_kind="month"):
        if v.indicator_id in monthly_ids:
            assert v.submission_id == sent[(monthly.pk, v.unit_id, v.period_code)]
        else:
            assert v.submission_id is None
    expected = MONTHS * len(units) * 5 + 5 * sum(1 for k in sent if k[0] == monthly.pk)
    assert IndicatorValue.objects.filter(period_kind="month").count() == expected

    # A quarter is the sum of its months (the average for a percentage).
    by_key: dict[tuple[int | None, int, str], Decimal] = {
        (v.indicator_id, v.unit_id, v.period_code): v.value for v in IndicatorValue.objects.all()
    }
    quarters = IndicatorValue.objects.filter(period_kind="quarter").select_related("indicator")
    assert quarters.exists()
    for q in quarters:
        assert q.submission_id == sent[(quarterly.pk, q.unit_id, q.period_code)]
        period = Period.parse(q.period_code)
        parts = [
            by_key[(q.indicator_id, q.unit_id, m.code)]
            for m in Period.covering("month", period.start, period.end)
        ]
        if q.indicator.is_percentage:
            assert abs(q.value - sum(parts, Decimal(0)) / 3) <= Decimal("0.05")
        else:
            assert q.value == sum(parts, Decimal(0))

    # Numerators never above their denominators; percentages within 0–100.
    ratio = Indicator.objects.get(code="SYN-R001")
    checked = 0
    for (ind, unit, code), value in by_key.items():
        if ind == ratio.numerator_id:
            assert value <= by_key[(ratio.denominator_id, unit, code)]
            checked += 1
    assert checked == IndicatorValue.objects.filter(indicator__code="SYN-002").count() > 0
    percent = IndicatorValue.objects.filter(indicator__measure_unit="%")
    assert percent.exists()
    assert not percent.filter(value__gt=100).exists()
    assert not IndicatorValue.objects.filter(value__lt=0).exists()


def test_submissions_are_on_time_or_late_with_their_history(tiny: synth.Volume) -> None:
    synth.synth_reporting(TINY, random.Random(3))
    today = timezone.localdate()
    rows = list(Submission.objects.select_related("regime"))
    assert rows
    for row in rows:
        assert row.first_submitted_at is not None
        sent_on = timezone.localtime(row.first_submitted_at).date()
        assert sent_on < today
        assert row.late == (sent_on > row.due_date)
        assert sent_on <= row.due_date + dt.timedelta(days=row.regime.grace_days)
    history: dict[int, list[str]] = defaultdict(list)
    for event in SubmissionEvent.objects.order_by("submission_id", "created_at", "pk"):
        history[event.submission_id].append(event.kind)
    for row in rows:
        expected = [SubmissionEventKind.SAVED, SubmissionEventKind.SUBMITTED]
        if row.status == SubmissionStatus.ACCEPTED:
            expected.append(SubmissionEventKind.ACCEPTED)
        assert history[row.pk] == expected
        assert row.version == 1 + len(expected)
    narratives = SubmissionSection.objects.filter(submission__in=rows)
    assert narratives.count() == 3 * len(rows)

    regime = Regime.objects.get(frequency="month")
    period = Period.containing("month", today).previous()
    result = rates(regime, period, today)
    assert result.expected == 8
    assert result.on_time + result.late + result.missing == 8
    assert result.pending == 0


def test_a_scoreboard_reads_the_synthetic_figures(tiny: synth.Volume) -> None:
    synth.synth_reporting(TINY, random.Random(3))
    regime = Regime.objects.get(frequency="month")
    period = Period.containing("month", timezone.localdate()).previous()
    ratio = Indicator.objects.get(code="SYN-R001")
    units = expected_units(regime, period)

    board = scoreboard([ratio], units, period, timezone.localdate())

    value = board.province[ratio.pk].value
    assert value is not None
    assert 0 < value <= 100
    assert board.province[ratio.pk].target is not None  # a yearly target of ≥ 70 %


def test_synth_command_takes_a_smaller_volume(db: Any, monkeypatch: Any) -> None:
    monkeypatch.setitem(synth.VOLUMES, "demo", synth.VOLUMES["demo"])
    out = io.StringIO()

    call_command("synth", "--scale", "demo", "--months", "3", "--indicators", "5", stdout=out)

    assert synth.VOLUMES["demo"].months == 3
    assert Indicator.objects.filter(code__startswith="SYN-").count() == 6
    assert set(IndicatorValue.objects.values_list("period_code", flat=True)) >= {
        Period.containing("month", timezone.localdate()).previous().code
    }
    line = next(x for x in out.getvalue().splitlines() if x.startswith("reporting:"))
    assert "6 indicator, 2 regime" in line


def test_synth_command_refuses_a_volume_below_one(db: Any, monkeypatch: Any) -> None:
    monkeypatch.setitem(synth.VOLUMES, "demo", synth.VOLUMES["demo"])
    with pytest.raises(CommandError, match="Số tháng phải từ 1 trở lên"):
        call_command("synth", "--scale", "demo", "--months", "0", stdout=io.StringIO())
    assert not IndicatorValue.objects.exists()
