"""`chidao indicators seed|list|import`: load the catalogue, list it, and import a filled
workbook for a unit and period (checked only unless `--commit`)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from chidao.core.periods import Period
from chidao.indicators import queries, services, workbook
from chidao.indicators.services import ValueErrors
from chidao.units.models import Unit
from chidao.units.queries import find_units


def _unit(text: str, on: dt.date) -> Unit:
    """A unit in force on `on` (the period's last day: figures of a unit since merged are
    still its own) by uuid, administrative code, catalogue key or name."""
    found = find_units(text, on)
    if not found:
        raise CommandError(f"--unit: không tìm thấy đơn vị “{text}”.")
    if len(found) > 1:
        names = "; ".join(u.name for u in found[:5])
        raise CommandError(f"--unit: “{text}” khớp nhiều đơn vị ({names}); dùng uuid.")
    return found[0]


def _period(text: str) -> Period:
    try:
        return Period.parse(text)
    except ValueError as exc:
        raise CommandError(f"--period: {exc}") from None


class Command(BaseCommand):
    help = "Indicators: seed the catalogue, list it, import a filled workbook."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("seed", help="create or update the catalogue from catalogue.yaml")
        listing = sub.add_parser("list", help="list the catalogue")
        listing.add_argument("--format", choices=["table", "json"], default="table")
        listing.add_argument("--q", default="", help="search words (accents optional)")
        imp = sub.add_parser("import", help="check (and with --commit store) a filled workbook")
        imp.add_argument("file", help="the .xlsx file (a template downloaded from chidao)")
        imp.add_argument("--unit", required=True, help="uuid, code, catalogue key or name")
        imp.add_argument("--period", required=True, help="2024-03, 2024Q3, 2024H1 or 2024")
        imp.add_argument("--reason", default="", help="reason for changing stored figures")
        imp.add_argument("--commit", action="store_true", help="store the figures")

    def handle(self, *args: Any, **opts: Any) -> None:
        if opts["action"] == "seed":
            created = services.seed_catalogue(None, via="command")
            total = queries.indicators(active_only=False).count()
            self.stdout.write(f"Danh mục chỉ số: {created} chỉ số mới, {total} chỉ số tất cả.")
        elif opts["action"] == "list":
            self._list(opts)
        else:
            self._import(opts)

    def _list(self, opts: dict[str, Any]) -> None:
        rows = list(queries.indicators(opts["q"]).prefetch_related("components"))
        if opts["format"] == "json":
            data = [
                {
                    "code": i.code,
                    "name": i.name,
                    "unit": i.measure_unit,
                    "direction": i.direction,
                    "group": i.group,
                    "source": i.source,
                    "formula": i.formula,
                    "numerator": i.numerator.code if i.numerator else None,
                    "denominator": i.denominator.code if i.denominator else None,
                    "components": [c.code for c in i.components.all()],
                }
                for i in rows
            ]
            self.stdout.write(json.dumps({"indicators": data}, ensure_ascii=False, indent=2))
            return
        for i in rows:
            formula = ""
            if i.numerator and i.denominator:
                formula = f" = {i.numerator.code} / {i.denominator.code}"
            elif i.is_computed:
                formula = " = " + " + ".join(c.code for c in i.components.all())
            unit = f" ({i.measure_unit})" if i.measure_unit else ""
            self.stdout.write(f"{i.code:<20} {i.name}{unit}{formula}")
        self.stdout.write(f"{len(rows)} chỉ số.")

    def _import(self, opts: dict[str, Any]) -> None:
        path = Path(opts["file"])
        if not path.is_file():
            raise CommandError(f"Không có tệp “{path}”.")
        period = _period(opts["period"])
        unit = _unit(opts["unit"], period.end)
        try:
            if opts["commit"]:
                result = workbook.import_values(
                    None,
                    path.read_bytes(),
                    unit=unit,
                    period=period,
                    indicators=None,
                    reason=opts["reason"],
                    via="command",
                )
                self.stdout.write(
                    f"Đã nhập số liệu {unit.name}, {period.label}: {result.summary()}"
                )
                return
            rows = workbook.read(path.read_bytes(), unit=unit, period=period, indicators=None)
            problems = services.check_values(None, rows)
            if problems:
                raise ValueErrors(problems)
        except ValueErrors as exc:
            for row in exc.rows:
                self.stderr.write(str(row))
            raise CommandError(
                f"{len(exc.rows)} lỗi; không nhập số liệu nào của {unit.name}, {period.label}."
            ) from None
        self.stdout.write(
            f"Tệp hợp lệ: {len(rows)} số liệu của {unit.name}, {period.label}; chưa ghi "
            "(thêm --commit để nhập)."
        )
