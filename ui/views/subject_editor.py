"""The subject part of a form: a person, address or organisation, validated as the user types.

Used by the new-case form (and the intake's new-signal form). BSN (elfproef), postcode,
house number, phone and birth date show their message right under the field. In
presentation mode the personal fields are shown as dots until "Toon persoonsgegevens"
is ticked, so that a projected form discloses nothing.
"""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from casustafel.domain.model import Address, NewSubject, Person, SubjectKind, SubjectRole
from casustafel.domain.validation import (
    check_birth_date,
    check_bsn,
    check_house_number,
    check_phone,
    check_postcode,
)
from casustafel.i18n import _
from casustafel.ui.widgets.date_edit import DutchDateEdit
from casustafel.ui.widgets.validated_line_edit import ValidatedLineEdit

__all__ = ["KIND_LABELS", "ROLE_LABELS", "SubjectEditor"]

KIND_LABELS = {
    SubjectKind.PERSOON: _("Persoon"),
    SubjectKind.ADRES: _("Adres"),
    SubjectKind.ORGANISATIE: _("Organisatie"),
}
ROLE_LABELS = {
    SubjectRole.VEROORZAKER: _("Veroorzaker / overlastgever"),
    SubjectRole.MELDER: _("Melder"),
    SubjectRole.SLACHTOFFER: _("Slachtoffer"),
    SubjectRole.VERDACHTE: _("Verdachte"),
    SubjectRole.EIGENAAR: _("Eigenaar"),
    SubjectRole.HUURDER: _("Huurder"),
    SubjectRole.BEWONER: _("Bewoner"),
    SubjectRole.BETROKKENE: _("Betrokkene"),
}


class SubjectEditor(QWidget):
    """Fields for one subject; `subject()` returns it as a `NewSubject`.

    Signals:
        validity_changed(bool): every field is (or is no longer) valid.
    """

    validity_changed = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind_combo = QComboBox(self)
        for kind, label in KIND_LABELS.items():
            self.kind_combo.addItem(label, kind)
        self.role_combo = QComboBox(self)
        for role, label in ROLE_LABELS.items():
            self.role_combo.addItem(label, role)
        self.given_names = QLineEdit(self)
        self.prefix = QLineEdit(self)
        self.prefix.setPlaceholderText(_("van, de, van der"))
        self.prefix.setMaximumWidth(self.prefix.fontMetrics().horizontalAdvance("van der") + 24)
        self.surname = QLineEdit(self)
        self.birth_date = DutchDateEdit(check_birth_date, parent=self)
        self.bsn = ValidatedLineEdit(check_bsn, _("9 cijfers"), self)
        self.phone = ValidatedLineEdit(check_phone, _("06-12345678"), self)
        self.street = QLineEdit(self)
        self.house_number = ValidatedLineEdit(check_house_number, _("12 of 12-A"), self)
        self.postcode = ValidatedLineEdit(check_postcode, _("1234 AB"), self)
        self.city = QLineEdit(self)
        self.organisation = QLineEdit(self)
        self.reveal_check = QCheckBox(_("Toon persoons&gegevens"), self)
        self.reveal_check.setVisible(False)
        self._validated = (self.birth_date, self.bsn, self.phone, self.house_number, self.postcode)
        self._build()
        self._connect_signals()
        self._on_kind_combo_changed()

    def _build(self) -> None:
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self._form = form
        form.addRow(_("So&ort:"), self.kind_combo)
        form.addRow(_("Ro&l:"), self.role_combo)
        self.given_names.setPlaceholderText(_("Voornamen"))
        self.surname.setPlaceholderText(_("Achternaam"))
        self.given_names.setAccessibleName(_("Voornamen"))
        self.prefix.setAccessibleName(_("Tussenvoegsel"))
        self.surname.setAccessibleName(_("Achternaam"))
        self._names_label = QLabel(_("Voor&namen:"), self)
        self._names_label.setBuddy(self.given_names)
        form.addRow(self._names_label, self.given_names)
        surname = QGridLayout()
        surname.setContentsMargins(0, 0, 0, 0)
        surname.addWidget(self.prefix, 0, 0)
        surname.addWidget(self.surname, 0, 1)
        surname.setColumnStretch(1, 1)
        self._surname_label = QLabel(_("A&chternaam:"), self)
        self._surname_label.setBuddy(self.prefix)
        form.addRow(self._surname_label, surname)
        self._org_label = QLabel(_("&Organisatie:"), self)
        self._org_label.setBuddy(self.organisation)
        form.addRow(self._org_label, self.organisation)
        self._person_rows = [
            self._add(_("Geboortedat&um:"), self.birth_date),
            self._add(_("&BSN:"), self.bsn),
            self._add(_("Tele&foon:"), self.phone),
        ]
        street = QGridLayout()
        street.setContentsMargins(0, 0, 0, 0)
        street.addWidget(self.street, 0, 0)
        street.addWidget(self.house_number, 0, 1)
        street.setColumnStretch(0, 3)
        street.setColumnStretch(1, 1)
        # A narrow field's message gets the whole row: in its own column it was cut off
        # ("Een postcode bestaat uit 4 cijfers en 2") and squeezed the field.
        street.addWidget(self.house_number.message_label, 1, 0, 1, 2)
        self.street.setPlaceholderText(_("Straat"))
        self.street.setAccessibleName(_("Straat"))
        self.house_number.setMinimumWidth(self.fontMetrics().horizontalAdvance("12-AB") + 24)
        self.postcode.setMinimumWidth(self.fontMetrics().horizontalAdvance("1234 AB") + 24)
        street_label = QLabel(_("Ad&res:"), self)
        street_label.setBuddy(self.street)
        form.addRow(street_label, street)
        place = QGridLayout()
        place.setContentsMargins(0, 0, 0, 0)
        place.addWidget(self.postcode, 0, 0)
        place.addWidget(self.city, 0, 1)
        place.setColumnStretch(1, 2)
        place.addWidget(self.postcode.message_label, 1, 0, 1, 2)
        self.city.setPlaceholderText(_("Woonplaats"))
        self.city.setAccessibleName(_("Woonplaats"))
        postcode_label = QLabel(_("&Postcode:"), self)
        postcode_label.setBuddy(self.postcode)
        form.addRow(postcode_label, place)
        form.addRow("", self.reveal_check)

    def _add(self, text: str, widget: QWidget) -> QLabel:
        label = QLabel(text, self)
        label.setBuddy(widget)
        self._form.addRow(label, widget)
        return label

    def _connect_signals(self) -> None:
        self.kind_combo.currentIndexChanged.connect(self._on_kind_combo_changed)
        for field in self._validated:
            field.validity_changed.connect(self._on_field_validity_changed)
        self.reveal_check.toggled.connect(self._on_reveal_check_toggled)

    # -- values -----------------------------------------------------------------------------

    @property
    def kind(self) -> SubjectKind:
        return SubjectKind(self.kind_combo.currentData())

    def is_empty(self) -> bool:
        texts = (
            self.given_names.text(),
            self.surname.text(),
            self.bsn.text(),
            self.street.text(),
            self.house_number.text(),
            self.postcode.text(),
            self.organisation.text(),
        )
        return not any(t.strip() for t in texts)

    def is_valid(self) -> bool:
        return all(field.is_valid() for field in self._validated)

    def validate_now(self) -> bool:
        """Show every field's message now; return whether all are valid."""
        # Every field shows its message, so no short-circuit here.
        results = [field.validate_now() for field in self._validated]
        return all(results)

    def subject(self) -> NewSubject:
        """The entered subject (not yet normalised: the service validates once more)."""
        kind = self.kind
        person = Person()
        if kind is SubjectKind.PERSOON:
            person = Person(
                surname=self.surname.text().strip(),
                prefix=self.prefix.text().strip(),
                given_names=self.given_names.text().strip(),
                birth_date=self.birth_date.date(),
                bsn=self.bsn.text().strip(),
                phone=self.phone.text().strip(),
            )
        return NewSubject(
            kind=kind,
            role=SubjectRole(self.role_combo.currentData()),
            person=person,
            address=Address(
                street=self.street.text().strip(),
                house_number=self.house_number.text().strip(),
                postcode=self.postcode.text().strip(),
                city=self.city.text().strip(),
            ),
            organisation_name=self.organisation.text().strip()
            if kind is SubjectKind.ORGANISATIE
            else "",
        )

    def clear(self) -> None:
        for edit in (
            self.given_names,
            self.prefix,
            self.surname,
            self.street,
            self.city,
            self.organisation,
        ):
            edit.clear()
        for field in self._validated:
            field.clear()

    def show_error(self, field: str, message: str) -> bool:
        """Put a refused save's message next to `field`; False when no field here has that name."""
        widgets: dict[str, ValidatedLineEdit] = {
            "bsn": self.bsn,
            "postcode": self.postcode,
            "house_number": self.house_number,
            "phone": self.phone,
            "birth_date": self.birth_date,
        }
        if field in widgets:
            widgets[field].show_error(message)
            widgets[field].setFocus()
            return True
        return False

    def set_presentation_mode(self, on: bool) -> None:
        """Hide what is typed behind dots (until revealed) while the screen is projected."""
        self.reveal_check.setVisible(on)
        self.reveal_check.setChecked(False)
        self._set_hidden(on)

    def _set_hidden(self, hidden: bool) -> None:
        mode = QLineEdit.EchoMode.Password if hidden else QLineEdit.EchoMode.Normal
        for edit in (self.given_names, self.prefix, self.surname, self.street, self.city):
            edit.setEchoMode(mode)
        for field in self._validated:
            field.line_edit.setEchoMode(mode)
        self.birth_date.words_label.setVisible(not hidden)

    # -- slots ------------------------------------------------------------------------------

    @Slot()
    def _on_kind_combo_changed(self) -> None:
        kind = self.kind
        person = kind is SubjectKind.PERSOON
        for label in self._person_rows:
            self._form.setRowVisible(label, person)
        self._form.setRowVisible(self._names_label, person)
        self._form.setRowVisible(self._surname_label, person)
        self._form.setRowVisible(self._org_label, kind is SubjectKind.ORGANISATIE)

    @Slot(bool)
    def _on_field_validity_changed(self, _valid: bool) -> None:
        self.validity_changed.emit(self.is_valid())

    @Slot(bool)
    def _on_reveal_check_toggled(self, revealed: bool) -> None:
        if self.reveal_check.isVisible():
            self._set_hidden(not revealed)
