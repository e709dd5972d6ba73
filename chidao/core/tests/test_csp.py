"""The Content-Security-Policy: sent on every response, and the templates need nothing it
forbids (inline scripts, on…= handlers, style attributes, eval)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from chidao.core.middleware import CONTENT_SECURITY_POLICY

pytestmark = pytest.mark.django_db

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
APP_TEMPLATES = sorted(Path(__file__).resolve().parents[2].glob("*/templates"))


def _templates() -> list[Path]:
    return sorted(p for d in [TEMPLATES, *APP_TEMPLATES] for p in d.rglob("*.html"))


def _directives(header: str) -> dict[str, str]:
    return dict(part.strip().split(" ", 1) for part in header.split(";"))


def test_every_page_sends_the_policy(client: Client, people: Any) -> None:
    login_page = client.get("/accounts/login/")
    assert login_page["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    client.force_login(people.donvi)
    home = client.get("/")
    assert home.status_code == 200
    policy = _directives(home["Content-Security-Policy"])
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["img-src"] == "'self' data:"
    assert policy["object-src"] == "'none'"
    assert policy["base-uri"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["form-action"] == "'self'"
    assert "unsafe" not in home["Content-Security-Policy"]
    assert client.get("/api/v1/units")["Content-Security-Policy"] == CONTENT_SECURITY_POLICY


def test_htmx_is_configured_to_need_no_inline_style_or_eval(login: Any, people: Any) -> None:
    html = login(people.donvi).get("/").content.decode()
    assert (
        '<meta name="htmx-config" content=\'{"includeIndicatorStyles": false, '
        '"allowEval": false}\'>'
    ) in html


def test_templates_hold_no_inline_script_handler_or_style() -> None:
    found = []
    for path in _templates():
        text = path.read_text()
        for pattern in (
            r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>",  # inline code
            r"\son[a-z]+\s*=",  # onclick=, onload=…
            r"\sstyle\s*=",  # style="" attributes
            r"<style\b",
            r"javascript:",
            r"hx-on",  # htmx evaluates these
        ):
            found += [
                f"{path.relative_to(TEMPLATES.parent)}: {m}" for m in re.findall(pattern, text)
            ]
    assert found == []
