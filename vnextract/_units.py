"""The grammar of assignment: who leads and who cooperates in a sentence.

Works on one block at a time: the gazetteer's mentions plus organisations it does not
know ("Tập đoàn FPT") are grouped into coordinated lists ("Sở A, Sở B và các địa
phương"); a list at the head of a clause is the subject (lead), a list after "giao",
"đề nghị", "yêu cầu" leads, a list after "phối hợp với", "cùng" cooperates.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import re
from dataclasses import dataclass

from ._lexicon import alternation, lexicon
from ._text import fold, strip_markup
from .gazetteer import Gazetteer
from .model import Span, UnitRef

_SEP_WORDS = ("và", "cùng", "cùng với", "với", "các", "hoặc", "và các", "cùng các")
_GAP = re.compile(r"^(?:[\s,;&*()/]|\*\*|-(?=\s)|\b(?:" + "|".join(_SEP_WORDS) + r")\b)*$")
_SKIP = re.compile(r"(?:[\s*_#>\-–+•]|\*\*|(?<!\w)các(?!\w))*")
_GIAO_NOT = (
    "dịch",
    "thông",
    "diện",
    "lưu",
    "ban",
    "nhận",
    "tiếp",
    "kết",
    "thoa",
    "đất",
    "khoán",
    "hàng",
    "ước",
    "nộp",
    "quyền",
)


_LOCAL_KINDS = frozenset({"commune", "district"})
# between two names of an elliptic list: a comma or "và" before a capital
_LIST_SEP = re.compile(r"(?:\s*,\s*|\s+và\s+)(?=[A-ZÀ-ỸĐ])")
_COMMITTEE_BEFORE = re.compile(
    r"(?<!\w)(?:ubnd|ủy ban nhân dân)\s+(?:(?:xã|phường|thị trấn|đặc khu|huyện|quận|thị xã)\s+)?$"
)

# a person's name after an office: two to four capitalised words
_PERSON = re.compile(r"(?:\s+[A-ZÀ-ỸĐ][a-zà-ỹđ]+){2,4}(?=[\s,])")


_NAMED_PROVINCE = re.compile(r"(?<=tỉnh )([A-ZÀ-ỸĐ]\w*(?: [A-ZÀ-ỸĐ]\w*){0,3})$")


_PROVINCE_AFTER = re.compile(r" ([A-ZÀ-ỸĐ]\w*(?: [A-ZÀ-ỸĐ]\w*){1,2})(?!\w)")


def _with_province(text: str, it: Item) -> Item:
    """ "Ủy ban nhân dân tỉnh Thanh Hóa" in a document of another province: the gazetteer
    stops at "tỉnh"; the province's name (two or three capitalised words) belongs to it."""
    if not it.keys or not it.text.endswith("tỉnh"):
        return it
    m = _PROVINCE_AFTER.match(text, it.end)
    if not m:
        return it
    return Item(it.keys, it.start, m.end(), text[it.start : m.end()])


@functools.cache
def _name_compounds() -> frozenset[str]:
    return frozenset(lexicon().words("name_compounds"))


@functools.cache
def _name_breaks() -> frozenset[str]:
    return frozenset(lexicon().words("name_breaks"))


@functools.cache
def speaker_offices() -> dict[str, str]:
    """Gazetteer key of an office that speaks → key of the body it stands for."""
    return {str(k): str(v) for k, v in lexicon().raw["speaker_offices"].items()}


@dataclass(frozen=True, slots=True)
class Item:
    """A unit in a list: gazetteer keys (empty for an unknown organisation) and its span."""

    keys: tuple[str, ...]
    start: int
    end: int
    text: str


@dataclass
class UnitList:
    items: list[Item]

    @property
    def start(self) -> int:
        return self.items[0].start

    @property
    def end(self) -> int:
        return self.items[-1].end


@functools.cache
def _res() -> dict[str, re.Pattern[str]]:
    lx = lexicon()
    return {
        "trigger": re.compile(r"(?:" + lx.pattern("assignment_triggers") + r")\s+"),
        "object": re.compile(r"(?:" + lx.pattern("assignment_objects") + r")"),
        "support": re.compile(lx.pattern("support_markers")),
        "recipient": re.compile(r"(?:" + lx.pattern("recipient_markers") + r")\s*$"),
        "opener": re.compile(r"(?:" + lx.pattern("clause_openers") + r")"),
        "level_start": re.compile(r"(?:" + lx.pattern("unit_levels") + r")\s"),
        # right after a level word, or later in a list a level word opens ("các xã Tân
        # Tiến, Đoàn Kết và …")
        "level_before": re.compile(
            r"(?:" + lx.pattern("unit_levels") + r")\s+(?:[^.;:()\n]{0,60}(?:,|\s và))?\s*$"
        ),
        "elliptic": re.compile(r"(?<!\w)(?:các\s+)(" + lx.pattern("elliptic_heads") + r")\s*:\s*"),
        "topic": re.compile(r"(?:" + lx.pattern("topic_openers") + r")\s"),
        "title": re.compile(r"(?:" + lx.pattern("person_titles") + r")\s+"),
        "org": re.compile(lx.pattern("org_heads")),
        "lead_verb": re.compile(lx.pattern("lead_verbs")),
        "heading_prefix": re.compile(r"[\s*]*(?:" + lx.pattern("heading_prefixes") + r")\s+"),
        "speaker": re.compile(r"[\s*,]*(?:đã\s+)?(?:" + lx.pattern("speaker_verbs") + r")"),
    }


class BlockUnits:
    """Mentions, unknown organisations and coordinated lists of one text."""

    def __init__(self, text: str, gaz: Gazetteer, province: str | None) -> None:
        self.text = text
        self.gaz = gaz
        self.folded = fold(text)
        items = [
            _with_province(text, Item(m.keys, m.start, m.end, m.text))
            for m in gaz.find(text, province)
        ]
        items = [it for it in items if self._in_unit_context(it)]
        items = self._elliptic(items)
        items = [
            ext
            if (ext := self._with_committee(it)) is it
            or not any(o.start < it.start and o.end > ext.start for o in items)
            else it
            for it in items
        ]
        items += self._unknown_orgs(items)
        items.sort(key=lambda i: i.start)
        self.items = items
        self.lists = self._group(items)
        self._ends = [lst.end for lst in self.lists]

    def _elliptic(self, items: list[Item]) -> list[Item]:
        """ "Các Bộ: Công Thương, Xây dựng và Tài nguyên và Môi trường": each name with the
        head the list writes once; the first item's span takes the head in."""
        if ":" not in self.text:
            return items
        out = list(items)
        for m in _res()["elliptic"].finditer(self.folded):
            head = self.text[m.start(1) : m.end(1)].split(",")[0]
            stop = re.search(r"[;.:\n(]", self.text[m.end() :])
            end = m.end() + (stop.start() if stop else len(self.text) - m.end())
            found: list[Item] = []
            pos = m.end()
            while pos < end:
                lead_ws = len(self.text[pos:end]) - len(self.text[pos:end].lstrip(" "))
                pos += lead_ws
                name = self.text[pos:end]
                got = self.gaz.find(f"{head} {name}")
                if not got or got[0].start != 0 or got[0].end <= len(head) + 1:
                    break
                n = got[0].end - len(head) - 1
                found.append(Item(got[0].keys, pos, pos + n, f"{head} {name[:n]}"))
                sep = _LIST_SEP.match(self.text, pos + n, end)
                if not sep:
                    break
                pos = sep.end()
            if not found:
                continue
            first = found[0]
            found[0] = Item(first.keys, m.start(), first.end, first.text)
            span = (m.start(), found[-1].end)
            out = [it for it in out if not (span[0] <= it.start < span[1])] + found
        return out

    def _in_unit_context(self, it: Item) -> bool:
        """A commune or district named bare is a unit only after a level word."""
        kinds = {getattr(self.gaz.entry(k), "kind", "") for k in it.keys}
        if not kinds & _LOCAL_KINDS:
            return True
        if _res()["level_start"].match(self.folded, it.start):
            return True  # "xã Thống Nhất", "UBND phường Hòa Bình"
        before = self.folded[max(0, it.start - 80) : it.start]
        return bool(_res()["level_before"].search(before))

    def _with_committee(self, it: Item) -> Item:
        """ "UBND xã Thống Nhất": the committee of a commune stands for the commune."""
        kinds = {getattr(self.gaz.entry(k), "kind", "") for k in it.keys}
        if not kinds & _LOCAL_KINDS:
            return it
        m = _COMMITTEE_BEFORE.search(self.folded, max(0, it.start - 40), it.start)
        if not m:
            return it
        s = m.start()
        return Item(it.keys, s, it.end, self.text[s : it.end])

    def _unknown_orgs(self, known: list[Item]) -> list[Item]:
        out: list[Item] = []
        for m in _res()["org"].finditer(self.folded):
            if any(k.start <= m.start() < k.end for k in known):
                continue
            if not self.text[m.start()].isupper():
                continue
            pos = m.end()
            words = list(re.finditer(r"\S+", self.text[pos : pos + 120]))
            end = None
            i = 0
            while i < len(words):
                w = words[i].group(0).rstrip(",.;:)")
                if w and (w[0].isupper() or w[0].isdigit()) and w == words[i].group(0):
                    end = pos + words[i].end()
                    i += 1
                elif w and w[0].isupper():
                    end = pos + words[i].start() + len(w)
                    break
                elif (
                    w in ("và", "-", "&")
                    and i + 1 < len(words)
                    and words[i + 1].group(0)[:1].isupper()
                ):
                    i += 1
                elif (
                    end is not None
                    and i > 0
                    and fold(words[i - 1].group(0) + " " + w) in _name_compounds()
                ):
                    end = pos + words[i].start() + len(w)
                    if w != words[i].group(0):
                        break
                    i += 1
                elif end is not None and (bridge := self._bridge(words, i, pos, known)):
                    # "Trung tâm Chuyển đổi số Thành phố": lower-case words inside a name
                    i = bridge
                else:
                    last = words[i - 1].group(0) if i > 0 else ""
                    if end is not None and not last.isupper() and last == last.rstrip(",.;:)"):
                        tail = self._tail(words, i, pos)
                        end = tail if tail is not None else end
                    break
            if end is not None and not any(o.start <= m.start() < o.end for o in out):
                out.append(Item((), m.start(), end, self.text[m.start() : end]))
        return out

    def _bridge(self, words: list[re.Match[str]], i: int, pos: int, known: list[Item]) -> int:
        """The index of the capitalised word after one to three lower-case words at ``i``
        that continue an organisation's name ("Chuyển đổi số Thành phố", "Lâm nghiệp và
        Kiểm lâm"), or 0 when they end it."""
        breaks = _name_breaks()
        for j in (i + 1, i + 2, i + 3):
            if j >= len(words):
                return 0
            w = words[j - 1].group(0)
            nxt = words[j].group(0)
            joins = fold(w) == "và" and nxt[:1].isupper() and j > i + 1
            if w != w.rstrip(",.;:)") or not w[:1].isalpha() or (fold(w) in breaks and not joins):
                return 0
            if nxt[:1].isupper():
                at = pos + words[j].start()
                if any(k.start <= at < k.end for k in known):
                    return 0
                return j
        return 0

    def _tail(self, words: list[re.Match[str]], i: int, pos: int) -> int | None:
        """Where a name ending in lower-case words ends ("Cục Biến đổi khí hậu phối hợp …",
        "Trung tâm Dữ liệu tỉnh rà soát …"): up to three words, then a break word or a
        punctuation mark; None when the words run on."""
        breaks = _name_breaks()
        for j in range(i, min(i + 3, len(words))):
            raw = words[j].group(0)
            w = raw.rstrip(",.;:)")
            if not w[:1].isalpha() or not w[:1].islower() or fold(w) in breaks:
                return pos + words[j - 1].end() if j > i and fold(w) in breaks else None
            if w != raw:
                return pos + words[j].start() + len(w)
        if i + 3 >= len(words):
            return pos + words[min(i + 3, len(words)) - 1].end() if len(words) <= i + 3 else None
        nxt = words[i + 3].group(0).rstrip(",.;:)")
        return pos + words[i + 2].end() if fold(nxt) in breaks else None

    def _group(self, items: list[Item]) -> list[UnitList]:
        lists: list[UnitList] = []
        for it in items:
            if (
                lists
                and _GAP.match(self.folded[lists[-1].end : it.start])
                and it.start - lists[-1].end < 40
            ):
                lists[-1].items.append(it)
            else:
                lists.append(UnitList([it]))
        return lists

    def item_at(self, pos: int) -> tuple[UnitList, int] | None:
        """The list and index of the item starting at ``pos`` (after "các" and markup)."""
        m = _SKIP.match(self.folded, pos)
        p = m.end() if m else pos
        # lists are disjoint and in order: start at the first one ending after pos
        first = bisect.bisect_right(self._ends, pos)
        for li in range(first, len(self.lists)):
            lst = self.lists[li]
            for i, it in enumerate(lst.items):
                if it.start == p or (
                    it.start < p <= it.end and self.folded[it.start : p].strip() == "các"
                ):
                    return lst, i
            if lst.start > p:
                break
        return None

    def list_at(self, pos: int) -> UnitList | None:
        """The rest of the list whose item starts at ``pos``."""
        hit = self.item_at(pos)
        if hit is None:
            return None
        lst, i = hit
        return UnitList(lst.items[i:])

    def units_only(self, a: int, b: int) -> list[Item] | None:
        """The items when ``text[a:b]`` is nothing but a list of units (a unit heading)."""
        inside = [it for it in self.items if a <= it.start and it.end <= b]
        if not inside:
            return None
        pre = _res()["heading_prefix"].match(self.folded, a, b)
        rest = self.folded[a:b]
        if pre:
            # "1. Đối với các sở, ban, ngành cấp tỉnh", "Về phía UBND cấp xã"
            rest = " " * (pre.end() - a) + rest[pre.end() - a :]
        for it in reversed(inside):
            rest = rest[: it.start - a] + " " * (it.end - it.start) + rest[it.end - a :]
        rest = re.sub(r"\([^)]*\)", " ", rest)
        if _GAP.match(rest.replace(":", " ").replace(".", " ")):
            return _drop_enumerated(self, inside)
        return None

    # --- roles -------------------------------------------------------------------------
    def lead_in(self, a: int, b: int, anywhere: bool = False) -> tuple[list[Item], str]:
        """Lead units of the sentence ``text[a:b]`` and how they were found; with
        ``anywhere`` a clause after any comma may hold them (intro paragraphs)."""
        m = _SKIP.match(self.folded, a, b)
        s = m.end() if m else a
        starts = [s]
        if anywhere or _res()["opener"].match(self.folded, s):
            starts += [c.end() for c in re.finditer(r"[,:]\s*", self.folded[s:b])]
            starts = [starts[0]] + [s + x for x in starts[1:]]
        if anywhere:
            # an intro "Ủy ban nhân dân Thành phố đề nghị Trung tâm … thực hiện:": the
            # addressee after a trigger word anywhere
            extra = [t.start() for t in _res()["trigger"].finditer(self.folded, s, b)]
            starts = sorted(set(starts) | set(extra))
        elif _res()["topic"].match(self.folded, s):
            # "Về dự án …: Bộ Xây dựng khẩn trương …": the topic ends at its colon
            colons = [s + c.end() for c in re.finditer(r":\s*", self.folded[s:b])]
            starts += colons
            for c in colons:
                # "Về …: với vai trò là chủ đầu tư, Tập đoàn … chủ động …"
                if _res()["opener"].match(self.folded, c):
                    starts += [c + x.end() for x in re.finditer(r",\s*", self.folded[c:b])]
        for p in starts:
            got = self._trigger_at(p, b)
            if got is not None:
                return got, "trigger"
            subj = self._subject_at(p, b)
            if subj is not None:
                after = subj[-1].end
                trig = self._trigger_at(after, b)
                if trig is not None:
                    return trig, "trigger"
                if self.is_speaker(subj):
                    return [], "speaker"
                return subj, "subject"
        # "Xây dựng …; Sở X chủ trì, phối hợp với Y …": a list right before a lead verb
        f = self.folded
        for v in _res()["lead_verb"].finditer(f, s, b):
            i = bisect.bisect_right(self._ends, v.start()) - 1
            if i < 0:
                continue
            lst = self.lists[i]
            if lst.start < s or f[lst.end : v.start()].strip(" *"):
                continue
            if f[max(a, lst.start - 2) : lst.start].strip(" *") in ("", ";", ",", "."):
                items = _drop_enumerated(self, lst.items)
                if not self.is_speaker(items):
                    return items, "subject"
        return [], ""

    def is_speaker(self, items: list[Item]) -> bool:
        """The issuing committee speaking ("Chủ tịch UBND tỉnh yêu cầu:", "UBND tỉnh ban
        hành Kế hoạch …"): committees only, followed by a speaker verb."""
        offices = speaker_offices()
        for it in items:
            kinds = {getattr(self.gaz.entry(k), "kind", "") for k in it.keys}
            if not it.keys or (kinds != {"committee"} and not set(it.keys) <= offices.keys()):
                return False
        # the office holder's name may stand between ("Thủ tướng Chính phủ Phạm Minh Chính")
        pos = items[-1].end
        name = _PERSON.match(self.text, pos)
        if name:
            pos = name.end()
        return bool(_res()["speaker"].match(self.folded, pos))

    def _trigger_at(self, p: int, b: int) -> list[Item] | None:
        f = self.folded
        m = _SKIP.match(f, p, b)
        p = m.end() if m else p
        t = _res()["trigger"].match(f, p, b)
        if not t:
            return None
        q = t.end()
        if f[p : t.end()].strip() == "giao" and f[q:].split(" ", 1)[0] in _GIAO_NOT:
            return None
        obj = _res()["object"].match(f, q, b)
        if obj:
            cho = f.find(" cho ", obj.end(), min(b, obj.end() + 80))
            if cho >= 0:
                q = cho + 5
        # "Yêu cầu Thủ trưởng các sở, ban, ngành …": the title's units are addressed
        tm = _res()["title"].match(f, q, b)
        if tm and self.list_at(tm.end()) is not None:
            q = tm.end()
        lst = self.list_at(q)
        if lst is None or lst.start >= b:
            return None
        return _drop_enumerated(self, [it for it in lst.items if it.end <= b])

    def _subject_at(self, p: int, b: int) -> list[Item] | None:
        f = self.folded
        m = _SKIP.match(f, p, b)
        p = m.end() if m else p
        tm = _res()["title"].match(f, p, b)
        if tm and self.list_at(tm.end()) is not None:
            p = tm.end()
        hit = self.item_at(p)
        if hit is None:
            return None
        lst, first = hit
        # p inside a longer list: "ý kiến của các sở, ngành, Sở X tiếp thu" → only the last
        # item is the subject, and only if the list follows "của", "với"…
        if first > 0 and (
            first != len(lst.items) - 1
            or not _res()["recipient"].search(f[max(0, lst.start - 20) : lst.start])
        ):
            return None
        items = lst.items[first:]
        end = items[-1].end
        if end > b:
            return None
        nxt = f[end:b].lstrip(" *")
        if nxt.startswith("("):
            close = nxt.find(")")
            nxt = nxt[close + 1 :].lstrip(" *,") if close >= 0 else ""
        if not nxt or not (nxt[0].isalpha() or nxt[0] == ":"):
            return None
        return _drop_enumerated(self, items)

    def after_recipient(self, it: Item) -> bool:
        """Whether the list holding ``it`` follows a recipient word ("báo cáo của các Bộ")."""
        i = bisect.bisect_right(self._ends, it.start - 1)
        start = self.lists[i].start if i < len(self.lists) else it.start
        return bool(_res()["recipient"].search(self.folded[max(0, start - 20) : start]))

    def support_in(self, a: int, b: int, lead: list[Item]) -> list[Item]:
        """Units after "phối hợp (với)", "cùng", "họp với" in ``text[a:b]``, minus the lead."""
        out: list[Item] = []
        starts: set[int] = set()  # of the items in out
        lead_keys = {k for it in lead for k in it.keys} | {it.text for it in lead if not it.keys}
        for m in _res()["support"].finditer(self.folded, a, b):
            lst = self.list_at(m.end())
            if lst is None:
                continue
            for it in _drop_enumerated(self, lst.items):
                if it.end > b:
                    break
                if it.keys and set(it.keys) <= lead_keys:
                    continue
                if not it.keys and it.text in lead_keys:
                    continue
                if it.start not in starts:
                    starts.add(it.start)
                    out.append(it)
        return out

    def items_in(self, a: int, b: int) -> list[Item]:
        """Every unit in ``text[a:b]`` outside parentheses (a table cell's units)."""
        depth_at = _paren_depths(self.text, a, b)
        inside = [
            it for it in self.items if a <= it.start and it.end <= b and depth_at(it.start) == 0
        ]
        return _drop_enumerated(self, inside)


def _paren_depths(text: str, a: int, b: int):  # type: ignore[no-untyped-def]  # small closure
    depths = [0] * (b - a + 1)
    d = 0
    for i in range(a, b):
        depths[i - a] = d
        if text[i] == "(":
            d += 1
        elif text[i] == ")":
            d = max(0, d - 1)
    return lambda pos: depths[pos - a] if a <= pos <= b else 0


def _drop_enumerated(bu: BlockUnits, items: list[Item]) -> list[Item]:
    """ "các sở, ngành liên quan (Sở A, Sở B)": the enumeration replaces the group."""
    out: list[Item] = []
    for i, it in enumerate(items):
        if i + 1 < len(items) and "(" in bu.folded[it.end : items[i + 1].start]:
            continue
        out.append(it)
    return out


def unit_refs(
    items: list[Item], gaz: Gazetteer, day: dt.date | None, province: str | None, offset: int
) -> tuple[UnitRef, ...]:
    """UnitRefs for items found in a block whose text starts at source ``offset``."""
    out: list[UnitRef] = []
    seen: set[str] = set()
    offices = speaker_offices()
    for it in items:
        mention = strip_markup(it.text)
        span = Span(offset + it.start, offset + it.end) if offset >= 0 else None
        if not it.keys:
            if mention not in seen:
                seen.add(mention)
                out.append(UnitRef(mention, mention, None, span))
            continue
        for k in it.keys:
            # an office addressed stands for its body ("Chủ tịch UBND tỉnh" → UBND tỉnh)
            body = offices.get(k)
            if body is not None and gaz.entry(body) is None:
                body = None
            if body is not None and gaz.entry(body) is not None:
                k = body
            if k in seen:
                continue
            seen.add(k)
            # "Ủy ban nhân dân tỉnh Thanh Hóa" in a national notice names its own province
            named = _NAMED_PROVINCE.search(mention)
            out.append(
                UnitRef(gaz.name_at(k, day, named[1] if named else province), mention, k, span)
            )
    return tuple(out)


def split_cell_units(text: str) -> list[tuple[int, int]]:
    """Pieces of a table cell separated by ";" or newlines (each may hold one unit)."""
    out = []
    pos = 0
    for part in re.split(r"[;\n]", text):
        s = pos + len(part) - len(part.lstrip())
        e = pos + len(part.rstrip())
        if e > s:
            out.append((s, e))
        pos += len(part) + 1
    return out


__all__ = ["BlockUnits", "Item", "alternation", "split_cell_units", "unit_refs"]
