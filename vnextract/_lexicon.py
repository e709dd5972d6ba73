"""Loads ``data/lexicon.yaml`` once and exposes its phrase lists folded for matching."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml

from ._text import fold_phrase


@dataclass(frozen=True)
class Lexicon:
    """Phrase lists of the genre, folded (lower case, one tone placement)."""

    raw: dict[str, Any]

    def words(self, name: str) -> tuple[str, ...]:
        """A folded phrase list, longest first (so alternations prefer the longer phrase)."""
        return _sorted(tuple(fold_phrase(p) for p in self.raw[name]))

    def group(self, name: str) -> dict[str, tuple[str, ...]]:
        """A mapping of folded phrase lists, each longest first."""
        return {k: _sorted(tuple(fold_phrase(p) for p in v)) for k, v in self.raw[name].items()}

    def pattern_of(self, phrases: tuple[str, ...]) -> str:
        """A regex alternation of already folded phrases."""
        return alternation(phrases)

    def pattern(self, name: str) -> str:
        """A regex alternation (non-capturing, word-bounded) of a phrase list."""
        return alternation(self.words(name))


def _sorted(items: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted(set(items), key=lambda s: (-len(s), s)))


def alternation(phrases: tuple[str, ...] | list[str]) -> str:
    """``(?:a|b|c)`` with word boundaries, spaces matching any run of spaces."""
    parts = [r"\s+".join(re.escape(w) for w in p.split()) for p in phrases]
    return r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)"


@functools.cache
def lexicon() -> Lexicon:
    """The built-in lexicon."""
    text = resources.files("vnextract").joinpath("data").joinpath("lexicon.yaml")
    return Lexicon(yaml.safe_load(text.read_text(encoding="utf-8")))
