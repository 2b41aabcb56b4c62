"""The agenda of one sitting as a table: number, section, case, label, why, minutes, question.

Numbers follow the printed agenda ("5.2" = second item of the fifth frame section), so the
chair and the partners with a paper copy speak of the same item. Labels are initials and
area; the model never holds a subject's name. "Waarom" says why the rules proposed a case,
"Min." is the item's time budget. Rows can be dragged (the editor's view does the drop).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt

from casustafel.domain.agenda_rules import item_minutes, reason_labels
from casustafel.i18n import _
from casustafel.reports.agenda import SECTION_TITLES, AgendaSection
from casustafel.reports.agenda import item_numbers as agenda_item_numbers
from casustafel.services.sitting_values import AgendaEntry, ItemKind

from .record_model import Column, RecordTableModel

__all__ = ["MINUTES_COLUMN", "REASON_COLUMN", "AgendaModel", "item_numbers", "minutes"]

_FRAME = list(AgendaSection)
REASON_COLUMN = 7
MINUTES_COLUMN = 8


def item_numbers(entries: Sequence[AgendaEntry]) -> dict[int, str]:
    """The printed number of each entry ("5.2"), as the PDF numbers them (one rule, there)."""
    ordered = sorted(entries, key=lambda e: _FRAME.index(AgendaSection(e.section)))
    numbers = agenda_item_numbers([e.section for e in ordered])
    return {e.id: n for e, n in zip(ordered, numbers, strict=True)}


def minutes(entry: AgendaEntry) -> int:
    """The item's time budget (the chair's, else its section's default)."""
    return item_minutes(entry.section, entry.planned_minutes)


def _has_record(entry: AgendaEntry) -> bool:
    record = entry.record
    return bool(record.decision.strip() or entry.agreements or record.step_change_to)


class AgendaModel(RecordTableModel[AgendaEntry]):
    """Agenda items in frame order; `number(entry)` is the printed number."""

    def __init__(self, parent: QObject | None = None) -> None:
        self._numbers: dict[int, str] = {}
        columns: list[Column[AgendaEntry]] = [
            Column(
                _("Nr."),
                self.number,
                sort_key=self._sort_key,
                tooltip=lambda e: SECTION_TITLES[AgendaSection(e.section)],
            ),
            Column(_("Rubriek"), lambda e: SECTION_TITLES[AgendaSection(e.section)]),
            Column(_("Punt"), lambda e: e.case_number if e.kind is ItemKind.CASE else e.title),
            Column(_("Label"), lambda e: e.label),
            Column(_("Vraag aan de tafel"), lambda e: e.question, tooltip=lambda e: e.question),
            Column(_("Nodig"), lambda e: ", ".join(e.partners_needed)),
            Column(_("Besluit"), lambda e: "✓" if _has_record(e) else ""),
            # Appended, so meeting mode's column numbers stay; the editor shows them earlier.
            Column(
                _("Waarom"),
                lambda e: reason_labels(e.proposal_reason),
                tooltip=lambda e: reason_labels(e.proposal_reason),
            ),
            Column(
                _("Min."),
                lambda e: str(minutes(e)),
                sort_key=minutes,
                align_right=True,
            ),
        ]
        super().__init__(columns, record_id=lambda e: e.id, parent=parent)

    def set_records(self, records: Sequence[AgendaEntry]) -> None:
        ordered = sorted(
            records, key=lambda e: (_FRAME.index(AgendaSection(e.section)), e.position, e.id)
        )
        self._numbers = item_numbers(ordered)
        super().set_records(ordered)

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        # Rows are dragged; drops land between rows (the root takes them), never onto one.
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        return super().flags(index) | Qt.ItemFlag.ItemIsDragEnabled

    def supportedDropActions(self) -> Qt.DropAction:  # noqa: N802 (Qt API)
        return Qt.DropAction.MoveAction

    def number(self, entry: AgendaEntry) -> str:
        return self._numbers.get(entry.id, "")

    def _sort_key(self, entry: AgendaEntry) -> tuple[int, ...]:
        return tuple(int(p) for p in self.number(entry).split(".") if p)
