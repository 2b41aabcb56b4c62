"""Presentation mode: no full name, BSN, birth date, address or phone in any visible widget."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from casustafel.db.vault import Vault
from casustafel.ui.app import AppController
from casustafel.ui.main_window import PAGES
from casustafel.ui.presentation import reveal_briefly
from casustafel.ui.session import AppSession, PersonalField
from tests.ui.shell_helpers import (
    CANARY_FRAGMENTS,
    close_controller,
    leaks,
    make_controller,
    seed_canary_case,
    unlock_through_dialog,
)


@pytest.fixture
def shell(qtbot: QtBot, tmp_path: Path) -> Iterator[AppController]:
    controller, _clock = make_controller(qtbot, tmp_path)
    yield controller
    close_controller(controller)


@pytest.fixture
def opened(
    qtbot: QtBot, shell: AppController, vault: Vault, vault_path: Path
) -> tuple[AppController, int]:
    case_id = seed_canary_case(vault)
    vault.lock()
    unlock_through_dialog(qtbot, shell, vault_path)
    assert shell.main_window is not None
    shell.main_window.resize(1280, 800)
    return shell, case_id


def _visible_leaks_on_every_screen(
    qtbot: QtBot, controller: AppController, case_id: int
) -> list[tuple[str, str]]:
    window = controller.main_window
    assert window is not None
    found = []
    for page in PAGES:
        window.show_page(page.key)
        # Screens read on the worker (ui.ops): look once what they asked for has arrived.
        qtbot.waitUntil(lambda: controller.worker.pending == 0, timeout=20_000)
        found += leaks(CANARY_FRAGMENTS, visible_only=True)
    view = window.open_case(case_id)
    assert view is not None
    qtbot.waitUntil(lambda: controller.worker.pending == 0, timeout=20_000)
    tabs = view.findChildren(type(window.documents))
    for tab_widget in tabs:  # every tab of the case file in turn
        for index in range(tab_widget.count()):
            tab_widget.setCurrentIndex(index)
            qtbot.wait(10)
            found += leaks(CANARY_FRAGMENTS, visible_only=True)
    found += leaks(CANARY_FRAGMENTS, visible_only=True)
    return found


def test_presentation_mode_hides_personal_data_everywhere(
    qtbot: QtBot, opened: tuple[AppController, int]
) -> None:
    controller, case_id = opened
    window = controller.main_window
    assert window is not None
    # Without presentation mode the case file does show the person (so the walker can see it).
    assert _visible_leaks_on_every_screen(qtbot, controller, case_id)

    window.presentation.action.trigger()
    assert controller.session is not None and controller.session.presentation_mode
    assert window.presentation_banner.isVisible()
    found = _visible_leaks_on_every_screen(qtbot, controller, case_id)
    assert not found, found
    titles = [w.title() for w in QGuiApplication.topLevelWindows()]
    assert not [t for t in titles for f in CANARY_FRAGMENTS if f.casefold() in t.casefold()]


def test_a_second_screen_switches_presentation_mode_on(
    qtbot: QtBot, opened: tuple[AppController, int]
) -> None:
    controller, case_id = opened
    window = controller.main_window
    assert window is not None and not controller.presentation.is_on
    with qtbot.waitSignal(controller.presentation.switched_on_by_screen):
        # What Qt emits when a projector is plugged in (offscreen has no second screen).
        QGuiApplication.instance().screenAdded.emit(QGuiApplication.primaryScreen())  # type: ignore[union-attr]
    assert controller.session is not None and controller.session.presentation_mode
    assert window.presentation.action.isChecked()
    assert "Tweede scherm" in window.statusBar().currentMessage()
    assert not _visible_leaks_on_every_screen(qtbot, controller, case_id)


def test_presentation_mode_survives_locking(
    qtbot: QtBot, opened: tuple[AppController, int]
) -> None:
    controller, _case_id = opened
    window = controller.main_window
    assert window is not None
    controller.presentation.set_on(True)
    window.lock()
    qtbot.waitUntil(lambda: controller.unlock_dialog is not None)
    dialog = controller.unlock_dialog
    assert dialog is not None
    from tests.ui.shell_helpers import PASSPHRASE

    dialog.passphrase.setText(PASSPHRASE)
    dialog.attempt()
    qtbot.waitUntil(lambda: controller.session is not None, timeout=10_000)
    assert controller.session is not None and controller.session.presentation_mode


def test_the_chair_reveals_one_field_for_a_moment(qtbot: QtBot, vault: Vault) -> None:
    session = AppSession(vault)
    session.set_presentation_mode(True)
    assert session.show(7, PersonalField.BSN, "734561209") == "•••"
    with qtbot.waitSignals([session.reveal_changed, session.reveal_changed], timeout=2000):
        reveal_briefly(session, 7, PersonalField.BSN, seconds=0)
    assert session.show(7, PersonalField.BSN, "734561209") == "•••"
    session.reveal(7, PersonalField.NAME)
    assert session.show(7, PersonalField.NAME, "Xylofoonia van Quastenbroek").startswith("Xylo")
    assert session.show(8, PersonalField.NAME, "Xylofoonia van Quastenbroek") == "X.v.Q."
    session.lock()
    assert not session.is_revealed(7, PersonalField.NAME)
