"""During and after a sitting: record per item as typed, close the sitting, correct afterwards.

Meeting mode saves what the chair types every second or two (`save_item_record`), so a crash or
a lock loses nothing; `save_position` remembers the current item and the timers. Agreements are
stored as they are typed and are follow-ups of their case straight away (the follow-up queue
reads open agreements with a due date). Step changes wait until the sitting is closed: an
escalation event is append-only history, so it is written once, from the final decision,
linked to the sitting. After closing the record is frozen; a correction is a new item that
points to the original (`corrects_item_id`) and stands in its place in the decisions list.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from casustafel.db import models
from casustafel.db.audit import AuditRecord
from casustafel.db.repositories.tx import Tx, utc_now
from casustafel.db.vault import Vault
from casustafel.domain import catalogue, ladder, lifecycle
from casustafel.domain.agenda_rules import Proposal
from casustafel.domain.model import (
    AuditAction,
    CaseEvent,
    CaseStatus,
    EventDraft,
    TableCode,
    Tenure,
)
from casustafel.errors import RuleViolation, ValidationError
from casustafel.i18n import _

from . import moves
from .sitting_facts import OPEN_AGREEMENT
from .sitting_store import (
    dumps,
    effective_items,
    item_row,
    loads,
    require_open,
    sitting_number,
    sitting_row,
)
from .sitting_values import ItemKind, ItemRecord, SittingStatus, partner_code

__all__ = [
    "CloseResult",
    "attendance",
    "close_sitting",
    "correct_item",
    "save_item_record",
    "save_position",
    "start_sitting",
]

VOID_AGREEMENT = "vervallen"


@dataclass(frozen=True, slots=True)
class CloseResult:
    """What closing a sitting wrote into the cases."""

    step_events: int
    status_events: int
    open_agreements: int


def start_sitting(vault: Vault, sitting_id: int) -> None:
    """Mark a planned sitting as under way (meeting mode opened); harmless when it already is."""
    with vault.unit_of_work() as tx:
        row = sitting_row(tx, sitting_id)
        require_open(row)
        if row.status == SittingStatus.GEPLAND.value:
            row.status = SittingStatus.LOPEND.value
            tx.audit(
                AuditRecord(
                    AuditAction.UPDATE,
                    object_kind="sitting",
                    object_id=row.id,
                    detail="status=lopend",
                )
            )


def save_position(
    vault: Vault, sitting_id: int, current_item_id: int | None, elapsed_seconds: int
) -> None:
    """Remember the item meeting mode is on and the sitting's timer (not audited: no data)."""
    with vault.unit_of_work() as tx:
        row = sitting_row(tx, sitting_id)
        if row.status == SittingStatus.GESLOTEN.value:
            return
        row.current_item_id = current_item_id
        row.elapsed_seconds = max(0, int(elapsed_seconds))


def _check_step(table: TableCode, target: str) -> None:
    if not target:
        return
    definition = catalogue.table_definition(table)
    if not definition.has_steps:
        raise ValidationError(
            _("De tafel {table} werkt met routes, niet met stappen.").format(table=definition.name),
            field="step_change_to",
        )
    if target not in {s.code for s in definition.steps}:
        raise ValidationError(_("Onbekende stap: {code}.").format(code=target), "step_change_to")


def attendance(vault: Vault, sitting_id: int) -> tuple[str, ...]:
    """The partners ticked present for the whole sitting (codes, or names as typed)."""
    with vault.unit_of_work() as tx:
        return loads(sitting_row(tx, sitting_id).partners_present)


def _write_attendance(
    tx: Tx, item: models.AgendaItem, sitting: models.Sitting, present: str, own: bool
) -> None:
    """Attendance is ticked once per sitting: an item without its own list shows (and sets)
    the sitting's, so every such item of the sitting follows the change."""
    item.attendance_own = own
    item.partners_present = present
    if own or sitting.partners_present == present:
        return
    sitting.partners_present = present
    for other in tx.session.scalars(
        select(models.AgendaItem).where(
            models.AgendaItem.sitting_id == sitting.id,
            models.AgendaItem.attendance_own.is_(False),
        )
    ):
        other.partners_present = present


def _write_record(
    tx: Tx, item: models.AgendaItem, sitting: models.Sitting, record: ItemRecord
) -> None:
    table = TableCode(sitting.table_code)
    day = sitting.starts_at.date()
    if item.kind == ItemKind.CASE.value:
        _check_step(table, record.step_change_to)
        item.step_change_to = record.step_change_to
        item.step_motivation = record.step_motivation.strip()
        item.step_reference = record.step_reference.strip()[:120]
    if record.returns_on is not None and record.returns_on < day:
        raise ValidationError(_("De casus kan niet terugkomen vóór deze zitting."), "returns_on")
    present = dumps(sorted({partner_code(table, p) for p in record.partners_present}))
    if sitting.status == SittingStatus.GESLOTEN.value:  # a correction: never the sitting's list
        item.partners_present, item.attendance_own = present, True
    else:
        _write_attendance(tx, item, sitting, present, record.attendance_own)
    item.not_discussed = record.not_discussed
    item.decision = record.decision
    item.returns_on = record.returns_on
    item.returns_note = record.returns_note
    item.elapsed_seconds = max(0, int(record.elapsed_seconds))
    drafts = [a for a in record.agreements if a.what.strip()]
    for draft in drafts:
        if draft.due is not None and draft.due < day:
            raise ValidationError(_("De termijn van een afspraak ligt vóór de zitting."), "due")
    stored = list(
        tx.session.scalars(
            select(models.Agreement)
            .where(models.Agreement.agenda_item_id == item.id)
            .order_by(models.Agreement.id)
        )
    )
    now = utc_now()
    for index, draft in enumerate(drafts):
        if index < len(stored):
            row = stored[index]
        else:
            row = models.Agreement(
                case_id=item.case_id,
                sitting_id=sitting.id,
                agenda_item_id=item.id,
                status=OPEN_AGREEMENT,
                created_at=now,
            )
            tx.session.add(row)
        row.what = draft.what.strip()
        row.partner = partner_code(table, draft.partner)[:80]
        row.due_date = draft.due
        row.condition = draft.condition.strip()
    for extra in stored[len(drafts) :]:
        tx.session.delete(extra)
    case = tx.session.get(models.Case, item.case_id) if item.case_id else None
    if case is not None:
        tx.session.flush()
        moves.refresh_next_due(tx, case)


def save_item_record(vault: Vault, item_id: int, record: ItemRecord) -> None:
    """Save what the chair recorded for an item, as typed (a whole item per call).

    Agreements are matched to the stored ones by order; rows whose "what" is empty are not
    (yet) agreements. Starts the sitting if it was only planned.

    Raises:
        RuleViolation: The sitting is closed (use `correct_item`).
        ValidationError: An unknown step, or a return or due date before the sitting.
    """
    with vault.unit_of_work() as tx:
        item = item_row(tx, item_id)
        sitting = sitting_row(tx, item.sitting_id)
        require_open(sitting)
        sitting.status = SittingStatus.LOPEND.value
        _write_record(tx, item, sitting, record)
        tx.audit(
            AuditRecord(
                AuditAction.UPDATE,
                object_kind="agenda_item",
                object_id=item_id,
                case_id=item.case_id,
            )
        )


def _decided_on(sitting: models.Sitting, today: dt.date) -> dt.date:
    # A sitting closed ahead of its date (a rehearsal) records its decisions as of today:
    # the case history never holds entries in the future.
    return min(sitting.starts_at.date(), today)


def _move_step(
    tx: Tx, item: models.AgendaItem, sitting: models.Sitting, label: str, today: dt.date
) -> bool:
    """Turn the item's step change into an escalation event linked to the sitting.

    It goes through the case services (`moves.apply_event_in`), so the ladder's rules apply
    and the case row, next due date and statistics are derived from the history as always.
    """
    case = tx.session.get(models.Case, item.case_id) if item.case_id else None
    if case is None or not item.step_change_to or case.step == item.step_change_to:
        return False
    reason = item.decision.strip() or _("Besluit van de casustafel, zitting {number}.").format(
        number=sitting_number(sitting)
    )
    on = _decided_on(sitting, today)

    def rule(row: models.Case, history: list[CaseEvent]) -> EventDraft:
        table = TableCode(row.table_code)
        return ladder.validate_step_move(
            table,
            status=CaseStatus(row.status),
            tenure=Tenure(row.tenure),
            current=ladder.current_step(history, table),
            target=item.step_change_to,
            reason=reason,
            on=on,
            recorded_by=tx.user,
            motivation=item.step_motivation,
            decision_reference=item.step_reference,
            sitting_id=sitting.id,
        ).event

    try:
        event = moves.apply_event_in(tx, case.id, rule, on=on, today=today)
    except RuleViolation as exc:
        raise RuleViolation(f"{label}: {exc.message}", field=exc.field) from None
    item.step_event_id = event.id
    return True


def _take_up(tx: Tx, case: models.Case, sitting: models.Sitting, today: dt.date) -> bool:
    """A case the table took up (geagendeerd) is in treatment once it has been discussed."""
    if case.status != CaseStatus.GEAGENDEERD.value:
        return False
    on = _decided_on(sitting, today)

    def rule(row: models.Case, history: list[CaseEvent]) -> EventDraft:
        return lifecycle.change_status(
            CaseStatus(row.status),
            CaseStatus.IN_BEHANDELING,
            on=on,
            recorded_by=tx.user,
            reason=_("Besproken aan de casustafel."),
            sitting_id=sitting.id,
        ).event

    moves.apply_event_in(tx, case.id, rule, on=on, today=today)
    return True


def close_sitting(vault: Vault, sitting_id: int, *, today: dt.date | None = None) -> CloseResult:
    """Close the sitting: decisions flow into the cases and the record is frozen.

    Step changes become escalation events linked to the sitting (checked by the ladder's
    rules: a reason, and for steps 7–10 the motivation and decision reference recorded with
    the item); new cases go into treatment; the "bespreken" marks and proposals of the
    discussed cases are cleared; their statistics record counts the discussion.

    Raises:
        RuleViolation: A step change breaks a ladder rule (the message names the item); then
            nothing is closed or written.
    """
    today = today or dt.date.today()
    with vault.unit_of_work() as tx:
        sitting = sitting_row(tx, sitting_id)
        require_open(sitting)
        items = effective_items(tx, sitting_id)
        steps = statuses = 0
        sitting.status = SittingStatus.GESLOTEN.value
        sitting.closed_at = utc_now()
        tx.session.flush()
        for index, item in enumerate(items, start=1):
            case = tx.session.get(models.Case, item.case_id) if item.case_id else None
            if case is None:
                continue
            if item.not_discussed:
                # Doorgeschoven: nothing was decided; "bespreken" brings the case back on
                # the next proposal, and its own proposal stays as it was.
                case.flagged_for_discussion = True
                continue
            label = _("Punt {n} ({number})").format(n=index, number=case.number)
            steps += _move_step(tx, item, sitting, label, today)
            statuses += _take_up(tx, case, sitting, today)
            case.flagged_for_discussion = False
            case.proposal, case.proposal_step = Proposal.GEEN.value, ""
            day = sitting.starts_at.date()
            moves.refresh_case_in(tx, case, touched_on=min(day, today))
        open_count = len(
            list(
                tx.session.scalars(
                    select(models.Agreement.id).where(
                        models.Agreement.sitting_id == sitting_id,
                        models.Agreement.status == OPEN_AGREEMENT,
                    )
                )
            )
        )
        tx.audit(
            AuditRecord(
                AuditAction.UPDATE,
                object_kind="sitting",
                object_id=sitting_id,
                detail=f"status=gesloten;stappen={steps}",
            )
        )
        return CloseResult(steps, statuses, open_count)


def correct_item(vault: Vault, item_id: int, record: ItemRecord, reason: str) -> int:
    """Correct the record of an item of a closed sitting; return the correction's id.

    The correction is a new item pointing to the original. Open agreements of the corrected
    entry lapse (status "vervallen") and the correction's agreements become the follow-ups. A
    changed step voids the step event of the corrected entry and records the new move.

    Raises:
        RuleViolation: The sitting is still open (just edit it), no reason, or a ladder rule.
    """
    if not reason.strip():
        raise ValidationError(_("Geef een reden voor de correctie."), field="reason")
    with vault.unit_of_work() as tx:
        original = item_row(tx, item_id)
        root_id = original.corrects_item_id or original.id
        sitting = sitting_row(tx, original.sitting_id)
        if sitting.status != SittingStatus.GESLOTEN.value:
            raise RuleViolation(_("De zitting is nog open; pas het punt gewoon aan."))
        current = next(
            i for i in effective_items(tx, sitting.id) if (i.corrects_item_id or i.id) == root_id
        )
        correction = models.AgendaItem(
            sitting_id=sitting.id,
            position=current.position,
            section=current.section,
            kind=current.kind,
            case_id=current.case_id,
            title=current.title,
            question=current.question,
            partners_needed=current.partners_needed,
            proposal_reason=current.proposal_reason,
            corrects_item_id=root_id,
        )
        tx.session.add(correction)
        tx.session.flush()
        for agreement in tx.session.scalars(
            select(models.Agreement).where(
                models.Agreement.agenda_item_id == current.id,
                models.Agreement.status == OPEN_AGREEMENT,
            )
        ):
            agreement.status = VOID_AGREEMENT
        _write_record(tx, correction, sitting, record)
        _correct_step(tx, current, correction, sitting, reason)
        tx.audit(
            AuditRecord(
                AuditAction.CORRECT,
                object_kind="agenda_item",
                object_id=correction.id,
                case_id=correction.case_id,
            )
        )
        return correction.id


def _correct_step(
    tx: Tx,
    current: models.AgendaItem,
    correction: models.AgendaItem,
    sitting: models.Sitting,
    reason: str,
) -> None:
    case = tx.session.get(models.Case, correction.case_id) if correction.case_id else None
    if case is None or current.step_change_to == correction.step_change_to:
        correction.step_event_id = current.step_event_id
        return
    voided_id = current.step_event_id
    if voided_id is not None:
        today = dt.date.today()

        def rule(_row: models.Case, history: list[CaseEvent]) -> EventDraft:
            voided = next(e for e in history if e.id == voided_id)
            return lifecycle.correct_event(voided, on=today, recorded_by=tx.user, reason=reason)

        moves.apply_event_in(tx, case.id, rule, on=today)
    _move_step(tx, correction, sitting, _("Correctie"), dt.date.today())
