"""Text normalisation and the folded form used for matching.

``normalise`` produces the text every offset refers to. ``fold`` maps it to a
same-length lower-case form with one tone placement, so a match found in the folded
text has the same offsets in the normalised one.
"""

from __future__ import annotations

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
_TONE_RE = re.compile("|".join(_TONES))
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
    """
    low = "".join(_lower_char(c) for c in text.translate(_PUNCT))
    return _TONE_RE.sub(lambda m: _TONES[m.group(0)], low)


def fold_phrase(text: str) -> str:
    """Fold and squeeze spaces: the key under which a lexicon phrase is compared."""
    return " ".join(fold(normalise(text)).split())


_WORD = re.compile(r"\w+|&|[^\w\s]", re.UNICODE)


def tokens(folded: str) -> list[tuple[str, int, int]]:
    """Words, "&" and single punctuation marks of a folded text, with their offsets.

    "và" becomes "&" so "Sở TT và TT" and "Sở TT&TT" tokenise alike.
    """
    out: list[tuple[str, int, int]] = []
    for m in _WORD.finditer(folded):
        tok = m.group(0)
        out.append(("&" if tok == "và" else tok, m.start(), m.end()))
    return out


def strip_markup(s: str) -> str:
    """Drop markdown emphasis, HTML tags and backslash escapes (for display values)."""
    s = re.sub(r"<[^>]{0,200}>", " ", s)
    s = s.replace("**", "").replace("__", "").replace("\\", "")
    s = re.sub(r"(?<!\w)\*(?=\S)|(?<=\S)\*(?!\w)", "", s)
    return " ".join(s.split())
