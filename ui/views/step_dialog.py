"""Move a case to another step of its ladder (WO) or phase (OM), or open/close an MH route.

Asks for the reason always, and for a written motivation and the decision's reference
when the target step needs them (WO 7–10); a huur-only step is marked for an owner's
home. The rules themselves are the domain's: this dialog shows what they say.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QWidget

from casustafel.domain.catalogue import table_definition
from casustafel.domain.changes import ChangeKind, OpChanges
from casustafel.domain.model import CaseFile, MhRoute, TableCode, Tenure
from casustafel.domain.validation import check_event_date
from casustafel.i18n import _
from casustafel.ui.session import AppSession
from casustafel.ui.widgets.date_edit import DutchDateEdit

from . import case_actions
from .dialog_base import ActionDialog, Write, text_box

__all__ = ["StepDialog"]


class StepDialog(ActionDialog):
    """Ask for the target step (or route), the date, the reason and, where needed, more.

    Args:
        session: the app session.
        case_file: the case as shown (its table, current step, tenure, routes).
        parent: Qt parent.
        target: a step (or route) code to preselect.
    """

    def __init__(
        self,
        session: AppSession,
        case_file: CaseFile,
        parent: QWidget | None = None,
        target: str = "",
    ) -> None:
        header = case_file.header
        self._case = case_file
        self._definition = table_definition(header.table)
        routes = not self._definition.has_steps
        super().__init__(
            session, _("Route openen of sluiten") if routes else _("Stap wijzigen"), parent
        )
        self.target_combo = QComboBox(self)
        self.on_date = DutchDateEdit(
            lambda text: check_event_date(text, max_years_ahead=0), required=True, parent=self
        )
        self.on_date.set_date(dt.date.today())
        self.reason = text_box(self, _("Waarom deze stap?"))
        self.motivation = text_box(
            self, _("Waarom is de maatregel geschikt, noodzakelijk en evenwichtig?"), 4
        )
        self.decision_reference = QLineEdit(self)
        self.decision_reference.setPlaceholderText(_("Kenmerk van het besluit"))
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.hint.setObjectName("muted")
        if routes:
            active = set(case_file.active_routes)
            for route in self._definition.routes:
                verb = _("sluiten") if route.code in active else _("openen")
                self.target_combo.addItem(f"{route.label} {verb}", route.code.value)
        else:
            for step in self._definition.steps:
                text = step.display
                if step.code == header.step:
                    text += _(" (huidige stap)")
                elif step.huur_only and header.tenure is not Tenure.HUUR:
                    text += _(" (alleen huurwoning)")
                self.target_combo.addItem(text, step.code)
        self.add_row(_("&Naar:") if not routes else _("&Route:"), self.target_combo, "to_step")
        self.add_row(_("&Datum:"), self.on_date, "on")
        self.add_row(_("&Reden:"), self.reason, "reason")
        self._motivation_label = self.add_row(_("&Motivering:"), self.motivation, "motivation")
        self._reference_label = self.add_row(
            _("&Kenmerk besluit:"), self.decision_reference, "decision_reference"
        )
        self.form.addRow("", self.hint)
        self.target_combo.currentIndexChanged.connect(self._on_target_combo_changed)
        index = self.target_combo.findData(target) if target else -1
        if index < 0 and not routes:
            current = self.target_combo.findData(header.step)
            index = min(current + 1, self.target_combo.count() - 1)
        self.target_combo.setCurrentIndex(max(index, 0))
        self._on_target_combo_changed()

    @property
    def target(self) -> str:
        return str(self.target_combo.currentData() or "")

    @Slot()
    def _on_target_combo_changed(self) -> None:
        needs = False
        hint = ""
        if self._definition.has_steps and self.target:
            step = self._definition.step(self.target)
            needs = step.needs_motivation
            if step.actors:
                hint = _("Wie: {actors}").format(actors=step.actors)
        self._set_row_visible("motivation", needs)
        self._set_row_visible("decision_reference", needs)
        self.hint.setText(hint)

    def _set_row_visible(self, field: str, visible: bool) -> None:
        label = self._motivation_label if field == "motivation" else self._reference_label
        self.form.setRowVisible(label, visible)

    def _check(self) -> bool:
        return self.on_date.validate_now()

    def _write(self) -> Write:
        header = self._case.header
        case_id = header.id
        on = self.on_date.date() or dt.date.today()
        reason = self.reason.toPlainText()
        changes = OpChanges.of(ChangeKind.CASES, case_ids=[case_id])
        if header.table is TableCode.MH:
            route = MhRoute(self.target)
            open_it = route not in self._case.active_routes
            return Write(
                lambda vault: case_actions.change_route(
                    vault, case_id, route=route, open_it=open_it, reason=reason, on=on
                ),
                changes,
            )
        to_step = self.target
        motivation = self.motivation.toPlainText()
        reference = self.decision_reference.text()
        return Write(
            lambda vault: case_actions.move_step(
                vault,
                case_id,
                to_step=to_step,
                reason=reason,
                on=on,
                motivation=motivation,
                decision_reference=reference,
            ),
            changes,
        )
