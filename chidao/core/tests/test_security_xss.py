"""Stored XSS: what people write is escaped on every page that shows it.

(a) No template or module marks text safe except a short list of places that hold our
    own markup, each with its reason. (b) A payload stored in every user-text field — a
    regime section's guidance, a task's title, a unit's name, a comment, a document's
    title, an indicator's name and definition, notes, reasons — comes back escaped on the
    pages that show them, the submission page above all.
"""

from __future__ import annotations

import ast
import datetime as dt
import re
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client

from chidao.core.periods import Period
from chidao.reporting.tests.conftest import regime_setup  # noqa: F401  # a fixture

ROOT = Path(__file__).resolve().parents[2]  # chidao/

PAYLOAD = '<script>alert(1)</script>"><img src=x onerror=alert(1)>'
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
RAW = ("<script>alert(1)", "<img src=x onerror", "onerror=alert(1)>")

# Where text is marked safe on purpose, and why it is not user text.
ALLOWED_PYTHON = {
    # achievement_badge returns render_to_string's output: an autoescaped template.
    ("indicators/templatetags/indicators.py", "SafeString"),
}


def _templates() -> list[Path]:
    return sorted(
        p for p in ROOT.rglob("*.html") if "templates" in p.parts and ".venv" not in p.parts
    )


def _python() -> list[Path]:
    return sorted(
        p for p in ROOT.rglob("*.py") if "tests" not in p.parts and "migrations" not in p.parts
    )


def test_no_template_turns_autoescaping_off() -> None:
    found = []
    for path in _templates():
        text = path.read_text()
        for pattern in (r"\|\s*safe\b", r"\|\s*safeseq\b", r"autoescape\s+off", r"filter\s+safe"):
            found += [f"{path.relative_to(ROOT)}: {m}" for m in re.findall(pattern, text)]
    assert found == []


def test_python_marks_only_our_own_markup_safe() -> None:
    """mark_safe / SafeString only where listed; format_html only with a literal format
    (its arguments are escaped, the format is not)."""
    found = []
    for path in _python():
        relative = str(path.relative_to(ROOT))
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            if name in {"mark_safe", "SafeString", "SafeText", "Markup"}:
                if (relative, name) not in ALLOWED_PYTHON:
                    found.append(f"{relative}:{node.lineno}: {name}")
            elif name in {"format_html", "format_html_join"}:
                first = node.args[0] if node.args else None
                if name == "format_html_join" and len(node.args) > 1:
                    first = node.args[1]
                if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
                    found.append(f"{relative}:{node.lineno}: {name} with a non-literal format")
    assert found == []


def test_field_help_text_is_escaped() -> None:
    from django import forms
    from django.template.loader import render_to_string

    class Form(forms.Form):
        text = forms.CharField(help_text=PAYLOAD)

    html = render_to_string("components/_field_feedback.html", {"field": Form()["text"]})
    assert ESCAPED in html
    assert not any(raw in html for raw in RAW)


@pytest.fixture
def stored(regime_setup: SimpleNamespace, province: Any, people: Any) -> SimpleNamespace:  # noqa: F811
    """The payload in every user-text field the pages below show."""
    from chidao.core.models import AuditEvent
    from chidao.documents.choices import DocumentKind, DocumentStatus
    from chidao.documents.models import Document
    from chidao.indicators.models import IndicatorValue, Target
    from chidao.notifications.models import Notification
    from chidao.reporting.choices import SectionKind
    from chidao.reporting.models import RegimeSection, SubmissionEvent, SubmissionSection
    from chidao.reporting.services import open_submission
    from chidao.tasks.choices import AssignmentRole, TaskState
    from chidao.tasks.models import Assignment, Comment, ExtensionRequest, ProgressUpdate, Task
    from chidao.tasks.services import refresh_list_columns
    from chidao.units.models import Unit, UnitGroup

    setup = regime_setup
    regime = setup.regime
    RegimeSection.objects.filter(regime=regime, kind=SectionKind.NARRATIVE).update(
        guidance=f"Hướng dẫn {PAYLOAD}", title=f"Mục {PAYLOAD}"
    )
    type(regime).objects.filter(pk=regime.pk).update(
        name=f"Báo cáo {PAYLOAD}", content=f"Nội dung {PAYLOAD}", due_text=f"hạn {PAYLOAD}"
    )
    SubmissionSection.objects.filter(submission=setup.submissions["tc"]).update(
        text=f"Đơn vị viết {PAYLOAD}"
    )
    SubmissionEvent.objects.filter(submission=setup.submissions["tc"]).update(
        comment=f"Ý kiến {PAYLOAD}"
    )
    type(setup.submissions["tc"]).objects.filter(pk=setup.submissions["tc"].pk).update(
        reviewer_comment=f"Nhận xét {PAYLOAD}"
    )
    # The commune's report of this quarter is still open: its officer fills the form,
    # where the guidance is the help text of each section.
    today = dt.date.today()
    current = Period.quarterly(today.year, (today.month - 1) // 3 + 1)
    commune_row = open_submission(regime, province.commune, current)

    ratio = setup.indicators["TL-HSTT"]
    type(ratio).objects.filter(pk=ratio.pk).update(
        name=f"Tỷ lệ {PAYLOAD}", definition=f"Định nghĩa {PAYLOAD}", group=f"Nhóm {PAYLOAD}"
    )
    usage = setup.indicators["CB-APP"]
    IndicatorValue.objects.filter(indicator=usage).update(note=f"Ghi chú {PAYLOAD}")
    Target.objects.filter(indicator=ratio).update(note=f"Ghi chú {PAYLOAD}")

    Unit.objects.filter(pk=province.yt.pk).update(name=f"Sở Y tế {PAYLOAD}")
    UnitGroup.objects.create(province=province.unit, key="xss", name=f"Nhóm {PAYLOAD}")
    type(people.ngoai).objects.filter(pk=people.ngoai.pk).update(full_name=f"Người {PAYLOAD}")

    document = Document.objects.create(
        province=province.unit,
        kind=DocumentKind.TB,
        number="9/TB-BCĐ",
        issued_on=today - dt.timedelta(days=30),
        title=f"Trích yếu {PAYLOAD}",
        issuer=f"Cơ quan {PAYLOAD}",
        signer=f"Người ký {PAYLOAD}",
        status=DocumentStatus.EXTRACTED,
        text=f"1. Sở Tài chính chủ trì {PAYLOAD}",
    )
    # Waiting for review: its extracted task is a draft.
    Task.objects.create(
        province=province.unit,
        document=document,
        title=f"Dự thảo {PAYLOAD}",
        quote=f"Trích {PAYLOAD}",
        state=TaskState.DRAFT,
    )
    # Published: the officer reads it and follows its task up.
    published = Document.objects.create(
        province=province.unit,
        kind=DocumentKind.KH,
        number="10/KH-BCĐ",
        issued_on=today - dt.timedelta(days=20),
        title=f"Kế hoạch {PAYLOAD}",
        status=DocumentStatus.PUBLISHED,
    )
    task = Task.objects.create(
        province=province.unit,
        document=published,
        title=f"Nhiệm vụ {PAYLOAD}",
        description=f"Mô tả {PAYLOAD}",
        quote=f"Trích {PAYLOAD}",
        section=f"Mục {PAYLOAD}",
        due_text=f"hạn {PAYLOAD}",
        due_date=today + dt.timedelta(days=10),
        state=TaskState.OPEN,
    )
    assignment = Assignment.objects.create(
        task=task,
        unit=province.tc,
        role=AssignmentRole.LEAD,
        due_date=task.due_date,
        original_due_date=task.due_date,
        progress=40,
    )
    Assignment.objects.create(
        task=task,
        unit=province.yt,
        role=AssignmentRole.SUPPORT,
        due_date=task.due_date,
        original_due_date=task.due_date,
    )
    refresh_list_columns([task.pk])
    ProgressUpdate.objects.create(
        assignment=assignment, author=people.donvi, percent=40, narrative=f"Tiến độ {PAYLOAD}"
    )
    Comment.objects.create(task=task, author=people.ngoai, body=f"Ý kiến {PAYLOAD}")
    ExtensionRequest.objects.create(
        assignment=assignment,
        requested_by=people.donvi,
        requested_due_date=today + dt.timedelta(days=40),
        reason=f"Lý do {PAYLOAD}",
    )
    for user in (people.donvi, people.thuongtruc):
        Notification.objects.create(
            user=user, kind="comment", title=f"Tin {PAYLOAD}", body=f"Chi tiết {PAYLOAD}"
        )
    AuditEvent.objects.create(
        actor=people.thuongtruc,
        actor_name=f"Người {PAYLOAD}",
        action="unit.update",
        target_type="unit",
        target_id=str(province.yt.pk),
        target_repr=f"Sở Y tế {PAYLOAD}",
        before={"name": "Sở Y tế"},
        after={"name": f"Sở Y tế {PAYLOAD}"},
    )
    return SimpleNamespace(
        setup=setup,
        commune_row=commune_row,
        document=document,
        published=published,
        task=task,
        ratio=ratio,
    )


def _pages(stored: SimpleNamespace, province: Any) -> dict[str, list[str]]:
    s = stored.setup
    regime = s.regime.uuid
    return {
        "xa": [f"/reporting/submissions/{stored.commune_row.uuid}/"],
        "donvi": [
            "/",
            "/tasks/",
            "/tasks/inbox/",
            f"/tasks/{stored.task.uuid}/",
            f"/reporting/submissions/{s.submissions['tc'].uuid}/",
            "/reporting/",
            f"/reporting/regimes/{regime}/",
            "/indicators/",
            f"/indicators/{stored.ratio.code}/",
            f"/indicators/values/?period={s.period.code}",
            "/units/",
            f"/units/{province.yt.uuid}/",
            "/units/groups/",
            "/notifications/",
            f"/documents/{stored.published.uuid}/",
        ],
        "thuongtruc": [
            "/",
            "/tasks/",
            f"/tasks/{stored.task.uuid}/",
            f"/documents/{stored.document.uuid}/",
            f"/documents/{stored.document.uuid}/review/",
            f"/reporting/submissions/{s.submissions['yt'].uuid}/",
            f"/reporting/submissions/{s.submissions['tc'].uuid}/",
            f"/reporting/regimes/{regime}/",
            f"/reporting/regimes/{regime}/edit/",
            f"/reporting/regimes/{regime}/units/",
            f"/indicators/scoreboard/?period={s.period.code}",
            f"/indicators/targets/?period={s.period.code}",
            f"/indicators/{stored.ratio.code}/edit/",
            f"/units/{province.yt.uuid}/",
            f"/units/{province.yt.uuid}/edit/",
            "/notifications/",
            "/audit/",
        ],
    }


def test_user_text_is_escaped_on_every_page_that_shows_it(
    stored: SimpleNamespace, province: Any, people: Any
) -> None:
    problems = []
    shown = 0
    for username, paths in _pages(stored, province).items():
        client = Client()
        client.force_login(getattr(people, username))
        for path in paths:
            response = client.get(path)
            html = response.content.decode()
            if response.status_code != 200:
                problems.append(f"{username} {path}: {response.status_code}")
                continue
            raw = [r for r in RAW if r in html]
            if raw:
                problems.append(f"{username} {path}: unescaped {raw}")
            if ESCAPED in html:
                shown += 1
            else:
                problems.append(f"{username} {path}: the stored text is not shown")
    assert problems == [], "\n".join(problems)
    assert shown == sum(len(paths) for paths in _pages(stored, province).values())


def test_submission_form_shows_guidance_as_text(stored: SimpleNamespace, people: Any) -> None:
    client = Client()
    client.force_login(people.xa)
    html = client.get(f"/reporting/submissions/{stored.commune_row.uuid}/").content.decode()
    hints = re.findall(r'<div class="form-hint"[^>]*>(.*?)</div>', html, re.S)
    assert f"Hướng dẫn {ESCAPED}&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in hints
