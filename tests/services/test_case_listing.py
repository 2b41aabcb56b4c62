"""`casustafel cases` lists through the identifiers rule and is audited like the GUI's list."""

from __future__ import annotations

import datetime as dt

from casustafel.db import models
from casustafel.db.vault import Vault
from casustafel.domain.model import (
    AuditAction,
    NewCase,
    NewSubject,
    Person,
    SubjectKind,
    SubjectRole,
    TableCode,
)
from casustafel.services import cases
from casustafel.services.audit_log import AuditFilter, query_log
from casustafel.services.case_listing import public_case_list


def test_a_name_that_slipped_into_a_column_is_masked_and_the_list_is_audited(
    vault: Vault,
) -> None:
    person = Person(surname="Quastenbroek", given_names="Xylofoonia", prefix="van")
    case_id = cases.register_case(
        vault,
        NewCase(
            table=TableCode.WO,
            registered_on=dt.date.today() - dt.timedelta(days=3),
            area="Emmerhout",
            subjects=(NewSubject(SubjectKind.PERSOON, SubjectRole.VEROORZAKER, person=person),),
        ),
    )
    with vault.unit_of_work() as tx:  # as an old import or a hand edit could have left it
        row = tx.session.get(models.Case, case_id)
        assert row is not None
        row.lead_partner = "Xylofoonia van Quastenbroek"
    (listed,) = public_case_list(vault, TableCode.WO)
    assert listed.lead_partner == "X.v.Q." and listed.label == "X.v.Q. (Emmerhout)"
    lines = query_log(vault, AuditFilter(actions=frozenset({AuditAction.SEARCH})))
    assert [line.detail for line in lines if line.object_kind == "case_list"] == [
        "table=WO status=all treffers=1"
    ]
