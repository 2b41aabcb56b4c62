"""Escalation rules of the procesaanpak: the woonoverlast ladder and the ondermijning phases.

A case of these tables always stands on exactly one step (phase): the one its last effective
move led to, or its start step. A move may skip steps upwards and may go back down; every
move needs a reason. Steps with `needs_motivation` (WO 7–10) also need a written
motivation (suitable, necessary, balanced) and the reference of the external decision.
Steps with `huur_only` (WO 11) are refused unless the home is rented. A closed case does
not move. The aftercare step (NAZORG) is reachable from any step and counts as a
de-escalation; it never counts as the highest step reached.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from casustafel.domain.catalogue import CatalogueError, Step, TableDefinition, table_definition
from casustafel.domain.lifecycle import effective_history, ensure_open
from casustafel.domain.model import (
    CaseEvent,
    CaseStatus,
    EventDraft,
    EventKind,
    TableCode,
    Tenure,
)
from casustafel.errors import RuleViolation
from casustafel.i18n import _

__all__ = [
    "Direction",
    "StepMove",
    "current_step",
    "highest_step",
    "is_higher",
    "step_moves",
    "step_rank",
    "validate_step_move",
]


class Direction(StrEnum):
    UP = "up"  # escalation (also: from aftercare back onto the ladder)
    DOWN = "down"  # de-escalation (also: to aftercare)


@dataclass(frozen=True, slots=True)
class StepMove:
    """An accepted move: from which step to which, its direction, and the entry to append."""

    from_step: Step
    to_step: Step
    direction: Direction
    event: EventDraft


def _definition_with_steps(table: TableCode) -> TableDefinition:
    definition = table_definition(table)
    if not definition.has_steps:
        raise RuleViolation(
            _("De tafel {table} werkt met routes, niet met stappen.").format(table=definition.name)
        )
    return definition


def _known_step(definition: TableDefinition, code: str, field: str) -> Step:
    try:
        return definition.step(code)
    except CatalogueError as exc:  # a code typed or imported by a user: a rule, not a bug
        raise RuleViolation(exc.message, field=field) from None


def step_rank(table: TableCode, code: str) -> int:
    """Position of step `code` on the ladder for comparing escalation (aftercare ranks −1).

    The aftercare step is where a case goes after de-escalation, so it ranks below every
    numbered step: moving onto it is a move down, leaving it is a move up.
    """
    step = _definition_with_steps(table).step(code)
    return -1 if step.number is None else step.number


def is_higher(table: TableCode, code: str, than: str) -> bool:
    """True when step `code` is higher on the ladder than step `than`."""
    return step_rank(table, code) > step_rank(table, than)


def validate_step_move(
    table: TableCode,
    *,
    status: CaseStatus,
    tenure: Tenure,
    current: str,
    target: str,
    reason: str,
    on: dt.date,
    recorded_by: str,
    motivation: str = "",
    decision_reference: str = "",
    sitting_id: int | None = None,
) -> StepMove:
    """Check a move from step `current` to step `target` and return it with its history entry.

    Args:
        table: WO (ladder) or OM (phases); MH has routes instead and is refused.
        status: the case's status; a closed case cannot move.
        tenure: huur/koop of the home; huur-only steps need `Tenure.HUUR`.
        current: the code of the step the case stands on (`current_step(history)`).
        target: the code of the step to move to.
        reason: why; required for every move, up or down.
        motivation: required for steps with `needs_motivation` (proportionality).
        decision_reference: the external decision's reference, required with `motivation`.
        sitting_id: the sitting where it was decided, if any.

    Raises:
        RuleViolation: the move breaks a rule; `field` names the input to fix.
    """
    definition = _definition_with_steps(table)
    ensure_open(status, _("escaleren of de-escaleren"))
    if not target:
        raise RuleViolation(_("Kies de stap waar de casus naartoe gaat."), field="to_step")
    source = _known_step(definition, current, "from_step")
    goal = _known_step(definition, target, "to_step")
    if goal.code == source.code:
        raise RuleViolation(
            _("De casus staat al op stap {step}.").format(step=goal.display), field="to_step"
        )
    if goal.huur_only and tenure is not Tenure.HUUR:
        if tenure is Tenure.KOOP:
            message = _(
                "Stap {step} geldt alleen voor huurwoningen; deze casus betreft een koopwoning."
            )
        else:
            message = _(
                "Stap {step} geldt alleen voor huurwoningen; leg eerst vast of het een huur- of "
                "koopwoning is."
            )
        raise RuleViolation(message.format(step=goal.display), field="to_step")
    if not reason.strip():
        raise RuleViolation(
            _("Geef een reden voor de stap naar {step}.").format(step=goal.display), field="reason"
        )
    if goal.needs_motivation:
        if not motivation.strip():
            raise RuleViolation(
                _(
                    "Stap {step} vraagt een schriftelijke motivering: waarom is de maatregel "
                    "geschikt, noodzakelijk en evenwichtig?"
                ).format(step=goal.display),
                field="motivation",
            )
        if not decision_reference.strip():
            raise RuleViolation(
                _("Stap {step} vraagt het kenmerk van het besluit.").format(step=goal.display),
                field="decision_reference",
            )
    if not recorded_by.strip():
        raise RuleViolation(_("Vul in wie de wijziging vastlegt."), field="recorded_by")
    up = step_rank(table, goal.code) > step_rank(table, source.code)
    return StepMove(
        from_step=source,
        to_step=goal,
        direction=Direction.UP if up else Direction.DOWN,
        event=EventDraft(
            kind=EventKind.STAP,
            occurred_on=on,
            recorded_by=recorded_by.strip(),
            reason=reason.strip(),
            from_step=source.code,
            to_step=goal.code,
            motivation=motivation.strip() if goal.needs_motivation else "",
            decision_reference=decision_reference.strip() if goal.needs_motivation else "",
            sitting_id=sitting_id,
        ),
    )


def step_moves(events: Iterable[CaseEvent]) -> tuple[CaseEvent, ...]:
    """The effective entries that put the case on a step (registration and moves), in order."""
    return tuple(e for e in effective_history(events) if e.to_step)


def current_step(events: Iterable[CaseEvent], table: TableCode) -> str:
    """The one step the case stands on now: where its last effective move led.

    A history without any step entry (not expected: registration sets the start step)
    stands on the table's first step.
    """
    definition = _definition_with_steps(table)
    moves = step_moves(events)
    return moves[-1].to_step if moves else definition.initial_step.code


def highest_step(events: Iterable[CaseEvent], table: TableCode) -> str:
    """The highest numbered step the case has stood on ("" for a table without steps).

    Voided moves do not count; the aftercare step never counts.
    """
    definition = table_definition(table)
    if not definition.has_steps:
        return ""
    best = definition.initial_step
    for event in step_moves(events):
        step = definition.step(event.to_step)
        if step.number is not None and step.number > (best.number or 0):
            best = step
    return best.code
