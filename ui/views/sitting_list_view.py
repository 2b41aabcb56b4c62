"""The sittings screen: sittings per table, planning (also from the rhythm), agenda, printing.

The list holds no case data. From here the chair plans a sitting, sets the table's rhythm
and plans the next ones from it, opens the agenda editor of a sitting, prints its agenda,
decisions list or action list (the chair's copy, or a distributed copy for all, one or each
partner; on the background worker), corrects an item of a closed sitting, and asks for
meeting mode, which the main window opens full screen (`meeting_requested`).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
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
from casustafel.services.sitting_print import DocumentKind
from casustafel.services.sitting_values import SittingStatus, SittingSummary
from casustafel.ui.models.sitting_list_model import SittingListModel
from casustafel.ui.session import AppSession
from casustafel.ui.worker import Worker

from .item_correction_dialog import ItemCorrectionDialog
from .print_dialog import PrintDialog, PrintJob, run_print_job
from .rhythm_dialog import RhythmDialog
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
        self.rhythm_settings_button = QPushButton(_("R&itme instellen…"), self)
        self.correct_button = QPushButton(_("C&orrectie…"), self)
        self.correct_button.setToolTip(
            _("Het verslag van een punt van een gesloten zitting corrigeren")
        )
        self.print_agenda_button = QPushButton(_("&Agenda afdrukken…"), self)
        self.print_decisions_button = QPushButton(_("Besluitenlij&st afdrukken…"), self)
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
            self.rhythm_settings_button,
            self.print_agenda_button,
            self.print_decisions_button,
            self.correct_button,
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
        self.rhythm_settings_button.clicked.connect(self._on_rhythm_settings_button_clicked)
        self.correct_button.clicked.connect(self._on_correct_button_clicked)
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
        self.rhythm_settings_button.setEnabled(self.table is not None)
        self.plan_button.setEnabled(self.table is not None)
        self._update_correct_button()

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
        self._update_correct_button()
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

    def edit_rhythm(self) -> RhythmDialog | None:
        """Open the rhythm dialog of the chosen table (non-modal to the app; returns it)."""
        if self.table is None:
            return None
        dialog = RhythmDialog(self._session, self.table, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    @Slot()
    def _on_rhythm_settings_button_clicked(self) -> None:
        self.edit_rhythm()

    # -- corrections after closing -------------------------------------------------------

    def _update_correct_button(self) -> None:
        selected = self.selected
        self.correct_button.setEnabled(
            selected is not None and selected.status is SittingStatus.GESLOTEN
        )

    def correct_item(self, item_id: int | None = None) -> ItemCorrectionDialog | None:
        """Open the correction dialog for the selected closed sitting (an item preselected)."""
        selected = self.selected
        if selected is None or selected.status is not SittingStatus.GESLOTEN:
            return None
        if item_id is None and self.editor is not None:
            item_id = self.editor.current_item_id()
        dialog = ItemCorrectionDialog(self._session, selected.id, parent=self, item_id=item_id)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(self._on_correction_accepted)
        dialog.open()
        return dialog

    @Slot()
    def _on_correction_accepted(self) -> None:
        # The agenda editor shows the effective entries: reload it once the dialog is gone.
        selected = self.selected
        if selected is not None:
            QTimer.singleShot(0, self, lambda: self.reload(selected.id))

    @Slot()
    def _on_correct_button_clicked(self) -> None:
        self.correct_item()

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

        run_print_job(
            self._session,
            self._worker,
            sitting.id,
            PrintJob(kind, variant, path, partner),
            finished=self.print_finished.emit,
            failed=self._on_print_failed,
        )

    @Slot(str)
    def _on_print_failed(self, message: str) -> None:
        self._say(message)
        self.print_failed.emit(message)

    def ask_print(self, kind: DocumentKind) -> PrintDialog | None:
        """Open the print dialog for the selected sitting; its jobs run on the worker."""
        sitting = self.selected
        if sitting is None:
            return None
        dialog = PrintDialog(self._session, sitting, kind, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.jobs_chosen.connect(self.print_jobs)
        dialog.open()
        return dialog

    def print_jobs(self, jobs: tuple[PrintJob, ...]) -> None:
        """Print each job's file (one worker task each, in order)."""
        for job in jobs:
            self.print_to(job.kind, job.variant, job.path, job.partner)

    def _ask_and_print(self, kind: DocumentKind) -> None:
        self.ask_print(kind)

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
