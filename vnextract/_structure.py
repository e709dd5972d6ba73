"""Layout: split normalised text into blocks (paragraphs, table rows, footnote bodies) and
nest them into an outline by their numbering (I., 1., 1.1., a), -, +, *)."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from ._text import strip_markup

_SUPERS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUP_DIGITS = str.maketrans(_SUPERS, "0123456789")
FOOTNOTE_START = re.compile(
    rf"^\s*(?:<sup>\s*(\d{{1,3}})\s*</sup>|([{_SUPERS}]{{1,3}})|\[(\d{{1,3}})\])\s*"
)
FOOTNOTE_REF = re.compile(
    rf"<sup>\s*(\d{{1,3}})\s*</sup>|([{_SUPERS}]{{1,3}})|\[(\d{{1,2}})\](?!\()"
)
_MAY_CITE = re.compile(rf"[<\[{_SUPERS}]")  # every FOOTNOTE_REF starts with one of these
_LEAD_MARKUP = re.compile(r"^(?:\s|#{1,6}\s|\*{1,3}|_{1,3}|>\s)*")
_MARKERS: list[tuple[str, re.Pattern[str]]] = [
    # "**4.** Đề nghị …": emphasis may close right after the number
    ("R", re.compile(r"^([IVX]{1,5})[.)](?:\*{1,3})?\s+")),
    ("N", re.compile(r"^(\d{1,2}(?:\.\d{1,2}){1,4})\.?\)?(?:\*{1,3})?\s+")),
    ("N", re.compile(r"^(\d{1,2})[.)](?:\*{1,3})?\s+")),
    ("A", re.compile(r"^([a-zđ])\)(?:\*{1,3})?\s+")),
    ("A", re.compile(r"^([a-zđ])\.\s+(?=\S)")),
    ("B", re.compile(r"^([-–—+*•·◦▪○●■□➢✓])\s+")),
]
_PIPE_SEP = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")


@dataclass
class Block:
    """A paragraph, table row or footnote body; ``pieces`` are source ranges joined by
    single spaces into ``text`` (a paragraph split by a page break has two pieces)."""

    kind: str  # para | row | footnote
    pieces: list[tuple[int, int]]
    text: str
    marker: str = ""
    mtype: str = ""  # R, N1..N5, A, B-, B+, …
    body: int = 0  # index in text where the content after the marker starts
    cells: list[tuple[int, int]] = field(default_factory=list)  # row cells as text ranges
    note_id: str = ""

    @property
    def start(self) -> int:
        return self.pieces[0][0]

    @property
    def end(self) -> int:
        return self.pieces[-1][1]

    def _bounds(self) -> tuple[list[int], list[int]]:
        """Where each piece starts and ends in ``text`` (pieces are only ever appended, so
        the lists are rebuilt when their number changes). A paragraph wrapped over many
        lines has many pieces: bisecting keeps each offset lookup logarithmic."""
        got: tuple[list[int], list[int]] | None = self.__dict__.get("_bounds_memo")
        if got is None or len(got[0]) != len(self.pieces):
            starts: list[int] = []
            ends: list[int] = []
            pos = 0
            for s, e in self.pieces:
                starts.append(pos)
                ends.append(pos + e - s)
                pos += e - s + 1
            got = (starts, ends)
            self.__dict__["_bounds_memo"] = got
        return got

    def src(self, i: int) -> int:
        """Source offset of ``text`` index ``i``."""
        starts, ends = self._bounds()
        k = bisect.bisect_left(ends, i)  # the first piece with i <= its end
        if k == len(ends):
            return self.pieces[-1][1]
        return self.pieces[k][0] + (i - starts[k])

    def src_spans(self, i: int, j: int) -> list[tuple[int, int]]:
        """Source ranges covering ``text[i:j]`` (one per piece it touches)."""
        out: list[tuple[int, int]] = []
        starts, ends = self._bounds()
        k = bisect.bisect_right(ends, i)  # pieces ending at or before i hold none of it
        while k < len(ends) and starts[k] < j:
            pos = starts[k]
            a, b = max(i, pos), min(j, ends[k])
            if a < b:
                s = self.pieces[k][0]
                out.append((s + a - pos, s + b - pos))
            k += 1
        return out

    @property
    def content(self) -> str:
        return self.text[self.body :]


def _lines(text: str) -> Iterator[tuple[int, int]]:
    pos = 0
    for line in text.split("\n"):
        yield pos, pos + len(line)
        pos += len(line) + 1


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s] in " \t":
        s += 1
    while e > s and text[e - 1] in " \t":
        e -= 1
    return s, e


def _marker(text: str) -> tuple[str, str, int]:
    """(type, marker, content offset) of a paragraph's numbering, after leading markup."""
    m0 = _LEAD_MARKUP.match(text)
    off = m0.end() if m0 else 0
    rest = text[off:]
    for kind, pat in _MARKERS:
        m = pat.match(rest)
        if not m:
            continue
        mark = m.group(1)
        if kind == "N":
            kind = f"N{mark.count('.') + 1}"
        elif kind == "B":
            if mark == "*" and rest.startswith("**"):
                continue
            kind = "B" + {"–": "-", "—": "-", "•": "-", "·": "-"}.get(mark, mark)
        return kind, mark, off + m.end()
    return "", "", off


def is_row(line: str) -> bool:
    """A tab-separated row with two or more cells, or a pipe-table row."""
    if "\t" in line and line.strip("\t ").count("\t") >= 1:
        return True
    s = line.strip()
    return s.startswith("|") and s.count("|") >= 3


def split_blocks(text: str) -> list[Block]:
    """Blocks in reading order, page-break continuations merged into their paragraph."""
    blocks: list[Block] = []
    last_para: Block | None = None
    # the lines merged into last_para (joined once it is complete: appending to its text
    # line by line would copy it for every line) and whether its plain text ends a sentence
    # (None: not known yet); both keep a paragraph of many wrapped lines linear
    parts: list[str] = []
    ends: bool | None = None
    for s, e in _lines(text):
        line = text[s:e]
        if not line.strip():
            continue
        if is_row(line):
            if _PIPE_SEP.match(line):
                continue
            blocks.append(_row_block(text, s, e))
            _close(last_para, parts)
            last_para = None
            continue
        s, e = _trim(text, s, e)
        fm = FOOTNOTE_START.match(text[s:e])
        if fm and e - s > fm.end() + 3:
            note = next(g for g in fm.groups() if g).translate(_SUP_DIGITS)
            blocks.append(Block("footnote", [(s, e)], text[s:e], body=fm.end(), note_id=note))
            continue
        mtype, mark, body = _marker(text[s:e])
        plain = strip_markup(text[s:e])
        if last_para is not None and not mtype and plain[:1].islower():
            if ends is None:
                ends = _ends_sentence(strip_markup(" ".join(parts)))
            if not ends:
                last_para.pieces.append((s, e))
                # the plain text of "A B" ends as that of B does (or of A when B has none)
                # unless a tag opened near the end of A closes in B
                ends = None if _tag_open(parts) else _ends_sentence(plain) if plain else ends
                parts.append(text[s:e])
                continue
        _close(last_para, parts)
        b = Block("para", [(s, e)], text[s:e], mark, mtype, body)
        blocks.append(b)
        last_para = b
        parts = [b.text]
        ends = None
    _close(last_para, parts)
    return blocks


def _close(para: Block | None, parts: list[str]) -> None:
    if para is not None and len(parts) > 1:
        para.text = " ".join(parts)


def _ends_sentence(plain: str) -> bool:
    return plain.rstrip().endswith((".", ":", "!", "?", "./."))


def _tag_open(parts: list[str]) -> bool:
    """Whether a "<" near the end of the text joined from ``parts`` has no ">" after it
    (strip_markup's tag pattern, at most 202 characters long, could then run on into the
    next line)."""
    tail = parts[-1]
    i = len(parts) - 1
    while len(tail) <= 202 and i > 0:
        i -= 1
        tail = parts[i] + " " + tail
    q = tail.rfind("<")
    return q >= 0 and ">" not in tail[q:] and len(tail) - q <= 202


def _row_block(text: str, s: int, e: int) -> Block:
    line = text[s:e]
    cells: list[tuple[int, int]] = []
    if "\t" in line:
        pos = 0
        for part in line.split("\t"):
            cells.append((pos, pos + len(part)))
            pos += len(part) + 1
    else:
        inner_s = line.index("|") + 1
        inner_e = line.rindex("|")
        pos = inner_s
        for part in line[inner_s:inner_e].split("|"):
            cells.append((pos, pos + len(part)))
            pos += len(part) + 1
    trimmed = []
    for a, b in cells:
        while a < b and line[a] in " \t":
            a += 1
        while b > a and line[b - 1] in " \t":
            b -= 1
        trimmed.append((a, b))
    return Block("row", [(s, e)], line, cells=trimmed)


def footnote_refs(text: str) -> list[tuple[str, int, int]]:
    """Footnote markers cited in ``text``: (number, start, end)."""
    out: list[tuple[str, int, int]] = []
    if not _MAY_CITE.search(text):
        return out
    for m in FOOTNOTE_REF.finditer(text):
        num = next(g for g in m.groups() if g).translate(_SUP_DIGITS)
        out.append((num, m.start(), m.end()))
    return out


_BULLET_TYPES = ("B",)


@dataclass
class Node:
    """A block in the outline: its parent, children and depth."""

    block: Block
    parent: Node | None
    depth: int
    children: list[Node] = field(default_factory=list)

    @property
    def mtype(self) -> str:
        return self.block.mtype

    def ancestors(self) -> Iterator[Node]:
        n = self.parent
        while n is not None:
            yield n
            n = n.parent


MAX_DEPTH = 12


def outline(blocks: list[Block]) -> list[Node]:
    """Nest paragraphs: a numbered or bulleted block is a sibling of the last block with the
    same kind of numbering on the stack, else a child of the top; a plain paragraph closes
    open bullets. Depth is capped so absurd numbering cannot nest without end."""
    roots: list[Node] = []
    stack: list[Node] = []
    for b in blocks:
        if b.kind != "para":
            continue
        if b.mtype:
            idx = next(
                (i for i in range(len(stack) - 1, -1, -1) if stack[i].mtype == b.mtype), None
            )
            if idx is not None:
                del stack[idx:]
        else:
            while stack and stack[-1].mtype.startswith(_BULLET_TYPES):
                stack.pop()
        if len(stack) >= MAX_DEPTH:
            del stack[MAX_DEPTH - 1 :]
        parent = stack[-1] if stack else None
        node = Node(b, parent, len(stack))
        (parent.children if parent else roots).append(node)
        if b.mtype:
            stack.append(node)
        elif parent is None or not stack or stack[-1] is not node:
            pass
    return roots
