"""Shared fixtures of the reporting tests: a quarterly regime of the small province with a
quarter's worth of reports, made through the services as people would make them.

`regime_setup` (uses the root conftest's `province` and `people`) builds:

- indicators (`save_indicator`): ``HS-TONG`` "Tổng số hồ sơ tiếp nhận" and ``HS-TT``
  "Số hồ sơ tiếp nhận trực tuyến" (reported counts), ``TL-HSTT`` "Tỷ lệ hồ sơ trực
  tuyến" (a ratio HS-TT / HS-TONG × 100, in %), and ``CB-APP`` "Tỷ lệ cán bộ sử dụng ứng
  dụng" (a reported percentage 0–100, averaged over units);
- the regime (`save_regime`) "Báo cáo tình hình chuyển đổi số hằng quý": quarterly from
  2025Q1, due "trước ngày 05 tháng đầu quý sau" (Q3/2025 is due 05/10/2025), grace 5
  days, no receiver (the steering committee issues the province's report), signed
  "KT. TRƯỞNG BAN/PHÓ TRƯỞNG BAN" by Hoàng Văn Phó; reporting units Sở Tài chính, Sở Y tế
  and Xã Cao Lộc (valid from 1/7/2025, so a 2025Q3 regime is needed); asked for
  TL-HSTT and CB-APP, which the service turns into HS-TT, HS-TONG and CB-APP; the default
  sections (three narrative, one filled from tasks, one of indicator values);
- targets (`set_target`) of 2025Q3: TL-HSTT ≥ 70 for the province and ≥ 80 for Sở Tài
  chính; CB-APP ≥ 100 for the province for the year 2025 (each unit without its own
  target is judged against the province's);
- the reports of 2025Q3 (`open_submission`, `save_submission`, `submit`, `accept`):
  Sở Tài chính (officer `donvi`) sent on 03/10/2025, on time, accepted — 200 applications,
  170 online (85 %: met against its 80), CB-APP 100; Sở Y tế (officer `ngoai`) sent on
  08/10/2025, three days late, waiting — 100 and 50 (50 %: missed against the province's
  70), CB-APP 80; Xã Cao Lộc sent nothing (missing). The province: 220/300 = 73,3 % (met),
  CB-APP average 90 (missed);
- assigned work (ORM, as publishing makes it: see chidao/tasks/tests/conftest.py) from a
  directive of 01/06/2025, as of 30/09/2025: Sở Tài chính one of each four-way status
  (done on time, done late, open within deadline, open overdue), Sở Y tế one open
  overdue, Xã Cao Lộc one open within deadline; plus, not counted, a task of a directive
  issued on 01/11/2025 and a draft task.

It returns a namespace: ``regime``, ``period`` (2025Q3), ``due`` (05/10/2025), ``as_of``
(20/10/2025, after the deadline and the grace days), ``indicators`` (by code),
``sections`` (the narrative `RegimeSection`s in order), ``submissions`` (``tc``, ``yt``),
``units`` (``tc``, ``yt``, ``commune``), ``texts`` (what each unit wrote, by unit key then
section position) and ``document``.

Other reporting tests may add their fixtures at the end of this file.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest
from django.utils import timezone

from chidao.core.periods import Period


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    """Stored reports and uploads go to the test's own directory."""
    settings.MEDIA_ROOT = tmp_path / "media"


def at(day: dt.date, hour: int = 9) -> dt.datetime:
    """A moment of `day` in the installation's time zone."""
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, hour))


TEXTS = {
    "tc": [
        "Hoàn thành số hoá 100% hồ sơ thủ tục hành chính lĩnh vực tài chính.\n"
        "Triển khai thanh toán trực tuyến phí, lệ phí.",
        "Kinh phí cho hạ tầng số còn hạn chế.",
        "Mở rộng dịch vụ công trực tuyến toàn trình.",
    ],
    "yt": [
        "Triển khai hồ sơ sức khoẻ điện tử tại 12 bệnh viện tuyến tỉnh.",
        "Nhân lực công nghệ thông tin còn thiếu.",
        "Kết nối liên thông dữ liệu khám chữa bệnh.",
    ],
}


@pytest.fixture
def regime_setup(province: Any, people: Any) -> SimpleNamespace:
    from chidao.documents.choices import DocumentKind, DocumentStatus
    from chidao.documents.models import Document
    from chidao.indicators.choices import Aggregation, FormulaKind
    from chidao.indicators.services import save_indicator, set_target
    from chidao.reporting.choices import DueMonth, DueRule, Frequency, SectionKind
    from chidao.reporting.services import (
        accept,
        open_submission,
        save_regime,
        save_submission,
        submit,
    )
    from chidao.tasks.choices import AssignmentRole, TaskState
    from chidao.tasks.models import Assignment, Task
    from chidao.tasks.services import refresh_list_columns

    boss = people.thuongtruc
    total = save_indicator(
        boss,
        None,
        {
            "code": "HS-TONG",
            "name": "Tổng số hồ sơ tiếp nhận",
            "measure_unit": "hồ sơ",
            "decimals": 0,
            "min_value": Decimal(0),
        },
    )
    online = save_indicator(
        boss,
        None,
        {
            "code": "HS-TT",
            "name": "Số hồ sơ tiếp nhận trực tuyến",
            "measure_unit": "hồ sơ",
            "decimals": 0,
            "min_value": Decimal(0),
        },
    )
    ratio = save_indicator(
        boss,
        None,
        {
            "code": "TL-HSTT",
            "name": "Tỷ lệ hồ sơ trực tuyến",
            "measure_unit": "%",
            "formula": FormulaKind.RATIO,
            "numerator": online,
            "denominator": total,
            "scale": Decimal(100),
            "decimals": 1,
        },
    )
    usage = save_indicator(
        boss,
        None,
        {
            "code": "CB-APP",
            "name": "Tỷ lệ cán bộ sử dụng ứng dụng",
            "measure_unit": "%",
            "aggregation": Aggregation.AVERAGE,
            "min_value": Decimal(0),
            "max_value": Decimal(100),
        },
    )
    regime = save_regime(
        boss,
        None,
        {
            "name": "Báo cáo tình hình chuyển đổi số hằng quý",
            "content": "Kết quả thực hiện nhiệm vụ chuyển đổi số và các chỉ số hồ sơ trực tuyến.",
            "frequency": Frequency.QUARTER,
            "due_rule": DueRule.DAY_OF_MONTH,
            "due_day": 5,
            "due_month": DueMonth.NEXT,
            "due_text": "trước ngày 05 tháng đầu quý sau",
            "grace_days": 5,
            "first_period": "2025Q1",
            "signer_title": "KT. TRƯỞNG BAN/PHÓ TRƯỞNG BAN",
            "signer_name": "Hoàng Văn Phó",
        },
        units=[province.tc, province.yt, province.commune],
        indicators=[ratio, usage],
    )
    period = Period.quarterly(2025, 3)
    set_target(boss, indicator=ratio, period=period, value=Decimal(70))
    set_target(boss, indicator=ratio, period=period, value=Decimal(80), unit=province.tc)
    set_target(boss, indicator=usage, period=Period.annual(2025), value=Decimal(100))

    sections = list(regime.sections.filter(kind=SectionKind.NARRATIVE).order_by("order"))

    def send(officer: Any, unit: Any, key: str, figures: tuple[int, int, int], day: dt.date) -> Any:
        row = open_submission(regime, unit, period)
        answers = {s.pk: text for s, text in zip(sections, TEXTS[key], strict=True)}
        values: dict[int, Decimal | None] = {
            total.pk: Decimal(figures[0]),
            online.pk: Decimal(figures[1]),
            usage.pk: Decimal(figures[2]),
        }
        save_submission(officer, row, answers=answers, values=values, on=day)
        return submit(officer, row, at=at(day))

    tc = send(people.donvi, province.tc, "tc", (200, 170, 100), dt.date(2025, 10, 3))
    tc = accept(boss, tc, "Đã tiếp nhận.")
    yt = send(people.ngoai, province.yt, "yt", (100, 50, 80), dt.date(2025, 10, 8))

    document = Document.objects.create(
        province=province.unit,
        kind=DocumentKind.KH,
        number="45/KH-BCĐ",
        issued_on=dt.date(2025, 6, 1),
        title="Kế hoạch chuyển đổi số năm 2025",
        status=DocumentStatus.PUBLISHED,
    )
    later = Document.objects.create(
        province=province.unit,
        kind=DocumentKind.TB,
        number="80/TB-BCĐ",
        issued_on=dt.date(2025, 11, 1),
        title="Kết luận phiên họp tháng 11",
        status=DocumentStatus.PUBLISHED,
    )

    def work(
        unit: Any,
        title: str,
        due: dt.date,
        done: dt.date | None = None,
        *,
        doc: Any = document,
        state: str = TaskState.OPEN,
    ) -> None:
        task = Task.objects.create(
            province=province.unit, document=doc, title=title, due_date=due, state=state
        )
        Assignment.objects.create(
            task=task,
            unit=unit,
            role=AssignmentRole.LEAD,
            due_date=due,
            original_due_date=due,
            completed_on=done,
            progress=100 if done else 40,
        )
        refresh_list_columns([task.pk])

    work(province.tc, "Số hoá hồ sơ lĩnh vực tài chính", dt.date(2025, 8, 31), dt.date(2025, 8, 20))
    work(
        province.tc, "Thanh toán trực tuyến phí, lệ phí", dt.date(2025, 7, 31), dt.date(2025, 8, 15)
    )
    work(province.tc, "Kho dữ liệu tài chính dùng chung", dt.date(2025, 12, 31))
    work(province.tc, "Rà soát quy trình nội bộ", dt.date(2025, 9, 15))
    work(province.yt, "Hồ sơ sức khoẻ điện tử", dt.date(2025, 9, 1))
    work(province.commune, "Tổ công nghệ số cộng đồng", dt.date(2025, 12, 1))
    work(province.tc, "Nhiệm vụ giao sau kỳ", dt.date(2025, 12, 31), doc=later)
    work(province.tc, "Nhiệm vụ còn dự thảo", dt.date(2025, 9, 1), state=TaskState.DRAFT)

    return SimpleNamespace(
        regime=regime,
        period=period,
        due=dt.date(2025, 10, 5),
        as_of=dt.date(2025, 10, 20),
        indicators={i.code: i for i in (total, online, ratio, usage)},
        sections=sections,
        submissions={"tc": tc, "yt": yt},
        units={"tc": province.tc, "yt": province.yt, "commune": province.commune},
        texts=TEXTS,
        document=document,
    )
