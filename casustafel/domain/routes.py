"""Parallel routes of the mensenhandel table (zorg, straf, bestuur) and the CoMensha record.

Several routes can be active at once. Each is opened and closed by an entry with a date
and a reason; a route that is open cannot be opened again, one that is not open cannot be
closed. A closed case opens no routes. The CoMensha registration is recorded as yes/no,
date and the partner that made it, never a copy of the registration.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from casustafel.domain.catalogue import ProcessKind, table_definition
from casustafel.domain.lifecycle import effective_history, ensure_open
from casustafel.domain.model import CaseEvent, CaseStatus, EventDraft, EventKind, MhRoute, TableCode
from casustafel.errors import RuleViolation
from casustafel.i18n import _

__all__ = [
    "COMENSHA_NO",
    "COMENSHA_YES",
    "ComenshaRecord",
    "RouteChange",
    "active_routes",
    "close_route",
    "comensha_record",
    "open_route",
    "record_comensha",
    "routes_ever_opened",
]

COMENSHA_YES = "ja"
COMENSHA_NO = "nee"


@dataclass(frozen=True, slots=True)
class RouteChange:
    """The routes active after the change, and the history entry to append."""

    active: frozenset[MhRoute]
    event: EventDraft


@dataclass(frozen=True, slots=True)
class ComenshaRecord:
    """Whether a CoMensha registration was made, when, and by which partner (code)."""

    made: bool
    on: dt.date
    partner: str


def _check_table(table: TableCode) -> None:
    if table_definition(table).process is not ProcessKind.ROUTES:
        raise RuleViolation(
            _("Routes horen bij de tafel mensenhandel, niet bij {table}.").format(table=table.label)
        )


def _route_label(table: TableCode, route: MhRoute) -> str:
    return table_definition(table).route(route).label


def _common_checks(reason: str, recorded_by: str, message: str) -> None:
    if not reason.strip():
        raise RuleViolation(message, field="reason")
    if not recorded_by.strip():
        raise RuleViolation(_("Vul in wie de wijziging vastlegt."), field="recorded_by")


def open_route(
    table: TableCode,
    active: frozenset[MhRoute],
    route: MhRoute,
    *,
    status: CaseStatus,
    on: dt.date,
    recorded_by: str,
    reason: str,
    sitting_id: int | None = None,
) -> RouteChange:
    """Open `route` next to the routes in `active` (from `active_routes(history)`)."""
    _check_table(table)
    ensure_open(status, _("een route openen"))
    label = _route_label(table, route)
    if route in active:
        raise RuleViolation(_("De {route} staat al open.").format(route=label.lower()), "route")
    _common_checks(
        reason,
        recorded_by,
        _("Geef een reden om de {route} te openen.").format(route=label.lower()),
    )
    return RouteChange(
        active | {route},
        EventDraft(
            kind=EventKind.ROUTE_OPEN,
            occurred_on=on,
            recorded_by=recorded_by.strip(),
            reason=reason.strip(),
            route=route.value,
            sitting_id=sitting_id,
        ),
    )


def close_route(
    table: TableCode,
    active: frozenset[MhRoute],
    route: MhRoute,
    *,
    on: dt.date,
    recorded_by: str,
    reason: str,
    outcome: str = "",
    sitting_id: int | None = None,
) -> RouteChange:
    """Close the active `route`; also allowed after the case itself was closed (tidying up)."""
    _check_table(table)
    label = _route_label(table, route)
    if route not in active:
        raise RuleViolation(_("De {route} staat niet open.").format(route=label.lower()), "route")
    _common_checks(
        reason,
        recorded_by,
        _("Geef een reden om de {route} te sluiten.").format(route=label.lower()),
    )
    return RouteChange(
        active - {route},
        EventDraft(
            kind=EventKind.ROUTE_DICHT,
            occurred_on=on,
            recorded_by=recorded_by.strip(),
            reason=reason.strip(),
            route=route.value,
            outcome=outcome.strip(),
            sitting_id=sitting_id,
        ),
    )


def active_routes(events: Iterable[CaseEvent]) -> frozenset[MhRoute]:
    """The routes open now, replayed from the effective history."""
    active: set[MhRoute] = set()
    for event in effective_history(events):
        if event.kind is EventKind.ROUTE_OPEN:
            active.add(MhRoute(event.route))
        elif event.kind is EventKind.ROUTE_DICHT:
            active.discard(MhRoute(event.route))
    return frozenset(active)


def routes_ever_opened(events: Iterable[CaseEvent]) -> tuple[str, ...]:
    """Codes of every route opened at some time, in `MhRoute` order (for statistics)."""
    opened = {e.route for e in effective_history(events) if e.kind is EventKind.ROUTE_OPEN}
    return tuple(r.value for r in MhRoute if r.value in opened)


def record_comensha(
    *, made: bool, on: dt.date, partner: str, recorded_by: str, reason: str = ""
) -> EventDraft:
    """Record whether a CoMensha registration was made, when and by which partner.

    Only yes/no, date and partner are kept: never the registration itself.
    """
    if made and not partner.strip():
        raise RuleViolation(
            _("Vul in welke partner de registratie bij CoMensha heeft gedaan."),
            field="counterpart",
        )
    if not recorded_by.strip():
        raise RuleViolation(_("Vul in wie de wijziging vastlegt."), field="recorded_by")
    return EventDraft(
        kind=EventKind.COMENSHA,
        occurred_on=on,
        recorded_by=recorded_by.strip(),
        reason=reason.strip(),
        outcome=COMENSHA_YES if made else COMENSHA_NO,
        counterpart=partner.strip(),
    )


def comensha_record(events: Iterable[CaseEvent]) -> ComenshaRecord | None:
    """The latest effective CoMensha entry, or None when none was recorded."""
    latest: ComenshaRecord | None = None
    for event in effective_history(events):
        if event.kind is EventKind.COMENSHA:
            latest = ComenshaRecord(
                event.outcome == COMENSHA_YES, event.occurred_on, event.counterpart
            )
    return latest
