"""`chidao demo` sets up the sample province and the demo accounts, and can run twice."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from chidao.accounts.models import User
from chidao.core.management.commands.demo import DEMO_PASSWORD
from chidao.units.models import Unit

pytestmark = pytest.mark.django_db


def test_demo_sets_up_province_and_accounts_idempotently(settings: Any) -> None:
    out = io.StringIO()
    call_command("demo", "--no-serve", "--port", "8765", stdout=out)
    text = out.getvalue()
    assert "http://127.0.0.1:8765" in text
    assert "Tỉnh Lạng Sơn" in text
    roles = dict(User.objects.values_list("username", "role"))
    assert roles == {
        "admin": "admin",
        "thuongtruc": "secretariat",
        "lanhdao": "leader",
        "donvi": "officer",
        "xa": "officer",
    }
    secretariat_unit = User.objects.get(username="thuongtruc").unit
    commune = User.objects.get(username="xa").unit
    assert secretariat_unit is not None
    assert secretariat_unit.name == "Sở Khoa học và Công nghệ"
    assert commune is not None
    assert commune.kind == "commune"
    units = Unit.objects.count()
    call_command("demo", "--no-serve", stdout=io.StringIO())
    assert Unit.objects.count() == units
    assert User.objects.count() == 5
    client = Client()
    client.post("/accounts/login/", {"username": "thuongtruc", "password": DEMO_PASSWORD})
    html = client.get("/units/", {"q": "so tttt", "as_of": "01/06/2024"}).content.decode()
    assert "Sở Thông tin và Truyền thông" in html


def test_demo_province_looks_alive_today(settings: Any) -> None:
    """Directives of the last two years with work done on time and late, due next week,
    overdue, a recurring report with a streak, a pending extension — all relative to today,
    and nothing added by a second run."""
    import datetime as dt

    from django.db.models import Count
    from django.urls import reverse
    from django.utils import timezone

    from chidao.documents.models import Document
    from chidao.notifications.models import Notification
    from chidao.tasks.choices import AssignmentStatus, ExtensionStatus
    from chidao.tasks.models import (
        Assignment,
        Comment,
        ExtensionRequest,
        OccurrenceReport,
        ProgressUpdate,
        Task,
    )

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("demo", "--no-serve", stdout=io.StringIO())
    today = timezone.localdate()

    docs = Document.objects.filter(status="published")
    assert docs.count() == 4
    assert docs.filter(issued_on__gte=today - dt.timedelta(days=730)).count() >= 3
    statuses = dict(
        Assignment.objects.active()
        .with_status(today)
        .values_list("status_code")  # type: ignore[misc]  # annotated by with_status
        .annotate(n=Count("pk"))
    )
    assert statuses[AssignmentStatus.DONE_ON_TIME] >= 10
    assert statuses[AssignmentStatus.DONE_LATE] >= 5
    assert statuses[AssignmentStatus.OPEN_OVERDUE] >= 5
    next_week = Assignment.objects.active().filter(
        completed_on__isnull=True,
        due_date__gt=today,
        due_date__lte=today + dt.timedelta(days=14),
    )
    assert next_week.count() >= 3
    assert Task.objects.exclude(recurrence_freq="").count() == 2
    assert OccurrenceReport.objects.count() > 50
    assert ProgressUpdate.objects.filter(narrative__gt="").count() > 100
    assert Comment.objects.count() >= 3
    assert ExtensionRequest.objects.filter(status=ExtensionStatus.PENDING).count() == 1
    donvi = User.objects.get(username="donvi")
    assert Notification.objects.filter(user=donvi, read_at__isnull=True).exists()
    assert Notification.objects.filter(user__username="thuongtruc", kind="digest").exists()
    # A 2024 task of Sở TT&TT is carried today by Sở KH&CN, its successor.
    inherited = Assignment.objects.filter(active=True, inherited_from__isnull=False)
    assert inherited.filter(unit__catalogue_key="so-khcn").exists()

    counts = [
        m.objects.count()
        for m in (Document, Task, Assignment, ProgressUpdate, OccurrenceReport, Notification)
    ]
    call_command("demo", "--no-serve", stdout=io.StringIO())
    assert counts == [
        m.objects.count()
        for m in (Document, Task, Assignment, ProgressUpdate, OccurrenceReport, Notification)
    ]

    client = Client()
    client.force_login(donvi)
    inbox = client.get(reverse("tasks:inbox")).content.decode()
    assert "Triển khai thanh toán không dùng tiền mặt" in inbox
    assert "Cung cấp số liệu giải ngân vốn" in inbox


def test_demo_progress_updates_are_dated_over_the_past(settings: Any) -> None:
    import datetime as dt

    from django.db.models import Max, Min
    from django.utils import timezone

    from chidao.tasks.models import ProgressUpdate

    call_command("demo", "--no-serve", stdout=io.StringIO())
    span = ProgressUpdate.objects.aggregate(first=Min("created_at"), last=Max("created_at"))
    today = timezone.localdate()
    assert timezone.localtime(span["first"]).date() < today - dt.timedelta(days=300)
    assert timezone.localtime(span["last"]).date() < today
