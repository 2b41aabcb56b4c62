"""The main window: navigation over the tables, case files as tabs, lock and presentation.

It is the frame the case screens live in. Pages are made when first shown (a 10,000-case
list should not load before anyone looks at it), each from the current `AppSession`.
When the session locks, every page and case file is destroyed, every other window and
dialog closes, the clipboard is wiped if it holds our text, and a lock screen remains that
shows only the vault's name.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QSize, Qt, Signal, Slot
from PySide6.QtGui import QAction, QCloseEvent, QColor, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QToolBar,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from casustafel import __version__
from casustafel.domain.model import TableCode
from casustafel.errors import CasustafelError
from casustafel.i18n import _

from .autolock import AutoLock, Clock
from .clipboard import SecureClipboard
from .presentation import SHORTCUT as PRESENTATION_SHORTCUT
from .presentation import PresentationController
from .privacy_tasks import PrivacyActions
from .session import AppSession
from .style import COLORS, icon
from .worker import Worker

log = logging.getLogger("casustafel.ui")

# Property for top-level windows that never show case data (the welcome screen): locking
# leaves them alone instead of closing and destroying them.
SURVIVES_LOCK = "casustafel_survives_lock"


@dataclass(frozen=True, slots=True)
class Page:
    """One entry of the navigation: what it is called and how its view is made."""

    key: str
    title: str
    icon: str
    section: str
    shortcut: str


PAGES: tuple[Page, ...] = (
    Page("mywork", _("Mijn werk"), "mywork", "", "Ctrl+1"),
    Page("cases:all", _("Alle tafels"), "all_tables", _("Casussen"), "Ctrl+2"),
    *(
        Page(f"cases:{t.value}", t.label, "table", _("Casussen"), f"Ctrl+{3 + i}")
        for i, t in enumerate(TableCode)
    ),
    *(
        Page(f"signals:{t.value}", t.label, "signals", _("Signalen"), f"Ctrl+{6 + i}")
        for i, t in enumerate(TableCode)
    ),
)


def _view_class(module: str, name: str) -> Any | None:
    """A case-screen class if its module exists yet (they are built alongside this frame)."""
    try:
        return getattr(importlib.import_module(f"casustafel.ui.views.{module}"), name, None)
    except ImportError:
        return None


class PlaceholderView(QWidget):
    """Stands in for a screen that is not there yet, or could not be opened."""

    def __init__(self, title: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        heading = QLabel(title)
        heading.setObjectName("pageTitle")
        body = QLabel(text)
        body.setObjectName("hint")
        body.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.addWidget(heading)
        layout.addWidget(body)
        layout.addStretch(1)


class LockScreen(QWidget):
    """What remains while the vault is locked: its name and the way back in."""

    unlock_requested = Signal()
    other_vault_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
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


class _Banner(QFrame):
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


class MainWindow(QMainWindow):
    """The main window of one vault.

    Signals:
        unlock_requested(): the user wants to unlock this vault again (lock screen).
        other_vault_requested(): back to the welcome screen to pick or make another vault.
        create_vault_requested(): the user wants a new vault.
    """

    unlock_requested = Signal()
    other_vault_requested = Signal()
    create_vault_requested = Signal()

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
        self._quitting = False
        # Vault name only: window titles never carry personal data.
        self.setWindowTitle(_("Casustafel — {name}").format(name=vault_name))
        self.setWindowIcon(icon("vault", COLORS["primary"]))
        self.resize(1280, 800)
        self._build()
        self._build_actions()
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
        section = None
        for page in PAGES:
            if page.section != section and page.section:
                header = QListWidgetItem(page.section.upper())
                header.setFlags(Qt.ItemFlag.NoItemFlags)
                header.setForeground(QColor(COLORS["muted"]))
                font = header.font()
                font.setPointSizeF(font.pointSizeF() * 0.85)
                font.setBold(True)
                header.setFont(font)
                header.setSizeHint(QSize(0, 34))
                header.setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom)
                self.navigation.addItem(header)
            section = page.section
            item = QListWidgetItem(icon(page.icon), page.title)
            item.setData(Qt.ItemDataRole.UserRole, page.key)
            item.setToolTip(f"{page.title} ({page.shortcut})")
            self.navigation.addItem(item)
        self.overview = QStackedWidget()
        self.documents = QTabWidget()
        self.documents.setDocumentMode(True)
        self.documents.setTabsClosable(True)
        self.documents.addTab(self.overview, "")
        # The overview tab stays: no close button on it.
        self.documents.tabBar().setTabButton(
            0, self.documents.tabBar().ButtonPosition.RightSide, None
        )
        self.lock_banner = _Banner("lockBanner", _("&Blijf ingelogd"))
        self.presentation_banner = _Banner("presentationBanner")
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
        self.lock_screen.title.setText(self.vault_name)
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

    def _action(
        self,
        text: str,
        slot: Callable[[], object],
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
        icon_name: str | None = None,
    ) -> QAction:
        action = QAction(text, self)
        if icon_name:
            action.setIcon(icon(icon_name))
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        self.addAction(action)  # shortcuts work even with the menu bar hidden
        return action

    def _build_actions(self) -> None:
        std = QKeySequence.StandardKey
        self.lock_action = self._action(_("&Vergrendelen"), self.lock, "Ctrl+L", "lock")
        self.lock_action.setToolTip(_("Kluis vergrendelen (Ctrl+L)"))
        self.new_vault_action = self._action(
            _("&Nieuwe kluis…"), self.create_vault_requested.emit, std.New, "new"
        )
        self.open_vault_action = self._action(
            _("Andere kluis &openen…"), self._on_other_vault_requested, std.Open, "open"
        )
        self.close_tab_action = self._action(
            _("Dossier &sluiten"), self.close_current_tab, std.Close
        )
        self.quit_action = self._action(_("&Afsluiten"), self.close, "Ctrl+Q", "quit")
        self.find_action = self._action(
            _("&Zoeken in lijst"), self.focus_filter, std.Find, "search"
        )
        self.next_tab_action = self._action(_("Volgend tabblad"), self._next_tab, std.NextChild)
        self.prev_tab_action = self._action(
            _("Vorig tabblad"), self._previous_tab, std.PreviousChild
        )
        self.fullscreen_action = self._action(
            _("&Volledig scherm"), self._toggle_fullscreen, std.FullScreen, "fullscreen"
        )
        self.shortcuts_action = self._action(
            _("&Sneltoetsen"), self.show_shortcuts, std.HelpContents, "help"
        )
        self.about_action = self._action(_("&Over Casustafel"), self._show_about)
        self.page_actions: dict[str, QAction] = {}
        for page in PAGES:
            label = page.title if not page.section else f"{page.section}: {page.title}"
            self.page_actions[page.key] = self._action(
                label, self._page_opener(page.key), page.shortcut, page.icon
            )
        self.addAction(self.presentation.action)

        menu = self.menuBar()
        file_menu = menu.addMenu(_("&Bestand"))
        file_menu.addActions([self.new_vault_action, self.open_vault_action])
        file_menu.addSeparator()
        file_menu.addActions([self.lock_action, self.close_tab_action])
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        edit_menu = menu.addMenu(_("Be&werken"))
        edit_menu.addAction(self.find_action)
        view_menu = menu.addMenu(_("Beel&d"))
        for page in PAGES:
            if page.key in ("cases:all", "signals:WO"):
                view_menu.addSeparator()
            view_menu.addAction(self.page_actions[page.key])
        view_menu.addSeparator()
        view_menu.addActions([self.next_tab_action, self.prev_tab_action])
        view_menu.addSeparator()
        view_menu.addActions([self.presentation.action, self.fullscreen_action])
        # Privacy work (audit log, destruction list, access request, settings, backups).
        self.privacy = PrivacyActions(self)
        menu.addMenu(self.privacy.menu)
        help_menu = menu.addMenu(_("&Help"))
        help_menu.addActions([self.shortcuts_action, self.about_action])

        self.toolbar = QToolBar(_("Werkbalk"))
        self.toolbar.setObjectName("mainToolbar")
        self.toolbar.setMovable(False)
        self.toolbar.setIconSize(QSize(20, 20))
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toolbar.addAction(self.lock_action)
        self.toolbar.addAction(self.presentation.action)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.toolbar)

    def _page_opener(self, key: str) -> Callable[[], object]:
        return lambda: self.show_page(key)

    def _connect_signals(self) -> None:
        self.navigation.currentItemChanged.connect(self._on_navigation_current_item_changed)
        self.documents.tabCloseRequested.connect(self._on_documents_tab_close_requested)
        self.lock_screen.unlock_requested.connect(self.unlock_requested.emit)
        self.lock_screen.other_vault_requested.connect(self._on_other_vault_requested)
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
        self.user_label.setText(_("Gebruiker: {user}").format(user=session.vault.user))
        self.autolock_label.setText(
            _("Vergrendelt na {n} min zonder activiteit").format(n=auto_lock_minutes)
        )
        self.lock_action.setEnabled(True)
        for action in (*self.page_actions.values(), self.find_action, self.close_tab_action):
            action.setEnabled(True)
        self.root.setCurrentWidget(self.work_area)
        self.show_page("mywork")
        self.statusBar().showMessage(_("Kluis ontgrendeld."), 4000)
        self.privacy.attach(session)  # destruction list and backup checks start here

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
        # Other windows and dialogs (case dialogs, message boxes, menus, tool tips) first,
        # so their own event loops end before the pages they belong to go away.
        QToolTip.hideText()
        for widget in QApplication.topLevelWidgets():
            if widget is self or not widget.isVisible() or widget.property(SURVIVES_LOCK):
                continue
            if isinstance(widget, QDialog):
                widget.reject()
            widget.close()
            # Closed is not enough: a hidden dialog still holds the text it showed. Deferred,
            # so a caller returning from the dialog's exec() can still read its result.
            widget.deleteLater()
        while self.documents.count() > 1:
            view = self.documents.widget(1)
            self.documents.removeTab(1)
            self._dispose(view)
        for view in list(self._pages.values()):
            self.overview.removeWidget(view)
            self._dispose(view)
        self._pages.clear()
        self.navigation.blockSignals(True)
        self.navigation.setCurrentRow(-1)
        self.navigation.blockSignals(False)
        self.documents.setTabText(0, "")
        self.lock_banner.hide()
        self.statusBar().clearMessage()
        self.user_label.clear()
        self.autolock_label.clear()
        self.clipboard.clear_if_ours()

    @staticmethod
    def _dispose(widget: QWidget | None) -> None:
        if widget is None:
            return
        widget.hide()
        widget.setParent(None)
        widget.deleteLater()

    def _show_locked(self, reason: str) -> None:
        self.lock_screen.reason.setText(reason)
        self.root.setCurrentWidget(self.lock_screen)
        self.lock_action.setEnabled(False)
        for action in (*self.page_actions.values(), self.find_action, self.close_tab_action):
            action.setEnabled(False)
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
        self.lock_screen.reason.setText(reason)

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
            view = self._make_page(key, self.session)
            self._pages[key] = view
            self.overview.addWidget(view)
        self.overview.setCurrentWidget(view)
        page = next(p for p in PAGES if p.key == key)
        self.documents.setTabText(
            0, page.title if not page.section else f"{page.section}: {page.title}"
        )
        self.documents.setTabIcon(0, icon(page.icon))
        self.documents.setCurrentIndex(0)
        return view

    @Slot(QListWidgetItem, QListWidgetItem)
    def _on_navigation_current_item_changed(
        self, current: QListWidgetItem | None, _previous: QListWidgetItem | None
    ) -> None:
        if current is not None and current.data(Qt.ItemDataRole.UserRole):
            self._activate(str(current.data(Qt.ItemDataRole.UserRole)))

    def _make_page(self, key: str, session: AppSession) -> QWidget:
        kind, _sep, table_code = key.partition(":")
        table = TableCode(table_code) if table_code and table_code != "all" else None
        try:
            if kind == "mywork":
                cls = _view_class("mywork_view", "MyWorkView")
                if cls is not None:
                    view: QWidget = cls(session)
                    view.case_open_requested.connect(self.open_case)  # type: ignore[attr-defined]
                    if hasattr(view, "signal_open_requested"):
                        view.signal_open_requested.connect(self.open_signal)
                    return view
            elif kind == "cases":
                cls = _view_class("case_list_view", "CaseListView")
                if cls is not None:
                    # The list loads on the worker (10,000 cases must not freeze the window).
                    view = cls(session, table, worker=self.worker)
                    view.case_open_requested.connect(self.open_case)  # type: ignore[attr-defined]
                    view.reload()  # type: ignore[attr-defined]
                    return view
            elif kind == "signals":
                cls = _view_class("intake_view", "IntakeView")
                if cls is not None:
                    view = cls(session, table)
                    if hasattr(view, "case_open_requested"):
                        view.case_open_requested.connect(self.open_case)
                    return view
        except CasustafelError as exc:
            return PlaceholderView(_("Dit scherm kon niet worden geopend"), exc.message)
        page = next(p for p in PAGES if p.key == key)
        return PlaceholderView(page.title, _("Dit scherm komt in een volgende versie."))

    @Slot(int)
    @Slot(int, str)
    def open_case(self, case_id: int, section: str = "") -> QWidget | None:
        """Open a case file as a tab (or switch to it), at `section` if the view knows it."""
        if self.session is None:
            return None
        for index in range(1, self.documents.count()):
            existing = self.documents.widget(index)
            if existing is not None and existing.property("case_id") == case_id:
                self.documents.setCurrentIndex(index)
                self._go_to_section(existing, section)
                return existing
        cls = _view_class("case_file_view", "CaseFileView")
        try:
            if cls is None:
                view: QWidget = PlaceholderView(
                    _("Dossier"), _("Het dossierscherm komt in een volgende versie.")
                )
            else:
                view = cls(self.session, case_id)
        except CasustafelError as exc:
            QMessageBox.warning(self, _("Dossier openen"), exc.message)
            return None
        view.setProperty("case_id", case_id)
        if hasattr(view, "case_open_requested"):  # "also known in" links
            view.case_open_requested.connect(self.open_case)
        title = view.windowTitle() or _("Dossier {id}").format(id=case_id)
        index = self.documents.addTab(view, icon("case"), title)
        view.windowTitleChanged.connect(
            lambda text, v=view: self.documents.setTabText(self.documents.indexOf(v), text)
        )
        self.documents.setCurrentIndex(index)
        self._go_to_section(view, section)
        return view

    @Slot(int, str)
    def open_signal(self, signal_id: int, table_code: str) -> None:
        """Show a waiting signal in its table's intake inbox."""
        view = self.show_page(f"signals:{table_code}")
        select = getattr(view, "select_signal", None)
        if callable(select):
            select(signal_id)

    @staticmethod
    def _go_to_section(view: QWidget, section: str) -> None:
        go = getattr(view, "show_section", None)
        if section and callable(go):
            go(section)

    @Slot(int)
    def _on_documents_tab_close_requested(self, index: int) -> None:
        if index > 0:
            view = self.documents.widget(index)
            self.documents.removeTab(index)
            self._dispose(view)

    @Slot()
    def close_current_tab(self) -> None:
        self._on_documents_tab_close_requested(self.documents.currentIndex())

    @Slot()
    def _next_tab(self) -> None:
        self.documents.setCurrentIndex((self.documents.currentIndex() + 1) % self.documents.count())

    @Slot()
    def _previous_tab(self) -> None:
        self.documents.setCurrentIndex((self.documents.currentIndex() - 1) % self.documents.count())

    @Slot()
    def focus_filter(self) -> None:
        """Ctrl+F: the filter field of the current screen (named `filter` by convention)."""
        current: QWidget | None = self.documents.currentWidget()
        if current is self.overview:
            current = self.overview.currentWidget()
        if current is None:
            return
        field = current.findChild(QLineEdit, "filter") or current.findChild(QLineEdit)
        if field is not None:
            field.setFocus(Qt.FocusReason.ShortcutFocusReason)
            field.selectAll()

    # -- presentation, help, closing ----------------------------------------------------------

    @Slot(bool)
    def _on_presentation_mode_changed(self, on: bool) -> None:
        self.presentation_banner.setVisible(on)
        self.mode_label.setVisible(on)

    @Slot()
    def _on_presentation_switched_on_by_screen(self) -> None:
        self.statusBar().showMessage(
            _("Tweede scherm aangesloten: presentatiemodus staat aan."), 8000
        )

    @Slot()
    def _toggle_fullscreen(self) -> None:
        self.setWindowState(self.windowState() ^ Qt.WindowState.WindowFullScreen)

    @Slot()
    def _on_other_vault_requested(self) -> None:
        self.lock()
        self.other_vault_requested.emit()

    def shortcut_rows(self) -> list[tuple[str, str]]:
        """(action, key) for every action with a shortcut: the help list and its test."""
        rows = []
        for action in self.actions():
            if not action.shortcut().isEmpty():
                text = action.text().replace("&", "").removesuffix("…")
                rows.append(
                    (text, action.shortcut().toString(QKeySequence.SequenceFormat.NativeText))
                )
        return rows

    @Slot()
    def show_shortcuts(self) -> None:
        rows = "".join(
            f"<tr><td>{text}</td><td style='padding-left:16px'><b>{keys}</b></td></tr>"
            for text, keys in self.shortcut_rows()
        )
        box = QMessageBox(self)
        box.setWindowTitle(_("Sneltoetsen"))
        box.setTextFormat(Qt.TextFormat.RichText)
        box.setText(f"<table>{rows}</table>")
        box.open()

    @Slot()
    def _show_about(self) -> None:
        QMessageBox.about(
            self,
            _("Over Casustafel"),
            _(
                "<b>Casustafel</b> {version}<br>Versleutelde casusregistratie voor casustafels "
                "van gemeenten.<br>Licentie: EUPL-1.2"
            ).format(version=__version__),
        )

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt API)
        # Hidden first: a lock of a visible window would ask for the passphrase again.
        self.hide()
        self.lock()
        super().closeEvent(event)
