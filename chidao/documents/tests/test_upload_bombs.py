"""Uploading a directive built to exhaust the server (issue 9): a .docx whose parts inflate
to gigabytes, too many parts, or a corrupt archive is refused from the zip's directory —
through the upload page and the API — leaving no document, no file and no audit event."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from chidao.core.models import AuditEvent
from chidao.core.tests.zipbombs import Bomb, with_members
from chidao.documents.models import Document
from chidao.documents.tests.conftest import stored_files

API = "/api/v1/documents"


def _nothing_stored(media: Path) -> None:
    assert not Document.objects.exists()
    assert stored_files(media) == []
    assert not AuditEvent.objects.filter(action__startswith="document.").exists()


@pytest.fixture
def docx_bomb(district_docx: bytes) -> bytes:
    """A real directive with an "image" that inflates to 2 GiB (about 2 MB on disk)."""
    return with_members(district_docx, word__media__image1_dot_png=Bomb(2048))


def test_docx_bomb_is_refused_on_the_upload_page(
    login: Any, people: Any, media: Path, docx_bomb: bytes
) -> None:
    response = login(people.thuongtruc).post(
        reverse("documents:upload"), {"file": SimpleUploadedFile("ke-hoach.docx", docx_bomb)}
    )

    assert response.status_code == 200
    assert (
        "Tệp Word có phần nén bất thường (word/media/image1.png: tỷ lệ nén 1.011:1, tối đa "
        "100:1) — có thể là tệp độc hại; hệ thống từ chối."
    ) in response.content.decode()
    _nothing_stored(media)


def test_docx_bomb_is_refused_by_the_api(
    login: Any, people: Any, media: Path, docx_bomb: bytes
) -> None:
    response = login(people.thuongtruc).post(
        API, {"file": SimpleUploadedFile("ke-hoach.docx", docx_bomb)}
    )

    assert response.status_code == 422
    assert "Tệp Word có phần nén bất thường (word/media/image1.png" in response.json()["detail"]
    _nothing_stored(media)


def test_docx_with_too_many_parts_or_too_much_in_all_is_refused(
    login: Any, people: Any, media: Path, district_docx: bytes, settings: Any
) -> None:
    client = login(people.thuongtruc)
    settings.UPLOAD_ZIP_MAX_MEMBERS = 20
    many = with_members(district_docx, **{f"word__media__a{n}_dot_png": b"x" for n in range(20)})
    response = client.post(
        reverse("documents:upload"), {"file": SimpleUploadedFile("a.docx", many)}
    )
    assert "Tệp Word có quá nhiều thành phần" in response.content.decode()
    assert "tối đa 20)" in response.content.decode()

    settings.UPLOAD_ZIP_TOTAL_MAX_MB = 1
    big = with_members(district_docx, word__media__anh_dot_bin=b"\x00" * 1024 * 1024)
    response = client.post(reverse("documents:upload"), {"file": SimpleUploadedFile("b.docx", big)})
    assert "Tệp Word quá lớn khi giải nén" in response.content.decode()
    assert "tối đa 1 MB)" in response.content.decode()
    _nothing_stored(media)


def test_corrupt_docx_is_refused_with_nothing_stored(
    login: Any, people: Any, media: Path, district_docx: bytes
) -> None:
    cut = district_docx[: len(district_docx) // 2]
    response = login(people.thuongtruc).post(API, {"file": SimpleUploadedFile("hong.docx", cut)})

    assert response.status_code == 422
    assert response.json()["detail"] == (
        "Tệp .docx bị hỏng, không mở được (cấu trúc tệp nén không đọc được)."
    )
    _nothing_stored(media)
