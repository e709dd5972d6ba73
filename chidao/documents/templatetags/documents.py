"""Template helpers of the documents app."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    """`mapping[key]`, or "" when absent (status → colour maps and the like)."""
    try:
        return mapping[key]
    except (KeyError, IndexError, TypeError):
        return ""
