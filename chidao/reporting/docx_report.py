"""The province's report as a .docx laid out per Nghị định 30/2020/NĐ-CP, Phụ lục I.

- A4, margins top/bottom 20 mm, left 30 mm, right 15 mm; Times New Roman 13 (title 14);
  paragraphs justified, first line indented 1,27 cm, 6 pt between paragraphs, single line
  spacing; page numbers centred in the top margin from the second page.
- Header: a borderless two-column table. Left: the body above the issuer (regular), the
  issuer (bold), a short rule, then "Số: …/BC-…"; right: the national motto (bold),
  "Độc lập - Tự do - Hạnh phúc" (bold) with a rule as long as it, then the place and date
  in italics ("Lạng Sơn, ngày 05 tháng 10 năm 2024": a day below 10 and the months 1 and
  2 take a leading zero).
- "BÁO CÁO", the title (bold, centred), the one as-of date in italics, a rule, then
  "Kính gửi: …"; the body: I. the summary, II. the units' texts cut to what they say
  about the period; the signature block (right: "TM. BAN CHỈ ĐẠO / KT. TRƯỞNG BAN / …" or
  the standing department's head, from `Issuer`) and "Nơi nhận:" (left, bold italic:
  "- Như trên; - Lưu: VT, …"); the one appendix on a new page.

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


def with_unit(indicator: Indicator, text: str) -> str:
    """ "65,3" → "65,3%", "12" → "12 hồ sơ" (no unit after a missing value)."""
    unit = indicator.measure_unit.strip()
    if not unit or text in ("—", ""):
        return text
    return f"{text}%" if unit == "%" else f"{text} {unit}"


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
    """The report: header, title with the one as-of date, "Kính gửi", I. the summary
    (reporting rates with the late and missing units, the province's indicators against
    their targets, the four-way split of the assigned work), II. the units' texts cut to
    what they say about the period, the signature block and "Nơi nhận", then the one
    appendix (each unit's indicators, each unit's four-way split)."""
    w = Writer()
    _header(w, c, number, issued_on)
    _title(w, c)
    _addressees(w, c)
    _intro(w, c)
    _summary(w, c, _ROMAN[0])
    _narratives(w, c, _ROMAN[1])
    closing = w.para(
        f"Trên đây là báo cáo tổng hợp {c.period.label} theo chế độ báo cáo “{c.regime.name}” "
        f"của {_issuer_phrase(c)}./."
    )
    closing.paragraph_format.keep_with_next = True
    _signature(w, c)
    _appendix(w, c, number, issued_on)
    # The appendix is the last page: nothing after its tables.
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


def as_of_line(c: Consolidated) -> str:
    """ "(Số liệu tính đến ngày 20/10/2025)": the report's one as-of date, stated once."""
    return f"(Số liệu tính đến ngày {c.as_of:%d/%m/%Y})"


def _title(w: Writer, c: Consolidated) -> None:
    centre = WD_ALIGN_PARAGRAPH.CENTER
    p = w.para("BÁO CÁO", bold=True, size=TITLE_PT, align=centre, indent=False, after=0)
    p.paragraph_format.space_before = Pt(18)
    w.para(c.title, bold=True, size=TITLE_PT, align=centre, indent=False, after=0)
    w.para(as_of_line(c), italic=True, align=centre, indent=False, after=0)
    w.rule(40, TEXT_WIDTH_MM)


def _addressees(w: Writer, c: Consolidated) -> None:
    """ "Kính gửi: …" under the title: one addressee on the line, several as a list."""
    names = c.issuer.addressees
    if not names:
        return
    centre = WD_ALIGN_PARAGRAPH.CENTER
    if len(names) == 1:
        p = w.para(f"Kính gửi: {names[0]}.", size=14, align=centre, indent=False)
        p.paragraph_format.space_before = Pt(6)
        return
    p = w.para("Kính gửi:", size=14, align=None, indent=False, after=0)
    p.paragraph_format.left_indent = Mm(30)
    p.paragraph_format.space_before = Pt(6)
    for n, name in enumerate(names):
        q = w.para(
            f"- {name}{'.' if n == len(names) - 1 else ';'}",
            size=14,
            align=None,
            indent=False,
            after=0 if n < len(names) - 1 else 6,
        )
        q.paragraph_format.left_indent = Mm(52)


def _intro(w: Writer, c: Consolidated) -> None:
    r = c.rates
    start, end = _cutoff(c)
    p = w.para(
        f"Thực hiện chế độ báo cáo “{c.regime.name}”, {_issuer_phrase(c)} tổng hợp kết quả "
        f"{c.period.label} từ báo cáo của các đơn vị (thời gian chốt số liệu của kỳ: "
        f"{start:%d/%m/%Y} – {end:%d/%m/%Y}; hạn gửi báo cáo: {r.due_date:%d/%m/%Y}) như sau:"
    )
    p.paragraph_format.space_before = Pt(6)


def _cutoff(c: Consolidated) -> tuple[dt.date, dt.date]:
    from chidao.reporting.rules import cutoff

    return cutoff(c.period, c.regime.cutoff_rule)


def _summary(w: Writer, c: Consolidated, roman: str) -> None:
    w.heading(f"{roman}. TÓM TẮT KẾT QUẢ")
    _rates(w, c, "1")
    _indicators(w, c, "2")
    _tasks(w, c, "3")


def _names(units: Sequence[object]) -> str:
    return ", ".join(str(getattr(u, "name", u)) for u in units)


def _rates(w: Writer, c: Consolidated, n: str) -> None:
    r = c.rates
    w.heading(f"{n}. Thực hiện chế độ báo cáo")
    sentence = (
        f"Kỳ báo cáo có {r.expected} đơn vị phải báo cáo; đã gửi {r.submitted} đơn vị "
        f"(tỷ lệ đầy đủ {percent(r.submitted, r.expected)}), trong đó đúng hạn {r.on_time} "
        f"đơn vị (tỷ lệ đúng hạn {percent(r.on_time, r.expected)}), gửi muộn {r.late} đơn vị; "
        f"chưa gửi {r.missing} đơn vị"
    )
    if r.pending:
        sentence += f"; {r.pending} đơn vị chưa gửi nhưng còn trong hạn"
    w.para(sentence + f". Cơ quan thường trực đã tiếp nhận {r.accepted} báo cáo.")
    if c.late:
        w.para(f"- Đơn vị gửi báo cáo muộn ({len(c.late)} đơn vị):", after=0)
        for i, late in enumerate(c.late, 1):
            w.para(
                f"+ {late.unit.name}: gửi ngày {late.sent_on:%d/%m/%Y}, muộn {late.days_late} "
                f"ngày so với hạn {late.due_date:%d/%m/%Y}{'.' if i == len(c.late) else ';'}",
                after=0,
            )
    else:
        w.para("- Không có đơn vị gửi báo cáo muộn.", after=0)
    if c.missing:
        w.para(f"- Đơn vị chưa gửi báo cáo ({len(c.missing)} đơn vị): {_names(c.missing)}.")
    else:
        w.para("- Không có đơn vị chưa gửi báo cáo.")
    if c.pending:
        w.para(f"- Đơn vị chưa gửi, còn trong hạn ({len(c.pending)} đơn vị): {_names(c.pending)}.")
    if c.late or c.missing:
        w.para(
            "Đề nghị các đơn vị chưa gửi báo cáo khẩn trương hoàn thành, gửi cơ quan thường "
            "trực để tổng hợp; các đơn vị gửi muộn rút kinh nghiệm, bảo đảm thời hạn theo quy "
            "định trong các kỳ tiếp theo."
        )


PROVINCE_COLUMNS = [
    Column("STT", 11, "center"),
    Column("Chỉ số", 80),
    Column("Kết quả", 20, "right"),
    Column("Chỉ tiêu", 20, "center"),
    Column("Đánh giá", 34, "center"),
]

INDICATOR_COLUMNS = [
    Column("STT", 10, "center"),
    Column("Đơn vị", 32),
    Column("Chỉ số", 59),
    Column("Giá trị", 17, "right"),
    Column("Chỉ tiêu", 16, "center"),
    Column("Đánh giá", 31, "center"),
]


def _labels() -> dict[Achievement, str]:
    """Achievement words, translated once per document (22,000 cells at scale)."""
    return {status: str(status.label) for status in Achievement}


def _unit_indicator_rows(c: Consolidated) -> list[Row]:
    """The appendix's rows: every indicator of every unit, grouped by unit."""
    board = c.board
    words = _labels()
    labels = {ind.pk: indicator_label(ind) for ind in c.indicators}
    rows: list[Row] = []
    for group, unit in enumerate(board.units, 1):
        for i, ind in enumerate(c.indicators):
            cell = board.cells[(ind.pk, unit.pk)]
            rows.append(
                Row(
                    [
                        str(group),
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
    return rows


def _indicators(w: Writer, c: Consolidated, n: str) -> None:
    w.heading(f"{n}. Các chỉ số so với chỉ tiêu")
    if not c.indicators:
        w.para("Chế độ báo cáo này không yêu cầu số liệu chỉ số.", italic=True)
        return
    board = c.board
    words = _labels()
    with_target = [ind for ind in c.indicators if board.province[ind.pk].target is not None]
    if with_target:
        met = [
            ind for ind in with_target if board.province[ind.pk].judgement.status == Achievement.MET
        ]
        sentence = (
            f"Toàn tỉnh: {len(met)}/{len(with_target)} chỉ số được giao chỉ tiêu đạt chỉ tiêu"
        )
        short = [
            f"{ind.name} {with_unit(ind, value_text(ind, board.province[ind.pk].value))} "
            f"(chỉ tiêu {with_unit(ind, target_text(board.province[ind.pk]))}, "
            f"{words[board.province[ind.pk].judgement.status].lower()})"
            for ind in with_target
            if ind not in met
        ]
        w.para(sentence + (f"; chưa đạt: {'; '.join(short)}." if short else "."))
    judged = [cell for cell in board.cells.values() if cell.target is not None]
    counts = c.achievement_counts()
    if judged:
        met_units = counts.get(Achievement.MET.value, 0)
        missed = counts.get(Achievement.MISSED.value, 0) + counts.get(Achievement.BEHIND.value, 0)
        w.para(
            f"Ở các đơn vị, {len(judged)} lượt chỉ số được giao chỉ tiêu: đạt {met_units} "
            f"({percent(met_units, len(judged))}), có nguy cơ không đạt "
            f"{counts.get(Achievement.AT_RISK.value, 0)}, không đạt hoặc chưa đạt {missed}, "
            f"chưa có số liệu {counts.get(Achievement.NO_DATA.value, 0)} (số liệu từng đơn vị "
            "tại Phụ lục). Kết quả toàn tỉnh:"
        )
    else:
        w.para("Kết quả toàn tỉnh (số liệu từng đơn vị tại Phụ lục):")
    rows = []
    for i, ind in enumerate(c.indicators, 1):
        cell = board.province[ind.pk]
        rows.append(
            Row(
                [
                    str(i),
                    indicator_label(ind),
                    value_text(ind, cell.value),
                    target_text(cell),
                    words[cell.judgement.status],
                ]
            )
        )
    w.table(PROVINCE_COLUMNS, rows)


TASK_STATUSES = list(AssignmentStatus)
MOST_OVERDUE = 10  # units named in the summary for their overdue work


def _tasks(w: Writer, c: Consolidated, n: str) -> None:
    w.heading(f"{n}. Thực hiện nhiệm vụ được giao")
    totals = c.task_totals()
    total = sum(totals.values())
    if not total:
        w.para("Các đơn vị báo cáo chưa được giao nhiệm vụ nào đang theo dõi.")
        return
    parts = ", ".join(
        f"{str(s.label).lower()} {totals[s]} ({percent(totals[s], total)})" for s in TASK_STATUSES
    )
    w.para(f"Các đơn vị báo cáo được giao {total} lượt nhiệm vụ: {parts}.")
    overdue = sorted(
        (t for t in c.tasks if t[AssignmentStatus.OPEN_OVERDUE]),
        key=lambda t: -t[AssignmentStatus.OPEN_OVERDUE],
    )
    if overdue:
        named = ", ".join(
            f"{t.unit.name} ({t[AssignmentStatus.OPEN_OVERDUE]})" for t in overdue[:MOST_OVERDUE]
        )
        more = len(overdue) - MOST_OVERDUE
        w.para(
            f"Đơn vị có nhiệm vụ chưa hoàn thành, quá hạn: {named}"
            + (f" và {more} đơn vị khác" if more > 0 else "")
            + " (chi tiết từng đơn vị tại Phụ lục)."
        )


def _task_table(w: Writer, c: Consolidated) -> None:
    totals = c.task_totals()
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
        Row(
            ["", "Tổng cộng", str(sum(totals.values())), *(str(totals[s]) for s in TASK_STATUSES)],
            bold=True,
        )
    )
    w.table(columns, rows)


def _narratives(w: Writer, c: Consolidated, roman: str) -> None:
    w.heading(f"{roman}. NỘI DUNG BÁO CÁO CỦA CÁC ĐƠN VỊ")
    digest = c.digest()
    if not digest:
        w.para("Mẫu báo cáo của chế độ này không có mục nội dung do đơn vị viết.", italic=True)
        return
    w.para(
        f"Trích phần nói về {c.period.label[:1].lower()}{c.period.label[1:]} trong báo cáo "
        "của các đơn vị; toàn văn tại Phụ lục (biểu “Báo cáo của đơn vị” của tệp Excel kèm "
        "theo báo cáo).",
        italic=True,
    )
    for n, block in enumerate(digest, 1):
        w.heading(f"{n}. {block.section.title}")
        if not block.entries:
            w.para("Chưa có đơn vị nào báo cáo nội dung này.", italic=True)
            continue
        for entry in block.entries:
            p = w.para()
            if len(entry.units) == 1:
                Writer.run(p, f"- {entry.units[0].name}: ", bold=True)
                Writer.run(p, entry.text)
                continue
            # Several units wrote the same: the words once, then who wrote them.
            Writer.run(p, f"- {entry.text} ")
            Writer.run(p, f"({len(entry.units)} đơn vị: {_names(entry.units)}).", italic=True)


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
    kept = f"- Lưu: VT, {c.issuer.kept_by}." if c.issuer.kept_by else "- Lưu: VT."
    lines = ["- Như trên;", kept] if c.issuer.addressees else [kept]
    for line in lines:
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
        "SỐ LIỆU CHI TIẾT CỦA CÁC ĐƠN VỊ",
        bold=True,
        size=TITLE_PT,
        align=centre,
        indent=False,
        after=0,
    )
    ref = number_line(number, c.issuer.abbreviation).removeprefix("Số:")
    w.para(
        f"(Kèm theo Báo cáo số{ref} ngày {issued_on:%d/%m/%Y} của {_issuer_phrase(c)})",
        italic=True,
        align=centre,
        indent=False,
    )
    w.para(
        "Toàn văn báo cáo của các đơn vị: biểu “Báo cáo của đơn vị” của tệp Excel kèm theo "
        "báo cáo.",
        italic=True,
    )
    w.heading("1. Kết quả các chỉ số của từng đơn vị")
    if not c.indicators or not c.units:
        w.para("Không có số liệu chỉ số.", italic=True)
    else:
        w.table(INDICATOR_COLUMNS, _unit_indicator_rows(c))
    w.heading("2. Thực hiện nhiệm vụ được giao của từng đơn vị")
    if not c.units:
        w.para("Không có đơn vị báo cáo.", italic=True)
    else:
        _task_table(w, c)
