"""Occurrences of recurring tasks: one per period, each with its own working-day deadline.

A recurring task says how often (`recurrence_freq`) and by which day (`recurrence_day`,
or an RFC 5545 `recurrence_rule` such as "FREQ=MONTHLY;BYMONTHDAY=20" for "hằng tháng,
trước ngày 20"). Each deadline the rule yields falls in one period — the ISO week, month,
quarter, half-year or year that holds it — and becomes that period's occurrence. A deadline
on a day off moves to the next working day (Bộ luật Dân sự 2015, Điều 148 khoản 5).

Generation is idempotent: an occurrence is keyed on (task, period start), so running it
again, or from the daily job and a command at once, creates nothing twice.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from dateutil import rrule
from django.db.models import QuerySet
from django.utils import timezone

from chidao.core.periods import Period, PeriodKind
from chidao.core.queries import workday_calendar
from chidao.core.workdays import WorkdayCalendar
from chidao.tasks.choices import Frequency, TaskState
from chidao.tasks.models import Occurrence, Task

_PERIOD_KIND: dict[str, PeriodKind | None] = {
    Frequency.WEEKLY: None,
    Frequency.MONTHLY: PeriodKind.MONTH,
    Frequency.QUARTERLY: PeriodKind.QUARTER,
    Frequency.HALF_YEARLY: PeriodKind.HALF,
    Frequency.YEARLY: PeriodKind.YEAR,
}
# Months whose last day closes a period, for the default rules.
_CLOSING_MONTHS: dict[str, tuple[int, ...]] = {
    Frequency.QUARTERLY: (3, 6, 9, 12),
    Frequency.HALF_YEARLY: (6, 12),
    Frequency.YEARLY: (12,),
}
_RULE_FREQ = re.compile(r"FREQ=(\w+)", re.IGNORECASE)
_FREQ_FROM_RULE = {
    "WEEKLY": Frequency.WEEKLY,
    "MONTHLY": Frequency.MONTHLY,
    "YEARLY": Frequency.YEARLY,
}
# Guard against a rule that would yield a deadline every day for decades.
MAX_OCCURRENCES = 1000


@dataclass(frozen=True, slots=True)
class PlannedOccurrence:
    """One period of a recurring task: its span, its label and its (working-day) deadline."""

    period_start: dt.date
    period_end: dt.date
    label: str
    due_date: dt.date


def frequency_of(task: Task) -> str:
    """The task's frequency: its `recurrence_freq`, else read from its rule ('' if neither)."""
    if task.recurrence_freq:
        return str(task.recurrence_freq)
    match = _RULE_FREQ.search(task.recurrence_rule or "")
    return str(_FREQ_FROM_RULE.get(match.group(1).upper(), "")) if match else ""


def start_of_task(task: Task) -> dt.date:
    """When the task's obligations begin: its document's date, else when it was entered."""
    document = task.document
    if document is not None and document.issued_on is not None:
        return document.issued_on
    return timezone.localdate(task.created_at) if task.created_at else timezone.localdate()


def _period_of(freq: str, day: dt.date) -> tuple[dt.date, dt.date, str]:
    kind = _PERIOD_KIND.get(freq)
    if kind is None:
        start = day - dt.timedelta(days=day.weekday())
        end = start + dt.timedelta(days=6)
        year, week, _wd = day.isocalendar()
        return start, end, f"Tuần {week:02d}/{year} ({start:%d/%m}–{end:%d/%m})"
    period = Period.containing(kind, day)
    return period.start, period.end, period.label


def _rule(task: Task, freq: str, dtstart: dt.datetime) -> Iterable[dt.datetime]:
    if task.recurrence_rule:
        return rrule.rrulestr(task.recurrence_rule, dtstart=dtstart)
    day = task.recurrence_day
    if freq == Frequency.WEEKLY:
        weekday = ((day or 5) - 1) % 7  # ISO 1 = Monday … 7 = Sunday; Friday by default
        return rrule.rrule(rrule.WEEKLY, byweekday=weekday, dtstart=dtstart)
    # The given day of the closing month, or its last day when the month is shorter
    # (bysetpos picks the earlier of the day and the month's end).
    monthday = (day, -1) if day else (-1,)
    if freq == Frequency.MONTHLY:
        return rrule.rrule(rrule.MONTHLY, bymonthday=monthday, bysetpos=1, dtstart=dtstart)
    return rrule.rrule(
        rrule.MONTHLY,
        bymonth=_CLOSING_MONTHS[freq],
        bymonthday=monthday,
        bysetpos=1,
        dtstart=dtstart,
    )


def plan(
    task: Task, until: dt.date, *, start: dt.date | None = None, calendar: WorkdayCalendar
) -> Iterator[PlannedOccurrence]:
    """The occurrences of `task` whose period starts on or before `until`.

    Periods whose deadline falls before the task's start (the document's date) are
    skipped: a directive of the 25th does not owe that month's report due on the 20th.
    Yields nothing for a task that does not recur.
    """
    freq = frequency_of(task)
    if not freq:
        return
    first = start or start_of_task(task)
    period_start, _end, _label = _period_of(freq, first)
    dtstart = dt.datetime.combine(period_start, dt.time())
    seen: set[dt.date] = set()
    for count, when in enumerate(_rule(task, freq, dtstart)):
        raw_due = when.date()
        p_start, p_end, label = _period_of(freq, raw_due)
        if p_start > until or count >= MAX_OCCURRENCES:
            return
        if raw_due < first or p_start in seen:
            continue
        seen.add(p_start)
        yield PlannedOccurrence(p_start, p_end, label, calendar.roll_forward(raw_due))


def ensure_occurrences(
    task: Task, until: dt.date, *, calendar: WorkdayCalendar | None = None
) -> int:
    """Create the task's missing occurrences up to `until`; returns how many were created."""
    cal = calendar or workday_calendar()
    existing = set(task.occurrences.values_list("period_start", flat=True))
    missing = [
        Occurrence(
            task=task,
            period_start=p.period_start,
            period_end=p.period_end,
            label=p.label,
            due_date=p.due_date,
        )
        for p in plan(task, until, calendar=cal)
        if p.period_start not in existing
    ]
    # ignore_conflicts: a concurrent run may have created some of them meanwhile.
    Occurrence.objects.bulk_create(missing, ignore_conflicts=True)
    return len(missing)


def recurring_tasks() -> QuerySet[Task]:
    """Open tasks that recur (by frequency or by rule)."""
    return (
        Task.objects.filter(state=TaskState.OPEN)
        .exclude(recurrence_freq="", recurrence_rule="")
        .select_related("document")
    )


def generate_occurrences(until: dt.date) -> int:
    """Create missing occurrences of every open recurring task up to `until`."""
    calendar = workday_calendar()
    return sum(ensure_occurrences(task, until, calendar=calendar) for task in recurring_tasks())
