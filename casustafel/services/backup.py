"""Encrypted backups as use cases: write one audited backup file, and restore one after checking.

The file format itself (header, manifest, SHA-256 over every byte; written under the vault's
write lock, checked before use) lives in `casustafel.db.backup_file`, so that the copy the
database layer makes before a migration is the same kind of file that `casustafel restore`
takes. This module adds what a user's action needs around it: refusing to overwrite without
`force`, the audit entries, and the restore flow that checks everything in a staging folder
before it replaces anything.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import sqlcipher3

from casustafel.db import audit, migrate
from casustafel.db.audit import AuditRecord
from casustafel.db.backup_file import (
    BACKUP_SUFFIX,
    FORMAT_VERSION,
    MAGIC,
    BackupDamagedError,
    BackupManifest,
    backup_damaged,
    check_backup_file,
    extract_backup,
    file_digest,
    restore_not_written,
    write_backup_file,
)
from casustafel.db.crash_points import crash_point
from casustafel.db.engine import connect_raw
from casustafel.db.keyfile import KeyFile, parse_recovery_key
from casustafel.db.vault import Vault, VaultPaths
from casustafel.db.vault_lock import Access, VaultHold, acquire
from casustafel.db.vault_state import forget_recorded_state
from casustafel.db.vault_swap import (
    finish_interrupted_restores,
    folder_in_use,
    new_staging_folder,
    swap_into_place,
)
from casustafel.domain.model import AuditAction
from casustafel.errors import RefusedError
from casustafel.i18n import _

__all__ = [
    "BACKUP_SUFFIX",
    "FORMAT_VERSION",
    "MAGIC",
    "BackupDamagedError",
    "BackupManifest",
    "RestoreResult",
    "check_backup_file",
    "restore_backup",
    "write_backup",
]


# --- writing ------------------------------------------------------------------------------


def write_backup(vault: Vault, output: Path, *, force: bool = False) -> BackupManifest:
    """Write one backup file of the unlocked `vault` to `output`, atomically.

    The file is written beside `output` under a random name, read back and checked, and only
    then renamed over `output`; on a full disk or an unwritable folder nothing at `output`
    changes. The backup is written to the audit log.

    Args:
        vault: the unlocked vault.
        output: the backup file to write.
        force: replace an existing file at `output`.

    Raises:
        RefusedError: `output` exists and `force` is not set.
        OutputError: the file could not be written (the vault is untouched).
    """
    output = Path(output)
    if output.exists() and not force:
        raise RefusedError(
            _("Er staat al een bestand met die naam; gebruik --force om het te vervangen.")
        )
    with vault.engine.connect() as conn:
        revision = migrate.current_revision(conn) or ""
    manifest = write_backup_file(vault.engine, vault.paths, output, revision)
    with vault.unit_of_work() as uow:
        uow.audit(
            AuditRecord(
                AuditAction.BACKUP,
                object_kind="vault",
                detail=f"sha256={file_digest(output)[1]}",
            )
        )
    return manifest


# --- restoring ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RestoreResult:
    """Where the vault was restored, and where an existing vault was moved aside (`force`)."""

    vault_folder: Path
    manifest: BackupManifest
    moved_aside: Path | None


def restore_backup(
    backup: Path,
    target: str | os.PathLike[str],
    *,
    passphrase: str | None = None,
    recovery_key: str | None = None,
    force: bool = False,
) -> RestoreResult:
    """Check a backup completely, then put it in place as the vault at `target`.

    Everything is checked in a staging folder beside `target` before anything there is
    touched: the file's hashes, that the key file parses, that the passphrase (or recovery
    key) opens the database, SQLCipher's `cipher_integrity_check`, SQLite's `quick_check`,
    that the schema is not newer than this app, and the audit log's chain. Only then is the
    staging folder renamed into place. With `force`, an existing vault is first moved aside
    (never deleted) so that a mistaken restore can be undone.

    The vault at `target` must not be open anywhere: its exclusive lock is held from before
    the staging until after the swap. The swap is journalled (`casustafel.db.vault_swap`):
    after a crash at any step the next run finds a vault at `target`, the old or the new.

    Raises:
        RefusedError: a vault exists at `target` and `force` is not set (exit 7).
        VaultBusyError: another program has the vault at `target` open (exit 7).
        BackupDamagedError: the backup is damaged or changed (exit 4).
        KeyFileDamagedError: the key file inside does not parse (exit 4).
        WrongSecretError: the passphrase or recovery key does not open it (exit 3).
        NewerVersionError: backup or schema from a newer app (exit 5).
    """
    paths = VaultPaths.of(target)
    finish_interrupted_restores(paths.folder)
    if folder_in_use(paths.folder) and not force:
        raise RefusedError(
            _("Op {path} staat al een kluis; gebruik --force om die te vervangen.").format(
                path=paths.folder
            )
        )
    holds: list[VaultHold] = []
    try:
        if (paths.db.exists() or paths.key.exists()) and paths.folder.is_dir():
            holds.append(acquire(paths.folder, Access.EXCLUSIVE))
        staging = VaultPaths(new_staging_folder(paths.folder))
        try:
            paths.folder.parent.mkdir(parents=True, exist_ok=True)
            staging.folder.mkdir(mode=0o700)
            holds.append(acquire(staging.folder, Access.WRITE))  # ours: recovery leaves it
        except OSError as exc:
            raise restore_not_written(exc) from None
        try:
            manifest = extract_backup(Path(backup), staging.folder)
            _check_staged(staging, passphrase, recovery_key)
            crash_point("restore:na-controle")
            # The restored, older state is the one chosen: forget the recorded state first,
            # so that a crash during the swap never makes the restored vault look rolled back.
            forget_recorded_state(paths)
            try:
                moved = swap_into_place(staging.folder, paths.folder, force=force)
            except OSError as exc:
                raise restore_not_written(exc) from None
        finally:
            if staging.folder.exists():
                shutil.rmtree(staging.folder, ignore_errors=True)
    finally:
        for hold in reversed(holds):
            hold.release()
    return RestoreResult(paths.folder, manifest, moved)


def _check_staged(staging: VaultPaths, passphrase: str | None, recovery_key: str | None) -> None:
    keyfile = KeyFile.read(staging.key)
    if recovery_key is not None:
        data_key = keyfile.unwrap_with_recovery_key(parse_recovery_key(recovery_key))
        user = keyfile.users[0] if keyfile.users else ""
    else:
        data_key, user = keyfile.unwrap_with_passphrase(passphrase or "")
    try:
        conn = connect_raw(staging.db, data_key)
        try:
            if conn.execute("PRAGMA cipher_integrity_check").fetchall():
                raise backup_damaged(_("beschadigde pagina's"))
            if conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise backup_damaged(_("beschadigde database"))
            migrate.refuse_newer(conn)
        finally:
            conn.close()
    except sqlcipher3.DatabaseError as exc:
        raise backup_damaged(_("de database opent niet")) from exc
    vault = Vault(staging, data_key, user)
    try:
        with vault.unit_of_work() as uow:
            report = audit.verify_chain(uow.session, vault.audit_key)
            if not report.ok:
                raise backup_damaged(_("het auditlog is onderbroken"))
            uow.audit(AuditRecord(AuditAction.RESTORE, object_kind="vault"))
    finally:
        vault.lock()
