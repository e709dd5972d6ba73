"""Reads shared by every app."""

from __future__ import annotations

import datetime as dt

from chidao.core.choices import CalendarDayKind
from chidao.core.models import CalendarOverride
from chidao.core.workdays import WorkdayCalendar


def workday_calendar() -> WorkdayCalendar:
    """The Vietnamese working-day calendar with the admin's overrides applied."""
    holidays: dict[dt.date, str] = {}
    makeup: list[dt.date] = []

    for day in CalendarOverride.objects.all():
        if day.kind == CalendarDayKind.HOLIDAY:
            holidays[day.date] = day.name
        else:
            makeup.append(day.date)
    return WorkdayCalendar(holidays, makeup)
