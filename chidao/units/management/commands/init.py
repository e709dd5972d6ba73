"""`chidao init --province NAME_OR_CODE`: set up a province for a real deployment."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from chidao.units.catalogue import ProvinceInitError, ProvinceNotFound, setup_province
from chidao.units.loaders import UnitDataError


class Command(BaseCommand):
    help = (
        "Set up the province this installation serves: load the administrative units, "
        "create the province's departments, agencies and groups. Safe to run again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--province", required=True, help='code ("20") or name ("Lạng Sơn", "Lang Son")'
        )
        parser.add_argument(
            "--province-only",
            action="store_true",
            help="load only this province's districts and communes, not the whole country",
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        try:
            province, result = setup_province(
                opts["province"], nationwide=not opts["province_only"], stdout=self.stdout
            )
        except (ProvinceNotFound, ProvinceInitError) as exc:
            raise CommandError(str(exc)) from None
        except UnitDataError as exc:
            raise CommandError(f"Dữ liệu đơn vị hành chính lỗi: {exc}") from None
        from chidao.indicators.services import seed_catalogue

        created = seed_catalogue(None)
        self.stdout.write(f"{result.summary(province)} Danh mục chỉ số: {created} chỉ số mới.")
