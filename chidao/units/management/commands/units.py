"""`chidao units list|load`: list units at a date, or load the administrative units."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q
from django.utils import timezone

from chidao.core.text import fold
from chidao.units.choices import UnitKind
from chidao.units.loaders import UnitDataError, load_admin_units
from chidao.units.models import Unit, UnitQuerySet
from chidao.units.services import installation_province


def parse_day(text: str | None) -> dt.date:
    """`YYYY-MM-DD` (today when None); CommandError with the expected form otherwise."""
    if text is None:
        return timezone.localdate()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(
            f"--as-of: “{text}” không phải ngày hợp lệ; dùng dạng YYYY-MM-DD (vd. 2024-06-01)."
        ) from None


def parse_kind(text: str | None) -> str | None:
    if text is None or text in UnitKind.values:
        return text
    raise CommandError(
        f"--kind: “{text}” không phải loại đơn vị; chọn một trong: {', '.join(UnitKind.values)}."
    )


def find_province(text: str, day: dt.date) -> Unit:
    """The province valid on `day` (else today) with this code or (accent-insensitive) name."""
    provinces = Unit.objects.filter(kind=UnitKind.PROVINCE)
    wanted = fold(text).removeprefix("tinh ").removeprefix("thanh pho ")
    for qs in (provinces.valid_on(day), provinces.filter(valid_to__isnull=True)):
        for p in qs.filter(Q(code=text.strip()) | Q(search_text__contains=wanted)):
            if p.code == text.strip() or wanted in {fold(p.short_name), fold(p.name)}:
                return p
    raise CommandError(f"--province: không tìm thấy tỉnh, thành phố “{text}”.")


def in_province(units: UnitQuerySet, province: Unit) -> UnitQuerySet:
    """Units of `province`, of the provinces merged into it, and the province itself."""
    predecessors = Unit.objects.filter(
        kind=UnitKind.PROVINCE, successor_links__successor=province
    ).values("pk")
    return units.filter(Q(pk=province.pk) | Q(province=province) | Q(province__in=predecessors))


def _date(day: dt.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else "—"


class Command(BaseCommand):
    help = "List units valid at a date (units list) or load the administrative units (units load)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        listing = sub.add_parser("list", help="list units valid at a date")
        listing.add_argument("--kind", help=f"one of {', '.join(UnitKind.values)}")
        listing.add_argument("--as-of", dest="as_of", help="YYYY-MM-DD (default: today)")
        listing.add_argument("--format", choices=["table", "json"], default="table")
        listing.add_argument(
            "--province",
            help="code or name; default: the installation's province (nationwide for provinces)",
        )
        listing.add_argument("--q", help="search names, abbreviations, aliases (no accents needed)")
        load = sub.add_parser(
            "load", help="load provinces, districts, communes and the 2025 mapping"
        )
        load.add_argument(
            "--only-province",
            dest="only",
            action="append",
            metavar="CODE",
            help="load only this province (old or new code; repeatable)",
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        getattr(self, f"_{opts['action']}")(opts)

    def _list(self, opts: dict[str, Any]) -> None:
        kind = parse_kind(opts["kind"])
        day = parse_day(opts["as_of"])
        units = Unit.objects.valid_on(day).select_related("parent")
        if kind:
            units = units.filter(kind=kind)
        if opts["province"]:
            units = in_province(units, find_province(opts["province"], day))
        elif kind != UnitKind.PROVINCE:
            province = installation_province()
            if province is not None:
                units = in_province(units, province)
        if opts["q"]:
            units = units.search(opts["q"])
        units_list = list(units.order_by("kind", "code", "name"))
        summary = f"{len(units_list)} đơn vị hiệu lực ngày {_date(day)}."
        if opts["format"] == "json":
            rows = [
                {
                    "uuid": str(u.uuid),
                    "code": u.code,
                    "name": u.name,
                    "kind": u.kind,
                    "parent": str(u.parent.uuid) if u.parent else None,
                    "parent_name": u.parent.name if u.parent else None,
                    "valid_from": u.valid_from.isoformat() if u.valid_from else None,
                    "valid_to": u.valid_to.isoformat() if u.valid_to else None,
                }
                for u in units_list
            ]
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            self.stderr.write(summary)  # stdout stays pure JSON for scripts
            return
        for u in units_list:
            self.stdout.write(
                f"{u.code or '—':<8} {u.kind:<10} {u.name:<50} "
                f"{_date(u.valid_from)} – {_date(u.valid_to)}  {u.parent.name if u.parent else ''}"
            )
        self.stdout.write(summary)

    def _load(self, opts: dict[str, Any]) -> None:
        try:
            result = load_admin_units(only_provinces=opts["only"], stdout=self.stdout)
        except UnitDataError as exc:
            raise CommandError(f"Dữ liệu đơn vị hành chính lỗi: {exc}") from None
        for warning in result.warnings:
            self.stderr.write(f"Cảnh báo: {warning}")
        self.stdout.write(result.summary())
