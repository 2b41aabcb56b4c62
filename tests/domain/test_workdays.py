"""Tests for the Dutch working-day calendar against known dates for 2024–2030."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casustafel.domain.workdays import (
    DEFAULT_CALENDAR,
    MAX_WORKING_DAYS,
    WorkdayCalendar,
    add_working_days,
    is_working_day,
    next_working_day,
    resolve_due_date,
    working_days_between,
)
from casustafel.errors import ValidationError

D = dt.date
ALL_ON = WorkdayCalendar(good_friday=True, liberation_day=True)

# Written out by hand from the church calendar and the Koningsdag rule, not computed.
# year: (Good Friday, Easter Monday, King's Day, Ascension, Whit Monday)
KNOWN = {
    2024: (D(2024, 3, 29), D(2024, 4, 1), D(2024, 4, 27), D(2024, 5, 9), D(2024, 5, 20)),
    2025: (D(2025, 4, 18), D(2025, 4, 21), D(2025, 4, 26), D(2025, 5, 29), D(2025, 6, 9)),
    2026: (D(2026, 4, 3), D(2026, 4, 6), D(2026, 4, 27), D(2026, 5, 14), D(2026, 5, 25)),
    2027: (D(2027, 3, 26), D(2027, 3, 29), D(2027, 4, 27), D(2027, 5, 6), D(2027, 5, 17)),
    2028: (D(2028, 4, 14), D(2028, 4, 17), D(2028, 4, 27), D(2028, 5, 25), D(2028, 6, 5)),
    2029: (D(2029, 3, 30), D(2029, 4, 2), D(2029, 4, 27), D(2029, 5, 10), D(2029, 5, 21)),
    2030: (D(2030, 4, 19), D(2030, 4, 22), D(2030, 4, 27), D(2030, 5, 30), D(2030, 6, 10)),
}
YEARS = sorted(KNOWN)


def fixed_days_off(year: int) -> set[dt.date]:
    _, easter_monday, kings_day, ascension, whit_monday = KNOWN[year]
    return {
        D(year, 1, 1),
        easter_monday,
        kings_day,
        ascension,
        whit_monday,
        D(year, 12, 25),
        D(year, 12, 26),
    }


@pytest.mark.parametrize("year", YEARS)
def test_fixed_days_off_are_not_working_days(year: int) -> None:
    for day in fixed_days_off(year):
        assert DEFAULT_CALENDAR.holiday_name(day), day
        assert not is_working_day(day), day
        assert not is_working_day(day, ALL_ON), day


@pytest.mark.parametrize("year", YEARS)
def test_default_calendar_has_exactly_the_fixed_weekday_holidays(year: int) -> None:
    weekday_holidays = {day for day in DEFAULT_CALENDAR.holidays_in(year) if day.weekday() < 5}
    assert weekday_holidays == {day for day in fixed_days_off(year) if day.weekday() < 5}


@pytest.mark.parametrize("year", YEARS)
def test_good_friday_and_liberation_day_are_working_days_by_default(year: int) -> None:
    good_friday = KNOWN[year][0]
    liberation = D(year, 5, 5)
    assert is_working_day(good_friday)
    assert not is_working_day(good_friday, WorkdayCalendar(good_friday=True))
    assert DEFAULT_CALENDAR.holiday_name(liberation) is None
    assert ALL_ON.holiday_name(liberation) == "Bevrijdingsdag"
    if liberation.weekday() < 5:
        assert is_working_day(liberation)
        assert not is_working_day(liberation, WorkdayCalendar(liberation_day=True))


def test_kings_day_moves_to_saturday_when_the_27th_is_a_sunday() -> None:
    assert D(2025, 4, 27).weekday() == 6
    assert DEFAULT_CALENDAR.holiday_name(D(2025, 4, 26)) == "Koningsdag"
    assert DEFAULT_CALENDAR.holiday_name(D(2025, 4, 27)) is None
    assert DEFAULT_CALENDAR.holiday_name(D(2026, 4, 27)) == "Koningsdag"
    assert not is_working_day(D(2026, 4, 27))  # a Monday


def test_holiday_names_are_dutch() -> None:
    assert DEFAULT_CALENDAR.holiday_name(D(2026, 5, 25)) == "Tweede pinksterdag"
    assert DEFAULT_CALENDAR.holiday_name(D(2026, 12, 26)) == "Tweede kerstdag"
    assert ALL_ON.holiday_name(D(2026, 4, 3)) == "Goede Vrijdag"
    assert DEFAULT_CALENDAR.holiday_name(D(2026, 11, 23)) is None


def test_ascension_on_liberation_day_stays_a_day_off() -> None:
    # 5 May 2016 was Ascension Day; switching Liberation Day off must not lose it.
    assert not is_working_day(D(2016, 5, 5))
    assert DEFAULT_CALENDAR.holiday_name(D(2016, 5, 5)) == "Hemelvaartsdag"


def test_weekends_are_not_working_days() -> None:
    assert not is_working_day(D(2026, 11, 21))  # Saturday
    assert not is_working_day(D(2026, 11, 22))  # Sunday
    assert is_working_day(D(2026, 11, 23))  # Monday


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (D(2026, 11, 23), 1, D(2026, 11, 24)),
        (D(2026, 11, 20), 1, D(2026, 11, 23)),  # Friday → Monday
        (D(2026, 11, 21), 1, D(2026, 11, 23)),  # from a Saturday
        (D(2026, 11, 23), 5, D(2026, 11, 30)),
        (D(2026, 4, 20), 10, D(2026, 5, 5)),  # over King's Day, Liberation Day counts
        (D(2026, 12, 23), 3, D(2026, 12, 29)),  # over Christmas (Boxing Day is a Saturday)
        (D(2026, 12, 31), 1, D(2027, 1, 4)),  # New Year on a Friday
        (D(2026, 4, 2), 1, D(2026, 4, 3)),  # Good Friday counts by default
        (D(2026, 11, 23), 0, D(2026, 11, 23)),
        (D(2026, 11, 21), 0, D(2026, 11, 23)),
        (D(2026, 11, 23), -1, D(2026, 11, 20)),
        (D(2026, 4, 7), -1, D(2026, 4, 3)),  # back over Easter Monday
    ],
)
def test_add_working_days_examples(start: dt.date, n: int, expected: dt.date) -> None:
    assert add_working_days(start, n) == expected


def test_add_working_days_with_good_friday_and_liberation_day_off() -> None:
    assert add_working_days(D(2026, 4, 2), 1, ALL_ON) == D(2026, 4, 7)
    assert add_working_days(D(2026, 4, 20), 10, ALL_ON) == D(2026, 5, 6)


def test_working_days_between_examples() -> None:
    assert working_days_between(D(2026, 11, 23), D(2026, 11, 23)) == 0
    assert working_days_between(D(2026, 11, 20), D(2026, 11, 23)) == 1
    assert working_days_between(D(2026, 11, 23), D(2026, 11, 20)) == -1
    # 2026 has 261 weekdays; of the fixed days off only Boxing Day falls on a weekend, and
    # Good Friday (3 April) and Liberation Day (Tuesday 5 May) are weekdays.
    assert working_days_between(D(2025, 12, 31), D(2026, 12, 31)) == 261 - 6
    assert working_days_between(D(2025, 12, 31), D(2026, 12, 31), ALL_ON) == 261 - 8


def test_next_working_day() -> None:
    assert next_working_day(D(2026, 12, 25)) == D(2026, 12, 28)
    assert next_working_day(D(2026, 12, 28)) == D(2026, 12, 28)


dates = st.dates(D(2000, 1, 1), D(2090, 12, 31))
calendars = st.builds(WorkdayCalendar, good_friday=st.booleans(), liberation_day=st.booleans())


@given(dates, st.integers(-400, 400), calendars)
def test_adding_working_days_lands_on_a_working_day(
    start: dt.date, n: int, calendar: WorkdayCalendar
) -> None:
    assert calendar.is_working_day(calendar.add_working_days(start, n))


@given(dates, st.integers(1, 400), calendars)
def test_n_working_days_lie_between_start_and_result(
    start: dt.date, n: int, calendar: WorkdayCalendar
) -> None:
    due = calendar.add_working_days(start, n)
    assert due > start
    assert calendar.working_days_between(start, due) == n
    assert calendar.working_days_between(start, due - dt.timedelta(days=1)) == n - 1


@given(dates, st.integers(0, 60), calendars)
def test_working_days_between_matches_counting_day_by_day(
    start: dt.date, span: int, calendar: WorkdayCalendar
) -> None:
    end = start + dt.timedelta(days=span)
    by_hand = sum(calendar.is_working_day(start + dt.timedelta(days=i)) for i in range(1, span + 1))
    assert calendar.working_days_between(start, end) == by_hand
    assert calendar.working_days_between(end, start) == -by_hand


@given(dates, dates)
def test_switching_days_off_on_never_adds_working_days(a: dt.date, b: dt.date) -> None:
    assert abs(working_days_between(a, b, ALL_ON)) <= abs(working_days_between(a, b))


# --- resolve_due_date --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10 werkdagen", D(2026, 5, 5)),
        ("10werkdagen", D(2026, 5, 5)),
        (" 10  Werkdagen ", D(2026, 5, 5)),
        ("1 werkdag", D(2026, 4, 21)),
        ("5 wd", D(2026, 4, 28)),
        ("2026-12-01", D(2026, 12, 1)),
        ("01-12-2026", D(2026, 12, 1)),
        ("25-04-2026", D(2026, 4, 25)),  # an explicit date is kept, even on a Saturday
        ("20-04-2026", D(2026, 4, 20)),  # the start day itself is allowed
    ],
)
def test_resolve_due_date(text: str, expected: dt.date) -> None:
    assert resolve_due_date(text, D(2026, 4, 20)) == expected


def test_resolve_due_date_uses_the_calendar() -> None:
    assert resolve_due_date("10 werkdagen", D(2026, 4, 20), ALL_ON) == D(2026, 5, 6)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Vul een datum of een aantal werkdagen in."),
        ("morgen", "Vul een datum (23-11-2026) of een aantal werkdagen (10 werkdagen) in."),
        ("10 dagen", "Vul een datum (23-11-2026) of een aantal werkdagen (10 werkdagen) in."),
        ("-3 werkdagen", "Vul een datum (23-11-2026) of een aantal werkdagen (10 werkdagen) in."),
        (f"{MAX_WORKING_DAYS + 1} werkdagen", "Kies hoogstens 1000 werkdagen."),
        ("31-02-2026", "Deze datum bestaat niet; controleer dag en maand."),
        ("19-04-2026", "De einddatum ligt vóór de startdatum (20-04-2026)."),
    ],
)
def test_resolve_due_date_errors(text: str, message: str) -> None:
    with pytest.raises(ValidationError) as info:
        resolve_due_date(text, D(2026, 4, 20))
    assert info.value.message == message
    assert info.value.field == "due_date"


@given(dates, st.integers(0, MAX_WORKING_DAYS))
def test_resolved_working_days_agree_with_add_working_days(start: dt.date, n: int) -> None:
    assert resolve_due_date(f"{n} werkdagen", start) == add_working_days(start, n)
