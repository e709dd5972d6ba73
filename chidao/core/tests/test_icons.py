"""The vendored icon sprite holds every icon the templates use, so no button shows an
empty square (device-floppy and send were missing, leaving save and send bare)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse

from chidao.reporting.tests.test_services import setup  # noqa: F401  # fixture

ROOT = Path(settings.BASE_DIR)  # the chidao package
SPRITE = ROOT / "static/vendor/tabler-icons/tabler-sprite.svg"
ICON_USE = re.compile(r'components/icon\.html" with name="([a-z0-9-]+)"')


def _symbols() -> set[str]:
    return set(re.findall(r'<symbol id="tabler-([a-z0-9-]+)"', SPRITE.read_text()))


def test_every_icon_a_template_names_is_in_the_sprite() -> None:
    used = {
        name
        for path in (ROOT / "templates").rglob("*.html")
        for name in ICON_USE.findall(path.read_text())
    }
    assert {"device-floppy", "send"} <= used
    assert used - _symbols() == set()


def test_icons_txt_lists_the_sprite() -> None:
    listed = set((SPRITE.parent / "icons.txt").read_text().split())
    assert listed == _symbols()


@pytest.mark.django_db
def test_report_save_and_send_buttons_show_their_icons(
    login: Any,
    people: Any,
    setup: Any,  # noqa: F811
) -> None:
    from django.utils import timezone

    from chidao.core.periods import Period

    current = Period.containing("quarter", timezone.localdate())  # still open to edit
    setup.regime.first_period = "2020Q1"
    setup.regime.save(update_fields=["first_period"])
    url = reverse("reporting:my_submission", args=[setup.regime.uuid, current.code])
    html = login(people.donvi).get(url, follow=True).content.decode()
    buttons = dict(
        re.findall(r'<button type="submit" name="(save|submit)"[^>]*>(.*?)</button>', html)
    )
    symbols = _symbols()
    for name, icon, words in (
        ("save", "device-floppy", "Lưu nháp"),
        ("submit", "send", "Gửi báo cáo"),
    ):
        assert f"tabler-sprite.svg#tabler-{icon}" in buttons[name]
        assert words in buttons[name]
        assert icon in symbols
