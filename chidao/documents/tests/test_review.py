"""The review screen: editing drafts, splitting, merging, units, warnings, stale forms."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from chidao.core.models import AuditEvent
from chidao.documents import services
from chidao.documents.models import Document
from chidao.tasks.models import Task, TaskMention


@pytest.fixture
def doc(upload: Any, groups: Any, district_docx: bytes) -> Document:
    return upload(district_docx, "ke-hoach.docx")


def _tasks(doc: Document) -> list[Task]:
    return list(Task.objects.filter(document=doc).order_by("order", "pk"))


def test_review_page_highlights_each_quote(login: Any, people: Any, doc: Document) -> None:
    first, second = _tasks(doc)
    page = login(people.thuongtruc).get(reverse("documents:review", args=[doc.uuid]))
    html = page.content.decode()
    assert page.status_code == 200
    assert f'<mark id="q-{first.uuid}"' in html
    assert f'href="#q-{second.uuid}"' in html  # the task card scrolls to its mark
    assert "UBND cấp huyện" in html
    assert "Sở Tài chính" in html


def test_officer_cannot_open_or_edit_review(login: Any, people: Any, doc: Document) -> None:
    task = _tasks(doc)[0]
    client = login(people.donvi)
    assert client.get(reverse("documents:review", args=[doc.uuid])).status_code == 403
    response = client.post(
        reverse("documents:task_edit", args=[doc.uuid, task.uuid]),
        {"version": task.version, "title": "Sửa trái phép"},
    )
    assert response.status_code == 403
    task.refresh_from_db()
    assert task.title != "Sửa trái phép"
    assert client.post(reverse("documents:publish", args=[doc.uuid])).status_code == 403
    doc.refresh_from_db()
    assert not doc.is_published


def test_edit_task_wording_and_deadline(login: Any, people: Any, doc: Document) -> None:
    task = _tasks(doc)[0]
    response = login(people.thuongtruc).post(
        reverse("documents:task_edit", args=[doc.uuid, task.uuid]),
        {
            "version": task.version,
            "title": "Rà soát danh mục thủ tục hành chính",
            "due_date": "15/07/2024",
            "due_text": "trước ngày 15/7/2024",
            "recurrence_freq": "monthly",
            "recurrence_day": "20",
            "recurrence_text": "hằng tháng, trước ngày 20",
        },
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.title == "Rà soát danh mục thủ tục hành chính"
    assert str(task.due_date) == "2024-07-15"
    assert task.recurrence_freq == "monthly"
    assert task.recurrence_day == 20
    assert task.version == 2
    event = AuditEvent.objects.get(action="task.draft_update")
    assert event.after is not None
    assert event.after["title"] == "Rà soát danh mục thủ tục hành chính"


def test_stale_task_edit_is_refused(login: Any, people: Any, doc: Document) -> None:
    task = _tasks(doc)[0]
    services.update_task(people.thuongtruc, task, version=1, title="Bản của đồng nghiệp")
    response = login(people.thuongtruc).post(
        reverse("documents:task_edit", args=[doc.uuid, task.uuid]),
        {"version": 1, "title": "Bản cũ của tôi"},
        follow=True,
    )
    assert "Nhiệm vụ đã được thay đổi ở nơi khác" in response.content.decode()
    task.refresh_from_db()
    assert task.title == "Bản của đồng nghiệp"
    assert task.version == 2


def test_stale_metadata_edit_is_refused(people: Any, doc: Document) -> None:
    services.update_document(people.thuongtruc, doc, version=doc.version, signer="Nguyễn Văn B")
    with pytest.raises(services.StaleEdit, match="Văn bản đã được thay đổi ở nơi khác"):
        services.update_document(people.thuongtruc, doc, version=1, signer="Người khác")
    doc.refresh_from_db()
    assert doc.signer == "Nguyễn Văn B"


def test_metadata_form_saves_with_audit(login: Any, people: Any, doc: Document) -> None:
    login(people.thuongtruc).post(
        reverse("documents:metadata", args=[doc.uuid]),
        {
            "version": doc.version,
            "kind": "KH",
            "number": "12/KH-UBND",
            "issued_on": "16/03/2024",
            "issuer": "UBND tỉnh Lạng Sơn",
            "signer": "Nguyễn Văn A",
            "signature_form": "TM.",
            "signer_title": "Chủ tịch",
            "title": "Kế hoạch chuyển đổi số năm 2024",
            "meeting_date": "",
        },
    )
    doc.refresh_from_db()
    assert str(doc.issued_on) == "2024-03-16"
    assert doc.signature_form == "TM."
    assert AuditEvent.objects.filter(action="document.update", target_id=str(doc.uuid)).exists()


def test_split_at_a_position_keeps_units_and_quotes(people: Any, doc: Document) -> None:
    task = _tasks(doc)[1]
    at = task.quote.index(", phối hợp") + task.quote_start  # type: ignore[operator]
    first, second = services.split_task(people.thuongtruc, task, version=task.version, at=at)

    assert first.quote_end == at == second.quote_start
    assert doc.text[second.quote_start : second.quote_end].startswith(", phối hợp")
    assert second.title.startswith(", phối hợp") or second.title.startswith("phối hợp")
    assert {m.unit for m in second.mentions.all()} == {m.unit for m in first.mentions.all()}
    assert [t.pk for t in _tasks(doc)] == [_tasks(doc)[0].pk, first.pk, second.pk]


def test_split_into_two_titles_and_out_of_range(people: Any, doc: Document) -> None:
    task = _tasks(doc)[0]
    with pytest.raises(services.ValidationError, match="bên trong đoạn trích"):
        services.split_task(people.thuongtruc, task, version=1, at=0)
    first, second = services.split_task(
        people.thuongtruc, task, version=1, titles=("Rà soát danh mục", "Cập nhật danh mục")
    )
    assert (first.title, second.title) == ("Rà soát danh mục", "Cập nhật danh mục")
    assert second.quote == first.quote
    assert len(_tasks(doc)) == 3


def test_merge_two_tasks(login: Any, people: Any, doc: Document) -> None:
    first, second = _tasks(doc)
    login(people.thuongtruc).post(
        reverse("documents:task_merge", args=[doc.uuid, first.uuid]),
        {"version": 1, "other": second.uuid, "other_version": 1},
    )
    (merged,) = _tasks(doc)
    assert merged.pk == first.pk
    assert merged.quote_start == first.quote_start
    assert merged.quote_end == second.quote_end
    assert {m.role for m in merged.mentions.all()} == {"lead", "support"}
    assert merged.mentions.count() == 3
    assert AuditEvent.objects.filter(action="task.merge").count() == 1


def test_delete_and_add_task_double_submit_safe(login: Any, people: Any, doc: Document) -> None:
    client = login(people.thuongtruc)
    task = _tasks(doc)[0]
    url = reverse("documents:task_delete", args=[doc.uuid, task.uuid])
    client.post(url, {"version": 1})
    client.post(url, {"version": 1})  # the second click finds it gone
    assert len(_tasks(doc)) == 1
    assert AuditEvent.objects.filter(action="task.delete").count() == 1

    client.post(reverse("documents:task_add", args=[doc.uuid]), {"title": "Báo cáo kết quả"})
    added = _tasks(doc)[-1]
    assert added.title == "Báo cáo kết quả"
    assert added.source == "manual"


def test_pick_unit_from_search_resolves_mention(
    login: Any, people: Any, province: Any, upload: Any
) -> None:
    doc = upload(
        (
            "Lạng Sơn, ngày 05 tháng 3 năm 2024\n\nKẾ HOẠCH\n\nII. NHIỆM VỤ\n\n"
            "1. Công an tỉnh chủ trì bảo đảm an ninh mạng, hoàn thành trước ngày 30/9/2024.\n"
        ).encode(),
        "ca.txt",
    )
    task = _tasks(doc)[0]
    mention = task.mentions.get()
    assert not mention.is_resolved
    client = login(people.thuongtruc)
    # accent-insensitive search from the card's picker
    page = client.get(
        reverse("documents:review", args=[doc.uuid]),
        {"pick_task": task.uuid, "pick_q": "so y te", "pick_mention": mention.pk},
    ).content.decode()
    assert f'value="unit:{province.yt.uuid}"' in page

    client.post(
        reverse("documents:mention_add", args=[doc.uuid, task.uuid]),
        {"version": 1, "role": "lead", "target": f"unit:{province.yt.uuid}", "replace": mention.pk},
    )
    mention.refresh_from_db()
    assert mention.unit == province.yt
    assert mention.mention == "Công an tỉnh"  # the document's wording is kept
    assert services.publication_problems(Document.objects.get(pk=doc.pk)) == []


def test_add_and_remove_units(login: Any, people: Any, province: Any, doc: Document) -> None:
    client = login(people.thuongtruc)
    task = _tasks(doc)[1]
    client.post(
        reverse("documents:mention_add", args=[doc.uuid, task.uuid]),
        {"version": 1, "role": "support", "target": f"unit:{province.yt.uuid}"},
    )
    assert task.mentions.filter(unit=province.yt, role="support").exists()
    support = task.mentions.get(unit=province.tttt)
    client.post(
        reverse("documents:mention_remove", args=[doc.uuid, task.uuid, support.pk]),
        {"version": 2},
    )
    assert not TaskMention.objects.filter(pk=support.pk).exists()
    task.refresh_from_db()
    assert task.version == 3


def test_warning_resolved_toggle(login: Any, people: Any, doc: Document) -> None:
    Document.objects.filter(pk=doc.pk).update(
        warnings=[{"code": "no_date", "message": "Không thấy ngày ban hành", "resolved": False}]
    )
    client = login(people.thuongtruc)
    url = reverse("documents:warning", args=[doc.uuid, 0])
    client.post(url, {"resolved": "1"})
    client.post(url, {"resolved": "1"})  # double submit: set, not toggled
    doc.refresh_from_db()
    assert doc.warnings[0]["resolved"] is True
    assert AuditEvent.objects.filter(action="document.warning").count() == 1
    html = client.get(reverse("documents:review", args=[doc.uuid])).content.decode()
    assert "<s>Không thấy ngày ban hành</s>" in html


def test_secretariat_gives_every_task_without_a_lead_the_same_one(
    login: Any, people: Any, upload: Any, langson_txt: bytes, groups: Any
) -> None:
    doc = upload(langson_txt, "langson-tb-2024.txt")
    unled = Task.objects.filter(document=doc).exclude(mentions__role="lead")
    count = unled.count()
    assert count > 0
    client = login(people.thuongtruc)
    page = client.get(reverse("documents:review", args=[doc.uuid])).content.decode()
    assert "chưa có đơn vị chủ trì" in page
    target = f"group:{groups.so_nganh.uuid}"
    response = client.post(
        reverse("documents:lead_unassigned", args=[doc.uuid]), {"target": target}
    )
    assert response.status_code == 302
    assert not Task.objects.filter(document=doc).exclude(mentions__role="lead").exists()
    led = Task.objects.filter(document=doc, mentions__role="lead", mentions__group=groups.so_nganh)
    assert led.count() >= count
    assert AuditEvent.objects.filter(action="task.mention_add").count() == count
    refused = login(people.donvi).post(
        reverse("documents:lead_unassigned", args=[doc.uuid]), {"target": target}
    )
    assert refused.status_code == 403
