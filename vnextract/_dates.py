"""Time expressions: deadlines, periods, recurrences and ongoing work.

All functions read *folded* text (see ``_text.fold``) so offsets match the source.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass

from ._lexicon import alternation, lexicon
from ._text import fold

# every time expression has a number or a quarter in Roman numerals ("hết Quý IV")
_DIGIT = re.compile(r"\d|" + fold("quý") + "|quí")
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_Q = r"(?:quý|quí)\s+(iv|i{1,3}|0?[1-4])(?!\w)"
_YEAR = r"((?:19|20)\d\d)"
_QY = rf"(?:\s*(?:/|năm)\s*{_YEAR})?"
_SEP = r"\s*[/\-.]\s*"
_DOW = {
    "thứ hai": "MO", "thứ 2": "MO", "thứ ba": "TU", "thứ 3": "TU", "thứ tư": "WE", "thứ 4": "WE",
    "thứ năm": "TH", "thứ 5": "TH", "thứ sáu": "FR", "thứ 6": "FR", "thứ bảy": "SA",
    "thứ 7": "SA", "chủ nhật": "SU",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class TimeHit:
    """A time expression: the last day it allows, where it is, whether a cue preceded it."""

    date: dt.date
    start: int
    end: int
    cued: bool
    reference: bool = False  # a document's date ("Văn bản số … ngày …"), never a deadline
    explicit: bool = False  # a cue word precedes it (not only its kind, "09 tháng đầu năm")


@dataclass(frozen=True, slots=True)
class RecurrenceHit:
    freq: str
    interval: int
    day: int | None
    rule: str
    start: int
    end: int


def _end_of_month(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _quarter(q: str) -> int:
    q = q.lstrip("0")
    return _ROMAN.get(q) or int(q)


def _safe(year: int, month: int, day: int | None) -> dt.date | None:
    try:
        if not 1 <= month <= 12 or not 1900 <= year <= 2100:
            return None
        if day is None:
            return _end_of_month(year, month)
        return dt.date(year, month, day)
    except ValueError:
        return None


@functools.cache
def _patterns() -> list[tuple[str, re.Pattern[str]]]:
    pats = [
        ("dmy", rf"(?<![\d/])(\d{{1,2}}){_SEP}(\d{{1,2}}){_SEP}{_YEAR}(?![\d/])"),
        ("dmy_words", rf"ngày\s+(\d{{1,2}})\s+tháng\s+(\d{{1,2}})\s+năm\s+{_YEAR}"),
        ("dm", r"ngày\s+(\d{1,2})\s*/\s*(\d{1,2})(?![\d/])"),
        ("first_months", rf"(\d{{1,2}})\s+tháng\s+(đầu|cuối)\s+năm(?:\s+{_YEAR})?"),
        ("quarter_range", rf"{_Q}{_QY}\s*(?:đến|-)\s*(?:hết\s+)?{_Q}{_QY}"),
        ("quarter", rf"{_Q}(?:\s*(?:/|năm)\s*{_YEAR})?(?![\w/])"),
        ("month_year", rf"tháng\s+(\d{{1,2}})\s*(?:/|năm)\s*{_YEAR}"),
        ("month", r"tháng\s+(\d{1,2})(?![\d/]|\s+năm\s+\d|\s*/\s*\d)(?!\s+(?:đầu|cuối))"),
        ("year_end", rf"(?:cuối|hết)\s+năm\s+{_YEAR}"),
        ("year", rf"năm\s+{_YEAR}(?!\s*[-–]\s*\d)"),
    ]  # fmt: skip
    # Patterns are written in plain Vietnamese and folded like the text ("quý" → "qúy").
    return [(k, re.compile(fold(p))) for k, p in pats]


# a word each pattern of _patterns() cannot match without (folded like the text)
_NEEDS = {
    "dmy": "", "dmy_words": "ngày", "dm": "ngày", "first_months": "tháng",
    "quarter_range": "q", "quarter": "q", "month_year": "tháng", "month": "tháng",
    "year_end": "năm", "year": "năm",
}  # fmt: skip


def _hit_date(kind: str, m: re.Match[str], year_hint: int | None) -> dt.date | None:
    g = m.groups()
    if kind in ("dmy", "dmy_words"):
        return _safe(int(g[2]), int(g[1]), int(g[0]))
    if kind == "dm":
        return _safe(year_hint, int(g[1]), int(g[0])) if year_hint else None
    if kind == "first_months":
        year = int(g[2]) if g[2] else year_hint
        if year is None:
            return None
        return _safe(year, int(g[0]) if g[1] == "đầu" else 12, None)
    if kind == "quarter_range":
        year = int(g[3]) if g[3] else (int(g[1]) if g[1] else year_hint)
        return _safe(year, 3 * _quarter(g[2]), None) if year else None
    if kind == "quarter":
        year = int(g[1]) if g[1] else year_hint
        return _safe(year, 3 * _quarter(g[0]), None) if year else None
    if kind == "month_year":
        return _safe(int(g[1]), int(g[0]), None)
    if kind == "month":
        return _safe(year_hint, int(g[0]), None) if year_hint else None
    if kind in ("year_end", "year"):
        return _safe(int(g[0]), 12, 31)
    return None


@functools.cache
def _cue_re() -> re.Pattern[str]:
    cues = (
        "trước", "chậm nhất", "chậm nhất là", "hạn", "hạn chót", "hoàn thành", "hoàn thành trong",
        "trong", "hết", "đến hết", "đến", "xong", "kết thúc", "kể từ", "trước hết", "từ nay đến",
        "phấn đấu đến", "thời hạn", "dứt điểm",
    )  # fmt: skip
    # "thời hạn: 20/12/2026", "thời gian hoàn thành: trước ngày …": a label's colon
    pat = alternation([fold(c) for c in cues]) + r"(?:\s+(?:là|ngày|trong|hết|năm|tháng))*\s*:?\s*$"
    return re.compile(pat)


_REF_BEFORE = re.compile(
    r"(?:tại\s+)?(?:số\s+[\w/.\-]+|[\w.\-]+/[\w.\-]+|ngày\s+ký|của|lúc|giờ,?|vừa qua|đã"
    r"|từ ngày|từ)\s*,?\s*(?:ngày\s*)?$"
)


def find_times(folded: str, year_hint: int | None) -> list[TimeHit]:
    """Every time expression in ``folded``, longest first, not overlapping."""
    taken_starts: list[int] = []
    taken_ends: list[int] = []
    out: list[TimeHit] = []
    if not _DIGIT.search(folded):
        return out
    for kind, pat in _patterns():
        need = _NEEDS[kind]
        if need and need not in folded:  # the pattern cannot match: skip its scan
            continue
        for m in pat.finditer(folded):
            s, e = m.start(), m.end()
            # taken spans are disjoint and kept sorted: only the last one starting before e
            # can overlap [s, e) (a linear search made a long paragraph quadratic)
            k = bisect.bisect_left(taken_starts, e) - 1
            if k >= 0 and taken_ends[k] > s:
                continue
            day = _hit_date(kind, m, year_hint)
            if day is None:
                continue
            before = folded[max(0, s - 40) : s]
            explicit = bool(_cue_re().search(before))
            cued = explicit or kind in ("year_end", "quarter_range", "first_months")
            reference = bool(_REF_BEFORE.search(before)) and not cued
            k = bisect.bisect_left(taken_starts, s)
            taken_starts.insert(k, s)
            taken_ends.insert(k, e)
            out.append(TimeHit(day, s, e, cued, reference, explicit))
    out.sort(key=lambda h: h.start)
    return out


def find_deadline(folded: str, year_hint: int | None, *, explicit: bool = False) -> TimeHit | None:
    """The time expression a deadline cue introduces ("trước ngày", "hết quý"…); a firm cue
    ("trước", "chậm nhất", "hạn") beats a period ("trong năm 2024") met earlier. With
    ``explicit`` only expressions a cue word introduces count (for headings)."""
    cued = [
        h
        for h in find_times(folded, year_hint)
        if h.cued and not h.reference and (h.explicit or not explicit)
    ]
    for h in cued:
        if _FIRM.search(folded[max(0, h.start - 30) : h.start]):
            return h
    return cued[0] if cued else None


_FIRM = re.compile(fold(r"(?:trước|chậm nhất|hạn|xong|hạn chót)\s*:?\s*(?:là\s+)?(?:ngày\s*)?$"))


_QUARTER_LIST = re.compile(
    fold(r"(?:quý|quí)") + r"\s+((?:iv|i{1,3}|0?[1-4])(?:\s*,\s*(?:iv|i{1,3}|0?[1-4]))*)\s*,\s*"
    r"(iv|i{1,3}|0?[1-4])\s*/\s*((?:19|20)\d\d)"
)


def period_end(folded: str, year_hint: int | None) -> TimeHit | None:
    """The end of the period a time column states ("Quý I đến Quý IV" → end of Q4); a bare
    year ("2024") counts; None when nothing parses."""
    hits = [h for h in find_times(folded, year_hint) if not h.reference]
    # "Quý III, IV/2026": the last quarter of the list, of the year written after it
    for ql in _QUARTER_LIST.finditer(folded):
        q = _quarter(ql.group(2))
        hits.append(TimeHit(_end_of_month(int(ql.group(3)), 3 * q), ql.start(), ql.end(), True))
    if hits:
        last = max(hits, key=lambda h: h.end)
        # "Quý IV/2026, 2027": a later year after the period extends it to that year's end
        later = [
            int(y.group(1)) for y in re.finditer(rf"(?<![\d/]){_YEAR}(?![\d/])", folded[last.end :])
        ]
        if later and max(later) > last.date.year:
            return TimeHit(dt.date(max(later), 12, 31), last.start, len(folded), True)
        return last
    m = re.search(rf"(?<!\d){_YEAR}(?!\d)", folded)
    if m:
        return TimeHit(dt.date(int(m.group(1)), 12, 31), m.start(), m.end(), True)
    return None


@functools.cache
def _recurrence_res() -> list[tuple[str, re.Pattern[str]]]:
    groups = lexicon().group("recurrence")
    order = ["semiannual", "weekly", "monthly", "quarterly", "yearly"]
    return [(f, re.compile(r"(?:định\s+kỳ\s+)?" + alternation(groups[f]))) for f in order]


@functools.cache
def _any_recurrence_re() -> re.Pattern[str]:
    # matches somewhere exactly when one of _recurrence_res does (their "định kỳ" is optional)
    groups = lexicon().group("recurrence")
    return re.compile(alternation([p for ps in groups.values() for p in ps]))


_DAY_AFTER = re.compile(
    r"^[\s(,:]*(?:vào\s+)?(?:trước|chậm nhất|trong)?\s*(?:là\s+)?ngày\s+(\d{1,2})"
    r"(?:\s*/\s*(\d{1,2}))?(?![\d/])"
)
_DAY_BEFORE = re.compile(
    r"(?:trước|chậm nhất|vào)\s+(?:là\s+)?ngày\s+(\d{1,2})(?:\s*/\s*(\d{1,2}))?(?![\d/])"
    r"[^.;]{0,12}$"
)


@functools.cache
def _attribute_re() -> re.Pattern[str]:
    return re.compile(r"(?:" + lexicon().pattern("recurrence_attributes") + r")[^,;.()]{0,50}$")


@functools.cache
def _reporting_re() -> re.Pattern[str]:
    return re.compile(lexicon().pattern("reporting_verbs"))


def _is_attribute(folded: str, m: re.Match[str]) -> bool:
    """ "kế hoạch phát triển kinh tế - xã hội hằng năm": the phrase describes a plan."""
    if m.group(0).startswith("định") or _DAY_AFTER.search(folded[m.end() : m.end() + 60]):
        return False
    before = folded[max(0, m.start() - 60) : m.start()]
    attr = _attribute_re().search(before)
    if attr is None:
        return False
    clause = re.split(r"[,;.:]", folded[max(0, m.start() - 200) : m.start()])[-1]
    return not _reporting_re().search(clause)


def find_recurrence(folded: str) -> RecurrenceHit | None:
    """The first recurrence phrase with its day ("định kỳ hàng tháng (trước ngày 20)");
    a phrase describing a plan or budget ("kế hoạch … hằng năm") is no recurrence."""
    if not _any_recurrence_re().search(folded):  # one scan instead of one per frequency
        return None
    best: RecurrenceHit | None = None
    for freq, pat in _recurrence_res():
        m = next((x for x in pat.finditer(folded) if not _is_attribute(folded, x)), None)
        if not m or (best and best.start <= m.start()):
            continue
        after = folded[m.end() : m.end() + 60]
        day_m = _DAY_AFTER.search(after)
        day = int(day_m.group(1)) if day_m else None
        month = int(day_m.group(2)) if day_m and day_m.group(2) else None
        end = m.end() + (day_m.end() if day_m else 0)
        if day_m and after[: day_m.end()].count("(") > after[: day_m.end()].count(")"):
            close = after.find(")", day_m.end())
            if 0 <= close < 40:
                end = m.end() + close + 1
        start = m.start()
        if day is None:
            bm = _DAY_BEFORE.search(folded[max(0, m.start() - 40) : m.start()])
            day = int(bm.group(1)) if bm else None
            month = int(bm.group(2)) if bm and bm.group(2) else None
            if bm:
                start = max(0, m.start() - 40) + bm.start()
        if day is not None and not 1 <= day <= 31:
            day = None
        if month is not None and not 1 <= month <= 12:
            month = None
        if freq == "weekly":  # "hằng tuần (vào thứ Sáu)": the weekday follows the phrase
            dow = re.match(r"[\s(,:]*(?:vào\s+)?(?:ngày\s+)?(thứ\s+\w+|chủ nhật)\)?", after)
            if dow:
                end = m.end() + dow.end()
        best = _make_rec(freq, day, folded[start:end], start, end, month)
    return best


def _make_rec(
    freq: str, day: int | None, text: str, start: int, end: int, month: int | None = None
) -> RecurrenceHit:
    interval = 1
    if freq == "semiannual":
        freq, interval = "monthly", 6
    if freq == "weekly":
        rule = "FREQ=WEEKLY"
        for k, v in _DOW.items():
            if k in text:
                rule += f";BYDAY={v}"
                break
        return RecurrenceHit("weekly", 1, None, rule, start, end)
    if freq == "quarterly":
        if fold("cuối quý") in text:
            rule = "FREQ=YEARLY;BYMONTH=3,6,9,12"
        elif fold("đầu quý") in text or fold("quý sau") in text:
            rule = "FREQ=YEARLY;BYMONTH=1,4,7,10"
        else:
            rule = "FREQ=MONTHLY;INTERVAL=3"
    elif freq == "monthly":
        rule = "FREQ=MONTHLY" + (f";INTERVAL={interval}" if interval != 1 else "")
    else:
        rule = "FREQ=YEARLY" + (f";BYMONTH={month}" if month else "")
    if day is not None:
        rule += f";BYMONTHDAY={day}"
    return RecurrenceHit(freq, interval, day, rule, start, end)


@functools.cache
def _ongoing_re() -> re.Pattern[str]:
    return re.compile(lexicon().pattern("ongoing"))


def find_ongoing(folded: str) -> re.Match[str] | None:
    """ "Thường xuyên" and its kin: ongoing work with no end."""
    return _ongoing_re().search(folded)
