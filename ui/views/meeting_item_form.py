"""The record form of meeting mode: what the chair notes for one item, all by keyboard.

Partners present (a checklist, ticked once for the sitting, overridable per item), "niet
besproken / doorgeschoven", the decision, a step change (with motivation and decision
reference when the step asks for them), agreements (what, partner, due date, condition) and
when the case returns. Every edit emits `changed`; the meeting window saves a second later.
A due date may be typed as a date or as "10 werkdagen", counted from the sitting's date.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from casustafel.domain import catalogue
from casustafel.domain.model import TableCode
from casustafel.i18n import _
from casustafel.services.sitting_values import (
    AgendaEntry,
    ItemKind,
    ItemRecord,
    partner_name,
)
from casustafel.ui.widgets.date_edit import DutchDateEdit

from .meeting_agreements import AgreementsEditor

__all__ = ["ItemRecordForm"]


def _text_box(parent: QWidget, placeholder: str, lines: int) -> QPlainTextEdit:
    box = QPlainTextEdit(parent)
    box.setTabChangesFocus(True)  # Tab moves on: the form is filled by keyboard
    box.setPlaceholderText(placeholder)
    box.setFixedHeight(box.fontMetrics().height() * (lines + 1))
    return box


class ItemRecordForm(QWidget):
    """Fields for one agenda item's record; `record()` reads them, `load()` fills them.

    Attendance is the sitting's: ticking a partner at one item ticks it for every item that
    has no list of its own ("Alleen voor dit punt" gives the item its own list).
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._table = TableCode.WO
        self._day = dt.date.today()
        self._loading = False
        self.partners = QListWidget(self)
        self.partners.setMaximumHeight(self.fontMetrics().height() * 7)
        self.attendance_own = QCheckBox(_("Alleen voor &dit punt"), self)
        self.attendance_own.setToolTip(
            _("Aan: wie bij dit punt aanwezig is wijkt af van de rest van de zitting.")
        )
        self.not_discussed = QCheckBox(_("&Niet besproken / doorgeschoven"), self)
        self.not_discussed.setToolTip(
            _("Geen besluit; de casus komt terug in het volgende agendavoorstel.")
        )
        self.decision = _text_box(self, _("Besluit van de tafel"), 3)
        self.step = QComboBox(self)
        self.motivation = _text_box(self, _("Geschikt, noodzakelijk en evenwichtig omdat …"), 2)
        self.reference = QLineEdit(self)
        self.reference.setPlaceholderText(_("Kenmerk van het besluit"))
        self.agreements_editor = AgreementsEditor(self)
        self.agreements = self.agreements_editor.table
        self.add_agreement_button = self.agreements_editor.add_button
        self.remove_agreement_button = self.agreements_editor.remove_button
        self.returns_on = DutchDateEdit(parent=self)
        self.returns_note = QLineEdit(self)
        self.returns_note.setPlaceholderText(_("bijvoorbeeld: alleen bij nieuwe meldingen"))
        self._build()
        self._connect_signals()

    def _build(self) -> None:
        form = QFormLayout()
        attendance = QVBoxLayout()
        attendance.addWidget(self.partners)
        attendance.addWidget(self.attendance_own)
        form.addRow(_("&Aanwezig"), attendance)
        form.addRow("", self.not_discussed)
        form.addRow(_("&Besluit"), self.decision)
        form.addRow(_("&Stapwijziging"), self.step)
        form.addRow(_("&Motivering"), self.motivation)
        form.addRow(_("&Kenmerk"), self.reference)
        form.addRow(_("Afspraken"), self.agreements_editor)
        returns = QHBoxLayout()
        returns.addWidget(self.returns_on)
        returns.addWidget(self.returns_note, 1)
        form.addRow(_("Komt &terug op"), returns)
        # A row holding a layout has no buddy of its own: give its label the field.
        for field, buddy in ((attendance, self.partners), (returns, self.returns_on.line_edit)):
            label = form.labelForField(field)
            if isinstance(label, QLabel):
                label.setBuddy(buddy)
        self.setLayout(form)

    def _connect_signals(self) -> None:
        self.partners.itemChanged.connect(self._on_any_changed)
        self.attendance_own.toggled.connect(self._on_any_changed)
        self.not_discussed.toggled.connect(self._on_not_discussed_toggled)
        self.decision.textChanged.connect(self._on_any_changed)
        self.step.currentIndexChanged.connect(self._on_step_current_index_changed)
        self.motivation.textChanged.connect(self._on_any_changed)
        self.reference.textEdited.connect(self._on_any_changed)
        self.agreements_editor.changed.connect(self._on_any_changed)
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
            self.attendance_own.setChecked(record.attendance_own)
            self.not_discussed.setChecked(record.not_discussed)
            self.not_discussed.setVisible(entry.kind is ItemKind.CASE)
            self.decision.setPlainText(record.decision)
            self._fill_steps(entry)
            self.motivation.setPlainText(record.step_motivation)
            self.reference.setText(record.step_reference)
            rows = [
                (
                    a.what,
                    partner_name(table, a.partner),
                    a.due.strftime("%d-%m-%Y") if a.due else "",
                    a.condition,
                )
                for a in entry.agreements
                if a.status != "vervallen"
            ]
            self.agreements_editor.load(table, day, rows)
            self.returns_on.set_date(record.returns_on)
            self.returns_note.setText(record.returns_note)
            self._show_motivation()
            self._show_not_discussed()
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
        their text in the form but no date here (`problems()` names them)."""
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
            agreements=self.agreements_editor.drafts(),
            elapsed_seconds=elapsed_seconds,
            attendance_own=self.attendance_own.isChecked(),
            not_discussed=self.not_discussed.isChecked(),
        )

    def problems(self) -> list[str]:
        """Typed text the record cannot hold yet (a due or return date that is no date)."""
        found = self.agreements_editor.problems()
        if self.returns_on.text().strip() and self.returns_on.date() is None:
            found.append(
                _("Komt terug op ‘{text}’ is geen datum (dd-mm-jjjj).").format(
                    text=self.returns_on.text().strip()
                )
            )
        return found

    def set_read_only(self, read_only: bool) -> None:
        """A closed sitting's record is frozen: shown, not editable."""
        for widget in (self.decision, self.motivation):
            widget.setReadOnly(read_only)
        for line in (self.reference, self.returns_note, self.returns_on.line_edit):
            line.setReadOnly(read_only)
        self.step.setEnabled(not read_only and self.step.count() > 1)
        self.partners.setEnabled(not read_only)
        self.attendance_own.setEnabled(not read_only)
        self.not_discussed.setEnabled(not read_only)
        self.agreements_editor.set_read_only(read_only)

    @Slot()
    def add_agreement_row(self, values: tuple[str, str, str, str] | bool = False) -> int:
        """Append an agreement row (empty, or with `values`) and put the cursor in it."""
        return self.agreements_editor.add_row(values)

    # -- change tracking ---------------------------------------------------------------------

    @Slot()
    def _on_step_current_index_changed(self) -> None:
        self._show_motivation()
        self._on_any_changed()

    @Slot(bool)
    def _on_not_discussed_toggled(self, _checked: bool) -> None:
        self._show_not_discussed()
        self._on_any_changed()

    def _show_not_discussed(self) -> None:
        # Doorgeschoven: nothing is decided, so the decision fields rest (their text stays).
        off = self.not_discussed.isChecked()
        self.decision.setEnabled(not off)
        self.step.setEnabled(not off and self.step.count() > 1)

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
