"""Enter a signal by hand in the intake inbox: when it came in, from whom, what it is about,
and optionally who (a person, address or organisation) and where.

The subject part is the new-case form's `SubjectEditor`, so BSN (elfproef), postcode,
house number, phone and birth date are checked as the user types with the message under
the field. The service (`signals.intake_signal`) matches the subject to a person or address
already in the vault instead of making a duplicate. A refused save keeps everything typed;
in presentation mode the description is hidden and the subject's fields show dots
until revealed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from casustafel.domain.catalogue import area_names, table_definition
from casustafel.domain.changes import ChangeKind, OpChanges
from casustafel.domain.matching import FIELD_LABELS, SubjectMatch
from casustafel.domain.model import NewSignal, NewSubject, TableCode
from casustafel.domain.validation import check_event_date
from casustafel.i18n import _
from casustafel.services.signals import intake_signal
from casustafel.ui.session import AppSession
from casustafel.ui.widgets.date_edit import DutchDateEdit

from .dialog_base import ActionDialog, Write, text_box
from .subject_editor import SubjectEditor
from .subject_match_dialog import resolve_subjects

__all__ = ["COMMON_SOURCES", "SignalForm"]

# Where signals come from besides the table's own partners (DOMAIN.md, ondermijning).
COMMON_SOURCES = (
    _("Buurtbewoner"),
    _("Melder (anoniem)"),
    _("Meld Misdaad Anoniem"),
    _("Intern meldpunt gemeente"),
)
_SUBJECT_FIELDS = frozenset(
    {"surname", "bsn", "postcode", "house_number", "phone", "birth_date", "organisation_name"}
)


class SignalForm(ActionDialog):
    """A new signal, waiting for weighing at its table.

    Signals:
        signal_saved(int): the new signal's id, after a successful save.

    Args:
        session: the app session.
        table: the inbox's table; None (all tables) lets the user choose.
        parent: Qt parent.
        today: the date a new signal defaults to (a controllable clock in tests).
    """

    signal_saved = Signal(int)

    def __init__(
        self,
        session: AppSession,
        table: TableCode | None,
        parent: QWidget | None = None,
        *,
        today: dt.date | None = None,
    ) -> None:
        super().__init__(session, _("Nieuw signaal"), parent)
        self.signal_id: int | None = None
        self.table_combo = QComboBox(self)
        for code in TableCode:
            self.table_combo.addItem(code.label, code)
        if table is not None:
            self.table_combo.setCurrentIndex(list(TableCode).index(table))
            self.table_combo.setEnabled(False)
        self.received_on = DutchDateEdit(
            lambda text: check_event_date(text, today=today, max_years_ahead=0),
            required=True,
            parent=self,
        )
        self.received_on.set_date(today or dt.date.today())
        self.source_combo = QComboBox(self)
        self.source_combo.setEditable(True)
        self.source_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        source_edit = self.source_combo.lineEdit()
        if source_edit is not None:
            source_edit.setPlaceholderText(_("Van wie kwam het signaal?"))
        self.description = text_box(self, _("Wat is er gemeld?"), 4)
        self.area_combo = QComboBox(self)
        self.area_combo.addItem(_("(kies een wijk of dorp)"), "")
        for name in area_names():
            self.area_combo.addItem(name, name)
        self.subject_editor = SubjectEditor(self)
        editor_form = self.subject_editor.layout()
        if isinstance(editor_form, QFormLayout):
            # A signal's subject has no role yet: that is decided when it becomes a case.
            editor_form.setRowVisible(self.subject_editor.role_combo, False)
        subject_box = QGroupBox(_("Betrokkene (optioneel)"), self)
        QVBoxLayout(subject_box).addWidget(self.subject_editor)
        self.add_row(_("T&afel:"), self.table_combo, "table")
        # Mnemonics chosen around the subject part's (So&ort, &BSN, Ad&res, Voor&namen).
        self.add_row(_("Ont&vangen op:"), self.received_on, "received_on")
        self.add_row(_("Bron (&melder):"), self.source_combo, "source")
        self._description_label = self.add_row(_("Om&schrijving:"), self.description, "description")
        self.hidden_note = QLabel(
            _("Presentatiemodus: de omschrijving is verborgen (wat u typte blijft bewaard)."),
            self,
        )
        self.hidden_note.setObjectName("muted")
        self.hidden_note.setWordWrap(True)
        self.form.addRow("", self.hidden_note)
        self.add_row(_("&Wijk of dorp:"), self.area_combo, "area")
        self.form.addRow(subject_box)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("m") * 56)
        self._fill_sources()
        self.table_combo.currentIndexChanged.connect(self._on_table_combo_changed)
        session.presentation_mode_changed.connect(self._on_presentation_mode_changed)
        self._on_presentation_mode_changed(session.presentation_mode)

    @property
    def table(self) -> TableCode:
        return TableCode(self.table_combo.currentData())

    def _fill_sources(self) -> None:
        typed = self.source_combo.currentText()
        self.source_combo.clear()
        for partner in table_definition(self.table).partners:
            self.source_combo.addItem(partner.name)
        for source in COMMON_SOURCES:
            self.source_combo.addItem(source)
        self.source_combo.setCurrentText(typed)  # a choice of table keeps what was typed

    def new_signal(self) -> NewSignal:
        """What the form holds, as the service's input (an empty subject part: no subject)."""
        subject: NewSubject | None = None
        if not self.subject_editor.is_empty():
            subject = self.subject_editor.subject()
        return NewSignal(
            table=self.table,
            received_on=self.received_on.date() or dt.date.today(),
            source=self.source_combo.currentText().strip(),
            description=self.description.toPlainText().strip(),
            area=str(self.area_combo.currentData() or ""),
            subject=subject,
        )

    def show_error(self, message: str, field: str | None = None) -> None:
        """The banner on top and the message next to the field, also in the subject part."""
        super().show_error(message, field)
        if field in _SUBJECT_FIELDS:
            self.subject_editor.show_error(field, message)

    def _check(self) -> bool:
        fields_ok = [self.received_on.validate_now(), self.subject_editor.validate_now()]
        if not all(fields_ok):
            self.show_error(_("Controleer de gemarkeerde velden."))
            return False
        if not self.description.toPlainText().strip():
            self.show_error(_("Beschrijf wat er is gemeld."), "description")
            return False
        return True

    @Slot()
    def _on_buttons_accepted(self) -> None:
        """Check, show a known subject side by side (the user chooses), then save."""
        if not self.check_before_write():
            return
        new = self.new_signal()
        resolve_subjects(
            self,
            self._session,
            (new.subject,) if new.subject is not None else (),
            lambda chosen: self.run_write(
                self._write_signal(replace(new, subject=chosen[0] if chosen else None))
            ),
            self._on_match_to_correct,
        )

    def _write_signal(self, new: NewSignal) -> Write:
        return Write(
            lambda vault: intake_signal(vault, new),
            lambda signal_id: OpChanges.of(
                ChangeKind.SIGNALS, ChangeKind.SUBJECTS, signal_ids=[signal_id]
            ),
        )

    def _write(self) -> Write:
        return self._write_signal(self.new_signal())

    def _on_match_to_correct(self, match: SubjectMatch) -> None:
        fields = match.conflicts or match.differing or ("bsn",)
        self.show_error(
            _("Verbeter de betrokkene: controleer {fields}.").format(
                fields=", ".join(FIELD_LABELS.get(f, f) for f in fields)
            ),
            "bsn" if match.typed.person.bsn else None,
        )

    def _on_written(self, result: Any) -> None:
        self.signal_id = int(result)
        self.signal_saved.emit(self.signal_id)
        super()._on_written(result)

    @Slot()
    def _on_table_combo_changed(self) -> None:
        self._fill_sources()

    @Slot(bool)
    def _on_presentation_mode_changed(self, on: bool) -> None:
        # Free text about people not yet known as subjects: hidden as a whole, as in the
        # inbox; the subject's fields show dots until revealed.
        self.form.setRowVisible(self._description_label, not on)
        self.form.setRowVisible(self.hidden_note, on)
        self.subject_editor.set_presentation_mode(on)

    @Slot()
    def _on_session_locked(self) -> None:
        self.subject_editor.clear()
        super()._on_session_locked()
