"""The unit gazetteer: names, abbreviations, aliases and groups, and the matcher over text.

A caller may pass its own :class:`Gazetteer` (for instance built from chidao's units
table); :meth:`Gazetteer.default` is built from the catalogue in ``vnextract/data``.
Matching is longest-first over words, case- and tone-placement-insensitive, with "và"
equal to "&", a leading "các" optional, and "tỉnh [<province>]" after a body's name
absorbed into the mention.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import yaml

from . import catalogue
from ._lexicon import YAML_LOADER
from ._text import fold, fold_phrase, tokens
from .catalogue import BodyName, fill_province

_Trie = dict[str, Any]
_END = "\x00"  # trie key of a terminal: (alias, keys)
_BREAK = "\x01"  # token standing for a tab or newline, which no name crosses
_LEVELS = ("tỉnh", "huyện", "xã")


@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    """One unit or group a mention can resolve to.

    ``names`` are the official names over time ("{province}" placeholders allowed);
    ``abbreviations`` and ``aliases`` are other ways of writing it; ``is_group`` marks an
    addressee group ("Các sở, ban, ngành tỉnh"), whose name never changes.
    """

    key: str
    names: tuple[BodyName, ...]
    kind: str = "other"
    abbreviations: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    is_group: bool = False

    @classmethod
    def simple(cls, key: str, name: str, *aliases: str, kind: str = "other") -> GazetteerEntry:
        """An entry with one timeless name and some aliases (handy for callers and tests)."""
        return cls(key=key, names=(BodyName(name),), kind=kind, aliases=tuple(aliases))


@dataclass(frozen=True, slots=True)
class Mention:
    """A stretch of text naming one or more units (a compound names several groups)."""

    start: int
    end: int
    text: str
    keys: tuple[str, ...]


@dataclass(frozen=True)
class Gazetteer:
    """Entries plus compound phrases ("sở, ngành, địa phương" → two groups)."""

    entries: tuple[GazetteerEntry, ...]
    compounds: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_key", {e.key: e for e in self.entries})

    def __hash__(self) -> int:
        return id(self)

    def __eq__(self, other: object) -> bool:
        return self is other

    @classmethod
    def default(cls) -> Gazetteer:
        """The built-in gazetteer: provincial bodies, groups and national bodies."""
        return _default()

    @classmethod
    def from_records(cls, records: Iterable[Mapping[str, Any]]) -> Gazetteer:
        """Build from plain mappings with keys ``key``, ``name`` or ``names``, ``kind``,
        ``abbreviations``, ``aliases``, ``is_group`` (the shape of the YAML catalogue)."""
        return cls(tuple(_entry_from_record(r) for r in records))

    def entry(self, key: str) -> GazetteerEntry | None:
        """The entry of ``key`` or None."""
        by_key: dict[str, GazetteerEntry] = self._by_key  # type: ignore[attr-defined]  # set in __post_init__
        return by_key.get(key)

    def name_at(self, key: str, day: dt.date | None, province: str | None) -> str:
        """The official name of ``key`` on ``day`` (see :func:`catalogue.name_at`)."""
        e = self.entry(key)
        if e is None:
            return key
        body = catalogue.Body(key=e.key, kind="other", names=e.names)
        name = catalogue.name_at(body, day, province)
        if "{province}" in e.names[-1].name and not province:
            name = fill_province(e.names[-1].name.replace("{province}", "tỉnh"), None)
        return name

    def find(self, text: str, province: str | None = None) -> list[Mention]:
        """Non-overlapping mentions in ``text``, longest first, left to right."""
        return _matcher(self, province).find(text)


def _entry_from_record(r: Mapping[str, Any]) -> GazetteerEntry:
    names: tuple[BodyName, ...]
    if r.get("names"):
        names = tuple(
            BodyName(
                str(n["name"]),
                _date(n.get("valid_from")),
                _date(n.get("valid_to")),
            )
            for n in r["names"]
        )
    else:
        names = (BodyName(str(r["name"])),)
    return GazetteerEntry(
        key=str(r["key"]),
        names=names,
        kind=str(r.get("kind") or "other"),
        abbreviations=tuple(r.get("abbreviations") or ()),
        aliases=tuple(r.get("aliases") or ()),
        is_group=bool(r.get("is_group")),
    )


def _date(v: object) -> dt.date | None:
    if v is None or isinstance(v, dt.date):
        return v
    return dt.date.fromisoformat(str(v))


@functools.cache
def _default() -> Gazetteer:
    entries: list[GazetteerEntry] = [
        GazetteerEntry(b.key, b.names, b.kind, b.abbreviations, b.aliases)
        for b in catalogue.load_bodies()
    ]
    for g in catalogue.load_groups():
        entries.append(
            GazetteerEntry(g.key, (BodyName(g.name),), "group", (), g.aliases, is_group=True)
        )
    text = resources.files("vnextract").joinpath("data").joinpath("national.yaml")
    for r in yaml.load(text.read_text(encoding="utf-8"), Loader=YAML_LOADER)["bodies"]:  # noqa: S506
        entries.append(_entry_from_record(r))
    return Gazetteer(tuple(entries), catalogue.load_compounds())


class _Matcher:
    """A word trie over every alias of a gazetteer for one province."""

    def __init__(self, gaz: Gazetteer, province: str | None) -> None:
        self.trie: _Trie = {}
        self.by_alias: dict[str, tuple[str, ...]] = {}
        self.province_tokens = [t for t, _, _ in tokens(fold(province))] if province else []
        for e in gaz.entries:
            forms = [n.name for n in e.names] + list(e.abbreviations) + list(e.aliases)
            for form in forms:
                self._add_form(form, (e.key,), province)
        for phrase, keys in gaz.compounds.items():
            self._add_form(phrase, tuple(keys), province)

    def _add_form(self, form: str, keys: tuple[str, ...], province: str | None) -> None:
        if "{province}" in form:
            if not province:
                return
            form = form.replace("{province}", province)
        toks = [t for t, _, _ in tokens(fold_phrase(form))]
        if toks and toks[0] == "các":
            toks = toks[1:]
        if not toks:
            return
        alias = " ".join(toks)
        self.by_alias.setdefault(alias, keys)
        node = self.trie
        for t in toks:
            node = node.setdefault(t, {})
        node.setdefault(_END, (alias, keys))

    def _walk(
        self, toks: Sequence[tuple[str, int, int]], i: int
    ) -> tuple[int, str, tuple[str, ...]] | None:
        node = self.trie
        best: tuple[int, str, tuple[str, ...]] | None = None
        j = i
        while j < len(toks) and toks[j][0] in node:
            node = node[toks[j][0]]
            j += 1
            if _END in node:
                alias, keys = node[_END]
                best = (j, alias, keys)
        return best

    def find(self, text: str) -> list[Mention]:
        toks = tokens(fold(text))
        if "\t" in text or "\n" in text:
            # a table cell or line boundary ends every name: "UBND các xã\tTỉnh Đoàn"
            cut: list[tuple[str, int, int]] = []
            for tok in toks:
                if cut:
                    gap = text[cut[-1][2] : tok[1]]
                    if "\t" in gap or "\n" in gap:
                        cut.append((_BREAK, cut[-1][2], cut[-1][2]))
                cut.append(tok)
            toks = cut
        out: list[Mention] = []
        i = 0
        n = len(toks)
        while i < n:
            start_i = i
            if toks[i][0] == "các" and i + 1 < n:
                i += 1
            hit = self._walk(toks, i)
            if hit is None:
                i = start_i + 1
                continue
            j, alias, keys = hit
            j, keys = self._extend(toks, j, alias, keys)
            s, e = toks[start_i][1], toks[j - 1][2]
            out.append(Mention(s, e, text[s:e], keys))
            i = j
        return out

    def _extend(
        self, toks: Sequence[tuple[str, int, int]], j: int, alias: str, keys: tuple[str, ...]
    ) -> tuple[int, tuple[str, ...]]:
        # "Sở Y tế tỉnh Long An", "Công an tỉnh Long An": the province belongs to the mention.
        n = len(toks)
        k = j
        if k < n and toks[k][0] == "tỉnh" and not alias.endswith("tỉnh"):
            k += 1
        p = self.province_tokens
        if p and [t for t, _, _ in toks[k : k + len(p)]] == p:
            k += len(p)
        if k > j and (toks[k - 1][0] != "tỉnh" or k == j + 1):
            j = k
        # "UBND cấp huyện, cấp xã", "Trung tâm hành chính công cấp tỉnh, huyện": elliptic levels.
        words = alias.split()
        if len(words) >= 2 and words[-2] == "cấp" and words[-1] in _LEVELS:
            extra: list[str] = []
            while j + 1 < n and toks[j][0] in {",", "&"}:
                m = j + 1
                if toks[m][0] == "cấp" and m + 1 < n:
                    m += 1
                level = toks[m][0]
                other = " ".join([*words[:-1], level])
                if level not in _LEVELS or other not in self.by_alias:
                    break
                extra.extend(self.by_alias[other])
                j = m + 1
            keys = tuple(dict.fromkeys([*keys, *extra]))
        return j, keys


@functools.lru_cache(maxsize=64)
def _matcher(gaz: Gazetteer, province: str | None) -> _Matcher:
    return _Matcher(gaz, province)
