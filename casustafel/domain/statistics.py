"""The anonymous statistical record of a case or signal, computed from its history.

Pure and deterministic: the db layer recomputes the record on every change of a case and
stores it apart from the personal data, so that it survives the case's destruction. The
record holds months and day counts, never dates, names or case numbers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from casustafel.domain.ladder import highest_step
from casustafel.domain.lifecycle import effective_history
from casustafel.domain.model import (
    CaseEvent,
    CaseStatus,
    EventKind,
    Intervention,
    Signal,
    StatKind,
    StatRecord,
    TableCode,
)
from casustafel.domain.routes import routes_ever_opened

__all__ = ["compute_case_stat", "compute_signal_stat", "month_of"]


def month_of(day: dt.date) -> str:
    """The month of `day` as used in statistical records: `"YYYY-MM"`."""
    return f"{day.year:04d}-{day.month:02d}"


def _days(start: dt.date, end: dt.date | None) -> int | None:
    return None if end is None else (end - start).days


def compute_case_stat(
    *,
    table: TableCode,
    area: str,
    registered_on: dt.date,
    lead_partner_type: str,
    events: Iterable[CaseEvent],
    interventions: Iterable[Intervention],
    first_discussed_on: dt.date | None = None,
) -> StatRecord:
    """The anonymous record of one case, from its registration data and full history.

    Args:
        table: the case's table.
        area: the wijk or dorp (an `areas()` name).
        registered_on: the registration date.
        lead_partner_type: the `type` of the lead partner (e.g. "politie"), not its name.
        events: the case's whole history, corrections included (they are applied here).
        interventions: the case's interventions; each counts once by its catalogue code.
        first_discussed_on: date of the first sitting where the case was discussed.

    Returns:
        The record: closing month, lead time and outcome only while the case is closed
        (a reopened case counts as open again); the weighing time runs from
        registration to the first weighing decision.
    """
    history = effective_history(events)
    status = CaseStatus.AANGEMELD
    closing: CaseEvent | None = None
    weighed_on: dt.date | None = None
    for event in history:
        if event.kind is EventKind.WEGING and weighed_on is None:
            weighed_on = event.occurred_on
        if event.to_status:
            status = CaseStatus(event.to_status)
            closing = event if status.is_closed else None
    closed_on = closing.occurred_on if closing is not None else None
    return StatRecord(
        kind=StatKind.CASE,
        table=table,
        area=area,
        registered_month=month_of(registered_on),
        closed_month=month_of(closed_on) if closed_on is not None else None,
        lead_time_days=_days(registered_on, closed_on),
        weighing_days=_days(registered_on, weighed_on),
        first_discussion_days=_days(registered_on, first_discussed_on),
        highest_step=highest_step(history, table),
        routes=routes_ever_opened(history),
        intervention_types=tuple(sorted(i.type_code for i in interventions)),
        outcome=closing.outcome if closing is not None else "",
        lead_partner_type=lead_partner_type,
    )


def compute_signal_stat(signal: Signal, *, lead_partner_type: str = "") -> StatRecord:
    """The anonymous record of one signal: month received, days to weighing, outcome.

    Args:
        signal: the signal as stored.
        lead_partner_type: the `type` of the partner the signal came from, if known.
    """
    return StatRecord(
        kind=StatKind.SIGNAL,
        table=signal.table,
        area=signal.area,
        registered_month=month_of(signal.received_on),
        weighing_days=_days(signal.received_on, signal.weighed_on),
        outcome=signal.weighing_outcome,
        lead_partner_type=lead_partner_type,
    )
