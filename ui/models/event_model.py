"""A case's history (escalation events) as a model: one row per event, newest first.

Used twice: by the timeline in the case header (title and detail roles, painted by
`widgets.timeline`) and by the events tab as a plain table. Free text (reasons,
motivations) goes through a mask function the view sets, so that presentation mode can
hide names the text happens to contain.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt

from casustafel.domain.catalogue import CatalogueError, handover_organisation, table_definition
from casustafel.domain.lifecycle import effective_history
from casustafel.domain.model import CaseEvent, CaseStatus, EventKind, TableCode
from casustafel.domain.names import format_date
from casustafel.i18n import _

from .case_table_model import step_display
from .record_model import Column, RecordTableModel

__all__ = ["CaseEventModel", "EventText", "describe_event"]

_Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True, slots=True)
class EventText:
    """How an event reads: a short title and a detail line (may hold free text)."""

    title: str
    detail: str


def _status(code: str) -> str:
    try:
        return CaseStatus(code).label
    except ValueError:
        return code


def _outcome(table: TableCode, code: str, weighing: bool) -> str:
    try:
        definition = table_definition(table)
        found = definition.weighing_outcome(code) if weighing else definition.closing_outcome(code)
        return found.label
    except CatalogueError:
        return code


def _route(table: TableCode, code: str) -> str:
    return step_display(table, code) if code else ""


def _organisation(code: str) -> str:
    try:
        return handover_organisation(code).label
    except CatalogueError:
        return code


def describe_event(event: CaseEvent, table: TableCode) -> EventText:
    """The Dutch title and detail of one history entry, e.g. "Stap 3 → 5 Waarschuwing"."""
    kind = event.kind
    if kind is EventKind.REGISTRATIE:
        title = _("Aangemeld")
        if event.to_step:
            title += _(" op stap {step}").format(step=step_display(table, event.to_step))
    elif kind is EventKind.STAP:
        title = _("Stap {old} → {new}").format(
            old=step_display(table, event.from_step), new=step_display(table, event.to_step)
        )
    elif kind is EventKind.STATUS:
        title = _("Status {old} → {new}").format(
            old=_status(event.from_status), new=_status(event.to_status)
        )
    elif kind is EventKind.WEGING:
        title = _("Weging: {outcome}").format(outcome=_outcome(table, event.outcome, True))
    elif kind is EventKind.ROUTE_OPEN:
        title = _("Route {route} geopend").format(route=_route(table, event.route))
    elif kind is EventKind.ROUTE_DICHT:
        title = _("Route {route} gesloten").format(route=_route(table, event.route))
    elif kind is EventKind.OVERDRACHT:
        title = _("Overgedragen aan {org}").format(org=_organisation(event.counterpart))
    elif kind is EventKind.HEROPEND:
        title = _("Heropend ({status})").format(status=_status(event.to_status))
    elif kind is EventKind.AFGESLOTEN:
        title = _("Afgesloten: {outcome}").format(outcome=_outcome(table, event.outcome, False))
    elif kind is EventKind.COMENSHA:
        title = _("CoMensha-registratie vastgelegd")
    else:
        title = _("Correctie van een eerdere regel")
    details = [event.reason]
    if event.motivation:
        details.append(_("Motivering: {text}").format(text=event.motivation))
    if event.decision_reference:
        details.append(_("Besluit: {ref}").format(ref=event.decision_reference))
    return EventText(title, " · ".join(d for d in details if d))


class CaseEventModel(RecordTableModel[CaseEvent]):
    """The history of one case, newest first; voided entries are kept and marked."""

    TITLE_ROLE = Qt.ItemDataRole.UserRole + 10
    DETAIL_ROLE = Qt.ItemDataRole.UserRole + 11
    DATE_ROLE = Qt.ItemDataRole.UserRole + 12
    VOIDED_ROLE = Qt.ItemDataRole.UserRole + 13

    def __init__(self, parent: QObject | None = None) -> None:
        self._table = TableCode.WO
        self._voided: frozenset[int] = frozenset()
        self._mask: Callable[[str], str] = lambda text: text
        columns: list[Column[CaseEvent]] = [
            Column(
                _("Datum"),
                lambda e: format_date(e.occurred_on),
                sort_key=lambda e: (e.occurred_on, e.id),
            ),
            Column(_("Gebeurtenis"), lambda e: self._text(e).title),
            Column(_("Toelichting"), lambda e: self._mask(self._text(e).detail)),
            Column(_("Vastgelegd door"), lambda e: e.recorded_by),
        ]
        super().__init__(columns, record_id=lambda e: e.id, parent=parent)

    def set_events(
        self,
        events: Sequence[CaseEvent],
        table: TableCode,
        mask: Callable[[str], str] | None = None,
    ) -> None:
        """Show `events` of a case of `table`, newest first."""
        self._table = table
        effective = {e.id for e in effective_history(events)}
        self._voided = frozenset(e.id for e in events if e.id not in effective)
        if mask is not None:
            self._mask = mask
        self.set_records(sorted(events, key=lambda e: (e.occurred_on, e.id), reverse=True))

    def set_mask(self, mask: Callable[[str], str]) -> None:
        self._mask = mask
        self.refresh()

    def _text(self, event: CaseEvent) -> EventText:
        text = describe_event(event, self._table)
        if event.id in self._voided:
            return EventText(_("{title} (gecorrigeerd)").format(title=text.title), text.detail)
        return text

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and 0 <= index.row() < self.rowCount():
            event = self.record(index.row())
            if role == self.TITLE_ROLE:
                return self._text(event).title
            if role == self.DETAIL_ROLE:
                return self._mask(self._text(event).detail)
            if role == self.DATE_ROLE:
                return format_date(event.occurred_on)
            if role == self.VOIDED_ROLE:
                return event.id in self._voided
            if role == Qt.ItemDataRole.ToolTipRole:
                text = self._text(event)
                return "\n".join(t for t in (text.title, self._mask(text.detail)) if t)
        return super().data(index, role)
