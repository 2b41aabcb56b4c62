"""Intake: a table's signals inbox, entering a signal by hand, weighing with the table's
outcomes, and turning a signal into a new case or attaching it to an existing one.

The default view ("Te doen") loses nothing: a signal waits for weighing, and a signal
weighed as "take up" stays in view ("Gewogen, nog geen casus") until it becomes a case or
is attached to one; signals weighed as not taken up leave it. Reads and writes run as
operations on the worker; the inbox reloads from every change notice about signals or cases.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QModelIndex, Qt, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from casustafel.db.vault import Vault
from casustafel.domain.catalogue import table_definition
from casustafel.domain.changes import ChangeKind, OpChanges
from casustafel.domain.model import CaseSummary, NewCase, SignalStatus, TableCode
from casustafel.domain.model import Signal as SignalValue
from casustafel.domain.validation import check_event_date
from casustafel.errors import ValidationError
from casustafel.i18n import _
from casustafel.services.cases import list_case_summaries
from casustafel.services.signals import attach_signal, list_signals, signal_to_case, weigh_signal
from casustafel.ui.models.case_file_models import signals_model
from casustafel.ui.models.record_model import RecordTableModel
from casustafel.ui.ops import QueryOp
from casustafel.ui.session import HIDDEN, AppSession
from casustafel.ui.widgets.date_edit import DutchDateEdit
from casustafel.ui.widgets.record_table import record_table_view

from .dialog_base import ActionDialog, Write, text_box
from .signal_form import SignalForm

__all__ = ["AttachDialog", "IntakeView", "ToCaseDialog", "WeighDialog"]


class WeighDialog(ActionDialog):
    """Weigh a signal: one of the table's outcomes, the date and the reason."""

    def __init__(self, session: AppSession, signal: SignalValue, parent: QWidget | None = None):
        super().__init__(session, _("Signaal wegen"), parent)
        self._signal = signal
        self.outcome_combo = QComboBox(self)
        self.outcome_combo.addItem(_("(kies een uitkomst)"), "")
        for outcome in table_definition(signal.table).weighing_outcomes:
            self.outcome_combo.addItem(outcome.label, outcome.code)
        self.on_date = DutchDateEdit(
            lambda text: check_event_date(text, max_years_ahead=0), required=True, parent=self
        )
        self.on_date.set_date(dt.date.today())
        self.reason = text_box(self, _("Waarom deze uitkomst?"), 4)
        self.add_row(_("&Uitkomst:"), self.outcome_combo, "outcome")
        self.add_row(_("&Datum:"), self.on_date, "on")
        self.add_row(_("&Reden:"), self.reason, "reason")

    def _check(self) -> bool:
        return self.on_date.validate_now()

    def _write(self) -> Write:
        signal_id = self._signal.id
        outcome = str(self.outcome_combo.currentData() or "")
        on = self.on_date.date() or dt.date.today()
        reason = self.reason.toPlainText()
        return Write(
            lambda vault: weigh_signal(vault, signal_id, outcome, on=on, reason=reason),
            OpChanges.of(ChangeKind.SIGNALS, signal_ids=[signal_id]),
        )


class ToCaseDialog(ActionDialog):
    """Make a new case of a weighed signal: lead partner and, for WO/OM, the start step.

    Signals:
        case_chosen(int): the new case's id, after a successful save.
    """

    case_chosen = Signal(int)

    def __init__(self, session: AppSession, signal: SignalValue, parent: QWidget | None = None):
        super().__init__(session, _("Casus maken van signaal"), parent)
        self._signal = signal
        self.case_id: int | None = None
        definition = table_definition(signal.table)
        self.lead_combo = QComboBox(self)
        self.lead_combo.addItem(_("(niet ingevuld)"), "")
        for partner in definition.partners:
            self.lead_combo.addItem(partner.name, partner.code)
        self.step_combo = QComboBox(self)
        for step in definition.steps:
            if not (step.aftercare or step.needs_motivation or step.huur_only):
                self.step_combo.addItem(step.display, step.code)
        self.add_row(_("&Voortouw:"), self.lead_combo, "lead_partner")
        if definition.has_steps:
            self.add_row(_("&Startstap:"), self.step_combo, "start_step")

    def _write(self) -> Write:
        signal = self._signal
        signal_id = signal.id
        details = NewCase(
            table=signal.table,
            registered_on=signal.received_on,
            area=signal.area,
            lead_partner=str(self.lead_combo.currentData() or ""),
            start_step=str(self.step_combo.currentData() or ""),
        )
        return Write(
            lambda vault: signal_to_case(vault, signal_id, details),
            lambda case_id: OpChanges.of(
                ChangeKind.SIGNALS, ChangeKind.CASES, case_ids=[case_id], signal_ids=[signal_id]
            ),
        )

    def _on_written(self, result: object) -> None:
        self.case_id = int(result)  # type: ignore[call-overload]
        self.case_chosen.emit(self.case_id)
        super()._on_written(result)


class AttachDialog(ActionDialog):
    """Attach a signal to an open case of the same table, chosen by number and label.

    Signals:
        case_chosen(int): the case the signal was attached to.
    """

    case_chosen = Signal(int)

    def __init__(self, session: AppSession, signal: SignalValue, parent: QWidget | None = None):
        super().__init__(session, _("Signaal aan casus koppelen"), parent)
        self._signal = signal
        self.case_combo = QComboBox(self)
        self.case_combo.setEditable(True)
        self.case_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        table = signal.table
        self.case_combo.setPlaceholderText(_("Casussen laden…"))
        QueryOp(self, session, lambda vault: list_case_summaries(vault, table)).success(
            self._on_cases_loaded
        ).run()
        completer = self.case_combo.completer()
        if completer is not None:
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.add_row(_("&Casus:"), self.case_combo, "case_id")

    def _on_cases_loaded(self, cases: list[CaseSummary]) -> None:
        self.case_combo.setPlaceholderText("")
        for case in cases:
            if not case.status.is_closed:
                self.case_combo.addItem(f"{case.number}  {case.label}", case.id)

    def _write(self) -> Write:
        if self.case_combo.currentData() is None:
            raise ValidationError(_("Kies een casus."), "case_id")
        case_id, signal_id = int(self.case_combo.currentData()), self._signal.id
        return Write(
            lambda vault: attach_signal(vault, signal_id, case_id),
            OpChanges.of(
                ChangeKind.SIGNALS, ChangeKind.CASES, case_ids=[case_id], signal_ids=[signal_id]
            ),
        )

    def _on_written(self, result: object) -> None:
        self.case_chosen.emit(int(self.case_combo.currentData()))
        super()._on_written(result)


def shown_in(mode: str, signal: SignalValue) -> bool:
    """Whether `signal` belongs in the inbox view `mode` (open, waiting, weighed, all)."""
    waiting = signal.status is SignalStatus.WACHT_OP_WEGING
    # Weighed to be taken up (no destruction date) and not yet a case: still work to do.
    weighed_open = (
        signal.status is SignalStatus.GEWOGEN
        and signal.case_id is None
        and signal.destroy_after is None
    )
    if mode == "open":
        return waiting or weighed_open
    if mode == "waiting":
        return waiting
    if mode == "weighed":
        return weighed_open
    return True


class IntakeView(QWidget):
    """The signals inbox of `table` (None: all tables).

    Signals:
        case_open_requested(int): a case made from (or attached to) a signal, to open.
    """

    case_open_requested = Signal(int)
    signals_loaded = Signal(int)

    def __init__(
        self, session: AppSession, table: TableCode | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._table = table
        # A signal's description is free text about people not yet known as subjects:
        # while presenting it is hidden as a whole.
        self.model: RecordTableModel[SignalValue] = signals_model(
            lambda: lambda text: HIDDEN if session.presentation_mode and text else text,
            parent=self,
        )
        title = QLabel(
            _("Signalen {table}").format(table=table.label) if table else _("Signalen"), self
        )
        title.setObjectName("pageTitle")
        self.show_combo = QComboBox(self)
        self.show_combo.addItem(_("Te doen (weging of casus)"), "open")
        self.show_combo.addItem(_("Wachten op weging"), "waiting")
        self.show_combo.addItem(_("Gewogen, nog geen casus"), "weighed")
        self.show_combo.addItem(_("Alle signalen"), "all")
        show_label = QLabel(_("&Tonen:"), self)
        show_label.setBuddy(self.show_combo)
        self.table_view = record_table_view(self.model, self)
        self.new_button = QPushButton(_("&Nieuw signaal…"), self)
        self.new_button.setToolTip(_("Een signaal met de hand invoeren (Ctrl+Shift+N)"))
        self.weigh_button = QPushButton(_("We&gen…"), self)
        self.to_case_button = QPushButton(_("&Casus maken…"), self)
        self.attach_button = QPushButton(_("&Koppelen aan casus…"), self)
        head = QHBoxLayout()
        head.addWidget(title)
        head.addStretch(1)
        head.addWidget(show_label)
        head.addWidget(self.show_combo)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.weigh_button)
        buttons.addWidget(self.to_case_button)
        buttons.addWidget(self.attach_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(head)
        layout.addLayout(buttons)
        layout.addWidget(self.table_view, 1)
        self.show_combo.currentIndexChanged.connect(self.reload)
        self.new_button.clicked.connect(self.new_signal)
        new_action = QAction(_("Nieuw signaal"), self)
        # The same keys as "Nieuwe casus" in the case list: Ctrl+N is the window's.
        new_action.setShortcut(QKeySequence("Ctrl+Shift+N"))
        new_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        new_action.triggered.connect(self.new_signal)
        self.addAction(new_action)
        self.weigh_button.clicked.connect(self.weigh)
        self.to_case_button.clicked.connect(self.to_case)
        self.attach_button.clicked.connect(self.attach)
        self.table_view.activated.connect(self._on_table_view_activated)
        session.locked.connect(self._on_session_locked)
        self.table_view.selectionModel().selectionChanged.connect(self._update_buttons_now)
        session.presentation_mode_changed.connect(self._on_presentation_mode_changed)
        session.changes.changed.connect(self._on_changes_changed)
        self._select_after_load: int | None = None
        self.reload()

    @Slot()
    def reload(self) -> None:
        """Read the signals of the chosen view (a query operation on the worker)."""
        if self._session.is_locked:
            return
        mode = str(self.show_combo.currentData())
        table = self._table

        def query(vault: Vault) -> list[SignalValue]:
            status = SignalStatus.WACHT_OP_WEGING if mode == "waiting" else None
            return [s for s in list_signals(vault, table, status) if shown_in(mode, s)]

        QueryOp(self, self._session, query).success(self._on_signals_loaded).run()

    def _on_signals_loaded(self, signals: list[SignalValue]) -> None:
        chosen = self.selected()
        self.model.set_records(signals)
        self.table_view.resizeColumnsToContents()
        wanted = self._select_after_load or (chosen.id if chosen else None)
        self._select_after_load = None
        if wanted is not None and self.model.row_of(wanted) is not None:
            self.table_view.selectRow(self.model.row_of(wanted) or 0)
        self._update_buttons_now()
        self.signals_loaded.emit(len(signals))

    @Slot(object, object)
    def _on_changes_changed(self, changes: OpChanges, _initiator: object) -> None:
        if changes.touches(ChangeKind.SIGNALS, ChangeKind.CASES):
            self.reload()

    def select_signal(self, signal_id: int) -> None:
        """Select a signal (opened from 'Mijn werk'), showing all signals if needed."""
        row = self.model.row_of(signal_id)
        if row is not None:
            self.table_view.selectRow(row)
            return
        self._select_after_load = signal_id
        if self.show_combo.currentData() != "all":
            self.show_combo.setCurrentIndex(self.show_combo.findData("all"))  # reloads
        else:
            self.reload()

    def selected(self) -> SignalValue | None:
        rows = self.table_view.selectionModel().selectedRows()
        return self.model.record(rows[0].row()) if rows else None

    @Slot()
    def _update_buttons_now(self) -> None:
        signal = self.selected()
        waiting = signal is not None and signal.status is SignalStatus.WACHT_OP_WEGING
        free = signal is not None and signal.case_id is None
        self.weigh_button.setEnabled(waiting)
        self.to_case_button.setEnabled(free and not waiting)
        self.attach_button.setEnabled(free)

    def _run(self, dialog: ActionDialog) -> QDialog:
        # No reload here: the dialog's change notice reloads this inbox (and other views).
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    @Slot()
    def new_signal(self) -> QDialog:
        """Enter a signal by hand; after saving it is selected in the inbox."""
        form = SignalForm(self._session, self._table, self)
        form.signal_saved.connect(self._on_form_signal_saved)
        return self._run(form)

    @Slot(int)
    def _on_form_signal_saved(self, signal_id: int) -> None:
        # The notice's reload is queued behind this: select the new signal once it is in.
        self._select_after_load = signal_id
        if self.model.row_of(signal_id) is not None:
            self.select_signal(signal_id)

    @Slot()
    def weigh(self) -> QDialog | None:
        signal = self.selected()
        return self._run(WeighDialog(self._session, signal, self)) if signal else None

    @Slot()
    def to_case(self) -> QDialog | None:
        signal = self.selected()
        if signal is None:
            return None
        dialog = ToCaseDialog(self._session, signal, self)
        dialog.case_chosen.connect(self.case_open_requested)
        return self._run(dialog)

    @Slot()
    def attach(self) -> QDialog | None:
        signal = self.selected()
        if signal is None:
            return None
        dialog = AttachDialog(self._session, signal, self)
        dialog.case_chosen.connect(self.case_open_requested)
        return self._run(dialog)

    @Slot(QModelIndex)
    def _on_table_view_activated(self, index: QModelIndex) -> None:
        signal = self.model.record(index.row()) if index.isValid() else None
        if signal is None:
            return
        if signal.status is SignalStatus.WACHT_OP_WEGING:
            self.weigh()
        elif signal.case_id is not None:
            self.case_open_requested.emit(signal.case_id)

    @Slot()
    def _on_session_locked(self) -> None:
        self.model.clear()

    @Slot(bool)
    def _on_presentation_mode_changed(self, _on: bool) -> None:
        self.model.refresh()
