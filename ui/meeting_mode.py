"""Meeting mode from the main window: open it full screen, and resume it after unlocking.

A sitting whose status is "lopend" was in meeting mode when the vault locked (or the app
stopped); after unlocking the chair is taken straight back to it, on the item where they
were (`MeetingWindow` reopens on the stored position). Locking closes every meeting window:
they save what was typed on `about_to_lock`, and the main window destroys them with the
other top-level windows.

While a meeting window is open the auto-lock uses the longer meeting limit
(`Settings.meeting_lock_minutes`) and its countdown shows in the meeting window, where the
chair looks. Opening a planned sitting more than a day before its date asks first: a
rehearsal is fine, starting the wrong sitting is not.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QObject, Qt, Slot
from PySide6.QtWidgets import QMessageBox, QWidget

from casustafel.domain.changes import ChangeKind, OpChanges
from casustafel.i18n import _
from casustafel.services.sitting_values import SittingStatus, SittingSummary
from casustafel.services.sittings import get_sitting, list_sittings

from .autolock import AutoLock
from .ops import CollectionOp, OpFailure, QueryOp
from .presentation import PresentationController
from .session import AppSession
from .views.meeting_ops import Opening, open_meeting
from .views.meeting_window import MeetingWindow

__all__ = ["MeetingLauncher"]

log = logging.getLogger("casustafel.ui")


class MeetingLauncher(QObject):
    """Opens and tracks the meeting windows of the current session.

    Args:
        presentation: the app's presentation switch; meeting mode turns it on, so the
            toolbar and every other screen agree with the projected window.
        parent: the main window (message boxes' parent).
    """

    def __init__(self, presentation: PresentationController, parent: QWidget) -> None:
        super().__init__(parent)
        self._parent = parent
        self._presentation = presentation
        self._windows: dict[int, MeetingWindow] = {}
        self._autolock: AutoLock | None = None
        self.today = dt.date.today  # tests move "today"

    def attach_autolock(self, session: AppSession, autolock: AutoLock) -> None:
        """Follow `autolock` of `session`: meeting limit while open, countdown in the window."""
        self._autolock = autolock

        def apply(minutes: int) -> None:
            if shiboken6.isValid(autolock):
                autolock.set_meeting_minutes(minutes)

        def keep_default(failure: OpFailure) -> None:  # the default 15 minutes stays
            log.warning("vergadertijd niet gelezen: %s", type(failure.error).__name__)

        QueryOp(self._parent, session, lambda vault: vault.settings().meeting_lock_minutes).success(
            apply
        ).failure(keep_default).run()
        autolock.warning.connect(self._on_autolock_warning)
        autolock.warning_cancelled.connect(self._on_autolock_warning_cancelled)
        self._follow_meetings()

    def _follow_meetings(self) -> None:
        if self._autolock is not None and shiboken6.isValid(self._autolock):
            self._autolock.set_meeting_mode(bool(self.windows))

    @Slot(int)
    def _on_autolock_warning(self, seconds_left: int) -> None:
        for window in self.windows:
            window.show_lock_warning(seconds_left)

    @Slot()
    def _on_autolock_warning_cancelled(self) -> None:
        for window in self.windows:
            window.hide_lock_warning()

    @Slot()
    def _on_window_left(self) -> None:
        window = self.sender()
        for sitting_id, open_window in list(self._windows.items()):
            if open_window is window:
                del self._windows[sitting_id]
        self._follow_meetings()

    def confirm_early_start(self, sitting: SittingSummary, then: Callable[[], None]) -> None:
        """Run `then`, asking first when a planned sitting starts more than a day early.

        The question is asked without a nested event loop (`open`, not `exec`): a modal
        loop inside a worker's result callback could block whatever delivered it.
        """
        if sitting.status is not SittingStatus.GEPLAND or (sitting.date - self.today()).days <= 1:
            then()
            return
        days = (sitting.date - self.today()).days
        box = QMessageBox(
            QMessageBox.Icon.Question,
            _("Vergadermodus"),
            _(
                "Zitting {number} staat gepland op {date}, over {days} dagen. "
                "Nu starten zet de zitting op ‘bezig’. Toch starten?"
            ).format(number=sitting.number, date=sitting.date.strftime("%d-%m-%Y"), days=days),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self._parent,
        )
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.setWindowModality(Qt.WindowModality.ApplicationModal)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def answered() -> None:
            if box.standardButton(box.clickedButton()) == QMessageBox.StandardButton.Yes:
                then()

        box.finished.connect(answered)
        box.open()

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
        """Meeting mode for `sitting_id`, full screen; the open window if there is one.

        The sitting is read, and started, on the worker; the window opens when that is done.
        Returns the window when it is open by the time this returns (the window already
        open, or always without a worker), else None (`windows` lists it once open).
        """
        self._prune()
        existing = self._windows.get(sitting_id)
        if existing is not None:
            existing.raise_()
            existing.activateWindow()
            return existing
        opened: list[MeetingWindow] = []

        def show(opening: Opening) -> None:
            window = self._show_window(session, sitting_id, opening)
            if window is not None:
                opened.append(window)

        def open_it() -> None:
            CollectionOp(
                self._parent,
                session,
                lambda vault: open_meeting(vault, sitting_id),
                changes=OpChanges.of(ChangeKind.SITTINGS, sitting_ids=[sitting_id]),
            ).success(show).failure(self._on_open_failed).run()

        def start(sitting: SittingSummary) -> None:
            self.confirm_early_start(sitting, open_it)

        QueryOp(self._parent, session, lambda vault: get_sitting(vault, sitting_id)).success(
            start
        ).failure(self._on_open_failed).run()
        return opened[0] if opened else None

    def _show_window(
        self, session: AppSession, sitting_id: int, opening: Opening
    ) -> MeetingWindow | None:
        if session.is_locked or sitting_id in self._windows:
            return self._windows.get(sitting_id)
        self._presentation.set_on(True)
        window = MeetingWindow(session, sitting_id, opening=opening)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.setProperty("sitting_id", sitting_id)
        self._windows[sitting_id] = window
        window.left.connect(self._on_window_left)
        window.open_full_screen()
        self._follow_meetings()
        return window

    def _on_open_failed(self, failure: OpFailure) -> None:
        QMessageBox.warning(self._parent, _("Vergadermodus"), failure.message)

    def resume(self, session: AppSession) -> None:
        """Reopen meeting mode for every sitting still under way (after unlocking)."""

        def reopen(running: list[int]) -> None:
            for sitting_id in running:
                self.open(session, sitting_id)

        def skip(failure: OpFailure) -> None:
            log.warning("lopende zittingen niet gelezen: %s", type(failure.error).__name__)

        QueryOp(
            self._parent,
            session,
            lambda vault: [s.id for s in list_sittings(vault) if s.status is SittingStatus.LOPEND],
        ).success(reopen).failure(skip).run()
