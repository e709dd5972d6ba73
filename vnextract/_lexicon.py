"""Loads ``data/lexicon.yaml`` once and exposes its phrase lists folded for matching."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import yaml

from ._text import fold_phrase

# libyaml's safe loader when PyYAML was built with it: loading the data files is most of the
# start-up time of the command line (the pure-Python one is the same safe subset, slower)
YAML_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Lexicon:
    """Phrase lists of the genre, folded (lower case, one tone placement)."""

    raw: dict[str, Any]
    # memo of folded lists: the pipeline asks for the same list on every block
    _memo: dict[tuple[str, str], Any] = field(default_factory=dict, compare=False, repr=False)

    def words(self, name: str) -> tuple[str, ...]:
        """A folded phrase list, longest first (so alternations prefer the longer phrase)."""
        key = ("w", name)
        if key not in self._memo:
            self._memo[key] = _sorted(tuple(fold_phrase(p) for p in self.raw[name]))
        got: tuple[str, ...] = self._memo[key]
        return got

    def group(self, name: str) -> dict[str, tuple[str, ...]]:
        """A mapping of folded phrase lists, each longest first (do not mutate it)."""
        key = ("g", name)
        if key not in self._memo:
            self._memo[key] = {
                k: _sorted(tuple(fold_phrase(p) for p in v)) for k, v in self.raw[name].items()
            }
        got: dict[str, tuple[str, ...]] = self._memo[key]
        return got

    def pattern_of(self, phrases: tuple[str, ...]) -> str:
        """A regex alternation of already folded phrases."""
        return alternation(phrases)

    def pattern(self, name: str) -> str:
        """A regex alternation (non-capturing, word-bounded) of a phrase list."""
        return alternation(self.words(name))


def _sorted(items: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted(set(items), key=lambda s: (-len(s), s)))


def alternation(phrases: tuple[str, ...] | list[str]) -> str:
    """``(?:a|b|c)`` with word boundaries, spaces matching any run of spaces; where several
    phrases match at one place the longest is preferred.

    The alternation is factored by common prefix ("hàng (?:tháng|tuần)"): every branch
    starts with a different character, so the engine tries one branch per position instead
    of every phrase. Longer phrases are tried before a phrase that is their prefix.
    """
    root: dict[str, Any] = {}
    for p in phrases:
        node = root
        for i, w in enumerate(p.split()):
            if i:
                node = node.setdefault(" ", {})
            for ch in w:
                node = node.setdefault(ch, {})
        node[""] = {}  # a phrase ends here
    return r"(?<!\w)" + _factored(root) + r"(?!\w)"


def _factored(node: dict[str, Any]) -> str:
    branches = [
        (r"\s+" if ch == " " else re.escape(ch)) + _factored(sub) for ch, sub in node.items() if ch
    ]
    if "" in node:
        branches.append("")  # the shorter phrase last
    if len(branches) == 1:
        return branches[0]
    return "(?:" + "|".join(branches) + ")"


@functools.cache
def lexicon() -> Lexicon:
    """The built-in lexicon."""
    text = resources.files("vnextract").joinpath("data").joinpath("lexicon.yaml")
    return Lexicon(yaml.load(text.read_text(encoding="utf-8"), Loader=YAML_LOADER))  # noqa: S506
