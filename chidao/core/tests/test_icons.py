"""The vendored icon sprite holds every icon the templates use, so no button shows an
empty square (device-floppy and send were missing, leaving save and send bare)."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings

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
