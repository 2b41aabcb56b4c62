"""The case list for outputs outside the vault (the CLI's `cases`): masked by the one rule, audited.

`casustafel cases` promises a list "zonder persoonsgegevens". The list's columns are codes,
the label (initials and area) and dates; still, an area or lead partner typed by hand (or an
import whose cells slipped) could hold a name. Every text cell therefore goes through the
identifiers rule (`domain.identifiers`) with the case's own subjects, exactly as the
presentation-mode masker and the distributed print check do. Reading the list is written to the
audit log as a search, as the GUI's case list is.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict

from sqlalchemy import select

from casustafel.db import models
from casustafel.db.audit import AuditRecord
from casustafel.db.repositories import cases as case_repo
from casustafel.db.repositories import convert
from casustafel.db.vault import Vault
from casustafel.domain.identifiers import IdentifierRule, Identity, identity_of
from casustafel.domain.model import AuditAction, CaseStatus, CaseSummary, TableCode

__all__ = ["public_case_list"]


def public_case_list(
    vault: Vault, table: TableCode | None = None, status: CaseStatus | None = None
) -> list[CaseSummary]:
    """The case list with every identifying mention masked; audited as one search."""
    with vault.unit_of_work() as tx:
        found = case_repo.summaries(tx.session, table=table, status=status)
        wanted = {case.id for case in found}
        identities: dict[int, list[Identity]] = defaultdict(list)
        rows = tx.session.execute(
            select(models.CaseSubject.case_id, models.Subject).join(
                models.Subject, models.Subject.id == models.CaseSubject.subject_id
            )
        )
        for case_id, subject in rows:
            if case_id in wanted:
                identities[case_id].append(identity_of(convert.to_subject(subject)))
        tx.audit(
            AuditRecord(
                AuditAction.SEARCH,
                object_kind="case_list",
                detail=(
                    f"table={table.value if table else 'all'} "
                    f"status={status.value if status else 'all'} treffers={len(found)}"
                ),
            )
        )
    return [_masked(case, IdentifierRule(identities.get(case.id, ()))) for case in found]


def _masked(case: CaseSummary, rule: IdentifierRule) -> CaseSummary:
    return dataclasses.replace(
        case,
        step=rule.mask(case.step),
        area=rule.mask(case.area),
        label=rule.mask(case.label),
        lead_partner=rule.mask(case.lead_partner),
    )
