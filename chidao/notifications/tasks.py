"""Periodic jobs run by `chidao worker` (Huey): the reminders of `reminders.py` for today.

Huey matches crontabs against UTC (its default `utc=True`); Việt Nam is UTC+7 all year,
so 00:00 UTC is 07:00 in the morning there, on the same weekday.
"""

from __future__ import annotations

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from chidao.notifications import reminders


@db_periodic_task(crontab(hour="0", minute="0"))
def daily_reminders() -> str:
    """07:00 every day: due-soon and overdue reminders to the units' officers."""
    return reminders.send_daily(timezone.localdate()).summary()


@db_periodic_task(crontab(day_of_week="1", hour="0", minute="30"))
def weekly_digest() -> str:
    """Monday 07:30: the secretariat's digest of overdue work by unit."""
    return reminders.send_weekly_digest(timezone.localdate()).summary()
