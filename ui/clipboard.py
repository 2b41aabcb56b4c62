"""Copying to the clipboard without leaving personal data behind.

Personal data (a name, BSN, address) copied from the app is wiped from the clipboard after
10 seconds, and locking the vault wipes whatever the app itself put there. Text the user
copied elsewhere in the meantime is never touched: we only clear what is still ours.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal, Slot
from PySide6.QtGui import QClipboard, QGuiApplication

PERSONAL_DATA_SECONDS = 10


class SecureClipboard(QObject):
    """The app's only way to put text on the clipboard.

    Args:
        clear_after_ms: how long personal data may stay (10 s; tests pass less).
    """

    cleared = Signal()

    def __init__(
        self, parent: QObject | None = None, clear_after_ms: int = PERSONAL_DATA_SECONDS * 1000
    ) -> None:
        super().__init__(parent)
        self._ours: str | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(clear_after_ms)
        self._timer.timeout.connect(self._on_timer_timeout)

    @staticmethod
    def _clipboard() -> QClipboard:
        return QGuiApplication.clipboard()

    def copy_personal(self, text: str) -> None:
        """Copy personal data; it is cleared after the interval unless replaced by then."""
        self._put(text)
        self._timer.start()

    def copy(self, text: str) -> None:
        """Copy non-personal text (a case number); still wiped on lock."""
        self._put(text)
        self._timer.stop()

    def _put(self, text: str) -> None:
        self._ours = text
        self._clipboard().setText(text, QClipboard.Mode.Clipboard)
        if self._clipboard().supportsSelection():
            self._clipboard().setText(text, QClipboard.Mode.Selection)

    @property
    def holds_ours(self) -> bool:
        """True while the clipboard still holds the last text we put there."""
        return self._ours is not None and self._clipboard().text() == self._ours

    @Slot()
    def clear_if_ours(self) -> None:
        """Wipe the clipboard if it still holds our text (on lock and after the interval)."""
        self._timer.stop()
        if self._ours is None:
            return
        for mode in (QClipboard.Mode.Clipboard, QClipboard.Mode.Selection):
            if mode is QClipboard.Mode.Selection and not self._clipboard().supportsSelection():
                continue
            if self._clipboard().text(mode) == self._ours:
                self._clipboard().clear(mode)
        self._ours = None
        self.cleared.emit()

    @Slot()
    def _on_timer_timeout(self) -> None:
        self.clear_if_ours()
