"""Per-case search text for filter-as-you-type in the case list: names, addresses, postcodes.

`CaseSummary` deliberately carries no names or addresses, yet the overlastregisseur must
find a case by typing "de vries" or "7811". This module builds, in one query, a lower-case
text per case from its subjects, which the UI keeps in memory only while the vault is
unlocked (and drops on lock). BSNs, birth dates and phone numbers are left out: a list
filter has no need for them, and what is not loaded cannot leak.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict

from sqlalchemy import select

from casustafel.db import models
from casustafel.db.audit import AuditRecord
from casustafel.db.vault import Vault
from casustafel.domain.model import AuditAction

__all__ = ["case_search_index", "fold_search_text"]


def fold_search_text(text: str) -> str:
    """Fold `text` for matching: case-folded, accents dropped, whitespace collapsed.

    The same folding is applied to what the user types, so that "Müller" matches "muller"
    and "Ëlla" matches "ella".

    Args:
        text: any text (a name, an address, a filter typed by the user).

    Returns:
        The folded text.
    """
    if text.isascii():
        # The same result without decomposing: for ASCII, casefold is lower and NFKD is
        # the identity. Most names and addresses are ASCII; the general path below cost
        # about a second per 10,000 cases at unlock (tests/perf).
        return " ".join(text.lower().split())
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


# The subject columns that go into the search text, in this order. Read as plain columns,
# not as ORM objects: building 25,000 Subject objects cost ~0.8 s at 10,000 cases (tests/perf).
_TEXT_COLUMNS = (
    models.Subject.given_names,
    models.Subject.prefix,
    models.Subject.surname,
    models.Subject.organisation_name,
    models.Subject.street,
    models.Subject.house_number,
    models.Subject.postcode,
    models.Subject.city,
)


def _subject_text(
    given_names: str,
    prefix: str,
    surname: str,
    organisation_name: str,
    street: str,
    house_number: str,
    postcode: str,
    city: str,
) -> str:
    parts = [
        given_names,
        prefix,
        surname,
        organisation_name,
        street,
        house_number,
        postcode,
        # "7811 AB" is also typed as "7811ab".
        postcode.replace(" ", ""),
        city,
    ]
    return " ".join(p for p in parts if p)


def case_search_index(vault: Vault, table_code: str | None = None) -> dict[int, str]:
    """Return a folded search text per case id, built from the case's subjects.

    One query over cases, their subjects and the subjects' data; the result is meant to
    live in memory only. Building it is written to the audit log as one search action,
    because it reads personal data of every case listed.

    Args:
        vault: the unlocked vault.
        table_code: limit to one table's cases ("WO", "OM", "MH"), or all when None.

    Returns:
        ``{case_id: text}`` for every case that has at least one subject.
    """
    query = select(models.CaseSubject.case_id, *_TEXT_COLUMNS).join(
        models.Subject, models.Subject.id == models.CaseSubject.subject_id
    )
    if table_code is not None:
        query = query.join(models.Case, models.Case.id == models.CaseSubject.case_id).where(
            models.Case.table_code == table_code
        )
    texts: dict[int, list[str]] = defaultdict(list)
    with vault.unit_of_work() as uow:
        for case_id, *columns in uow.session.execute(query):
            texts[case_id].append(_subject_text(*columns))
        uow.audit(
            AuditRecord(
                AuditAction.SEARCH,
                object_kind="case_index",
                detail=f"table={table_code or 'all'}",
            )
        )
    return {case_id: fold_search_text(" ".join(parts)) for case_id, parts in texts.items()}
