"""The case-file actions as the dialogs call them: one thin seam over the services.

The dialogs speak in keyword arguments the user filled in; this module passes them on to
the service functions of `casustafel.services` (one transaction each). Keeping the
calls here means a renamed service parameter is fixed in one place, not in five dialogs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from casustafel.db.vault import Vault
from casustafel.domain.agenda_rules import Proposal
from casustafel.domain.model import CaseStatus, InterventionStatus, MhRoute
from casustafel.services import case_edits, interventions, moves, sittings
from casustafel.services.case_edits import CaseEdit

__all__ = [
    "CaseEdit",
    "InterventionInput",
    "add_intervention",
    "add_note",
    "change_route",
    "close_case",
    "edit_case",
    "edit_subject",
    "hand_over",
    "move_step",
    "proposal_of",
    "reopen",
    "set_proposal",
    "update_intervention",
]


@dataclass(frozen=True, slots=True)
class InterventionInput:
    """An intervention as the dialog collects it; `due_text` is a date or "N werkdagen"."""

    type_code: str
    partner: str
    start_date: dt.date
    due_text: str
    status: InterventionStatus
    outcome: str = ""
    description: str = ""


def move_step(
    vault: Vault,
    case_id: int,
    *,
    to_step: str,
    reason: str,
    on: dt.date,
    motivation: str = "",
    decision_reference: str = "",
) -> None:
    moves.move_step(
        vault,
        case_id,
        to_step,
        on=on,
        reason=reason,
        motivation=motivation,
        decision_reference=decision_reference,
    )


def change_route(
    vault: Vault, case_id: int, *, route: MhRoute, open_it: bool, reason: str, on: dt.date
) -> None:
    if open_it:
        moves.open_route(vault, case_id, route, on=on, reason=reason)
    else:
        moves.close_route(vault, case_id, route, on=on, reason=reason)


def close_case(vault: Vault, case_id: int, *, outcome: str, reason: str, on: dt.date) -> None:
    moves.close_case(vault, case_id, outcome, on=on, reason=reason)


def hand_over(vault: Vault, case_id: int, *, organisation: str, reason: str, on: dt.date) -> None:
    moves.hand_over(vault, case_id, organisation, on=on, reason=reason)


def reopen(vault: Vault, case_id: int, *, to: CaseStatus, reason: str, on: dt.date) -> None:
    moves.reopen_case(vault, case_id, on=on, reason=reason, to=to)


def add_intervention(vault: Vault, case_id: int, entry: InterventionInput) -> int:
    return interventions.add_intervention(
        vault,
        case_id,
        interventions.NewIntervention(
            type_code=entry.type_code,
            partner=entry.partner,
            start_date=entry.start_date,
            due=entry.due_text or None,
            status=entry.status,
            description=entry.description,
        ),
    )


def update_intervention(vault: Vault, intervention_id: int, entry: InterventionInput) -> None:
    interventions.update_intervention(
        vault,
        intervention_id,
        interventions.InterventionChange(
            status=entry.status,
            due=entry.due_text or None,
            partner=entry.partner,
            outcome=entry.outcome,
            description=entry.description,
        ),
    )


def add_note(vault: Vault, case_id: int, text: str) -> int:
    return interventions.add_note(vault, case_id, text).id


def proposal_of(vault: Vault, case_id: int) -> tuple[Proposal, str, bool]:
    """The case's proposal for the table, its proposed step and its "bespreken" mark."""
    return sittings.case_proposal(vault, case_id)


def set_proposal(
    vault: Vault, case_id: int, *, proposal: Proposal, step: str, flagged: bool
) -> None:
    sittings.set_case_proposal(vault, case_id, proposal, step, flagged=flagged)


def edit_case(vault: Vault, case_id: int, edit: CaseEdit) -> tuple[str, ...]:
    return case_edits.edit_case(vault, case_id, edit)


def edit_subject(
    vault: Vault, case_id: int, subject_id: int, changes: Mapping[str, str | dt.date | None]
) -> tuple[str, ...]:
    return case_edits.edit_subject(vault, subject_id, changes, case_id=case_id)
