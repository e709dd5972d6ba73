"""Indicators API: the catalogue, targets, a batch of values (all or nothing), corrections
and an indicator's summary against its targets; officers report only their own unit."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from chidao.core.periods import Period
from chidao.indicators.choices import TargetSource, ValueSource
from chidao.indicators.models import IndicatorValue, Target, ValueRevision
from chidao.indicators.services import set_target
from chidao.indicators.tests.conftest import Q3, counts, store

pytestmark = pytest.mark.django_db

URL = "/api/v1/indicators"


def batch(*rows: tuple[str, Any, Any], period: str = "2024Q3", reason: str = "") -> dict:
    return {
        "values": [
            {"indicator": code, "unit": unit, "period": period, "value": value}
            for code, unit, value in rows
        ],
        "reason": reason,
    }


def test_catalogue_list_searches_without_accents_in_constant_queries(
    login: Any, people: Any, catalogue: dict[str, Any], django_assert_max_num_queries: Any
) -> None:
    client = login(people.xem)
    with django_assert_max_num_queries(6):
        body = client.get(URL, {"page_size": 10}).json()
    assert body["count"] == len(catalogue)
    assert body["pages"] == -(-len(catalogue) // 10)
    assert [i["code"] for i in body["items"][:3]] == ["DVC-HS-TONG", "DVC-HS-TT", "DVC-TL-TT"]
    with django_assert_max_num_queries(6):
        body = client.get(URL, {"page_size": 100}).json()
    assert len(body["items"]) == len(catalogue)
    assert client.get(URL + "/").json()["count"] == len(catalogue)
    dti = next(i for i in body["items"] if i["code"] == "DTI-TONG")
    assert dti["formula"] == "sum"
    assert dti["components"][:2] == ["DTI-NT", "DTI-TC"]
    assert len(dti["components"]) == 9
    body = client.get(URL, {"q": "ty le ho so thu tuc hanh chinh duoc tiep nhan truc tuyen"}).json()
    assert [i["code"] for i in body["items"]] == ["DVC-TL-TT"]
    body = client.get(URL, {"q": "Thanh toán"}).json()
    assert {i["code"] for i in body["items"]} == {"DVC-GD-TONG", "DVC-GD-TT", "DVC-TL-TTTT"}


def test_one_indicator_with_its_formula(login: Any, people: Any, catalogue: dict[str, Any]) -> None:
    client = login(people.donvi)
    body = client.get(f"{URL}/DVC-TL-TT").json()
    assert body["name"] == "Tỷ lệ hồ sơ thủ tục hành chính được tiếp nhận trực tuyến"
    assert (body["numerator"], body["denominator"], body["scale"]) == (
        "DVC-HS-TT",
        "DVC-HS-TONG",
        100.0,
    )
    assert (body["min_value"], body["max_value"], body["measure_unit"]) == (0.0, 100.0, "%")
    missing = client.get(f"{URL}/KHONG-CO")
    assert missing.status_code == 404
    assert missing.json()["detail"] == "Không tìm thấy đối tượng."


def test_anonymous_is_refused(client: Any, catalogue: dict[str, Any]) -> None:
    response = client.get(URL)
    assert response.status_code == 401
    assert response.json()["detail"] == "Cần đăng nhập hoặc khoá API hợp lệ."


def test_secretariat_sets_targets_officer_cannot(
    login: Any, people: Any, province: Any, catalogue: dict[str, Any]
) -> None:
    payload = {"indicator": "DVC-TL-TT", "period": "2024", "value": "70", "note": "KH 2024"}
    refused = login(people.donvi).post(URL + "/targets", payload, content_type="application/json")
    assert refused.status_code == 403
    assert Target.objects.count() == 0
    client = login(people.thuongtruc)
    response = client.post(URL + "/targets", payload, content_type="application/json")
    assert response.status_code == 201
    body = response.json()
    assert (body["scope"], body["period_label"], body["value_text"]) == (
        "Toàn tỉnh",
        "Năm 2024",
        "70",
    )
    target = Target.objects.get()
    assert (target.indicator.code, target.unit, target.period_code, target.value) == (
        "DVC-TL-TT",
        None,
        "2024",
        Decimal(70),
    )
    assert target.source == TargetSource.MANUAL
    assert target.created_by == people.thuongtruc
    unit_payload = {**payload, "unit": "so-yt", "value": 80, "period": "Quý III/2024"}
    body = client.post(URL + "/targets", unit_payload, content_type="application/json").json()
    assert (body["unit"]["name"], body["period"]) == ("Sở Y tế", "2024Q3")
    over = client.post(URL + "/targets", {**payload, "value": 120}, content_type="application/json")
    assert over.status_code == 422
    assert over.json()["detail"] == "DVC-TL-TT: tỷ lệ 120% vượt quá 100%."
    bad = client.post(
        URL + "/targets", {**payload, "period": "Q5/2024"}, content_type="application/json"
    )
    assert bad.status_code == 422
    assert "period" in bad.json()["errors"]
    assert Target.objects.count() == 2


def test_targets_list_filters_in_constant_queries(
    login: Any,
    people: Any,
    province: Any,
    catalogue: dict[str, Any],
    django_assert_max_num_queries: Any,
) -> None:
    for unit in (None, province.tc, province.yt):
        set_target(None, indicator=catalogue["DVC-TL-TT"], period=Q3, value=Decimal(70), unit=unit)
    set_target(None, indicator=catalogue["HS-DT"], period=Q3, value=Decimal(90))
    client = login(people.lanhdao)
    with django_assert_max_num_queries(5):
        body = client.get(URL + "/targets").json()
    assert body["count"] == 4
    body = client.get(URL + "/targets", {"indicator": "DVC-TL-TT", "unit": str(province.yt.uuid)})
    assert [(t["scope"], t["comparator"]) for t in body.json()["items"]] == [("Sở Y tế", ">=")]
    body = client.get(URL + "/targets", {"period": "2024Q2"}).json()
    assert body["count"] == 0


def test_officer_reports_own_units_batch(
    login: Any, people: Any, province: Any, catalogue: dict[str, Any]
) -> None:
    client = login(people.donvi)
    response = client.post(
        URL + "/values",
        batch(
            ("DVC-HS-TT", "so-tc", 870),
            ("DVC-HS-TONG", str(province.tc.uuid), "1.000"),
            ("HS-DT", "so-tc", "92,5"),
        ),
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["created"], body["updated"]) == (3, 0)
    assert body["summary"] == "3 số liệu mới, 0 số liệu điều chỉnh, 0 không đổi."
    assert {v["indicator"]: v["value_text"] for v in body["values"]} == {
        "DVC-HS-TT": "870",
        "DVC-HS-TONG": "1.000",
        "HS-DT": "92,5",
    }
    rows = IndicatorValue.objects.filter(unit=province.tc)
    assert {r.source for r in rows} == {ValueSource.API}
    assert {r.reported_by for r in rows} == {people.donvi}


def test_batch_with_another_units_row_is_refused_whole(
    login: Any, people: Any, province: Any, catalogue: dict[str, Any]
) -> None:
    response = login(people.donvi).post(
        URL + "/values",
        batch(("HS-DT", "so-tc", 90), ("HS-DT", "so-yt", 95)),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["errors"]["__all__"] == [
        "Dòng 2: số liệu của Sở Y tế — bạn chỉ được báo cáo số liệu của đơn vị mình."
    ]
    assert counts() == (0, 0)


def test_viewer_may_not_report(login: Any, people: Any, catalogue: dict[str, Any]) -> None:
    response = login(people.xem).post(
        URL + "/values", batch(("HS-DT", "so-tc", 90)), content_type="application/json"
    )
    assert response.status_code == 403
    assert response.json()["detail"] == "Bạn không có quyền báo cáo số liệu."
    assert counts() == (0, 0)


def test_every_bad_row_of_a_batch_is_listed(
    login: Any, people: Any, province: Any, catalogue: dict[str, Any]
) -> None:
    response = login(people.thuongtruc).post(
        URL + "/values",
        batch(
            ("KHONG-CO", "so-tc", 1),
            ("HS-DT", "so-moi", 1),
            ("HS-DT", "so-tc", "nhiều lắm"),
            ("HS-DT", "so-yt", 101),
            ("DVC-TL-TT", "so-tc", 50),
            ("DVC-HS-TT", "so-yt", 60),
            ("DVC-HS-TONG", "so-yt", 50),
        ),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["errors"]["__all__"] == [
        "Dòng 1: không có chỉ số mã “KHONG-CO” trong danh mục.",
        "Dòng 2: không có đơn vị “so-moi”.",
        "Dòng 3: giá trị của HS-DT: “nhiều lắm” không phải là số.",
        "Dòng 4: HS-DT: tỷ lệ 101% vượt quá 100%.",
        "Dòng 5: DVC-TL-TT là chỉ số tính tự động, không nhập trực tiếp.",
    ]
    # Once the rest is right, the numerator above its denominator is the one left.
    response = login(people.thuongtruc).post(
        URL + "/values",
        batch(("DVC-HS-TT", "so-yt", 60), ("DVC-HS-TONG", "so-yt", 50)),
        content_type="application/json",
    )
    assert response.json()["errors"]["__all__"] == [
        "Dòng 1: DVC-HS-TT (60) lớn hơn DVC-HS-TONG (50) — tử số không được vượt mẫu số của "
        "“Tỷ lệ hồ sơ thủ tục hành chính được tiếp nhận trực tuyến”."
    ]
    bad_period = login(people.thuongtruc).post(
        URL + "/values",
        batch(("HS-DT", "so-tc", 1), period="Q5/2024"),
        content_type="application/json",
    )
    assert bad_period.json()["errors"]["__all__"] == [
        "Dòng 1: Số thứ tự quý phải từ 1 đến 4, nhận được 5."
    ]
    assert counts() == (0, 0)


def test_changing_a_stored_value_through_the_batch_needs_a_reason(
    login: Any, people: Any, province: Any, catalogue: dict[str, Any]
) -> None:
    store(catalogue["HS-DT"], province.tc, Q3, 80)
    client = login(people.donvi)
    response = client.post(
        URL + "/values", batch(("HS-DT", "so-tc", 85)), content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["errors"]["__all__"] == [
        "Dòng 1: HS-DT của Sở Tài chính kỳ Quý III/2024 đã có số liệu 80; muốn sửa thành 85 "
        "cần ghi lý do điều chỉnh."
    ]
    corrected = batch(("HS-DT", "so-tc", 85), reason="Rà soát lại sổ văn bản đi")
    without_version = client.post(URL + "/values", corrected, content_type="application/json")
    assert without_version.json()["errors"]["__all__"] == [
        "Dòng 1: HS-DT của Sở Tài chính kỳ Quý III/2024 đã có số liệu 80 (version 1); muốn sửa "
        "thành 85 cần gửi kèm version của số liệu đã đọc."
    ]
    corrected["values"][0]["version"] = 1
    response = client.post(URL + "/values", corrected, content_type="application/json")
    assert response.json()["updated"] == 1
    revision = ValueRevision.objects.get()
    assert (revision.previous, revision.value, revision.reason) == (
        Decimal(80),
        Decimal(85),
        "Rà soát lại sổ văn bản đi",
    )


def test_values_list_filters_in_constant_queries(
    login: Any,
    people: Any,
    province: Any,
    catalogue: dict[str, Any],
    django_assert_max_num_queries: Any,
) -> None:
    for i, unit in enumerate((province.tc, province.yt, province.khcn)):
        store(catalogue["HS-DT"], unit, Q3, 80 + i)
        store(catalogue["DVC-HS-TONG"], unit, Q3, 1000 * (i + 1))
    client = login(people.ngoai)
    with django_assert_max_num_queries(5):
        body = client.get(URL + "/values").json()
    assert body["count"] == 6
    body = client.get(
        URL + "/values", {"indicator": "DVC-HS-TONG", "period": "Quý III/2024"}
    ).json()
    assert [(v["unit"]["name"], v["value_text"]) for v in body["items"]] == [
        ("Sở Khoa học và Công nghệ", "3.000"),
        ("Sở Tài chính", "1.000"),
        ("Sở Y tế", "2.000"),
    ]
    body = client.get(URL + "/values", {"unit": str(province.yt.uuid)}).json()
    assert {v["indicator"] for v in body["items"]} == {"HS-DT", "DVC-HS-TONG"}


def test_correct_a_value_with_reason_and_version(
    login: Any, people: Any, province: Any, catalogue: dict[str, Any]
) -> None:
    row = store(catalogue["HS-DT"], province.tc, Q3, 80)
    url = f"{URL}/values/{row.uuid}/correct"
    outsider = login(people.ngoai).post(
        url, {"value": 90, "reason": "x", "version": 1}, content_type="application/json"
    )
    assert outsider.status_code == 403
    client = login(people.donvi)
    no_reason = client.post(
        url, {"value": 90, "reason": "", "version": 1}, content_type="application/json"
    )
    assert no_reason.status_code == 422
    blank = client.post(
        url, {"value": 90, "reason": "   ", "version": 1}, content_type="application/json"
    )
    assert blank.json()["detail"] == "Cần ghi lý do điều chỉnh số liệu."
    stale = client.post(
        url, {"value": 90, "reason": "Sai số", "version": 7}, content_type="application/json"
    )
    assert stale.status_code == 422
    assert stale.json()["detail"].startswith("Số liệu đã được thay đổi ở nơi khác")
    over = client.post(
        url, {"value": "150", "reason": "Sai số", "version": 1}, content_type="application/json"
    )
    assert over.json()["errors"]["__all__"] == ["HS-DT: tỷ lệ 150% vượt quá 100%."]
    row.refresh_from_db()
    assert (row.value, row.version) == (Decimal(80), 1)
    response = client.post(
        url,
        {"value": "90,5", "reason": "Sai số khi tổng hợp", "version": 1},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert (response.json()["value"], response.json()["version"]) == (90.5, 2)
    row.refresh_from_db()
    assert row.value == Decimal("90.5")
    assert list(row.revisions.values_list("previous", "reason")) == [
        (Decimal(80), "Sai số khi tổng hợp")
    ]


def test_summary_by_unit_and_province_against_targets(
    login: Any,
    people: Any,
    province: Any,
    catalogue: dict[str, Any],
    django_assert_max_num_queries: Any,
) -> None:
    ratio = catalogue["DVC-TL-TT"]
    set_target(None, indicator=ratio, period=Q3, value=Decimal(70))
    set_target(None, indicator=ratio, period=Q3, value=Decimal(80), unit=province.yt)
    store(catalogue["DVC-HS-TT"], province.tc, Q3, 870)
    store(catalogue["DVC-HS-TONG"], province.tc, Q3, 1000)
    store(catalogue["DVC-HS-TT"], province.yt, Q3, 300)
    store(catalogue["DVC-HS-TONG"], province.yt, Q3, 500)
    client = login(people.lanhdao)
    with django_assert_max_num_queries(12):
        response = client.get(
            f"{URL}/DVC-TL-TT/summary", {"period": "2024Q3", "as_of": "2024-10-15"}
        )
    body = response.json()
    assert (body["period_label"], body["as_of"]) == ("Quý III/2024", "2024-10-15")
    assert body["province"] == {
        "value": 78.0,
        "value_text": "78",
        "target": 70.0,
        "comparator": ">=",
        "target_text": "≥ 70%",
        "target_scope": "Toàn tỉnh",
        "status": "met",
        "label": "Đạt",
        "colour": "green",
        "ratio": pytest.approx(78 / 70),
    }
    cells = {u["unit"]["name"]: u for u in body["units"]}
    assert (cells["Sở Tài chính"]["value_text"], cells["Sở Tài chính"]["label"]) == ("87", "Đạt")
    assert (cells["Sở Y tế"]["value_text"], cells["Sở Y tế"]["target_text"]) == ("60", "≥ 80%")
    assert (cells["Sở Y tế"]["label"], cells["Sở Y tế"]["colour"]) == ("Không đạt", "red")
    assert cells["Sở Khoa học và Công nghệ"]["label"] == "Chưa có số liệu"
    assert "Xã Cao Lộc" not in cells  # not yet in force in 2024
    during = client.get(f"{URL}/DVC-TL-TT/summary", {"period": "2024Q3", "as_of": "2024-09-15"})
    cells = {u["unit"]["name"]: u for u in during.json()["units"]}
    assert (cells["Sở Y tế"]["label"], cells["Sở Y tế"]["colour"]) == (
        "Chưa đạt, còn trong kỳ",
        "orange",
    )
    bad = client.get(f"{URL}/DVC-TL-TT/summary", {"period": "quý ba"})
    assert bad.status_code == 422


def test_summary_of_a_sum_over_its_components(
    login: Any, people: Any, province: Any, catalogue: dict[str, Any]
) -> None:
    y2024 = Period.annual(2024)
    for code, score in (("DTI-NT", "5.5"), ("DTI-CQS", "20.25"), ("DTI-KTS", "10")):
        store(catalogue[code], province.khcn, y2024, score)
    set_target(None, indicator=catalogue["DTI-TONG"], period=y2024, value=Decimal(40))
    body = (
        login(people.xem)
        .get(f"{URL}/DTI-TONG/summary", {"period": "2024", "as_of": "2025-01-10"})
        .json()
    )
    assert body["province"]["value_text"] == "35,75"
    assert body["province"]["label"] == "Không đạt"
    cells = {u["unit"]["name"]: u for u in body["units"]}
    assert cells["Sở Khoa học và Công nghệ"]["value"] == 35.75
