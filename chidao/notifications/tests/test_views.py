"""The notification list, marking read, the bell and the e-mail preferences."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from chidao.notifications.choices import NotificationKind
from chidao.notifications.models import Notification, NotificationPreference
from chidao.notifications.services import notify

pytestmark = pytest.mark.django_db


def _note(user: Any, title: str, *, read: bool = False) -> Notification:
    [note] = notify([user], NotificationKind.COMMENT, title, body="Nội dung", email=False)
    if read:
        note.read_at = timezone.now()
        note.save(update_fields=["read_at"])
    return note


def test_list_shows_own_notifications_unread_first(people: Any, login: Any) -> None:
    old_unread = _note(people.donvi, "Chưa đọc cũ")
    _note(people.donvi, "Đã đọc mới", read=True)
    _note(people.ngoai, "Của người khác")

    html = login(people.donvi).get("/notifications/").content.decode()

    assert html.index("Chưa đọc cũ") < html.index("Đã đọc mới")
    assert "Của người khác" not in html
    assert f"/notifications/{old_unread.uuid}/read/" in html


def test_list_query_count_does_not_grow_with_notifications(
    people: Any, login: Any, django_assert_max_num_queries: Any
) -> None:
    for i in range(40):
        _note(people.donvi, f"Thông báo {i}")
    client = login(people.donvi)
    # session, user, installation (frame), bell count, list count, page, unread count
    with django_assert_max_num_queries(8):
        assert client.get("/notifications/").status_code == 200


def test_bell_shows_unread_count(people: Any, login: Any) -> None:
    _note(people.donvi, "Một")
    _note(people.donvi, "Hai")
    _note(people.donvi, "Ba", read=True)
    html = login(people.donvi).get("/notifications/preferences/").content.decode()
    assert 'data-testid="unread-count">2</span>' in html


def test_open_marks_read_and_follows_the_link(people: Any, login: Any) -> None:
    [note] = notify([people.donvi], NotificationKind.DUE_SOON, "Hạn", url="/units/", email=False)
    response = login(people.donvi).get(f"/notifications/{note.uuid}/")
    assert response.status_code == 302
    assert response["Location"] == "/units/"
    note.refresh_from_db()
    assert note.read_at is not None


def test_mark_read_and_mark_all_read(people: Any, login: Any) -> None:
    a = _note(people.donvi, "A")
    _note(people.donvi, "B")
    theirs = _note(people.ngoai, "C")
    client = login(people.donvi)

    client.post(f"/notifications/{a.uuid}/read/")
    a.refresh_from_db()
    assert a.read_at is not None
    assert Notification.objects.filter(user=people.donvi, read_at__isnull=True).count() == 1

    client.post("/notifications/read-all/")
    assert not Notification.objects.filter(user=people.donvi, read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_read_by_htmx_returns_the_row(people: Any, login: Any) -> None:
    a = _note(people.donvi, "A")
    response = login(people.donvi).post(f"/notifications/{a.uuid}/read/", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert f'id="note-{a.uuid}"' in html
    assert "<html" not in html


def test_someone_elses_notification_is_not_found(people: Any, login: Any) -> None:
    theirs = _note(people.ngoai, "Riêng tư")
    client = login(people.donvi)
    assert client.get(f"/notifications/{theirs.uuid}/").status_code == 404
    assert client.post(f"/notifications/{theirs.uuid}/read/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_read_needs_post(people: Any, login: Any) -> None:
    a = _note(people.donvi, "A")
    assert login(people.donvi).get(f"/notifications/{a.uuid}/read/").status_code == 405


def test_anonymous_visitor_is_sent_to_login(client: Any, people: Any) -> None:
    response = client.get("/notifications/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_preferences_are_saved(people: Any, login: Any) -> None:
    client = login(people.donvi)
    page = client.get("/notifications/preferences/").content.decode()
    assert "E-mail nhắc việc sắp đến hạn" in page

    response = client.post(
        "/notifications/preferences/",
        {"email_assigned": "on", "email_overdue": "on", "email_other": "on"},
    )

    assert response.status_code == 302
    pref = NotificationPreference.objects.get(user=people.donvi)
    assert (pref.email_assigned, pref.email_due_soon, pref.email_overdue) == (True, False, True)
    assert (pref.email_digest, pref.email_other) == (False, True)


def test_notify_skips_a_key_already_used_and_inactive_users(people: Any) -> None:
    people.xa.is_active = False
    people.xa.save(update_fields=["is_active"])
    first = notify([people.donvi, people.xa], NotificationKind.OVERDUE, "X", key="k1")
    again = notify([people.donvi], NotificationKind.OVERDUE, "X", key="k1")
    assert [n.user for n in first] == [people.donvi]
    assert again == []
