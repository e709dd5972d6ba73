"""Services: progress with evidence, comments, extensions, close/reopen — and refusals."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from chidao.core.models import AuditEvent
from chidao.notifications.models import Notification
from chidao.tasks import services
from chidao.tasks.choices import AssignmentStatus, ExtensionStatus, TaskState
from chidao.tasks.models import Comment, Evidence, ExtensionRequest, ProgressUpdate
from chidao.tasks.tests.conftest import docx, pdf

pytestmark = pytest.mark.django_db


def test_officer_reports_progress_with_evidence(work: Any, people: Any, settings: Any) -> None:
    update = services.report_progress(
        people.donvi,
        work.tc_report,
        percent=60,
        narrative="Đã trình UBND tỉnh phương án kinh phí.",
        files=[pdf(), docx()],
    )
    work.tc_report.refresh_from_db()
    assert work.tc_report.progress == 60
    assert work.tc_report.completed_on is None
    assert work.tc_report.version == 2
    assert update.author == people.donvi
    names = sorted(e.name for e in Evidence.objects.filter(update=update))
    assert names == ["bao-cao.pdf", "minh-chung.docx"]
    stored = Evidence.objects.get(name="bao-cao.pdf")
    assert Path(stored.file.path).read_bytes().startswith(b"%PDF-")
    assert stored.content_type == "application/pdf"
    event = AuditEvent.objects.get(action="assignment.progress")
    assert event.before is not None
    assert event.after is not None
    assert event.before["progress"] == 0
    assert event.after["progress"] == 60
    assert event.after["files"] == ["bao-cao.pdf", "minh-chung.docx"]


def test_hundred_percent_completes_on_today_or_given_date(work: Any, people: Any) -> None:
    services.report_progress(people.donvi, work.tc_late, percent=100, narrative="Xong")
    work.tc_late.refresh_from_db()
    assert work.tc_late.completed_on == work.today
    assert work.tc_late.status_on(work.today) == AssignmentStatus.DONE_LATE

    earlier = work.today - dt.timedelta(days=3)
    services.report_progress(
        people.donvi, work.tc_report, percent=90, completed=True, completed_on=earlier
    )
    work.tc_report.refresh_from_db()
    assert (work.tc_report.progress, work.tc_report.completed_on) == (100, earlier)
    assert work.tc_report.status_on(work.today) == AssignmentStatus.DONE_ON_TIME


def test_completion_date_in_the_future_is_refused(work: Any, people: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        services.report_progress(
            people.donvi,
            work.tc_report,
            percent=100,
            completed_on=work.today + dt.timedelta(days=1),
        )
    assert "completed_on" in exc.value.message_dict
    assert not ProgressUpdate.objects.exists()


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("virus.exe", b"MZ\x90\x00"), "không thuộc loại được phép"),
        (SimpleUploadedFile("gia.pdf", b"<html>not a pdf</html>"), "bị hỏng"),
        (SimpleUploadedFile("hong.docx", b"PK\x03\x04broken"), "bị hỏng"),
    ],
)
def test_bad_evidence_is_refused_and_nothing_stored(
    work: Any, people: Any, settings: Any, upload: Any, message: str
) -> None:
    with pytest.raises(ValidationError) as exc:
        services.report_progress(people.donvi, work.tc_report, percent=50, files=[pdf(), upload])
    assert message in exc.value.message_dict["evidence"][0]
    assert not ProgressUpdate.objects.exists()
    assert not Evidence.objects.exists()
    assert not Path(settings.MEDIA_ROOT, "evidence").exists()
    work.tc_report.refresh_from_db()
    assert work.tc_report.progress == 0


def test_oversized_evidence_is_refused(work: Any, people: Any, settings: Any) -> None:
    settings.UPLOAD_MAX_MB = 1
    with pytest.raises(ValidationError) as exc:
        services.report_progress(
            people.donvi, work.tc_report, percent=50, files=[pdf(size=1024 * 1024 + 1)]
        )
    assert "Tệp quá lớn (1,1 MB); giới hạn là 1 MB" in exc.value.message_dict["evidence"][0]
    assert not Evidence.objects.exists()


def test_officer_cannot_update_other_units_assignment(work: Any, people: Any) -> None:
    for user in (people.ngoai, people.xa, people.lanhdao, people.thuongtruc, people.xem):
        with pytest.raises(PermissionDenied):
            services.report_progress(user, work.tc_report, percent=10)
    assert not ProgressUpdate.objects.exists()
    assert not AuditEvent.objects.exists()


def test_support_unit_reports_on_its_own_assignment(work: Any, people: Any) -> None:
    services.report_progress(people.ngoai, work.yt_report, percent=30)
    work.yt_report.refresh_from_db()
    assert work.yt_report.progress == 30


def test_double_submit_creates_one_update(work: Any, people: Any) -> None:
    first = services.report_progress(
        people.donvi, work.tc_report, percent=40, narrative="Đang làm", expected_version=1
    )
    again = services.report_progress(
        people.donvi, work.tc_report, percent=40, narrative="Đang làm", expected_version=1
    )
    assert again.pk == first.pk
    assert ProgressUpdate.objects.count() == 1
    assert AuditEvent.objects.filter(action="assignment.progress").count() == 1


def test_stale_progress_form_is_refused(work: Any, people: Any) -> None:
    services.report_progress(people.donvi, work.tc_report, percent=40, expected_version=1)
    with pytest.raises(ValidationError) as exc:
        services.report_progress(people.donvi, work.tc_report, percent=20, expected_version=1)
    assert "đã được thay đổi ở nơi khác" in exc.value.messages[0]
    work.tc_report.refresh_from_db()
    assert work.tc_report.progress == 40


def test_closed_task_takes_no_progress(work: Any, people: Any) -> None:
    services.close_task(people.thuongtruc, work.report, reason="Không còn phù hợp")
    with pytest.raises(ValidationError):
        services.report_progress(people.donvi, work.tc_report, percent=10)


def test_comment_notifies_the_units_officers(work: Any, people: Any) -> None:
    comment = services.add_comment(people.lanhdao, work.report, "  Đề nghị đẩy nhanh tiến độ. ")
    assert comment.body == "Đề nghị đẩy nhanh tiến độ."
    notified = set(
        Notification.objects.filter(kind="comment").values_list("user__username", flat=True)
    )
    assert notified == {"donvi", "ngoai"}
    again = services.add_comment(people.lanhdao, work.report, "Đề nghị đẩy nhanh tiến độ.")
    assert again.pk == comment.pk
    assert Comment.objects.count() == 1


def test_officer_comment_reaches_the_secretariat(work: Any, people: Any) -> None:
    services.add_comment(people.donvi, work.report, "Đã xin ý kiến UBND tỉnh.")
    notified = set(
        Notification.objects.filter(kind="comment").values_list("user__username", flat=True)
    )
    assert notified == {"ngoai", "thuongtruc"}


def test_outsider_cannot_comment(work: Any, people: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.add_comment(people.xa, work.report, "Xin chào")
    assert not Comment.objects.exists()


def test_extension_approved_moves_due_keeps_original(work: Any, people: Any) -> None:
    asg = work.tc_late
    old_due = asg.due_date
    new_due = work.today + dt.timedelta(days=15)
    ext = services.request_extension(
        people.donvi, asg, new_due_date=new_due, reason="Chờ phân bổ ngân sách"
    )
    assert ext.status == ExtensionStatus.PENDING
    assert ext.previous_due_date == old_due
    assert Notification.objects.filter(kind="extension_requested", user=people.thuongtruc).exists()
    # Before the decision the assignment is overdue.
    assert asg.status_on(work.today) == AssignmentStatus.OPEN_OVERDUE

    services.decide_extension(people.thuongtruc, ext, approve=True, reason="Đồng ý")
    asg.refresh_from_db()
    ext.refresh_from_db()
    assert ext.status == ExtensionStatus.APPROVED
    assert ext.decided_by == people.thuongtruc
    assert asg.due_date == new_due
    assert asg.original_due_date == old_due
    assert asg.status_on(work.today) == AssignmentStatus.OPEN_ON_TIME
    # Completed before the new date: on time, judged against the approved date.
    services.report_progress(people.donvi, asg, percent=100)
    asg.refresh_from_db()
    assert asg.status_on(work.today) == AssignmentStatus.DONE_ON_TIME
    assert Notification.objects.filter(kind="extension_decided", user=people.donvi).exists()
    decided = AuditEvent.objects.filter(action="extension.decide").get()
    assert decided.after is not None
    assert decided.after["due_date"] == str(new_due)


def test_extension_refused_needs_a_reason_and_keeps_due(work: Any, people: Any) -> None:
    asg = work.tc_report
    ext = services.request_extension(
        people.donvi, asg, new_due_date=asg.due_date + dt.timedelta(days=30), reason="Thiếu người"
    )
    with pytest.raises(ValidationError):
        services.decide_extension(people.thuongtruc, ext, approve=False, reason="")
    services.decide_extension(people.thuongtruc, ext, approve=False, reason="Không có cơ sở")
    ext.refresh_from_db()
    asg.refresh_from_db()
    assert ext.status == ExtensionStatus.REFUSED
    assert ext.decision_reason == "Không có cơ sở"
    assert asg.due_date == work.today + dt.timedelta(days=10)
    with pytest.raises(ValidationError):
        services.decide_extension(people.thuongtruc, ext, approve=True)


def test_extension_rules(work: Any, people: Any) -> None:
    asg = work.tc_report
    with pytest.raises(ValidationError) as exc:
        services.request_extension(people.donvi, asg, new_due_date=asg.due_date, reason="x")
    assert "new_due_date" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.request_extension(
            people.donvi, asg, new_due_date=asg.due_date + dt.timedelta(days=5), reason=" "
        )
    assert "reason" in exc.value.message_dict
    later = asg.due_date + dt.timedelta(days=5)
    first = services.request_extension(people.donvi, asg, new_due_date=later, reason="Lý do")
    same = services.request_extension(people.donvi, asg, new_due_date=later, reason="Lý do")
    assert same.pk == first.pk
    with pytest.raises(ValidationError, match="đang chờ duyệt"):
        services.request_extension(
            people.donvi, asg, new_due_date=later + dt.timedelta(days=1), reason="Khác"
        )
    with pytest.raises(PermissionDenied):
        services.request_extension(people.ngoai, asg, new_due_date=later, reason="Lý do")
    with pytest.raises(PermissionDenied):
        services.decide_extension(people.donvi, first, approve=True)
    assert ExtensionRequest.objects.count() == 1


def test_close_and_reopen_with_reason_and_version(work: Any, people: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.close_task(people.lanhdao, work.report, reason="x")
    with pytest.raises(ValidationError):
        services.close_task(people.thuongtruc, work.report, reason="  ")
    task = services.close_task(
        people.thuongtruc, work.report, reason="Đã hoàn thành theo báo cáo", expected_version=1
    )
    assert task.state == TaskState.CLOSED
    assert task.closed_by == people.thuongtruc
    assert task.version == 2
    # The same click again changes nothing.
    assert (
        services.close_task(
            people.thuongtruc, work.report, reason="Đã hoàn thành theo báo cáo", expected_version=1
        ).version
        == 2
    )
    with pytest.raises(ValidationError, match="thay đổi ở nơi khác"):
        services.reopen_task(people.thuongtruc, work.report, reason="Mở", expected_version=1)
    task = services.reopen_task(people.thuongtruc, work.report, reason="Mở", expected_version=2)
    assert task.state == TaskState.OPEN
    assert task.closed_at is None
    actions = list(AuditEvent.objects.order_by("id").values_list("action", flat=True))
    assert actions == ["task.close", "task.reopen"]
