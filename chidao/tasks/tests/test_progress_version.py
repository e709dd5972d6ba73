"""A progress report carries the version of the assignment it was typed on: required on
the page and in the API, so that a report without it cannot overwrite a newer one."""

from __future__ import annotations

from typing import Any

import pytest

from chidao.tasks.models import ProgressUpdate

pytestmark = pytest.mark.django_db


def test_api_progress_without_version_is_refused_and_writes_nothing(
    login: Any, people: Any, work: Any
) -> None:
    client = login(people.donvi)
    url = f"/api/v1/tasks/assignments/{work.tc_report.uuid}/progress"
    response = client.post(url, {"percent": 40, "narrative": "Đang làm"})
    assert response.status_code == 422
    assert response.json()["errors"] == {"form.version": ["Field required"]}
    assert not ProgressUpdate.objects.exists()
    work.tc_report.refresh_from_db()
    assert (work.tc_report.progress, work.tc_report.version) == (0, 1)


def test_api_progress_from_a_stale_version_gets_the_stale_message(
    login: Any, people: Any, work: Any
) -> None:
    client = login(people.donvi)
    url = f"/api/v1/tasks/assignments/{work.tc_report.uuid}/progress"
    assert client.post(url, {"percent": 40, "version": 1}).status_code == 201
    stale = client.post(url, {"percent": 20, "narrative": "Cũ", "version": 1})
    assert stale.status_code == 422
    assert stale.json()["detail"].startswith(
        "Tiến độ của đơn vị đã được thay đổi ở nơi khác trong lúc bạn nhập."
    )
    work.tc_report.refresh_from_db()
    assert (work.tc_report.progress, work.tc_report.version) == (40, 2)
    assert ProgressUpdate.objects.count() == 1


def test_progress_page_without_version_is_refused(login: Any, people: Any, work: Any) -> None:
    client = login(people.donvi)
    url = f"/tasks/assignments/{work.tc_report.uuid}/report/"
    assert 'name="version" value="1"' in client.get(url).content.decode()
    response = client.post(url, {"percent": "50"})
    assert response.status_code == 200
    assert not ProgressUpdate.objects.exists()
    work.tc_report.refresh_from_db()
    assert work.tc_report.progress == 0
