"""Meeting mode from the main window: open it full screen, and resume it after unlocking.

A sitting whose status is "lopend" was in meeting mode when the vault locked (or the app
stopped); after unlocking the chair is taken straight back to it, on the item where they
were (`MeetingWindow` reopens on the stored position). Locking closes every meeting window:
they save what was typed on `about_to_lock`, and the main window destroys them with the
other top-level windows.
"""

from __future__ import annotations

import logging

import shiboken6
from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from casustafel.errors import CasustafelError
from casustafel.i18n import _
from casustafel.services.sitting_values import SittingStatus
from casustafel.services.sittings import list_sittings

from .presentation import PresentationController
from .session import AppSession
from .views.meeting_window import MeetingWindow
from .worker import Worker

__all__ = ["MeetingLauncher"]

log = logging.getLogger("casustafel.ui")


class MeetingLauncher(QObject):
    """Opens and tracks the meeting windows of the current session.

    Args:
        presentation: the app's presentation switch; meeting mode turns it on, so the
            toolbar and every other screen agree with the projected window.
        worker: the app's background worker (the meeting window prints on it).
        parent: the main window (message boxes' parent).
    """

    def __init__(
        self, presentation: PresentationController, worker: Worker | None, parent: QWidget
    ) -> None:
        super().__init__(parent)
        self._parent = parent
        self._presentation = presentation
        self._worker = worker
        self._windows: dict[int, MeetingWindow] = {}

    @property
    def windows(self) -> list[MeetingWindow]:
        """The open meeting windows (tests and the lock check use this)."""
        self._prune()
        return list(self._windows.values())

    def _prune(self) -> None:
        # Looked up when needed instead of following `destroyed`: a slot on `destroyed`
        # can outlive this object (windows are top level and die after the main window).
        for sitting_id, window in list(self._windows.items()):
            if not shiboken6.isValid(window) or not window.isVisible():
                del self._windows[sitting_id]

    def open(self, session: AppSession, sitting_id: int) -> MeetingWindow | None:
        """Meeting mode for `sitting_id`, full screen; the open window if there is one."""
        self._prune()
        existing = self._windows.get(sitting_id)
        if existing is not None:
            existing.raise_()
            existing.activateWindow()
            return existing
        self._presentation.set_on(True)
        try:
            window = MeetingWindow(session, sitting_id, self._worker)
        except CasustafelError as exc:
            QMessageBox.warning(self._parent, _("Vergadermodus"), exc.message)
            return None
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.setProperty("sitting_id", sitting_id)
        self._windows[sitting_id] = window
        window.open_full_screen()
        return window

    def resume(self, session: AppSession) -> list[MeetingWindow]:
        """Reopen meeting mode for every sitting still under way (after unlocking)."""
        try:
            running = [
                s.id for s in list_sittings(session.vault) if s.status is SittingStatus.LOPEND
            ]
        except CasustafelError as exc:
            log.warning("lopende zittingen niet gelezen: %s", type(exc).__name__)
            return []
        opened = [self.open(session, sitting_id) for sitting_id in running]
        return [w for w in opened if w is not None]
