"""Close a case (reason and outcome), hand it over (receiving organisation) or reopen it.

One dialog with three modes, because the three share their shape: a choice, a date and
a reason. The choices come from the table's catalogue.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from PySide6.QtWidgets import QComboBox, QWidget

from casustafel.domain.catalogue import HANDOVER_OUTCOME, handover_organisations, table_definition
from casustafel.domain.changes import ChangeKind, OpChanges
from casustafel.domain.model import CaseFile, CaseStatus
from casustafel.domain.validation import check_event_date
from casustafel.i18n import _
from casustafel.ui.session import AppSession
from casustafel.ui.widgets.date_edit import DutchDateEdit

from . import case_actions
from .dialog_base import ActionDialog, Write, text_box

__all__ = ["CloseDialog", "CloseMode", "NoteDialog"]


class CloseMode(StrEnum):
    CLOSE = "close"
    HAND_OVER = "hand_over"
    REOPEN = "reopen"


_TITLES = {
    CloseMode.CLOSE: _("Casus afsluiten"),
    CloseMode.HAND_OVER: _("Casus overdragen"),
    CloseMode.REOPEN: _("Casus heropenen"),
}


class CloseDialog(ActionDialog):
    """Close, hand over or reopen a case.

    Args:
        session: the app session.
        case_file: the case as shown.
        mode: which of the three actions.
        parent: Qt parent.
    """

    def __init__(
        self,
        session: AppSession,
        case_file: CaseFile,
        mode: CloseMode,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(session, _TITLES[mode], parent)
        self._case = case_file
        self.mode = mode
        self.choice_combo = QComboBox(self)
        definition = table_definition(case_file.header.table)
        if mode is CloseMode.CLOSE:
            for outcome in definition.closing_outcomes:
                if outcome.code != HANDOVER_OUTCOME:
                    self.choice_combo.addItem(outcome.label, outcome.code)
            label, field = _("&Uitkomst:"), "outcome"
        elif mode is CloseMode.HAND_OVER:
            for org in handover_organisations():
                self.choice_combo.addItem(org.label, org.code)
            label, field = _("&Naar organisatie:"), "counterpart"
        else:
            for status in (CaseStatus.IN_BEHANDELING, CaseStatus.IN_WEGING):
                self.choice_combo.addItem(status.label, status.value)
            label, field = _("&Terug naar:"), "status"
        self.choice_combo.insertItem(0, _("(kies)"), "")
        self.choice_combo.setCurrentIndex(0 if mode is not CloseMode.REOPEN else 1)
        self.on_date = DutchDateEdit(
            lambda text: check_event_date(text, max_years_ahead=0), required=True, parent=self
        )
        self.on_date.set_date(dt.date.today())
        self.reason = text_box(self, _("Waarom?"), 4)
        self.add_row(label, self.choice_combo, field)
        self.add_row(_("&Datum:"), self.on_date, "on")
        self.add_row(_("&Reden:"), self.reason, "reason")

    @property
    def choice(self) -> str:
        return str(self.choice_combo.currentData() or "")

    def _check(self) -> bool:
        return self.on_date.validate_now()

    def _write(self) -> Write:
        case_id = self._case.header.id
        on = self.on_date.date() or dt.date.today()
        reason = self.reason.toPlainText()
        choice = self.choice
        changes = OpChanges.of(ChangeKind.CASES, case_ids=[case_id])
        if self.mode is CloseMode.CLOSE:
            return Write(
                lambda vault: case_actions.close_case(
                    vault, case_id, outcome=choice, reason=reason, on=on
                ),
                changes,
            )
        if self.mode is CloseMode.HAND_OVER:
            return Write(
                lambda vault: case_actions.hand_over(
                    vault, case_id, organisation=choice, reason=reason, on=on
                ),
                changes,
            )
        target = CaseStatus(choice) if choice else CaseStatus.IN_BEHANDELING
        return Write(
            lambda vault: case_actions.reopen(vault, case_id, to=target, reason=reason, on=on),
            changes,
        )


class NoteDialog(ActionDialog):
    """Add a note to a case."""

    def __init__(self, session: AppSession, case_id: int, parent: QWidget | None = None) -> None:
        super().__init__(session, _("Notitie toevoegen"), parent)
        self._case_id = case_id
        self.text = text_box(self, _("Wat is er gebeurd of afgesproken?"), 6)
        self.add_row(_("&Notitie:"), self.text, "text")

    def _write(self) -> Write:
        case_id, text = self._case_id, self.text.toPlainText()
        return Write(
            lambda vault: case_actions.add_note(vault, case_id, text),
            OpChanges.of(ChangeKind.CASES, case_ids=[case_id]),
        )
