"""`chidao report regimes|build`: list the reporting regimes; build the province's
consolidated report of a regime for a period as .docx or .xlsx."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from chidao.core.periods import Period, parse_day
from chidao.core.text import fold
from chidao.reporting.choices import Frequency, ReportFormat
from chidao.reporting.models import Regime
from chidao.reporting.report import build_report
from chidao.reporting.services import period_problem

LIST_FORMATS = ("table", "json")


def find_regime(text: str) -> Regime:
    """A regime by uuid, or by name ignoring accents and case: the exact name first, else
    the one name containing the words given."""
    text = (text or "").strip()
    try:
        found = Regime.objects.filter(uuid=UUID(text)).first()
    except ValueError:
        found = None
    if found is not None:
        return found
    wanted = fold(text)
    if not wanted:
        raise CommandError("--regime: cần mã (uuid) hoặc tên chế độ báo cáo.")
    regimes = list(Regime.objects.all())
    exact = [r for r in regimes if fold(r.name) == wanted]
    if len(exact) == 1:
        return exact[0]
    close = exact or [r for r in regimes if wanted in fold(r.name)]
    if len(close) == 1:
        return close[0]
    if not close:
        raise CommandError(
            f"--regime: không tìm thấy chế độ báo cáo “{text}”. "
            "Xem danh sách bằng `chidao report regimes`."
        )
    names = "; ".join(f"{r.name} ({r.uuid})" for r in close[:5])
    raise CommandError(f"--regime: “{text}” khớp nhiều chế độ báo cáo ({names}); dùng uuid.")


class Command(BaseCommand):
    help = "Reporting regimes: list them; build the province's consolidated report."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        listing = sub.add_parser("regimes", help="list the reporting regimes")
        listing.add_argument("--format", dest="fmt", default="table", help="table (default), json")
        build = sub.add_parser("build", help="build the province's report for a period")
        build.add_argument("--regime", required=True, help="uuid or name (accents optional)")
        build.add_argument("--period", required=True, help="e.g. 2024Q3, 2024-09, 2024H1, 2024")
        build.add_argument("--format", dest="fmt", required=True, help="docx or xlsx")
        build.add_argument("-o", "--output", required=True, help="file to write")
        build.add_argument("--as-of", dest="as_of", help="YYYY-MM-DD (default: today)")
        build.add_argument("--number", default="", help="the report's number, e.g. 12/BC-BCĐ")

    def handle(self, *args: Any, **opts: Any) -> None:
        if opts["action"] == "regimes":
            self._regimes(opts["fmt"])
        else:
            self._build(opts)

    def _regimes(self, fmt: str) -> None:
        if fmt not in LIST_FORMATS:
            raise CommandError(f"--format: “{fmt}” không hợp lệ; chỉ nhận: table, json.")
        regimes = list(Regime.objects.order_by("name", "pk"))
        if fmt == "json":
            rows = [{"id": str(r.uuid), "name": r.name, "frequency": r.frequency} for r in regimes]
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"{'Mã (uuid)':<36}  {'Kỳ':<10}  Tên")
        for r in regimes:
            inactive = "" if r.active else " (ngừng áp dụng)"
            label = str(Frequency(r.frequency).label)
            self.stdout.write(f"{r.uuid!s:<36}  {label:<10}  {r.name}{inactive}")
        self.stdout.write(f"{len(regimes)} chế độ báo cáo.")

    def _build(self, opts: dict[str, Any]) -> None:
        fmt = (opts["fmt"] or "").strip().lower()
        if fmt not in ReportFormat.values:
            raise CommandError(f"--format: “{opts['fmt']}” không hợp lệ; chỉ nhận: docx, xlsx.")
        regime = find_regime(opts["regime"])
        try:
            period = Period.parse(opts["period"])
        except ValueError as exc:
            raise CommandError(f"--period: {exc}") from None
        if not regime.covers(period):
            raise CommandError(f"--period: {period_problem(regime, period)}")
        try:
            as_of = parse_day(opts["as_of"]) or timezone.localdate()
        except ValueError:
            raise CommandError(
                f"--as-of: “{opts['as_of']}” không phải ngày hợp lệ; dùng dạng YYYY-MM-DD "
                "hoặc dd/mm/yyyy."
            ) from None
        output = Path(opts["output"])
        if not output.parent.is_dir():
            raise CommandError(f"-o: thư mục “{output.parent}” không tồn tại.")
        try:
            report = build_report(
                None, regime, period, fmt, as_of=as_of, number=opts["number"], via="command"
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        with report.file.open("rb") as fh:
            output.write_bytes(fh.read())
        s = report.summary
        self.stdout.write(
            f"Đã lập báo cáo {regime.name} — {period.label} ({fmt}) → {output}: "
            f"{s['expected']} đơn vị phải báo cáo, {s['on_time']} đúng hạn, {s['late']} muộn, "
            f"{s['missing']} chưa gửi."
        )
