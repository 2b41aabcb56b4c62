"""The main window's actions, menus and toolbar, and the F1 list of every shortcut.

Every action lives in a menu with a mnemonic (Alt+letter), and is also added to the
window itself so its shortcut works with the menu bar hidden (full screen). Screens add
their own shortcuts for their part of the window (`CONTEXT_SHORTCUTS`, checked against
the real screens by the tests); the F1 help lists both.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMessageBox, QToolBar

from casustafel import __version__
from casustafel.i18n import _

from .navigation import PAGES
from .privacy_tasks import PrivacyActions
from .style import icon

if TYPE_CHECKING:
    from .main_window import MainWindow

__all__ = ["CONTEXT_SHORTCUTS", "MainMenus", "key_text"]

# Shortcuts that work only inside one screen (their widget has focus), by screen.
CONTEXT_SHORTCUTS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    (
        _("Casuslijst en signalen"),
        (
            (_("Nieuwe casus / nieuw signaal"), "Ctrl+Shift+N"),
            (_("Vernieuwen"), "F5"),
        ),
    ),
    (
        _("Dossier"),
        (
            (_("Stap wijzigen"), "Ctrl+E"),
            (_("Interventie"), "Ctrl+I"),
            (_("Notitie"), "Ctrl+Shift+N"),
            (_("Casus bewerken"), "Ctrl+Shift+E"),
            (_("Betrokkene bewerken"), "F2"),
            (_("Betrokkene toevoegen"), "Ctrl+Shift+B"),
            (_("Voorstel voor de tafel"), "Ctrl+Shift+T"),
        ),
    ),
    (
        _("Agenda van een zitting"),
        (
            (_("Gekozen punten verwijderen"), "Delete"),
            (_("Laatste verwijdering of verplaatsing ongedaan maken"), "Ctrl+Z"),
            (_("Punt omhoog"), "Ctrl+Up"),
            (_("Punt omlaag"), "Ctrl+Down"),
        ),
    ),
    (
        _("Vergadermodus"),
        (
            (_("Volgend punt"), "Ctrl+Return"),
            (_("Vorig punt"), "Ctrl+Shift+Return"),
        ),
    ),
    (
        _("Formulieren"),
        (
            (_("Opslaan"), "Ctrl+S"),
            (_("Datumkiezer openen"), "Alt+Down"),
        ),
    ),
)


def key_text(sequence: QKeySequence) -> str:
    """How a key combination is written in the help list (the platform's own notation)."""
    return sequence.toString(QKeySequence.SequenceFormat.NativeText)


class MainMenus:
    """Builds the actions, the menu bar and the toolbar of `window`.

    Args:
        window: the main window; its slots are what the actions trigger.
    """

    def __init__(self, window: MainWindow) -> None:
        self._window = window
        std = QKeySequence.StandardKey
        w = window
        self.lock_action = self._action(_("&Vergrendelen"), w.lock, "Ctrl+L", "lock")
        self.lock_action.setToolTip(_("Kluis vergrendelen (Ctrl+L)"))
        self.new_vault_action = self._action(
            _("&Nieuwe kluis…"), w.create_vault_requested.emit, std.New, "new"
        )
        self.open_vault_action = self._action(
            _("Andere kluis &openen…"), w.request_other_vault, std.Open, "open"
        )
        self.export_action = self._action(
            _("Monitoringcijfers &exporteren…"), w.open_export_dialog, None, "export"
        )
        self.close_tab_action = self._action(_("Dossier &sluiten"), w.close_current_tab, std.Close)
        self.quit_action = self._action(_("&Afsluiten"), w.close, "Ctrl+Q", "quit")
        self.find_action = self._action(_("&Zoeken in lijst"), w.focus_filter, std.Find, "search")
        self.next_tab_action = self._action(_("Volgend tabblad"), w.next_tab, std.NextChild)
        self.prev_tab_action = self._action(_("Vorig tabblad"), w.previous_tab, std.PreviousChild)
        self.fullscreen_action = self._action(
            _("&Volledig scherm"), w.toggle_fullscreen, std.FullScreen, "fullscreen"
        )
        self.shortcuts_action = self._action(
            _("&Sneltoetsen"), self.show_shortcuts, std.HelpContents, "help"
        )
        self.about_action = self._action(_("&Over Casustafel"), self.show_about)
        self.page_actions: dict[str, QAction] = {}
        for page in PAGES:
            self.page_actions[page.key] = self._action(
                page.full_title, self._page_opener(page.key), page.shortcut, page.icon
            )
        w.addAction(w.presentation.action)
        # What needs an unlocked vault (the rest works on the lock screen too).
        self.session_actions = (
            self.lock_action,
            self.find_action,
            self.close_tab_action,
            self.export_action,
            *self.page_actions.values(),
        )
        self._build_menus()
        self.toolbar = self._build_toolbar()

    def _action(
        self,
        text: str,
        slot: Callable[[], object],
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
        icon_name: str | None = None,
    ) -> QAction:
        action = QAction(text, self._window)
        if icon_name:
            action.setIcon(icon(icon_name))
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        self._window.addAction(action)  # shortcuts work even with the menu bar hidden
        return action

    def _page_opener(self, key: str) -> Callable[[], object]:
        return lambda: self._window.show_page(key)

    def _build_menus(self) -> None:
        menu = self._window.menuBar()
        file_menu = menu.addMenu(_("&Bestand"))
        file_menu.addActions([self.new_vault_action, self.open_vault_action])
        file_menu.addSeparator()
        file_menu.addAction(self.export_action)
        file_menu.addSeparator()
        file_menu.addActions([self.lock_action, self.close_tab_action])
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        edit_menu = menu.addMenu(_("Be&werken"))
        edit_menu.addAction(self.find_action)
        view_menu = menu.addMenu(_("Beel&d"))
        for page in PAGES:
            if page.key in ("cases:all", "signals:WO", "sittings"):
                view_menu.addSeparator()
            view_menu.addAction(self.page_actions[page.key])
        view_menu.addSeparator()
        view_menu.addActions([self.next_tab_action, self.prev_tab_action])
        view_menu.addSeparator()
        view_menu.addActions([self._window.presentation.action, self.fullscreen_action])
        # Privacy work (audit log, destruction list, access request, settings, backups).
        self.privacy = PrivacyActions(self._window)
        menu.addMenu(self.privacy.menu)
        help_menu = menu.addMenu(_("&Help"))
        help_menu.addActions([self.shortcuts_action, self.about_action])

    def _build_toolbar(self) -> QToolBar:
        toolbar = QToolBar(_("Werkbalk"))
        toolbar.setObjectName("mainToolbar")
        toolbar.setMovable(False)
        toolbar.setIconSize(QSize(20, 20))
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.addAction(self.lock_action)
        toolbar.addAction(self._window.presentation.action)
        self._window.addToolBar(Qt.ToolBarArea.TopToolBarArea, toolbar)
        return toolbar

    def set_session_actions_enabled(self, on: bool) -> None:
        for action in self.session_actions:
            action.setEnabled(on)

    # -- help ----------------------------------------------------------------------------

    def shortcut_rows(self) -> list[tuple[str, str]]:
        """(action, key) for every window action with a shortcut: the help list and its test."""
        rows = []
        for action in self._window.actions():
            for sequence in action.shortcuts()[:1]:  # the first: the one Qt shows in menus
                text = action.text().replace("&", "").removesuffix("…")
                rows.append((text, key_text(sequence)))
        return rows

    def help_html(self) -> str:
        """The F1 list: the window's shortcuts, then those of each screen."""

        def table(rows: list[tuple[str, str]] | tuple[tuple[str, str], ...]) -> str:
            cells = "".join(
                f"<tr><td>{escape(text)}</td>"
                f"<td style='padding-left:16px'><b>{escape(keys)}</b></td></tr>"
                for text, keys in rows
            )
            return f"<table>{cells}</table>"

        parts = [f"<h3>{escape(_('Overal'))}</h3>", table(self.shortcut_rows())]
        for title, rows in CONTEXT_SHORTCUTS:
            native = tuple((text, key_text(QKeySequence(keys))) for text, keys in rows)
            parts += [f"<h3>{escape(title)}</h3>", table(native)]
        hint = _("Menu's openen met Alt en de onderstreepte letter; Tab: volgend veld.")
        parts.append(f"<p>{escape(hint)}</p>")
        return "".join(parts)

    def show_shortcuts(self) -> QMessageBox:
        box = QMessageBox(self._window)
        box.setWindowTitle(_("Sneltoetsen"))
        box.setTextFormat(Qt.TextFormat.RichText)
        box.setText(self.help_html())
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        return box

    def show_about(self) -> None:
        QMessageBox.about(
            self._window,
            _("Over Casustafel"),
            _(
                "<b>Casustafel</b> {version}<br>Versleutelde casusregistratie voor casustafels "
                "van gemeenten.<br>Licentie: EUPL-1.2"
            ).format(version=__version__),
        )
