"""Every page a demo account can reach by links answers without a server error and within
a query budget.

The demo data is built once; then, for each demo account, a breadth-first walk from the
home page follows every same-site GET link (`<a href>`, and `hx-get` sent as htmx sends
it) and the redirects, up to `MAX_PAGES` pages and `PER_ROUTE` pages of one URL pattern
(query-string variants included). Sign-out, the language switch, the Django admin, static
files and the JSON API are left out (the API is fuzzed in api/tests/test_schemathesis.py).
"""

from __future__ import annotations

import io
from collections import Counter, deque
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import Resolver404, resolve

from chidao.accounts.models import User
from chidao.core.management.commands.demo import DEMO_ACCOUNTS

pytestmark = pytest.mark.django_db

MAX_PAGES = 300  # per account
PER_ROUTE = 6  # pages of one URL pattern: a few tasks stand for the others
QUERY_BUDGET = 40  # database queries for one page (the most measured: 29, a regime's units)
SKIPPED = ("/accounts/logout", "/i18n/", "/django-admin/", "/static/", "/api/", "/media/")
REDIRECTS = (301, 302, 303, 307, 308)

Link = tuple[str, bool]  # address, sent as an htmx request


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, bool]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        if tag == "a" and named.get("href"):
            self.found.append((named["href"] or "", False))
        if named.get("hx-get"):
            self.found.append((named["hx-get"] or "", True))


def _links(page: str, base: str) -> list[Link]:
    parser = _Links()
    parser.feed(page)
    out = []
    for href, htmx in parser.found:
        url = urlsplit(urljoin(base, href))
        if url.scheme in ("", "http") and url.netloc in ("", "testserver"):
            out.append((url.path + (f"?{url.query}" if url.query else ""), htmx))
    return out


class _QueryCounter:
    """Counts the queries run on the connection (its debug log keeps only the last 9,000)."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        self.count += 1
        return execute(sql, params, many, context)


def _route(path: str) -> str:
    try:
        return str(resolve(path).route)
    except Resolver404:
        return path


def _crawl(client: Client) -> tuple[int, list[str], Counter[str]]:
    """How many pages were visited, what went wrong, and the queries of each page."""
    queue: deque[Link] = deque([("/", False)])
    seen = {queue[0]}
    per_route: Counter[str] = Counter()
    problems: list[str] = []
    queries: Counter[str] = Counter()
    visited = 0
    while queue and visited < MAX_PAGES:
        address, htmx = queue.popleft()
        visited += 1
        counter = _QueryCounter()
        with connection.execute_wrapper(counter):
            response = client.get(address, headers={"HX-Request": "true"} if htmx else {})
        queries[address] = max(queries[address], counter.count)
        if response.status_code >= 500:
            problems.append(f"{address}: {response.status_code}")
        elif counter.count > QUERY_BUDGET:
            problems.append(f"{address}: {counter.count} queries")
        found: list[Link] = []
        if response.status_code in REDIRECTS:
            found = [(response["Location"], False)]
        elif response.get("Content-Type", "").startswith("text/html"):
            found = _links(response.content.decode(), address)
        for link in found:
            path = urlsplit(link[0]).path
            if link in seen or path.startswith(SKIPPED) or per_route[_route(path)] >= PER_ROUTE:
                continue
            seen.add(link)
            per_route[_route(path)] += 1
            queue.append(link)
    return visited, problems, queries


def test_every_linked_page_answers_within_budget_for_every_demo_account(
    settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path  # the demo's report files
    call_command("demo", "--no-serve", stdout=io.StringIO())
    problems: list[str] = []
    for username, *_account in DEMO_ACCOUNTS:
        client = Client(raise_request_exception=False)  # a 500 is counted, not raised
        client.force_login(User.objects.get(username=username))
        visited, found, queries = _crawl(client)
        problems += [f"{username} {p}" for p in found]
        # The walk reached the task, indicator and reporting pages, not only the home page.
        assert visited > 50, (username, visited)
        assert any(a.startswith("/indicators/") and a.count("/") == 3 for a in queries), username
    assert problems == []
