"""Uploading directives: the happy paths, and every refusal storing nothing."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from chidao.core.models import AuditEvent
from chidao.documents import services
from chidao.documents.choices import DocumentKind, DocumentStatus
from chidao.documents.models import Document
from chidao.documents.tests.conftest import stored_files
from chidao.tasks.choices import TaskState
from chidao.tasks.models import Task


def _post(client: Any, name: str, data: bytes) -> Any:
    return client.post(
        reverse("documents:upload"), {"file": SimpleUploadedFile(name, data)}, follow=True
    )


def test_secretariat_uploads_docx_and_lands_on_review(
    login: Any, people: Any, groups: Any, district_docx: bytes, media: Path
) -> None:
    response = _post(login(people.thuongtruc), "ke-hoach.docx", district_docx)

    doc = Document.objects.get()
    assert response.redirect_chain[-1][0] == reverse("documents:review", args=[doc.uuid])
    assert doc.status == DocumentStatus.EXTRACTED
    assert doc.kind == DocumentKind.KH
    assert doc.number == "12/KH-UBND"
    assert str(doc.issued_on) == "2024-03-15"
    assert doc.uploaded_by == people.thuongtruc
    assert doc.file_name == "ke-hoach.docx"
    assert len(stored_files(media)) == 1
    tasks = list(doc.tasks.order_by("order"))
    assert [t.state for t in tasks] == [TaskState.DRAFT, TaskState.DRAFT]
    assert str(tasks[0].due_date) == "2024-06-30"
    assert tasks[0].mentions.get().group == groups.ubnd_huyen
    lead = tasks[1].mentions.get(role="lead")
    assert lead.unit is not None
    assert lead.unit.catalogue_key == "so-tc"
    # mentioned in March 2024: the Sở TT&TT of the time, not its successor
    support = tasks[1].mentions.get(role="support")
    assert support.unit is not None
    assert support.unit.catalogue_key == "so-tttt"
    assert doc.text[tasks[1].quote_start : tasks[1].quote_end] == tasks[1].quote
    assert AuditEvent.objects.filter(action="document.upload", actor=people.thuongtruc).exists()


def test_units_added_by_hand_are_recognised(upload: Any, province: Any) -> None:
    from chidao.units.models import Unit

    Unit.objects.create(
        kind="agency",
        parent=province.unit,
        province=province.unit,
        name="Trung tâm Phục vụ hành chính công",
        abbreviations=["TTPVHCC"],
    )
    doc = upload(
        "KẾ HOẠCH\n\nII. NHIỆM VỤ\n\n1. TTPVHCC chủ trì số hoá hồ sơ, hoàn "
        "thành trước ngày 30/9/2024.\n".encode(),
        "ttpvhcc.txt",
    )
    mention = Task.objects.get(document=doc).mentions.get()
    assert mention.unit is not None
    assert mention.unit.name == "Trung tâm Phục vụ hành chính công"


def test_large_file_is_read_in_the_background(upload: Any, langson_txt: bytes) -> None:
    # HUEY is immediate in tests: the queued job runs before upload returns.
    doc = upload(langson_txt, "tb.txt", background=True)
    assert doc.status == DocumentStatus.EXTRACTED
    assert doc.progress == 100
    assert doc.tasks.count() == 23
    assert str(doc.meeting_date) == "2024-01-11"


def test_document_page_polls_while_extracting(login: Any, people: Any, upload: Any) -> None:
    doc = upload(b"1. S\xe1\xbb\x9f T\xc3\xa0i ch\xc3\xadnh ch\xe1\xbb\xa7 tr\xc3\xac.", "a.txt")
    Document.objects.filter(pk=doc.pk).update(status=DocumentStatus.EXTRACTING, progress=40)
    client = login(people.thuongtruc)
    page = client.get(reverse("documents:detail", args=[doc.uuid])).content.decode()
    assert 'hx-trigger="every 2s"' in page
    assert "40%" in page
    Document.objects.filter(pk=doc.pk).update(status=DocumentStatus.EXTRACTED, progress=100)
    fragment = client.get(
        reverse("documents:detail", args=[doc.uuid]) + "?fragment=status", HTTP_HX_REQUEST="true"
    )
    assert fragment["HX-Refresh"] == "true"
    assert "every 2s" not in fragment.content.decode()


def test_unreadable_pdf_fails_with_message_shown(login: Any, people: Any, upload: Any) -> None:
    doc = upload(b"%PDF-1.4\n garbage that is no pdf at all \n%%EOF\n", "hong.pdf")
    assert doc.status == DocumentStatus.FAILED
    assert "Không đọc được văn bản" in doc.error
    assert "/" not in doc.error.split(":", 1)[1].split("hong.pdf")[0]  # no server path shown
    page = login(people.thuongtruc).get(reverse("documents:detail", args=[doc.uuid]))
    assert doc.error in page.content.decode()


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("virus.exe", b"MZ\x90\x00", "Định dạng tệp không được hỗ trợ (.exe)"),
        ("fake.docx", b"just text pretending", "không phải là tài liệu Word .docx"),
        ("empty-zip.docx", _zip({"a.txt": b"x"}), "thiếu phần nội dung (word/document.xml)"),
        ("truncated.docx", _zip({"word/document.xml": b"<x/>" * 500})[:200], "bị hỏng"),
        ("fake.pdf", b"<html>not a pdf</html>", "không phải là PDF"),
        ("cut.pdf", b"%PDF-1.7\n1 0 obj\n", "chưa tải lên hết"),
        ("binary.txt", b"\x00\x01\x02binary", "không phải là văn bản thuần"),
        (
            "latin1.txt",
            "Sở Tài chính".encode("cp1258", errors="replace") + b"\xff\xfe\xfa",
            "UTF-8",
        ),
        ("empty.txt", b"", "Tệp rỗng"),
    ],
)
def test_bad_upload_is_refused_and_nothing_stored(
    login: Any, people: Any, media: Path, name: str, data: bytes, message: str
) -> None:
    response = _post(login(people.thuongtruc), name, data)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Document.objects.exists()
    assert stored_files(media) == []
    assert not AuditEvent.objects.filter(action__startswith="document.").exists()


def test_doc_without_libreoffice_gets_clear_message(
    people: Any, monkeypatch: Any, media: Path
) -> None:
    from chidao.core import uploads

    monkeypatch.setattr(uploads, "libreoffice_available", lambda: False)
    with pytest.raises(services.ValidationError) as err:
        services.upload_document(people.thuongtruc, "cu.doc", uploads.OLE_MAGIC + b"\x00" * 64)
    assert "cần LibreOffice" in err.value.messages[0]
    assert not Document.objects.exists()


def test_oversized_upload_is_refused(login: Any, people: Any, settings: Any, media: Path) -> None:
    settings.UPLOAD_MAX_MB = 1
    response = _post(login(people.thuongtruc), "lon.txt", b"a" * (1024 * 1024 + 1))
    assert "Tệp quá lớn" in response.content.decode()
    assert "giới hạn là 1 MB" in response.content.decode()
    assert not Document.objects.exists()
    assert stored_files(media) == []


def test_second_upload_of_same_file_links_the_first(
    login: Any, people: Any, district_docx: bytes, media: Path
) -> None:
    client = login(people.thuongtruc)
    _post(client, "a.docx", district_docx)
    first = Document.objects.get()

    response = _post(client, "ban-sao.docx", district_docx)

    page = response.content.decode()
    assert "Tệp này đã được tải lên trước đó" in page
    assert reverse("documents:detail", args=[first.uuid]) in page
    assert Document.objects.count() == 1
    assert Task.objects.count() == 2
    assert len(stored_files(media)) == 1


@pytest.mark.parametrize("who", ["donvi", "lanhdao", "xem", "admin"])
def test_only_the_secretariat_uploads(
    login: Any, people: Any, district_docx: bytes, media: Path, who: str
) -> None:
    client = login(getattr(people, who))
    assert client.get(reverse("documents:upload")).status_code == 403
    response = client.post(
        reverse("documents:upload"), {"file": SimpleUploadedFile("a.docx", district_docx)}
    )
    assert response.status_code == 403
    assert not Document.objects.exists()
    assert stored_files(media) == []


def test_ingest_command_publishes_and_reports_json(
    people: Any, groups: Any, tmp_path: Path, district_docx: bytes, capsys: Any
) -> None:
    import json

    from django.core.management import call_command

    path = tmp_path / "kh-12.docx"
    path.write_bytes(district_docx)
    call_command("ingest", str(path), "--publish", "--format", "json", "--user", "thuongtruc")

    out = json.loads(capsys.readouterr().out)
    assert out["status"] == DocumentStatus.PUBLISHED
    assert out["tasks"] == 2
    # district → commune successor; Sở Tài chính lead; Sở TT&TT → Sở KH&CN support
    assert out["assignments"] == 3
    assert out["problems"] == []


def test_ingest_command_refuses_duplicate_and_bad_type(
    people: Any, tmp_path: Path, district_docx: bytes
) -> None:
    from django.core.management import CommandError, call_command

    path = tmp_path / "kh.docx"
    path.write_bytes(district_docx)
    call_command("ingest", str(path))
    with pytest.raises(CommandError, match="đã được tải lên"):
        call_command("ingest", str(path))
    bad = tmp_path / "x.xlsx"
    bad.write_bytes(b"PK")
    with pytest.raises(CommandError, match="không được hỗ trợ"):
        call_command("ingest", str(bad))
    assert Document.objects.count() == 1
