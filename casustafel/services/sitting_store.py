"""Rows of sittings and agenda items as the sittings services share them, and their values.

`sittings`, `sitting_records` and `sitting_print` read and guard sittings alike through these
helpers: the row or a Dutch NotFoundError, the closed-sitting guard, the sitting number, the
effective agenda (a correction in place of what it corrects) and its frozen `AgendaEntry`s.

Numbering (`renumber`, after every plan, move and delete): a table's sittings are numbered
per year in date order, `2026-01`, `2026-02`, … A held sitting keeps its number, because it
is printed on its agenda and decisions list; the planned and cancelled ones around it are
renumbered so that the list reads in date order and no number is used twice.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from sqlalchemy import select

from casustafel.db import models
from casustafel.db.repositories.tx import Tx
from casustafel.domain.model import TableCode
from casustafel.errors import NotFoundError, RuleViolation
from casustafel.i18n import _

from .sitting_values import (
    AgendaEntry,
    AgreementEntry,
    ItemKind,
    ItemRecord,
    SittingStatus,
    SittingSummary,
)

__all__ = [
    "HELD_STATUSES",
    "dumps",
    "effective_items",
    "entries_in",
    "item_row",
    "loads",
    "renumber",
    "require_open",
    "sitting_number",
    "sitting_row",
    "to_entry",
    "to_summary",
]


# A held sitting (under way or closed) keeps its number: it is printed on its documents.
HELD_STATUSES = (SittingStatus.LOPEND.value, SittingStatus.GESLOTEN.value)


def dumps(values: Sequence[str]) -> str:
    return json.dumps(list(values), ensure_ascii=False)


def loads(text: str) -> tuple[str, ...]:
    return tuple(str(v) for v in json.loads(text)) if text else ()


def sitting_row(tx: Tx, sitting_id: int) -> models.Sitting:
    row = tx.session.get(models.Sitting, sitting_id)
    if row is None:
        raise NotFoundError(_("Zitting {id} bestaat niet (meer).").format(id=sitting_id))
    return row


def item_row(tx: Tx, item_id: int) -> models.AgendaItem:
    row = tx.session.get(models.AgendaItem, item_id)
    if row is None:
        raise NotFoundError(_("Agendapunt {id} bestaat niet (meer).").format(id=item_id))
    return row


def require_open(row: models.Sitting) -> None:
    """Refuse changes to a closed sitting (its record is frozen) or a cancelled one."""
    if row.status == SittingStatus.GESLOTEN.value:
        raise RuleViolation(
            _("Zitting {number} is gesloten; leg een wijziging vast als correctie.").format(
                number=sitting_number(row)
            )
        )
    if row.status == SittingStatus.GEANNULEERD.value:
        raise RuleViolation(
            _("Zitting {number} is geannuleerd.").format(number=sitting_number(row))
        )


def sitting_number(row: models.Sitting) -> str:
    return f"{row.year}-{row.seq:02d}"


def to_summary(row: models.Sitting, item_count: int = 0) -> SittingSummary:
    return SittingSummary(
        id=row.id,
        table=TableCode(row.table_code),
        number=sitting_number(row),
        starts_at=row.starts_at,
        duration_minutes=row.duration_minutes,
        place=row.place,
        chair=row.chair,
        minute_taker=row.minute_taker,
        invited_partners=loads(row.invited_partners),
        status=SittingStatus(row.status),
        item_count=item_count,
        current_item_id=row.current_item_id,
        elapsed_seconds=row.elapsed_seconds,
        cancel_reason=row.cancel_reason or "",
    )


def renumber(tx: Tx, table: TableCode, year: int) -> None:
    """Number `table`'s sittings of `year` in date order; held sittings keep theirs."""
    rows = list(
        tx.session.scalars(
            select(models.Sitting)
            .where(models.Sitting.table_code == TableCode(table).value, models.Sitting.year == year)
            .order_by(models.Sitting.starts_at, models.Sitting.id)
        )
    )
    fixed = {r.seq for r in rows if r.status in HELD_STATUSES}
    movable = [r for r in rows if r.status not in HELD_STATUSES]
    if not movable:
        return
    for row in movable:  # out of the way first: (table, year, seq) is unique
        row.seq = -row.id
    tx.session.flush()
    last = 0
    for row in rows:
        if row.status in HELD_STATUSES:
            last = max(last, row.seq)
            continue
        number = last + 1
        while number in fixed:
            number += 1
        row.seq = last = number
    tx.session.flush()


def effective_items(tx: Tx, sitting_id: int) -> list[models.AgendaItem]:
    """The agenda in order, each corrected item replaced by its latest correction."""
    rows = list(
        tx.session.scalars(
            select(models.AgendaItem)
            .where(models.AgendaItem.sitting_id == sitting_id)
            .order_by(models.AgendaItem.position, models.AgendaItem.id)
        )
    )
    latest: dict[int, models.AgendaItem] = {}
    for row in rows:
        root = row.corrects_item_id or row.id
        if root not in latest or row.id > latest[root].id:
            latest[root] = row
    return [latest[r.id] for r in rows if r.corrects_item_id is None]


def _agreements_of(tx: Tx, item_ids: Sequence[int]) -> dict[int, list[models.Agreement]]:
    found: dict[int, list[models.Agreement]] = {}
    if not item_ids:
        return found
    query = (
        select(models.Agreement)
        .where(models.Agreement.agenda_item_id.in_(item_ids))
        .order_by(models.Agreement.id)
    )
    for row in tx.session.scalars(query):
        assert row.agenda_item_id is not None
        found.setdefault(row.agenda_item_id, []).append(row)
    return found


def to_entry(
    row: models.AgendaItem, case: models.Case | None, agreements: Sequence[models.Agreement]
) -> AgendaEntry:
    entries = tuple(
        AgreementEntry(a.id, a.what, a.partner, a.due_date, a.condition, a.status)
        for a in agreements
    )
    return AgendaEntry(
        id=row.id,
        sitting_id=row.sitting_id,
        position=row.position,
        section=row.section,
        kind=ItemKind(row.kind),
        case_id=row.case_id,
        case_number=case.number if case else "",
        label=case.label if case else "",
        case_step=case.step if case else "",
        title=row.title,
        question=row.question,
        partners_needed=loads(row.partners_needed),
        proposal_reason=row.proposal_reason,
        record=ItemRecord(
            partners_present=loads(row.partners_present),
            decision=row.decision,
            step_change_to=row.step_change_to,
            step_motivation=row.step_motivation,
            step_reference=row.step_reference,
            returns_on=row.returns_on,
            returns_note=row.returns_note,
            agreements=(),
            elapsed_seconds=row.elapsed_seconds,
            attendance_own=row.attendance_own,
            not_discussed=row.not_discussed,
        ),
        agreements=entries,
        corrects_item_id=row.corrects_item_id,
        step_event_id=row.step_event_id,
        planned_minutes=row.planned_minutes,
    )


def entries_in(tx: Tx, sitting_id: int) -> list[AgendaEntry]:
    rows = effective_items(tx, sitting_id)
    agreements = _agreements_of(tx, [r.id for r in rows])
    case_ids = {r.case_id for r in rows if r.case_id is not None}
    cases = {
        c.id: c for c in tx.session.scalars(select(models.Case).where(models.Case.id.in_(case_ids)))
    }
    return [
        to_entry(r, cases.get(r.case_id) if r.case_id else None, agreements.get(r.id, []))
        for r in rows
    ]
