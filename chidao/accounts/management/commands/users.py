"""`chidao users create|list|token`: manage people from the command line."""

from __future__ import annotations

import getpass
import json
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from chidao.accounts import services
from chidao.accounts.choices import Role
from chidao.accounts.models import User
from chidao.units.models import Unit
from chidao.units.queries import find_units


def find_unit(text: str) -> Unit:
    """A unit in force today by UUID, code, exact name or unique accent-insensitive match."""
    found = find_units(text, timezone.localdate())
    if len(found) == 1:
        return found[0]
    if not found:
        raise CommandError(f"Không tìm thấy đơn vị “{text}”.")
    names = "; ".join(f"{u.name} ({u.code or u.uuid})" for u in found)
    raise CommandError(f"“{text}” khớp nhiều đơn vị: {names}. Hãy ghi rõ hơn hoặc dùng mã.")


class Command(BaseCommand):
    help = "Create and list users, and issue API tokens."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="create a user")
        create.add_argument("username")
        create.add_argument("--role", required=True, choices=Role.values)
        create.add_argument("--unit", help="unit name, abbreviation, code or UUID")
        create.add_argument("--full-name", default="")
        create.add_argument("--email", default="")
        create.add_argument("--password", help="omit to be asked (not echoed)")
        listing = sub.add_parser("list", help="list users")
        listing.add_argument("--role", choices=Role.values)
        listing.add_argument("--format", choices=["table", "json"], default="table")
        token = sub.add_parser("token", help="issue an API token for a user")
        token.add_argument("username")
        token.add_argument("--name", required=True)

    def handle(self, *args: Any, **opts: Any) -> None:
        getattr(self, f"_{opts['action']}")(opts)

    def _create(self, opts: dict[str, Any]) -> None:
        unit = find_unit(opts["unit"]) if opts["unit"] else None
        password = opts["password"]
        if password is None:
            password = getpass.getpass("Mật khẩu: ")
            if password != getpass.getpass("Nhập lại: "):
                raise CommandError("Hai lần nhập mật khẩu không khớp.")
        try:
            user = services.create_user(
                None,
                password=password,
                via="cli",
                username=opts["username"],
                role=opts["role"],
                unit=unit,
                full_name=opts["full_name"],
                email=opts["email"],
                is_staff=opts["role"] == Role.ADMIN,
            )
        except ValidationError as exc:
            raise CommandError(_messages(exc)) from None
        where = f", {unit.name}" if unit else ""
        self.stdout.write(f"Đã tạo người dùng {user.username} ({user.get_role_display()}{where}).")

    def _list(self, opts: dict[str, Any]) -> None:
        users = User.objects.select_related("unit").order_by("username")
        if opts["role"]:
            users = users.filter(role=opts["role"])
        rows = [
            {
                "uuid": str(u.uuid),
                "username": u.username,
                "full_name": u.full_name,
                "role": u.role,
                "unit": u.unit.name if u.unit else None,
                "is_active": u.is_active,
            }
            for u in users
        ]
        if opts["format"] == "json":
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        for r in rows:
            self.stdout.write(f"{r['username']:<20} {r['role']:<12} {r['unit'] or '—'}")
        self.stdout.write(f"{len(rows)} người dùng.")

    def _token(self, opts: dict[str, Any]) -> None:
        user = User.objects.filter(username=opts["username"]).first()
        if user is None:
            raise CommandError(f"Không có người dùng “{opts['username']}”.")
        try:
            _token, key = services.create_token(None, user, opts["name"], via="cli")
        except ValidationError as exc:
            raise CommandError(_messages(exc)) from None
        self.stdout.write(key)


def _messages(exc: ValidationError) -> str:
    if hasattr(exc, "error_dict"):
        return "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())
    return " ".join(exc.messages)
