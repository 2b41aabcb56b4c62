"""Meeting mode: the chair's full-screen window at the table.

The agenda runs down the left, the current item is large on the right with its record form.
Presentation mode is switched on when the window opens (the screen is usually projected);
the window shows case numbers and labels (initials and area), never a subject's name.

Nothing typed is lost: every edit restarts a one-second timer that saves the whole item on
the worker (`MeetingRecorder`, through `casustafel.ui.ops`), so the vault is at most about a
second behind the keyboard; closing the sitting announces what changed, so open case tabs,
the case list and "Mijn werk" reload.
Moving to another item, closing the window and the periodic timer tick also save the
position (current item, timers), so after a crash or a lock the window reopens on the same
item. Ctrl+Enter moves to the next item, Ctrl+Shift+Enter to the previous one.

A due or return date that is not a date keeps its text, and the window refuses to move to
another item, to close the sitting or to close itself until it is fixed (the banner says
which field and why), so an agreement never silently loses its due date. Beside the agenda a
panel shows where the case stands; above the item a label says whether presentation mode is
on, and in the last minute before an auto-lock a countdown that any input cancels.
"""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QCloseEvent, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from casustafel.i18n import _
from casustafel.reports.sitting_data import Variant
from casustafel.services.sitting_context import case_context
from casustafel.services.sitting_print import DocumentKind
from casustafel.services.sitting_values import (
    AgendaEntry,
    CaseContext,
    ItemKind,
    ItemRecord,
    SittingStatus,
    SittingSummary,
    partner_name,
)
from casustafel.ui.models.agenda_model import AgendaModel
from casustafel.ui.ops import OpFailure, QueryOp
from casustafel.ui.session import AppSession
from casustafel.ui.widgets.button_bar import ButtonBar
from casustafel.ui.widgets.identifier_check import (
    KnownSubjects,
    attach_identifier_check,
    attach_table_check,
)

from . import meeting_ops
from .meeting_context import CaseContextPanel
from .meeting_header import MeetingHeader
from .meeting_item_form import ItemRecordForm
from .meeting_ops import MeetingState, Opening
from .meeting_recorder import AUTOSAVE_MS, MeetingRecorder
from .print_dialog import PrintDialog, PrintJob, run_print_job

__all__ = ["AUTOSAVE_MS", "MeetingWindow"]

_POSITION_EVERY = 15  # seconds between saves of the timers while nobody types


class MeetingWindow(QWidget):
    """The chair's meeting mode for one sitting.

    Args:
        session: The unlocked app session.
        sitting_id: The sitting to chair.
        parent: Qt parent (normally none: it is its own full-screen window).
        opening: the sitting as opened on the worker (`meeting_ops.open_meeting`).

    Signals:
        item_saved(int): an item's record reached the vault.
        sitting_closed(int): the sitting was closed; its record is frozen.
        print_finished(str): a document was printed to this path.
        left(): the window closed (the launcher follows which meetings are open).
    """

    item_saved = Signal(int)
    sitting_closed = Signal(int)
    print_finished = Signal(str)
    left = Signal()

    def __init__(
        self,
        session: AppSession,
        sitting_id: int,
        parent: QWidget | None = None,
        *,
        opening: Opening,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Vergadermodus"))
        self._session = session
        self._print_dialog: PrintDialog | None = None
        self._sitting_id = sitting_id
        # Meeting mode (`MeetingLauncher`) opens the sitting on the worker and passes it in;
        # everything after it (saving, the case context, closing) runs as operations on the
        # worker.
        self._sitting: SittingSummary = opening.state.sitting
        self._current: AgendaEntry | None = None
        self._item_started = time.monotonic()
        self._item_base = 0
        self._sitting_started = time.monotonic()
        self._sitting_base = self._sitting.elapsed_seconds
        self._ticks = 0
        self._build()
        self._connect_signals()
        session.set_presentation_mode(True)
        session.set_presented_table(self._sitting.table)  # purpose binding on screen
        self._apply(opening.state, opening.current_item_id)
        self._tick.start()

    # -- layout --------------------------------------------------------------------------

    def _build(self) -> None:
        self.model = AgendaModel(self)
        self.agenda_view = QTableView(self)
        self.agenda_view.setModel(self.model)
        self.agenda_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.agenda_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.agenda_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        for column in range(1, self.model.columnCount()):
            self.agenda_view.setColumnHidden(column, column not in (2, 3, 6))
        self.agenda_view.verticalHeader().setVisible(False)
        self.agenda_view.setWordWrap(False)
        self.agenda_view.horizontalHeader().setStretchLastSection(True)
        big = QFont(self.font())
        big.setPointSizeF(big.pointSizeF() * 1.9)
        big.setBold(True)
        self.title = QLabel(self)
        self.title.setFont(big)
        self.title.setWordWrap(True)  # a long free-item title must not widen the window
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.question = QLabel(self)
        self.question.setWordWrap(True)
        medium = QFont(self.font())
        medium.setPointSizeF(medium.pointSizeF() * 1.3)
        self.question.setFont(medium)
        self.needed = QLabel(self)
        self.needed.setWordWrap(True)
        self.banner = QLabel(self)
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("color: #b3261e;")
        self.banner.setVisible(False)
        self.header = MeetingHeader(self)
        self.status = self.header.status
        self.mode_label = self.header.mode_label
        self.lock_warning = self.header.lock_warning
        self.context_panel = CaseContextPanel(self._session, self)
        self.form = ItemRecordForm(self)
        # i13: decision, agreements and return condition go to every partner: warn as typed.
        # The identities come with each read of the agenda, on the worker (never here).
        agenda = KnownSubjects(self)
        self._known_subjects = agenda
        self.identifier_checks = (
            attach_identifier_check(self.form.decision, agenda),
            attach_identifier_check(self.form.returns_note, agenda),
            attach_table_check(self.form.agreements, (0, 3), agenda),
        )
        self.previous_button = QPushButton(_("◀ Vorige"), self)
        self.next_button = QPushButton(_("Volgende ▶"), self)
        self.next_button.setToolTip(_("Volgende punt (Ctrl+Enter)"))
        self.previous_button.setToolTip(_("Vorige punt (Ctrl+Shift+Enter)"))
        self.close_sitting_button = QPushButton(_("Zitting sl&uiten…"), self)
        self.print_button = QPushButton(_("A&fdrukken…"), self)
        self.print_button.setToolTip(
            _("Besluitenlijst, actielijst of agenda: voor alle deelnemers of per partner")
        )
        self.leave_button = QPushButton(_("Vergadermodus &verlaten"), self)
        right = QWidget(self)
        self.button_bar = ButtonBar(
            ((self.previous_button, "◀"), (self.next_button, "▶")),
            (
                (self.close_sitting_button, _("Sl&uiten…")),
                (self.print_button, _("A&fdrukken…")),
                (self.leave_button, _("&Verlaten")),
            ),
            right,
        )
        item = QWidget(right)
        item_layout = QVBoxLayout(item)
        item_layout.setContentsMargins(0, 0, 0, 0)
        item_layout.addWidget(self.title)
        item_layout.addWidget(self.question)
        item_layout.addWidget(self.needed)
        item_layout.addWidget(self.banner)
        item_layout.addWidget(self.form, 1)
        # On a small or scaled screen the item scrolls; the clocks and buttons stay in view.
        self._scroll = scroll = QScrollArea(right)
        scroll.setWidget(item)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Only vertical scrolling: the splitter must not squeeze the form under its width.
        bar = scroll.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        scroll.setMinimumWidth(item.minimumSizeHint().width() + bar)
        side = QVBoxLayout(right)
        side.addWidget(self.header)
        side.addWidget(scroll, 1)
        side.addWidget(self.button_bar)
        left = QSplitter(Qt.Orientation.Vertical, self)
        left.addWidget(self.agenda_view)
        left.addWidget(self.context_panel)
        left.setStretchFactor(0, 3)
        left.setStretchFactor(1, 2)
        splitter = QSplitter(self)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([340, 1000])  # at 1024 px the full captions fit
        layout = QHBoxLayout(self)
        layout.addWidget(splitter)
        self.recorder = MeetingRecorder(self._session, self._sitting_id, self._snapshot, self)
        self._tick = QTimer(self)
        self._tick.setInterval(1000)

    def _connect_signals(self) -> None:
        self.form.changed.connect(self._on_form_changed)
        self.recorder.written.connect(self._on_recorder_written)
        self.recorder.refused.connect(self._on_recorder_refused)
        self.recorder.closed.connect(self._on_recorder_closed)
        self._tick.timeout.connect(self._on_tick_timeout)
        self.agenda_view.selectionModel().currentRowChanged.connect(
            self._on_agenda_view_current_row_changed
        )
        self.previous_button.clicked.connect(self.previous_item)
        self.next_button.clicked.connect(self.next_item)
        self.close_sitting_button.clicked.connect(self._on_close_sitting_button_clicked)
        self.print_button.clicked.connect(self._on_print_button_clicked)
        self.leave_button.clicked.connect(self.close)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self).activated.connect(self.next_item)
        for keys in ("Ctrl+Shift+Return", "Ctrl+Shift+Enter"):
            QShortcut(QKeySequence(keys), self).activated.connect(self.previous_item)
        self._session.presentation_mode_changed.connect(self._on_presentation_mode_changed)
        self._on_presentation_mode_changed(self._session.presentation_mode)
        self._session.about_to_lock.connect(self._on_session_about_to_lock)
        self._session.locked.connect(self._on_session_locked)

    def open_full_screen(self) -> None:
        """Show the window full screen (the main window calls this)."""
        self.showFullScreen()

    # -- items ---------------------------------------------------------------------------

    @property
    def sitting_id(self) -> int:
        return self._sitting_id

    @property
    def current_item_id(self) -> int | None:
        return self._current.id if self._current else None

    @property
    def is_closed(self) -> bool:
        return self._sitting.status is SittingStatus.GESLOTEN

    def _apply(self, state: MeetingState, select_id: int | None) -> None:
        """Show the stored `state` and select `select_id` (no vault access here)."""
        self._sitting = state.sitting
        self._known_subjects.set(state.identities)
        self.model.set_records(state.entries)
        self.agenda_view.resizeColumnsToContents()
        for column in (2, 3):  # a long free-item title must not push the labels out of view
            width = min(self.agenda_view.columnWidth(column), 170)
            self.agenda_view.setColumnWidth(column, width)
        row = self.model.row_of(select_id) if select_id is not None else None
        if row is None and self.model.rowCount() > 0:
            row = 0
        self.form.set_read_only(self.is_closed)
        self.close_sitting_button.setEnabled(not self.is_closed)
        self.header.set_sitting(self._sitting)
        if row is not None:
            self.agenda_view.selectionModel().setCurrentIndex(
                self.model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
            self._show(self.model.record(row))

    def _show(self, entry: AgendaEntry) -> None:
        self._current = entry
        self._item_started = time.monotonic()
        self._item_base = entry.record.elapsed_seconds
        number = self.model.number(entry)
        if entry.kind is ItemKind.CASE:
            self.title.setText(f"{number}  {entry.case_number}  {entry.label}")
        else:
            self.title.setText(f"{number}  {entry.title}")
        self.question.setText(entry.question or "—")
        table = self._sitting.table
        needed = ", ".join(partner_name(table, p) for p in entry.partners_needed) or "—"
        self.needed.setText(_("Nodig: {partners}").format(partners=needed))
        self.banner.setVisible(False)
        self.form.load(entry, table, self._sitting.date, self._sitting.invited_partners)
        self._load_context(entry)
        self._update_clocks()

    def _load_context(self, entry: AgendaEntry) -> None:
        case_id, item_id = entry.case_id, entry.id
        self.context_panel.show_context(None, loading=case_id is not None)
        if case_id is None:
            return

        def shown(context: CaseContext) -> None:
            if self.current_item_id == item_id:
                self.context_panel.show_context(context)

        def failed(_failure: OpFailure) -> None:  # the case went (destroyed): the item stays
            if self.current_item_id == item_id:
                self.context_panel.show_context(None)

        QueryOp(self, self._session, lambda vault: case_context(vault, case_id)).success(
            shown
        ).failure(failed).run()

    def go_to(self, item_id: int) -> None:
        """Save the current item and the position, then show `item_id`."""
        row = self.model.row_of(item_id)
        if row is None:
            return
        self.agenda_view.selectionModel().setCurrentIndex(
            self.model.index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )

    @Slot(QModelIndex, QModelIndex)
    def _on_agenda_view_current_row_changed(self, current: QModelIndex, _old: QModelIndex) -> None:
        if not current.isValid():
            return
        entry = self.model.record(current.row())
        if self._current is not None and entry.id == self._current.id:
            return
        if not self.check_leave_item():
            # Back to the item with the problem; what was typed stays where it is.
            row = self.model.row_of(self._current.id) if self._current else None
            if row is not None:
                selection = self.agenda_view.selectionModel()
                selection.blockSignals(True)
                selection.setCurrentIndex(
                    self.model.index(row, 0),
                    QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows,
                )
                selection.blockSignals(False)
                self.agenda_view.viewport().update()
            return
        self.save_now()
        # The model holds the agenda as of the last save (its attendance included); a save
        # still on the worker refreshes this item when it lands (`_on_item_written`).
        self._show(entry)
        self._save_position()

    def check_leave_item(self) -> bool:
        """True when the current item may be left; else the banner says what to fix first."""
        if self.is_closed:
            return True
        problems = self.form.problems()
        if not problems:
            return True
        self.save_now()  # the rest of the item is saved; the bad date stays typed
        self.banner.setText(
            _("Eerst verbeteren of wissen, dan verder:\n{problems}").format(
                problems="\n".join(problems)
            )
        )
        self.banner.setVisible(True)
        # The chair sees the field at once: the view scrolls to it, the cursor is in it.
        if self.form.agreements_editor.focus_problem():
            self._scroll.ensureWidgetVisible(self.form.agreements_editor)
        else:
            self.form.returns_on.line_edit.setFocus()
            self._scroll.ensureWidgetVisible(self.form.returns_on)
        return False

    @Slot()
    def next_item(self) -> None:
        self._step(+1)

    @Slot()
    def previous_item(self) -> None:
        self._step(-1)

    def _step(self, delta: int) -> None:
        row = self.agenda_view.currentIndex().row() + delta
        if 0 <= row < self.model.rowCount():
            self.go_to(self.model.record(row).id)

    # -- saving --------------------------------------------------------------------------

    def _item_elapsed(self) -> int:
        return self._item_base + int(time.monotonic() - self._item_started)

    def _sitting_elapsed(self) -> int:
        return self._sitting_base + int(time.monotonic() - self._sitting_started)

    @Slot()
    def _on_form_changed(self) -> None:
        if not self.is_closed:
            self.recorder.mark_dirty()

    def _snapshot(self) -> tuple[AgendaEntry, ItemRecord] | None:
        if self._current is None or self.is_closed:
            return None
        return self._current, self.form.record(self._item_elapsed())

    @Slot()
    def save_now(self) -> None:
        """Hand the current item's record to the worker now (the autosave does this too)."""
        self.recorder.save_now()

    @Slot(int, object)
    def _on_recorder_written(self, item_id: int, state: MeetingState) -> None:
        if not self.check_problems_quietly():
            self.banner.setVisible(False)
        self._refresh(state, item_id)
        self.item_saved.emit(item_id)

    @Slot(str)
    def _on_recorder_refused(self, message: str) -> None:
        # What was typed stays in the form; the message says what to fix.
        self.banner.setText(message)
        self.banner.setVisible(True)

    def check_problems_quietly(self) -> bool:
        """True when the form has typed text it cannot store yet (the banner stays)."""
        return bool(self.form.problems())

    def _refresh(self, state: MeetingState, written_id: int) -> None:
        """Take the stored agenda into the model without moving the selection; show another
        item's newer record (the sitting's attendance) unless the chair is typing in it."""
        self._sitting = state.sitting
        current = self._current
        selection = self.agenda_view.selectionModel()
        selection.blockSignals(True)
        try:
            self.model.set_records(state.entries)
            row = self.model.row_of(current.id) if current is not None else None
            if row is not None:
                selection.setCurrentIndex(
                    self.model.index(row, 0),
                    QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows,
                )
        finally:
            selection.blockSignals(False)
        self.agenda_view.viewport().update()
        if current is None:
            return
        fresh = next((e for e in state.entries if e.id == current.id), None)
        if fresh is None:
            return
        stale = fresh.record.partners_present != current.record.partners_present
        self._current = fresh
        if current.id != written_id and not self.recorder.dirty and stale:
            s = self._sitting
            self.form.load(fresh, s.table, s.date, s.invited_partners)

    def _save_position(self) -> None:
        if not self.is_closed:
            self.recorder.save_position(self.current_item_id, self._sitting_elapsed())

    @Slot()
    def _on_tick_timeout(self) -> None:
        self._update_clocks()
        self._ticks += 1
        if self._ticks % _POSITION_EVERY == 0:
            self._save_position()

    def _update_clocks(self) -> None:
        self.header.set_clocks(self._item_elapsed(), self._sitting_elapsed())

    # -- closing the sitting and printing ---------------------------------------------------

    def close_question(self) -> str:
        """What closing asks: the usual warning, and which case items have no decision."""
        typed = self._snapshot()
        records = {typed[0].id: typed[1]} if typed is not None else {}
        entries = self.model.records()
        missing = meeting_ops.undecided(entries, records)
        numbers = [self.model.number(e) for e in missing]
        return meeting_ops.close_question(entries, numbers)

    def close_sitting(self, *, confirm: bool = True) -> bool:
        """Save, then close the sitting (decisions flow into the cases) on the worker.

        With `confirm` the chair is asked first, and told how many items have no decision.
        Returns True when the sitting is closed by the time this returns (always so without
        a worker); `sitting_closed` says when it is.
        """
        if self.is_closed or not self.check_leave_item():
            return False
        if confirm:
            box = QMessageBox(
                QMessageBox.Icon.Question,
                _("Zitting sluiten"),
                self.close_question(),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                self,
            )
            box.setDefaultButton(QMessageBox.StandardButton.No)
            if box.exec() != QMessageBox.StandardButton.Yes:
                return False
        case_ids = [e.case_id for e in self.model.records()]
        self.recorder.close_sitting(self.current_item_id, self._sitting_elapsed(), case_ids)
        return self.is_closed

    @Slot(object)
    def _on_recorder_closed(self, state: MeetingState) -> None:
        self._apply(state, self.current_item_id)
        self.sitting_closed.emit(self._sitting_id)

    @Slot()
    def _on_close_sitting_button_clicked(self) -> None:
        self.close_sitting()

    def print_decisions(
        self, path: Path, variant: Variant = Variant.VERSPREID, partner: str | None = None
    ) -> None:
        """Print the besluitenlijst to `path` (on the worker when there is one)."""
        self.print_to(DocumentKind.BESLUITENLIJST, variant, path, partner)

    def print_to(
        self, kind: DocumentKind, variant: Variant, path: Path, partner: str | None = None
    ) -> None:
        """Print one document of this sitting to `path` (on the worker when there is one)."""
        self.save_now()
        run_print_job(
            self,
            self._session,
            self._sitting_id,
            PrintJob(kind, variant, path, partner),
            finished=self.print_finished.emit,
            failed=self._on_print_failed,
        )

    def ask_print(self, kind: DocumentKind = DocumentKind.BESLUITENLIJST) -> PrintDialog:
        """Open the sittings' print dialog for this sitting (partner copies, action list).

        Each file the chair chooses is printed in order, through `print_to`.
        """
        self.save_now()
        dialog = PrintDialog(self._session, self._sitting, kind, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        # A bound slot, not a lambda holding the dialog: that cycle outlived the deleted
        # dialog and crashed when Python's collector reached it.
        self._print_dialog = dialog
        dialog.jobs_chosen.connect(self.print_jobs)
        dialog.open()
        return dialog

    def print_jobs(self, jobs: tuple[PrintJob, ...]) -> None:
        """Print each chosen file (one worker task each, in order)."""
        for job in jobs:
            self.print_to(job.kind, job.variant, job.path, job.partner)

    @Slot(str)
    def _on_print_failed(self, message: str) -> None:
        self.banner.setText(message)
        self.banner.setVisible(True)

    @Slot()
    def _on_print_button_clicked(self) -> None:
        self.ask_print()

    # -- leaving -------------------------------------------------------------------------

    @Slot()
    def _on_session_about_to_lock(self) -> None:
        # The vault is still open for a moment: write what was typed since the last autosave.
        if not self.is_closed:
            self.recorder.save_before_lock(self.current_item_id, self._sitting_elapsed())

    @Slot()
    def _on_session_locked(self) -> None:
        # The vault is gone already: what was saved is all there is. Show nothing more.
        self._tick.stop()
        self.recorder.forget()
        self.model.clear()
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        if not self._session.is_locked:
            if not self.check_leave_item():
                event.ignore()  # a typed date would be lost: the banner says what to fix
                return
            self.save_now()
            self._save_position()
        self._tick.stop()
        self.left.emit()
        super().closeEvent(event)

    # -- what the room sees ---------------------------------------------------------------

    @Slot(bool)
    def _on_presentation_mode_changed(self, on: bool) -> None:
        self.header.set_presentation(on)

    def show_lock_warning(self, seconds_left: int) -> None:
        """The countdown before an auto-lock; any key or mouse movement cancels it."""
        self.header.show_lock_warning(seconds_left)

    def hide_lock_warning(self) -> None:
        self.header.hide_lock_warning()
