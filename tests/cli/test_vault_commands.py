"""The vault subcommands through a real process: output and exit codes (a public interface)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from casustafel.db.vault import Vault, VaultPaths

PASSPHRASE = "een lange zin om te testen"


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    # Start from a clean slate for secrets, so a passphrase never leaks in from the caller.
    inherited = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("CASUSTAFEL_")
        or k in ("CASUSTAFEL_KDF_PROFILE", "CASUSTAFEL_STATE_DIR")
    }
    full_env = {**inherited, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "casustafel", *args],
        capture_output=True,
        text=True,
        env=full_env,
        stdin=subprocess.DEVNULL,
        timeout=120,
        check=False,
    )


def with_passphrase(passphrase: str = PASSPHRASE) -> dict[str, str]:
    return {"CASUSTAFEL_PASSPHRASE": passphrase}


@pytest.fixture
def cli_vault(tmp_path: Path) -> Path:
    path = tmp_path / "kluis.casustafel"
    result = run_cli("init", str(path), "--user", "Anna de Regisseur", env=with_passphrase())
    assert result.returncode == 0, result.stderr
    return path


def test_init_shows_a_recovery_key_once(tmp_path: Path) -> None:
    result = run_cli("init", str(tmp_path / "nieuw"), "--user", "Anna", env=with_passphrase())
    assert result.returncode == 0
    assert "HERSTELSLEUTEL" in result.stdout
    key_line = next(line for line in result.stdout.splitlines() if line.startswith("    "))
    groups = key_line.strip().split("-")
    assert len(groups) == 11 and all(len(g) <= 5 for g in groups)
    assert (tmp_path / "nieuw.casustafel" / "vault.key").is_file()


def test_init_refuses_short_passphrase(tmp_path: Path) -> None:
    result = run_cli("init", str(tmp_path / "x"), "--user", "A", env=with_passphrase("kort"))
    assert result.returncode == 6
    assert result.stderr.strip() == "casustafel: Het wachtwoord moet minstens 12 tekens lang zijn."


def test_verify_prints_one_line_per_check(cli_vault: Path) -> None:
    result = run_cli("verify", str(cli_vault), env=with_passphrase())
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 6
    # Without the privacy officer's verification key the seals are checked, not proven.
    assert [line[:4] for line in lines] == ["OK  ", "OK  ", "OK  ", "OK  ", "NB  ", "OK  "]


def test_wrong_passphrase_exits_3(cli_vault: Path) -> None:
    result = run_cli("verify", str(cli_vault), env=with_passphrase("dit is niet het wachtwoord"))
    assert result.returncode == 3
    assert result.stderr.strip() == "casustafel: Het wachtwoord is onjuist."


def test_missing_vault_and_usage_exit_2(tmp_path: Path) -> None:
    assert run_cli("verify", str(tmp_path / "nergens"), env=with_passphrase()).returncode == 2
    bad = run_cli("verify")
    assert bad.returncode == 2
    assert bad.stderr.count("\n") == 1


def test_flipped_byte_makes_verify_exit_4(cli_vault: Path) -> None:
    db = VaultPaths.of(cli_vault).db
    raw = bytearray(db.read_bytes())
    raw[-100] ^= 0x10
    db.write_bytes(bytes(raw))
    result = run_cli("verify", str(cli_vault), env=with_passphrase())
    assert result.returncode == 4
    assert "beschadigd" in result.stderr


@pytest.mark.slow
def test_damaged_key_file_exits_4_with_its_own_message(cli_vault: Path) -> None:
    key = VaultPaths.of(cli_vault).key
    key.write_text(key.read_text().replace('"version": 1', '"version": 1 '), encoding="utf-8")
    key.write_bytes(key.read_bytes()[:-40])
    result = run_cli("verify", str(cli_vault), env=with_passphrase())
    assert result.returncode == 4
    assert "sleutelbestand" in result.stderr


@pytest.mark.slow
def test_newer_schema_exits_5(cli_vault: Path) -> None:
    vault = Vault.unlock(cli_vault, PASSPHRASE)
    with vault.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'toekomst'"))
    vault.lock()
    result = run_cli("verify", str(cli_vault), env=with_passphrase())
    assert result.returncode == 5
    assert "nieuwere versie" in result.stderr


@pytest.mark.slow
def test_edited_audit_entry_makes_verify_exit_4(cli_vault: Path) -> None:
    vault = Vault.unlock(cli_vault, PASSPHRASE)
    with vault.engine.begin() as conn:
        conn.execute(text("UPDATE audit_log SET user = 'iemand anders' WHERE id = 1"))
    vault.lock()
    result = run_cli("verify", str(cli_vault), env=with_passphrase())
    assert result.returncode == 4
    assert "FOUT Keten van het auditlog intact" in result.stdout


@pytest.mark.slow
def test_passwd_changes_and_recovery_key_resets(tmp_path: Path) -> None:
    path = tmp_path / "p.casustafel"
    key_file = tmp_path / "herstel.txt"
    init = run_cli(
        "init",
        str(path),
        "--user",
        "Anna",
        "--recovery-key-file",
        str(key_file),
        env=with_passphrase(),
    )
    assert init.returncode == 0, init.stderr
    changed = run_cli(
        "passwd",
        str(path),
        env={**with_passphrase(), "CASUSTAFEL_NEW_PASSPHRASE": "tweede lange zin hier"},
    )
    assert changed.returncode == 0, changed.stderr
    assert run_cli("verify", str(path), env=with_passphrase()).returncode == 3
    reset = run_cli(
        "passwd",
        str(path),
        "--recovery-key",
        "--recovery-key-file",
        str(key_file),
        env={"CASUSTAFEL_NEW_PASSPHRASE": "derde lange zin na verlies"},
    )
    assert reset.returncode == 0, reset.stderr
    assert (
        run_cli("verify", str(path), env=with_passphrase("derde lange zin na verlies")).returncode
        == 0
    )
    wrong = run_cli(
        "passwd",
        str(path),
        "--recovery-key",
        env={
            "CASUSTAFEL_RECOVERY_KEY": "AAAAA-" * 10 + "AAAAA",
            "CASUSTAFEL_NEW_PASSPHRASE": "vierde lange zin hier",
        },
    )
    assert wrong.returncode == 3
