"""The address of the person at the other end, behind the reverse proxies we trust.

A TLS proxy in front of gunicorn makes every request come from the proxy's address; the
client's is in `X-Forwarded-For`, which the proxy appends to. That header is believed only
when the request comes from an address listed in `settings.TRUSTED_PROXIES`: anybody else
can write anything in it.
"""

from __future__ import annotations

import functools
import ipaddress
from collections.abc import Iterable

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def parse_networks(items: Iterable[str]) -> tuple[Network, ...]:
    """`"10.0.0.1"`, `"10.0.0.0/8"`, `"::1"` → networks. Raises ValueError on a bad item."""
    return tuple(ipaddress.ip_network(item.strip(), strict=False) for item in items)


@functools.cache
def _trusted(items: tuple[str, ...]) -> tuple[Network, ...]:
    return parse_networks(items)


def _address(text: str) -> Address | None:
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str | None:
    """The client's address: REMOTE_ADDR, or — when REMOTE_ADDR is a trusted proxy — the
    rightmost address of X-Forwarded-For that is not itself a trusted proxy.

    Reading from the right matters: the left of the header is whatever the client sent;
    each trusted proxy appends the address it saw. A malformed hop ends the walk at the
    last address known good (a trusted proxy's), so garbage cannot pick an address.
    Used by django-axes (`AXES_CLIENT_IP_CALLABLE`) to count failed logins per address.
    """
    remote = request.META.get("REMOTE_ADDR") or None
    trusted = _trusted(tuple(settings.TRUSTED_PROXIES))
    remote_address = _address(remote) if remote else None
    if not trusted or remote_address is None or not _is_trusted(remote_address, trusted):
        return remote
    chosen: str = remote or ""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    for hop in reversed([h for h in forwarded.split(",") if h.strip()]):
        address = _address(hop)
        if address is None:
            break
        chosen = str(address)
        if not _is_trusted(address, trusted):
            break
    return chosen


def _is_trusted(address: Address, trusted: tuple[Network, ...]) -> bool:
    return any(address in network for network in trusted)
