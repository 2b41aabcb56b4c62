"""Keys through the real command: recovery key never lost, verification key, renewal."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.cli.test_vault_commands import PASSPHRASE, run_cli, with_passphrase

pytestmark = pytest.mark.slow  # one subprocess with key derivation per step

NEW = "een ander lang wachtwoord"


def _init(tmp_path: Path, *extra: str) -> tuple[Path, Path, Path]:
    path = tmp_path / "kluis.casustafel"
    rk, vk = tmp_path / "herstel.txt", tmp_path / "verificatie.txt"
    result = run_cli(
        "init",
        str(path),
        "--user",
        "Anna",
        "--recovery-key-file",
        str(rk),
        "--verificatiesleutel-bestand",
        str(vk),
        *extra,
        env=with_passphrase(),
    )
    assert result.returncode == 0, result.stderr
    return path, rk, vk


def test_init_refuses_an_existing_recovery_key_file(tmp_path: Path) -> None:
    existing = tmp_path / "herstel.txt"
    existing.write_text("de sleutel van een andere kluis\n")
    result = run_cli(
        "init",
        str(tmp_path / "k"),
        "--user",
        "A",
        "--recovery-key-file",
        str(existing),
        env=with_passphrase(),
    )
    assert result.returncode == 7
    assert "--force" in result.stderr
    assert existing.read_text() == "de sleutel van een andere kluis\n"
    assert not (tmp_path / "k.casustafel").exists()


def test_init_leaves_no_vault_when_the_key_cannot_be_saved(tmp_path: Path) -> None:
    result = run_cli(
        "init",
        str(tmp_path / "k"),
        "--user",
        "A",
        "--recovery-key-file",
        str(tmp_path / "bestaat-niet" / "herstel.txt"),
        env=with_passphrase(),
    )
    assert result.returncode == 8
    assert not (tmp_path / "k.casustafel").exists()


def test_verify_proves_the_log_with_the_verification_key(tmp_path: Path) -> None:
    path, _rk, vk = _init(tmp_path)
    proven = run_cli(
        "verify", str(path), "--verificatiesleutel-bestand", str(vk), env=with_passphrase()
    )
    assert proven.returncode == 0, proven.stdout
    assert "bewezen met de verificatiesleutel" in proven.stdout
    unproven = run_cli("verify", str(path), env=with_passphrase())
    assert unproven.returncode == 0
    assert "NB" in unproven.stdout and "niet bewezen" in unproven.stdout


def test_new_recovery_key_revokes_the_old_one(tmp_path: Path) -> None:
    path, rk, _vk = _init(tmp_path)
    new_rk = tmp_path / "nieuw.txt"
    made = run_cli(
        "passwd",
        str(path),
        "--new-recovery-key",
        "--new-recovery-key-file",
        str(new_rk),
        env=with_passphrase(),
    )
    assert made.returncode == 0, made.stderr
    reset = {**with_passphrase(), "CASUSTAFEL_NEW_PASSPHRASE": NEW}
    old = run_cli("passwd", str(path), "--recovery-key", "--recovery-key-file", str(rk), env=reset)
    assert old.returncode == 3
    new = run_cli(
        "passwd", str(path), "--recovery-key", "--recovery-key-file", str(new_rk), env=reset
    )
    assert new.returncode == 0, new.stderr


def test_renewed_key_locks_out_the_old_key_file(tmp_path: Path) -> None:
    path, _rk, vk = _init(tmp_path)
    old_key = tmp_path / "oud.key"
    shutil.copy2(path / "vault.key", old_key)
    renewed = run_cli(
        "passwd",
        str(path),
        "--sleutel-vernieuwen",
        "--new-recovery-key-file",
        str(tmp_path / "nieuw.txt"),
        env={**with_passphrase(), "CASUSTAFEL_NEW_PASSPHRASE": NEW},
    )
    assert renewed.returncode == 0, renewed.stderr
    # Nothing temporary is left; the lock files of the one-writer rule stay (they hold
    # no key material, only who has the vault open).
    left = sorted(p.name for p in path.iterdir())
    assert left == ["vault.db", "vault.key", "vault.lock", "vault.readers"]
    ok = run_cli(
        "verify", str(path), "--verificatiesleutel-bestand", str(vk), env=with_passphrase(NEW)
    )
    assert ok.returncode == 0 and "bewezen" in ok.stdout
    shutil.copy2(old_key, path / "vault.key")
    stale = run_cli("verify", str(path), env=with_passphrase(PASSPHRASE))
    assert stale.returncode == 4
