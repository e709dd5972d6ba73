"""Published work to follow up, made directly with the ORM (as publishing would).

`work` is a published directive of the small province with three tasks:

- `report`: Sở Tài chính leads, Sở Y tế supports, due in ten days;
- `late`: Sở Tài chính leads, due twenty days ago;
- `commune`: Xã Cao Lộc leads, due in forty days (not Sở Tài chính's: `donvi` may not see it).
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from chidao.tasks.choices import AssignmentRole, Pillar, TaskState
from chidao.tasks.models import Assignment, Task
from chidao.tasks.services import refresh_list_columns


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def make_task(province: Any, document: Any, title: str, **values: Any) -> Task:
    values.setdefault("state", TaskState.OPEN)
    return Task.objects.create(province=province.unit, document=document, title=title, **values)


def assign(task: Task, unit: Any, role: str = AssignmentRole.LEAD, **values: Any) -> Assignment:
    """An assignment made as `chidao.tasks.assigning.assign` makes it (`next_due` kept)."""
    values.setdefault("due_date", task.due_date)
    values.setdefault("original_due_date", values["due_date"])
    row = Assignment.objects.create(task=task, unit=unit, role=role, **values)
    refresh_list_columns([task.pk])
    return row


@pytest.fixture
def work(province: Any, people: Any) -> Any:
    from chidao.documents.choices import DocumentKind, DocumentStatus
    from chidao.documents.models import Document

    today = timezone.localdate()
    doc = Document.objects.create(
        province=province.unit,
        kind=DocumentKind.TB,
        number="125/TB-BCĐ",
        issued_on=today - dt.timedelta(days=60),
        title="Kết luận của Trưởng Ban Chỉ đạo chuyển đổi số tỉnh",
        status=DocumentStatus.PUBLISHED,
        text="1. Sở Tài chính chủ trì bố trí kinh phí chuyển đổi số…",
    )
    report = make_task(
        province,
        doc,
        "Bố trí kinh phí thực hiện chuyển đổi số năm 2025",
        section="II. Nhiệm vụ",
        quote="Sở Tài chính chủ trì, phối hợp với Sở Y tế bố trí kinh phí…",
        pillar=Pillar.GOVERNMENT,
        due_date=today + dt.timedelta(days=10),
        order=1,
    )
    late = make_task(
        province,
        doc,
        "Rà soát hạ tầng máy chủ dùng chung",
        pillar=Pillar.INFRASTRUCTURE,
        due_date=today - dt.timedelta(days=20),
        order=2,
    )
    commune = make_task(
        province,
        doc,
        "Triển khai tổ công nghệ số cộng đồng",
        pillar=Pillar.SOCIETY,
        due_date=today + dt.timedelta(days=40),
        order=3,
    )
    return type(
        "Work",
        (),
        {
            "doc": doc,
            "today": today,
            "report": report,
            "late": late,
            "commune": commune,
            "tc_report": assign(report, province.tc),
            "yt_report": assign(report, province.yt, AssignmentRole.SUPPORT),
            "tc_late": assign(late, province.tc),
            "xa_commune": assign(commune, province.commune),
        },
    )


def pdf(name: str = "bao-cao.pdf", size: int = 0) -> SimpleUploadedFile:
    body = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    body += b" " * max(0, size - len(body))
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def docx(name: str = "minh-chung.docx") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return SimpleUploadedFile(name, buffer.getvalue())
