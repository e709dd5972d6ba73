"""The audit log screen: who sees it, what it lists, how it filters."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from chidao.core import audit

pytestmark = pytest.mark.django_db


def test_officer_is_refused_the_audit_log(login: Any, people: Any) -> None:
    response = login(people.donvi).get(reverse("core:audit_log"))
    assert response.status_code == 403
    assert "Bạn không có quyền thực hiện thao tác này." in response.content.decode()


def test_audit_log_filters_by_actor_and_action(
    login: Any, people: Any, province: Any, django_assert_max_num_queries: Any
) -> None:
    for i in range(20):
        audit.record(
            people.thuongtruc, "unit.update", province.tc, before={"n": i}, after={"n": i + 1}
        )
    audit.record(people.admin, "user.create", people.donvi)
    client = login(people.thuongtruc)
    with django_assert_max_num_queries(8):
        html = client.get(reverse("core:audit_log"), {"action": "user."}).content.decode()
    assert "user.create" in html
    assert "unit.update" not in html.split("<tbody>")[1]
    html = client.get(reverse("core:audit_log"), {"actor": "thuongtruc"}).content.decode()
    assert html.count("<code>unit.update</code>") == 20


def test_empty_audit_log_has_an_empty_state(login: Any, people: Any) -> None:
    html = login(people.thuongtruc).get(reverse("core:audit_log")).content.decode()
    assert "Chưa có thay đổi nào" in html


def test_audit_values_are_shown_in_words(login: Any, people: Any, province: Any) -> None:
    audit.record(
        people.thuongtruc,
        "task.assign",
        province.tc,
        after={"assignments": [{"unit": "Sở Tài chính", "role": "lead", "active": True}]},
    )
    html = login(people.thuongtruc).get(reverse("core:audit_log")).content.decode()
    assert "Sở Tài chính · Chủ trì" in html
    assert "{&#x27;unit&#x27;" not in html
    assert "[{" not in html


def test_coded_roles_in_a_trail_read_as_words_in_either_language() -> None:
    from django.utils import translation

    from chidao.core.audit import changes_in_words

    before = {"role": "lead", "name": "Sở Tài chính", "mention": "STC"}
    after = {"role": "support", "name": "Sở Tài chính", "mention": "STC"}
    with translation.override("vi"):
        assert changes_in_words("documents.mention", {"m": before}, {"m": after}) == [
            ("m", "Sở Tài chính · STC · Chủ trì", "Sở Tài chính · STC · Phối hợp")
        ]
        top = changes_in_words("tasks.task", {"role": "lead"}, {"role": "support"})
        assert top == [("Vai trò", "Chủ trì", "Phối hợp")]
    with translation.override("en"):
        top = changes_in_words("tasks.task", {"role": "lead"}, {"role": "support"})
        assert [(str(a), str(b), str(c)) for a, b, c in top] == [("Role", "Lead", "Support")]
