"""The app's side of issue 15: accepting an older vault state, and a new recovery key."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from casustafel.db import thread_guard
from casustafel.db.keyfile import FLOOR_PARAMS
from casustafel.db.vault import Vault
from casustafel.errors import RefusedError, WrongSecretError
from casustafel.ui.session import AppSession
from casustafel.ui.views.recovery_key_dialog import RecoveryKeyDialog
from casustafel.ui.views.settings_view import SettingsDialog
from casustafel.ui.views.unlock_dialog import MSG_ROLLED_BACK, UnlockDialog, UnlockThrottle
from casustafel.ui.worker import Worker
from tests.conftest import TEST_PASSPHRASE, TEST_USER
from tests.ui.shell_helpers import COUNTDOWN_TICK_MS


@pytest.fixture
def worker() -> Iterator[Worker]:
    w = Worker()
    yield w
    w.shutdown()


def test_older_copy_is_refused_and_can_be_accepted(
    qtbot: QtBot, vault: Vault, vault_path: Path, tmp_path: Path, worker: Worker
) -> None:
    vault.lock()
    old = tmp_path / "oud"
    shutil.copytree(vault_path, old)
    Vault.unlock(vault_path, TEST_PASSPHRASE).lock()  # newer state recorded
    shutil.rmtree(vault_path)
    shutil.copytree(old, vault_path)
    dialog = UnlockDialog(vault_path, worker, UnlockThrottle(), tick_ms=COUNTDOWN_TICK_MS)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.accept_older_button.isVisible()
    dialog.passphrase.setText(TEST_PASSPHRASE)
    qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=10_000)
    assert dialog.message.text() == MSG_ROLLED_BACK
    assert dialog.accept_older_button.isVisible()
    assert not dialog.accept_older_button.isEnabled()  # the passphrase is typed again
    dialog.passphrase.setText(TEST_PASSPHRASE)
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        qtbot.mouseClick(dialog.accept_older_button, Qt.MouseButton.LeftButton)
    assert dialog.vault is not None and dialog.vault.accepted_rollback is not None
    dialog.vault.lock()


def test_settings_make_a_new_recovery_key_only_when_confirmed(
    qtbot: QtBot, vault_path: Path, op_worker: Worker
) -> None:
    vault, old_key = Vault.create(vault_path, TEST_USER, TEST_PASSPHRASE, params=FLOOR_PARAMS)
    try:
        original = vault.settings()
        # From here the vault refuses the GUI thread: the key is installed on the worker.
        thread_guard.forbid(threading.get_ident(), thread_guard.GuardMode.RAISE)
        dialog = SettingsDialog(AppSession(vault, worker=op_worker), original=original)
        qtbot.addWidget(dialog)
        dialog.show()
        shown: list[str] = []

        def refuse(text: str) -> None:
            shown.append(text)
            raise RefusedError("niet bevestigd")

        assert not dialog.make_new_recovery_key(refuse)
        with qtbot.waitSignal(dialog.recovery_key_replaced, timeout=10_000):
            assert dialog.make_new_recovery_key(shown.append)
        assert "nieuwe herstelsleutel" in dialog.banner.text() and dialog.banner.kind == "done"
    finally:
        thread_guard.lift()
        vault.lock()
    with pytest.raises(WrongSecretError):
        Vault.unlock_with_recovery_key(vault_path, shown[0], TEST_USER)  # never installed
    with pytest.raises(WrongSecretError):
        Vault.unlock_with_recovery_key(vault_path, old_key, TEST_USER)  # revoked
    Vault.unlock_with_recovery_key(vault_path, shown[1], TEST_USER).lock()


def test_recovery_key_dialog_needs_the_confirmation(qtbot: QtBot) -> None:
    dialog = RecoveryKeyDialog("ABCDE-FGHIJ")
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.ok_button.isEnabled()
    dialog.confirmed.setChecked(True)
    assert dialog.ok_button.isEnabled()
    dialog.accept()
    assert dialog.key_label.text() == ""
