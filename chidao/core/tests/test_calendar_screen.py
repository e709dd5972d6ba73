"""The working-day calendar screen."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from chidao.core.models import AuditEvent, CalendarOverride

pytestmark = pytest.mark.django_db


def test_calendar_lists_lunar_new_year_2025(login: Any, people: Any) -> None:
    html = login(people.donvi).get(reverse("core:calendar"), {"year": "2025"}).content.decode()
    assert "Lịch làm việc năm 2025" in html
    assert "29/01/2025" in html  # Mùng 1 Tết Ất Tỵ
    assert "02/05/2025" in html  # the day off swapped for Saturday 26/4


def test_admin_adds_a_day_off_and_it_is_audited(login: Any, people: Any) -> None:
    client = login(people.admin)
    response = client.post(
        reverse("core:calendar"),
        {"date": "24/11/2026", "kind": "holiday", "name": "Ngày Văn hóa Việt Nam"},
    )
    assert response.status_code == 302
    assert CalendarOverride.objects.get().date == dt.date(2026, 11, 24)
    assert AuditEvent.objects.filter(action="calendar.add", actor=people.admin).exists()
    again = client.post(reverse("core:calendar"), {"date": "24/11/2026", "kind": "workday"})
    assert "Ngày 24/11/2026 đã được điều chỉnh." in again.content.decode()
    assert CalendarOverride.objects.count() == 1


def test_officer_cannot_change_the_calendar(login: Any, people: Any) -> None:
    response = login(people.donvi).post(
        reverse("core:calendar"), {"date": "24/11/2026", "kind": "holiday"}
    )
    assert response.status_code == 403
    assert not CalendarOverride.objects.exists()


def test_impossible_date_gets_a_field_error(login: Any, people: Any) -> None:
    response = login(people.admin).post(
        reverse("core:calendar"), {"date": "30/02/2026", "kind": "holiday"}
    )
    assert response.status_code == 200
    assert "is-invalid" in response.content.decode()
    assert not CalendarOverride.objects.exists()
