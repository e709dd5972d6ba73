"""Learning from review: aliases the secretariat teaches the reader, and the corrections
each review made against what was read (the document page, the monthly accuracy page and
the extraction export)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from chidao.core.models import AuditEvent
from chidao.documents import services
from chidao.documents.models import Document, LearnedAlias, ReviewCorrection
from chidao.tasks.choices import AssignmentRole
from chidao.tasks.models import Task, TaskMention

HEAD = (
    "ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN\nSố: {number}/KH-UBND\n"
    "Lạng Sơn, ngày 15 tháng 4 năm 2024\nKẾ HOẠCH\nTriển khai chuyển đổi số năm 2024\n"
    "II. NHIỆM VỤ\n"
)


def _plan(number: int, *items: str) -> bytes:
    body = "".join(f"{i}. {text}\n" for i, text in enumerate(items, start=1))
    return (HEAD.format(number=number) + body).encode()


def _tasks(doc: Document) -> list[Task]:
    return list(Task.objects.filter(document=doc).order_by("order", "pk"))


def _lead(task: Task) -> TaskMention:
    return task.mentions.get(role=AssignmentRole.LEAD)


def _relink(client: Any, doc: Document, task: Task, mention: TaskMention, unit: Any) -> Any:
    """The review page's unit picker resolving `mention` to `unit`."""
    task.refresh_from_db()
    return client.post(
        reverse("documents:mention_add", args=[doc.uuid, task.uuid]),
        {
            "version": task.version,
            "role": mention.role,
            "target": f"unit:{unit.uuid}",
            "replace": mention.pk,
        },
    )


# --- learned aliases -------------------------------------------------------------------


def test_unknown_mention_relinked_in_review_is_matched_by_the_next_reading(
    login: Any, people: Any, province: Any, upload: Any
) -> None:
    # Given a plan naming a body the reader does not know
    first = upload(_plan(15, "Trung tâm CĐS chủ trì xây dựng kho dữ liệu dùng chung."), "a.txt")
    task = _tasks(first)[0]
    mention = _lead(task)
    assert mention.mention == "Trung tâm CĐS"
    assert not mention.is_resolved
    # When the secretariat links it to the department on the review page
    response = _relink(login(people.thuongtruc), first, task, mention, province.khcn)
    assert response.status_code == 302
    # Then the mention is an alias of that department, with where it came from
    alias = LearnedAlias.objects.get()
    assert (alias.province, alias.unit, alias.mention, alias.folded) == (
        province.unit,
        province.khcn,
        "Trung tâm CĐS",
        "trung tam cds",
    )
    assert (alias.document, alias.created_by) == (first, people.thuongtruc)
    event = AuditEvent.objects.get(action="alias.learn")
    assert event.actor == people.thuongtruc
    assert event.after == {
        "unit": "Sở Khoa học và Công nghệ",
        "mention": "Trung tâm CĐS",
        "document": str(first),
    }
    # And the next directive writing the same words is read with that lead
    second = upload(
        _plan(16, "Trung tâm CĐS chủ trì vận hành trung tâm điều hành thông minh."), "b.txt"
    )
    lead = _lead(_tasks(second)[0])
    assert lead.mention == "Trung tâm CĐS"
    assert lead.unit == province.khcn


def test_learned_alias_wins_over_the_catalogue_spelling(
    people: Any, province: Any, upload: Any
) -> None:
    # "Sở TTTT" is the catalogue's abbreviation of Sở TT&TT; the secretariat says that in
    # this province's directives it now means Sở KH&CN.
    first = upload(_plan(15, "Sở TTTT cũ chủ trì bàn giao hồ sơ dữ liệu số."), "a.txt")
    task = _tasks(first)[0]
    mention = _lead(task)
    assert (mention.mention, mention.unit) == ("Sở TTTT", province.tttt)
    services.add_mention(
        people.thuongtruc,
        task,
        version=task.version,
        role=AssignmentRole.LEAD,
        unit=province.khcn,
        replace=mention,
    )
    second = upload(
        _plan(
            16,
            "Sở TTTT chủ trì lưu trữ hồ sơ số.",
            "Sở Thông tin và Truyền thông chủ trì tổng kết.",
        ),
        "b.txt",
    )
    learned, untouched = _tasks(second)
    assert _lead(learned).unit == province.khcn
    assert _lead(untouched).unit == province.tttt  # the full name still means the old body


def test_relinking_to_the_unit_already_matched_or_a_group_learns_nothing(
    people: Any, province: Any, upload: Any, groups: Any
) -> None:
    doc = upload(_plan(15, "Sở Tài chính chủ trì bố trí kinh phí."), "a.txt")
    task = _tasks(doc)[0]
    mention = _lead(task)
    services.add_mention(
        people.thuongtruc,
        task,
        version=task.version,
        role=AssignmentRole.LEAD,
        unit=province.tc,
        replace=mention,
    )
    task.refresh_from_db()
    services.add_mention(
        people.thuongtruc,
        task,
        version=task.version,
        role=AssignmentRole.LEAD,
        group=groups.so_nganh,
        replace=mention,
    )
    assert not LearnedAlias.objects.exists()
    assert not AuditEvent.objects.filter(action="alias.learn").exists()


@pytest.mark.parametrize(
    ("mention", "generic"),
    [
        ("các sở, ban, ngành", True),
        ("sở, ngành", True),
        ("UBND cấp xã", True),
        ("Sở", True),
        ("đơn vị liên quan", True),
        ("địa phương", True),
        ("Ab", True),
        ("Trung tâm CĐS", False),
        ("Sở TTTT cũ", False),
        ("STTTT", False),
    ],
)
def test_generic_mentions_are_not_learned(
    province: Any, groups: Any, mention: str, generic: bool
) -> None:
    assert services.is_generic_mention(mention, province.unit) is generic
    learned = services.learn_alias(None, mention, province.khcn, document=None)
    assert (learned is None) is generic


def test_unit_page_lists_learned_aliases_and_secretariat_removes_one(
    login: Any, people: Any, province: Any, upload: Any, django_assert_num_queries: Any
) -> None:
    first = upload(_plan(15, "Trung tâm CĐS chủ trì xây dựng kho dữ liệu."), "a.txt")
    task = _tasks(first)[0]
    client = login(people.thuongtruc)
    _relink(client, first, task, _lead(task), province.khcn)
    alias = LearnedAlias.objects.get()
    page = client.get(reverse("units:detail", args=[province.khcn.uuid])).content.decode()
    assert "Tên gọi học được khi rà soát" in page
    assert "<strong>Trung tâm CĐS</strong>" in page
    assert reverse("documents:detail", args=[first.uuid]) in page
    assert reverse("documents:alias_remove", args=[alias.uuid]) in page
    # the card costs one query whatever the number of aliases
    from django.template import Context, Template

    request = client.get(reverse("documents:accuracy")).wsgi_request
    template = Template("{% load documents %}{% learned_aliases unit %}")
    with django_assert_num_queries(1):
        template.render(Context({"request": request, "unit": province.khcn}))

    response = client.post(reverse("documents:alias_remove", args=[alias.uuid]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("units:detail", args=[province.khcn.uuid])
    assert "Đã xoá tên gọi “Trung tâm CĐS” của Sở Khoa học và Công nghệ." in (
        response.content.decode()
    )
    assert not LearnedAlias.objects.exists()
    event = AuditEvent.objects.get(action="alias.remove")
    assert event.actor == people.thuongtruc
    assert event.before == {"unit": "Sở Khoa học và Công nghệ", "mention": "Trung tâm CĐS"}
    # and the next reading no longer knows it
    second = upload(_plan(16, "Trung tâm CĐS chủ trì vận hành hệ thống."), "b.txt")
    assert not _lead(_tasks(second)[0]).is_resolved


def test_officer_cannot_remove_a_learned_alias(
    login: Any, people: Any, province: Any, upload: Any
) -> None:
    doc = upload(_plan(15, "Trung tâm CĐS chủ trì xây dựng kho dữ liệu."), "a.txt")
    task = _tasks(doc)[0]
    _relink(login(people.thuongtruc), doc, task, _lead(task), province.khcn)
    alias = LearnedAlias.objects.get()
    client = login(people.donvi)
    page = client.get(reverse("units:detail", args=[province.khcn.uuid])).content.decode()
    assert "<strong>Trung tâm CĐS</strong>" in page
    assert reverse("documents:alias_remove", args=[alias.uuid]) not in page  # no button
    response = client.post(reverse("documents:alias_remove", args=[alias.uuid]))
    assert response.status_code == 403
    assert "Bạn không có quyền thực hiện thao tác này." in response.content.decode()
    assert LearnedAlias.objects.filter(pk=alias.pk).exists()
    assert not AuditEvent.objects.filter(action="alias.remove").exists()


# --- corrections -----------------------------------------------------------------------

FIVE = (
    "Sở Tài chính chủ trì bố trí kinh phí, hoàn thành trước ngày 31/10/2024.",
    "Sở Y tế chủ trì triển khai hồ sơ sức khoẻ điện tử, hoàn thành trước ngày 30/9/2024.",
    "Sở Khoa học và Công nghệ chủ trì xây dựng kho dữ liệu, hoàn thành trước ngày 30/6/2024.",
    "Sở Tài chính chủ trì số hoá hồ sơ tài sản công, hoàn thành trước ngày 30/11/2024.",
    "Sở Y tế chủ trì kết nối các bệnh viện, hoàn thành trước ngày 31/12/2024.",
)


def _review(people: Any, province: Any, doc: Document) -> None:
    """A review: 2 units, 1 deadline, 1 task added (another added then dropped), 1 deleted,
    1 split, 1 merged; the fifth task read is left as it was."""
    who = people.thuongtruc
    t1, t2, t3, t4, _t5 = _tasks(doc)
    # the deadline of t1, corrected twice: one deadline corrected
    t1 = services.update_task(who, t1, version=t1.version, due_date=dt.date(2024, 11, 15))
    t1 = services.update_task(who, t1, version=t1.version, due_text="trước ngày 15/11/2024")
    # t2: its lead re-linked and a support unit added: two units corrected
    services.add_mention(
        who,
        t2,
        version=t2.version,
        role=AssignmentRole.LEAD,
        unit=province.khcn,
        replace=_lead(t2),
    )
    t2.refresh_from_db()
    services.add_mention(who, t2, version=t2.version, role="support", unit=province.tc)
    # a missed task added; another added by mistake and deleted: counts nothing
    added = services.add_task(who, doc, title="Báo cáo kết quả về Ban Chỉ đạo")
    mistake = services.add_task(who, doc, title="Nhầm")
    services.delete_task(who, mistake, version=mistake.version)
    # t3 deleted (a false positive), its half-made correction with it
    t3 = services.update_task(who, t3, version=t3.version, due_date=dt.date(2024, 7, 1))
    services.delete_task(who, t3, version=t3.version)
    # t4 split in two, then its second half merged into the added task
    t4.refresh_from_db()
    _first, half = services.split_task(
        who, t4, version=t4.version, titles=("Số hoá hồ sơ", "Cập nhật cơ sở dữ liệu")
    )
    added.refresh_from_db()
    services.merge_tasks(who, added, half, version=added.version, other_version=half.version)


def test_corrections_are_counted_against_what_was_read(
    login: Any, people: Any, province: Any, upload: Any
) -> None:
    doc = upload(_plan(15, *FIVE), "a.txt")
    assert doc.tasks_read == 5
    _review(people, province, doc)
    kinds = sorted(ReviewCorrection.objects.filter(document=doc).values_list("kind", flat=True))
    assert kinds == ["added", "deadline", "deleted", "merged", "split", "unit", "unit"]
    page = login(people.thuongtruc).get(reverse("documents:detail", args=[doc.uuid]))
    html = page.content.decode()
    assert (
        "Hiệu chỉnh khi rà soát: 2 đơn vị, 1 thời hạn, 1 nhiệm vụ thêm, 1 nhiệm vụ xoá, "
        "1 nhiệm vụ tách, 1 nhiệm vụ gộp." in html
    )
    # t1 (deadline), t2 (units), t3 (deleted), t4 (split) touched; t5 untouched
    assert "Trên 5 nhiệm vụ đọc được; 1 nhiệm vụ giữ nguyên." in html


def test_a_review_that_changed_nothing_says_so(
    login: Any, people: Any, province: Any, upload: Any
) -> None:
    doc = upload(_plan(15, *FIVE[:2]), "a.txt")
    task = _tasks(doc)[0]
    services.update_task(people.thuongtruc, task, version=task.version, title="Bố trí kinh phí")
    html = login(people.lanhdao).get(reverse("documents:detail", args=[doc.uuid])).content
    assert "Hiệu chỉnh khi rà soát: không có." in html.decode()
    assert "Trên 2 nhiệm vụ đọc được; 2 nhiệm vụ giữ nguyên." in html.decode()


def test_extraction_export_has_what_was_read_and_the_corrections(
    login: Any, people: Any, province: Any, upload: Any, django_assert_num_queries: Any
) -> None:
    doc = upload(_plan(15, *FIVE), "a.txt")
    _review(people, province, doc)
    client = login(people.thuongtruc)
    url = f"/api/v1/documents/{doc.uuid}/extraction"
    with django_assert_num_queries(10):
        data = client.get(url).json()
    assert data["tasks_read"] == 5
    assert len(data["read"]["tasks"]) == 5  # the extractor's JSON, before review
    assert data["read"]["tasks"][2]["quote"].startswith("Sở Khoa học và Công nghệ chủ trì")
    assert data["corrections"] == {
        "unit": 2,
        "deadline": 1,
        "added": 1,
        "deleted": 1,
        "split": 1,
        "merged": 1,
    }
    assert data["untouched"] == 1
    # as reviewed: 5 read, 1 deleted, 1 added, 1 half split off and merged into it
    assert len(data["tasks"]) == 5
    assert "Báo cáo kết quả về Ban Chỉ đạo Cập nhật cơ sở dữ liệu" in [
        t["title"] for t in data["tasks"]
    ]
    assert login(people.donvi).get(url).status_code == 403


def test_accuracy_page_sums_reviews_per_month(
    login: Any, people: Any, province: Any, upload: Any, django_assert_num_queries: Any
) -> None:
    march = upload(_plan(15, *FIVE), "a.txt")
    _review(people, province, march)
    april = upload(_plan(16, *FIVE[:3]), "b.txt")
    task = _tasks(april)[0]
    services.update_task(
        people.thuongtruc, task, version=task.version, due_date=dt.date(2024, 12, 1)
    )
    also_april = upload(_plan(17, *FIVE[3:]), "c.txt")
    tz = timezone.get_current_timezone()
    Document.objects.filter(pk=march.pk).update(created_at=dt.datetime(2026, 3, 10, 9, tzinfo=tz))
    Document.objects.filter(pk__in=[april.pk, also_april.pk]).update(
        created_at=dt.datetime(2026, 4, 1, 0, 30, tzinfo=tz)  # 1/4 in Việt Nam, 31/3 in UTC
    )
    client = login(people.thuongtruc)
    listing = client.get(reverse("documents:list")).content.decode()
    assert f'href="{reverse("documents:accuracy")}"' in listing
    # session, user, installation, the three sums, then the base page's province and
    # unread notifications: the same for one month or sixty
    with django_assert_num_queries(9):
        response = client.get(reverse("documents:accuracy"))
    months = {m.strftime("%m/%Y"): row for m, row in response.context["months"]}
    assert list(months) == ["04/2026", "03/2026"]
    assert (months["04/2026"].documents, months["04/2026"].tasks_read) == (2, 5)
    assert months["04/2026"].as_dict() == {
        "unit": 0,
        "deadline": 1,
        "added": 0,
        "deleted": 0,
        "split": 0,
        "merged": 0,
    }
    assert months["04/2026"].untouched == 4
    assert months["03/2026"].as_dict()["unit"] == 2
    html = response.content.decode()
    assert "<td>04/2026</td>" in html
    assert "<td>03/2026</td>" in html
    assert "4 (80,0%)" in html  # April: 4 of 5 tasks untouched
    assert "5 (50,0%)" in html  # the total: 1 + 4 of 10
    assert "Nhiệm vụ thêm" in html


def test_officer_cannot_open_the_accuracy_page(login: Any, people: Any) -> None:
    response = login(people.donvi).get(reverse("documents:accuracy"))
    assert response.status_code == 403
    assert "Bạn không có quyền thực hiện thao tác này." in response.content.decode()


def test_accuracy_and_corrections_read_in_english(
    login: Any, people: Any, province: Any, upload: Any
) -> None:
    doc = upload(_plan(15, *FIVE), "a.txt")
    _review(people, province, doc)
    client = login(people.thuongtruc)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get(reverse("documents:accuracy")).content.decode()
    assert "Reading accuracy" in html
    assert "Tasks added" in html
    assert "Total" in html
    page = client.get(reverse("documents:detail", args=[doc.uuid])).content.decode()
    assert (
        "Corrections in review: 2 units changed, 1 deadlines changed, 1 tasks added, "
        "1 tasks deleted, 1 tasks split, 1 tasks merged." in page
    )
    assert "Out of 5 tasks read; 1 left as read." in page


def test_units_replaced_through_the_api_count_only_when_they_change(
    login: Any, people: Any, province: Any, upload: Any
) -> None:
    doc = upload(_plan(15, *FIVE[:2]), "a.txt")
    first, second = _tasks(doc)
    client = login(people.thuongtruc)
    url = f"/api/v1/documents/{doc.uuid}/tasks/"
    same = client.patch(
        f"{url}{first.uuid}",
        {"version": first.version, "lead": [{"unit": str(province.tc.uuid)}]},
        content_type="application/json",
    )
    assert same.status_code == 200
    assert not ReviewCorrection.objects.exists()  # the lead read was sent back unchanged
    other = client.patch(
        f"{url}{second.uuid}",
        {"version": second.version, "lead": [{"unit": str(province.khcn.uuid)}]},
        content_type="application/json",
    )
    assert other.status_code == 200
    row = ReviewCorrection.objects.get()
    assert (row.kind, row.task_uuid, row.role, row.actor) == (
        "unit",
        second.uuid,
        "lead",
        people.thuongtruc,
    )


def test_a_mention_learned_again_for_another_unit_moves_to_it(
    people: Any, province: Any, upload: Any
) -> None:
    doc = upload(_plan(15, "Trung tâm CĐS chủ trì xây dựng kho dữ liệu."), "a.txt")
    services.learn_alias(people.thuongtruc, "Trung tâm CĐS", province.khcn, document=doc)
    # written without diacritics, it is the same mention: the one row now means Sở Y tế
    services.learn_alias(people.thuongtruc, "Trung tam CDS", province.yt, document=doc)
    alias = LearnedAlias.objects.get()
    assert (alias.unit, alias.mention) == (province.yt, "Trung tam CDS")
    event = AuditEvent.objects.filter(action="alias.learn").latest("pk")
    assert event.before == {"unit": "Sở Khoa học và Công nghệ", "mention": "Trung tâm CĐS"}
    assert event.after is not None
    assert event.after["unit"] == "Sở Y tế"
