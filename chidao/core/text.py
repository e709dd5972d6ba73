"""Text folding for accent-insensitive search."""

from __future__ import annotations

import re
import unicodedata

_NON_WORD = re.compile(r"[^0-9a-z]+")


def fold(text: str) -> str:
    """Lower-case, strip Vietnamese diacritics (đ → d), and reduce punctuation to spaces.

    '&' is dropped without a space so that abbreviations written with or without it meet:
    "Sở TT&TT" → "so tttt", "Sở KH&ĐT" → "so khdt", "Sở LĐ-TB&XH" → "so ld tbxh".
    """
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = text.replace("&", "")
    return _NON_WORD.sub(" ", text).strip()
