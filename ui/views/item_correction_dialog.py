"""Correct a closed sitting's record of one item: a new entry that points to the original.

Closing a sitting freezes its record. A mistake found later (a wrong decision text, a step
change that was not decided, an agreement with the wrong partner) is corrected here: the
chair picks the item, edits its record in the same form meeting mode uses, and gives a
reason. The service keeps the original, stores the correction beside it, voids the old
agreements and corrects a step change through the case's history.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QComboBox, QWidget

from casustafel.db.vault import Vault
from casustafel.domain.changes import ChangeKind, OpChanges
from casustafel.errors import ValidationError
from casustafel.i18n import _
from casustafel.services import sittings
from casustafel.services.sitting_records import correct_item
from casustafel.services.sitting_values import (
    AgendaEntry,
    ItemKind,
    SittingStatus,
    SittingSummary,
)
from casustafel.ui.models.agenda_model import item_numbers
from casustafel.ui.session import AppSession

from .dialog_base import ActionDialog, Write, text_box
from .meeting_item_form import ItemRecordForm

__all__ = ["ItemCorrectionDialog"]


class ItemCorrectionDialog(ActionDialog):
    """Pick an item of the closed sitting `sitting_id`, edit its record, give a reason.

    After `accept()`, `correction_id` holds the id of the new entry.

    Args:
        session: the app session.
        sitting: a closed sitting.
        entries: its agenda.
        parent: Qt parent.
        item_id: the item to preselect (its original or a previous correction).
    """

    def __init__(
        self,
        session: AppSession,
        sitting: SittingSummary,
        entries: Sequence[AgendaEntry],
        parent: QWidget | None = None,
        *,
        item_id: int | None = None,
    ) -> None:
        """`sitting` and `entries` as `read_for_correction` gives them, read on the worker."""
        super().__init__(
            session, _("Correctie — zitting {number}").format(number=sitting.number), parent
        )
        self._sitting = sitting
        self.correction_id: int | None = None
        self._entries = list(entries)
        numbers = item_numbers(self._entries)
        self.item_combo = QComboBox(self)
        for entry in self._entries:
            # Number with case number and label (initials and area), never a name.
            what = (
                f"{entry.case_number}  {entry.label}"
                if entry.kind is ItemKind.CASE
                else entry.title
            )
            self.item_combo.addItem(f"{numbers.get(entry.id, '')}  {what}".strip(), entry.id)
        self.form_widget = ItemRecordForm(self)
        self.reason = text_box(self, _("Waarom wordt het vastgelegde verslag gecorrigeerd?"), 2)
        self.add_row(_("&Punt:"), self.item_combo)
        self.form.addRow(self.form_widget)
        self.add_row(_("&Reden:"), self.reason, "reason")
        self.save_button.setText(_("&Correctie opslaan"))
        if sitting.status is not SittingStatus.GESLOTEN:
            self.show_error(_("De zitting is nog open; pas het punt in de vergadermodus aan."))
            self.save_button.setEnabled(False)
        if not self._entries:
            self.save_button.setEnabled(False)
        self.item_combo.currentIndexChanged.connect(self._on_item_combo_changed)
        preselect = self._index_of(item_id) if item_id is not None else 0
        self.item_combo.setCurrentIndex(preselect)
        self._on_item_combo_changed()
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("m") * 70)

    def _index_of(self, item_id: int) -> int:
        for index, entry in enumerate(self._entries):
            if item_id in (entry.id, entry.corrects_item_id):
                return index
        return 0

    @property
    def entry(self) -> AgendaEntry | None:
        index = self.item_combo.currentIndex()
        return self._entries[index] if 0 <= index < len(self._entries) else None

    @Slot()
    def _on_item_combo_changed(self) -> None:
        entry = self.entry
        if entry is not None:
            s = self._sitting
            self.form_widget.load(entry, s.table, s.date, s.invited_partners)

    def _check(self) -> bool:
        if not self.reason.toPlainText().strip():
            self.show_error(_("Geef een reden voor de correctie."), "reason")
            return False
        return True

    def _write(self) -> Write:
        entry = self.entry
        if entry is None:
            raise ValidationError(_("Deze zitting heeft geen agendapunten."))
        item_id = entry.id
        record = self.form_widget.record(entry.record.elapsed_seconds)
        reason = self.reason.toPlainText().strip()
        # A correction can change what the sitting decided about a case: both views follow.
        changes = OpChanges.of(
            ChangeKind.SITTINGS,
            ChangeKind.CASES,
            sitting_ids=(self._sitting.id,),
            case_ids=(entry.case_id,) if entry.case_id is not None else (),
        )
        return Write(lambda vault: correct_item(vault, item_id, record, reason), changes)

    def _on_written(self, result: object) -> None:
        self.correction_id = result if isinstance(result, int) else None
        self.accept()


def read_for_correction(vault: Vault, sitting_id: int) -> tuple[SittingSummary, list[AgendaEntry]]:
    """What the dialog shows (run it on the worker): the sitting and its agenda."""
    return sittings.get_sitting(vault, sitting_id), sittings.agenda(vault, sitting_id)
