"""The case status life cycle of DOMAIN.md as pure guard functions over an append-only history.

Each rule takes the current status (and what the user entered) and returns a `Transition`:
the new status plus the `EventDraft` to append. A refusal raises `RuleViolation` with one
Dutch sentence. Nothing here reads or writes storage.

    aangemeld → in_weging → {niet_in_behandeling | doorverwezen | geagendeerd}
              → in_behandeling ⇄ nazorg → afgesloten
    any open status → overgedragen (hand-over, names the receiving organisation)
    any closed status → (heropend) in_weging | in_behandeling

History is append-only: `correct_event` appends a correction that voids an earlier entry,
and `effective_history` is the history with voided entries (and the corrections) left out.
Every replay in the domain (`status_from_history`, the ladder, routes, statistics) reads
the effective history, so a correction changes the outcome without rewriting the past.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from casustafel.domain.catalogue import HANDOVER_OUTCOME, handover_organisation, table_definition
from casustafel.domain.model import CaseEvent, CaseStatus, EventDraft, EventKind, TableCode
from casustafel.errors import RuleViolation
from casustafel.i18n import _

__all__ = [
    "REOPEN_TARGETS",
    "STATUS_MOVES",
    "Transition",
    "allowed_targets",
    "change_status",
    "close_case",
    "correct_event",
    "effective_history",
    "ensure_open",
    "hand_over",
    "record_weighing",
    "register_case",
    "reopen",
    "status_from_history",
]

# Plain forward moves (and the one way back, from aftercare to treatment after a relapse).
# The three weighing outcomes are reached only through `record_weighing`, closing through
# `close_case` and hand-over through `hand_over`, because those need more than a reason.
STATUS_MOVES: dict[CaseStatus, frozenset[CaseStatus]] = {
    CaseStatus.AANGEMELD: frozenset({CaseStatus.IN_WEGING}),
    CaseStatus.GEAGENDEERD: frozenset({CaseStatus.IN_BEHANDELING}),
    CaseStatus.IN_BEHANDELING: frozenset({CaseStatus.NAZORG}),
    CaseStatus.NAZORG: frozenset({CaseStatus.IN_BEHANDELING}),
}
REOPEN_TARGETS = frozenset({CaseStatus.IN_WEGING, CaseStatus.IN_BEHANDELING})
_BACKWARD = frozenset({(CaseStatus.NAZORG, CaseStatus.IN_BEHANDELING)})


@dataclass(frozen=True, slots=True)
class Transition:
    """The result of a life-cycle rule: the status after it and the history entry to append."""

    status: CaseStatus
    event: EventDraft


def _require(text: str, field: str, message: str) -> str:
    if not text.strip():
        raise RuleViolation(message, field=field)
    return text.strip()


def _require_by(recorded_by: str) -> str:
    return _require(recorded_by, "recorded_by", _("Vul in wie de wijziging vastlegt."))


def _status_move(
    kind: EventKind,
    status: CaseStatus,
    target: CaseStatus,
    *,
    on: dt.date,
    recorded_by: str,
    reason: str,
    reason_message: str = "",
    outcome: str = "",
    counterpart: str = "",
    sitting_id: int | None = None,
) -> Transition:
    """The transition of a status move from `status` to `target`, recorded as `kind`.

    Every status rule records the same entry shape; only the kind, the target and the
    extras differ. The recorder is checked before the reason, as each rule always did.

    Args:
        reason_message: when given, the reason is required and this is the refusal.
    """
    by = _require_by(recorded_by)
    why = _require(reason, "reason", reason_message) if reason_message else reason.strip()
    return Transition(
        target,
        EventDraft(
            kind=kind,
            occurred_on=on,
            recorded_by=by,
            reason=why,
            from_status=status.value,
            to_status=target.value,
            outcome=outcome,
            counterpart=counterpart,
            sitting_id=sitting_id,
        ),
    )


def ensure_open(status: CaseStatus, action: str) -> None:
    """Refuse `action` (a Dutch verb phrase, e.g. "escaleren") on a closed case."""
    if status.is_closed:
        raise RuleViolation(
            _("Deze casus is {status}: {action} kan niet. Heropen de casus eerst.").format(
                status=status.label.lower(), action=action
            )
        )


def allowed_targets(status: CaseStatus) -> frozenset[CaseStatus]:
    """Every status the case may move to from `status`, by any of the rules here."""
    if status.is_closed:
        return REOPEN_TARGETS
    targets = set(STATUS_MOVES.get(status, frozenset()))
    if status is CaseStatus.IN_WEGING:
        targets |= {CaseStatus.GEAGENDEERD, CaseStatus.NIET_IN_BEHANDELING, CaseStatus.DOORVERWEZEN}
    targets |= {CaseStatus.AFGESLOTEN, CaseStatus.OVERGEDRAGEN}
    return frozenset(targets)


def register_case(
    table: TableCode,
    *,
    on: dt.date,
    recorded_by: str,
    start_step: str = "",
    reason: str = "",
) -> Transition:
    """The first history entry of a new case: status aangemeld, on the table's first step.

    Args:
        start_step: for WO and OM, the step or phase to start on (default the first one,
            MELDING or SIGNAAL). It may not be the aftercare step or one that needs a
            motivation: those are reached only by a recorded move.
    """
    definition = table_definition(table)
    step = ""
    if definition.has_steps:
        chosen = definition.step(start_step) if start_step else definition.initial_step
        if chosen.aftercare or chosen.needs_motivation or chosen.huur_only:
            raise RuleViolation(
                _("Een nieuwe casus kan niet starten op stap {step}.").format(step=chosen.display),
                field="start_step",
            )
        step = chosen.code
    return Transition(
        CaseStatus.AANGEMELD,
        EventDraft(
            kind=EventKind.REGISTRATIE,
            occurred_on=on,
            recorded_by=_require_by(recorded_by),
            reason=reason.strip(),
            to_step=step,
            to_status=CaseStatus.AANGEMELD.value,
        ),
    )


def change_status(
    status: CaseStatus,
    target: CaseStatus,
    *,
    on: dt.date,
    recorded_by: str,
    reason: str = "",
    sitting_id: int | None = None,
) -> Transition:
    """A plain move of `STATUS_MOVES` (start weighing, take into treatment, aftercare, relapse).

    Going back from nazorg to in_behandeling needs a reason.
    """
    ensure_open(status, _("de status wijzigen"))
    if target not in STATUS_MOVES.get(status, frozenset()):
        raise RuleViolation(
            _("Van '{current}' naar '{target}' is geen toegestane stap.").format(
                current=status.label, target=target.label
            ),
            field="status",
        )
    if (status, target) in _BACKWARD:
        reason = _require(
            reason, "reason", _("Geef een reden waarom de casus terug in behandeling gaat.")
        )
    return _status_move(
        EventKind.STATUS,
        status,
        target,
        on=on,
        recorded_by=recorded_by,
        reason=reason,
        sitting_id=sitting_id,
    )


def record_weighing(
    status: CaseStatus,
    table: TableCode,
    outcome: str,
    *,
    on: dt.date,
    recorded_by: str,
    reason: str,
    counterpart: str = "",
    sitting_id: int | None = None,
) -> Transition:
    """The weighing decision: the outcome (a code of the table's catalogue) sets the status.

    Args:
        counterpart: for a referral, to whom (free text, e.g. "afdeling Vergunningen").
    """
    if status is not CaseStatus.IN_WEGING:
        raise RuleViolation(
            _("Een weging kan alleen worden vastgelegd als de casus in weging is."),
            field="outcome",
        )
    chosen = table_definition(table).weighing_outcome(outcome)
    assert chosen.leads_to is not None  # guaranteed by the catalogue loader
    return _status_move(
        EventKind.WEGING,
        status,
        chosen.leads_to,
        on=on,
        recorded_by=recorded_by,
        reason=reason,
        reason_message=_("Geef een reden voor de uitkomst van de weging."),
        outcome=chosen.code,
        counterpart=counterpart.strip(),
        sitting_id=sitting_id,
    )


def close_case(
    status: CaseStatus,
    table: TableCode,
    outcome: str,
    *,
    on: dt.date,
    recorded_by: str,
    reason: str,
    sitting_id: int | None = None,
) -> Transition:
    """Close an open case; needs a reason and an outcome from the table's closing outcomes."""
    ensure_open(status, _("afsluiten"))
    if not outcome.strip():
        raise RuleViolation(_("Kies een uitkomst om de casus af te sluiten."), field="outcome")
    chosen = table_definition(table).closing_outcome(outcome)
    if chosen.code == HANDOVER_OUTCOME:
        raise RuleViolation(
            _("Gebruik 'Overdragen' om de casus over te dragen aan een andere organisatie."),
            field="outcome",
        )
    return _status_move(
        EventKind.AFGESLOTEN,
        status,
        CaseStatus.AFGESLOTEN,
        on=on,
        recorded_by=recorded_by,
        reason=reason,
        reason_message=_("Geef een reden om de casus af te sluiten."),
        outcome=chosen.code,
        sitting_id=sitting_id,
    )


def hand_over(
    status: CaseStatus,
    organisation: str,
    *,
    on: dt.date,
    recorded_by: str,
    reason: str,
    sitting_id: int | None = None,
) -> Transition:
    """Hand an open case over to `organisation` (a code of `handover_organisations()`)."""
    ensure_open(status, _("overdragen"))
    if not organisation.strip():
        raise RuleViolation(_("Kies de organisatie die de casus overneemt."), field="counterpart")
    receiver = handover_organisation(organisation.strip())
    return _status_move(
        EventKind.OVERDRACHT,
        status,
        CaseStatus.OVERGEDRAGEN,
        on=on,
        recorded_by=recorded_by,
        reason=reason,
        reason_message=_("Geef een reden voor de overdracht."),
        outcome=HANDOVER_OUTCOME,
        counterpart=receiver.code,
        sitting_id=sitting_id,
    )


def reopen(
    status: CaseStatus,
    *,
    on: dt.date,
    recorded_by: str,
    reason: str,
    to: CaseStatus = CaseStatus.IN_BEHANDELING,
) -> Transition:
    """Reopen a closed case (a new event; the closing stays in the history)."""
    if not status.is_closed:
        raise RuleViolation(_("Alleen een afgesloten casus kan worden heropend."), field="status")
    if to not in REOPEN_TARGETS:
        raise RuleViolation(
            _("Een heropende casus gaat terug naar 'In weging' of 'In behandeling'."),
            field="status",
        )
    return _status_move(
        EventKind.HEROPEND,
        status,
        to,
        on=on,
        recorded_by=recorded_by,
        reason=reason,
        reason_message=_("Geef een reden om de casus te heropenen."),
    )


def correct_event(original: CaseEvent, *, on: dt.date, recorded_by: str, reason: str) -> EventDraft:
    """A correction that voids `original`; record the right entry afterwards as a new event.

    Correcting a correction restores what it voided. The registration itself cannot be
    voided (the case would have no start).
    """
    if original.kind is EventKind.REGISTRATIE:
        raise RuleViolation(_("De registratie van een casus kan niet worden gecorrigeerd."))
    return EventDraft(
        kind=EventKind.CORRECTIE,
        occurred_on=on,
        recorded_by=_require_by(recorded_by),
        reason=_require(reason, "reason", _("Geef een reden voor de correctie.")),
        corrects_event_id=original.id,
    )


def effective_history(events: Iterable[CaseEvent]) -> tuple[CaseEvent, ...]:
    """The history as it counts: voided entries and the corrections themselves left out.

    Ordered by date, then by id (the order of recording), so a back-dated entry takes its
    place in time.
    """
    items = list(events)
    voided: set[int] = set()
    # Newest first: a later correction decides whether an earlier one still counts.
    for event in sorted(items, key=lambda e: e.id, reverse=True):
        if event.id in voided:
            continue
        if event.kind is EventKind.CORRECTIE and event.corrects_event_id is not None:
            voided.add(event.corrects_event_id)
    kept = (e for e in items if e.id not in voided and e.kind is not EventKind.CORRECTIE)
    return tuple(sorted(kept, key=lambda e: (e.occurred_on, e.id)))


def status_from_history(events: Iterable[CaseEvent]) -> CaseStatus:
    """Replay the effective history: the status set by the last entry that set one."""
    status = CaseStatus.AANGEMELD
    for event in effective_history(events):
        if event.to_status:
            status = CaseStatus(event.to_status)
    return status
