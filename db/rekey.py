"""Renewing the data key ("sleutel vernieuwen"): re-encrypt the database under a new key.

A passphrase change only re-wraps the same data key, so an old key file (from a backup or a
leftover temporary file) with the old passphrase still opens today's database. Renewing
makes a new random data key, copies the database into a new file encrypted with it
(`sqlcipher_export`), and replaces key file and database. The old wraps, recovery wrap
included, are gone: a new recovery key is delivered before anything is replaced.

Crash safety: the copy and the new key file are staged beside the vault; the one commit
point is the rename of the staged key file over `vault.key`. A crash before it leaves the old
vault intact (the staged files are removed at the next unlock); after it, the next unlock
finds a key file whose key opens only the staged database and completes the swap.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import sqlcipher3

from casustafel.domain.model import AuditAction
from casustafel.errors import VaultDamagedError
from casustafel.i18n import _

from . import audit
from .atomic import fsync_directory, write_bytes_atomically
from .engine import connect_raw
from .keyfile import (
    DATA_KEY_BYTES,
    Argon2Params,
    KeyFile,
    check_new_passphrase,
    format_recovery_key,
    new_recovery_key,
    tune_argon2,
)

if TYPE_CHECKING:
    from .vault import Vault, VaultPaths

STAGED_DB = "vault.db.nieuw"
STAGED_KEY = "vault.key.nieuw"
_PROGRESS_STEPS = 20_000  # SQLite VM instructions between progress reports


def _staged(folder: Path) -> tuple[Path, Path]:
    return folder / STAGED_DB, folder / STAGED_KEY


def remove_key_leftovers(folder: Path) -> None:
    """Remove temporary key files a crashed write left behind (`.vault.key.tmp-*`).

    They hold wraps of the data key under an old passphrase: they must not outlive the
    command that made them.
    """
    for leftover in folder.glob(".vault.key*.tmp-*"):
        with contextlib.suppress(OSError):
            leftover.unlink()


def _remove_wal(db: Path) -> None:
    for suffix in ("-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            db.with_name(db.name + suffix).unlink()


def complete_pending(folder: Path, db: Path, data_key: bytes) -> None:
    """Finish or discard an interrupted renewal, before the database is opened.

    `data_key` comes from the current key file. If it opens the staged database, the key
    file was already replaced (the commit point): the staged database becomes the vault's.
    Otherwise the renewal never committed and the staged files are removed.
    """
    staged_db, staged_key = _staged(folder)
    with contextlib.suppress(FileNotFoundError):
        staged_key.unlink()
    if not staged_db.exists():
        return
    try:
        conn = connect_raw(staged_db, data_key)
        conn.close()
    except sqlcipher3.DatabaseError:
        staged_db.unlink()
        _remove_wal(staged_db)
        return
    _remove_wal(staged_db)
    _remove_wal(db)  # the old database's WAL would not fit the new key
    os.replace(staged_db, db)
    fsync_directory(folder)


def _export(
    old_db: Path,
    old_key: bytes,
    target: Path,
    new_key: bytes,
    progress: Callable[[float], None] | None,
) -> None:
    total = max(old_db.stat().st_size, 1)
    # Owner-only from the start, as at creation (SQLite would use the umask).
    os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    conn = connect_raw(old_db, old_key)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        if progress is not None:

            def report() -> int:
                with contextlib.suppress(OSError):
                    progress(min(target.stat().st_size / total, 0.99))
                return 0

            conn.set_progress_handler(report, _PROGRESS_STEPS)
        # The key is 64 validated hex digits (never typed text); the path is bound.
        conn.execute(f"ATTACH DATABASE ? AS renewed KEY \"x'{new_key.hex()}'\"", (str(target),))
        conn.execute("SELECT sqlcipher_export('renewed')")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        conn.execute(f"PRAGMA renewed.user_version = {int(version)}")
        conn.execute("DETACH DATABASE renewed")
    finally:
        conn.close()


def _same_state(old_db: Path, old_key: bytes, new_db: Path, new_key: bytes) -> None:
    """The copy opens with the new key, is intact, and holds the same state as the original."""
    sql = "SELECT key, value FROM vault_meta WHERE key IN ('state_counter', 'audit_head')"
    states = []
    for db, key in ((old_db, old_key), (new_db, new_key)):
        conn = connect_raw(db, key)
        try:
            if key is new_key and conn.execute("PRAGMA cipher_integrity_check").fetchall():
                raise VaultDamagedError(_("De nieuw versleutelde kopie is niet in orde."))
            states.append(sorted(conn.execute(sql).fetchall()))
        finally:
            conn.close()
    if states[0] != states[1]:
        raise VaultDamagedError(_("De nieuw versleutelde kopie is niet volledig."))


def renew_data_key(
    vault: Vault,
    new_passphrase: str,
    *,
    deliver: Callable[[str], None],
    params: Argon2Params | None = None,
    progress: Callable[[float], None] | None = None,
) -> Vault:
    """Re-encrypt `vault` under a new data key; return it reopened (the given one is locked).

    `deliver` gets the new recovery key first; if it raises, nothing has been replaced.
    """
    check_new_passphrase(new_passphrase)
    paths: VaultPaths = vault.paths
    staged_db, staged_key = _staged(paths.folder)
    complete_pending(paths.folder, paths.db, vault._key())
    old_key = vault._key()
    user = vault.user
    keyfile = KeyFile.read(paths.key)
    new_key = secrets.token_bytes(DATA_KEY_BYTES)
    recovery = new_recovery_key()
    params = params or tune_argon2()
    with vault.unit_of_work() as uow:
        # The audit chain must outlive the data key it was first derived from.
        if not audit.get_meta(uow.session, audit.META_CHAIN_KEY, ""):
            audit.set_meta(uow.session, audit.META_CHAIN_KEY, vault.audit_key.hex())
        uow.audit(audit.AuditRecord(AuditAction.UPDATE, object_kind="data_key", detail="renew"))
    deliver(format_recovery_key(recovery))
    vault.lock()  # the last write to the old database: everything after goes to the copy
    try:
        _export(paths.db, old_key, staged_db, new_key, progress)
        _same_state(paths.db, old_key, staged_db, new_key)
        renewed = KeyFile(keyfile.vault_id, KeyFile.key_check_for(new_key, keyfile.vault_id))
        renewed = renewed.with_passphrase_wrap(new_key, user, new_passphrase, params)
        renewed = renewed.with_recovery_wrap(new_key, recovery)
        write_bytes_atomically(staged_key, renewed.to_bytes())
    except BaseException:
        for leftover in (staged_key, staged_db):
            with contextlib.suppress(OSError):
                leftover.unlink()
        _remove_wal(staged_db)
        raise
    os.replace(staged_key, paths.key)  # the commit point
    fsync_directory(paths.folder)
    complete_pending(paths.folder, paths.db, new_key)
    if progress is not None:
        progress(1.0)
    return type(vault)._open(paths, new_key, user, True, True, 0, "refuse", keyfile.vault_id)
