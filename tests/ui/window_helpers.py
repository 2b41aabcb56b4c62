"""A main window on an unlocked vault, without the unlock dialog (layout and scenario tests)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from casustafel.db.vault import Vault
from casustafel.ui.autolock import ManualClock
from casustafel.ui.clipboard import SecureClipboard
from casustafel.ui.main_window import MainWindow
from casustafel.ui.presentation import PresentationController
from casustafel.ui.session import AppSession
from casustafel.ui.worker import Worker

__all__ = ["main_window"]


@contextmanager
def main_window(qtbot: QtBot, vault: Vault) -> Iterator[MainWindow]:
    """The app's main window with a session on `vault` and a real background worker."""
    worker = Worker()
    presentation = PresentationController()
    clipboard = SecureClipboard()
    try:
        # A manual clock: the auto-lock never fires in the middle of a test.
        window = MainWindow(vault.name, presentation, clipboard, ManualClock(), worker=worker)
        qtbot.addWidget(window)
        window.attach_session(AppSession(vault), 15)
        yield window
    finally:
        worker.shutdown()
        for widget in QApplication.topLevelWidgets():
            if widget is not window and widget.isVisible():
                widget.close()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def wait_for_meeting(qtbot: Any, launcher: Any, *, confirm: bool = True) -> Any:
    """The meeting window `launcher` opens on the worker; answers the early-start question.

    Meeting mode reads and starts the sitting on the worker, so its window appears later;
    a sitting more than a day ahead asks first (a non-blocking message box).
    """
    from PySide6.QtWidgets import QMessageBox

    def ready() -> bool:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox) and confirm:
            box.button(QMessageBox.StandardButton.Yes).click()
        return bool(launcher.windows)

    qtbot.waitUntil(ready, timeout=20_000)
    return launcher.windows[0]
