"""The main window: navigation over the tables, case files as tabs, lock and presentation.

It is the frame the case screens live in. Its pages (`navigation`) are made when first
shown, each from the current `AppSession`; its actions and menus are in `main_menus`,
meeting mode in `meeting_mode`. When the session locks, every page and case file is
destroyed, every other window and dialog (meeting mode, the export dialog, message boxes)
closes, the clipboard is wiped if it holds our text, and a lock screen remains that shows
only the vault's name.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QRect, QSize, Qt, Signal, Slot
from PySide6.QtGui import QCloseEvent, QGuiApplication
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from casustafel.i18n import _

from .autolock import AutoLock, Clock
from .clipboard import SecureClipboard
from .document_tabs import SURVIVES_LOCK, DocumentTabs, close_case_windows, dispose
from .lock_screen import Banner, LockScreen
from .main_menus import MainMenus
from .meeting_mode import MeetingLauncher
from .navigation import PAGES, PlaceholderView, fill_navigation, make_page, page_of
from .presentation import SHORTCUT as PRESENTATION_SHORTCUT
from .presentation import PresentationController
from .session import AppSession
from .style import COLORS, icon
from .views.export_dialog import ExportDialog
from .widgets.file_notice import FileNotice
from .worker import Worker

__all__ = [
    "PAGES",
    "SURVIVES_LOCK",
    "LockScreen",
    "MainWindow",
    "PlaceholderView",
    "default_geometry",
]

log = logging.getLogger("casustafel.ui")

PREFERRED_SIZE = QSize(1280, 800)
# Room for the window manager's title bar and borders, which the geometry does not include.
_FRAME_ALLOWANCE = QSize(16, 40)


def default_geometry(available: QRect) -> QRect:
    """Where the window opens: 1280x800 when the screen has room, never larger than it.

    `available` is the screen's free area (without task bars). On a 1366x768 laptop, or
    1920x1080 at 150 % (1280x720 logical), the window takes what there is and is centred.
    """
    width = min(PREFERRED_SIZE.width(), available.width() - _FRAME_ALLOWANCE.width())
    height = min(PREFERRED_SIZE.height(), available.height() - _FRAME_ALLOWANCE.height())
    rect = QRect(0, 0, max(width, 640), max(height, 480))
    rect.moveCenter(available.center())
    return rect


class MainWindow(QMainWindow):
    """The main window of one vault.

    Signals:
        unlock_requested(): the user wants to unlock this vault again (lock screen).
        other_vault_requested(): back to the welcome screen to pick or make another vault.
        create_vault_requested(): the user wants a new vault.
        session_attached(): a freshly unlocked session is on screen (meeting mode resumed).
    """

    unlock_requested = Signal()
    other_vault_requested = Signal()
    create_vault_requested = Signal()
    session_attached = Signal()

    def __init__(
        self,
        vault_name: str,
        presentation: PresentationController,
        clipboard: SecureClipboard,
        clock: Clock | None = None,
        autolock_tick_ms: int = 1000,
        parent: QWidget | None = None,
        *,
        worker: Worker | None = None,
    ) -> None:
        super().__init__(parent)
        self.worker = worker
        self.vault_name = vault_name
        self.presentation = presentation
        self.clipboard = clipboard
        self._clock = clock
        self._autolock_tick_ms = autolock_tick_ms
        self.session: AppSession | None = None
        self.autolock: AutoLock | None = None
        self._pages: dict[str, QWidget] = {}
        # Vault name only: window titles never carry personal data.
        self.setWindowTitle(_("Casustafel — {name}").format(name=vault_name))
        self.setWindowIcon(icon("vault", COLORS["primary"]))
        # Qt always has a primary screen (offscreen too): never larger than its free area.
        self.setGeometry(default_geometry(QGuiApplication.primaryScreen().availableGeometry()))
        self._build()
        self.meetings = MeetingLauncher(presentation, self)
        self.menus = MainMenus(self)
        self.toolbar = self.menus.toolbar
        self.privacy = self.menus.privacy
        self.lock_action = self.menus.lock_action
        self.find_action = self.menus.find_action
        self.close_tab_action = self.menus.close_tab_action
        self.export_action = self.menus.export_action
        self.page_actions = self.menus.page_actions
        self._connect_signals()
        self._show_locked(_("De kluis is vergrendeld."))

    # -- layout ----------------------------------------------------------------------------

    def _build(self) -> None:
        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setAccessibleName(_("Navigatie"))
        self.navigation.setIconSize(QSize(18, 18))
        self.navigation.setMinimumWidth(190)
        self.navigation.setMaximumWidth(260)
        fill_navigation(self.navigation)
        self.documents = DocumentTabs()
        self.overview = self.documents.overview
        self.lock_banner = Banner("lockBanner", _("&Blijf ingelogd"))
        self.presentation_banner = Banner("presentationBanner")
        self.presentation_banner.label.setText(
            _(
                "Presentatiemodus: namen als initialen; BSN, geboortedatum, adres en telefoon "
                "verborgen. Uitzetten met {shortcut}."
            ).format(shortcut=PRESENTATION_SHORTCUT)
        )
        splitter = QSplitter()
        splitter.addWidget(self.navigation)
        splitter.addWidget(self.documents)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        self.work_area = QWidget()
        work_layout = QVBoxLayout(self.work_area)
        work_layout.setContentsMargins(0, 0, 0, 0)
        work_layout.setSpacing(0)
        work_layout.addWidget(self.presentation_banner)
        work_layout.addWidget(self.lock_banner)
        work_layout.addWidget(splitter, 1)
        self.lock_screen = LockScreen()
        self.lock_screen.set_vault_name(self.vault_name)
        self.root = QStackedWidget()
        self.root.addWidget(self.lock_screen)
        self.root.addWidget(self.work_area)
        self.setCentralWidget(self.root)
        self.vault_label = QLabel(_("Kluis: {name}").format(name=self.vault_name))
        self.user_label = QLabel()
        self.autolock_label = QLabel()
        self.mode_label = QLabel(_("PRESENTATIEMODUS"))
        self.mode_label.setStyleSheet(f"color: {COLORS['presentation']}; font-weight: 600;")
        self.mode_label.hide()
        for label in (self.mode_label, self.user_label, self.autolock_label, self.vault_label):
            self.statusBar().addPermanentWidget(label)
        self.file_notice = FileNotice()
        self.statusBar().addWidget(self.file_notice)

    def _connect_signals(self) -> None:
        self.navigation.currentItemChanged.connect(self._on_navigation_current_item_changed)
        self.documents.case_open_requested.connect(self.open_case)  # "also known in" links
        self.lock_screen.unlock_requested.connect(self.unlock_requested.emit)
        self.lock_screen.other_vault_requested.connect(self.request_other_vault)
        assert self.lock_banner.button is not None
        self.lock_banner.button.clicked.connect(self._on_stay_clicked)
        self.presentation.mode_changed.connect(self._on_presentation_mode_changed)
        self.presentation.switched_on_by_screen.connect(self._on_presentation_switched_on_by_screen)
        self._on_presentation_mode_changed(self.presentation.is_on)

    # -- session -----------------------------------------------------------------------------

    def attach_session(self, session: AppSession, auto_lock_minutes: int) -> None:
        """Show the work area for a freshly unlocked session."""
        self.session = session
        session.locked.connect(self._on_session_locked)
        self.presentation.set_session(session)
        self.autolock = AutoLock(
            session, auto_lock_minutes, self._clock, self._autolock_tick_ms, self
        )
        self.autolock.warning.connect(self._on_autolock_warning)
        self.autolock.warning_cancelled.connect(self.lock_banner.hide)
        self.autolock.auto_locked.connect(self._on_autolock_auto_locked)
        self.meetings.attach_autolock(session, self.autolock)  # longer limit, countdown there
        self.user_label.setText(_("Gebruiker: {user}").format(user=session.vault.user))
        self.autolock_label.setText(
            _("Vergrendelt na {n} min zonder activiteit").format(n=auto_lock_minutes)
        )
        self.menus.set_session_actions_enabled(True)
        self.root.setCurrentWidget(self.work_area)
        self.show_page("mywork")
        self.statusBar().showMessage(_("Kluis ontgrendeld."), 4000)
        self.privacy.attach(session)  # destruction list and backup checks start here
        # A sitting still under way: the chair is back in meeting mode on the same item.
        self.meetings.resume(session)
        self.session_attached.emit()

    @Slot()
    def lock(self) -> None:
        """Lock now (toolbar, Ctrl+L); the session's `locked` does the clearing."""
        if self.session is not None:
            self.session.lock()

    @Slot()
    def _on_session_locked(self) -> None:
        self._clear_everything()
        self._show_locked(_("De kluis is vergrendeld."))

    def _clear_everything(self) -> None:
        """Close and destroy everything that could show case data."""
        if self.autolock is not None:
            self.autolock.deleteLater()
            self.autolock = None
        self.session = None
        self.presentation.set_session(None)
        # Other windows and dialogs first (meeting mode, the export dialog, case dialogs,
        # message boxes), so their own event loops end before their pages go away.
        close_case_windows(keep=self)
        self.documents.close_case_files()
        for view in list(self._pages.values()):
            self.overview.removeWidget(view)
            dispose(view)
        self._pages.clear()
        self.navigation.blockSignals(True)
        self.navigation.setCurrentRow(-1)
        self.navigation.blockSignals(False)
        self.documents.setTabText(0, "")
        self.lock_banner.hide()
        self.statusBar().clearMessage()
        self.file_notice.clear()
        self.user_label.clear()
        self.autolock_label.clear()
        self.clipboard.clear_if_ours()

    def _show_locked(self, reason: str) -> None:
        self.lock_screen.set_reason(reason)
        self.root.setCurrentWidget(self.lock_screen)
        self.menus.set_session_actions_enabled(False)
        self.lock_screen.unlock_button.setFocus()

    @Slot(int)
    def _on_autolock_warning(self, seconds_left: int) -> None:
        self.lock_banner.label.setText(
            _("De kluis wordt over {n} seconden vergrendeld wegens inactiviteit.").format(
                n=seconds_left
            )
        )
        self.lock_banner.show()

    @Slot()
    def _on_stay_clicked(self) -> None:
        if self.autolock is not None:
            self.autolock.register_activity()

    @Slot(str)
    def _on_autolock_auto_locked(self, reason: str) -> None:
        self.lock_screen.set_reason(reason)

    # -- pages and case files ----------------------------------------------------------------

    def page(self, key: str) -> QWidget | None:
        """The page for `key` if it was made (tests and the screenshot script use this)."""
        return self._pages.get(key)

    def show_page(self, key: str) -> QWidget | None:
        """Select a navigation page, making its view on first use."""
        if self.session is None:
            return None
        for row in range(self.navigation.count()):
            item_key = self.navigation.item(row).data(Qt.ItemDataRole.UserRole)
            if item_key == key and self.navigation.currentRow() != row:
                self.navigation.setCurrentRow(row)  # calls back into _activate
                return self._pages.get(key)
        return self._activate(key)

    def _activate(self, key: str) -> QWidget | None:
        if self.session is None:
            return None
        view = self._pages.get(key)
        if view is None:
            view = make_page(key, self.session, self.worker, self)
            self._pages[key] = view
            self.overview.addWidget(view)
        self.overview.setCurrentWidget(view)
        page = page_of(key)
        self.documents.setTabText(0, page.full_title)
        self.documents.setTabIcon(0, icon(page.icon))
        self.documents.setCurrentIndex(0)
        return view

    @Slot(QListWidgetItem, QListWidgetItem)
    def _on_navigation_current_item_changed(
        self, current: QListWidgetItem | None, _previous: QListWidgetItem | None
    ) -> None:
        if current is not None and current.data(Qt.ItemDataRole.UserRole):
            self._activate(str(current.data(Qt.ItemDataRole.UserRole)))

    @Slot(int)
    @Slot(int, str)
    def open_case(self, case_id: int, section: str = "") -> QWidget | None:
        """Open a case file as a tab (or switch to it), at `section` if the view knows it."""
        if self.session is None:
            return None
        return self.documents.open_case(self.session, case_id, section)

    @Slot(int, str)
    def open_signal(self, signal_id: int, table_code: str) -> None:
        """Show a waiting signal in its table's intake inbox."""
        view = self.show_page(f"signals:{table_code}")
        select = getattr(view, "select_signal", None)
        if callable(select):
            select(signal_id)

    @Slot(int)
    def open_meeting(self, sitting_id: int) -> QWidget | None:
        """Meeting mode for a sitting, full screen (from the sittings page)."""
        if self.session is None:
            return None
        return self.meetings.open(self.session, sitting_id)

    @Slot(str)
    def show_written_file(self, path: str) -> None:
        """Say in the status bar that `path` was written, with "Openen" and "Map tonen"."""
        self.file_notice.show_file(Path(path))

    @Slot()
    def open_export_dialog(self) -> QWidget | None:
        """Bestand → Monitoringcijfers exporteren… (one dialog at a time; export on the worker)."""
        if self.session is None:
            return None
        for existing in self.findChildren(ExportDialog):
            if existing.isVisible():
                existing.raise_()
                existing.activateWindow()
                return existing
        dialog = ExportDialog(self.session, self, worker=self.worker)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    @Slot()
    def close_current_tab(self) -> None:
        self.documents.close_current()

    @Slot()
    def next_tab(self) -> None:
        self.documents.next_tab()

    @Slot()
    def previous_tab(self) -> None:
        self.documents.previous_tab()

    @Slot()
    def focus_filter(self) -> None:
        """Ctrl+F: the filter field of the current screen."""
        self.documents.focus_filter()

    # -- presentation, help, closing ----------------------------------------------------------

    @Slot(bool)
    def _on_presentation_mode_changed(self, on: bool) -> None:
        self.presentation_banner.setVisible(on)
        self.mode_label.setVisible(on)
        # Locked while presenting: nothing on the projector names the vault (i11b).
        self.lock_screen.set_neutral(on)
        self.vault_label.setVisible(not on)
        self.setWindowTitle(
            _("Casustafel") if on else _("Casustafel — {name}").format(name=self.vault_name)
        )

    @Slot()
    def _on_presentation_switched_on_by_screen(self) -> None:
        self.statusBar().showMessage(
            _("Tweede scherm aangesloten: presentatiemodus staat aan."), 8000
        )

    @Slot()
    def toggle_fullscreen(self) -> None:
        self.setWindowState(self.windowState() ^ Qt.WindowState.WindowFullScreen)

    @Slot()
    def request_other_vault(self) -> None:
        """Lock, then back to the welcome screen to pick or make another vault."""
        self.lock()
        self.other_vault_requested.emit()

    def shortcut_rows(self) -> list[tuple[str, str]]:
        """(action, key) for every window action with a shortcut (the F1 help lists them)."""
        return self.menus.shortcut_rows()

    @Slot()
    def show_shortcuts(self) -> QWidget:
        return self.menus.show_shortcuts()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt API)
        # Hidden first: a lock of a visible window would ask for the passphrase again.
        self.hide()
        self.lock()
        super().closeEvent(event)
