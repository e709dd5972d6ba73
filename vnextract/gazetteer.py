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
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import yaml

from . import catalogue
from ._lexicon import YAML_LOADER
from ._text import _WORD, fold, fold_phrase, tokens
from .catalogue import BodyName, fill_province

_Trie = dict[str, Any]
_END = "\x00"  # trie key of a terminal: (alias, keys)
_BREAK = "\x01"  # token standing for a tab or newline, which no name crosses
_LEVELS = ("tỉnh", "huyện", "xã")
_LEVEL_ENDS = tuple("cấp " + lv for lv in _LEVELS)  # aliases _extend may lengthen


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
            # "Ủy ban nhân dân tỉnh {province}" → "Ủy ban nhân dân tỉnh", "Báo {province}" →
            # "Báo tỉnh" (never "tỉnh tỉnh")
            bare = e.names[-1].name.replace(" tỉnh {province}", " {province}")
            name = fill_province(bare.replace("{province}", "tỉnh"), None)
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
        self.names_re = _names_re(self.trie)
        # what may follow a name that _extend could take in ("tỉnh", the province)
        nxt = ["tỉnh", *self.province_tokens[:1]]
        self.extend_re = re.compile(_G + "(?:" + "|".join(map(_tok_re, nxt)) + ")")

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

    def find(self, text: str) -> list[Mention]:
        # The regex of every alias finds the next name in C (see _names_re); Python only
        # checks that it starts a token, adds a "các" before it and reads the few tokens
        # after it that _extend looks at.
        folded = fold(text)
        if _ODD_SPACE.search(folded):  # other spaces than " " are " " to the regex
            folded = _ODD_SPACE.sub(" ", folded)
        out: list[Mention] = []
        done = 0  # end of the last mention: later ones never overlap it
        pos = 0
        search = self.names_re.search
        while (m := search(folded, pos)) is not None:
            p = m.start()
            if p > 0 and _is_word(folded[p - 1]):  # inside a word: not a token
                pos = p + 1
                continue
            words = list(_WORD.finditer(folded, p, m.end()))
            node = self.trie
            for w in words:
                node = node["&" if (t := w.group(0)) == "và" else t]
            alias, keys = node[_END]
            start = self._cac_before(folded, p, done)
            end = m.end()
            if alias.endswith(_LEVEL_ENDS) or self.extend_re.match(folded, end):
                toks = _Tokens(folded, text, words[-1].start())
                j, keys = self._extend(toks, 1, alias, keys)
                end = toks.at(j - 1)[2]
            out.append(Mention(start, end, text[start:end], keys))
            done = pos = end
        return out

    @staticmethod
    def _cac_before(folded: str, p: int, done: int) -> int:
        """The start of a "các" token right before ``p`` (not across a tab or newline, not
        inside the last mention), else ``p``."""
        q = p
        while q > done and folded[q - 1] == " ":
            q -= 1
        c = q - 3
        if c >= done and folded[c:q] == "các" and (c == 0 or not _is_word(folded[c - 1])):
            return c
        return p

    def _extend(
        self, toks: _Tokens, j: int, alias: str, keys: tuple[str, ...]
    ) -> tuple[int, tuple[str, ...]]:
        # "Sở Y tế tỉnh Long An", "Công an tỉnh Long An": the province belongs to the mention.
        k = j
        if toks.word(k) == "tỉnh" and not alias.endswith("tỉnh"):
            k += 1
        p = self.province_tokens
        if p and [toks.word(k + x) for x in range(len(p))] == p:
            k += len(p)
        if k > j and (toks.word(k - 1) != "tỉnh" or k == j + 1):
            j = k
        # "UBND cấp huyện, cấp xã", "Trung tâm hành chính công cấp tỉnh, huyện": elliptic levels.
        words = alias.split()
        if len(words) >= 2 and words[-2] == "cấp" and words[-1] in _LEVELS:
            extra: list[str] = []
            while toks.word(j + 1) is not None and toks.word(j) in {",", "&"}:
                m = j + 1
                if toks.word(m) == "cấp" and toks.word(m + 1) is not None:
                    m += 1
                level = toks.word(m)
                other = " ".join([*words[:-1], str(level)])
                if level not in _LEVELS or other not in self.by_alias:
                    break
                extra.extend(self.by_alias[other])
                j = m + 1
            keys = tuple(dict.fromkeys([*keys, *extra]))
        return j, keys


class _Tokens:
    """The tokens of a folded text from one position on, read as far as they are asked for
    (``tokens`` of the rest of the text, with a break token between two tokens that a tab
    or a newline separates)."""

    __slots__ = ("_buf", "_it", "_text")

    def __init__(self, folded: str, text: str, pos: int) -> None:
        self._it = _WORD.finditer(folded, pos)
        self._buf: list[tuple[str, int, int]] = []
        self._text = text

    def at(self, k: int) -> tuple[str, int, int]:
        got = self.get(k)
        assert got is not None  # callers only ask for tokens they have seen
        return got

    def word(self, k: int) -> str | None:
        got = self.get(k)
        return None if got is None else got[0]

    def get(self, k: int) -> tuple[str, int, int] | None:
        buf = self._buf
        while len(buf) <= k:
            m = next(self._it, None)
            if m is None:
                return None
            tok, s = m.group(0), m.start()
            if buf:
                pe = buf[-1][2]
                if s > pe:
                    gap = self._text[pe:s]
                    if "\t" in gap or "\n" in gap:
                        # a table cell or line boundary ends every name: "UBND các xã\tTỉnh Đoàn"
                        buf.append((_BREAK, pe, pe))
            buf.append(("&" if tok == "và" else tok, s, m.end()))
        return buf[k]


# The gap between two tokens of a name: spaces, never a tab or newline. ``find`` turns any
# other whitespace into " " first (same length), which keeps the regex short to compile.
_G = " *+"  # possessive: a token never starts with a space, so never give one back
_ODD_SPACE = re.compile(r"[^\S\t\n ]")


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _tok_re(t: str) -> str:
    """A regex of one token (after a token's end or at a token start)."""
    if t == "&":
        return r"(?:&|và(?!\w))"
    return re.escape(t) + (r"(?!\w)" if _is_word(t[0]) else "")


def _names_re(trie: _Trie) -> re.Pattern[str]:
    """A regex matching, at a token start, the longest alias of ``trie`` exactly as the
    token walk does: tokens as ``tokens`` splits them ("và" is "&"), separated by spaces
    but never by a tab or newline. Factored like the trie (and the first word letter by
    letter), so the engine tries only branches whose next character fits; the caller
    rejects matches that start inside a word."""

    def rest(node: _Trie) -> str:
        # what may follow the token that led to ``node``: longer names first, then the end
        subs = [_tok_re(t) + rest(child) for t, child in node.items() if t != _END]
        if not subs:
            return ""
        alt = subs[0] if len(subs) == 1 else "(?:" + "|".join(subs) + ")"
        return "(?:" + _G + alt + ")?" if _END in node else _G + alt

    firsts: dict[str, str] = {}
    for t, child in trie.items():
        if t == _END:
            continue
        firsts[t] = rest(child)
        if t == "&":
            firsts["và"] = firsts[t]
    return re.compile(_char_trie(firsts) if firsts else r"(?!)")


def _char_trie(words: Mapping[str, str]) -> str:
    """An alternation of the keys of ``words``, each followed by its value (a regex),
    factored by common prefix so that each branch starts with one literal character."""
    root: dict[str, Any] = {}
    for w, after in words.items():
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[_END] = (r"(?!\w)" if _is_word(w[-1]) else "") + after

    def pat(node: dict[str, Any]) -> str:
        branches = [re.escape(ch) + pat(sub) for ch, sub in sorted(node.items()) if ch != _END]
        if _END in node:
            # a longer word first; the (?!\w) of the shorter one fails inside it anyway
            branches.append(node[_END])
        if len(branches) == 1:
            return branches[0]
        return "(?:" + "|".join(b if b else "(?:)" for b in branches) + ")"

    return pat(root)


@functools.lru_cache(maxsize=64)
def _matcher(gaz: Gazetteer, province: str | None) -> _Matcher:
    return _Matcher(gaz, province)
