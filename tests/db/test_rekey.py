"""Renewing the data key: old key files open nothing, the log stays proven, crashes heal."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from casustafel.db.keyfile import FLOOR_PARAMS, parse_verification_key
from casustafel.db.rekey import STAGED_DB, STAGED_KEY, renew_data_key
from casustafel.db.vault import Vault
from casustafel.errors import VaultDamagedError, WrongSecretError
from tests.conftest import TEST_PASSPHRASE, TEST_USER

NEW_PASSPHRASE = "een heel nieuw wachtwoord"


def _renew(vault: Vault) -> tuple[Vault, list[str], list[float]]:
    delivered: list[str] = []
    progress: list[float] = []
    renewed = renew_data_key(
        vault,
        NEW_PASSPHRASE,
        deliver=delivered.append,
        params=FLOOR_PARAMS,
        progress=progress.append,
    )
    return renewed, delivered, progress


def test_old_key_file_with_old_passphrase_opens_nothing(vault_path: Path, tmp_path: Path) -> None:
    vault, recovery = Vault.create(vault_path, TEST_USER, TEST_PASSPHRASE, params=FLOOR_PARAMS)
    seed = parse_verification_key(vault.verification_key or "")
    folder = vault.paths.folder
    old_key_file = tmp_path / "oud.key"
    shutil.copy2(folder / "vault.key", old_key_file)
    renewed, delivered, progress = _renew(vault)
    try:
        assert len(delivered) == 1 and progress[-1] == 1.0
        results = {r.name: r for r in renewed.verify(seed)}
        assert all(r.ok for r in results.values()), results
        assert results["Zegels van het auditlog"].proven
    finally:
        renewed.lock()
    # Nothing temporary is left (the one-writer lock files hold no key material).
    left = {p.name for p in folder.iterdir()} - {"vault.lock", "vault.readers"}
    assert sorted(left) == ["vault.db", "vault.key"]
    assert (folder / "vault.db").stat().st_mode & 0o077 == 0
    Vault.unlock(folder, NEW_PASSPHRASE).lock()
    with pytest.raises(WrongSecretError):
        Vault.unlock(folder, TEST_PASSPHRASE)
    with pytest.raises(WrongSecretError):
        Vault.unlock_with_recovery_key(folder, recovery, TEST_USER)
    Vault.unlock_with_recovery_key(folder, delivered[0], TEST_USER).lock()
    shutil.copy2(old_key_file, folder / "vault.key")  # the leaked old key file is back
    with pytest.raises(VaultDamagedError):
        Vault.unlock(folder, TEST_PASSPHRASE)


def test_refused_delivery_changes_nothing(vault: Vault) -> None:
    def refuse(_text: str) -> None:
        raise RuntimeError("not saved")

    key_before = vault.paths.key.read_bytes()
    with pytest.raises(RuntimeError):
        renew_data_key(vault, NEW_PASSPHRASE, deliver=refuse, params=FLOOR_PARAMS)
    assert vault.paths.key.read_bytes() == key_before
    vault.lock()
    Vault.unlock(vault.paths.folder, TEST_PASSPHRASE).lock()


def _states(vault_path: Path) -> tuple[bytes, bytes, bytes, bytes]:
    """Old and new (database, key file) of one renewal, to rebuild a crash's leftovers."""
    vault, _recovery = Vault.create(vault_path, TEST_USER, TEST_PASSPHRASE, params=FLOOR_PARAMS)
    vault.lock()
    folder = vault.paths.folder
    old_db, old_key = (folder / "vault.db").read_bytes(), (folder / "vault.key").read_bytes()
    renewed, _delivered, _progress = _renew(Vault.unlock(folder, TEST_PASSPHRASE))
    renewed.lock()
    return old_db, old_key, (folder / "vault.db").read_bytes(), (folder / "vault.key").read_bytes()


def test_crash_before_the_commit_point_keeps_the_old_vault(vault_path: Path) -> None:
    old_db, old_key, new_db, new_key = _states(vault_path)
    folder = vault_path
    (folder / "vault.db").write_bytes(old_db)
    (folder / "vault.key").write_bytes(old_key)
    (folder / STAGED_DB).write_bytes(new_db)
    (folder / STAGED_KEY).write_bytes(new_key)
    Vault.unlock(folder, TEST_PASSPHRASE, rollback="accept").lock()
    assert not (folder / STAGED_DB).exists() and not (folder / STAGED_KEY).exists()


def test_crash_after_the_commit_point_completes_the_renewal(vault_path: Path) -> None:
    old_db, _old_key, new_db, new_key = _states(vault_path)
    folder = vault_path
    (folder / "vault.db").write_bytes(old_db)
    (folder / "vault.key").write_bytes(new_key)
    (folder / STAGED_DB).write_bytes(new_db)
    Vault.unlock(folder, NEW_PASSPHRASE).lock()
    assert not (folder / STAGED_DB).exists()
    with pytest.raises(WrongSecretError):
        Vault.unlock(folder, TEST_PASSPHRASE)
