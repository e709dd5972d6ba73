"""The reporting API: regimes, rates, a unit's submission through its life, refusals."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from chidao.core.periods import Period
from chidao.indicators.models import IndicatorValue
from chidao.reporting import services
from chidao.reporting.choices import SubmissionStatus
from chidao.reporting.models import Regime, Submission, SubmissionSection
from chidao.reporting.tests.test_services import at, fill, setup  # noqa: F401  # fixtures

pytestmark = pytest.mark.django_db

Q3 = Period.quarterly(2024, 3)


def _json(client: Client, method: str, url: str, body: Any = None) -> Any:
    call = getattr(client, method)
    if body is None:
        return call(url)
    return call(url, data=json.dumps(body), content_type="application/json")


def test_regimes_list_and_detail(login: Any, people: Any, setup: Any) -> None:  # noqa: F811
    client = login(people.lanhdao)
    rows = _json(client, "get", "/api/v1/reporting/regimes").json()
    assert [r["name"] for r in rows] == ["Báo cáo kết quả chuyển đổi số hằng quý"]
    assert rows[0]["frequency"] == "quarter"
    assert rows[0]["frequency_label"] == "Hằng quý"
    detail = _json(client, "get", f"/api/v1/reporting/regimes/{setup.regime.uuid}").json()
    assert [i["code"] for i in detail["indicators"]] == ["HS-TONG", "HS-TT"]
    assert {u["name"] for u in detail["units"]} == {"Sở Tài chính", "Sở Y tế"}
    assert detail["sections"][0]["title"] == "Kết quả thực hiện nhiệm vụ trong kỳ"


def test_secretariat_creates_a_regime_from_a_due_phrase(
    login: Any, people: Any, province: Any
) -> None:
    client = login(people.thuongtruc)
    body = {
        "name": "Báo cáo tháng về dịch vụ công trực tuyến",
        "frequency": "month",
        "due_text": "2 ngày làm việc sau ngày chốt số liệu",
        "first_period": "2025-01",
        "units": [str(province.tc.uuid)],
        "indicators": [],
    }
    response = _json(client, "post", "/api/v1/reporting/regimes", body)
    assert response.status_code == 201, response.content
    regime = Regime.objects.get(name=body["name"])
    assert (regime.due_rule, regime.due_workdays) == ("workdays_after_cutoff", 2)
    # Tháng 03/2025 closes on Friday 14/03; two working days later is Tuesday 18/03.
    assert response.json()["recent_due_dates"].get("2025-03", "2025-03-18") == "2025-03-18"
    assert services.due_date_of(regime, Period.monthly(2025, 3)) == dt.date(2025, 3, 18)


def test_bad_regime_is_refused_with_field_messages(login: Any, people: Any) -> None:
    client = login(people.thuongtruc)
    body = {"name": "X", "frequency": "week", "first_period": "2025-01", "indicators": ["KHONG"]}
    response = _json(client, "post", "/api/v1/reporting/regimes", body)
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert "frequency" in errors
    assert "KHONG" in errors["indicators"][0]
    assert not Regime.objects.exists()


def test_officer_cannot_create_a_regime(login: Any, people: Any) -> None:
    body = {
        "name": "X",
        "frequency": "month",
        "due_text": "trước ngày 20",
        "first_period": "2025-01",
    }
    response = _json(login(people.donvi), "post", "/api/v1/reporting/regimes", body)
    assert response.status_code == 403
    assert not Regime.objects.exists()


def test_officer_opens_fills_and_submits_through_the_api(
    login: Any,
    people: Any,
    setup: Any,  # noqa: F811
) -> None:
    client = login(people.donvi)
    url = f"/api/v1/reporting/regimes/{setup.regime.uuid}/periods/2024Q3/submission"
    opened = _json(client, "post", url, {}).json()
    assert opened["status"] == "draft"
    assert opened["due_date"] == "2024-10-05"
    row = Submission.objects.get(uuid=opened["uuid"])
    # Reopen so that today's real date can edit a 2024 report.
    services.reopen(people.thuongtruc, row, dt.date.today() + dt.timedelta(days=2))
    sub = f"/api/v1/reporting/submissions/{row.uuid}"
    body = {
        "answers": {
            str(setup.results.pk): "Đã số hoá 90% hồ sơ.",
            str(setup.problems.pk): "Không có.",
            str(setup.next.pk): "Tiếp tục.",
        },
        "values": {"HS-TONG": "1.000", "HS-TT": "720"},
        "version": Submission.objects.get(pk=row.pk).version,
    }
    saved = _json(client, "put", sub, body)
    assert saved.status_code == 200, saved.content
    assert {v["code"]: v["value"] for v in saved.json()["values"]} == {
        "HS-TONG": 1000.0,
        "HS-TT": 720.0,
    }
    assert IndicatorValue.objects.get(indicator=setup.online, unit=people.donvi.unit).value == 720
    sent = _json(client, "post", f"{sub}/submit", {"version": saved.json()["version"]})
    assert sent.status_code == 200, sent.content
    assert sent.json()["status"] == "submitted"
    assert sent.json()["late"] is True
    assert [e["kind"] for e in sent.json()["events"]][-1] == "submitted"


def test_bad_value_through_the_api_saves_nothing(
    login: Any,
    people: Any,
    setup: Any,  # noqa: F811
) -> None:
    row = services.open_submission(setup.regime, people.donvi.unit, Q3)
    services.reopen(people.thuongtruc, row, dt.date.today() + dt.timedelta(days=2))
    body = {
        "answers": {str(setup.results.pk): "Văn bản"},
        "values": {"HS-TONG": "một nghìn", "HS-TT": "720"},
        "version": Submission.objects.get(pk=row.pk).version,
    }
    response = _json(login(people.donvi), "put", f"/api/v1/reporting/submissions/{row.uuid}", body)
    assert response.status_code == 422
    assert "không phải là số" in response.json()["errors"]["values.HS-TONG"][0]
    over = {
        "values": {"HS-TONG": "100", "HS-TT": "720"},
        "version": Submission.objects.get(pk=row.pk).version,
    }
    response = _json(login(people.donvi), "put", f"/api/v1/reporting/submissions/{row.uuid}", over)
    assert response.status_code == 422
    assert "tử số không được vượt mẫu số" in response.json()["detail"]
    assert not IndicatorValue.objects.exists()
    assert not SubmissionSection.objects.exists()


def test_other_units_officer_sees_and_edits_nothing(
    login: Any,
    people: Any,
    setup: Any,  # noqa: F811
) -> None:
    row = services.open_submission(setup.regime, people.donvi.unit, Q3)
    client = login(people.xa)
    assert _json(client, "get", f"/api/v1/reporting/submissions/{row.uuid}").status_code == 404
    body = {"values": {"HS-TONG": "10"}}
    response = _json(client, "put", f"/api/v1/reporting/submissions/{row.uuid}", body)
    assert response.status_code == 404
    listed = _json(client, "get", "/api/v1/reporting/submissions").json()
    assert listed["count"] == 0
    # Xã Cao Lộc does not report under this regime at all.
    url = f"/api/v1/reporting/regimes/{setup.regime.uuid}/periods/2024Q3/submission"
    refused = _json(client, "post", url, {})
    assert refused.status_code == 422
    assert "không thuộc diện báo cáo" in refused.json()["detail"]
    assert not IndicatorValue.objects.exists()


def test_secretariat_returns_then_accepts(login: Any, people: Any, setup: Any) -> None:  # noqa: F811
    row = services.open_submission(setup.regime, people.donvi.unit, Q3)
    fill(setup, row, people.donvi, dt.date(2024, 10, 1))
    services.submit(people.donvi, row, at=at(dt.date(2024, 10, 2)))
    client = login(people.thuongtruc)
    base = f"/api/v1/reporting/submissions/{row.uuid}"
    empty = _json(client, "post", f"{base}/return", {"comment": ""})
    assert empty.status_code == 422
    returned = _json(client, "post", f"{base}/return", {"comment": "Thiếu số liệu tháng 9."})
    assert returned.json()["status"] == "returned"
    assert returned.json()["reviewer_comment"] == "Thiếu số liệu tháng 9."
    # A returned report cannot be accepted before it is sent again.
    assert _json(client, "post", f"{base}/accept", {}).status_code == 422
    services.submit(people.donvi, row, at=at(dt.date(2024, 10, 3)))
    accepted = _json(client, "post", f"{base}/accept", {"comment": "Đạt."})
    assert accepted.json()["status"] == "accepted"
    row.refresh_from_db()
    assert row.status == SubmissionStatus.ACCEPTED


def test_officer_cannot_review(login: Any, people: Any, setup: Any) -> None:  # noqa: F811
    row = services.open_submission(setup.regime, people.donvi.unit, Q3)
    fill(setup, row, people.donvi, dt.date(2024, 10, 1))
    services.submit(people.donvi, row, at=at(dt.date(2024, 10, 2)))
    url = f"/api/v1/reporting/submissions/{row.uuid}/accept"
    assert _json(login(people.donvi), "post", url, {}).status_code == 403
    row.refresh_from_db()
    assert row.status == SubmissionStatus.SUBMITTED


def test_rates_by_period(login: Any, people: Any, setup: Any) -> None:  # noqa: F811
    row = services.open_submission(setup.regime, people.donvi.unit, Q3)
    fill(setup, row, people.donvi, dt.date(2024, 10, 1), online=Decimal(700))
    services.submit(people.donvi, row, at=at(dt.date(2024, 10, 2)))
    url = f"/api/v1/reporting/regimes/{setup.regime.uuid}/rates?period=2024Q3&as_of=2024-10-20"
    data = _json(login(people.lanhdao), "get", url).json()
    assert (data["expected"], data["on_time"], data["missing"]) == (2, 1, 1)
    assert data["completeness"] == 50.0
    labels = {r["unit"]["name"]: r["timeliness_label"] for r in data["rows"]}
    assert labels == {"Sở Tài chính": "Đúng hạn", "Sở Y tế": "Chưa gửi, quá hạn"}
    bad = _json(login(people.lanhdao), "get", url.replace("2024Q3", "2024-07"))
    assert bad.status_code == 422


def test_submission_list_query_count(
    login: Any,
    people: Any,
    setup: Any,  # noqa: F811
    django_assert_max_num_queries: Any,
) -> None:
    for quarter in (1, 2, 3):
        services.open_submission(setup.regime, people.donvi.unit, Period.quarterly(2024, quarter))
        services.open_submission(setup.regime, people.ngoai.unit, Period.quarterly(2024, quarter))
    client = login(people.thuongtruc)
    with django_assert_max_num_queries(6):
        data = _json(client, "get", "/api/v1/reporting/submissions?page_size=50").json()
    assert data["count"] == 6
    assert data["items"][0]["period"] == "2024Q3"


def test_regime_through_the_api_names_who_signs_the_report(
    login: Any, people: Any, province: Any
) -> None:
    client = login(people.thuongtruc)
    body = {
        "name": "Báo cáo quý của Sở Khoa học và Công nghệ",
        "frequency": "quarter",
        "due_text": "trước ngày 05 tháng cuối quý",
        "first_period": "2025Q1",
        "units": [str(province.tc.uuid)],
        "receiver": str(province.khcn.uuid),
        "report_signer": "standing",
        "signer_title": "Giám đốc",
        "signer_name": "Nguyễn Văn A",
        "report_addressee": "Ban Chỉ đạo chuyển đổi số tỉnh",
    }
    response = _json(client, "post", "/api/v1/reporting/regimes", body)
    assert response.status_code == 201, response.content
    regime = Regime.objects.get(name=body["name"])
    assert (regime.report_signer, regime.signer_title, regime.signer_name) == (
        "standing",
        "Giám đốc",
        "Nguyễn Văn A",
    )
    assert regime.report_addressee == "Ban Chỉ đạo chuyển đổi số tỉnh"
    assert response.json()["report_signer"] == "standing"


def test_regime_with_an_unknown_signer_is_refused(login: Any, people: Any) -> None:
    client = login(people.thuongtruc)
    body = {
        "name": "Báo cáo quý",
        "frequency": "quarter",
        "due_text": "trước ngày 05 tháng cuối quý",
        "first_period": "2025Q1",
        "report_signer": "ubnd",
    }
    response = _json(client, "post", "/api/v1/reporting/regimes", body)
    assert response.status_code == 422
    assert "Cơ quan ký báo cáo không hợp lệ: ubnd" in response.json()["errors"]["report_signer"][0]
    assert not Regime.objects.exists()
