"""Correct a subject's data from the case file: name, birth date, BSN, address, phone.

For a typo, not for a data subject's request (that is the access-request screen, which
records on whose behalf). BSN (elfproef), postcode, house number, phone and birth date are
checked as the user types with the message under the field; a refused save keeps all
that was typed.

Presentation mode: the dialog refuses to open while the screen is projected (the case
file disables the action and `can_open` says why). If presentation mode starts while
the dialog is open, every field is hidden behind dots until it ends; nothing typed is
lost and nothing is shown.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QLineEdit, QWidget

from casustafel.domain.changes import ChangeKind, OpChanges
from casustafel.domain.model import Subject, SubjectKind
from casustafel.domain.validation import (
    check_birth_date,
    check_bsn,
    check_house_number,
    check_phone,
    check_postcode,
)
from casustafel.i18n import _
from casustafel.ui.session import AppSession
from casustafel.ui.widgets.date_edit import DutchDateEdit
from casustafel.ui.widgets.validated_line_edit import Check, ValidatedLineEdit

from . import case_actions
from .dialog_base import ActionDialog, Write

__all__ = ["PRESENTATION_REFUSAL", "SubjectEditDialog", "can_open"]

PRESENTATION_REFUSAL = _(
    "Betrokkenen bewerken kan niet in presentatiemodus: het scherm wordt gedeeld."
)
_TITLES = {
    SubjectKind.PERSOON: _("Persoon bewerken"),
    SubjectKind.ADRES: _("Adres bewerken"),
    SubjectKind.ORGANISATIE: _("Organisatie bewerken"),
}


def can_open(session: AppSession) -> bool:
    """Whether the dialog may open now (never while presenting)."""
    return not session.presentation_mode


class SubjectEditDialog(ActionDialog):
    """Edit one subject of a case; the rows shown depend on its kind.

    Args:
        session: the app session (must not be in presentation mode).
        case_id: the case it is edited from (recorded in the audit log for context).
        subject: the subject as the case file shows it.
        parent: Qt parent.

    Raises:
        RuntimeError: when opened in presentation mode (a programming error: check
            `can_open` first).
    """

    def __init__(
        self,
        session: AppSession,
        case_id: int,
        subject: Subject,
        parent: QWidget | None = None,
    ) -> None:
        if not can_open(session):
            raise RuntimeError("SubjectEditDialog opened in presentation mode")
        super().__init__(session, _TITLES[subject.kind], parent)
        self._case_id = case_id
        self._subject = subject
        person, address = subject.person, subject.address
        self.given_names = self._line(person.given_names)
        self.prefix = self._line(person.prefix, _("van, de, van der"))
        self.surname = self._line(person.surname)
        self.birth_date = DutchDateEdit(check_birth_date, parent=self)
        self.birth_date.set_date(person.birth_date)
        self.bsn = self._validated(check_bsn, person.bsn, _("9 cijfers"))
        self.phone = self._validated(check_phone, person.phone, _("06-12345678"))
        self.street = self._line(address.street)
        self.house_number = self._validated(
            check_house_number, address.house_number, _("12 of 12-A")
        )
        self.postcode = self._validated(check_postcode, address.postcode, _("1234 AB"))
        self.city = self._line(address.city)
        self.organisation_name = self._line(subject.organisation_name)
        self._checked: list[ValidatedLineEdit] = [self.house_number, self.postcode]
        if subject.kind is SubjectKind.PERSOON:
            self._checked[:0] = [self.birth_date, self.bsn, self.phone]
            self.add_row(_("Voor&namen:"), self.given_names, "given_names")
            self.add_row(_("&Tussenvoegsel:"), self.prefix, "prefix")
            self.add_row(_("A&chternaam:"), self.surname, "surname")
            self.add_row(_("Geboortedat&um:"), self.birth_date, "birth_date")
            self.add_row(_("&BSN:"), self.bsn, "bsn")
            self.add_row(_("Tele&foon:"), self.phone, "phone")
        elif subject.kind is SubjectKind.ORGANISATIE:
            self.add_row(_("&Organisatie:"), self.organisation_name, "organisation_name")
        if subject.kind is not SubjectKind.PERSOON:
            # Widgets of other kinds are not in the form; hidden, they take no place.
            for widget in (self.given_names, self.prefix, self.surname, self.birth_date,
                           self.bsn, self.phone):  # fmt: skip
                widget.setVisible(False)
        if subject.kind is not SubjectKind.ORGANISATIE:
            self.organisation_name.setVisible(False)
        self.add_row(_("St&raat:"), self.street, "street")
        self.add_row(_("&Huisnummer:"), self.house_number, "house_number")
        self.add_row(_("&Postcode:"), self.postcode, "postcode")
        self.add_row(_("&Woonplaats:"), self.city, "city")
        session.presentation_mode_changed.connect(self._on_presentation_mode_changed)

    def _line(self, text: str, placeholder: str = "") -> QLineEdit:
        edit = QLineEdit(text, self)
        edit.setPlaceholderText(placeholder)
        return edit

    def _validated(self, check: Check, text: str, placeholder: str) -> ValidatedLineEdit:
        field = ValidatedLineEdit(check, placeholder, self)
        field.setText(text)
        return field

    # -- values -----------------------------------------------------------------------------

    def changes(self) -> dict[str, str | dt.date | None]:
        """Every field of the subject's kind as typed (the service keeps only real changes).

        A birth date that cannot be read is passed as typed, so the service refuses it
        instead of it silently becoming "unknown".
        """
        values: dict[str, str | dt.date | None] = {
            "street": self.street.text(),
            "house_number": self.house_number.text(),
            "postcode": self.postcode.text(),
            "city": self.city.text(),
        }
        kind = self._subject.kind
        if kind is SubjectKind.PERSOON:
            typed = self.birth_date.text().strip()
            values.update(
                given_names=self.given_names.text(),
                prefix=self.prefix.text(),
                surname=self.surname.text(),
                birth_date=self.birth_date.date() or typed or None,
                bsn=self.bsn.text(),
                phone=self.phone.text(),
            )
        elif kind is SubjectKind.ORGANISATIE:
            values["organisation_name"] = self.organisation_name.text()
        return values

    def _check(self) -> bool:
        # Every field shows its message, so no short-circuit here.
        results = [field.validate_now() for field in self._checked]
        if not all(results):
            self.show_error(_("Controleer de gemarkeerde velden."))
            return False
        return True

    def _write(self) -> Write:
        case_id, subject_id, changes = self._case_id, self._subject.id, self.changes()
        return Write(
            lambda vault: case_actions.edit_subject(vault, case_id, subject_id, changes),
            # The same person may be linked to other cases: their views reload too.
            OpChanges.of(ChangeKind.SUBJECTS, ChangeKind.CASES, subject_ids=[subject_id]),
        )

    # -- slots ------------------------------------------------------------------------------

    @Slot(bool)
    def _on_presentation_mode_changed(self, on: bool) -> None:
        mode = QLineEdit.EchoMode.Password if on else QLineEdit.EchoMode.Normal
        for edit in self.findChildren(QLineEdit):
            edit.setEchoMode(mode)
        self.birth_date.words_label.setVisible(not on)
        self.save_button.setEnabled(not on)
