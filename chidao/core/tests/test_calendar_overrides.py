"""The admin's calendar overrides change what the product counts as working days."""

from __future__ import annotations

import datetime as dt

import pytest

from chidao.core.choices import CalendarDayKind
from chidao.core.models import CalendarOverride
from chidao.core.queries import workday_calendar

pytestmark = pytest.mark.django_db


def test_overrides_feed_the_working_day_calendar() -> None:
    # 24/11/2026 (Ngày Văn hóa Việt Nam) counts as a working day until decided otherwise.
    assert workday_calendar().is_workday(dt.date(2026, 11, 24))
    CalendarOverride.objects.create(
        date=dt.date(2026, 11, 24), kind=CalendarDayKind.HOLIDAY, name="Ngày Văn hóa Việt Nam"
    )
    CalendarOverride.objects.create(date=dt.date(2026, 11, 28), kind=CalendarDayKind.WORKDAY)
    calendar = workday_calendar()
    assert not calendar.is_workday(dt.date(2026, 11, 24))
    assert calendar.holiday_name(dt.date(2026, 11, 24)) == "Ngày Văn hóa Việt Nam"
    assert calendar.is_workday(dt.date(2026, 11, 28))  # a Saturday made a working day
    # Monday 23/11 + 2 working days skips the new holiday.
    assert calendar.add_workdays(dt.date(2026, 11, 23), 2) == dt.date(2026, 11, 26)
