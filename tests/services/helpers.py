"""Shared builders for the service tests."""

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
from tests.builders import build_case

REG = dt.date(2026, 1, 5)


def person(surname: str = "Vries", prefix: str = "de", given: str = "Jan") -> NewSubject:
    return NewSubject(
        kind=SubjectKind.PERSOON,
        role=SubjectRole.VEROORZAKER,
        person=Person(
            surname=surname, prefix=prefix, given_names=given, birth_date=dt.date(1980, 1, 1)
        ),
        address=Address("Hoofdstraat", "12", "7811 AP", "Emmen"),
    )


def make_case(
    vault: Vault,
    table: TableCode = TableCode.WO,
    tenure: Tenure = Tenure.HUUR,
    registered_on: dt.date = REG,
    lead_partner: str = "gemeente",
) -> int:
    return build_case(
        vault,
        person(),
        table=table,
        registered_on=registered_on,
        tenure=tenure,
        lead_partner=lead_partner,
    )
