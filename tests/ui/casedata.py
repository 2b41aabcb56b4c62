"""Realistic case data for the case-screen tests: registered through the real services."""

from __future__ import annotations

import datetime as dt

from casustafel.db.vault import Vault
from casustafel.domain.model import (
    Address,
    NewCase,
    NewSubject,
    Person,
    SubjectKind,
    SubjectRole,
    TableCode,
    Tenure,
)
from casustafel.services.cases import register_case

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
    return register_case(
        vault,
        NewCase(
            table=TableCode.WO,
            registered_on=registered_on or dt.date.today() - dt.timedelta(days=40),
            area=area,
            tenure=tenure,
            lead_partner="gemeente",
            brought_in_by="politie",
            summary="Geluidsoverlast in de nacht, klachten van buren.",
            subjects=(person_subject(),) if subjects is None else subjects,
            reason="Meerdere meldingen van buren",
        ),
    )


def add_many_cases(vault: Vault, count: int, table: TableCode = TableCode.WO) -> list[int]:
    """Register `count` cases with different people and addresses."""
    surnames = [("", "Jansen"), ("van der", "Berg"), ("", "Bakker"), ("de", "Boer"), ("", "Smit")]
    areas = ["Emmerhout", "Angelslo", "Bargeres", "Emmermeer", "Klazienaveen"]
    ids = []
    for i in range(count):
        prefix, surname = surnames[i % len(surnames)]
        person = Person(surname=surname, prefix=prefix, given_names=f"Kees{i}")
        address = Address(
            street="Kerkstraat", house_number=str(i + 1), postcode="7811 AB", city="Emmen"
        )
        ids.append(
            register_case(
                vault,
                NewCase(
                    table=table,
                    registered_on=dt.date.today() - dt.timedelta(days=i),
                    area=areas[i % len(areas)],
                    subjects=(person_subject(person, address),),
                ),
            )
        )
    return ids
