"""The corpus of real directives (`tests/corpus/`) stays usable: every gold file has its
document, every anchor occurs in it, the tuning and test parts never share a document,
and every document's source is listed in SOURCES.md."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

CORPUS = Path(__file__).parent / "corpus"
PARTS = ("tune", "test")
_SPACE = re.compile(r"\s+")


def _norm(text: str) -> str:
    # As the scorer folds text before looking for an anchor: emphasis, quotes, spaces, case.
    text = re.sub(r"<[^>]+>", "", text).replace("*", "")
    for quote in "\"'“”‘’":
        text = text.replace(quote, "")
    return _SPACE.sub(" ", text).strip().casefold()


def _golds() -> list[tuple[str, Path]]:
    return [(part, g) for part in PARTS for g in sorted((CORPUS / part / "gold").glob("*.yaml"))]


@pytest.mark.parametrize(("part", "gold"), _golds(), ids=lambda v: getattr(v, "stem", v))
def test_every_anchor_occurs_in_its_document(part: str, gold: Path) -> None:
    data = yaml.safe_load(gold.read_text(encoding="utf-8"))
    doc = CORPUS / part / "docs" / data["source"]
    assert doc.exists(), doc
    text = _norm(doc.read_text(encoding="utf-8"))
    missing = [
        t["anchor"]
        for kind in ("tasks", "targets")
        for t in data.get(kind) or []
        if _norm(t["anchor"]) not in text
    ]
    assert missing == []
    assert data.get("tasks"), "a corpus document has tasks"


def test_parts_share_no_document_and_every_source_is_listed() -> None:
    names = {part: {p.name for p in (CORPUS / part / "docs").glob("*.txt")} for part in PARTS}
    assert names["tune"]
    assert names["test"]
    assert not names["tune"] & names["test"]
    sources = (CORPUS / "SOURCES.md").read_text(encoding="utf-8")
    for part, files in names.items():
        for name in files:
            stem = name.removesuffix(".txt")
            assert stem in sources, f"{part}/{name} has no source line"
            assert (CORPUS / part / "gold" / f"{stem}.yaml").exists(), f"{part}/{name} has no gold"
