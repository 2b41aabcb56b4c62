"""Tests for Dutch name handling (prefixes, initials, labels, sorting) and date text."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casustafel.domain import names as n
from casustafel.domain.model import Person
from casustafel.domain.validation import parse_date


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("de Vries", ("de", "Vries")),
        ("De Vries", ("De", "Vries")),
        ("van der Berg", ("van der", "Berg")),
        ("van 't Hek", ("van 't", "Hek")),
        ("van ’t Hek", ("van ’t", "Hek")),
        ("ter Horst", ("ter", "Horst")),
        ("in 't Veld", ("in 't", "Veld")),
        ("d'Ancona", ("d'", "Ancona")),
        ("D'Hondt", ("", "D'Hondt")),
        ("Jansen", ("", "Jansen")),
        ("Jansen-de Vries", ("", "Jansen-de Vries")),
        ("van den Bosch-de Jong", ("van den", "Bosch-de Jong")),
        ("De", ("", "De")),
        ("van der", ("van", "der")),
        ("", ("", "")),
    ],
)
def test_split_surname(typed: str, expected: tuple[str, str]) -> None:
    assert n.split_surname(typed) == expected


def test_register_order_puts_de_vries_under_v() -> None:
    people = ["de Vries", "Vermeulen", "van der Berg", "Bakker", "Visser", "ter Horst"]
    assert sorted(people, key=n.surname_sort_key) == [
        "Bakker",
        "van der Berg",
        "ter Horst",
        "Vermeulen",
        "Visser",
        "de Vries",
    ]


def test_sort_key_ignores_case_and_accents_and_uses_given_names_next() -> None:
    assert n.surname_sort_key("Ëlzinga") == n.surname_sort_key("elzinga")
    assert n.surname_sort_key("Vries", "de", "Anna") < n.surname_sort_key("de Vries", "", "Jan")
    assert n.surname_sort_key("Jansen-de Vries") == n.surname_sort_key("Jansen de Vries")


def test_person_sort_key_with_the_prefix_stored_apart() -> None:
    a = Person(surname="Vries", prefix="de", given_names="Jan")
    b = Person(surname="Vos", given_names="Piet")
    assert sorted([a, b], key=n.person_sort_key) == [b, a]


@pytest.mark.slow
@given(st.sampled_from(sorted(n.PREFIX_WORDS)), st.from_regex(r"[A-Z][a-z]{1,10}", fullmatch=True))
def test_prefix_never_changes_the_sort_position(prefix: str, surname: str) -> None:
    assert n.surname_sort_key(f"{prefix} {surname}")[0] == n.surname_sort_key(surname)[0]


def test_register_name() -> None:
    assert n.format_register_name(Person(surname="Vries", prefix="de", given_names="Jan")) == (
        "Vries, Jan de"
    )
    assert n.format_register_name(Person(surname="van der Berg", given_names="P.")) == (
        "Berg, P. van der"
    )
    assert n.format_register_name(Person(surname="Bakker")) == "Bakker"


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("Jan Pieter", "J.P."),
        ("J.P.", "J.P."),
        ("j p", "J.P."),
        ("Jan-Willem", "J.W."),
        ("IJsbrand", "IJ."),
        ("Ijsbrand", "IJ."),
        ("Émile", "É."),
        ("", ""),
    ],
)
def test_initials(given: str, expected: str) -> None:
    assert n.initials(given) == expected


@pytest.mark.parametrize(
    ("person", "expected"),
    [
        (Person(given_names="Jan Pieter", prefix="de", surname="Vries"), "J.d.V."),
        (Person(given_names="Jan Pieter", surname="de Vries"), "J.d.V."),
        (Person(given_names="Anna", surname="Jansen-van Dijk"), "A.J.v.D."),
        (Person(given_names="Kees", prefix="van der", surname="Berg"), "K.v.d.B."),
        (Person(given_names="IJsbrand", surname="IJzerman"), "IJ.IJ."),
        (Person(given_names="Piet", surname="De"), "P.D."),
        (Person(surname="Bakker"), "B."),
        (Person(given_names="Mo"), "M."),
        (Person(), ""),
    ],
)
def test_person_initials(person: Person, expected: str) -> None:
    assert n.person_initials(person) == expected


JAN = Person(given_names="Jan Pieter", prefix="de", surname="Vries")
MIA = Person(given_names="Mia", surname="Bakker")
KEES = Person(given_names="Kees", surname="Smit")


@pytest.mark.parametrize(
    ("persons", "area", "expected"),
    [
        ([JAN], "Emmerhout", "J.d.V. (Emmerhout)"),
        ([JAN, MIA], "Emmerhout", "J.d.V. / M.B. (Emmerhout)"),
        ([JAN, MIA, KEES], "Angelslo", "J.d.V. / M.B. +1 (Angelslo)"),
        ([JAN], "", "J.d.V."),
        ([], "Bargeres", "Bargeres"),
        ([Person()], " Bargeres ", "Bargeres"),
        ([], "", ""),
    ],
)
def test_case_label(persons: list[Person], area: str, expected: str) -> None:
    assert n.case_label(persons, area) == expected


def test_case_label_never_holds_a_full_name() -> None:
    label = n.case_label([JAN, MIA], "Emmerhout")
    for part in ("Jan", "Pieter", "Vries", "Mia", "Bakker"):
        assert part not in label


# --- Dates -------------------------------------------------------------------------------


def test_dutch_date_formats() -> None:
    day = dt.date(2026, 11, 23)
    assert n.format_date(day) == "23-11-2026"
    assert n.format_date(dt.date(2026, 3, 5)) == "05-03-2026"
    assert n.format_date_long(day) == "23 november 2026"
    assert n.format_date_long(dt.date(2026, 3, 5)) == "5 maart 2026"
    assert n.format_date_long(day, weekday=True) == "maandag 23 november 2026"
    assert n.format_date_short(day) == "23 nov 2026"
    assert n.format_date_short(dt.date(2026, 3, 1), weekday=True) == "zo 1 mrt 2026"
    assert n.format_month(2026, 5) == "mei 2026"
    assert n.format_datetime(dt.datetime(2026, 11, 23, 9, 5)) == "23-11-2026 09:05"


def test_month_and_weekday_names() -> None:
    assert [n.month_name(m) for m in (1, 3, 5, 7, 8, 10, 12)] == [
        "januari",
        "maart",
        "mei",
        "juli",
        "augustus",
        "oktober",
        "december",
    ]
    assert n.weekday_name(dt.date(2026, 11, 28)) == "zaterdag"
    assert n.weekday_names()[0] == "maandag"
    assert len(set(n.month_abbreviations())) == 12
    with pytest.raises(ValueError):
        n.month_name(13)


@given(st.dates(dt.date(1900, 1, 1), dt.date(2999, 12, 31)))
def test_short_format_reads_back_with_the_validator(day: dt.date) -> None:
    assert parse_date(n.format_date(day)) == day
    assert n.format_date_long(day).split()[1] in n.month_names()
