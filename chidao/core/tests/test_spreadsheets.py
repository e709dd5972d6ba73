"""core.spreadsheets: user text that looks like a formula is written as text."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook
from openpyxl.cell.cell import Cell

from chidao.core.spreadsheets import is_risky, safe_row, set_text_safe, text_safe
from chidao.core.tests.formulas import RISKY, assert_written_as_text, cells_holding


def _saved(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize("text", [*RISKY, "\tSở Y tế", "\r\n=1+1"])
def test_text_starting_like_a_formula_is_risky(text: str) -> None:
    assert is_risky(text)


@pytest.mark.parametrize("value", ["Sở Y tế", "a=b", "", 12, -3.5, None, "1+1"])
def test_other_values_pass_unchanged(value: object) -> None:
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    assert not is_risky(value)
    assert text_safe(sheet, value) is value


@pytest.mark.parametrize("write_only", [True, False])
def test_safe_row_keeps_risky_text_as_text_in_both_modes(write_only: bool) -> None:
    book = Workbook(write_only=write_only)
    sheet = book.create_sheet("Dữ liệu")
    sheet.append(safe_row(sheet, [*RISKY, 7, "Sở Tài chính"]))
    data = _saved(book)
    assert_written_as_text(data)
    assert cells_holding(data, 7)[0].data_type == "n"
    assert not cells_holding(data, "Sở Tài chính")[0].quotePrefix


def test_without_the_helper_openpyxl_writes_a_formula() -> None:
    # The reason the helper exists: the same row appended as it is.
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(RISKY)
    cell = cells_holding(_saved(book), RISKY[0])[0]
    assert cell.data_type == "f"


def test_set_text_safe_on_an_existing_cell_and_cells_made_already() -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    cell = set_text_safe(sheet.cell(row=2, column=2), "@SUM(A1)")
    assert isinstance(cell, Cell)
    assert text_safe(sheet, cell) is cell
    set_text_safe(sheet.cell(row=3, column=2), 5)
    data = _saved(book)
    assert_written_as_text(data, ["@SUM(A1)"])
    assert cells_holding(data, 5)[0].data_type == "n"
