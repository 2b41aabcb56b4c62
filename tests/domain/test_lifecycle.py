"""Tests for the case life cycle: guards, weighing, closing, hand-over, reopening, corrections."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casustafel.domain import lifecycle
from casustafel.domain.catalogue import CatalogueError
from casustafel.domain.lifecycle import (
    Transition,
    allowed_targets,
    change_status,
    close_case,
    correct_event,
    effective_history,
    hand_over,
    record_weighing,
    register_case,
    reopen,
    status_from_history,
)
from casustafel.domain.model import (
    CaseEvent,
    CaseStatus,
    EventDraft,
    EventKind,
    TableCode,
)
from casustafel.errors import RuleViolation

DAY = dt.date(2026, 3, 2)
BY = "regisseur"


class History:
    """A case's history as the db would keep it: drafts get increasing ids."""

    def __init__(self) -> None:
        self.events: list[CaseEvent] = []

    def add(self, draft: EventDraft) -> CaseEvent:
        event = draft.to_event(len(self.events) + 1, case_id=1)
        self.events.append(event)
        return event


def _to_treatment(table: TableCode = TableCode.WO) -> tuple[History, CaseStatus]:
    h = History()
    t = register_case(table, on=DAY, recorded_by=BY)
    h.add(t.event)
    t = change_status(t.status, CaseStatus.IN_WEGING, on=DAY, recorded_by=BY)
    h.add(t.event)
    outcome = {TableCode.WO: "oppakken", TableCode.OM: "nadere_analyse"}.get(
        table, "mogelijk_mensenhandel"
    )
    t = record_weighing(t.status, table, outcome, on=DAY, recorded_by=BY, reason="ernstig")
    h.add(t.event)
    t = change_status(t.status, CaseStatus.IN_BEHANDELING, on=DAY, recorded_by=BY, sitting_id=4)
    h.add(t.event)
    return h, t.status


def test_registration_puts_the_case_on_the_first_step() -> None:
    wo = register_case(TableCode.WO, on=DAY, recorded_by=BY)
    assert wo.status is CaseStatus.AANGEMELD
    assert wo.event.kind is EventKind.REGISTRATIE and wo.event.to_step == "MELDING"
    assert register_case(TableCode.OM, on=DAY, recorded_by=BY).event.to_step == "SIGNAAL"
    assert register_case(TableCode.MH, on=DAY, recorded_by=BY).event.to_step == ""
    om = register_case(TableCode.OM, on=DAY, recorded_by=BY, start_step="ANALYSE")
    assert om.event.to_step == "ANALYSE"


@pytest.mark.parametrize("step", ["GEDRAGSAANWIJZING", "NAZORG", "ONTBINDING"])
def test_registration_cannot_start_on_a_guarded_step(step: str) -> None:
    with pytest.raises(RuleViolation, match="kan niet starten op stap"):
        register_case(TableCode.WO, on=DAY, recorded_by=BY, start_step=step)


def test_full_life_cycle_is_replayed_from_history() -> None:
    h, status = _to_treatment()
    assert status is CaseStatus.IN_BEHANDELING
    t = change_status(status, CaseStatus.NAZORG, on=DAY, recorded_by=BY)
    h.add(t.event)
    t = close_case(
        t.status, TableCode.WO, "verminderd_of_verdwenen", on=DAY, recorded_by=BY, reason="rustig"
    )
    h.add(t.event)
    assert t.status is CaseStatus.AFGESLOTEN
    assert t.event.outcome == "verminderd_of_verdwenen"
    assert status_from_history(h.events) is CaseStatus.AFGESLOTEN


@pytest.mark.parametrize(
    ("table", "outcome", "expected"),
    [
        (TableCode.OM, "geen_actie", CaseStatus.NIET_IN_BEHANDELING),
        (TableCode.OM, "riec", CaseStatus.DOORVERWEZEN),
        (TableCode.OM, "gemeentelijke_afdeling", CaseStatus.DOORVERWEZEN),
        (TableCode.OM, "nadere_analyse", CaseStatus.GEAGENDEERD),
        (TableCode.MH, "geen_mensenhandel_andere_route", CaseStatus.DOORVERWEZEN),
        (TableCode.MH, "onvoldoende_informatie", CaseStatus.NIET_IN_BEHANDELING),
        (TableCode.WO, "oppakken", CaseStatus.GEAGENDEERD),
    ],
)
def test_weighing_outcome_sets_the_status(
    table: TableCode, outcome: str, expected: CaseStatus
) -> None:
    t = record_weighing(
        CaseStatus.IN_WEGING, table, outcome, on=DAY, recorded_by=BY, reason="weging"
    )
    assert t.status is expected
    assert (t.event.kind, t.event.outcome, t.event.to_status) == (
        EventKind.WEGING,
        outcome,
        expected.value,
    )


def test_weighing_needs_in_weging_and_a_reason() -> None:
    with pytest.raises(RuleViolation, match="alleen worden vastgelegd als de casus in weging"):
        record_weighing(
            CaseStatus.AANGEMELD, TableCode.OM, "riec", on=DAY, recorded_by=BY, reason="x"
        )
    with pytest.raises(RuleViolation, match="Geef een reden voor de uitkomst") as info:
        record_weighing(
            CaseStatus.IN_WEGING, TableCode.OM, "riec", on=DAY, recorded_by=BY, reason=" "
        )
    assert info.value.field == "reason"
    with pytest.raises(CatalogueError, match="kent geen weegresultaat"):
        record_weighing(
            CaseStatus.IN_WEGING, TableCode.OM, "oppakken", on=DAY, recorded_by=BY, reason="x"
        )


def test_closing_needs_reason_and_outcome() -> None:
    with pytest.raises(RuleViolation, match="Kies een uitkomst") as info:
        close_case(CaseStatus.IN_BEHANDELING, TableCode.WO, "", on=DAY, recorded_by=BY, reason="x")
    assert info.value.field == "outcome"
    with pytest.raises(RuleViolation, match="Geef een reden om de casus af te sluiten"):
        close_case(
            CaseStatus.IN_BEHANDELING,
            TableCode.WO,
            "onduidelijk",
            on=DAY,
            recorded_by=BY,
            reason="",
        )
    with pytest.raises(RuleViolation, match="Gebruik 'Overdragen'"):
        close_case(
            CaseStatus.IN_BEHANDELING,
            TableCode.WO,
            "overgedragen",
            on=DAY,
            recorded_by=BY,
            reason="x",
        )


def test_closed_case_refuses_every_move_but_reopening() -> None:
    message = "Deze casus is afgesloten: afsluiten kan niet. Heropen de casus eerst."
    with pytest.raises(RuleViolation) as info:
        close_case(
            CaseStatus.AFGESLOTEN, TableCode.WO, "onduidelijk", on=DAY, recorded_by=BY, reason="x"
        )
    assert info.value.message == message
    with pytest.raises(RuleViolation, match="overgedragen: overdragen kan niet"):
        hand_over(CaseStatus.OVERGEDRAGEN, "riec", on=DAY, recorded_by=BY, reason="x")
    with pytest.raises(RuleViolation, match="Heropen de casus eerst"):
        change_status(CaseStatus.DOORVERWEZEN, CaseStatus.IN_BEHANDELING, on=DAY, recorded_by=BY)
    t = reopen(CaseStatus.AFGESLOTEN, on=DAY, recorded_by=BY, reason="nieuwe meldingen")
    assert t.status is CaseStatus.IN_BEHANDELING and t.event.kind is EventKind.HEROPEND
    assert t.event.from_status == "afgesloten"


def test_reopen_guards() -> None:
    with pytest.raises(RuleViolation, match="Alleen een afgesloten casus"):
        reopen(CaseStatus.NAZORG, on=DAY, recorded_by=BY, reason="x")
    with pytest.raises(RuleViolation, match="Geef een reden om de casus te heropenen"):
        reopen(CaseStatus.AFGESLOTEN, on=DAY, recorded_by=BY, reason="")
    with pytest.raises(RuleViolation, match="'In weging' of 'In behandeling'"):
        reopen(CaseStatus.AFGESLOTEN, on=DAY, recorded_by=BY, reason="x", to=CaseStatus.NAZORG)
    again = reopen(
        CaseStatus.NIET_IN_BEHANDELING, on=DAY, recorded_by=BY, reason="x", to=CaseStatus.IN_WEGING
    )
    assert again.status is CaseStatus.IN_WEGING


def test_hand_over_names_the_receiving_organisation() -> None:
    t = hand_over(CaseStatus.AANGEMELD, "veilig_thuis", on=DAY, recorded_by=BY, reason="huiselijk")
    assert t.status is CaseStatus.OVERGEDRAGEN
    assert (t.event.kind, t.event.counterpart, t.event.outcome) == (
        EventKind.OVERDRACHT,
        "veilig_thuis",
        "overgedragen",
    )
    with pytest.raises(RuleViolation, match="Kies de organisatie die de casus overneemt"):
        hand_over(CaseStatus.IN_BEHANDELING, " ", on=DAY, recorded_by=BY, reason="x")
    with pytest.raises(RuleViolation, match="Geef een reden voor de overdracht"):
        hand_over(CaseStatus.IN_BEHANDELING, "zvh", on=DAY, recorded_by=BY, reason="")


def test_disallowed_move_and_relapse_reason() -> None:
    with pytest.raises(
        RuleViolation, match="Van 'Aangemeld' naar 'Nazorg' is geen toegestane stap"
    ):
        change_status(CaseStatus.AANGEMELD, CaseStatus.NAZORG, on=DAY, recorded_by=BY)
    with pytest.raises(RuleViolation, match="terug in behandeling"):
        change_status(CaseStatus.NAZORG, CaseStatus.IN_BEHANDELING, on=DAY, recorded_by=BY)
    with pytest.raises(RuleViolation, match="Vul in wie"):
        change_status(CaseStatus.AANGEMELD, CaseStatus.IN_WEGING, on=DAY, recorded_by=" ")


def test_correction_voids_and_a_correction_of_it_restores() -> None:
    h, _ = _to_treatment()
    closing = h.add(
        close_case(
            CaseStatus.IN_BEHANDELING,
            TableCode.WO,
            "onduidelijk",
            on=DAY,
            recorded_by=BY,
            reason="x",
        ).event
    )
    assert status_from_history(h.events) is CaseStatus.AFGESLOTEN
    fix = h.add(correct_event(closing, on=DAY, recorded_by=BY, reason="verkeerde casus"))
    assert fix.corrects_event_id == closing.id and fix.kind is EventKind.CORRECTIE
    assert status_from_history(h.events) is CaseStatus.IN_BEHANDELING
    assert closing not in effective_history(h.events)
    assert closing in h.events  # append-only: nothing is removed
    h.add(correct_event(fix, on=DAY, recorded_by=BY, reason="toch wel"))
    assert status_from_history(h.events) is CaseStatus.AFGESLOTEN


def test_correction_guards() -> None:
    h, _ = _to_treatment()
    with pytest.raises(RuleViolation, match="registratie van een casus kan niet"):
        correct_event(h.events[0], on=DAY, recorded_by=BY, reason="x")
    with pytest.raises(RuleViolation, match="Geef een reden voor de correctie"):
        correct_event(h.events[1], on=DAY, recorded_by=BY, reason="")


def test_effective_history_orders_by_date_then_id() -> None:
    h = History()
    late = h.add(register_case(TableCode.WO, on=DAY, recorded_by=BY).event)
    early = h.add(
        EventDraft(EventKind.STATUS, DAY - dt.timedelta(days=1), BY, to_status="in_weging")
    )
    assert effective_history(reversed(h.events)) == (early, late)


# --- property: the guards hold for any sequence of attempts ------------------------------------

_ACTIONS = st.sampled_from(
    [
        "weging",
        "behandeling",
        "nazorg",
        "terug",
        "weeg_oppakken",
        "weeg_geen",
        "weeg_ander",
        "sluit",
        "sluit_zonder_reden",
        "overdracht",
        "heropen",
    ]
)


def _attempt(action: str, status: CaseStatus) -> Transition:
    kw = {"on": DAY, "recorded_by": BY}
    if action == "weging":
        return change_status(status, CaseStatus.IN_WEGING, **kw)
    if action == "behandeling":
        return change_status(status, CaseStatus.IN_BEHANDELING, reason="terugval", **kw)
    if action == "nazorg":
        return change_status(status, CaseStatus.NAZORG, **kw)
    if action == "terug":
        return change_status(status, CaseStatus.IN_BEHANDELING, reason="", **kw)
    if action.startswith("weeg_"):
        code = {"weeg_oppakken": "oppakken", "weeg_geen": "geen_woonoverlast"}.get(
            action, "andere_aanpak"
        )
        return record_weighing(status, TableCode.WO, code, reason="w", **kw)
    if action == "sluit":
        return close_case(status, TableCode.WO, "niet_verminderd", reason="r", **kw)
    if action == "sluit_zonder_reden":
        return close_case(status, TableCode.WO, "niet_verminderd", reason="", **kw)
    if action == "overdracht":
        return hand_over(status, "zvh", reason="r", **kw)
    return reopen(status, reason="r", **kw)


def _expected_ok(action: str, status: CaseStatus) -> bool:
    """Oracle written from DOMAIN.md, independent of the module's tables."""
    if status.is_closed:
        return action == "heropen"
    return {
        "weging": status is CaseStatus.AANGEMELD,
        "behandeling": status in (CaseStatus.GEAGENDEERD, CaseStatus.NAZORG),
        "nazorg": status is CaseStatus.IN_BEHANDELING,
        "terug": status is CaseStatus.GEAGENDEERD,  # from nazorg a reason is required
        "sluit": True,
        "overdracht": True,
        "sluit_zonder_reden": False,
        "heropen": False,
    }.get(action, status is CaseStatus.IN_WEGING)  # the three weighings


@given(st.lists(_ACTIONS, max_size=30))
def test_life_cycle_guards_hold_for_any_sequence(actions: list[str]) -> None:
    h = History()
    first = register_case(TableCode.WO, on=DAY, recorded_by=BY)
    h.add(first.event)
    status = first.status
    for action in actions:
        before = status
        try:
            t = _attempt(action, status)
        except RuleViolation as refusal:
            assert refusal.message.strip()
            assert not _expected_ok(action, before)
            continue
        assert _expected_ok(action, before)
        assert t.status in allowed_targets(before)
        if before.is_closed:
            assert t.event.kind is EventKind.HEROPEND
        if t.status is CaseStatus.AFGESLOTEN:
            assert t.event.reason and t.event.outcome
        if t.status is CaseStatus.OVERGEDRAGEN:
            assert t.event.reason and t.event.counterpart
        assert t.event.from_status == before.value and t.event.to_status == t.status.value
        h.add(t.event)
        status = t.status
        assert status_from_history(h.events) is status
    assert lifecycle.status_from_history(h.events) is status
