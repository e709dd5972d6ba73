"""Groups of units: who they mean at a date, and editing them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from chidao.core.models import AuditEvent
from chidao.units.models import UnitGroup

pytestmark = pytest.mark.django_db


@pytest.fixture
def groups(province: Any) -> Any:
    so_nganh = UnitGroup.objects.create(
        province=province.unit,
        key="so-nganh",
        name="Các sở, ban, ngành tỉnh",
        aliases=["sở, ban, ngành"],
        member_kinds=["department", "agency"],
    )
    huyen = UnitGroup.objects.create(
        province=province.unit,
        key="ubnd-huyen",
        name="UBND cấp huyện",
        aliases=["UBND các huyện, thị xã, thành phố"],
        member_kinds=["district"],
        valid_to=dt.date(2025, 6, 30),
    )
    return type("Groups", (), {"so_nganh": so_nganh, "huyen": huyen})


def test_group_members_follow_the_date(groups: Any, province: Any) -> None:
    in_2024 = set(groups.so_nganh.members_on(dt.date(2024, 6, 1)))
    assert province.tttt in in_2024
    assert province.khcn in in_2024
    now = set(groups.so_nganh.members_on(dt.date(2026, 1, 1)))
    assert province.tttt not in now
    assert list(groups.huyen.members_on(dt.date(2024, 6, 1))) == [province.district]
    assert list(groups.huyen.members_on(dt.date(2026, 1, 1))) == []


def test_group_page_lists_members_at_the_chosen_date(login: Any, people: Any, groups: Any) -> None:
    client = login(people.lanhdao)
    url = reverse("units:group_detail", args=[groups.huyen.uuid])
    assert "Huyện Cao Lộc" in client.get(url, {"as_of": "01/06/2024"}).content.decode()
    html = client.get(url, {"as_of": "01/01/2026"}).content.decode()
    assert "Nhóm không có thành viên nào tại ngày này" in html
    listing = client.get(reverse("units:group_list")).content.decode()
    assert "Các sở, ban, ngành tỉnh" in listing


def test_secretariat_adds_steering_committee_members(
    login: Any, people: Any, province: Any
) -> None:
    bcd = UnitGroup.objects.create(
        province=province.unit, key="thanh-vien-bcd", name="Các thành viên Ban Chỉ đạo"
    )
    client = login(people.thuongtruc)
    response = client.post(
        reverse("units:group_edit", args=[bcd.uuid]),
        {"name": bcd.name, "aliases": "thành viên BCĐ", "valid_from": "", "valid_to": ""},
    )
    for unit in (province.khcn, province.tc):
        added = client.post(
            reverse("units:group_member_add", args=[bcd.uuid]),
            {"unit": unit.uuid, "valid_from": "01/01/2026"},
        )
        assert added.status_code == 302
    assert response.status_code == 302
    assert set(bcd.members_on(dt.date(2026, 1, 1))) == {province.khcn, province.tc}
    assert not bcd.members_on(dt.date(2025, 12, 31)).exists()
    event = AuditEvent.objects.get(action="group.update")
    assert event.after is not None
    assert event.after["aliases"] == ["thành viên BCĐ"]
    assert AuditEvent.objects.filter(action="group.member_add").count() == 2


def test_officer_cannot_edit_groups(login: Any, people: Any, groups: Any) -> None:
    response = login(people.donvi).post(
        reverse("units:group_edit", args=[groups.so_nganh.uuid]), {"name": "X"}
    )
    assert response.status_code == 403
    groups.so_nganh.refresh_from_db()
    assert groups.so_nganh.name == "Các sở, ban, ngành tỉnh"


def test_localities_mean_districts_before_the_reform_and_communes_after(
    groups: Any, province: Any
) -> None:
    UnitGroup.objects.create(
        province=province.unit, key="ubnd-xa", name="UBND cấp xã", member_kinds=["commune"]
    )
    dia_phuong = UnitGroup.objects.create(
        province=province.unit,
        key="dia-phuong",
        name="Địa phương",
        member_kinds=["district", "commune"],
        resolves_to=[
            {"group": "ubnd-huyen", "valid_from": None, "valid_to": "2025-06-30"},
            {"group": "ubnd-xa", "valid_from": "2025-07-01", "valid_to": None},
        ],
    )
    assert list(dia_phuong.members_on(dt.date(2024, 6, 1))) == [province.district]
    assert list(dia_phuong.members_on(dt.date(2026, 1, 1))) == [province.commune]
