"""Saving or sending a report needs the version it was read at, on the page and in the
API: without it nothing is written."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from chidao.indicators.models import IndicatorValue
from chidao.reporting import services
from chidao.reporting.models import SubmissionSection

pytestmark = pytest.mark.django_db


def test_api_save_and_send_without_version_are_refused(
    regime_setup: Any, people: Any, login: Any
) -> None:
    s = regime_setup
    row = services.open_submission(s.regime, s.units["commune"], s.period)
    client = login(people.xa)
    url = f"/api/v1/reporting/submissions/{row.uuid}"
    saved = client.put(url, {"values": {"HS-TONG": 40}}, content_type="application/json")
    assert saved.status_code == 422
    assert saved.json()["errors"] == {
        "version": ["Cần gửi kèm “version” của báo cáo đã đọc (GET) để sửa hoặc gửi."]
    }
    sent = client.post(f"{url}/submit", {}, content_type="application/json")
    assert sent.status_code == 422
    assert "version" in sent.json()["errors"]
    assert not IndicatorValue.objects.filter(unit=s.units["commune"]).exists()
    row.refresh_from_db()
    assert (row.status, row.version) == ("draft", 1)


def test_report_page_without_version_is_refused_as_stale(
    regime_setup: Any, people: Any, login: Any
) -> None:
    s = regime_setup
    row = services.open_submission(s.regime, s.units["commune"], s.period)
    # Reopened, so that today may edit the 2025 report.
    row = services.reopen(people.thuongtruc, row, dt.date.today() + dt.timedelta(days=2))
    response = login(people.xa).post(
        f"/reporting/submissions/{row.uuid}/",
        {f"section_{s.sections[0].pk}": "Nội dung", "save": "1"},
    )
    assert response.status_code == 400
    assert "Báo cáo đã được thay đổi ở nơi khác" in response.content.decode()
    assert not SubmissionSection.objects.filter(submission=row).exists()
