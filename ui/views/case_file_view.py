"""The case file: header with the ladder (or routes), the history as a timeline, and tabs.

Tabs hold the subjects, signals, interventions, notes and the full event list; the
"also known in" panel lists other cases with the same person or address. The actions
(move a step, intervention, note, close, hand over, reopen, propose to the table) open
their dialogs. The file is read by a query operation on the worker and read again
whenever a change notice (`session.changes`) may concern this case, whoever made the
change (a dialog here, another tab, a closed sitting). Everything is cleared when the
vault locks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QSplitter,
    QTableView,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from casustafel.domain.agenda_rules import Proposal
from casustafel.domain.catalogue import table_definition
from casustafel.domain.changes import OpChanges
from casustafel.domain.ladder import step_moves
from casustafel.domain.model import CaseFile, CaseLink, CaseSubject, Subject, TableCode
from casustafel.domain.names import format_date_long
from casustafel.domain.routes import routes_ever_opened
from casustafel.i18n import _
from casustafel.services.case_links import crosses_tables, record_linked_case_opened
from casustafel.services.cases import get_case_file
from casustafel.ui.models.case_file_models import (
    SUBJECT_COLUMNS_PERSONAL,
    interventions_model,
    links_model,
    notes_model,
    signals_model,
    subjects_model,
)
from casustafel.ui.models.case_table_model import lead_partner_name, step_display
from casustafel.ui.models.event_model import CaseEventModel
from casustafel.ui.models.record_model import RecordTableModel
from casustafel.ui.ops import OpFailure, QueryOp, report_failure
from casustafel.ui.session import AppSession, PersonalField
from casustafel.ui.widgets.ladder_widget import LadderWidget
from casustafel.ui.widgets.record_table import record_table_view
from casustafel.ui.widgets.timeline import TimelineView

from . import case_actions
from .case_edit_dialog import CaseEditDialog
from .case_subject_dialogs import AddSubjectDialog, EndSubjectDialog
from .close_dialog import CloseDialog, CloseMode, NoteDialog
from .intervention_dialog import InterventionDialog
from .masking import make_masker
from .proposal_dialog import ProposalDialog
from .step_dialog import StepDialog
from .subject_edit_dialog import PRESENTATION_REFUSAL, SubjectEditDialog, can_open

__all__ = ["SECTIONS", "CaseFileView"]

# Places a case can be opened at (`show_section`); "interventies:12" selects one.
SECTIONS = ("betrokkenen", "signalen", "interventies", "notities", "gebeurtenissen")
REVEAL_MS = 10_000
TENURE_WORDS = {"huur": _("huurwoning"), "koop": _("koopwoning"), "onbekend": ""}


class CaseFileView(QWidget):
    """One case, read from the vault (audited) and shown with its actions.

    Signals:
        case_open_requested(int): open another case (from "also known in").
        case_changed(int): an action changed this case (lists may reload).
        case_loaded(int): the file was (re)read and is on screen.
        load_failed(str): the file could not be read (e.g. the case no longer exists).
    """

    case_open_requested = Signal(int)
    case_changed = Signal(int)
    case_loaded = Signal(int)
    load_failed = Signal(str)

    def __init__(
        self,
        session: AppSession,
        case_id: int,
        parent: QWidget | None = None,
        *,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._case_id = case_id
        self._today = today
        self.case_file: CaseFile | None = None
        self._mask: Callable[[str], str] = lambda text: text
        self.events_model = CaseEventModel(self)
        self.subjects_model = subjects_model(session, self)
        self.interventions_model = interventions_model(
            self._current_table,
            today,
            lambda: self._mask,
            self,
        )
        self.notes_model = notes_model(lambda: self._mask, self)
        self.signals_model = signals_model(lambda: self._mask, parent=self)
        self.links_model = links_model(self._subject_name, self, other_table=self._crosses)
        self._revealed: set[tuple[int, PersonalField]] = set()
        self._pending_section = ""
        self._build()
        self._connect_signals()
        self.reload()

    def _crosses(self, link: CaseLink) -> bool:
        return crosses_tables(link, self._current_table())

    def _current_table(self) -> TableCode:
        return self.case_file.header.table if self.case_file else TableCode.WO

    # -- layout -----------------------------------------------------------------------------

    def _build(self) -> None:
        self.title_label = QLabel(self)
        self.title_label.setObjectName("pageTitle")
        self.status_label = QLabel(self)
        self.status_label.setStyleSheet(
            "background: #e3ecf7; color: #1d4f91; border-radius: 4px; padding: 2px 8px;"
        )
        self.facts_label = QLabel(self)
        self.facts_label.setObjectName("muted")
        self.facts_label.setWordWrap(True)
        self.ladder = LadderWidget(self)

        self.actions_bar = QHBoxLayout()
        self.step_action = self._action(_("&Stap wijzigen…"), "Ctrl+E", self.move_step)
        self.intervention_action = self._action(_("&Interventie…"), "Ctrl+I", self.add_intervention)
        self.note_action = self._action(_("&Notitie…"), "Ctrl+Shift+N", self.add_note)
        self.close_action = self._action(_("Af&sluiten…"), None, self.close_case)
        self.handover_action = self._action(_("&Overdragen…"), None, self.hand_over)
        self.reopen_action = self._action(_("&Heropenen…"), None, self.reopen)
        self.edit_case_action = self._action(_("Casus be&werken…"), "Ctrl+Shift+E", self.edit_case)
        self.edit_subject_action = self._action(_("Betrokkene bewer&ken…"), "F2", self.edit_subject)
        self.proposal_action = self._action(
            _("&Voorstel voor de tafel…"), "Ctrl+Shift+T", self.propose_to_table
        )
        self.actions_bar.addStretch(1)

        self.timeline = TimelineView(self)
        self.timeline.setModel(self.events_model)
        self.timeline.setAccessibleName(_("Verloop"))
        self.links_view = record_table_view(self.links_model, self)
        self.links_view.setAccessibleName(_("Ook bekend in"))
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self._heading(_("Verloop")))
        left_layout.addWidget(self.timeline, 3)
        self.links_heading = self._heading(_("Ook bekend in"))
        left_layout.addWidget(self.links_heading)
        left_layout.addWidget(self.links_view, 1)

        self.tabs = QTabWidget(self)
        self.subjects_view = record_table_view(self.subjects_model, self)
        self.add_subject_action = QAction(_("Bet&rokkene toevoegen…"), self)
        self.add_subject_action.setShortcut(QKeySequence("Ctrl+Shift+B"))
        self.add_subject_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.add_subject_action.triggered.connect(self.add_subject)
        self.end_subject_action = QAction(_("Betrokkene beëin&digen of verwijderen…"), self)
        self.end_subject_action.triggered.connect(self.end_subject)
        self.addActions([self.add_subject_action, self.end_subject_action])
        subjects_page = QWidget(self)
        subjects_column = QVBoxLayout(subjects_page)
        subjects_column.setContentsMargins(0, 4, 0, 0)
        subjects_buttons = QHBoxLayout()
        for action in (self.add_subject_action, self.end_subject_action):
            button = QToolButton(subjects_page)
            button.setDefaultAction(action)
            subjects_buttons.addWidget(button)
        subjects_buttons.addStretch(1)
        subjects_column.addLayout(subjects_buttons)
        subjects_column.addWidget(self.subjects_view, 1)
        subjects_page.setFocusProxy(self.subjects_view)
        self.signals_view = record_table_view(self.signals_model, self)
        self.interventions_view = record_table_view(self.interventions_model, self)
        self.notes_view = record_table_view(self.notes_model, self)
        self.events_view = record_table_view(self.events_model, self)
        for view, text in (
            (subjects_page, _("Betr&okkenen")),
            (self.signals_view, _("Si&gnalen")),
            (self.interventions_view, _("Interventie&s")),
            (self.notes_view, _("No&tities")),
            (self.events_view, _("Gebeurtenisse&n")),
        ):
            self.tabs.addTab(view, text)
        self.subjects_view.setToolTip(
            _("Presentatiemodus: dubbelklik op een verborgen veld om het 10 seconden te tonen.")
        )

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setChildrenCollapsible(False)

        head = QHBoxLayout()
        head.addWidget(self.title_label)
        head.addWidget(self.status_label)
        head.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(head)
        layout.addWidget(self.facts_label)
        layout.addWidget(self.ladder)
        layout.addLayout(self.actions_bar)
        layout.addWidget(splitter, 1)

    def _heading(self, text: str) -> QLabel:
        label = QLabel(text, self)
        label.setStyleSheet("font-weight: 600;")
        return label

    def _action(self, text: str, shortcut: str | None, slot: Callable[[], object]) -> QAction:
        action = QAction(text, self)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.setToolTip(f"{text.replace('&', '').rstrip('…')} ({shortcut})")
        action.triggered.connect(slot)
        self.addAction(action)
        button = QToolButton(self)
        button.setDefaultAction(action)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.actions_bar.addWidget(button)
        return action

    def _connect_signals(self) -> None:
        self.links_view.activated.connect(self._on_links_view_activated)
        self.interventions_view.activated.connect(self._on_interventions_view_activated)
        self.subjects_view.doubleClicked.connect(self._on_subjects_view_double_clicked)
        self._session.locked.connect(self._on_session_locked)
        self._session.presentation_mode_changed.connect(self._on_presentation_mode_changed)
        self._session.changes.changed.connect(self._on_changes_changed)

    # -- loading ----------------------------------------------------------------------------

    @Slot()
    def reload(self) -> None:
        """Read the case file (one audited service call, on the worker) and show it."""
        if self._session.is_locked:
            return
        case_id = self._case_id
        QueryOp(self, self._session, lambda vault: get_case_file(vault, case_id)).success(
            self._on_case_file_read
        ).failure(self._on_case_file_failed).run()

    def _on_case_file_read(self, case_file: CaseFile) -> None:
        self.show_case_file(case_file)
        if self._pending_section:
            section, self._pending_section = self._pending_section, ""
            self.show_section(section)
        self.case_loaded.emit(self._case_id)

    def _on_case_file_failed(self, failure: OpFailure) -> None:
        if self.case_file is None:
            self.load_failed.emit(failure.message)  # the tab goes; its owner says why
        else:
            report_failure(self, failure)

    @Slot(object, object)
    def _on_changes_changed(self, changes: OpChanges, _initiator: object) -> None:
        if changes.touches_case(self._case_id) or (
            changes.subjects and self._shows_subject(changes.subject_ids)
        ):
            self.reload()

    def _shows_subject(self, subject_ids: frozenset[int]) -> bool:
        if self.case_file is None or not subject_ids:
            return True
        return any(cs.subject.id in subject_ids for cs in self.case_file.subjects)

    def show_case_file(self, case_file: CaseFile) -> None:
        self.case_file = case_file
        header = case_file.header
        self._mask = make_masker(self._session, case_file.subjects)
        self.setWindowTitle(header.number)
        self.title_label.setText(f"{header.number}  ·  {header.table.label}")
        self.status_label.setText(case_file.status_sentence)
        self.events_model.set_events(case_file.events, header.table, self._mask)
        self.subjects_model.set_records(case_file.subjects)
        self.interventions_model.set_records(case_file.interventions)
        self.notes_model.set_records(
            sorted(case_file.notes, key=lambda n: n.written_at, reverse=True)
        )
        self.signals_model.set_records(case_file.signals)
        self._show_links()
        for view in (self.subjects_view, self.links_view, self.interventions_view):
            view.resizeColumnsToContents()
        definition = table_definition(header.table)
        self.step_action.setText(
            _("&Stap wijzigen…") if definition.has_steps else _("&Route openen/sluiten…")
        )
        if definition.has_steps:
            reached = [e.to_step for e in step_moves(case_file.events)]
            self.ladder.show_steps(header.table, header.step, reached, header.tenure)
        else:
            self.ladder.show_routes(
                header.table, case_file.active_routes, routes_ever_opened(case_file.events)
            )
        self._show_facts()
        self._update_actions()

    def _show_links(self) -> None:
        """Links outside presentation mode only: on the projector no other case is named."""
        presenting = self._session.presentation_mode
        self.links_heading.setVisible(not presenting)
        self.links_view.setVisible(not presenting)
        links = self.case_file.links if self.case_file and not presenting else ()
        self.links_model.set_records(links)

    def _show_facts(self) -> None:
        if self.case_file is None:
            return
        h = self.case_file.header
        parts = [self._mask(h.label)]
        if h.area and h.area not in h.label:
            parts.append(h.area)
        if TENURE_WORDS.get(h.tenure.value):
            parts.append(TENURE_WORDS[h.tenure.value])
        if h.lead_partner:
            parts.append(_("voortouw: {p}").format(p=lead_partner_name(h.table, h.lead_partner)))
        parts.append(_("aangemeld {d}").format(d=format_date_long(h.registered_on)))
        if h.step and table_definition(h.table).has_steps:
            parts.append(_("stap {s}").format(s=step_display(h.table, h.step)))
        if h.next_due:
            parts.append(_("volgende termijn {d}").format(d=format_date_long(h.next_due)))
        self.facts_label.setText("  ·  ".join(p for p in parts if p))

    def _update_actions(self) -> None:
        closed = self.case_file is not None and self.case_file.header.status.is_closed
        for action in (self.step_action, self.intervention_action, self.close_action):
            action.setEnabled(not closed)
        self.handover_action.setEnabled(not closed)
        self.reopen_action.setEnabled(closed)
        self.edit_case_action.setEnabled(self.case_file is not None)
        self._update_subject_action()
        self.proposal_action.setEnabled(not closed)

    def _update_subject_action(self) -> None:
        presenting = self._session.presentation_mode
        has_subjects = self.case_file is not None and bool(self.case_file.subjects)
        closed = self.case_file is not None and self.case_file.header.status.is_closed
        self.add_subject_action.setEnabled(self.case_file is not None and not closed)
        self.end_subject_action.setEnabled(has_subjects and not closed)
        self.edit_subject_action.setEnabled(has_subjects and not presenting)
        self.edit_subject_action.setToolTip(
            PRESENTATION_REFUSAL if presenting else _("Betrokkene bewerken (F2)")
        )

    def _subject_name(self, subject_id: int) -> str:
        if self.case_file is None:
            return ""
        for cs in self.case_file.subjects:
            if cs.subject.id == subject_id:
                return self._session.show(subject_id, PersonalField.NAME, cs.subject.display_name)
        return ""

    # -- navigation -------------------------------------------------------------------------

    def show_section(self, section: str) -> None:
        """Go to a tab ("interventies", "signalen", ...); "interventies:12" selects one."""
        name, _sep, record = section.partition(":")
        if name not in SECTIONS:
            return
        if self.case_file is None:
            self._pending_section = section  # shown once the file has been read
            return
        self.tabs.setCurrentIndex(SECTIONS.index(name))
        view = self.tabs.currentWidget()
        if view is not None and view.focusProxy() is self.subjects_view:
            view = self.subjects_view
        if record.isdigit() and isinstance(view, QTableView):
            model = view.model()
            if isinstance(model, RecordTableModel):
                row = model.row_of(int(record))
                if row is not None:
                    view.selectRow(row)
        self.tabs.currentWidget().setFocus()

    # -- actions ----------------------------------------------------------------------------

    def _run(self, dialog: QDialog) -> QDialog:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(self._on_dialog_accepted)
        dialog.open()
        return dialog

    @Slot()
    def move_step(self) -> QDialog | None:
        if self.case_file is None:
            return None
        return self._run(StepDialog(self._session, self.case_file, self))

    @Slot()
    def add_intervention(self) -> QDialog | None:
        if self.case_file is None:
            return None
        header = self.case_file.header
        return self._run(
            InterventionDialog(
                self._session,
                header.table,
                header.id,
                None,
                self,
                registered_on=header.registered_on,
            )
        )

    @Slot()
    def add_note(self) -> QDialog | None:
        return self._run(NoteDialog(self._session, self._case_id, self))

    @Slot()
    def close_case(self) -> QDialog | None:
        return self._close_dialog(CloseMode.CLOSE)

    @Slot()
    def hand_over(self) -> QDialog | None:
        return self._close_dialog(CloseMode.HAND_OVER)

    @Slot()
    def reopen(self) -> QDialog | None:
        return self._close_dialog(CloseMode.REOPEN)

    @Slot()
    def propose_to_table(self) -> QDialog | None:
        """Propose escalation, de-escalation or closing, or mark the case "bespreken"."""
        case_file = self.case_file
        if case_file is None:
            return None
        opened: list[QDialog] = []

        def show(proposed: tuple[Proposal, str, bool]) -> None:
            opened.append(
                self._run(ProposalDialog(self._session, case_file, self, proposed=proposed))
            )

        # The stored proposal is read on the worker; the dialog opens when it arrives (at
        # once in a test without a worker, which then gets the dialog back).
        case_id = case_file.header.id
        QueryOp(
            self, self._session, lambda vault: case_actions.proposal_of(vault, case_id)
        ).success(show).run()
        return opened[0] if opened else None

    @Slot()
    def edit_case(self) -> QDialog | None:
        """Edit the case's own fields (lead partner, huur/koop, area, summary, ...)."""
        if self.case_file is None:
            return None
        return self._run(CaseEditDialog(self._session, self.case_file, self))

    def selected_subject(self) -> Subject | None:
        """The subject selected in the subjects tab, or the only one when there is one."""
        if self.case_file is None:
            return None
        rows = self.subjects_view.selectionModel().selectedRows()
        if rows:
            return self.subjects_model.record(rows[0].row()).subject
        subjects = {cs.subject.id: cs.subject for cs in self.case_file.subjects}
        return next(iter(subjects.values())) if len(subjects) == 1 else None

    @Slot()
    def edit_subject(self) -> QDialog | None:
        """Correct the selected subject's data; refused while presenting (see the dialog)."""
        if self.case_file is None or not can_open(self._session):
            return None
        subject = self.selected_subject()
        if subject is None:
            # Several subjects and none chosen: show the list to choose from.
            self.show_section("betrokkenen")
            return None
        return self._run(SubjectEditDialog(self._session, self._case_id, subject, self))

    @Slot()
    def add_subject(self) -> QDialog | None:
        """Add a betrokkene (person, address, organisation) with its role."""
        if self.case_file is None:
            return None
        return self._run(AddSubjectDialog(self._session, self._case_id, self))

    @Slot()
    def end_subject(self) -> QDialog | None:
        """End the selected betrokkene's part in the case, or remove it (with a reason)."""
        if self.case_file is None:
            return None
        rows = self.subjects_view.selectionModel().selectedRows()
        links = self.case_file.subjects
        if rows:
            link = self.subjects_model.record(rows[0].row())
        elif len(links) == 1:
            link = links[0]
        else:
            self.show_section("betrokkenen")  # several: choose one first
            return None
        header = self.case_file.header
        return self._run(
            EndSubjectDialog(self._session, self._case_id, header.registered_on, link, self)
        )

    def _close_dialog(self, mode: CloseMode) -> QDialog | None:
        if self.case_file is None:
            return None
        return self._run(CloseDialog(self._session, self.case_file, mode, self))

    @Slot()
    def _on_dialog_accepted(self) -> None:
        # The dialog's change notice already reloads this file and every other open view.
        self.case_changed.emit(self._case_id)

    # -- slots ------------------------------------------------------------------------------

    @Slot(QModelIndex)
    def _on_links_view_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_link(index.row())

    def open_link(self, row: int) -> QMessageBox | None:
        """Open a linked case; one of another table only after a confirmation, audited."""
        link = self.links_model.record(row)
        if self.case_file is None or self._session.presentation_mode:
            return None
        if not crosses_tables(link, self._current_table()):
            self.case_open_requested.emit(link.case_id)
            return None
        box = QMessageBox(
            QMessageBox.Icon.Question,
            _("Casus van een andere tafel"),
            _(
                "Deze koppeling leidt naar een casus van de tafel {table}. Open die alleen "
                "als het doel van deze casus dat vraagt; het openen wordt in het auditlog "
                "vastgelegd."
            ).format(table=link.table.label),
            QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        from_case = self._case_id

        def on_finished(result: int) -> None:
            if result == QMessageBox.StandardButton.Open and not self._session.is_locked:
                to_case = link.case_id
                # Audited on the worker first; the case opens once the entry is written.
                QueryOp(
                    self,
                    self._session,
                    lambda vault: record_linked_case_opened(vault, from_case, to_case),
                ).success(lambda _none: self.case_open_requested.emit(to_case)).run()

        box.finished.connect(on_finished)
        box.open()
        return box

    @Slot(QModelIndex)
    def _on_interventions_view_activated(self, index: QModelIndex) -> None:
        if not index.isValid() or self.case_file is None:
            return
        header = self.case_file.header
        item = self.interventions_model.record(index.row())
        self._run(
            InterventionDialog(
                self._session, header.table, header.id, item, self,
                registered_on=header.registered_on,
            )
        )  # fmt: skip

    @Slot(QModelIndex)
    def _on_subjects_view_double_clicked(self, index: QModelIndex) -> None:
        """Edit the subject; while presenting, reveal one field of it for ten seconds."""
        if not self._session.presentation_mode and index.isValid():
            self.subjects_view.selectRow(index.row())
            self.edit_subject()
            return
        kind = SUBJECT_COLUMNS_PERSONAL.get(index.column())
        if not self._session.presentation_mode or kind is None or not index.isValid():
            return
        subject: CaseSubject = self.subjects_model.record(index.row())
        key = (subject.subject.id, kind)
        self._session.reveal(*key)
        self.subjects_model.refresh()
        QTimer.singleShot(REVEAL_MS, self, lambda: self._conceal(key))

    def _conceal(self, key: tuple[int, PersonalField]) -> None:
        self._session.conceal(*key)
        self.subjects_model.refresh()

    @Slot()
    def _on_session_locked(self) -> None:
        self.case_file = None
        self._mask = lambda text: text
        for model in (
            self.subjects_model,
            self.interventions_model,
            self.notes_model,
            self.signals_model,
            self.links_model,
            self.events_model,
        ):
            model.clear()
        self.ladder.clear()
        for label in (self.title_label, self.status_label, self.facts_label):
            label.clear()

    @Slot(bool)
    def _on_presentation_mode_changed(self, _on: bool) -> None:
        for model in (
            self.subjects_model,
            self.interventions_model,
            self.notes_model,
            self.signals_model,
            self.events_model,
        ):
            model.refresh()
        self._show_links()
        self._show_facts()
        self._update_subject_action()
