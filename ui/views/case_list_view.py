"""The case list of one table (or all tables): a sortable table with filter-as-you-type.

The cases and their in-memory search texts are loaded in one query operation on the
worker; typing in the filter never touches the database. The list reloads by itself when
a change notice (`session.changes`) says cases, subjects, signals, sittings, interventions
or agreements changed. Locking clears the model, the search texts and the filter field.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QModelIndex, Qt, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from casustafel.db.vault import Vault
from casustafel.domain.changes import ChangeKind, OpChanges
from casustafel.domain.model import CaseSummary, TableCode
from casustafel.i18n import _
from casustafel.services.cases import list_case_summaries
from casustafel.services.search_index import case_search_index
from casustafel.ui.models.case_table_model import CaseColumn, CaseTableModel
from casustafel.ui.ops import QueryOp
from casustafel.ui.session import AppSession
from casustafel.ui.style import icon

__all__ = ["CaseListView"]

_WIDTHS = {
    CaseColumn.NUMBER: "WO-2026-00000",
    CaseColumn.LABEL: "J.d.V. / M.B. (Emmerhout)",
    CaseColumn.STATUS: "Niet in behandeling",
    CaseColumn.STEP: "7 Gedragsaanwijzing",
    CaseColumn.LEAD: "Politie (wijkagent)",
    CaseColumn.NEXT_DUE: "00-00-0000",
    CaseColumn.LAST_ACTIVITY: "00-00-0000",
}

Loaded = tuple[list[CaseSummary], dict[int, str]]

# What the list shows depends on these (status, step, next due date, label, last activity).
_SHOWN = (
    ChangeKind.CASES,
    ChangeKind.SUBJECTS,
    ChangeKind.SIGNALS,
    ChangeKind.SITTINGS,
    ChangeKind.INTERVENTIONS,
    ChangeKind.AGREEMENTS,
)


def _thousands(n: int) -> str:
    return f"{n:,}".replace(",", ".")


class CaseListView(QWidget):
    """Cases of `table` (None: all tables) with a filter over number, names, address and label.

    Signals:
        case_open_requested(int): the user opened a case (Enter or double-click).
        cases_loaded(int): the list was (re)loaded with this many cases.

    Args:
        session: the app session (vault, lock, presentation mode).
        table: the table to list, or None for all tables.
        parent: Qt parent.
        today: the clock that decides which rows are overdue.
    """

    case_open_requested = Signal(int)
    cases_loaded = Signal(int)

    def __init__(
        self,
        session: AppSession,
        table: TableCode | None,
        parent: QWidget | None = None,
        *,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._table = table
        self.model = CaseTableModel(today=today, parent=self)
        self._build()
        self._connect_signals()

    # -- layout -----------------------------------------------------------------------------

    def _build(self) -> None:
        title = QLabel(self._table.label if self._table else _("Alle tafels"), self)
        title.setObjectName("pageTitle")
        self.count_label = QLabel(self)
        self.count_label.setObjectName("muted")
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setObjectName("filter")  # the main window's Ctrl+F finds it by name
        self.filter_edit.setPlaceholderText(
            _("Zoek op nummer, naam, adres, postcode, wijk of label")
        )
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.filter_edit.setAccessibleName(_("Filter casussen"))
        filter_label = QLabel(_("&Zoeken:"), self)
        filter_label.setBuddy(self.filter_edit)
        self.new_button = QPushButton(icon("new"), _("&Nieuwe casus"), self)
        self.new_button.setToolTip(_("Nieuwe casus registreren (Ctrl+Shift+N)"))

        head = QHBoxLayout()
        head.addWidget(title)
        head.addSpacing(12)
        head.addWidget(self.count_label, 1)
        head.addWidget(self.new_button)
        search = QHBoxLayout()
        search.addWidget(filter_label)
        search.addWidget(self.filter_edit, 1)

        self.table_view = QTableView(self)
        self.table_view.setModel(self.model)
        self.table_view.setSortingEnabled(True)
        self.table_view.sortByColumn(CaseColumn.NUMBER, Qt.SortOrder.DescendingOrder)
        self.table_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table_view.setAlternatingRowColors(True)
        self.table_view.setWordWrap(False)
        self.table_view.setTabKeyNavigation(False)
        self.table_view.verticalHeader().setVisible(False)
        self.table_view.verticalHeader().setDefaultSectionSize(
            self.table_view.fontMetrics().height() + 10
        )
        header = self.table_view.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(True)
        metrics = self.table_view.fontMetrics()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        for column, sample in _WIDTHS.items():
            heading = str(self.model.headerData(column, Qt.Orientation.Horizontal))
            width = max(metrics.horizontalAdvance(sample), metrics.horizontalAdvance(heading) + 16)
            header.resizeSection(column, width + 20)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table_view.setAccessibleName(_("Casussen"))

        self.empty_label = QLabel(self)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.empty_label.setObjectName("muted")
        self._stack = QStackedWidget(self)
        self._stack.addWidget(self.table_view)
        self._stack.addWidget(self.empty_label)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(8)
        layout.addLayout(head)
        layout.addLayout(search)
        layout.addWidget(self._stack, 1)
        self.setTabOrder(self.filter_edit, self.table_view)
        self.setTabOrder(self.table_view, self.new_button)

        refresh = QAction(_("Vernieuwen"), self)
        refresh.setShortcut(QKeySequence.StandardKey.Refresh)
        refresh.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        refresh.triggered.connect(self.reload)
        new = QAction(_("Nieuwe casus"), self)
        # Ctrl+N is the main window's "new vault"; Ctrl+F its "find" (focuses `filter`).
        new.setShortcut(QKeySequence("Ctrl+Shift+N"))
        new.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        new.triggered.connect(self._on_new_button_clicked)
        self.addActions([refresh, new])

    def _connect_signals(self) -> None:
        self.filter_edit.textChanged.connect(self._on_filter_edit_text_changed)
        self.filter_edit.returnPressed.connect(self._on_filter_edit_return_pressed)
        self.table_view.activated.connect(self._on_table_view_activated)
        self.new_button.clicked.connect(self._on_new_button_clicked)
        self.model.modelReset.connect(self._update_count)
        self._session.locked.connect(self._on_session_locked)
        self._session.presentation_mode_changed.connect(self._on_presentation_mode_changed)
        self._session.changes.changed.connect(self._on_changes_changed)

    # -- loading ----------------------------------------------------------------------------

    @Slot()
    def reload(self) -> None:
        """Load the cases and their search texts (a query operation on the worker)."""
        if self._session.is_locked:
            return
        table = self._table
        code = table.value if table else None

        def query(vault: Vault) -> Loaded:
            return list_case_summaries(vault, table), case_search_index(vault, code)

        if not self.model.total_count:
            self.count_label.setText(_("Casussen laden…"))
        QueryOp(self, self._session, query).success(self._on_loaded).failure(
            lambda failure: self.count_label.setText(failure.message)
        ).run()

    @Slot(object, object)
    def _on_changes_changed(self, changes: OpChanges, _initiator: object) -> None:
        if changes.touches(*_SHOWN):
            self.reload()

    @Slot(object)
    def _on_loaded(self, loaded: Loaded) -> None:
        if self._session.is_locked:
            return
        cases, texts = loaded
        self.model.set_cases(cases, texts)
        self.cases_loaded.emit(len(cases))

    @Slot()
    def _update_count(self) -> None:
        shown, total = self.model.rowCount(), self.model.total_count
        if total == 0:
            self.count_label.setText("")
            self.empty_label.setText(
                _("Nog geen casussen. Registreer er een met ‘Nieuwe casus’ (Ctrl+Shift+N).")
            )
        elif shown == total:
            self.count_label.setText(_("{n} casussen").format(n=_thousands(total)))
        else:
            self.count_label.setText(
                _("{shown} van {total} casussen").format(
                    shown=_thousands(shown), total=_thousands(total)
                )
            )
            self.empty_label.setText(_("Geen casus gevonden die past bij de zoektekst."))
        self._stack.setCurrentWidget(self.table_view if shown else self.empty_label)

    # -- slots ------------------------------------------------------------------------------

    @Slot(str)
    def _on_filter_edit_text_changed(self, text: str) -> None:
        self.model.set_filter_text(text)

    @Slot()
    def _on_filter_edit_return_pressed(self) -> None:
        if self.model.rowCount() == 1:
            self.case_open_requested.emit(self.model.case_at(0).id)
        elif self.model.rowCount():
            self.table_view.setFocus()
            self.table_view.selectRow(0)

    @Slot(QModelIndex)
    def _on_table_view_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.case_open_requested.emit(self.model.case_at(index.row()).id)

    @Slot()
    def _on_new_button_clicked(self) -> None:
        from .case_form import CaseForm  # the form pulls in more widgets; load when asked

        form = CaseForm(self._session, self._table, parent=self)
        form.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        form.case_saved.connect(self._on_case_form_case_saved)
        form.open()

    @Slot(int)
    def _on_case_form_case_saved(self, case_id: int) -> None:
        # The change notice reloads this list (and every other open view).
        self.case_open_requested.emit(case_id)

    @Slot()
    def _on_session_locked(self) -> None:
        self.filter_edit.clear()
        self.model.clear()

    @Slot(bool)
    def _on_presentation_mode_changed(self, on: bool) -> None:
        # A filter may hold a name the user typed; it must not stay on the projected screen.
        if on:
            self.filter_edit.clear()

    def selected_case_id(self) -> int | None:
        rows = self.table_view.selectionModel().selectedRows()
        return self.model.case_at(rows[0].row()).id if rows else None
