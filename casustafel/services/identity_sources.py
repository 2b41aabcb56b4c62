"""Where the identifiers rule gets its subjects from: a case, a sitting's agenda, many cases.

The rule itself (`domain.identifiers`) is pure; these reads give it the identities of the
subjects a text may mention. They are internal reads used to *refuse* or *warn*, never shown,
so they are not audited (the print or the screen that follows is).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from casustafel.db import models
from casustafel.db.repositories import convert
from casustafel.db.vault import Vault
from casustafel.domain.identifiers import Identity, identity_of

__all__ = ["all_identities", "case_identities", "identities_by_case", "sitting_identities"]


def identities_by_case(session: Session, case_ids: Iterable[int]) -> dict[int, list[Identity]]:
    """The identities of the subjects of each of `case_ids`, in one query."""
    wanted = sorted(set(case_ids))
    found: dict[int, list[Identity]] = defaultdict(list)
    if not wanted:
        return found
    rows = session.execute(
        select(models.CaseSubject.case_id, models.Subject)
        .join(models.Subject, models.Subject.id == models.CaseSubject.subject_id)
        .where(models.CaseSubject.case_id.in_(wanted))
    )
    for case_id, subject in rows:
        found[case_id].append(identity_of(convert.to_subject(subject)))
    return found


def case_identities(vault: Vault, case_ids: Iterable[int]) -> tuple[Identity, ...]:
    """The identities of every subject of the given cases."""
    with vault.unit_of_work() as tx:
        found = identities_by_case(tx.session, case_ids)
    return tuple(i for identities in found.values() for i in identities)


def sitting_identities(
    vault: Vault, sitting_id: int, case_id: int | None = None
) -> tuple[Identity, ...]:
    """What a text on a sitting's agenda may not mention.

    A case item's text is checked against its own case's subjects; a free item's text (no
    `case_id`) against the subjects of every case on the agenda, as the print check does.
    """
    with vault.unit_of_work() as tx:
        if case_id is not None:
            ids: list[int] = [case_id]
        else:
            ids = [
                i
                for i in tx.session.scalars(
                    select(models.AgendaItem.case_id).where(
                        models.AgendaItem.sitting_id == sitting_id,
                        models.AgendaItem.case_id.is_not(None),
                    )
                )
                if i is not None
            ]
        found = identities_by_case(tx.session, ids)
    return tuple(i for identities in found.values() for i in identities)


def all_identities(vault: Vault) -> tuple[Identity, ...]:
    """The identities of every subject in the vault (for text that may name anyone in it)."""
    with vault.unit_of_work() as tx:
        rows = tx.session.scalars(select(models.Subject))
        return tuple(identity_of(convert.to_subject(subject)) for subject in rows)
