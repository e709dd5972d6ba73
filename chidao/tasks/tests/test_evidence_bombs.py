"""Evidence built to exhaust whoever opens it (issue 9): a zip archive or an Office file
whose parts inflate to gigabytes, a corrupt archive, a wrong type — refused from the zip's
directory through the progress form and the API, with no report and no file stored."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from chidao.core.tests.zipbombs import Bomb, build_zip
from chidao.tasks.models import Evidence, ProgressUpdate
from chidao.tasks.tests.conftest import pdf
from chidao.tasks.tests.test_api import bearer

pytestmark = pytest.mark.django_db
__all__ = ["bearer"]  # the API tests' token fixture


def _nothing_stored(work: Any, settings: Any) -> None:
    assert not ProgressUpdate.objects.exists()
    assert not Evidence.objects.exists()
    assert not Path(settings.MEDIA_ROOT, "evidence").exists()
    work.tc_report.refresh_from_db()
    assert (work.tc_report.progress, work.tc_report.version) == (0, 1)


def _zip_bomb() -> SimpleUploadedFile:
    """An archive of scans whose one member inflates to 1 GiB (about 1 MB on disk)."""
    return SimpleUploadedFile(
        "minh-chung.zip", build_zip({"doc.txt": b"Danh sach", "scan.tif": Bomb(1024)})
    )


def test_zip_bomb_evidence_is_refused_by_the_progress_form(
    login: Any, people: Any, work: Any, settings: Any
) -> None:
    response = login(people.donvi).post(
        f"/tasks/assignments/{work.tc_report.uuid}/report/",
        {"percent": "70", "version": "1", "evidence": [pdf(), _zip_bomb()]},
    )

    assert response.status_code == 200
    assert (
        "“minh-chung.zip”: Tệp nén .zip có phần nén bất thường (scan.tif: tỷ lệ nén 1.011:1, "
        "tối đa 100:1) — có thể là tệp độc hại; hệ thống từ chối."
    ) in response.content.decode()
    _nothing_stored(work, settings)


def test_office_bomb_and_corrupt_zip_are_refused_by_the_api(
    client: Client, people: Any, work: Any, bearer: Any, settings: Any
) -> None:
    xlsx_bomb = build_zip({"xl/workbook.xml": b"<workbook/>", "xl/worksheets/sheet1.xml": Bomb(64)})
    files = [
        SimpleUploadedFile("bang-tinh.xlsx", xlsx_bomb),
        SimpleUploadedFile("hong.zip", build_zip({"a.txt": b"x" * 100})[:60]),
        SimpleUploadedFile("anh.png", b"%PDF-1.4 not an image"),
    ]

    response = client.post(
        f"/api/v1/tasks/assignments/{work.tc_report.uuid}/progress",
        {"percent": 50, "version": 1, "files": files},
        **bearer(people.donvi),
    )

    assert response.status_code == 422
    assert response.json()["errors"]["evidence"] == [
        "“bang-tinh.xlsx”: Tệp Excel có phần nén bất thường (xl/worksheets/sheet1.xml: tỷ lệ "
        "nén 1.011:1, tối đa 100:1) — có thể là tệp độc hại; hệ thống từ chối.",
        "“hong.zip”: Tệp .zip bị hỏng, không mở được (cấu trúc tệp nén không đọc được).",
        "“anh.png”: Tệp bị hỏng hoặc nội dung không đúng định dạng .png.",
    ]
    _nothing_stored(work, settings)


def test_ordinary_zip_evidence_is_stored(people: Any, work: Any) -> None:
    from chidao.tasks import services

    data = build_zip({"anh-1.jpg": b"\xff\xd8\xff" + b"1" * 900})
    archive = SimpleUploadedFile("anh.zip", data)
    update = services.report_progress(people.donvi, work.tc_report, percent=40, files=[archive])

    stored = Evidence.objects.get(update=update)
    assert (stored.name, stored.content_type) == ("anh.zip", "application/zip")
    assert Path(stored.file.path).read_bytes() == data
