"""Reminders: the daily e-mails about work coming due or overdue, and the weekly digest.

Pure service functions of a date (`as_of`), so the Huey job runs them for today and
`chidao remind --as-of D` for any day. Each message carries an idempotency key, so running
a job twice the same day tells nobody twice:

- ``due_soon:<assignment>:<as_of>`` — an open assignment of an open task due within the
  province's `Installation.due_soon_workdays` working days (Tết and weekends skipped);
  the unit's officers are told every working day of that window;
- ``overdue:<assignment>:<due date>`` — once when the deadline has passed (again only if
  an approved extension moves the deadline and that one passes too);
- the same two for each period of a recurring task the unit has not reported yet;
- ``digest:<ISO week>`` — on Mondays, the secretariat's list of overdue work by unit,
  titled by the week's dates ("Tổng hợp tuần từ 30/11 đến 06/12/2026");
- the periodic reports of the reporting regimes: `chidao.reporting.reminders`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count, Q
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_noop

from chidao.accounts.choices import Role
from chidao.core.queries import workday_calendar
from chidao.core.workdays import WorkdayCalendar
from chidao.notifications.choices import NotificationKind
from chidao.notifications.models import Notification
from chidao.notifications.services import notify
from chidao.notifications.texts import Message, week_dates
from chidao.tasks.choices import AssignmentRole, TaskState
from chidao.tasks.models import Assignment, Occurrence, OccurrenceReport, Task
from chidao.units.models import Installation

#: An assignment overdue for longer than this when the job first sees it is left to the
#: weekly digest: a first run on years of history must not send hundreds of e-mails.
OVERDUE_LOOKBACK_DAYS = 30
#: How many overdue items of one unit the digest lists (the count is always complete).
DIGEST_ITEMS_PER_UNIT = 10
DEFAULT_DUE_SOON_WORKDAYS = 3
_TITLE_CHARS = 120


@dataclass(frozen=True)
class Reminder:
    """One message to be sent to `users`, unless already sent under `key`."""

    users: tuple[Any, ...]
    kind: NotificationKind
    title: Message
    body: str
    url: str
    key: str


@dataclass
class ReminderReport:
    """What a run sent (or, dry, would send): notifications created per kind."""

    as_of: dt.date
    dry_run: bool = False
    sent: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def summary(self) -> str:
        head = f"Nhắc việc ngày {self.as_of:%d/%m/%Y}"
        parts = (
            f"{self.sent.get(NotificationKind.DUE_SOON, 0)} thông báo sắp đến hạn, "
            f"{self.sent.get(NotificationKind.OVERDUE, 0)} thông báo quá hạn, "
            f"{self.sent.get(NotificationKind.DIGEST, 0)} bản tổng hợp tuần"
        )
        if NotificationKind.REPORT_DUE in self.sent or NotificationKind.REPORT_OVERDUE in self.sent:
            # Counted (zeros too) when the province has reporting regimes.
            parts += (
                f"; báo cáo định kỳ: {self.sent.get(NotificationKind.REPORT_DUE, 0)} nhắc sắp "
                f"đến hạn, {self.sent.get(NotificationKind.REPORT_OVERDUE, 0)} nhắc quá hạn"
            )
        tail = " (chạy thử: chưa gửi gì)." if self.dry_run else "."
        return f"{head}: {parts}{tail}"


# -- what to say ----------------------------------------------------------------------------


def due_soon_workdays() -> int:
    """The province's setting (working days before a deadline to start reminding)."""
    inst = Installation.objects.order_by("pk").first()
    return inst.due_soon_workdays if inst is not None else DEFAULT_DUE_SOON_WORKDAYS


def _not_done(as_of: dt.date) -> Q:
    return Q(completed_on__isnull=True) | Q(completed_on__gt=as_of)


def _open_assignments() -> Any:
    return Assignment.objects.filter(active=True, task__state=TaskState.OPEN).select_related(
        "task", "task__document", "unit"
    )


# The helpers below are shared with the reports' reminders (chidao.reporting.reminders).


def officers_by_unit(unit_ids: Iterable[int]) -> dict[int, tuple[Any, ...]]:
    """Active officers of each unit, in one query."""
    by_unit: dict[int, list[Any]] = defaultdict(list)
    users = get_user_model().objects.filter(
        role=Role.OFFICER, is_active=True, unit_id__in=set(unit_ids)
    )
    for user in users.order_by("pk"):
        if user.unit_id is not None:
            by_unit[user.unit_id].append(user)
    return {k: tuple(v) for k, v in by_unit.items()}


def task_url(task: Task) -> str:
    """The task's page, or the inbox while the task pages are not installed."""
    for name, args in (("tasks:detail", [task.uuid]), ("tasks:inbox", [])):
        try:
            return reverse(name, args=args)
        except NoReverseMatch:
            continue
    return ""


def short_title(text: str) -> str:
    """`text` on one line, cut to a notification title's length."""
    text = " ".join(text.split())
    return text if len(text) <= _TITLE_CHARS else text[: _TITLE_CHARS - 1].rstrip() + "…"


def _describe(assignment: Assignment, deadline: dt.date, when: str, period: str = "") -> str:
    task = assignment.task
    lines = [
        f"Nhiệm vụ: {' '.join(task.title.split())}",
        f"Đơn vị: {assignment.unit.name} ({AssignmentRole(assignment.role).label.lower()})",
    ]
    if task.document is not None:
        doc = task.document
        issued = f" ngày {doc.issued_on:%d/%m/%Y}" if doc.issued_on else ""
        lines.append(f"Văn bản: {doc}{issued}")
    if period:
        lines.append(f"Kỳ báo cáo: {period}")
    lines.append(f"Thời hạn: {deadline:%d/%m/%Y} ({when})")
    if not period:
        lines.append(f"Tiến độ đã báo cáo: {assignment.progress}%")
    return "\n".join(lines)


def time_left(cal: WorkdayCalendar, as_of: dt.date, due: dt.date) -> str:
    """ "đến hạn hôm nay" or "còn N ngày làm việc"."""
    if due == as_of:
        return "đến hạn hôm nay"
    return f"còn {cal.workdays_between(as_of, due)} ngày làm việc"


def time_late(cal: WorkdayCalendar, due: dt.date, as_of: dt.date) -> str:
    """ "quá hạn N ngày làm việc" (at least one)."""
    return f"quá hạn {max(cal.workdays_between(due, as_of), 1)} ngày làm việc"


def due_soon_reminders(
    as_of: dt.date, *, workdays: int | None = None, calendar: WorkdayCalendar | None = None
) -> list[Reminder]:
    """Messages to the officers of units with open work due from `as_of` up to `workdays`
    working days later (the province's setting by default)."""
    cal = calendar or workday_calendar()
    horizon = cal.add_workdays(as_of, workdays if workdays is not None else due_soon_workdays())
    rows = list(
        _open_assignments()
        .filter(_not_done(as_of), due_date__gte=as_of, due_date__lte=horizon)
        .order_by("due_date", "pk")
    )
    pending = _pending_occurrences(Q(due_date__gte=as_of, due_date__lte=horizon), as_of)
    officers = officers_by_unit([a.unit_id for a in rows] + [a.unit_id for _o, a in pending])
    out: list[Reminder] = []
    for a in rows:
        assert a.due_date is not None
        users = officers.get(a.unit_id, ())
        if not users:
            continue
        when = time_left(cal, as_of, a.due_date)
        out.append(
            Reminder(
                users,
                NotificationKind.DUE_SOON,
                Message(
                    gettext_noop("Sắp đến hạn %(due)s: %(task)s"),
                    {"due": f"{a.due_date:%d/%m/%Y}", "task": short_title(a.task.title)},
                ),
                f"Nhiệm vụ của đơn vị sắp đến hạn ({when}).\n\n" + _describe(a, a.due_date, when),
                task_url(a.task),
                f"due_soon:{a.uuid}:{as_of.isoformat()}",
            )
        )
    for occ, a in pending:
        users = officers.get(a.unit_id, ())
        if not users:
            continue
        when = time_left(cal, as_of, occ.due_date)
        out.append(
            Reminder(
                users,
                NotificationKind.DUE_SOON,
                Message(
                    gettext_noop("Sắp đến hạn báo cáo %(period)s (%(due)s): %(task)s"),
                    {
                        "period": occ.label,
                        "due": f"{occ.due_date:%d/%m/%Y}",
                        "task": short_title(a.task.title),
                    },
                ),
                f"Kỳ báo cáo định kỳ sắp đến hạn ({when}).\n\n"
                + _describe(a, occ.due_date, when, occ.label),
                task_url(a.task),
                f"due_soon:{occ.uuid}:{a.uuid}:{as_of.isoformat()}",
            )
        )
    return out


def overdue_reminders(as_of: dt.date, *, calendar: WorkdayCalendar | None = None) -> list[Reminder]:
    """Messages, once per deadline, about open work whose deadline passed before `as_of`
    (within the last OVERDUE_LOOKBACK_DAYS days)."""
    cal = calendar or workday_calendar()
    since = as_of - dt.timedelta(days=OVERDUE_LOOKBACK_DAYS)
    rows = list(
        _open_assignments()
        .filter(_not_done(as_of), due_date__lt=as_of, due_date__gte=since)
        .order_by("due_date", "pk")
    )
    pending = _pending_occurrences(Q(due_date__lt=as_of, due_date__gte=since), as_of)
    officers = officers_by_unit([a.unit_id for a in rows] + [a.unit_id for _o, a in pending])
    out: list[Reminder] = []
    for a in rows:
        assert a.due_date is not None
        users = officers.get(a.unit_id, ())
        if not users:
            continue
        when = time_late(cal, a.due_date, as_of)
        out.append(
            Reminder(
                users,
                NotificationKind.OVERDUE,
                Message(
                    gettext_noop("Quá hạn từ %(due)s: %(task)s"),
                    {"due": f"{a.due_date:%d/%m/%Y}", "task": short_title(a.task.title)},
                ),
                f"Nhiệm vụ của đơn vị đã quá hạn mà chưa hoàn thành ({when}). Đề nghị báo "
                "cáo tiến độ hoặc đề nghị gia hạn.\n\n" + _describe(a, a.due_date, when),
                task_url(a.task),
                f"overdue:{a.uuid}:{a.due_date.isoformat()}",
            )
        )
    for occ, a in pending:
        users = officers.get(a.unit_id, ())
        if not users:
            continue
        when = time_late(cal, occ.due_date, as_of)
        out.append(
            Reminder(
                users,
                NotificationKind.OVERDUE,
                Message(
                    gettext_noop("Chưa báo cáo %(period)s (hạn %(due)s): %(task)s"),
                    {
                        "period": occ.label,
                        "due": f"{occ.due_date:%d/%m/%Y}",
                        "task": short_title(a.task.title),
                    },
                ),
                f"Kỳ báo cáo định kỳ đã quá hạn mà đơn vị chưa báo cáo ({when}).\n\n"
                + _describe(a, occ.due_date, when, occ.label),
                task_url(a.task),
                f"overdue:{occ.uuid}:{a.uuid}",
            )
        )
    return out


def _pending_occurrences(window: Q, as_of: dt.date) -> list[tuple[Occurrence, Assignment]]:
    """(occurrence, assignment) pairs in `window` that the unit has not reported by `as_of`."""
    occurrences = list(
        Occurrence.objects.filter(window, task__state=TaskState.OPEN).order_by("due_date", "pk")
    )
    if not occurrences:
        return []
    by_task: dict[int, list[Assignment]] = defaultdict(list)
    for a in _open_assignments().filter(task_id__in={o.task_id for o in occurrences}):
        by_task[a.task_id].append(a)
    reported = set(
        OccurrenceReport.objects.filter(
            occurrence__in=occurrences, completed_on__lte=as_of
        ).values_list("occurrence_id", "assignment_id")
    )
    return [
        (occ, a)
        for occ in occurrences
        for a in by_task.get(occ.task_id, [])
        if (occ.pk, a.pk) not in reported
    ]


def weekly_digest(as_of: dt.date, *, calendar: WorkdayCalendar | None = None) -> list[Reminder]:
    """The secretariat's digest of all open overdue assignments as of `as_of`, by unit
    (most overdue first), keyed on the ISO week so that it goes out once a week."""
    User = get_user_model()
    users = tuple(User.objects.filter(role=Role.SECRETARIAT, is_active=True).order_by("pk"))
    if not users:
        return []
    cal = calendar or workday_calendar()
    overdue = _open_assignments().filter(_not_done(as_of), due_date__lt=as_of)
    counts = list(
        overdue.values("unit_id", "unit__name").annotate(n=Count("pk")).order_by("-n", "unit__name")
    )
    year, week, _day = as_of.isocalendar()
    start, end = week_dates(as_of)
    total = sum(c["n"] for c in counts)
    lines = [
        f"Tổng hợp nhiệm vụ chưa hoàn thành, quá hạn đến ngày {as_of:%d/%m/%Y}: "
        f"{total} lượt giao việc của {len(counts)} đơn vị."
    ]
    if counts:
        items: dict[int, list[tuple[str, dt.date]]] = defaultdict(list)
        rows = overdue.order_by("unit_id", "due_date", "pk").values_list(
            "unit_id", "task__title", "due_date"
        )
        for unit_id, title, due in rows.iterator(chunk_size=2000):
            if len(items[unit_id]) < DIGEST_ITEMS_PER_UNIT:
                items[unit_id].append((title, due))
        for c in counts:
            lines.append("")
            lines.append(f"{c['unit__name']}: {c['n']} nhiệm vụ quá hạn")
            for title, due in items[c["unit_id"]]:
                late = time_late(cal, due, as_of)
                lines.append(f"  - {short_title(title)} (hạn {due:%d/%m/%Y}, {late})")
            if c["n"] > DIGEST_ITEMS_PER_UNIT:
                lines.append(f"  … và {c['n'] - DIGEST_ITEMS_PER_UNIT} nhiệm vụ khác")
    else:
        lines.append("Không có nhiệm vụ nào quá hạn.")
    url = ""
    with contextlib.suppress(NoReverseMatch):
        url = reverse("tasks:list") + "?status=open_overdue"
    return [
        Reminder(
            users,
            NotificationKind.DIGEST,
            Message(
                gettext_noop("Tổng hợp tuần từ %(start)s đến %(end)s: %(n)s nhiệm vụ quá hạn"),
                {"start": start, "end": end, "n": total},
                plural=gettext_noop(
                    "Tổng hợp tuần từ %(start)s đến %(end)s: %(n)s nhiệm vụ quá hạn"
                ),
                count=total,
            ),
            "\n".join(lines),
            url,
            f"digest:{year}-W{week:02d}",
        )
    ]


# -- sending --------------------------------------------------------------------------------


def deliver(reminders: Sequence[Reminder], report: ReminderReport) -> None:
    """Send `reminders` (or, when the report is dry, count those not sent before)."""
    if report.dry_run:
        keys = {r.key for r in reminders}
        done = set(Notification.objects.filter(key__in=keys).values_list("user_id", "key"))
        for r in reminders:
            report.sent[r.kind] += sum(
                1 for u in r.users if u.is_active and (u.pk, r.key) not in done
            )
        return
    for r in reminders:
        created = notify(r.users, r.kind, r.title, body=r.body, url=r.url, key=r.key)
        report.sent[r.kind] += len(created)


def send_daily(as_of: dt.date, *, dry_run: bool = False) -> ReminderReport:
    """The daily job: due-soon and overdue reminders for `as_of` (tasks, recurring
    reports of tasks, and periodic reports of the reporting regimes)."""
    from chidao.reporting import reminders as report_reminders

    report = ReminderReport(as_of, dry_run)
    cal = workday_calendar()
    with transaction.atomic():
        deliver(due_soon_reminders(as_of, calendar=cal), report)
        deliver(overdue_reminders(as_of, calendar=cal), report)
        report_reminders.send_daily(as_of, report, calendar=cal)
    return report


def send_weekly_digest(as_of: dt.date, *, dry_run: bool = False) -> ReminderReport:
    """The weekly job: the secretariat's digests (overdue work, missing reports) for the
    week of `as_of`."""
    from chidao.reporting import reminders as report_reminders

    report = ReminderReport(as_of, dry_run)
    with transaction.atomic():
        deliver(weekly_digest(as_of), report)
        report_reminders.send_weekly_digest(as_of, report)
    return report


def run(as_of: dt.date, *, dry_run: bool = False, digest: bool | None = None) -> ReminderReport:
    """Both jobs as the scheduler would run them on `as_of`: the digest on Mondays only
    (or as `digest` says)."""
    report = send_daily(as_of, dry_run=dry_run)
    if digest if digest is not None else as_of.weekday() == 0:
        for kind, n in send_weekly_digest(as_of, dry_run=dry_run).sent.items():
            report.sent[kind] += n
    return report
