"""`chidao demo`: a working product on SQLite in one command, with a sample province."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from chidao.accounts.choices import Role
from chidao.accounts.models import User
from chidao.units.models import Unit

DEMO_PROVINCE = "20"  # Lạng Sơn: its 2024 directive is among the samples
DEMO_PASSWORD = "chidao-demo"  # noqa: S105  # published demo password, demo data only

# username, role, catalogue key of the unit (None: the province; "commune": a commune)
DEMO_ACCOUNTS: list[tuple[str, str, str | None, str]] = [
    ("admin", Role.ADMIN, None, "Quản trị hệ thống"),
    ("thuongtruc", Role.SECRETARIAT, "so-khcn", "Nguyễn Văn Thường"),
    ("lanhdao", Role.LEADER, "ubnd-tinh", "Hoàng Văn Lãnh"),
    ("donvi", Role.OFFICER, "so-tc", "Lê Thị Đơn"),
    ("xa", Role.OFFICER, "commune", "Vi Văn Xã"),
]


class Command(BaseCommand):
    help = "Set up the demo (database, sample province, demo accounts) and serve it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", 8000)))
        parser.add_argument("--no-serve", action="store_true", help="set up, then stop")

    def handle(self, *args: Any, **opts: Any) -> None:
        if not os.environ.get("CHIDAO_SITE_URL"):
            # Links in the demo's e-mails point at the port it serves on.
            settings.SITE_URL = f"http://127.0.0.1:{opts['port']}"
        call_command("migrate", interactive=False, verbosity=0)
        province = self._province()
        self._accounts(province)
        self._live_data(province)
        self.stdout.write(self._banner(opts["port"], province))
        if opts["no_serve"]:
            return
        worker = subprocess.Popen(
            [sys.executable, "-m", "chidao.cli", "worker"],
            env={**os.environ, "CHIDAO_SITE_URL": settings.SITE_URL},  # it sends the e-mails
        )
        try:
            from chidao.core.management.commands.serve import run_gunicorn

            call_command("collectstatic", interactive=False, verbosity=0)
            run_gunicorn(f"127.0.0.1:{opts['port']}", workers=2, threads=4)
        finally:
            worker.terminate()

    def _province(self) -> Unit:
        from chidao.units.catalogue import init_province
        from chidao.units.services import installation_province

        existing = installation_province()
        if existing is not None:
            return existing
        self.stdout.write("Đang nạp danh mục đơn vị hành chính và tỉnh mẫu (lần đầu)…")
        return init_province(DEMO_PROVINCE)

    def _live_data(self, province: Unit) -> None:
        """Directives of the last two years and their follow-up, and a year of periodic
        reports, dated from today."""
        from chidao.reporting import demo_data as reporting_demo
        from chidao.tasks.demo_data import load

        self.stdout.write(load(province).summary())
        # The year of periodic reports, after the directives that ask for them.
        self.stdout.write(reporting_demo.load(province).summary())

    @transaction.atomic
    def _accounts(self, province: Unit) -> None:
        from chidao.accounts import services

        for username, role, key, full_name in DEMO_ACCOUNTS:
            if User.objects.filter(username=username).exists():
                continue
            services.create_user(
                None,
                password=DEMO_PASSWORD,
                via="cli",
                username=username,
                role=role,
                unit=_demo_unit(province, key),
                full_name=full_name,
                email=f"{username}@example.vn",
                is_staff=role == Role.ADMIN,
                is_superuser=role == Role.ADMIN,
            )

    def _banner(self, port: int, province: Unit) -> str:
        lines = [
            "",
            f"chidao đang chạy tại http://127.0.0.1:{port}  —  {province.name}",
            f"Tài khoản demo (mật khẩu: {DEMO_PASSWORD}):",
        ]
        for username, _role, _key, _name in DEMO_ACCOUNTS:
            user = User.objects.select_related("unit").get(username=username)
            unit = f", {user.unit.name}" if user.unit else ""
            lines.append(f"  {username:<11} {user.get_role_display()}{unit}")
        lines.append(f"Dữ liệu: {settings.DATA_DIR}")
        return "\n".join(lines)


def _demo_unit(province: Unit, key: str | None) -> Unit | None:
    from django.utils import timezone

    today = timezone.localdate()
    if key is None:
        return None
    if key == "commune":
        return (
            Unit.objects.valid_on(today)
            .filter(province=province, kind="commune")
            .order_by("code")
            .first()
        )
    return Unit.objects.valid_on(today).filter(province=province, catalogue_key=key).first()
