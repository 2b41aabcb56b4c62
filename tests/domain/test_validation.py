"""Tests for the Dutch validators: BSN, postcode, house number, phone and dates."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from casustafel.domain import validation as v
from casustafel.errors import ValidationError

TODAY = dt.date(2026, 3, 15)
WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2)


@st.composite
def valid_bsns(draw: st.DrawFn) -> str:
    """Eight random digits plus the check digit the elfproef demands."""
    first = draw(st.lists(st.integers(0, 9), min_size=8, max_size=8))
    check = sum(w * d for w, d in zip(WEIGHTS, first, strict=True)) % 11
    assume(check != 10)  # no digit completes these eight
    digits = "".join(map(str, first)) + str(check)
    assume(digits != "000000000")
    return digits


def raises_message(func: object, *args: object, **kwargs: object) -> ValidationError:
    with pytest.raises(ValidationError) as info:
        func(*args, **kwargs)  # type: ignore[operator]
    return info.value


# --- BSN ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("111222333", "111222333"),
        ("123456782", "123456782"),
        ("1234.56.782", "123456782"),
        (" 123 456 782 ", "123456782"),
        ("12345672", "012345672"),  # eight digits: the leading zero was lost
    ],
)
def test_valid_bsns_are_normalised(typed: str, expected: str) -> None:
    assert v.validate_bsn(typed) == expected


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("123456789", "Het BSN voldoet niet aan de elfproef."),
        ("", "Vul een BSN in."),
        ("12345678a", "Een BSN bestaat alleen uit cijfers."),
        ("1234567", "Een BSN heeft 9 cijfers."),
        ("1234567890", "Een BSN heeft 9 cijfers."),
        ("000000000", "Een BSN kan niet uit alleen nullen bestaan."),
        ("00000000", "Een BSN kan niet uit alleen nullen bestaan."),
        ("١٢٣٤٥٦٧٨٢", "Een BSN bestaat alleen uit cijfers."),  # Arabic-Indic digits
    ],
)
def test_invalid_bsns_get_a_clear_message(typed: str, message: str) -> None:
    error = raises_message(v.validate_bsn, typed)
    assert error.message == message
    assert error.field == "bsn"


def test_message_does_not_repeat_the_bsn() -> None:
    error = raises_message(v.validate_bsn, "123456789")
    assert "123456789" not in str(error)


def test_field_name_can_be_chosen() -> None:
    assert raises_message(v.validate_bsn, "1", field="bsn_partner").field == "bsn_partner"


@given(valid_bsns())
def test_generated_bsns_pass(bsn: str) -> None:
    assert v.validate_bsn(bsn) == bsn
    assert v.is_valid_bsn(bsn)
    assert v.check_bsn(bsn) is None
    assert v.bsn_passes_elfproef(bsn)


@given(valid_bsns(), st.integers(0, 8), st.integers(1, 9))
def test_changing_one_digit_breaks_the_elfproef(bsn: str, position: int, shift: int) -> None:
    changed_digit = (int(bsn[position]) + shift) % 10
    changed = bsn[:position] + str(changed_digit) + bsn[position + 1 :]
    assert not v.is_valid_bsn(changed)
    assert v.check_bsn(changed) is not None


@given(valid_bsns(), st.integers(0, 7))
def test_swapping_two_different_adjacent_digits_breaks_the_elfproef(
    bsn: str, position: int
) -> None:
    assume(bsn[position] != bsn[position + 1])
    swapped = bsn[:position] + bsn[position + 1] + bsn[position] + bsn[position + 2 :]
    assert not v.is_valid_bsn(swapped)


def test_check_bsn_is_quiet_for_an_empty_optional_field() -> None:
    assert v.check_bsn("") is None
    assert v.check_bsn("  ", required=True) == "Vul een BSN in."
    assert v.check_bsn("123456789") == "Het BSN voldoet niet aan de elfproef."


# --- Postcode ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("7811 AP", "7811 AP"),
        ("7811ap", "7811 AP"),
        (" 7811  aP ", "7811 AP"),
        ("9999ZZ", "9999 ZZ"),
    ],
)
def test_postcodes_are_normalised(typed: str, expected: str) -> None:
    assert v.validate_postcode(typed) == expected


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Vul een postcode in."),
        ("0811 AP", "Een postcode begint niet met een 0."),
        ("7811 SS", "Postcodes met de letters SA, SD of SS bestaan niet."),
        ("7811 sa", "Postcodes met de letters SA, SD of SS bestaan niet."),
        ("7811 SD", "Postcodes met de letters SA, SD of SS bestaan niet."),
        ("781 AP", "Een postcode bestaat uit 4 cijfers en 2 letters, bijvoorbeeld 7811 AP."),
        ("7811 A", "Een postcode bestaat uit 4 cijfers en 2 letters, bijvoorbeeld 7811 AP."),
        ("7811 APX", "Een postcode bestaat uit 4 cijfers en 2 letters, bijvoorbeeld 7811 AP."),
        ("7811-AP", "Een postcode bestaat uit 4 cijfers en 2 letters, bijvoorbeeld 7811 AP."),
    ],
)
def test_invalid_postcodes_get_a_clear_message(typed: str, message: str) -> None:
    error = raises_message(v.validate_postcode, typed)
    assert (error.message, error.field) == (message, "postcode")


postcode_letters = st.text(
    alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", min_size=2, max_size=2
)


@given(st.integers(1000, 9999), postcode_letters, st.sampled_from(["", " ", "  "]))
def test_postcode_normalisation_is_idempotent(digits: int, letters: str, space: str) -> None:
    message = v.check_postcode(f"{digits}{space}{letters}")
    if letters.upper() in {"SA", "SD", "SS"}:
        assert message is not None
        return
    assert message is None
    once = v.validate_postcode(f"{digits}{space}{letters}")
    assert once == f"{digits} {letters.upper()}"
    assert v.validate_postcode(once) == once


# --- House number ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("12", "12"),
        ("12a", "12A"),
        ("12 A", "12A"),
        ("12-2", "12-2"),
        ("12 2", "12-2"),
        ("12/2", "12-2"),
        ("12 bis", "12-BIS"),
        ("12bis", "12-BIS"),
        ("12A-3", "12A-3"),
        ("12 hs", "12-HS"),
        ("007", "7"),
        ("99999", "99999"),
        ("1", "1"),
    ],
)
def test_house_numbers_are_normalised(typed: str, expected: str) -> None:
    assert v.validate_house_number(typed) == expected
    assert v.validate_house_number(expected) == expected


def test_house_number_parts() -> None:
    assert v.parse_house_number("12a-3") == v.HouseNumber(12, "A", "3")
    assert v.parse_house_number("12 bis") == v.HouseNumber(12, "", "BIS")


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Vul een huisnummer in."),
        ("0", "Een huisnummer ligt tussen 1 en 99999."),
        ("100000", "Een huisnummer ligt tussen 1 en 99999."),
        (
            "A12",
            "Schrijf het huisnummer als 12, 12A of 12-2.",
        ),
        (
            "12 toevoeging",
            "Schrijf het huisnummer als 12, 12A of 12-2.",
        ),
        (
            "12--2",
            "Schrijf het huisnummer als 12, 12A of 12-2.",
        ),
    ],
)
def test_invalid_house_numbers_get_a_clear_message(typed: str, message: str) -> None:
    error = raises_message(v.validate_house_number, typed)
    assert (error.message, error.field) == (message, "house_number")


@given(
    st.integers(1, 99999),
    st.sampled_from(["", "a", "B"]),
    st.sampled_from(["", "-", " ", "/"]),
    st.text(alphabet="abcXYZ0123456789", min_size=1, max_size=4),
)
def test_house_number_normalisation_is_idempotent(
    number: int, letter: str, separator: str, addition: str
) -> None:
    typed = f"{number}{letter}{separator}{addition}"
    message = v.check_house_number(typed)
    if message is not None:
        return  # e.g. "12" + "" + "3": reads as number 123, may exceed the range
    once = v.validate_house_number(typed)
    assert v.validate_house_number(once) == once


# --- Phone -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("06-12345678", "0612345678"),
        ("06 1234 5678", "0612345678"),
        ("0591 123456", "0591123456"),
        ("(0591) 12 34 56", "0591123456"),
        ("+31 6 12345678", "0612345678"),
        ("+31 (0)6 1234 5678", "0612345678"),
        ("+31 06 12345678", "0612345678"),
        ("0031612345678", "0612345678"),
        ("0800-1234", "08001234"),
        ("0900 1234567", "09001234567"),
        ("+32 470 12 34 56", "+32470123456"),
        ("0049 30 1234567", "+49301234567"),
    ],
)
def test_phone_numbers_are_normalised(typed: str, expected: str) -> None:
    assert v.validate_phone(typed) == expected
    assert v.validate_phone(expected) == expected


@pytest.mark.parametrize(
    "typed", ["12345", "06-1234567", "06-123456789", "tel 0612", "+0612345678", "0012"]
)
def test_invalid_phone_numbers(typed: str) -> None:
    error = raises_message(v.validate_phone, typed)
    assert error.message == (
        "Dit is geen geldig telefoonnummer; gebruik bijvoorbeeld 06-12345678 of 0591-123456."
    )
    assert error.field == "phone"


def test_empty_phone() -> None:
    assert raises_message(v.validate_phone, " ").message == "Vul een telefoonnummer in."
    assert v.check_phone("") is None


@given(st.integers(100_000_000, 999_999_999), st.sampled_from(["0", "+31", "0031", "+31 (0)"]))
def test_dutch_numbers_in_any_notation_normalise_the_same(rest: int, lead: str) -> None:
    assert v.validate_phone(f"{lead}{rest}") == f"0{rest}"


# --- Dates -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("23-11-2026", dt.date(2026, 11, 23)),
        ("2026-11-23", dt.date(2026, 11, 23)),
        ("1-2-2026", dt.date(2026, 2, 1)),
        ("01/02/2026", dt.date(2026, 2, 1)),
        ("1.2.2026", dt.date(2026, 2, 1)),
        (" 29-02-2028 ", dt.date(2028, 2, 29)),
    ],
)
def test_dates_parse_dutch_and_iso(typed: str, expected: dt.date) -> None:
    assert v.parse_date(typed) == expected


def test_parse_date_passes_dates_through() -> None:
    assert v.parse_date(dt.date(2026, 1, 2)) == dt.date(2026, 1, 2)
    assert v.parse_date(dt.datetime(2026, 1, 2, 13, 5)) == dt.date(2026, 1, 2)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Vul een datum in."),
        ("23-11-26", "Schrijf de datum als dd-mm-jjjj, bijvoorbeeld 23-11-2026."),
        ("23 november 2026", "Schrijf de datum als dd-mm-jjjj, bijvoorbeeld 23-11-2026."),
        ("2026/11/23", "Schrijf de datum als dd-mm-jjjj, bijvoorbeeld 23-11-2026."),
        ("31-02-2026", "Deze datum bestaat niet; controleer dag en maand."),
        ("29-02-2027", "Deze datum bestaat niet; controleer dag en maand."),
        ("2026-13-01", "Deze datum bestaat niet; controleer dag en maand."),
    ],
)
def test_unreadable_dates(typed: str, message: str) -> None:
    error = raises_message(v.parse_date, typed)
    assert (error.message, error.field) == (message, "date")


def test_birth_date_rules() -> None:
    assert v.validate_birth_date("15-03-2026", today=TODAY) == TODAY
    assert v.validate_birth_date("01-01-1900", today=TODAY) == dt.date(1900, 1, 1)
    future = raises_message(v.validate_birth_date, "16-03-2026", today=TODAY)
    assert future.message == "Een geboortedatum kan niet in de toekomst liggen."
    assert future.field == "birth_date"
    old = raises_message(v.validate_birth_date, "31-12-1899", today=TODAY)
    assert old.message == "Een geboortedatum vóór 1900 is niet aannemelijk."
    assert v.check_birth_date("16-03-2026", today=TODAY) == future.message
    assert v.check_birth_date("", today=TODAY) is None
    assert v.check_birth_date("", today=TODAY, required=True) == "Vul een datum in."


def test_event_date_rules() -> None:
    assert v.validate_event_date("15-03-2028", today=TODAY) == dt.date(2028, 3, 15)
    too_far = raises_message(v.validate_event_date, "16-03-2028", today=TODAY)
    assert too_far.message == (
        "Deze datum ligt te ver in de toekomst; de uiterste datum is 15-03-2028."
    )
    assert v.validate_event_date("2000-01-01", today=TODAY) == dt.date(2000, 1, 1)
    old = raises_message(v.validate_event_date, "1899-12-31", today=TODAY)
    assert old.message == "Een datum vóór 1900 is niet aannemelijk."
    assert v.check_event_date("16-03-2027", today=TODAY, max_years_ahead=1) is not None
    assert v.check_event_date("15-03-2027", today=TODAY, max_years_ahead=1) is None


def test_event_span_from_a_leap_day() -> None:
    leap_day = dt.date(2028, 2, 29)
    assert v.validate_event_date("28-02-2029", today=leap_day, max_years_ahead=1)
    assert v.check_event_date("01-03-2029", today=leap_day, max_years_ahead=1) is not None


@given(st.dates(dt.date(1900, 1, 1), dt.date(9999, 12, 31)))
def test_both_notations_parse_back(date: dt.date) -> None:
    assert v.parse_date(date.strftime("%d-%m-%Y")) == date
    assert v.parse_date(date.isoformat()) == date


def test_check_date() -> None:
    assert v.check_date("23-11-2026") is None
    assert v.check_date("") is None
    assert v.check_date("morgen") == "Schrijf de datum als dd-mm-jjjj, bijvoorbeeld 23-11-2026."
