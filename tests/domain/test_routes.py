"""Tests for the parallel mensenhandel routes and the CoMensha record."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casustafel.domain.lifecycle import correct_event
from casustafel.domain.model import CaseEvent, CaseStatus, EventDraft, EventKind, MhRoute, TableCode
from casustafel.domain.routes import (
    active_routes,
    close_route,
    comensha_record,
    open_route,
    record_comensha,
    routes_ever_opened,
)
from casustafel.errors import RuleViolation

DAY = dt.date(2026, 5, 6)
BY = "ketenregisseur"
NONE: frozenset[MhRoute] = frozenset()


class History:
    def __init__(self) -> None:
        self.events: list[CaseEvent] = []

    def add(self, draft: EventDraft) -> CaseEvent:
        event = draft.to_event(len(self.events) + 1, case_id=3)
        self.events.append(event)
        return event


def _open(active: frozenset[MhRoute], route: MhRoute, reason: str = "signaal") -> object:
    return open_route(
        TableCode.MH,
        active,
        route,
        status=CaseStatus.IN_BEHANDELING,
        on=DAY,
        recorded_by=BY,
        reason=reason,
    )


def test_several_routes_run_at_once() -> None:
    h = History()
    active = NONE
    for route in (MhRoute.ZORG, MhRoute.STRAF, MhRoute.BESTUUR):
        change = _open(active, route)
        h.add(change.event)  # type: ignore[attr-defined]
        active = change.active  # type: ignore[attr-defined]
    assert active_routes(h.events) == frozenset(MhRoute)
    closing = close_route(
        TableCode.MH, active, MhRoute.STRAF, on=DAY, recorded_by=BY, reason="geen aangifte"
    )
    h.add(closing.event)
    assert closing.event.kind is EventKind.ROUTE_DICHT and closing.event.route == "straf"
    assert active_routes(h.events) == {MhRoute.ZORG, MhRoute.BESTUUR}
    assert routes_ever_opened(h.events) == ("zorg", "straf", "bestuur")


def test_route_guards_have_clear_messages() -> None:
    with pytest.raises(RuleViolation) as info:
        _open(frozenset({MhRoute.ZORG}), MhRoute.ZORG)
    assert info.value.message == "De zorgroute staat al open."
    assert info.value.field == "route"
    with pytest.raises(RuleViolation) as info:
        close_route(TableCode.MH, NONE, MhRoute.STRAF, on=DAY, recorded_by=BY, reason="x")
    assert info.value.message == "De strafrechtelijke route staat niet open."
    with pytest.raises(RuleViolation, match="Geef een reden om de bestuurlijke route te openen"):
        _open(NONE, MhRoute.BESTUUR, reason=" ")
    with pytest.raises(RuleViolation, match="Geef een reden om de zorgroute te sluiten"):
        close_route(
            TableCode.MH, frozenset({MhRoute.ZORG}), MhRoute.ZORG, on=DAY, recorded_by=BY, reason=""
        )


def test_closed_case_opens_no_route_and_other_tables_have_none() -> None:
    with pytest.raises(RuleViolation, match="Heropen de casus eerst"):
        open_route(
            TableCode.MH,
            NONE,
            MhRoute.ZORG,
            status=CaseStatus.AFGESLOTEN,
            on=DAY,
            recorded_by=BY,
            reason="x",
        )
    with pytest.raises(RuleViolation, match="Routes horen bij de tafel mensenhandel"):
        open_route(
            TableCode.WO,
            NONE,
            MhRoute.ZORG,
            status=CaseStatus.IN_BEHANDELING,
            on=DAY,
            recorded_by=BY,
            reason="x",
        )
    # Tidying up a route after the case was closed is allowed.
    done = close_route(
        TableCode.MH, frozenset({MhRoute.ZORG}), MhRoute.ZORG, on=DAY, recorded_by=BY, reason="x"
    )
    assert done.active == NONE


def test_corrected_route_opening_no_longer_counts() -> None:
    h = History()
    opened = h.add(_open(NONE, MhRoute.STRAF).event)  # type: ignore[attr-defined]
    h.add(correct_event(opened, on=DAY, recorded_by=BY, reason="verkeerde route"))
    assert active_routes(h.events) == NONE
    assert routes_ever_opened(h.events) == ()


def test_comensha_is_yes_no_date_and_partner_only() -> None:
    h = History()
    assert comensha_record(h.events) is None
    h.add(record_comensha(made=False, on=DAY, partner="", recorded_by=BY))
    h.add(
        record_comensha(made=True, on=DAY + dt.timedelta(days=3), partner="politie", recorded_by=BY)
    )
    record = comensha_record(h.events)
    assert record is not None
    assert (record.made, record.on, record.partner) == (True, DAY + dt.timedelta(days=3), "politie")
    assert h.events[-1].kind is EventKind.COMENSHA and h.events[-1].outcome == "ja"
    with pytest.raises(RuleViolation, match="welke partner de registratie bij CoMensha") as info:
        record_comensha(made=True, on=DAY, partner=" ", recorded_by=BY)
    assert info.value.field == "counterpart"


_ops = st.lists(
    st.tuples(st.booleans(), st.sampled_from(list(MhRoute)), st.sampled_from(["", "reden"])),
    max_size=30,
)


@given(_ops)
def test_route_rules_hold_for_any_sequence(ops: list[tuple[bool, MhRoute, str]]) -> None:
    h = History()
    model: set[MhRoute] = set()
    opened: set[MhRoute] = set()
    for n, (opening, route, reason) in enumerate(ops):
        active = active_routes(h.events)
        assert active == model
        ok = bool(reason) and ((route not in model) if opening else (route in model))
        kwargs = {"on": DAY + dt.timedelta(days=n), "recorded_by": BY, "reason": reason}
        try:
            if opening:
                change = open_route(
                    TableCode.MH, active, route, status=CaseStatus.IN_BEHANDELING, **kwargs
                )
            else:
                change = close_route(TableCode.MH, active, route, **kwargs)  # type: ignore[arg-type]
        except RuleViolation:
            assert not ok
            continue
        assert ok
        h.add(change.event)
        assert change.event.reason and change.event.occurred_on == kwargs["on"]
        (model.add if opening else model.discard)(route)
        if opening:
            opened.add(route)
        assert change.active == model
    assert active_routes(h.events) == model
    assert set(routes_ever_opened(h.events)) == {r.value for r in opened}
