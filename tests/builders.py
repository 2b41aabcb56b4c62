"""Shared builders for every test package: a case (or many) through the real services.

One home for "build a case": the helpers that test packages grew for themselves
(tests/services/helpers.make_case, tests/ui/casedata.add_wo_case and add_many_cases,
tests/reports/halfyear_helpers.canary_case, tests/ui/shell_helpers.seed_canary_case,
tests/services/sitting_fixtures.register, ...) keep their names and signatures and call
these. Cases are registered through the real use case (`register_case_in`), so numbering,
matching, statistics and the audit log are what the product makes; `build_cases` writes
many in one transaction, which is what makes it fast.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

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
from casustafel.services.cases import register_case_in

__all__ = ["build_case", "build_cases", "person_subject"]

REGISTERED = dt.date(2026, 1, 5)
_SURNAMES = [("", "Jansen"), ("van der", "Berg"), ("", "Bakker"), ("de", "Boer"), ("", "Smit")]
_AREAS = ["Emmerhout", "Angelslo", "Bargeres", "Emmermeer", "Klazienaveen"]


def person_subject(
    person: Person | None = None,
    address: Address | None = None,
    role: SubjectRole = SubjectRole.VEROORZAKER,
) -> NewSubject:
    """A person in a case (Jan de Vries, Hoofdstraat 12 in Emmen unless given)."""
    return NewSubject(
        kind=SubjectKind.PERSOON,
        role=role,
        person=person
        or Person(surname="Vries", prefix="de", given_names="Jan", birth_date=dt.date(1980, 1, 1)),
        address=address or Address("Hoofdstraat", "12", "7811 AP", "Emmen"),
    )


def _new_case(
    subjects: tuple[NewSubject, ...],
    *,
    table: TableCode = TableCode.WO,
    registered_on: dt.date = REGISTERED,
    area: str = "Emmerhout",
    tenure: Tenure = Tenure.HUUR,
    lead_partner: str = "gemeente",
    **extra: Any,
) -> NewCase:
    return NewCase(
        table=table,
        registered_on=registered_on,
        area=area,
        tenure=tenure,
        lead_partner=lead_partner,
        subjects=subjects,
        **extra,
    )


def build_case(vault: Vault, *subjects: NewSubject, **fields: Any) -> int:
    """Register one case (fields as `NewCase`, sensible defaults); return its id.

    Without subjects the case has none; pass `person_subject()` for the usual one.
    """
    with vault.unit_of_work() as tx:
        return register_case_in(tx, _new_case(subjects, **fields))


def build_cases(
    vault: Vault,
    count: int,
    table: TableCode = TableCode.WO,
    *,
    registered_on: dt.date | None = None,
) -> list[int]:
    """Register `count` cases with different people, homes and areas, in one transaction.

    Case i is registered `i` days before `registered_on` (default: today).
    """
    last = registered_on or dt.date.today()
    ids = []
    with vault.unit_of_work() as tx:
        for i in range(count):
            prefix, surname = _SURNAMES[i % len(_SURNAMES)]
            subject = person_subject(
                Person(surname=surname, prefix=prefix, given_names=f"Kees{i}"),
                Address(
                    street="Kerkstraat", house_number=str(i + 1), postcode="7811 AB", city="Emmen"
                ),
            )
            new = _new_case(
                (subject,),
                table=table,
                registered_on=last - dt.timedelta(days=i),
                area=_AREAS[i % len(_AREAS)],
                tenure=Tenure.ONBEKEND,
                lead_partner="",
            )
            ids.append(register_case_in(tx, new))
    return ids
