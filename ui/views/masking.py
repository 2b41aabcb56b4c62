"""Presentation-mode masking of free text: names and addresses a note or reason happens to hold.

Structured fields are masked by `AppSession.show`. Free text (a reason, a note, a signal's
description) may mention the very people of the case; while the screen is projected,
every known name of the case's subjects becomes its initials and every known BSN, birth
date, address and phone number becomes "•••".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from casustafel.domain.model import CaseSubject, Subject, SubjectKind
from casustafel.domain.names import format_date, format_date_long, person_initials
from casustafel.ui.session import HIDDEN, AppSession

__all__ = ["make_masker"]

MIN_WORD = 3  # shorter name parts ("de", "Bo") would mask ordinary words


def _replacements(subject: Subject) -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    person = subject.person
    if subject.kind is SubjectKind.PERSOON:
        label = person_initials(person) or HIDDEN
        full = subject.display_name
        surname = " ".join(p for p in (person.prefix, person.surname) if p)
        for text in (full, surname, person.surname, person.given_names):
            pairs.append((text, label))
        pairs.extend((part, label) for part in person.given_names.split())
        if person.bsn:
            pairs.append((person.bsn, HIDDEN))
        if person.birth_date:
            pairs.append((format_date(person.birth_date), HIDDEN))
            pairs.append((format_date_long(person.birth_date), HIDDEN))
        if person.phone:
            pairs.append((person.phone, HIDDEN))
    address = subject.address
    if address.street:
        pairs.append((f"{address.street} {address.house_number}".strip(), HIDDEN))
        pairs.append((address.street, HIDDEN))
    if address.postcode:
        pairs.append((address.postcode, HIDDEN))
        pairs.append((address.postcode.replace(" ", ""), HIDDEN))
    return [(text, new) for text, new in pairs if len(text.strip()) >= MIN_WORD]


def make_masker(session: AppSession, subjects: Iterable[CaseSubject]) -> Callable[[str], str]:
    """Return a function that masks the subjects' data in free text while presenting.

    Outside presentation mode the function returns the text unchanged; the check is
    made on every call, so one masker serves both modes.
    """
    pairs: dict[str, str] = {}
    for case_subject in subjects:
        for text, new in _replacements(case_subject.subject):
            pairs.setdefault(text.casefold(), new)
    if not pairs:
        return lambda text: text
    # Longest first, so "Jan Pieter de Vries" is replaced whole before "Vries".
    ordered = sorted(pairs, key=len, reverse=True)
    pattern = re.compile(
        "|".join(rf"(?<!\w){re.escape(text)}(?!\w)" for text in ordered), re.IGNORECASE
    )

    def mask(text: str) -> str:
        if not session.presentation_mode or not text:
            return text
        return pattern.sub(lambda m: pairs[m.group(0).casefold()], text)

    return mask
