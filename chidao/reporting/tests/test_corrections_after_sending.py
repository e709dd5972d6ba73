"""A figure corrected after its report was sent or accepted reopens the report (issue 9:
the report still said "accepted" and nobody was told).

The rule (docs/reporting.md, "Figures of a report already sent"): any write that changes
a figure a sent or accepted report shows — from the values page, the API, a workbook —
returns the report to its unit (`RETURNED`, open for the grace days) with a `REOPENED`
event naming the figures, an audit record, and a notification to the secretariat and the
unit's officers. A report still being written gets a new version, so a page open on it
can no longer save over the new figures.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from chidao.core.models import AuditEvent
from chidao.indicators import services as indicator_services
from chidao.indicators.models import IndicatorValue
from chidao.notifications.models import Notification
from chidao.reporting import services
from chidao.reporting.choices import SubmissionEventKind, SubmissionStatus
from chidao.reporting.models import Submission, SubmissionEvent

pytestmark = pytest.mark.django_db

STALE = "Báo cáo đã được thay đổi ở nơi khác trong lúc bạn nhập."


def _figure(s: Any, code: str, unit_key: str = "tc") -> IndicatorValue:
    return IndicatorValue.objects.select_related("indicator", "unit").get(
        indicator=s.indicators[code], unit=s.units[unit_key], period_code=s.period.code
    )


def _reopened(row: Submission) -> SubmissionEvent:
    return row.events.filter(kind=SubmissionEventKind.REOPENED).get()


def test_correction_on_the_values_page_reopens_the_accepted_report(
    regime_setup: Any, people: Any, login: Any
) -> None:
    # Given Sở Tài chính's accepted report of Q3/2025 showing 170 applications online
    s = regime_setup
    report = s.submissions["tc"]
    assert report.status == SubmissionStatus.ACCEPTED
    online = _figure(s, "HS-TT")
    assert online.value == Decimal(170)
    # When its officer corrects the figure on the values page
    client = login(people.donvi)
    url = f"/indicators/values/?period={s.period.code}"
    response = client.post(
        url,
        {
            "v-HS-TT": "180",
            "ver-HS-TT": str(online.version),
            "reason": "Bổ sung hồ sơ tiếp nhận ngày 30/9",
        },
    )
    assert response.status_code == 302
    # Then the figure is written and the report is back with the unit, saying why
    assert _figure(s, "HS-TT").value == Decimal(180)
    report.refresh_from_db()
    assert report.status == SubmissionStatus.RETURNED
    event = _reopened(report)
    assert event.actor == people.donvi
    assert event.comment == (
        "Số liệu được điều chỉnh sau khi báo cáo đã được tiếp nhận: HS-TT 170 → 180. "
        "Báo cáo được mở lại để đơn vị gửi lại. Lý do: Bổ sung hồ sơ tiếp nhận ngày 30/9."
    )
    audit = AuditEvent.objects.get(action="submission.reopen_by_correction")
    assert (audit.after or {})["figures"] == [{"code": "HS-TT", "previous": "170", "value": "180"}]
    assert (audit.before or {})["status"] == SubmissionStatus.ACCEPTED
    # ...and the secretariat and the unit's officers are told, with a link to the report
    told = Notification.objects.filter(
        url=services.submission_url(report), title__contains="số liệu đã được điều chỉnh"
    )
    assert {n.user.username for n in told} >= {"thuongtruc", "donvi"}
    secretariat = told.get(user=people.thuongtruc)
    assert secretariat.title == (
        "“Báo cáo tình hình chuyển đổi số hằng quý” — Quý III/2025 của Sở Tài chính: số liệu "
        "đã được điều chỉnh, báo cáo được mở lại"
    )
    assert "HS-TT 170 → 180" in secretariat.body
    # The report page shows it, and the unit may send the report again
    page = client.get(services.submission_url(report)).content.decode()
    assert "HS-TT 170 → 180" in page
    again = services.submit(people.donvi, report)
    assert again.status == SubmissionStatus.SUBMITTED


def test_correction_through_the_api_reopens_the_report_waiting_for_review(
    regime_setup: Any, people: Any, login: Any
) -> None:
    s = regime_setup
    report = s.submissions["yt"]
    assert report.status == SubmissionStatus.SUBMITTED
    figure = _figure(s, "HS-TT", "yt")
    response = login(people.ngoai).post(
        f"/api/v1/indicators/values/{figure.uuid}/correct",
        {"value": 55, "reason": "Đếm lại", "version": figure.version},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    report.refresh_from_db()
    assert report.status == SubmissionStatus.RETURNED
    assert _reopened(report).comment == (
        "Số liệu được điều chỉnh khi báo cáo đang chờ tiếp nhận: HS-TT 50 → 55. "
        "Báo cáo được trả lại để đơn vị gửi lại. Lý do: Đếm lại."
    )
    detail = login(people.thuongtruc).get(f"/api/v1/reporting/submissions/{report.uuid}").json()
    assert detail["status"] == "returned"
    assert detail["events"][-1]["kind"] == "reopened"
    assert Notification.objects.filter(
        user=people.thuongtruc,
        url=services.submission_url(report),
        title__contains="số liệu đã được điều chỉnh",
    ).exists()


def test_the_same_figure_again_changes_nothing(regime_setup: Any, people: Any) -> None:
    s = regime_setup
    report = s.submissions["tc"]
    figure = _figure(s, "HS-TT")
    indicator_services.correct_value(
        people.donvi, figure, figure.value, "Không đổi", expected_version=figure.version
    )
    report.refresh_from_db()
    assert (report.status, report.version) == (SubmissionStatus.ACCEPTED, report.version)
    assert not report.events.filter(kind=SubmissionEventKind.REOPENED).exists()


def test_a_figure_changed_elsewhere_makes_an_open_report_page_stale(
    regime_setup: Any, people: Any, login: Any
) -> None:
    # Given the commune's draft of Q3/2025 opened on its report page (version v)
    s = regime_setup
    officer = people.xa
    draft = services.open_submission(s.regime, s.units["commune"], s.period)
    draft = services.save_submission(
        officer, draft, values={s.indicators["HS-TONG"].pk: Decimal(40)}, on=s.due
    )
    seen = draft.version
    # When the same figure is corrected from the values page
    figure = _figure(s, "HS-TONG", "commune")
    indicator_services.correct_value(
        officer, figure, Decimal(45), "Số liệu chốt", expected_version=figure.version
    )
    # Then saving the report page opened before is refused with the stale message
    with pytest.raises(ValidationError) as refused:
        services.save_submission(
            officer,
            draft,
            values={s.indicators["HS-TONG"].pk: Decimal(40)},
            expected_version=seen,
            on=s.due,
        )
    assert refused.value.messages[0].startswith(STALE)
    assert _figure(s, "HS-TONG", "commune").value == Decimal(45)
    draft.refresh_from_db()
    assert draft.status == SubmissionStatus.DRAFT


def test_telling_the_reports_costs_the_same_queries_for_one_figure_or_many(
    regime_setup: Any, people: Any
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    s = regime_setup
    tc_figures = list(
        IndicatorValue.objects.filter(period_code=s.period.code, unit=s.units["tc"]).select_related(
            "indicator"
        )
    )
    assert len(tc_figures) == 3
    counts = []
    for batch in (tc_figures[:1], tc_figures):
        Submission.objects.filter(pk=s.submissions["tc"].pk).update(
            status=SubmissionStatus.ACCEPTED
        )
        with CaptureQueriesContext(connection) as queries:
            [back] = services.figures_changed(people.donvi, [(f, f.value) for f in batch])
        assert back.pk == s.submissions["tc"].pk
        counts.append(len(queries))
    assert counts[0] == counts[1]
