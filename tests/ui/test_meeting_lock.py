"""Meeting mode in the real app (worker and change notices): auto-lock with a driven clock
(the longer meeting limit, the countdown in the meeting window, a neutral lock screen while
presenting, back on the same item), and an open case tab refreshed after closing a sitting."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from casustafel.db.vault import Vault
from casustafel.services import sittings
from casustafel.ui.app import AppController
from casustafel.ui.autolock import ManualClock
from casustafel.ui.views.case_file_view import CaseFileView
from casustafel.ui.views.meeting_window import AUTOSAVE_MS
from tests.services.sitting_fixtures import PERSONAL_STRINGS, SITTING_DAY, TODAY, seed
from tests.ui.shell_helpers import close_controller, make_controller, unlock_through_dialog


@pytest.fixture
def shell(qtbot: QtBot, tmp_path: Path) -> Iterator[tuple[AppController, ManualClock]]:
    controller, manual = make_controller(qtbot, tmp_path)
    yield controller, manual
    close_controller(controller)


def _texts(widget: QWidget) -> str:
    labels = [w.text() for w in widget.findChildren(QLabel) if w.isVisibleTo(widget)]
    return "\n".join([widget.windowTitle(), *labels])


@pytest.mark.slow
def test_a_meeting_locks_late_after_a_countdown_and_comes_back_on_its_item(
    qtbot: QtBot, shell: tuple[AppController, ManualClock], vault: Vault, vault_path: Path
) -> None:
    controller, clock = shell
    seeded = seed(vault)
    sittings.compose_agenda(vault, seeded.sitting_id, TODAY)
    vault.lock()
    unlock_through_dialog(qtbot, controller, vault_path)
    main = controller.main_window
    assert main is not None and main.autolock is not None
    main.meetings.today = lambda: SITTING_DAY  # the sitting is today: no question
    main.open_meeting(seeded.sitting_id)  # read and started on the worker
    qtbot.waitUntil(lambda: bool(main.meetings.windows))
    (window,) = main.meetings.windows
    window.next_item()
    on = window.current_item_id
    qtbot.keyClicks(window.form.decision, "Besluit vlak voor de pauze")
    with qtbot.waitSignal(window.item_saved, timeout=AUTOSAVE_MS * 5):
        pass

    # Five minutes idle lock the app elsewhere; in a meeting they do not.
    qtbot.waitUntil(lambda: main.autolock is not None and main.autolock.minutes == 15)
    assert main.autolock.in_meeting
    clock.advance(10 * 60)
    main.autolock.check()
    assert controller.session is not None and not window.lock_warning.isVisible()
    # The last minute counts down in the meeting window; a key cancels it.
    clock.advance(4 * 60 + 5)
    qtbot.waitUntil(window.lock_warning.isVisible)
    assert "seconden" in window.lock_warning.text()
    qtbot.keyClick(window.form.decision, Qt.Key.Key_End)
    qtbot.waitUntil(lambda: not window.lock_warning.isVisible())
    clock.advance(14 * 60 + 30)
    qtbot.waitUntil(window.lock_warning.isVisible)

    # Nobody moves: it locks. Presenting, so the screen names neither the vault nor a case.
    clock.advance(60)
    qtbot.waitUntil(lambda: controller.session is None)
    assert main.root.currentWidget() is main.lock_screen
    shown = _texts(main)
    assert vault_path.name not in shown and str(vault_path) not in shown
    assert "Vergrendeld." in shown
    assert [s for s in PERSONAL_STRINGS if s in shown] == []
    qtbot.waitUntil(lambda: controller.unlock_dialog is not None)
    dialog = controller.unlock_dialog
    assert dialog is not None
    unlock_text = _texts(dialog)
    assert vault_path.name not in unlock_text and str(vault_path.parent) not in unlock_text

    # Unlocked: meeting mode is back, on the same item, with what was typed.
    unlock_through_dialog(qtbot, controller, vault_path)
    qtbot.waitUntil(lambda: bool(main.meetings.windows))
    (back,) = main.meetings.windows
    assert back.current_item_id == on
    assert back.form.decision.toPlainText() == "Besluit vlak voor de pauze"
    assert main.autolock is not None and main.autolock.in_meeting


@pytest.mark.slow
def test_closing_in_meeting_mode_refreshes_an_open_case_tab(
    qtbot: QtBot, shell: tuple[AppController, ManualClock], vault: Vault, vault_path: Path
) -> None:
    controller, _clock = shell
    seeded = seed(vault)
    sittings.compose_agenda(vault, seeded.sitting_id, TODAY)
    vault.lock()
    unlock_through_dialog(qtbot, controller, vault_path)
    main = controller.main_window
    assert main is not None
    tab = main.open_case(seeded.escalate_case)
    assert isinstance(tab, CaseFileView)
    qtbot.waitUntil(lambda: tab.case_file is not None)
    assert tab.case_file is not None and tab.case_file.header.step != "WAARSCHUWING"
    main.meetings.today = lambda: SITTING_DAY
    main.open_meeting(seeded.sitting_id)
    qtbot.waitUntil(lambda: bool(main.meetings.windows))
    (window,) = main.meetings.windows
    item = next(e for e in window.model.records() if e.case_id == seeded.escalate_case)
    window.go_to(item.id)
    qtbot.keyClicks(window.form.decision, "Waarschuwing door de burgemeester.")
    window.form.step.setCurrentIndex(window.form.step.findData("WAARSCHUWING"))
    # Closed on the worker, straight after typing: the last keystrokes go in first.
    with qtbot.waitSignal(window.sitting_closed, timeout=20_000):
        window.close_sitting(confirm=False)
    # The case tab was not touched, yet shows the new step (the change notice).
    qtbot.waitUntil(
        lambda: tab.case_file is not None and tab.case_file.header.step == "WAARSCHUWING",
        timeout=20_000,
    )
