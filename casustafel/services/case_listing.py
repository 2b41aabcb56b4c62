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

from casustafel.db.audit import AuditRecord
from casustafel.db.repositories import cases as case_repo
from casustafel.db.vault import Vault
from casustafel.domain.identifiers import IdentifierRule
from casustafel.domain.model import AuditAction, CaseStatus, CaseSummary, TableCode

from .identity_sources import identities_by_case

__all__ = ["public_case_list"]


def public_case_list(
    vault: Vault, table: TableCode | None = None, status: CaseStatus | None = None
) -> list[CaseSummary]:
    """The case list with every identifying mention masked; audited as one search."""
    with vault.unit_of_work() as tx:
        found = case_repo.summaries(tx.session, table=table, status=status)
        identities = identities_by_case(tx.session, (case.id for case in found))
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
