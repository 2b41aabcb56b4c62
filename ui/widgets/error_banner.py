"""The red banner on top of a dialog or view that says, in one Dutch sentence, what went wrong.

A refused action (a `CasustafelError` from the services) is shown here rather than in a
message box, so the user's input stays in front of them while they fix it. A dialog that
stays open after it did what was asked (a new recovery key, records destroyed) says so in
the same place, in green (`say_done`): a success in red reads as a failure.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

__all__ = ["BANNER_STYLE", "DONE_STYLE", "ErrorBanner"]

BANNER_STYLE = "background: #fde8e8; color: #a61b1b; padding: 6px 8px; border-radius: 4px;"
DONE_STYLE = "background: #e6f4ea; color: #1e5e2f; padding: 6px 8px; border-radius: 4px;"


class ErrorBanner(QLabel):
    """A word-wrapped error label, hidden until it has something to say."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet(BANNER_STYLE)
        self.setWordWrap(True)
        self.setVisible(False)

    def say(self, message: str) -> None:
        """Show what went wrong; an empty message hides the banner."""
        self._show(message, "error", BANNER_STYLE)

    def say_done(self, message: str) -> None:
        """Show that what was asked is done (green)."""
        self._show(message, "done", DONE_STYLE)

    @property
    def kind(self) -> str:
        """What the banner says now: "error" or "done"."""
        return str(self.property("kind") or "error")

    def _show(self, message: str, kind: str, style: str) -> None:
        self.setProperty("kind", kind)
        self.setStyleSheet(style)
        self.setText(message)
        self.setVisible(bool(message))
