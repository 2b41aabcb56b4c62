"""Shared by the one-writer and crash tests: a real vault with a backup, CLI runs, markers."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path

from casustafel.db import models
from casustafel.db.keyfile import FLOOR_PARAMS
from casustafel.db.vault import Vault
from casustafel.db.vault_lock import LOCK_FILES, Access
from casustafel.services.backup import write_backup

PASSPHRASE = "een lange zin om te testen"
NEW_PASSPHRASE = "een andere lange zin om te testen"
MARK = "test-merk"  # a vault_meta row telling the old vault from the restored one


def cli_env(**extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("CASUSTAFEL_") or k == "CASUSTAFEL_STATE_DIR"
    }
    env.update(CASUSTAFEL_KDF_PROFILE="floor", CASUSTAFEL_PASSPHRASE=PASSPHRASE, **extra)
    return env


def run_cli(*args: str | Path, **extra_env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "casustafel", *map(str, args)],
        capture_output=True,
        text=True,
        env=cli_env(**extra_env),
        stdin=subprocess.DEVNULL,
        timeout=300,
        check=False,
    )


def _set_mark(vault: Vault, value: str) -> None:
    with vault.unit_of_work() as uow:
        row = uow.session.get(models.VaultMeta, MARK)
        if row is None:
            uow.session.add(models.VaultMeta(key=MARK, value=value))
        else:
            row.value = value


def vault_with_backup(folder: Path) -> tuple[Path, Path]:
    """A vault marked 'oud' and a backup of it marked 'nieuw' (what a restore brings)."""
    path = folder / "kluis.casustafel"
    backup = folder / "kopie.ctbackup"
    vault, _recovery = Vault.create(path, "Anna de Regisseur", PASSPHRASE, params=FLOOR_PARAMS)
    try:
        _set_mark(vault, "nieuw")
        write_backup(vault, backup)
        _set_mark(vault, "oud")
    finally:
        vault.lock()
    return path, backup


def read_mark(path: Path, passphrase: str = PASSPHRASE) -> str:
    """Open the vault read-only (the next run) and return its mark."""
    vault = Vault.unlock(path, passphrase, access=Access.READ)
    try:
        rows = vault.raw_query(f"SELECT value FROM vault_meta WHERE key = '{MARK}'")
        return str(rows[0][0])
    finally:
        vault.lock()


def count_audit(path: Path) -> int:
    vault = Vault.unlock(path, PASSPHRASE, access=Access.READ)
    try:
        return int(str(vault.raw_query("SELECT count(*) FROM audit_log")[0][0]))
    finally:
        vault.lock()


def digest_files(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.is_file() and p.name not in LOCK_FILES
    }


def wait_for(marker: Path, process: subprocess.Popen[str], timeout: float = 180.0) -> str:
    """Wait until `marker` exists (the program wrote it); fail if the program ended first."""
    deadline = time.monotonic() + timeout
    while not marker.exists():
        if process.poll() is not None:
            raise AssertionError(f"holder ended early ({process.returncode}): {marker.name}")
        if time.monotonic() > deadline:
            raise AssertionError(f"no {marker.name} after {timeout} s")
        time.sleep(0.05)  # polling for a marker, not synchronising by time
    return marker.read_text(encoding="utf-8")
