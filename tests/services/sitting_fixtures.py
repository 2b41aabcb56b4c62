"""A vault with distinctive subjects and a planned sitting, shared by the sittings tests."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from casustafel.db import models
from casustafel.db.repositories.tx import utc_now
from casustafel.db.vault import Vault
from casustafel.domain.agenda_rules import Proposal
from casustafel.domain.model import (
    Address,
    CaseStatus,
    NewSubject,
    Person,
    SubjectKind,
    SubjectRole,
    TableCode,
)
from casustafel.services import sittings
from casustafel.services.sitting_values import SittingPlan
from tests.builders import build_case

TODAY = dt.date.today()
SITTING_DAY = TODAY + dt.timedelta(days=7)
REGISTERED = TODAY - dt.timedelta(days=40)

# (given names, prefix, surname, birth date, BSN, street, number, postcode, phone)
PEOPLE = (
    (
        "Jozef",
        "",
        "Wałęsa-Quartermaine",
        dt.date(1979, 3, 14),
        "111222333",
        "Zwaluwstaartlaan",
        "17",
        "7811 AB",
        "06-98765432",
    ),
    (
        "Quirijn",
        "van der",
        "Kloosterveen",
        dt.date(1990, 11, 2),
        "123456782",
        "Kikkerbeetstraat",
        "4",
        "7824 CD",
        "0591-123987",
    ),
    (
        "Xandra",
        "",
        "Ypenburg-Zoeterwoude",
        dt.date(1968, 7, 23),
        "",
        "Zilverschoonhof",
        "88",
        "7823 EF",
        "06-11223344",
    ),
)
# Every string that identifies one of them; none may be in a distributed copy or metadata.
PERSONAL_STRINGS = (
    "Jozef",
    "Wałęsa",
    "Quartermaine",
    "111222333",
    "14-03-1979",
    "1979-03-14",
    "Zwaluwstaartlaan",
    "98765432",
    "Quirijn",
    "Kloosterveen",
    "123456782",
    "02-11-1990",
    "Kikkerbeetstraat",
    "123987",
    "Xandra",
    "Ypenburg",
    "Zoeterwoude",
    "23-07-1968",
    "Zilverschoonhof",
    "11223344",
)


def _person(index: int, role: SubjectRole = SubjectRole.VEROORZAKER) -> NewSubject:
    given, prefix, surname, birth, bsn, street, number, postcode, phone = PEOPLE[index]
    return NewSubject(
        kind=SubjectKind.PERSOON,
        role=role,
        person=Person(
            surname=surname,
            prefix=prefix,
            given_names=given,
            birth_date=birth,
            bsn=bsn,
            phone=phone,
        ),
        address=Address(street=street, house_number=number, postcode=postcode, city="Emmen"),
    )


@dataclass(frozen=True)
class Seeded:
    sitting_id: int
    new_case: int  # geagendeerd, never discussed
    escalate_case: int  # proposal to escalate to WAARSCHUWING
    flagged_case: int  # flagged "bespreken"
    quiet_case: int  # nothing to discuss
    closed_case: int  # closed last week


def set_status(vault: Vault, case_id: int, status: CaseStatus) -> None:
    """Put a case in a status for a test set-up (the life-cycle rules have their own tests)."""
    with vault.unit_of_work() as tx:
        row = tx.session.get(models.Case, case_id)
        assert row is not None
        row.status = status.value
        if status.is_closed:
            row.closed_on = TODAY - dt.timedelta(days=7)


def register(vault: Vault, *subjects: NewSubject, area: str = "Emmerhout") -> int:
    return build_case(vault, *subjects, registered_on=REGISTERED, area=area, lead_partner="lefier")


def seed(vault: Vault) -> Seeded:
    """Five cases in the situations of DOMAIN.md and a sitting a week from now."""
    new_case = register(vault, _person(1, SubjectRole.HUURDER), area="Angelslo")
    set_status(vault, new_case, CaseStatus.GEAGENDEERD)
    escalate = register(vault, _person(0), _person(2, SubjectRole.MELDER))
    set_status(vault, escalate, CaseStatus.IN_BEHANDELING)
    sittings.set_case_proposal(vault, escalate, Proposal.OPSCHALING, "WAARSCHUWING")
    flagged = register(vault, _person(2), area="Bargeres")
    set_status(vault, flagged, CaseStatus.IN_BEHANDELING)
    sittings.set_case_proposal(vault, flagged, Proposal.GEEN, flagged=True)
    quiet = register(vault, _person(0, SubjectRole.BEWONER))
    set_status(vault, quiet, CaseStatus.IN_BEHANDELING)
    closed = register(vault, _person(1))
    set_status(vault, closed, CaseStatus.AFGESLOTEN)
    sittings.set_case_proposal(vault, closed, Proposal.GEEN, flagged=True)
    sitting_id = sittings.plan_sitting(
        vault,
        SittingPlan(
            TableCode.WO,
            SITTING_DAY,
            dt.time(9, 30),
            120,
            "Gemeentehuis, kamer 2.14",
            "Overlastregisseur",
            "Secretariaat",
            ("politie", "lefier", "ggz"),
        ),
        today=TODAY,
    )
    return Seeded(sitting_id, new_case, escalate, flagged, quiet, closed)


def add_intervention(vault: Vault, case_id: int, due: dt.date, partner: str = "politie") -> None:
    """An open intervention with a due date (the interventions service has its own tests)."""
    now = utc_now()
    with vault.unit_of_work() as tx:
        tx.session.add(
            models.Intervention(
                case_id=case_id,
                type_code="HUISBEZOEK",
                domain="sociaal",
                partner=partner,
                start_date=TODAY - dt.timedelta(days=10),
                due_date=due,
                status="lopend",
                created_at=now,
                updated_at=now,
            )
        )
