"""Stale edits: the one refusal of a write based on an out-of-date page.

Rows that people edit from a page or through the API carry a `version`, bumped by every
write. A form carries it in a hidden field, an API client sends the one it read; the
service compares it with the row's *after* locking the row (`select_for_update()` inside
the write's transaction), so of two writes based on the same version exactly one wins and
the other is refused with `StaleEdit` — never silently overwritten. One message, naming
what changed (a report, a figure, a task, a unit's progress, a document).
"""

from __future__ import annotations

from enum import StrEnum

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class Edited(StrEnum):
    """What a stale write was about; it names the thing in the refusal."""

    REPORT = "report"
    FIGURE = "figure"
    TASK = "task"
    PROGRESS = "progress"
    DOCUMENT = "document"


def stale_message(what: Edited = Edited.REPORT) -> str:
    """The refusal's text: what changed, then what to do."""
    changed = {
        Edited.REPORT: _("Báo cáo đã được thay đổi ở nơi khác trong lúc bạn nhập."),
        Edited.FIGURE: _("Số liệu đã được thay đổi ở nơi khác trong lúc bạn nhập."),
        Edited.TASK: _("Nhiệm vụ đã được thay đổi ở nơi khác trong lúc bạn nhập."),
        Edited.PROGRESS: _("Tiến độ của đơn vị đã được thay đổi ở nơi khác trong lúc bạn nhập."),
        Edited.DOCUMENT: _("Văn bản đã được thay đổi ở nơi khác trong lúc bạn nhập."),
    }[what]
    return f"{changed} {_('Hãy tải lại trang, xem nội dung mới nhất rồi lưu lại.')}"


class StaleEdit(ValidationError):
    """The row changed since the version the write was based on; nothing was written."""

    def __init__(self, what: Edited = Edited.REPORT) -> None:
        super().__init__(stale_message(what), code="stale")


def check_version(current: int, expected: int | None, what: Edited = Edited.REPORT) -> None:
    """Raise `StaleEdit` about `what` unless `expected` (None: not checked) is the locked
    row's `current` version."""
    if expected is not None and expected != current:
        raise StaleEdit(what)
