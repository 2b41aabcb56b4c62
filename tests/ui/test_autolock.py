"""Idle auto-lock with a controllable clock, the warning, sleep and system signals."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from casustafel.db.vault import Vault
from casustafel.errors import ValidationError
from casustafel.ui.app import AppController
from casustafel.ui.autolock import REASON_SLEPT, REASON_SYSTEM, AutoLock, ManualClock
from casustafel.ui.session import AppSession
from tests.ui.shell_helpers import (
    CANARY_FRAGMENTS,
    close_controller,
    leaks,
    make_controller,
    seed_canary_case,
    unlock_through_dialog,
)


@pytest.fixture
def session(vault: Vault) -> AppSession:
    return AppSession(vault)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def autolock(qtbot: QtBot, session: AppSession, clock: ManualClock) -> Iterator[AutoLock]:
    watcher = AutoLock(session, 5, clock, tick_ms=10)
    yield watcher
    session.lock()
    watcher.deleteLater()


def test_counts_down_the_last_minute_then_locks(
    qtbot: QtBot, session: AppSession, clock: ManualClock, autolock: AutoLock, vault: Vault
) -> None:
    warnings: list[int] = []
    autolock.warning.connect(warnings.append)
    clock.advance(3 * 60 + 59)
    autolock.check()
    assert not session.is_locked and warnings == []
    with qtbot.waitSignal(autolock.warning) as warned:
        clock.advance(1)
    assert warned.args[0] == 60
    with qtbot.waitSignal(session.locked), qtbot.waitSignal(autolock.auto_locked) as locked:
        clock.advance(60)
    assert "5 minuten" in locked.args[0]
    assert vault.is_locked


def test_input_resets_the_count_and_cancels_the_warning(
    qtbot: QtBot, session: AppSession, clock: ManualClock, autolock: AutoLock
) -> None:
    clock.advance(4 * 60 + 45)
    qtbot.waitSignal(autolock.warning).wait()
    with qtbot.waitSignal(autolock.warning_cancelled):
        # A real key press through Qt's event delivery, seen by the app-wide filter.
        widget = QApplication.focusWidget() or QApplication.activeWindow()
        if widget is None:
            from PySide6.QtWidgets import QLineEdit

            widget = QLineEdit()
            qtbot.addWidget(widget)
        qtbot.keyClick(widget, Qt.Key.Key_A)
    clock.advance(4 * 60)
    qtbot.wait(50)
    assert not session.is_locked
    assert autolock.idle_seconds() == pytest.approx(240)


def test_locks_after_the_machine_slept_past_the_limit(
    qtbot: QtBot, session: AppSession, clock: ManualClock, autolock: AutoLock
) -> None:
    with qtbot.waitSignal(autolock.auto_locked) as locked:
        clock.sleep_machine(6 * 60)  # monotonic clock stood still; only the wall clock moved
    assert locked.args[0] == REASON_SLEPT
    assert session.is_locked


def test_short_sleep_does_not_lock(
    qtbot: QtBot, session: AppSession, clock: ManualClock, autolock: AutoLock
) -> None:
    clock.sleep_machine(60)
    qtbot.wait(50)
    assert not session.is_locked


def test_suspended_application_locks_at_once(
    qtbot: QtBot, session: AppSession, autolock: AutoLock
) -> None:
    with qtbot.waitSignal(autolock.auto_locked) as locked:
        QApplication.instance().applicationStateChanged.emit(  # type: ignore[union-attr]
            Qt.ApplicationState.ApplicationSuspended
        )
    assert locked.args[0] == REASON_SYSTEM
    assert session.is_locked


@pytest.mark.parametrize("minutes", [0, 1, 16, 60])
def test_limit_is_two_to_fifteen_minutes_never_off(session: AppSession, minutes: int) -> None:
    with pytest.raises(ValidationError):
        AutoLock(session, minutes)


def test_changed_limit_counts_from_last_input(
    qtbot: QtBot, session: AppSession, clock: ManualClock, autolock: AutoLock
) -> None:
    autolock.set_minutes(2)
    with qtbot.waitSignal(autolock.auto_locked):
        clock.advance(2 * 60)
    assert session.is_locked


def test_screen_lock_over_dbus_locks(qtbot: QtBot, session: AppSession, autolock: AutoLock) -> None:
    from PySide6.QtDBus import QDBusConnection, QDBusMessage

    bus = QDBusConnection.sessionBus()
    if not bus.isConnected() or not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        pytest.skip("geen D-Bus-sessiebus (run under dbus-run-session to include this)")
    message = QDBusMessage.createSignal(
        "/org/freedesktop/ScreenSaver", "org.freedesktop.ScreenSaver", "ActiveChanged"
    )
    message.setArguments([True])
    with qtbot.waitSignal(autolock.auto_locked, timeout=5000):
        bus.send(message)
    assert session.is_locked


# -- in the real window --------------------------------------------------------------------


@pytest.fixture
def shell(qtbot: QtBot, tmp_path: Path) -> Iterator[tuple[AppController, ManualClock]]:
    controller, manual = make_controller(qtbot, tmp_path)
    yield controller, manual
    close_controller(controller)


def test_idle_main_window_warns_then_locks_and_clears(
    qtbot: QtBot, shell: tuple[AppController, ManualClock], vault: Vault, vault_path: Path
) -> None:
    controller, manual = shell
    case_id = seed_canary_case(vault)
    vault.lock()
    unlock_through_dialog(qtbot, controller, vault_path)
    window = controller.main_window
    assert window is not None
    window.open_case(case_id)
    manual.advance(4 * 60 + 40)
    qtbot.waitUntil(window.lock_banner.isVisible)
    assert "seconden" in window.lock_banner.label.text()
    manual.advance(30)
    qtbot.waitUntil(lambda: controller.session is None)
    assert window.root.currentWidget() is window.lock_screen
    assert "5 minuten" in window.lock_screen.reason.text()
    assert not window.lock_banner.isVisible()
    qtbot.waitUntil(lambda: not leaks(CANARY_FRAGMENTS, visible_only=False))
