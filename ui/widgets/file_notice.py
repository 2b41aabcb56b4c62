"""The status bar's notice that a file was written, with "Openen" and "Map tonen".

After printing, the chair wants to see the PDF or hand it on: the notice names the file
(our file names hold table, sitting number and partner code, never a person) and opens it
or its folder with the desktop's own programs. It stays until the next notice or a close.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QToolButton, QWidget

from casustafel.i18n import _

__all__ = ["FileNotice"]


class FileNotice(QWidget):
    """ "Afgedrukt: agenda-WO-2026-04-verspreid.pdf  [Openen] [Map tonen] [×]".

    Signals:
        open_requested(str): the user asked to open this path (file or folder).
    """

    open_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path: Path | None = None
        self.label = QLabel(self)
        self.open_button = QPushButton(_("Openen"), self)
        self.folder_button = QPushButton(_("Map tonen"), self)
        self.close_button = QToolButton(self)
        self.close_button.setText("×")
        self.close_button.setAccessibleName(_("Melding sluiten"))
        self.close_button.setAutoRaise(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.open_button)
        layout.addWidget(self.folder_button)
        layout.addWidget(self.close_button)
        self.open_button.clicked.connect(self._on_open_button_clicked)
        self.folder_button.clicked.connect(self._on_folder_button_clicked)
        self.close_button.clicked.connect(self.clear)
        self.open_requested.connect(self._on_open_requested)
        self.hide()

    def show_file(self, path: str | Path, what: str = "") -> None:
        """Say that `path` was written (`what`: e.g. "Afgedrukt"), with its two buttons."""
        self.path = Path(path)
        self.label.setText(
            _("{what}: {name}").format(what=what or _("Afgedrukt"), name=self.path.name)
        )
        self.label.setToolTip(str(self.path))
        self.show()

    @Slot()
    def clear(self) -> None:
        self.path = None
        self.label.clear()
        self.label.setToolTip("")
        self.hide()

    @Slot()
    def _on_open_button_clicked(self) -> None:
        if self.path is not None:
            self.open_requested.emit(str(self.path))

    @Slot()
    def _on_folder_button_clicked(self) -> None:
        if self.path is not None:
            self.open_requested.emit(str(self.path.parent))

    @Slot(str)
    def _on_open_requested(self, path: str) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(path))
