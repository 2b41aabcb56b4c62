"""Realistic case data for the case-screen tests: registered through the real services."""

from __future__ import annotations

import datetime as dt

from casustafel.db.vault import Vault
from casustafel.domain.model import (
    Address,
    NewSubject,
    Person,
    SubjectKind,
    SubjectRole,
    TableCode,
    Tenure,
)
from tests.builders import build_case, build_cases

# A valid BSN (elfproef) that appears in no real register list used here.
BSN = "111222333"
PERSON = Person(
    surname="Vries",
    prefix="de",
    given_names="Jan Pieter",
    birth_date=dt.date(1978, 3, 14),
    bsn=BSN,
    phone="0612345678",
)
ADDRESS = Address(street="Houtweg", house_number="12", postcode="7823 PA", city="Emmen")


def person_subject(
    person: Person = PERSON,
    address: Address = ADDRESS,
    role: SubjectRole = SubjectRole.VEROORZAKER,
) -> NewSubject:
    return NewSubject(kind=SubjectKind.PERSOON, role=role, person=person, address=address)


def add_wo_case(
    vault: Vault,
    *,
    area: str = "Emmerhout",
    tenure: Tenure = Tenure.HUUR,
    subjects: tuple[NewSubject, ...] | None = None,
    registered_on: dt.date | None = None,
) -> int:
    """Register a woonoverlast case with Jan Pieter de Vries as veroorzaker; return its id."""
    return build_case(
        vault,
        *((person_subject(),) if subjects is None else subjects),
        registered_on=registered_on or dt.date.today() - dt.timedelta(days=40),
        area=area,
        tenure=tenure,
        brought_in_by="politie",
        summary="Geluidsoverlast in de nacht, klachten van buren.",
        reason="Meerdere meldingen van buren",
    )


def add_many_cases(vault: Vault, count: int, table: TableCode = TableCode.WO) -> list[int]:
    """Register `count` cases with different people and addresses."""
    return build_cases(vault, count, table)
