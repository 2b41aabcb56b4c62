"""Sitting use cases: plan sittings (also from a table's rhythm), compose and edit the agenda.

Recording decisions during the sitting and closing it live in `sitting_records`, printing in
`sitting_print`; this module holds the planning side and the reads both of them share. Each
public function is one transaction. Agenda items hold case numbers and labels only; the
question and decision texts are the chair's own words and are checked for subjects' names
before anything is distributed (`reports.sitting_data.check_public_text`).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence

from sqlalchemy import func, select

from casustafel.db import models
from casustafel.db.audit import AuditRecord
from casustafel.db.repositories.tx import Tx
from casustafel.db.vault import Vault
from casustafel.domain import catalogue, validation
from casustafel.domain.agenda_rules import (
    CaseSection,
    Proposal,
    ProposedItem,
    Rhythm,
    RhythmKind,
    propose_agenda,
)
from casustafel.domain.model import AuditAction, TableCode
from casustafel.errors import NotFoundError, ValidationError
from casustafel.i18n import _

from .sitting_facts import case_facts
from .sitting_store import (
    dumps,
    effective_items,
    entries_in,
    item_row,
    renumber,
    require_open,
    sitting_row,
    to_summary,
)
from .sitting_values import (
    AgendaEntry,
    ItemKind,
    SittingPlan,
    SittingStatus,
    SittingSummary,
    partner_code,
)

__all__ = [
    "FREE_SECTIONS",
    "add_case_item",
    "add_free_item",
    "agenda",
    "case_id_by_number",
    "case_proposal",
    "compose_agenda",
    "current_item_id",
    "get_rhythm",
    "get_sitting",
    "list_sittings",
    "next_sitting",
    "plan_from_rhythm",
    "plan_sitting",
    "propose",
    "remove_item",
    "reorder_items",
    "set_case_proposal",
    "set_rhythm",
    "update_item",
    "update_sitting",
]

# Sections of the fixed frame a free item may go in (case sections hold cases only).
FREE_SECTIONS = ("opening", "trends", "rondvraag")
_CASE_SECTIONS = frozenset(s.value for s in CaseSection)
_RHYTHM_KEY = "sitting_rhythm_{table}"


# --- planning -------------------------------------------------------------------------------


def _clean_partners(table: TableCode, partners: Sequence[str]) -> tuple[str, ...]:
    found: list[str] = []
    for text in partners:
        code = partner_code(table, text)
        if code and code not in found:
            found.append(code[:80])
    return tuple(found)


def _check_plan(plan: SittingPlan, today: dt.date) -> None:
    validation.validate_event_date(plan.date, today=today, field="date")
    if not 15 <= plan.duration_minutes <= 8 * 60:
        raise ValidationError(_("Een zitting duurt 15 minuten tot 8 uur."), "duration_minutes")


def plan_sitting_in(tx: Tx, plan: SittingPlan, *, today: dt.date | None = None) -> int:
    """Plan a sitting inside the caller's transaction; return its id."""
    table = TableCode(plan.table)
    _check_plan(plan, today or dt.date.today())
    year = plan.date.year
    seq = tx.session.scalar(
        select(func.max(models.Sitting.seq)).where(
            models.Sitting.table_code == table.value, models.Sitting.year == year
        )
    )
    row = models.Sitting(
        table_code=table.value,
        year=year,
        seq=(seq or 0) + 1,
        starts_at=dt.datetime.combine(plan.date, plan.start),
        duration_minutes=plan.duration_minutes,
        place=plan.place.strip()[:120],
        chair=plan.chair.strip()[:120],
        minute_taker=plan.minute_taker.strip()[:120],
        invited_partners=dumps(_clean_partners(table, plan.invited_partners)),
        status=SittingStatus.GEPLAND.value,
        elapsed_seconds=0,
    )
    tx.session.add(row)
    tx.session.flush()
    renumber(tx, table, year)  # a sitting planned before others takes its place in the order
    tx.audit(AuditRecord(AuditAction.CREATE, object_kind="sitting", object_id=row.id))
    return row.id


def plan_sitting(vault: Vault, plan: SittingPlan, *, today: dt.date | None = None) -> int:
    """Plan a sitting of `plan.table`; its number is the next of the table in that year.

    Raises:
        ValidationError: An implausible date or duration.
    """
    with vault.unit_of_work() as tx:
        return plan_sitting_in(tx, plan, today=today)


def update_sitting(vault: Vault, sitting_id: int, plan: SittingPlan) -> None:
    """Change date, time, place, chair, minute-taker or invited partners of an open sitting."""
    with vault.unit_of_work() as tx:
        row = sitting_row(tx, sitting_id)
        require_open(row)
        _check_plan(plan, dt.date.today())
        old_year = row.year
        row.starts_at = dt.datetime.combine(plan.date, plan.start)
        if plan.date.year != old_year:
            row.year, row.seq = plan.date.year, -row.id
        tx.session.flush()
        renumber(tx, TableCode(row.table_code), old_year)
        renumber(tx, TableCode(row.table_code), plan.date.year)
        row.duration_minutes = plan.duration_minutes
        row.place, row.chair = plan.place.strip()[:120], plan.chair.strip()[:120]
        row.minute_taker = plan.minute_taker.strip()[:120]
        row.invited_partners = dumps(
            _clean_partners(TableCode(row.table_code), plan.invited_partners)
        )
        tx.audit(AuditRecord(AuditAction.UPDATE, object_kind="sitting", object_id=row.id))


def list_sittings(vault: Vault, table: TableCode | None = None) -> list[SittingSummary]:
    """Sittings in date order (oldest first), with their number of agenda items."""
    with vault.unit_of_work() as tx:
        counts = dict(
            tx.session.execute(
                select(models.AgendaItem.sitting_id, func.count())
                .where(models.AgendaItem.corrects_item_id.is_(None))
                .group_by(models.AgendaItem.sitting_id)
            ).all()
        )
        query = select(models.Sitting).order_by(models.Sitting.starts_at, models.Sitting.id)
        if table is not None:
            query = query.where(models.Sitting.table_code == TableCode(table).value)
        return [to_summary(r, counts.get(r.id, 0)) for r in tx.session.scalars(query)]


def get_sitting(vault: Vault, sitting_id: int) -> SittingSummary:
    with vault.unit_of_work() as tx:
        row = sitting_row(tx, sitting_id)
        return to_summary(row, len(effective_items(tx, sitting_id)))


def next_sitting(vault: Vault, table: TableCode, today: dt.date | None = None) -> SittingSummary:
    """The first sitting of `table` on or after `today` that is not closed.

    Raises:
        NotFoundError: The table has no such sitting planned.
    """
    start = dt.datetime.combine(today or dt.date.today(), dt.time.min)
    with vault.unit_of_work() as tx:
        row = tx.session.scalars(
            select(models.Sitting)
            .where(
                models.Sitting.table_code == TableCode(table).value,
                models.Sitting.starts_at >= start,
                models.Sitting.status.not_in(
                    (SittingStatus.GESLOTEN.value, SittingStatus.GEANNULEERD.value)
                ),
            )
            .order_by(models.Sitting.starts_at)
            .limit(1)
        ).first()
        if row is None:
            raise NotFoundError(
                _("Er is geen volgende zitting van {table} gepland.").format(
                    table=TableCode(table).label
                )
            )
        return to_summary(row, len(effective_items(tx, row.id)))


def agenda(vault: Vault, sitting_id: int) -> list[AgendaEntry]:
    """The agenda items in order, with what was recorded (effective entries once closed)."""
    with vault.unit_of_work() as tx:
        sitting_row(tx, sitting_id)
        return entries_in(tx, sitting_id)


def current_item_id(vault: Vault, sitting_id: int) -> int | None:
    """The item meeting mode was on when it was last saved (to return there after a lock)."""
    with vault.unit_of_work() as tx:
        return sitting_row(tx, sitting_id).current_item_id


# --- rhythm ---------------------------------------------------------------------------------


def set_rhythm(vault: Vault, table: TableCode, rhythm: Rhythm | None) -> None:
    """Store (or with None remove) the recurring rhythm of `table`'s sittings."""
    key = _RHYTHM_KEY.format(table=TableCode(table).value)
    with vault.unit_of_work() as tx:
        row = tx.session.get(models.VaultMeta, key)
        if rhythm is None:
            if row is not None:
                tx.session.delete(row)
        else:
            value = json.dumps(
                {
                    "kind": rhythm.kind.value,
                    "weekday": rhythm.weekday,
                    "start": rhythm.start.isoformat(timespec="minutes"),
                    "interval_weeks": rhythm.interval_weeks,
                    "nth": rhythm.nth,
                    "anchor": rhythm.anchor.isoformat() if rhythm.anchor else None,
                    "duration_minutes": rhythm.duration_minutes,
                    "place": rhythm.place,
                    "partners": list(rhythm.partners),
                }
            )
            if row is None:
                tx.session.add(models.VaultMeta(key=key, value=value))
            else:
                row.value = value
        tx.audit(AuditRecord(AuditAction.SETTINGS, object_kind="sitting_rhythm", detail=table))


def get_rhythm(vault: Vault, table: TableCode) -> Rhythm | None:
    with vault.unit_of_work() as tx:
        row = tx.session.get(models.VaultMeta, _RHYTHM_KEY.format(table=TableCode(table).value))
    if row is None:
        return None
    data = json.loads(row.value)
    return Rhythm(
        kind=RhythmKind(data["kind"]),
        weekday=int(data["weekday"]),
        start=dt.time.fromisoformat(data["start"]),
        interval_weeks=int(data["interval_weeks"]),
        nth=int(data["nth"]),
        anchor=dt.date.fromisoformat(data["anchor"]) if data["anchor"] else None,
        duration_minutes=int(data["duration_minutes"]),
        place=str(data["place"]),
        partners=tuple(data["partners"]),
    )


def plan_from_rhythm(
    vault: Vault, table: TableCode, count: int, *, today: dt.date | None = None, chair: str = ""
) -> list[int]:
    """Plan the next `count` sittings the table's rhythm proposes; return their ids.

    Raises:
        NotFoundError: The table has no rhythm.
    """
    rhythm = get_rhythm(vault, table)
    if rhythm is None:
        raise NotFoundError(_("Stel eerst het ritme van de zittingen in."))
    today = today or dt.date.today()
    taken = [s.date for s in list_sittings(vault, table)]
    latest = max([today, *taken])
    dates = rhythm.next_dates(latest, count, taken=taken)
    with vault.unit_of_work() as tx:
        plans = (
            SittingPlan(
                table,
                day,
                rhythm.start,
                rhythm.duration_minutes,
                rhythm.place,
                chair,
                invited_partners=rhythm.partners,
            )
            for day in dates
        )
        return [plan_sitting_in(tx, plan, today=today) for plan in plans]


# --- composing and editing the agenda -------------------------------------------------------


def set_case_proposal(
    vault: Vault, case_id: int, proposal: Proposal, step: str = "", *, flagged: bool | None = None
) -> None:
    """Propose escalation, de-escalation or closing of a case for the next sitting (or clear it).

    `flagged` sets or clears the chair's "bespreken" mark at the same time.
    """
    with vault.unit_of_work() as tx:
        row = tx.session.get(models.Case, case_id)
        if row is None:
            raise NotFoundError(_("Casus {id} bestaat niet (meer).").format(id=case_id))
        if step:
            catalogue.table_definition(TableCode(row.table_code)).step(step)
        row.proposal = Proposal(proposal).value
        row.proposal_step = step if proposal in (Proposal.OPSCHALING, Proposal.AFSCHALING) else ""
        if flagged is not None:
            row.flagged_for_discussion = flagged
        tx.audit(AuditRecord(AuditAction.UPDATE, object_kind="case_proposal", case_id=case_id))


def case_proposal(vault: Vault, case_id: int) -> tuple[Proposal, str, bool]:
    """The case's proposal for the next sitting, its proposed step and the "bespreken" mark.

    Not audited: it reads no personal data, only what `set_case_proposal` stored.
    """
    with vault.unit_of_work() as tx:
        row = tx.session.get(models.Case, case_id)
        if row is None:
            raise NotFoundError(_("Casus {id} bestaat niet (meer).").format(id=case_id))
        return Proposal(row.proposal or ""), row.proposal_step, bool(row.flagged_for_discussion)


def _propose_in(tx: Tx, row: models.Sitting, today: dt.date) -> tuple[ProposedItem, ...]:
    facts = case_facts(tx.session, TableCode(row.table_code), row.starts_at)
    return propose_agenda(facts, row.starts_at.date(), today)


def propose(vault: Vault, sitting_id: int, today: dt.date | None = None) -> list[ProposedItem]:
    """What the rules propose for the sitting now (nothing is saved)."""
    with vault.unit_of_work() as tx:
        return list(_propose_in(tx, sitting_row(tx, sitting_id), today or dt.date.today()))


def _next_position(tx: Tx, sitting_id: int) -> int:
    current = tx.session.scalar(
        select(func.max(models.AgendaItem.position)).where(
            models.AgendaItem.sitting_id == sitting_id
        )
    )
    return (current or 0) + 1


def compose_agenda(
    vault: Vault, sitting_id: int, today: dt.date | None = None, *, limit: int | None = None
) -> int:
    """Add every proposed case that is not on the agenda yet; return how many were added.

    The chair's own edits stay: items already on the agenda are left as they are. With
    `limit`, at most that many are added, the weightiest first (frame order).
    """
    with vault.unit_of_work() as tx:
        row = sitting_row(tx, sitting_id)
        require_open(row)
        present = {r.case_id for r in effective_items(tx, sitting_id)}
        position = _next_position(tx, sitting_id)
        added = 0
        for item in _propose_in(tx, row, today or dt.date.today()):
            if item.case_id in present:
                continue
            if limit is not None and added >= limit:
                break
            tx.session.add(
                models.AgendaItem(
                    sitting_id=sitting_id,
                    position=position,
                    section=item.section.value,
                    kind=ItemKind.CASE.value,
                    case_id=item.case_id,
                    question=item.question,
                    partners_needed=dumps(item.partners_needed),
                    proposal_reason=",".join(r.value for r in item.reasons)[:40],
                )
            )
            position += 1
            added += 1
        tx.audit(
            AuditRecord(
                AuditAction.UPDATE,
                object_kind="agenda",
                object_id=sitting_id,
                detail=f"voorgesteld={added}",
            )
        )
        return added


def add_case_item(
    vault: Vault,
    sitting_id: int,
    case_id: int,
    *,
    section: str = CaseSection.LOPENDE_CASUSSEN.value,
    question: str = "",
    partners_needed: Sequence[str] = (),
) -> int:
    """Put a case on the agenda by hand; return the item's id."""
    if section not in _CASE_SECTIONS:
        raise ValidationError(_("Een casus hoort in een van de casusrubrieken."), "section")
    with vault.unit_of_work() as tx:
        row = sitting_row(tx, sitting_id)
        require_open(row)
        case = tx.session.get(models.Case, case_id)
        if case is None or case.table_code != row.table_code:
            raise ValidationError(_("Deze casus hoort niet bij de tafel van de zitting."), "case")
        if any(r.case_id == case_id for r in effective_items(tx, sitting_id)):
            raise ValidationError(
                _("{number} staat al op de agenda.").format(number=case.number), "case"
            )
        item = models.AgendaItem(
            sitting_id=sitting_id,
            position=_next_position(tx, sitting_id),
            section=section,
            kind=ItemKind.CASE.value,
            case_id=case_id,
            question=question.strip(),
            partners_needed=dumps(_clean_partners(TableCode(row.table_code), partners_needed)),
        )
        tx.session.add(item)
        tx.session.flush()
        tx.audit(
            AuditRecord(
                AuditAction.UPDATE, object_kind="agenda", case_id=case_id, object_id=sitting_id
            )
        )
        return item.id


def case_id_by_number(vault: Vault, number: str) -> int:
    """The id of the case numbered `number` ("WO-2026-0042"), for adding it by hand.

    Raises:
        NotFoundError: No such case.
    """
    with vault.unit_of_work() as tx:
        case_id = tx.session.scalar(
            select(models.Case.id).where(models.Case.number == number.strip().upper())
        )
    if case_id is None:
        raise NotFoundError(_("Casus {number} bestaat niet.").format(number=number.strip()))
    return case_id


def add_free_item(vault: Vault, sitting_id: int, section: str, title: str, text: str = "") -> int:
    """Add a free item (mededeling, trend, rondvraag); aggregate text only, no case data."""
    if section not in FREE_SECTIONS:
        raise ValidationError(_("Een vrij punt hoort bij opening, trends of rondvraag."), "section")
    if not title.strip():
        raise ValidationError(_("Geef het punt een titel."), field="title")
    with vault.unit_of_work() as tx:
        require_open(sitting_row(tx, sitting_id))
        item = models.AgendaItem(
            sitting_id=sitting_id,
            position=_next_position(tx, sitting_id),
            section=section,
            kind=ItemKind.FREE.value,
            title=title.strip()[:200],
            question=text.strip(),
        )
        tx.session.add(item)
        tx.session.flush()
        tx.audit(AuditRecord(AuditAction.UPDATE, object_kind="agenda", object_id=sitting_id))
        return item.id


def update_item(
    vault: Vault,
    item_id: int,
    *,
    question: str | None = None,
    partners_needed: Sequence[str] | None = None,
    section: str | None = None,
    title: str | None = None,
) -> None:
    """Change what the chair sets per item before the sitting: question, partners, section."""
    with vault.unit_of_work() as tx:
        item = item_row(tx, item_id)
        sitting = sitting_row(tx, item.sitting_id)
        require_open(sitting)
        if question is not None:
            item.question = question.strip()
        if partners_needed is not None:
            table = TableCode(sitting.table_code)
            item.partners_needed = dumps(_clean_partners(table, partners_needed))
        if section is not None:
            allowed = _CASE_SECTIONS if item.kind == ItemKind.CASE.value else FREE_SECTIONS
            if section not in allowed:
                raise ValidationError(_("Dit punt past niet in die rubriek."), field="section")
            item.section = section
        if title is not None and item.kind == ItemKind.FREE.value:
            item.title = title.strip()[:200]
        tx.audit(
            AuditRecord(
                AuditAction.UPDATE,
                object_kind="agenda_item",
                object_id=item_id,
                case_id=item.case_id,
            )
        )


def remove_item(vault: Vault, item_id: int) -> None:
    """Take an item off the agenda of an open sitting (its agreements go with it)."""
    with vault.unit_of_work() as tx:
        item = item_row(tx, item_id)
        require_open(sitting_row(tx, item.sitting_id))
        for agreement in tx.session.scalars(
            select(models.Agreement).where(models.Agreement.agenda_item_id == item_id)
        ):
            tx.session.delete(agreement)
        tx.session.delete(item)
        tx.audit(
            AuditRecord(
                AuditAction.DELETE,
                object_kind="agenda_item",
                object_id=item_id,
                case_id=item.case_id,
            )
        )


def reorder_items(vault: Vault, sitting_id: int, item_ids: Sequence[int]) -> None:
    """Put the items in the order of `item_ids` (all items of the sitting, each once)."""
    with vault.unit_of_work() as tx:
        require_open(sitting_row(tx, sitting_id))
        rows = {r.id: r for r in effective_items(tx, sitting_id)}
        if sorted(item_ids) != sorted(rows):
            raise ValidationError(_("De nieuwe volgorde moet elk agendapunt één keer noemen."))
        for position, item_id in enumerate(item_ids, start=1):
            rows[item_id].position = position
        tx.audit(AuditRecord(AuditAction.UPDATE, object_kind="agenda", object_id=sitting_id))
