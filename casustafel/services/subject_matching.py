"""Which typed subjects are already known: the matches a form shows side by side.

Before a case or signal is saved, the form asks `match_subjects` for every subject the
user typed. Each match comes back with what it means (`casustafel.domain.matching`): a
BSN conflict, or an exact match with the typed fields that differ. The user then chooses
the known subject (`NewSubject.known_id`, with `take_over`), a new person
(`new_person`, not for a known BSN) or corrects the input; the save links exactly that.
Showing a known subject's data is audited as a READ of that subject.
"""

from __future__ import annotations

from collections.abc import Sequence

from casustafel.db.audit import AuditRecord
from casustafel.db.repositories import subjects as subject_repo
from casustafel.db.repositories.convert import to_subject
from casustafel.db.vault import Vault
from casustafel.domain import model as dm
from casustafel.domain.matching import SubjectMatch, compare

__all__ = ["match_subjects"]


def match_subjects(vault: Vault, subjects: Sequence[dm.NewSubject]) -> tuple[SubjectMatch, ...]:
    """The known subject each typed subject matches (by position), with its meaning.

    Subjects the user already decided on (`known_id` or `new_person` without a BSN match)
    and subjects without a match are left out.

    Raises:
        ValidationError: a typed field is invalid (the message names the field).
    """
    found: list[SubjectMatch] = []
    with vault.unit_of_work() as tx:
        for index, typed in enumerate(subjects):
            if typed.known_id is not None:
                continue
            normalised = subject_repo.normalise_subject(typed)
            row = subject_repo.find_match(tx.session, normalised)
            if row is None:
                continue
            found.append(compare(index, normalised, to_subject(row)))
            tx.audit(
                AuditRecord(
                    dm.AuditAction.READ,
                    object_kind="subject",
                    subject_id=row.id,
                    detail="match",
                )
            )
    return tuple(found)
