"""`chidao tasks list|transfer|occurrences`: list tasks with their status as of a date,
pass succeeded units' open work to their successors, create recurring occurrences."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any
from uuid import UUID

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q
from django.utils import timezone

from chidao.core.periods import parse_day
from chidao.core.text import fold
from chidao.tasks import export, queries, recurrence, services
from chidao.tasks.choices import AssignmentStatus
from chidao.units.models import Unit


def _day(text: str | None) -> dt.date:
    if text is None:
        return timezone.localdate()
    try:
        return parse_day(text) or timezone.localdate()
    except ValueError:
        raise CommandError(
            f"--as-of: “{text}” không phải ngày hợp lệ; dùng dạng YYYY-MM-DD hoặc dd/mm/yyyy."
        ) from None


def _unit(text: str) -> Unit:
    """A unit by uuid, code, exact name or (accent-insensitive) abbreviation."""
    units = Unit.objects.all()
    try:
        found = list(units.filter(uuid=UUID(text))[:2])
    except ValueError:
        found = []
    if not found:
        found = list(units.filter(Q(code=text) | Q(name__iexact=text))[:2])
    if not found:
        wanted = fold(text)
        found = [u for u in units.search(text)[:50] if wanted in u.search_text.split(" | ")]
    if not found:
        raise CommandError(f"--unit: không tìm thấy đơn vị “{text}”.")
    if len(found) > 1:
        names = "; ".join(u.name for u in found[:5])
        raise CommandError(f"--unit: “{text}” khớp nhiều đơn vị ({names}); dùng mã hoặc uuid.")
    return found[0]


class Command(BaseCommand):
    help = "Tasks: list with status as of a date, transfer to successors, create occurrences."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        listing = sub.add_parser("list", help="list tasks with their four-way status")
        listing.add_argument("--unit", help="uuid, code, name or abbreviation of a unit")
        listing.add_argument("--status", choices=AssignmentStatus.values)
        listing.add_argument("--as-of", dest="as_of", help="YYYY-MM-DD (default: today)")
        listing.add_argument("--q", default="", help="search words (accents optional)")
        listing.add_argument("--format", choices=["table", "json", "xlsx"], default="table")
        listing.add_argument("-o", "--output", help="file to write (required for xlsx)")
        transfer = sub.add_parser(
            "transfer", help="pass open assignments of succeeded units to their successors"
        )
        transfer.add_argument("--as-of", dest="as_of", help="YYYY-MM-DD (default: today)")
        occ = sub.add_parser("occurrences", help="create occurrences of recurring tasks")
        occ.add_argument("--until", help="YYYY-MM-DD (default: a month from today)")

    def handle(self, *args: Any, **opts: Any) -> None:
        if opts["action"] == "list":
            self._list(opts)
        elif opts["action"] == "transfer":
            self._transfer(opts)
        else:
            until = (
                _day(opts["until"])
                if opts["until"]
                else timezone.localdate() + dt.timedelta(days=31)
            )
            n = recurrence.generate_occurrences(until)
            self.stdout.write(f"Đã tạo {n} kỳ thực hiện (đến {until:%d/%m/%Y}).")

    def _list(self, opts: dict[str, Any]) -> None:
        as_of = _day(opts["as_of"])
        f = queries.TaskFilters(
            as_of=as_of,
            unit=_unit(opts["unit"]) if opts["unit"] else None,
            status=opts["status"] or "",
            q=opts["q"],
        )
        tasks = list(queries.task_list(None, f))
        fmt = opts["format"]
        output = opts.get("output")
        if fmt == "xlsx":
            if not output:
                raise CommandError("--format xlsx cần -o TỆP.xlsx")
            Path(output).write_bytes(export.to_xlsx(tasks, as_of=as_of))
            self.stderr.write(f"{len(tasks)} nhiệm vụ → {output}")
            return
        if fmt == "json":
            text = json.dumps(
                {"as_of": as_of.isoformat(), "tasks": list(export.rows(tasks, as_of))},
                ensure_ascii=False,
                indent=2,
                default=str,
            )
        else:
            text = "\n".join(
                [
                    *export.to_table(tasks, as_of),
                    f"{len(tasks)} nhiệm vụ, tình hình tại {as_of:%d/%m/%Y}.",
                ]
            )
        if output:
            Path(output).write_text(text + "\n", encoding="utf-8")
            self.stderr.write(f"{len(tasks)} nhiệm vụ → {output}")
        else:
            self.stdout.write(text)

    def _transfer(self, opts: dict[str, Any]) -> None:
        on = _day(opts["as_of"])
        report = services.transfer_all(on, via="command")
        for unit, successors, n in report.moved:
            names = ", ".join(s.name for s in successors)
            self.stdout.write(f"{unit.name} → {names}: {n} phân công")
        for unit in report.orphaned:
            self.stderr.write(f"{unit.name}: không có đơn vị kế thừa, giữ nguyên.")
        self.stdout.write(f"Đã chuyển {report.count} phân công tại ngày {on:%d/%m/%Y}.")
