"""The xlsx the product hands a unit to fill with its figures, and reading it back.

`template` writes one sheet, “Số liệu”: a title block, then a header row with exactly
`COLUMNS`, then one row per reported indicator (computed ones are replaced by the figures
they are computed from), prefilled with what is already stored. Only “Giá trị” and
“Ghi chú” are unlocked; the sheet is protected without a password, to guide, not to
forbid.

`read` accepts that file (or any sheet with the same header row) and returns the figures
as `services.ValueInput`s; every problem, row by row, is raised together as
`services.ValueErrors` — nothing is half read. `import_values` then writes them with
`services.report_values`, all or nothing. Before openpyxl opens a file, `core.uploads`
holds it to the upload limits (file size, zip parts, rows and columns of each sheet).

Every text written into a cell goes through `core.spreadsheets`, so a name or a note that
starts with "=" stays text and never becomes a formula.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import IO, Any
from uuid import UUID

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from chidao.core import uploads
from chidao.core.periods import Period
from chidao.core.permissions import Action, require
from chidao.core.spreadsheets import safe_row, set_text_safe
from chidao.core.text import fold
from chidao.indicators import services
from chidao.indicators.choices import FormulaKind, ValueSource
from chidao.indicators.models import Indicator, IndicatorValue
from chidao.indicators.services import RowError, ValueErrors, ValueInput, ValueResult
from chidao.units.models import Unit

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHEET = "Số liệu"
GUIDE_SHEET = "Danh mục chỉ số"
COLUMNS = (
    "Mã chỉ số",
    "Tên chỉ số",
    "Đơn vị tính",
    "Mã đơn vị",
    "Tên đơn vị",
    "Kỳ báo cáo",
    "Giá trị",
    "Ghi chú",
)
CODE, NAME, MEASURE, UNIT_KEY, UNIT_NAME, PERIOD, VALUE, NOTE = range(len(COLUMNS))
EDITABLE = {VALUE, NOTE}
HEADER_SEARCH_ROWS = 30  # the header row is looked for among the first rows only

_GREY = PatternFill("solid", fgColor="EEEEEE")
_HEADER = PatternFill("solid", fgColor="D9E2F3")
_WIDTHS = (16, 60, 12, 16, 32, 12, 16, 40)


def unit_key(unit: Unit) -> str:
    """The stable key a workbook names a unit by: its administrative code, else its
    catalogue key, else its uuid."""
    return unit.code or unit.catalogue_key or str(unit.uuid)


def reported_terms(indicators: Sequence[Indicator]) -> list[Indicator]:
    """The indicators a unit reports for `indicators`: reported ones as they are, computed
    ones replaced by the reported indicators they are computed from (recursively); in the
    order given, without duplicates."""
    out: dict[int, Indicator] = {}

    def add(ind: Indicator, path: frozenset[int]) -> None:
        if ind.pk in path:  # a formula that refers back to itself: nothing more to add
            return
        if ind.formula == FormulaKind.RATIO:
            for term in (ind.numerator, ind.denominator):
                if term is not None:
                    add(term, path | {ind.pk})
        elif ind.formula == FormulaKind.SUM:
            for term in ind.components.all():
                add(term, path | {ind.pk})
        else:
            out.setdefault(ind.pk, ind)

    for indicator in indicators:
        add(indicator, frozenset())
    return list(out.values())


# -- writing ----------------------------------------------------------------------------


def template(
    unit: Unit, period: Period, indicators: Sequence[Indicator], *, title: str = ""
) -> bytes:
    """The workbook `unit` fills for `period`: one row per reported term of `indicators`,
    with the stored value (and note) when there is one."""
    terms = reported_terms(indicators)
    stored = {
        v.indicator_id: v
        for v in IndicatorValue.objects.filter(
            unit=unit, period_code=period.code, indicator__in=[t.pk for t in terms]
        ).only("indicator_id", "value", "note")
    }
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = SHEET
    heading = title or _("Biểu nhập số liệu chỉ số")
    lines = [
        heading,
        _("Đơn vị báo cáo: %(unit)s (mã %(key)s)") % {"unit": unit.name, "key": unit_key(unit)},
        _("Kỳ báo cáo: %(label)s (mã kỳ %(code)s)") % {"label": period.label, "code": period.code},
        _(
            "Hướng dẫn: chỉ nhập vào cột “Giá trị” và, nếu cần, “Ghi chú”; không sửa các cột "
            "khác, không thêm hay xoá cột. Số thập phân dùng dấu phẩy (1.234,5) hoặc nhập số "
            "trực tiếp; tỷ lệ phần trăm nhập từ 0 đến 100. Chỉ tiêu tính tự động (tỷ lệ, tổng) "
            "không cần nhập: hệ thống tự tính từ các số liệu thành phần. Để trống ô “Giá trị” "
            "khi chưa có số liệu."
        ),
    ]
    for row, text in enumerate(lines, 1):
        cell = set_text_safe(sheet.cell(row=row, column=1), text)
        cell.font = Font(bold=row == 1, size=14 if row == 1 else 11)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(COLUMNS))
    sheet.row_dimensions[len(lines)].height = 60
    header_row = len(lines) + 2
    for col, name in enumerate(COLUMNS, 1):
        cell = sheet.cell(row=header_row, column=col, value=name)
        cell.font = Font(bold=True)
        cell.fill = _HEADER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(col)].width = _WIDTHS[col - 1]
    validations: dict[tuple[Decimal | None, Decimal | None], DataValidation] = {}
    for offset, ind in enumerate(terms, 1):
        row = header_row + offset
        current = stored.get(ind.pk)
        values: list[Any] = [
            ind.code,
            ind.name,
            ind.measure_unit,
            unit_key(unit),
            unit.name,
            period.code,
            _cell_number(current.value) if current else None,
            current.note if current else None,
        ]
        for col, value in enumerate(values):
            cell = set_text_safe(sheet.cell(row=row, column=col + 1), value)
            if col in EDITABLE:
                cell.protection = Protection(locked=False)
            else:
                cell.fill = _GREY
            if col == VALUE:
                cell.number_format = "#,##0" if ind.decimals == 0 else "#,##0.0###"
            if col == NAME:
                cell.alignment = Alignment(wrap_text=True)
        if ind.min_value is not None or ind.max_value is not None:
            bounds = (ind.min_value, ind.max_value)
            if bounds not in validations:
                validations[bounds] = _validation(*bounds)
            validations[bounds].add(f"{get_column_letter(VALUE + 1)}{row}")
    for validation in validations.values():
        sheet.add_data_validation(validation)
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False  # widening a column is harmless
    sheet.protection.formatRows = False
    _guide(book, terms)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _cell_number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _validation(low: Decimal | None, high: Decimal | None) -> DataValidation:
    if low is not None and high is not None:
        rule = DataValidation(
            type="decimal", operator="between", formula1=str(low), formula2=str(high)
        )
        text = _("Nhập số từ %(a)s đến %(b)s.") % {"a": _fmt(low), "b": _fmt(high)}
    elif low is not None:
        rule = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1=str(low))
        text = _("Nhập số không nhỏ hơn %(a)s.") % {"a": _fmt(low)}
    else:
        rule = DataValidation(type="decimal", operator="lessThanOrEqual", formula1=str(high))
        text = _("Nhập số không lớn hơn %(b)s.") % {"b": _fmt(high or Decimal(0))}
    rule.allow_blank = True
    rule.showErrorMessage = True
    rule.errorTitle = _("Giá trị không hợp lệ")
    rule.error = text
    return rule


def _guide(book: Workbook, terms: Iterable[Indicator]) -> None:
    """A second sheet with each indicator's definition, for the person filling the form."""
    sheet = book.create_sheet(GUIDE_SHEET)
    header = ["Mã chỉ số", "Tên chỉ số", "Đơn vị tính", "Định nghĩa, cách tính", "Căn cứ"]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = _HEADER
    for ind in terms:
        sheet.append(
            safe_row(sheet, [ind.code, ind.name, ind.measure_unit, ind.definition, ind.source])
        )
    for col, width in enumerate((16, 50, 12, 80, 30), 1):
        sheet.column_dimensions[get_column_letter(col)].width = width


def _fmt(value: Decimal) -> str:
    from chidao.indicators.queries import format_number

    return format_number(value)


# -- reading ----------------------------------------------------------------------------


@dataclass
class _Raw:
    line: int
    code: str
    unit_text: str
    period_raw: Any
    value_raw: Any
    percent_cell: bool
    note: str


def read(
    data: bytes | IO[bytes],
    *,
    unit: Unit | None,
    period: Period | None,
    indicators: Sequence[Indicator] | None,
) -> list[ValueInput]:
    """The figures of a filled workbook, each with its Excel row number as `line`.

    `unit`, `period`, `indicators` (when given) say what the file may hold: rows of another
    unit or period, or of an indicator outside `indicators`, are errors. Rows whose “Giá
    trị” is empty are skipped. Raises `ValueErrors` listing every problem (a file that is
    no xlsx, a wrong header row, text in a number cell, an unknown code, a computed
    indicator, a value out of range, a duplicate row…).
    """
    raw_rows = _rows(data)
    errors: list[RowError] = []
    codes = {r.code for r in raw_rows if r.code}
    known = {i.code: i for i in Indicator.objects.filter(code__in=codes)}
    allowed = {i.pk for i in reported_terms(indicators)} if indicators is not None else None
    units = units_by_key({r.unit_text for r in raw_rows if r.unit_text}) if unit is None else {}
    own_keys = keys_of(unit) if unit is not None else set()
    seen: dict[tuple[int, int, str], int] = {}
    out: list[ValueInput] = []
    for raw in raw_rows:
        problems: list[str] = []
        indicator = known.get(raw.code)
        if not raw.code:
            problems.append(_("thiếu mã chỉ số."))
        elif indicator is None:
            problems.append(_("không có chỉ số mã “%(code)s” trong danh mục.") % {"code": raw.code})
        elif indicator.is_computed:
            problems.append(
                _("%(code)s là chỉ số tính tự động, không nhập trực tiếp.") % {"code": raw.code}
            )
        elif allowed is not None and indicator.pk not in allowed:
            problems.append(_("chỉ số %(code)s không thuộc biểu báo cáo này.") % {"code": raw.code})
        row_unit: Unit | None = None
        if unit is not None:
            if not raw.unit_text or raw.unit_text in own_keys:
                row_unit = unit
            else:
                problems.append(
                    _(
                        "số liệu của đơn vị khác (mã đơn vị “%(other)s”) — tệp này chỉ nhận "
                        "số liệu của %(unit)s (mã %(key)s)."
                    )
                    % {"other": raw.unit_text, "unit": unit.name, "key": unit_key(unit)}
                )
        elif not raw.unit_text:
            problems.append(_("thiếu mã đơn vị."))
        else:
            found = units.get(raw.unit_text, [])
            if len(found) == 1:
                row_unit = found[0]
            elif found:
                problems.append(
                    _("mã đơn vị “%(key)s” khớp nhiều đơn vị; dùng mã định danh (uuid).")
                    % {"key": raw.unit_text}
                )
            else:
                problems.append(_("không có đơn vị mã “%(key)s”.") % {"key": raw.unit_text})
        row_period = _period_of(raw.period_raw, period, problems)
        value: Decimal | None = None
        try:
            value = services.parse_number(raw.value_raw)
            if raw.percent_cell:
                # A cell formatted as a percentage holds 0.7 for "70%".
                value = value * 100
        except ValueError as exc:
            problems.append(
                _("giá trị của %(code)s: %(reason)s")
                % {"code": raw.code or "—", "reason": str(exc)}
            )
        if indicator is not None and value is not None and not problems:
            problem = services.range_problem(indicator, value)
            if problem:
                problems.append(problem)
        if not problems and indicator and row_unit and row_period and value is not None:
            key = (indicator.pk, row_unit.pk, row_period.code)
            if key in seen:
                problems.append(
                    _("trùng với dòng %(other)s (%(code)s, %(unit)s, %(period)s).")
                    % {
                        "other": seen[key],
                        "code": indicator.code,
                        "unit": row_unit.name,
                        "period": row_period.label,
                    }
                )
            else:
                seen[key] = raw.line
                out.append(
                    ValueInput(indicator, row_unit, row_period, value, raw.line, raw.note[:500])
                )
        errors.extend(RowError(raw.line, p) for p in problems)
    if errors:
        raise ValueErrors(errors)
    return out


def _rows(data: bytes | IO[bytes]) -> list[_Raw]:
    """The non-empty data rows below the header row; ValueErrors for a bad file or header.

    The file is held to the upload limits (`core.uploads.check_workbook`) before openpyxl
    opens it: a bomb is refused from the zip's directory in milliseconds."""
    limits = uploads.limits()
    payload = (
        bytes(data) if isinstance(data, bytes | bytearray) else data.read(limits.file_bytes + 1)
    )
    try:
        uploads.check_size(len(payload))
        uploads.check_workbook(payload)
    except uploads.UploadRefused as exc:
        message = _not_xlsx() if exc.code == "corrupt" else exc.message
        raise ValueErrors([RowError(None, message)]) from None
    try:
        book = load_workbook(io.BytesIO(payload), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a corrupt or foreign file
        raise ValueErrors([RowError(None, _not_xlsx())]) from None
    try:
        sheet = book[SHEET] if SHEET in book.sheetnames else book.worksheets[0]
        rows = sheet.iter_rows()
        header_line, positions = _header(rows)
        out: list[_Raw] = []
        line = header_line
        for cells in rows:
            line = next((c.row for c in cells if getattr(c, "row", None)), line + 1)
            if line > limits.sheet_rows:  # a sheet that declares no dimension, or lies
                raise ValueErrors(
                    [RowError(None, uploads.too_many_rows(limits.sheet_rows).message)]
                )
            values = {col: _cell_value(cells, pos) for col, pos in positions.items()}
            if all(_blank(v) for v in values.values()) or _blank(values[VALUE]):
                continue
            value_cell = cells[positions[VALUE]] if positions[VALUE] < len(cells) else None
            number_format = str(getattr(value_cell, "number_format", "") or "")
            out.append(
                _Raw(
                    line=line,
                    code=_text(values[CODE]),
                    unit_text=_text(values[UNIT_KEY]),
                    period_raw=values[PERIOD],
                    value_raw=values[VALUE],
                    percent_cell=isinstance(values[VALUE], int | float) and "%" in number_format,
                    note=_text(values[NOTE]),
                )
            )
        return out
    finally:
        book.close()


def _not_xlsx() -> str:
    return _(
        "Không đọc được tệp: đây không phải tệp Excel (.xlsx) hợp lệ hoặc tệp đã bị hỏng. "
        "Hãy tải biểu mẫu của hệ thống và nhập lại."
    )


def _header(rows: Iterable[Any]) -> tuple[int, dict[int, int]]:
    """The header row's number and each column's position; ValueErrors naming what is
    missing or extra."""
    wanted = {fold(name): i for i, name in enumerate(COLUMNS)}
    best: tuple[int, list[str]] | None = None
    line = 0
    for cells in rows:
        line = next((c.row for c in cells if getattr(c, "row", None)), line + 1)
        names = [_text(getattr(c, "value", None)) for c in cells]
        hits = sum(1 for n in names if fold(n) in wanted)
        if hits >= 2 and (best is None or hits > sum(1 for n in best[1] if fold(n) in wanted)):
            best = (line, names)
            if hits == len(COLUMNS):
                break
        if line >= HEADER_SEARCH_ROWS:
            break
    if best is None:
        raise ValueErrors(
            [
                RowError(
                    None,
                    _(
                        "Không tìm thấy dòng tiêu đề của bảng số liệu (các cột %(cols)s). "
                        "Hãy dùng biểu mẫu tải từ hệ thống."
                    )
                    % {"cols": ", ".join(f"“{c}”" for c in COLUMNS)},
                )
            ]
        )
    line, names = best
    positions: dict[int, int] = {}
    problems: list[str] = []
    extra: list[str] = []
    for pos, name in enumerate(names):
        if not name:
            continue
        col = wanted.get(fold(name))
        if col is None:
            extra.append(name)
        elif col in positions:
            problems.append(_("cột “%(c)s” xuất hiện hai lần.") % {"c": COLUMNS[col]})
        else:
            positions[col] = pos
    missing = [COLUMNS[i] for i in range(len(COLUMNS)) if i not in positions]
    if missing:
        problems.append(_("thiếu cột %(cols)s.") % {"cols": ", ".join(f"“{c}”" for c in missing)})
    if extra:
        problems.append(
            _("có cột không thuộc biểu mẫu: %(cols)s (hãy xoá các cột này).")
            % {"cols": ", ".join(f"“{c}”" for c in extra)}
        )
    if problems:
        raise ValueErrors([RowError(line, _("Dòng tiêu đề: %(p)s") % {"p": p}) for p in problems])
    return line, positions


def _cell_value(cells: Sequence[Any], pos: int) -> Any:
    return getattr(cells[pos], "value", None) if pos < len(cells) else None


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def _period_of(raw: Any, expected: Period | None, problems: list[str]) -> Period | None:
    if _blank(raw):
        if expected is None:
            problems.append(_("thiếu kỳ báo cáo."))
        return expected
    found: Period | None
    if isinstance(raw, dt.datetime | dt.date):
        # Excel turns a typed "2024-03" into a date: the month it names.
        found = Period.containing("month", raw if isinstance(raw, dt.date) else raw.date())
    else:
        try:
            found = Period.parse(_text(raw))
        except ValueError:
            problems.append(
                _("không đọc được kỳ báo cáo “%(v)s” (dùng dạng 2024-03, 2024Q3, 2024H1, 2024).")
                % {"v": _text(raw)}
            )
            return None
    if expected is not None and found != expected:
        problems.append(
            _("số liệu kỳ %(found)s — tệp này chỉ nhận số liệu %(expected)s.")
            % {"found": found.label, "expected": expected.label}
        )
        return None
    return found


def keys_of(unit: Unit) -> set[str]:
    return {k for k in (unit.code, unit.catalogue_key, str(unit.uuid)) if k}


def units_by_key(keys: set[str]) -> dict[str, list[Unit]]:
    """Units by the keys a workbook may name them by; a code reused over time resolves to
    the unit in force today when there is one."""
    if not keys:
        return {}
    uuids = []
    for key in keys:
        try:
            uuids.append(UUID(key))
        except ValueError:
            continue
    found = Unit.objects.filter(Q(code__in=keys) | Q(catalogue_key__in=keys) | Q(uuid__in=uuids))
    today = timezone.localdate()
    out: dict[str, list[Unit]] = {}
    for unit in found:
        for key in keys_of(unit) & keys:
            out.setdefault(key, []).append(unit)
    for key, units in out.items():
        current = [u for u in units if u.is_valid_on(today)]
        if len(units) > 1 and len(current) == 1:
            out[key] = current
    return out


# -- importing --------------------------------------------------------------------------


def import_values(
    actor: Any,
    data: bytes | IO[bytes],
    *,
    unit: Unit | None,
    period: Period | None,
    indicators: Sequence[Indicator] | None,
    submission: Any = None,
    reason: str = "",
    via: str = "web",
) -> ValueResult:
    """Read a filled workbook and store its figures, all or nothing (`ValueErrors` listing
    every bad row otherwise, range and numerator-above-denominator checks included).
    Changing a stored figure needs `reason`, as in `services.report_values`."""
    if actor is not None and unit is not None:
        require(actor, Action.REPORT_VALUES, unit)
    rows = read(data, unit=unit, period=period, indicators=indicators)
    if not rows:
        raise ValueErrors(
            [RowError(None, _("Tệp không có số liệu nào để nhập: các ô “Giá trị” đều trống."))]
        )
    return services.report_values(
        actor,
        rows,
        source=ValueSource.WORKBOOK,
        submission=submission,
        reason=reason,
        via=via,
    )
