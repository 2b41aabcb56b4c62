"""Purpose binding for "Ook bekend in": another table's case shows only that a link exists.

DOMAIN.md: data of one table is not shown in another table's context unless linked on purpose.
A case file therefore lists a link to a case of its own table in full (number, status, role,
via whom) but a link to another table only as "a link to a case of table X"; opening that other
case is a deliberate act, confirmed by the user and written to the audit log with both tables.
In presentation mode the case file shows no links at all (see `ui/views/case_file_view.py`),
and "Mijn werk" shows only the presented table's lines (`work_on_screen`).
"""

from __future__ import annotations

from collections.abc import Sequence

from casustafel.db.audit import AuditRecord
from casustafel.db.vault import Vault
from casustafel.domain.model import AuditAction, CaseLink, FollowUpItem, TableCode

from .cases import case_row

__all__ = ["crosses_tables", "record_linked_case_opened", "work_on_screen"]


def crosses_tables(link: CaseLink, own_table: TableCode) -> bool:
    """Tell whether `link` leads out of `own_table`: then only its table may be shown."""
    return link.table is not own_table


def record_linked_case_opened(vault: Vault, from_case_id: int, to_case_id: int) -> None:
    """Audit that the user deliberately followed a link from one case to another table's case.

    Raises:
        NotFoundError: one of the cases no longer exists.
    """
    with vault.unit_of_work() as tx:
        source = case_row(tx, from_case_id)
        target = case_row(tx, to_case_id)
        tx.audit(
            AuditRecord(
                AuditAction.READ,
                object_kind="case_link",
                case_id=to_case_id,
                object_id=from_case_id,
                detail=f"van={source.table_code} naar={target.table_code} doelbinding=bewust",
            )
        )


def work_on_screen(
    items: Sequence[FollowUpItem], *, presenting: bool, table: TableCode | None
) -> list[FollowUpItem]:
    """The "Mijn werk" lines that may be on screen.

    Outside presentation mode: all. While presenting: only the presented table's lines; with
    no table presented (presentation mode switched on by hand or by a projector), none, since
    every table is then another table's context.
    """
    if not presenting:
        return list(items)
    return [item for item in items if table is not None and item.table is table]
