"""Add a betrokkene to an existing case, or end / remove one: the case file's dialogs.

Adding uses the same subject editor as the new-case form and the same matching in the
open (`subject_match_dialog`): a known person is shown beside what was typed and the
user chooses. Ending keeps the link with its end date (moved out, tenancy ended);
removing deletes a link entered by mistake. Both ask for a reason (kept as a case note).
Every write is a `CollectionOp`; its change notice refreshes the case file and lists.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QComboBox, QWidget

from casustafel.domain.changes import ChangeKind, OpChanges
from casustafel.domain.matching import FIELD_LABELS, SubjectMatch
from casustafel.domain.model import CaseSubject, NewSubject
from casustafel.domain.validation import check_event_date
from casustafel.i18n import _
from casustafel.services.case_subjects import (
    add_case_subject,
    end_case_subject,
    remove_case_subject,
)
from casustafel.ui.session import AppSession, PersonalField
from casustafel.ui.widgets.date_edit import DutchDateEdit

from .dialog_base import ActionDialog, Write, text_box
from .subject_editor import ROLE_LABELS, SubjectEditor
from .subject_match_dialog import resolve_subjects

__all__ = ["AddSubjectDialog", "EndSubjectDialog"]


def _changes(case_id: int, subject_id: int) -> OpChanges:
    return OpChanges.of(
        ChangeKind.SUBJECTS, ChangeKind.CASES, case_ids=[case_id], subject_ids=[subject_id]
    )


class AddSubjectDialog(ActionDialog):
    """Add a person, address or organisation with its role to the case."""

    def __init__(self, session: AppSession, case_id: int, parent: QWidget | None = None) -> None:
        super().__init__(session, _("Betrokkene toevoegen"), parent)
        self._case_id = case_id
        self.editor = SubjectEditor(self)
        self.editor.set_presentation_mode(session.presentation_mode)
        self.form.addRow(self.editor)
        self.save_button.setText(_("Toevoegen"))

    def show_error(self, message: str, field: str | None = None) -> None:
        super().show_error(message, field)
        if field:
            self.editor.show_error(field, message)

    def clear_errors(self) -> None:
        super().clear_errors()
        for field in ("bsn", "postcode", "house_number", "phone", "birth_date"):
            self.editor.show_error(field, "")

    def _check(self) -> bool:
        if self.editor.is_empty():
            self.show_error(_("Vul de betrokkene in."))
            return False
        return self.editor.validate_now()

    @Slot()
    def _on_buttons_accepted(self) -> None:
        if not self.check_before_write():
            return
        typed = self.editor.subject()
        resolve_subjects(
            self,
            self._session,
            (typed,),
            lambda chosen: self.run_write(self._add(chosen[0])),
            self._on_match_to_correct,
        )

    def _add(self, subject: NewSubject) -> Write:
        case_id = self._case_id
        return Write(
            lambda vault: add_case_subject(vault, case_id, subject),
            lambda subject_id: _changes(case_id, subject_id),
        )

    def _write(self) -> Write:
        return self._add(self.editor.subject())

    def _on_match_to_correct(self, match: SubjectMatch) -> None:
        fields = match.conflicts or match.differing or ("bsn",)
        self.show_error(
            _("Verbeter de betrokkene: controleer {fields}.").format(
                fields=", ".join(FIELD_LABELS.get(f, f) for f in fields)
            ),
            "bsn" if match.typed.person.bsn else None,
        )


class EndSubjectDialog(ActionDialog):
    """End a betrokkene's part in the case (kept, with the date) or remove a mistaken one."""

    END, REMOVE = "end", "remove"

    def __init__(
        self,
        session: AppSession,
        case_id: int,
        registered_on: dt.date,
        link: CaseSubject,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(session, _("Betrokkene beëindigen of verwijderen"), parent)
        self._case_id = case_id
        self._link = link
        name = session.show(link.subject.id, PersonalField.NAME, link.subject.display_name)
        self.who_combo = QComboBox(self)
        self.who_combo.addItem(f"{name} ({ROLE_LABELS[link.role]})")
        self.who_combo.setEnabled(False)
        self.what_combo = QComboBox(self)
        self.what_combo.addItem(_("Rol beëindigen (blijft in de geschiedenis)"), self.END)
        self.what_combo.addItem(_("Verwijderen (ten onrechte toegevoegd)"), self.REMOVE)
        self.on_date = DutchDateEdit(
            lambda text: check_event_date(text, max_years_ahead=0), required=True, parent=self
        )
        self.on_date.set_date(dt.date.today())
        self.reason = text_box(self, _("Waarom?"), 3)
        self.add_row(_("Betrokkene:"), self.who_combo)
        self.add_row(_("&Wat:"), self.what_combo)
        self._date_label = self.add_row(_("&Per datum:"), self.on_date, "on")
        self.add_row(_("&Reden:"), self.reason, "reason")
        self._registered_on = registered_on
        self.what_combo.currentIndexChanged.connect(self._on_what_combo_changed)

    @Slot()
    def _on_what_combo_changed(self) -> None:
        self.form.setRowVisible(self._date_label, self.what_combo.currentData() == self.END)

    def _check(self) -> bool:
        return self.what_combo.currentData() == self.REMOVE or self.on_date.validate_now()

    def _write(self) -> Write:
        case_id, link = self._case_id, self._link
        subject_id, role = link.subject.id, link.role
        reason = self.reason.toPlainText()
        if self.what_combo.currentData() == self.REMOVE:
            return Write(
                lambda vault: remove_case_subject(vault, case_id, subject_id, role, reason=reason),
                _changes(case_id, subject_id),
            )
        on = self.on_date.date() or dt.date.today()
        return Write(
            lambda vault: end_case_subject(vault, case_id, subject_id, role, on=on, reason=reason),
            _changes(case_id, subject_id),
        )
