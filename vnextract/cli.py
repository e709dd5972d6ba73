"""``chidao extract FILE [--format json|text] [--reference-date YYYY-MM-DD]``."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from typing import Any

from . import ExtractionError, extract
from .model import Extraction


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


def _units(units: Any) -> str:
    return "; ".join(u.name for u in units) or "—"


def outline_text(result: Extraction) -> str:
    """An indented outline for people: section → task → lead / support / deadline."""
    d = result.document
    lines = [
        f"{d.type or '?'} {d.number or ''} — {d.title or ''}".strip(),
        f"{d.place or ''}, {d.date.strftime('%d/%m/%Y') if d.date else d.date_text or ''}"
        + (f" · họp ngày {d.meeting_date:%d/%m/%Y}" if d.meeting_date else ""),
        f"Ký: {d.signature_form or ''} {d.signer_title or ''} {d.signer or ''}".strip(),
        "",
    ]
    section = None
    for i, t in enumerate(result.tasks, 1):
        if t.section != section:
            section = t.section
            lines.append(section or "(không thuộc mục nào)")
        quote = " ".join(t.quote.replace("**", "").split())
        lines.append(f"  {i}. {quote[:200]}{'…' if len(quote) > 200 else ''}")
        lines.append(f"     chủ trì: {_units(t.lead)}")
        if t.support:
            lines.append(f"     phối hợp: {_units(t.support)}")
        if t.due:
            lines.append(f"     thời hạn: {t.due.date:%d/%m/%Y} ({t.due.text})")
        elif t.recurrence:
            lines.append(f"     định kỳ: {t.recurrence.text} [{t.recurrence.rule}]")
        elif t.ongoing:
            lines.append("     thời hạn: thường xuyên")
    if result.targets:
        lines += ["", "Chỉ tiêu:"]
        for tg in result.targets:
            due = f" — đến {tg.due:%d/%m/%Y}" if tg.due else ""
            miss = " (chưa đạt)" if tg.missed else ""
            val = f"{tg.value:g}".replace(".", ",")
            unit = "%" if tg.unit == "%" else (" " + tg.unit if tg.unit else "")
            lines.append(f"  - {tg.indicator}: {tg.comparator} {val}{unit}{due}{miss}")
    if result.warnings:
        lines += ["", "Cảnh báo:"]
        lines += [f"  ! {w.message}" for w in result.warnings]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
