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


def _notification_titles(client: Any) -> list[str]:
    import re

    html = client.get(reverse("notifications:list")).content.decode()
    return [
        " ".join(t.split())
        for t in re.findall(r'<a href="/notifications/[0-9a-f-]+/"[^>]*>(.*?)</a>', html, re.S)
    ]


@pytest.mark.django_db
def test_notification_title_is_shown_in_the_readers_language(
    client: Any,
    people: Any,
    setup: Any,  # noqa: F811
    django_capture_on_commit_callbacks: Any,
) -> None:
    from django.core import mail

    from chidao.reporting import services
    from chidao.reporting.tests.test_services import Q3, at, fill

    row = services.open_submission(setup.regime, people.donvi.unit, Q3)
    fill(setup, row, people.donvi, Q3.end)
    services.submit(people.donvi, row, at=at(Q3.end))
    with (
        translation.override("en"),  # the secretariat works in English
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.return_submission(people.thuongtruc, row, "Bổ sung số liệu.")
    client.force_login(people.donvi)
    name = "Báo cáo kết quả chuyển đổi số hằng quý"
    assert _notification_titles(client) == [f"Cơ quan thường trực đã trả lại {name} — Quý III/2024"]
    _english(client)
    assert _notification_titles(client) == [f"The secretariat returned {name} — Quarter III/2024"]
    # The e-mail goes out in the installation's language, whoever caused it.
    returned = [m for m in mail.outbox if m.to == [people.donvi.email]]
    assert returned[-1].subject == f"[chidao] Cơ quan thường trực đã trả lại {name} — Quý III/2024"


@pytest.mark.django_db
def test_weekly_digest_is_named_by_its_dates_in_both_languages(client: Any, people: Any) -> None:
    import datetime as dt

    from chidao.notifications.reminders import send_weekly_digest

    send_weekly_digest(dt.date(2026, 12, 1))
    client.force_login(people.thuongtruc)
    assert _notification_titles(client) == [
        "Tổng hợp tuần từ 30/11 đến 06/12/2026: 0 nhiệm vụ quá hạn"
    ]
    _english(client)
    assert _notification_titles(client) == ["Week of 30/11 to 06/12/2026: 0 overdue tasks"]


def test_a_week_across_new_year_names_both_years() -> None:
    import datetime as dt

    from chidao.notifications.texts import week_dates

    assert week_dates(dt.date(2026, 12, 1)) == ("30/11", "06/12/2026")
    assert week_dates(dt.date(2026, 12, 31)) == ("28/12/2026", "03/01/2027")
