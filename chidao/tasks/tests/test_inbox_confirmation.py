"""After "Gửi báo cáo" in the inbox the officer sees that it was recorded where they are
(the row that replaces the form, or the inbox again without JS); the completion date is
asked only of finished work; the send button carries its icon."""

from __future__ import annotations

import re
from typing import Any

import pytest

from chidao.tasks.models import ProgressUpdate
from chidao.tasks.tests.conftest import pdf

pytestmark = pytest.mark.django_db

CONFIRMATION = "Đã ghi nhận báo cáo tiến độ."


def _url(work: Any) -> str:
    return f"/tasks/assignments/{work.tc_report.uuid}/report/"


def test_inbox_row_that_replaces_the_form_confirms_and_is_scrolled_to(
    login: Any, people: Any, work: Any
) -> None:
    client = login(people.donvi)
    form = client.get(_url(work), HTTP_HX_REQUEST="true").content.decode()
    # htmx brings the new row (with its confirmation) into view after the swap.
    assert f'hx-swap="outerHTML show:#asg-{work.tc_report.uuid}:top"' in form
    html = client.post(
        _url(work), {"percent": "40", "version": "1", "evidence": [pdf()]}, HTTP_HX_REQUEST="true"
    ).content.decode()
    row = html.split(f'id="asg-{work.tc_report.uuid}"')[1]
    assert re.search(rf'role="status">\s*{re.escape(CONFIRMATION)}', row)
    assert ProgressUpdate.objects.get().percent == 40


def test_without_js_the_officer_returns_to_the_inbox_with_the_message(
    login: Any, people: Any, work: Any
) -> None:
    client = login(people.donvi)
    inbox = client.get("/tasks/inbox/").content.decode()
    assert f'href="{_url(work)}?from=inbox"' in inbox
    page = client.get(f"{_url(work)}?from=inbox").content.decode()
    assert f'action="{_url(work)}?from=inbox"' in page
    response = client.post(
        f"{_url(work)}?from=inbox",
        {"percent": "40", "version": "1", "evidence": [pdf()]},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == "/tasks/inbox/"
    assert CONFIRMATION in response.content.decode()
    assert ProgressUpdate.objects.get().percent == 40


def test_completion_date_of_unfinished_work_is_refused_and_nothing_written(
    login: Any, people: Any, work: Any
) -> None:
    client = login(people.donvi)
    page = client.get(_url(work)).content.decode()
    assert "Chỉ điền khi đã hoàn thành; để trống thì lấy ngày hôm nay." in page
    assert "Để trống: hôm nay" not in page
    html = client.post(
        _url(work), {"percent": "40", "completed_on": "01/12/2026", "version": "1"}
    ).content.decode()
    assert "Chỉ điền ngày hoàn thành khi đã hoàn thành" in html
    assert not ProgressUpdate.objects.exists()


def test_send_button_shows_the_send_icon(login: Any, people: Any, work: Any) -> None:
    html = login(people.donvi).get(_url(work)).content.decode()
    button = html.split('<button type="submit" class="btn btn-primary">')[1].split("</button>")[0]
    assert "tabler-sprite.svg#tabler-send" in button
    assert "Gửi báo cáo" in button
