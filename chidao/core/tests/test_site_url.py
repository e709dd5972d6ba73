"""Links in e-mails start at SITE_URL (CHIDAO_SITE_URL); the demo sets it from its port."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from chidao.accounts.models import User
from chidao.notifications.choices import NotificationKind
from chidao.notifications.services import notify
from chidao.settings import env_url

pytestmark = pytest.mark.django_db


def _mail_a_link(user: Any, capture: Any) -> str:
    with capture(execute=True):
        notify([user], NotificationKind.COMMENT, "Ý kiến mới", url="/tasks/abc/")
    assert len(mail.outbox) == 1
    return str(mail.outbox[0].body)


def test_demo_links_in_e_mails_carry_its_port(
    settings: Any, monkeypatch: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.SITE_URL = django_settings.SITE_URL  # restored after the test
    monkeypatch.setenv("CHIDAO_SITE_URL", "")  # restored after the test
    call_command("demo", "--no-serve", "--port", "8765", stdout=io.StringIO())
    body = _mail_a_link(User.objects.get(username="donvi"), django_capture_on_commit_callbacks)
    assert "http://127.0.0.1:8765/tasks/abc/" in body
    assert ":8000" not in body


def test_demo_keeps_a_site_url_given_in_the_environment(
    settings: Any, monkeypatch: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.SITE_URL = "https://chidao.langson.gov.vn"
    monkeypatch.setenv("CHIDAO_SITE_URL", "https://chidao.langson.gov.vn")
    call_command("demo", "--no-serve", "--port", "8765", stdout=io.StringIO())
    body = _mail_a_link(User.objects.get(username="donvi"), django_capture_on_commit_callbacks)
    assert "https://chidao.langson.gov.vn/tasks/abc/" in body


def test_site_url_must_be_an_absolute_http_address(monkeypatch: Any) -> None:
    monkeypatch.setenv("CHIDAO_SITE_URL", "chidao.langson.gov.vn")
    with pytest.raises(ImproperlyConfigured) as refused:
        env_url("CHIDAO_SITE_URL", "http://127.0.0.1:8000")
    assert str(refused.value).startswith("CHIDAO_SITE_URL='chidao.langson.gov.vn': expected")
    monkeypatch.setenv("CHIDAO_SITE_URL", "https://chidao.langson.gov.vn/")
    assert env_url("CHIDAO_SITE_URL", "") == "https://chidao.langson.gov.vn"
