"""``chidao extract FILE [--format json|text] [--reference-date YYYY-MM-DD]``."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from typing import Any

from . import ExtractionError, extract
from .model import Extraction, Recurrence


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"ngày không hợp lệ (YYYY-MM-DD): {value}") from None


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="chidao extract",
        description="Đọc một văn bản chỉ đạo và in ra nhiệm vụ, đơn vị, thời hạn, chỉ tiêu.",
    )
    p.add_argument("file", help="tệp .txt, .md, .docx, .pdf (hoặc .doc khi có LibreOffice)")
    p.add_argument(
        "--format", choices=("json", "text"), default="json", help="json (mặc định) hoặc text"
    )
    p.add_argument(
        "--reference-date", type=_date, default=None, help="ngày neo khi văn bản không ghi ngày"
    )
    return p


def main(argv: list[str] | None = None) -> int:
    """Run the command; returns the exit code (0 success, 1 unreadable input, 2 usage)."""
    args = _parser().parse_args(argv)
    try:
        result = extract(
            args.file if args.file != "-" else sys.stdin.read(), reference_date=args.reference_date
        )
    except ExtractionError as exc:
        print(f"chidao extract: {exc}", file=sys.stderr)
        return 1
    if args.format == "json":
        json.dump(result.to_dict(), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(outline_text(result))
    return 0


_KINDS = {
    "TB": "THÔNG BÁO",
    "KH": "KẾ HOẠCH",
    "QĐ": "QUYẾT ĐỊNH",
    "CT": "CHỈ THỊ",
    "CTr": "CHƯƠNG TRÌNH",
    "CV": "CÔNG VĂN",
    "UBND": "CÔNG VĂN",
}
_FREQ = {
    "weekly": "hằng tuần",
    "monthly": "hằng tháng",
    "quarterly": "hằng quý",
    "yearly": "hằng năm",
}
_CMP = {">=": "tối thiểu", ">": "trên", "<=": "tối đa", "=": "bằng"}


def _units(units: Any) -> str:
    return "; ".join(u.name for u in units) or "(chưa xác định)"


def _number(v: float) -> str:
    """Vietnamese number format: 1.234,5."""
    whole, _, frac = f"{v:,.2f}".rstrip("0").rstrip(".").partition(".")
    return whole.replace(",", ".") + ("," + frac if frac else "")


def _recurrence(r: Recurrence) -> str:
    freq = "6 tháng một lần" if r.freq == "monthly" and r.interval == 6 else _FREQ[r.freq]
    month = re.search(r"BYMONTH=(\d+)(?:;|$)", r.rule)
    if r.day and month:
        freq += f", trước ngày {r.day:02d}/{int(month.group(1)):02d}"
    elif r.day:
        freq += f", trước ngày {r.day:02d}"
    return f"{freq} (“{r.text}”)"


def outline_text(result: Extraction) -> str:
    """An indented outline for people: section → task → Chủ trì / Phối hợp / Thời hạn, then
    targets and warnings. Vietnamese, dates dd/mm/yyyy, numbers 1.234,5."""
    d = result.document
    kind = _KINDS.get(d.type or "", d.type or "VĂN BẢN")
    when = f"ngày {d.date:%d/%m/%Y}" if d.date else (d.date_text or "").split(",", 1)[-1].strip()
    lines = [
        f"{kind} số {d.number or '…'}" + (f" — {d.title}" if d.title else ""),
        ", ".join(x for x in (d.place, when) if x)
        + (f" · họp ngày {d.meeting_date:%d/%m/%Y}" if d.meeting_date else ""),
    ]
    if d.signer:
        title = ", ".join(x for x in (d.signature_form, d.signer_title) if x)
        lines.append(f"Người ký: {d.signer}" + (f" ({title})" if title else ""))
    lines.append(f"Số nhiệm vụ: {len(result.tasks)} · chỉ tiêu: {len(result.targets)}")
    lines.append("")
    section = None
    for i, t in enumerate(result.tasks, 1):
        if t.section != section:
            section = t.section
            lines.append(section or "(không thuộc mục nào)")
        quote = " ".join(t.quote.replace("**", "").split())
        lines.append(f"  {i}. {quote[:200]}{'…' if len(quote) > 200 else ''}")
        lines.append(f"     Chủ trì: {_units(t.lead)}")
        if t.support:
            lines.append(f"     Phối hợp: {_units(t.support)}")
        if t.due:
            lines.append(f"     Thời hạn: {t.due.date:%d/%m/%Y} (“{t.due.text}”)")
        elif t.recurrence:
            lines.append(f"     Định kỳ: {_recurrence(t.recurrence)}")
        elif t.ongoing:
            lines.append("     Thời hạn: thường xuyên")
        else:
            lines.append("     Thời hạn: không ghi")
    if result.targets:
        lines += ["", "Chỉ tiêu:"]
        for tg in result.targets:
            due = f", đến {tg.due:%d/%m/%Y}" if tg.due else ""
            miss = " — chưa đạt" if tg.missed else ""
            unit = "%" if tg.unit == "%" else (" " + tg.unit if tg.unit else "")
            cmp_ = _CMP.get(tg.comparator, tg.comparator)
            quote = " ".join(tg.quote.replace("**", "").replace("*", "").split()).strip("-+ ")
            quote = quote if len(quote) <= 160 else quote[:159] + "…"
            lines.append(f"  - {cmp_} {_number(tg.value)}{unit}{due}{miss}: “{quote}”")
    if result.warnings:
        lines += ["", "Cảnh báo:"]
        lines += [f"  ! {w.message}" for w in result.warnings]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
