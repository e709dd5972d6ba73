"""Notification texts translated when shown, not when written.

A notification is written once (by a job, or in the request of someone else) and read
later by a person who may use another language. So a title is stored as its Vietnamese
source string and its values (`Message`), and rendered through the catalogue in the
reader's language; the rendered Vietnamese is kept beside it for e-mails, searches and
messages written before this existed.

Values are text and numbers (dates already as dd/mm/yyyy, names as written), reporting
periods (`Period`, shown as "Quý III/2024" or "Quarter III/2024") or other messages
(a word such as " (muộn)" that is translated too).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext, ngettext

from chidao.core.periods import Period


@dataclass(frozen=True)
class Message:
    """`msgid` (Vietnamese, with %(name)s placeholders; mark it with gettext_noop) and its
    values. With `plural` and `count`, the form for `count` (ngettext)."""

    msgid: str
    params: dict[str, Any] = field(default_factory=dict)
    plural: str = ""
    count: int | None = None

    def render(self) -> str:
        """The text in the active language."""
        if self.plural and self.count is not None:
            text = ngettext(self.msgid, self.plural, self.count)
        else:
            text = gettext(self.msgid)
        values = {k: _render_value(v) for k, v in self.params.items()}
        return text % values if values else text

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"msgid": self.msgid}
        if self.params:
            data["params"] = {k: _value_json(v) for k, v in self.params.items()}
        if self.plural:
            data["plural"], data["count"] = self.plural, self.count
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Message:
        return cls(
            data["msgid"],
            {k: _value_from_json(v) for k, v in (data.get("params") or {}).items()},
            data.get("plural", ""),
            data.get("count"),
        )


def _render_value(value: Any) -> Any:
    if isinstance(value, Message):
        return value.render()
    if isinstance(value, Period):
        from chidao.core.templatetags.periods import localized_label

        return localized_label(value)
    return value


def _value_json(value: Any) -> Any:
    if isinstance(value, Message):
        return {"message": value.to_json()}
    if isinstance(value, Period):
        return {"period": value.code}
    if isinstance(value, int | float | str):
        return value
    return str(value)


def _value_from_json(value: Any) -> Any:
    if isinstance(value, dict) and "message" in value:
        return Message.from_json(value["message"])
    if isinstance(value, dict) and "period" in value:
        return Period.parse(value["period"])
    return value


def week_dates(day: dt.date) -> tuple[str, str]:
    """The first and last day (Monday, Sunday) of `day`'s week for a title, as
    ("30/11", "06/12/2026"): the year once when both ends share it."""
    monday = day - dt.timedelta(days=day.weekday())
    sunday = monday + dt.timedelta(days=6)
    start = f"{monday:%d/%m}" if monday.year == sunday.year else f"{monday:%d/%m/%Y}"
    return start, f"{sunday:%d/%m/%Y}"
