"""Subjects: validate what was entered, and match it to an existing person or address.

A person is the same person when the BSN is the same, or (without a conflicting BSN)
when surname, prefix, given names and date of birth are the same, ignoring case and
spacing. An address subject is the same address when postcode and house number are the
same. An organisation is the same when its name is. Matching fills fields the stored
subject lacks and never overwrites what is there.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from casustafel.domain import validation
from casustafel.domain.model import Address, NewSubject, Person, SubjectKind
from casustafel.errors import ValidationError
from casustafel.i18n import _

from .. import models

_PERSON_FIELDS = ("surname", "prefix", "given_names", "birth_date", "bsn", "phone")
_ADDRESS_FIELDS = ("street", "house_number", "postcode", "city")


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def normalise_subject(subject: NewSubject, *, today: dt.date | None = None) -> NewSubject:
    """Validate and normalise the entered fields (BSN, postcode, house number, phone, dates).

    Raises:
        ValidationError: one Dutch message naming the field (`bsn`, `postcode`, ...).
    """
    person = subject.person
    address = subject.address
    if subject.kind is SubjectKind.PERSOON:
        if not (person.surname.strip() or person.bsn.strip()):
            raise ValidationError(_("Vul de achternaam of het BSN in."), field="surname")
        person = Person(
            surname=" ".join(person.surname.split()),
            prefix=" ".join(person.prefix.split()),
            given_names=" ".join(person.given_names.split()),
            birth_date=(
                validation.validate_birth_date(person.birth_date, today=today)
                if person.birth_date
                else None
            ),
            bsn=validation.validate_bsn(person.bsn) if person.bsn.strip() else "",
            phone=validation.validate_phone(person.phone) if person.phone.strip() else "",
        )
    elif subject.kind is SubjectKind.ORGANISATIE and not subject.organisation_name.strip():
        raise ValidationError(_("Vul de naam van de organisatie in."), field="organisation_name")
    if subject.kind is SubjectKind.ADRES and not (
        address.postcode.strip() and address.house_number.strip()
    ):
        raise ValidationError(
            _("Een adres heeft een postcode en een huisnummer."),
            field="postcode" if not address.postcode.strip() else "house_number",
        )
    address = Address(
        street=" ".join(address.street.split()),
        house_number=(
            validation.validate_house_number(address.house_number)
            if address.house_number.strip()
            else ""
        ),
        postcode=validation.validate_postcode(address.postcode) if address.postcode.strip() else "",
        city=" ".join(address.city.split()),
    )
    return NewSubject(
        kind=subject.kind,
        role=subject.role,
        person=person,
        address=address,
        organisation_name=" ".join(subject.organisation_name.split()),
    )


def _same_name(row: models.Subject, person: Person) -> bool:
    return _fold(f"{row.prefix} {row.surname}") == _fold(
        f"{person.prefix} {person.surname}"
    ) and _fold(row.given_names) == _fold(person.given_names)


def find_match(session: Session, subject: NewSubject) -> models.Subject | None:
    """The stored subject that `subject` (already normalised) is the same as, if any."""
    kind = subject.kind.value
    if subject.kind is SubjectKind.PERSOON:
        person = subject.person
        if person.bsn:
            by_bsn = session.scalars(
                select(models.Subject).where(
                    models.Subject.kind == kind, models.Subject.bsn == person.bsn
                )
            ).first()
            if by_bsn is not None:
                return by_bsn
        if person.birth_date is None or not person.surname:
            return None
        candidates = session.scalars(
            select(models.Subject).where(
                models.Subject.kind == kind, models.Subject.birth_date == person.birth_date
            )
        )
        for row in candidates:
            # A different BSN on record means a different person with the same name.
            if _same_name(row, person) and not (row.bsn and person.bsn and row.bsn != person.bsn):
                return row
        return None
    if subject.kind is SubjectKind.ADRES:
        address = subject.address
        return session.scalars(
            select(models.Subject).where(
                models.Subject.kind == kind,
                models.Subject.postcode == address.postcode,
                models.Subject.house_number == address.house_number,
            )
        ).first()
    name = _fold(subject.organisation_name)
    for row in session.scalars(select(models.Subject).where(models.Subject.kind == kind)):
        if _fold(row.organisation_name) == name:
            return row
    return None


def new_row(subject: NewSubject, now: dt.datetime) -> models.Subject:
    """A fresh subject row (not yet added to the session)."""
    p, a = subject.person, subject.address
    return models.Subject(
        kind=subject.kind.value,
        surname=p.surname,
        prefix=p.prefix,
        given_names=p.given_names,
        birth_date=p.birth_date,
        bsn=p.bsn,
        phone=p.phone,
        street=a.street,
        house_number=a.house_number,
        postcode=a.postcode,
        city=a.city,
        organisation_name=subject.organisation_name,
        created_at=now,
        updated_at=now,
    )


def _fill_blanks(row: models.Subject, subject: NewSubject, now: dt.datetime) -> None:
    changed = False
    for name in _PERSON_FIELDS:
        if not getattr(row, name) and getattr(subject.person, name):
            setattr(row, name, getattr(subject.person, name))
            changed = True
    # An address is taken over only as a whole, never mixed with another one.
    if not (row.postcode or row.street) and (subject.address.postcode or subject.address.street):
        for name in _ADDRESS_FIELDS:
            setattr(row, name, getattr(subject.address, name))
        changed = True
    if changed:
        row.updated_at = now


def find_or_create(
    session: Session, subject: NewSubject, now: dt.datetime
) -> tuple[models.Subject, bool]:
    """The stored subject matching `subject` (normalised), or a new one; True when new."""
    row = find_match(session, subject)
    if row is not None:
        _fill_blanks(row, subject, now)
        return row, False
    row = new_row(subject, now)
    session.add(row)
    session.flush()
    return row, True
