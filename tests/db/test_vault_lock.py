"""The vault's OS lock across processes: who may open beside whom, and what the refusal says."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Generator, Iterator
from pathlib import Path

import pytest

from casustafel.db.vault_lock import LOCK_NAME, Access, acquire, holder_text
from casustafel.errors import VaultBusyError

_HOLDER = """
import sys, time
from pathlib import Path
from casustafel.db.vault_lock import Access, acquire, set_program_name
set_program_name("casustafel import")
hold = acquire(Path(sys.argv[1]), Access[sys.argv[2]])
ready = Path(sys.argv[3])
ready.with_suffix(".tmp").write_text("ja")
ready.with_suffix(".tmp").replace(ready)
sys.stdin.read()  # until the test closes our stdin
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "kluis.casustafel"
    path.mkdir()
    return path


def _hold_elsewhere(folder: Path, access: Access) -> Generator[subprocess.Popen[str]]:
    ready = folder.parent / f"klaar-{access.name}"
    process = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(folder), access.name, str(ready)],
        stdin=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 120
    while not ready.exists():  # polling for the marker the holder writes, not timing
        assert process.poll() is None and time.monotonic() < deadline
        time.sleep(0.02)
    try:
        yield process
    finally:
        assert process.stdin is not None
        process.stdin.close()
        process.wait(timeout=60)


@pytest.fixture
def writer_elsewhere(folder: Path) -> Iterator[subprocess.Popen[str]]:
    yield from _hold_elsewhere(folder, Access.WRITE)


@pytest.fixture
def reader_elsewhere(folder: Path) -> Iterator[subprocess.Popen[str]]:
    yield from _hold_elsewhere(folder, Access.READ)


def test_a_writer_keeps_writers_out_and_is_named(
    folder: Path, writer_elsewhere: subprocess.Popen[str]
) -> None:
    for access in (Access.WRITE, Access.EXCLUSIVE):
        with pytest.raises(VaultBusyError) as caught:
            acquire(folder, access)
        assert caught.value.exit_code == 7
        assert "casustafel import" in caught.value.message
        assert f"proces {writer_elsewhere.pid}" in caught.value.message
    assert "casustafel import" in holder_text(folder)
    acquire(folder, Access.READ).release()  # verify may read beside it


def test_a_reader_keeps_out_only_the_exclusive(
    folder: Path, reader_elsewhere: subprocess.Popen[str]
) -> None:
    acquire(folder, Access.WRITE).release()
    with pytest.raises(VaultBusyError) as caught:
        acquire(folder, Access.EXCLUSIVE)
    assert "leest" in caught.value.message


def test_the_lock_goes_with_the_process(folder: Path) -> None:
    holder = _hold_elsewhere(folder, Access.WRITE)
    next(holder)
    with pytest.raises(VaultBusyError):
        acquire(folder, Access.WRITE)
    holder.close()  # the holder's stdin closes, it exits, the OS drops its lock
    acquire(folder, Access.EXCLUSIVE).release()


def test_one_process_may_open_its_own_vault_twice(folder: Path) -> None:
    first = acquire(folder, Access.WRITE)
    second = acquire(folder, Access.EXCLUSIVE)  # counted, and upgraded in place
    first.release()
    second.release()
    assert (folder / LOCK_NAME).is_file()  # the lock file stays: deleting it would race
