"""Showing a new recovery key once, and asking that it was stored before it counts.

Used by the settings dialog ("Nieuwe herstelsleutel maken"): the key is shown here before
the vault revokes the old one, so a key nobody saw can never become the only one.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from casustafel.errors import RefusedError
from casustafel.i18n import _


class RecoveryKeyDialog(QDialog):
    """The new recovery key, with a confirmation that it was stored."""

    def __init__(self, key_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Nieuwe herstelsleutel"))
        self.setModal(True)
        intro = QLabel(
            _(
                "Schrijf deze herstelsleutel op en bewaar hem bij de privacyfunctionaris. Hij "
                "wordt maar één keer getoond; de oude herstelsleutel werkt daarna niet meer."
            )
        )
        intro.setWordWrap(True)
        self.key_label = QLabel(key_text)
        self.key_label.setObjectName("recoveryKey")
        self.key_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.confirmed = QCheckBox(_("Ik heb de nieuwe herstelsleutel &veilig opgeslagen"))
        self.buttons = QDialogButtonBox()
        self.ok_button = self.buttons.addButton(
            _("Nieuwe sleutel &gebruiken"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.addButton(_("Annuleren"), QDialogButtonBox.ButtonRole.RejectRole)
        self.ok_button.setEnabled(False)
        layout = QVBoxLayout(self)
        for widget in (intro, self.key_label, self.confirmed, self.buttons):
            layout.addWidget(widget)
        self.confirmed.toggled.connect(self._on_confirmed_toggled)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    @Slot(bool)
    def _on_confirmed_toggled(self, checked: bool) -> None:
        self.ok_button.setEnabled(checked)

    def accept(self) -> None:
        self.key_label.clear()
        super().accept()

    def reject(self) -> None:
        self.key_label.clear()
        super().reject()


def deliver_on_screen(parent: QWidget | None) -> Callable[[str], None]:
    """A `deliver` for `Vault.new_recovery_key`: show the key; refuse unless confirmed."""

    def deliver(key_text: str) -> None:
        dialog = RecoveryKeyDialog(key_text, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            raise RefusedError(_("Niet bevestigd; de oude herstelsleutel blijft geldig."))

    return deliver
