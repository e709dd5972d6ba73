"""Unit and group pickers: units in force today by default, history on a toggle, each
unit named with its parent (and its end once gone), groups with no member today left
out; accent-insensitive search still finds "so tttt"."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.utils import timezone

from chidao.documents.choices import DocumentKind, DocumentStatus
from chidao.documents.models import Document
from chidao.tasks.choices import TaskState
from chidao.tasks.tests.conftest import assign, make_task
from chidao.units.models import Unit, UnitGroup
from chidao.units.queries import picker_groups

pytestmark = pytest.mark.django_db


def _options(html: str, select_name: str) -> list[str]:
    """The labels of a <select name=…>'s options."""
    select = re.search(rf'<select[^>]* name="{select_name}".*?</select>', html, re.S)
    assert select is not None, select_name
    return [label.strip() for label in re.findall(r"<option[^>]*>(.*?)</option>", select[0])]


@pytest.fixture
def hoa_binh(province: Any, work: Any) -> Any:
    """Two communes named Xã Hòa Bình: one of Huyện Cao Lộc until 30/6/2025, one of the
    province since 1/7/2025; each (and the district) assigned a task."""
    old = Unit.objects.create(
        kind="commune",
        parent=province.district,
        province=province.unit,
        code="06130",
        name="Xã Hòa Bình",
        valid_to=dt.date(2025, 6, 30),
    )
    new = Unit.objects.create(
        kind="commune",
        parent=province.unit,
        province=province.unit,
        code="06131",
        name="Xã Hòa Bình",
        valid_from=dt.date(2025, 7, 1),
    )
    assign(work.commune, province.district, active=False)
    assign(work.commune, old, active=False)
    assign(work.commune, new)
    return type("HoaBinh", (), {"old": old, "new": new})


@pytest.fixture
def unit_groups(province: Any) -> Any:
    """The district committees (no district exists today), "địa phương" (the districts
    until 30/6/2025, the communes since), the departments, and the steering committee's
    members listed one by one (one department gone)."""
    make = UnitGroup.objects.create
    ubnd_huyen = make(
        province=province.unit, key="ubnd-huyen", name="UBND cấp huyện", member_kinds=["district"]
    )
    ubnd_xa = make(
        province=province.unit, key="ubnd-xa", name="UBND cấp xã", member_kinds=["commune"]
    )
    dia_phuong = make(
        province=province.unit,
        key="dia-phuong",
        name="Địa phương",
        resolves_to=[
            {"group": "ubnd-huyen", "valid_to": "2025-06-30"},
            {"group": "ubnd-xa", "valid_from": "2025-07-01"},
        ],
    )
    huyen_cu = make(
        province=province.unit,
        key="huyen-cu",
        name="Các huyện (cách gọi cũ)",
        resolves_to=[{"group": "ubnd-huyen"}],
    )
    so_nganh = make(
        province=province.unit,
        key="so-nganh",
        name="Các sở, ban, ngành tỉnh",
        member_kinds=["department", "agency"],
    )
    bcd_gone = make(province=province.unit, key="bcd-cu", name="Thành viên BCĐ cũ")
    bcd_gone.members.set([province.tttt])
    bcd = make(province=province.unit, key="bcd", name="Thành viên BCĐ")
    bcd.members.set([province.tc, province.tttt])
    return type(
        "Groups",
        (),
        {
            "all": [ubnd_huyen, ubnd_xa, dia_phuong, huyen_cu, so_nganh, bcd_gone, bcd],
            "gone": {"UBND cấp huyện", "Các huyện (cách gọi cũ)", "Thành viên BCĐ cũ"},
        },
    )


def test_task_filter_offers_units_in_force_today_each_with_its_parent(
    login: Any, people: Any, province: Any, hoa_binh: Any
) -> None:
    html = login(people.thuongtruc).get("/tasks/").content.decode()
    units = _options(html, "unit")
    assert "Xã Hòa Bình — Lạng Sơn" in units
    assert "Sở Tài chính — Lạng Sơn" in units
    assert not [u for u in units if "Huyện Cao Lộc" in u]
    assert units.count("Xã Hòa Bình — Lạng Sơn") == 1
    assert "Hiện cả đơn vị đã giải thể/sáp nhập" in html


def test_task_filter_history_toggle_offers_dissolved_units_with_their_end(
    login: Any, people: Any, province: Any, hoa_binh: Any
) -> None:
    html = login(people.thuongtruc).get("/tasks/", {"history": "1"}).content.decode()
    units = _options(html, "unit")
    assert "Huyện Cao Lộc — Lạng Sơn (đến 30/6/2025)" in units
    # The two communes of the same name are told apart by their parent.
    assert "Xã Hòa Bình — Lạng Sơn" in units
    assert "Xã Hòa Bình — Huyện Cao Lộc (đến 30/6/2025)" in units
    # In force first, then the ones gone.
    assert units.index("Xã Hòa Bình — Lạng Sơn") < units.index(
        "Huyện Cao Lộc — Lạng Sơn (đến 30/6/2025)"
    )
    assert '<input type="hidden" name="history" value="1">' in html
    assert "Chỉ hiện đơn vị đang hoạt động" in html


def test_filtering_by_a_dissolved_unit_chosen_before_still_works(
    login: Any, people: Any, province: Any, hoa_binh: Any, work: Any
) -> None:
    response = login(people.thuongtruc).get("/tasks/", {"unit": str(province.commune.uuid)})
    assert [t for t, _row in response.context["rows"]] == [work.commune]
    response = login(people.thuongtruc).get("/tasks/", {"unit": str(hoa_binh.new.uuid)})
    assert [t for t, _row in response.context["rows"]] == [work.commune]
    # A unit gone from the default list, already chosen (from its page, say), stays chosen.
    old = login(people.thuongtruc).get("/tasks/", {"unit": str(hoa_binh.old.uuid)})
    assert old.context["form"].is_valid()
    assert "Xã Hòa Bình — Huyện Cao Lộc (đến 30/6/2025)" in _options(old.content.decode(), "unit")


def test_groups_with_no_member_today_are_not_offered_by_default(
    login: Any, people: Any, province: Any, unit_groups: Any
) -> None:
    client = login(people.thuongtruc)
    offered = set(_options(client.get("/tasks/").content.decode(), "group")) - {"Tất cả"}
    assert offered == {"UBND cấp xã", "Địa phương", "Các sở, ban, ngành tỉnh", "Thành viên BCĐ"}
    history = set(_options(client.get("/tasks/", {"history": "1"}).content.decode(), "group"))
    assert unit_groups.gone <= history


@pytest.mark.parametrize(
    "day", [dt.date(2024, 6, 1), dt.date(2025, 6, 30), dt.date(2025, 7, 1), None]
)
def test_picker_groups_agree_with_members_on(province: Any, unit_groups: Any, day: Any) -> None:
    day = day or timezone.localdate()
    offered = {g.key for g in picker_groups(province.unit, day)}
    assert offered == {g.key for g in unit_groups.all if g.members_on(day).exists()}


def test_list_query_count_with_groups_and_history(
    login: Any,
    people: Any,
    hoa_binh: Any,
    unit_groups: Any,
    django_assert_num_queries: Any,
) -> None:
    client = login(people.thuongtruc)
    client.get("/tasks/")
    # 13 without groups. The groups are read twice (once to choose, once by the
    # select), and choosing costs three more: the provinces merged in, the kinds in
    # force, the listed members in force (`units.queries.picker_groups`), whatever the
    # number of groups; with the history toggle there is nothing to choose.
    with django_assert_num_queries(17):
        client.get("/tasks/")
    with django_assert_num_queries(14):
        client.get("/tasks/", {"history": "1"})


def _review_doc(province: Any, issued_on: dt.date) -> Document:
    doc = Document.objects.create(
        province=province.unit,
        kind=DocumentKind.KH,
        number="12/KH-UBND",
        issued_on=issued_on,
        title="Kế hoạch chuyển đổi số",
        status=DocumentStatus.EXTRACTED,
        text="1. Sở TT&TT chủ trì triển khai nền tảng số.",
    )
    make_task(province, doc, "Triển khai nền tảng số", state=TaskState.DRAFT)
    return doc


def _pick(client: Any, doc: Document, q: str, **extra: str) -> list[str]:
    task = doc.tasks.get()
    html = client.get(
        f"/documents/{doc.uuid}/review/", {"pick_task": str(task.uuid), "pick_q": q, **extra}
    ).content.decode()
    return [
        re.sub(r"\s+", " ", label).strip()
        for label in re.findall(r'<span class="flex-fill">(.*?) <span class="small', html, re.S)
    ]


def test_review_picker_finds_so_tttt_without_accents_on_the_documents_date(
    login: Any, people: Any, province: Any
) -> None:
    client = login(people.thuongtruc)
    doc = _review_doc(province, dt.date(2024, 5, 10))
    assert _pick(client, doc, "so tttt") == ["Sở Thông tin và Truyền thông — Lạng Sơn"]


def test_review_picker_offers_gone_units_only_with_the_toggle(
    login: Any, people: Any, province: Any
) -> None:
    client = login(people.thuongtruc)
    doc = _review_doc(province, dt.date(2026, 1, 10))
    assert _pick(client, doc, "so tttt") == []
    assert _pick(client, doc, "so tttt", pick_history="1") == [
        "Sở Thông tin và Truyền thông — Lạng Sơn (đến 28/2/2025)"
    ]
    assert _pick(client, doc, "cao loc") == ["Xã Cao Lộc — Lạng Sơn"]


def test_target_pickers_offer_units_and_groups_in_force_unless_asked(
    login: Any, people: Any, province: Any, hoa_binh: Any, unit_groups: Any
) -> None:
    client = login(people.thuongtruc)
    units = _options(client.get("/indicators/targets/").content.decode(), "unit")
    assert "Xã Hòa Bình — Lạng Sơn" in units
    assert not [u for u in units if "Cao Lộc (đến" in u or u.startswith("Huyện")]
    units = _options(client.get("/indicators/targets/", {"history": "1"}).content.decode(), "unit")
    assert "Huyện Cao Lộc — Lạng Sơn (đến 30/6/2025)" in units
    scopes = _options(client.get("/indicators/targets/new/").content.decode(), "scope")
    assert "Nhóm: UBND cấp xã" in scopes
    assert "Nhóm: UBND cấp huyện" not in scopes
    assert "Sở Tài chính — Lạng Sơn" in scopes
    assert not [s for s in scopes if "Sở Thông tin và Truyền thông" in s]
    scopes = _options(
        client.get("/indicators/targets/new/", {"history": "1"}).content.decode(), "scope"
    )
    assert "Nhóm: UBND cấp huyện" in scopes
    assert "Sở Thông tin và Truyền thông — Lạng Sơn (đến 28/2/2025)" in scopes


def test_inbox_unit_choice_names_units_with_their_parent(
    login: Any, people: Any, province: Any, hoa_binh: Any
) -> None:
    html = login(people.thuongtruc).get("/tasks/inbox/").content.decode()
    options = _options(html, "unit")
    assert "Xã Hòa Bình — Lạng Sơn" in options
    assert "Xã Hòa Bình — Huyện Cao Lộc (đến 30/6/2025)" not in options
    html = login(people.thuongtruc).get("/tasks/inbox/", {"history": "1"}).content.decode()
    assert "Xã Hòa Bình — Huyện Cao Lộc (đến 30/6/2025)" in _options(html, "unit")


def test_regime_form_offers_groups_with_members_and_names_units_with_their_parent(
    login: Any, people: Any, province: Any, hoa_binh: Any, unit_groups: Any
) -> None:
    html = login(people.thuongtruc).get("/reporting/regimes/new/").content.decode()
    groups = _options(html, "group")
    assert "UBND cấp xã" in groups
    assert "UBND cấp huyện" not in groups
    assert "Sở Tài chính — Lạng Sơn" in _options(html, "receiver")
    assert "Xã Hòa Bình — Lạng Sơn" in _options(html, "units")


def test_unit_screens_name_units_with_their_parent(
    login: Any, people: Any, province: Any, hoa_binh: Any, unit_groups: Any
) -> None:
    client = login(people.admin)
    group = UnitGroup.objects.get(key="bcd")
    members = _options(client.get(f"/units/groups/{group.uuid}/").content.decode(), "unit")
    assert "Sở Tài chính — Lạng Sơn" in members
    successors = _options(
        client.get(f"/units/{hoa_binh.old.uuid}/succession/").content.decode(), "successor"
    )
    assert "Xã Hòa Bình — Lạng Sơn" in successors
    assert "Huyện Cao Lộc — Lạng Sơn (đến 30/6/2025)" in successors


def test_scoreboard_offers_the_groups_with_members_at_the_periods_end(
    login: Any, people: Any, province: Any, unit_groups: Any
) -> None:
    client = login(people.thuongtruc)
    now = _options(client.get("/indicators/scoreboard/").content.decode(), "units")
    assert "UBND cấp xã" in now
    assert "UBND cấp huyện" not in now
    past = client.get("/indicators/scoreboard/", {"period": "2024Q2"}).content.decode()
    assert "UBND cấp huyện" in _options(past, "units")


def test_values_page_names_units_with_their_parent_at_the_periods_end(
    login: Any, people: Any, province: Any, hoa_binh: Any
) -> None:
    client = login(people.thuongtruc)
    past = client.get("/indicators/values/", {"period": "2024Q2"}).content.decode()
    assert "Xã Hòa Bình — Huyện Cao Lộc" in _options(past, "unit")
    now = client.get("/indicators/values/").content.decode()
    assert "Xã Hòa Bình — Lạng Sơn" in _options(now, "unit")
