"""`chidao demo` gives the province a year of periodic reports: monthly and quarterly,
on time, late and missing, with figures that meet and miss their targets."""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.utils import timezone

from chidao.accounts.models import User
from chidao.core.models import AuditEvent
from chidao.core.periods import Period
from chidao.indicators.choices import Achievement, FormulaKind
from chidao.indicators.models import Indicator, IndicatorValue, Target, ValueRevision
from chidao.indicators.queries import scoreboard
from chidao.notifications.choices import NotificationKind
from chidao.notifications.models import Notification
from chidao.reporting import services
from chidao.reporting.choices import SubmissionEventKind, SubmissionStatus
from chidao.reporting.demo_data import MONTHLY_NAME, QUARTERLY_NAME
from chidao.reporting.models import ProvinceReport, Regime, Submission, SubmissionEvent
from chidao.reporting.queries import periods_of, rates

pytestmark = pytest.mark.django_db

COUNTED = (
    Regime,
    Submission,
    SubmissionEvent,
    IndicatorValue,
    ValueRevision,
    Target,
    Indicator,
    Notification,
    AuditEvent,
    ProvinceReport,
)


def _demo() -> str:
    out = io.StringIO()
    call_command("demo", "--no-serve", stdout=out)
    return out.getvalue()


def _past_and_current(regime: Regime, today: dt.date) -> tuple[list[Period], list[Period]]:
    periods = periods_of(regime, today, count=24)
    past = [p for p in periods if services.due_date_of(regime, p) < today]
    return past, [p for p in periods if p not in past]


def test_demo_has_a_year_of_reports_and_a_rerun_adds_nothing(settings: Any) -> None:
    """One demo load (it takes seconds), checked part by part, then loaded again."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    text = _demo()
    today = timezone.localdate()

    assert "Báo cáo định kỳ mẫu: 2 chế độ báo cáo" in text
    _check_year(today)
    _check_targets(today)
    _check_officers_reports(today)

    counts = [m.objects.count() for m in COUNTED]
    again = _demo()
    assert "Báo cáo định kỳ mẫu đã có sẵn (không thêm gì)." in again
    assert [m.objects.count() for m in COUNTED] == counts


def _check_year(today: dt.date) -> None:
    """12 months and 4 quarters, on time, late and missing, consistent rows."""
    monthly = Regime.objects.get(name=MONTHLY_NAME)
    quarterly = Regime.objects.get(name=QUARTERLY_NAME)
    assert monthly.due_text == "trước ngày 20 hằng tháng"
    assert services.due_date_of(monthly, Period.parse("2026-03")) == dt.date(2026, 3, 20)
    assert services.due_date_of(quarterly, Period.parse("2026Q3")) == dt.date(2026, 9, 15)
    assert monthly.task is not None
    assert monthly.document is not None
    assert len(periods_of(monthly, today, count=24)) == 12
    assert len(periods_of(quarterly, today, count=24)) == 4
    assert len(services.expected_units(monthly, Period.containing("month", today))) >= 30
    kinds = {u.kind for u in services.expected_units(quarterly, Period.parse("2026Q3"))}
    assert kinds == {"commune", "department"}

    totals: Counter[str] = Counter()
    for regime in (monthly, quarterly):
        past, current = _past_and_current(regime, today)
        for period in past:
            r = rates(regime, period, today)
            totals.update(on_time=r.on_time, late=r.late, missing=r.missing, pending=r.pending)
            # Every period of the past: most on time, each unit counted once.
            assert r.on_time > r.expected // 2
            assert r.expected == len({row.unit.pk for row in r.rows})
        for period in current:
            assert rates(regime, period, today).pending > 0
    assert totals["on_time"] > 10 * totals["late"] / 2 > 0
    assert totals["missing"] > 0
    assert totals["pending"] == 0  # past periods: nothing left pending

    sent = Submission.objects.exclude(first_submitted_at=None)
    assert sent.filter(late=True).exists()
    for row in sent.select_related("regime"):
        sent_on = timezone.localtime(row.first_submitted_at).date()
        assert sent_on < today
        assert row.late == (sent_on > row.due_date)
        assert row.task_summary["as_of"]
    # The history reads in order: saved, sent, then the secretariat's decision.
    accepted = Submission.objects.filter(status=SubmissionStatus.ACCEPTED)
    assert accepted.count() > 300
    assert not accepted.filter(decided_by=None).exists()
    for row in accepted.prefetch_related("events")[:50]:
        history = [e.kind for e in row.events.all()]
        assert history[0] == SubmissionEventKind.SAVED
        assert history[-1] == SubmissionEventKind.ACCEPTED
        assert row.version == 1 + len(history)
        stamps = [e.created_at for e in row.events.all()]
        assert stamps == sorted(stamps)
        assert row.submitted_at is not None
        assert row.decided_at is not None
        assert row.submitted_at <= row.decided_at
    fixed = Submission.objects.filter(
        status=SubmissionStatus.ACCEPTED, events__kind=SubmissionEventKind.RETURNED
    ).distinct()
    assert fixed.exists()
    corrected = ValueRevision.objects.filter(
        previous__isnull=False, value_row__submission__in=fixed
    )
    assert corrected.exists()
    assert all(r.reason for r in corrected)
    assert Submission.objects.filter(status=SubmissionStatus.SUBMITTED).exists()  # to review

    # Every figure has its history; counts are whole, percentages within 0–100.
    values = IndicatorValue.objects.annotate(n=Count("revisions"))
    assert values.count() > 3000
    assert not values.filter(n=0).exists()
    assert all(v.version == v.n for v in values.filter(n__gt=1))
    assert not IndicatorValue.objects.filter(value__lt=0).exists()
    assert not IndicatorValue.objects.filter(indicator__code="HS-DT", value__gt=100).exists()
    figures: dict[tuple[int | None, int, str], Decimal] = {
        (v.indicator_id, v.unit_id, v.period_code): v.value
        for v in IndicatorValue.objects.only("indicator_id", "unit_id", "period_code", "value")
    }
    ratios = Indicator.objects.filter(formula=FormulaKind.RATIO)
    pairs = 0
    for ratio in ratios:
        for (ind, unit, code), num in figures.items():
            if ind != ratio.numerator_id:
                continue
            den = figures.get((ratio.denominator_id, unit, code))
            if den is not None:
                assert num <= den, (ratio.code, unit, code)
                pairs += 1
    assert pairs > 1000


def _check_targets(today: dt.date) -> None:
    """Figures that meet and miss the year's targets, at every level."""
    online = Target.objects.get(
        indicator__code="DVC-TL-TT", unit=None, group=None, period_code=str(today.year)
    )
    assert (online.comparator, online.value) == (">=", Decimal(70))
    assert Target.objects.filter(indicator__code="CB-TL", period_code=f"{today.year}Q2").exists()
    assert Target.objects.filter(indicator__code="DVC-TL-TT", group__key="ubnd-xa").exists()
    assert Target.objects.filter(indicator__code="DVC-TL-TT", source="document").exists()

    for name, codes in (
        (MONTHLY_NAME, ["DVC-TL-TT", "DVC-TL-TTTT", "SH-TL", "GQ-TL", "PAKN-TL"]),
        (QUARTERLY_NAME, ["DVC-TL-TT", "GQ-TL", "CB-TL", "HS-DT"]),
    ):
        regime = Regime.objects.get(name=name)
        period = _past_and_current(regime, today)[0][1]
        chosen = list(Indicator.objects.filter(code__in=codes))
        board = scoreboard(chosen, services.expected_units(regime, period), period, today)
        judged = Counter(cell.judgement.status for cell in board.cells.values())
        assert judged[Achievement.MET] > 0, name
        assert judged[Achievement.MISSED] > 0, name
        assert judged[Achievement.NO_DATA] > 0, name  # the missing reports
        for ind in chosen:
            value = board.province[ind.pk].value
            assert value is not None, (name, ind.code)
            assert 0 < value <= 100, (name, ind.code)


def _check_officers_reports(today: dt.date) -> None:
    """Sở Tài chính's officer has this period's draft and last month's report returned."""
    donvi = User.objects.get(username="donvi")
    mine = Submission.objects.filter(unit=donvi.unit).select_related("regime")

    drafts = [s for s in mine if s.status == SubmissionStatus.DRAFT and s.due_date >= today]
    returned = [s for s in mine if s.status == SubmissionStatus.RETURNED]
    if drafts:  # after the 20th both current periods are past their deadline
        assert all(not s.is_locked(today) for s in drafts)
        assert all(s.values.exists() for s in drafts)
    else:
        assert today.day > 15
    [back] = returned
    assert back.reviewer_comment.startswith("Đề nghị đơn vị rà soát lại")
    assert not back.is_locked(today)
    assert back.first_submitted_at is not None
    assert not back.late
    assert Notification.objects.filter(user=donvi, kind=NotificationKind.REPORT_DECIDED).exists()
    assert back.events.filter(actor=donvi, kind=SubmissionEventKind.SUBMITTED).exists()

    # The task section of the bulk history is what the service computes.
    for row in Submission.objects.exclude(first_submitted_at=None).order_by("?")[:25]:
        on = dt.date.fromisoformat(row.task_summary["as_of"])
        expected = services.task_summary(row.unit, row.period, on)
        assert row.task_summary["counts"] == expected["counts"]
        for part in ("done", "overdue"):
            assert _items(row.task_summary[part]) == _items(expected[part])


def _items(rows: list[dict[str, str]]) -> list[list[tuple[str, str]]]:
    """Rows compared as sorted items: PostgreSQL's jsonb does not keep key order."""
    return sorted(sorted(r.items()) for r in rows)
