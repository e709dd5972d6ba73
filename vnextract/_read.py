"""Turn a source (path, text or bytes) into raw text, refusing what cannot be read safely.

Every failure is an :class:`ExtractionError` with a one-line message; nothing else escapes.
Limits keep hostile input bounded: file size, decompressed size of .docx, PDF pages.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path
from typing import Any

MAX_FILE_BYTES = 25 * 1024 * 1024
MAX_TEXT_CHARS = 1_200_000
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
MAX_ZIP_ENTRIES = 5_000
MAX_PDF_PAGES = 400
TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text", ""}
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


class ExtractionError(ValueError):
    """The source cannot be read: missing, unreadable, unsupported, too large or corrupt."""


def looks_like_path(source: str) -> bool:
    """A short single-line string ending in a known suffix, or naming an existing file."""
    if "\n" in source or len(source) > 4096 or not source.strip():
        return False
    suffix = Path(source).suffix.lower()
    if suffix in {".txt", ".md", ".docx", ".doc", ".pdf", ".markdown", ".text"}:
        return True
    try:
        return Path(source).is_file()
    except OSError:
        return False


def read_source(source: str | os.PathLike[str] | bytes) -> str:
    """The raw text of ``source``: a path (.txt .md .docx .pdf .doc), text, or UTF-8 bytes."""
    if isinstance(source, bytes):
        return _decode(source, "<bytes>")
    if isinstance(source, str) and not looks_like_path(source):
        _check_len(source)
        return source
    path = Path(source)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise ExtractionError(f"không tìm thấy tệp: {path}") from None
    except OSError as exc:
        raise ExtractionError(f"không đọc được tệp {path}: {exc.strerror}") from None
    if not path.is_file():
        raise ExtractionError(f"không phải là tệp: {path}")
    if size > MAX_FILE_BYTES:
        raise ExtractionError(f"tệp quá lớn ({size // 1024 // 1024} MB > 25 MB): {path}")
    suffix = path.suffix.lower()
    try:
        if suffix in TEXT_SUFFIXES:
            return _decode(path.read_bytes(), str(path))
        if suffix == ".docx":
            return read_docx(path)
        if suffix == ".pdf":
            return read_pdf(path)
        if suffix == ".doc":
            return read_doc(path)
    except ExtractionError:
        raise
    except OSError as exc:
        raise ExtractionError(f"không đọc được tệp {path}: {exc.strerror or exc}") from None
    raise ExtractionError(f"định dạng không hỗ trợ ({suffix}): dùng .txt, .md, .docx, .pdf, .doc")


def _check_len(text: str) -> None:
    if len(text) > MAX_TEXT_CHARS:
        raise ExtractionError(f"văn bản quá dài ({len(text)} ký tự > {MAX_TEXT_CHARS})")


def _decode(data: bytes, name: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", errors="replace")
    else:
        head = data[:8192]
        if b"\x00" in head:
            raise ExtractionError(f"tệp nhị phân, không phải văn bản: {name}")
        text = data.decode("utf-8-sig", errors="replace")
    bad = text.count("\ufffd")
    if text and bad > max(8, len(text) // 100):
        raise ExtractionError(f"không phải văn bản UTF-8: {name}")
    _check_len(text)
    return text


def _check_zip(path: Path) -> None:
    if not zipfile.is_zipfile(path):
        raise ExtractionError(f"tệp .docx hỏng (không phải tệp zip): {path}")
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            total = sum(i.file_size for i in infos)
            if len(infos) > MAX_ZIP_ENTRIES or total > MAX_UNZIPPED_BYTES:
                raise ExtractionError(f"tệp .docx bất thường (giải nén quá lớn): {path}")
            if "word/document.xml" not in zf.namelist():
                raise ExtractionError(f"tệp .docx hỏng (thiếu word/document.xml): {path}")
    except zipfile.BadZipFile as exc:
        raise ExtractionError(f"tệp .docx hỏng: {path} ({exc})") from None


def read_docx(path: Path) -> str:
    """Paragraphs and tables in document order; table rows tab-separated, each table set
    off by blank lines; footnote references as ``<sup>n</sup>`` and their bodies at the end."""
    _check_zip(path)
    try:
        import docx  # local import: python-docx is only needed for .docx

        document = docx.Document(str(path))
        body = document.element.body
        out: list[str] = []
        for child in body.iterchildren():
            if child.tag == W + "p":
                out.append(_para_text(child))
            elif child.tag == W + "tbl":
                out.append("")
                out.extend(_table_rows(child))
                out.append("")
        notes = _docx_footnotes(document)
    except ExtractionError:
        raise
    except Exception as exc:  # python-docx/lxml raise many kinds on corrupt files
        raise ExtractionError(f"tệp .docx hỏng: {path} ({type(exc).__name__})") from None
    text = "\n\n".join(s for s in out if s is not None)
    if notes:
        text += "\n\n" + "\n\n".join(notes)
    _check_len(text)
    return text


def _para_text(p: Any) -> str:
    parts: list[str] = []
    for el in p.iter():
        tag = el.tag
        if tag == W + "t" and el.text:
            parts.append(el.text)
        elif tag == W + "tab":
            parts.append("\t")
        elif tag in (W + "br", W + "cr"):
            parts.append("\n")
        elif tag == W + "footnoteReference":
            parts.append(f"<sup>{el.get(W + 'id')}</sup>")
    return "".join(parts)


def _table_rows(tbl: Any) -> list[str]:
    rows: list[str] = []
    for tr in tbl.iterchildren(W + "tr"):
        cells: list[str] = []
        for tc in tr.iterchildren(W + "tc"):
            paras = [_para_text(p) for p in tc.iter(W + "p")]
            cells.append(" ".join(" ".join(paras).split()))
        rows.append("\t".join(cells))
    return rows


def _docx_footnotes(document: Any) -> list[str]:
    out: list[str] = []
    for rel in document.part.rels.values():
        if rel.reltype.endswith("/footnotes"):
            root = _parse_xml(rel.target_part.blob)
            for fn in root.iterchildren(W + "footnote"):
                fid = fn.get(W + "id")
                if fid is None or int(fid) <= 0:
                    continue  # separators
                text = " ".join(_para_text(p) for p in fn.iter(W + "p")).strip()
                if text:
                    out.append(f"<sup>{fid}</sup> {text}")
    return out


def _parse_xml(blob: bytes) -> Any:
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, huge_tree=False, no_network=True)
    return etree.fromstring(blob, parser=parser)


def read_pdf(path: Path) -> str:
    """The text layer of each page (no OCR); pages separated by blank lines."""
    try:
        import pdfplumber

        pages: list[str] = []
        with pdfplumber.open(str(path)) as pdf:
            if len(pdf.pages) > MAX_PDF_PAGES:
                raise ExtractionError(f"tệp PDF quá nhiều trang (> {MAX_PDF_PAGES}): {path}")
            for page in pdf.pages:
                pages.append(page.extract_text() or "")
    except ExtractionError:
        raise
    except Exception as exc:  # pdfminer raises many kinds on corrupt files
        raise ExtractionError(f"tệp PDF hỏng: {path} ({type(exc).__name__})") from None
    text = "\n\n".join(pages)
    if not text.strip():
        raise ExtractionError(f"tệp PDF không có lớp chữ (cần OCR): {path}")
    _check_len(text)
    return text


def read_doc(path: Path) -> str:
    """Old Word files through LibreOffice (``soffice --convert-to docx``) when installed."""
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        raise ExtractionError(
            f"tệp .doc cần LibreOffice để chuyển đổi (chưa cài đặt); lưu lại thành .docx: {path}"
        )
    with tempfile.TemporaryDirectory() as tmp:
        try:
            # argv list, no shell; the path is the caller's own file
            subprocess.run(  # noqa: S603
                [office, "--headless", "--convert-to", "docx", "--outdir", tmp, str(path)],
                check=True,
                capture_output=True,
                timeout=60,
            )
        except (subprocess.SubprocessError, OSError):
            raise ExtractionError(f"LibreOffice không chuyển đổi được tệp .doc: {path}") from None
        out = Path(tmp) / (path.stem + ".docx")
        if not out.exists():
            raise ExtractionError(f"LibreOffice không chuyển đổi được tệp .doc: {path}")
        return read_docx(out)
