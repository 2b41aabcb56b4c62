"""A line edit that checks its text as the user types and shows the message right under it.

The rule is a `check` function from `casustafel.domain.validation` (returns a Dutch
message or None), so the form and the service use one and the same rule. A correct value
clears the message at once; a wrong one is shown after a short pause in typing (or when
the field is left), so that a half-typed BSN does not shout at the user.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer, Signal, Slot
from PySide6.QtWidgets import QLabel, QLineEdit, QSizePolicy, QVBoxLayout, QWidget

__all__ = ["ERROR_STYLE", "Check", "ValidatedLineEdit"]

Check = Callable[[str], "str | None"]

# Muted red on the platform background; readable for colour-blind users because the
# message itself says what is wrong.
ERROR_STYLE = "color: #b3261e;"
TYPING_PAUSE_MS = 600


class ValidatedLineEdit(QWidget):
    """A `QLineEdit` with its validation message underneath.

    Signals:
        validity_changed(bool): the text became valid or invalid.

    Args:
        check: returns the Dutch message for a wrong text, or None when it is fine.
        placeholder: grey hint text in the empty field.
        parent: Qt parent.
    """

    validity_changed = Signal(bool)

    def __init__(
        self, check: Check | None = None, placeholder: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._check = check
        self._valid = True
        self.line_edit = QLineEdit(self)
        self.line_edit.setPlaceholderText(placeholder)
        self.message_label = QLabel(self)
        self.message_label.setStyleSheet(ERROR_STYLE)
        self.message_label.setWordWrap(True)
        self.message_label.setVisible(False)
        self.message_label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.line_edit)
        layout.addWidget(self.message_label)
        self.setFocusProxy(self.line_edit)
        # Grow with the message, never beyond: a form row must not stretch vertically.
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self._pause = QTimer(self)
        self._pause.setSingleShot(True)
        self._pause.setInterval(TYPING_PAUSE_MS)
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.line_edit.textEdited.connect(self._on_line_edit_text_edited)
        self.line_edit.editingFinished.connect(self.validate_now)
        self._pause.timeout.connect(self.validate_now)

    # -- text -------------------------------------------------------------------------------

    def text(self) -> str:
        return self.line_edit.text()

    def setText(self, text: str) -> None:  # noqa: N802 (Qt naming, as QLineEdit)
        self.line_edit.setText(text)
        self.validate_now()

    def clear(self) -> None:
        """Empty the field and forget any message (on lock or reset)."""
        self._pause.stop()
        self.line_edit.clear()
        self._show_message(None)

    # -- validation -------------------------------------------------------------------------

    def is_valid(self) -> bool:
        """Whether the current text passes the check (checked now, not when last shown)."""
        return self._message_for(self.text()) is None

    def message(self) -> str:
        return self.message_label.text() if self.message_label.isVisible() else ""

    @Slot()
    def validate_now(self) -> bool:
        """Check the text now and show or clear the message; return whether it is valid."""
        self._pause.stop()
        message = self._message_for(self.text())
        self._show_message(message)
        return message is None

    def show_error(self, message: str) -> None:
        """Show a message that came from elsewhere (e.g. a refused save) next to this field."""
        self._show_message(message or None)

    def _message_for(self, text: str) -> str | None:
        return self._check(text) if self._check is not None else None

    def _show_message(self, message: str | None) -> None:
        self.message_label.setText(message or "")
        self.message_label.setVisible(bool(message))
        self.line_edit.setProperty("invalid", bool(message))
        self.line_edit.setAccessibleDescription(message or "")
        valid = message is None
        if valid != self._valid:
            self._valid = valid
            self.validity_changed.emit(valid)

    @Slot(str)
    def _on_line_edit_text_edited(self, text: str) -> None:
        if self._message_for(text) is None:
            self.validate_now()  # a correct value clears the message at once
        else:
            self._pause.start()
