"""The parts of the main window that hold no case data: the lock screen and the banners."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from casustafel.i18n import _

from .style import COLORS, icon

__all__ = ["Banner", "LockScreen"]


class LockScreen(QWidget):
    """What remains while the vault is locked: its name and the way back in.

    Signals:
        unlock_requested(): "Ontgrendelen…" was chosen.
        other_vault_requested(): "Andere kluis…" was chosen.
    """

    unlock_requested = Signal()
    other_vault_requested = Signal()
    NEUTRAL_REASON = _("Vergrendeld.")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._vault_name = ""
        self.title = QLabel()
        self.title.setObjectName("appTitle")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.reason = QLabel(_("De kluis is vergrendeld."))
        self.reason.setObjectName("subtitle")
        self.reason.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.reason.setWordWrap(True)
        lock_icon = QLabel()
        lock_icon.setPixmap(icon("lock", COLORS["primary"]).pixmap(QSize(64, 64)))
        lock_icon.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.unlock_button = QPushButton(icon("unlock", "#ffffff"), _("&Ontgrendelen…"))
        self.unlock_button.setObjectName("primary")
        self.other_button = QPushButton(icon("open"), _("&Andere kluis…"))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.unlock_button)
        buttons.addWidget(self.other_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        layout.addWidget(lock_icon)
        layout.addWidget(self.title)
        layout.addWidget(self.reason)
        layout.addSpacing(16)
        layout.addLayout(buttons)
        layout.addStretch(3)
        self.unlock_button.clicked.connect(self.unlock_requested.emit)
        self.other_button.clicked.connect(self.other_vault_requested.emit)
        self._neutral = False
        self._reason = self.reason.text()

    @property
    def neutral(self) -> bool:
        return self._neutral

    def set_neutral(self, neutral: bool) -> None:
        """While presenting the projector shows only "Casustafel" and "Vergrendeld.": no vault
        name (it may be a folder name), no reason, no other way in than unlocking."""
        self._neutral = neutral
        self.title.setText(_("Casustafel") if neutral else self._vault_name)
        self.reason.setText(self.NEUTRAL_REASON if neutral else self._reason)
        self.other_button.setVisible(not neutral)

    def set_vault_name(self, name: str) -> None:
        self._vault_name = name
        self.set_neutral(self._neutral)

    def set_reason(self, reason: str) -> None:
        self._reason = reason
        self.set_neutral(self._neutral)


class Banner(QFrame):
    """A one-line bar above the work area (auto-lock warning, presentation mode)."""

    def __init__(self, name: str, button_text: str = "") -> None:
        super().__init__()
        self.setObjectName(name)
        self.label = QLabel()
        self.button = QPushButton(button_text) if button_text else None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        layout.addWidget(self.label, 1)
        if self.button is not None:
            layout.addWidget(self.button)
        self.hide()
