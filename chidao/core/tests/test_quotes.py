"""Vietnamese text quotes with “…”, not the French «…» (issue 9, item 17).

Every message, template, catalogue entry and document the product writes comes from the
files scanned here; the one exception is the sentence splitter, which must still
recognise «…» in what units write.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCANNED = {".py", ".html", ".po", ".yaml", ".md", ".js", ".txt"}
# Reads users' text, where «» may appear; it writes none.
READERS = {ROOT / "reporting" / "report.py"}


def test_no_french_quotes_in_what_the_product_writes() -> None:
    offenders = []
    for path in ROOT.rglob("*"):
        if path.suffix not in SCANNED or "vendor" in path.parts or path in READERS:
            continue
        if path == Path(__file__):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if "\u00ab" in line or "\u00bb" in line:
                offenders.append(f"{path.relative_to(ROOT)}:{number}")
    assert offenders == []
