"""Tasks API: same filters and permissions as the screens."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from chidao.accounts import services as accounts
from chidao.tasks.models import Comment, Evidence, ExtensionRequest, ProgressUpdate, Task
from chidao.tasks.tests.conftest import assign, make_task, pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def bearer(people: Any) -> Any:
    def _bearer(user: Any) -> dict[str, str]:
        _token, key = accounts.create_token(None, user, "test")
        return {"HTTP_AUTHORIZATION": f"Bearer {key}"}

    return _bearer


def test_list_with_filters_and_constant_queries(
    client: Client,
    people: Any,
    work: Any,
    province: Any,
    bearer: Any,
    django_assert_max_num_queries: Any,
) -> None:
    headers = bearer(people.lanhdao)
    with django_assert_max_num_queries(8):
        body = client.get("/api/v1/tasks", **headers).json()
    assert body["count"] == 3
    for i in range(20):
        task = make_task(province, work.doc, f"Thêm {i}", due_date=work.today)
        assign(task, province.tc)
    with django_assert_max_num_queries(8):
        body = client.get("/api/v1/tasks", {"page_size": 50}, **headers).json()
    assert body["count"] == 23
    body = client.get("/api/v1/tasks", {"status": "open_overdue"}, **headers).json()
    assert [t["title"] for t in body["items"]] == [work.late.title]
    assert body["items"][0]["status_label"] == "Chưa hoàn thành, quá hạn"
    assert body["items"][0]["lead_units"] == ["Sở Tài chính"]
    body = client.get("/api/v1/tasks", {"q": "to cong nghe so"}, **headers).json()
    assert [t["title"] for t in body["items"]] == [work.commune.title]
    bad = client.get("/api/v1/tasks", {"status": "xong"}, **headers)
    assert bad.status_code == 422
    assert "status" in bad.json()["errors"]


def test_officer_lists_and_reads_only_their_units_tasks(
    client: Client, people: Any, work: Any, bearer: Any
) -> None:
    headers = bearer(people.donvi)
    body = client.get("/api/v1/tasks", **headers).json()
    assert body["count"] == 2
    assert client.get(f"/api/v1/tasks/{work.commune.uuid}", **headers).status_code == 404
    detail = client.get(f"/api/v1/tasks/{work.report.uuid}", **headers).json()
    assert [(a["unit"]["name"], a["role"]) for a in detail["assignments"]] == [
        ("Sở Tài chính", "lead"),
        ("Sở Y tế", "support"),
    ]
    assert detail["assignments"][0]["status"] == "open_on_time"


def test_report_progress_with_file_through_the_api(
    client: Client, people: Any, work: Any, bearer: Any
) -> None:
    response = client.post(
        f"/api/v1/tasks/assignments/{work.tc_report.uuid}/progress",
        {"percent": 100, "narrative": "Hoàn thành", "files": [pdf()], "version": 1},
        **bearer(people.donvi),
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["evidence"] == ["bao-cao.pdf"]
    assert body["assignment"]["status"] == "done_on_time"
    assert Evidence.objects.count() == 1
    work.tc_report.refresh_from_db()
    assert work.tc_report.completed_on == work.today


def test_api_refuses_other_units_and_bad_files(
    client: Client, people: Any, work: Any, bearer: Any
) -> None:
    url = f"/api/v1/tasks/assignments/{work.tc_report.uuid}/progress"
    refused = client.post(url, {"percent": 10, "version": 1}, **bearer(people.ngoai))
    assert refused.status_code == 403
    hidden = client.post(
        f"/api/v1/tasks/assignments/{work.xa_commune.uuid}/progress",
        {"percent": 10, "version": 1},
        **bearer(people.donvi),
    )
    assert hidden.status_code == 404
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = client.post(
        url,
        {"percent": 10, "files": [SimpleUploadedFile("x.exe", b"MZ")], "version": 1},
        **bearer(people.donvi),
    )
    assert bad.status_code == 422
    assert "không thuộc loại được phép" in bad.json()["detail"]
    stale = client.post(url, {"percent": 10, "version": 7}, **bearer(people.donvi))
    assert stale.status_code == 422
    assert not ProgressUpdate.objects.exists()


def test_comment_extension_decision_close_through_the_api(
    client: Client, people: Any, work: Any, bearer: Any
) -> None:
    officer, secretariat = bearer(people.donvi), bearer(people.thuongtruc)
    comment = client.post(
        f"/api/v1/tasks/{work.report.uuid}/comments",
        {"body": "Đang làm"},
        content_type="application/json",
        **officer,
    )
    assert comment.status_code == 201
    assert Comment.objects.get().body == "Đang làm"
    new_due = (work.today + dt.timedelta(days=40)).isoformat()
    ext = client.post(
        f"/api/v1/tasks/assignments/{work.tc_report.uuid}/extensions",
        {"new_due_date": new_due, "reason": "Thiếu kinh phí"},
        content_type="application/json",
        **officer,
    )
    assert ext.status_code == 201
    uuid = ext.json()["uuid"]
    refused = client.post(
        f"/api/v1/tasks/extensions/{uuid}/decision",
        {"approve": True},
        content_type="application/json",
        **officer,
    )
    assert refused.status_code == 403
    decided = client.post(
        f"/api/v1/tasks/extensions/{uuid}/decision",
        {"approve": True},
        content_type="application/json",
        **secretariat,
    )
    assert decided.json()["status"] == "approved"
    assert ExtensionRequest.objects.get().status == "approved"
    work.tc_report.refresh_from_db()
    assert work.tc_report.due_date.isoformat() == new_due
    closed = client.post(
        f"/api/v1/tasks/{work.report.uuid}/close",
        {"reason": "Xong", "version": 1},
        content_type="application/json",
        **secretariat,
    )
    assert closed.json()["state"] == "closed"
    no = client.post(
        f"/api/v1/tasks/{work.late.uuid}/close",
        {"reason": "Xong", "version": 1},
        content_type="application/json",
        **officer,
    )
    assert no.status_code == 403
    assert Task.objects.get(pk=work.late.pk).state == "open"
    reopened = client.post(
        f"/api/v1/tasks/{work.report.uuid}/reopen",
        {"reason": "Còn việc", "version": 2},
        content_type="application/json",
        **secretariat,
    )
    assert reopened.json()["state"] == "open"


def test_openapi_documents_the_tasks_endpoints() -> None:
    # Checked on this router alone so that another router's schema cannot hide ours.
    from chidao.tasks.api import router

    paths = set(router.path_operations)
    assert {"", "/{uuid}", "/assignments/{uuid}/progress", "/extensions/{uuid}/decision"} <= paths
    for path_view in router.path_operations.values():
        for operation in path_view.operations:
            assert operation.view_func.__doc__ or operation.view_func.__name__
            for model in operation.models:
                assert model.model_json_schema()["type"] == "object"
