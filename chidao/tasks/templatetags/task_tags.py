"""Template filters of the task screens: status colours from the one map in choices.py."""

from __future__ import annotations

from django import template

from chidao.tasks.choices import OUTCOME_COLORS, STATUS_COLORS, AssignmentStatus

register = template.Library()


@register.filter
def status_color(code: str) -> str:
    """The Tabler colour of a four-way status value ("open_overdue" → "red")."""
    return STATUS_COLORS.get(str(code), "secondary")


@register.filter
def outcome_color(code: str) -> str:
    """The Tabler colour of an occurrence outcome ("met" → "green")."""
    return OUTCOME_COLORS.get(str(code), "secondary")


@register.filter
def status_label(code: str) -> str:
    """The words of a four-way status value."""
    return str(AssignmentStatus(code).label) if code in AssignmentStatus.values else ""
