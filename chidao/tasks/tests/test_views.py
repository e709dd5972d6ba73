"""Task screens: list (filters, sort, export, query counts), inbox, task page, forms."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from chidao.tasks import services
from chidao.tasks.choices import AssignmentStatus
from chidao.tasks.models import Evidence, ExtensionRequest, ProgressUpdate, Task
from chidao.tasks.tests.conftest import assign, make_task, pdf

pytestmark = pytest.mark.django_db


def _titles(response: Any) -> list[str]:
    return [t.title for t, _row in response.context["rows"]]


def test_secretariat_sees_all_tasks_officer_only_theirs(login: Any, people: Any, work: Any) -> None:
    body = login(people.thuongtruc).get("/tasks/")
    assert body.status_code == 200
    assert len(body.context["rows"]) == 3
    officer = login(people.donvi).get("/tasks/")
    assert sorted(_titles(officer)) == sorted([work.report.title, work.late.title])
    assert login(people.xa).get("/tasks/").context["rows"][0][0] == work.commune


def test_list_filters(login: Any, people: Any, work: Any, province: Any) -> None:
    client = login(people.lanhdao)
    assert _titles(client.get("/tasks/", {"q": "kinh phi chuyen doi"})) == [work.report.title]
    overdue = client.get("/tasks/", {"status": AssignmentStatus.OPEN_OVERDUE})
    assert _titles(overdue) == [work.late.title]
    past = (work.today - dt.timedelta(days=30)).strftime("%d/%m/%Y")
    assert _titles(client.get("/tasks/", {"status": "open_overdue", "as_of": past})) == []
    assert _titles(client.get("/tasks/", {"unit": str(province.commune.uuid)})) == [
        work.commune.title
    ]
    assert _titles(client.get("/tasks/", {"pillar": "infrastructure"})) == [work.late.title]
    window = {
        "due_from": work.today.strftime("%d/%m/%Y"),
        "due_to": (work.today + dt.timedelta(days=15)).strftime("%d/%m/%Y"),
    }
    assert _titles(client.get("/tasks/", window)) == [work.report.title]
    assert _titles(client.get("/tasks/", {"document": str(work.doc.uuid)}))
    assert _titles(client.get("/tasks/", {"sort": "-due"}))[0] == work.commune.title
    assert _titles(client.get("/tasks/", {"sort": "status"}))[-1] == work.late.title
    empty = client.get("/tasks/", {"q": "khong co gi"})
    assert "Không có nhiệm vụ nào" in empty.content.decode()


def test_list_htmx_returns_the_results_only(login: Any, people: Any, work: Any) -> None:
    response = login(people.thuongtruc).get("/tasks/", {"q": "ha tang"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html
    assert "Rà soát hạ tầng máy chủ dùng chung" in html


def _more_tasks(province: Any, work: Any, n: int) -> None:
    for i in range(n):
        task = make_task(province, work.doc, f"Nhiệm vụ bổ sung {i}", due_date=work.today)
        assign(task, province.tc)
        assign(task, province.yt, "support")


def test_list_query_count_is_constant(
    login: Any, people: Any, work: Any, province: Any, django_assert_max_num_queries: Any
) -> None:
    client = login(people.thuongtruc)
    client.get("/tasks/")  # warm the session and caches
    # The page's ids are found over narrow rows, then its rows read: one query each.
    with django_assert_max_num_queries(13) as small:
        client.get("/tasks/")
    _more_tasks(province, work, 30)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get("/tasks/")
    assert len(response.context["rows"]) == 33
    # Filtering and sorting by status cost no query per row either.
    for params in ({"status": "open_on_time"}, {"sort": "status"}, {"q": "bo sung"}):
        with django_assert_max_num_queries(len(small.captured_queries)):
            response = client.get("/tasks/", params)
        assert len(response.context["rows"]) >= 30


def test_default_sort_shows_pending_work_by_deadline_and_finished_work_last(
    login: Any, people: Any, work: Any
) -> None:
    work.tc_report.completed_on = work.today
    work.tc_report.save()
    services.refresh_list_columns([work.report.pk])
    titles = _titles(login(people.thuongtruc).get("/tasks/"))
    assert titles == [work.late.title, work.commune.title, work.report.title]
    rows = dict(login(people.thuongtruc).get("/tasks/").context["rows"])
    assert rows[work.report]["status"] == AssignmentStatus.DONE_ON_TIME
    assert rows[work.late]["status"] == AssignmentStatus.OPEN_OVERDUE


def test_export_filtered_list_to_xlsx(login: Any, people: Any, work: Any) -> None:
    response = login(people.thuongtruc).get("/tasks/", {"format": "xlsx", "q": "kinh phi"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0].startswith("Danh sách nhiệm vụ — tình hình tại ngày")
    assert rows[1][:4] == ("STT", "Nhiệm vụ", "Văn bản", "Đơn vị chủ trì")
    assert len(rows) == 3
    assert rows[2][1] == work.report.title
    assert rows[2][3] == "Sở Tài chính"
    assert rows[2][4] == "Sở Y tế"
    assert rows[2][5].date() == work.report.due_date
    assert rows[2][8] == "Đang thực hiện trong hạn"


def test_inbox_orders_by_urgency(
    login: Any, people: Any, work: Any, province: Any, django_assert_max_num_queries: Any
) -> None:
    soon = make_task(
        province, work.doc, "Gửi báo cáo gấp", due_date=work.today + dt.timedelta(days=1)
    )
    assign(soon, province.tc)
    client = login(people.donvi)
    with django_assert_max_num_queries(12):
        response = client.get("/tasks/inbox/")
    rows = list(response.context["rows"])
    assert [r.task.title for r in rows] == [work.late.title, soon.title, work.report.title]
    assert [r.urgency for r in rows][:2] == [0, 1]
    html = response.content.decode()
    assert "Quá hạn" in html
    assert "Sắp đến hạn" in html
    _more_tasks(province, work, 20)
    with django_assert_max_num_queries(12):
        assert len(client.get("/tasks/inbox/").context["rows"]) == 23


def test_inbox_empty_state_and_unit_choice_for_secretariat(
    login: Any, people: Any, work: Any, province: Any
) -> None:
    response = login(people.thuongtruc).get("/tasks/inbox/")
    assert "Chưa chọn đơn vị" in response.content.decode()
    response = login(people.thuongtruc).get("/tasks/inbox/", {"unit": str(province.khcn.uuid)})
    assert "Không có việc nào đang mở" in response.content.decode()


def test_one_click_progress_in_place(login: Any, people: Any, work: Any) -> None:
    client = login(people.donvi)
    url = f"/tasks/assignments/{work.tc_report.uuid}/report/"
    form = client.get(url, HTTP_HX_REQUEST="true")
    assert "<html" not in form.content.decode()
    assert 'name="percent"' in form.content.decode()
    response = client.post(
        url,
        {"percent": "70", "narrative": "Đã có dự thảo", "version": "1", "evidence": [pdf()]},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert "Đã ghi nhận báo cáo tiến độ." in html
    assert f'id="asg-{work.tc_report.uuid}"' in html
    assert "70%" in html
    update = ProgressUpdate.objects.get()
    assert (update.percent, update.narrative) == (70, "Đã có dự thảo")
    assert Evidence.objects.get().name == "bao-cao.pdf"


def test_progress_form_shows_file_errors_and_stores_nothing(
    login: Any, people: Any, work: Any
) -> None:
    client = login(people.donvi)
    bad = SimpleUploadedFile("bang-tinh.xlsx", b"not a zip at all")
    response = client.post(
        f"/tasks/assignments/{work.tc_report.uuid}/report/",
        {"percent": "70", "version": "1", "evidence": [bad]},
    )
    assert response.status_code == 200
    assert "bị hỏng hoặc nội dung không đúng định dạng .xlsx" in response.content.decode()
    assert not ProgressUpdate.objects.exists()
    assert not Evidence.objects.exists()


def test_stale_progress_form_shows_a_message(login: Any, people: Any, work: Any) -> None:
    client = login(people.donvi)
    url = f"/tasks/assignments/{work.tc_report.uuid}/report/"
    client.post(url, {"percent": "30", "version": "1"})
    response = client.post(url, {"percent": "50", "version": "1"})
    assert "Tiến độ của đơn vị đã được thay đổi ở nơi khác" in response.content.decode()
    work.tc_report.refresh_from_db()
    assert work.tc_report.progress == 30


def test_officer_of_another_unit_is_refused(login: Any, people: Any, work: Any) -> None:
    # Sở Y tế supports `report` so sees it, but may not report on Sở Tài chính's share.
    client = login(people.ngoai)
    url = f"/tasks/assignments/{work.tc_report.uuid}/report/"
    assert client.get(url).status_code == 403
    assert client.post(url, {"percent": "90", "version": "1"}).status_code == 403
    assert client.get(f"/tasks/assignments/{work.tc_report.uuid}/extension/").status_code == 403
    # A task their unit has nothing to do with does not exist for them.
    assert client.get(f"/tasks/{work.late.uuid}/").status_code == 404
    assert (
        client.post(f"/tasks/assignments/{work.tc_late.uuid}/report/", {"percent": "9"}).status_code
        == 404
    )
    assert (
        login(people.donvi).post(f"/tasks/{work.report.uuid}/close/", {"reason": "x"}).status_code
        == 403
    )
    assert not ProgressUpdate.objects.exists()
    assert Task.objects.get(pk=work.report.pk).state == "open"


def test_task_page(login: Any, people: Any, work: Any, django_assert_max_num_queries: Any) -> None:
    client = login(people.donvi)
    client.post(
        f"/tasks/assignments/{work.tc_report.uuid}/report/",
        {"percent": "40", "narrative": "Đang tổng hợp", "version": "1", "evidence": [pdf()]},
    )
    client.post(f"/tasks/{work.report.uuid}/comment/", {"body": "Cần thêm thời gian"})
    with django_assert_max_num_queries(30):
        response = client.get(f"/tasks/{work.report.uuid}/")
    html = response.content.decode()
    assert f"/documents/{work.doc.uuid}/#t-{work.report.uuid}" in html
    assert "Sở Tài chính chủ trì, phối hợp với Sở Y tế" in html
    assert "II. Nhiệm vụ" in html
    assert "Đang tổng hợp" in html
    assert "Cần thêm thời gian" in html
    assert "Báo cáo tiến độ" in html
    assert "Xin gia hạn" in html
    assert "Đóng nhiệm vụ" not in html
    evidence = Evidence.objects.get()
    assert f"/tasks/evidence/{evidence.uuid}/" in html
    download = client.get(f"/tasks/evidence/{evidence.uuid}/")
    assert b"".join(download.streaming_content).startswith(b"%PDF-")
    assert login(people.xa).get(f"/tasks/evidence/{evidence.uuid}/").status_code == 404
    leader = login(people.lanhdao).get(f"/tasks/{work.report.uuid}/").content.decode()
    assert "Báo cáo tiến độ</a>" not in leader
    assert "Gửi ý kiến" in leader
    assert "Gửi ý kiến" not in login(people.xem).get(f"/tasks/{work.report.uuid}/").content.decode()


def test_extension_story_through_the_screens(login: Any, people: Any, work: Any) -> None:
    new_due = work.today + dt.timedelta(days=30)
    officer = login(people.donvi)
    response = officer.post(
        f"/tasks/assignments/{work.tc_late.uuid}/extension/",
        {"new_due_date": new_due.strftime("%d/%m/%Y"), "reason": "Chờ kinh phí"},
    )
    assert response.status_code == 302
    ext = ExtensionRequest.objects.get()
    secretariat = login(people.thuongtruc)
    page = secretariat.get(f"/tasks/{work.late.uuid}/").content.decode()
    assert "Xét gia hạn" in page
    response = secretariat.post(f"/tasks/extensions/{ext.uuid}/decide/", {"decision": "approve"})
    assert response.status_code == 302
    work.tc_late.refresh_from_db()
    assert work.tc_late.due_date == new_due
    page = secretariat.get(f"/tasks/{work.late.uuid}/").content.decode()
    assert "ban đầu" in page
    assert "Đang thực hiện trong hạn" in page


def test_close_and_reopen_through_the_screens(login: Any, people: Any, work: Any) -> None:
    client = login(people.thuongtruc)
    response = client.post(f"/tasks/{work.report.uuid}/close/", {"reason": "", "version": "1"})
    assert "Trường này là bắt buộc" in response.content.decode()
    client.post(f"/tasks/{work.report.uuid}/close/", {"reason": "Đã xong", "version": "1"})
    assert Task.objects.get(pk=work.report.pk).state == "closed"
    stale = client.post(f"/tasks/{work.report.uuid}/reopen/", {"reason": "Mở", "version": "1"})
    assert "Nhiệm vụ đã được thay đổi ở nơi khác" in stale.content.decode()
    client.post(f"/tasks/{work.report.uuid}/reopen/", {"reason": "Mở", "version": "2"})
    assert Task.objects.get(pk=work.report.pk).state == "open"


def test_nav_shows_inbox_to_officers_only(login: Any, people: Any, work: Any) -> None:
    officer = login(people.donvi).get("/tasks/").content.decode()
    assert "Việc của đơn vị" in officer
    leader = login(people.lanhdao).get("/tasks/").content.decode()
    assert "Việc của đơn vị" not in leader
    assert 'href="/tasks/"' in leader
