"""The one identifiers rule: the issue's examples are found, harmless texts pass.

Subject: Jan de Vries, Houtweg 12, 7811 AP, born 4 March 1980 (issue 13), plus a BSN and a
phone number. Each row is a text and the kind the rule must report for it, or None.
"""

from __future__ import annotations

import datetime as dt

import pytest

from casustafel.domain.identifiers import (
    IdentifierKind,
    IdentifierRule,
    find_identifiers,
    identity_from_line,
    identity_of,
)
from casustafel.domain.model import Address, Person, Subject, SubjectKind

JAN = Subject(
    id=1,
    kind=SubjectKind.PERSOON,
    person=Person(
        surname="Vries",
        prefix="de",
        given_names="Jan",
        birth_date=dt.date(1980, 3, 4),
        bsn="111222333",
        phone="0612345678",
    ),
    address=Address(street="Houtweg", house_number="12", postcode="7811 AP", city="Emmen"),
)
RULE = IdentifierRule([identity_of(JAN)])
K = IdentifierKind

FOUND = [
    ("Overlast bij 7811 AP?", K.POSTCODE),
    ("Overlast bij 7811AP?", K.POSTCODE),
    ("overlast bij 7811 ap", K.POSTCODE),
    ("Geboren 4 maart 1980?", K.GEBOORTEDATUM),
    ("Gesprek met Jan?", K.NAAM),
    ("Gesprek met jan de vries", K.NAAM),
    ("Vries weigert", K.NAAM),
    ("De Vries weigert", K.NAAM),
    ("J. de Vries weigert", K.INITIALEN),
    ("Huisbezoek Houtweg 12", K.ADRES),
    ("Huisbezoek Houtweg 12A", K.ADRES),
    ("Huisbezoek Houtweg 12-2", K.ADRES),
    ("Overlast aan de Houtweg", K.STRAAT),
    ("04-03-1980", K.GEBOORTEDATUM),
    ("4-3-1980", K.GEBOORTEDATUM),
    ("4 maart 1980", K.GEBOORTEDATUM),
    ("04031980", K.GEBOORTEDATUM),
    ("1980-03-04", K.GEBOORTEDATUM),
    ("4 mrt. 1980", K.GEBOORTEDATUM),
    ("BSN 111 222 333", K.BSN),
    ("BSN 1112.22.333", K.BSN),
    ("Bel 06-12345678", K.TELEFOON),
    ("Bel 06 123 456 78", K.TELEFOON),
    ("Bel +31 6 12345678", K.TELEFOON),
    ("Bel +31 (0)6 1234 5678", K.TELEFOON),
    # Identifying whoever they belong to.
    ("Melder woont op 9405 BC", K.POSTCODE),
    ("geb. 12-12-1990", K.GEBOORTEDATUM),
    ("geboren op 7 januari 1975", K.GEBOORTEDATUM),
    ("BSN 999999990 gecontroleerd", K.BSN),
    ("Mail naar iemand@example.nl", K.EMAIL),
]
HARMLESS = [
    "Overlast in de Houtwegbuurt",
    "Overlast in Veenoord: buurtbemiddeling?",
    "WO-2026-0042",
    "Zitting 2026-14 op 12-03-2026",
    "Volgende zitting 4 maart 2026",
    "J.d.V. (Emmerhout)",
    "Ik ben bereid om te bemiddelen",
    "Plan van aanpak vastgesteld in 2026 en geëvalueerd.",
    "Huisbezoek binnen 10 werkdagen, 3 partners aanwezig.",
    "Kenmerk Z-2026-1234",
    "Telefoonnummer 0591-123456 van het wijkteam",  # not the subject's, no generic phone rule
    "123456789",  # nine digits failing the elfproef
]


@pytest.mark.parametrize(("text", "kind"), FOUND)
def test_each_example_is_found_with_its_reason(text: str, kind: IdentifierKind) -> None:
    findings = RULE.find(text)
    assert [f.kind for f in findings] == [kind], text
    assert findings[0].reason  # a Dutch reason for the message
    masked = RULE.mask(text)
    assert masked != text and text[findings[0].start : findings[0].end] not in masked


@pytest.mark.parametrize("text", HARMLESS)
def test_harmless_texts_pass(text: str) -> None:
    assert RULE.find(text) == []
    assert RULE.mask(text) == text


def test_a_name_is_masked_by_initials_and_the_rest_by_dots() -> None:
    assert RULE.mask("Jan de Vries, Houtweg 12") == "J.d.V., •••"


def test_a_given_name_inside_a_place_name_is_not_a_mention() -> None:
    noor = identity_from_line("Noor Jansen", address="Esweg 3, 7811 AB Emmen")
    assert find_identifiers("Overlast in Veenoord en Nieuw-Weerdinge", [noor]) == []
    assert find_identifiers("Overlast aan de Eswegstraat", [noor]) == []
    assert [f.kind for f in find_identifiers("Gesprek met Noor", [noor])] == [K.NAAM]


def test_names_that_are_common_words_count_only_capitalised() -> None:
    ben = identity_from_line("Ben Bos")
    assert find_identifiers("Ik ben in het bos geweest", [ben]) == []
    assert [f.kind for f in find_identifiers("Gesprek met Ben", [ben])] == [K.NAAM]


def test_a_double_surname_is_found_by_each_part() -> None:
    anna = identity_of(
        Subject(2, SubjectKind.PERSOON, Person(surname="Jansen-van Dijk", given_names="Anna"))
    )
    for text in ("Jansen", "van Dijk", "Dijk", "Jansen-van Dijk", "A. Jansen-van Dijk"):
        assert find_identifiers(f"Gesprek met {text} gepland", [anna]), text
