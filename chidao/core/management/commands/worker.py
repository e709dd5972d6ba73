"""`chidao worker`: the Huey consumer that runs background and periodic tasks."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run the background task worker (Huey: SQLite by default, Redis with REDIS_URL)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--workers", type=int, default=2)

    def handle(self, *args: Any, **opts: Any) -> None:
        call_command("run_huey", workers=opts["workers"])
