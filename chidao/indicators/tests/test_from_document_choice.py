"""“Lấy chỉ tiêu từ văn bản”: each target found proposes the catalogue indicator it
matches as the default choice, with “Tạo chỉ số mới” beside it; the targets are created
with the indicators chosen."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest

from chidao.core.periods import Period
from chidao.indicators.models import Indicator, Target

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(province: Any) -> Any:
    """A 2025 conclusion with two targets: one the catalogue has (online files), one it
    has not (digital kiosks)."""
    from chidao.documents.choices import DocumentKind, DocumentStatus
    from chidao.documents.models import Document

    first = "tỷ lệ hồ sơ thủ tục hành chính được tiếp nhận trực tuyến đạt trên 70%"
    second = "số điểm ki-ốt số phục vụ người dân đạt 40 điểm"
    return Document.objects.create(
        province=province.unit,
        kind=DocumentKind.TB,
        number="30/TB-BCĐ",
        issued_on=Period.parse("2025").start,
        title="Kết luận phiên họp Ban Chỉ đạo",
        status=DocumentStatus.PUBLISHED,
        text=f"Phấn đấu {first}; {second}.",
        extraction={
            "targets": [
                {
                    "quote": first,
                    "indicator": "tỷ lệ hồ sơ thủ tục hành chính được tiếp nhận trực tuyến",
                    "value": 70,
                    "unit": "%",
                    "comparator": ">",
                    "due": "2025-12-31",
                    "start": 9,
                },
                {
                    "quote": second,
                    "indicator": "số điểm ki-ốt số phục vụ người dân",
                    "value": 40,
                    "unit": "điểm",
                    "comparator": ">=",
                    "due": "2025-12-31",
                    "start": 90,
                },
            ]
        },
    )


def _radios(html: str, name: str) -> list[tuple[str, bool]]:
    """(value, checked) of the radio buttons named `name`."""
    tags = re.findall(rf'<input[^>]*type="radio" name="{name}"[^>]*>', html)
    return [(re.search(r'value="([^"]*)"', t)[1], " checked" in t) for t in tags]  # type: ignore[index]


def test_page_proposes_the_matching_indicator_selected_and_a_new_one_beside_it(
    login: Any, people: Any, catalogue: Any, plan: Any
) -> None:
    html = login(people.thuongtruc).get(f"/indicators/targets/from-document/{plan.uuid}/")
    html = html.content.decode()
    assert _radios(html, "indicator-0") == [("DVC-TL-TT", True), (":new", False)]
    choice = html[html.index('id="choice-0"') : html.index("</fieldset>")]
    assert "DVC-TL-TT</a> — " + catalogue["DVC-TL-TT"].name in choice
    assert "Tạo chỉ số mới" in choice
    # Nothing in the catalogue for the kiosks: a new indicator is the only choice.
    assert _radios(html, "indicator-1") == [(":new", True)]
    assert "chưa có chỉ số nào khớp trong danh mục" in html


def test_targets_are_created_with_the_indicators_chosen(
    login: Any, people: Any, catalogue: Any, plan: Any
) -> None:
    url = f"/indicators/targets/from-document/{plan.uuid}/"
    before = Indicator.objects.count()
    response = login(people.thuongtruc).post(
        url, {"indicator-0": "DVC-TL-TT", "indicator-1": ":new"}
    )
    assert response.status_code == 302
    made = {t.value: t for t in Target.objects.select_related("indicator")}
    assert made[Decimal(70)].indicator == catalogue["DVC-TL-TT"]
    assert made[Decimal(40)].indicator.name == "Số điểm ki-ốt số phục vụ người dân"
    assert Indicator.objects.count() == before + 1


def test_choosing_a_new_indicator_over_the_match_creates_one(
    login: Any, people: Any, catalogue: Any, plan: Any
) -> None:
    url = f"/indicators/targets/from-document/{plan.uuid}/"
    before = Indicator.objects.count()
    login(people.thuongtruc).post(url, {"indicator-0": ":new", "indicator-1": ":new"})
    online = Target.objects.select_related("indicator").get(value=70)
    assert online.indicator != catalogue["DVC-TL-TT"]
    assert online.indicator.code.startswith("VB-")
    assert Indicator.objects.count() == before + 2


def test_an_unknown_indicator_code_is_refused_and_nothing_written(
    login: Any, people: Any, catalogue: Any, plan: Any
) -> None:
    client = login(people.thuongtruc)
    url = f"/indicators/targets/from-document/{plan.uuid}/"
    before = Indicator.objects.count()
    response = client.post(url, {"indicator-0": "KHONG-CO"}, follow=True)
    assert "Chỉ số KHONG-CO không có trong danh mục (chỉ tiêu thứ 1)." in response.content.decode()
    assert not Target.objects.exists()
    assert Indicator.objects.count() == before
