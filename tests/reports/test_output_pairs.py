"""Files that belong together (a monitoring CSV and its manifest) are written all or nothing.

The failures are real ones from the operating system: a file-size limit (`RLIMIT_FSIZE`,
what a full disk looks like to a writer: the write fails part-way) in a child process, and a
rename onto a folder. Whatever fails, both old files stay as they were and no temp is left.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from casustafel.errors import OutputError
from casustafel.reports.output import atomic_write_files

_FULL_DISK_CHILD = """
import resource, signal, sys
from pathlib import Path
from casustafel.errors import OutputError
from casustafel.reports.output import atomic_write_files

folder = Path(sys.argv[1])
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a failed write, not a killed process
resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))
try:
    atomic_write_files(
        [(folder / "export.manifest.json", b"{}" * 100), (folder / "export.csv", b"x" * 100_000)],
        what="De export",
    )
except OutputError as exc:
    print(exc.message)
    sys.exit(8)
"""


def _old_pair(folder: Path) -> dict[str, bytes]:
    old = {"export.csv": b"oude cijfers\r\n", "export.manifest.json": b'{"oud": true}'}
    for name, data in old.items():
        (folder / name).write_bytes(data)
    return old


def _contents(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_FSIZE is POSIX")
def test_a_full_disk_changes_neither_file(tmp_path: Path) -> None:
    old = _old_pair(tmp_path)
    result = subprocess.run(
        [sys.executable, "-c", _FULL_DISK_CHILD, str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 8, result.stderr
    assert "Er is niets gewijzigd" in result.stdout
    assert _contents(tmp_path) == old  # both old files, no temp file left


def test_a_failed_rename_puts_the_first_file_back(tmp_path: Path) -> None:
    old = _old_pair(tmp_path)
    blocker = tmp_path / "export.json"  # the second target is a folder: it cannot be replaced
    blocker.mkdir()
    (blocker / "iets").write_bytes(b"")
    with pytest.raises(OutputError) as caught:
        atomic_write_files(
            [(tmp_path / "export.csv", b"nieuw"), (blocker, b"{}")], what="De export"
        )
    assert "Er is niets gewijzigd" in caught.value.message
    assert _contents(tmp_path) == old


def test_a_new_file_is_removed_again_when_its_partner_fails(tmp_path: Path) -> None:
    blocker = tmp_path / "export.manifest.json"
    blocker.mkdir()
    (blocker / "iets").write_bytes(b"")
    with pytest.raises(OutputError):
        atomic_write_files([(tmp_path / "export.csv", b"nieuw"), (blocker, b"{}")])
    assert _contents(tmp_path) == {}


def test_both_files_are_replaced_together(tmp_path: Path) -> None:
    _old_pair(tmp_path)
    atomic_write_files(
        [(tmp_path / "export.csv", b"nieuw"), (tmp_path / "export.manifest.json", b"{}")]
    )
    assert _contents(tmp_path) == {"export.csv": b"nieuw", "export.manifest.json": b"{}"}
