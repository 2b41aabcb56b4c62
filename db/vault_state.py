"""How a vault meets its state record: rollback found at unlock, rows changed per transaction.

The record itself (a file outside the folder) is `casustafel.db.state_record`; this module
compares it with what the database says when it is opened, and tells `Vault.unit_of_work`
whether a transaction changed anything (and so must be sealed and recorded).
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from sqlalchemy import Connection
from sqlalchemy.orm import Session

from casustafel.i18n import _

from . import audit, audit_seal, state_record
from .keyfile import KeyFile

if TYPE_CHECKING:
    from .vault import VaultPaths

# What to do when the database is behind the state record (see `db/state_record.py`).
RollbackMode = Literal["refuse", "report", "accept"]


@dataclass(frozen=True, slots=True)
class Rollback:
    """A database found behind its state record: what the record says and what is there."""

    recorded: int
    found: int


def _total_changes(connection: Connection) -> int:
    dbapi = connection.connection.dbapi_connection
    return int(dbapi.total_changes) if dbapi is not None else 0


def note_changes_at_begin(session: Session, _transaction: object, connection: Connection) -> None:
    session.info["changes_at_begin"] = _total_changes(connection)


def changed_rows(session: Session) -> bool:
    """Whether this transaction inserted, updated or deleted any row (SQLite's own count)."""
    if "changes_at_begin" not in session.info:
        return False  # the transaction never touched the database
    before = int(session.info["changes_at_begin"])
    return _total_changes(session.connection()) != before


def forget_recorded_state(paths: VaultPaths) -> None:
    """Drop the state record of the vault at `paths` (a restore put a chosen older state there)."""
    with contextlib.suppress(Exception):
        vault_id = KeyFile.read(paths.key).vault_id
        state_record.discard(state_record.record_id(vault_id, paths.folder))


def rollback_in(probe: object, data_key: bytes, record: str) -> Rollback | None:
    """Compare the database's counter and head with the state record; None when not behind."""
    rows = dict(
        probe.execute(  # type: ignore[attr-defined]
            "SELECT key, value FROM vault_meta WHERE key IN (?, ?, ?, ?)",
            (
                audit_seal.META_STATE_COUNTER,
                audit.META_HEAD,
                audit.META_CHAIN_KEY,
                audit_seal.META_SEAL_BASE,
            ),
        ).fetchall()
    )
    chain_key = (
        bytes.fromhex(rows[audit.META_CHAIN_KEY])
        if rows.get(audit.META_CHAIN_KEY)
        else audit.audit_key_from(data_key)
    )
    recorded = state_record.read(record, state_record.record_key(chain_key))
    counter = int(rows.get(audit_seal.META_STATE_COUNTER, "0"))
    head = rows.get(audit.META_HEAD, audit.GENESIS)
    if recorded is None:
        return None
    if state_record.behind(recorded, counter, head):
        return Rollback(recorded.counter, counter)
    if counter > recorded.counter and audit_seal.META_SEAL_BASE in rows:
        # Ahead of the record: the seal made at the recorded counter must carry its head,
        # or this is another history (an old copy that has since been written to).
        epoch = recorded.counter - int(rows[audit_seal.META_SEAL_BASE]) - 1
        if epoch >= 0:
            sealed = probe.execute(  # type: ignore[attr-defined]
                "SELECT head_hash FROM audit_seals WHERE epoch = ?", (epoch,)
            ).fetchone()
            if sealed is None or sealed[0] != recorded.head:
                return Rollback(recorded.counter, counter)
    return None


def rolled_back_message(paths: VaultPaths, found: Rollback) -> str:
    return _(
        "De kluis is ouder dan wat op deze computer als laatste is vastgelegd (stand "
        "{found}, verwacht {recorded}): er ontbreken vastgelegde wijzigingen, bijvoorbeeld "
        "door een verloren of beschadigd WAL-bestand of een oudere kopie van de map. Zet de "
        "juiste kopie terug, of aanvaard deze oudere stand (dat wordt vastgelegd in het "
        "auditlog) met: casustafel verify {vault} --oudere-stand-aanvaarden"
    ).format(found=found.found, recorded=found.recorded, vault=paths.folder)
