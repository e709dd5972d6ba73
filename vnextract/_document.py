"""The header and signature of a directive (Nghị định 30/2020 layout)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ._lexicon import lexicon
from ._structure import Block
from ._text import fold, strip_markup
from .model import Document

_NUMBER = re.compile(r"^\s*Số\s*:\s*(.{0,60}?)\s*$", re.IGNORECASE)
_PLACE_DATE = re.compile(
    r"^\s*([^,\n]{2,40}?),\s*ngày\s*(\d{1,2})?\s*tháng\s*(\d{1,2})?\s*năm\s*(\d{4})", re.IGNORECASE
)
_SIG_FORM = re.compile(r"^\s*(TM|KT|TL|TUQ|Q|TQ)\.\s*(.*)$")
_NAME = re.compile(r"^(?:[A-ZÀ-ỸĐ][a-zà-ỹđ]+)(?:\s+[A-ZÀ-ỸĐ][a-zà-ỹđ]*){1,5}$")
_PROVINCE_HEAD = re.compile(
    r"^(?:UBND|ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN)?\s*(TỈNH|THÀNH PHỐ)\s+(.+)$"
)
_MEETING = re.compile(r"(?:họp|hội nghị|cuộc họp|làm việc|phiên)", re.IGNORECASE)
_DATE_IN = re.compile(
    r"ngày\s+(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})|ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})",
    re.IGNORECASE,
)
_ISSUERS = {
    "UBND": "Ủy ban nhân dân tỉnh {province}",
    "BCĐ": "Ban Chỉ đạo",
    "BCD": "Ban Chỉ đạo",
    "VP": "Văn phòng Ủy ban nhân dân tỉnh {province}",
    "HĐND": "Hội đồng nhân dân tỉnh {province}",
    "TU": "Tỉnh ủy {province}",
}
_TITLE_STOP = re.compile(
    r"^(?:Căn cứ|Ngày|Vào|Thực hiện|Sau khi|Kính gửi|Để|Trên cơ sở|Theo|Hôm nay)", re.IGNORECASE
)


@dataclass
class Layout:
    """Where the header ends, where the body ends ("Nơi nhận"), where appendices start."""

    body_start: int
    body_end: int
    appendix_start: int
    # bodies of documents issued with this one ("QUYẾT ĐỊNH … Ban hành kèm theo Quyết định
    # này Kế hoạch …" followed, after the signature, by the plan itself): block ranges
    attachments: tuple[tuple[int, int], ...] = ()


def _title_case(s: str) -> str:
    return " ".join(w[:1] + w[1:].lower() for w in s.split())


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def parse_document(blocks: list[Block]) -> tuple[Document, Layout]:
    """Metadata and layout from the blocks of a directive; tolerant of missing parts."""
    kinds = lexicon().raw["document_kinds"]
    number = date_text = place = province = doc_type = title = issuer = None
    day: dt.date | None = None
    kind_idx = -1
    head_lines: list[str] = []
    limit = min(len(blocks), 40)
    for i in range(limit):
        b = blocks[i]
        if b.kind == "footnote":
            continue
        # a header written as one row ("Số: 15/TB-UBND<TAB>Lạng Sơn, ngày …", as .docx
        # tables flatten) is read cell by cell
        cells = [b.text] if b.kind == "para" else [b.text[x:y] for x, y in b.cells]
        for cell in cells:
            plain = strip_markup(cell)
            if number is None and (m := _NUMBER.match(plain)):
                number = m.group(1).strip() or None
                continue
            if date_text is None and (m := _PLACE_DATE.match(plain)):
                place = m.group(1).strip()
                date_text = plain[m.start() : m.end()].strip()
                if m.group(2) and m.group(3):
                    day = _safe_date(int(m.group(4)), int(m.group(3)), int(m.group(2)))
                continue
            if b.kind != "para":
                if i < 12:
                    head_lines.append(plain)
                continue
            if kind_idx < 0 and plain.isupper() and plain.strip() in kinds:
                doc_type = kinds[plain.strip()]
                kind_idx = i
                break
            if kind_idx < 0 and i < 12:
                head_lines.append(plain)
        if kind_idx >= 0:
            break
    body_start = 0
    if kind_idx >= 0:
        parts: list[str] = []
        j = kind_idx + 1
        while j < len(blocks) and len(parts) < 4:
            b = blocks[j]
            plain = strip_markup(b.text)
            if b.kind != "para" or b.mtype or _TITLE_STOP.match(plain) or len(plain) > 400:
                break
            # a title never ends with a full stop: a sentence after it is the body
            if parts and (plain.endswith((".", ";")) or len(plain) > 250):
                break
            parts.append(plain)
            j += 1
            if (
                not (b.text.strip().startswith("**") or plain.startswith(("V/v", "Về việc", "(")))
                and len(parts) >= 1
            ):
                nxt = strip_markup(blocks[j].text) if j < len(blocks) else ""
                if not nxt.startswith("("):
                    break
        title = " ".join(parts) or None
        body_start = j
    else:
        # no kind line: the body starts after the place-date line
        for i in range(limit):
            b = blocks[i]
            cells = [b.text] if b.kind != "row" else [b.text[x:y] for x, y in b.cells]
            if any(
                _PLACE_DATE.match(strip_markup(c)) or _NUMBER.match(strip_markup(c)) for c in cells
            ):
                body_start = i + 1
    if doc_type is None and number and (m := re.search(r"/([A-ZĐa-zđ]+)-", number)):
        doc_type = m.group(1).upper() if m.group(1).upper() != "QD" else "QĐ"
    for line in head_lines:
        if m := _PROVINCE_HEAD.match(line.upper() if line.isupper() else line):
            province = _title_case(m.group(2))
    if province is None and place:
        province = place
    if number and (m := re.search(r"-([A-ZĐ]+)\s*$", number)):
        issuer_t = _ISSUERS.get(m.group(1))
        if issuer_t:
            issuer = issuer_t.replace("{province}", province or "").strip()
    body_end = len(blocks)
    end_words = lexicon().words("body_end")
    for i in range(body_start, len(blocks)):
        f = fold(strip_markup(blocks[i].text))
        if any(f.startswith(w) for w in end_words):
            body_end = i
            break
    appendix_start = len(blocks)
    for i in range(body_end, len(blocks)):
        if fold(strip_markup(blocks[i].text)).startswith("phụ lục"):
            appendix_start = i
            break
    attached = _attachments(blocks, body_end, kinds, end_words)
    attachments = tuple((a, b) for _t, a, b in attached)
    signer = form = signer_title = None
    sig_end = min([appendix_start] + [t for t, _a, _b in attached])
    sig_zone = blocks[body_end : max(body_end, sig_end)]
    titles: list[str] = []
    for b in sig_zone:
        for line in strip_markup_lines(b.text):
            if m := _SIG_FORM.match(line):
                form = form or m.group(1) + "."
                titles.append(line)
            elif line.isupper() and len(line) < 60 and not line.startswith("-"):
                titles.append(line)
            elif titles and _NAME.match(line):
                signer = line
                signer_title = titles[-1]
    meeting = _meeting_date(blocks[body_start : body_start + 6])
    doc = Document(
        type=doc_type,
        number=number,
        date=day,
        date_text=date_text,
        place=place,
        province=province,
        issuer=issuer,
        signer=signer,
        signature_form=form,
        signer_title=signer_title,
        title=title,
        meeting_date=meeting,
    )
    return doc, Layout(body_start, body_end, appendix_start, attachments)


_ATTACHED = re.compile(r"^\(?\s*(?:ban hành )?kèm theo")


def _attachments(
    blocks: list[Block], start: int, kinds: dict[str, str], end_words: tuple[str, ...]
) -> list[tuple[int, int, int]]:
    """(title, start, end) of the bodies of documents issued with this one: a kind line
    ("KẾ HOẠCH") after the signature, whose "(Ban hành kèm theo …)" line follows within a
    few blocks; each runs to the next "Nơi nhận", "Phụ lục" or kind line."""
    out: list[tuple[int, int, int]] = []
    i = start
    n = len(blocks)
    while i < n:
        plain = strip_markup(blocks[i].text).strip()
        if blocks[i].kind == "para" and plain.isupper() and plain in kinds:
            for j in range(i + 1, min(n, i + 5)):
                if _ATTACHED.match(fold(strip_markup(blocks[j].text))):
                    k = j + 1
                    while k < n:
                        f = fold(strip_markup(blocks[k].text)).strip()
                        if f.startswith("phụ lục") or any(f.startswith(w) for w in end_words):
                            break
                        if blocks[k].kind == "para" and strip_markup(blocks[k].text) in kinds:
                            break
                        k += 1
                    out.append((i, j + 1, k))
                    i = k - 1
                    break
        i += 1
    return out


def strip_markup_lines(text: str) -> list[str]:
    return [strip_markup(x) for x in text.split("\n") if strip_markup(x)]


def _meeting_date(blocks: list[Block]) -> dt.date | None:
    for b in blocks:
        if b.mtype:
            break
        if not _MEETING.search(b.text):
            continue
        m = _DATE_IN.search(b.text[:300])
        if m:
            g = m.groups()
            d, mo, y = (g[0], g[1], g[2]) if g[0] else (g[3], g[4], g[5])
            return _safe_date(int(y), int(mo), int(d))
    return None
