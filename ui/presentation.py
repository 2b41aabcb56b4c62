"""Presentation mode: when the screen is shared, names become initials and the rest hides.

The mode itself lives in `AppSession` (every view masks through `session.show`). This
module owns the switch: a checkable toolbar action with a shortcut, switching on by itself
when a second screen (a projector, a meeting-room display) is connected, and the chair's
"reveal one field for a moment".
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence, QScreen

from casustafel.i18n import _

from .session import AppSession, PersonalField
from .style import icon

SHORTCUT = "Ctrl+Shift+P"
REVEAL_SECONDS = 10


class PresentationController(QObject):
    """The presentation-mode switch; survives locking, so a re-unlock keeps the mode.

    Signals:
        switched_on_by_screen(): a second screen was connected and the mode went on.
        mode_changed(on): the mode changed, by the user or by a screen.
    """

    switched_on_by_screen = Signal()
    mode_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session: AppSession | None = None
        self._on = False
        self.action = QAction(icon("presentation"), _("&Presentatiemodus"), self)
        self.action.setCheckable(True)
        self.action.setShortcut(QKeySequence(SHORTCUT))
        self.action.setToolTip(
            _(
                "Presentatiemodus: namen als initialen, BSN, geboortedatum, adres en telefoon "
                "verborgen ({shortcut})"
            ).format(shortcut=SHORTCUT)
        )
        self.action.toggled.connect(self._on_action_toggled)
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.screenAdded.connect(self._on_screen_added)
            # Started with the projector already attached: begin in presentation mode.
            if len(QGuiApplication.screens()) > 1:
                self.set_on(True)

    @property
    def is_on(self) -> bool:
        return self._on

    def set_session(self, session: AppSession | None) -> None:
        """Attach the session of the current unlock; it gets the current mode."""
        self._session = session
        if session is not None:
            session.set_presentation_mode(self._on)

    def set_on(self, on: bool) -> None:
        if on == self._on:
            return
        self._on = on
        self.action.setChecked(on)
        if self._session is not None and not self._session.is_locked:
            self._session.set_presentation_mode(on)
        self.mode_changed.emit(on)

    @Slot(bool)
    def _on_action_toggled(self, checked: bool) -> None:
        self.set_on(checked)

    @Slot(QScreen)
    def _on_screen_added(self, screen: QScreen) -> None:
        if not self._on:
            self.set_on(True)
            self.switched_on_by_screen.emit()


def reveal_briefly(
    session: AppSession, subject_id: int, kind: PersonalField, seconds: int = REVEAL_SECONDS
) -> None:
    """The chair shows one field of one subject; it hides again after `seconds`.

    Views re-render on `session.reveal_changed`; a lock or a mode change forgets every
    reveal at once, so the timer finding nothing to conceal is normal.
    """
    session.reveal(subject_id, kind)

    def conceal() -> None:
        if not session.is_locked:
            session.conceal(subject_id, kind)

    QTimer.singleShot(seconds * 1000, session, conceal)
