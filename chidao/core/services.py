"""Writes to shared settings: calendar overrides."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from chidao.core import audit
from chidao.core.models import CalendarOverride
from chidao.core.permissions import Action, require


@transaction.atomic
def add_calendar_override(
    actor: Any, *, date: dt.date, kind: str, name: str = "", via: str = "web"
) -> CalendarOverride:
    """Declare `date` a day off or a make-up working day, overriding the built-in calendar."""
    if actor is not None:
        require(actor, Action.MANAGE_SETTINGS)
    if CalendarOverride.objects.filter(date=date).exists():
        raise ValidationError(
            {"date": _("Ngày %(d)s đã được điều chỉnh.") % {"d": f"{date:%d/%m/%Y}"}}
        )
    day = CalendarOverride.objects.create(date=date, kind=kind, name=name)
    audit.record(actor, "calendar.add", day, after=audit.snapshot(day), via=via)
    return day


@transaction.atomic
def remove_calendar_override(actor: Any, day: CalendarOverride, *, via: str = "web") -> None:
    if actor is not None:
        require(actor, Action.MANAGE_SETTINGS)
    before = audit.snapshot(day)
    audit.record(actor, "calendar.remove", day, before=before, via=via)
    day.delete()
