"""Shared frame of the case-file dialogs: a form, an error banner on top, Opslaan/Annuleren.

A refused action (a `ValidationError` from the services) puts its message in the banner
and under the field it names; what the user typed stays. Every dialog closes itself,
emptied, when the vault is locked.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Slot
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from casustafel.errors import CasustafelError, ValidationError
from casustafel.i18n import _
from casustafel.ui.session import AppSession
from casustafel.ui.widgets.error_banner import ErrorBanner

__all__ = ["ActionDialog", "FieldMessage", "text_box"]


def text_box(parent: QWidget, placeholder: str, lines: int = 3) -> QPlainTextEdit:
    """A multi-line text field where Tab moves on (keyboard users must be able to leave it)."""
    box = QPlainTextEdit(parent)
    box.setTabChangesFocus(True)
    box.setPlaceholderText(placeholder)
    box.setFixedHeight(box.fontMetrics().height() * (lines + 1))
    return box


class FieldMessage(QLabel):
    """A message under a plain field (for fields that are not a `ValidatedLineEdit`)."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setStyleSheet("color: #b3261e;")
        self.setWordWrap(True)
        self.setVisible(False)

    def show_message(self, message: str) -> None:
        self.setText(message)
        self.setVisible(bool(message))


class ActionDialog(QDialog):
    """Base of the action dialogs; subclasses fill `form` and implement `_save()`.

    Args:
        session: the app session (closing on lock).
        title: window title.
        parent: Qt parent.
    """

    def __init__(self, session: AppSession, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self.setWindowTitle(title)
        self.setModal(True)
        self.banner = ErrorBanner(self)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.buttons = QDialogButtonBox(self)
        self.save_button = self.buttons.addButton(
            _("Opslaan"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.save_button.setDefault(True)
        self.save_button.setShortcut(QKeySequence.StandardKey.Save)
        self.buttons.addButton(_("Annuleren"), QDialogButtonBox.ButtonRole.RejectRole)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(self.form)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.field_messages: dict[str, Callable[[str], None]] = {}
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        session.locked.connect(self._on_session_locked)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("m") * 48)

    def add_row(self, text: str, widget: QWidget, field: str | None = None) -> QLabel:
        """Add a labelled row; with `field`, a refused save for that field shows under it."""
        label = QLabel(text, self)
        label.setBuddy(widget)
        if field is not None and hasattr(widget, "show_error"):
            self.field_messages[field] = widget.show_error
            self.form.addRow(label, widget)
        elif field is not None:
            box = QWidget(self)
            column = QVBoxLayout(box)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(2)
            column.addWidget(widget)
            message = FieldMessage(box)
            column.addWidget(message)
            box.setFocusProxy(widget)
            self.field_messages[field] = message.show_message
            self.form.addRow(label, box)
        else:
            self.form.addRow(label, widget)
        return label

    def show_error(self, message: str, field: str | None = None) -> None:
        self.banner.say(message)
        for name, show in self.field_messages.items():
            show(message if name == field else "")

    def _save(self) -> None:
        """Do the action; raise `CasustafelError` to refuse (the dialog stays open)."""
        raise NotImplementedError

    def _check(self) -> bool:
        """Client-side checks before `_save`; show messages and return False to stop."""
        return True

    @Slot()
    def _on_buttons_accepted(self) -> None:
        if not self._check():
            return
        try:
            self._save()
        except ValidationError as error:
            self.show_error(error.message, error.field)
            return
        except CasustafelError as error:
            self.show_error(error.message)
            return
        self.accept()

    @Slot()
    def _on_session_locked(self) -> None:
        for child in self.findChildren(QLineEdit):
            child.clear()
        for box in self.findChildren(QPlainTextEdit):
            box.clear()
        self.reject()
