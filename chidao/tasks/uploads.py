"""Checking evidence files before anything is stored: type by name and by content, size.

The extension alone is not trusted: the first bytes must match the type it claims (a PDF
starts with "%PDF-", Office 2007+ files are zip archives holding their main part, Office
97–2003 files are OLE compound documents, images carry their signature). A file that
fails any check is refused with a message naming it, and nothing is written.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterable
from pathlib import PurePath
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _zip_with(member_prefix: str) -> Callable[[IO[bytes], bytes], bool]:
    def check(stream: IO[bytes], head: bytes) -> bool:
        if not head.startswith(b"PK\x03\x04"):
            return False
        try:
            stream.seek(0)
            with zipfile.ZipFile(stream) as archive:
                return not member_prefix or any(
                    name.startswith(member_prefix) for name in archive.namelist()
                )
        except (zipfile.BadZipFile, OSError, ValueError):
            return False
        finally:
            stream.seek(0)

    return check


def _starts(*signatures: bytes) -> Callable[[IO[bytes], bytes], bool]:
    def check(_stream: IO[bytes], head: bytes) -> bool:
        return any(head.startswith(sig) for sig in signatures)

    return check


# extension → (content type to store, content check)
ALLOWED: dict[str, tuple[str, Callable[[IO[bytes], bytes], bool]]] = {
    "pdf": ("application/pdf", _starts(b"%PDF-")),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        _zip_with("word/"),
    ),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _zip_with("xl/"),
    ),
    "doc": ("application/msword", _starts(_OLE)),
    "xls": ("application/vnd.ms-excel", _starts(_OLE)),
    "jpg": ("image/jpeg", _starts(b"\xff\xd8\xff")),
    "jpeg": ("image/jpeg", _starts(b"\xff\xd8\xff")),
    "png": ("image/png", _starts(b"\x89PNG\r\n\x1a\n")),
    "zip": ("application/zip", _zip_with("")),
}


def allowed_extensions_text() -> str:
    return ", ".join(sorted({ext for ext in ALLOWED if ext != "jpeg"}))


def check_evidence(files: Iterable[Any]) -> list[tuple[Any, str]]:
    """Check uploaded files (Django `UploadedFile`s); return (file, content type) pairs.

    Raises ValidationError({"evidence": [...]}) listing every refused file, so the caller
    stores none of them.
    """
    limit_mb = int(settings.UPLOAD_MAX_MB)
    errors: list[str] = []
    checked: list[tuple[Any, str]] = []
    for upload in files:
        name = PurePath(upload.name or "").name
        ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
        if ext not in ALLOWED:
            errors.append(
                _("Tệp «%(name)s» không thuộc loại được phép (%(types)s).")
                % {"name": name, "types": allowed_extensions_text()}
            )
            continue
        if upload.size > limit_mb * 1024 * 1024:
            errors.append(
                _("Tệp «%(name)s» vượt quá dung lượng cho phép (%(limit)s MB).")
                % {"name": name, "limit": limit_mb}
            )
            continue
        if upload.size == 0:
            errors.append(_("Tệp «%(name)s» rỗng.") % {"name": name})
            continue
        content_type, matches = ALLOWED[ext]
        upload.seek(0)
        head = upload.read(16)
        upload.seek(0)
        if not matches(upload, head):
            errors.append(
                _("Tệp «%(name)s» bị hỏng hoặc nội dung không đúng định dạng .%(ext)s.")
                % {"name": name, "ext": ext}
            )
            continue
        checked.append((upload, content_type))
    if errors:
        raise ValidationError({"evidence": errors})
    return checked
