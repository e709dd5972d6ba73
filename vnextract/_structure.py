"""Layout: split normalised text into blocks (paragraphs, table rows, footnote bodies) and
nest them into an outline by their numbering (I., 1., 1.1., a), -, +, *)."""

from __future__ import annotations

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

    def src(self, i: int) -> int:
        """Source offset of ``text`` index ``i``."""
        pos = 0
        for s, e in self.pieces:
            n = e - s
            if i <= pos + n:
                return s + (i - pos)
            pos += n + 1
        return self.pieces[-1][1]

    def src_spans(self, i: int, j: int) -> list[tuple[int, int]]:
        """Source ranges covering ``text[i:j]`` (one per piece it touches)."""
        out: list[tuple[int, int]] = []
        pos = 0
        for s, e in self.pieces:
            n = e - s
            a, b = max(i, pos), min(j, pos + n)
            if a < b:
                out.append((s + a - pos, s + b - pos))
            pos += n + 1
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
    for s, e in _lines(text):
        line = text[s:e]
        if not line.strip():
            continue
        if is_row(line):
            if _PIPE_SEP.match(line):
                continue
            blocks.append(_row_block(text, s, e))
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
        if (
            last_para is not None
            and not mtype
            and plain[:1].islower()
            and not strip_markup(last_para.text).rstrip().endswith((".", ":", "!", "?", "./."))
        ):
            last_para.pieces.append((s, e))
            last_para.text = last_para.text + " " + text[s:e]
            continue
        b = Block("para", [(s, e)], text[s:e], mark, mtype, body)
        blocks.append(b)
        last_para = b
    return blocks


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
    out = []
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
