"""A refused request writes nothing: permission is checked before any row is made.

Each case is a request someone may not make — another unit's report, a review by an
officer, a report opened by a user who may not edit one (issue 9: the API opened the
draft first and refused after, leaving the row). The `row_counts` fixture counts the rows
of every model of the project before and after; nothing may change.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.apps import apps

from chidao.accounts.models import User
from chidao.indicators.models import IndicatorValue
from chidao.reporting.models import Submission
from chidao.tasks.models import Assignment

pytestmark = pytest.mark.django_db

#: Rows that a request makes whoever sends it (the session, sign-in bookkeeping).
NOT_DOMAIN = {"sessions", "axes", "admin", "contenttypes", "auth"}


@pytest.fixture
def row_counts() -> Callable[[], dict[str, int]]:
    """counts() → the number of rows of every model of the project, by label."""

    def counts() -> dict[str, int]:
        return {
            model._meta.label: model._default_manager.count()
            for model in apps.get_models()
            if model._meta.app_label not in NOT_DOMAIN
        }

    return counts


def _json(client: Any, method: str, url: str, data: Any = None) -> Any:
    return getattr(client, method)(url, data or {}, content_type="application/json")


def _cases(s: Any, people: Any, province: Any) -> dict[str, tuple[Any, Callable[[Any], Any]]]:
    """Case name → (who, request(client) → response)."""
    regime, tc_report = s.regime, s.submissions["tc"]
    api = "/api/v1"
    value = IndicatorValue.objects.filter(unit=province.tc).first()
    assert value is not None
    assignment = Assignment.objects.filter(unit=province.tc).select_related("task").first()
    assert assignment is not None
    # A viewer of a unit that owes the report: may read it, not open one.
    viewer_at_tc = User.objects.create(username="xem-tc", role="viewer", unit=province.tc)
    open_q4 = f"{api}/reporting/regimes/{regime.uuid}/periods/2025Q4/submission"
    return {
        "viewer opens a report (API)": (viewer_at_tc, lambda c: c.post(open_q4)),
        "secretariat opens a report (API)": (people.thuongtruc, lambda c: c.post(open_q4)),
        "leader opens a report (page)": (
            people.lanhdao,
            lambda c: c.get(f"/reporting/regimes/{regime.uuid}/periods/2025Q4/mine/"),
        ),
        "other unit saves a report (API)": (
            people.ngoai,
            lambda c: _json(
                c,
                "put",
                f"{api}/reporting/submissions/{tc_report.uuid}",
                {"answers": {}, "values": {"HS-TT": 1}, "version": tc_report.version},
            ),
        ),
        "other unit sends a report (API)": (
            people.ngoai,
            lambda c: _json(c, "post", f"{api}/reporting/submissions/{tc_report.uuid}/submit"),
        ),
        "officer accepts a report (API)": (
            people.donvi,
            lambda c: _json(
                c, "post", f"{api}/reporting/submissions/{tc_report.uuid}/accept", {"comment": ""}
            ),
        ),
        "officer reopens a report (page)": (
            people.donvi,
            lambda c: c.post(
                f"/reporting/submissions/{tc_report.uuid}/reopen/", {"until": "31/12/2030"}
            ),
        ),
        "viewer returns a report (page)": (
            people.xem,
            lambda c: c.post(f"/reporting/submissions/{tc_report.uuid}/return/", {"comment": "x"}),
        ),
        "other unit reports figures (API)": (
            people.ngoai,
            lambda c: _json(
                c,
                "post",
                f"{api}/indicators/values",
                {
                    "values": [
                        {"indicator": "HS-TT", "unit": "so-tc", "period": "2025Q4", "value": 9}
                    ]
                },
            ),
        ),
        "other unit corrects a figure (API)": (
            people.ngoai,
            lambda c: _json(
                c,
                "post",
                f"{api}/indicators/values/{value.uuid}/correct",
                {"value": 1, "reason": "x", "version": value.version},
            ),
        ),
        "viewer saves figures (page)": (
            people.xem,
            lambda c: c.post(
                f"/indicators/values/?unit={province.tc.uuid}&period=2025Q4", {"v-HS-TT": "5"}
            ),
        ),
        "officer sets a target (API)": (
            people.donvi,
            lambda c: _json(
                c,
                "post",
                f"{api}/indicators/targets",
                {"indicator": "HS-TT", "period": "2025", "value": 5},
            ),
        ),
        "other unit reports progress (API)": (
            people.ngoai,
            lambda c: c.post(
                f"{api}/tasks/assignments/{assignment.uuid}/progress",
                {"percent": 50, "version": assignment.version},
            ),
        ),
        "officer closes a task (API)": (
            people.donvi,
            lambda c: _json(
                c,
                "post",
                f"{api}/tasks/{assignment.task.uuid}/close",
                {"reason": "Xong", "version": assignment.task.version},
            ),
        ),
    }


CASES = [
    "viewer opens a report (API)",
    "secretariat opens a report (API)",
    "leader opens a report (page)",
    "other unit saves a report (API)",
    "other unit sends a report (API)",
    "officer accepts a report (API)",
    "officer reopens a report (page)",
    "viewer returns a report (page)",
    "other unit reports figures (API)",
    "other unit corrects a figure (API)",
    "viewer saves figures (page)",
    "officer sets a target (API)",
    "other unit reports progress (API)",
    "officer closes a task (API)",
]


@pytest.mark.parametrize("case", CASES)
def test_refused_request_writes_no_row(
    case: str,
    regime_setup: Any,
    people: Any,
    province: Any,
    login: Any,
    row_counts: Callable[[], dict[str, int]],
) -> None:
    who, send = _cases(regime_setup, people, province)[case]
    client = login(who)
    before = row_counts()
    response = send(client)
    assert response.status_code in (403, 404, 422), response.content[:300]
    assert row_counts() == before


def test_every_case_is_listed(regime_setup: Any, people: Any, province: Any) -> None:
    assert sorted(_cases(regime_setup, people, province)) == sorted(CASES)


def test_an_officer_of_a_unit_that_owes_the_report_still_opens_it(
    regime_setup: Any, people: Any, login: Any
) -> None:
    url = f"/api/v1/reporting/regimes/{regime_setup.regime.uuid}/periods/2025Q4/submission"
    response = login(people.donvi).post(url)
    assert response.status_code == 200
    row = Submission.objects.get(uuid=response.json()["uuid"])
    assert (row.unit, row.period_code, row.status) == (people.donvi.unit, "2025Q4", "draft")
