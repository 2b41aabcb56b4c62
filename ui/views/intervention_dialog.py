"""Add or update an intervention: type from the table's catalogue, partner, dates, status.

The due date is typed as a date (`23-11-2026`) or as "10 werkdagen"; the field shows at
once which day that is, counting Dutch working days from the start date.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Slot
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QComboBox, QLabel, QWidget

from casustafel.domain.catalogue import table_definition
from casustafel.domain.changes import ChangeKind, OpChanges
from casustafel.domain.model import Intervention, InterventionStatus, TableCode
from casustafel.domain.names import format_date, format_date_long
from casustafel.domain.validation import check_event_date
from casustafel.domain.workdays import resolve_due_date
from casustafel.errors import ValidationError
from casustafel.i18n import _
from casustafel.ui.models.case_file_models import INTERVENTION_STATUS_LABELS
from casustafel.ui.session import AppSession
from casustafel.ui.widgets.date_edit import DutchDateEdit
from casustafel.ui.widgets.validated_line_edit import ValidatedLineEdit

from . import case_actions
from .dialog_base import ActionDialog, Write, text_box

__all__ = ["InterventionDialog"]


class InterventionDialog(ActionDialog):
    """Add an intervention to a case, or update one (then the type is fixed).

    Args:
        session: the app session.
        table: the case's table (its catalogue and partners).
        case_id: the case.
        intervention: the intervention to update, or None to add one.
        parent: Qt parent.
    """

    def __init__(
        self,
        session: AppSession,
        table: TableCode,
        case_id: int,
        intervention: Intervention | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            session,
            _("Interventie bijwerken") if intervention else _("Interventie toevoegen"),
            parent,
        )
        self._case_id = case_id
        self._existing = intervention
        definition = table_definition(table)
        self.type_combo = QComboBox(self)
        items = self.type_combo.model()
        for domain, types in definition.interventions_by_domain().items():
            # A disabled heading per domain keeps the long catalogue readable.
            self.type_combo.addItem(domain.value.capitalize(), None)
            if isinstance(items, QStandardItemModel):
                heading = items.item(self.type_combo.count() - 1)
                heading.setEnabled(False)
            for kind in types:
                self.type_combo.addItem(f"    {kind.label}", kind.code)
        self.partner_combo = QComboBox(self)
        self.partner_combo.addItem(_("(kies een partner)"), "")
        for partner in definition.partners:
            self.partner_combo.addItem(partner.name, partner.code)
        self.start_date = DutchDateEdit(check_event_date, required=True, parent=self)
        self.due = ValidatedLineEdit(self._check_due, _("23-11-2026 of 10 werkdagen"), self)
        self.due_words = QLabel(self)
        self.due_words.setObjectName("muted")
        self.status_combo = QComboBox(self)
        for status, label in INTERVENTION_STATUS_LABELS.items():
            self.status_combo.addItem(label, status)
        self.description = text_box(self, _("Wat houdt de interventie in?"))
        self.outcome = text_box(self, _("Wat heeft het opgeleverd?"))
        self.add_row(_("&Interventie:"), self.type_combo, "type_code")
        self.add_row(_("&Partner:"), self.partner_combo, "partner")
        self.add_row(_("&Start:"), self.start_date, "start_date")
        self.add_row(_("&Termijn:"), self.due, "due_date")
        self.form.addRow("", self.due_words)
        self.add_row(_("Stat&us:"), self.status_combo, "status")
        self.add_row(_("&Omschrijving:"), self.description, "description")
        self._outcome_label = self.add_row(_("Uit&komst:"), self.outcome, "outcome")
        self.due.line_edit.textChanged.connect(self._on_due_changed)
        self.start_date.line_edit.textChanged.connect(self._on_due_changed)
        self._fill(intervention)

    def _fill(self, intervention: Intervention | None) -> None:
        if intervention is None:
            self.start_date.set_date(dt.date.today())
            self.type_combo.setCurrentIndex(1)
            self.form.setRowVisible(self._outcome_label, False)
            return
        self.type_combo.setCurrentIndex(max(self.type_combo.findData(intervention.type_code), 0))
        self.type_combo.setEnabled(False)
        self.partner_combo.setCurrentIndex(
            max(self.partner_combo.findData(intervention.partner), 0)
        )
        self.start_date.set_date(intervention.start_date)
        self.start_date.setEnabled(False)
        self.due.setText(format_date(intervention.due_date) if intervention.due_date else "")
        self.status_combo.setCurrentIndex(self.status_combo.findData(intervention.status))
        self.description.setPlainText(intervention.description)
        self.outcome.setPlainText(intervention.outcome)

    def _check_due(self, text: str) -> str | None:
        if not text.strip():
            return None
        try:
            resolve_due_date(text, self.start_date.date() or dt.date.today())
        except ValidationError as error:
            return error.message
        return None

    @Slot()
    def _on_due_changed(self) -> None:
        text = self.due.text()
        try:
            due = resolve_due_date(text, self.start_date.date() or dt.date.today())
        except ValidationError:
            self.due_words.setText("")
            return
        self.due_words.setText(format_date_long(due, weekday=True))

    def entry(self) -> case_actions.InterventionInput:
        return case_actions.InterventionInput(
            type_code=str(self.type_combo.currentData() or ""),
            partner=str(self.partner_combo.currentData() or ""),
            start_date=self.start_date.date() or dt.date.today(),
            due_text=self.due.text().strip(),
            status=InterventionStatus(self.status_combo.currentData()),
            outcome=self.outcome.toPlainText().strip(),
            description=self.description.toPlainText().strip(),
        )

    def _check(self) -> bool:
        ok = self.start_date.validate_now()
        return self.due.validate_now() and ok

    def _write(self) -> Write:
        entry, case_id = self.entry(), self._case_id
        changes = OpChanges.of(ChangeKind.INTERVENTIONS, ChangeKind.CASES, case_ids=[case_id])
        if self._existing is None:
            return Write(
                lambda vault: case_actions.add_intervention(vault, case_id, entry), changes
            )
        intervention_id = self._existing.id
        return Write(
            lambda vault: case_actions.update_intervention(vault, intervention_id, entry), changes
        )
