"""The steering committee after `chidao init`: its name history, its members ("Thành viên
Ban Chỉ đạo") at a date, a directive to them published, and the members page."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.management import call_command
from django.db.models import F
from django.urls import reverse

from chidao.core.models import AuditEvent
from chidao.units.choices import SuccessionKind, UnitKind
from chidao.units.models import GroupMembership, Installation, Succession, Unit, UnitGroup

pytestmark = pytest.mark.django_db

TODAY = dt.date.today()
BEFORE_MERGER = dt.date(2025, 2, 1)
NEW_NAME = "Ban Chỉ đạo về phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số tỉnh"


@pytest.fixture
def lang_son(db: Any) -> Unit:
    """Lạng Sơn set up through the command, as a deployment does."""
    call_command("init", province="20", province_only=True, stdout=io.StringIO())
    return Installation.objects.get().province


def committee_group(province: Unit) -> UnitGroup:
    return UnitGroup.objects.get(province=province, name="Thành viên Ban Chỉ đạo")


def keys(units: Any) -> set[str]:
    return set(units.values_list("catalogue_key", flat=True))


def make_user(username: str, role: str, unit: Unit | None) -> Any:
    from chidao.accounts.models import User

    user = User(username=username, role=role, unit=unit, full_name=username.title())
    user.set_password("x")
    user.save()
    return user


@pytest.fixture
def thuong_truc(lang_son: Unit) -> Any:
    """A secretariat officer of Sở KH&CN, the committee's standing body."""
    khcn = Unit.objects.get(province=lang_son, catalogue_key="so-khcn")
    return make_user("thuongtruc", "secretariat", khcn)


@pytest.fixture
def can_bo_so_y_te(lang_son: Unit) -> Any:
    """An officer of Sở Y tế."""
    yt = Unit.objects.get(province=lang_son, catalogue_key="so-yt")
    return make_user("canbo", "officer", yt)


def test_init_creates_the_committee_with_its_2025_name(lang_son: Unit) -> None:
    # The first name has no start date: NULL sorts first on SQLite, last on PostgreSQL.
    old, new = Unit.objects.filter(province=lang_son, catalogue_key="bcd-cds").order_by(
        F("valid_from").asc(nulls_first=True)
    )
    assert old.name == "Ban Chỉ đạo chuyển đổi số tỉnh"
    assert old.valid_to == dt.date(2025, 2, 28)
    assert new.name == NEW_NAME
    assert new.valid_from == dt.date(2025, 3, 1)
    assert new.kind == old.kind == UnitKind.COMMITTEE
    link = Succession.objects.get(predecessor=old, successor=new)
    assert link.kind == SuccessionKind.RENAME
    assert old.current_successors(TODAY) == [new]
    # the name the province's reports are addressed to
    assert Installation.objects.get().steering_committee_name == f"{NEW_NAME} Lạng Sơn"


def test_init_gives_the_committee_its_usual_members(lang_son: Unit) -> None:
    group = committee_group(lang_son)

    today = group.members_on(TODAY)
    assert today.count() >= 15
    assert {"ubnd-tinh", "vp-ubnd", "so-khcn", "ca-tinh", "bchqs-tinh", "tinh-uy"} <= keys(today)
    assert {"vnpt-tinh", "viettel-tinh", "buu-dien-tinh"} <= keys(today)
    assert "so-tttt" not in keys(today)
    before = group.members_on(BEFORE_MERGER)
    assert {"so-tttt", "so-khcn", "so-khdt", "ubnd-tinh"} <= keys(before)
    assert "so-nnmt" not in keys(before)
    tttt = GroupMembership.objects.get(group=group, unit__catalogue_key="so-tttt")
    assert tttt.valid_to == dt.date(2025, 2, 28)


def test_the_peoples_committee_answers_for_its_chairman(lang_son: Unit) -> None:
    ubnd = Unit.objects.get(province=lang_son, catalogue_key="ubnd-tinh")
    assert {"Chủ tịch UBND tỉnh", "Chủ tịch Ủy ban nhân dân tỉnh"} <= set(ubnd.aliases)
    assert "UBND tỉnh" in ubnd.abbreviations
    assert Unit.objects.filter(province=lang_son, catalogue_key="vp-ubnd").valid_on(TODAY)
    assert ubnd in Unit.objects.search("Chủ tịch UBND tỉnh")


def test_init_again_neither_duplicates_nor_readds_a_removed_member(
    lang_son: Unit, thuong_truc: Any
) -> None:
    from chidao.units import services

    group = committee_group(lang_son)
    count = group.memberships.count()
    viettel = group.memberships.get(unit__catalogue_key="viettel-tinh")
    services.end_group_membership(thuong_truc, viettel, valid_to=dt.date(2026, 1, 31))

    out = io.StringIO()
    call_command("init", province="20", province_only=True, stdout=out)

    assert group.memberships.count() == count
    assert "0 thành viên nhóm" in out.getvalue()
    assert "viettel-tinh" not in keys(group.members_on(TODAY))


def test_a_directive_to_the_committees_members_is_published_to_each_member(
    lang_son: Unit, thuong_truc: Any, settings: Any, tmp_path: Any
) -> None:
    from chidao.documents import services as documents
    from chidao.documents.choices import DocumentStatus
    from chidao.documents.tests.conftest import make_docx
    from chidao.tasks.models import Assignment

    settings.MEDIA_ROOT = tmp_path
    doc = documents.upload_document(
        thuong_truc,
        "kh.docx",
        make_docx(
            [
                "ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN",
                "Số: 5/KH-UBND",
                "Lạng Sơn, ngày 10 tháng 1 năm 2026",
                "KẾ HOẠCH",
                "Chuyển đổi số năm 2026",
                "II. NHIỆM VỤ",
                "1. Các thành viên Ban Chỉ đạo chủ trì rà soát, báo cáo kết quả chuyển đổi "
                "số của ngành, hoàn thành trước ngày 30/6/2026.",
            ]
        ),
        background=False,
    )
    assert doc.status == DocumentStatus.EXTRACTED
    group = committee_group(lang_son)
    task = doc.tasks.get()
    assert [m.group for m in task.mentions.all()] == [group]

    documents.publish(thuong_truc, doc, today=TODAY)

    doc.refresh_from_db()
    assert doc.status == DocumentStatus.PUBLISHED
    members = set(group.members_on(dt.date(2026, 1, 10)))
    assigned = {a.unit for a in Assignment.objects.filter(task=task, active=True)}
    assert assigned == members
    assert len(assigned) >= 15


def test_members_page_shows_who_joined_and_left_with_dates(
    lang_son: Unit, thuong_truc: Any, client: Any
) -> None:
    group = committee_group(lang_son)
    hnd = Unit.objects.get(province=lang_son, catalogue_key="hnd-tinh")
    vnpt = group.memberships.get(unit__catalogue_key="vnpt-tinh")
    client.force_login(thuong_truc)

    added = client.post(
        reverse("units:group_member_add", args=[group.uuid]),
        {"unit": hnd.uuid, "valid_from": "01/02/2026", "source": "QĐ 12/QĐ-BCĐ"},
    )
    removed = client.post(
        reverse("units:group_member_end", args=[group.uuid, vnpt.uuid]),
        {"valid_to": "15/03/2026"},
    )

    assert added.status_code == removed.status_code == 302
    row = group.memberships.get(unit=hnd)
    assert (row.valid_from, row.valid_to, row.source) == (dt.date(2026, 2, 1), None, "QĐ 12/QĐ-BCĐ")
    vnpt.refresh_from_db()
    assert vnpt.valid_to == dt.date(2026, 3, 15)
    assert hnd in group.members_on(dt.date(2026, 2, 1))
    assert hnd not in group.members_on(dt.date(2026, 1, 31))
    assert vnpt.unit in group.members_on(dt.date(2026, 3, 15))
    assert vnpt.unit not in group.members_on(dt.date(2026, 3, 16))
    events = AuditEvent.objects.filter(
        target_id=str(group.uuid), action__startswith="group.member"
    ).order_by("pk")
    assert [(e.action, e.actor_id) for e in events] == [
        ("group.member_add", thuong_truc.pk),
        ("group.member_end", thuong_truc.pk),
    ]
    before, after = events[1].before, events[1].after
    assert before is not None
    assert after is not None
    assert (before["valid_to"], after["valid_to"]) == (None, "2026-03-15")

    page = client.get(reverse("units:group_detail", args=[group.uuid]), {"as_of": "01/04/2026"})
    html = page.content.decode()
    hnd_row = html.split(f'data-membership="{row.uuid}"')[1].split("</tr>")[0]
    assert all(text in hnd_row for text in ("Hội Nông dân tỉnh", "01/02/2026", "đến nay"))
    vnpt_row = html.split(f'data-membership="{vnpt.uuid}"')[1].split("</tr>")[0]
    assert all(text in vnpt_row for text in ("VNPT Lạng Sơn", "15/03/2026"))
    members_list = html.split("group-members")[1].split("</ul>")[0]
    assert "Hội Nông dân tỉnh" in members_list
    assert "VNPT Lạng Sơn" not in members_list
    assert "Thành viên tại ngày 01/04/2026" in html


def test_adding_a_member_twice_is_refused_with_a_message(
    lang_son: Unit, thuong_truc: Any, client: Any
) -> None:
    group = committee_group(lang_son)
    khcn = Unit.objects.get(province=lang_son, catalogue_key="so-khcn")
    count = group.memberships.count()
    client.force_login(thuong_truc)

    response = client.post(
        reverse("units:group_member_add", args=[group.uuid]),
        {"unit": khcn.uuid, "valid_from": "01/02/2026"},
    )

    assert response.status_code == 400
    assert "Sở Khoa học và Công nghệ đã là thành viên của nhóm" in response.content.decode()
    assert group.memberships.count() == count


def test_ending_before_the_start_is_refused(lang_son: Unit, thuong_truc: Any, client: Any) -> None:
    group = committee_group(lang_son)
    khcn = group.memberships.get(unit__catalogue_key="so-khcn", valid_to__isnull=True)
    new = Unit.objects.get(province=lang_son, catalogue_key="hnd-tinh")
    client.force_login(thuong_truc)
    client.post(
        reverse("units:group_member_add", args=[group.uuid]),
        {"unit": new.uuid, "valid_from": "01/02/2026"},
    )
    row = group.memberships.get(unit=new)

    response = client.post(
        reverse("units:group_member_end", args=[group.uuid, row.uuid]), {"valid_to": "31/12/2025"}
    )

    assert response.status_code == 400
    assert "Ngày thôi là thành viên phải từ ngày 01/02/2026 trở đi." in response.content.decode()
    row.refresh_from_db()
    khcn.refresh_from_db()
    assert (row.valid_to, khcn.valid_to) == (None, None)


def test_officer_cannot_change_the_committees_members(
    lang_son: Unit, can_bo_so_y_te: Any, client: Any
) -> None:
    group = committee_group(lang_son)
    hnd = Unit.objects.get(province=lang_son, catalogue_key="hnd-tinh")
    vnpt = group.memberships.get(unit__catalogue_key="vnpt-tinh")
    client.force_login(can_bo_so_y_te)

    added = client.post(
        reverse("units:group_member_add", args=[group.uuid]),
        {"unit": hnd.uuid, "valid_from": "01/02/2026"},
    )
    ended = client.post(
        reverse("units:group_member_end", args=[group.uuid, vnpt.uuid]), {"valid_to": "15/03/2026"}
    )
    page = client.get(reverse("units:group_detail", args=[group.uuid]))

    assert added.status_code == ended.status_code == 403
    assert "Bạn không có quyền thực hiện thao tác này." in added.content.decode()
    assert not group.memberships.filter(unit=hnd).exists()
    vnpt.refresh_from_db()
    assert vnpt.valid_to is None
    assert not AuditEvent.objects.filter(action__startswith="group.member").exists()
    html = page.content.decode()
    assert "VNPT Lạng Sơn" in html  # the history is shown to every reader
    assert "Thêm thành viên" not in html


def test_demo_shows_the_committee_its_members_and_a_task_to_them(settings: Any) -> None:
    from chidao.tasks.models import Task

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("demo", "--no-serve", stdout=io.StringIO())
    province = Installation.objects.get().province
    group = committee_group(province)
    task = Task.objects.get(title__startswith="Rà soát, báo cáo kết quả thực hiện nhiệm vụ")

    assigned = set(task.assignments.filter(active=True).values_list("unit_id", flat=True))
    assert task.document is not None
    assert task.document.issued_on is not None
    members = set(group.members_on(task.document.issued_on).values_list("pk", flat=True))
    assert assigned == members
    assert len(members) >= 15
    assert Unit.objects.get(province=province, catalogue_key="bcd-cds", valid_to=None).name == (
        NEW_NAME
    )
    from django.test import Client

    from chidao.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username="donvi"))  # an officer of Sở Tài chính
    assert (
        "Rà soát, báo cáo kết quả thực hiện nhiệm vụ"
        in client.get(reverse("tasks:inbox")).content.decode()
    )
    page = client.get(reverse("units:group_detail", args=[group.uuid])).content.decode()
    assert "Lịch sử thành viên chỉ định" in page
    assert "Sở Khoa học và Công nghệ" in page


def test_members_page_runs_a_fixed_number_of_queries(
    lang_son: Unit, thuong_truc: Any, client: Any, django_assert_num_queries: Any
) -> None:
    group = committee_group(lang_son)
    client.force_login(thuong_truc)
    # session, user, group, members at the date (2: the province's predecessors), the
    # installation, the menu's unit, notifications, the form's units, the history
    with django_assert_num_queries(11):
        response = client.get(reverse("units:group_detail", args=[group.uuid]))
    assert response.content.decode().count("data-membership=") == group.memberships.count()


def test_a_bad_date_is_refused_with_a_message_and_writes_nothing(
    lang_son: Unit, thuong_truc: Any, client: Any
) -> None:
    group = committee_group(lang_son)
    vnpt = group.memberships.get(unit__catalogue_key="vnpt-tinh")
    hnd = Unit.objects.get(province=lang_son, catalogue_key="hnd-tinh")
    client.force_login(thuong_truc)

    ended = client.post(
        reverse("units:group_member_end", args=[group.uuid, vnpt.uuid]), {"valid_to": "31/02/2026"}
    )
    added = client.post(reverse("units:group_member_add", args=[group.uuid]), {"unit": hnd.uuid})

    assert ended.status_code == added.status_code == 400
    assert "Ngày thành viên không hợp lệ (dạng dd/mm/yyyy)." in ended.content.decode()
    assert "Nhập ngày bắt đầu là thành viên (dd/mm/yyyy)." in added.content.decode()
    vnpt.refresh_from_db()
    assert vnpt.valid_to is None
    assert not group.memberships.filter(unit=hnd).exists()
    assert not AuditEvent.objects.filter(action__startswith="group.member").exists()
