"""Fixtures of the documents tests: sample files and the province's groups."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def langson_txt() -> bytes:
    """The Lạng Sơn notice of conclusions of January 2024 (a real directive)."""
    return (FIXTURES / "langson-tb-2024.txt").read_bytes()


def make_docx(paragraphs: list[str]) -> bytes:
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


DISTRICT_DIRECTIVE = [
    "ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN",
    "Số: 12/KH-UBND",
    "Lạng Sơn, ngày 15 tháng 3 năm 2024",
    "KẾ HOẠCH",
    "Triển khai chuyển đổi số năm 2024",
    "II. NHIỆM VỤ",
    "1. UBND các huyện, thành phố chủ trì rà soát, cập nhật danh mục thủ tục hành chính "
    "trên địa bàn, hoàn thành trước ngày 30/6/2024.",
    "2. Sở Tài chính chủ trì, phối hợp với Sở Thông tin và Truyền thông bố trí kinh phí "
    "thực hiện chuyển đổi số, hoàn thành trước ngày 31/10/2024.",
]


@pytest.fixture
def district_docx() -> bytes:
    """A small 2024 plan addressed to the district committees and two departments."""
    return make_docx(DISTRICT_DIRECTIVE)


@pytest.fixture
def groups(province: Any) -> Any:
    """The groups directives address, as `chidao init` creates them; the district of the
    fixture passes its work to the new commune on 1/7/2025."""
    from chidao.units.models import Succession, UnitGroup

    ubnd_huyen = UnitGroup.objects.create(
        province=province.unit,
        key="ubnd-huyen",
        name="UBND cấp huyện",
        aliases=["UBND các huyện, thành phố", "UBND các huyện, thị xã, thành phố"],
        member_kinds=["district"],
        valid_to=dt.date(2025, 6, 30),
    )
    so_nganh = UnitGroup.objects.create(
        province=province.unit,
        key="so-nganh",
        name="Các sở, ban, ngành tỉnh",
        aliases=["sở, ban, ngành", "sở, ngành"],
        member_kinds=["department", "agency"],
    )
    Succession.objects.create(
        kind="dissolve",
        date=dt.date(2025, 7, 1),
        predecessor=province.district,
        successor=province.commune,
    )
    return type("Groups", (), {"ubnd_huyen": ubnd_huyen, "so_nganh": so_nganh})


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    """Each test stores files in its own folder, so "nothing left on disk" is checkable."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored_files(media: Path) -> list[Path]:
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


@pytest.fixture
def upload(people: Any) -> Any:
    """upload(data, name) stores a file as the secretariat and returns the document."""
    from chidao.documents import services

    def _upload(data: bytes, name: str = "van-ban.docx", **kwargs: Any) -> Any:
        return services.upload_document(people.thuongtruc, name, data, **kwargs)

    return _upload


@pytest.fixture(autouse=True)
def _huey_immediate() -> Any:
    """Run queued jobs at once. djhuey builds its Huey when first imported, so changing
    settings.HUEY in a fixture (as the root conftest does) comes too late for it."""
    from huey.contrib.djhuey import HUEY

    was = HUEY.immediate
    HUEY.immediate = True
    yield HUEY
    HUEY.immediate = was
