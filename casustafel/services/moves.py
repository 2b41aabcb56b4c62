"""Moves of a case: ladder steps, status changes, weighing, closing, hand-over, reopening,
mensenhandel routes, CoMensha and corrections, each one audited transaction.

Every move asks the domain rule (`ladder`, `lifecycle`, `routes`) with the case's current
state, appends the rule's history entry, and then derives the case row's status, step,
closing fields, next due date and statistical record from the whole (effective) history,
so the row can never drift from what the history says.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy import func, select

from casustafel.db import models
from casustafel.db.audit import AuditRecord
from casustafel.db.repositories import cases as case_repo
from casustafel.db.repositories.tx import Tx, utc_now
from casustafel.db.vault import Vault
from casustafel.domain import ladder, lifecycle, routes
from casustafel.domain import model as dm
from casustafel.errors import NotFoundError, RuleViolation
from casustafel.i18n import _

from . import statistics
from .cases import case_row

__all__ = [
    "apply_event_in",
    "change_status",
    "close_case",
    "close_route",
    "correct_event",
    "hand_over",
    "move_step",
    "open_route",
    "record_comensha",
    "record_weighing",
    "refresh_case_in",
    "reopen_case",
]

Rule = Callable[[models.Case, list[dm.CaseEvent]], dm.EventDraft]


def _check_day(row: models.Case, on: dt.date, today: dt.date) -> None:
    if on > today:
        raise RuleViolation(_("De datum ligt in de toekomst."), field="on")
    if on < row.registered_on:
        raise RuleViolation(
            _("De datum ligt vóór de registratie van de casus ({day}).").format(
                day=row.registered_on.strftime("%d-%m-%Y")
            ),
            field="on",
        )


def refresh_next_due(tx: Tx, row: models.Case) -> None:
    """Earliest due date of the open interventions and open agreements of an open case."""
    if dm.CaseStatus(row.status).is_closed:
        row.next_due = None
        return
    open_states = [s.value for s in dm.InterventionStatus if s.is_open]
    due_interventions = tx.session.scalar(
        select(func.min(models.Intervention.due_date)).where(
            models.Intervention.case_id == row.id, models.Intervention.status.in_(open_states)
        )
    )
    due_agreements = tx.session.scalar(
        select(func.min(models.Agreement.due_date)).where(
            models.Agreement.case_id == row.id, models.Agreement.status == "open"
        )
    )
    dates = [d for d in (due_interventions, due_agreements) if d is not None]
    row.next_due = min(dates) if dates else None


def refresh_case_in(tx: Tx, row: models.Case, touched_on: dt.date | None = None) -> None:
    """Derive status, step, closing fields, next due date and statistics from the history."""
    history = case_repo.events(tx.session, row.id)
    table = dm.TableCode(row.table_code)
    row.status = lifecycle.status_from_history(history).value
    if table is dm.TableCode.MH:
        active = routes.active_routes(history)
        row.step = "+".join(r.value for r in dm.MhRoute if r in active)
        comensha = routes.comensha_record(history)
        row.comensha_registered = comensha.made if comensha else None
        row.comensha_date = comensha.on if comensha else None
        row.comensha_partner = comensha.partner if comensha else ""
    else:
        row.step = ladder.current_step(history, table)
    closing = None
    for event in lifecycle.effective_history(history):
        if event.to_status:
            closing = event if dm.CaseStatus(event.to_status).is_closed else None
    row.closed_on = closing.occurred_on if closing else None
    row.close_reason = closing.reason if closing else ""
    row.outcome = closing.outcome if closing else ""
    row.handed_over_to = (
        closing.counterpart if closing and closing.kind is dm.EventKind.OVERDRACHT else ""
    )
    if touched_on is not None:
        row.last_activity = max(row.last_activity or touched_on, touched_on)
    refresh_next_due(tx, row)
    statistics.refresh_case(tx.session, row)


def apply_event_in(
    tx: Tx, case_id: int, rule: Rule, *, on: dt.date, today: dt.date | None = None
) -> dm.CaseEvent:
    """Run `rule` against the case's state, append its entry, refresh the row, audit."""
    now = utc_now()
    row = case_row(tx, case_id)
    _check_day(row, on, today or now.date())
    history = case_repo.events(tx.session, case_id)
    draft = rule(row, history)
    event = case_repo.append_event(tx.session, case_id, draft, now)
    refresh_case_in(tx, row, touched_on=on)
    tx.audit(
        AuditRecord(
            dm.AuditAction.CORRECT
            if draft.kind is dm.EventKind.CORRECTIE
            else dm.AuditAction.UPDATE,
            object_kind="case_event",
            case_id=case_id,
            object_id=event.id,
            detail=f"soort={draft.kind.value}",
        )
    )
    return event


def _run(vault: Vault, case_id: int, rule: Rule, on: dt.date) -> dm.CaseEvent:
    with vault.unit_of_work() as tx:
        return apply_event_in(tx, case_id, rule, on=on)


def _status(row: models.Case) -> dm.CaseStatus:
    return dm.CaseStatus(row.status)


def move_step(
    vault: Vault,
    case_id: int,
    target: str,
    *,
    on: dt.date,
    reason: str,
    motivation: str = "",
    decision_reference: str = "",
    sitting_id: int | None = None,
) -> dm.CaseEvent:
    """Move a WO/OM case to step `target` (up, skipping, or down); see `ladder`."""

    def rule(row: models.Case, history: list[dm.CaseEvent]) -> dm.EventDraft:
        table = dm.TableCode(row.table_code)
        return ladder.validate_step_move(
            table,
            status=_status(row),
            tenure=dm.Tenure(row.tenure),
            current=ladder.current_step(history, table),
            target=target,
            reason=reason,
            on=on,
            recorded_by=vault.user,
            motivation=motivation,
            decision_reference=decision_reference,
            sitting_id=sitting_id,
        ).event

    return _run(vault, case_id, rule, on)


def change_status(
    vault: Vault,
    case_id: int,
    target: dm.CaseStatus,
    *,
    on: dt.date,
    reason: str = "",
    sitting_id: int | None = None,
) -> dm.CaseEvent:
    """A plain status move (start weighing, take into treatment, aftercare, relapse)."""

    def rule(row: models.Case, _history: list[dm.CaseEvent]) -> dm.EventDraft:
        return lifecycle.change_status(
            _status(row),
            target,
            on=on,
            recorded_by=vault.user,
            reason=reason,
            sitting_id=sitting_id,
        ).event

    return _run(vault, case_id, rule, on)


def record_weighing(
    vault: Vault,
    case_id: int,
    outcome: str,
    *,
    on: dt.date,
    reason: str,
    counterpart: str = "",
    sitting_id: int | None = None,
) -> dm.CaseEvent:
    """The weighing decision of a case in weging; the outcome sets the status."""

    def rule(row: models.Case, _history: list[dm.CaseEvent]) -> dm.EventDraft:
        return lifecycle.record_weighing(
            _status(row),
            dm.TableCode(row.table_code),
            outcome,
            on=on,
            recorded_by=vault.user,
            reason=reason,
            counterpart=counterpart,
            sitting_id=sitting_id,
        ).event

    return _run(vault, case_id, rule, on)


def close_case(
    vault: Vault,
    case_id: int,
    outcome: str,
    *,
    on: dt.date,
    reason: str,
    sitting_id: int | None = None,
) -> dm.CaseEvent:
    """Close an open case with a reason and one of the table's closing outcomes."""

    def rule(row: models.Case, _history: list[dm.CaseEvent]) -> dm.EventDraft:
        return lifecycle.close_case(
            _status(row),
            dm.TableCode(row.table_code),
            outcome,
            on=on,
            recorded_by=vault.user,
            reason=reason,
            sitting_id=sitting_id,
        ).event

    return _run(vault, case_id, rule, on)


def hand_over(
    vault: Vault,
    case_id: int,
    organisation: str,
    *,
    on: dt.date,
    reason: str,
    sitting_id: int | None = None,
) -> dm.CaseEvent:
    """Hand an open case over to a receiving organisation (a `handover_organisations` code)."""

    def rule(row: models.Case, _history: list[dm.CaseEvent]) -> dm.EventDraft:
        return lifecycle.hand_over(
            _status(row), organisation, on=on, recorded_by=vault.user, reason=reason,
            sitting_id=sitting_id,
        ).event  # fmt: skip

    return _run(vault, case_id, rule, on)


def reopen_case(
    vault: Vault,
    case_id: int,
    *,
    on: dt.date,
    reason: str,
    to: dm.CaseStatus = dm.CaseStatus.IN_BEHANDELING,
) -> dm.CaseEvent:
    """Reopen a closed case; the closing stays in the history."""

    def rule(row: models.Case, _history: list[dm.CaseEvent]) -> dm.EventDraft:
        return lifecycle.reopen(
            _status(row), on=on, recorded_by=vault.user, reason=reason, to=to
        ).event

    return _run(vault, case_id, rule, on)


def open_route(
    vault: Vault, case_id: int, route: dm.MhRoute, *, on: dt.date, reason: str,
    sitting_id: int | None = None,
) -> dm.CaseEvent:  # fmt: skip
    """Open a mensenhandel route next to the active ones."""

    def rule(row: models.Case, history: list[dm.CaseEvent]) -> dm.EventDraft:
        return routes.open_route(
            dm.TableCode(row.table_code), routes.active_routes(history), route,
            status=_status(row), on=on, recorded_by=vault.user, reason=reason,
            sitting_id=sitting_id,
        ).event  # fmt: skip

    return _run(vault, case_id, rule, on)


def close_route(
    vault: Vault, case_id: int, route: dm.MhRoute, *, on: dt.date, reason: str,
    outcome: str = "", sitting_id: int | None = None,
) -> dm.CaseEvent:  # fmt: skip
    """Close an active mensenhandel route."""

    def rule(row: models.Case, history: list[dm.CaseEvent]) -> dm.EventDraft:
        return routes.close_route(
            dm.TableCode(row.table_code), routes.active_routes(history), route,
            on=on, recorded_by=vault.user, reason=reason, outcome=outcome,
            sitting_id=sitting_id,
        ).event  # fmt: skip

    return _run(vault, case_id, rule, on)


def record_comensha(
    vault: Vault, case_id: int, *, made: bool, on: dt.date, partner: str, reason: str = ""
) -> dm.CaseEvent:
    """Record yes/no, date and partner of a CoMensha registration (MH cases only)."""

    def rule(row: models.Case, _history: list[dm.CaseEvent]) -> dm.EventDraft:
        if row.table_code != dm.TableCode.MH.value:
            raise RuleViolation(_("Een CoMensha-registratie hoort bij de tafel mensenhandel."))
        return routes.record_comensha(
            made=made, on=on, partner=partner, recorded_by=vault.user, reason=reason
        )

    return _run(vault, case_id, rule, on)


def correct_event(
    vault: Vault, case_id: int, event_id: int, *, on: dt.date, reason: str
) -> dm.CaseEvent:
    """Void an earlier entry with a correction (a new entry pointing to it)."""

    def rule(_row: models.Case, history: list[dm.CaseEvent]) -> dm.EventDraft:
        original = next((e for e in history if e.id == event_id), None)
        if original is None:
            raise NotFoundError(
                _("Gebeurtenis {id} hoort niet bij deze casus.").format(id=event_id)
            )
        return lifecycle.correct_event(original, on=on, recorded_by=vault.user, reason=reason)

    return _run(vault, case_id, rule, on)
