"""Subjects: validate what was entered, and match it to an existing person or address.

A person is the same person when the BSN is the same, or (without a conflicting BSN)
when surname, prefix, given names and date of birth are the same, ignoring case and
spacing. An address subject is the same address when postcode and house number are the
same. An organisation is the same when its name is. Matching fills fields the stored
subject lacks and never overwrites what is there.

A BSN that belongs to a stored person with another name or birth date is a conflict
(`casustafel.domain.matching`): `find_or_create` refuses it with `SubjectConflictError`
instead of linking. A subject the user chose after seeing the match (`known_id`) is
linked as chosen, taking over the fields named in `take_over`; `new_person` makes a new
person although name and birth date match (never when the BSN is known).
"""

from __future__ import annotations

import datetime as dt
import string
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from casustafel.domain import validation
from casustafel.domain.matching import ADDRESS_FIELDS as _TAKEABLE_ADDRESS
from casustafel.domain.matching import FIELD_LABELS, conflicting_fields
from casustafel.domain.model import Address, NewSubject, Person, SubjectKind
from casustafel.errors import NotFoundError, SubjectConflictError, ValidationError
from casustafel.i18n import _

from .. import models
from .convert import to_subject

_PERSON_FIELDS = ("surname", "prefix", "given_names", "birth_date", "bsn", "phone")
_ADDRESS_FIELDS = ("street", "house_number", "postcode", "city")


_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


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
        known_id=subject.known_id,
        take_over=subject.take_over,
        new_person=subject.new_person,
    )


def conflict_error(fields: tuple[str, ...]) -> SubjectConflictError:
    """The refusal of a BSN conflict, naming the differing fields (never their values)."""
    names = ", ".join(FIELD_LABELS.get(f, f) for f in fields)
    return SubjectConflictError(
        _(
            "Dit BSN hoort bij een bekende betrokkene met een andere {fields}. Kies de "
            "bekende persoon of verbeter de invoer."
        ).format(fields=names),
        fields,
    )


def _same_name(row: models.Subject, person: Person) -> bool:
    return _fold(f"{row.prefix} {row.surname}") == _fold(
        f"{person.prefix} {person.surname}"
    ) and _fold(row.given_names) == _fold(person.given_names)


def find_match(session: Session, subject: NewSubject) -> models.Subject | None:
    """The stored subject that `subject` (already normalised) is the same as, if any.

    A BSN match is returned even when it conflicts (see `conflicting_fields`).
    """
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
        if person.birth_date is None or not person.surname or subject.new_person:
            return None
        # Narrowed in SQL by birth date and surname (SQL lower() folds ASCII only, so the
        # same folding is applied here); the exact comparison follows in Python.
        candidates = session.scalars(
            select(models.Subject).where(
                models.Subject.kind == kind,
                models.Subject.birth_date == person.birth_date,
                func.lower(models.Subject.surname) == person.surname.translate(_ASCII_LOWER),
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


def subject_columns(subject: NewSubject, now: dt.datetime) -> dict[str, Any]:
    """The column values of a new subject row (without its id): one place for the mapping.

    Used for a single row here and for the demo's bulk inserts, which assign ids themselves.
    """
    p, a = subject.person, subject.address
    return {
        "kind": subject.kind.value,
        "surname": p.surname,
        "prefix": p.prefix,
        "given_names": p.given_names,
        "birth_date": p.birth_date,
        "bsn": p.bsn,
        "phone": p.phone,
        "street": a.street,
        "house_number": a.house_number,
        "postcode": a.postcode,
        "city": a.city,
        "organisation_name": subject.organisation_name,
        "created_at": now,
        "updated_at": now,
    }


def new_row(subject: NewSubject, now: dt.datetime) -> models.Subject:
    """A fresh subject row (not yet added to the session)."""
    return models.Subject(**subject_columns(subject, now))


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


def _take_over(row: models.Subject, subject: NewSubject, now: dt.datetime) -> None:
    """Overwrite the fields the user chose to take over from what was typed."""
    for name in subject.take_over:
        if name in _PERSON_FIELDS:
            setattr(row, name, getattr(subject.person, name))
        elif name in _TAKEABLE_ADDRESS:
            setattr(row, name, getattr(subject.address, name))
        elif name == "organisation_name":
            row.organisation_name = subject.organisation_name
    if subject.take_over:
        row.updated_at = now


def chosen_row(session: Session, subject: NewSubject, now: dt.datetime) -> models.Subject:
    """The known subject the user chose (`known_id`), with the chosen fields taken over."""
    row = session.get(models.Subject, subject.known_id)
    if row is None or row.kind != subject.kind.value:
        raise NotFoundError(_("De gekozen betrokkene bestaat niet (meer)."))
    _take_over(row, subject, now)
    _fill_blanks(row, subject, now)
    return row


def checked_match(row: models.Subject | None, subject: NewSubject) -> models.Subject | None:
    """`row` when linking it is safe; raises on a BSN conflict or a BSN for a new person."""
    if row is None:
        return None
    conflicts = conflicting_fields(subject, to_subject(row))
    if conflicts:
        raise conflict_error(conflicts)
    if subject.new_person and subject.person.bsn and row.bsn == subject.person.bsn:
        raise ValidationError(
            _("Dit BSN is al bekend bij een betrokkene; kies die persoon."), field="bsn"
        )
    return row


def find_or_create(
    session: Session, subject: NewSubject, now: dt.datetime
) -> tuple[models.Subject, bool]:
    """The stored subject matching `subject` (normalised), or a new one; True when new.

    Raises:
        SubjectConflictError: the BSN belongs to someone with another name or birth date.
    """
    if subject.known_id is not None:
        return chosen_row(session, subject, now), False
    row = checked_match(find_match(session, subject), subject)
    if row is not None:
        _fill_blanks(row, subject, now)
        return row, False
    row = new_row(subject, now)
    session.add(row)
    session.flush()
    return row, True


class SubjectMatcher:
    """The same matching as `find_match`, from one read of all subjects, for bulk intake.

    An import of thousands of rows would otherwise scan the subjects table once per row.
    New subjects made through the matcher are added to its maps, so later rows of the
    same import find them.
    """

    def __init__(self, session: Session) -> None:
        self.session = session
        self._bsn: dict[str, int] = {}
        self._name: dict[tuple[str, str, dt.date], list[tuple[int, str]]] = {}
        self._place: dict[tuple[str, str], int] = {}
        self._org: dict[str, int] = {}
        columns = (
            models.Subject.id, models.Subject.kind, models.Subject.bsn, models.Subject.surname,
            models.Subject.prefix, models.Subject.given_names, models.Subject.birth_date,
            models.Subject.postcode, models.Subject.house_number,
            models.Subject.organisation_name,
        )  # fmt: skip
        for row in session.execute(select(*columns).order_by(models.Subject.id)):
            self._remember(
                row.id, SubjectKind(row.kind), row.bsn, row.surname, row.prefix,
                row.given_names, row.birth_date, row.postcode, row.house_number,
                row.organisation_name,
            )  # fmt: skip

    def _remember(
        self, subject_id: int, kind: SubjectKind, bsn: str, surname: str, prefix: str,
        given: str, birth: dt.date | None, postcode: str, number: str, organisation: str,
    ) -> None:  # fmt: skip
        # setdefault: the first (oldest) stored subject wins, as `find_match`'s .first() does.
        if kind is SubjectKind.PERSOON:
            if bsn:
                self._bsn.setdefault(bsn, subject_id)
            if birth is not None:
                key = (_fold(f"{prefix} {surname}"), _fold(given), birth)
                self._name.setdefault(key, []).append((subject_id, bsn))
        elif kind is SubjectKind.ADRES:
            self._place.setdefault((postcode, number), subject_id)
        else:
            self._org.setdefault(_fold(organisation), subject_id)

    def _match(self, subject: NewSubject) -> int | None:
        p = subject.person
        if subject.kind is SubjectKind.PERSOON:
            if p.bsn and p.bsn in self._bsn:
                return self._bsn[p.bsn]
            if p.birth_date is None or not p.surname or subject.new_person:
                return None
            key = (_fold(f"{p.prefix} {p.surname}"), _fold(p.given_names), p.birth_date)
            for subject_id, bsn in self._name.get(key, []):
                if not (bsn and p.bsn and bsn != p.bsn):
                    return subject_id
            return None
        if subject.kind is SubjectKind.ADRES:
            return self._place.get((subject.address.postcode, subject.address.house_number))
        return self._org.get(_fold(subject.organisation_name))

    def match_id(self, subject: NewSubject) -> int | None:
        """The id of the stored subject `subject` (normalised) matches, without linking."""
        return self._match(subject)

    def find_or_create(self, subject: NewSubject, now: dt.datetime) -> tuple[models.Subject, bool]:
        """Like the module's `find_or_create`, without a query per subject.

        Raises:
            SubjectConflictError: as `find_or_create` (nothing was changed).
        """
        if subject.known_id is not None:
            return chosen_row(self.session, subject, now), False
        subject_id = self._match(subject)
        if subject_id is not None:
            row = checked_match(self.session.get(models.Subject, subject_id), subject)
            if row is not None:
                had_bsn = row.bsn
                _fill_blanks(row, subject, now)
                if row.bsn and not had_bsn:
                    self._bsn.setdefault(row.bsn, row.id)
                return row, False
        row = new_row(subject, now)
        self.session.add(row)
        self.session.flush()
        p, a = subject.person, subject.address
        self._remember(
            row.id, subject.kind, p.bsn, p.surname, p.prefix, p.given_names, p.birth_date,
            a.postcode, a.house_number, subject.organisation_name,
        )  # fmt: skip
        return row, True
