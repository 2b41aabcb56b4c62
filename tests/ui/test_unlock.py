"""The unlock dialog on real vaults: right, wrong, damaged, newer, and the growing wait."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from casustafel.db.vault import Vault
from casustafel.db.vault_lock import LOCK_FILES
from casustafel.ui.views.unlock_dialog import (
    MAX_DELAY_SECONDS,
    MSG_DAMAGED,
    MSG_KEY_DAMAGED,
    MSG_NEWER,
    MSG_WRONG,
    UnlockDialog,
    UnlockThrottle,
    delay_after,
)
from casustafel.ui.worker import Worker
from tests.ui.shell_helpers import (
    COUNTDOWN_TICK_MS,
    PASSPHRASE,
    close_controller,
    make_controller,
)


@pytest.fixture
def worker() -> Iterator[Worker]:
    w = Worker()
    yield w
    w.shutdown()


@pytest.fixture
def locked_vault(vault: Vault, vault_path: Path) -> Path:
    vault.lock()
    return vault_path


def _dialog(
    qtbot: QtBot, path: Path, worker: Worker, throttle: UnlockThrottle | None = None
) -> UnlockDialog:
    dialog = UnlockDialog(path, worker, throttle or UnlockThrottle(), tick_ms=COUNTDOWN_TICK_MS)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _try(qtbot: QtBot, dialog: UnlockDialog, passphrase: str) -> None:
    # setText, not keyClicks: QTest cannot type characters outside Latin-1 (€).
    dialog.passphrase.setText(passphrase)
    qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
    assert dialog.busy or dialog.vault is not None
    qtbot.waitUntil(lambda: not dialog.busy, timeout=10_000)


def _fingerprint(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.is_file() and p.name not in LOCK_FILES
    }


def test_right_passphrase_unlocks(qtbot: QtBot, locked_vault: Path, worker: Worker) -> None:
    dialog = _dialog(qtbot, locked_vault, worker)
    assert "test" in dialog.windowTitle()
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
        qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
    assert dialog.vault is not None and not dialog.vault.is_locked
    assert dialog.passphrase.text() == ""
    dialog.vault.lock()


@pytest.mark.parametrize("wrong", ["verkeerd wachtwoord", "wachtwoord-ñ-ü-€-ß fout"])
def test_wrong_passphrase_says_so_and_changes_nothing(
    qtbot: QtBot, locked_vault: Path, worker: Worker, wrong: str
) -> None:
    before = _fingerprint(locked_vault)
    dialog = _dialog(qtbot, locked_vault, worker)
    _try(qtbot, dialog, wrong)
    assert dialog.message.text() == MSG_WRONG
    assert dialog.vault is None and dialog.isVisible()
    assert dialog.passphrase.text() == "" and dialog.passphrase.isEnabled()
    assert _fingerprint(locked_vault) == before


def test_damaged_database_advises_a_backup(
    qtbot: QtBot, locked_vault: Path, worker: Worker
) -> None:
    db = locked_vault / "vault.db"
    data = bytearray(db.read_bytes())
    data[5000] ^= 0xFF  # one flipped byte inside the second page
    db.write_bytes(bytes(data))
    dialog = _dialog(qtbot, locked_vault, worker)
    _try(qtbot, dialog, PASSPHRASE)
    assert dialog.message.text() == MSG_DAMAGED
    assert "reservekopie" in dialog.message.text()


def test_damaged_key_file_is_not_a_wrong_passphrase(
    qtbot: QtBot, locked_vault: Path, worker: Worker
) -> None:
    (locked_vault / "vault.key").write_bytes(b"{ dit is geen sleutelbestand")
    dialog = _dialog(qtbot, locked_vault, worker)
    _try(qtbot, dialog, PASSPHRASE)
    assert dialog.message.text() == MSG_KEY_DAMAGED


def test_vault_from_a_newer_version_is_refused(
    qtbot: QtBot, vault: Vault, vault_path: Path, worker: Worker
) -> None:
    with vault.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'ffffffffffff'"))
    vault.lock()
    dialog = _dialog(qtbot, vault_path, worker)
    _try(qtbot, dialog, PASSPHRASE)
    assert dialog.message.text() == MSG_NEWER


def test_after_three_wrong_attempts_each_next_one_waits_longer(
    qtbot: QtBot, locked_vault: Path, worker: Worker
) -> None:
    throttle = UnlockThrottle()
    dialog = _dialog(qtbot, locked_vault, worker, throttle)
    for _attempt in range(2):
        _try(qtbot, dialog, "nog steeds fout")
        assert dialog.waiting_seconds == 0
    _try(qtbot, dialog, "nog steeds fout")
    # A countdown "second" lasts COUNTDOWN_TICK_MS here; one may have passed already.
    assert dialog.waiting_seconds in (1, 2)
    assert f"{dialog.waiting_seconds} seconden" in dialog.message.text()
    assert not dialog.passphrase.isEnabled() and not dialog.unlock_button.isEnabled()
    dialog.passphrase.setText(PASSPHRASE)
    dialog.attempt()  # refused while the countdown runs
    assert not dialog.busy
    qtbot.waitUntil(lambda: dialog.waiting_seconds == 0)
    assert dialog.passphrase.isEnabled()
    _try(qtbot, dialog, "weer fout")
    assert dialog.waiting_seconds in (3, 4)


def test_the_wait_survives_closing_the_dialog(
    qtbot: QtBot, tmp_path: Path, locked_vault: Path
) -> None:
    controller, _clock = make_controller(qtbot, tmp_path)
    try:
        for _attempt in range(3):
            controller.open_vault(locked_vault)
            dialog = controller.unlock_dialog
            assert dialog is not None
            _try(qtbot, dialog, "fout fout fout")
            dialog.reject()
            qtbot.waitUntil(lambda: controller.unlock_dialog is None)
        controller.open_vault(locked_vault)
        assert controller.throttle.failures(locked_vault) == 3
        dialog = controller.unlock_dialog
        assert dialog is not None
        # A new dialog for the same vault goes on with the wait instead of a fresh start.
        assert dialog.waiting_seconds in (1, 2)
        assert not dialog.passphrase.isEnabled()
        qtbot.waitUntil(lambda: dialog.waiting_seconds == 0)
        _try(qtbot, dialog, "fout fout fout")
        assert dialog.waiting_seconds in (3, 4)
    finally:
        close_controller(controller)


@given(st.integers(min_value=0, max_value=200))
def test_delay_grows_and_is_capped(failures: int) -> None:
    delay = delay_after(failures)
    assert 0 <= delay <= MAX_DELAY_SECONDS
    assert (delay == 0) == (failures < 3)
    assert delay_after(failures + 1) >= delay
    if failures >= 8:
        assert delay == MAX_DELAY_SECONDS
