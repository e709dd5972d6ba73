"""Indicator screens: catalogue, indicator page, indicator form, targets (and from a
document), values entry with the Excel template, corrections, scoreboard; permissions and
query counts."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from chidao.core.models import AuditEvent
from chidao.core.periods import Period
from chidao.indicators import services, workbook
from chidao.indicators.choices import Comparator, FormulaKind, TargetSource, ValueSource
from chidao.indicators.models import Indicator, IndicatorValue, Target, ValueRevision
from chidao.indicators.tests.conftest import counts, fill, store
from chidao.units.models import Unit, UnitGroup

pytestmark = pytest.mark.django_db

Q3 = Period.parse("2024Q3")
Y2024 = Period.parse("2024")


def _html(response: Any) -> str:
    return str(response.content.decode())


def _values_url(unit: Any, period: Period = Q3, **extra: str) -> str:
    query = f"?unit={unit.uuid}&period={period.code}"
    for key, value in extra.items():
        query += f"&{key}={value}"
    return "/indicators/values/" + query


@pytest.fixture
def figures(catalogue: dict[str, Indicator], province: Any) -> dict[str, Indicator]:
    """Q3/2024 online applications of two departments and the targets on them:
    Sở Tài chính 80 of 100 online (target ≥ 75 of its own), Sở Y tế 30 of 100 (judged by the
    province's ≥ 70 for 2024); the province: 110 of 200 = 55 %."""
    c = catalogue
    store(c["DVC-HS-TT"], province.tc, Q3, 80)
    store(c["DVC-HS-TONG"], province.tc, Q3, 100)
    store(c["DVC-HS-TT"], province.yt, Q3, 30)
    store(c["DVC-HS-TONG"], province.yt, Q3, 100)
    services.set_target(None, indicator=c["DVC-TL-TT"], period=Y2024, value=Decimal(70))
    services.set_target(
        None, indicator=c["DVC-TL-TT"], period=Y2024, value=Decimal(75), unit=province.tc
    )
    return c


# -- the catalogue ----------------------------------------------------------------------


def test_catalogue_search_is_accent_insensitive(login: Any, people: Any, catalogue: Any) -> None:
    response = login(people.xem).get("/indicators/", {"q": "ty le ho so truc tuyen"})
    assert response.status_code == 200
    codes = [i.code for _g, rows in response.context["sections"] for i in rows]
    assert "DVC-TL-TT" in codes
    assert "DTI-TONG" not in codes
    html = _html(response)
    assert "Tỷ lệ hồ sơ thủ tục hành chính được tiếp nhận trực tuyến" in html
    assert "= DVC-HS-TT / DVC-HS-TONG × 100" in html
    assert "Dịch vụ công trực tuyến" in html  # its group's heading
    assert "Thêm chỉ số" not in html  # a viewer does not manage the catalogue


def test_catalogue_groups_in_catalogue_order_with_formulas_in_words(
    login: Any, people: Any, catalogue: Any
) -> None:
    response = login(people.thuongtruc).get("/indicators/")
    groups = [g for g, _rows in response.context["sections"]]
    assert groups[0] == "Dịch vụ công trực tuyến"
    assert "Chỉ số chuyển đổi số (DTI)" in groups
    assert len(groups) == len(set(groups))
    html = _html(response)
    assert "= DTI-NT + DTI-TC + DTI-HT" in html
    assert "Thêm chỉ số" in html
    assert "Càng cao càng tốt" in html
    only = login(people.thuongtruc).get("/indicators/", {"group": "An toàn thông tin"})
    assert [g for g, _r in only.context["sections"]] == ["An toàn thông tin"]
    empty = login(people.thuongtruc).get("/indicators/", {"q": "khong co chi so nay"})
    assert "Không có chỉ số nào" in _html(empty)


def test_catalogue_htmx_returns_the_results_only(login: Any, people: Any, catalogue: Any) -> None:
    response = login(people.donvi).get("/indicators/", {"q": "vneid"}, HTTP_HX_REQUEST="true")
    html = _html(response)
    assert "<html" not in html
    assert "XH-VNEID" in html


def test_catalogue_query_count_is_constant(
    login: Any, people: Any, catalogue: Any, django_assert_max_num_queries: Any
) -> None:
    client = login(people.thuongtruc)
    client.get("/indicators/")
    with django_assert_max_num_queries(12) as small:
        client.get("/indicators/")
    for n in range(30):
        services.save_indicator(
            people.thuongtruc,
            None,
            {"code": f"THEM-{n}", "name": f"Chỉ số thêm {n}", "group": f"Nhóm {n % 3}"},
        )
    total = catalogue["DTI-TONG"]
    total.components.add(catalogue["HT-BTS"])
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get("/indicators/")
    assert sum(len(rows) for _g, rows in response.context["sections"]) == 94


# -- one indicator ----------------------------------------------------------------------


def test_indicator_page_shows_the_period_per_unit_and_province_with_achievement(
    login: Any, people: Any, figures: Any, province: Any
) -> None:
    response = login(people.lanhdao).get("/indicators/DVC-TL-TT/")
    assert response.status_code == 200
    assert response.context["period"] == Q3  # the latest period with figures
    html = _html(response)
    assert "= DVC-HS-TT / DVC-HS-TONG × 100" in html
    assert "Số liệu Quý III/2024" in html
    province_cell = response.context["province_cell"]
    assert province_cell.value == Decimal(55)
    assert province_cell.judgement.label == "Không đạt"
    lines = {line.unit.name: line.cell for line in response.context["lines"]}
    assert lines["Sở Tài chính"].value == Decimal(80)
    assert lines["Sở Tài chính"].judgement.label == "Đạt"
    assert lines["Sở Tài chính"].target_text == "≥ 75%"
    assert lines["Sở Y tế"].judgement.label == "Không đạt"
    assert lines["Sở Y tế"].target_text == "≥ 70%"  # the province's target applies
    # Colour and words together.
    assert 'achievement-met"' in html
    assert "bg-green-lt" in html
    assert "bg-red-lt" in html
    assert "Không đạt" in html
    assert "55%" in html
    assert "≥ 75%" in html
    assert "≥ 70%" in html
    assert "80%" in html
    # The targets, with their scope and period.
    assert "Toàn tỉnh" in html
    assert "Năm 2024" in html
    assert "Sở Khoa học và Công nghệ" in [u.name for u in response.context["missing"]]


def test_indicator_page_of_another_period_and_a_bad_period(
    login: Any, people: Any, figures: Any
) -> None:
    client = login(people.xem)
    other = client.get("/indicators/DVC-TL-TT/", {"period": "2024Q2"})
    assert other.context["period"] == Period.parse("2024Q2")
    assert other.context["lines"] == []
    assert other.context["province_cell"].judgement.label == "Chưa có số liệu"
    bad = client.get("/indicators/DVC-TL-TT/", {"period": "2024Q5"})
    assert bad.context["period"] == Q3
    assert "Số thứ tự quý phải từ 1 đến 4" in _html(bad)
    assert client.get("/indicators/KHONG-CO/").status_code == 404


def test_indicator_page_shows_one_units_history_with_corrections(
    login: Any, people: Any, catalogue: Any, province: Any
) -> None:
    ind = catalogue["DVC-HS-TT"]
    row = services.ValueInput(ind, province.tc, Q3, Decimal(120))
    services.report_values(people.donvi, [row])
    stored = IndicatorValue.objects.get(indicator=ind, unit=province.tc)
    services.correct_value(
        people.thuongtruc, stored, Decimal(130), "Số liệu chốt lại ngày 5/10", expected_version=1
    )
    response = login(people.donvi).get("/indicators/DVC-HS-TT/")
    assert response.context["history_unit"] == province.tc  # the officer's own unit
    history = response.context["history"]
    assert [(term.code, [v.value for v in rows]) for term, rows in history] == [
        ("DVC-HS-TT", [Decimal(130)])
    ]
    html = _html(response)
    assert "120 hồ sơ → 130 hồ sơ" in html
    assert "Số liệu chốt lại ngày 5/10" in html
    assert "Nguyễn Thường Trực" in html
    assert "Lê Đơn Vị" in html
    # A computed indicator shows the history of what it is computed from.
    ratio = login(people.xem).get("/indicators/DVC-TL-TT/", {"unit": str(province.tc.uuid)})
    assert [term.code for term, _rows in ratio.context["history"]] == ["DVC-HS-TT", "DVC-HS-TONG"]


# -- the indicator form -----------------------------------------------------------------


def _indicator_data(**changes: Any) -> dict[str, Any]:
    data = {
        "code": "CB-CKS-TL",
        "name": "Tỷ lệ cán bộ được cấp chữ ký số",
        "measure_unit": "%",
        "direction": "higher",
        "group": "Chính quyền số",
        "source": "KH 12/KH-UBND",
        "definition": "",
        "formula": FormulaKind.RATIO,
        "numerator": "CB-APP",
        "denominator": "CB-TONG",
        "scale": "100",
        "aggregation": "sum",
        "decimals": "1",
        "min_value": "0",
        "max_value": "100",
        "numerator_le_denominator": "on",
        "at_risk_ratio": "0,9",
        "active": "on",
    }
    data.update(changes)
    return data


def test_secretariat_adds_a_ratio_indicator(login: Any, people: Any, catalogue: Any) -> None:
    response = login(people.thuongtruc).post("/indicators/new/", _indicator_data())
    assert response.status_code == 302
    row = Indicator.objects.get(code="CB-CKS-TL")
    assert (row.formula, row.numerator, row.denominator) == (
        FormulaKind.RATIO,
        catalogue["CB-APP"],
        catalogue["CB-TONG"],
    )
    assert (row.scale, row.at_risk_ratio, row.max_value) == (
        Decimal(100),
        Decimal("0.9"),
        Decimal(100),
    )
    assert AuditEvent.objects.filter(action="indicator.create").count() == 1
    page = login(people.xem).get("/indicators/CB-CKS-TL/")
    assert "= CB-APP / CB-TONG × 100" in _html(page)


def test_indicator_form_refuses_bad_input_and_keeps_what_was_typed(
    login: Any, people: Any, catalogue: Any
) -> None:
    client = login(people.thuongtruc)
    no_terms = client.post("/indicators/new/", _indicator_data(numerator="", denominator=""))
    assert no_terms.status_code == 200
    assert "Chỉ số tỷ lệ cần có tử số và mẫu số." in _html(no_terms)
    assert 'value="Tỷ lệ cán bộ được cấp chữ ký số"' in _html(no_terms)
    taken = client.post("/indicators/new/", _indicator_data(code="DVC-TL-TT"))
    assert "Chỉ số có Mã chỉ số đã tồn tại." in _html(taken)
    bad_number = client.post("/indicators/new/", _indicator_data(scale="một trăm"))
    assert "“một trăm” không phải là số." in _html(bad_number)
    empty_sum = client.post(
        "/indicators/new/", _indicator_data(formula=FormulaKind.SUM, numerator="", denominator="")
    )
    assert "Chỉ số tổng cần ít nhất một chỉ số thành phần." in _html(empty_sum)
    assert not Indicator.objects.filter(code="CB-CKS-TL").exists()
    assert Indicator.objects.get(code="DVC-TL-TT").name.startswith("Tỷ lệ hồ sơ")


def test_secretariat_edits_an_indicator_into_a_sum(login: Any, people: Any, catalogue: Any) -> None:
    client = login(people.thuongtruc)
    page = client.get("/indicators/DVC-TL-TT/edit/")
    assert 'value="DVC-HS-TT" selected' in _html(page)  # the pickers show the terms
    data = _indicator_data(
        code="DTI-TONG",
        name="Tổng điểm DTI (sửa)",
        measure_unit="điểm",
        formula=FormulaKind.SUM,
        numerator="",
        denominator="",
        scale="1",
        max_value="",
        components=["DTI-NT", "DTI-TC"],
    )
    response = client.post("/indicators/DTI-TONG/edit/", data)
    assert response.status_code == 302
    row = Indicator.objects.get(code="DTI-TONG")
    assert row.name == "Tổng điểm DTI (sửa)"
    assert sorted(c.code for c in row.components.all()) == ["DTI-NT", "DTI-TC"]
    event = AuditEvent.objects.get(action="indicator.update")
    assert (event.before or {})["name"] == "Chỉ số chuyển đổi số cấp tỉnh (DTI)"
    assert (event.after or {})["name"] == "Tổng điểm DTI (sửa)"


def test_only_the_secretariat_manages_the_catalogue(
    login: Any, people: Any, catalogue: Any
) -> None:
    for user in (people.donvi, people.lanhdao, people.xem, people.ngoai):
        client = login(user)
        assert client.get("/indicators/new/").status_code == 403
        assert client.post("/indicators/new/", _indicator_data()).status_code == 403
        edit = client.post("/indicators/DVC-TL-TT/edit/", _indicator_data(code="DVC-TL-TT"))
        assert edit.status_code == 403
    assert not Indicator.objects.filter(code="CB-CKS-TL").exists()
    assert not AuditEvent.objects.filter(action__startswith="indicator.").exists()


# -- targets ----------------------------------------------------------------------------


def test_secretariat_sets_targets_for_a_unit_a_group_and_the_province(
    login: Any, people: Any, catalogue: Any, province: Any
) -> None:
    group = UnitGroup.objects.create(
        province=province.unit,
        key="so-nganh",
        name="Các sở, ban, ngành",
        member_kinds=["department"],
    )
    client = login(people.thuongtruc)
    form = client.get("/indicators/targets/new/", {"indicator": "DVC-HS-TT"})
    assert 'value="DVC-HS-TT" selected' in _html(form)
    unit_target = client.post(
        "/indicators/targets/new/",
        {
            "indicator": "DVC-HS-TT",
            "scope": f"unit:{province.tc.uuid}",
            "period": "2025Q2",
            "comparator": Comparator.GTE,
            "value": "1.234,5",
        },
    )
    assert unit_target.status_code == 302
    client.post(
        "/indicators/targets/new/",
        {
            "indicator": "DVC-TL-TT",
            "scope": f"group:{group.uuid}",
            "period": "Quý II/2025",
            "comparator": Comparator.GTE,
            "value": "80",
        },
    )
    client.post(
        "/indicators/targets/new/",
        {
            "indicator": "DVC-TL-TT",
            "scope": "",
            "period": "2025",
            "comparator": ">=",
            "value": "70",
        },
    )
    rows = {(t.indicator.code, t.scope_label, t.period_code): t.value for t in Target.objects.all()}
    assert rows == {
        ("DVC-HS-TT", "Sở Tài chính", "2025Q2"): Decimal("1234.5"),
        ("DVC-TL-TT", "Các sở, ban, ngành", "2025Q2"): Decimal(80),
        ("DVC-TL-TT", "Toàn tỉnh", "2025"): Decimal(70),
    }
    assert all(t.source == TargetSource.MANUAL for t in Target.objects.all())
    listing = client.get("/indicators/targets/", {"indicator": "DVC-TL-TT"})
    html = _html(listing)
    assert "Các sở, ban, ngành" in html
    assert "Năm 2025" in html
    assert "≥ 80%" in html


def test_target_form_refuses_bad_input_with_nothing_written(
    login: Any, people: Any, catalogue: Any
) -> None:
    client = login(people.thuongtruc)
    base = {"indicator": "DVC-TL-TT", "scope": "", "comparator": ">=", "period": "2025"}
    bad_period = client.post(
        "/indicators/targets/new/", {**base, "period": "2025Q5", "value": "70"}
    )
    assert "Số thứ tự quý phải từ 1 đến 4" in _html(bad_period)
    over = client.post("/indicators/targets/new/", {**base, "value": "120"})
    assert "DVC-TL-TT: tỷ lệ 120% vượt quá 100%." in _html(over)
    assert 'value="120"' in _html(over)  # what was typed stays
    text = client.post("/indicators/targets/new/", {**base, "value": "bảy mươi"})
    assert "“bảy mươi” không phải là số." in _html(text)
    scope = client.post("/indicators/targets/new/", {**base, "value": "70", "scope": "unit:x"})
    assert scope.status_code == 200
    assert not Target.objects.exists()


def test_setting_the_same_scope_and_period_replaces_the_target_and_delete_removes_it(
    login: Any, people: Any, catalogue: Any
) -> None:
    client = login(people.thuongtruc)
    data = {"indicator": "DVC-TL-TT", "scope": "", "comparator": ">=", "period": "2025"}
    client.post("/indicators/targets/new/", {**data, "value": "70"})
    target = Target.objects.get()
    prefilled = client.get("/indicators/targets/new/", {"from": str(target.uuid)})
    assert 'value="70"' in _html(prefilled)
    client.post("/indicators/targets/new/", {**data, "value": "75", "comparator": ">"})
    target.refresh_from_db()
    assert (target.value, target.comparator, Target.objects.count()) == (Decimal(75), ">", 1)
    assert login(people.donvi).post(f"/indicators/targets/{target.uuid}/delete/").status_code == 403
    assert Target.objects.count() == 1
    client = login(people.thuongtruc)
    confirm = client.get(f"/indicators/targets/{target.uuid}/delete/")
    assert "Xoá chỉ tiêu" in _html(confirm)
    assert client.post(f"/indicators/targets/{target.uuid}/delete/").status_code == 302
    assert not Target.objects.exists()
    assert AuditEvent.objects.filter(action="target.delete").count() == 1


def test_only_the_secretariat_sets_targets(
    login: Any, people: Any, catalogue: Any, province: Any
) -> None:
    data = {
        "indicator": "DVC-TL-TT",
        "scope": "",
        "period": "2025",
        "comparator": ">=",
        "value": "70",
    }
    for user in (people.donvi, people.lanhdao, people.xem):
        assert login(user).post("/indicators/targets/new/", data).status_code == 403
        assert login(user).get("/indicators/targets/").status_code == 200  # reading is open
    assert not Target.objects.exists()
    assert "Đặt chỉ tiêu" not in _html(login(people.lanhdao).get("/indicators/targets/"))


def test_target_list_filters_and_query_count(
    login: Any, people: Any, catalogue: Any, province: Any, django_assert_max_num_queries: Any
) -> None:
    c = catalogue
    services.set_target(None, indicator=c["DVC-TL-TT"], period=Y2024, value=Decimal(70))
    services.set_target(
        None, indicator=c["DVC-HS-TT"], period=Q3, value=Decimal(500), unit=province.tc
    )
    services.set_target(
        None, indicator=c["DVC-HS-TT"], period=Q3, value=Decimal(300), unit=province.yt
    )
    client = login(people.xem)

    def codes(**params: str) -> list[tuple[str, str]]:
        rows = client.get("/indicators/targets/", params).context["rows"]
        return [(t.indicator.code, t.scope_label) for t in rows]

    assert len(codes()) == 3
    assert codes(indicator="DVC-TL-TT") == [("DVC-TL-TT", "Toàn tỉnh")]
    assert codes(period="2024Q3") == [("DVC-HS-TT", "Sở Tài chính"), ("DVC-HS-TT", "Sở Y tế")]
    # A unit's targets: its own and those that apply to it (the province's).
    assert sorted(codes(unit=str(province.tc.uuid))) == [
        ("DVC-HS-TT", "Sở Tài chính"),
        ("DVC-TL-TT", "Toàn tỉnh"),
    ]
    client.get("/indicators/targets/")
    with django_assert_max_num_queries(14) as small:
        client.get("/indicators/targets/")
    for code in ("SH-HS", "SH-KQ", "GQ-TONG", "PAKN-TONG", "HL-TONG", "CB-TONG"):
        for unit in (province.tc, province.yt, province.khcn):
            services.set_target(None, indicator=c[code], period=Q3, value=Decimal(9), unit=unit)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get("/indicators/targets/")
    assert len(response.context["rows"]) == 21


# -- targets from a document ------------------------------------------------------------


@pytest.fixture
def directive(province: Any) -> Any:
    from chidao.documents.choices import DocumentKind, DocumentStatus
    from chidao.documents.models import Document

    text = (
        "Phấn đấu tỷ lệ hồ sơ thủ tục hành chính được tiếp nhận trực tuyến đạt trên 70% "
        "trong năm 2025."
    )
    return Document.objects.create(
        province=province.unit,
        kind=DocumentKind.TB,
        number="12/TB-BCĐ",
        issued_on=Period.parse("2025").start,
        title="Kết luận phiên họp Ban Chỉ đạo",
        status=DocumentStatus.PUBLISHED,
        text=text,
        extraction={
            "targets": [
                {
                    "quote": text,
                    "indicator": "tỷ lệ hồ sơ thủ tục hành chính được tiếp nhận trực tuyến",
                    "value": 70,
                    "unit": "%",
                    "comparator": ">",
                    "due": "2025-12-31",
                    "missed": False,
                    "start": 0,
                    "end": len(text),
                },
                {
                    "quote": "tỷ lệ thôn có sóng di động đạt 98%",
                    "indicator": "tỷ lệ thôn có sóng di động",
                    "value": 98,
                    "unit": "%",
                    "comparator": ">=",
                    "due": None,
                    "missed": True,
                    "start": 0,
                    "end": 10,
                },
            ]
        },
    )


def test_targets_from_a_document(login: Any, people: Any, catalogue: Any, directive: Any) -> None:
    client = login(people.thuongtruc)
    url = f"/indicators/targets/from-document/{directive.uuid}/"
    page = client.get(url)
    found = page.context["found"]
    assert found[0].indicator == catalogue["DVC-TL-TT"]
    assert found[1].missed
    html = _html(page)
    assert "Kết quả đã qua (không tạo chỉ tiêu)" in html
    assert "Tạo 1 chỉ tiêu" in html
    assert client.post(url).status_code == 302
    target = Target.objects.get()
    assert (target.indicator.code, target.comparator, target.value, target.period_code) == (
        "DVC-TL-TT",
        ">",
        Decimal(70),
        "2025",
    )
    assert (target.source, target.document) == (TargetSource.DOCUMENT, directive)
    after = client.get(url)
    assert "Chỉ tiêu đã lấy từ văn bản này" in _html(after)
    assert len(after.context["existing"]) == 1
    indicator_page = _html(client.get("/indicators/DVC-TL-TT/"))
    assert f"/documents/{directive.uuid}/" in indicator_page
    assert "12/TB-BCĐ" in indicator_page


def test_document_page_links_to_its_targets_for_the_secretariat_only(
    login: Any, people: Any, directive: Any
) -> None:
    url = f"/documents/{directive.uuid}/"
    link = f"/indicators/targets/from-document/{directive.uuid}/"
    assert link in _html(login(people.thuongtruc).get(url))
    assert link not in _html(login(people.lanhdao).get(url))
    assert login(people.lanhdao).get(link).status_code == 403
    assert login(people.lanhdao).post(link).status_code == 403
    assert not Target.objects.exists()


# -- values -----------------------------------------------------------------------------


def test_officer_sees_their_units_form_with_computed_indicators_derived(
    login: Any, people: Any, figures: Any, province: Any
) -> None:
    response = login(people.donvi).get("/indicators/values/", {"period": "2024Q3"})
    assert response.status_code == 200
    assert response.context["unit"] == province.tc
    html = _html(response)
    assert 'name="v-DVC-HS-TT"' in html
    assert 'value="80"' in html
    assert 'name="v-DVC-TL-TT"' not in html  # computed: no input
    lines = {
        line.indicator.code: line for _g, rows in response.context["sections"] for line in rows
    }
    assert lines["DVC-TL-TT"].field is None
    assert lines["DVC-TL-TT"].value == Decimal(80)
    assert lines["DVC-TL-TT"].cell.judgement.label == "Đạt"
    assert "Tải mẫu Excel" in html
    assert "Nhập từ tệp Excel" in html


def test_officers_are_refused_another_units_values_and_nothing_is_written(
    login: Any, people: Any, catalogue: Any, province: Any
) -> None:
    before = counts()
    for user, other in ((people.ngoai, province.tc), (people.donvi, province.yt)):
        client = login(user)
        url = _values_url(other)
        assert client.get(url).status_code == 403
        assert client.post(url, {"v-DVC-HS-TT": "10"}).status_code == 403
        template_url = f"/indicators/values/template/?unit={other.uuid}&period=2024Q3"
        assert client.get(template_url).status_code == 403
        template = workbook.template(other, Q3, [catalogue["DVC-HS-TT"]])
        upload = SimpleUploadedFile(
            "so-lieu.xlsx", fill(template, {"DVC-HS-TT": 10}), content_type=workbook.CONTENT_TYPE
        )
        imported = client.post(
            f"/indicators/values/import/?unit={other.uuid}&period=2024Q3", {"file": upload}
        )
        assert imported.status_code == 403
    assert counts() == before
    # Leaders and viewers read the figures but have no form to change them.
    view = login(people.lanhdao).get(_values_url(province.tc))
    assert view.status_code == 200
    disabled = 'id="id_v-DVC-HS-TT" value="" class="form-control value-input text-end" disabled'
    assert disabled in _html(view)
    assert "Lưu số liệu" not in _html(view)
    assert login(people.xem).post(_values_url(province.tc), {"v-DVC-HS-TT": "1"}).status_code == 403
    assert counts() == before


def test_officer_reports_values_through_the_form(
    login: Any, people: Any, catalogue: Any, province: Any
) -> None:
    client = login(people.donvi)
    response = client.post(
        "/indicators/values/?period=2024Q3",
        {"v-DVC-HS-TT": "1.200", "v-DVC-HS-TONG": "1500", "v-HS-DT": "72,5", "v-CB-TONG": ""},
    )
    assert response.status_code == 302
    stored = {
        v.indicator.code: v.value
        for v in IndicatorValue.objects.filter(unit=province.tc, period_code="2024Q3")
    }
    assert stored == {
        "DVC-HS-TT": Decimal(1200),
        "DVC-HS-TONG": Decimal(1500),
        "HS-DT": Decimal("72.5"),
    }
    assert set(IndicatorValue.objects.values_list("source", flat=True)) == {ValueSource.FORM}
    page = client.get(response["Location"])
    html = _html(page)
    assert "3 số liệu mới" in html
    assert 'value="1.200"' in html
    assert 'value="72,5"' in html
    lines = {line.indicator.code: line for _g, rows in page.context["sections"] for line in rows}
    assert lines["DVC-TL-TT"].value == Decimal(80)  # 1.200 / 1.500 × 100


def test_values_form_refuses_bad_figures_keeps_them_and_writes_nothing(
    login: Any, people: Any, catalogue: Any
) -> None:
    before = counts()
    client = login(people.donvi)
    url = "/indicators/values/?period=2024Q3"
    response = client.post(
        url, {"v-DVC-HS-TT": "1600", "v-DVC-HS-TONG": "1500", "v-HS-DT": "120", "v-CB-TONG": "10"}
    )
    assert response.status_code == 200
    html = _html(response)
    assert "HS-DT: tỷ lệ 120% vượt quá 100%." in html
    assert "Chưa lưu số liệu nào" in html
    assert 'value="120"' in html
    assert 'value="1600"' in html
    text = client.post(url, {"v-DVC-HS-TT": "nhiều"})
    assert "“nhiều” không phải là số." in _html(text)
    ratio = client.post(url, {"v-DVC-HS-TT": "1600", "v-DVC-HS-TONG": "1500"})
    assert "tử số không được vượt mẫu số" in _html(ratio)
    nothing = client.post(url, {"v-DVC-HS-TT": ""})
    assert "Chưa nhập số liệu nào." in _html(nothing)
    bad_period = client.post("/indicators/values/?period=2024Q7", {"v-DVC-HS-TT": "5"})
    assert "Số thứ tự quý phải từ 1 đến 4" in _html(bad_period)
    assert 'value="5"' in _html(bad_period)
    assert counts() == before


def test_correcting_a_value_asks_for_a_reason_and_keeps_the_history(
    login: Any, people: Any, catalogue: Any, province: Any
) -> None:
    services.report_values(
        people.donvi, [services.ValueInput(catalogue["DVC-HS-TT"], province.tc, Q3, Decimal(80))]
    )
    client = login(people.donvi)
    url = "/indicators/values/?period=2024Q3"
    refused = client.post(url, {"v-DVC-HS-TT": "85", "ver-DVC-HS-TT": "1"})
    html = _html(refused)
    assert "cần ghi lý do điều chỉnh" in html
    assert "Hãy ghi lý do điều chỉnh số liệu đã báo cáo." in html
    assert 'value="85"' in html
    assert IndicatorValue.objects.get().value == Decimal(80)
    assert ValueRevision.objects.count() == 1
    done = client.post(
        url, {"v-DVC-HS-TT": "85", "ver-DVC-HS-TT": "1", "reason": "Bổ sung hồ sơ nộp muộn"}
    )
    assert done.status_code == 302
    row = IndicatorValue.objects.get()
    assert (row.value, row.version) == (Decimal(85), 2)
    revision = row.revisions.first()
    assert revision is not None
    assert (revision.previous, revision.value, revision.reason, revision.author) == (
        Decimal(80),
        Decimal(85),
        "Bổ sung hồ sơ nộp muộn",
        people.donvi,
    )


def test_secretariat_picks_any_unit(login: Any, people: Any, figures: Any, province: Any) -> None:
    client = login(people.thuongtruc)
    chooser = client.get("/indicators/values/")
    assert "Chọn đơn vị" in _html(chooser)
    assert client.get(_values_url(province.yt)).context["unit"] == province.yt
    done = client.post(_values_url(province.yt), {"v-CB-TONG": "40", "reason": ""}, follow=True)
    assert "1 số liệu mới" in _html(done)
    assert IndicatorValue.objects.get(indicator__code="CB-TONG").unit == province.yt
    assert client.get(f"/indicators/values/?unit={Unit.objects.count() + 999}").status_code == 404


def test_template_download_and_import(
    login: Any, people: Any, catalogue: Any, province: Any
) -> None:
    client = login(people.donvi)
    response = client.get(
        "/indicators/values/template/", {"period": "2024Q3", "group": "Chính quyền số"}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == workbook.CONTENT_TYPE
    assert 'filename="so-lieu-so-tai-chinh-2024Q3.xlsx"' in response["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = book["Số liệu"]
    cells = [[c.value for c in row] for row in sheet.iter_rows()]
    assert list(workbook.COLUMNS) in cells
    codes = [row[0] for row in cells if row[0] in catalogue]
    assert codes == ["CB-TONG", "CB-APP", "HS-DT", "HSCV-TL", "KT-MTS"]
    filled = fill(response.content, {"CB-TONG": 50, "CB-APP": 45, "HS-DT": "90,5"})
    upload = SimpleUploadedFile("da-dien.xlsx", filled, content_type=workbook.CONTENT_TYPE)
    done = client.post(
        "/indicators/values/import/?period=2024Q3&group=Chính quyền số",
        {"file": upload},
        follow=True,
    )
    html = _html(done)
    assert "Đã nhập tệp da-dien.xlsx: 3 số liệu mới" in html
    stored = {v.indicator.code: v.value for v in IndicatorValue.objects.filter(unit=province.tc)}
    assert stored == {"CB-TONG": Decimal(50), "CB-APP": Decimal(45), "HS-DT": Decimal("90.5")}
    assert set(IndicatorValue.objects.values_list("source", flat=True)) == {ValueSource.WORKBOOK}
    lines = {line.indicator.code: line for _g, rows in done.context["sections"] for line in rows}
    assert lines["CB-TL"].value == Decimal(90)


def test_a_broken_workbook_lists_its_errors_row_by_row_and_imports_nothing(
    login: Any, people: Any, catalogue: Any, province: Any
) -> None:
    client = login(people.donvi)
    template = client.get("/indicators/values/template/?period=2024Q3&group=Chính quyền số")
    broken = fill(template.content, {"CB-TONG": 50, "HS-DT": 130, "CB-APP": "bốn lăm"})
    upload = SimpleUploadedFile("hong.xlsx", broken, content_type=workbook.CONTENT_TYPE)
    response = client.post(
        "/indicators/values/import/?period=2024Q3&group=Chính quyền số", {"file": upload}
    )
    assert response.status_code == 200
    errors = response.context["import_errors"]
    assert any("HS-DT: tỷ lệ 130% vượt quá 100%." in e for e in errors)
    assert any("“bốn lăm” không phải là số." in e for e in errors)
    assert all(e.startswith("Dòng ") for e in errors)
    html = _html(response)
    assert "Không nhập được tệp: 2 lỗi. Chưa lưu số liệu nào." in html
    extra = fill(template.content, {"CB-TONG": 50}, I6="Cột thêm")
    upload = SimpleUploadedFile("cot-thua.xlsx", extra, content_type=workbook.CONTENT_TYPE)
    response = client.post("/indicators/values/import/?period=2024Q3", {"file": upload})
    assert "có cột không thuộc biểu mẫu: “Cột thêm”" in _html(response)
    not_excel = SimpleUploadedFile("so-lieu.xlsx", b"khong phai excel")
    response = client.post("/indicators/values/import/?period=2024Q3", {"file": not_excel})
    assert "đây không phải tệp Excel (.xlsx) hợp lệ" in _html(response)
    again = SimpleUploadedFile("so-lieu.xlsx", extra, content_type=workbook.CONTENT_TYPE)
    response = client.post("/indicators/values/import/?period=2024Q9", {"file": again})
    assert "Số thứ tự quý phải từ 1 đến 4" in _html(response)
    csv = SimpleUploadedFile("so-lieu.csv", b"a,b")
    response = client.post("/indicators/values/import/?period=2024Q3", {"file": csv})
    assert "Chỉ nhận tệp Excel .xlsx" in _html(response)
    assert counts() == (0, 0)


# -- the scoreboard ---------------------------------------------------------------------


def test_scoreboard_shows_units_and_province_in_colour_and_words(
    login: Any, people: Any, figures: Any, province: Any
) -> None:
    response = login(people.xem).get("/indicators/scoreboard/")
    assert response.status_code == 200
    assert response.context["period"] == Q3  # the latest figures
    assert [i.code for i in response.context["indicators"]] == ["DVC-TL-TT"]
    html = _html(response)
    assert "Bảng theo dõi chỉ tiêu Quý III/2024" in html
    rows = {unit.name: cells for unit, cells in response.context["rows"]}
    assert rows["Sở Tài chính"][0][1].judgement.label == "Đạt"
    assert rows["Sở Y tế"][0][1].judgement.label == "Không đạt"
    assert rows["Sở Khoa học và Công nghệ"][0][1].judgement.label == "Chưa có số liệu"
    assert response.context["province_row"][0][1].value == Decimal(55)
    assert "bg-green-lt" in html
    assert "bg-red-lt" in html
    assert "Chưa có số liệu" in html
    group = login(people.xem).get(
        "/indicators/scoreboard/", {"period": "2024Q3", "group": "Thanh toán trực tuyến"}
    )
    assert [i.code for i in group.context["indicators"]] == [
        "DVC-GD-TONG",
        "DVC-GD-TT",
        "DVC-TL-TTTT",
    ]
    none = login(people.xem).get("/indicators/scoreboard/", {"period": "2023"})
    assert "Chưa có chỉ tiêu nào trong kỳ" in _html(none)


def test_scoreboard_query_count_is_constant(
    login: Any, people: Any, figures: Any, province: Any, django_assert_max_num_queries: Any
) -> None:
    client = login(people.lanhdao)
    params = {"period": "2024Q3", "group": "Dịch vụ công trực tuyến"}
    client.get("/indicators/scoreboard/", params)
    # Session, user, the frame's two; then periods, groups, indicators and their
    # components, unit groups, units, values, targets: none per unit or per cell.
    with django_assert_max_num_queries(14) as small:
        client.get("/indicators/scoreboard/", params)
    for n in range(20):
        unit = Unit.objects.create(
            kind="department", parent=province.unit, province=province.unit, name=f"Ban {n}"
        )
        store(figures["DVC-HS-TT"], unit, Q3, 10 + n)
        store(figures["DVC-HS-TONG"], unit, Q3, 50)
        services.set_target(
            None, indicator=figures["DVC-TL-TT"], period=Q3, value=Decimal(30), unit=unit
        )
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get("/indicators/scoreboard/", params)
    assert len(response.context["rows"]) >= 26
