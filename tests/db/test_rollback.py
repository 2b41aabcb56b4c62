"""No silent rollback: a lost, cut or damaged WAL, or an older copy of the folder, is reported.

The committed transactions live in `vault.db-wal` until a checkpoint. The tests take the
folder as a crash would leave it (database and WAL copied while the vault is open), then
delete, truncate or flip the WAL: every loss must be refused at unlock (exit 4) and reported
by `verify`, until it is accepted as a logged act.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select

from casustafel.db import models
from casustafel.db.audit import AuditRecord
from casustafel.db.engine import checkpoint_wal
from casustafel.db.keyfile import FLOOR_PARAMS
from casustafel.db.vault import Vault
from casustafel.domain.model import AuditAction
from casustafel.errors import EXIT_DAMAGED, VaultRolledBackError
from tests.conftest import TEST_PASSPHRASE, TEST_USER

WAL = "vault.db-wal"


def _write(vault: Vault, n: int) -> None:
    for i in range(n):
        with vault.unit_of_work() as uow:
            uow.audit(AuditRecord(AuditAction.READ, "case", case_id=i + 1))


def _crash_copy(vault: Vault, target: Path) -> Path:
    """The folder as a power cut would leave it: database and WAL, the vault still open."""
    target.mkdir()
    for name in ("vault.db", WAL, "vault.key"):
        shutil.copy2(vault.paths.folder / name, target / name)
    return target


def _delete(wal: Path) -> None:
    wal.unlink()


def _truncate(wal: Path) -> None:
    data = wal.read_bytes()
    wal.write_bytes(data[: len(data) - 4096 - 100])


def _flip(wal: Path) -> None:
    data = bytearray(wal.read_bytes())
    data[len(data) - 2000] ^= 0x40
    wal.write_bytes(bytes(data))


@pytest.fixture
def crashed(vault_path: Path, tmp_path: Path) -> Callable[[Callable[[Path], None]], Path]:
    def make(damage: Callable[[Path], None]) -> Path:
        vault, _recovery = Vault.create(vault_path, TEST_USER, TEST_PASSPHRASE, params=FLOOR_PARAMS)
        try:
            assert checkpoint_wal(vault.engine)
            _write(vault, 6)  # committed, and only in the WAL
            copy = _crash_copy(vault, tmp_path / "crash.casustafel")
        finally:
            vault._engine.dispose() if vault._engine is not None else None
        shutil.rmtree(vault_path)
        copy.rename(vault_path)  # the same place, as after a reboot
        damage(vault_path / WAL)
        return vault_path

    return make


@pytest.mark.parametrize("damage", [_delete, _truncate, _flip], ids=["delete", "cut", "flip"])
def test_lost_wal_is_refused_at_unlock_and_reported_by_verify(
    crashed: Callable[[Callable[[Path], None]], Path], damage: Callable[[Path], None]
) -> None:
    path = crashed(damage)
    with pytest.raises(VaultRolledBackError) as refused:
        Vault.unlock(path, TEST_PASSPHRASE)
    assert refused.value.exit_code == EXIT_DAMAGED
    assert "--oudere-stand-aanvaarden" in refused.value.message
    vault = Vault.unlock(path, TEST_PASSPHRASE, rollback="report")
    try:
        lines = {r.name: r for r in vault.verify()}
        assert not lines["Geen vastgelegde wijzigingen verloren"].ok
    finally:
        vault.lock()
    # Verify's own writes must not make the loss disappear.
    with pytest.raises(VaultRolledBackError):
        Vault.unlock(path, TEST_PASSPHRASE)


def test_accepting_the_older_state_is_logged_and_then_opens(
    crashed: Callable[[Callable[[Path], None]], Path],
) -> None:
    path = crashed(_delete)
    vault = Vault.unlock(path, TEST_PASSPHRASE, rollback="accept")
    try:
        assert vault.accepted_rollback is not None
        with vault.unit_of_work() as uow:
            kinds = list(uow.session.scalars(select(models.AuditEntry.object_kind)))
        assert "vault_state" in kinds
    finally:
        vault.lock()
    Vault.unlock(path, TEST_PASSPHRASE).lock()


def test_intact_crash_copy_opens(crashed: Callable[[Callable[[Path], None]], Path]) -> None:
    path = crashed(lambda _wal: None)
    vault = Vault.unlock(path, TEST_PASSPHRASE)
    try:
        assert all(r.ok for r in vault.verify())
    finally:
        vault.lock()


def test_older_copy_of_the_folder_is_refused(vault: Vault, tmp_path: Path) -> None:
    folder = vault.paths.folder
    vault.lock()
    old = tmp_path / "old.casustafel"
    shutil.copytree(folder, old)
    newer = Vault.unlock(folder, TEST_PASSPHRASE)
    _write(newer, 2)
    newer.lock()
    shutil.rmtree(folder)
    shutil.copytree(old, folder)
    with pytest.raises(VaultRolledBackError):
        Vault.unlock(folder, TEST_PASSPHRASE)


def test_older_copy_written_past_the_record_is_still_refused(vault: Vault, tmp_path: Path) -> None:
    """An old copy used via verify until its counter passes the record: another history."""
    folder = vault.paths.folder
    vault.lock()
    old = tmp_path / "old.casustafel"
    shutil.copytree(folder, old)
    newer = Vault.unlock(folder, TEST_PASSPHRASE)
    _write(newer, 1)
    newer.lock()
    shutil.rmtree(folder)
    shutil.copytree(old, folder)
    for _run in range(3):  # each report-mode open writes unlock and lock
        Vault.unlock(folder, TEST_PASSPHRASE, rollback="report").lock()
    with pytest.raises(VaultRolledBackError):
        Vault.unlock(folder, TEST_PASSPHRASE)


def test_restoring_an_older_backup_in_place_is_no_rollback(vault: Vault, tmp_path: Path) -> None:
    from casustafel.services.backup import restore_backup, write_backup

    backup = tmp_path / "k.ctbackup"
    write_backup(vault, backup)
    _write(vault, 2)
    folder = vault.paths.folder
    vault.lock()
    restore_backup(backup, folder, passphrase=TEST_PASSPHRASE, force=True)
    Vault.unlock(folder, TEST_PASSPHRASE).lock()  # the chosen older state opens


def test_a_restored_copy_beside_the_original_leaves_both_usable(
    vault: Vault, tmp_path: Path
) -> None:
    from casustafel.services.backup import restore_backup, write_backup

    backup = tmp_path / "k.ctbackup"
    write_backup(vault, backup)
    _write(vault, 2)
    restored = restore_backup(backup, tmp_path / "kopie", passphrase=TEST_PASSPHRASE)
    Vault.unlock(restored.vault_folder, TEST_PASSPHRASE).lock()
    _write(vault, 1)
    folder = vault.paths.folder
    vault.lock()
    Vault.unlock(folder, TEST_PASSPHRASE).lock()
