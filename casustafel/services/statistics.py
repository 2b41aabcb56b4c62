"""Keeps each case's and signal's anonymous statistical record up to date.

Every service that changes a case calls `refresh_case` in the same transaction, so the
record in `stat_records` always equals what `casustafel.domain.statistics` computes from
the case's history. The record row has no link back to the case (only the case points to
it), so it survives the case's destruction and identifies no one.
"""

from __future__ import annotations

import datetime as dt
from typing import Protocol

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from casustafel.db import models
from casustafel.db.repositories import cases as case_repo
from casustafel.db.repositories import convert
from casustafel.domain import catalogue
from casustafel.domain.model import StatKind, StatRecord, TableCode
from casustafel.domain.statistics import compute_case_stat, compute_signal_stat

__all__ = [
    "STAT_COLUMNS",
    "StatRow",
    "compute_for_case",
    "first_discussed_on",
    "lead_partner_type",
    "record_of_row",
    "refresh_case",
    "refresh_signal",
    "stored_record",
]


def lead_partner_type(table: TableCode, partner_code: str) -> str:
    """The partner type (e.g. "politie") of a table's partner code; "" when none or unknown."""
    if not partner_code:
        return ""
    for partner in catalogue.table_definition(table).partners:
        if partner.code == partner_code:
            return partner.type
    return ""


def first_discussed_on(session: Session, case_id: int) -> dt.date | None:
    """The date of the first held sitting where the case was on the agenda or decided on."""
    held = or_(models.Sitting.closed_at.is_not(None), models.Sitting.status != "gepland")
    on_agenda = session.scalar(
        select(func.min(models.Sitting.starts_at))
        .join(models.AgendaItem, models.AgendaItem.sitting_id == models.Sitting.id)
        .where(models.AgendaItem.case_id == case_id, held)
    )
    decided = session.scalar(
        select(func.min(models.Sitting.starts_at))
        .join(models.CaseEvent, models.CaseEvent.sitting_id == models.Sitting.id)
        .where(models.CaseEvent.case_id == case_id)
    )
    dates = [d.date() for d in (on_agenda, decided) if d is not None]
    return min(dates) if dates else None


def compute_for_case(session: Session, row: models.Case) -> StatRecord:
    """The record a recount of the case's stored history gives now."""
    table = TableCode(row.table_code)
    return compute_case_stat(
        table=table,
        area=row.area,
        registered_on=row.registered_on,
        lead_partner_type=lead_partner_type(table, row.lead_partner),
        events=case_repo.events(session, row.id),
        interventions=case_repo.interventions(session, row.id),
        first_discussed_on=first_discussed_on(session, row.id),
    )


def _apply(target: models.StatRecord, record: StatRecord) -> None:
    target.kind = record.kind.value
    target.table_code = record.table.value
    target.area = record.area
    target.registered_month = record.registered_month
    target.closed_month = record.closed_month
    target.lead_time_days = record.lead_time_days
    target.weighing_days = record.weighing_days
    target.first_discussion_days = record.first_discussion_days
    target.highest_step = record.highest_step
    target.routes = ",".join(record.routes)
    target.intervention_types = ",".join(record.intervention_types)
    target.outcome = record.outcome
    target.lead_partner_type = record.lead_partner_type


def new_row(record: StatRecord) -> models.StatRecord:
    """A stat_records row holding `record` (not yet added to a session)."""
    target = models.StatRecord()
    _apply(target, record)
    return target


class StatRow(Protocol):
    """What `record_of_row` reads: a `models.StatRecord`, or a row of `STAT_COLUMNS`."""

    @property
    def kind(self) -> str: ...
    @property
    def table_code(self) -> str: ...
    @property
    def area(self) -> str: ...
    @property
    def registered_month(self) -> str: ...
    @property
    def closed_month(self) -> str | None: ...
    @property
    def lead_time_days(self) -> int | None: ...
    @property
    def weighing_days(self) -> int | None: ...
    @property
    def first_discussion_days(self) -> int | None: ...
    @property
    def highest_step(self) -> str: ...
    @property
    def routes(self) -> str: ...
    @property
    def intervention_types(self) -> str: ...
    @property
    def outcome(self) -> str: ...
    @property
    def lead_partner_type(self) -> str: ...


# Selecting these columns instead of whole ORM objects reads all records of a 10,000-case
# vault in about half the time (tests/perf: the export's budget is one second).
STAT_COLUMNS = (
    models.StatRecord.kind,
    models.StatRecord.table_code,
    models.StatRecord.area,
    models.StatRecord.registered_month,
    models.StatRecord.closed_month,
    models.StatRecord.lead_time_days,
    models.StatRecord.weighing_days,
    models.StatRecord.first_discussion_days,
    models.StatRecord.highest_step,
    models.StatRecord.routes,
    models.StatRecord.intervention_types,
    models.StatRecord.outcome,
    models.StatRecord.lead_partner_type,
)


def record_of_row(row: StatRow) -> StatRecord:
    """The domain value of a stored record (an ORM object or a row of `STAT_COLUMNS`)."""
    return StatRecord(
        kind=StatKind(row.kind),
        table=TableCode(row.table_code),
        area=row.area,
        registered_month=row.registered_month,
        closed_month=row.closed_month,
        lead_time_days=row.lead_time_days,
        weighing_days=row.weighing_days,
        first_discussion_days=row.first_discussion_days,
        highest_step=row.highest_step,
        routes=tuple(r for r in row.routes.split(",") if r),
        intervention_types=tuple(t for t in row.intervention_types.split(",") if t),
        outcome=row.outcome,
        lead_partner_type=row.lead_partner_type,
    )


def stored_record(session: Session, stat_record_id: int | None) -> StatRecord | None:
    """The record stored under `stat_record_id`, or None."""
    if stat_record_id is None:
        return None
    row = session.get(models.StatRecord, stat_record_id)
    return record_of_row(row) if row is not None else None


def _store(session: Session, current_id: int | None, record: StatRecord) -> int:
    row = session.get(models.StatRecord, current_id) if current_id is not None else None
    if row is None:
        row = new_row(record)
        session.add(row)
        session.flush()
    else:
        _apply(row, record)
    return row.id


def refresh_case(session: Session, row: models.Case) -> None:
    """Recompute and store the case's record (creating it on first use)."""
    session.flush()
    row.stat_record_id = _store(session, row.stat_record_id, compute_for_case(session, row))


def refresh_signal(session: Session, row: models.Signal) -> None:
    """Recompute and store the signal's record (creating it on first use)."""
    session.flush()
    record = compute_signal_stat(convert.to_signal(row))
    row.stat_record_id = _store(session, row.stat_record_id, record)
