"""Tests for the anonymous statistical record: it must equal a recount after any history."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import random

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from casustafel.domain.catalogue import table_definition
from casustafel.domain.ladder import validate_step_move
from casustafel.domain.lifecycle import (
    change_status,
    close_case,
    correct_event,
    hand_over,
    record_weighing,
    register_case,
    reopen,
)
from casustafel.domain.model import (
    CaseEvent,
    CaseStatus,
    EventDraft,
    EventKind,
    Intervention,
    InterventionStatus,
    MhRoute,
    Signal,
    SignalStatus,
    StatKind,
    StatRecord,
    TableCode,
    Tenure,
)
from casustafel.domain.routes import close_route, open_route
from casustafel.domain.statistics import compute_case_stat, compute_signal_stat, month_of
from casustafel.errors import RuleViolation

START = dt.date(2025, 12, 29)
BY = "regisseur"


def _intervention(n: int, code: str, table: TableCode) -> Intervention:
    kind = table_definition(table).intervention(code)
    return Intervention(
        id=n,
        case_id=1,
        type_code=code,
        domain=kind.domain,
        partner="politie",
        start_date=START,
        due_date=None,
        status=InterventionStatus.LOPEND,
    )


def test_open_case_record() -> None:
    events = [
        register_case(TableCode.WO, on=START, recorded_by=BY).event.to_event(1, 1),
    ]
    record = compute_case_stat(
        table=TableCode.WO,
        area="Emmerhout",
        registered_on=START,
        lead_partner_type="corporatie",
        events=events,
        interventions=[_intervention(2, "MEDIATION", TableCode.WO)],
        first_discussed_on=START + dt.timedelta(days=9),
    )
    assert record == StatRecord(
        kind=StatKind.CASE,
        table=TableCode.WO,
        area="Emmerhout",
        registered_month="2025-12",
        first_discussion_days=9,
        highest_step="MELDING",
        intervention_types=("MEDIATION",),
        lead_partner_type="corporatie",
    )


def test_signal_record() -> None:
    signal = Signal(
        id=5,
        table=TableCode.OM,
        received_on=dt.date(2026, 1, 30),
        source="Meld Misdaad Anoniem",
        description="hennep",
        status=SignalStatus.GEWOGEN,
        area="Klazienaveen",
        weighing_outcome="geen_actie",
        weighed_on=dt.date(2026, 2, 4),
    )
    record = compute_signal_stat(signal, lead_partner_type="politie")
    assert record == StatRecord(
        kind=StatKind.SIGNAL,
        table=TableCode.OM,
        area="Klazienaveen",
        registered_month="2026-01",
        weighing_days=5,
        outcome="geen_actie",
        lead_partner_type="politie",
    )
    waiting = dataclasses.replace(signal, weighed_on=None, weighing_outcome="")
    assert compute_signal_stat(waiting).weighing_days is None


def test_month_of() -> None:
    assert month_of(dt.date(2026, 3, 31)) == "2026-03"


# --- property: record equals a recount after any sequence of changes ---------------------------

_ACTIONS = [
    "weging",
    "weeg",
    "behandeling",
    "nazorg",
    "stap",
    "route_open",
    "route_dicht",
    "sluit",
    "overdracht",
    "heropen",
    "corrigeer",
]


class Case:
    """A case driven through the real rules, with the test's own record of what still counts."""

    def __init__(self, table: TableCode) -> None:
        self.table = table
        self.definition = table_definition(table)
        self.events: list[CaseEvent] = []
        self.live: list[CaseEvent] = []  # entries not voided, kept by hand (no replay code)
        self.day = START

    def add(self, draft: EventDraft) -> None:
        event = draft.to_event(len(self.events) + 1, case_id=1)
        self.events.append(event)
        if event.kind is EventKind.CORRECTIE:
            self.live = [e for e in self.live if e.id != event.corrects_event_id]
        else:
            self.live.append(event)

    @property
    def status(self) -> CaseStatus:
        statuses = [e.to_status for e in self.live if e.to_status]
        return CaseStatus(statuses[-1])

    @property
    def step(self) -> str:
        return [e.to_step for e in self.live if e.to_step][-1]

    @property
    def routes(self) -> frozenset[MhRoute]:
        active: set[MhRoute] = set()
        for e in self.live:
            if e.kind is EventKind.ROUTE_OPEN:
                active.add(MhRoute(e.route))
            elif e.kind is EventKind.ROUTE_DICHT:
                active.discard(MhRoute(e.route))
        return frozenset(active)


def _act(case: Case, action: str, data: st.DataObject) -> None:
    kw = {"on": case.day, "recorded_by": BY}
    status = case.status
    d = case.definition
    if action == "weging":
        case.add(change_status(status, CaseStatus.IN_WEGING, **kw).event)  # type: ignore[arg-type]
    elif action == "weeg":
        code = data.draw(st.sampled_from([o.code for o in d.weighing_outcomes]))
        case.add(record_weighing(status, case.table, code, reason="w", **kw).event)  # type: ignore[arg-type]
    elif action in ("behandeling", "nazorg"):
        target = CaseStatus.NAZORG if action == "nazorg" else CaseStatus.IN_BEHANDELING
        case.add(change_status(status, target, reason="r", **kw).event)  # type: ignore[arg-type]
    elif action == "stap" and d.has_steps:
        target = data.draw(st.sampled_from([s.code for s in d.steps]))
        move = validate_step_move(
            case.table,
            status=status,
            tenure=Tenure.HUUR,
            current=case.step,
            target=target,
            reason="r",
            motivation="m",
            decision_reference="Z/1",
            **kw,  # type: ignore[arg-type]
        )
        case.add(move.event)
    elif action == "route_open" and not d.has_steps:
        route = data.draw(st.sampled_from(list(MhRoute)))
        case.add(
            open_route(case.table, case.routes, route, status=status, reason="r", **kw).event  # type: ignore[arg-type]
        )
    elif action == "route_dicht" and not d.has_steps:
        route = data.draw(st.sampled_from(list(MhRoute)))
        case.add(close_route(case.table, case.routes, route, reason="r", **kw).event)  # type: ignore[arg-type]
    elif action == "sluit":
        code = data.draw(
            st.sampled_from([o.code for o in d.closing_outcomes if o.code != "overgedragen"])
        )
        case.add(close_case(status, case.table, code, reason="r", **kw).event)  # type: ignore[arg-type]
    elif action == "overdracht":
        case.add(hand_over(status, "riec", reason="r", **kw).event)  # type: ignore[arg-type]
    elif action == "heropen":
        to = data.draw(st.sampled_from([CaseStatus.IN_BEHANDELING, CaseStatus.IN_WEGING]))
        case.add(reopen(status, reason="r", to=to, **kw).event)  # type: ignore[arg-type]
    elif action == "corrigeer":
        targets = [e for e in case.live if e.kind is not EventKind.REGISTRATIE]
        if targets:
            victim = data.draw(st.sampled_from(targets))
            case.add(correct_event(victim, reason="fout", **kw))  # type: ignore[arg-type]


def _recount(
    case: Case,
    area: str,
    lead: str,
    codes: list[str],
    discussed: dt.date | None,
) -> StatRecord:
    """Count by hand from the entries that still count (`live`), the way a person would."""
    closing = None
    for e in case.live:
        if e.to_status:
            closing = e if CaseStatus(e.to_status).is_closed else None
    weighings = [e.occurred_on for e in case.live if e.kind is EventKind.WEGING]
    highest = ""
    if case.definition.has_steps:
        numbers = {s.code: s.number for s in case.definition.steps}
        reached = [e.to_step for e in case.live if e.to_step and numbers[e.to_step] is not None]
        highest = max(reached, key=lambda c: numbers[c] or 0)
    opened = {e.route for e in case.live if e.kind is EventKind.ROUTE_OPEN}
    return StatRecord(
        kind=StatKind.CASE,
        table=case.table,
        area=area,
        registered_month=f"{START.year}-{START.month:02d}",
        closed_month=closing.occurred_on.strftime("%Y-%m") if closing else None,
        lead_time_days=(closing.occurred_on - START).days if closing else None,
        weighing_days=(weighings[0] - START).days if weighings else None,
        first_discussion_days=(discussed - START).days if discussed else None,
        highest_step=highest,
        routes=tuple(r for r in ("zorg", "straf", "bestuur") if r in opened),
        intervention_types=tuple(sorted(codes)),
        outcome=closing.outcome if closing else "",
        lead_partner_type=lead,
    )


@pytest.mark.slow
@settings(max_examples=150)
@given(st.sampled_from(list(TableCode)), st.data())
def test_stat_record_equals_a_recount_after_any_sequence(
    table: TableCode, data: st.DataObject
) -> None:
    case = Case(table)
    case.add(register_case(table, on=START, recorded_by=BY).event)
    # Half of the time take the next life-cycle step, so that most histories get past intake.
    likely = {
        CaseStatus.AANGEMELD: "weging",
        CaseStatus.IN_WEGING: "weeg",
        CaseStatus.GEAGENDEERD: "behandeling",
    }
    for _ in range(data.draw(st.integers(0, 30))):
        action = data.draw(st.sampled_from(_ACTIONS))
        if case.status in likely and data.draw(st.booleans()):
            action = likely[case.status]
        case.day += dt.timedelta(days=data.draw(st.integers(0, 40)))
        with contextlib.suppress(RuleViolation):  # a refused move leaves no trace, as in the app
            _act(case, action, data)
    event(f"eindstatus {case.status.value}, correcties: {len(case.events) > len(case.live)}")
    codes = data.draw(
        st.lists(st.sampled_from([i.code for i in case.definition.interventions]), max_size=6)
    )
    discussed = data.draw(st.none() | st.dates(START, START + dt.timedelta(days=400)))
    area = data.draw(st.sampled_from(["Angelslo", "Erica", ""]))
    lead = data.draw(st.sampled_from(["politie", "gemeente", "zorg"]))
    interventions = [_intervention(n, code, table) for n, code in enumerate(codes)]

    def compute(events: list[CaseEvent], items: list[Intervention]) -> StatRecord:
        return compute_case_stat(
            table=table,
            area=area,
            registered_on=START,
            lead_partner_type=lead,
            events=events,
            interventions=items,
            first_discussed_on=discussed,
        )

    record = compute(case.events, interventions)
    assert record == _recount(case, area, lead, codes, discussed)
    # Deterministic: the order in which the db hands over rows does not matter.
    shuffled = case.events[:]
    random.Random(len(shuffled)).shuffle(shuffled)
    assert compute(shuffled, list(reversed(interventions))) == record
    # Nothing that identifies a case or person: only months, day counts and codes.
    assert str(START) not in repr(record)
