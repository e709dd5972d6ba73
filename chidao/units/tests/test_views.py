"""The unit directory, a unit's page, and editing units through the product's forms."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from chidao.core.models import AuditEvent
from chidao.units.models import Succession, Unit

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("query", ["so tttt", "Sở TT&TT", "thong tin truyen thong", "STTTT"])
def test_search_finds_department_by_abbreviation_without_accents(
    login: Any, people: Any, query: str
) -> None:
    response = login(people.xem).get(reverse("units:directory"), {"q": query})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Sở Thông tin và Truyền thông" in html
    assert "Sở Tài chính" not in html
    assert "hết hiệu lực 28/02/2025" in html


def test_search_with_no_match_shows_empty_state(login: Any, people: Any) -> None:
    html = login(people.donvi).get(reverse("units:directory"), {"q": "khong co"}).content.decode()
    assert "Không tìm thấy đơn vị nào" in html


def test_directory_tree_follows_the_date(login: Any, people: Any) -> None:
    client = login(people.donvi)
    today = client.get(reverse("units:directory")).content.decode()
    assert "Sở Khoa học và Công nghệ" in today
    assert "Sở Thông tin và Truyền thông" not in today
    assert "Huyện Cao Lộc" not in today
    before = client.get(reverse("units:directory"), {"as_of": "01/06/2024"}).content.decode()
    assert "Sở Thông tin và Truyền thông" in before
    assert "Huyện Cao Lộc" in before
    assert "Xã Cao Lộc" not in before
    # The old commune is nested under its district, not listed with today's communes.
    district_block = before.split("Huyện Cao Lộc", 1)[1].split("</details>", 1)[0]
    assert "Thị trấn Cao Lộc" in district_block


def test_directory_rejects_an_impossible_date_with_a_message(login: Any, people: Any) -> None:
    html = login(people.donvi).get(reverse("units:directory"), {"as_of": "31/02/2024"})
    assert "Ngày không hợp lệ: 31/02/2024" in html.content.decode()


def test_directory_query_count_does_not_grow_with_units(
    login: Any, people: Any, province: Any, django_assert_max_num_queries: Any
) -> None:
    client = login(people.donvi)
    for i in range(30):
        Unit.objects.create(
            kind="commune",
            parent=province.unit,
            province=province.unit,
            code=f"9{i:04d}",
            name=f"Xã Thử {i}",
        )
    with django_assert_max_num_queries(8):
        response = client.get(reverse("units:directory"))
    assert "Xã Thử 29" in response.content.decode()


def test_htmx_search_returns_only_the_results(login: Any, people: Any) -> None:
    response = login(people.donvi).get(
        reverse("units:directory"), {"q": "so tttt"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert "Sở Thông tin và Truyền thông" in html
    assert "<html" not in html


def test_unit_page_shows_history_successor_and_people(
    login: Any, people: Any, province: Any
) -> None:
    client = login(people.donvi)
    html = client.get(reverse("units:detail", args=[province.tttt.uuid])).content.decode()
    assert "01/03/2025" in html
    assert "Sở Khoa học và Công nghệ" in html
    assert "Công việc do đơn vị sau tiếp nhận" in html
    html = client.get(reverse("units:detail", args=[province.khcn.uuid])).content.decode()
    assert "tiếp nhận từ" in html
    assert "Nguyễn Thường Trực" in html  # the secretariat officer works there
    assert "Nghị định 45/2025/NĐ-CP" in html


def test_unknown_unit_gets_vietnamese_404(login: Any, people: Any) -> None:
    response = login(people.donvi).get("/units/00000000-0000-0000-0000-000000000000/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


def test_secretariat_edits_a_unit_and_the_change_is_audited(
    login: Any, people: Any, province: Any
) -> None:
    client = login(people.thuongtruc)
    url = reverse("units:edit", args=[province.tc.uuid])
    response = client.post(
        url,
        {
            "name": "Sở Tài chính",
            "kind": "department",
            "parent": province.unit.pk,
            "short_name": "",
            "abbreviations": "STC\nSở TC",
            "aliases": "",
            "code": "",
            "valid_from": "",
            "valid_to": "",
            "source": "",
        },
    )
    assert response.status_code == 302
    province.tc.refresh_from_db()
    assert province.tc.abbreviations == ["STC", "Sở TC"]
    event = AuditEvent.objects.get(action="unit.update")
    assert event.actor == people.thuongtruc
    assert event.before is not None
    assert event.after is not None
    assert event.before["abbreviations"] == ["STC"]
    assert event.after["abbreviations"] == ["STC", "Sở TC"]
    html = client.get(reverse("core:audit_log")).content.decode()
    assert "unit.update" in html
    assert "Sở TC" in html


def test_unit_form_shows_field_errors_and_writes_nothing(
    login: Any, people: Any, province: Any
) -> None:
    client = login(people.thuongtruc)
    response = client.post(
        reverse("units:create"),
        {
            "name": "Ban Quản lý thử",
            "kind": "agency",
            "parent": province.unit.pk,
            "valid_from": "01/07/2025",
            "valid_to": "30/06/2025",
            "code": "",
            "abbreviations": "",
            "aliases": "",
            "short_name": "",
            "source": "",
        },
    )
    assert response.status_code == 200
    assert "Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực." in response.content.decode()
    assert not Unit.objects.filter(name="Ban Quản lý thử").exists()
    assert not AuditEvent.objects.exists()


def test_officer_cannot_edit_units(login: Any, people: Any, province: Any) -> None:
    client = login(people.donvi)
    response = client.post(reverse("units:edit", args=[province.tc.uuid]), {"name": "X"})
    assert response.status_code == 403
    assert "Bạn không có quyền" in response.content.decode()
    province.tc.refresh_from_db()
    assert province.tc.name == "Sở Tài chính"


def test_secretariat_records_a_succession(login: Any, people: Any, province: Any) -> None:
    client = login(people.thuongtruc)
    response = client.post(
        reverse("units:succession_add", args=[province.district.uuid]),
        {
            "successor": province.commune.pk,
            "kind": "merge",
            "share": "partial",
            "date": "01/07/2025",
            "source_document": "Nghị quyết 1675/NQ-UBTVQH15",
        },
    )
    assert response.status_code == 302
    succ = Succession.objects.get(predecessor=province.district)
    assert succ.successor == province.commune
    assert succ.share == "partial"
    assert AuditEvent.objects.filter(action="succession.create").count() == 1
    again = client.post(
        reverse("units:succession_add", args=[province.district.uuid]),
        {
            "successor": province.commune.pk,
            "kind": "merge",
            "share": "partial",
            "date": "01/07/2025",
            "source_document": "",
        },
    )
    assert "Quan hệ kế thừa này đã được ghi nhận." in again.content.decode()
    assert Succession.objects.filter(predecessor=province.district).count() == 1


def test_abolished_district_work_is_carried_by_its_successors(province: Any) -> None:
    import datetime as dt

    assert province.old_commune.current_successors(dt.date(2026, 1, 1)) == [province.commune]
    assert province.tttt.current_successors(dt.date(2024, 6, 1)) == [province.tttt]
