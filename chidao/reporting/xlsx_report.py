"""The province's report as a workbook with the same tables as the .docx.

Sheets: "Tổng hợp" (reporting rates), "Chỉ số" (every indicator for the province and each
unit, with target and assessment), "Nhiệm vụ" (the four-way split by unit), "Đơn vị chậm,
thiếu" (late and missing units), "Báo cáo của đơn vị" (the full text each unit wrote under
each heading: the .docx quotes only what it says about the period). Each sheet: a title
line, a line saying the period and the report's one as-of date, then a bold, shaded header
row that stays in view (frozen) and the data; figures are real numbers rounded to the
indicator's decimals (Excel shows them with the reader's separators) and dates real dates
shown dd/mm/yyyy.

Written in openpyxl's write-only mode: the sheet of 250 units × 30 indicators has 7,500
rows, which the normal mode builds several times slower.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from chidao.core.spreadsheets import safe_row, set_text_safe, text_safe
from chidao.indicators.choices import Achievement
from chidao.indicators.queries import comparator_sign
from chidao.reporting.report import Consolidated
from chidao.tasks.choices import AssignmentStatus

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
THIN = Side(style="thin", color="999999")
HEADER_BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_ALIGN = Alignment(horizontal="center", vertical="center", wrap_text=True)
TITLE_FONT = Font(bold=True, size=13)
BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
PERCENT = "0.0"
DATE = "DD/MM/YYYY"
HEADER_ROW = 3  # title, subtitle, header


class Sheet:
    def __init__(
        self,
        book: Workbook,
        title: str,
        c: Consolidated,
        widths: Sequence[float],
        *,
        subtitle: str = "",
    ) -> None:
        self.ws: WriteOnlyWorksheet = book.create_sheet(title)
        for i, width in enumerate(widths, start=1):
            self.ws.column_dimensions[get_column_letter(i)].width = width
        self.ws.freeze_panes = f"A{HEADER_ROW + 1}"
        self.ws.append([self._cell(f"{title} — {c.regime.name}", font=TITLE_FONT)])
        self.ws.append(
            safe_row(
                self.ws,
                [
                    subtitle
                    or f"Kỳ báo cáo: {c.period.label}; số liệu tổng hợp đến ngày {c.as_of:%d/%m/%Y}"
                ],
            )
        )

    def _cell(
        self, value: Any, *, font: Font | None = None, fmt: str | None = None, header: bool = False
    ) -> WriteOnlyCell:
        cell = set_text_safe(WriteOnlyCell(self.ws), value)
        if header:
            cell.font = HEADER_FONT
            cell.fill = HEADER_FILL
            cell.border = HEADER_BORDER
            cell.alignment = HEADER_ALIGN
        if font is not None:
            cell.font = font
        if fmt is not None:
            cell.number_format = fmt
        return cell

    def header(self, titles: Sequence[str]) -> None:
        self.ws.append([self._cell(t, header=True) for t in titles])

    def row(
        self, values: Sequence[Any], *, bold: bool = False, formats: dict[int, str] | None = None
    ) -> None:
        """A data row; `formats` maps column positions (0-based) to number formats. Only
        the cells that need a style are made as cells (styling costs per cell)."""
        if bold:
            formats = formats or {}
            cells: list[Any] = [
                self._cell(v, font=BOLD, fmt=formats.get(i)) for i, v in enumerate(values)
            ]
        elif formats:
            cells = [
                self._cell(v, fmt=formats[i])
                if i in formats and v is not None
                else text_safe(self.ws, v)
                for i, v in enumerate(values)
            ]
        else:
            cells = safe_row(self.ws, values)
        self.ws.append(cells)


def _number(value: Any, decimals: int = 4) -> float | int | None:
    """A figure as the sheet stores it: rounded to the indicator's decimals (so that no
    number format is needed to hide 73,333333…), whole numbers as integers."""
    if value is None:
        return None
    number = round(float(value), decimals)
    return int(number) if number.is_integer() else number


def render(c: Consolidated) -> bytes:
    book = Workbook(write_only=True)
    _rates(book, c)
    _indicators(book, c)
    _tasks(book, c)
    _late(book, c)
    _narratives(book, c)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _rates(book: Workbook, c: Consolidated) -> None:
    r = c.rates
    sheet = Sheet(book, "Tổng hợp", c, [44, 14, 14])
    sheet.header(["Nội dung", "Số đơn vị", "Tỷ lệ (%)"])
    rows: list[tuple[str, int]] = [
        ("Số đơn vị phải báo cáo", r.expected),
        ("Đã gửi báo cáo", r.submitted),
        ("Gửi đúng hạn", r.on_time),
        ("Gửi muộn", r.late),
        ("Chưa gửi báo cáo (quá hạn)", r.missing),
        ("Chưa gửi, còn trong hạn", r.pending),
        ("Đã được tiếp nhận", r.accepted),
    ]
    for label, count in rows:
        sheet.row([label, count, r.rate(count)], formats={2: PERCENT})
    sheet.row([])
    sheet.row(["Hạn gửi báo cáo", r.due_date], formats={1: DATE})
    sheet.row(["Ngày tổng hợp số liệu", c.as_of], formats={1: DATE})


def _indicators(book: Workbook, c: Consolidated) -> None:
    sheet = Sheet(book, "Chỉ số", c, [6, 40, 16, 50, 12, 14, 10, 14, 24])
    sheet.header(
        [
            "STT",
            "Đơn vị",
            "Mã chỉ số",
            "Chỉ số",
            "Đơn vị tính",
            "Giá trị",
            "So sánh",
            "Chỉ tiêu",
            "Đánh giá",
        ]
    )
    board = c.board
    n = 0

    words = {status: str(status.label) for status in Achievement}

    def line(unit_name: str, ind: Any, cell: Any, bold: bool) -> None:
        nonlocal n
        n += 1
        target = cell.target
        sheet.row(
            [
                n,
                unit_name,
                ind.code,
                ind.name,
                ind.measure_unit,
                _number(cell.value, ind.decimals),
                comparator_sign(target.comparator) if target is not None else None,
                _number(target.value) if target is not None else None,
                words[cell.judgement.status],
            ],
            bold=bold,
        )

    for ind in c.indicators:
        line("Toàn tỉnh", ind, board.province[ind.pk], True)
    for unit in board.units:
        for ind in c.indicators:
            line(unit.name, ind, board.cells[(ind.pk, unit.pk)], False)


def _tasks(book: Workbook, c: Consolidated) -> None:
    statuses = list(AssignmentStatus)
    sheet = Sheet(
        book,
        "Nhiệm vụ",
        c,
        [6, 44, 10, *([18] * len(statuses))],
    )
    sheet.header(["STT", "Đơn vị", "Tổng số", *(str(s.label) for s in statuses)])
    for n, split in enumerate(c.tasks, 1):
        sheet.row([n, split.unit.name, split.total, *(split[s] for s in statuses)])
    totals = c.task_totals()
    sheet.row(["", "Tổng cộng", sum(totals.values()), *(totals[s] for s in statuses)], bold=True)


def _late(book: Workbook, c: Consolidated) -> None:
    sheet = Sheet(book, "Đơn vị chậm, thiếu", c, [6, 44, 22, 14, 14, 14])
    sheet.header(["STT", "Đơn vị", "Tình trạng", "Hạn gửi", "Ngày gửi", "Số ngày muộn"])
    n = 0
    for late in c.late:
        n += 1
        sheet.row(
            [n, late.unit.name, "Gửi muộn", late.due_date, late.sent_on, late.days_late],
            formats={3: DATE, 4: DATE},
        )
    for unit in c.missing:
        n += 1
        sheet.row([n, unit.name, "Chưa gửi", c.rates.due_date, None, None], formats={3: DATE})
    for unit in c.pending:
        n += 1
        sheet.row(
            [n, unit.name, "Chưa gửi, còn hạn", c.rates.due_date, None, None], formats={3: DATE}
        )


NARRATIVES_SHEET = "Báo cáo của đơn vị"


def _narratives(book: Workbook, c: Consolidated) -> None:
    """The full text of every unit's report under each heading, as typed (written as
    text, so that a leading "=" stays words; the line breaks are kept)."""
    sheet = Sheet(book, NARRATIVES_SHEET, c, [6, 40, 36, 110])
    sheet.header(["STT", "Đơn vị", "Mục báo cáo", "Nội dung"])
    n = 0
    for block in c.narratives:
        for entry in block.entries:
            n += 1
            # Control characters a paste may bring are not allowed in a workbook.
            text = ILLEGAL_CHARACTERS_RE.sub("", entry.text.replace("\x0b", "\n"))
            full = set_text_safe(WriteOnlyCell(sheet.ws), text)
            full.alignment = WRAP
            sheet.ws.append([*safe_row(sheet.ws, [n, entry.unit.name, block.section.title]), full])
