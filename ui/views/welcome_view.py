"""The first screen: open a recent or other vault, or make a new one."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from casustafel import __version__
from casustafel.db.vault import VAULT_SUFFIX, VaultPaths
from casustafel.i18n import _

from ..recent_vaults import RecentVaults
from ..style import COLORS, icon


class WelcomeView(QWidget):
    """Welcome window: recent vaults by path, and the two ways in.

    Signals:
        open_requested(path): the user chose a vault to unlock.
        create_requested(): the user wants a new vault.
    """

    open_requested = Signal(str)
    create_requested = Signal()

    def __init__(self, recent: RecentVaults, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._recent = recent
        self.setWindowTitle(_("Casustafel"))
        # Shows paths only; locking a vault must not destroy the way back in.
        self.setProperty("casustafel_survives_lock", True)
        self.setWindowIcon(icon("vault", COLORS["primary"]))
        self.resize(720, 500)
        self._build()
        self._connect_signals()
        self.refresh()

    def _build(self) -> None:
        card = QFrame()
        card.setObjectName("card")
        title = QLabel(_("Casustafel"))
        title.setObjectName("appTitle")
        subtitle = QLabel(
            _("Versleutelde casusregistratie voor woonoverlast, ondermijning en mensenhandel.")
        )
        subtitle.setObjectName("subtitle")
        subtitle.setWordWrap(True)
        recent_label = QLabel(_("&Recente kluizen"))
        self.recent_list = QListWidget()
        self.recent_list.setObjectName("recentVaults")
        recent_label.setBuddy(self.recent_list)
        self.empty_label = QLabel(_("Nog geen kluizen geopend op deze computer."))
        self.empty_label.setObjectName("hint")
        self.open_recent_button = QPushButton(icon("unlock", "#ffffff"), _("Ont&grendelen"))
        self.open_recent_button.setObjectName("primary")
        self.open_button = QPushButton(icon("open"), _("Andere kluis &openen…"))
        self.create_button = QPushButton(icon("new"), _("&Nieuwe kluis maken…"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_recent_button)
        buttons.addStretch(1)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.create_button)
        inner = QVBoxLayout(card)
        inner.setContentsMargins(28, 24, 28, 24)
        inner.setSpacing(10)
        inner.addWidget(title)
        inner.addWidget(subtitle)
        inner.addSpacing(12)
        inner.addWidget(recent_label)
        inner.addWidget(self.recent_list, 1)
        inner.addWidget(self.empty_label)
        inner.addLayout(buttons)
        version = QLabel(_("Versie {version}").format(version=__version__))
        version.setObjectName("hint")
        version.setAlignment(Qt.AlignmentFlag.AlignRight)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(32, 32, 32, 16)
        outer.addWidget(card, 1)
        outer.addWidget(version)
        QShortcut(QKeySequence.StandardKey.Open, self, self._on_open_button_clicked)
        QShortcut(QKeySequence.StandardKey.New, self, self.create_requested.emit)

    def _connect_signals(self) -> None:
        self.open_recent_button.clicked.connect(self._on_open_recent_button_clicked)
        self.recent_list.itemActivated.connect(self._on_recent_list_item_activated)
        self.recent_list.currentRowChanged.connect(self._update_enabled)
        self.open_button.clicked.connect(self._on_open_button_clicked)
        self.create_button.clicked.connect(self.create_requested.emit)

    def refresh(self) -> None:
        """Reload the recent vaults (paths only; folders that are gone are left out)."""
        self.recent_list.clear()
        for path in self._recent.existing():
            item = QListWidgetItem(icon("vault", COLORS["primary"]), VaultPaths.of(path).name)
            item.setToolTip(path)
            item.setData(Qt.ItemDataRole.UserRole, path)
            item.setData(Qt.ItemDataRole.AccessibleDescriptionRole, path)
            self.recent_list.addItem(item)
        has_recent = self.recent_list.count() > 0
        self.recent_list.setVisible(has_recent)
        self.empty_label.setVisible(not has_recent)
        if has_recent:
            self.recent_list.setCurrentRow(0)
            self.recent_list.setFocus()
        self._update_enabled()

    @Slot()
    def _update_enabled(self) -> None:
        self.open_recent_button.setEnabled(self.recent_list.currentItem() is not None)
        self.open_recent_button.setDefault(self.recent_list.currentItem() is not None)

    @Slot()
    def _on_open_recent_button_clicked(self) -> None:
        item = self.recent_list.currentItem()
        if item is not None:
            self.open_requested.emit(str(item.data(Qt.ItemDataRole.UserRole)))

    @Slot(QListWidgetItem)
    def _on_recent_list_item_activated(self, item: QListWidgetItem) -> None:
        self.open_requested.emit(str(item.data(Qt.ItemDataRole.UserRole)))

    @Slot()
    def _on_open_button_clicked(self) -> None:
        # A vault is a folder; picking it (or any file inside it) opens it.
        chosen = QFileDialog.getExistingDirectory(
            self, _("Kluis openen (map {suffix})").format(suffix=VAULT_SUFFIX)
        )
        if chosen:
            path = Path(chosen)
            if path.suffix != VAULT_SUFFIX and path.parent.suffix == VAULT_SUFFIX:
                path = path.parent
            self.open_requested.emit(str(path))
