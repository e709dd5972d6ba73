"""Text normalisation and the folded form used for matching.

``normalise`` produces the text every offset refers to. ``fold`` maps it to a
same-length lower-case form with one tone placement, so a match found in the folded
text has the same offsets in the normalised one.
"""

from __future__ import annotations

import functools
import re
import unicodedata

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b\u200c\u200d\ufeff]")

# Old and new tone placement ("hoá"/"hóa", "uỷ"/"ủy") are the same word; the pairs have
# equal length so offsets survive.
_TONES = {
    "oá": "óa", "oà": "òa", "oả": "ỏa", "oã": "õa", "oạ": "ọa",
    "oé": "óe", "oè": "òe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe",
    "uý": "úy", "uỳ": "ùy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy",
}  # fmt: skip
# "o[áà…]|u[ýỳ…]": one branch per first letter, so the scan skips other letters at C speed
_TONE_RE = re.compile(
    "|".join(
        re.escape(a) + "[" + "".join(k[1] for k in _TONES if k[0] == a) + "]"
        for a in dict.fromkeys(k[0] for k in _TONES)
    )
)
_PUNCT_ANY = re.compile("[“”‘’–—\u00a0]")
_PUNCT = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-", "\u00a0": " "})


def normalise(raw: str) -> str:
    """NFC, Unix newlines, no control or zero-width characters, no-break spaces as spaces."""
    text = unicodedata.normalize("NFC", raw).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u00a0", " ").replace("\u2028", "\n").replace("\u2029", "\n")
    return _CONTROL.sub("", text)


def _lower_char(ch: str) -> str:
    low = ch.lower()
    return low if len(low) == 1 else ch


def fold(text: str) -> str:
    """Lower case, one tone placement, typographic quotes and dashes made plain.

    The result has exactly ``len(text)`` characters (position i folds character i).
    Cached: the pipeline folds the same block text many times. Long texts have their own
    small cache so that a flood of short phrases cannot evict them (refolding a huge
    paragraph for each of its sentences would make extraction quadratic).
    """
    if len(text) <= _SHORT:
        return _fold_short(text)
    got = _LONG.get(id(text))
    if got is None or got[0] is not text:
        got = (text, _fold(text))
        _LONG[id(text)] = got
        while len(_LONG) > 16:
            del _LONG[next(iter(_LONG))]
    return got[1]


def clear_fold_cache() -> None:
    """Forget folded and stripped texts (benchmarks use it so that no run profits from an
    earlier one)."""
    _fold_short.cache_clear()
    _strip_short.cache_clear()
    _phrase_short.cache_clear()
    _LONG.clear()


_SHORT = 512
# id → (text, folded): keyed by identity, since comparing long strings costs their length;
# the entry holds the text itself, so the id cannot be reused while it is cached
_LONG: dict[int, tuple[str, str]] = {}


def _fold(text: str) -> str:
    # str.translate walks every character in Python terms; most blocks need none of it
    plain = text.translate(_PUNCT) if _PUNCT_ANY.search(text) else text
    low = plain.lower()
    if len(low) != len(plain):  # a character whose lower case is longer ("İ"): go slowly
        low = "".join(_lower_char(c) for c in plain)
    return _TONE_RE.sub(_tone, low)


_fold_short = functools.lru_cache(maxsize=8192)(_fold)


def _tone(m: re.Match[str]) -> str:
    return _TONES[m.group(0)]


def fold_phrase(text: str) -> str:
    """Fold and squeeze spaces: the key under which a lexicon phrase is compared."""
    return _phrase_short(text) if len(text) <= _SHORT else _phrase(text)


def _phrase(text: str) -> str:
    return " ".join(fold(normalise(text)).split())


_phrase_short = functools.lru_cache(maxsize=4096)(_phrase)


_WORD = re.compile(r"\w+|&|[^\w\s]", re.UNICODE)


def tokens(folded: str) -> list[tuple[str, int, int]]:
    """Words, "&" and single punctuation marks of a folded text, with their offsets.

    "và" becomes "&" so "Sở TT và TT" and "Sở TT&TT" tokenise alike.
    """
    return [
        ("&" if (tok := m.group(0)) == "và" else tok, m.start(), m.end())
        for m in _WORD.finditer(folded)
    ]


def strip_markup(s: str) -> str:
    """Drop markdown emphasis, HTML tags and backslash escapes (for display values).

    Cached for short texts: the pipeline strips the same block and cell texts many times.
    """
    return _strip_short(s) if len(s) <= _SHORT else _strip(s)


def _strip(s: str) -> str:
    if "<" in s:
        s = _TAG.sub(" ", s)
    s = s.replace("**", "").replace("__", "").replace("\\", "")
    if "*" in s:
        s = _STAR.sub("", s)
    return " ".join(s.split())


_TAG = re.compile(r"<[^>]{0,200}>")
_STAR = re.compile(r"(?<!\w)\*(?=\S)|(?<=\S)\*(?!\w)")


_strip_short = functools.lru_cache(maxsize=8192)(_strip)
