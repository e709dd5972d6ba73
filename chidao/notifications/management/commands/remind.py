"""`chidao remind [--as-of YYYY-MM-DD] [--dry-run] [--digest|--no-digest]`."""

from __future__ import annotations

import contextlib
import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from chidao.core.periods import parse_day
from chidao.notifications import reminders


def _date(value: str) -> dt.date:
    with contextlib.suppress(ValueError):
        day = parse_day(value)
        if day is not None:
            return day
    raise CommandError(f"Ngày không hợp lệ: {value} (dạng YYYY-MM-DD hoặc dd/mm/yyyy).")


class Command(BaseCommand):
    help = (
        "Send the reminders of a day: due-soon and overdue e-mails to units' officers, and "
        "on Mondays the secretariat's weekly digest. Safe to rerun: nobody is told twice."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--as-of", help="the day to run for (default: today)")
        parser.add_argument(
            "--dry-run", action="store_true", help="count what would be sent, send nothing"
        )
        digest = parser.add_mutually_exclusive_group()
        digest.add_argument(
            "--digest",
            dest="digest",
            action="store_true",
            default=None,
            help="send the weekly digest even if the day is not a Monday",
        )
        digest.add_argument(
            "--no-digest",
            dest="digest",
            action="store_false",
            help="never send the weekly digest",
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        as_of = _date(opts["as_of"]) if opts["as_of"] else timezone.localdate()
        report = reminders.run(as_of, dry_run=opts["dry_run"], digest=opts["digest"])
        self.stdout.write(report.summary())
