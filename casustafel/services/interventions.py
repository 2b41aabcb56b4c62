"""Interventions and notes on a case: add and update, each one audited transaction.

An intervention comes from the table's catalogue (which fixes its domain) and is carried
out by one of the table's partners. Its due date is a date or "N werkdagen" counted from
the start with the vault's working-day calendar. Every change refreshes the case's next
due date, last activity and statistical record.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from casustafel.db import models
from casustafel.db.audit import AuditRecord
from casustafel.db.repositories import convert
from casustafel.db.repositories.tx import Tx, utc_now
from casustafel.db.vault import Vault
from casustafel.domain import catalogue, lifecycle
from casustafel.domain import model as dm
from casustafel.domain.settings import Settings
from casustafel.domain.workdays import WorkdayCalendar, resolve_due_date
from casustafel.errors import NotFoundError, ValidationError
from casustafel.i18n import _

from .cases import case_row
from .moves import refresh_case_in

__all__ = [
    "InterventionChange",
    "NewIntervention",
    "add_intervention",
    "add_intervention_in",
    "add_note",
    "calendar_of",
    "update_intervention",
]


@dataclass(frozen=True, slots=True)
class NewIntervention:
    """An intervention as entered; `due` is a date, "N werkdagen", a date text, or None."""

    type_code: str
    partner: str
    start_date: dt.date
    due: dt.date | str | None = None
    status: dm.InterventionStatus = dm.InterventionStatus.GEPLAND
    description: str = ""


@dataclass(frozen=True, slots=True)
class InterventionChange:
    """What to change on an intervention; None leaves a field as it is."""

    status: dm.InterventionStatus | None = None
    due: dt.date | str | None = None
    partner: str | None = None
    outcome: str | None = None
    description: str | None = None


def calendar_of(settings: Settings) -> WorkdayCalendar:
    """The working-day calendar the municipality chose in the settings."""
    return WorkdayCalendar(
        good_friday=settings.good_friday_is_holiday,
        liberation_day=settings.liberation_day_is_holiday,
    )


def _due(due: dt.date | str | None, start: dt.date, calendar: WorkdayCalendar) -> dt.date | None:
    if due is None or (isinstance(due, str) and not due.strip()):
        return None
    if isinstance(due, dt.date):
        if due < start:
            raise ValidationError(
                _("De einddatum ligt vóór de startdatum ({start}).").format(
                    start=start.strftime("%d-%m-%Y")
                ),
                field="due_date",
            )
        return due
    return resolve_due_date(due, start, calendar)


def _check_partner(table: dm.TableCode, partner: str) -> None:
    definition = catalogue.table_definition(table)
    if partner not in {p.code for p in definition.partners}:
        raise ValidationError(
            _("Kies een partner van de tafel {table}.").format(table=definition.name),
            field="partner",
        )


def add_intervention_in(
    tx: Tx, case_id: int, new: NewIntervention, calendar: WorkdayCalendar
) -> int:
    """Add an intervention inside the caller's transaction; return its id."""
    now = utc_now()
    row = case_row(tx, case_id)
    table = dm.TableCode(row.table_code)
    lifecycle.ensure_open(dm.CaseStatus(row.status), _("een interventie toevoegen"))
    if not new.type_code:
        raise ValidationError(_("Kies een interventie uit de catalogus."), field="type_code")
    kind = catalogue.table_definition(table).intervention(new.type_code)
    _check_partner(table, new.partner)
    if new.start_date < row.registered_on:
        raise ValidationError(
            _("De startdatum ligt vóór de registratie van de casus."), field="start_date"
        )
    item = models.Intervention(
        case_id=case_id,
        type_code=kind.code,
        domain=kind.domain.value,
        partner=new.partner,
        start_date=new.start_date,
        due_date=_due(new.due, new.start_date, calendar),
        status=dm.InterventionStatus(new.status).value,
        outcome="",
        description=new.description.strip(),
        created_at=now,
        updated_at=now,
    )
    tx.session.add(item)
    tx.session.flush()
    refresh_case_in(tx, row, touched_on=min(new.start_date, now.date()))
    tx.audit(
        AuditRecord(
            dm.AuditAction.CREATE, object_kind="intervention", case_id=case_id, object_id=item.id
        )
    )
    return item.id


def add_intervention(vault: Vault, case_id: int, new: NewIntervention) -> int:
    """Add an intervention from the table's catalogue to an open case; return its id."""
    calendar = calendar_of(vault.settings())
    with vault.unit_of_work() as tx:
        return add_intervention_in(tx, case_id, new, calendar)


def update_intervention(
    vault: Vault, intervention_id: int, change: InterventionChange
) -> dm.Intervention:
    """Change status, due date, partner, outcome or description of an intervention."""
    calendar = calendar_of(vault.settings())
    with vault.unit_of_work() as tx:
        item = tx.session.get(models.Intervention, intervention_id)
        if item is None:
            raise NotFoundError(
                _("Interventie {id} bestaat niet (meer).").format(id=intervention_id)
            )
        row = case_row(tx, item.case_id)
        if change.status is not None:
            item.status = dm.InterventionStatus(change.status).value
        if change.due is not None:
            item.due_date = _due(change.due, item.start_date, calendar)
        if change.partner is not None:
            _check_partner(dm.TableCode(row.table_code), change.partner)
            item.partner = change.partner
        if change.outcome is not None:
            item.outcome = change.outcome.strip()
        if change.description is not None:
            item.description = change.description.strip()
        now = utc_now()
        item.updated_at = now
        tx.session.flush()
        refresh_case_in(tx, row, touched_on=now.date())
        tx.audit(
            AuditRecord(
                dm.AuditAction.UPDATE,
                object_kind="intervention",
                case_id=row.id,
                object_id=item.id,
            )
        )
        return convert.to_intervention(item)


def add_note(vault: Vault, case_id: int, text: str) -> dm.Note:
    """Add a note to a case (closed cases too: a note is not a move)."""
    if not text.strip():
        raise ValidationError(_("Schrijf eerst een notitie."), field="text")
    with vault.unit_of_work() as tx:
        now = utc_now()
        row = case_row(tx, case_id)
        note = models.Note(case_id=case_id, written_at=now, author=tx.user, text=text.strip())
        tx.session.add(note)
        tx.session.flush()
        row.last_activity = max(row.last_activity or now.date(), now.date())
        tx.audit(
            AuditRecord(
                dm.AuditAction.CREATE, object_kind="note", case_id=case_id, object_id=note.id
            )
        )
        return convert.to_note(note)
