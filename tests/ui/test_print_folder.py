"""Printing on a fresh account: the proposed folder is made; the last one is remembered."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from casustafel.db.vault import Vault
from casustafel.services import sittings
from casustafel.services.sitting_print import DocumentKind
from casustafel.ui.session import AppSession
from casustafel.ui.views.print_dialog import PrintDialog, remember_folder, remembered_folder
from tests.services.sitting_fixtures import seed


def test_missing_folder_is_made_and_the_last_one_remembered_per_vault(
    qtbot: QtBot, vault: Vault, tmp_path: Path
) -> None:
    seeded = seed(vault)
    sitting = sittings.get_sitting(vault, seeded.sitting_id)
    fresh = tmp_path / "Documenten" / "Casustafel"  # does not exist yet
    dialog = PrintDialog(AppSession(vault), sitting, DocumentKind.AGENDA, folder=fresh)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.jobs_chosen):
        dialog.save_button.click()
    assert fresh.is_dir()

    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    other = tmp_path / "elders.casustafel"
    assert remembered_folder(vault.paths.folder, settings).name == "Casustafel"  # the default
    remember_folder(vault.paths.folder, tmp_path / "gekozen", settings)
    assert remembered_folder(vault.paths.folder, settings) == tmp_path / "gekozen"
    assert remembered_folder(other, settings) != tmp_path / "gekozen"  # per vault
    settings.sync()
    stored = (tmp_path / "settings.ini").read_text(encoding="utf-8")
    assert vault.paths.folder.name not in stored  # keyed by a hash, not the vault's name
