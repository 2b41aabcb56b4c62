"""The screens wired into the shell: sittings, meeting mode (resumed after unlock), monitoring
and its export, and every shortcut documented in F1 without clashes."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractButton, QWidget
from pytestqt.qtbot import QtBot

from casustafel.db.vault import Vault
from casustafel.services import sittings
from casustafel.services.sitting_values import SittingStatus
from casustafel.ui.app import AppController
from casustafel.ui.main_menus import CONTEXT_SHORTCUTS
from casustafel.ui.views.export_dialog import ExportDialog
from casustafel.ui.views.sitting_list_view import SittingsView
from tests.ui.shell_helpers import (
    PASSPHRASE,
    close_controller,
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
def sitting_vault(vault: Vault, vault_path: Path) -> tuple[Path, int, int, int]:
    """A locked vault: the canary case on next week's sitting (path, case, sitting, item)."""
    case_id = seed_canary_case(vault)
    sitting_id, item_id = seed_canary_sitting(vault, case_id)
    vault.lock()
    return vault_path, case_id, sitting_id, item_id


def test_meeting_mode_resumes_on_the_same_item_after_unlocking(
    qtbot: QtBot, shell: AppController, sitting_vault: tuple[Path, int, int, int]
) -> None:
    path, _case_id, sitting_id, item_id = sitting_vault
    unlock_through_dialog(qtbot, shell, path)
    window = shell.main_window
    assert window is not None
    assert window.meetings.windows == []  # nothing under way yet: nothing opens by itself
    page = window.show_page("sittings")
    assert isinstance(page, SittingsView)
    # The list is read on the worker (ui.ops): wait until it is on screen.
    qtbot.waitUntil(lambda: page.selected is not None, timeout=10_000)
    with qtbot.waitSignal(page.meeting_requested):
        page.meeting_button.click()
    meeting = wait_for_meeting(qtbot, window.meetings)
    assert len(window.meetings.windows) == 1
    assert meeting.isFullScreen() and shell.presentation.is_on
    assert window.open_meeting(sitting_id) is meeting  # one window per sitting
    # Move to the item that is not shown first, so "the same item" means something.
    first = meeting.current_item_id
    other = item_id if first != item_id else meeting.model.record(1).id
    meeting.go_to(other)
    assert meeting.current_item_id == other != first

    window.lock()
    qtbot.waitUntil(lambda: not shiboken6.isValid(meeting), timeout=2000)
    qtbot.waitUntil(lambda: shell.unlock_dialog is not None and shell.unlock_dialog.isVisible())
    dialog = shell.unlock_dialog
    assert dialog is not None
    qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
    dialog.attempt()
    qtbot.waitUntil(lambda: shell.session is not None, timeout=10_000)

    resumed = wait_for_meeting(qtbot, window.meetings)  # reopened on the worker
    assert len(window.meetings.windows) == 1
    assert resumed.isVisible() and resumed.sitting_id == sitting_id
    assert resumed.current_item_id == other  # the chair is back on the same item
    session = shell.session
    assert session is not None and session.presentation_mode
    assert sittings.get_sitting(session.vault, sitting_id).status is SittingStatus.LOPEND


def test_export_is_in_the_file_menu_and_opens_one_dialog(
    qtbot: QtBot, shell: AppController, sitting_vault: tuple[Path, int, int, int]
) -> None:
    unlock_through_dialog(qtbot, shell, sitting_vault[0])
    window = shell.main_window
    assert window is not None
    file_menu = window.menuBar().actions()[0].menu()
    assert window.export_action in file_menu.actions()  # type: ignore[union-attr]
    assert window.export_action.text() == "Monitoringcijfers &exporteren…"
    first = window.open_export_dialog()
    assert isinstance(first, ExportDialog) and first.isVisible()
    assert window.open_export_dialog() is first
    first.close()
    window.lock()
    assert not window.export_action.isEnabled()
    assert window.open_export_dialog() is None


def _keys(sequence: QKeySequence) -> str:
    return sequence.toString(QKeySequence.SequenceFormat.PortableText)


def _screen_shortcuts(widget: QWidget) -> set[str]:
    found = {_keys(a.shortcut()) for a in widget.findChildren(QAction)} - {""}
    found |= {_keys(s.key()) for s in widget.findChildren(QShortcut) if not s.key().isEmpty()}
    buttons = {_keys(b.shortcut()) for b in widget.findChildren(QAbstractButton)}
    # A button's Alt+letter comes from its mnemonic (&N); other keys are real shortcuts.
    found |= {k for k in buttons if k and not re.fullmatch(r"Alt\+.", k)}
    return found


def test_shortcuts_do_not_clash_and_f1_lists_every_one(
    qtbot: QtBot, shell: AppController, sitting_vault: tuple[Path, int, int, int]
) -> None:
    path, case_id, sitting_id, _item_id = sitting_vault
    unlock_through_dialog(qtbot, shell, path)
    window = shell.main_window
    assert window is not None
    window_keys = [_keys(k) for a in window.actions() for k in a.shortcuts()]
    assert len(window_keys) == len(set(window_keys)), window_keys
    documented = {_keys(QKeySequence(k)) for _title, rows in CONTEXT_SHORTCUTS for _t, k in rows}
    screens: list[QWidget | None] = [
        window.show_page("cases:WO"),
        window.show_page("signals:WO"),
        window.show_page("mywork"),
        window.show_page("sittings"),
        window.show_page("monitoring"),
        window.open_case(case_id),
        window.open_meeting(sitting_id) or wait_for_meeting(qtbot, window.meetings),
    ]
    for screen in screens:
        assert screen is not None
        for key in _screen_shortcuts(screen):
            if key in ("Ctrl+Enter", "Ctrl+Shift+Enter"):  # the keypad's twin of Return
                key = key.replace("Enter", "Return")
            assert key in documented, (type(screen).__name__, key)
            assert key not in window_keys, (type(screen).__name__, key)
    text = window.menus.help_html()
    for key in ("Ctrl+9", "Ctrl+0", "Ctrl+L", "Ctrl+Shift+P", "Ctrl+Return", "Ctrl+Shift+T"):
        assert key in text, key
    for title in ("Zittingen", "Monitoring", "Vergadermodus", "Dossier"):
        assert title in text, title
    box = window.show_shortcuts()
    assert box.isVisible()
    box.close()
