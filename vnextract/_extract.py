"""The extraction pipeline: blocks → outline → tasks, targets, facts, warnings."""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import re
from dataclasses import dataclass, field, replace

from ._dates import TimeHit, find_deadline, find_ongoing, find_recurrence, period_end
from ._document import Layout, parse_document
from ._figures import figures
from ._lexicon import lexicon
from ._structure import Block, Node, footnote_refs, outline, split_blocks
from ._text import fold, fold_phrase, strip_markup
from ._units import BlockUnits, Item, unit_refs
from .gazetteer import Gazetteer
from .model import (
    Document,
    Due,
    Extraction,
    Fact,
    Footnote,
    Recurrence,
    Section,
    Span,
    Target,
    Task,
    UnitRef,
    Warning,
)

# a year this far after the document's, without a firm cue, is a horizon ("Chiến lược dữ
# liệu đến năm 2030"), not a deadline
_HORIZON_YEARS = 5
# a subject followed by a past or ongoing marker reports, it is not assigned
_REPORTING = re.compile(r"[\s*,]*(?:đã|vừa|đang|từng)(?!\w)")
_GOAL_WORDS = re.compile(r"(?<!\w)(?:mục tiêu|chỉ tiêu|phấn đấu)(?!\w)")
_TERMINAL = (".", ";", "!", "?", "./.", ".)", ".*", ".**")
_SENT_END = re.compile(r"(?<=[.!?])[*”\"')]*\s+(?=[A-ZÀ-ỸĐ“\"(*])")


@dataclass
class Timing:
    due: Due | None = None
    recurrence: Recurrence | None = None
    ongoing: bool = False


@dataclass
class Ctx:
    """What a block inherits from the headings, fields and intros above it."""

    lead: tuple[UnitRef, ...] = ()
    support: tuple[UnitRef, ...] = ()
    timing: Timing = field(default_factory=Timing)
    narrative: bool = False
    # support named by a field ("Đơn vị phối hợp: …"): an item's own "phối hợp với" adds to it
    field_support: bool = False
    # time given by a field that follows the work: it wins over dates the work mentions
    # ("… Chiến lược dữ liệu đến năm 2030" then "c) Thời gian thực hiện: trong năm 2025")
    field_time: bool = False
    # inside a section of assessment (kết quả đạt được, tồn tại hạn chế …): no tasks at all
    assessment: bool = False
    contents: bool = False
    goal: bool = False  # a goal section ("I. MỤC TIÊU"): its figures are targets
    path: tuple[str, ...] = ()


def _with(ctx: Ctx, **changes: object) -> Ctx:
    """``dataclasses.replace`` for a Ctx without its per-call introspection (the walk copies
    a context for every node)."""
    new = object.__new__(Ctx)
    new.__dict__.update(ctx.__dict__)
    new.__dict__.update(changes)
    return new


@functools.cache
def _res() -> dict[str, re.Pattern[str]]:
    lx = lexicon()
    fields = lx.group("fields")
    return {
        "narrative": re.compile(
            r"^(?:"
            + lx.pattern("heading_determiners")
            + r"\s+)*(?:"
            + lx.pattern("narrative_headings")
            + ")"
        ),
        "direction": re.compile(
            r"^(?:"
            + lx.pattern("heading_determiners")
            + r"\s+)*(?:"
            + lx.pattern("direction_headings")
            + ")"
        ),
        "contents": re.compile(lx.pattern("contents_cues")),
        "goal": re.compile(r"^(?:về\s+)?(?:" + lx.pattern("goal_headings") + r")(?![\w,])"),
        "directive": re.compile("(?:" + lx.pattern("directive_intro_cues") + r")\W*$"),
        "closing": re.compile(lx.pattern("closing_phrases")),
        "time_label": re.compile(r"^(?:" + lx.pattern_of(fields["time"]) + r")\s+(?!:)"),
        **{
            "field_" + k: re.compile(r"^(?:" + lx.pattern_of(v) + r")\s*(?:\([^)]*\))?\s*:\s*")
            for k, v in fields.items()
        },
    }


class Extractor:
    """One run over one text. Not thread-safe; create one per document."""

    def __init__(self, text: str, gaz: Gazetteer, reference_date: dt.date | None) -> None:
        self.text = text
        self.gaz = gaz
        self.blocks = split_blocks(text)
        self.doc, self.layout = parse_document(self.blocks)
        self.province = self.doc.province
        self.anchor = self._anchor_date(reference_date)
        self.year = self.anchor.year if self.anchor else None
        self.tasks: list[Task] = []
        self.targets: list[Target] = []
        self.facts: list[Fact] = []
        self.sections: list[Section] = []
        self.warnings: list[Warning] = []
        self.notes = {b.note_id: b for b in self.blocks if b.kind == "footnote"}
        self._goal_blocks: set[int] = set()
        self._assessment_blocks: set[int] = set()  # paragraphs in sections of assessment
        self._target_at: set[Span] = set()
        self._bu: dict[int, BlockUnits] = {}

    def _anchor_date(self, reference: dt.date | None) -> dt.date | None:
        d = self.doc
        if d.date:
            return d.date
        if d.date_text:
            m = re.search(r"tháng\s*(\d{1,2})?\s*năm\s*(\d{4})", d.date_text)
            if m:
                year = int(m.group(2))
                month = int(m.group(1)) if m.group(1) and 1 <= int(m.group(1)) <= 12 else 1
                first = dt.date(year, month, 1)
                return max(first, d.meeting_date) if d.meeting_date else first
        return d.meeting_date or reference

    def bu(self, b: Block) -> BlockUnits:
        got = self._bu.get(id(b))
        if got is None:
            got = BlockUnits(b.text, self.gaz, self.province)
            self._bu[id(b)] = got
        return got

    def refs(self, b: Block, items: list[Item]) -> tuple[UnitRef, ...]:
        refs = unit_refs(items, self.gaz, self.anchor, self.province, -1)
        out = []
        for it, r in zip(_expand(items), refs, strict=False):
            out.append(replace(r, span=Span(b.src(it.start), b.src(it.end))))
        return tuple(out) if len(out) == len(refs) else refs

    # ----------------------------------------------------------------------------------
    def run(self) -> Extraction:
        lay: Layout = self.layout
        body = [b for b in self.blocks[lay.body_start : lay.body_end]]
        self._walk(outline(body), Ctx(narrative=True))
        for a, z in lay.attachments:
            self._walk(outline(self.blocks[a:z]), Ctx(narrative=True))
        self._tables(self.blocks[lay.body_start :])
        self._footnote_figures()
        self._dedupe()
        self._check_dates()
        return Extraction(
            text=self.text,
            document=self.doc,
            tasks=tuple(self.tasks),
            targets=tuple(self.targets),
            facts=tuple(self.facts),
            sections=tuple(self.sections),
            footnotes=tuple(
                Footnote(b.note_id, b.text[b.body :], Span(b.start, b.end))
                for b in self.notes.values()
            ),
            warnings=tuple(self.warnings),
        )

    # --- outline walk -------------------------------------------------------------------
    def _walk(self, nodes: list[Node], ctx: Ctx) -> None:
        after = self._attribution_after(nodes, ctx)
        running = ctx
        for i, node in enumerate(nodes):
            got = after.get(i)
            if got is not None:
                # the work of a block whose lead, support and time lines follow it
                # only what the fields set replaces what the item inherits
                changes = {
                    k: getattr(got, k)
                    for k in ("lead", "support", "timing", "field_support", "field_time")
                    if getattr(got, k) is not getattr(ctx, k)
                }
                self._node(node, _with(running, **changes), ctx)
                continue
            running = self._node(node, running, ctx)

    def _role(self, node: Node) -> str:
        """A sibling's part in a block of attribution: "attr" (a lead, support or time
        field, or "Cơ quan thực hiện:" over such fields), "work" (a "Nhiệm vụ:" field or an
        item), "other" (contents, headings of their own)."""
        b = node.block
        plain = strip_markup(b.content)
        fld = self._field(fold(plain))
        if fld is not None:
            kind, at = fld
            if kind in ("lead", "support", "time"):
                return "attr"
            if kind == "forms" and fold(plain[:at]).startswith("nhiệm vụ"):
                return "work"
            return "other"
        if self._deadline_sentence(b):
            return "attr"
        return "work" if b.mtype else "other"

    def _deadline_sentence(self, b: Block) -> bool:
        """ "Thời gian hoàn thành trước ngày 31 tháng 12 năm 2025.": a time label without a
        colon that opens a sentence of its own."""
        if b.mtype.startswith(("N", "R", "A")):
            return False
        f = fold(strip_markup(b.content))
        m = _res()["time_label"].match(f)
        return bool(m) and not self.bu(b).items and find_deadline(f, self.year) is not None

    def _attribution_after(self, nodes: list[Node], ctx: Ctx) -> dict[int, Ctx]:
        """Siblings doing work followed by the fields that attribute it ("a) Nhiệm vụ: …",
        "b) Cơ quan thực hiện: - Đơn vị chủ trì: … - Đơn vị phối hợp: …", "c) Thời gian thực
        hiện: …"; a list then "Thời gian hoàn thành trước ngày …"): the context those
        fields give, for each working sibling."""
        out: dict[int, Ctx] = {}
        if len(nodes) < 2:
            return out
        roles = [self._role(n) for n in nodes]
        last = nodes[-1].children[-1:] if nodes[-1].children else []
        if last and roles[-1] == "work" and self._deadline_sentence(last[0].block):
            # "1. … 2. …" then "Thời gian hoàn thành trước ngày …" (nested under the last
            # item by the outline): the sentence governs the whole list
            nodes = [*nodes, last[0]]
            roles.append("attr")
        if "attr" not in roles:
            return out
        i = 0
        while i < len(nodes):
            if roles[i] != "work":
                i += 1
                continue
            j = i
            while j < len(nodes) and roles[j] == "work":
                j += 1
            k = j
            while k < len(nodes) and roles[k] == "attr":
                k += 1
            if k > j:
                got = _with(ctx, field_support=False)
                for n in nodes[j:k]:
                    got = self._attribute(n, got)
                for w in range(i, j):
                    out[w] = got
            i = max(k, i + 1)
        return out

    def _attribute(self, node: Node, ctx: Ctx) -> Ctx:
        b = node.block
        plain = strip_markup(b.content)
        fld = self._field(fold(plain))
        if fld is None:
            return _with(ctx, timing=self._timing_of(b, b.body, len(b.text)), field_time=True)
        out = self._field_ctx(b, fld[0], plain, fld[1], ctx)
        if fld[0] == "support":
            out.field_support = True
        elif fld[0] == "time":
            out.field_time = True
        for ch in node.children:
            out = self._attribute(ch, out) if self._role(ch) == "attr" else out
        return out

    def _node(self, node: Node, running: Ctx, parent_ctx: Ctx) -> Ctx:
        """Handle one node; returns the context for its following siblings."""
        b = node.block
        content = b.content
        plain = strip_markup(content)
        fplain = fold(plain)
        bu = self.bu(b)
        # a new sibling heading of the same kind ends intro/field context
        base = running
        if not b.mtype.startswith("B") and running.contents:
            # a contents list is made of bullets; a paragraph or numbered item is not in it
            base = _with(base, contents=False)

        fld = self._field(fplain)
        if fld is not None:
            kind, value_at = fld
            return self._apply_field(node, kind, plain, value_at, base)

        heading = self._is_heading(b, plain)
        if heading:
            title = plain.rstrip(":").strip()
            self.sections.append(Section(b.marker, title, node.depth, Span(b.start, b.end)))
            child = _with(base, path=(*base.path, _label(b, title)))
            ftitle = fold(title)
            if b.mtype and not b.mtype.startswith("B"):
                child.goal = bool(_res()["goal"].match(ftitle))
                assess = bool(_res()["narrative"].match(ftitle))
                if not assess and base.assessment and not b.mtype.startswith("R"):
                    # "I. KẾT QUẢ ĐẠT ĐƯỢC" › "1. Về chuyển đổi số": still assessment,
                    # unless the sub-heading directs ("2. Nhiệm vụ thời gian tới")
                    assess = not _res()["direction"].match(ftitle)
                child.assessment = assess and not child.goal
                child.narrative = child.goal or assess
            units = bu.units_only(b.body, len(b.text))
            subj, _how = bu.lead_in(b.body, len(b.text)) if not units and b.mtype else ([], "")
            if units:
                child.lead = self.refs(b, units)
                child.support = ()
            elif subj:
                # "3. Ngân hàng Nhà nước … có trách nhiệm:", "1. Giao Sở X chủ trì, phối hợp
                # với Y:": the heading's assignment governs its items
                child.lead = self.refs(b, subj)
                sup = bu.support_in(b.body, len(b.text), subj)
                child.support = self.refs(b, sup) if sup else ()
            elif (
                plain.endswith(":")
                and _res()["contents"].search(ftitle)
                and not self._subject(bu, b)
            ):
                child.contents = True
            # only a firm cue makes a heading's time a deadline of its items ("6 tháng cuối
            # năm 2024" in a heading names the period, not a deadline)
            hit = find_deadline(fold(b.text), self.year, explicit=True)
            if hit:
                child.timing = self._timing_from_hit(b, hit)
            if not base.narrative or child.goal:
                self._targets_in(b, b.body, len(b.text), None, cue=self._goal_cue(b))
            self._walk(node.children, child)
            if not b.mtype:
                # a colon intro paragraph: its units and list kind carry to the siblings
                intro = _with(base)
                subj, how = bu.lead_in(b.body, len(b.text), anywhere=True)
                if subj and how == "subject" and bu.after_recipient(subj[0]):
                    # "Sau khi nghe báo cáo của các Bộ: …, Phó Thủ tướng kết luận như sau:"
                    subj = []
                if subj:
                    intro.lead = self.refs(b, subj)
                    intro.support = ()
                    if how == "trigger" and plain.endswith(":"):
                        # "UBND Thành phố đề nghị Trung tâm … thực hiện các nội dung sau:"
                        intro.narrative = False
                elif child.contents:
                    intro.contents = True
                if _res()["directive"].search(fold(plain[-60:])):
                    # "… kết luận như sau:", "Chủ tịch UBND tỉnh yêu cầu:": assignments follow
                    intro.narrative = False
                return intro
            return running if b.mtype.startswith("B") else base

        if self._deadline_sentence(b):
            # "Thời gian hoàn thành trước ngày …": attributes the work above, no task itself
            return running
        # "4.3. Công an tỉnh: Chủ trì …" — a unit label before a colon
        inline = self._inline_label(b, bu)
        ctx = base
        start = b.body
        if inline is not None:
            units, start = inline
            ctx = _with(
                base,
                lead=self.refs(b, units),
                support=(),
                path=(*base.path, _label(b, plain.split(":")[0])),
            )
            if self._listed(b, base):
                ctx.narrative = False
        if ctx.assessment:
            self._assessment_blocks.add(b.start)
        if ctx.goal:
            self._goal_blocks.add(b.start)
            self._targets_in(b, start, len(b.text), None, cue=True)
        elif not ctx.contents:
            own = self._with_child_fields(node, ctx)
            if node.children and not plain.endswith(_TERMINAL):
                # an unfinished sentence runs on into the line below it ("… về Cục Cảnh sát
                # …" then "- Cơ quan thường trực … trước ngày 20 hằng tháng …"): that line's
                # time is the item's
                cb = node.children[0].block
                t = self._timing_of(cb, cb.body, len(cb.text))
                if t.due is not None or t.recurrence is not None or t.ongoing:
                    own = _with(own, timing=t)
            self._tasks_of(b, start, own)
        self._walk(node.children, _with(ctx, path=(*ctx.path, _label(b, plain[:60]))))
        return running

    def _with_child_fields(self, node: Node, ctx: Ctx) -> Ctx:
        """An item followed by its own fields ("a) Nâng cấp …" then "- Cơ quan chủ trì: …",
        "- Thời gian hoàn thành: …") takes its lead, support and deadline from them."""
        out = ctx
        for ch in node.children:
            cb = ch.block
            if self._deadline_sentence(cb):
                out = _with(out, timing=self._timing_of(cb, cb.body, len(cb.text)))
                continue
            fld = self._field(fold(strip_markup(cb.content)))
            if fld is not None and fld[0] in ("lead", "support", "time"):
                if out is ctx:
                    out = _with(ctx, support=()) if fld[0] == "lead" else _with(ctx)
                out = self._field_ctx(cb, fld[0], strip_markup(cb.content), fld[1], out)
        return out

    def _goal_cue(self, b: Block) -> bool:
        return bool(_GOAL_WORDS.search(fold(b.text)))

    def _is_heading(self, b: Block, plain: str) -> bool:
        if len(plain) > 400:
            return False
        if plain.endswith(":"):
            return True
        if b.mtype.startswith("B") or not b.mtype:
            # a bold plain paragraph with no final stop is a heading too
            return (
                not b.mtype
                and b.text.strip().startswith("**")
                and not plain.endswith(_TERMINAL)
                and len(plain) < 200
            )
        if len(plain) > 200 and b.mtype[:1] in ("N", "A"):
            # a long numbered sentence whose stop is missing ("1. Sở Khoa học và Công nghệ
            # theo dõi, đôn đốc …, tham mưu UBND Thành phố báo cáo … về Cục Cảnh sát …")
            # is an item, not a heading
            lead, how = self.bu(b).lead_in(b.body, len(b.text))
            if lead and how in ("subject", "trigger"):
                return False
        return not plain.endswith(_TERMINAL)

    def _field(self, fplain: str) -> tuple[str, int] | None:
        for kind in ("lead", "support", "time", "contents", "forms"):
            m = _res()["field_" + kind].match(fplain)
            if m:
                return kind, m.end()
        return None

    def _apply_field(self, node: Node, kind: str, plain: str, value_at: int, base: Ctx) -> Ctx:
        if kind == "contents":
            self._walk(node.children, _with(base, contents=True))
            return _with(base)
        out = self._field_ctx(node.block, kind, plain, value_at, base)
        if kind == "forms" and plain[value_at:].strip():
            # "a) Nhiệm vụ: Tham mưu UBND Thành phố …": the value is the work
            b = node.block
            vpos = b.text.find(plain[value_at:][:20])
            if vpos >= 0:
                self._tasks_of(b, vpos, self._with_child_fields(node, base))
        self._walk(node.children, _with(out, contents=False))
        return out

    def _field_ctx(self, b: Block, kind: str, plain: str, value_at: int, base: Ctx) -> Ctx:
        """The context a "label: value" field sets for what follows it."""
        value = plain[value_at:]
        # map the value's position in plain text back to the block (markup may shift it)
        vpos = b.text.find(value[:20]) if value else -1
        vpos = vpos if vpos >= 0 else len(b.text)
        bu = self.bu(b)
        out = _with(base)
        if kind == "lead":
            items = bu.items_in(vpos, len(b.text))
            if items:
                out.lead = self.refs(b, items)
        elif kind == "support":
            items = bu.items_in(vpos, len(b.text))
            if items:
                out.support = self.refs(b, items)
        elif kind == "time":
            out.timing = self._timing_of(b, vpos, len(b.text), table=True)
        return out

    def _inline_label(self, b: Block, bu: BlockUnits) -> tuple[list[Item], int] | None:
        colon = b.text.find(":", b.body)
        if colon < 0 or colon - b.body > 160:
            return None
        units = bu.units_only(b.body, colon)
        if not units:
            return None
        rest = colon + 1
        while rest < len(b.text) and b.text[rest] in " *":
            rest += 1
        return units, rest

    def _subject(self, bu: BlockUnits, b: Block) -> list[Item]:
        lead, _how = bu.lead_in(b.body, len(b.text))
        return lead

    # --- tasks in a paragraph --------------------------------------------------------------
    def _tasks_of(self, b: Block, start: int, ctx: Ctx) -> None:
        text = b.text
        if start >= len(text) or not text[start:].strip(" *"):
            return
        bu = self.bu(b)
        if self._listed(b, ctx):
            # a plain numbered list of assignments with no heading above it ("1. Sở Tài chính
            # chủ trì …", "2. Sở Y tế: triển khai …"): its items assign as a section would
            ctx = _with(ctx, narrative=False)
        sents = self._clauses(bu, _sentences(text, start))
        groups: list[tuple[int, int, list[Item], str]] = []
        pending: int | None = None
        for i, (s, e) in enumerate(sents):
            lead, how = bu.lead_in(s, e)
            fs = fold(text[s:e])
            if _res()["closing"].search(fs):
                continue
            explicit = how == "trigger" or (how == "subject" and not ctx.narrative)
            first = i == 0 and not ctx.narrative and not self._is_preface(fs, lead)
            if explicit or (first and not groups):
                groups.append((pending if pending is not None else s, e, lead, how))
                pending = None
            elif groups:
                gs, _ge, gl, gh = groups[-1]
                groups[-1] = (gs, e, gl, gh)
            elif not ctx.narrative and pending is None:
                pending = s
        if not groups and pending is not None:
            groups.append((pending, sents[-1][1], [], ""))
        for s, e, lead, _how in groups:
            self._emit(b, s, e, lead, ctx)

    def _listed(self, b: Block, ctx: Ctx) -> bool:
        """A numbered item of the preamble (no heading above it) that names its lead."""
        if ctx.path or not ctx.narrative or ctx.assessment or ctx.goal or ctx.contents:
            return False
        if not b.mtype or b.mtype.startswith("B"):
            return False
        bu = self.bu(b)
        lead, how = bu.lead_in(b.body, len(b.text))
        return (bool(lead) and how == "subject") or self._inline_label(b, bu) is not None

    def _clauses(self, bu: BlockUnits, sents: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """A sentence whose clause after ";" opens with a unit of its own doing something
        ("… hoàn thành trong tháng 12 năm 2025; Bộ Khoa học và Công nghệ hướng dẫn …") is
        two assignments."""
        out: list[tuple[int, int]] = []
        for s, e in sents:
            cut = s
            for m in re.finditer(r";\s+", bu.text[s:e]):
                c = s + m.end()
                lead, how = bu.lead_in(c, e)
                reports = how == "subject" and bool(_REPORTING.match(bu.folded, lead[-1].end))
                if lead and how in ("subject", "trigger") and c > cut and not reports:
                    first, _h = bu.lead_in(cut, c)
                    # "… theo hướng: Bộ A chủ trì …; Bộ B chủ trì …" describes, not assigns
                    if first and ":" not in bu.text[first[-1].end : c]:
                        out.append((cut, s + m.start() + 1))
                        cut = c
            out.append((cut, e))
        return out

    def _after_topic(self, b: Block, s: int, e: int) -> int:
        """Where an item's work starts after its topic ("Về điều chuyển số vốn không giải
        ngân trong năm 2025: …"): the topic's dates are no deadline."""
        from ._units import _res as unit_res

        f = fold(b.text)
        lead = len(f[s:e]) - len(f[s:e].lstrip(" *-+"))
        if not unit_res()["topic"].match(f, s + lead):
            return s
        colon = f.find(":", s, e)
        return colon + 1 if colon >= 0 and find_deadline(f[colon + 1 : e], self.year) else s

    def _is_preface(self, fs: str, lead: list[Item]) -> bool:
        """A sentence opening with an adverbial clause and naming nobody is a preface."""
        from ._units import _res as unit_res

        return not lead and bool(unit_res()["opener"].match(fs.lstrip("-+* ")))

    def _emit(self, b: Block, s: int, e: int, lead_items: list[Item], ctx: Ctx) -> None:
        while e > s and b.text[e - 1] in " \t":
            e -= 1
        bu = self.bu(b)
        lead = self.refs(b, lead_items) if lead_items else ctx.lead
        sup_items = bu.support_in(s, e, lead_items)
        support = self.refs(b, sup_items) if sup_items else (ctx.support if not lead_items else ())
        if sup_items and ctx.field_support and not lead_items:
            support = (*support, *ctx.support)
        lead_keys = {u.key or u.name for u in lead}
        support = tuple(u for u in support if (u.key or u.name) not in lead_keys)
        timing = self._timing_of(b, self._after_topic(b, s, e), e)
        if (
            timing.due is not None
            and self.year is not None
            and timing.due.date.year - self.year >= _HORIZON_YEARS
            and not _firm(timing.due)
        ):
            # "đánh giá tiềm năng … đến năm 2030 và có tính đến năm 2050" in a 2024
            # directive: the horizon of the work's subject, not its deadline
            timing = Timing()
        if ctx.assessment and timing.due is not None and not _firm(timing.due):
            # "hiệu quả chưa cao trong năm 2023": a period an assessment reports, no deadline
            timing = Timing()
        t = ctx.timing
        if ctx.field_time and (t.due is not None or t.recurrence is not None or t.ongoing):
            timing = t
        cites = footnote_refs(b.text[s:e])
        if timing.due is None and timing.recurrence is None:
            for num, _a, _b in cites:
                note = self.notes.get(num)
                if note:
                    hit = find_deadline(fold(note.text), self.year)
                    if hit:
                        timing = Timing(
                            due=Due(
                                hit.date,
                                note.text[hit.start : hit.end],
                                Span(note.src(hit.start), note.src(hit.end)),
                            )
                        )
                        break
        if timing.due is None and timing.recurrence is None and not timing.ongoing:
            timing = ctx.timing
        spans = tuple(Span(x, y) for x, y in b.src_spans(s, e))
        quote = " ".join(self.text[sp.start : sp.end] for sp in spans)
        self.tasks.append(
            Task(
                quote=quote,
                spans=spans,
                section=" › ".join(ctx.path),
                lead=lead,
                support=support,
                due=timing.due,
                recurrence=timing.recurrence,
                ongoing=timing.ongoing and timing.due is None and timing.recurrence is None,
                source="body",
                footnotes=tuple(n for n, _x, _y in cites),
            )
        )
        self._targets_in(b, s, e, timing.due.date if timing.due else None, cue=False)

    def _timing_of(self, b: Block, s: int, e: int, table: bool = False) -> Timing:
        f = fold(b.text)
        rec = find_recurrence(f[s:e])
        hit: TimeHit | None = find_deadline(f[s:e], self.year)
        if hit is None and table:
            hit = period_end(f[s:e], self.year)
        if rec and (hit is None or (rec.start <= hit.start < rec.end) or table):
            r = Recurrence(
                rec.freq,
                strip_markup(b.text[s + rec.start : s + rec.end]),
                rec.day,
                rec.interval,
                rec.rule,
                Span(b.src(s + rec.start), b.src(s + rec.end)),
            )
            if hit is None or rec.start <= hit.start < rec.end or not table:
                return Timing(recurrence=r)
        if hit is not None:
            return self._timing_from_hit(b, TimeHit(hit.date, s + hit.start, s + hit.end, hit.cued))
        if find_ongoing(f[s:e]):
            return Timing(ongoing=True)
        return Timing()

    def _timing_from_hit(self, b: Block, hit: TimeHit) -> Timing:
        # include the cue words before the expression in the quoted text
        f = fold(b.text)
        cue = re.search(
            r"(?:(?:thời hạn|trước|chậm nhất|hạn|hoàn thành|trong|hết|đến|xong|là|ngày)\s*:?\s+)+$",
            f[max(0, hit.start - 30) : hit.start],
        )
        s = hit.start - (len(cue.group(0)) if cue else 0)
        txt = strip_markup(b.text[s : hit.end])
        return Timing(due=Due(hit.date, txt, Span(b.src(s), b.src(hit.end))))

    # --- tables -----------------------------------------------------------------------------
    def _tables(self, blocks: list[Block]) -> None:
        roles: dict[int, str] | None = None
        group = ""
        appendix = ""
        for b in _vertical_rows(blocks):
            if b.kind == "para":
                p = strip_markup(b.text)
                if fold(p).startswith("phụ lục"):
                    appendix = p[:80]
                continue
            if b.kind != "row":
                continue
            cells = [strip_markup(b.text[x:y]) for x, y in b.cells]
            hdr = _header_roles(cells)
            if hdr is not None:
                roles = hdr
                continue
            if roles is None or "task" not in roles.values():
                continue
            col = {role: i for i, role in roles.items()}
            ti = col["task"]
            if ti >= len(b.cells):
                continue
            ts, te = b.cells[ti]
            if te <= ts:
                continue
            others = [
                cells[i]
                for r, i in col.items()
                if r in ("lead", "support", "time") and i < len(cells)
            ]
            if not any(others):
                group = cells[ti]
                continue
            bu = self.bu(b)
            lead = self._cell_units(b, bu, col.get("lead"))
            support = self._cell_units(b, bu, col.get("support"))
            timing = Timing()
            if "time" in col and col["time"] < len(b.cells):
                x, y = b.cells[col["time"]]
                timing = self._timing_of(b, x, y, table=True)
            if timing.due is None and timing.recurrence is None and not timing.ongoing:
                timing = self._timing_of(b, ts, te)
            span = Span(b.src(ts), b.src(te))
            self.tasks.append(
                Task(
                    quote=self.text[span.start : span.end],
                    spans=(span,),
                    section=" › ".join(x for x in (appendix, group) if x),
                    lead=lead,
                    support=tuple(
                        u
                        for u in support
                        if (u.key or u.name) not in {v.key or v.name for v in lead}
                    ),
                    due=timing.due,
                    recurrence=timing.recurrence,
                    ongoing=timing.ongoing,
                    source="table",
                )
            )
            self._targets_in(b, ts, te, timing.due.date if timing.due else None, cue=False)
            if "note" in col and col["note"] < len(b.cells):
                x, y = b.cells[col["note"]]
                self._targets_in(b, x, y, timing.due.date if timing.due else None, cue=False)

    def _cell_units(self, b: Block, bu: BlockUnits, idx: int | None) -> tuple[UnitRef, ...]:
        if idx is None or idx >= len(b.cells):
            return ()
        x, y = b.cells[idx]
        items = bu.items_in(x, y)
        refs = list(self.refs(b, items))
        # pieces of the cell that name no known unit are kept as written
        covered = [(it.start, it.end) for it in items]
        for part in re.finditer(r"[^;,\n]+", b.text[x:y]):
            ps, pe = x + part.start(), x + part.end()
            piece = strip_markup(re.sub(r"\([^)]*\)", "", b.text[ps:pe])).strip(" .")
            if len(piece) < 3 or any(cs < pe and ps < ce for cs, ce in covered):
                continue
            if "(" in b.text[x:ps] and ")" not in b.text[x:ps].split("(")[-1]:
                continue
            if fold(piece) in ("và", "các", "đơn vị liên quan") or not piece[0].isupper():
                continue
            refs.append(UnitRef(piece, piece, None, Span(b.src(ps), b.src(pe))))
        return tuple(refs)

    # --- targets and facts -------------------------------------------------------------
    def _targets_in(
        self, b: Block, s: int, e: int, due: dt.date | None, cue: bool, missed: bool = False
    ) -> None:
        for fig in figures(b.text, s, e, need_cue=True, context_cue=cue):
            span = Span(b.src(fig.start), b.src(fig.end))
            quote = " ".join(self.text[x:y] for x, y in b.src_spans(fig.start, fig.end))
            if span in self._target_at:
                continue
            self._target_at.add(span)
            hit = find_deadline(fold(b.text[fig.start : fig.end]), self.year)
            self.targets.append(
                Target(
                    quote,
                    span,
                    fig.indicator,
                    fig.value,
                    fig.unit,
                    fig.comparator,
                    hit.date if hit else due,
                    missed,
                )
            )

    def _footnote_figures(self) -> None:
        """Footnotes cited after "chỉ tiêu"/"mục tiêu" list targets (in a results section,
        missed ones); figures of narrative paragraphs and other footnotes are facts."""
        cited: dict[str, str] = {}
        for b in self.blocks:
            if b.kind != "para":
                continue
            f = fold(b.text)
            for num, s, _e in footnote_refs(b.text):
                before = f[max(0, s - 40) : s]
                after = f[s : s + 260]
                if "chỉ tiêu" in before or "mục tiêu" in before:
                    missed = bool(
                        re.search(
                            r"chưa (?:hoàn thành|đạt)|không (?:đạt|hoàn thành|đánh giá)",
                            before + after,
                        )
                    )
                    cited[num] = "missed" if missed else "target"
        for num, note in self.notes.items():
            kind = cited.get(num)
            if kind:
                self._targets_in(
                    note, note.body, len(note.text), None, cue=True, missed=kind == "missed"
                )
            else:
                self._facts_in(note, note.body, len(note.text))
        lay = self.layout
        for b in self.blocks[lay.body_start : lay.body_end]:
            if b.kind == "para" and self._in_narrative(b):
                self._facts_in(b, b.body, len(b.text))

    def _in_narrative(self, b: Block) -> bool:
        if b.start not in self._narrative_starts:
            return False
        spans = self._target_spans
        i = bisect.bisect_right(spans, (b.start, 1 << 62)) - 1
        # no target whose span holds the block's start (spans do not nest in practice, and
        # the widest one before it decides)
        return not any(s <= b.start < e for s, e in spans[max(0, i - 8) : i + 1])

    @functools.cached_property
    def _target_spans(self) -> list[tuple[int, int]]:
        return sorted((t.span.start, t.span.end) for t in self.targets)

    @functools.cached_property
    def _narrative_starts(self) -> set[int]:
        starts: set[int] = set()
        lay = self.layout
        narrative = True
        for b in self.blocks[lay.body_start : lay.body_end]:
            if b.kind != "para":
                continue
            plain = strip_markup(b.content)
            if (
                b.mtype
                and not b.mtype.startswith("B")
                and self._is_heading(b, plain)
                and b.mtype in ("R", "N1")
            ):
                narrative = bool(_res()["narrative"].match(fold(plain)))
            if (
                narrative or b.start in self._assessment_blocks
            ) and b.start not in self._goal_blocks:
                starts.add(b.start)
        return starts

    def _facts_in(self, b: Block, s: int, e: int) -> None:
        for fig in figures(b.text, s, e, need_cue=False):
            span = Span(b.src(fig.start), b.src(fig.end))
            quote = " ".join(self.text[x:y] for x, y in b.src_spans(fig.start, fig.end))
            self.facts.append(Fact(quote, span, fig.value, fig.unit, fig.of))

    # --- clean-up ---------------------------------------------------------------------------
    def _dedupe(self) -> None:
        """A task stated in the body and again as an appendix row is reported once, as the
        row (its columns are explicit)."""
        rows = [_words(t.quote) for t in self.tasks if t.source == "table"]
        if not rows:
            return
        # an inverted index keeps this linear: a row with Jaccard ≥ 0.6 must share one of
        # the 40 % + 1 rarest words of the body task
        postings: dict[str, list[int]] = {}
        for i, rw in enumerate(rows):
            for word in rw:
                postings.setdefault(word, []).append(i)
        keep = []
        for t in self.tasks:
            if t.source == "body":
                w = _words(t.quote)
                rare = sorted(w, key=lambda x: len(postings.get(x, ())))
                need = int(len(rare) * 0.4) + 1
                cands = {i for x in rare[:need] for i in postings.get(x, ())}
                if any(_similar(w, rows[i]) for i in cands):
                    continue
            keep.append(t)
        self.tasks = keep

    def _check_dates(self) -> None:
        if self.anchor is None:
            self.warnings.append(
                Warning("no_document_date", "Không xác định được ngày ban hành văn bản.")
            )
            return
        if self.doc.date is None:
            # never a silent default: say which day the deadlines without a year assume
            if self.doc.meeting_date and self.anchor == self.doc.meeting_date:
                basis = f"ngày họp {self.anchor:%d/%m/%Y}"
            elif self.doc.date_text:
                basis = f"ngày {self.anchor:%d/%m/%Y} (tháng, năm ghi trên văn bản)"
            else:
                basis = f"ngày {self.anchor:%d/%m/%Y}"
            self.warnings.append(
                Warning(
                    "document_date_assumed",
                    f"Văn bản không ghi đủ ngày ban hành; tạm lấy {basis} để tính thời hạn.",
                )
            )
        low = self.anchor.replace(day=1) if self.doc.date is None else self.anchor
        if self.doc.meeting_date and self.doc.date is None:
            low = min(low, self.doc.meeting_date)
        for t in self.tasks:
            if t.due and t.due.date < low:
                self.warnings.append(
                    Warning(
                        "deadline_before_document",
                        f"Thời hạn {t.due.date:%d/%m/%Y} (“{t.due.text}”) sớm hơn ngày của văn"
                        " bản; giữ nguyên như văn bản ghi.",
                        t.due.span,
                    )
                )
        for t in self.tasks:
            if not t.lead and t.source == "table":
                self.warnings.append(
                    Warning("task_without_lead", "Nhiệm vụ chưa xác định đơn vị chủ trì.", t.span)
                )


# the cue words _timing_from_hit puts before a deadline that a firm cue introduces
_FIRM_CUE = re.compile(r"^(?:thời hạn|trước|chậm nhất|hạn|xong)(?!\w)")


def _firm(due: Due) -> bool:
    """Whether a firm cue ("trước", "chậm nhất", "hạn") introduces the deadline."""
    return bool(_FIRM_CUE.match(fold(due.text)))


def _expand(items: list[Item]) -> list[Item]:
    out = []
    seen: set[str] = set()
    for it in items:
        if not it.keys:
            if it.text not in seen:
                seen.add(it.text)
                out.append(it)
            continue
        for k in it.keys:
            if k not in seen:
                seen.add(k)
                out.append(it)
    return out


def _label(b: Block, title: str) -> str:
    t = " ".join(title.split())
    t = t if len(t) <= 90 else t[:87] + "…"
    return f"{b.marker}. {t}" if b.marker and not b.mtype.startswith("B") else t


def _sentences(text: str, start: int) -> list[tuple[int, int]]:
    out = []
    s = start
    abbrev = _abbreviations()
    for m in _SENT_END.finditer(text, start):
        word = re.search(r"(\w+)[.!?]?[*”\"')]*\s*$", text[s : m.start() + 1])
        if word and (fold(word.group(1)) in abbrev or len(word.group(1)) == 1):
            continue
        out.append((s, m.start()))
        s = m.end()
    out.append((s, len(text)))
    return [(a, b) for a, b in out if text[a:b].strip(" *")]


@functools.cache
def _abbreviations() -> frozenset[str]:
    return frozenset(lexicon().words("abbreviations"))


def _words(s: str) -> set[str]:
    return set(re.findall(r"\w+", fold(strip_markup(s))))


def _similar(a: set[str], b: set[str]) -> bool:
    if not a or not b:
        return False
    inter = len(a & b)
    return inter / len(a | b) >= 0.6


_INDEX_CELL = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*\.?|[a-zđ]\)|[IVX]{1,5}\.?)$")


def _is_index_cell(b: Block) -> bool:
    return b.kind == "para" and bool(_INDEX_CELL.match(strip_markup(b.text).strip()))


def _line_blocks(b: Block) -> list[Block]:
    if b.kind != "para" or len(b.pieces) == 1:
        return [b]
    out = []
    pos = 0
    for s, e in b.pieces:
        out.append(Block("para", [(s, e)], b.text[pos : pos + e - s]))
        pos += e - s + 1
    return out


def _joined(kind: str, parts: list[list[Block]]) -> Block:
    """One row made of cells each written as blocks of their own (in column order)."""
    pieces: list[tuple[int, int]] = []
    texts: list[str] = []
    cells: list[tuple[int, int]] = []
    pos = 0
    for cell in parts:
        start = pos
        for k, blk in enumerate(cell):
            pieces += blk.pieces
            texts.append(blk.text)
            pos += len(blk.text) + (1 if k < len(cell) - 1 else 0)
        cells.append((start, pos))
        pos += 1
    text = ""
    for cell in parts:
        text += (" ".join(blk.text for blk in cell)) + "\t"
    return Block(kind, pieces, text[:-1], cells=cells)


def _vertical_rows(blocks: list[Block]) -> list[Block]:
    """Tables exported column by column: a tab-separated header row (with header names that
    fell onto lines of their own after it), then each row as one line per cell, every row
    opening with its number ("1", "a)"). Cells beyond the header's count are the cut-off
    second halves of the work and lead cells, in that order. Rows are rebuilt as rows."""
    out: list[Block] = []
    names = _column_roles()
    if not any(b.kind == "row" for b in blocks):
        return blocks
    # a line that starts in lower case was joined to the line above it ("… Nghị định" +
    # "a)"): in such a table every line is a cell of its own
    blocks = [x for b in blocks for x in _line_blocks(b)]
    i, n = 0, len(blocks)
    while i < n:
        b = blocks[i]
        out.append(b)
        i += 1
        if (
            b.kind != "row"
            or _header_roles([strip_markup(b.text[x:y]) for x, y in b.cells]) is None
        ):
            continue
        header = [[Block("para", [(b.start + x, b.start + y)], b.text[x:y])] for x, y in b.cells]
        while (
            i < n
            and blocks[i].kind == "para"
            and (fold_phrase(strip_markup(blocks[i].text)).strip(" .:") in names)
        ):
            header.append([blocks[i]])
            i += 1
        if i >= n or not _is_index_cell(blocks[i]):
            continue
        ncol = len(header)
        out[-1] = _joined("row", header)
        while i < n and _is_index_cell(blocks[i]):
            j = i + 1
            while j < n and blocks[j].kind == "para" and not _is_index_cell(blocks[j]):
                f = fold(strip_markup(blocks[j].text))
                if f.startswith(("phụ lục", "nơi nhận")) or len(f) > 800:
                    break
                j += 1
            cells = [[x] for x in blocks[i:j]]
            # "Viện Khoa học lâm nghiệp Việt Nam, Cục" … "Lâm nghiệp và Kiểm lâm": the rest of
            # cut cells come after the last column
            for k, extra in enumerate(cells[ncol:]):
                if 1 + k < ncol:
                    cells[1 + k] = cells[1 + k] + extra
            out.append(_joined("row", cells[:ncol]))
            i = j
    return out


def _header_roles(cells: list[str]) -> dict[int, str] | None:
    by_name = _column_roles()
    roles: dict[int, str] = {}
    for i, c in enumerate(cells):
        fc = fold_phrase(c).strip(" .:")
        for role in by_name.get(fc, ()):
            if role not in roles.values():
                roles[i] = role
                break
    if "task" in roles.values() and len(roles) >= 2:
        return roles
    return None


@functools.cache
def _column_roles() -> dict[str, tuple[str, ...]]:
    """Folded column name → the roles whose names include it, in lexicon order."""
    out: dict[str, list[str]] = {}
    for role, names in lexicon().group("table_columns").items():
        for n in names:
            out.setdefault(n, []).append(role)
    return {n: tuple(dict.fromkeys(rs)) for n, rs in out.items()}


def extract_text(text: str, gaz: Gazetteer, reference_date: dt.date | None) -> Extraction:
    """Run the pipeline over normalised text."""
    return Extractor(text, gaz, reference_date).run()


__all__ = ["Document", "extract_text"]
