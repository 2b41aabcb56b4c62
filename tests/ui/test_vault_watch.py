"""The app notices that its vault folder was moved or replaced: it writes nothing more,
locks, and says why (a non-blocking message), and does not ask for the passphrase again."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from casustafel.db.keyfile import FLOOR_PARAMS
from casustafel.db.vault import Vault
from casustafel.errors import VaultGoneError
from casustafel.ui.vault_watch import GONE_MESSAGE

from .shell_helpers import close_controller, make_controller

PASSPHRASE = "een lange zin om te testen"


def _vault(tmp_path: Path) -> Vault:
    vault, _recovery = Vault.create(tmp_path / "k", "Anna", PASSPHRASE, params=FLOOR_PARAMS)
    return vault


def test_a_moved_folder_locks_the_app_with_a_message(qtbot: QtBot, tmp_path: Path) -> None:
    vault = _vault(tmp_path)
    controller, _clock = make_controller(qtbot, tmp_path)
    try:
        controller.show_vault(vault)
        assert controller.vault_watch is not None
        controller.vault_watch.timer.setInterval(20)
        os.rename(vault.paths.folder, tmp_path / "elders.casustafel")

        qtbot.waitUntil(lambda: controller.session is None, timeout=30_000)

        assert vault.is_locked
        assert controller.gone_message is not None
        assert controller.gone_message.text() == GONE_MESSAGE
        assert controller.unlock_dialog is None  # no passphrase asked for a folder that left
    finally:
        close_controller(controller)


def test_a_replaced_folder_refuses_every_write(tmp_path: Path) -> None:
    vault = _vault(tmp_path)
    try:
        moved = tmp_path / "elders.casustafel"
        os.rename(vault.paths.folder, moved)
        shutil.copytree(moved, vault.paths.folder)
        assert not vault.in_place()
        with pytest.raises(VaultGoneError) as caught:
            vault.save_settings(vault.settings())
        assert caught.value.exit_code == 7
        assert "verplaatst, vervangen of verwijderd" in caught.value.message
    finally:
        vault.lock()
