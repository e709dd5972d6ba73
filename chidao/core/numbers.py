"""Numbers on screens in the interface's language: "1.234,5" and "99,8%" in Vietnamese,
"1,234.5" and "99.8%" in English.

Every percentage a page shows goes through `percent_text` (the `percent` filter of the
reporting screens, the `figure` filter for indicators measured in %), so one page never
mixes "79.5%" and "99,8%". Documents and workbooks the province sends keep the
Vietnamese notation of `indicators.queries.format_number` whatever the reader's language.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.utils import formats


def number_text(value: Decimal | float | int | None, decimals: int = 2) -> str:
    """`value` rounded to `decimals` places (half up), trailing zeros dropped, thousands
    grouped by three, with the active language's separators; None → "—"."""
    return written(
        value,
        decimals,
        thousands=str(formats.get_format("THOUSAND_SEPARATOR")),
        point=str(formats.get_format("DECIMAL_SEPARATOR")),
    )


def written(
    value: Decimal | float | int | None, decimals: int, *, thousands: str, point: str
) -> str:
    """`value` rounded half up to `decimals` places (the number achievement compares),
    trailing zeros dropped, thousands grouped by three with the separators given;
    None → "—"."""
    if value is None:
        return "—"
    number = Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    sign = "-" if number < 0 else ""
    whole, _, frac = f"{abs(number):f}".partition(".")
    frac = frac.rstrip("0")
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    text = thousands.join(groups)
    return f"{sign}{text}{point}{frac}" if frac else f"{sign}{text}"


def percent_text(value: Decimal | float | int | None, decimals: int = 1) -> str:
    """A percentage as "87,5%" (Vietnamese) or "87.5%" (English); None → "—"."""
    return "—" if value is None else f"{number_text(value, decimals)}%"
