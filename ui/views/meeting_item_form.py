"""The record form of meeting mode: what the chair notes for one item, all by keyboard.

Partners present (a checklist), the decision, a step change (with motivation and decision
reference when the step asks for them), agreements (what, partner, due date, condition) and
when the case returns. Every edit emits `changed`; the meeting window saves a second later.
A due date may be typed as a date or as "10 werkdagen", counted from the sitting's date.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from casustafel.domain import catalogue
from casustafel.domain.model import TableCode
from casustafel.domain.workdays import resolve_due_date
from casustafel.errors import ValidationError
from casustafel.i18n import _
from casustafel.services.sitting_values import (
    AgendaEntry,
    AgreementDraft,
    ItemKind,
    ItemRecord,
    partner_name,
)
from casustafel.ui.widgets.date_edit import DutchDateEdit

__all__ = ["ItemRecordForm"]

_AGREEMENT_HEADERS = (_("Afspraak"), _("Partner"), _("Uiterlijk"), _("Voorwaarde"))
_BAD = QBrush(QColor("#b3261e"))


def _text_box(parent: QWidget, placeholder: str, lines: int) -> QPlainTextEdit:
    box = QPlainTextEdit(parent)
    box.setTabChangesFocus(True)  # Tab moves on: the form is filled by keyboard
    box.setPlaceholderText(placeholder)
    box.setFixedHeight(box.fontMetrics().height() * (lines + 1))
    return box


class ItemRecordForm(QWidget):
    """Fields for one agenda item's record; `record()` reads them, `load()` fills them."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._table = TableCode.WO
        self._day = dt.date.today()
        self._loading = False
        self.partners = QListWidget(self)
        self.partners.setMaximumHeight(self.fontMetrics().height() * 7)
        self.decision = _text_box(self, _("Besluit van de tafel"), 3)
        self.step = QComboBox(self)
        self.motivation = _text_box(self, _("Geschikt, noodzakelijk en evenwichtig omdat …"), 2)
        self.reference = QLineEdit(self)
        self.reference.setPlaceholderText(_("Kenmerk van het besluit"))
        self.agreements = QTableWidget(0, len(_AGREEMENT_HEADERS), self)
        self.agreements.setHorizontalHeaderLabels(list(_AGREEMENT_HEADERS))
        header = self.agreements.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.agreements.setTabKeyNavigation(True)
        self.add_agreement_button = QPushButton(_("&Afspraak toevoegen"), self)
        self.remove_agreement_button = QPushButton(_("Afspraak verwijderen"), self)
        self.returns_on = DutchDateEdit(parent=self)
        self.returns_note = QLineEdit(self)
        self.returns_note.setPlaceholderText(_("bijvoorbeeld: alleen bij nieuwe meldingen"))
        self._build()
        self._connect_signals()

    def _build(self) -> None:
        form = QFormLayout()
        form.addRow(_("&Aanwezig"), self.partners)
        form.addRow(_("&Besluit"), self.decision)
        form.addRow(_("&Stapwijziging"), self.step)
        form.addRow(_("Motivering"), self.motivation)
        form.addRow(_("Kenmerk"), self.reference)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_agreement_button)
        buttons.addWidget(self.remove_agreement_button)
        buttons.addStretch(1)
        agreements = QVBoxLayout()
        agreements.addWidget(self.agreements)
        agreements.addLayout(buttons)
        form.addRow(_("Afspraken"), agreements)
        returns = QHBoxLayout()
        returns.addWidget(self.returns_on)
        returns.addWidget(self.returns_note, 1)
        form.addRow(_("Komt terug op"), returns)
        self.setLayout(form)

    def _connect_signals(self) -> None:
        self.partners.itemChanged.connect(self._on_any_changed)
        self.decision.textChanged.connect(self._on_any_changed)
        self.step.currentIndexChanged.connect(self._on_step_current_index_changed)
        self.motivation.textChanged.connect(self._on_any_changed)
        self.reference.textEdited.connect(self._on_any_changed)
        self.agreements.itemChanged.connect(self._on_agreements_item_changed)
        self.add_agreement_button.clicked.connect(self.add_agreement_row)
        self.remove_agreement_button.clicked.connect(self._on_remove_agreement_button_clicked)
        self.returns_on.line_edit.textChanged.connect(self._on_any_changed)
        self.returns_note.textEdited.connect(self._on_any_changed)

    # -- filling and reading ----------------------------------------------------------------

    def load(
        self, entry: AgendaEntry, table: TableCode, day: dt.date, invited: tuple[str, ...]
    ) -> None:
        """Show `entry`'s record; `invited` and the item's partners are the checklist."""
        self._loading = True
        try:
            self._table, self._day = table, day
            record = entry.record
            self.partners.clear()
            for code in dict.fromkeys((*invited, *entry.partners_needed, *record.partners_present)):
                item = QListWidgetItem(partner_name(table, code), self.partners)
                item.setData(Qt.ItemDataRole.UserRole, code)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                present = code in record.partners_present
                item.setCheckState(Qt.CheckState.Checked if present else Qt.CheckState.Unchecked)
            self.decision.setPlainText(record.decision)
            self._fill_steps(entry)
            self.motivation.setPlainText(record.step_motivation)
            self.reference.setText(record.step_reference)
            self.agreements.setRowCount(0)
            for agreement in entry.agreements:
                if agreement.status == "vervallen":
                    continue
                due = agreement.due.strftime("%d-%m-%Y") if agreement.due else ""
                self.add_agreement_row(
                    (
                        agreement.what,
                        partner_name(table, agreement.partner),
                        due,
                        agreement.condition,
                    )
                )
            self.returns_on.set_date(record.returns_on)
            self.returns_note.setText(record.returns_note)
            self._show_motivation()
        finally:
            self._loading = False

    def _fill_steps(self, entry: AgendaEntry) -> None:
        self.step.clear()
        self.step.addItem(_("— geen wijziging —"), "")
        definition = catalogue.table_definition(self._table)
        usable = entry.kind is ItemKind.CASE and definition.has_steps
        if usable:
            for step in definition.steps:
                self.step.addItem(step.display, step.code)
        self.step.setEnabled(usable)
        index = self.step.findData(entry.record.step_change_to)
        self.step.setCurrentIndex(max(0, index))

    def record(self, elapsed_seconds: int = 0) -> ItemRecord:
        """The record as typed now; agreement rows with a due date that does not parse keep
        their text but no date (the cell is marked)."""
        present = tuple(
            str(self.partners.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.partners.count())
            if self.partners.item(i).checkState() == Qt.CheckState.Checked
        )
        return ItemRecord(
            partners_present=present,
            decision=self.decision.toPlainText(),
            step_change_to=str(self.step.currentData() or ""),
            step_motivation=self.motivation.toPlainText(),
            step_reference=self.reference.text(),
            returns_on=self.returns_on.date(),
            returns_note=self.returns_note.text(),
            agreements=tuple(self._agreement(row) for row in range(self.agreements.rowCount())),
            elapsed_seconds=elapsed_seconds,
        )

    def _cell(self, row: int, column: int) -> str:
        item = self.agreements.item(row, column)
        return item.text().strip() if item is not None else ""

    def _agreement(self, row: int) -> AgreementDraft:
        due_text = self._cell(row, 2)
        due: dt.date | None = None
        if due_text:
            try:
                due = resolve_due_date(due_text, self._day)
            except ValidationError:
                due = None
        return AgreementDraft(self._cell(row, 0), self._cell(row, 1), due, self._cell(row, 3))

    def set_read_only(self, read_only: bool) -> None:
        """A closed sitting's record is frozen: shown, not editable."""
        for widget in (self.decision, self.motivation):
            widget.setReadOnly(read_only)
        for line in (self.reference, self.returns_note, self.returns_on.line_edit):
            line.setReadOnly(read_only)
        self.step.setEnabled(not read_only and self.step.count() > 1)
        self.partners.setEnabled(not read_only)
        self.agreements.setEnabled(not read_only)
        self.add_agreement_button.setEnabled(not read_only)
        self.remove_agreement_button.setEnabled(not read_only)

    # -- agreements --------------------------------------------------------------------------

    @Slot()
    def add_agreement_row(self, values: tuple[str, str, str, str] | bool = False) -> int:
        """Append an agreement row (empty, or with `values`) and put the cursor in it."""
        row = self.agreements.rowCount()
        self.agreements.insertRow(row)
        texts = values if isinstance(values, tuple) else ("", "", "", "")
        for column, text in enumerate(texts):
            self.agreements.setItem(row, column, QTableWidgetItem(text))
        if not self._loading:
            self.agreements.setCurrentCell(row, 0)
            self.agreements.setFocus()
        return row

    @Slot()
    def _on_remove_agreement_button_clicked(self) -> None:
        row = self.agreements.currentRow()
        if row >= 0:
            self.agreements.removeRow(row)
            self._on_any_changed()

    @Slot(QTableWidgetItem)
    def _on_agreements_item_changed(self, item: QTableWidgetItem) -> None:
        if item.column() == 2 and item.text().strip():
            try:
                resolve_due_date(item.text(), self._day)
                item.setData(Qt.ItemDataRole.ForegroundRole, None)
                item.setToolTip("")
            except ValidationError as exc:
                item.setForeground(_BAD)
                item.setToolTip(exc.message)
        self._on_any_changed()

    # -- change tracking ---------------------------------------------------------------------

    @Slot()
    def _on_step_current_index_changed(self) -> None:
        self._show_motivation()
        self._on_any_changed()

    def _show_motivation(self) -> None:
        code = str(self.step.currentData() or "")
        needs = False
        if code:
            needs = catalogue.table_definition(self._table).step(code).needs_motivation
        self.motivation.setVisible(needs)
        self.reference.setVisible(needs)
        form = self.layout()
        if isinstance(form, QFormLayout):
            form.setRowVisible(self.motivation, needs)
            form.setRowVisible(self.reference, needs)

    @Slot()
    def _on_any_changed(self, *_args: object) -> None:
        if not self._loading:
            self.changed.emit()
