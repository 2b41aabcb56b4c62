"""The unlock dialog when another program has the vault open: a clear Dutch message that
names the holder, nothing opened, and it opens once that program has stopped."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from casustafel.db.vault import Vault
from casustafel.ui.views.unlock_dialog import UnlockDialog, UnlockThrottle
from casustafel.ui.worker import Worker
from tests.ui.shell_helpers import COUNTDOWN_TICK_MS, PASSPHRASE

_HOLDER = """
import sys, time
from pathlib import Path
from casustafel.db.vault_lock import Access, acquire, set_program_name
set_program_name("casustafel import")
hold = acquire(Path(sys.argv[1]), Access.WRITE)
markers = Path(sys.argv[2])
(markers / "ready.tmp").write_text("ja")
(markers / "ready.tmp").replace(markers / "ready")
while not (markers / "stop").exists():
    time.sleep(0.02)
hold.release()
"""


@pytest.fixture
def held_elsewhere(vault: Vault, vault_path: Path, tmp_path: Path) -> Iterator[Path]:
    """The vault closed here and held open by another process until the test ends."""
    vault.lock()
    markers = tmp_path / "markers"
    markers.mkdir()
    process = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(vault_path), str(markers)],
        stdin=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while not (markers / "ready").exists():  # polling for the marker, not timing
        assert process.poll() is None and time.monotonic() < deadline
        time.sleep(0.02)
    yield markers
    (markers / "stop").touch()
    process.wait(timeout=120)


def test_a_busy_vault_names_its_holder_and_opens_once_it_is_free(
    qtbot: QtBot, vault_path: Path, held_elsewhere: Path
) -> None:
    worker = Worker()
    try:
        dialog = UnlockDialog(vault_path, worker, UnlockThrottle(), tick_ms=COUNTDOWN_TICK_MS)
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.passphrase.setText(PASSPHRASE)
        qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: not dialog.busy, timeout=30_000)

        text = dialog.message.text()
        assert text.startswith("De kluis is in gebruik door een ander programma")
        assert "casustafel import" in text
        assert dialog.vault is None and dialog.isVisible()

        (held_elsewhere / "stop").touch()
        qtbot.waitUntil(lambda: _free(vault_path), timeout=60_000)  # the holder has stopped
        with qtbot.waitSignal(dialog.accepted, timeout=30_000):
            dialog.passphrase.setText(PASSPHRASE)
            qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
        assert dialog.vault is not None
        dialog.vault.lock()
    finally:
        worker.shutdown()


def _free(vault_path: Path) -> bool:
    from casustafel.db.vault_lock import Access, acquire
    from casustafel.errors import VaultBusyError

    try:
        acquire(vault_path, Access.WRITE).release()
    except VaultBusyError:
        return False
    return True
