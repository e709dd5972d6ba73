"""The document list and page, the file download, and the API, with their query counts."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from chidao.documents import services
from chidao.documents.choices import DocumentStatus
from chidao.documents.models import Document
from chidao.documents.tests.conftest import make_docx
from chidao.tasks.models import Assignment, Task

API = "/api/v1/documents"


def _many(province: Any, n: int) -> None:
    Document.objects.bulk_create(
        Document(
            province=province.unit,
            kind="TB",
            number=f"{i}/TB-UBND",
            title=f"Kết luận về chuyển đổi số số {i}",
            search_text=f"{i} tb ubnd ket luan ve chuyen doi so so {i}",
            issued_on=dt.date(2023 + i % 2, 1, 1 + i % 28),
            status=DocumentStatus.EXTRACTED,
        )
        for i in range(n)
    )


def test_empty_list_invites_upload(login: Any, people: Any) -> None:
    html = login(people.thuongtruc).get(reverse("documents:list")).content.decode()
    assert "Chưa có văn bản nào" in html
    assert reverse("documents:upload") in html


@pytest.mark.parametrize("who", ["thuongtruc", "lanhdao", "xem"])
def test_list_filters_search_and_query_count(
    login: Any, people: Any, province: Any, django_assert_max_num_queries: Any, who: str
) -> None:
    _many(province, 40)
    client = login(getattr(people, who))
    with django_assert_max_num_queries(10):
        response = client.get(reverse("documents:list"))
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == 40
    assert len(response.context["documents"]) == 25
    # accent-insensitive over number and title
    found = client.get(reverse("documents:list"), {"q": "Kết luận 13/TB", "year": "2024"})
    assert [d.number for d in found.context["documents"]] == ["13/TB-UBND"]
    none = client.get(reverse("documents:list"), {"status": "published"}).content.decode()
    assert "Không có văn bản nào khớp" in none


def test_officer_cannot_list_documents(login: Any, people: Any) -> None:
    assert login(people.donvi).get(reverse("documents:list")).status_code == 403
    assert login(people.donvi).get(API).status_code == 403


def test_document_page_shows_completion_with_bounded_queries(
    login: Any,
    people: Any,
    groups: Any,
    upload: Any,
    district_docx: bytes,
    django_assert_max_num_queries: Any,
) -> None:
    doc = upload(district_docx, "kh.docx")
    services.publish(people.thuongtruc, doc, today=dt.date(2026, 1, 15))
    Assignment.objects.filter(unit__name="Sở Tài chính").update(
        completed_on=dt.date(2024, 10, 1), progress=100
    )
    client = login(people.lanhdao)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("documents:detail", args=[doc.uuid]))
    html = response.content.decode()
    overall = response.context["overall"]
    assert overall.counts["done_on_time"] == 1
    assert overall.counts["open_overdue"] == 2
    assert "Xã Cao Lộc" in html
    assert "Huyện Cao Lộc" in html
    task = Task.objects.filter(document=doc).order_by("order").first()
    assert task is not None
    assert f"/tasks/{task.uuid}/" in html


def test_download_original_file(login: Any, people: Any, upload: Any, district_docx: bytes) -> None:
    doc = upload(district_docx, "kế hoạch.docx")
    response = login(people.lanhdao).get(reverse("documents:download", args=[doc.uuid]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == district_docx
    assert (
        login(people.donvi).get(reverse("documents:download", args=[doc.uuid])).status_code == 403
    )


def test_api_upload_extract_edit_publish(
    login: Any,
    people: Any,
    province: Any,
    groups: Any,
    district_docx: bytes,
    django_assert_max_num_queries: Any,
) -> None:
    client = login(people.thuongtruc)
    created = client.post(API, {"file": SimpleUploadedFile("kh.docx", district_docx)})
    assert created.status_code == 201, created.content
    uuid = created.json()["uuid"]
    assert created.json()["status"] == "extracted"

    again = client.post(API, {"file": SimpleUploadedFile("copy.docx", district_docx)})
    assert again.status_code == 409
    assert again.json()["existing"] == uuid

    bad = client.post(API, {"file": SimpleUploadedFile("x.docx", b"not a zip")})
    assert bad.status_code == 422
    assert "không phải là tài liệu Word" in bad.json()["detail"]
    assert Document.objects.count() == 1

    extraction = client.get(f"{API}/{uuid}/extraction").json()
    assert extraction["problems"] == []
    task = extraction["tasks"][1]
    assert [m["unit_name"] for m in task["mentions"]] == [
        "Sở Tài chính",
        "Sở Thông tin và Truyền thông",
    ]

    url = f"{API}/{uuid}/tasks/{task['uuid']}"
    edited = client.patch(
        url,
        {
            "version": task["version"],
            "title": "Bố trí kinh phí",
            "lead": [{"unit": str(province.yt.uuid)}],
        },
        content_type="application/json",
    )
    assert edited.status_code == 200, edited.content
    assert edited.json()["title"] == "Bố trí kinh phí"
    leads = [m["unit_name"] for m in edited.json()["mentions"] if m["role"] == "lead"]
    assert leads == ["Sở Y tế"]
    stale = client.patch(
        url, {"version": task["version"], "title": "cũ"}, content_type="application/json"
    )
    assert stale.status_code == 409
    assert "đã được thay đổi ở nơi khác" in stale.json()["detail"]

    published = client.post(f"{API}/{uuid}/publish")
    assert published.status_code == 200, published.content
    assert published.json()["status"] == "published"
    assert sum(published.json()["completion"].values()) == 3
    assert client.post(f"{API}/{uuid}/publish").status_code == 409

    with django_assert_max_num_queries(6):
        listed = client.get(API)
    assert listed.json()["count"] == 1
    assert listed.json()["items"][0]["task_count"] == 2
    detail = client.get(f"{API}/{uuid}").json()
    assert detail["completion"]["open_overdue"] + detail["completion"]["open_on_time"] == 3


def test_api_publish_refused_with_problems(
    login: Any, people: Any, upload: Any, langson_txt: bytes
) -> None:
    doc = upload(langson_txt, "tb.txt")
    response = login(people.thuongtruc).post(f"{API}/{doc.uuid}/publish")
    assert response.status_code == 422
    assert any("chưa có đơn vị chủ trì" in p for p in response.json()["problems"])
    assert not Assignment.objects.exists()


def test_api_refuses_officer_everything(
    login: Any, people: Any, upload: Any, groups: Any, district_docx: bytes
) -> None:
    doc = upload(district_docx, "kh.docx")
    task = doc.tasks.first()
    assert task is not None
    client = login(people.donvi)
    assert client.get(f"{API}/{doc.uuid}").status_code == 403
    assert client.get(f"{API}/{doc.uuid}/extraction").status_code == 403
    upload_response = client.post(API, {"file": SimpleUploadedFile("b.docx", make_docx(["Khác"]))})
    assert upload_response.status_code == 403
    patch = client.patch(
        f"{API}/{doc.uuid}/tasks/{task.uuid}",
        {"version": 1, "title": "x"},
        content_type="application/json",
    )
    assert patch.status_code == 403
    assert client.post(f"{API}/{doc.uuid}/publish").status_code == 403
    assert Document.objects.count() == 1
    task.refresh_from_db()
    assert task.title != "x"
    assert task.version == 1
    assert not Assignment.objects.exists()


def test_api_leader_reads(login: Any, people: Any, upload: Any, district_docx: bytes) -> None:
    doc = upload(district_docx, "kh.docx")
    client = login(people.lanhdao)
    assert client.get(f"{API}/{doc.uuid}").json()["number"] == "12/KH-UBND"
    assert client.get(f"{API}/{doc.uuid}/extraction").status_code == 403
    schema = client.get("/api/v1/openapi.json").json()
    assert f"{API}/{{uuid}}/publish" in schema["paths"]
