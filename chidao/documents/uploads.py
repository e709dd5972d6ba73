"""Checking an uploaded directive before anything is stored: type, content, size.

`check_upload` reads the bytes once, refuses what the extension and the content do not
agree on, and returns the SHA-256 used to spot a second upload of the same file.
"""

from __future__ import annotations

import hashlib
import io
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

ALLOWED_SUFFIXES = (".docx", ".pdf", ".txt", ".md", ".doc")
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the container of old Word .doc files


@dataclass(frozen=True, slots=True)
class CheckedUpload:
    name: str
    suffix: str
    data: bytes
    sha256: str


def max_bytes() -> int:
    return int(getattr(settings, "UPLOAD_MAX_MB", 20)) * 1024 * 1024


def libreoffice_available() -> bool:
    return bool(shutil.which("soffice") or shutil.which("libreoffice"))


def safe_name(name: str) -> str:
    """The file's own name without any directory part, never empty, at most 200 chars."""
    base = Path(name.replace("\\", "/")).name.strip() or "van-ban"
    stem, suffix = Path(base).stem, Path(base).suffix.lower()
    return f"{stem[: 200 - len(suffix)]}{suffix}"


def check_size(size: int) -> None:
    """Refuse an oversized upload before reading it into memory."""
    limit = max_bytes()
    if size > limit:
        raise _error(
            _("Tệp quá lớn (%(size).1f MB); giới hạn là %(limit)d MB.")
            % {"size": size / 1024 / 1024, "limit": limit // 1024 // 1024}
        )


def check_upload(name: str, data: bytes) -> CheckedUpload:
    """Validate one upload; raises ValidationError({"file": message}) in Vietnamese."""
    name = safe_name(name)
    suffix = Path(name).suffix.lower()
    if suffix not in ALLOWED_SUFFIXES:
        raise _error(
            _("Định dạng tệp không được hỗ trợ (%(suffix)s). Hãy tải lên .docx, .pdf, .txt, .md.")
            % {"suffix": suffix or _("không có phần mở rộng")}
        )
    check_size(len(data))
    if not data:
        raise _error(_("Tệp rỗng, không có nội dung."))
    if suffix == ".docx":
        _check_docx(data)
    elif suffix == ".pdf":
        if not data.lstrip()[:5].startswith(b"%PDF"):
            raise _error(_("Tệp không phải là PDF (nội dung không bắt đầu bằng %PDF)."))
        if b"%%EOF" not in data[-2048:]:
            raise _error(_("Tệp PDF bị hỏng hoặc chưa tải lên hết (thiếu phần kết thúc)."))
    elif suffix == ".doc":
        if not data.startswith(OLE_MAGIC):
            raise _error(_("Tệp không phải là tài liệu Word .doc."))
        if not libreoffice_available():
            raise _error(
                _(
                    "Tệp .doc (Word cũ) cần LibreOffice để đọc nhưng máy chủ chưa cài. "
                    "Hãy mở tệp bằng Word và lưu lại thành .docx rồi tải lên."
                )
            )
    else:
        _check_text(data)
    return CheckedUpload(name, suffix, data, hashlib.sha256(data).hexdigest())


def _error(message: str) -> ValidationError:
    return ValidationError({"file": message})


def _check_docx(data: bytes) -> None:
    if not data.startswith(b"PK"):
        raise _error(_("Tệp không phải là tài liệu Word .docx (không phải tệp nén của Word)."))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
            if "word/document.xml" not in names:
                raise _error(_("Tệp .docx bị hỏng: thiếu phần nội dung (word/document.xml)."))
            if zf.testzip() is not None:
                raise _error(_("Tệp .docx bị hỏng: nội dung nén bị lỗi."))
    except (zipfile.BadZipFile, EOFError, OSError):
        raise _error(_("Tệp .docx bị hỏng, không mở được.")) from None


def _check_text(data: bytes) -> None:
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _error(_("Tệp không phải là văn bản thuần (có dữ liệu nhị phân)."))
    if not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise _error(_("Tệp văn bản không ở dạng mã UTF-8.")) from None
