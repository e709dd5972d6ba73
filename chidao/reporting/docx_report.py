"""The province's report as a .docx laid out per Nghị định 30/2020/NĐ-CP, Phụ lục I.

- A4, margins top/bottom 20 mm, left 30 mm, right 15 mm; Times New Roman 13 (title 14);
  paragraphs justified, first line indented 1,27 cm, 6 pt between paragraphs, single line
  spacing; page numbers centred in the top margin from the second page.
- Header: a borderless two-column table. Left: the body above the issuer (regular), the
  issuer (bold), a short rule, then "Số: …/BC-…"; right: the national motto (bold),
  "Độc lập - Tự do - Hạnh phúc" (bold) with a rule as long as it, then the place and date
  in italics ("Lạng Sơn, ngày 05 tháng 10 năm 2024": a day below 10 and the months 1 and
  2 take a leading zero).
- "BÁO CÁO", the title (bold, centred) with a rule under it; the body in numbered
  sections I–V; the signature block (right) and "Nơi nhận:" (left, bold italic); the
  appendix on a new page.

Tables are written as raw WordprocessingML (one parse per table) rather than through
python-docx's cell API, which re-reads the whole table on every cell access: the
appendix of 250 units × 30 indicators has 7,500 rows.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.section import WD_SECTION_START
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph

from chidao.indicators.choices import Achievement
from chidao.indicators.models import Indicator
from chidao.indicators.queries import Cell, comparator_sign, format_number
from chidao.reporting.report import Consolidated
from chidao.tasks.choices import AssignmentStatus

FONT = "Times New Roman"
BODY_PT = 13
TITLE_PT = 14
TABLE_PT = 12
TEXT_WIDTH_MM = 210 - 30 - 15  # A4 less the left and right margins
_TWIPS_PER_MM = 1440 / 25.4
_INVALID_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SLOT = "\ue000"  # where a template cell's text goes (a private-use character)
_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")


def clean(text: object) -> str:
    """Text safe for XML (control characters a paste may bring are dropped)."""
    return _INVALID_XML.sub("", str(text))


def date_line(place: str, day: dt.date) -> str:
    """ "Lạng Sơn, ngày 05 tháng 3 năm 2024" (Nghị định 30/2020: a leading zero for days
    below 10 and for the months 1 and 2)."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def number_line(number: str, abbreviation: str) -> str:
    """ "Số: 12/BC-BCĐ"; the number alone gets the kind and the issuer's abbreviation; with
    no number the clerk fills it in when registering the report."""
    if not number:
        return f"Số:        /BC-{abbreviation}"
    if "/" in number:
        return f"Số: {number}"
    return f"Số: {number}/BC-{abbreviation}"


def value_text(indicator: Indicator, value: Decimal | None) -> str:
    return format_number(value, indicator.decimals)


def target_text(cell: Cell) -> str:
    if cell.target is None:
        return "—"
    return f"{comparator_sign(cell.target.comparator)} {format_number(cell.target.value)}"


def indicator_label(indicator: Indicator) -> str:
    unit = indicator.measure_unit.strip()
    return f"{indicator.name} ({unit})" if unit else indicator.name


def percent(part: int, whole: int) -> str:
    return format_number(Decimal(100 * part) / whole, 1) + "%" if whole else "—"


# -- raw tables ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    title: str
    width_mm: float
    align: str = "left"  # left, center, right


@dataclass(frozen=True)
class Row:
    """A table row; `merge_first` cells continue the cell above (a vertical merge);
    `start` marks the first row of such a group."""

    cells: Sequence[str]
    bold: bool = False
    merge: int = 0  # how many leading cells take part in a vertical merge
    start: bool = True


def _twips(mm: float) -> int:
    return round(mm * _TWIPS_PER_MM)


def _cell_xml(text: str, width: int, align: str, *, bold: bool, shade: bool, vmerge: str) -> str:
    props = [f'<w:tcW w:w="{width}" w:type="dxa"/>']
    if vmerge == "restart":
        props.append('<w:vMerge w:val="restart"/>')
    elif vmerge == "continue":
        props.append("<w:vMerge/>")
    if shade:
        props.append('<w:shd w:val="clear" w:color="auto" w:fill="D9D9D9"/>')
    props.append('<w:vAlign w:val="center"/>')
    run = ""
    if text and vmerge != "continue":
        rpr = "<w:rPr><w:b/></w:rPr>" if bold else ""
        run = f'<w:r>{rpr}<w:t xml:space="preserve">{escape(clean(text))}</w:t></w:r>'
    return (
        f"<w:tc><w:tcPr>{''.join(props)}</w:tcPr>"
        '<w:p><w:pPr><w:pStyle w:val="TableText"/>'
        f'<w:jc w:val="{align}"/></w:pPr>{run}</w:p></w:tc>'
    )


def table_xml(
    columns: Sequence[Column], rows: Iterable[Row], *, header: bool = True, declare: bool = True
) -> str:
    """A `w:tbl` (with its namespace declared unless `declare` is False, for text spliced
    into document.xml). Cells of a data row are built from per-column templates: the
    appendix has over a hundred thousand of them."""
    widths = [_twips(c.width_mm) for c in columns]
    parts = [
        f"<w:tbl {nsdecls('w') if declare else ''}><w:tblPr>"
        '<w:tblStyle w:val="TableGrid"/>'
        f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="center"/>'
        '<w:tblLayout w:type="fixed"/>'
        '<w:tblCellMar><w:left w:w="70" w:type="dxa"/><w:right w:w="70" w:type="dxa"/>'
        "</w:tblCellMar></w:tblPr><w:tblGrid>",
        *(f'<w:gridCol w:w="{w}"/>' for w in widths),
        "</w:tblGrid>",
    ]
    if header:
        parts.append("<w:tr><w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>")
        parts.extend(
            _cell_xml(c.title, w, "center", bold=True, shade=True, vmerge="")
            for c, w in zip(columns, widths, strict=True)
        )
        parts.append("</w:tr>")
    # (opening of the cell up to the run, closing) for each column and merge state.
    templates: dict[tuple[int, str], tuple[str, str]] = {}
    for i, (column, width) in enumerate(zip(columns, widths, strict=True)):
        for vmerge in ("", "restart", "continue"):
            whole = _cell_xml(_SLOT, width, column.align, bold=False, shade=False, vmerge=vmerge)
            if vmerge == "continue":
                templates[(i, vmerge)] = (whole, "")
            else:
                head, found, tail = whole.partition(
                    '<w:r><w:t xml:space="preserve">' + _SLOT + "</w:t></w:r>"
                )
                assert found, "the cell template has no slot for its text"
                templates[(i, vmerge)] = (head, tail)
    bold_on = "<w:rPr><w:b/></w:rPr>"
    for row in rows:
        parts.append("<w:tr><w:trPr><w:cantSplit/></w:trPr>")
        for i, text in enumerate(row.cells):
            vmerge = ("restart" if row.start else "continue") if i < row.merge else ""
            head, tail = templates[(i, vmerge)]
            if vmerge == "continue" or not text:
                parts.append(head if vmerge == "continue" else head + tail)
                continue
            rpr = bold_on if row.bold else ""
            parts.append(
                f'{head}<w:r>{rpr}<w:t xml:space="preserve">{escape(clean(text))}</w:t></w:r>{tail}'
            )
        parts.append("</w:tr>")
    parts.append("</w:tbl>")
    return "".join(parts)


# -- the document --------------------------------------------------------------------------


class Writer:
    """A python-docx document with the decree's page, fonts and paragraph habits."""

    def __init__(self) -> None:
        self.doc = Document()
        self._tables: list[tuple[str, str]] = []
        self._page()
        self._styles()

    def _page(self) -> None:
        section = self.doc.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin = section.bottom_margin = Mm(20)
        section.left_margin, section.right_margin = Mm(30), Mm(15)
        section.header_distance = section.footer_distance = Mm(10)
        section.different_first_page_header_footer = True
        # The page number, centred at the top, from the second page on.
        header = section.header.paragraphs[0]
        header.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = header.add_run()
        run._r.append(parse_xml(f'<w:fldChar {nsdecls("w")} w:fldCharType="begin"/>'))
        run._r.append(
            parse_xml(f'<w:instrText {nsdecls("w")} xml:space="preserve"> PAGE </w:instrText>')
        )
        run._r.append(parse_xml(f'<w:fldChar {nsdecls("w")} w:fldCharType="end"/>'))

    def _styles(self) -> None:
        styles = self.doc.styles
        defaults = styles.element.find(qn("w:docDefaults"))
        if defaults is not None:
            for fonts in defaults.iter(qn("w:rFonts")):
                for attr in list(fonts.attrib):
                    del fonts.attrib[attr]
                for key in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
                    fonts.set(qn(key), FONT)
        normal = styles["Normal"]
        normal.font.name = FONT
        normal.font.size = Pt(BODY_PT)
        rpr = normal.element.get_or_add_rPr()
        rpr.get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
        fmt = normal.paragraph_format
        fmt.space_before = Pt(0)
        fmt.space_after = Pt(6)
        fmt.line_spacing = 1.0
        table_text = styles.add_style("Table Text", WD_STYLE_TYPE.PARAGRAPH)
        table_text.base_style = normal
        table_text.font.size = Pt(TABLE_PT)
        table_text.paragraph_format.space_before = Pt(2)
        table_text.paragraph_format.space_after = Pt(2)
        table_text.paragraph_format.first_line_indent = Mm(0)

    # paragraphs

    def para(
        self,
        text: str = "",
        *,
        bold: bool = False,
        italic: bool = False,
        size: float | None = None,
        align: WD_ALIGN_PARAGRAPH | None = WD_ALIGN_PARAGRAPH.JUSTIFY,
        indent: bool = True,
        after: float | None = None,
        container: object = None,
    ) -> Paragraph:
        target = container if container is not None else self.doc
        p: Paragraph = target.add_paragraph()  # type: ignore[attr-defined]  # Document or _Cell
        if align is not None:
            p.alignment = align
        if indent and align == WD_ALIGN_PARAGRAPH.JUSTIFY:
            p.paragraph_format.first_line_indent = Mm(12.7)
        if after is not None:
            p.paragraph_format.space_after = Pt(after)
        if text:
            self.run(p, text, bold=bold, italic=italic, size=size)
        return p

    @staticmethod
    def run(
        p: Paragraph,
        text: str,
        *,
        bold: bool = False,
        italic: bool = False,
        size: float | None = None,
    ) -> None:
        r = p.add_run(clean(text))
        r.bold = bold or None
        r.italic = italic or None
        if size is not None:
            r.font.size = Pt(size)

    def rule(self, width_mm: float, cell_mm: float, container: object = None) -> None:
        """A short horizontal line, centred: the bottom border of an empty, narrowed
        paragraph whose mark is 2 pt high (so the line sits right under the text)."""
        p = self.para(align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, after=2, container=container)
        side = max(0.0, (cell_mm - width_mm) / 2)
        p.paragraph_format.left_indent = Mm(side)
        p.paragraph_format.right_indent = Mm(side)
        ppr = p._p.get_or_add_pPr()
        ppr.append(
            parse_xml(
                f'<w:pBdr {nsdecls("w")}><w:bottom w:val="single" w:sz="6" w:space="1" '
                'w:color="auto"/></w:pBdr>'
            )
        )
        ppr.append(parse_xml(f'<w:rPr {nsdecls("w")}><w:sz w:val="4"/><w:szCs w:val="4"/></w:rPr>'))

    def heading(self, text: str) -> None:
        p = self.para(text, bold=True, indent=True)
        p.paragraph_format.keep_with_next = True

    def table(self, columns: Sequence[Column], rows: Iterable[Row]) -> None:
        """A bordered table with a repeated header row. It is kept as text and put in
        place of a marker paragraph when the document is saved (`save`): parsing it into
        the tree and serialising it again would triple the cost of a large appendix."""
        marker = f"@@chidao-table-{len(self._tables)}@@"
        self._tables.append((marker, table_xml(columns, rows, declare=False)))
        self.para(marker, align=None, indent=False, after=0)
        # A little air after a table.
        self.para(after=0, indent=False)

    def borderless(self, widths_mm: Sequence[float]) -> list[object]:
        """A table without borders (the header and signature blocks); returns its cells."""
        table = self.doc.add_table(rows=1, cols=len(widths_mm))
        table.autofit = False
        tbl_pr = table._tbl.tblPr
        tbl_pr.append(parse_xml(f'<w:tblLayout {nsdecls("w")} w:type="fixed"/>'))
        cells = list(table.rows[0].cells)
        for cell, width in zip(cells, widths_mm, strict=True):
            cell.width = Mm(width)
            # Drop the empty paragraph python-docx puts in a new cell: the caller adds its own.
            for p in list(cell.paragraphs):
                p._p.getparent().remove(p._p)
        for col, width in zip(table.columns, widths_mm, strict=True):
            col.width = Mm(width)
        table.rows[0]._tr.get_or_add_trPr().append(parse_xml(f"<w:cantSplit {nsdecls('w')}/>"))
        return cells

    def page_break(self) -> None:
        p = self.para(align=None, indent=False, after=0)
        p.add_run().add_break(WD_BREAK.PAGE)

    def save(self) -> bytes:
        buffer = io.BytesIO()
        self.doc.save(buffer)
        if not self._tables:
            return buffer.getvalue()
        return _splice(buffer.getvalue(), self._tables)


def _splice(package: bytes, tables: Sequence[tuple[str, str]]) -> bytes:
    """The .docx `package` with each marker paragraph of word/document.xml replaced by
    its table."""
    source = zipfile.ZipFile(io.BytesIO(package))
    xml = source.read("word/document.xml").decode("utf-8")
    pieces: list[str] = []
    position = 0
    for marker, table in tables:
        at = xml.index(marker, position)
        open_at = max(xml.rfind("<w:p>", position, at), xml.rfind("<w:p ", position, at))
        close_at = xml.index("</w:p>", at) + len("</w:p>")
        pieces.extend([xml[position:open_at], table])
        position = close_at
    pieces.append(xml[position:])
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            if item.filename == "word/document.xml":
                target.writestr(item, "".join(pieces).encode("utf-8"), zipfile.ZIP_DEFLATED, 6)
            else:
                target.writestr(item, source.read(item.filename))
    return out.getvalue()


def render(c: Consolidated, *, number: str, issued_on: dt.date) -> bytes:
    w = Writer()
    _header(w, c, number, issued_on)
    _title(w, c)
    _intro(w, c)
    sections = [_rates, _narratives, _indicators, _tasks, _late]
    for n, part in enumerate(sections):
        part(w, c, _ROMAN[n])
    closing = w.para(
        f"Trên đây là báo cáo tổng hợp {c.period.label} theo chế độ báo cáo «{c.regime.name}» "
        f"của {_issuer_phrase(c)}./."
    )
    closing.paragraph_format.keep_with_next = True
    _signature(w, c)
    _appendix(w, c, number, issued_on)
    # The appendix is the last page: nothing after its table.
    return w.save()


def _issuer_phrase(c: Consolidated) -> str:
    if c.issuer.written:
        return c.issuer.written
    name = c.issuer.name
    return name[:1] + name[1:].lower() if name.isupper() else name


def _header(w: Writer, c: Consolidated, number: str, issued_on: dt.date) -> None:
    left_mm, right_mm = 64.0, TEXT_WIDTH_MM - 64.0
    left, right = w.borderless([left_mm, right_mm])
    centre = WD_ALIGN_PARAGRAPH.CENTER
    w.para(c.issuer.superior, size=12, align=centre, indent=False, after=0, container=left)
    w.para(c.issuer.name, bold=True, size=13, align=centre, indent=False, after=0, container=left)
    w.rule(25, left_mm, container=left)
    w.para(
        number_line(number, c.issuer.abbreviation),
        size=13,
        align=centre,
        indent=False,
        after=0,
        container=left,
    )
    w.para(
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        bold=True,
        size=12,
        align=centre,
        indent=False,
        after=0,
        container=right,
    )
    w.para(
        "Độc lập - Tự do - Hạnh phúc",
        bold=True,
        size=14,
        align=centre,
        indent=False,
        after=0,
        container=right,
    )
    w.rule(58, right_mm, container=right)
    w.para(
        date_line(c.issuer.place, issued_on),
        italic=True,
        size=14,
        align=centre,
        indent=False,
        after=0,
        container=right,
    )


def _title(w: Writer, c: Consolidated) -> None:
    centre = WD_ALIGN_PARAGRAPH.CENTER
    p = w.para("BÁO CÁO", bold=True, size=TITLE_PT, align=centre, indent=False, after=0)
    p.paragraph_format.space_before = Pt(18)
    w.para(c.title, bold=True, size=TITLE_PT, align=centre, indent=False, after=0)
    w.rule(40, TEXT_WIDTH_MM)


def _intro(w: Writer, c: Consolidated) -> None:
    r = c.rates
    start, end = _cutoff(c)
    p = w.para(
        f"Thực hiện chế độ báo cáo «{c.regime.name}», {_issuer_phrase(c)} tổng hợp tình hình "
        f"và kết quả thực hiện {c.period.label} của các đơn vị (số liệu từ ngày "
        f"{start:%d/%m/%Y} đến ngày {end:%d/%m/%Y}, hạn gửi báo cáo ngày "
        f"{r.due_date:%d/%m/%Y}; số liệu tổng hợp đến ngày {c.as_of:%d/%m/%Y}) như sau:"
    )
    p.paragraph_format.space_before = Pt(6)


def _cutoff(c: Consolidated) -> tuple[dt.date, dt.date]:
    from chidao.reporting.rules import cutoff

    return cutoff(c.period, c.regime.cutoff_rule)


def _rates(w: Writer, c: Consolidated, roman: str) -> None:
    r = c.rates
    w.heading(f"{roman}. TÌNH HÌNH THỰC HIỆN CHẾ ĐỘ BÁO CÁO")
    sentence = (
        f"Kỳ báo cáo có {r.expected} đơn vị phải báo cáo; đã gửi {r.submitted} đơn vị "
        f"(đạt {percent(r.submitted, r.expected)}), trong đó đúng hạn {r.on_time} đơn vị "
        f"({percent(r.on_time, r.expected)}), gửi muộn {r.late} đơn vị; "
        f"chưa gửi {r.missing} đơn vị"
    )
    if r.pending:
        sentence += f"; {r.pending} đơn vị chưa gửi nhưng còn trong hạn"
    w.para(sentence + f". Cơ quan thường trực đã tiếp nhận {r.accepted} báo cáo.")
    columns = [
        Column("STT", 12, "center"),
        Column("Nội dung", 93),
        Column("Số đơn vị", 30, "right"),
        Column("Tỷ lệ", 30, "right"),
    ]
    rows = [
        ("Số đơn vị phải báo cáo", r.expected),
        ("Đã gửi báo cáo", r.submitted),
        ("— Gửi đúng hạn", r.on_time),
        ("— Gửi muộn", r.late),
        ("Chưa gửi báo cáo (quá hạn)", r.missing),
    ]
    if r.pending:
        rows.append(("Chưa gửi, còn trong hạn", r.pending))
    w.table(
        columns,
        [
            Row([str(n), label, str(count), percent(count, r.expected)])
            for n, (label, count) in enumerate(rows, 1)
        ],
    )


def _narratives(w: Writer, c: Consolidated, roman: str) -> None:
    w.heading(f"{roman}. KẾT QUẢ THỰC HIỆN CỦA CÁC ĐƠN VỊ")
    if not c.narratives:
        w.para("Mẫu báo cáo của chế độ này không có mục nội dung do đơn vị viết.", italic=True)
    for n, block in enumerate(c.narratives, 1):
        w.heading(f"{n}. {block.section.title}")
        if not block.entries:
            w.para("Chưa có đơn vị nào báo cáo nội dung này.", italic=True)
            continue
        for entry in block.entries:
            lines = [line.strip() for line in entry.text.splitlines() if line.strip()]
            first = w.para()
            first.paragraph_format.first_line_indent = Mm(12.7)
            Writer.run(first, f"- {entry.unit.name}: ", bold=True)
            Writer.run(first, lines[0] if lines else "")
            for line in lines[1:]:
                w.para(line)


INDICATOR_COLUMNS = [
    Column("STT", 12, "center"),
    Column("Đơn vị", 34),
    Column("Chỉ số", 62),
    Column("Giá trị", 18, "right"),
    Column("Chỉ tiêu", 17, "center"),
    Column("Đánh giá", 22, "center"),
]


def _labels() -> dict[Achievement, str]:
    """Achievement words, translated once per document (22,000 cells at scale)."""
    return {status: str(status.label) for status in Achievement}


def _indicator_rows(c: Consolidated, *, full: bool, province_line: bool) -> tuple[list[Row], int]:
    """Rows of the indicator table grouped by unit, the province first (its line for every
    indicator); a unit's indicators are all of them (`full`) or those with a target."""
    board = c.board
    words = _labels()
    labels = {ind.pk: indicator_label(ind) for ind in c.indicators}
    rows: list[Row] = []
    groups = 0
    if province_line:
        groups += 1
        for i, ind in enumerate(c.indicators):
            cell = board.province[ind.pk]
            rows.append(
                Row(
                    [
                        str(groups),
                        "Toàn tỉnh",
                        labels[ind.pk],
                        value_text(ind, cell.value),
                        target_text(cell),
                        words[cell.judgement.status],
                    ],
                    bold=True,
                    merge=2,
                    start=i == 0,
                )
            )
    for unit in board.units:
        cells = [(ind, board.cells[(ind.pk, unit.pk)]) for ind in c.indicators]
        if not full:
            cells = [(ind, cell) for ind, cell in cells if cell.target is not None]
        if not cells:
            continue
        groups += 1
        for i, (ind, cell) in enumerate(cells):
            rows.append(
                Row(
                    [
                        str(groups),
                        unit.name,
                        labels[ind.pk],
                        value_text(ind, cell.value),
                        target_text(cell),
                        words[cell.judgement.status],
                    ],
                    merge=2,
                    start=i == 0,
                )
            )
    return rows, groups


def _indicators(w: Writer, c: Consolidated, roman: str) -> None:
    w.heading(f"{roman}. KẾT QUẢ CÁC CHỈ SỐ SO VỚI CHỈ TIÊU")
    if not c.indicators:
        w.para("Chế độ báo cáo này không yêu cầu số liệu chỉ số.", italic=True)
        return
    judged = [cell for cell in c.board.cells.values() if cell.target is not None]
    counts = c.achievement_counts()
    if judged:
        met = counts.get(Achievement.MET.value, 0)
        missed = counts.get(Achievement.MISSED.value, 0) + counts.get(Achievement.BEHIND.value, 0)
        w.para(
            f"Có {len(judged)} lượt chỉ số của các đơn vị được giao chỉ tiêu: đạt {met} "
            f"({percent(met, len(judged))}), có nguy cơ không đạt "
            f"{counts.get(Achievement.AT_RISK.value, 0)}, không đạt hoặc chưa đạt {missed}, "
            f"chưa có số liệu {counts.get(Achievement.NO_DATA.value, 0)}. Kết quả của toàn "
            "tỉnh và của từng đơn vị có chỉ tiêu như sau (số liệu đầy đủ tại Phụ lục):"
        )
    else:
        w.para(
            "Các chỉ số chưa được giao chỉ tiêu cho đơn vị trong kỳ; kết quả của toàn tỉnh "
            "như sau (số liệu của từng đơn vị tại Phụ lục):"
        )
    rows, _groups = _indicator_rows(c, full=False, province_line=True)
    w.table(INDICATOR_COLUMNS, rows)


TASK_STATUSES = list(AssignmentStatus)


def _tasks(w: Writer, c: Consolidated, roman: str) -> None:
    w.heading(f"{roman}. TÌNH HÌNH THỰC HIỆN NHIỆM VỤ ĐƯỢC GIAO")
    totals = c.task_totals()
    total = sum(totals.values())
    if total:
        parts = ", ".join(
            f"{str(s.label).lower()} {totals[s]} ({percent(totals[s], total)})"
            for s in TASK_STATUSES
        )
        w.para(
            f"Tính đến ngày {c.tasks_as_of:%d/%m/%Y}, các đơn vị báo cáo được giao {total} lượt "
            f"nhiệm vụ: {parts}."
        )
    else:
        w.para(
            f"Tính đến ngày {c.tasks_as_of:%d/%m/%Y}, các đơn vị báo cáo chưa được giao nhiệm "
            "vụ nào đang theo dõi."
        )
    columns = [
        Column("STT", 11, "center"),
        Column("Đơn vị", 54),
        Column("Tổng số", 16, "right"),
        *(Column(str(s.label), 21, "right") for s in TASK_STATUSES),
    ]
    rows = [
        Row([str(n), t.unit.name, str(t.total), *(str(t[s]) for s in TASK_STATUSES)])
        for n, t in enumerate(c.tasks, 1)
    ]
    rows.append(
        Row(["", "Tổng cộng", str(total), *(str(totals[s]) for s in TASK_STATUSES)], bold=True)
    )
    w.table(columns, rows)


def _late(w: Writer, c: Consolidated, roman: str) -> None:
    w.heading(f"{roman}. ĐƠN VỊ GỬI BÁO CÁO MUỘN, CHƯA GỬI BÁO CÁO")
    w.heading(f"1. Đơn vị gửi báo cáo muộn: {len(c.late)} đơn vị")
    if not c.late:
        w.para("Không có.", italic=True)
    for late in c.late:
        w.para(
            f"- {late.unit.name}: gửi ngày {late.sent_on:%d/%m/%Y}, muộn {late.days_late} ngày "
            f"so với hạn {late.due_date:%d/%m/%Y}."
        )
    w.heading(f"2. Đơn vị chưa gửi báo cáo: {len(c.missing)} đơn vị")
    if not c.missing:
        w.para("Không có.", italic=True)
    for unit in c.missing:
        w.para(f"- {unit.name}.")
    if c.pending:
        w.heading(f"3. Đơn vị chưa gửi, còn trong hạn: {len(c.pending)} đơn vị")
        for unit in c.pending:
            w.para(f"- {unit.name}.")
    if c.late or c.missing:
        w.para(
            "Đề nghị các đơn vị chưa gửi báo cáo khẩn trương hoàn thành, gửi cơ quan thường "
            "trực để tổng hợp; các đơn vị gửi muộn rút kinh nghiệm, bảo đảm thời hạn theo quy "
            "định trong các kỳ tiếp theo."
        )


def _signature(w: Writer, c: Consolidated) -> None:
    left_mm, right_mm = 80.0, TEXT_WIDTH_MM - 80.0
    left, right = w.borderless([left_mm, right_mm])
    p = w.para(
        "Nơi nhận:",
        bold=True,
        italic=True,
        size=12,
        align=None,
        indent=False,
        after=0,
        container=left,
    )
    p.paragraph_format.space_before = Pt(6)
    for line in ("- Như trên;", "- Lưu: VT."):
        w.para(line, size=11, align=None, indent=False, after=0, container=left)
    centre = WD_ALIGN_PARAGRAPH.CENTER
    for n, line in enumerate(c.issuer.signer_title):
        q = w.para(line, bold=True, size=13, align=centre, indent=False, after=0, container=right)
        if n == 0:
            q.paragraph_format.space_before = Pt(6)
    for _ in range(4):
        w.para(align=centre, indent=False, after=0, container=right)
    w.para(
        c.issuer.signer_name,
        bold=True,
        size=13,
        align=centre,
        indent=False,
        after=0,
        container=right,
    )


def _appendix(w: Writer, c: Consolidated, number: str, issued_on: dt.date) -> None:
    # The appendix opens a new page (a section break keeps the page numbers running).
    w.doc.add_section(WD_SECTION_START.NEW_PAGE)
    centre = WD_ALIGN_PARAGRAPH.CENTER
    w.para("PHỤ LỤC", bold=True, size=TITLE_PT, align=centre, indent=False, after=0)
    w.para(
        "SỐ LIỆU CÁC CHỈ SỐ CỦA TỪNG ĐƠN VỊ",
        bold=True,
        size=TITLE_PT,
        align=centre,
        indent=False,
        after=0,
    )
    ref = number_line(number, c.issuer.abbreviation).removeprefix("Số:").strip()
    w.para(
        f"(Kèm theo Báo cáo số {ref} ngày {issued_on:%d/%m/%Y} của {_issuer_phrase(c)})",
        italic=True,
        align=centre,
        indent=False,
    )
    if not c.indicators or not c.units:
        w.para("Không có số liệu chỉ số.", italic=True)
        return
    rows, _groups = _indicator_rows(c, full=True, province_line=False)
    w.table(INDICATOR_COLUMNS, rows)
