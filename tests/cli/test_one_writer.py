"""One writer per vault, with real processes: an open app keeps other programs out (exit 7,
the holder named), `verify` may read beside it, and an app whose folder is replaced under it
writes nothing and locks."""

from __future__ import annotations

import getpass
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from casustafel.db.vault import Vault

from .one_writer_helpers import (
    NEW_PASSPHRASE,
    cli_env,
    count_audit,
    digest_files,
    run_cli,
    vault_with_backup,
    wait_for,
)

pytestmark = pytest.mark.slow

HOLDER = Path(__file__).with_name("vault_holder.py")


@dataclass
class Holder:
    vault: Path
    backup: Path
    markers: Path
    process: subprocess.Popen[str]


@pytest.fixture
def app_holding(tmp_path: Path) -> Iterator[Holder]:
    """The vault open in a real app process (offscreen), ready when it says so."""
    vault, backup = vault_with_backup(tmp_path)
    markers = tmp_path / "markers"
    markers.mkdir()
    with (tmp_path / "holder-stderr.txt").open("w", encoding="utf-8") as stderr:
        process = subprocess.Popen(
            [sys.executable, str(HOLDER), str(vault), str(markers)],
            env={**cli_env(), "QT_QPA_PLATFORM": "offscreen"},
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
            text=True,
        )
        try:
            wait_for(markers / "ready", process)
            yield Holder(vault, backup, markers, process)
        finally:
            (markers / "stop").touch()
            try:
                process.wait(timeout=120)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _assert_refused_naming_holder(result: subprocess.CompletedProcess[str], pid: int) -> None:
    assert result.returncode == 7, result.stderr
    assert "in gebruik door een ander programma" in result.stderr
    assert "Casustafel-app" in result.stderr
    assert getpass.getuser() in result.stderr
    assert f"proces {pid}" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1  # one Dutch line, no traceback


def test_restore_passwd_and_import_beside_the_open_app_exit_7_naming_it(
    app_holding: Holder, tmp_path: Path
) -> None:
    vault, pid = app_holding.vault, app_holding.process.pid
    key_before = (vault / "vault.key").read_bytes()
    csv_file = tmp_path / "lijst.csv"
    csv_file.write_text("achternaam;omschrijving\nJansen;Geluidsoverlast\n", encoding="utf-8")

    restore = run_cli("restore", app_holding.backup, "--to", vault, "--force")
    passwd = run_cli("passwd", vault, CASUSTAFEL_NEW_PASSPHRASE=NEW_PASSPHRASE)
    imported = run_cli("import", vault, csv_file, "--table", "WO")

    for result in (restore, passwd, imported):
        _assert_refused_naming_holder(result, pid)
    assert (vault / "vault.key").read_bytes() == key_before  # the passphrase is unchanged
    assert sorted(p.name for p in tmp_path.iterdir() if "casustafel" in p.name) == [
        "kluis.casustafel"
    ]  # nothing moved aside, no staging folder left


def test_verify_reads_beside_the_open_app(app_holding: Holder) -> None:
    result = run_cli("verify", app_holding.vault)
    assert result.returncode == 0, result.stderr
    assert "FOUT" not in result.stdout


def test_app_whose_folder_is_replaced_writes_nothing_and_locks(
    app_holding: Holder, tmp_path: Path
) -> None:
    vault, markers = app_holding.vault, app_holding.markers
    moved = tmp_path / "elders.casustafel"
    os.rename(vault, moved)
    shutil.copytree(moved, vault)  # as a sync tool or a hand-made copy would put it back
    replacement = digest_files(vault)
    entries_moved = count_audit(moved)  # read-only: beside the app, which holds the lock

    (markers / "write").touch()
    outcome = wait_for(markers / "write-result", app_holding.process)
    locked = wait_for(markers / "locked", app_holding.process)

    assert outcome == "refused:VaultGoneError"
    assert locked == "gone"  # locked, with the message saying why
    (markers / "stop").touch()
    assert app_holding.process.wait(timeout=120) == 0
    assert digest_files(vault) == replacement  # nothing written into the new folder
    assert count_audit(moved) == entries_moved  # nor into the one moved away (not even LOCK)


def test_the_lock_dies_with_its_process(tmp_path: Path) -> None:
    """No stale locks: a holder killed outright leaves a vault the next program opens."""
    vault, _backup = vault_with_backup(tmp_path)
    markers = tmp_path / "markers"
    markers.mkdir()
    process = subprocess.Popen(
        [sys.executable, str(HOLDER), str(vault), str(markers)],
        env={**cli_env(), "QT_QPA_PLATFORM": "offscreen"},
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    wait_for(markers / "ready", process)
    process.kill()
    process.wait()
    Vault.unlock(vault, "een lange zin om te testen").lock()
