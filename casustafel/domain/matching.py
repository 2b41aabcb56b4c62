"""Comparing a typed or imported subject with the known subject it matches: one rule.

A match is found by BSN, by name and birth date, by postcode and house number (an
address) or by name (an organisation); see `db.repositories.subjects.find_match`. This
module says what the match means:

- a **conflict** when a BSN belongs to a known person whose name or birth date differs
  from what was typed (both filled in): never linked silently, the user must choose the
  known person or correct the input;
- otherwise the match is **exact**, and `differing` lists typed fields that differ from the
  known ones (a new phone number, another street spelling): the user may take them over.

Field names are the form's field names (`surname`, `birth_date`, `postcode`, ...), so a
refusal can point at the field, and an import report can name them without values.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum

from .model import NewSubject, Subject, SubjectKind

__all__ = [
    "FIELD_LABELS",
    "IDENTITY_FIELDS",
    "MatchBasis",
    "SubjectMatch",
    "compare",
    "conflicting_fields",
    "field_value",
]

# What makes a person this person; a difference here after a BSN match is a conflict.
IDENTITY_FIELDS = ("surname", "prefix", "given_names", "birth_date")
PERSON_FIELDS = ("given_names", "prefix", "surname", "birth_date", "bsn", "phone")
ADDRESS_FIELDS = ("street", "house_number", "postcode", "city")

FIELD_LABELS = {
    "given_names": "voornamen",
    "prefix": "tussenvoegsel",
    "surname": "achternaam",
    "birth_date": "geboortedatum",
    "bsn": "bsn",
    "phone": "telefoon",
    "street": "straat",
    "house_number": "huisnummer",
    "postcode": "postcode",
    "city": "woonplaats",
    "organisation_name": "organisatie",
}


class MatchBasis(Enum):
    BSN = "bsn"
    NAME_AND_BIRTH_DATE = "name_birth_date"
    ADDRESS = "address"
    ORGANISATION = "organisation"


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def _same_surname(prefix_a: str, surname_a: str, prefix_b: str, surname_b: str) -> bool:
    """Equal with prefixes; or equal surnames where one side left the prefix out."""
    if _fold(f"{prefix_a} {surname_a}") == _fold(f"{prefix_b} {surname_b}"):
        return True
    return (not prefix_a or not prefix_b) and _fold(surname_a) == _fold(surname_b)


def _initials(names: str) -> str:
    return "".join(part[0] for part in names.replace(".", " ").split())


def _same_given_names(a: str, b: str) -> bool:
    """Equal, or one written as the other's initials ("J.P." for "Jan Pieter")."""
    if _fold(a) == _fold(b):
        return True
    short = [p for p in (a, b) if all(len(t) == 1 for t in p.replace(".", " ").split())]
    return bool(short) and _initials(_fold(a)) == _initials(_fold(b))


def field_value(subject: NewSubject | Subject, name: str) -> str:
    """One field of a subject as text (dates as dd-mm-jjjj), for comparing and showing."""
    if name == "organisation_name":
        return subject.organisation_name
    source: object = subject.address if name in ADDRESS_FIELDS else subject.person
    value = getattr(source, name, "")
    if isinstance(value, dt.date):
        return value.strftime("%d-%m-%Y")
    return str(value or "")


def conflicting_fields(typed: NewSubject, known: Subject) -> tuple[str, ...]:
    """Identity fields filled in on both sides that differ (persons only)."""
    if typed.kind is not SubjectKind.PERSOON or known.kind is not SubjectKind.PERSOON:
        return ()
    a, b = typed.person, known.person
    found: list[str] = []
    if a.surname and b.surname and not _same_surname(a.prefix, a.surname, b.prefix, b.surname):
        found.append("surname")
    if a.given_names and b.given_names and not _same_given_names(a.given_names, b.given_names):
        found.append("given_names")
    if a.birth_date and b.birth_date and a.birth_date != b.birth_date:
        found.append("birth_date")
    return tuple(found)


def _differing(typed: NewSubject, known: Subject) -> tuple[str, ...]:
    if typed.kind is SubjectKind.ORGANISATIE:
        names: tuple[str, ...] = ("organisation_name", *ADDRESS_FIELDS)
    elif typed.kind is SubjectKind.ADRES:
        names = ADDRESS_FIELDS
    else:
        names = PERSON_FIELDS + ADDRESS_FIELDS
    found = []
    for name in names:
        mine, theirs = field_value(typed, name), field_value(known, name)
        if mine and _fold(mine) != _fold(theirs):
            found.append(name)
    return tuple(found)


@dataclass(frozen=True, slots=True)
class SubjectMatch:
    """A typed subject (position `index` in the input) and the known subject it matches."""

    index: int
    typed: NewSubject
    known: Subject
    basis: MatchBasis
    conflicts: tuple[str, ...]  # identity fields that differ: never link without a choice
    differing: tuple[str, ...]  # typed fields that differ from the known (may be taken over)

    @property
    def is_conflict(self) -> bool:
        return bool(self.conflicts)

    @property
    def is_exact(self) -> bool:
        """Nothing typed differs from the known subject."""
        return not self.conflicts and not self.differing


def basis_of(typed: NewSubject, known: Subject) -> MatchBasis:
    if typed.kind is SubjectKind.ORGANISATIE:
        return MatchBasis.ORGANISATION
    if typed.kind is SubjectKind.ADRES:
        return MatchBasis.ADDRESS
    if typed.person.bsn and typed.person.bsn == known.person.bsn:
        return MatchBasis.BSN
    return MatchBasis.NAME_AND_BIRTH_DATE


def compare(index: int, typed: NewSubject, known: Subject) -> SubjectMatch:
    """What the match of `typed` (normalised) with `known` means."""
    return SubjectMatch(
        index=index,
        typed=typed,
        known=known,
        basis=basis_of(typed, known),
        conflicts=conflicting_fields(typed, known),
        differing=_differing(typed, known),
    )
