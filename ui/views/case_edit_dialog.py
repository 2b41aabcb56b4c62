"""Edit what a case says about itself: lead partner, brought in by, legal ground, huur/koop,
area, whether the subject was informed (and why not), and the summary.

The rules are the service's (`case_edits`); the dialog runs the same checks as the user
changes a field (huur/koop against the step the case stands on, a reason when the subject
was not informed) and puts the message next to that field. A refused save keeps every
choice and every word typed. While the screen is projected (presentation mode) the free
text fields, which may name people, are hidden and left unchanged by a save.
"""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QWidget

from casustafel.domain.catalogue import area_names, table_definition
from casustafel.domain.changes import ChangeKind, OpChanges
from casustafel.domain.model import CaseFile, Tenure
from casustafel.errors import ValidationError
from casustafel.i18n import _
from casustafel.services.case_edits import CaseEdit, check_tenure
from casustafel.ui.session import AppSession

from . import case_actions
from .case_form import TENURE_LABELS
from .dialog_base import ActionDialog, Write, text_box

__all__ = ["CaseEditDialog"]

NOT_INFORMED_REASON_NEEDED = _("Vermeld waarom de betrokkene (nog) niet is geïnformeerd.")


def _combo(parent: QWidget, items: list[tuple[str, str]], current: str) -> QComboBox:
    """A pick list with "(niet ingevuld)" first; an unknown stored code is kept visible."""
    combo = QComboBox(parent)
    combo.addItem(_("(niet ingevuld)"), "")
    for text, code in items:
        combo.addItem(text, code)
    if current and combo.findData(current) < 0:
        # A code a municipality has since removed from its catalogue must not vanish
        # silently on an unrelated edit.
        combo.addItem(_("{code} (niet meer in de lijst)").format(code=current), current)
    combo.setCurrentIndex(max(combo.findData(current), 0))
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(24)
    return combo


def _changed(new: str, old: str) -> str | None:
    return new if new != old else None


class CaseEditDialog(ActionDialog):
    """Change the case's own fields; on save the case file reloads.

    Args:
        session: the app session.
        case_file: the case as shown (its header gives the current values).
        parent: Qt parent.
    """

    def __init__(
        self, session: AppSession, case_file: CaseFile, parent: QWidget | None = None
    ) -> None:
        header = case_file.header
        super().__init__(session, _("Casus {number} bewerken").format(number=header.number), parent)
        self._header = header
        definition = table_definition(header.table)
        partners = [(p.name, p.code) for p in definition.partners]
        self.lead_combo = _combo(self, partners, header.lead_partner)
        self.brought_in_combo = _combo(self, partners, header.brought_in_by)
        self.ground_combo = _combo(
            self, [(g.label, g.code) for g in definition.legal_grounds], header.legal_ground
        )
        self.tenure_combo = QComboBox(self)
        for tenure, label in TENURE_LABELS.items():
            self.tenure_combo.addItem(label, tenure)
        self.tenure_combo.setCurrentIndex(self.tenure_combo.findData(header.tenure))
        self.area_combo = _combo(self, [(n, n) for n in area_names()], header.area)
        self.area_combo.setItemText(0, _("(kies een wijk of dorp)"))
        self.informed_check = QCheckBox(_("Betrokkene is geïnfor&meerd"), self)
        self.informed_check.setChecked(header.subject_informed)
        self.not_informed_reason = text_box(self, _("Waarom (nog) niet geïnformeerd?"), 2)
        self.not_informed_reason.setPlainText(header.not_informed_reason)
        self.summary = text_box(self, _("Korte omschrijving van de situatie"), 5)
        self.summary.setPlainText(header.summary)
        self.hidden_note = QLabel(
            _("Presentatiemodus: samenvatting en reden zijn verborgen en blijven ongewijzigd."),
            self,
        )
        self.hidden_note.setObjectName("muted")
        self.hidden_note.setWordWrap(True)
        self.add_row(_("&Voortouw:"), self.lead_combo, "lead_partner")
        self.add_row(_("&Ingebracht door:"), self.brought_in_combo, "brought_in_by")
        self.add_row(_("&Grondslag:"), self.ground_combo, "legal_ground")
        self.add_row(_("&Huur of koop:"), self.tenure_combo, "tenure")
        self.add_row(_("&Wijk of dorp:"), self.area_combo, "area")
        self.form.addRow("", self.informed_check)
        self._reason_label = self.add_row(
            _("&Reden niet geïnformeerd:"), self.not_informed_reason, "not_informed_reason"
        )
        self._summary_label = self.add_row(_("Sam&envatting:"), self.summary, "summary")
        self.form.addRow("", self.hidden_note)
        self._connect_signals()
        self._on_presentation_mode_changed(session.presentation_mode)
        self._on_informed_check_toggled(header.subject_informed)

    def _connect_signals(self) -> None:
        self.tenure_combo.currentIndexChanged.connect(self._on_tenure_combo_changed)
        self.informed_check.toggled.connect(self._on_informed_check_toggled)
        self.not_informed_reason.textChanged.connect(self._on_not_informed_reason_changed)
        self._session.presentation_mode_changed.connect(self._on_presentation_mode_changed)

    # -- values -----------------------------------------------------------------------------

    @property
    def tenure(self) -> Tenure:
        return Tenure(self.tenure_combo.currentData())

    def _free_text_shown(self) -> bool:
        return not self._session.presentation_mode

    def case_edit(self) -> CaseEdit:
        """What the user changed, as the service's input; untouched fields stay None.

        Only changes are sent, so that a code a municipality has since removed from its
        catalogue does not block an unrelated edit, and hidden free text stays as it is.
        """
        h = self._header
        shown = self._free_text_shown()
        informed = self.informed_check.isChecked()
        reason = self.not_informed_reason.toPlainText().strip()
        return CaseEdit(
            lead_partner=_changed(str(self.lead_combo.currentData() or ""), h.lead_partner),
            brought_in_by=_changed(str(self.brought_in_combo.currentData() or ""), h.brought_in_by),
            legal_ground=_changed(str(self.ground_combo.currentData() or ""), h.legal_ground),
            tenure=self.tenure if self.tenure is not h.tenure else None,
            area=_changed(str(self.area_combo.currentData() or ""), h.area),
            subject_informed=informed if informed != h.subject_informed else None,
            not_informed_reason=(
                _changed(reason, h.not_informed_reason) if shown and not informed else None
            ),
            summary=_changed(self.summary.toPlainText().strip(), h.summary) if shown else None,
        )

    # -- checks as the user types -----------------------------------------------------------

    def _tenure_message(self) -> str:
        try:
            check_tenure(self._header.table, self._header.step, self.tenure)
        except ValidationError as error:
            return error.message
        return ""

    def _reason_message(self) -> str:
        edit = self.case_edit()
        if self.informed_check.isChecked() or not self._free_text_shown():
            return ""
        if self.not_informed_reason.toPlainText().strip():
            return ""
        # As the service: only a change of these two asks for the reason (older cases,
        # registered without one, stay editable).
        touched = edit.subject_informed is not None or edit.not_informed_reason is not None
        return NOT_INFORMED_REASON_NEEDED if touched else ""

    def _check(self) -> bool:
        tenure, reason = self._tenure_message(), self._reason_message()
        self.field_messages["tenure"](tenure)
        self.field_messages["not_informed_reason"](reason)
        if tenure or reason:
            self.show_error(tenure or reason, "tenure" if tenure else "not_informed_reason")
            return False
        return True

    def _write(self) -> Write:
        case_id, edit = self._header.id, self.case_edit()
        return Write(
            lambda vault: case_actions.edit_case(vault, case_id, edit),
            OpChanges.of(ChangeKind.CASES, case_ids=[case_id]),
        )

    # -- slots ------------------------------------------------------------------------------

    @Slot()
    def _on_tenure_combo_changed(self) -> None:
        self.field_messages["tenure"](self._tenure_message())

    @Slot(bool)
    def _on_informed_check_toggled(self, informed: bool) -> None:
        self.not_informed_reason.setEnabled(not informed)
        self.field_messages["not_informed_reason"](self._reason_message())

    @Slot()
    def _on_not_informed_reason_changed(self) -> None:
        self.field_messages["not_informed_reason"](self._reason_message())

    @Slot(bool)
    def _on_presentation_mode_changed(self, on: bool) -> None:
        # The text stays in the (hidden) fields: switching back shows it again, unsaved.
        self.form.setRowVisible(self._reason_label, not on)
        self.form.setRowVisible(self._summary_label, not on)
        self.form.setRowVisible(self.hidden_note, on)
