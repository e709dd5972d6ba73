"""Text that a spreadsheet would take for a formula, and how the export tests look for it."""

from __future__ import annotations

import io
from typing import Any

import openpyxl

RISKY = ['=HYPERLINK("http://x","y")', "+1", "-2+3", "@SUM(A1)"]


def cells_holding(data: bytes, value: object) -> list[Any]:
    """Every cell of every sheet of the workbook `data` whose value is `value`."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheets = book.worksheets
    return [
        cell for sheet in sheets for row in sheet.iter_rows() for cell in row if cell.value == value
    ]


def assert_written_as_text(data: bytes, texts: list[str] = RISKY) -> None:
    """Each of `texts` is in the workbook, and every cell holding it is a string cell
    marked as text (Excel's quote prefix), never a formula."""
    for text in texts:
        cells = cells_holding(data, text)
        assert cells, f"{text!r} is not in the workbook"
        for cell in cells:
            assert cell.data_type == "s", (cell.coordinate, text)
            assert cell.quotePrefix, (cell.coordinate, text)
