"""Gather the `CaseFacts` the agenda rules need, for all open cases of a table, in a few queries.

Five set-based queries (cases, open interventions, open agreements, earlier discussions) instead
of one round per case, so proposing the agenda of a large table stays quick.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from casustafel.db import models
from casustafel.domain import catalogue
from casustafel.domain.agenda_rules import CaseFacts, Deadline, DeadlineKind, Proposal
from casustafel.domain.model import (
    CLOSED_STATUSES,
    CaseStatus,
    InterventionStatus,
    TableCode,
)

__all__ = ["OPEN_AGREEMENT", "case_facts"]

OPEN_AGREEMENT = "open"
_OPEN_INTERVENTIONS = (InterventionStatus.GEPLAND.value, InterventionStatus.LOPEND.value)


def _step_display(table: TableCode, code: str) -> str:
    definition = catalogue.table_definition(table)
    return definition.step(code).display if code and definition.has_steps else code


def case_facts(session: Session, table: TableCode, before: dt.datetime) -> list[CaseFacts]:
    """Facts of every open case of `table`, with discussions at held sittings before `before`."""
    closed = [s.value for s in CLOSED_STATUSES]
    cases = list(
        session.scalars(
            select(models.Case).where(
                models.Case.table_code == table.value, models.Case.status.not_in(closed)
            )
        )
    )
    deadlines: dict[int, list[Deadline]] = {}
    rows: list[tuple[int | None, dt.date | None, str, DeadlineKind]] = []
    for case_id, due, partner in session.execute(
        select(
            models.Intervention.case_id, models.Intervention.due_date, models.Intervention.partner
        )
        .join(models.Case, models.Case.id == models.Intervention.case_id)
        .where(
            models.Case.table_code == table.value,
            models.Intervention.status.in_(_OPEN_INTERVENTIONS),
            models.Intervention.due_date.is_not(None),
        )
    ):
        rows.append((case_id, due, partner, DeadlineKind.INTERVENTIE))
    for agreement_case, due, partner in session.execute(
        select(models.Agreement.case_id, models.Agreement.due_date, models.Agreement.partner)
        .join(models.Case, models.Case.id == models.Agreement.case_id)
        .where(
            models.Case.table_code == table.value,
            models.Agreement.status == OPEN_AGREEMENT,
            models.Agreement.due_date.is_not(None),
        )
    ):
        rows.append((agreement_case, due, partner, DeadlineKind.AFSPRAAK))
    for owner, day, who, kind in rows:
        if owner is not None and day is not None:
            deadlines.setdefault(owner, []).append(Deadline(kind, day, who))
    # Discussions at held sittings before this one, newest last: the last one decides the
    # return date and when the case was last discussed.
    last: dict[int, tuple[dt.date, dt.date | None]] = {}
    for item_case, starts_at, returns_on in session.execute(
        select(models.AgendaItem.case_id, models.Sitting.starts_at, models.AgendaItem.returns_on)
        .join(models.Sitting, models.Sitting.id == models.AgendaItem.sitting_id)
        .where(
            models.Sitting.table_code == table.value,
            models.Sitting.status != "gepland",
            models.Sitting.starts_at < before,
            models.AgendaItem.case_id.is_not(None),
            # Doorgeschoven is not discussed: the case stays new or due as it was.
            models.AgendaItem.not_discussed.is_(False),
        )
        .order_by(models.Sitting.starts_at, models.AgendaItem.id)
    ):
        if item_case is not None:
            last[item_case] = (starts_at.date(), returns_on)
    facts = []
    for case in cases:
        discussed, returns_on = last.get(case.id, (None, None))
        facts.append(
            CaseFacts(
                case_id=case.id,
                number=case.number,
                label=case.label,
                table=table,
                status=CaseStatus(case.status),
                step=case.step,
                lead_partner=case.lead_partner,
                flagged=case.flagged_for_discussion,
                proposal=Proposal(case.proposal),
                proposal_step=_step_display(table, case.proposal_step),
                last_discussed_on=discussed,
                returns_on=returns_on,
                deadlines=tuple(deadlines.get(case.id, ())),
            )
        )
    return facts
