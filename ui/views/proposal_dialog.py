"""Propose a case to the table: escalation, de-escalation or closing, and the "bespreken" mark.

What is chosen here feeds the agenda composition of the table's next sitting: a proposal
puts the case in the escalation or de-escalation section, the mark puts it among the
running cases. Choosing "geen voorstel" and no mark takes the case off that list again.
"""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QWidget

from casustafel.db.vault import Vault
from casustafel.domain.agenda_rules import Proposal
from casustafel.domain.catalogue import table_definition
from casustafel.domain.changes import ChangeKind, OpChanges
from casustafel.domain.model import CaseFile
from casustafel.i18n import _
from casustafel.ui.session import AppSession

from . import case_actions
from .dialog_base import ActionDialog, Write

__all__ = ["ProposalDialog"]

_PROPOSALS = (
    (Proposal.GEEN, _("Geen voorstel")),
    (Proposal.OPSCHALING, _("Opschalen")),
    (Proposal.AFSCHALING, _("Afschalen")),
    (Proposal.AFSLUITING, _("Afsluiten")),
)
# A proposal with a target step: only these ask for one (and only on a ladder).
_WITH_STEP = (Proposal.OPSCHALING, Proposal.AFSCHALING)


class ProposalDialog(ActionDialog):
    """Set what the regisseur proposes to the table for this case.

    Args:
        session: the app session.
        case_file: the case as shown (its id, table and current step).
        parent: Qt parent.
        proposed: what is stored now: proposal, proposed step and the "bespreken" mark.
    """

    def __init__(
        self,
        session: AppSession,
        case_file: CaseFile,
        parent: QWidget | None = None,
        *,
        proposed: tuple[Proposal, str, bool],
    ) -> None:
        """`proposed` is the stored proposal, step and mark (`case_actions.proposal_of`),
        read by the caller on the worker."""
        super().__init__(session, _("Voorstel voor de tafel"), parent)
        header = case_file.header
        self._case_id = header.id
        self._definition = table_definition(header.table)
        proposal, step, flagged = proposed
        self.proposal_combo = QComboBox(self)
        for value, text in _PROPOSALS:
            self.proposal_combo.addItem(text, value.value)
        self.step_combo = QComboBox(self)
        self.step_combo.addItem(_("— stap nog open —"), "")
        for ladder_step in self._definition.steps:
            text = ladder_step.display
            if ladder_step.code == header.step:
                text += _(" (huidige stap)")
            self.step_combo.addItem(text, ladder_step.code)
        self.flagged_box = QCheckBox(_("Be&spreken aan de tafel"), self)
        self.flagged_box.setToolTip(
            _("De casus komt op de agenda van de volgende zitting, ook zonder voorstel.")
        )
        self.hint = QLabel(
            _("Het voorstel en de markering gelden voor de eerstvolgende zitting van de tafel."),
            self,
        )
        self.hint.setObjectName("muted")
        self.hint.setWordWrap(True)
        self.add_row(_("&Voorstel:"), self.proposal_combo, "proposal")
        self._step_label = self.add_row(_("Naar s&tap:"), self.step_combo, "step")
        self.form.addRow("", self.flagged_box)
        self.form.addRow("", self.hint)
        self.proposal_combo.setCurrentIndex(max(0, self.proposal_combo.findData(proposal.value)))
        self.step_combo.setCurrentIndex(max(0, self.step_combo.findData(step)))
        self.flagged_box.setChecked(flagged)
        self.proposal_combo.currentIndexChanged.connect(self._on_proposal_combo_changed)
        self._on_proposal_combo_changed()

    @property
    def proposal(self) -> Proposal:
        return Proposal(str(self.proposal_combo.currentData() or ""))

    @property
    def step(self) -> str:
        """The proposed step, only where the proposal and the table have one."""
        if self.proposal not in _WITH_STEP or not self._definition.has_steps:
            return ""
        return str(self.step_combo.currentData() or "")

    @Slot()
    def _on_proposal_combo_changed(self) -> None:
        # Mensenhandel has routes, not steps; closing needs no step either.
        self.form.setRowVisible(
            self._step_label, self.proposal in _WITH_STEP and self._definition.has_steps
        )

    def _write(self) -> Write:
        case_id, proposal, step = self._case_id, self.proposal, self.step
        flagged = self.flagged_box.isChecked()

        def write(vault: Vault) -> None:
            case_actions.set_proposal(vault, case_id, proposal=proposal, step=step, flagged=flagged)

        # The mark decides the next agenda's proposal: the case and the sittings follow.
        return Write(
            write, OpChanges.of(ChangeKind.CASES, ChangeKind.SITTINGS, case_ids=(case_id,))
        )
