"""The vault on disk: create, unlock, lock, keys, damage, newer versions and the audit chain."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest
from sqlalchemy import select, text

from casustafel.db import models
from casustafel.db.keyfile import FLOOR_PARAMS
from casustafel.db.vault import Vault, VaultPaths
from casustafel.db.vault_lock import LOCK_FILES
from casustafel.errors import (
    KeyFileDamagedError,
    NewerVersionError,
    ValidationError,
    VaultDamagedError,
    VaultExistsError,
    VaultLockedError,
    VaultNotFoundError,
    WrongSecretError,
)
from tests.conftest import TEST_PASSPHRASE, TEST_USER


def _digest_folder(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name not in LOCK_FILES
    }


def _add_subject(vault: Vault, surname: str) -> int:
    now = dt.datetime(2026, 11, 23, 10, 0)
    with vault.unit_of_work() as uow:
        subject = models.Subject(
            kind="persoon", surname=surname, given_names="Zebedeus", created_at=now, updated_at=now
        )
        uow.session.add(subject)
        uow.session.flush()
        return subject.id


def _surnames(vault: Vault) -> list[str]:
    with vault.unit_of_work() as uow:
        return list(uow.session.scalars(select(models.Subject.surname)))


def test_create_unlock_lock_round_trip(vault: Vault, vault_path: Path) -> None:
    _add_subject(vault, "Quaklenbrink")
    vault.lock()
    assert vault.is_locked
    with pytest.raises(VaultLockedError):
        _surnames(vault)
    reopened = Vault.unlock(vault_path, TEST_PASSPHRASE)
    try:
        assert _surnames(reopened) == ["Quaklenbrink"]
        assert reopened.user == TEST_USER
    finally:
        reopened.lock()


def test_files_are_owner_only(vault: Vault, vault_path: Path) -> None:
    paths = VaultPaths.of(vault_path)
    assert paths.key.stat().st_mode & 0o077 == 0
    assert paths.db.stat().st_mode & 0o077 == 0
    assert paths.folder.stat().st_mode & 0o077 == 0


@pytest.mark.parametrize(
    "wrong",
    ["verkeerd wachtwoord!!", "correct paard batterij nietjE", "ωμέγα-ключ-ß-€-日本語-🙂", ""],
)
def test_wrong_passphrase_is_refused_and_changes_no_byte(
    vault: Vault, vault_path: Path, wrong: str
) -> None:
    _add_subject(vault, "Quaklenbrink")
    vault.lock()
    before = _digest_folder(vault_path)
    with pytest.raises(WrongSecretError) as caught:
        Vault.unlock(vault_path, wrong)
    assert caught.value.exit_code == 3
    assert "onjuist" in caught.value.message
    assert _digest_folder(vault_path) == before


def test_non_ascii_passphrase_works(tmp_path: Path) -> None:
    passphrase = "Één ijsbeer eet ’s nachts crème brûlée 🐻"
    created, _ = Vault.create(tmp_path / "uni", "Ürsula", passphrase, params=FLOOR_PARAMS)
    created.lock()
    Vault.unlock(tmp_path / "uni", passphrase).lock()


def test_short_passphrase_and_existing_vault_are_refused(tmp_path: Path, vault: Vault) -> None:
    with pytest.raises(ValidationError, match="minstens 12 tekens"):
        Vault.create(tmp_path / "kort", "A", "te kort", params=FLOOR_PARAMS)
    with pytest.raises(VaultExistsError):
        Vault.create(vault.paths.folder, "A", TEST_PASSPHRASE, params=FLOOR_PARAMS)


def test_missing_vault_is_reported(tmp_path: Path) -> None:
    with pytest.raises(VaultNotFoundError) as caught:
        Vault.unlock(tmp_path / "bestaat-niet", TEST_PASSPHRASE)
    assert caught.value.exit_code == 2


def test_passphrase_change_keeps_all_data(vault: Vault, vault_path: Path) -> None:
    _add_subject(vault, "Quaklenbrink")
    db_before = VaultPaths.of(vault_path).db.read_bytes()
    vault.change_passphrase("een heel nieuw wachtwoord", params=FLOOR_PARAMS)
    vault.lock()
    with pytest.raises(WrongSecretError):
        Vault.unlock(vault_path, TEST_PASSPHRASE)
    reopened = Vault.unlock(vault_path, "een heel nieuw wachtwoord")
    try:
        assert _surnames(reopened) == ["Quaklenbrink"]
    finally:
        reopened.lock()
    del db_before  # the database is re-wrapped, not re-encrypted: same key, other wrap


def test_recovery_key_resets_passphrase(tmp_path: Path) -> None:
    created, recovery = Vault.create(tmp_path / "r", "Anna", TEST_PASSPHRASE, params=FLOOR_PARAMS)
    _add_subject(created, "Quaklenbrink")
    created.lock()
    typed = recovery.lower().replace("-", " ")  # as a person copies it from paper
    reset = Vault.unlock_with_recovery_key(tmp_path / "r", typed, "Anna")
    reset.change_passphrase("vergeten en opnieuw gezet", params=FLOOR_PARAMS)
    reset.lock()
    reopened = Vault.unlock(tmp_path / "r", "vergeten en opnieuw gezet")
    try:
        assert _surnames(reopened) == ["Quaklenbrink"]
    finally:
        reopened.lock()


def test_mistyped_recovery_key_is_caught_by_its_checksum(tmp_path: Path) -> None:
    created, recovery = Vault.create(tmp_path / "r", "Anna", TEST_PASSPHRASE, params=FLOOR_PARAMS)
    created.lock()
    first = recovery[0]
    typo = ("B" if first != "B" else "C") + recovery[1:]
    with pytest.raises(WrongSecretError, match="controlegetal"):
        Vault.unlock_with_recovery_key(tmp_path / "r", typo, "Anna")


def test_flipped_byte_in_database_is_reported_as_damage(vault: Vault, vault_path: Path) -> None:
    for i in range(200):
        _add_subject(vault, f"Naam{i:04d}" * 20)
    vault.lock()
    db = VaultPaths.of(vault_path).db
    raw = bytearray(db.read_bytes())
    assert len(raw) > 8192
    raw[len(raw) // 2] ^= 0x01
    db.write_bytes(bytes(raw))
    with pytest.raises(VaultDamagedError) as caught:
        Vault.unlock(vault_path, TEST_PASSPHRASE)
    assert caught.value.exit_code == 4
    assert "reservekopie" in caught.value.message


def test_flipped_byte_in_first_page_is_damage_not_wrong_passphrase(
    vault: Vault, vault_path: Path
) -> None:
    vault.lock()
    db = VaultPaths.of(vault_path).db
    raw = bytearray(db.read_bytes())
    raw[100] ^= 0x01
    db.write_bytes(bytes(raw))
    with pytest.raises(VaultDamagedError):
        Vault.unlock(vault_path, TEST_PASSPHRASE)


def test_damaged_key_file_has_its_own_message(vault: Vault, vault_path: Path) -> None:
    vault.lock()
    key = VaultPaths.of(vault_path).key
    raw = bytearray(key.read_bytes())
    position = raw.index(b'"ciphertext"') + 20
    raw[position] = ord("A") if raw[position] != ord("A") else ord("B")
    key.write_bytes(bytes(raw))
    with pytest.raises(KeyFileDamagedError) as caught:
        Vault.unlock(vault_path, TEST_PASSPHRASE)
    assert caught.value.exit_code == 4
    assert "sleutelbestand" in caught.value.message


def test_truncated_key_file_is_damage(vault: Vault, vault_path: Path) -> None:
    vault.lock()
    key = VaultPaths.of(vault_path).key
    key.write_bytes(key.read_bytes()[:50])
    with pytest.raises(KeyFileDamagedError):
        Vault.unlock(vault_path, TEST_PASSPHRASE)


def test_newer_schema_is_refused_and_not_touched(vault: Vault, vault_path: Path) -> None:
    with vault.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_uit_de_toekomst'"))
    vault.lock()
    db = VaultPaths.of(vault_path).db
    before = db.read_bytes()
    with pytest.raises(NewerVersionError) as caught:
        Vault.unlock(vault_path, TEST_PASSPHRASE)
    assert caught.value.exit_code == 5
    assert db.read_bytes() == before
    assert not VaultPaths.of(vault_path).backups.exists()


def test_edited_audit_entry_is_detected(vault: Vault) -> None:
    _add_subject(vault, "Quaklenbrink")
    assert all(r.ok for r in vault.verify())
    with vault.engine.begin() as conn:
        conn.execute(text("UPDATE audit_log SET action = 'read' WHERE id = 1"))
    chain = vault.verify()[-1]
    assert not chain.ok
    assert "regel 1" in chain.detail


def test_removed_audit_entries_are_detected(vault: Vault) -> None:
    vault.lock()
    reopened = Vault.unlock(vault.paths.folder, TEST_PASSPHRASE)
    try:
        with reopened.engine.begin() as conn:
            conn.execute(text("DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)"))
        assert not reopened.verify()[-1].ok
        with reopened.engine.begin() as conn:
            conn.execute(text("DELETE FROM audit_log WHERE id = 1"))
        assert not reopened.verify()[-1].ok
    finally:
        reopened.lock()


def test_audit_log_holds_no_personal_content(vault: Vault) -> None:
    _add_subject(vault, "Quaklenbrink")
    with vault.unit_of_work() as uow:
        rows = uow.session.execute(select(models.AuditEntry)).scalars().all()
        assert rows
        for row in rows:
            assert "Quaklenbrink" not in f"{row.detail}{row.object_kind}{row.on_behalf_of}"


def test_engine_settings_are_applied(vault: Vault) -> None:
    with vault.engine.connect() as conn:

        def pragma(name: str) -> object:
            return conn.exec_driver_sql(f"PRAGMA {name}").scalar()

        assert pragma("cipher_hmac_algorithm") == "HMAC_SHA512"  # SQLCipher 4 defaults
        assert str(pragma("cipher_page_size")) == "4096"
        assert pragma("foreign_keys") == 1
        assert pragma("secure_delete") == 1
        assert pragma("temp_store") == 2  # MEMORY
        assert pragma("journal_mode") == "wal"
        assert pragma("synchronous") == 2  # FULL
        assert str(pragma("cipher_memory_security")) == "1"


def test_failed_attempts_are_audited_at_the_next_unlock(vault: Vault, vault_path: Path) -> None:
    vault.lock()
    reopened = Vault.unlock(vault_path, TEST_PASSPHRASE, failed_attempts=2)
    try:
        with reopened.unit_of_work() as uow:
            actions = list(
                uow.session.scalars(select(models.AuditEntry.action).order_by(models.AuditEntry.id))
            )
        assert actions[-3:] == ["failed_unlock", "failed_unlock", "unlock"]
    finally:
        reopened.lock()
