"""Login lock-out behind the TLS proxy: failures are counted per client address, read from
X-Forwarded-For only when the request comes from a proxy listed in TRUSTED_PROXIES."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client, RequestFactory
from django.urls import reverse

from chidao.core.proxies import client_ip
from chidao.settings import env_networks
from conftest import PASSWORD

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"
LOCKED = "tạm khoá đăng nhập"


@pytest.fixture
def behind_proxy(settings: Any) -> None:
    settings.TRUSTED_PROXIES = [PROXY, "172.16.0.0/12"]
    settings.AXES_FAILURE_LIMIT = 3


def _login(password: str, *, remote: str, forwarded: str | None = None) -> Any:
    extra: dict[str, Any] = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return Client(**extra).post(
        reverse("accounts:login"), {"username": "donvi", "password": password}
    )


def test_failures_from_one_address_behind_the_proxy_do_not_lock_out_another(
    people: Any, behind_proxy: None
) -> None:
    for _ in range(3):
        _login("sai", remote=PROXY, forwarded="203.0.113.66")
    attacker = _login(PASSWORD, remote=PROXY, forwarded="203.0.113.66")
    assert attacker.status_code == 429
    assert LOCKED in attacker.content.decode()
    # The real officer, at another address behind the same proxy, still signs in.
    officer = _login(PASSWORD, remote=PROXY, forwarded="198.51.100.7")
    assert officer.status_code == 302
    assert officer["Location"] == "/"


def test_two_addresses_behind_the_proxy_are_locked_out_separately(
    people: Any, behind_proxy: None
) -> None:
    from axes.models import AccessAttempt

    for _ in range(3):
        _login("sai", remote=PROXY, forwarded="203.0.113.66")
    for _ in range(2):
        _login("sai", remote=PROXY, forwarded="198.51.100.7, 172.16.3.4")
    attempts = dict(AccessAttempt.objects.values_list("ip_address", "failures_since_start"))
    assert attempts == {"203.0.113.66": 3, "198.51.100.7": 2}
    assert _login(PASSWORD, remote=PROXY, forwarded="203.0.113.66").status_code == 429
    assert _login(PASSWORD, remote=PROXY, forwarded="198.51.100.7").status_code == 302


def test_client_not_behind_a_trusted_proxy_cannot_spoof_its_address(
    people: Any, behind_proxy: None
) -> None:
    from axes.models import AccessAttempt

    for n in range(3):
        _login("sai", remote="203.0.113.9", forwarded=f"198.51.100.{n}")
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["203.0.113.9"]
    response = _login(PASSWORD, remote="203.0.113.9", forwarded="198.51.100.200")
    assert response.status_code == 429
    assert LOCKED in response.content.decode()


def test_without_trusted_proxies_the_header_is_ignored(settings: Any) -> None:
    settings.TRUSTED_PROXIES = []
    request = RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.66")
    assert client_ip(request) == PROXY


@pytest.mark.parametrize(
    ("forwarded", "expected"),
    [
        ("203.0.113.66", "203.0.113.66"),
        # The client wrote the left part itself; the proxy appended the address it saw.
        ("1.2.3.4, 203.0.113.66", "203.0.113.66"),
        # A second trusted proxy in the chain is skipped.
        ("203.0.113.66, 172.16.9.9", "203.0.113.66"),
        # Only trusted hops: the leftmost of them.
        ("172.16.0.1", "172.16.0.1"),
        # No header, or garbage next to the proxy: the proxy's own address.
        ("", PROXY),
        ("not-an-ip", PROXY),
        ("203.0.113.66, bogus", PROXY),
        ("2001:db8::1", "2001:db8::1"),
    ],
)
def test_client_address_is_the_rightmost_untrusted_hop(
    settings: Any, forwarded: str, expected: str
) -> None:
    settings.TRUSTED_PROXIES = [PROXY, "172.16.0.0/12"]
    request = RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def test_bad_trusted_proxies_value_stops_the_start(monkeypatch: Any) -> None:
    monkeypatch.setenv("TRUSTED_PROXIES", "10.0.0.1, proxy.local")
    with pytest.raises(ImproperlyConfigured) as refused:
        env_networks("TRUSTED_PROXIES", "")
    assert str(refused.value).startswith("TRUSTED_PROXIES: 'proxy.local' is not an IP address")
    monkeypatch.setenv("TRUSTED_PROXIES", "10.0.0.1, 192.168.0.0/16")
    assert env_networks("TRUSTED_PROXIES", "") == ["10.0.0.1", "192.168.0.0/16"]
