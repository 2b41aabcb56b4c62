"""The new-case form: the case's facts and its subjects, validated as the user types.

Saving first shows typed subjects that are already known side by side
(`subject_match_dialog`: the user chooses, a BSN conflict is never linked silently), then
registers the case as a `CollectionOp` on the worker; its change notice refreshes every
open view. A refused save (a rule of the services) shows its message at the top and next
to the field it names, and keeps everything the user typed; each attempt clears the
previous attempt's messages. Escape with anything typed asks first. The form closes
itself, empty, when the vault is locked.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from PySide6.QtCore import Signal, Slot
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from casustafel.domain.catalogue import area_names, table_definition
from casustafel.domain.changes import ChangeKind, OpChanges
from casustafel.domain.matching import FIELD_LABELS, SubjectMatch
from casustafel.domain.model import NewCase, NewSubject, SubjectKind, TableCode, Tenure
from casustafel.domain.validation import check_event_date
from casustafel.i18n import _
from casustafel.services.cases import register_case
from casustafel.ui.models.record_model import Column, RecordTableModel
from casustafel.ui.ops import CollectionOp
from casustafel.ui.session import AppSession, PersonalField
from casustafel.ui.widgets.date_edit import DutchDateEdit
from casustafel.ui.widgets.error_banner import BANNER_STYLE, ErrorBanner

from .dialog_base import ask_discard, form_snapshot
from .subject_editor import KIND_LABELS, ROLE_LABELS, SubjectEditor
from .subject_match_dialog import resolve_subjects

__all__ = ["BANNER_STYLE", "CaseForm"]  # BANNER_STYLE: its old home, kept importable

TENURE_LABELS = {
    Tenure.ONBEKEND: _("Onbekend"),
    Tenure.HUUR: _("Huurwoning"),
    Tenure.KOOP: _("Koopwoning"),
}
# Subjects in a form have no id yet; 0 is never revealed, so presentation mode masks them.
_UNSAVED = 0


def _subject_text(session: AppSession, subject: NewSubject) -> str:
    if subject.kind is SubjectKind.ORGANISATIE:
        return subject.organisation_name
    if subject.kind is SubjectKind.ADRES:
        address = f"{subject.address.street} {subject.address.house_number}".strip()
        return session.show(_UNSAVED, PersonalField.ADDRESS, address or subject.address.postcode)
    person = subject.person
    name = " ".join(p for p in (person.given_names, person.prefix, person.surname) if p)
    return session.show(_UNSAVED, PersonalField.NAME, name)


class CaseForm(QDialog):
    """Register a new case with its subjects.

    Signals:
        case_saved(int): the new case's id, after a successful save.

    Args:
        session: the app session.
        table: the table of the new case; None lets the user choose.
        parent: Qt parent.
    """

    case_saved = Signal(int)

    def __init__(
        self, session: AppSession, table: TableCode | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._session = session
        self.setWindowTitle(_("Nieuwe casus"))
        self.setModal(True)
        self.banner = ErrorBanner(self)
        self.table_combo = QComboBox(self)
        for code in TableCode:
            self.table_combo.addItem(code.label, code)
        if table is not None:
            self.table_combo.setCurrentIndex(list(TableCode).index(table))
            self.table_combo.setEnabled(False)
        self.registered_on = DutchDateEdit(
            lambda text: check_event_date(text, max_years_ahead=0), required=True, parent=self
        )
        self.registered_on.set_date(dt.date.today())
        self.area_combo = QComboBox(self)
        self.area_combo.addItem(_("(kies een wijk of dorp)"), "")
        for name in area_names():
            self.area_combo.addItem(name, name)
        self.tenure_combo = QComboBox(self)
        for tenure, label in TENURE_LABELS.items():
            self.tenure_combo.addItem(label, tenure)
        self.lead_combo = QComboBox(self)
        self.brought_in_combo = QComboBox(self)
        self.ground_combo = QComboBox(self)
        self.step_combo = QComboBox(self)
        self.informed_check = QCheckBox(_("Betrokkene is geïnfor&meerd"), self)
        self.not_informed_reason = QLineEdit(self)
        self.not_informed_reason.setPlaceholderText(_("Waarom (nog) niet geïnformeerd?"))
        self.summary = QPlainTextEdit(self)
        self.summary.setTabChangesFocus(True)
        self.summary.setPlaceholderText(_("Korte omschrijving van de situatie"))
        self.summary.setMaximumHeight(self.summary.fontMetrics().height() * 5)
        self.subject_editor = SubjectEditor(self)
        self.add_subject_button = QPushButton(_("Betrokkene &toevoegen"), self)
        self.subjects_model: RecordTableModel[NewSubject] = RecordTableModel(
            [
                Column(_("Soort"), lambda s: KIND_LABELS[s.kind]),
                Column(_("Rol"), lambda s: ROLE_LABELS[s.role]),
                Column(_("Naam of adres"), lambda s: _subject_text(self._session, s)),
            ],
            parent=self,
        )
        self.subjects_view = QTableView(self)
        self.subjects_view.setModel(self.subjects_model)
        self.subjects_view.verticalHeader().setVisible(False)
        self.subjects_view.horizontalHeader().setStretchLastSection(True)
        self.subjects_view.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.subjects_view.setMaximumHeight(self.subjects_view.fontMetrics().height() * 7)
        self.buttons = QDialogButtonBox(self)
        self.save_button = self.buttons.addButton(
            _("Opslaan"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.addButton(_("Annuleren"), QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.setDefault(True)
        self.save_button.setShortcut(QKeySequence.StandardKey.Save)
        self.save_button.setToolTip(_("Opslaan (Ctrl+S of Enter)"))
        self._build()
        self._connect_signals()
        self._on_table_combo_changed()
        self._on_informed_check_toggled(False)
        self.subject_editor.set_presentation_mode(session.presentation_mode)
        self._clean = form_snapshot(self)

    def _build(self) -> None:
        facts = QGroupBox(_("Casus"), self)
        form = QFormLayout(facts)
        rows: list[tuple[str, QWidget]] = [
            (_("T&afel:"), self.table_combo),
            (_("&Datum aanmelding:"), self.registered_on),
            (_("&Wijk of dorp:"), self.area_combo),
            (_("&Huur of koop:"), self.tenure_combo),
            (_("&Voortouw:"), self.lead_combo),
            (_("&Ingebracht door:"), self.brought_in_combo),
            (_("&Grondslag:"), self.ground_combo),
            (_("&Startstap:"), self.step_combo),
        ]
        for text, widget in rows:
            if isinstance(widget, QComboBox):
                # Long partner names must not push the subjects column off the dialog.
                widget.setSizeAdjustPolicy(
                    QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
                )
                widget.setMinimumContentsLength(18)
            label = QLabel(text, facts)
            label.setBuddy(widget)
            form.addRow(label, widget)
        self._step_label = form.labelForField(self.step_combo)
        form.addRow("", self.informed_check)
        form.addRow(_("Reden niet geïnformeerd:"), self.not_informed_reason)
        summary_label = QLabel(_("Sam&envatting:"), facts)
        summary_label.setBuddy(self.summary)
        form.addRow(summary_label, self.summary)

        subjects = QGroupBox(_("Betrokkenen"), self)
        box = QVBoxLayout(subjects)
        box.addWidget(self.subjects_view)
        box.addWidget(self.subject_editor)
        add_row = QHBoxLayout()
        add_row.addStretch(1)
        add_row.addWidget(self.add_subject_button)
        box.addLayout(add_row)

        columns = QHBoxLayout()
        columns.addWidget(facts, 5)
        columns.addWidget(subjects, 6)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(columns, 1)
        layout.addWidget(self.buttons)

    def _connect_signals(self) -> None:
        self.table_combo.currentIndexChanged.connect(self._on_table_combo_changed)
        self.informed_check.toggled.connect(self._on_informed_check_toggled)
        self.add_subject_button.clicked.connect(self._on_add_subject_button_clicked)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        self._session.locked.connect(self._on_session_locked)
        self._session.presentation_mode_changed.connect(self._on_presentation_mode_changed)

    # -- values -----------------------------------------------------------------------------

    @property
    def table(self) -> TableCode:
        return TableCode(self.table_combo.currentData())

    def new_case(self) -> NewCase:
        """What the form holds, as the service's input (a filled-in subject editor counts)."""
        subjects = list(self.subjects_model.records())
        if not self.subject_editor.is_empty():
            subjects.append(self.subject_editor.subject())
        return NewCase(
            table=self.table,
            registered_on=self.registered_on.date() or dt.date.today(),
            area=str(self.area_combo.currentData() or ""),
            tenure=Tenure(self.tenure_combo.currentData()),
            lead_partner=str(self.lead_combo.currentData() or ""),
            brought_in_by=str(self.brought_in_combo.currentData() or ""),
            legal_ground=str(self.ground_combo.currentData() or ""),
            subject_informed=self.informed_check.isChecked(),
            not_informed_reason=self.not_informed_reason.text().strip(),
            summary=self.summary.toPlainText().strip(),
            subjects=tuple(subjects),
            start_step=str(self.step_combo.currentData() or ""),
        )

    def show_error(self, message: str, field: str | None = None) -> None:
        """Show a refused save: the banner on top and, where possible, next to the field.

        Without a field the fields' own messages stay (the banner refers to them).
        """
        self.banner.say(message)
        if field == "registered_on":
            self.registered_on.show_error(message)
        elif field:
            self.subject_editor.show_error(field, message)

    def clear_errors(self) -> None:
        self.banner.say("")
        for field in ("bsn", "postcode", "house_number", "phone", "birth_date"):
            self.subject_editor.show_error(field, "")

    def reject(self) -> None:
        """Escape / Annuleren: ask first when something was typed."""
        if form_snapshot(self) != self._clean and not self._session.is_locked:
            ask_discard(self, self._discard)
            return
        self._discard()

    def _discard(self) -> None:
        super().reject()

    # -- slots ------------------------------------------------------------------------------

    @Slot()
    def _on_table_combo_changed(self) -> None:
        definition = table_definition(self.table)
        for combo, items in (
            (self.lead_combo, [(p.name, p.code) for p in definition.partners]),
            (self.brought_in_combo, [(p.name, p.code) for p in definition.partners]),
            (self.ground_combo, [(g.label, g.code) for g in definition.legal_grounds]),
        ):
            combo.clear()
            combo.addItem(_("(niet ingevuld)"), "")
            for text, code in items:
                combo.addItem(text, code)
        self.step_combo.clear()
        for step in definition.steps:
            if not (step.aftercare or step.needs_motivation or step.huur_only):
                self.step_combo.addItem(step.display, step.code)
        has_steps = definition.has_steps
        self.step_combo.setVisible(has_steps)
        if self._step_label is not None:
            self._step_label.setVisible(has_steps)

    @Slot(bool)
    def _on_informed_check_toggled(self, informed: bool) -> None:
        self.not_informed_reason.setEnabled(not informed)

    @Slot()
    def _on_add_subject_button_clicked(self) -> None:
        if self.subject_editor.is_empty():
            return
        if not self.subject_editor.validate_now():
            return
        self.subjects_model.set_records(
            [*self.subjects_model.records(), self.subject_editor.subject()]
        )
        self.subject_editor.clear()
        self.subject_editor.given_names.setFocus()

    @Slot()
    def _on_buttons_accepted(self) -> None:
        self.clear_errors()
        fields_ok = [self.registered_on.validate_now(), self.subject_editor.validate_now()]
        if not all(fields_ok):
            self.show_error(_("Controleer de gemarkeerde velden."))
            return
        new = self.new_case()
        resolve_subjects(
            self,
            self._session,
            new.subjects,
            lambda subjects: self._register(replace(new, subjects=subjects)),
            self._on_match_to_correct,
        )

    def _register(self, new: NewCase) -> None:
        CollectionOp(
            self,
            self._session,
            lambda vault: register_case(vault, new),
            lambda case_id: OpChanges.of(ChangeKind.CASES, ChangeKind.SUBJECTS, case_ids=[case_id]),
        ).success(self._on_registered).success_text(_("Casus geregistreerd.")).disabling(
            self.save_button
        ).run()

    def _on_registered(self, case_id: int) -> None:
        self.case_saved.emit(case_id)
        self.accept()

    def _on_match_to_correct(self, match: SubjectMatch) -> None:
        fields = match.conflicts or match.differing or ("bsn",)
        message = _("Verbeter betrokkene {n}: controleer {fields}.").format(
            n=match.index + 1, fields=", ".join(FIELD_LABELS.get(f, f) for f in fields)
        )
        in_editor = match.index == self.subjects_model.rowCount()
        self.show_error(message, "bsn" if in_editor and match.typed.person.bsn else None)

    @Slot()
    def _on_session_locked(self) -> None:
        self.subject_editor.clear()
        self.subjects_model.clear()
        self.summary.clear()
        self.not_informed_reason.clear()
        self.reject()

    @Slot(bool)
    def _on_presentation_mode_changed(self, on: bool) -> None:
        self.subject_editor.set_presentation_mode(on)
        self.subjects_model.refresh()
