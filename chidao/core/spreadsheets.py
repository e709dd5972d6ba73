"""Writing user text into Excel workbooks as text, never as a formula.

openpyxl turns any string that starts with "=" into a live formula, and Excel evaluates
"+", "-", "@" (and a leading tab or carriage return) the same way when a cell is edited.
A task title or a unit's note that begins so would become `=HYPERLINK(…)` in the
secretariat's copy. Every writer passes its values through `text_safe` (one value) or
`safe_row` (a row for `append`), or sets an existing cell with `set_text_safe`: risky
strings become cells typed as strings with Excel's quote prefix, so the file stores and
shows them as text.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from openpyxl.cell.cell import Cell, WriteOnlyCell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_risky(value: object) -> bool:
    """True for a string that a spreadsheet would read as a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def set_text_safe(cell: Any, value: Any) -> Any:
    """Give an existing cell `value`; a risky string is stored as text. Returns the cell."""
    cell.value = value
    if is_risky(value):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def text_safe(sheet: Worksheet | WriteOnlyWorksheet, value: Any) -> Any:
    """`value` as it should be given to `sheet.append`: unchanged, or, for a risky string,
    a cell holding it as text. Cells already made are returned as they are."""
    if isinstance(value, Cell) or not is_risky(value):
        return value
    return set_text_safe(WriteOnlyCell(sheet), value)


def safe_row(sheet: Worksheet | WriteOnlyWorksheet, values: Iterable[Any]) -> list[Any]:
    """A row for `sheet.append` with every risky string held as text."""
    return [text_safe(sheet, v) for v in values]
