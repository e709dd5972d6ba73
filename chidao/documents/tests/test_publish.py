"""Publishing: refusals, assignments with groups and successions, notifications, once only."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from chidao.core.models import AuditEvent
from chidao.documents import services
from chidao.documents.choices import DocumentStatus
from chidao.documents.models import Document
from chidao.notifications.models import Notification
from chidao.tasks.choices import AssignmentRole, TaskState
from chidao.tasks.models import Assignment, Task

TODAY = dt.date(2026, 1, 15)


@pytest.fixture
def district_doc(upload: Any, groups: Any, district_docx: bytes) -> Document:
    return upload(district_docx, "ke-hoach.docx")


def test_publish_expands_groups_and_follows_successions(
    people: Any, province: Any, district_doc: Document
) -> None:
    services.publish(people.thuongtruc, district_doc, today=TODAY)

    doc = Document.objects.get(pk=district_doc.pk)
    assert doc.status == DocumentStatus.PUBLISHED
    assert doc.published_by == people.thuongtruc
    assert doc.published_at is not None
    to_districts, funding = Task.objects.filter(document=doc).order_by("order")
    assert {to_districts.state, funding.state} == {TaskState.OPEN}
    assert str(to_districts.original_due_date) == "2024-06-30"

    # "UBND các huyện, thành phố" in March 2024 → Huyện Cao Lộc → today Xã Cao Lộc
    original = Assignment.objects.get(task=to_districts, unit=province.district)
    assert not original.active
    carried = Assignment.objects.get(task=to_districts, active=True)
    assert carried.unit == province.commune
    assert carried.inherited_from == original
    assert carried.transferred_on == dt.date(2025, 7, 1)
    assert carried.role == AssignmentRole.LEAD
    assert str(carried.due_date) == str(carried.original_due_date) == "2024-06-30"

    # Sở Tài chính leads; the Sở TT&TT of 2024 supports through Sở KH&CN today
    active = {(a.unit, a.role) for a in Assignment.objects.filter(task=funding, active=True)}
    assert active == {(province.tc, "lead"), (province.khcn, "support")}
    assert AuditEvent.objects.filter(action="document.publish").count() == 1
    assert AuditEvent.objects.filter(action="task.assign").count() == 2


def test_publish_notifies_officers_of_assigned_units(people: Any, district_doc: Document) -> None:
    services.publish(people.thuongtruc, district_doc, today=TODAY)
    funding = Task.objects.filter(document=district_doc).order_by("order")[1]
    to_districts = Task.objects.filter(document=district_doc).order_by("order")[0]

    donvi = Notification.objects.get(user=people.donvi)
    assert donvi.kind == "assigned"
    assert donvi.url == f"/tasks/{funding.uuid}/"
    xa = Notification.objects.get(user=people.xa)  # the commune carrying the district's share
    assert xa.url == f"/tasks/{to_districts.uuid}/"
    assert not Notification.objects.filter(user__in=[people.ngoai, people.lanhdao]).exists()


def test_double_publish_creates_nothing_twice(
    login: Any, people: Any, district_doc: Document
) -> None:
    client = login(people.thuongtruc)
    url = reverse("documents:publish", args=[district_doc.uuid])
    first = client.post(url)
    counts = (Assignment.objects.count(), Notification.objects.count())
    second = client.post(url, follow=True)

    assert first.status_code == 302
    assert "đã được ban hành nhiệm vụ trước đó" in second.content.decode()
    assert (Assignment.objects.count(), Notification.objects.count()) == counts
    assert AuditEvent.objects.filter(action="document.publish").count() == 1


def test_publish_refused_lists_problems(
    login: Any, people: Any, upload: Any, langson_txt: bytes
) -> None:
    doc = upload(langson_txt, "tb.txt")
    client = login(people.thuongtruc)
    response = client.post(reverse("documents:publish", args=[doc.uuid]), follow=True)

    html = response.content.decode()
    assert "Chưa thể ban hành" in html
    assert "chưa có đơn vị chủ trì" in html
    assert "chưa xác định được đơn vị “Công an tỉnh”" in html
    doc.refresh_from_db()
    assert doc.status == DocumentStatus.EXTRACTED
    assert not Assignment.objects.exists()
    assert set(Task.objects.values_list("state", flat=True)) == {TaskState.DRAFT}


def test_langson_story_review_then_publish(
    people: Any, province: Any, upload: Any, langson_txt: bytes
) -> None:
    """The January 2024 notice: keep the tasks led by Sở TT&TT, give one unassigned task
    to Sở Tài chính, drop the rest, publish."""
    doc = upload(langson_txt, "tb.txt")
    tasks = list(doc.tasks.order_by("order"))
    keep = [t for t in tasks if any(m.unit == province.tttt for m in t.mentions.all())]
    orphan = next(t for t in tasks if not t.mentions.exists())
    for t in tasks:
        if t in keep or t == orphan:
            for m in t.mentions.all():
                if not m.is_resolved:
                    services.remove_mention(people.thuongtruc, m, version=t.version)
                    t.refresh_from_db()
        else:
            services.delete_task(people.thuongtruc, t, version=t.version)
    services.add_mention(
        people.thuongtruc, orphan, version=orphan.version, role="lead", unit=province.tc
    )
    # The copy was published with the day left blank ("ngày  tháng 01 năm 2024"): it can be
    # published once the secretariat enters the date.
    assert doc.issued_on is None
    doc = services.update_document(
        people.thuongtruc, doc, version=doc.version, issued_on=dt.date(2024, 1, 18)
    )

    services.publish(people.thuongtruc, doc, today=TODAY)

    assert len(keep) == 3
    for task in keep:
        lead = Assignment.objects.get(task=task, active=True, role="lead")
        assert lead.unit == province.khcn  # Sở TT&TT merged into Sở KH&CN on 1/3/2025
        assert lead.inherited_from is not None
        assert lead.inherited_from.unit == province.tttt
        assert lead.transferred_on == dt.date(2025, 3, 1)
    assert Assignment.objects.get(task=orphan, active=True).unit == province.tc
    assert Task.objects.filter(document=doc).count() == 4


def test_published_document_metadata_correction_is_audited(
    people: Any, district_doc: Document
) -> None:
    services.publish(people.thuongtruc, district_doc, today=TODAY)
    doc = Document.objects.get(pk=district_doc.pk)
    services.update_document(people.thuongtruc, doc, version=doc.version, number="12a/KH-UBND")
    event = AuditEvent.objects.get(action="document.correct")
    assert event.before == {"number": "12/KH-UBND"}
    assert event.after == {"number": "12a/KH-UBND"}
    doc.refresh_from_db()
    assert doc.file
    assert doc.text
    task = doc.tasks.first()
    assert task is not None
    with pytest.raises(services.ValidationError, match="đã được ban hành"):
        services.update_task(people.thuongtruc, task, version=task.version, title="x")


def test_officer_reads_the_published_source_of_their_units_work_only(
    login: Any, people: Any, district_doc: Document
) -> None:
    url = reverse("documents:detail", args=[district_doc.uuid])
    assert login(people.donvi).get(url).status_code == 403  # not published yet
    services.publish(people.thuongtruc, district_doc, today=TODAY)
    response = login(people.donvi).get(url)  # Sở Tài chính leads a task of it
    assert response.status_code == 200
    assert "Sở Tài chính" in response.content.decode()
    assert login(people.ngoai).get(url).status_code == 403  # Sở Y tế has no task in it


def test_task_page_shows_the_old_unit_as_handed_over(
    login: Any, people: Any, province: Any, district_doc: Document
) -> None:
    services.publish(people.thuongtruc, district_doc, today=TODAY)
    to_districts = Task.objects.filter(document=district_doc).order_by("order")[0]
    html = login(people.thuongtruc).get(f"/tasks/{to_districts.uuid}/").content.decode()
    old_row = html.split(
        f'id="asg-{Assignment.objects.get(task=to_districts, active=False).uuid}"'
    )[1]
    old_row = old_row.split("</tr>")[0]
    assert "Huyện Cao Lộc" in old_row
    assert "Đã chuyển giao" in old_row
    assert "quá hạn" not in old_row


def test_a_document_without_a_date_is_published_only_once_its_date_is_entered(
    login: Any, people: Any, upload: Any, groups: Any
) -> None:
    from chidao.documents.tests.conftest import DISTRICT_DIRECTIVE, make_docx

    undated = [line for line in DISTRICT_DIRECTIVE if not line.startswith("Lạng Sơn, ngày")]
    doc = upload(make_docx(undated), "khong-ngay.docx")
    assert doc.issued_on is None
    client = login(people.thuongtruc)
    response = client.post(reverse("documents:publish", args=[doc.uuid]), follow=True)
    assert "Văn bản chưa có ngày ban hành" in response.content.decode()
    doc.refresh_from_db()
    assert doc.status == DocumentStatus.EXTRACTED
    assert not Assignment.objects.exists()

    # When the secretariat enters the date, the same document publishes.
    doc = services.update_document(
        people.thuongtruc, doc, version=doc.version, issued_on=dt.date(2024, 3, 15)
    )
    assert not [p for p in services.publication_problems(doc) if "ngày ban hành" in p.message]
