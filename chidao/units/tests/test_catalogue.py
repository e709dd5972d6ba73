"""Setting up a province: its bodies through the 2025 mergers, its groups, the installation."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from chidao.core.models import AuditEvent
from chidao.units.catalogue import (
    ProvinceInitError,
    ProvinceNotFound,
    find_province_code,
    init_province,
    setup_province,
)
from chidao.units.choices import SuccessionKind, UnitKind
from chidao.units.models import Installation, Succession, Unit, UnitGroup

BEFORE = dt.date(2024, 6, 1)
AFTER = dt.date(2026, 1, 1)


@pytest.fixture
def lang_son(db: Any) -> Unit:
    """Lạng Sơn, a province that continued unchanged through 1/7/2025."""
    return init_province("Lạng Sơn", nationwide=False)


def body(province: Unit, key: str, on: dt.date | None = None) -> Unit:
    rows = Unit.objects.filter(province=province, catalogue_key=key)
    if on is not None:
        rows = rows.valid_on(on)
    return rows.get()


def group(province: Unit, key: str) -> UnitGroup:
    return UnitGroup.objects.get(province=province, key=key)


@pytest.mark.parametrize("query", ["20", "Lang Son", "Lạng Sơn", "tỉnh Lạng Sơn", "LẠNG SƠN"])
def test_province_found_by_code_or_name_without_accents(query: str) -> None:
    assert find_province_code(query) == "20"


def test_unknown_province_lists_close_matches() -> None:
    with pytest.raises(ProvinceNotFound, match=r"Gần giống: Lạng Sơn \(20\)"):
        find_province_code("Lang Sonn")


def test_province_merged_in_2025_points_to_its_successor() -> None:
    with pytest.raises(ProvinceNotFound, match=r"Long An đã sáp nhập vào Tỉnh Tây Ninh \(80\)"):
        find_province_code("Long An")


def test_init_creates_the_departments_with_their_2025_mergers(lang_son: Unit) -> None:
    tttt = body(lang_son, "so-tttt")
    khcn = body(lang_son, "so-khcn")

    assert (tttt.name, tttt.kind, tttt.valid_to) == (
        "Sở Thông tin và Truyền thông",
        UnitKind.DEPARTMENT,
        dt.date(2025, 2, 28),
    )
    assert "Sở TT&TT" in tttt.abbreviations
    assert "Sở Thông tin và Truyền thông tỉnh Lạng Sơn" in tttt.aliases
    link = Succession.objects.get(predecessor=tttt)
    assert (link.successor, link.kind, link.date) == (
        khcn,
        SuccessionKind.MERGE,
        dt.date(2025, 3, 1),
    )
    assert "45/2025/NĐ-CP" in link.source_document
    assert "Công an tỉnh" in link.note  # network security went to the police
    assert tttt.current_successors(AFTER) == [khcn]
    assert list(Unit.objects.filter(province=lang_son).search("so tttt")) == [tttt]


def test_two_departments_merged_into_a_new_one(lang_son: Unit) -> None:
    nnmt = body(lang_son, "so-nnmt")

    assert nnmt.valid_from == dt.date(2025, 3, 1)
    assert {u.catalogue_key for u in nnmt.predecessors()} == {"so-tnmt", "so-nnptnt"}


def test_names_fill_in_the_province(lang_son: Unit) -> None:
    assert body(lang_son, "ubnd-tinh").name == "Ủy ban nhân dân tỉnh Lạng Sơn"
    assert body(lang_son, "bao-tinh").name == "Báo Lạng Sơn"
    assert "UBND tỉnh Lạng Sơn" in body(lang_son, "ubnd-tinh").abbreviations
    # only in Hà Nội and TP Hồ Chí Minh
    assert not Unit.objects.filter(province=lang_son, catalogue_key="so-qhkt").exists()


def test_groups_resolve_to_members_at_a_date(lang_son: Unit) -> None:
    departments = group(lang_son, "so-nganh")
    districts = group(lang_son, "ubnd-huyen")
    communes = group(lang_son, "ubnd-xa")

    before = set(departments.members_on(BEFORE).values_list("catalogue_key", flat=True))
    after = set(departments.members_on(AFTER).values_list("catalogue_key", flat=True))
    assert {"so-tttt", "so-khdt", "so-khcn", "ca-tinh"} <= before
    assert "so-nnmt" not in before
    assert {"so-khcn", "so-nnmt", "so-tc", "ca-tinh"} <= after
    assert "so-tttt" not in after
    assert districts.members_on(BEFORE).count() == 11
    assert set(districts.members_on(BEFORE).values_list("kind", flat=True)) == {"district"}
    assert not districts.members_on(AFTER).exists()
    assert communes.members_on(AFTER).count() == 65
    assert communes.members_on(BEFORE).count() > 150
    assert "UBND các huyện, thị xã, thành phố" in districts.aliases
    assert group(lang_son, "bcd-members").members_on(AFTER).filter(catalogue_key="so-khcn")


def test_init_installs_the_province_and_records_one_audit_event(lang_son: Unit) -> None:
    assert Installation.objects.get().province == lang_son
    event = AuditEvent.objects.get(action="units.init_province")
    assert event.target_id == str(lang_son.uuid)
    assert event.after is not None
    assert event.after["units_created"] > 40


def test_init_twice_changes_nothing(lang_son: Unit) -> None:
    counts = (Unit.objects.count(), Succession.objects.count(), UnitGroup.objects.count())

    province, result = setup_province("20", nationwide=False)

    assert province == lang_son
    assert not result.changed
    assert (Unit.objects.count(), Succession.objects.count(), UnitGroup.objects.count()) == counts
    assert AuditEvent.objects.filter(action="units.init_province").count() == 1


def test_init_refuses_a_second_province(lang_son: Unit) -> None:
    with pytest.raises(ProvinceInitError, match="đã phục vụ Tỉnh Lạng Sơn"):
        init_province("Cao Bằng", nationwide=False)


def test_init_refused_to_a_user_without_the_right(db: Any) -> None:
    from chidao.accounts.models import User

    viewer = User.objects.create_user("xem", password="x", role="viewer")

    with pytest.raises(PermissionDenied):
        init_province("20", actor=viewer, nationwide=False)
    assert not Installation.objects.exists()


@pytest.fixture
def tay_ninh(db: Any) -> Unit:
    """Tây Ninh, formed on 1/7/2025 from Long An (80) and the former Tây Ninh (72)."""
    return init_province("Tây Ninh", nationwide=False)


def test_merged_province_gets_the_bodies_of_its_predecessors(tay_ninh: Unit) -> None:
    long_an = Unit.objects.get(kind=UnitKind.PROVINCE, code="80", valid_to__isnull=False)
    old_tttt = body(long_an, "so-tttt")
    old_khcn = body(long_an, "so-khcn")
    new_khcn = body(tay_ninh, "so-khcn")

    assert old_khcn.valid_to == dt.date(2025, 6, 30)
    assert new_khcn.valid_from == dt.date(2025, 7, 1)
    assert list(old_tttt.successors()) == [old_khcn]
    assert list(old_khcn.successors()) == [new_khcn]
    assert old_tttt.current_successors(AFTER) == [new_khcn]
    assert {u.province.code for u in new_khcn.predecessors() if u.province} == {"72", "80"}
    assert body(long_an, "ubnd-tinh").name == "Ủy ban nhân dân tỉnh Long An"
    assert body(tay_ninh, "ubnd-tinh").name == "Ủy ban nhân dân tỉnh Tây Ninh"


def test_merged_province_groups_reach_the_predecessors_before_2025(tay_ninh: Unit) -> None:
    districts = group(tay_ninh, "ubnd-huyen").members_on(BEFORE)
    departments = group(tay_ninh, "so-nganh")

    assert {d.province.code for d in districts if d.province} == {"72", "80"}
    assert districts.count() == 24  # 15 of Long An, 9 of Tây Ninh
    assert departments.members_on(BEFORE).filter(catalogue_key="so-tttt").count() == 2
    assert departments.members_on(AFTER).filter(catalogue_key="so-khcn").get().province == (
        tay_ninh
    )
    assert group(tay_ninh, "ubnd-xa").members_on(AFTER).count() == 96


def test_a_city_says_thanh_pho(db: Any) -> None:
    hue = init_province("46", nationwide=False)

    assert body(hue, "ubnd-tinh").name == "Ủy ban nhân dân thành phố Huế"
    assert body(hue, "vp-ubnd").name == "Văn phòng Ủy ban nhân dân thành phố"
    assert body(hue, "tinh-uy").name == "Thành ủy Huế"
    assert "Văn phòng UBND tỉnh" in body(hue, "vp-ubnd").abbreviations
