"""Intake: a table's signals inbox, entering a signal by hand, weighing with the table's
outcomes, and turning a signal into a new case or attaching it to an existing one.
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

from casustafel.domain.catalogue import table_definition
from casustafel.domain.model import NewCase, SignalStatus, TableCode
from casustafel.domain.model import Signal as SignalValue
from casustafel.domain.validation import check_event_date
from casustafel.i18n import _
from casustafel.services.cases import list_case_summaries
from casustafel.services.signals import attach_signal, list_signals, signal_to_case, weigh_signal
from casustafel.ui.models.case_file_models import signals_model
from casustafel.ui.models.record_model import RecordTableModel
from casustafel.ui.session import HIDDEN, AppSession
from casustafel.ui.widgets.date_edit import DutchDateEdit
from casustafel.ui.widgets.record_table import record_table_view

from .dialog_base import ActionDialog, text_box
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

    def _save(self) -> None:
        weigh_signal(
            self._session.vault,
            self._signal.id,
            str(self.outcome_combo.currentData() or ""),
            on=self.on_date.date() or dt.date.today(),
            reason=self.reason.toPlainText(),
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

    def _save(self) -> None:
        signal = self._signal
        self.case_id = signal_to_case(
            self._session.vault,
            signal.id,
            NewCase(
                table=signal.table,
                registered_on=signal.received_on,
                area=signal.area,
                lead_partner=str(self.lead_combo.currentData() or ""),
                start_step=str(self.step_combo.currentData() or ""),
            ),
        )
        self.case_chosen.emit(self.case_id)


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
        for case in list_case_summaries(session.vault, signal.table):
            if not case.status.is_closed:
                self.case_combo.addItem(f"{case.number}  {case.label}", case.id)
        completer = self.case_combo.completer()
        if completer is not None:
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.add_row(_("&Casus:"), self.case_combo, "case_id")

    def _save(self) -> None:
        case_id = int(self.case_combo.currentData())
        attach_signal(self._session.vault, self._signal.id, case_id)
        self.case_chosen.emit(case_id)


class IntakeView(QWidget):
    """The signals inbox of `table` (None: all tables).

    Signals:
        case_open_requested(int): a case made from (or attached to) a signal, to open.
    """

    case_open_requested = Signal(int)

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
        self.show_combo.addItem(_("Wachten op weging"), "waiting")
        self.show_combo.addItem(_("Gewogen, nog zonder casus"), "weighed")
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
        self.reload()

    @Slot()
    def reload(self) -> None:
        if self._session.is_locked:
            return
        mode = self.show_combo.currentData()
        status = SignalStatus.WACHT_OP_WEGING if mode == "waiting" else None
        signals = list_signals(self._session.vault, self._table, status)
        if mode == "weighed":
            signals = [s for s in signals if s.status is SignalStatus.GEWOGEN and s.case_id is None]
        self.model.set_records(signals)
        self.table_view.resizeColumnsToContents()
        self._update_buttons_now()

    def select_signal(self, signal_id: int) -> None:
        """Select a signal (opened from 'Mijn werk'), showing all signals if needed."""
        if self.model.row_of(signal_id) is None:
            self.show_combo.setCurrentIndex(self.show_combo.findData("all"))
        row = self.model.row_of(signal_id)
        if row is not None:
            self.table_view.selectRow(row)

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
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(self.reload)
        dialog.open()
        return dialog

    @Slot()
    def new_signal(self) -> QDialog:
        """Enter a signal by hand; after saving it is selected in the inbox."""
        form = SignalForm(self._session, self._table, self)
        dialog = self._run(form)  # reloads the inbox when accepted ...
        form.accepted.connect(self._on_form_accepted)  # ... before this selects the new one
        return dialog

    @Slot()
    def _on_form_accepted(self) -> None:
        form = self.sender()
        if isinstance(form, SignalForm) and form.signal_id is not None:
            self.select_signal(form.signal_id)

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
