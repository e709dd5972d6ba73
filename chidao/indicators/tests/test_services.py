"""Writes: a batch of values is all or nothing, corrections keep their reason and history,
numerators never exceed denominators, officers report only their unit; targets from a
directive as vnextract reads it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

import vnextract
from chidao.core.models import AuditEvent
from chidao.core.periods import Period
from chidao.indicators import services
from chidao.indicators.choices import Comparator, TargetSource, ValueSource
from chidao.indicators.models import Indicator, IndicatorValue, Target, ValueRevision
from chidao.indicators.services import ValueErrors, ValueInput
from chidao.indicators.tests.conftest import Q3, counts, store

pytestmark = pytest.mark.django_db

DOCS = Path("/work/shared/eval/docs")


def row(catalogue: dict[str, Any], code: str, unit: Any, value: Any, line: int = 0) -> ValueInput:
    return ValueInput(catalogue[code], unit, Q3, Decimal(str(value)), line or None)


def messages(exc: pytest.ExceptionInfo[ValueErrors]) -> list[str]:
    return [str(r) for r in exc.value.rows]


def test_a_batch_is_all_or_nothing(province: Any, people: Any, catalogue: dict[str, Any]) -> None:
    good = row(catalogue, "DVC-HS-TONG", province.tc, 1000, 1)
    bad = row(catalogue, "HS-DT", province.tc, 101, 2)
    with pytest.raises(ValueErrors) as exc:
        services.report_values(people.donvi, [good, bad])
    assert messages(exc) == ["Dòng 2: HS-DT: tỷ lệ 101% vượt quá 100%."]
    assert counts() == (0, 0)
    assert not AuditEvent.objects.filter(action__startswith="value.").exists()
    result = services.report_values(people.donvi, [good, row(catalogue, "HS-DT", province.tc, 100)])
    assert (result.created, result.updated, result.unchanged) == (2, 0, 0)
    assert counts() == (2, 2)
    event = AuditEvent.objects.get(action="value.report")
    assert (event.after or {})["created"] == 2


def test_computed_duplicate_and_negative_rows_are_refused(
    province: Any, people: Any, catalogue: dict[str, Any]
) -> None:
    with pytest.raises(ValueErrors) as exc:
        services.report_values(
            people.thuongtruc,
            [
                row(catalogue, "DVC-TL-TT", province.tc, 50, 1),
                row(catalogue, "GQ-TONG", province.tc, 10, 2),
                row(catalogue, "GQ-TONG", province.tc, 11, 3),
                row(catalogue, "GQ-QUAHAN", province.tc, -1, 4),
            ],
        )
    assert messages(exc) == [
        "Dòng 1: DVC-TL-TT là chỉ số tính tự động, không nhập trực tiếp.",
        "Dòng 3: trùng với dòng 2 (GQ-TONG, Sở Tài chính, Quý III/2024).",
        "Dòng 4: GQ-QUAHAN: -1 nhỏ hơn mức tối thiểu 0.",
    ]
    assert counts() == (0, 0)


def test_officer_is_refused_for_another_unit_secretariat_is_not(
    province: Any, people: Any, catalogue: dict[str, Any]
) -> None:
    rows = [
        row(catalogue, "HS-DT", province.tc, 90, 1),
        row(catalogue, "HS-DT", province.yt, 90, 2),
    ]
    with pytest.raises(ValueErrors) as exc:
        services.report_values(people.donvi, rows)
    assert messages(exc) == [
        "Dòng 2: số liệu của Sở Y tế — bạn chỉ được báo cáo số liệu của đơn vị mình."
    ]
    with pytest.raises(ValueErrors):
        services.report_values(people.lanhdao, rows[:1])
    assert counts() == (0, 0)
    assert services.report_values(people.thuongtruc, rows).created == 2


def test_numerator_above_denominator_in_the_batch_and_against_stored_values(
    province: Any, people: Any, catalogue: dict[str, Any]
) -> None:
    with pytest.raises(ValueErrors) as exc:
        services.report_values(
            people.donvi,
            [
                row(catalogue, "GQ-DUNGHAN", province.tc, 120, 1),
                row(catalogue, "GQ-TONG", province.tc, 100, 2),
            ],
        )
    assert messages(exc) == [
        "Dòng 1: GQ-DUNGHAN (120) lớn hơn GQ-TONG (100) — tử số không được vượt mẫu số của "
        "“Tỷ lệ hồ sơ giải quyết đúng hạn”."
    ]
    assert counts() == (0, 0)
    store(catalogue["GQ-TONG"], province.tc, Q3, 100)
    store(catalogue["PAKN-DUNGHAN"], province.tc, Q3, 40)
    # A new numerator above the stored denominator…
    with pytest.raises(ValueErrors) as exc:
        services.report_values(people.donvi, [row(catalogue, "GQ-DUNGHAN", province.tc, 101)])
    assert "GQ-DUNGHAN (101) lớn hơn GQ-TONG (100)" in messages(exc)[0]
    # …and a new denominator below the stored numerator.
    with pytest.raises(ValueErrors) as exc:
        services.report_values(people.donvi, [row(catalogue, "PAKN-TONG", province.tc, 30)])
    assert "PAKN-DUNGHAN (40) lớn hơn PAKN-TONG (30)" in messages(exc)[0]
    assert counts() == (2, 0)
    # Another unit's or period's figures are not compared.
    store(catalogue["GQ-TONG"], province.yt, Q3, 1000)
    assert (
        services.report_values(
            people.donvi, [row(catalogue, "GQ-DUNGHAN", province.tc, 100)]
        ).created
        == 1
    )


def test_corrections_need_a_reason_and_keep_history(
    province: Any, people: Any, catalogue: dict[str, Any]
) -> None:
    services.report_values(people.donvi, [row(catalogue, "CB-TONG", province.tc, 120)])
    with pytest.raises(ValueErrors) as exc:
        services.report_values(people.donvi, [row(catalogue, "CB-TONG", province.tc, 130)])
    assert messages(exc) == [
        "CB-TONG của Sở Tài chính kỳ Quý III/2024 đã có số liệu 120; muốn sửa thành 130 cần "
        "ghi lý do điều chỉnh."
    ]
    value = IndicatorValue.objects.get()
    assert (value.value, value.version) == (Decimal(120), 1)
    # The same figure again is no change and needs no reason.
    same = services.report_values(people.donvi, [row(catalogue, "CB-TONG", province.tc, 120)])
    assert same.unchanged == 1
    services.report_values(
        people.donvi,
        [row(catalogue, "CB-TONG", province.tc, 130)],
        reason="Bổ sung 10 viên chức mới tuyển",
        source=ValueSource.FORM,
    )
    with pytest.raises(ValidationError) as err:
        services.correct_value(people.donvi, value, Decimal(125), "  ", expected_version=2)
    assert err.value.messages == ["Cần ghi lý do điều chỉnh số liệu."]
    value.refresh_from_db()
    with pytest.raises(ValidationError) as err:
        services.correct_value(people.donvi, value, Decimal(125), "Sai", expected_version=1)
    assert err.value.messages[0].startswith("Số liệu đã được thay đổi ở nơi khác")
    with pytest.raises(ValueErrors):
        services.correct_value(
            people.ngoai, value, Decimal(125), "Không phải đơn vị mình", expected_version=2
        )
    corrected = services.correct_value(
        people.thuongtruc, value, Decimal(125), "Đối chiếu với Sở Nội vụ", expected_version=2
    )
    assert (corrected.value, corrected.version, corrected.reported_by) == (
        Decimal(125),
        3,
        people.thuongtruc,
    )
    history = list(
        ValueRevision.objects.filter(value_row=value)
        .order_by("id")
        .values_list("previous", "value", "reason", "author__username")
    )
    assert history == [
        (None, Decimal(120), "", "donvi"),
        (Decimal(120), Decimal(130), "Bổ sung 10 viên chức mới tuyển", "donvi"),
        (Decimal(130), Decimal(125), "Đối chiếu với Sở Nội vụ", "thuongtruc"),
    ]


@pytest.mark.parametrize(
    ("raw", "number"),
    [
        ("1.234,5", Decimal("1234.5")),
        ("1234,5", Decimal("1234.5")),
        ("1234.5", Decimal("1234.5")),
        ("1.234", Decimal(1234)),
        ("1.234.567", Decimal(1234567)),
        ("-1.234", Decimal(-1234)),
        ("0.125", Decimal("0.125")),  # no thousands group starts with 0
        ("1234.567", Decimal("1234.567")),  # nor has four digits
        ("70%", Decimal(70)),
        (" 94,9 % ", Decimal("94.9")),
        (1234.5, Decimal("1234.5")),
        (12, Decimal(12)),
    ],
)
def test_parse_number_reads_numbers_as_people_type_them(raw: Any, number: Decimal) -> None:
    assert services.parse_number(raw) == number


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("nhiều", "“nhiều” không phải là số."),
        ("1.2.3", "“1.2.3” không phải là số."),
        ("", "Chưa nhập số."),
        (True, "“True” không phải là số."),
        ("1e20", "“1e20” không phải là số hợp lệ."),
        ("NaN", "“NaN” không phải là số hợp lệ."),
    ],
)
def test_parse_number_refuses_text(raw: Any, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        services.parse_number(raw)


def test_set_target_replaces_the_scopes_target_and_checks_range(
    province: Any, people: Any, catalogue: dict[str, Any]
) -> None:
    ratio = catalogue["DVC-TL-TT"]
    with pytest.raises(PermissionDenied):
        services.set_target(people.donvi, indicator=ratio, period=Q3, value=Decimal(70))
    first = services.set_target(people.thuongtruc, indicator=ratio, period=Q3, value=Decimal(70))
    again = services.set_target(
        people.thuongtruc, indicator=ratio, period=Q3, value=Decimal(75), note="Điều chỉnh"
    )
    assert first.pk == again.pk
    assert Target.objects.get().value == 75
    with pytest.raises(ValidationError, match="vượt quá 100%"):
        services.set_target(people.thuongtruc, indicator=ratio, period=Q3, value=Decimal(101))
    with pytest.raises(ValidationError, match="Phép so sánh không hợp lệ"):
        services.set_target(
            people.thuongtruc, indicator=ratio, period=Q3, value=Decimal(1), comparator="≈"
        )


def test_targets_from_a_real_directive(
    province: Any, people: Any, catalogue: dict[str, Any]
) -> None:
    """The Long An steering committee's 2024 conclusions, read by vnextract: each target
    becomes one, linked to the document, its task and the catalogue indicator it names."""
    from chidao.documents.models import Document
    from chidao.tasks.models import Task

    result = vnextract.extract(DOCS / "longan-tb-bcd-2024.txt")
    doc = Document.objects.create(
        province=province.unit,
        number="05/TB-BCĐ",
        issued_on=dt.date(2024, 1, 20),
        title=result.document.title or "",
        text=result.text,
        extraction=result.to_dict(),
    )
    tasks = [
        Task.objects.create(
            province=province.unit,
            document=doc,
            title=found.quote[:200],
            quote=found.quote,
            quote_start=found.span.start,
            quote_end=found.span.end,
            order=i,
        )
        for i, found in enumerate(result.tasks, 1)
    ]
    with pytest.raises(PermissionDenied):
        services.targets_from_document(people.donvi, doc)
    made = services.targets_from_document(people.thuongtruc, doc)
    by_quote = {t.quote: t for t in made}
    assert len(made) == len(result.targets) == 7
    online = by_quote["Tỷ lệ dịch vụ công trực tuyến có phát sinh hồ sơ trực tuyến đạt 90%"]
    assert (online.indicator.code, online.value, online.comparator, online.period_code) == (
        "DVC-TL-PS",
        Decimal(90),
        Comparator.GTE,
        "2024",
    )
    assert (online.source, online.document, online.unit) == (TargetSource.DOCUMENT, doc, None)
    assert online.task is not None
    assert (online.task.quote_start or 0) <= result.targets[0].span.start
    assert result.targets[0].span.end <= (online.task.quote_end or 0)
    assert online.task in tasks
    payment = next(t for t in made if t.value == 30)
    assert payment.indicator.code == "DVC-TL-TTTT"
    app = next(t for t in made if t.comparator == Comparator.GT)
    assert (app.indicator.code, app.value) == ("XH-APP", Decimal(50))
    assert next(t for t in made if t.value == 1).indicator.code == "KT-DNCNS"
    # A shortened name still finds its indicator (3 of the phrase's 4 words).
    files = by_quote["Tỷ lệ hồ sơ nộp trực tuyến đạt 70%"]
    assert files.indicator.code == "DVC-TL-TT"
    assert AuditEvent.objects.filter(action="targets.from_document").count() == 1
    # Read again: the same targets, replaced, not doubled.
    services.targets_from_document(people.thuongtruc, doc)
    assert Target.objects.filter(document=doc).count() == 7


def test_a_target_no_indicator_matches_gets_its_own(
    province: Any, people: Any, catalogue: dict[str, Any]
) -> None:
    from chidao.documents.models import Document

    quote = "Tỷ lệ hợp tác xã bán hàng qua sàn thương mại điện tử đạt 40% trước 30/6/2025"
    doc = Document.objects.create(
        province=province.unit,
        number="12/KH-BCĐ",
        issued_on=dt.date(2025, 1, 10),
        title="Kế hoạch",
        text=quote,
        extraction={
            "targets": [
                {
                    "quote": quote,
                    "indicator": "tỷ lệ hợp tác xã bán hàng qua sàn thương mại điện tử",
                    "value": 40,
                    "unit": "%",
                    "comparator": ">=",
                    "due": "2025-06-30",
                    "missed": False,
                    "start": 0,
                    "end": len(quote),
                }
            ]
        },
    )
    (target,) = services.targets_from_document(people.thuongtruc, doc)
    assert target.indicator.code.startswith("VB-")
    assert (target.indicator.measure_unit, target.indicator.max_value) == ("%", Decimal(100))
    assert target.indicator.source == "Trích từ văn bản"
    # "trước 30/6/2025" closes the second quarter: the target is the quarter's.
    assert target.period_code == "2025Q2"


def test_missed_targets_of_a_results_section_are_not_targets(
    province: Any, people: Any, catalogue: dict[str, Any]
) -> None:
    """Lạng Sơn's conclusions list last year's missed targets in footnotes: no targets."""
    from chidao.documents.models import Document

    result = vnextract.extract(DOCS / "langson-tb-2024.txt")
    assert result.targets
    assert all(t.missed for t in result.targets)
    doc = Document.objects.create(
        province=province.unit,
        number="TB-UBND",
        issued_on=dt.date(2024, 1, 15),
        title="Kết luận",
        text=result.text,
        extraction=result.to_dict(),
    )
    assert services.targets_from_document(people.thuongtruc, doc) == []
    assert Target.objects.count() == 0
    assert not Indicator.objects.filter(code__startswith="VB-").exists()


def test_period_defaults_for_targets_without_deadline(
    province: Any, people: Any, catalogue: dict[str, Any]
) -> None:
    from chidao.documents.models import Document

    doc = Document.objects.create(
        province=province.unit,
        number="1/KH",
        issued_on=dt.date(2025, 2, 1),
        title="Kế hoạch",
        extraction={
            "targets": [
                {
                    "quote": "Tỷ lệ hồ sơ giải quyết đúng hạn đạt 98%",
                    "indicator": "Tỷ lệ hồ sơ giải quyết đúng hạn",
                    "value": 98,
                    "unit": "%",
                    "comparator": ">=",
                    "due": None,
                    "missed": False,
                    "start": 0,
                    "end": 40,
                }
            ]
        },
    )
    (target,) = services.targets_from_document(people.thuongtruc, doc)
    assert (target.indicator.code, target.period_code, target.task) == ("GQ-TL", "2025", None)
    (again,) = services.targets_from_document(
        people.thuongtruc, doc, default_period=Period.parse("2025Q2")
    )
    assert again.period_code == "2025Q2"
