"""`period_label`: a reporting period in the interface's language ("Quý III/2024",
"Quarter III/2024"). Registered as a builtin (settings.TEMPLATES), so every template has it.

`Period.label` stays the Vietnamese of reports and documents (chidao.core.periods is pure
Python); pages use this filter.
"""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _

from chidao.core.periods import Period, PeriodKind

register = template.Library()

_ROMAN = ("I", "II", "III", "IV")


def localized_label(period: Period) -> str:
    """`period.label` through the translation catalogue."""
    match period.kind:
        case PeriodKind.MONTH:
            return _("Tháng %(m)s/%(y)s") % {"m": f"{period.index:02d}", "y": period.year}
        case PeriodKind.QUARTER:
            return _("Quý %(q)s/%(y)s") % {"q": _ROMAN[period.index - 1], "y": period.year}
        case PeriodKind.HALF:
            if period.index == 1:
                return _("6 tháng đầu năm %(y)s") % {"y": period.year}
            return _("6 tháng cuối năm %(y)s") % {"y": period.year}
    return _("Năm %(y)s") % {"y": period.year}


@register.filter
def period_label(value: object) -> str:
    """A `Period`, a period code ("2024Q3") or an object with a `period` (a submission, a
    target, a value) as its label in the current language; anything else as text."""
    if isinstance(value, str):
        try:
            return localized_label(Period.parse(value))
        except ValueError:
            return value
    if not isinstance(value, Period):
        value = getattr(value, "period", value)
    return localized_label(value) if isinstance(value, Period) else str(value or "")
