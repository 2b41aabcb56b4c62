"""The sittings screen: sittings per table, planning (also from the rhythm), agenda, printing.

The list holds no case data. From here the chair plans a sitting, plans the next ones from
the table's rhythm, opens the agenda editor of a sitting, prints its agenda or decisions list
(on the background worker) and asks for meeting mode, which the main window opens full
screen (`meeting_requested`).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from casustafel.domain.model import TableCode
from casustafel.errors import CasustafelError
from casustafel.i18n import _
from casustafel.reports.sitting_data import Variant
from casustafel.services import sittings
from casustafel.services.sitting_print import DocumentKind, print_document
from casustafel.services.sitting_values import SittingSummary
from casustafel.ui.models.sitting_list_model import SittingListModel
from casustafel.ui.session import AppSession
from casustafel.ui.worker import TaskContext, Worker

from .sitting_agenda_editor import AgendaEditor
from .sitting_dialog import SittingDialog

__all__ = ["SittingsView"]


class SittingsView(QWidget):
    """Sittings of one table (or all) with the agenda editor of the selected one.

    Args:
        session: The unlocked app session.
        worker: The app's background worker for printing; without one, printing runs here.
        table: The table to show first (None: all tables).
        parent: Qt parent.

    Signals:
        meeting_requested(int): open meeting mode for this sitting id.
        print_finished(str): a document was written to this path.
        print_failed(str): printing failed with this Dutch message.
    """

    meeting_requested = Signal(int)
    print_finished = Signal(str)
    print_failed = Signal(str)

    def __init__(
        self,
        session: AppSession,
        worker: Worker | None = None,
        table: TableCode | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._worker = worker
        self.editor: AgendaEditor | None = None
        self.table_choice = QComboBox(self)
        self.table_choice.addItem(_("Alle tafels"), None)
        for code in TableCode:
            self.table_choice.addItem(code.label, code.value)
        if table is not None:
            self.table_choice.setCurrentIndex(self.table_choice.findData(table.value))
        self.model = SittingListModel(self)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSortingEnabled(False)
        self.view.verticalHeader().setVisible(False)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.plan_button = QPushButton(_("Zitting &plannen…"), self)
        self.rhythm_button = QPushButton(_("Volgende uit &ritme"), self)
        self.print_agenda_button = QPushButton(_("&Agenda afdrukken…"), self)
        self.print_decisions_button = QPushButton(_("&Besluitenlijst afdrukken…"), self)
        self.meeting_button = QPushButton(_("Vergader&modus"), self)
        self.banner = QLabel(self)
        self.banner.setWordWrap(True)
        self.banner.setVisible(False)
        self._editor_holder = QWidget(self)
        self._editor_layout = QVBoxLayout(self._editor_holder)
        self._editor_layout.setContentsMargins(0, 0, 0, 0)
        self._build()
        self._connect_signals()
        self.reload()

    def _build(self) -> None:
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Tafel:"), self))
        top.addWidget(self.table_choice)
        top.addStretch(1)
        for button in (
            self.plan_button,
            self.rhythm_button,
            self.print_agenda_button,
            self.print_decisions_button,
            self.meeting_button,
        ):
            top.addWidget(button)
        splitter = QSplitter(self)
        splitter.addWidget(self.view)
        splitter.addWidget(self._editor_holder)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([460, 1000])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.banner)
        layout.addWidget(splitter, 1)

    def _connect_signals(self) -> None:
        self.table_choice.currentIndexChanged.connect(self._on_table_choice_current_index_changed)
        self.view.selectionModel().currentRowChanged.connect(self._on_view_current_row_changed)
        self.plan_button.clicked.connect(self._on_plan_button_clicked)
        self.rhythm_button.clicked.connect(self._on_rhythm_button_clicked)
        self.print_agenda_button.clicked.connect(self._on_print_agenda_button_clicked)
        self.print_decisions_button.clicked.connect(self._on_print_decisions_button_clicked)
        self.meeting_button.clicked.connect(self._on_meeting_button_clicked)
        self._session.locked.connect(self._on_session_locked)

    # -- list ----------------------------------------------------------------------------

    @property
    def table(self) -> TableCode | None:
        data = self.table_choice.currentData()
        return TableCode(data) if data else None

    def reload(self, select_id: int | None = None) -> None:
        records = sittings.list_sittings(self._session.vault, self.table)
        self.model.set_records(records)
        self.view.resizeColumnsToContents()
        row = self.model.row_of(select_id) if select_id is not None else None
        if row is None:
            # The next sitting to come is what the chair usually wants.
            upcoming = [i for i, s in enumerate(records) if s.status.value != "gesloten"]
            row = upcoming[0] if upcoming else (len(records) - 1 if records else None)
        if row is not None:
            self.view.selectRow(row)
        self.rhythm_button.setEnabled(self.table is not None)
        self.plan_button.setEnabled(self.table is not None)

    @property
    def selected(self) -> SittingSummary | None:
        index = self.view.currentIndex()
        return self.model.record(index.row()) if index.isValid() else None

    @Slot(int)
    def _on_table_choice_current_index_changed(self, _index: int) -> None:
        self.reload()

    @Slot(QModelIndex, QModelIndex)
    def _on_view_current_row_changed(self, current: QModelIndex, _old: QModelIndex) -> None:
        if not current.isValid():
            return
        sitting = self.model.record(current.row())
        if self.editor is not None:
            self.editor.save_question()
            self.editor.deleteLater()
        self.editor = AgendaEditor(self._session, sitting.id, self._editor_holder)
        self.editor.meeting_requested.connect(self.meeting_requested)
        self.editor.agenda_changed.connect(self._on_editor_agenda_changed)
        self._editor_layout.addWidget(self.editor)

    @Slot()
    def _on_editor_agenda_changed(self) -> None:
        selected = self.selected
        if selected is not None:
            row = self.view.currentIndex().row()
            fresh = sittings.get_sitting(self._session.vault, selected.id)
            records = list(self.model.records())
            records[row] = fresh
            self.model.set_records(records)
            self.view.selectionModel().blockSignals(True)
            self.view.selectRow(row)
            self.view.selectionModel().blockSignals(False)

    # -- planning ------------------------------------------------------------------------

    @Slot()
    def _on_plan_button_clicked(self) -> None:
        if self.table is None:
            return
        dialog = SittingDialog(self._session, self.table, parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.reload(dialog.sitting_id)

    def plan_from_rhythm(self, count: int = 1) -> list[int]:
        """Plan the next `count` sittings from the table's rhythm (message if none is set)."""
        if self.table is None:
            return []
        try:
            ids = sittings.plan_from_rhythm(self._session.vault, self.table, count)
        except CasustafelError as exc:
            self._say(exc.message)
            return []
        self.reload(ids[0] if ids else None)
        return ids

    @Slot()
    def _on_rhythm_button_clicked(self) -> None:
        self.plan_from_rhythm(1)

    # -- printing ------------------------------------------------------------------------

    def print_to(
        self,
        kind: DocumentKind,
        variant: Variant,
        path: Path,
        partner: str | None = None,
    ) -> None:
        """Print the selected sitting's document to `path` (on the worker when there is one)."""
        sitting = self.selected
        if sitting is None:
            return
        if self.editor is not None:
            self.editor.save_question()

        def job(context: TaskContext | None) -> str:
            vault = self._session.vault if context is None else context.vault
            print_document(vault, sitting.id, kind, variant, path, partner=partner)
            return str(path)

        if self._worker is None:
            try:
                self.print_finished.emit(job(None))
            except CasustafelError as exc:
                self._say(exc.message)
                self.print_failed.emit(exc.message)
            return
        task = self._worker.submit(job, self._session)
        task.succeeded.connect(lambda result: self.print_finished.emit(str(result)))
        task.failed.connect(self._say)
        task.failed.connect(self.print_failed)

    def _ask_and_print(self, kind: DocumentKind) -> None:
        sitting = self.selected
        if sitting is None:
            return
        variants = {
            Variant.VERSPREID.label: Variant.VERSPREID,
            Variant.VOORZITTER.label: Variant.VOORZITTER,
        }
        from PySide6.QtWidgets import QInputDialog

        label, ok = QInputDialog.getItem(
            self, _("Afdrukken"), _("Versie:"), list(variants), 0, False
        )
        if not ok:
            return
        stem = "agenda" if kind is DocumentKind.AGENDA else "besluitenlijst"
        name, _filter = QFileDialog.getSaveFileName(
            self,
            _("Opslaan als"),
            f"{stem}-{sitting.table.value}-{sitting.number}.pdf",
            _("PDF (*.pdf)"),
        )
        if name:
            self.print_to(kind, variants[label], Path(name))

    @Slot()
    def _on_print_agenda_button_clicked(self) -> None:
        self._ask_and_print(DocumentKind.AGENDA)

    @Slot()
    def _on_print_decisions_button_clicked(self) -> None:
        self._ask_and_print(DocumentKind.BESLUITENLIJST)

    @Slot()
    def _on_meeting_button_clicked(self) -> None:
        if self.selected is not None:
            self.meeting_requested.emit(self.selected.id)

    def _say(self, message: str) -> None:
        self.banner.setText(message)
        self.banner.setVisible(True)

    @Slot()
    def _on_session_locked(self) -> None:
        self.model.clear()
        if self.editor is not None:
            self.editor.deleteLater()
            self.editor = None
