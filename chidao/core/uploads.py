"""Checking an uploaded file before anything is stored or opened: one module, one set of limits.

Directives (documents), evidence files (tasks) and filled workbooks (indicators, reporting)
all pass through here, with the limits of `limits()` (settings `UPLOAD_*`). The extension
alone is not trusted: the content must match the type it names (a PDF starts with
"%PDF-", a .docx or .xlsx is a zip holding its main part, a .doc or .xls is an OLE
compound document, images carry their signature, text is UTF-8).

Zip-based files (.docx, .xlsx, evidence .zip) are judged from the zip's directory alone —
the number of members and the sizes each declares — and never by inflating them: Python's
zipfile (which python-docx and openpyxl read through) never returns more than a member's
declared size, so what the directory declares bounds what any later reader inflates. A
workbook's sheets are also held to a number of rows and columns read from the
`<dimension>` each sheet declares in its first bytes, before openpyxl opens anything.

Every refusal is an `UploadRefused` (a `ValidationError`) whose message, in Vietnamese,
names the limit and what was found; its `code` says which kind of check failed.
"""

from __future__ import annotations

import hashlib
import io
import re
import shutil
import struct
import zipfile
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import PurePath
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl.utils import column_index_from_string

from chidao.core.numbers import number_text

MB = 1024 * 1024
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the container of Office 97–2003 files
# Small parts may compress very well and are harmless; the ratio is judged above this size.
RATIO_FROM_BYTES = 1 * MB
# How much of each sheet part is read to find its <dimension>: it comes right after the
# sheet's properties, within the first few hundred bytes of a file Excel or openpyxl wrote.
DIMENSION_HEAD_BYTES = 4096

DIRECTIVE_TYPES = (".docx", ".pdf", ".txt", ".md", ".doc")
EVIDENCE_TYPES = (".pdf", ".docx", ".xlsx", ".doc", ".xls", ".jpg", ".jpeg", ".png", ".zip")
WORKBOOK_TYPES = (".xlsx",)


@dataclass(frozen=True, slots=True)
class Limits:
    """The upload limits in force, read from settings at each call."""

    file_bytes: int  # the uploaded file itself
    part_bytes: int  # one member of a zip, uncompressed
    total_bytes: int  # all members of a zip together, uncompressed
    ratio: int  # uncompressed : compressed, for members above RATIO_FROM_BYTES
    members: int  # members of a zip
    sheet_rows: int  # rows of a workbook's sheet, header included
    sheet_cols: int  # columns of a workbook's sheet


def limits() -> Limits:
    return Limits(
        file_bytes=int(settings.UPLOAD_MAX_MB) * MB,
        part_bytes=int(settings.UPLOAD_ZIP_PART_MAX_MB) * MB,
        total_bytes=int(settings.UPLOAD_ZIP_TOTAL_MAX_MB) * MB,
        ratio=int(settings.UPLOAD_ZIP_MAX_RATIO),
        members=int(settings.UPLOAD_ZIP_MAX_MEMBERS),
        sheet_rows=int(settings.UPLOAD_SHEET_MAX_ROWS),
        sheet_cols=int(settings.UPLOAD_SHEET_MAX_COLS),
    )


class UploadRefused(ValidationError):
    """A refused file. `message` is the Vietnamese reason; `code` is one of "type",
    "size", "empty", "content" (not what the extension says), "corrupt" (an archive that
    cannot be read) or "limit" (an archive or sheet beyond a limit)."""

    message: str
    code: str

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message, code=code)


@dataclass(frozen=True, slots=True)
class Checked:
    """An accepted file: its safe name, lower-case suffix, content type, size, SHA-256."""

    name: str
    suffix: str
    content_type: str
    size: int
    sha256: str


def libreoffice_available() -> bool:
    """True when LibreOffice can convert old Word .doc files on this server."""
    return bool(shutil.which("soffice") or shutil.which("libreoffice"))


def safe_name(name: str, default: str = "tep") -> str:
    """The file's own name without any directory part, never empty, at most 200 chars."""
    base = PurePath(name.replace("\\", "/")).name.strip() or default
    stem, suffix = PurePath(base).stem, PurePath(base).suffix.lower()
    return f"{stem[: 200 - len(suffix)]}{suffix}"


def allowed_text(allowed: Iterable[str]) -> str:
    """ ".doc, .docx, .pdf" — the suffixes of `allowed` for a message or a help text."""
    return ", ".join(sorted(set(allowed) - {".jpeg"}))


def check_size(size: int) -> None:
    """Refuse an upload above the file limit before reading it into memory."""
    limit = limits().file_bytes
    if size > limit:
        raise UploadRefused(
            _("Tệp quá lớn (%(size)s MB); giới hạn là %(limit)s MB.")
            % {"size": _mb(size), "limit": limit // MB},
            "size",
        )


def check_file(name: str, data: bytes | IO[bytes], *, allowed: Collection[str]) -> Checked:
    """Check one upload named `name` whose content is `data` (bytes, or a seekable binary
    file such as Django's `UploadedFile`, left at its start) against the suffixes
    `allowed` and the limits. Returns what was checked; raises `UploadRefused`."""
    name = safe_name(name)
    suffix = PurePath(name).suffix.lower()
    if suffix not in allowed or suffix not in TYPES:
        raise UploadRefused(
            _(
                "Định dạng tệp không được hỗ trợ (%(suffix)s): không thuộc loại được phép "
                "(%(types)s)."
            )
            % {"suffix": suffix or _("không có phần mở rộng"), "types": allowed_text(allowed)},
            "type",
        )
    stream = io.BytesIO(data) if isinstance(data, bytes | bytearray) else data
    size = _size(stream)
    check_size(size)
    if size == 0:
        raise UploadRefused(_("Tệp rỗng, không có nội dung."), "empty")
    content_type, check = TYPES[suffix]
    try:
        check(stream, size)
    finally:
        stream.seek(0)
    return Checked(name, suffix, content_type, size, _sha256(stream))


def check_zip(data: bytes | IO[bytes], *, suffix: str = ".zip") -> list[zipfile.ZipInfo]:
    """The members of the zip `data`, refused (`UploadRefused`) when the archive cannot
    be read or what its directory declares exceeds a limit: number of members, one
    member's uncompressed size or compression ratio, all members' uncompressed size.
    Nothing is inflated. `suffix` names the kind of file in messages."""
    stream = io.BytesIO(data) if isinstance(data, bytes | bytearray) else data
    lim = limits()
    kind = _kind(suffix)
    declared = _declared_members(stream)
    if declared is not None and declared > lim.members:
        raise _too_many_members(kind, declared, lim.members)
    try:
        stream.seek(0)
        with zipfile.ZipFile(stream) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError):
        raise _corrupt(suffix) from None
    if len(members) > lim.members:
        raise _too_many_members(kind, len(members), lim.members)
    total = 0
    for info in members:
        part = info.filename[:80]
        if info.file_size > RATIO_FROM_BYTES:
            ratio = info.file_size / max(info.compress_size, 1)
            if ratio > lim.ratio:
                raise UploadRefused(
                    _(
                        "Tệp %(kind)s có phần nén bất thường (%(part)s: tỷ lệ nén %(ratio)s:1, "
                        "tối đa %(limit)s:1) — có thể là tệp độc hại; hệ thống từ chối."
                    )
                    % {
                        "kind": kind,
                        "part": part,
                        "ratio": _number(round(ratio)),
                        "limit": _number(lim.ratio),
                    },
                    "limit",
                )
        if info.file_size > lim.part_bytes:
            raise UploadRefused(
                _(
                    "Tệp %(kind)s có phần quá lớn khi giải nén (%(part)s: %(size)s MB; tối đa "
                    "%(limit)s MB) — có thể là tệp độc hại; hệ thống từ chối."
                )
                % {
                    "kind": kind,
                    "part": part,
                    "size": _mb(info.file_size),
                    "limit": _number(lim.part_bytes // MB),
                },
                "limit",
            )
        total += info.file_size
    if total > lim.total_bytes:
        raise UploadRefused(
            _(
                "Tệp %(kind)s quá lớn khi giải nén (%(size)s MB; tối đa %(limit)s MB) — có thể "
                "là tệp độc hại; hệ thống từ chối."
            )
            % {"kind": kind, "size": _mb(total), "limit": _number(lim.total_bytes // MB)},
            "limit",
        )
    return members


def check_workbook(data: bytes | IO[bytes]) -> None:
    """Refuse (`UploadRefused`) an .xlsx that openpyxl should not open: not a workbook,
    beyond the zip limits (`check_zip`, the shared strings part included), or with a sheet
    whose declared dimension exceeds the rows or columns allowed. Reads the zip directory
    and at most `DIMENSION_HEAD_BYTES` of each sheet."""
    stream = io.BytesIO(data) if isinstance(data, bytes | bytearray) else data
    members = check_zip(stream, suffix=".xlsx")
    names = {m.filename for m in members}
    if "xl/workbook.xml" not in names:
        raise _corrupt(".xlsx")
    lim = limits()
    sheets = [m for m in members if _is_sheet(m.filename)]
    try:
        stream.seek(0)
        with zipfile.ZipFile(stream) as archive:
            for info in sheets:
                with archive.open(info) as part:
                    head = part.read(DIMENSION_HEAD_BYTES)
                rows, cols = sheet_dimension(head)
                if rows > lim.sheet_rows:
                    raise too_many_rows(lim.sheet_rows, rows)
                if cols > lim.sheet_cols:
                    raise UploadRefused(
                        _(
                            "Tệp Excel có quá nhiều cột (%(found)s cột; tối đa %(limit)s cột); "
                            "hãy xoá các cột thừa."
                        )
                        % {"found": _number(cols), "limit": _number(lim.sheet_cols)},
                        "limit",
                    )
    # NotImplementedError: a compression zipfile cannot read; RuntimeError: an encrypted part
    except (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError, RuntimeError):
        raise _corrupt(".xlsx") from None
    finally:
        stream.seek(0)


def too_many_rows(limit: int, found: int | None = None) -> UploadRefused:
    """The refusal of a sheet with more than `limit` rows (`found` when known)."""
    if found is None:
        message = _(
            "Tệp Excel có quá nhiều dòng (tối đa %(limit)s dòng); hãy chia thành nhiều tệp."
        ) % {"limit": _number(limit)}
    else:
        message = _(
            "Tệp Excel có quá nhiều dòng (%(found)s dòng; tối đa %(limit)s dòng); hãy chia "
            "thành nhiều tệp."
        ) % {"found": _number(found), "limit": _number(limit)}
    return UploadRefused(message, "limit")


_DIMENSION = re.compile(
    rb"<(?:[A-Za-z_][\w.-]*:)?dimension\b[^>]*?\bref\s*=\s*[\"']"
    rb"\$?([A-Za-z]{1,3})\$?(\d{1,9})(?::\$?([A-Za-z]{1,3})\$?(\d{1,9}))?[\"']"
)


def sheet_dimension(head: bytes) -> tuple[int, int]:
    """(last row, last column) of the `<dimension ref="A1:H9"/>` in the first bytes of a
    sheet part; (0, 0) when it declares none."""
    found = _DIMENSION.search(head)
    if found is None:
        return 0, 0
    col, row = (found.group(3), found.group(4)) if found.group(3) else found.group(1, 2)
    try:
        return int(row), column_index_from_string(col.decode("ascii").upper())
    except ValueError:  # a column beyond XFD: as wide as it gets
        return int(row), 16_384


def check_evidence(files: Iterable[Any]) -> list[tuple[Any, str]]:
    """Check evidence files (Django `UploadedFile`s); return (file, content type) pairs.

    Raises ValidationError({"evidence": [...]}) with one message per refused file, each
    naming it, so the caller stores none of them.
    """
    errors: list[str] = []
    checked: list[tuple[Any, str]] = []
    for upload in files:
        name = safe_name(upload.name or "")
        try:
            check_size(upload.size)  # before reading anything of an oversized file
            upload.seek(0)
            result = check_file(name, upload, allowed=EVIDENCE_TYPES)
        except UploadRefused as exc:
            errors.append(_("“%(name)s”: %(problem)s") % {"name": name, "problem": exc.message})
            continue
        checked.append((upload, result.content_type))
    if errors:
        raise ValidationError({"evidence": errors})
    return checked


# -- content checks, one per type -------------------------------------------------------


def _content(suffix: str) -> UploadRefused:
    """The refusal of a file whose first bytes are not those of its type."""
    messages = {
        ".pdf": _("Tệp bị hỏng hoặc không phải là PDF (nội dung không bắt đầu bằng %PDF)."),
        ".docx": _("Tệp bị hỏng hoặc không phải là tài liệu Word .docx."),
        ".xlsx": _(
            "Tệp bị hỏng hoặc nội dung không đúng định dạng .xlsx (không phải bảng tính Excel)."
        ),
    }
    message = messages.get(suffix) or _(
        "Tệp bị hỏng hoặc nội dung không đúng định dạng %(suffix)s."
    ) % {"suffix": suffix}
    return UploadRefused(message, "content")


def _corrupt(suffix: str) -> UploadRefused:
    return UploadRefused(
        _("Tệp %(suffix)s bị hỏng, không mở được (cấu trúc tệp nén không đọc được).")
        % {"suffix": suffix},
        "corrupt",
    )


def _zip_with(suffix: str, main_part: str) -> Callable[[IO[bytes], int], None]:
    def check(stream: IO[bytes], size: int) -> None:
        if not stream.read(4).startswith(b"PK"):
            raise _content(suffix)
        members = check_zip(stream, suffix=suffix)
        if main_part and main_part not in {m.filename for m in members}:
            raise UploadRefused(
                _("Tệp %(suffix)s bị hỏng: thiếu phần nội dung (%(part)s).")
                % {"suffix": suffix, "part": main_part},
                "content",
            )

    return check


def _starts(suffix: str, *signatures: bytes) -> Callable[[IO[bytes], int], None]:
    def check(stream: IO[bytes], size: int) -> None:
        head = stream.read(16)
        if not any(head.startswith(sig) for sig in signatures):
            raise _content(suffix)

    return check


def _check_pdf(stream: IO[bytes], size: int) -> None:
    if not stream.read(1024).lstrip()[:5].startswith(b"%PDF"):
        raise _content(".pdf")
    stream.seek(max(0, size - 2048))
    if b"%%EOF" not in stream.read(2048):
        raise UploadRefused(
            _("Tệp PDF bị hỏng hoặc chưa tải lên hết (thiếu phần kết thúc)."), "content"
        )


def _check_text(stream: IO[bytes], size: int) -> None:
    data = stream.read(size)
    utf16 = data.startswith((b"\xff\xfe", b"\xfe\xff"))
    if b"\x00" in data[:8192] and not utf16:
        raise UploadRefused(_("Tệp không phải là văn bản thuần (có dữ liệu nhị phân)."), "content")
    if not utf16:
        try:
            data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise UploadRefused(_("Tệp văn bản không ở dạng mã UTF-8."), "content") from None


_WORD = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_EXCEL = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# suffix → (content type to store, content check)
TYPES: dict[str, tuple[str, Callable[[IO[bytes], int], None]]] = {
    ".pdf": ("application/pdf", _check_pdf),
    ".docx": (_WORD, _zip_with(".docx", "word/document.xml")),
    ".xlsx": (_EXCEL, _zip_with(".xlsx", "xl/workbook.xml")),
    ".doc": ("application/msword", _starts(".doc", OLE_MAGIC)),
    ".xls": ("application/vnd.ms-excel", _starts(".xls", OLE_MAGIC)),
    ".jpg": ("image/jpeg", _starts(".jpg", b"\xff\xd8\xff")),
    ".jpeg": ("image/jpeg", _starts(".jpeg", b"\xff\xd8\xff")),
    ".png": ("image/png", _starts(".png", b"\x89PNG\r\n\x1a\n")),
    ".zip": ("application/zip", _zip_with(".zip", "")),
    ".txt": ("text/plain", _check_text),
    ".md": ("text/markdown", _check_text),
}


# -- helpers ----------------------------------------------------------------------------


def _kind(suffix: str) -> str:
    return {".xlsx": "Excel", ".docx": "Word"}.get(suffix, _("nén %(suffix)s") % {"suffix": suffix})


def _too_many_members(kind: str, found: int, limit: int) -> UploadRefused:
    return UploadRefused(
        _(
            "Tệp %(kind)s có quá nhiều thành phần (%(found)s; tối đa %(limit)s) — có thể là "
            "tệp độc hại; hệ thống từ chối."
        )
        % {"kind": kind, "found": _number(found), "limit": _number(limit)},
        "limit",
    )


def _declared_members(stream: IO[bytes]) -> int | None:
    """The number of members the end record of a zip declares, read from its last bytes
    before zipfile builds an object per member; None when there is no end record."""
    stream.seek(0, io.SEEK_END)
    size = stream.tell()
    start = max(0, size - (22 + 65535))
    stream.seek(start)
    tail = stream.read()
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < 22:
        return None
    (count,) = struct.unpack("<H", tail[at + 10 : at + 12])
    if count == 0xFFFF and at >= 20 and tail[at - 20 : at - 16] == b"PK\x06\x07":
        (offset,) = struct.unpack("<Q", tail[at - 12 : at - 4])  # the zip64 end record
        stream.seek(offset)
        record = stream.read(56)
        if record[:4] == b"PK\x06\x06" and len(record) == 56:
            (count,) = struct.unpack("<Q", record[32:40])
    return count


def _is_sheet(name: str) -> bool:
    lower = name.lower()
    return lower.startswith("xl/worksheets/") and lower.endswith(".xml") and lower.count("/") == 2


def _size(stream: IO[bytes]) -> int:
    stream.seek(0, io.SEEK_END)
    size = stream.tell()
    stream.seek(0)
    return size


def _sha256(stream: IO[bytes]) -> str:
    digest = hashlib.sha256()
    stream.seek(0)
    for block in iter(lambda: stream.read(MB), b""):
        digest.update(block)
    stream.seek(0)
    return digest.hexdigest()


def _number(value: int) -> str:
    """1000000 → "1.000.000" (in the interface's language)."""
    return number_text(value, 0)


def _mb(size: int) -> str:
    """A size in MB to a tenth, rounded up so a file over a limit never reads as equal to
    it: 1073741824 → "1.024", 1048577 → "1,1" (in the interface's language)."""
    return number_text(Decimal(-(-size * 10 // MB)) / 10, 1)
