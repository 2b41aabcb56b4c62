"""Copying to the clipboard without leaving personal data behind.

Personal data (a name, BSN, address) copied from the app is wiped from the clipboard after
10 seconds, and locking the vault wipes whatever the app itself put there. Text the user
copied elsewhere in the meantime is never touched: we only clear what is still ours.

Qt copies by itself too: Ctrl+C in a table copies the current cell, a text field copies its
selection, and on Linux selecting text fills the primary selection. The guard watches the
clipboard and treats whatever this app put there as personal data, cleared after the
same interval.
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
        self._owned: dict[QClipboard.Mode, str] = {}  # what we put there, per mode
        self._putting = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(clear_after_ms)
        self._timer.timeout.connect(self._on_timer_timeout)
        board = self._clipboard()
        board.dataChanged.connect(self._on_board_data_changed)
        board.selectionChanged.connect(self._on_board_selection_changed)

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
        self._owned = {QClipboard.Mode.Clipboard: text}
        self._putting = True
        try:
            self._clipboard().setText(text, QClipboard.Mode.Clipboard)
            if self._clipboard().supportsSelection():
                self._owned[QClipboard.Mode.Selection] = text
                self._clipboard().setText(text, QClipboard.Mode.Selection)
        finally:
            self._putting = False

    @property
    def holds_ours(self) -> bool:
        """True while the clipboard still holds the last text we put there."""
        ours = self._owned.get(QClipboard.Mode.Clipboard)
        return ours is not None and self._clipboard().text() == ours

    def _adopt(self, mode: QClipboard.Mode) -> None:
        """Take text that Qt's own copy put on the clipboard as personal data (timer starts)."""
        board = self._clipboard()
        text = board.text(mode)
        if self._putting or not text or text == self._owned.get(mode):
            return
        owns = board.ownsClipboard() if mode is QClipboard.Mode.Clipboard else board.ownsSelection()
        # Where the platform cannot tell who owns the clipboard (offscreen), a change while one
        # of our windows has the focus is ours; another program's copy happens while it has.
        if not owns and QGuiApplication.focusWindow() is None:
            return
        self._owned[mode] = text
        self._timer.start()

    @Slot()
    def _on_board_data_changed(self) -> None:
        self._adopt(QClipboard.Mode.Clipboard)

    @Slot()
    def _on_board_selection_changed(self) -> None:
        self._adopt(QClipboard.Mode.Selection)

    @Slot()
    def clear_if_ours(self) -> None:
        """Wipe the clipboard if it still holds our text (on lock and after the interval)."""
        self._timer.stop()
        if not self._owned:
            return
        owned, self._owned = self._owned, {}
        self._putting = True  # our own clearing is not a copy to adopt
        try:
            for mode, text in owned.items():
                if self._clipboard().text(mode) == text:
                    self._clipboard().clear(mode)
        finally:
            self._putting = False
        self.cleared.emit()

    @Slot()
    def _on_timer_timeout(self) -> None:
        self.clear_if_ours()
