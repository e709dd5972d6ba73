"""vnextract: read a Vietnamese directive and return its tasks, units, deadlines and targets.

A pure-Python library (it imports nothing from Django). The public API::

    from vnextract import extract
    result = extract("thong-bao.docx")          # or a .txt/.md/.pdf/.doc path, or text
    result.to_dict()                            # the JSON of ../shared/eval/README.md

``extract`` raises :class:`ExtractionError` (a ``ValueError``) with a one-line message when
the source cannot be read; it never raises anything else for bad input.
"""

from __future__ import annotations

import datetime as dt
import os

from ._extract import extract_text
from ._read import ExtractionError, read_source
from ._text import normalise
from .gazetteer import Gazetteer, GazetteerEntry, Mention
from .model import (
    Document,
    Due,
    Extraction,
    Fact,
    Footnote,
    Recurrence,
    Section,
    Span,
    Target,
    Task,
    UnitRef,
    Warning,
)

__all__ = [
    "Document",
    "Due",
    "Extraction",
    "ExtractionError",
    "Fact",
    "Footnote",
    "Gazetteer",
    "GazetteerEntry",
    "Mention",
    "Recurrence",
    "Section",
    "Span",
    "Target",
    "Task",
    "UnitRef",
    "Warning",
    "extract",
    "normalise",
]


def extract(
    source: str | os.PathLike[str] | bytes,
    *,
    units: Gazetteer | None = None,
    reference_date: dt.date | None = None,
) -> Extraction:
    """Extract the structure of a directive.

    ``source`` is a path (.txt, .md, .docx, .pdf; .doc through LibreOffice when installed),
    the text itself, or UTF-8 bytes. ``units`` is the gazetteer (default: the built-in one of
    provincial bodies and groups). ``reference_date`` anchors dates without a year when the
    document states no date. Offsets in the result index ``Extraction.text``, the normalised
    text. Raises :class:`ExtractionError` for missing, unreadable, unsupported, corrupt or
    oversized input.
    """
    raw = read_source(source)
    text = normalise(raw)
    try:
        return extract_text(text, units or Gazetteer.default(), reference_date)
    except RecursionError:  # absurd nesting is capped, but never let it escape as a crash
        raise ExtractionError("cấu trúc văn bản quá sâu, không phân tích được") from None
