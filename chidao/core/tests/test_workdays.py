"""The Vietnamese working-day calendar, on the official schedules of 2024–2026."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import holidays
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from chidao.core.workdays import (
    EXTRA_HOLIDAY_NAME,
    WorkdayCalendar,
    official_schedule,
    pending_holidays,
)

CAL = WorkdayCalendar()

days = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))
steps = st.integers(min_value=-400, max_value=400)


def naive_count(calendar: WorkdayCalendar, start: date, end: date) -> int:
    """Working days in (start, end], one day at a time."""
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        count += calendar.is_workday(day)
    return count


# -- single days on the official schedules ----------------------------------------------------


@pytest.mark.parametrize(
    ("day", "works", "name"),
    [
        # 2024
        (date(2024, 1, 1), False, "Tết Dương lịch"),
        (date(2024, 2, 7), True, None),
        (date(2024, 2, 8), False, "Tết Nguyên đán"),  # 29 tháng Chạp
        (date(2024, 2, 10), False, "Tết Nguyên đán"),  # mùng 1 Tết Giáp Thìn, a Saturday
        (date(2024, 2, 14), False, "Tết Nguyên đán"),
        (date(2024, 2, 15), True, None),
        (date(2024, 4, 18), False, "Giỗ Tổ Hùng Vương"),
        (date(2024, 4, 29), False, "Ngày Chiến thắng và Ngày Quốc tế Lao động (nghỉ hoán đổi"),
        (date(2024, 5, 1), False, "Ngày Chiến thắng và Ngày Quốc tế Lao động"),
        (date(2024, 5, 4), True, None),  # Saturday worked for 29/4
        (date(2024, 9, 2), False, "Quốc khánh"),
        (date(2024, 9, 3), False, "Quốc khánh"),
        # 2025
        (date(2025, 1, 1), False, "Tết Dương lịch"),
        (date(2025, 1, 24), True, None),
        (date(2025, 1, 25), False, "Tết Nguyên đán"),  # the break opens on a Saturday
        (date(2025, 1, 29), False, "Tết Nguyên đán"),  # mùng 1 Tết Ất Tỵ
        (date(2025, 2, 2), False, "Tết Nguyên đán"),
        (date(2025, 2, 3), True, None),
        (date(2025, 4, 7), False, "Giỗ Tổ Hùng Vương"),
        (date(2025, 4, 26), True, None),  # Saturday worked for 2/5
        (date(2025, 4, 30), False, "Ngày Chiến thắng và Ngày Quốc tế Lao động"),
        (date(2025, 5, 2), False, "làm bù ngày 26/04/2025"),
        (date(2025, 5, 5), True, None),
        (date(2025, 9, 1), False, "Quốc khánh"),  # the adjoining day of 2/9
        (date(2025, 9, 2), False, "Quốc khánh"),
        (date(2025, 9, 3), True, None),
        # 2026
        (date(2026, 1, 2), False, "làm bù ngày 10/01/2026"),
        (date(2026, 1, 5), True, None),
        (date(2026, 1, 10), True, None),  # Saturday worked for 2/1
        (date(2026, 2, 13), True, None),
        (date(2026, 2, 16), False, "Tết Nguyên đán"),
        (date(2026, 2, 17), False, "Tết Nguyên đán"),  # mùng 1 Tết Bính Ngọ
        (date(2026, 2, 22), False, "Tết Nguyên đán"),
        (date(2026, 2, 23), True, None),
        (date(2026, 4, 26), False, "Giỗ Tổ Hùng Vương"),  # a Sunday
        (date(2026, 4, 27), False, "Giỗ Tổ Hùng Vương (nghỉ bù)"),
        (date(2026, 4, 30), False, "Ngày Chiến thắng và Ngày Quốc tế Lao động"),
        (date(2026, 5, 1), False, "Ngày Chiến thắng và Ngày Quốc tế Lao động"),
        (date(2026, 8, 22), True, None),  # Saturday worked for 31/8
        (date(2026, 8, 31), False, "làm bù ngày 22/08/2026"),
        (date(2026, 9, 1), False, "Quốc khánh"),
        (date(2026, 9, 2), False, "Quốc khánh"),
        (date(2026, 9, 3), True, None),
        # Ordinary weekends have no holiday name.
        (date(2025, 3, 8), False, None),
        (date(2025, 3, 9), False, None),
        (date(2025, 3, 10), True, None),
    ],
)
def test_official_schedule_days(day: date, works: bool, name: str | None) -> None:
    assert CAL.is_workday(day) is works
    holiday = CAL.holiday_name(day)
    if name is None:
        assert holiday is None
    else:
        assert holiday is not None
        assert holiday.startswith(name) or name in holiday


@pytest.mark.parametrize(("year", "count"), [(2024, 251), (2025, 250), (2026, 250)])
def test_working_days_per_year(year: int, count: int) -> None:
    # 2025: 261 weekdays − 12 weekdays off (1/1, 27–31/1, 7/4, 30/4, 1/5, 2/5, 1/9, 2/9)
    # + Saturday 26/4 worked.
    assert CAL.workdays_between(date(year - 1, 12, 31), date(year, 12, 31)) == count
    assert CAL.workdays_between(date(year - 1, 12, 31), date(year, 12, 31)) == naive_count(
        CAL, date(year - 1, 12, 31), date(year, 12, 31)
    )


def test_pending_culture_day_is_a_working_day_until_in_force() -> None:
    (pending,) = pending_holidays()
    assert pending.day == date(2026, 11, 24)
    assert pending.name == "Ngày Văn hóa Việt Nam"
    assert CAL.is_workday(date(2026, 11, 24))
    once_in_force = WorkdayCalendar(extra_holidays={pending.day: pending.name})
    assert not once_in_force.is_workday(date(2026, 11, 24))
    assert once_in_force.holiday_name(date(2026, 11, 24)) == "Ngày Văn hóa Việt Nam"


# -- arithmetic across Tết and swaps ---------------------------------------------------------


def test_three_working_days_after_the_last_day_before_tet_2025() -> None:
    # Friday 24/01/2025, then Tết from 25/01 to 02/02: Mon 3/2, Tue 4/2, Wed 5/2.
    assert CAL.add_workdays(date(2025, 1, 24), 3) == date(2025, 2, 5)
    assert CAL.add_workdays(date(2025, 2, 5), -3) == date(2025, 1, 24)
    assert CAL.workdays_between(date(2025, 1, 24), date(2025, 2, 5)) == 3
    assert CAL.workdays_between(date(2025, 2, 5), date(2025, 1, 24)) == -3


def test_counting_starts_the_day_after_even_from_a_holiday() -> None:
    # A ticket received on mùng 1 Tết Giáp Thìn: the first working day is 15/02/2024.
    assert CAL.add_workdays(date(2024, 2, 10), 1) == date(2024, 2, 15)
    assert CAL.add_workdays(date(2024, 2, 10), 5) == date(2024, 2, 21)


def test_swapped_saturday_counts_as_a_working_day() -> None:
    # Friday 25/04/2025 + 1 working day is Saturday 26/04, worked in exchange for 2/5.
    assert CAL.add_workdays(date(2025, 4, 25), 1) == date(2025, 4, 26)
    assert CAL.next_workday(date(2025, 4, 29)) == date(2025, 5, 5)
    assert CAL.previous_workday(date(2025, 5, 5)) == date(2025, 4, 29)
    assert CAL.workdays_between(date(2025, 4, 25), date(2025, 5, 5)) == 4  # 26, 28, 29/4, 5/5


def test_add_zero_workdays_returns_the_day_unchanged() -> None:
    assert CAL.add_workdays(date(2025, 1, 29), 0) == date(2025, 1, 29)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2025, 4, 20), date(2025, 4, 21)),  # "trước ngày 20" when the 20th is a Sunday
        (date(2025, 2, 1), date(2025, 2, 3)),  # inside Tết
        (date(2026, 8, 31), date(2026, 9, 3)),  # swapped day, then 1/9 and 2/9
        (date(2025, 4, 26), date(2025, 4, 26)),  # make-up Saturday is already a working day
        (date(2025, 3, 12), date(2025, 3, 12)),
    ],
)
def test_roll_forward_moves_a_deadline_off_a_day_off(day: date, expected: date) -> None:
    assert CAL.roll_forward(day) == expected


# -- overrides ----------------------------------------------------------------------------


def test_extra_holidays_and_makeup_days_override_the_built_in_calendar() -> None:
    calendar = WorkdayCalendar(
        extra_holidays=[date(2025, 3, 12)],
        makeup_days=[date(2025, 3, 15), date(2025, 5, 2)],
    )
    assert not calendar.is_workday(date(2025, 3, 12))
    assert calendar.holiday_name(date(2025, 3, 12)) == EXTRA_HOLIDAY_NAME
    assert calendar.is_workday(date(2025, 3, 15))  # a Saturday
    assert calendar.is_workday(date(2025, 5, 2))  # the swapped day, worked after all
    assert calendar.holiday_name(date(2025, 5, 2)) is None
    assert calendar.add_workdays(date(2025, 3, 11), 1) == date(2025, 3, 13)
    assert calendar.workdays_between(date(2025, 3, 10), date(2025, 3, 16)) == 4  # 11, 13, 14, 15
    # The shared default calendar is unaffected.
    assert CAL.is_workday(date(2025, 3, 12))


def test_extra_holiday_names_come_from_a_mapping() -> None:
    calendar = WorkdayCalendar(extra_holidays={date(2025, 6, 2): "Nghỉ theo quyết định của tỉnh"})
    assert calendar.holiday_name(date(2025, 6, 2)) == "Nghỉ theo quyết định của tỉnh"
    assert calendar.holidays_in(2025)[date(2025, 6, 2)] == "Nghỉ theo quyết định của tỉnh"


def test_a_day_cannot_be_both_extra_holiday_and_makeup_day() -> None:
    with pytest.raises(ValueError, match="vừa là ngày nghỉ vừa là ngày làm bù: 12/03/2025"):
        WorkdayCalendar(extra_holidays=[date(2025, 3, 12)], makeup_days=[date(2025, 3, 12)])


def test_datetimes_are_refused_because_they_never_equal_dates() -> None:
    with pytest.raises(TypeError, match=r"datetime\.date"):
        CAL.is_workday(datetime(2025, 5, 2, 9, 0, tzinfo=UTC))
    with pytest.raises(TypeError):
        WorkdayCalendar(makeup_days=[datetime(2025, 3, 15, 8, 0, tzinfo=UTC)])


def test_holidays_in_lists_named_days_off_of_a_year() -> None:
    days_off = CAL.holidays_in(2025)
    assert list(days_off) == sorted(days_off)
    assert {date(2025, 1, 25), date(2025, 2, 2), date(2025, 5, 2), date(2025, 9, 1)} <= set(
        days_off
    )
    assert date(2025, 4, 26) not in days_off
    assert all(day.year == 2025 for day in days_off)


# -- the data and the holidays package ------------------------------------------------------


def test_official_schedule_covers_2024_to_2026_with_a_source_for_every_break() -> None:
    schedule = official_schedule()
    assert sorted(schedule) == [2024, 2025, 2026]
    for breaks in schedule.values():
        assert [b.name for b in breaks][:2] == ["Tết Dương lịch", "Tết Nguyên đán"]
        for brk in breaks:
            assert brk.source
            for swap in brk.swaps:
                assert swap.workday.weekday() == 5
                assert CAL.is_workday(swap.workday)
                assert not CAL.is_workday(swap.day_off)


def test_official_schedule_agrees_with_the_holidays_package_except_known_differences() -> None:
    """Flags any change when `holidays` is upgraded; each difference below is deliberate."""
    # Public holidays the package counts that the official schedule does not (yet).
    package_only = {date(2026, 11, 24)}  # Ngày Văn hóa Việt Nam: not yet in the Labour Code
    # Weekdays off in the official schedule that the package does not know.
    schedule_only = {date(2026, 1, 2)}  # Tết Dương lịch swap, Công văn 12729/VPCP-KGVX
    statutory = holidays.country_holidays("VN", years=[2024, 2025, 2026])
    package_weekdays = {d for d in statutory if d.weekday() < 5}
    ours = {
        d
        for year in (2024, 2025, 2026)
        for d in CAL.holidays_in(year)
        if d.weekday() < 5 and not CAL.is_workday(d)
    }
    assert package_weekdays - ours == package_only
    assert ours - package_weekdays == schedule_only


@pytest.mark.parametrize(
    ("day", "works"),
    [
        (date(2023, 1, 23), False),  # mùng 2 Tết Quý Mão, from the package's rules
        (date(2023, 9, 4), False),  # Quốc khánh 2023: 2/9 was a Saturday, observed Monday
        (date(2027, 2, 8), False),  # mùng 3 Tết Đinh Mùi
        (date(2027, 2, 11), True),
        (date(2027, 5, 3), False),  # 1/5/2027 is a Saturday, observed Monday
    ],
)
def test_years_without_an_official_schedule_fall_back_to_the_statutory_rules(
    day: date, works: bool
) -> None:
    assert CAL.is_workday(day) is works


# -- properties ---------------------------------------------------------------------------


@given(days, st.integers(min_value=1, max_value=400))
def test_adding_a_positive_number_of_workdays_lands_on_a_workday(day: date, n: int) -> None:
    result = CAL.add_workdays(day, n)
    assert result > day
    assert CAL.is_workday(result)
    assert CAL.workdays_between(day, result) == n


@given(days, steps)
def test_add_and_between_are_inverse_from_a_workday(day: date, n: int) -> None:
    assume(CAL.is_workday(day))
    assert CAL.workdays_between(day, CAL.add_workdays(day, n)) == n


@given(days, steps)
def test_add_workdays_is_strictly_increasing_in_n(day: date, n: int) -> None:
    assert CAL.add_workdays(day, n) < CAL.add_workdays(day, n + 1)


@given(days, days)
def test_workdays_between_matches_a_day_by_day_count(a: date, b: date) -> None:
    assume(abs((b - a).days) <= 1200)
    expected = naive_count(CAL, a, b) if a <= b else -naive_count(CAL, b, a)
    assert CAL.workdays_between(a, b) == expected
    assert CAL.workdays_between(b, a) == -expected


@given(
    st.sets(days, max_size=15),
    st.sets(days, max_size=15),
    days,
    st.integers(min_value=0, max_value=600),
)
def test_overrides_keep_counting_consistent(
    extra: set[date], makeup: set[date], start: date, span: int
) -> None:
    calendar = WorkdayCalendar(extra_holidays=extra, makeup_days=makeup - extra)
    end = start + timedelta(days=span)
    assert calendar.workdays_between(start, end) == naive_count(calendar, start, end)
    for day in extra:
        assert not calendar.is_workday(day)
    for day in makeup - extra:
        assert calendar.is_workday(day)
