"""The English interface speaks English where it used to show Vietnamese built in code:
deadline rules, notification titles, audit entries, percentages."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from chidao.reporting.choices import DueMonth, DueRule
from chidao.reporting.rules import DueSpec, describe
from chidao.reporting.tests.test_services import setup  # noqa: F401  # fixture


def _english(client: Any) -> Any:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


RULES = [
    (
        DueSpec(DueRule.DAY_OF_MONTH, 15, DueMonth.LAST),
        "quarter",
        "trước ngày 15 tháng cuối quý",
        "before day 15 of the last month of the quarter",
    ),
    (
        DueSpec(DueRule.DAY_OF_MONTH, 5, DueMonth.NEXT),
        "quarter",
        "trước ngày 05 tháng đầu quý sau",
        "before day 05 of the first month of the next quarter",
    ),
    (
        DueSpec(DueRule.DAY_OF_MONTH, 20, DueMonth.LAST),
        "month",
        "trước ngày 20 tháng báo cáo",
        "before day 20 of the month reported",
    ),
    (
        DueSpec(DueRule.DAY_OF_MONTH, 10, DueMonth.NEXT),
        "half",
        "trước ngày 10 tháng đầu kỳ sau",
        "before day 10 of the first month of the next period",
    ),
    (
        DueSpec(DueRule.WORKDAYS_AFTER_CUTOFF, count=2),
        "month",
        "2 ngày làm việc sau ngày chốt số liệu",
        "2 working days after the data cut-off",
    ),
    (
        DueSpec(DueRule.WORKDAYS_AFTER_CUTOFF, count=1),
        "month",
        "1 ngày làm việc sau ngày chốt số liệu",
        "1 working day after the data cut-off",
    ),
    (
        DueSpec(DueRule.DAYS_AFTER_PERIOD, count=10),
        "year",
        "10 ngày sau khi kết thúc năm",
        "10 days after the end of the year",
    ),
]


@pytest.mark.parametrize(("spec", "frequency", "vietnamese", "english"), RULES)
def test_due_rules_in_both_languages(
    spec: DueSpec, frequency: str, vietnamese: str, english: str
) -> None:
    with translation.override("vi"):
        assert describe(spec, frequency) == vietnamese
    with translation.override("en"):
        assert describe(spec, frequency) == english
        # Stored texts (a regime made from a task) stay in the installation's language.
        assert describe(spec, frequency, language="vi") == vietnamese


@pytest.mark.django_db
def test_regime_page_states_its_due_rule_in_english(
    client: Any,
    people: Any,
    setup: Any,  # noqa: F811
) -> None:
    client.force_login(people.thuongtruc)
    url = reverse("reporting:regime", args=[setup.regime.uuid])
    rule = client.get(url).content.decode().split('id="due-rule">')[1].split("</dd>")[0]
    assert rule.startswith("trước ngày 05 tháng đầu quý sau")
    rule = _english(client).get(url).content.decode().split('id="due-rule">')[1]
    rule = rule.split("</dd>")[0]
    assert rule.startswith("before day 05 of the first month of the next quarter")


@pytest.mark.django_db
def test_audit_entry_of_a_sent_report_reads_in_both_languages(
    client: Any,
    people: Any,
    setup: Any,  # noqa: F811
) -> None:
    from chidao.reporting import services
    from chidao.reporting.tests.test_services import Q3, at, fill

    row = services.open_submission(setup.regime, people.donvi.unit, Q3)
    fill(setup, row, people.donvi, Q3.end)
    services.submit(people.donvi, row, at=at(Q3.end))
    client.force_login(people.thuongtruc)
    url = reverse("core:audit_log") + "?action=submission.submit"

    def entry() -> str:
        return client.get(url).content.decode().split("<tbody>")[1].split("</tbody>")[0]

    vietnamese = entry()
    assert "Gửi báo cáo" in vietnamese
    assert "Gửi muộn</strong>: " in vietnamese
    assert ">Không<" in vietnamese
    assert "Đã gửi, chờ tiếp nhận" in vietnamese
    assert "Báo cáo của đơn vị" in vietnamese  # the kind of object, not reporting.submission
    assert "Quý III/2024" in vietnamese
    _english(client)
    english = entry()
    assert "Submit report" in english
    assert "Sent late</strong>: " in english
    assert ">No<" in english
    assert "Submitted, awaiting acceptance" in english
    assert "Unit report" in english
    assert "Quarter III/2024" in english
    for raw in ("False", "<strong>late<", ">submitted<", "reporting.submission"):
        assert raw not in english
    assert "2024Q3" not in english.split('<td class="small">')[1]  # the change, not the name
