"""Reporting screens: the overview, a regime's page and form, a unit's submission (fill,
save, send), the secretariat's review, the province's report; refusals and query counts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from chidao.core.periods import Period
from chidao.indicators.choices import Aggregation, FormulaKind
from chidao.indicators.models import Indicator, IndicatorValue
from chidao.reporting import services
from chidao.reporting.choices import DueMonth, DueRule, SubmissionEventKind, SubmissionStatus
from chidao.reporting.models import (
    ProvinceReport,
    Regime,
    Submission,
    SubmissionEvent,
    SubmissionSection,
)

pytestmark = pytest.mark.django_db


def make_indicators() -> Any:
    total = Indicator.objects.create(
        code="HS-TONG", name="Tổng số hồ sơ tiếp nhận", measure_unit="hồ sơ", min_value=0
    )
    online = Indicator.objects.create(
        code="HS-TRUC-TUYEN", name="Số hồ sơ trực tuyến", measure_unit="hồ sơ", min_value=0
    )
    ratio = Indicator.objects.create(
        code="TL-TRUC-TUYEN",
        name="Tỷ lệ hồ sơ trực tuyến",
        measure_unit="%",
        formula=FormulaKind.RATIO,
        numerator=online,
        denominator=total,
        scale=Decimal(100),
    )
    staff = Indicator.objects.create(
        code="TL-CB-APP",
        name="Tỷ lệ cán bộ sử dụng ứng dụng",
        measure_unit="%",
        min_value=0,
        max_value=100,
        aggregation=Aggregation.AVERAGE,
    )
    return type("Inds", (), {"total": total, "online": online, "ratio": ratio, "staff": staff})


@pytest.fixture
def setup(province: Any, people: Any) -> Any:
    """A quarterly regime of Sở Tài chính and Sở Y tế for the current quarter, due on
    the 5th of the month after it (so still ahead), asking for the online-application
    ratio's two terms and a percentage."""
    inds = make_indicators()
    today = timezone.localdate()
    period = Period.containing("quarter", today)
    regime = services.save_regime(
        None,
        None,
        {
            "name": "Báo cáo chuyển đổi số hằng quý",
            "content": "Kết quả chuyển đổi số của đơn vị",
            "receiver": province.khcn,
            "frequency": "quarter",
            "due_rule": DueRule.DAY_OF_MONTH,
            "due_day": 5,
            "due_month": DueMonth.NEXT,
            "first_period": period.previous().code,
        },
        units=[province.tc, province.yt],
        indicators=[inds.ratio, inds.staff],
    )
    sections = {s.kind + str(s.order): s for s in regime.sections.all()}
    narrative = [s for s in regime.sections.all() if s.kind == "narrative"]
    sub = services.open_submission(regime, province.tc, period)
    return type(
        "Setup",
        (),
        {
            "regime": regime,
            "inds": inds,
            "period": period,
            "today": today,
            "sub": sub,
            "narrative": narrative,
            "sections": sections,
        },
    )


def url(sub: Submission, action: str = "") -> str:
    return f"/reporting/submissions/{sub.uuid}/" + (f"{action}/" if action else "")


def filled(setup: Any, **overrides: str) -> dict[str, str]:
    data = {f"section_{s.pk}": f"Nội dung mục {s.order}" for s in setup.narrative}
    data.update(
        {
            f"value_{setup.inds.total.pk}": "1.234",
            f"value_{setup.inds.online.pk}": "987",
            f"value_{setup.inds.staff.pk}": "70,5",
            "version": str(setup.sub.version),
        }
    )
    data.update(overrides)
    return data


def body(response: Any) -> str:
    return response.content.decode()


# -- the officer's submission ----------------------------------------------------------


def test_officer_opens_their_units_report_from_the_regime(
    login: Any, people: Any, setup: Any
) -> None:
    client = login(people.donvi)
    response = client.get(
        f"/reporting/regimes/{setup.regime.uuid}/periods/{setup.period.code}/mine/"
    )
    assert response.status_code == 302
    assert response["Location"] == url(setup.sub)
    page = body(client.get(url(setup.sub)))
    assert setup.period.label in page
    due = services.due_date_of(setup.regime, setup.period)
    assert f"{due:%d/%m/%Y}" in page
    assert "Đang soạn" in page
    assert "Lưu nháp" in page
    assert "Gửi báo cáo" in page
    assert "Khó khăn, vướng mắc và kiến nghị, đề xuất" in page
    assert "Hoàn thành đúng hạn: <strong>0</strong>" in page  # the automatic task section


def test_officer_of_another_unit_cannot_open_or_write(
    login: Any, people: Any, setup: Any, province: Any
) -> None:
    client = login(people.ngoai)  # Sở Y tế
    assert client.get(url(setup.sub)).status_code == 403
    response = client.post(url(setup.sub), filled(setup, save="1"))
    assert response.status_code == 403
    assert not SubmissionSection.objects.exists()
    assert not IndicatorValue.objects.exists()
    assert client.post(url(setup.sub), filled(setup, submit="1")).status_code == 403
    setup.sub.refresh_from_db()
    assert setup.sub.status == SubmissionStatus.DRAFT
    # Not one of the units owing the report: refused too.
    xa = login(people.xa).get(
        f"/reporting/regimes/{setup.regime.uuid}/periods/{setup.period.code}/mine/"
    )
    assert xa.status_code == 403
    assert not Submission.objects.filter(unit=province.commune).exists()


def test_officer_saves_a_draft_with_text_and_values(login: Any, people: Any, setup: Any) -> None:
    client = login(people.donvi)
    response = client.post(url(setup.sub), filled(setup, save="1"), follow=True)
    assert "Đã lưu nháp báo cáo." in body(response)
    texts = dict(SubmissionSection.objects.values_list("section__title", "text"))
    assert texts["Kết quả thực hiện nhiệm vụ trong kỳ"].startswith("Nội dung mục")
    values = dict(IndicatorValue.objects.values_list("indicator__code", "value"))
    assert values == {
        "HS-TONG": Decimal("1234"),
        "HS-TRUC-TUYEN": Decimal("987"),
        "TL-CB-APP": Decimal("70.5"),
    }
    assert IndicatorValue.objects.filter(submission=setup.sub).count() == 3
    page = body(response)
    assert 'value="1.234"' in page
    assert 'value="70,5"' in page
    assert "80" in page  # the derived ratio 987/1234 = 80,0 %
    setup.sub.refresh_from_db()
    assert setup.sub.status == SubmissionStatus.DRAFT
    assert list(setup.sub.events.values_list("kind", flat=True)) == [SubmissionEventKind.SAVED]


def test_percentage_above_100_shows_the_message_and_saves_nothing(
    login: Any, people: Any, setup: Any
) -> None:
    client = login(people.donvi)
    response = client.post(
        url(setup.sub), filled(setup, save="1", **{f"value_{setup.inds.staff.pk}": "120"})
    )
    assert response.status_code == 400
    assert "TL-CB-APP: tỷ lệ 120% vượt quá 100%." in body(response)
    assert "is-invalid" in body(response)
    assert not SubmissionSection.objects.exists()
    assert not IndicatorValue.objects.exists()
    assert not SubmissionEvent.objects.exists()


def test_text_in_a_number_field_is_refused_field_by_field(
    login: Any, people: Any, setup: Any
) -> None:
    client = login(people.donvi)
    response = client.post(
        url(setup.sub), filled(setup, save="1", **{f"value_{setup.inds.total.pk}": "nhiều"})
    )
    assert response.status_code == 400
    assert "“nhiều” không phải là số." in body(response)
    assert not SubmissionSection.objects.exists()
    assert not IndicatorValue.objects.exists()


def test_sending_an_incomplete_report_lists_what_is_missing(
    login: Any, people: Any, setup: Any
) -> None:
    client = login(people.donvi)
    data = filled(setup, submit="1", **{f"section_{setup.narrative[0].pk}": ""})
    data.pop(f"value_{setup.inds.staff.pk}")
    page = body(client.post(url(setup.sub), data, follow=True))
    assert "chưa gửi được báo cáo" in page
    assert "Chưa viết mục “Kết quả thực hiện nhiệm vụ trong kỳ”." in page
    assert "Chưa nhập số liệu “TL-CB-APP — Tỷ lệ cán bộ sử dụng ứng dụng”." in page
    setup.sub.refresh_from_db()
    assert setup.sub.status == SubmissionStatus.DRAFT
    assert setup.sub.first_submitted_at is None


def test_double_submit_records_one_sending(login: Any, people: Any, setup: Any) -> None:
    client = login(people.donvi)
    data = filled(setup, submit="1")
    first = client.post(url(setup.sub), data, follow=True)
    assert "Đã gửi báo cáo tới cơ quan thường trực." in body(first)
    second = client.post(url(setup.sub), data, follow=True)
    assert "Báo cáo đã được gửi trước đó." in body(second)
    events = setup.sub.events.filter(kind=SubmissionEventKind.SUBMITTED)
    assert events.count() == 1
    setup.sub.refresh_from_db()
    assert setup.sub.status == SubmissionStatus.SUBMITTED
    assert setup.sub.late is False
    assert 'name="save"' not in body(second)  # read-only once sent


def test_a_stale_page_cannot_overwrite_a_newer_save(login: Any, people: Any, setup: Any) -> None:
    client = login(people.donvi)
    stale = filled(setup, save="1")
    client.post(url(setup.sub), stale)
    changed = dict(stale, **{f"section_{setup.narrative[0].pk}": "Bản khác"})
    response = client.post(url(setup.sub), changed)
    assert response.status_code == 400
    assert "Báo cáo đã được thay đổi ở nơi khác" in body(response)
    assert not SubmissionSection.objects.filter(text="Bản khác").exists()


# -- the secretariat's review ----------------------------------------------------------


def _sent(setup: Any, people: Any) -> Submission:
    services.save_submission(
        people.donvi,
        setup.sub,
        answers={s.pk: "Đã làm" for s in setup.narrative},
        values={
            setup.inds.total.pk: Decimal(100),
            setup.inds.online.pk: Decimal(80),
            setup.inds.staff.pk: Decimal(90),
        },
    )
    return services.submit(people.donvi, setup.sub)


def test_secretariat_returns_with_a_comment_and_the_officer_sees_it(
    login: Any, people: Any, setup: Any
) -> None:
    sub = _sent(setup, people)
    client = login(people.thuongtruc)
    page = body(client.get(url(sub)))
    assert "Tiếp nhận" in page
    assert "Trả lại" in page
    assert 'name="section_' not in page  # read-only for the secretariat
    empty = client.post(url(sub, "return"), {"return-comment": "  "})
    assert empty.status_code == 400
    assert "Cần ghi ý kiến: đơn vị cần sửa, bổ sung nội dung gì." in body(empty)
    sub.refresh_from_db()
    assert sub.status == SubmissionStatus.SUBMITTED
    done = client.post(
        url(sub, "return"), {"return-comment": "Bổ sung số hồ sơ tháng 3"}, follow=True
    )
    assert "Đã trả lại báo cáo cho Sở Tài chính." in body(done)
    sub.refresh_from_db()
    assert (sub.status, sub.reviewer_comment) == (
        SubmissionStatus.RETURNED,
        "Bổ sung số hồ sơ tháng 3",
    )
    officer = body(login(people.donvi).get(url(sub)))
    assert 'id="reviewer-comment"' in officer
    assert "Bổ sung số hồ sơ tháng 3" in officer
    assert "Lý do điều chỉnh số liệu đã gửi" in officer  # values already sent


def test_correcting_a_sent_value_needs_a_reason(login: Any, people: Any, setup: Any) -> None:
    sub = _sent(setup, people)
    services.return_submission(people.thuongtruc, sub, "Sửa số hồ sơ")
    sub.refresh_from_db()
    client = login(people.donvi)
    data = filled(setup, save="1", version=str(sub.version))
    data[f"value_{setup.inds.total.pk}"] = "120"
    data[f"value_{setup.inds.online.pk}"] = "80"
    data[f"value_{setup.inds.staff.pk}"] = "90"
    refused = client.post(url(sub), data)
    assert refused.status_code == 400
    assert "muốn sửa thành 120 cần ghi lý do điều chỉnh" in body(refused)
    assert IndicatorValue.objects.get(indicator=setup.inds.total).value == 100
    data["reason"] = "Bổ sung hồ sơ nhận ngày 31"
    client.post(url(sub), data)
    value = IndicatorValue.objects.get(indicator=setup.inds.total)
    assert value.value == 120
    assert value.revisions.values_list("reason", flat=True)[0] == "Bổ sung hồ sơ nhận ngày 31"


def test_secretariat_accepts(login: Any, people: Any, setup: Any) -> None:
    sub = _sent(setup, people)
    page = login(people.thuongtruc).post(url(sub, "accept"), {"accept-comment": "Tốt"}, follow=True)
    assert "Đã tiếp nhận báo cáo của Sở Tài chính." in body(page)
    sub.refresh_from_db()
    assert (sub.status, sub.decided_by) == (SubmissionStatus.ACCEPTED, people.thuongtruc)
    history = body(page)
    assert "Gửi báo cáo" in history
    assert "Tiếp nhận" in history
    assert "Nguyễn Thường Trực" in history


def test_only_the_secretariat_reviews(login: Any, people: Any, setup: Any) -> None:
    sub = _sent(setup, people)
    for person in (people.donvi, people.lanhdao, people.xem):
        client = login(person)
        assert client.post(url(sub, "accept"), {}).status_code == 403
        assert client.post(url(sub, "return"), {"return-comment": "x"}).status_code == 403
        assert client.post(url(sub, "reopen"), {"reopen-until": "01/01/2099"}).status_code == 403
    sub.refresh_from_db()
    assert sub.status == SubmissionStatus.SUBMITTED
    leader = body(login(people.lanhdao).get(url(sub)))
    assert "Tiếp nhận báo cáo" not in leader
    assert "Đã làm" in leader


def test_reopen_refuses_an_impossible_or_past_date(login: Any, people: Any, setup: Any) -> None:
    sub = _sent(setup, people)
    services.accept(people.thuongtruc, sub)
    client = login(people.thuongtruc)
    bad = client.post(url(sub, "reopen"), {"reopen-until": "31/02/2099"})
    assert bad.status_code == 400
    assert "Ngày không hợp lệ (dạng dd/mm/yyyy)." in body(bad)
    past = (setup.today - dt.timedelta(days=3)).strftime("%d/%m/%Y")
    before = client.post(url(sub, "reopen"), {"reopen-until": past})
    assert "Ngày mở lại đến phải từ hôm nay trở đi." in body(before)
    sub.refresh_from_db()
    assert (sub.status, sub.reopened_until) == (SubmissionStatus.ACCEPTED, None)
    until = setup.today + dt.timedelta(days=7)
    ok = client.post(url(sub, "reopen"), {"reopen-until": until.strftime("%d/%m/%Y")}, follow=True)
    assert f"Đã mở lại báo cáo đến ngày {until:%d/%m/%Y}." in body(ok)
    sub.refresh_from_db()
    assert (sub.status, sub.reopened_until) == (SubmissionStatus.RETURNED, until)


def test_a_locked_report_says_so(login: Any, people: Any, setup: Any) -> None:
    old = services.open_submission(setup.regime, people.donvi.unit, setup.period.previous())
    page = body(login(people.donvi).get(url(old)))
    if old.is_locked(setup.today):
        assert f"Báo cáo đã khoá từ ngày {old.lock_date():%d/%m/%Y}" in page
        assert "Gửi báo cáo</button>" not in page
    else:  # early in a quarter the previous one is still within its grace days
        assert "Gửi báo cáo" in page


def test_submission_page_query_count(
    login: Any, people: Any, setup: Any, django_assert_max_num_queries: Any
) -> None:
    sub = _sent(setup, people)
    client = login(people.thuongtruc)
    client.get(url(sub))
    with django_assert_max_num_queries(14):
        response = client.get(url(sub))
    assert response.status_code == 200


# -- the overview and a regime's page ---------------------------------------------------


def test_home_for_the_secretariat_shows_rates_and_the_queue(
    login: Any, people: Any, setup: Any, django_assert_max_num_queries: Any
) -> None:
    _sent(setup, people)
    # The overview shows the latest period already due: last quarter, sent on time by one.
    last = setup.period.previous()
    earlier = services.open_submission(setup.regime, people.donvi.unit, last)
    services.save_submission(
        None,
        earlier,
        answers={s.pk: "Đã làm" for s in setup.narrative},
        values={
            setup.inds.total.pk: Decimal(100),
            setup.inds.online.pk: Decimal(70),
            setup.inds.staff.pk: Decimal(90),
        },
        on=last.end,
    )
    services.submit(
        None, earlier, at=timezone.make_aware(dt.datetime.combine(last.end, dt.time(9)))
    )
    client = login(people.thuongtruc)
    client.get("/reporting/")
    with django_assert_max_num_queries(10):
        response = client.get("/reporting/")
    page = body(response)
    assert "Báo cáo chuyển đổi số hằng quý" in page
    overview = response.context["overview"][0].rates
    assert overview.period == last
    assert (overview.expected, overview.submitted, overview.on_time) == (2, 1, 1)
    assert overview.completeness == 50.0
    assert "50%" in page
    queue = response.context["queue"]
    assert [(s.unit, s.period_code) for s in queue] == [
        (people.donvi.unit, last.code),
        (people.donvi.unit, setup.period.code),
    ]
    assert url(setup.sub) in page


def test_home_for_an_officer_shows_what_the_unit_owes(
    login: Any, people: Any, setup: Any, django_assert_max_num_queries: Any
) -> None:
    client = login(people.donvi)
    client.get("/reporting/")
    with django_assert_max_num_queries(10):
        response = client.get("/reporting/")
    page = body(response)
    assert "Báo cáo của đơn vị" in page
    # Last quarter's report was never sent: still owed, before the current one.
    assert [(o.regime, o.period) for o in response.context["owed"]] == [
        (setup.regime, setup.period.previous()),
        (setup.regime, setup.period),
    ]
    due = services.due_date_of(setup.regime, setup.period)
    assert f"{due:%d/%m/%Y}" in page
    assert [s.pk for s in response.context["past"]] == [setup.sub.pk]
    assert "Đang soạn" in page


def test_regime_page_rates_table_query_count_is_constant(
    login: Any, people: Any, setup: Any, province: Any, django_assert_max_num_queries: Any
) -> None:
    from chidao.units.models import Unit

    _sent(setup, people)
    client = login(people.thuongtruc)
    address = f"/reporting/regimes/{setup.regime.uuid}/"
    client.get(address)
    with django_assert_max_num_queries(13) as small:
        response = client.get(address)
    page = body(response)
    assert "Đúng hạn" in page
    assert "Chưa gửi, còn hạn" in page
    assert "trước ngày 05 tháng đầu quý sau" in page
    start, end = services.rules.cutoff(setup.period, setup.regime.cutoff_rule)
    assert f"từ {start:%d/%m/%Y} đến {end:%d/%m/%Y}" in page
    assert "Lập báo cáo tổng hợp" in page
    more = [
        Unit.objects.create(
            kind="department",
            parent=province.unit,
            province=province.unit,
            name=f"Sở thử nghiệm {i}",
        )
        for i in range(12)
    ]
    setup.regime.units.add(*more)
    for unit in more[:6]:
        services.open_submission(setup.regime, unit, setup.period)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(address)
    assert len(response.context["rates"].rows) == 14


def test_regime_page_period_selector_and_bad_period(login: Any, people: Any, setup: Any) -> None:
    client = login(people.lanhdao)
    address = f"/reporting/regimes/{setup.regime.uuid}/"
    previous = setup.period.previous()
    response = client.get(address, {"period": previous.code})
    assert response.context["period"] == previous
    assert "Lập báo cáo tổng hợp" not in body(response)  # leaders read
    bad = client.get(address, {"period": "2024-13"})
    assert "Số thứ tự tháng phải từ 1 đến 12" in body(bad)


# -- the regime form ---------------------------------------------------------------------


def test_secretariat_creates_a_regime_with_a_due_phrase(
    login: Any, people: Any, province: Any
) -> None:
    inds = make_indicators()
    client = login(people.thuongtruc)
    form = client.get("/reporting/regimes/new/")
    assert "Kết quả thực hiện nhiệm vụ trong kỳ" in body(form)  # the default sections
    data = {
        "name": "Báo cáo tình hình cung cấp dịch vụ công trực tuyến",
        "content": "Theo Quyết định 766/QĐ-TTg",
        "units": [str(province.tc.uuid), str(province.yt.uuid)],
        "receiver": str(province.khcn.uuid),
        "frequency": "quarter",
        "cutoff_rule": "decree09",
        "due_text": "trước ngày 05 tháng cuối quý",
        "due_rule": "day_of_month",
        "due_month": "next",
        "grace_days": "5",
        "first_period": "Q1/2025",
        "indicators": [str(inds.ratio.pk)],
        "active": "on",
        "sections-TOTAL_FORMS": "2",
        "sections-INITIAL_FORMS": "0",
        "sections-0-title": "Kết quả nổi bật",
        "sections-0-kind": "narrative",
        "sections-1-title": "Số liệu",
        "sections-1-kind": "indicators",
    }
    response = client.post("/reporting/regimes/new/", data, follow=True)
    regime = Regime.objects.get()
    assert (regime.due_rule, regime.due_day, regime.due_month) == (
        DueRule.DAY_OF_MONTH,
        5,
        DueMonth.LAST,
    )
    assert regime.first_period == "2025Q1"
    assert set(regime.units.all()) == {province.tc, province.yt}
    assert set(regime.indicators.values_list("code", flat=True)) == {"HS-TONG", "HS-TRUC-TUYEN"}
    assert list(regime.sections.values_list("title", flat=True)) == ["Kết quả nổi bật", "Số liệu"]
    page = body(response)
    assert "Đã lưu chế độ báo cáo." in page
    assert "trước ngày 05 tháng cuối quý" in page
    latest = Period.containing("quarter", timezone.localdate())
    due = latest.end.replace(day=5)
    assert f"{latest.label}: {due:%d/%m/%Y}" in page  # the due date of a recent period


def test_regime_form_errors_per_field_and_nothing_saved(
    login: Any, people: Any, province: Any
) -> None:
    client = login(people.thuongtruc)
    data = {
        "name": "Báo cáo tháng",
        "units": [str(province.tc.uuid)],
        "frequency": "month",
        "cutoff_rule": "decree09",
        "due_text": "khi nào xong",
        "due_rule": "day_of_month",
        "grace_days": "5",
        "first_period": "Quý 9/2025",
        "sections-TOTAL_FORMS": "0",
        "sections-INITIAL_FORMS": "0",
    }
    response = client.post("/reporting/regimes/new/", data)
    page = body(response)
    assert "Không đọc được hạn gửi từ “khi nào xong”" in page
    assert "Số thứ tự quý phải từ 1 đến 4" in page
    data.update({"due_text": "", "due_day": "10", "first_period": "2025Q1"})
    wrong_kind = body(client.post("/reporting/regimes/new/", data))
    assert "Kỳ bắt đầu phải cùng loại với kỳ báo cáo (Hằng tháng)." in wrong_kind
    assert not Regime.objects.exists()


def test_officers_and_leaders_cannot_manage_regimes(login: Any, people: Any, setup: Any) -> None:
    for person in (people.donvi, people.lanhdao):
        client = login(person)
        assert client.get("/reporting/regimes/new/").status_code == 403
        assert client.post(f"/reporting/regimes/{setup.regime.uuid}/edit/", {}).status_code == 403
        built = client.post(
            f"/reporting/regimes/{setup.regime.uuid}/build/",
            {"period": setup.period.code, "fmt": "docx"},
        )
        assert built.status_code == 403
    assert not ProvinceReport.objects.exists()


def test_unit_search_in_the_regime_form_is_accent_insensitive(
    login: Any, people: Any, province: Any
) -> None:
    response = login(people.thuongtruc).get("/reporting/regimes/new/", {"units_query": "tai chinh"})
    options = list(response.context["form"].fields["units"].queryset)
    assert options == [province.tc]


# -- a regime from a recurring task ------------------------------------------------------


def test_regime_from_a_recurring_task(login: Any, people: Any, province: Any) -> None:
    from chidao.tasks.choices import TaskState
    from chidao.tasks.models import Assignment, Task

    task = Task.objects.create(
        province=province.unit,
        title="Báo cáo kết quả chuyển đổi số hằng quý",
        state=TaskState.OPEN,
        recurrence_freq="quarterly",
        recurrence_text="hằng quý, trước ngày 15 tháng cuối quý",
    )
    Assignment.objects.create(task=task, unit=province.tc, role="lead")
    client = login(people.thuongtruc)
    page = body(client.get(f"/tasks/{task.uuid}/"))
    assert "Lập chế độ báo cáo từ nhiệm vụ này" in page
    response = client.post(f"/reporting/tasks/{task.uuid}/regime/")
    regime = Regime.objects.get(task=task)
    assert response["Location"] == f"/reporting/regimes/{regime.uuid}/edit/"
    assert (regime.frequency, regime.due_day, regime.due_month) == ("quarter", 15, DueMonth.LAST)
    assert list(regime.units.all()) == [province.tc]
    again = body(client.get(f"/tasks/{task.uuid}/"))
    assert "Lập chế độ báo cáo từ nhiệm vụ này" not in again
    assert f"/reporting/regimes/{regime.uuid}/" in again
    assert login(people.donvi).post(f"/reporting/tasks/{task.uuid}/regime/").status_code == 403


# -- the province's report -----------------------------------------------------------------


def test_secretariat_builds_and_downloads_the_report(login: Any, people: Any, setup: Any) -> None:
    _sent(setup, people)
    client = login(people.thuongtruc)
    address = f"/reporting/regimes/{setup.regime.uuid}/build/"
    page = client.post(address, {"period": setup.period.code, "fmt": "docx"}, follow=True)
    assert f"Đã lập báo cáo tổng hợp {setup.period.label}" in body(page)
    report = ProvinceReport.objects.get()
    assert (report.format, report.period_code) == ("docx", setup.period.code)
    assert "Lập lại" in body(page)
    download = login(people.lanhdao).get(f"/reporting/reports/{report.uuid}/download/")
    assert download.status_code == 200
    content = b"".join(download.streaming_content)
    assert content[:2] == b"PK"  # a .docx is a zip
    assert login(people.donvi).get(f"/reporting/reports/{report.uuid}/download/").status_code == 403
    client.post(address, {"period": setup.period.code, "fmt": "docx"})
    assert ProvinceReport.objects.count() == 1  # rebuilt in place


def test_workbook_template_for_the_submission(login: Any, people: Any, setup: Any) -> None:
    response = login(people.donvi).get(url(setup.sub, "workbook"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response.content[:2] == b"PK"
    assert login(people.ngoai).get(url(setup.sub, "workbook")).status_code == 403


def test_period_selector_swaps_the_rates_in_place(login: Any, people: Any, setup: Any) -> None:
    response = login(people.thuongtruc).get(
        f"/reporting/regimes/{setup.regime.uuid}/",
        {"period": setup.period.previous().code},
        HTTP_HX_REQUEST="true",
    )
    page = body(response)
    assert "<html" not in page
    assert f"Tình hình gửi báo cáo — {setup.period.previous().label}" in page
    assert "Lập báo cáo tổng hợp" in page


def test_regime_form_shows_the_rule_in_words(login: Any, people: Any, setup: Any) -> None:
    page = body(login(people.thuongtruc).get(f"/reporting/regimes/{setup.regime.uuid}/edit/"))
    assert "Hạn gửi đang áp dụng: trước ngày 05 tháng đầu quý sau" in page
    assert 'value="Báo cáo chuyển đổi số hằng quý"' in page


def _fill_template(content: bytes, values: dict[str, Any]) -> bytes:
    """The downloaded workbook with "Giá trị" filled for the given indicator codes."""
    import io

    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(content))
    sheet = book["Số liệu"]
    header = next(r for r in range(1, 20) if sheet.cell(row=r, column=1).value == "Mã chỉ số")
    value_col = [c.value for c in sheet[header]].index("Giá trị") + 1
    for row in range(header + 1, sheet.max_row + 1):
        code = sheet.cell(row=row, column=1).value
        if code in values:
            sheet.cell(row=row, column=value_col, value=values[code])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_officer_imports_the_figures_from_the_workbook(login: Any, people: Any, setup: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = login(people.donvi)
    page = body(client.get(url(setup.sub)))
    assert "Tải mẫu Excel" in page
    assert "Nhập số liệu từ tệp Excel" in page
    template = client.get(url(setup.sub, "workbook")).content
    bad = _fill_template(template, {"HS-TONG": 100, "HS-TRUC-TUYEN": 50, "TL-CB-APP": 150})
    refused = client.post(
        url(setup.sub, "import"),
        {"workbook-file": SimpleUploadedFile("so-lieu.xlsx", bad)},
    )
    assert refused.status_code == 400
    assert "vượt quá 100%" in body(refused)
    assert not IndicatorValue.objects.exists()
    good = _fill_template(template, {"HS-TONG": 100, "HS-TRUC-TUYEN": 50, "TL-CB-APP": 75})
    done = client.post(
        url(setup.sub, "import"),
        {"workbook-file": SimpleUploadedFile("so-lieu.xlsx", good)},
        follow=True,
    )
    assert "Đã nhập số liệu từ tệp Excel." in body(done)
    values = dict(IndicatorValue.objects.values_list("indicator__code", "value"))
    assert values == {"HS-TONG": 100, "HS-TRUC-TUYEN": 50, "TL-CB-APP": 75}
    assert set(IndicatorValue.objects.values_list("submission", flat=True)) == {setup.sub.pk}
    outsider = login(people.ngoai).post(
        url(setup.sub, "import"),
        {"workbook-file": SimpleUploadedFile("so-lieu.xlsx", good)},
    )
    assert outsider.status_code == 403


def test_a_past_quarter_on_time_late_and_missing(
    login: Any, people: Any, regime_setup: Any
) -> None:
    """The shared quarter (conftest): Sở Tài chính on time, Sở Y tế late, Xã Cao Lộc
    missing — in colour and words on the regime's page, with links for the secretariat."""
    regime, period = regime_setup.regime, regime_setup.period
    response = login(people.thuongtruc).get(
        f"/reporting/regimes/{regime.uuid}/", {"period": period.code}
    )
    rows = {r.unit.name: r.timeliness.value for r in response.context["rates"].rows}
    assert rows == {"Sở Tài chính": "on_time", "Sở Y tế": "late", "Xã Cao Lộc": "missing"}
    page = body(response)
    assert 'data-timeliness="missing"' in page
    assert "bg-red-lt" in page  # missing, in red
    assert "Chưa gửi, quá hạn" in page
    assert url(regime_setup.submissions["yt"]) in page
    assert "33,3%" in page  # one of three on time
    officer = body(login(people.ngoai).get(url(regime_setup.submissions["yt"])))
    assert "Gửi muộn" in officer
    assert "Tiếp nhận báo cáo" not in officer
