"""A full disk or an unwritable folder during backup, export or PDF printing loses nothing.

"Disk full" is real in two ways: a child process with `RLIMIT_FSIZE` (any user, any machine:
writes past the limit fail with EFBIG) and, where the test may mount, a 64 KiB tmpfs (ENOSPC).
An unwritable folder is a read-only mount when running as root (root ignores permissions),
otherwise a folder without write permission.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from casustafel.db.vault import Vault
from casustafel.errors import EXIT_OUTPUT, OutputError
from casustafel.services.audit_log import write_audit_pdf
from casustafel.services.backup import write_backup
from casustafel.services.inzage import write_access_request_pdf
from tests.conftest import TEST_PASSPHRASE
from tests.services.retention_data import SURNAME, make_case

OLD = b"oude inhoud die moet blijven"

CHILD = r"""
import resource, signal, sys
from pathlib import Path
from casustafel.cli.common import run_guarded
from casustafel.db.vault import Vault
from casustafel.services.audit_log import write_audit_pdf
from casustafel.services.backup import write_backup
from casustafel.services.inzage import write_access_request_pdf
from casustafel.services.retention import checkpoint_wal

kind, path, out, limit, subject = sys.argv[1:6]
vault = Vault.unlock(path, sys.argv[6])
checkpoint_wal(vault)  # the vault's own writes are done before the limit applies
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # get EFBIG instead of being killed
resource.setrlimit(resource.RLIMIT_FSIZE, (int(limit), int(limit)))

def act():
    if kind == "backup":
        write_backup(vault, Path(out), force=True)
    elif kind == "audit":
        write_audit_pdf(vault, Path(out))
    else:
        write_access_request_pdf(vault, int(subject), Path(out))
    return 0

sys.exit(run_guarded(act))
"""


def assert_vault_intact(vault_path: Path) -> None:
    vault = Vault.unlock(vault_path, TEST_PASSPHRASE)
    try:
        assert all(check.ok for check in vault.verify())
        with vault.unit_of_work() as uow:
            from casustafel.db import models

            assert uow.session.query(models.Subject).filter_by(surname=SURNAME).count() == 1
    finally:
        vault.lock()


@pytest.fixture
def filled(vault: Vault, vault_path: Path) -> Iterator[tuple[Path, int]]:
    made = make_case(vault)
    vault.lock()
    yield vault_path, made.subject_id


@pytest.mark.parametrize("kind", ["backup", "audit", "inzage"])
def test_file_size_limit_leaves_vault_and_old_file_intact(
    filled: tuple[Path, int], tmp_path: Path, kind: str
) -> None:
    vault_path, subject_id = filled
    folder = tmp_path / "uit"
    folder.mkdir()
    out = folder / "bestand.out"
    out.write_bytes(OLD)
    result = subprocess.run(
        [sys.executable, "-c", CHILD, kind, str(vault_path), str(out), "4096", str(subject_id),
         TEST_PASSPHRASE],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )  # fmt: skip
    assert result.returncode == EXIT_OUTPUT, result.stderr
    message = result.stderr.strip()
    assert message.startswith("casustafel: ") and "\n" not in message
    assert "vol" in message or "te groot" in message
    assert SURNAME not in message and str(tmp_path) not in message
    assert out.read_bytes() == OLD
    assert sorted(p.name for p in folder.iterdir()) == ["bestand.out"]  # no temp file left
    assert_vault_intact(vault_path)


def _mount_tmpfs(folder: Path, options: str) -> bool:
    if os.geteuid() != 0:
        return False
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)],
        capture_output=True,
        check=False,
    )
    return done.returncode == 0


@contextlib.contextmanager
def unwritable_folder(tmp_path: Path, with_file: bytes | None) -> Iterator[Path]:
    folder = tmp_path / "alleenlezen"
    folder.mkdir()
    if os.geteuid() == 0:
        if with_file is not None:  # a tmpfs is empty: fill it, then remount read-only
            if not _mount_tmpfs(folder, "size=1m"):
                pytest.skip("cannot mount a read-only folder here (root ignores permissions)")
            (folder / "bestand.out").write_bytes(with_file)
            subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
        elif not _mount_tmpfs(folder, "ro,size=1m"):
            pytest.skip("cannot mount a read-only folder here (root ignores permissions)")
        try:
            yield folder
        finally:
            subprocess.run(["umount", str(folder)], check=False)
    else:
        if with_file is not None:
            (folder / "bestand.out").write_bytes(with_file)
        folder.chmod(0o500)
        try:
            yield folder
        finally:
            folder.chmod(0o700)


@pytest.mark.parametrize("kind", ["backup", "audit", "inzage"])
def test_unwritable_folder(filled: tuple[Path, int], tmp_path: Path, kind: str) -> None:
    vault_path, subject_id = filled
    vault = Vault.unlock(vault_path, TEST_PASSPHRASE)
    try:
        with unwritable_folder(tmp_path, OLD) as folder:
            out = folder / "bestand.out"
            with pytest.raises(OutputError) as caught:
                if kind == "backup":
                    write_backup(vault, out, force=True)
                elif kind == "audit":
                    write_audit_pdf(vault, out)
                else:
                    write_access_request_pdf(vault, subject_id, out)
            assert "schrijfrechten" in caught.value.message
            assert out.read_bytes() == OLD
            assert sorted(p.name for p in folder.iterdir()) == ["bestand.out"]
    finally:
        vault.lock()
    assert_vault_intact(vault_path)


def test_tiny_disk_during_backup(filled: tuple[Path, int], tmp_path: Path) -> None:
    vault_path, _subject = filled
    folder = tmp_path / "klein"
    folder.mkdir()
    if not _mount_tmpfs(folder, "size=64k"):
        pytest.skip("cannot mount a tmpfs here")
    try:
        vault = Vault.unlock(vault_path, TEST_PASSPHRASE)
        try:
            with pytest.raises(OutputError) as caught:
                write_backup(vault, folder / "k.ctbackup")
        finally:
            vault.lock()
        assert "vol" in caught.value.message
        assert list(folder.iterdir()) == []
    finally:
        subprocess.run(["umount", str(folder)], check=False)
    assert_vault_intact(vault_path)
