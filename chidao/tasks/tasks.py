"""Background jobs of the tasks app (Huey; run by `chidao worker`)."""

from __future__ import annotations

import datetime as dt
import logging

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from chidao.tasks import recurrence, services

log = logging.getLogger(__name__)

# Occurrences exist a period ahead so the coming month's or quarter's deadline is visible.
HORIZON = dt.timedelta(days=31)


@db_periodic_task(crontab(hour="1", minute="10"))
def create_upcoming_occurrences() -> int:
    """Daily: create the occurrences of recurring tasks whose period starts within a month."""
    created = recurrence.generate_occurrences(timezone.localdate() + HORIZON)
    log.info("Created %d occurrences", created)
    return created


@db_periodic_task(crontab(hour="1", minute="0"))
def transfer_to_successors() -> int:
    """Daily: pass the open assignments of units that ceased to exist to their successors."""
    report = services.transfer_all(timezone.localdate())
    log.info("Transferred %d assignments", report.count)
    return report.count
