"""The sittings screen: sittings per table, planning (also from the rhythm), agenda, printing.

The list holds no case data. From here the chair plans a sitting, sets the table's rhythm
and plans the next ones from it, moves, cancels (with a reason) or deletes a planned one,
edits the agenda of the selected sitting, prints its agenda, decisions list or action list
(the chair's copy, or a distributed copy for all, one or each partner; on the background
worker, into the folder last used for this vault), corrects an item of a closed sitting,
and asks for meeting mode, which the main window opens full screen (`meeting_requested`).

Layout for a 1280x720 screen: the list with its planning buttons on the left, the agenda
editor on the right, printing and meeting mode on top; rarer actions sit in "Overig".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from casustafel.db.vault import Vault
from casustafel.domain.agenda_rules import Rhythm
from casustafel.domain.changes import ChangeKind, OpChanges
from casustafel.domain.model import TableCode
from casustafel.i18n import _
from casustafel.reports.sitting_data import Variant
from casustafel.services import sitting_planning, sittings
from casustafel.services.sitting_print import DocumentKind
from casustafel.services.sitting_values import AgendaEntry, SittingStatus, SittingSummary
from casustafel.ui.models.sitting_list_model import SittingListModel
from casustafel.ui.ops import CollectionOp, QueryOp
from casustafel.ui.session import AppSession

from .item_correction_dialog import ItemCorrectionDialog, read_for_correction
from .print_dialog import PrintDialog, PrintJob, remember_folder, remembered_folder, run_print_job
from .rhythm_dialog import RhythmDialog
from .sitting_agenda_editor import AgendaEditor
from .sitting_dialog import SittingDialog, read_plan_defaults

__all__ = ["SittingsView"]


class SittingsView(QWidget):
    """Sittings of one table (or all) with the agenda editor of the selected one.

    Args:
        session: The unlocked app session.
        table: The table to show first (None: all tables).
        parent: Qt parent.

    Signals:
        meeting_requested(int): open meeting mode for this sitting id.
        print_finished(str): a document was written to this path.
        print_failed(str): printing failed with this Dutch message.
        loaded(): the list as read from the vault is on screen.
    """

    meeting_requested = Signal(int)
    print_finished = Signal(str)
    print_failed = Signal(str)
    loaded = Signal()

    def __init__(
        self,
        session: AppSession,
        table: TableCode | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._session = session
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
        self.rhythm_button.setToolTip(_("De volgende zitting plannen op de datum van het ritme"))
        self.move_button = QPushButton(_("&Verplaatsen…"), self)
        self.move_button.setToolTip(_("Datum, tijd of deelnemers van de zitting wijzigen"))
        self.cancel_button = QPushButton(_("Annu&leren…"), self)
        self.more_button = QPushButton(_("&Overig"), self)  # its size includes the arrow
        more = QMenu(self.more_button)
        self.rhythm_settings_action = more.addAction(_("R&itme instellen…"))
        self.delete_action = more.addAction(_("Zitting &verwijderen…"))
        self.correct_action = more.addAction(_("&Correctie na sluiten…"))
        self.correct_action.setToolTip(
            _("Het verslag van een punt van een gesloten zitting corrigeren")
        )
        self.more_button.setMenu(more)
        self.print_agenda_button = QPushButton(_("&Agenda afdrukken…"), self)
        self.print_decisions_button = QPushButton(_("Besluitenlijs&t afdrukken…"), self)
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
        table_label = QLabel(_("Ta&fel:"), self)
        table_label.setBuddy(self.table_choice)
        top.addWidget(table_label)
        top.addWidget(self.table_choice)
        top.addStretch(1)
        for button in (self.print_agenda_button, self.print_decisions_button, self.meeting_button):
            top.addWidget(button)
        planning = QGridLayout()
        planning.addWidget(self.plan_button, 0, 0)
        planning.addWidget(self.rhythm_button, 0, 1, 1, 2)
        planning.addWidget(self.move_button, 1, 0)
        planning.addWidget(self.cancel_button, 1, 1)
        planning.addWidget(self.more_button, 1, 2)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.view, 1)
        left_layout.addLayout(planning)
        splitter = QSplitter(self)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(left)
        splitter.addWidget(self._editor_holder)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([360, 900])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.banner)
        layout.addWidget(splitter, 1)

    def _connect_signals(self) -> None:
        self.table_choice.currentIndexChanged.connect(self._on_table_choice_current_index_changed)
        self.view.selectionModel().currentRowChanged.connect(self._on_view_current_row_changed)
        self.plan_button.clicked.connect(self._on_plan_button_clicked)
        self.rhythm_button.clicked.connect(self._on_rhythm_button_clicked)
        self.move_button.clicked.connect(self._on_move_button_clicked)
        self.cancel_button.clicked.connect(self._on_cancel_button_clicked)
        self.rhythm_settings_action.triggered.connect(self._on_rhythm_settings_button_clicked)
        self.delete_action.triggered.connect(self._on_delete_action_triggered)
        self.correct_action.triggered.connect(self._on_correct_button_clicked)
        self.print_agenda_button.clicked.connect(self._on_print_agenda_button_clicked)
        self.print_decisions_button.clicked.connect(self._on_print_decisions_button_clicked)
        self.meeting_button.clicked.connect(self._on_meeting_button_clicked)
        self._session.locked.connect(self._on_session_locked)
        self._session.changes.changed.connect(self._on_changes_changed)

    # -- list ----------------------------------------------------------------------------

    @property
    def table(self) -> TableCode | None:
        data = self.table_choice.currentData()
        return TableCode(data) if data else None

    def reload(self, select_id: int | None = None) -> None:
        """Read the table's sittings (on the worker) and select `select_id` or the next one."""
        if self._session.is_locked:
            return
        table = self.table
        QueryOp(self, self._session, lambda vault: sittings.list_sittings(vault, table)).success(
            lambda records: self._show_sittings(records, select_id)
        ).run()

    def _show_sittings(self, records: list[SittingSummary], select_id: int | None) -> None:
        keep = select_id if select_id is not None else self._shown_id()
        self.model.set_records(records)
        self.view.resizeColumnsToContents()
        row = self.model.row_of(keep) if keep is not None else None
        if row is None:
            # The next sitting to come is what the chair usually wants.
            upcoming = [i for i, s in enumerate(records) if s.status is SittingStatus.GEPLAND]
            row = upcoming[0] if upcoming else (len(records) - 1 if records else None)
        if row is not None:
            self.view.selectRow(row)
        self.rhythm_button.setEnabled(self.table is not None)
        self.rhythm_settings_action.setEnabled(self.table is not None)
        self.plan_button.setEnabled(self.table is not None)
        self._update_correct_button()
        if not records:
            self._drop_editor()
        self.loaded.emit()

    def _shown_id(self) -> int | None:
        return self.editor.sitting_id if self.editor is not None else None

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
        if self.editor is not None and self.editor.sitting_id == sitting.id:
            return  # the list was read again: the same sitting stays in its editor
        if self.editor is not None:
            self.editor.save_question()
        self._drop_editor()
        self.editor = AgendaEditor(self._session, sitting.id, self._editor_holder)
        self.editor.meeting_requested.connect(self.meeting_requested)
        self._editor_layout.addWidget(self.editor)
        self.editor.show()  # now, not on the next turn of the event loop

    def _drop_editor(self) -> None:
        """Take the current agenda editor away now (its deletion follows on the next turn)."""
        if self.editor is not None:
            self._editor_layout.removeWidget(self.editor)
            self.editor.hide()
            self.editor.deleteLater()
            self.editor = None

    @Slot(object, object)
    def _on_changes_changed(self, changes: OpChanges, _initiator: object) -> None:
        # Item counts, dates, status: any change to sittings (also from meeting mode).
        if changes.touches(ChangeKind.SITTINGS):
            self.reload()

    # -- planning ------------------------------------------------------------------------

    @Slot()
    def _on_plan_button_clicked(self) -> None:
        self.ask_plan()

    def ask_plan(self) -> None:
        """Read the rhythm and the date to propose (on the worker), then open the dialog."""
        table = self.table
        if table is None:
            return
        QueryOp(self, self._session, lambda vault: read_plan_defaults(vault, table)).success(
            lambda defaults: self._open_plan_dialog(table, *defaults)
        ).run()

    def _open_plan_dialog(self, table: TableCode, rhythm: Rhythm | None, day: dt.date) -> None:
        dialog = SittingDialog(self._session, table, day, parent=self, rhythm=rhythm)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(self.reload)
        dialog.open()

    def plan_from_rhythm(self, count: int = 1) -> list[int]:
        """Plan the next `count` sittings from the table's rhythm (message if none is set).

        Returns the new ids when the write ran at once (no worker), else [] (they follow).
        """
        table = self.table
        if table is None:
            return []
        done = self._write(
            lambda vault: sittings.plan_from_rhythm(vault, table, count),
            lambda ids: self.reload(ids[0] if ids else None),
        )
        return list(done[0]) if done else []

    def _write(self, op: Callable[[Vault], Any], then: Callable[[Any], None]) -> list[Any]:
        """A change of the sittings on the worker; refusals go to the banner.

        Returns the result in a list when the write ran at once (no worker), else [].
        """
        done: list[Any] = []

        def succeeded(result: Any) -> None:
            done.append(result)
            self.banner.setVisible(False)
            then(result)

        CollectionOp(self, self._session, op, OpChanges.of(ChangeKind.SITTINGS)).success(
            succeeded
        ).run()
        return done

    def show_error(self, message: str, _field: str | None = None) -> None:
        """A refused change: its reason above the list (`ui.ops` sends it here)."""
        self._say(message)

    @Slot()
    def _on_rhythm_button_clicked(self) -> None:
        self.plan_from_rhythm(1)

    def edit_rhythm(self) -> RhythmDialog | None:
        """Open the rhythm dialog of the chosen table (non-modal to the app; returns it)."""
        table = self.table
        if table is None:
            return None
        opened: list[RhythmDialog] = []

        def show(current: Rhythm | None) -> None:
            dialog = RhythmDialog(self._session, table, parent=self, current=current)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.open()
            opened.append(dialog)

        # The stored rhythm is read on the worker; the dialog opens when it arrives (at once
        # in a test without a worker, which then gets the dialog back).
        QueryOp(self, self._session, lambda vault: sittings.get_rhythm(vault, table)).success(
            show
        ).run()
        return opened[0] if opened else None

    @Slot()
    def _on_rhythm_settings_button_clicked(self) -> None:
        self.edit_rhythm()

    # -- moving, cancelling, deleting ------------------------------------------------------

    def move_selected(self) -> SittingDialog | None:
        """Open the dialog to move or change the selected planned sitting (returns it)."""
        selected = self.selected
        if selected is None or selected.status is not SittingStatus.GEPLAND:
            return None
        dialog = SittingDialog(self._session, selected.table, parent=self, sitting=selected)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(self.reload)  # the agenda editor reloads on the change notice
        dialog.open()
        return dialog

    def cancel_selected(self, reason: str) -> None:
        """Cancel the selected planned sitting; its cases come back on the next proposal."""
        selected = self.selected
        if selected is None:
            return
        message = _("Zitting {number} is geannuleerd.").format(number=selected.number)
        self._write(
            lambda vault: sitting_planning.cancel_sitting(vault, selected.id, reason),
            lambda _r: self._notify(message),
        )

    def delete_selected(self) -> None:
        """Delete the selected sitting (planned by mistake, nothing recorded yet)."""
        selected = self.selected
        if selected is None:
            return
        message = _("Zitting {number} is verwijderd.").format(number=selected.number)
        self._write(
            lambda vault: sitting_planning.delete_sitting(vault, selected.id),
            lambda _r: self._notify(message),
        )

    @Slot()
    def _on_move_button_clicked(self) -> None:
        self.move_selected()

    @Slot()
    def _on_cancel_button_clicked(self) -> None:
        selected = self.selected
        if selected is None:
            return
        reason, ok = QInputDialog.getText(
            self,
            _("Zitting {number} annuleren").format(number=selected.number),
            _("Reden (komt in de lijst; de casussen komen op het volgende voorstel):"),
        )
        if ok:
            self.cancel_selected(reason)

    @Slot()
    def _on_delete_action_triggered(self) -> None:
        selected = self.selected
        if selected is None:
            return
        answer = QMessageBox.question(
            self,
            _("Zitting verwijderen"),
            _("Zitting {number} van {date} met haar agenda verwijderen?").format(
                number=selected.number, date=selected.date.strftime("%d-%m-%Y")
            ),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.delete_selected()

    def _notify(self, message: str) -> None:
        window = self.window()
        status_bar = getattr(window, "statusBar", None)
        if callable(status_bar):
            status_bar().showMessage(message, 8000)

    # -- corrections after closing -------------------------------------------------------

    def _update_correct_button(self) -> None:
        selected = self.selected
        status = selected.status if selected is not None else None
        self.correct_action.setEnabled(status is SittingStatus.GESLOTEN)
        planned = status is SittingStatus.GEPLAND
        self.move_button.setEnabled(planned)
        self.cancel_button.setEnabled(planned)
        self.delete_action.setEnabled(planned or status is SittingStatus.GEANNULEERD)
        usable = status is not None and status is not SittingStatus.GEANNULEERD
        for button in (self.print_agenda_button, self.print_decisions_button, self.meeting_button):
            button.setEnabled(usable)

    def correct_item(self, item_id: int | None = None) -> ItemCorrectionDialog | None:
        """Open the correction dialog for the selected closed sitting (an item preselected)."""
        selected = self.selected
        if selected is None or selected.status is not SittingStatus.GESLOTEN:
            return None
        if item_id is None and self.editor is not None:
            item_id = self.editor.current_item_id()
        opened: list[ItemCorrectionDialog] = []

        def show(read: tuple[SittingSummary, list[AgendaEntry]]) -> None:
            dialog = ItemCorrectionDialog(self._session, *read, parent=self, item_id=item_id)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.accepted.connect(self._on_correction_accepted)
            dialog.open()
            opened.append(dialog)

        # Read on the worker; the dialog opens when it arrives (at once without a worker).
        sitting_id = selected.id
        QueryOp(self, self._session, lambda vault: read_for_correction(vault, sitting_id)).success(
            show
        ).run()
        return opened[0] if opened else None

    @Slot()
    def _on_correction_accepted(self) -> None:
        # The agenda editor shows the effective entries: reload it once the dialog is gone.
        selected = self.selected
        if selected is not None:
            QTimer.singleShot(0, self, lambda: self._reload_with_editor(selected.id))

    def _reload_with_editor(self, sitting_id: int) -> None:
        self.reload(sitting_id)
        if self.editor is not None:  # same row: the correction stands in the original's place
            self.editor.reload(select_row=self.editor.view.currentIndex().row())

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
            self,
            self._session,
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
        folder = remembered_folder(self._session.vault.paths.folder)
        dialog = PrintDialog(self._session, sitting, kind, parent=self, folder=folder)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.jobs_chosen.connect(self.print_jobs)
        dialog.open()
        return dialog

    def print_jobs(self, jobs: tuple[PrintJob, ...]) -> None:
        """Print each job's file (one worker task each, in order); remember the folder."""
        if jobs:
            remember_folder(self._session.vault.paths.folder, jobs[0].path.parent)
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
        self._drop_editor()
