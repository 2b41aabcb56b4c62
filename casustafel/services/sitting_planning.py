"""Managing planned sittings: the date to propose, moving, cancelling, deleting, time budgets.

Numbering follows the date (`sitting_store.renumber`, after every plan, move and delete).

Cancelling keeps the sitting in the list with its reason (status "geannuleerd"); its agenda
is emptied and the cases on it are marked "bespreken", so they come back on the next
sitting's proposal even when the chair had put them on by hand. Deleting is for a sitting
planned by mistake and is refused once anything was recorded at it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from sqlalchemy import select

from casustafel.db import models
from casustafel.db.audit import AuditRecord
from casustafel.db.vault import Vault
from casustafel.domain import validation
from casustafel.domain.agenda_rules import CaseSection
from casustafel.domain.model import AuditAction, TableCode
from casustafel.domain.workdays import next_working_day
from casustafel.errors import RuleViolation, ValidationError
from casustafel.i18n import _

from .sitting_store import (
    HELD_STATUSES,
    dumps,
    effective_items,
    item_row,
    renumber,
    require_open,
    sitting_number,
    sitting_row,
)
from .sitting_values import AgendaEntry, ItemKind, SittingStatus
from .sittings import FREE_SECTIONS, get_rhythm

__all__ = [
    "arrange_items",
    "cancel_sitting",
    "delete_sitting",
    "move_sitting",
    "proposed_date",
    "remove_items",
    "restore_items",
    "set_item_minutes",
]

CASE_SECTIONS = frozenset(s.value for s in CaseSection)
_DEFAULT_LEAD_DAYS = 7  # without a rhythm: a week ahead, on a working day


def proposed_date(
    vault: Vault,
    table: TableCode,
    *,
    today: dt.date | None = None,
    taken: Sequence[dt.date] = (),
) -> dt.date:
    """The date a new sitting of `table` is proposed for: the next date of its rhythm.

    Without a rhythm, a week from today moved to a working day (never a weekend or a Dutch
    public holiday). Dates in `taken` (sittings already planned) are skipped.
    """
    today = today or dt.date.today()
    rhythm = get_rhythm(vault, table)
    if rhythm is not None:
        return rhythm.next_dates(max([today, *taken]), 1, taken=taken)[0]
    day = next_working_day(today + dt.timedelta(days=_DEFAULT_LEAD_DAYS))
    while day in taken:
        day = next_working_day(day + dt.timedelta(days=1))
    return day


def _require_planned(row: models.Sitting) -> None:
    require_open(row)
    if row.status != SittingStatus.GEPLAND.value:
        raise RuleViolation(
            _("Zitting {number} is al begonnen.").format(number=sitting_number(row))
        )


def move_sitting(
    vault: Vault,
    sitting_id: int,
    day: dt.date,
    start: dt.time | None = None,
    *,
    today: dt.date | None = None,
) -> None:
    """Move a planned sitting (its agenda goes with it) to `day`, at `start` if given.

    Raises:
        RuleViolation: the sitting has begun, is closed or cancelled.
        ValidationError: an implausible date.
    """
    validation.validate_event_date(day, today=today or dt.date.today(), field="date")
    with vault.unit_of_work() as tx:
        row = sitting_row(tx, sitting_id)
        _require_planned(row)
        old_year = row.year
        row.starts_at = dt.datetime.combine(day, start or row.starts_at.time())
        if day.year != old_year:
            row.year, row.seq = day.year, -row.id
        tx.session.flush()
        table = TableCode(row.table_code)
        renumber(tx, table, old_year)
        if day.year != old_year:
            renumber(tx, table, day.year)
        tx.audit(
            AuditRecord(
                AuditAction.UPDATE, object_kind="sitting", object_id=row.id, detail="verzet"
            )
        )


def cancel_sitting(vault: Vault, sitting_id: int, reason: str) -> None:
    """Cancel a planned sitting with a reason; its cases return on the next proposal.

    Raises:
        ValidationError: no reason given.
        RuleViolation: the sitting has begun, is closed or cancelled.
    """
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Geef een reden voor het annuleren."), field="reason")
    with vault.unit_of_work() as tx:
        row = sitting_row(tx, sitting_id)
        _require_planned(row)
        items = list(
            tx.session.scalars(
                select(models.AgendaItem).where(models.AgendaItem.sitting_id == sitting_id)
            )
        )
        for item in items:
            if item.case_id is not None:
                case = tx.session.get(models.Case, item.case_id)
                if case is not None:
                    case.flagged_for_discussion = True
            tx.session.delete(item)
        row.status = SittingStatus.GEANNULEERD.value
        row.cancel_reason = reason[:500]
        tx.audit(
            AuditRecord(
                AuditAction.UPDATE,
                object_kind="sitting",
                object_id=row.id,
                detail=f"geannuleerd; punten={len(items)}",
            )
        )


def delete_sitting(vault: Vault, sitting_id: int) -> None:
    """Delete a sitting planned by mistake (with its agenda), while nothing is recorded.

    Raises:
        RuleViolation: the sitting has begun or has a decision, agreement or attendance.
    """
    with vault.unit_of_work() as tx:
        row = sitting_row(tx, sitting_id)
        if row.status in HELD_STATUSES:
            raise RuleViolation(
                _("Zitting {number} is al gehouden en blijft bewaard.").format(
                    number=sitting_number(row)
                )
            )
        items = list(
            tx.session.scalars(
                select(models.AgendaItem).where(models.AgendaItem.sitting_id == sitting_id)
            )
        )
        agreements = tx.session.scalar(
            select(models.Agreement.id).where(models.Agreement.sitting_id == sitting_id).limit(1)
        )
        recorded = agreements is not None or any(
            i.decision.strip() or i.step_change_to or i.elapsed_seconds for i in items
        )
        if recorded:
            raise RuleViolation(
                _(
                    "Bij zitting {number} is al iets vastgelegd; annuleer haar in plaats daarvan."
                ).format(number=sitting_number(row))
            )
        table, year = TableCode(row.table_code), row.year
        for item in items:
            tx.session.delete(item)
        tx.session.delete(row)
        tx.session.flush()
        renumber(tx, table, year)
        tx.audit(AuditRecord(AuditAction.DELETE, object_kind="sitting", object_id=sitting_id))


def set_item_minutes(vault: Vault, item_id: int, minutes: int | None) -> None:
    """Set the chair's time budget of an item (None: back to the section's default)."""
    if minutes is not None and not 0 <= minutes <= 240:
        raise ValidationError(_("Geef een punt 0 tot 240 minuten."), field="minutes")
    with vault.unit_of_work() as tx:
        item = item_row(tx, item_id)
        require_open(sitting_row(tx, item.sitting_id))
        item.planned_minutes = minutes
        tx.audit(AuditRecord(AuditAction.UPDATE, object_kind="agenda_item", object_id=item_id))


def restore_items(vault: Vault, sitting_id: int, entries: Sequence[AgendaEntry]) -> list[int]:
    """Put removed items back where they were (the chair's undo); return their new ids.

    Only what the chair set before the sitting comes back (section, question, partners,
    time budget); removing an item is allowed only while nothing is recorded for it.
    """
    ids: list[int] = []
    with vault.unit_of_work() as tx:
        require_open(sitting_row(tx, sitting_id))
        present = {
            r.case_id
            for r in tx.session.scalars(
                select(models.AgendaItem).where(models.AgendaItem.sitting_id == sitting_id)
            )
        }
        for entry in entries:
            if entry.case_id is not None and entry.case_id in present:
                continue  # put back by hand in the meantime
            item = models.AgendaItem(
                sitting_id=sitting_id,
                position=entry.position,
                section=entry.section,
                kind=entry.kind.value,
                case_id=entry.case_id,
                title=entry.title,
                question=entry.question,
                partners_needed=dumps(entry.partners_needed),
                proposal_reason=entry.proposal_reason,
                planned_minutes=entry.planned_minutes,
            )
            tx.session.add(item)
            tx.session.flush()
            ids.append(item.id)
        tx.audit(
            AuditRecord(
                AuditAction.UPDATE,
                object_kind="agenda",
                object_id=sitting_id,
                detail=f"teruggezet={len(ids)}",
            )
        )
    return ids


def remove_items(vault: Vault, sitting_id: int, item_ids: Sequence[int]) -> None:
    """Take several items off the agenda of an open sitting at once (one transaction)."""
    with vault.unit_of_work() as tx:
        require_open(sitting_row(tx, sitting_id))
        for item_id in item_ids:
            item = item_row(tx, item_id)
            if item.sitting_id != sitting_id:
                raise ValidationError(_("Dit punt hoort niet bij deze zitting."))
            for agreement in tx.session.scalars(
                select(models.Agreement).where(models.Agreement.agenda_item_id == item_id)
            ):
                tx.session.delete(agreement)
            tx.session.delete(item)
        tx.audit(
            AuditRecord(
                AuditAction.DELETE,
                object_kind="agenda_item",
                object_id=sitting_id,
                detail=f"punten={len(item_ids)}",
            )
        )


def arrange_items(
    vault: Vault, sitting_id: int, item_ids: Sequence[int], sections: Mapping[int, str]
) -> None:
    """Put the items in the order of `item_ids` and move some to another section (a drag).

    Raises:
        ValidationError: `item_ids` is not every item once, or a section does not fit the
            item (cases belong in the case sections, free items in the free ones).
    """
    with vault.unit_of_work() as tx:
        require_open(sitting_row(tx, sitting_id))
        rows = {r.id: r for r in effective_items(tx, sitting_id)}
        if sorted(item_ids) != sorted(rows):
            raise ValidationError(_("De nieuwe volgorde moet elk agendapunt één keer noemen."))
        for item_id, section in sections.items():
            row = rows[item_id]
            case_item = row.kind == ItemKind.CASE.value
            if (section in CASE_SECTIONS) != case_item or (
                not case_item and section not in FREE_SECTIONS
            ):
                raise ValidationError(_("Dit punt past niet in die rubriek."), field="section")
            row.section = section
        for position, item_id in enumerate(item_ids, start=1):
            rows[item_id].position = position
        tx.audit(AuditRecord(AuditAction.UPDATE, object_kind="agenda", object_id=sitting_id))
