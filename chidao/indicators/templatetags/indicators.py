"""Template filters of the indicator screens: numbers in the Vietnamese way, formulas in
words, achievement badges (colour and words together)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from chidao.core.numbers import percent_text
from chidao.indicators.choices import Achievement, FormulaKind
from chidao.indicators.models import Indicator, Target
from chidao.indicators.queries import (
    Cell,
    comparator_sign,
    figure_text,
    format_number,
    target_text,
)

register = template.Library()


@register.filter
def vn_number(value: Decimal | float | int | None, decimals: int = 2) -> str:
    """1234.5 → "1.234,5"; None → "—"."""
    try:
        places = int(decimals)
    except (TypeError, ValueError):
        places = 2
    return format_number(value, places)


@register.filter
def figure(value: Decimal | None, indicator: Indicator) -> str:
    """A value with the indicator's decimals and unit of measure: "72,5%", "1.200 hồ sơ".
    Percentages follow the interface's language, like every percentage on screens."""
    if value is not None and indicator.measure_unit.strip() == "%":
        return percent_text(value, indicator.decimals)
    return figure_text(value, indicator)


@register.filter
def formula_text(indicator: Indicator) -> str:
    """The formula in words: "= DVC-HS-TT / DVC-HS-TONG × 100", "= A + B", or ""."""
    if indicator.formula == FormulaKind.RATIO and indicator.numerator and indicator.denominator:
        text = f"= {indicator.numerator.code} / {indicator.denominator.code}"
        if indicator.scale != 1:
            text += f" × {format_number(indicator.scale, 4)}"
        return text
    if indicator.formula == FormulaKind.SUM:
        codes = [c.code for c in indicator.components.all()]
        return "= " + " + ".join(codes) if codes else ""
    return ""


@register.filter
def sign(comparator: str) -> str:
    """ ">=" → "≥", "<=" → "≤" (the others as they are)."""
    return comparator_sign(comparator)


@register.filter
def target_label(target: Target | None, indicator: Indicator) -> str:
    """A target as read: "≥ 70%", "≤ 5 hồ sơ"; "—" without one. `indicator` is passed
    rather than read from the target, which may not have it loaded."""
    if target is not None and indicator.measure_unit.strip() == "%":
        return f"{comparator_sign(target.comparator)} {figure(target.value, indicator)}"
    return target_text(target, indicator)


@register.simple_tag
def achievement_badge(
    cell: Cell | None, *, with_ratio: bool = False, quiet: bool = False
) -> SafeString:
    """The judgement of a cell as a coloured badge with its words (and, optionally, how
    much of the target the value reaches). `quiet`: nothing when no target applies, for
    tables where most cells have none."""
    if cell is None:
        return SafeString("")
    judgement = cell.judgement
    if quiet and judgement.status == Achievement.NO_TARGET:
        return SafeString("")
    title = ""
    if cell.target is not None:
        title = _("Chỉ tiêu %(t)s (%(p)s)") % {
            "t": f"{sign(cell.target.comparator)} {format_number(cell.target.value, 4)}",
            "p": cell.target.period_code,
        }
    ratio = ""
    if with_ratio and judgement.ratio is not None:
        ratio = _("%(r)s%% chỉ tiêu") % {"r": format_number(judgement.ratio * 100, 0)}
    return SafeString(
        render_to_string(
            "indicators/_achievement.html",
            {
                "label": judgement.label,
                "color": judgement.colour,
                "status": judgement.status.value,
                "title": title,
                "ratio": ratio,
            },
        )
    )


@register.filter
def get_item(mapping: dict[Any, Any], key: Any) -> Any:
    return mapping.get(key) if mapping else None
