"""The app shell on real vaults: creating a vault, the main window, locking clears everything."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest
import shiboken6
from pypdf import PdfReader
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
    QWizard,
)
from pytestqt.qtbot import QtBot

from casustafel.db.vault import Vault
from casustafel.errors import VaultLockedError
from casustafel.ui.app import AppController, start_app
from casustafel.ui.main_window import PAGES
from casustafel.ui.recent_vaults import MAX_RECENT, RecentVaults
from casustafel.ui.views.export_dialog import ExportDialog
from casustafel.ui.views.monitoring_view import MonitoringView
from casustafel.ui.views.sitting_list_view import SittingsView
from tests.ui.shell_helpers import (
    CANARY_FRAGMENTS,
    PASSPHRASE,
    close_controller,
    leaks,
    make_controller,
    seed_canary_case,
    seed_canary_sitting,
    unlock_through_dialog,
)
from tests.ui.window_helpers import wait_for_meeting


@pytest.fixture
def shell(qtbot: QtBot, tmp_path: Path) -> Iterator[AppController]:
    controller, _clock = make_controller(qtbot, tmp_path)
    yield controller
    close_controller(controller)


@pytest.fixture
def canary_vault(vault: Vault, vault_path: Path) -> tuple[Path, int]:
    """A locked vault on disk holding one case with the canary subject."""
    case_id = seed_canary_case(vault)
    vault.lock()
    return vault_path, case_id


@pytest.fixture
def canary_sitting_vault(vault: Vault, vault_path: Path) -> tuple[Path, int, int]:
    """Like `canary_vault`, with next week's sitting holding the canary case as item 2."""
    case_id = seed_canary_case(vault)
    sitting_id, _item_id = seed_canary_sitting(vault, case_id)
    vault.lock()
    return vault_path, case_id, sitting_id


# -- creating a vault ------------------------------------------------------------------------


def test_create_vault_through_the_wizard(
    qtbot: QtBot, tmp_path: Path, shell: AppController
) -> None:
    shell.start()
    shell.create_vault()
    wizard = shell.wizard
    assert wizard is not None
    qtbot.keyClicks(wizard.vault_page.name, "Tafel Emmen")
    wizard.vault_page.folder.setText(str(tmp_path))
    qtbot.keyClicks(wizard.vault_page.user, "Tessa Tester")
    wizard.next()
    assert wizard.currentPage() is wizard.passphrase_page
    qtbot.keyClicks(wizard.passphrase_page.first, PASSPHRASE)
    assert "Sterk" in wizard.passphrase_page.hint.text()
    qtbot.keyClicks(wizard.passphrase_page.second, PASSPHRASE)
    wizard.next()  # creates the vault on the worker, then moves on by itself
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.recovery_page, timeout=15_000)

    key = wizard.recovery_page.key_label.text()
    assert len(key.split("-")) >= 10
    pdf = tmp_path / "herstelsleutel.pdf"
    wizard.save_recovery_pdf(pdf)
    printed = "".join(PdfReader(pdf).pages[0].extract_text().split())
    assert key.split("-")[0] in printed and key.split("-")[-1] in printed

    # No way out before confirming the key was stored; the vault already exists.
    assert not wizard.button(QWizard.WizardButton.FinishButton).isEnabled()
    wizard.reject()
    assert wizard.isVisible()
    assert "Bevestig" in wizard.recovery_page.error.text()
    wizard.recovery_page.confirmed.setChecked(True)
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: shell.main_window is not None and shell.main_window.isVisible())
    assert shell.main_window is not None
    qtbot.addWidget(shell.main_window)
    assert shell.session is not None and not shell.session.is_locked
    assert shell.main_window.windowTitle() == "Casustafel — Tafel Emmen"
    folder = tmp_path / "Tafel Emmen.casustafel"
    assert shell.recent.paths() == [str(folder.resolve())]
    # The key text is gone from the wizard once finished.
    assert wizard.recovery_text == ""
    # Recent vaults hold the path and nothing from inside the vault (the user's name).
    ini = (tmp_path / "recent.ini").read_text(encoding="utf-8")
    assert "Tessa" not in ini

    shell.session.lock()
    Vault.unlock(folder, PASSPHRASE).lock()


def test_wizard_refuses_mismatched_and_short_passphrases(
    qtbot: QtBot, tmp_path: Path, shell: AppController
) -> None:
    shell.create_vault()
    wizard = shell.wizard
    assert wizard is not None
    wizard.vault_page.name.setText("Kort")
    wizard.vault_page.folder.setText(str(tmp_path))
    wizard.vault_page.user.setText("Tessa Tester")
    wizard.next()
    page = wizard.passphrase_page
    qtbot.keyClicks(page.first, "kort wacht")
    qtbot.keyClicks(page.second, "anders")
    assert not page.isComplete()
    assert "niet gelijk" in page.error.text()
    page.second.setText("kort wacht")
    assert page.isComplete()
    wizard.next()
    assert wizard.currentPage() is page
    assert "minstens 12 tekens" in page.error.text()
    assert not (tmp_path / "Kort.casustafel").exists()


def test_wizard_refuses_a_name_that_exists_or_breaks_paths(
    qtbot: QtBot, tmp_path: Path, shell: AppController
) -> None:
    shell.create_vault()
    wizard = shell.wizard
    assert wizard is not None
    (tmp_path / "Bestaand.casustafel").mkdir()
    wizard.vault_page.folder.setText(str(tmp_path))
    wizard.vault_page.user.setText("Tessa Tester")
    for name, expected in (("Bestaand", "al een kluis"), ("a/b", "mag geen")):
        wizard.vault_page.name.setText(name)
        wizard.next()
        assert wizard.currentPage() is wizard.vault_page
        assert expected in wizard.vault_page.error.text()


# -- the main window -----------------------------------------------------------------------


def test_locking_closes_and_clears_everything(
    qtbot: QtBot, shell: AppController, canary_sitting_vault: tuple[Path, int, int]
) -> None:
    path, case_id, _sitting_id = canary_sitting_vault
    unlock_through_dialog(qtbot, shell, path)
    window = shell.main_window
    session = shell.session
    assert window is not None and session is not None
    vault = session.vault

    # The screens wired in last: sittings, meeting mode, monitoring, the export dialog.
    sittings_page = window.show_page("sittings")
    assert isinstance(sittings_page, SittingsView)
    # The list is read on the worker (ui.ops): wait until it is on screen.
    qtbot.waitUntil(lambda: sittings_page.selected is not None, timeout=10_000)
    sittings_page.meeting_button.click()
    meeting = wait_for_meeting(qtbot, window.meetings)
    assert len(window.meetings.windows) == 1
    assert meeting.isVisible() and meeting.current_item_id is not None
    monitoring = window.show_page("monitoring")
    assert isinstance(monitoring, MonitoringView)
    qtbot.waitUntil(lambda: monitoring.monitoring is not None, timeout=20_000)
    window.export_action.trigger()
    export = window.findChild(ExportDialog)
    assert export is not None and export.isVisible()

    cases = window.show_page("cases:WO")
    assert cases is not None
    filter_field = cases.findChild(QLineEdit, "filter") or cases.findChild(QLineEdit)
    assert filter_field is not None
    qtbot.keyClicks(filter_field, "Quastenbroek")
    window.open_case(case_id)
    # A dialog and a message box showing case data, as case screens open them.
    dialog = QDialog(window)
    dialog_label = QLabel("Xylofoonia van Quastenbroek")
    QVBoxLayout(dialog).addWidget(dialog_label)
    dialog.open()
    box = QMessageBox(QMessageBox.Icon.Information, "Let op", "BSN 734561209", parent=window)
    box.open()
    shell.clipboard.copy_personal("Xylofoonia van Quastenbroek")
    # The walker does see the data while unlocked (else the check below proves nothing).
    assert leaks(CANARY_FRAGMENTS, visible_only=False)

    del dialog_label
    window.lock_action.trigger()

    assert vault.is_locked  # engine disposed, key forgotten
    with pytest.raises(VaultLockedError):
        _ = session.vault
    assert not dialog.isVisible() and not box.isVisible()
    assert not meeting.isVisible() and not export.isVisible()
    assert QGuiApplication.clipboard().text() == ""
    qtbot.waitUntil(lambda: not leaks(CANARY_FRAGMENTS, visible_only=False), timeout=2000)
    # Closed and destroyed, not merely hidden: nothing keeps the figures or the agenda.
    qtbot.waitUntil(lambda: not shiboken6.isValid(meeting), timeout=2000)
    qtbot.waitUntil(lambda: not shiboken6.isValid(export), timeout=2000)
    assert window.meetings.windows == []
    assert window.page("sittings") is None and window.page("monitoring") is None
    assert window.root.currentWidget() is window.lock_screen
    assert window.documents.count() == 1
    assert not window.lock_action.isEnabled()
    # The passphrase is asked again at once.
    qtbot.waitUntil(lambda: shell.unlock_dialog is not None and shell.unlock_dialog.isVisible())


def test_unlock_again_after_lock_rebuilds_the_work_area(
    qtbot: QtBot, shell: AppController, canary_vault: tuple[Path, int]
) -> None:
    path, case_id = canary_vault
    unlock_through_dialog(qtbot, shell, path)
    window = shell.main_window
    assert window is not None
    first_session = shell.session
    window.lock()
    qtbot.waitUntil(lambda: shell.unlock_dialog is not None and shell.unlock_dialog.isVisible())
    dialog = shell.unlock_dialog
    assert dialog is not None
    qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
    dialog.attempt()
    qtbot.waitUntil(lambda: shell.session is not None, timeout=10_000)
    assert shell.session is not first_session
    assert shell.main_window is window  # same vault, same window
    assert window.root.currentWidget() is window.work_area
    assert window.page("mywork") is not None
    assert window.open_case(case_id) is not None


def test_window_titles_never_carry_personal_data(
    qtbot: QtBot, shell: AppController, canary_vault: tuple[Path, int]
) -> None:
    path, case_id = canary_vault
    unlock_through_dialog(qtbot, shell, path)
    window = shell.main_window
    assert window is not None
    for page in PAGES:
        window.show_page(page.key)
    window.open_case(case_id)
    titles = [w.windowTitle() for w in QApplication.topLevelWidgets() if w.isVisible()]
    assert titles
    for title in titles:
        assert not [f for f in CANARY_FRAGMENTS if f.casefold() in title.casefold()], title


def test_every_menu_action_is_reachable_by_keyboard(
    qtbot: QtBot, shell: AppController, canary_vault: tuple[Path, int]
) -> None:
    unlock_through_dialog(qtbot, shell, canary_vault[0])
    window = shell.main_window
    assert window is not None
    menus = [a.menu() for a in window.menuBar().actions()]
    assert len(menus) >= 4
    for top in window.menuBar().actions():
        assert "&" in top.text(), top.text()  # Alt+letter opens the menu
    for menu in menus:
        for action in menu.actions():  # type: ignore[union-attr]
            if action.isSeparator():
                continue
            assert "&" in action.text() or not action.shortcut().isEmpty(), action.text()
    # Everything on the toolbar is in a menu too.
    in_menus = {a for m in menus for a in m.actions()}  # type: ignore[union-attr]
    for action in window.toolbar.actions():
        assert action in in_menus, action.text()
    texts = dict(window.shortcut_rows())
    assert texts["Vergrendelen"] == "Ctrl+L"
    assert texts["Presentatiemodus"] == "Ctrl+Shift+P"


def test_page_shortcuts_switch_the_table(
    qtbot: QtBot, shell: AppController, canary_vault: tuple[Path, int]
) -> None:
    unlock_through_dialog(qtbot, shell, canary_vault[0])
    window = shell.main_window
    assert window is not None
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    for page in PAGES:
        key = page.shortcut.removeprefix("Ctrl+")
        qtbot.keyClick(window, getattr(Qt.Key, f"Key_{key}"), Qt.KeyboardModifier.ControlModifier)
        assert window.overview.currentWidget() is window.page(page.key), page.key
    assert window.documents.tabText(0) == "Tafelwerk: Monitoring"
    assert isinstance(window.page("sittings"), SittingsView)
    assert isinstance(window.page("monitoring"), MonitoringView)


# -- the pieces it is made of ------------------------------------------------------------------


def test_recent_vaults_keep_paths_only_newest_first(tmp_path: Path) -> None:
    recent = RecentVaults(QSettings(str(tmp_path / "r.ini"), QSettings.Format.IniFormat))
    folders = [tmp_path / f"k{i}.casustafel" for i in range(MAX_RECENT + 2)]
    for folder in folders:
        folder.mkdir()
        recent.add(folder)
    recent.add(folders[3])
    paths = recent.paths()
    assert len(paths) == MAX_RECENT
    assert paths[0] == str(folders[3].resolve())
    assert len(set(paths)) == len(paths)
    folders[3].rmdir()
    assert str(folders[3].resolve()) not in recent.existing()
    recent.remove(folders[4])
    assert str(folders[4].resolve()) not in recent.paths()


def test_start_app_shows_the_welcome_screen(qtbot: QtBot) -> None:
    # run() is start_app() plus the event loop; a test must not run the shared app's exec().
    controller = start_app(None)
    qtbot.addWidget(controller.welcome)
    try:
        assert controller.welcome.isVisible()
        assert QApplication.instance() is controller.parent()
        # Automatic collection is off; the controller's timer collects on this thread.
        assert not gc.isenabled()
        assert controller.garbage.timer.isActive()
    finally:
        gc.unfreeze()  # start-up froze the test session's objects: give them back
        controller.shutdown()
        controller.setParent(None)
        controller.deleteLater()


def test_placeholder_when_a_screen_is_missing(
    qtbot: QtBot, shell: AppController, canary_vault: tuple[Path, int]
) -> None:
    unlock_through_dialog(qtbot, shell, canary_vault[0])
    window = shell.main_window
    assert window is not None
    for page in PAGES:
        view = window.show_page(page.key)
        assert isinstance(view, QWidget)
