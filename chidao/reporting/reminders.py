"""Reminders about periodic reports: before the deadline and once after it.

Part of the daily reminder job (`chidao.notifications.reminders.send_daily`, `chidao remind
--as-of D`). For every active regime, each period whose deadline is near or has just passed
and each unit that owes that period's report and has not sent it by `as_of`:

- ``report_due:<regime uuid>:<unit id>:<period code>:<as_of>`` — on every working day from
  `Installation.due_soon_workdays` working days before the deadline up to the deadline
  itself (weekends and Tết are skipped by `core.queries.workday_calendar`);
- ``report_overdue:<regime uuid>:<unit id>:<period code>`` — once, after the deadline,
  if the deadline passed no more than `OVERDUE_LOOKBACK_DAYS` days ago (a first run on
  years of history leaves older gaps to the reporting-rate pages and the weekly digest).

A report counts as sent from its first sending (a returned report is not chased again:
the secretariat's comment tells the unit what to do). Only the unit's own active officers
are told. When the run is not dry, the unit's draft is opened (`services.open_submission`),
so that the message links to the report to fill.

The weekly digest gets one more message for the secretariat: the reports missing for the
latest past-due period of each regime (``report_digest:<ISO week>``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_noop

from chidao.accounts.choices import Role
from chidao.core.periods import Period
from chidao.core.queries import workday_calendar
from chidao.core.workdays import WorkdayCalendar
from chidao.notifications.choices import NotificationKind
from chidao.notifications.reminders import (
    OVERDUE_LOOKBACK_DAYS,
    Reminder,
    ReminderReport,
    deliver,
    due_soon_workdays,
    officers_by_unit,
    short_title,
    time_late,
    time_left,
)
from chidao.notifications.texts import Message, week_dates
from chidao.reporting import rules
from chidao.reporting.models import Regime, Submission
from chidao.units.models import Unit

#: How far before the look-back window periods are examined: a period's deadline falls at
#: most about two months after its end (day N of the month after, N days after the end).
_PERIOD_REACH_DAYS = 120
#: How many missing units of one regime the weekly digest names (the count is complete).
DIGEST_UNITS_PER_REGIME = 15


@dataclass(frozen=True)
class Owed:
    """A report a unit owes for a period and has not sent by the day of the run."""

    regime: Regime
    period: Period
    unit: Unit
    due: dt.date
    submission: Submission | None


def _due(regime: Regime, period: Period, cal: WorkdayCalendar) -> dt.date:
    from chidao.reporting.services import spec_of

    return rules.due_date(period, spec_of(regime), cutoff_rule=regime.cutoff_rule, workdays=cal)


def _periods_due_between(
    regime: Regime, first: dt.date, last: dt.date, cal: WorkdayCalendar
) -> Iterator[tuple[Period, dt.date]]:
    """The regime's periods whose deadline falls between `first` and `last` (both in)."""
    kind = regime.period_kind
    start = Period.containing(kind, first - dt.timedelta(days=_PERIOD_REACH_DAYS))
    for period in start.through(Period.containing(kind, last)):
        if not regime.covers(period):
            continue
        due = _due(regime, period, cal)
        if first <= due <= last:
            yield period, due


def _sent_by(submission: Submission, as_of: dt.date) -> bool:
    sent = submission.first_submitted_at
    return sent is not None and timezone.localtime(sent).date() <= as_of


def owed(
    as_of: dt.date, first: dt.date, last: dt.date, *, calendar: WorkdayCalendar | None = None
) -> list[Owed]:
    """Reports of active regimes due between `first` and `last` that their units had not
    sent by `as_of`, by deadline then regime then unit. Two queries per regime and period
    (the expected units, their submissions) plus one for the regimes."""
    from chidao.reporting.services import expected_units

    cal = calendar or workday_calendar()
    out: list[Owed] = []
    regimes = Regime.objects.filter(active=True).select_related("group").order_by("name", "pk")
    for regime in regimes:
        for period, due in _periods_due_between(regime, first, last, cal):
            units = expected_units(regime, period)
            if not units:
                continue
            rows = {
                s.unit_id: s
                for s in Submission.objects.filter(
                    regime=regime, period_code=period.code, unit__in=units
                )
            }
            for unit in units:
                row = rows.get(unit.pk)
                if row is not None and _sent_by(row, as_of):
                    continue
                out.append(
                    Owed(regime, period, unit, row.due_date if row is not None else due, row)
                )
    out.sort(key=lambda o: (o.due, o.regime.name, o.regime.pk, o.unit.name))
    return out


def _url(item: Owed, open_draft: bool) -> str:
    from chidao.reporting.services import open_submission, submission_url

    submission = item.submission
    if submission is None and open_draft:
        submission = open_submission(item.regime, item.unit, item.period)
    if submission is not None:
        return submission_url(submission)
    with contextlib.suppress(NoReverseMatch):
        return reverse("reporting:home")
    return ""


def _describe(item: Owed, when: str) -> str:
    regime = item.regime
    grace_end = item.due + dt.timedelta(days=regime.grace_days)
    status = (
        item.submission.get_status_display() if item.submission is not None else "Chưa mở báo cáo"
    )
    lines = [
        f"Báo cáo: {' '.join(regime.name.split())}",
        f"Đơn vị: {item.unit.name}",
        f"Kỳ báo cáo: {item.period.label}",
        f"Thời hạn gửi: {item.due:%d/%m/%Y} ({when})",
        f"Tình trạng: {status}",
    ]
    if regime.due_text:
        lines.append(f"Quy định: {' '.join(regime.due_text.split())}")
    lines.append(
        f"Báo cáo gửi muộn vẫn được tiếp nhận và ghi là gửi muộn; sau ngày "
        f"{grace_end:%d/%m/%Y} báo cáo bị khoá, muốn bổ sung phải đề nghị cơ quan thường "
        "trực mở lại."
    )
    return "\n".join(lines)


def due_reminders(
    as_of: dt.date,
    *,
    workdays: int | None = None,
    calendar: WorkdayCalendar | None = None,
    open_drafts: bool = False,
) -> list[Reminder]:
    """On a working day, messages to the officers of units whose report is due from
    `as_of` up to `workdays` working days later (the province's setting by default) and
    not sent yet. None on a weekend or holiday: nobody is at work to read them."""
    cal = calendar or workday_calendar()
    if not cal.is_workday(as_of):
        return []
    horizon = cal.add_workdays(as_of, workdays if workdays is not None else due_soon_workdays())
    items = owed(as_of, as_of, horizon, calendar=cal)
    officers = officers_by_unit(i.unit.pk for i in items)
    out: list[Reminder] = []
    for item in items:
        users = officers.get(item.unit.pk, ())
        if not users:
            continue
        when = time_left(cal, as_of, item.due)
        out.append(
            Reminder(
                users,
                NotificationKind.REPORT_DUE,
                Message(
                    gettext_noop("Sắp đến hạn gửi báo cáo %(period)s (%(due)s): %(regime)s"),
                    {
                        "period": item.period,
                        "due": f"{item.due:%d/%m/%Y}",
                        "regime": short_title(item.regime.name),
                    },
                ),
                f"Báo cáo định kỳ của đơn vị sắp đến hạn gửi ({when}).\n\n" + _describe(item, when),
                _url(item, open_drafts),
                f"report_due:{item.regime.uuid}:{item.unit.pk}:{item.period.code}:"
                f"{as_of.isoformat()}",
            )
        )
    return out


def overdue_reminders(
    as_of: dt.date, *, calendar: WorkdayCalendar | None = None, open_drafts: bool = False
) -> list[Reminder]:
    """Messages, once per report, to the officers of units that have not sent a report
    whose deadline passed before `as_of` (within the last OVERDUE_LOOKBACK_DAYS days)."""
    cal = calendar or workday_calendar()
    since = as_of - dt.timedelta(days=OVERDUE_LOOKBACK_DAYS)
    items = owed(as_of, since, as_of - dt.timedelta(days=1), calendar=cal)
    officers = officers_by_unit(i.unit.pk for i in items)
    out: list[Reminder] = []
    for item in items:
        users = officers.get(item.unit.pk, ())
        if not users:
            continue
        when = time_late(cal, item.due, as_of)
        out.append(
            Reminder(
                users,
                NotificationKind.REPORT_OVERDUE,
                Message(
                    gettext_noop("Chưa gửi báo cáo %(period)s (hạn %(due)s): %(regime)s"),
                    {
                        "period": item.period,
                        "due": f"{item.due:%d/%m/%Y}",
                        "regime": short_title(item.regime.name),
                    },
                ),
                f"Báo cáo định kỳ của đơn vị đã quá hạn mà chưa gửi ({when}). Đề nghị "
                "hoàn thành và gửi ngay.\n\n" + _describe(item, when),
                _url(item, open_drafts),
                f"report_overdue:{item.regime.uuid}:{item.unit.pk}:{item.period.code}",
            )
        )
    return out


def send_daily(
    as_of: dt.date, report: ReminderReport, *, calendar: WorkdayCalendar | None = None
) -> None:
    """Add the day's report reminders to `report` (sent, or counted when it is dry). When
    the province has active regimes the report shows their counts even when nothing is
    due, so that `chidao remind` says it looked."""
    if not Regime.objects.filter(active=True).exists():
        return
    cal = calendar or workday_calendar()
    report.sent[NotificationKind.REPORT_DUE] += 0
    report.sent[NotificationKind.REPORT_OVERDUE] += 0
    opening = not report.dry_run
    deliver(due_reminders(as_of, calendar=cal, open_drafts=opening), report)
    deliver(overdue_reminders(as_of, calendar=cal, open_drafts=opening), report)


def weekly_digest(as_of: dt.date, *, calendar: WorkdayCalendar | None = None) -> list[Reminder]:
    """The secretariat's list of missing reports: for each active regime, the units that
    have not sent the latest period whose deadline passed before `as_of`. Nothing when no
    report is missing."""
    from chidao.reporting.queries import rates

    users = tuple(
        get_user_model().objects.filter(role=Role.SECRETARIAT, is_active=True).order_by("pk")
    )
    if not users:
        return []
    cal = calendar or workday_calendar()
    blocks: list[str] = []
    total = 0
    for regime in Regime.objects.filter(active=True).select_related("group").order_by("name"):
        latest = None
        first = as_of - dt.timedelta(days=_PERIOD_REACH_DAYS * 4)
        for period, _due_on in _periods_due_between(regime, first, as_of - dt.timedelta(1), cal):
            latest = period
        if latest is None:
            continue
        result = rates(regime, latest, as_of)
        missing = result.missing_rows
        if not missing:
            continue
        total += len(missing)
        blocks.append("")
        blocks.append(
            f"{' '.join(regime.name.split())} — {latest.label} (hạn {result.due_date:%d/%m/%Y}): "
            f"{len(missing)}/{result.expected} đơn vị chưa gửi"
        )
        for row in missing[:DIGEST_UNITS_PER_REGIME]:
            blocks.append(f"  - {row.unit.name}")
        if len(missing) > DIGEST_UNITS_PER_REGIME:
            blocks.append(f"  … và {len(missing) - DIGEST_UNITS_PER_REGIME} đơn vị khác")
    if not total:
        return []
    year, week, _day = as_of.isocalendar()
    start, end = week_dates(as_of)
    head = f"Báo cáo định kỳ chưa gửi, quá hạn đến ngày {as_of:%d/%m/%Y}: {total} báo cáo."
    url = ""
    with contextlib.suppress(NoReverseMatch):
        url = reverse("reporting:home")
    return [
        Reminder(
            users,
            NotificationKind.DIGEST,
            Message(
                gettext_noop(
                    "Tổng hợp tuần từ %(start)s đến %(end)s: %(n)s báo cáo định kỳ chưa gửi"
                ),
                {"start": start, "end": end, "n": total},
                plural=gettext_noop(
                    "Tổng hợp tuần từ %(start)s đến %(end)s: %(n)s báo cáo định kỳ chưa gửi"
                ),
                count=total,
            ),
            "\n".join([head, *blocks]),
            url,
            f"report_digest:{year}-W{week:02d}",
        )
    ]


def send_weekly_digest(as_of: dt.date, report: ReminderReport) -> None:
    """Add the secretariat's digest of missing reports to `report`."""
    deliver(weekly_digest(as_of), report)
