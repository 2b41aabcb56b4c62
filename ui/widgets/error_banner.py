"""The red banner on top of a dialog or view that says, in one Dutch sentence, what went wrong.

A refused action (a `CasustafelError` from the services) is shown here rather than in a
message box, so the user's input stays in front of them while they fix it.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

__all__ = ["BANNER_STYLE", "ErrorBanner"]

BANNER_STYLE = "background: #fde8e8; color: #a61b1b; padding: 6px 8px; border-radius: 4px;"


class ErrorBanner(QLabel):
    """A word-wrapped error label, hidden until it has something to say."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet(BANNER_STYLE)
        self.setWordWrap(True)
        self.setVisible(False)

    def say(self, message: str) -> None:
        """Show `message`; an empty message hides the banner."""
        self.setText(message)
        self.setVisible(bool(message))
