"""Backups on real vaults: round trip, every byte counts; nothing replaced before checks."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from pathlib import Path

import pytest
from sqlalchemy import select

from casustafel.db import models
from casustafel.db.backup_file import write_container
from casustafel.db.vault import Vault, VaultPaths
from casustafel.db.vault_lock import LOCK_FILES
from casustafel.errors import (
    KeyFileDamagedError,
    NewerVersionError,
    RefusedError,
    WrongSecretError,
)
from casustafel.services import backup as backup_mod
from casustafel.services.backup import (
    BackupDamagedError,
    check_backup_file,
    restore_backup,
    write_backup,
)
from casustafel.services.backup_rotation import (
    SLOT_DAILY,
    SLOT_RECENT,
    SLOT_WEEKLY,
    automatic_backup_due,
    list_backups,
    run_automatic_backup,
)
from tests.conftest import TEST_PASSPHRASE

NOW = dt.datetime(2026, 11, 23, 10, 0)


def add_subject(vault: Vault, surname: str) -> int:
    with vault.unit_of_work() as uow:
        row = models.Subject(kind="persoon", surname=surname, created_at=NOW, updated_at=NOW)
        uow.session.add(row)
        uow.session.flush()
        return row.id


def surnames(vault: Vault) -> set[str]:
    with vault.unit_of_work() as uow:
        return set(uow.session.scalars(select(models.Subject.surname)))


def digest_tree(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name not in LOCK_FILES
    }


def test_backup_and_restore_round_trip(vault: Vault, tmp_path: Path) -> None:
    add_subject(vault, "Brinkhorst")
    out = tmp_path / "kopie.ctbackup"
    manifest = write_backup(vault, out)
    add_subject(vault, "NaDeKopie")  # not in the backup
    assert [f.name for f in manifest.files] == ["vault.db", "vault.key"]
    assert check_backup_file(out) == manifest

    result = restore_backup(out, tmp_path / "terug", passphrase=TEST_PASSPHRASE)
    assert result.moved_aside is None
    restored = Vault.unlock(result.vault_folder, TEST_PASSPHRASE)
    try:
        assert surnames(restored) == {"Brinkhorst"}
        assert all(check.ok for check in restored.verify())
    finally:
        restored.lock()


def test_backup_is_audited_and_holds_no_plain_text(vault: Vault, tmp_path: Path) -> None:
    add_subject(vault, "Vlinderstrikhuizen")
    out = tmp_path / "kopie.ctbackup"
    write_backup(vault, out)
    assert b"Vlinderstrikhuizen" not in out.read_bytes()
    with vault.unit_of_work() as uow:
        actions = list(
            uow.session.scalars(select(models.AuditEntry.action).order_by(models.AuditEntry.id))
        )
    assert actions[-1] == "backup"


def test_restore_with_recovery_key(vault_path: Path, tmp_path: Path) -> None:
    from casustafel.db.keyfile import FLOOR_PARAMS

    vault, recovery = Vault.create(vault_path, "X", TEST_PASSPHRASE, params=FLOOR_PARAMS)
    add_subject(vault, "Herstelman")
    write_backup(vault, tmp_path / "k.ctbackup")
    vault.lock()
    result = restore_backup(tmp_path / "k.ctbackup", tmp_path / "r", recovery_key=recovery)
    assert VaultPaths.of(result.vault_folder).db.is_file()


def test_wrong_passphrase_restores_nothing(vault: Vault, tmp_path: Path) -> None:
    out = tmp_path / "k.ctbackup"
    write_backup(vault, out)
    with pytest.raises(WrongSecretError):
        restore_backup(out, tmp_path / "r", passphrase="verkeerd wachtwoord hier")
    assert not any(
        p.name.endswith(".casustafel") for p in tmp_path.iterdir() if p.name != "test.casustafel"
    )
    assert not list(tmp_path.glob(".herstel-*"))


def test_existing_vault_is_not_overwritten_without_force(
    vault: Vault, vault_path: Path, tmp_path: Path
) -> None:
    add_subject(vault, "Oud")
    out = tmp_path / "k.ctbackup"
    write_backup(vault, out)
    add_subject(vault, "Nieuw")
    vault.lock()
    before = digest_tree(vault_path)
    with pytest.raises(RefusedError):
        restore_backup(out, vault_path, passphrase=TEST_PASSPHRASE)
    assert digest_tree(vault_path) == before

    result = restore_backup(out, vault_path, passphrase=TEST_PASSPHRASE, force=True)
    assert result.moved_aside is not None and digest_tree(result.moved_aside) == before
    restored = Vault.unlock(vault_path, TEST_PASSPHRASE)
    try:
        assert surnames(restored) == {"Oud"}
    finally:
        restored.lock()


def test_output_file_is_not_overwritten_without_force(vault: Vault, tmp_path: Path) -> None:
    out = tmp_path / "k.ctbackup"
    out.write_bytes(b"iets anders")
    with pytest.raises(RefusedError):
        write_backup(vault, out)
    assert out.read_bytes() == b"iets anders"
    write_backup(vault, out, force=True)
    check_backup_file(out)


def test_changed_byte_anywhere_is_refused_and_target_untouched(
    vault: Vault, tmp_path: Path
) -> None:
    add_subject(vault, "Bytewisselaar")
    out = tmp_path / "k.ctbackup"
    write_backup(vault, out)
    data = out.read_bytes()
    target = tmp_path / "doel.casustafel"
    # Sample positions in the header, manifest, database, key file and trailing hash.
    size = len(data)
    positions = sorted(
        {0, 15, 17, 22, 40, 100, size // 3, size // 2, size - 600, size - 33, size - 1}
    )
    positions += list(range(200, size - 40, max(1, size // 25)))
    for pos in positions:
        bad = bytearray(data)
        bad[pos] ^= 0x5A
        broken = tmp_path / "stuk.ctbackup"
        broken.write_bytes(bytes(bad))
        with pytest.raises((BackupDamagedError, NewerVersionError, KeyFileDamagedError)):
            restore_backup(broken, target, passphrase=TEST_PASSPHRASE)
        assert not target.exists()
    assert not list(tmp_path.glob(".herstel-*"))


def test_truncated_and_foreign_files_are_refused(vault: Vault, tmp_path: Path) -> None:
    out = tmp_path / "k.ctbackup"
    write_backup(vault, out)
    data = out.read_bytes()
    for raw in (b"", data[:10], data[:-1], data + b"x", b"PK\x03\x04" + data[4:]):
        path = tmp_path / "x.ctbackup"
        path.write_bytes(raw)
        with pytest.raises(BackupDamagedError):
            check_backup_file(path)


def test_newer_backup_format_is_refused(vault: Vault, tmp_path: Path) -> None:
    out = tmp_path / "k.ctbackup"
    write_backup(vault, out)
    data = bytearray(out.read_bytes())
    data[16:20] = (backup_mod.FORMAT_VERSION + 1).to_bytes(4, "big")
    # A real newer backup is whole: its trailing hash covers the new header.
    data[-32:] = hashlib.sha256(bytes(data[:-32])).digest()
    out.write_bytes(bytes(data))
    with pytest.raises(NewerVersionError):
        check_backup_file(out)


@pytest.mark.parametrize("bit", [0, 7, 8, 24, 31])
def test_damaged_version_field_is_damage_not_a_newer_version(
    vault: Vault, tmp_path: Path, bit: int
) -> None:
    out = tmp_path / "k.ctbackup"
    write_backup(vault, out)
    data = bytearray(out.read_bytes())
    version = int.from_bytes(data[16:20], "big") ^ (1 << bit)
    data[16:20] = version.to_bytes(4, "big")
    out.write_bytes(bytes(data))
    with pytest.raises(BackupDamagedError) as refused:
        check_backup_file(out)
    assert refused.value.exit_code == 4
    assert "nieuwere versie" not in refused.value.message


def test_backup_holds_committed_changes_still_in_the_wal(vault: Vault, tmp_path: Path) -> None:
    for i in range(30):
        add_subject(vault, f"Walrecord{i}")
    wal = vault.paths.db.with_name("vault.db-wal")
    assert wal.exists()
    write_backup(vault, tmp_path / "k.ctbackup")
    result = restore_backup(tmp_path / "k.ctbackup", tmp_path / "r", passphrase=TEST_PASSPHRASE)
    restored = Vault.unlock(result.vault_folder, TEST_PASSPHRASE)
    try:
        assert surnames(restored) == {f"Walrecord{i}" for i in range(30)}
    finally:
        restored.lock()


def test_rotation_keeps_recent_daily_and_weekly(vault: Vault, tmp_path: Path) -> None:
    folder = tmp_path / "auto"
    monday = dt.datetime(2026, 11, 23, 8, 0)
    assert automatic_backup_due(folder, vault.name, monday, dt.timedelta(hours=1))
    for hour in range(7):
        run_automatic_backup(vault, folder, keep=3, now=monday + dt.timedelta(hours=hour))
    kept = list_backups(folder, vault.name)
    recent = [b for b in kept if b.slot == SLOT_RECENT]
    assert [b.created_at.hour for b in recent] == [14, 13, 12]
    assert [b.created_at.hour for b in kept if b.slot == SLOT_DAILY] == [8]
    assert [b.created_at.hour for b in kept if b.slot == SLOT_WEEKLY] == [8]
    assert not automatic_backup_due(
        folder, vault.name, monday + dt.timedelta(hours=6, minutes=30), dt.timedelta(hours=1)
    )
    tuesday = monday + dt.timedelta(days=1)
    kept = run_automatic_backup(vault, folder, keep=3, now=tuesday)
    assert [b.created_at.date() for b in kept if b.slot == SLOT_DAILY] == [tuesday.date()]
    assert [b.created_at.date() for b in kept if b.slot == SLOT_WEEKLY] == [monday.date()]
    next_week = monday + dt.timedelta(days=7)
    kept = run_automatic_backup(vault, folder, keep=3, now=next_week)
    assert [b.created_at.date() for b in kept if b.slot == SLOT_WEEKLY] == [next_week.date()]
    for info in kept:
        check_backup_file(info.path)
    # The vault's name is the only thing from the vault in any file name.
    assert all(p.name.startswith(vault.name + "-") for p in folder.iterdir())


def test_restore_refuses_backup_whose_database_does_not_open(vault: Vault, tmp_path: Path) -> None:
    """A well-formed container around a database that fails SQLCipher's page check."""
    out = tmp_path / "k.ctbackup"
    staging = tmp_path / "copy"
    staging.mkdir()
    vault.lock()
    shutil.copy(vault.paths.db, staging / "vault.db")
    shutil.copy(vault.paths.key, staging / "vault.key")
    raw = bytearray((staging / "vault.db").read_bytes())
    raw[4096 + 100] ^= 0xFF
    (staging / "vault.db").write_bytes(bytes(raw))
    write_container(VaultPaths(staging), out, "x")  # consistent hashes, bad pages
    check_backup_file(out)
    with pytest.raises(BackupDamagedError):
        restore_backup(out, tmp_path / "r", passphrase=TEST_PASSPHRASE)
    assert not (tmp_path / "r.casustafel").exists()
