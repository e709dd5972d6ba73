"""Reporting periods and the cut-off windows of Nghị định 09/2019/NĐ-CP, on real dates."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chidao.core.periods import Period, PeriodKind, cutoff_window, end_of, start_of

M, Q, H, Y = PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.HALF, PeriodKind.YEAR

periods = st.builds(
    lambda kind, year, seed: Period(kind, year, seed % kind.per_year + 1),
    st.sampled_from(PeriodKind),
    st.integers(min_value=1000, max_value=9000),
    st.integers(min_value=0, max_value=11),
)
days = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))


# -- codes, labels, parsing -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("period", "code", "label"),
    [
        (Period(M, 2024, 3), "2024-03", "Tháng 03/2024"),
        (Period(M, 2024, 12), "2024-12", "Tháng 12/2024"),
        (Period(Q, 2024, 1), "2024Q1", "Quý I/2024"),
        (Period(Q, 2024, 3), "2024Q3", "Quý III/2024"),
        (Period(Q, 2024, 4), "2024Q4", "Quý IV/2024"),
        (Period(H, 2024, 1), "2024H1", "6 tháng đầu năm 2024"),
        (Period(H, 2024, 2), "2024H2", "6 tháng cuối năm 2024"),
        (Period(Y, 2024), "2024", "Năm 2024"),
    ],
)
def test_code_and_vietnamese_label(period: Period, code: str, label: str) -> None:
    assert period.code == code
    assert str(period) == code
    assert period.label == label


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-03", Period(M, 2024, 3)),
        ("2024-3", Period(M, 2024, 3)),
        ("03/2024", Period(M, 2024, 3)),
        ("T3/2024", Period(M, 2024, 3)),
        ("t03/2024", Period(M, 2024, 3)),
        ("Tháng 03/2024", Period(M, 2024, 3)),
        ("  THÁNG 3/2024 ", Period(M, 2024, 3)),
        ("2024Q3", Period(Q, 2024, 3)),
        ("2024q3", Period(Q, 2024, 3)),
        ("2024-Q3", Period(Q, 2024, 3)),
        ("Q3/2024", Period(Q, 2024, 3)),
        ("Quý III/2024", Period(Q, 2024, 3)),
        ("quý 3/2024", Period(Q, 2024, 3)),
        ("QUÝ IV/2024", Period(Q, 2024, 4)),
        ("2024H1", Period(H, 2024, 1)),
        ("2024-h2", Period(H, 2024, 2)),
        ("H1/2024", Period(H, 2024, 1)),
        ("6 tháng đầu năm 2024", Period(H, 2024, 1)),
        ("6 Tháng Cuối Năm 2024", Period(H, 2024, 2)),
        ("2024", Period(Y, 2024)),
        ("năm 2024", Period(Y, 2024)),
        # Decomposed Unicode (as some keyboards and PDFs produce) reads the same.
        ("Qu\u0079\u0301 II/2024", Period(Q, 2024, 2)),
    ],
)
def test_parse_accepts_codes_labels_and_common_aliases(text: str, expected: Period) -> None:
    assert Period.parse(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Không nhận dạng được kỳ báo cáo"),
        ("quý ba 2024", "Không nhận dạng được kỳ báo cáo"),
        ("24-03", "Không nhận dạng được kỳ báo cáo"),
        ("2024/03/01", "Không nhận dạng được kỳ báo cáo"),
        ("2024-13", "Số thứ tự tháng phải từ 1 đến 12, nhận được 13"),
        ("2024-00", "Số thứ tự tháng phải từ 1 đến 12, nhận được 0"),
        ("2024Q5", "Số thứ tự quý phải từ 1 đến 4, nhận được 5"),
        ("H3/2024", "Số thứ tự 6 tháng phải từ 1 đến 2, nhận được 3"),
        ("0000", "Năm phải từ 1 đến 9999"),
    ],
)
def test_parse_rejects_bad_input_with_a_vietnamese_message(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Period.parse(text)


def test_parse_error_names_the_accepted_forms() -> None:
    with pytest.raises(ValueError, match=r"2024-03.*2024Q3.*2024H1.*2024"):
        Period.parse("kỳ này")


@given(periods)
def test_code_and_label_round_trip(period: Period) -> None:
    assert Period.parse(period.code) == period
    assert Period.parse(period.label) == period
    assert Period.parse(period.label.upper()) == period
    assert repr(period) == f"Period.parse({period.code!r})"


# -- construction ---------------------------------------------------------------------------


def test_named_constructors() -> None:
    assert Period.monthly(2024, 3) == Period(M, 2024, 3)
    assert Period.quarterly(2024, 3) == Period(Q, 2024, 3)
    assert Period.half_year(2024, 2) == Period(H, 2024, 2)
    assert Period.annual(2024) == Period(Y, 2024, 1)


def test_kind_given_as_its_stored_string_is_converted() -> None:
    period = Period("quarter", 2024, 2)  # type: ignore[arg-type]  # as read from the database
    assert period.kind is PeriodKind.QUARTER
    assert period == Period.quarterly(2024, 2)
    assert hash(period) == hash(Period.quarterly(2024, 2))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("week", 2024, 1), "Loại kỳ không hợp lệ: 'week'"),
        ((M, 2024, 13), "Số thứ tự tháng phải từ 1 đến 12"),
        ((Y, 2024, 2), "Số thứ tự năm phải từ 1 đến 1"),
        ((Q, 10000, 1), "Năm phải từ 1 đến 9999"),
        ((M, "2024", 1), "Năm phải là số nguyên"),
        ((M, 2024, True), "Số thứ tự kỳ phải là số nguyên"),
    ],
)
def test_invalid_fields_are_refused(args: tuple[object, object, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Period(*args)  # type: ignore[arg-type]


def test_unknown_kind_is_refused_in_vietnamese_everywhere() -> None:
    with pytest.raises(ValueError, match="Loại kỳ không hợp lệ: 'week'"):
        Period.containing("week", date(2024, 1, 1))
    with pytest.raises(ValueError, match="Loại kỳ không hợp lệ: 'week'"):
        Period.by_cutoff("week", date(2024, 1, 1))


def test_periods_are_immutable() -> None:
    period = Period.monthly(2024, 3)
    with pytest.raises(AttributeError):
        period.year = 2025  # type: ignore[misc]


# -- calendar ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("period", "start", "end"),
    [
        (Period.monthly(2024, 2), date(2024, 2, 1), date(2024, 2, 29)),
        (Period.monthly(2025, 2), date(2025, 2, 1), date(2025, 2, 28)),
        (Period.monthly(2024, 12), date(2024, 12, 1), date(2024, 12, 31)),
        (Period.quarterly(2024, 1), date(2024, 1, 1), date(2024, 3, 31)),
        (Period.quarterly(2024, 2), date(2024, 4, 1), date(2024, 6, 30)),
        (Period.quarterly(2024, 3), date(2024, 7, 1), date(2024, 9, 30)),
        (Period.quarterly(2024, 4), date(2024, 10, 1), date(2024, 12, 31)),
        (Period.half_year(2025, 1), date(2025, 1, 1), date(2025, 6, 30)),
        (Period.half_year(2025, 2), date(2025, 7, 1), date(2025, 12, 31)),
        (Period.annual(2026), date(2026, 1, 1), date(2026, 12, 31)),
    ],
)
def test_start_and_end_are_the_first_and_last_day(period: Period, start: date, end: date) -> None:
    assert (period.start, period.end) == (start, end)
    assert (start_of(period), end_of(period)) == (start, end)
    assert period.days == (end - start).days + 1


def test_end_of_reads_a_deadline_worded_as_a_period_end() -> None:
    # "Hoàn thành trước hết quý 2/2024" in a thông báo kết luận.
    assert end_of(Period.parse("Q2/2024")) == date(2024, 6, 30)
    assert end_of(Period.parse("6 tháng đầu năm 2025")) == date(2025, 6, 30)


@pytest.mark.parametrize(
    ("kind", "day", "expected"),
    [
        (M, date(2024, 2, 29), "2024-02"),
        (Q, date(2024, 3, 31), "2024Q1"),
        (Q, date(2024, 4, 1), "2024Q2"),
        (H, date(2024, 6, 30), "2024H1"),
        (H, date(2024, 7, 1), "2024H2"),
        (Y, date(2025, 12, 31), "2025"),
        ("quarter", date(2025, 11, 5), "2025Q4"),
    ],
)
def test_containing_finds_the_period_of_a_date(kind: PeriodKind, day: date, expected: str) -> None:
    assert Period.containing(kind, day) == Period.parse(expected)


@given(st.sampled_from(PeriodKind), days)
def test_every_date_lies_in_the_period_containing_it(kind: PeriodKind, day: date) -> None:
    period = Period.containing(kind, day)
    assert period.contains(day)
    assert day in period
    assert not period.previous().contains(day)
    assert not period.next().contains(day)


def test_contains_includes_both_ends() -> None:
    q1 = Period.quarterly(2024, 1)
    assert q1.contains(date(2024, 1, 1))
    assert q1.contains(date(2024, 3, 31))
    assert not q1.contains(date(2023, 12, 31))
    assert not q1.contains(date(2024, 4, 1))
    assert "2024-01-01" not in q1


@pytest.mark.parametrize(
    ("code", "following"),
    [
        ("2024-12", "2025-01"),
        ("2024-01", "2024-02"),
        ("2024Q4", "2025Q1"),
        ("2024H1", "2024H2"),
        ("2024H2", "2025H1"),
        ("2024", "2025"),
    ],
)
def test_next_and_previous_cross_year_boundaries(code: str, following: str) -> None:
    assert Period.parse(code).next() == Period.parse(following)
    assert Period.parse(following).previous() == Period.parse(code)


def test_shift_moves_by_whole_periods() -> None:
    assert Period.monthly(2024, 11).shift(14) == Period.monthly(2026, 1)
    assert Period.quarterly(2024, 1).shift(-5) == Period.quarterly(2022, 4)
    with pytest.raises(ValueError, match="Năm phải từ 1 đến 9999"):
        Period.annual(9999).next()


@given(periods)
def test_consecutive_periods_tile_the_calendar(period: Period) -> None:
    following = period.next()
    assert following.previous() == period
    assert following.start == period.end + timedelta(days=1)
    assert following.kind is period.kind


# -- ranges and ordering --------------------------------------------------------------------


def test_through_yields_both_ends_in_order() -> None:
    months = list(Period.monthly(2024, 11).through(Period.monthly(2025, 2)))
    assert [p.code for p in months] == ["2024-11", "2024-12", "2025-01", "2025-02"]
    assert list(Period.annual(2024).through(Period.annual(2024))) == [Period.annual(2024)]
    assert list(Period.annual(2025).through(Period.annual(2024))) == []


def test_through_refuses_mixed_kinds() -> None:
    with pytest.raises(ValueError, match="cùng loại kỳ"):
        list(Period.monthly(2024, 1).through(Period.quarterly(2024, 2)))


def test_covering_lists_every_period_overlapping_a_span() -> None:
    quarters = Period.covering(Q, date(2024, 2, 20), date(2024, 7, 1))
    assert [p.code for p in quarters] == ["2024Q1", "2024Q2", "2024Q3"]
    assert list(Period.covering(M, date(2024, 2, 20), date(2024, 2, 1))) == []


def test_periods_sort_chronologically_and_deduplicate_in_sets() -> None:
    mixed = [
        Period.monthly(2024, 2),
        Period.annual(2024),
        Period.quarterly(2024, 1),
        Period.monthly(2024, 1),
        Period.half_year(2024, 1),
        Period.monthly(2023, 12),
    ]
    assert [p.code for p in sorted(mixed)] == [
        "2023-12",
        "2024-01",
        "2024Q1",
        "2024H1",
        "2024",
        "2024-02",
    ]
    assert len({Period.parse("2024Q3"), Period.parse("Q3/2024"), Period.parse("Quý III/2024")}) == 1
    assert Period.monthly(2024, 1) < Period.monthly(2024, 2) <= Period.monthly(2024, 2)
    assert Period.annual(2025) > Period.annual(2024)


@given(periods, periods)
def test_ordering_agrees_with_equality(a: Period, b: Period) -> None:
    assert (a == b) == (not a < b and not b < a)


# -- cut-off windows (Nghị định 09/2019/NĐ-CP, Điều 12) ----------------------------------------


@pytest.mark.parametrize(
    ("code", "opens", "closes"),
    [
        # Hằng tháng: ngày 15 tháng trước đến ngày 14 của tháng thuộc kỳ báo cáo.
        ("2024-03", date(2024, 2, 15), date(2024, 3, 14)),
        ("2024-01", date(2023, 12, 15), date(2024, 1, 14)),
        ("2024-12", date(2024, 11, 15), date(2024, 12, 14)),
        # Hằng quý: ngày 15 của tháng trước kỳ báo cáo đến ngày 14 của tháng cuối quý.
        ("2024Q1", date(2023, 12, 15), date(2024, 3, 14)),
        ("2024Q2", date(2024, 3, 15), date(2024, 6, 14)),
        ("2024Q3", date(2024, 6, 15), date(2024, 9, 14)),
        ("2024Q4", date(2024, 9, 15), date(2024, 12, 14)),
        # 6 tháng: 15/12 năm trước đến 14/6 của kỳ báo cáo.
        ("2025H1", date(2024, 12, 15), date(2025, 6, 14)),
        # The second half, by the same rule (the decree defines only the first).
        ("2025H2", date(2025, 6, 15), date(2025, 12, 14)),
        # Hằng năm: 15/12 năm trước đến 14/12 của kỳ báo cáo.
        ("2026", date(2025, 12, 15), date(2026, 12, 14)),
    ],
)
def test_cutoff_window_follows_decree_09_2019(code: str, opens: date, closes: date) -> None:
    assert cutoff_window(Period.parse(code)) == (opens, closes)


@given(periods)
def test_cutoff_windows_of_consecutive_periods_are_contiguous(period: Period) -> None:
    opens, closes = cutoff_window(period)
    next_opens, _ = cutoff_window(period.next())
    assert opens < closes
    assert next_opens == closes + timedelta(days=1)


@pytest.mark.parametrize(
    ("kind", "day", "expected"),
    [
        (M, date(2024, 3, 14), "2024-03"),
        (M, date(2024, 3, 15), "2024-04"),
        (M, date(2024, 12, 20), "2025-01"),
        (Q, date(2024, 3, 20), "2024Q2"),
        (Q, date(2024, 12, 15), "2025Q1"),
        (H, date(2024, 6, 14), "2024H1"),
        (H, date(2024, 6, 15), "2024H2"),
        (Y, date(2024, 12, 14), "2024"),
        (Y, date(2024, 12, 15), "2025"),
    ],
)
def test_by_cutoff_finds_the_report_a_dated_figure_belongs_to(
    kind: PeriodKind, day: date, expected: str
) -> None:
    assert Period.by_cutoff(kind, day) == Period.parse(expected)


@given(st.sampled_from(PeriodKind), days)
def test_every_date_lies_in_exactly_one_cutoff_window(kind: PeriodKind, day: date) -> None:
    period = Period.by_cutoff(kind, day)
    opens, closes = cutoff_window(period)
    assert opens <= day <= closes
    for neighbour in (period.previous(), period.next()):
        n_opens, n_closes = cutoff_window(neighbour)
        assert not n_opens <= day <= n_closes


# -- kinds ------------------------------------------------------------------------------------


def test_period_kind_values_and_sizes() -> None:
    assert [k.value for k in PeriodKind] == ["month", "quarter", "half", "year"]
    assert [k.months for k in PeriodKind] == [1, 3, 6, 12]
    assert [k.per_year for k in PeriodKind] == [12, 4, 2, 1]
    assert PeriodKind("half").label == "6 tháng"
