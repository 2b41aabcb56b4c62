"""Shared frame of the case-file dialogs: a form, an error banner on top, Opslaan/Annuleren.

A subclass describes its write as `_write() -> Write(op, changes)`; the dialog runs it as
a `CollectionOp` on the worker (`casustafel.ui.ops`), so open views refresh from the
change notice, and closes itself on success. (Older subclasses still implement `_save()`,
which runs synchronously.) A refused action (a `ValidationError` from the services) puts
its message in the banner and under the field it names; what the user typed stays. Each
attempt starts by clearing the previous attempt's messages, and a field's message goes
as soon as that field is edited. Escape or Annuleren with unsaved changes asks first.
Every dialog closes itself, emptied and without asking, when the vault is locked.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Slot
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from casustafel.db.vault import Vault
from casustafel.errors import CasustafelError, ValidationError
from casustafel.i18n import _
from casustafel.ui.ops import ChangesArg, CollectionOp
from casustafel.ui.session import AppSession
from casustafel.ui.widgets.error_banner import ErrorBanner

__all__ = [
    "ActionDialog",
    "FieldMessage",
    "Write",
    "ask_discard",
    "form_snapshot",
    "must_ask",
    "text_box",
]


@dataclass(frozen=True, slots=True)
class Write:
    """A dialog's write: `op(vault)` runs on the worker; `changes` as `CollectionOp` takes it."""

    op: Callable[[Vault], Any]
    changes: ChangesArg


def form_snapshot(root: QWidget) -> tuple[object, ...]:
    """What the user can change in `root`, to tell whether anything was edited since."""
    values: list[object] = []
    for edit in root.findChildren(QLineEdit):
        values.append(edit.text())
    for box in root.findChildren(QPlainTextEdit):
        values.append(box.toPlainText())
    for combo in root.findChildren(QComboBox):
        values.append(combo.currentIndex())
    for check in root.findChildren(QCheckBox):
        values.append(check.isChecked())
    return tuple(values)


def must_ask(dialog: QWidget, dirty: bool, session: AppSession) -> bool:
    """Whether closing `dialog` should ask first: edited, on screen, not locking, not asking."""
    if not dirty or session.is_locked or not dialog.isVisible():
        return False  # hidden or being torn down: nothing to ask the user about
    return dialog.findChild(QMessageBox, "discardQuestion") is None


def ask_discard(parent: QWidget, discard: Callable[[], None]) -> QMessageBox:
    """Ask (without blocking) whether unsaved edits may go; `discard()` runs on "Weggooien"."""
    box = QMessageBox(
        QMessageBox.Icon.Question,
        _("Wijzigingen niet opgeslagen"),
        _("U hebt gegevens ingevuld of gewijzigd die nog niet zijn opgeslagen. Weggooien?"),
        QMessageBox.StandardButton.NoButton,
        parent,
    )
    throw = box.addButton(_("&Weggooien"), QMessageBox.ButtonRole.DestructiveRole)
    keep = box.addButton(_("&Verder bewerken"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(keep)
    box.setEscapeButton(keep)
    box.setObjectName("discardQuestion")

    def on_finished(_result: int) -> None:
        chosen = box.clickedButton()
        box.setObjectName("")  # answered: a next Escape may ask again
        box.deleteLater()
        if chosen is throw:
            discard()

    box.finished.connect(on_finished)
    box.open()
    return box


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
        self._clean: tuple[object, ...] | None = None
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        session.locked.connect(self._on_session_locked)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("m") * 48)

    def mark_clean(self) -> None:
        """Remember the fields as they are now as "nothing edited" (done when first shown)."""
        self._clean = form_snapshot(self)

    def is_dirty(self) -> bool:
        return self._clean is not None and form_snapshot(self) != self._clean

    def showEvent(self, event: Any) -> None:  # noqa: N802 (Qt override)
        if self._clean is None:
            self.mark_clean()
            # Enter means the save button, never another button of the form that happens
            # to be a push button (a search, a browse, "new recovery key" in the settings).
            for button in self.findChildren(QPushButton):
                button.setAutoDefault(False)
            self.save_button.setDefault(True)
        super().showEvent(event)

    def reject(self) -> None:
        """Escape / Annuleren: ask first when something was typed or changed."""
        if must_ask(self, self.is_dirty(), self._session):
            ask_discard(self, self._discard)
            return
        self._discard()

    def _discard(self) -> None:
        super().reject()

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
            _clear_on_edit(widget, message)
            self.form.addRow(label, box)
        else:
            self.form.addRow(label, widget)
        return label

    def show_error(self, message: str, field: str | None = None) -> None:
        """Show a refusal: in the banner and, with `field`, under that field too.

        Without a field the messages already under fields stay: they are what the banner's
        "Controleer de gemarkeerde velden." refers to.
        """
        self.banner.say(message)
        if field is not None and field in self.field_messages:
            self.field_messages[field](message)

    def clear_errors(self) -> None:
        """Forget the messages of an earlier attempt (banner and every field)."""
        self.banner.say("")
        for show in self.field_messages.values():
            show("")

    def _write(self) -> Write | None:
        """The write to run on the worker; None: this dialog still uses `_save()`.

        Build the input values here (on the GUI thread) and capture only them; raise
        `ValidationError` to refuse before anything runs.
        """
        return None

    def _on_written(self, result: Any) -> None:
        """After a successful write (views already refreshed): close the dialog."""
        del result
        self.accept()

    def _save(self) -> None:
        """Do the action synchronously (older dialogs); raise `CasustafelError` to refuse."""
        raise NotImplementedError

    def _check(self) -> bool:
        """Client-side checks before `_save`; show messages and return False to stop."""
        return True

    @Slot()
    def _on_buttons_accepted(self) -> None:
        if not self.check_before_write():
            return
        try:
            write = self._write()
            if write is None:
                self._save()
        except ValidationError as error:
            self.show_error(error.message, error.field)
            return
        except CasustafelError as error:
            self.show_error(error.message)
            return
        if write is None:
            self.accept()
            return
        self.run_write(write)

    def run_write(self, write: Write) -> None:
        """Run `write` as a `CollectionOp` (refusals come back to this form's fields)."""
        CollectionOp(self, self._session, write.op, write.changes).success(
            self._on_written
        ).disabling(self.save_button).run()

    def check_before_write(self) -> bool:
        """Clear old messages and run `_check`; False (with the banner) when something is off."""
        self.clear_errors()
        if self._check():
            return True
        if not self.banner.text():
            self.show_error(_("Controleer de gemarkeerde velden."))
        return False

    @Slot()
    def _on_session_locked(self) -> None:
        for child in self.findChildren(QLineEdit):
            child.clear()
        for box in self.findChildren(QPlainTextEdit):
            box.clear()
        self._discard()


def _clear_on_edit(widget: QWidget, message: FieldMessage) -> None:
    """A field's old message goes once the user changes that field."""

    def clear(*_args: object) -> None:
        message.show_message("")

    if isinstance(widget, QComboBox):
        widget.currentIndexChanged.connect(clear)
    elif isinstance(widget, QPlainTextEdit):
        widget.textChanged.connect(clear)
    elif isinstance(widget, QLineEdit):
        widget.textEdited.connect(clear)
    elif isinstance(widget, QCheckBox):
        widget.toggled.connect(clear)
