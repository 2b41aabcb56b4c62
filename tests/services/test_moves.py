"""Case moves through the services: rules enforced, history appended, row derived, audited."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from casustafel.db import models
from casustafel.db.vault import Vault
from casustafel.domain.catalogue import table_definition
from casustafel.domain.model import CaseStatus, EventKind, MhRoute, TableCode, Tenure
from casustafel.errors import NotFoundError, RuleViolation
from casustafel.services import cases, moves
from tests.services.helpers import REG, make_case

D = REG + dt.timedelta(days=3)


def weighed(vault: Vault, table: TableCode = TableCode.WO, tenure: Tenure = Tenure.HUUR) -> int:
    """A case in treatment: registered, weighed to the agenda, taken into treatment."""
    case_id = make_case(vault, table, tenure, lead_partner="gemeente")
    moves.change_status(vault, case_id, CaseStatus.IN_WEGING, on=D)
    outcome = {
        TableCode.WO: "oppakken",
        TableCode.OM: "nadere_analyse",
        TableCode.MH: "mogelijk_mensenhandel",
    }
    moves.record_weighing(vault, case_id, outcome[table], on=D, reason="ernstig")
    moves.change_status(vault, case_id, CaseStatus.IN_BEHANDELING, on=D)
    return case_id


def test_ladder_moves_update_row_and_history(vault: Vault) -> None:
    case_id = weighed(vault)
    moves.move_step(vault, case_id, "KEUKENTAFEL", on=D, reason="nieuwe meldingen")
    moves.move_step(
        vault,
        case_id,
        "GEDRAGSAANWIJZING",
        on=D,
        reason="geen effect",
        motivation="geschikt, noodzakelijk, evenwichtig",
        decision_reference="Z/2026/123",
    )
    moves.move_step(vault, case_id, "BEMIDDELING", on=D, reason="rustiger")
    case_file = cases.get_case_file(vault, case_id)
    assert case_file.header.step == "BEMIDDELING"
    steps = [(e.from_step, e.to_step) for e in case_file.events if e.kind is EventKind.STAP]
    assert steps == [
        ("MELDING", "KEUKENTAFEL"),
        ("KEUKENTAFEL", "GEDRAGSAANWIJZING"),
        ("GEDRAGSAANWIJZING", "BEMIDDELING"),
    ]
    with vault.unit_of_work() as tx:
        row = tx.session.get(models.Case, case_id)
        assert row is not None
        stat = tx.session.get(models.StatRecord, row.stat_record_id)
        assert stat is not None and stat.highest_step == "GEDRAGSAANWIJZING"
        details = [
            d
            for (d,) in tx.session.execute(
                select(models.AuditEntry.detail).where(models.AuditEntry.case_id == case_id)
            )
        ]
    assert details.count("soort=stap") == 3


def test_guards_give_dutch_messages_and_change_nothing(vault: Vault) -> None:
    case_id = weighed(vault, tenure=Tenure.KOOP)
    with pytest.raises(RuleViolation) as info:
        moves.move_step(vault, case_id, "ONTBINDING", on=D, reason="x")
    step = table_definition(TableCode.WO).step("ONTBINDING").display
    assert info.value.message == (
        f"Stap {step} geldt alleen voor huurwoningen; deze casus betreft een koopwoning."
    )
    with pytest.raises(RuleViolation, match="schriftelijke motivering"):
        moves.move_step(vault, case_id, "DWANGSOM", on=D, reason="x")
    with pytest.raises(RuleViolation, match="Geef een reden"):
        moves.move_step(vault, case_id, "ONDERZOEK", on=D, reason=" ")
    with pytest.raises(RuleViolation, match="toekomst"):
        moves.move_step(
            vault, case_id, "ONDERZOEK", on=dt.date.today() + dt.timedelta(days=1), reason="x"
        )
    with pytest.raises(RuleViolation, match="vóór de registratie"):
        moves.move_step(vault, case_id, "ONDERZOEK", on=REG - dt.timedelta(days=1), reason="x")
    assert cases.get_case_file(vault, case_id).header.step == "MELDING"


def test_close_reopen_and_no_escalation_when_closed(vault: Vault) -> None:
    case_id = weighed(vault)
    with pytest.raises(RuleViolation, match="Kies een uitkomst"):
        moves.close_case(vault, case_id, "", on=D, reason="klaar")
    moves.close_case(vault, case_id, "verminderd_of_verdwenen", on=D, reason="rustig")
    header = cases.get_case_file(vault, case_id).header
    assert (header.status, header.outcome, header.closed_on, header.close_reason) == (
        CaseStatus.AFGESLOTEN,
        "verminderd_of_verdwenen",
        D,
        "rustig",
    )
    with pytest.raises(RuleViolation, match="Heropen de casus eerst"):
        moves.move_step(vault, case_id, "ONDERZOEK", on=D, reason="x")
    moves.reopen_case(vault, case_id, on=D, reason="nieuwe meldingen")
    header = cases.get_case_file(vault, case_id).header
    assert (header.status, header.outcome, header.closed_on) == (
        CaseStatus.IN_BEHANDELING,
        "",
        None,
    )


def test_hand_over_names_the_receiver(vault: Vault) -> None:
    case_id = weighed(vault)
    with pytest.raises(RuleViolation, match="organisatie"):
        moves.hand_over(vault, case_id, "", on=D, reason="zorg")
    moves.hand_over(vault, case_id, "zvh", on=D, reason="complexe zorg")
    header = cases.get_case_file(vault, case_id).header
    assert (header.status, header.handed_over_to) == (CaseStatus.OVERGEDRAGEN, "zvh")


def test_mh_routes_run_in_parallel(vault: Vault) -> None:
    case_id = weighed(vault, TableCode.MH)
    moves.open_route(vault, case_id, MhRoute.ZORG, on=D, reason="opvang nodig")
    moves.open_route(vault, case_id, MhRoute.STRAF, on=D, reason="aangifte")
    with pytest.raises(RuleViolation, match="staat al open"):
        moves.open_route(vault, case_id, MhRoute.ZORG, on=D, reason="x")
    assert cases.get_case_file(vault, case_id).active_routes == (MhRoute.ZORG, MhRoute.STRAF)
    moves.close_route(vault, case_id, MhRoute.ZORG, on=D, reason="in veiligheid")
    moves.record_comensha(vault, case_id, made=True, on=D, partner="ggd")
    case_file = cases.get_case_file(vault, case_id)
    assert case_file.header.step == "straf"
    assert (case_file.header.comensha_registered, case_file.header.comensha_partner) == (
        True,
        "ggd",
    )
    with pytest.raises(RuleViolation, match="mensenhandel"):
        moves.open_route(vault, weighed(vault), MhRoute.ZORG, on=D, reason="x")


def test_correction_voids_an_entry_and_rederives_the_row(vault: Vault) -> None:
    case_id = weighed(vault)
    wrong = moves.move_step(vault, case_id, "CASUSTAFEL", on=D, reason="vergissing")
    moves.correct_event(vault, case_id, wrong.id, on=D, reason="verkeerde casus")
    case_file = cases.get_case_file(vault, case_id)
    assert case_file.header.step == "MELDING"
    correction = case_file.events[-1]
    assert (correction.kind, correction.corrects_event_id) == (EventKind.CORRECTIE, wrong.id)
    assert wrong in case_file.events  # append-only: the original stays
    with pytest.raises(NotFoundError):
        moves.correct_event(vault, case_id, 9999, on=D, reason="x")
