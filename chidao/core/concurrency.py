"""Stale edits: the one refusal of a write based on an out-of-date page.

Rows that people edit from a page or through the API carry a `version`, bumped by every
write. A form carries it in a hidden field, an API client sends the one it read; the
service compares it with the row's *after* locking the row (`select_for_update()` inside
the write's transaction), so of two writes based on the same version exactly one wins and
the other is refused with `StaleEdit` — never silently overwritten. The message is the
submission page's, everywhere.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def stale_message() -> str:
    return _(
        "Báo cáo đã được thay đổi ở nơi khác trong lúc bạn nhập. "
        "Hãy tải lại trang, xem nội dung mới nhất rồi lưu lại."
    )


class StaleEdit(ValidationError):
    """The row changed since the version the write was based on; nothing was written."""

    def __init__(self) -> None:
        super().__init__(stale_message(), code="stale")


def check_version(current: int, expected: int | None) -> None:
    """Raise `StaleEdit` unless `expected` (None: not checked) is the locked row's
    `current` version."""
    if expected is not None and expected != current:
        raise StaleEdit()
