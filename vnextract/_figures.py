"""Numbers: targets (numeric commitments) and facts (figures reported as achieved).

Vietnamese numbers use "." for thousands and "," for decimals: "1.396" is 1396,
"12,52" is 12.52, "630.485/732.908" is 630485 of 732908.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from ._lexicon import alternation, lexicon
from ._text import fold, strip_markup

_NUM = r"(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?"
NUMBER = re.compile(rf"(?<![\w.,/]){_NUM}(?:\s*/\s*{_NUM})?(\s*%|\s+phần\s+trăm)?(?![\w/])")
_SKIP_BEFORE = re.compile(
    r"(?:ngày|tháng|năm|quý|giai đoạn|số|lần thứ|lần|khóa|đề án|chỉ thị|nghị quyết|nghị định|"
    r"quyết định|kế hoạch|luật|tổng đài|phiên bản|điều|khoản|mục|phụ lục|tuổi từ|từ năm|"
    r"trước năm|sau năm|đến năm|version|top|thông tư|công văn|văn bản|lúc|cấp độ|hạng)\s*$"
)
_SKIP_AFTER = re.compile(
    r"^\s*(?:tuổi|giờ|phút|mhz|ghz|g\b|/\d|-\d|\.\d|tháng\s+(?:đầu|cuối)|năm\b)"
)
_ENUM = re.compile(r"\(\s*\d{1,2}\s*\)|(?<![\w])\d{1,2}\)\s")
_ANY_DIGIT = re.compile(r"\d")
_SEGMENT_CUT = re.compile(r";|\.\s+(?=[A-ZÀ-ỸĐ(])|" + _ENUM.pattern)
_RANK = re.compile(r"(?:xếp|đứng)\s+(?:thứ|hạng)\s*$")


@dataclass(frozen=True, slots=True)
class Figure:
    """A number found in text: value, optional "of" (a/b), unit, comparator, clause."""

    value: float
    of: float | None
    unit: str
    comparator: str
    start: int  # of the clause quoted
    end: int
    indicator: str
    num_start: int


def parse_number(whole: str, dec: str | None) -> float:
    """Vietnamese number text → float ("1.396" → 1396, "12,52" with dec → 12.52)."""
    v = float(whole.replace(".", ""))
    if dec:
        v = float(f"{int(v)}.{dec}")
    return v


@functools.cache
def _res() -> dict[str, re.Pattern[str]]:
    lx = lexicon()
    comps = lx.group("comparators")
    return {
        "cue": re.compile(lx.pattern("target_cues")),
        "fact_cue": re.compile(lx.pattern("fact_cues")),
        "count": re.compile(
            r"[\s*]*(" + "|".join(re.escape(w) for w in lx.words("count_nouns")) + r")(?!\w)"
        ),
        **{"cmp" + k: re.compile("(?:" + alternation(v) + r")\s*$") for k, v in comps.items()},
    }


def _comparator(before: str) -> tuple[str, int]:
    """The comparator ending just before a number, and its length (markup included)."""
    stripped = before.rstrip(" *")
    extra = len(before) - len(stripped)
    best = ("", 0)
    for sym in (">=", ">", "<=", "="):
        m = _res()["cmp" + sym].search(stripped)
        if m and len(m.group(0)) > best[1]:
            best = (sym, len(m.group(0)))
    # "tối thiểu trên 02%": the nearest word decides
    if stripped.endswith((fold("trên"), "vượt")):
        best = (">", best[1])
    return (best[0], best[1] + extra) if best[0] else best


def segments(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """Clauses of ``text[a:b]`` split at ";", enumerators "(1)" and sentence ends."""
    cuts = [a]
    for m in _SEGMENT_CUT.finditer(text[a:b]):
        cuts.append(a + m.start())
        cuts.append(a + m.end())
    cuts.append(b)
    out = []
    for i in range(0, len(cuts) - 1, 2):
        s, e = cuts[i], cuts[i + 1]
        while s < e and text[s] in " \t(*,:":
            s += 1
        while e > s and text[e - 1] in " \t)*.,":
            e -= 1
        if e > s:
            out.append((s, e))
    return out


def figures(
    text: str, a: int, b: int, *, need_cue: bool, context_cue: bool = False
) -> list[Figure]:
    """Figures in ``text[a:b]``; with ``need_cue`` only those a commitment cue introduces."""
    if not _ANY_DIGIT.search(text, a, b):  # every figure has a digit
        return []
    folded = fold(text)
    out: list[Figure] = []
    for s, e in segments(text, a, b):
        hits = []
        for m in NUMBER.finditer(folded, s, e):
            before = folded[max(s, m.start() - 30) : m.start()]
            after = folded[m.end() : m.end() + 12]
            pct = bool(m.group(5))
            whole = m.group(1)
            if _SKIP_BEFORE.search(before) and not _RANK.search(before):
                continue
            if _SKIP_AFTER.match(after) and not pct:
                continue
            if not pct and re.fullmatch(r"(19|20)\d\d", whole) and not m.group(3):
                continue
            cnt = _res()["count"].match(folded, m.end(), e) if not pct else None
            unit = "%" if pct else (strip_markup(text[cnt.start(1) : cnt.end(1)]) if cnt else "")
            sym, clen = _comparator(before)
            if not pct and not unit and not m.group(3) and not sym:
                continue
            hits.append((m, unit, sym, clen, cnt))
        if not hits:
            continue
        if need_cue:
            seg_cue = context_cue or bool(_res()["cue"].search(folded, s, hits[0][0].start()))
            hits = [h for h in hits if seg_cue or h[2]]
            hits = [h for h in hits if h[1] == "%" or h[2]]
        bounds = []
        for i, (m, _unit, _sym, clen, _cnt) in enumerate(hits):
            left = s if i == 0 else max(s, m.start() - clen)
            bounds.append(left)
        for i, (m, unit, sym, clen, cnt) in enumerate(hits):
            qs = bounds[i]
            qe = bounds[i + 1] if i + 1 < len(hits) else e
            while qe > qs and (text[qe - 1] in " ,;*" or folded[max(qs, qe - 3) : qe] == " và"):
                qe = qe - 3 if folded[max(qs, qe - 3) : qe] == " và" else qe - 1
            value = parse_number(m.group(1), m.group(2))
            of = parse_number(m.group(3), m.group(4)) if m.group(3) else None
            ind_before = strip_markup(text[qs : max(qs, m.start() - clen)]).strip(" ,:(")
            unit_end = m.end() if unit in ("", "%") or cnt is None else cnt.end()
            ind_after = " ".join(strip_markup(text[unit_end:qe]).split()[:14])
            indicator = ind_before if len(ind_before) > 3 else ind_after
            out.append(
                Figure(
                    value,
                    of,
                    unit,
                    sym or (">=" if need_cue else "="),
                    qs,
                    qe,
                    indicator,
                    m.start(),
                )
            )
    return out
