"""The main window's work area: the overview tab with the pages, and a tab per case file.

Also what locking does to everything outside it: `close_case_windows` closes and destroys
every other top-level window and dialog (meeting mode, the export dialog, case dialogs,
message boxes), so that no hidden widget keeps the text it showed.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLineEdit,
    QMessageBox,
    QStackedWidget,
    QTabWidget,
    QToolTip,
    QWidget,
)

from casustafel.errors import CasustafelError
from casustafel.i18n import _

from .session import AppSession
from .style import icon
from .views.case_file_view import CaseFileView

__all__ = ["SURVIVES_LOCK", "DocumentTabs", "close_case_windows", "dispose"]

# Property for top-level windows that never show case data (the welcome screen): locking
# leaves them alone instead of closing and destroying them.
SURVIVES_LOCK = "casustafel_survives_lock"


def dispose(widget: QWidget | None) -> None:
    """Hide, detach and delete `widget` (deferred: it may be in one of its own slots)."""
    if widget is None:
        return
    widget.hide()
    widget.setParent(None)
    widget.deleteLater()


def close_case_windows(keep: QWidget) -> None:
    """Close and destroy every visible top-level window except `keep` and the lock-proof."""
    # Their own event loops end before the pages they belong to go away.
    QToolTip.hideText()
    for widget in QApplication.topLevelWidgets():
        if widget is keep or not widget.isVisible() or widget.property(SURVIVES_LOCK):
            continue
        if isinstance(widget, QDialog):
            widget.reject()
        widget.close()
        # Closed is not enough: a hidden dialog still holds the text it showed. Deferred,
        # so a caller returning from the dialog's exec() can still read its result.
        widget.deleteLater()


class DocumentTabs(QTabWidget):
    """Tab 0 is the overview (the navigation's pages); each further tab is a case file.

    Signals:
        case_open_requested(int): a case file's "also known in" link asks for another case.
    """

    case_open_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.overview = QStackedWidget()
        self.setDocumentMode(True)
        self.setTabsClosable(True)
        self.addTab(self.overview, "")
        # The overview tab stays: no close button on it.
        self.tabBar().setTabButton(0, self.tabBar().ButtonPosition.RightSide, None)
        self.tabCloseRequested.connect(self._on_tab_close_requested)

    def open_case(self, session: AppSession, case_id: int, section: str = "") -> QWidget | None:
        """Open a case file as a tab (or switch to it), at `section` if the view knows it."""
        for index in range(1, self.count()):
            existing = self.widget(index)
            if existing is not None and existing.property("case_id") == case_id:
                self.setCurrentIndex(index)
                _go_to_section(existing, section)
                return existing
        try:
            view = CaseFileView(session, case_id)
        except CasustafelError as exc:
            QMessageBox.warning(self, _("Dossier openen"), exc.message)
            return None
        view.load_failed.connect(self._on_case_file_load_failed)
        view.setProperty("case_id", case_id)
        view.case_open_requested.connect(self.case_open_requested)
        title = view.windowTitle() or _("Dossier {id}").format(id=case_id)
        index = self.addTab(view, icon("case"), title)
        view.windowTitleChanged.connect(lambda text, v=view: self.setTabText(self.indexOf(v), text))
        self.setCurrentIndex(index)
        _go_to_section(view, section)
        return view

    @Slot(str)
    def _on_case_file_load_failed(self, message: str) -> None:
        """A case file that cannot be read (gone, or refused) closes its tab and says why."""
        view = self.sender()
        index = self.indexOf(view) if isinstance(view, QWidget) else -1
        if index > 0:
            self._on_tab_close_requested(index)
        box = QMessageBox(QMessageBox.Icon.Warning, _("Dossier openen"), message, parent=self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    @Slot(int)
    def _on_tab_close_requested(self, index: int) -> None:
        if index > 0:
            view = self.widget(index)
            self.removeTab(index)
            dispose(view)

    @Slot()
    def close_current(self) -> None:
        self._on_tab_close_requested(self.currentIndex())

    def close_case_files(self) -> None:
        """Destroy every case-file tab (at lock)."""
        while self.count() > 1:
            view = self.widget(1)
            self.removeTab(1)
            dispose(view)

    @Slot()
    def next_tab(self) -> None:
        self.setCurrentIndex((self.currentIndex() + 1) % self.count())

    @Slot()
    def previous_tab(self) -> None:
        self.setCurrentIndex((self.currentIndex() - 1) % self.count())

    def focus_filter(self) -> None:
        """Ctrl+F: the filter field of the current screen (named `filter` by convention)."""
        current: QWidget | None = self.currentWidget()
        if current is self.overview:
            current = self.overview.currentWidget()
        if current is None:
            return
        field = current.findChild(QLineEdit, "filter") or current.findChild(QLineEdit)
        if field is not None:
            field.setFocus(Qt.FocusReason.ShortcutFocusReason)
            field.selectAll()


def _go_to_section(view: QWidget, section: str) -> None:
    go = getattr(view, "show_section", None)
    if section and callable(go):
        go(section)
