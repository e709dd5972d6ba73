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


@register.inclusion_tag("documents/_learned_aliases.html", takes_context=True)
def learned_aliases(context: dict[str, Any], unit: Any) -> dict[str, Any]:
    """The card of a unit's page listing the aliases learned in review (one query), with
    a “Xoá” button for those who review documents."""
    from chidao.core.permissions import Action, can
    from chidao.documents.queries import learned_aliases as aliases_of

    user = context["request"].user
    return {
        "aliases": aliases_of(unit),
        "can_remove": can(user, Action.IMPORT_DOCUMENTS),
        "csrf_token": context.get("csrf_token"),
    }
