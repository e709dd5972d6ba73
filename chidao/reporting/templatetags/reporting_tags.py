"""Template helpers of the reporting screens: colours of statuses, numbers as Vietnamese
write them, and the block on a recurring task's page that makes a regime of it."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

from chidao.core.numbers import percent_text
from chidao.core.permissions import Action, can
from chidao.indicators.queries import format_number
from chidao.reporting.choices import SubmissionStatus, Timeliness

register = template.Library()

TIMELINESS_COLORS: dict[str, str] = {
    Timeliness.ON_TIME: "green",
    Timeliness.LATE: "orange",
    Timeliness.MISSING: "red",
    Timeliness.PENDING: "secondary",
}

SUBMISSION_COLORS: dict[str, str] = {
    SubmissionStatus.DRAFT: "secondary",
    SubmissionStatus.SUBMITTED: "blue",
    SubmissionStatus.RETURNED: "orange",
    SubmissionStatus.ACCEPTED: "green",
}


@register.filter
def timeliness_color(code: str) -> str:
    return TIMELINESS_COLORS.get(str(code), "secondary")


@register.filter
def submission_color(code: str) -> str:
    return SUBMISSION_COLORS.get(str(code), "secondary")


@register.filter
def lookup(mapping: Any, key: Any) -> Any:
    """mapping[key], or None (dicts keyed by ids or codes)."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.filter
def num(value: Decimal | float | int | None, decimals: int = 2) -> str:
    """1234.5 → "1.234,5"; None → "—"."""
    return format_number(value, int(decimals))


@register.filter
def percent(value: float | None) -> str:
    """A rate as "87,5%" ("87.5%" in English); None (nothing expected) → "—"."""
    return percent_text(value, 1)


@register.inclusion_tag("reporting/_task_regime.html", takes_context=True)
def regime_from_task_block(context: Any, task: Any) -> dict[str, Any]:
    """For a recurring task: a link to the regime made from it, or, for the secretariat,
    the button that makes one."""
    from chidao.reporting.models import Regime
    from chidao.tasks.recurrence import frequency_of

    user = context.get("user")
    recurring = bool(frequency_of(task))
    regime = Regime.objects.filter(task=task).first() if recurring else None
    return {
        "task": task,
        "recurring": recurring,
        "regime": regime,
        "can_view": can(user, Action.VIEW_REGIMES),
        "can_manage": can(user, Action.MANAGE_REGIMES),
        "csrf_token": context.get("csrf_token"),
    }
