"""The value objects ``extract`` returns. All are frozen; offsets index ``Extraction.text``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open range ``[start, end)`` of the normalised text."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class UnitRef:
    """A unit named in a task: its resolved ``name``, the ``mention`` as written, the
    gazetteer ``key`` (None for a unit the gazetteer does not know) and where it was written
    (None when inherited from a heading, a field or a table column header)."""

    name: str
    mention: str
    key: str | None = None
    span: Span | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "mention": self.mention, "key": self.key}


@dataclass(frozen=True, slots=True)
class Due:
    """A deadline: the last day work may be done, with the words that set it."""

    date: dt.date
    text: str
    span: Span | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"date": self.date.isoformat(), "text": self.text}


@dataclass(frozen=True, slots=True)
class Recurrence:
    """A repeating obligation; ``rule`` is an RFC 5545 RRULE body."""

    freq: str  # weekly | monthly | quarterly | yearly
    text: str
    day: int | None = None
    interval: int = 1
    rule: str = ""
    span: Span | None = None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"freq": self.freq, "day": self.day, "text": self.text}
        if self.interval != 1:
            d["interval"] = self.interval
        d["rule"] = self.rule
        return d


@dataclass(frozen=True, slots=True)
class Task:
    """One piece of assigned work.

    ``quote`` is the task's source text: ``text[span.start:span.end]`` for a single piece,
    or the pieces of ``spans`` joined by single spaces when a page break or footnote split
    the paragraph. ``section`` is the heading path it sits under.
    """

    quote: str
    spans: tuple[Span, ...]
    section: str
    lead: tuple[UnitRef, ...] = ()
    support: tuple[UnitRef, ...] = ()
    due: Due | None = None
    recurrence: Recurrence | None = None
    ongoing: bool = False
    source: str = "body"  # body | table
    footnotes: tuple[str, ...] = ()

    @property
    def span(self) -> Span:
        """From the first piece's start to the last piece's end."""
        return Span(self.spans[0].start, self.spans[-1].end)

    def to_dict(self) -> dict[str, Any]:
        return {
            "quote": self.quote,
            "section": self.section,
            "lead": [u.to_dict() for u in self.lead],
            "support": [u.to_dict() for u in self.support],
            "due": self.due.to_dict() if self.due else None,
            "recurrence": self.recurrence.to_dict() if self.recurrence else None,
            "ongoing": self.ongoing,
            "start": self.span.start,
            "end": self.span.end,
            "source": self.source,
        }


@dataclass(frozen=True, slots=True)
class Target:
    """A numeric commitment: ``indicator`` ``comparator`` ``value`` ``unit`` by ``due``.
    ``missed`` marks a target a results section lists as not reached."""

    quote: str
    span: Span
    indicator: str
    value: float
    unit: str
    comparator: str = ">="
    due: dt.date | None = None
    missed: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "quote": self.quote,
            "indicator": self.indicator,
            "value": _num(self.value),
            "unit": self.unit,
            "comparator": self.comparator,
            "due": self.due.isoformat() if self.due else None,
            "missed": self.missed,
            "start": self.span.start,
            "end": self.span.end,
        }


@dataclass(frozen=True, slots=True)
class Fact:
    """A figure the document reports as achieved ("đạt 94,9%", "630.485/732.908 hồ sơ")."""

    quote: str
    span: Span
    value: float
    unit: str = ""
    of: float | None = None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"quote": self.quote, "value": _num(self.value), "unit": self.unit}
        if self.of is not None:
            d["of"] = _num(self.of)
        d["start"], d["end"] = self.span.start, self.span.end
        return d


@dataclass(frozen=True, slots=True)
class Footnote:
    """A footnote body and the marker that introduces it."""

    marker: str
    text: str
    span: Span


@dataclass(frozen=True, slots=True)
class Section:
    """A heading or item of the outline with its nesting depth (0 = top)."""

    label: str
    title: str
    depth: int
    span: Span


@dataclass(frozen=True, slots=True)
class Document:
    """What the header and signature say about the directive."""

    type: str | None = None
    number: str | None = None
    date: dt.date | None = None
    date_text: str | None = None
    place: str | None = None
    province: str | None = None
    issuer: str | None = None
    signer: str | None = None
    signature_form: str | None = None
    signer_title: str | None = None
    title: str | None = None
    meeting_date: dt.date | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "number": self.number,
            "date": self.date.isoformat() if self.date else None,
            "date_text": self.date_text,
            "place": self.place,
            "province": self.province,
            "issuer": self.issuer,
            "signer": self.signer,
            "signature_form": self.signature_form,
            "signer_title": self.signer_title,
            "title": self.title,
            "meeting_date": self.meeting_date.isoformat() if self.meeting_date else None,
        }


@dataclass(frozen=True, slots=True)
class Warning:
    """Something a reviewer should look at; ``code`` is stable, ``message`` Vietnamese."""

    code: str
    message: str
    span: Span | None = None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.span:
            d["start"], d["end"] = self.span.start, self.span.end
        return d


@dataclass(frozen=True, slots=True)
class Extraction:
    """The result of :func:`vnextract.extract`: the normalised ``text`` and what was found."""

    text: str
    document: Document
    tasks: tuple[Task, ...] = ()
    targets: tuple[Target, ...] = ()
    facts: tuple[Fact, ...] = ()
    sections: tuple[Section, ...] = ()
    footnotes: tuple[Footnote, ...] = ()
    warnings: tuple[Warning, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of ``../shared/eval/README.md`` plus ``facts`` and ``warnings``."""
        return {
            "document": self.document.to_dict(),
            "tasks": [t.to_dict() for t in self.tasks],
            "targets": [t.to_dict() for t in self.targets],
            "facts": [f.to_dict() for f in self.facts],
            "warnings": [w.to_dict() for w in self.warnings],
        }


def _num(v: float) -> int | float:
    return int(v) if float(v).is_integer() else v
