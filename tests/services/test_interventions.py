"""Interventions and notes: catalogue, partners, working-day due dates, next due, stats."""

from __future__ import annotations

import datetime as dt

import pytest

from casustafel.db import models
from casustafel.db.vault import Vault
from casustafel.domain.model import InterventionDomain, InterventionStatus
from casustafel.errors import RuleViolation, ValidationError
from casustafel.services import cases, moves
from casustafel.services.interventions import (
    InterventionChange,
    NewIntervention,
    add_intervention,
    add_note,
    update_intervention,
)
from tests.services.helpers import REG, make_case

START = dt.date(2026, 4, 24)  # Friday before King's Day (Monday 27 April 2026)


def test_due_in_working_days_skips_weekend_and_kings_day(vault: Vault) -> None:
    case_id = make_case(vault)
    item_id = add_intervention(
        vault,
        case_id,
        NewIntervention("BUURTBEMIDDELING", "buurtbemiddeling", START, "3 werkdagen"),
    )
    case_file = cases.get_case_file(vault, case_id)
    (item,) = case_file.interventions
    assert item.id == item_id
    assert item.domain is InterventionDomain.SOCIAAL
    assert item.due_date == dt.date(2026, 4, 30)  # Tue 28, Wed 29, Thu 30
    assert case_file.header.next_due == dt.date(2026, 4, 30)


def test_next_due_follows_open_interventions(vault: Vault) -> None:
    case_id = make_case(vault)
    first = add_intervention(
        vault, case_id, NewIntervention("HUISBEZOEK", "gemeente", REG, dt.date(2026, 2, 1))
    )
    add_intervention(vault, case_id, NewIntervention("GGZ", "ggz", REG, "01-03-2026"))
    assert cases.get_case_file(vault, case_id).header.next_due == dt.date(2026, 2, 1)
    changed = update_intervention(
        vault, first, InterventionChange(status=InterventionStatus.AFGEROND, outcome="gedaan")
    )
    assert (changed.status, changed.outcome) == (InterventionStatus.AFGEROND, "gedaan")
    assert cases.get_case_file(vault, case_id).header.next_due == dt.date(2026, 3, 1)


def test_refusals(vault: Vault) -> None:
    case_id = make_case(vault)
    with pytest.raises(ValidationError, match="geen interventie BIBOB"):
        add_intervention(vault, case_id, NewIntervention("BIBOB", "gemeente", REG))
    with pytest.raises(ValidationError) as info:
        add_intervention(vault, case_id, NewIntervention("GGZ", "riec", REG))
    assert info.value.field == "partner"
    with pytest.raises(ValidationError) as info:
        add_intervention(vault, case_id, NewIntervention("GGZ", "ggz", REG, "morgen"))
    assert info.value.field == "due_date"
    with pytest.raises(ValidationError, match="vóór de startdatum"):
        add_intervention(
            vault, case_id, NewIntervention("GGZ", "ggz", REG, REG - dt.timedelta(days=1))
        )
    assert cases.get_case_file(vault, case_id).interventions == ()
    moves.hand_over(vault, case_id, "zvh", on=REG, reason="zorg")
    with pytest.raises(RuleViolation, match="Heropen de casus eerst"):
        add_intervention(vault, case_id, NewIntervention("GGZ", "ggz", REG))


def test_intervention_types_reach_the_stat_record(vault: Vault) -> None:
    case_id = make_case(vault)
    add_intervention(vault, case_id, NewIntervention("GGZ", "ggz", REG))
    add_intervention(vault, case_id, NewIntervention("BUURTBEMIDDELING", "buurtbemiddeling", REG))
    with vault.unit_of_work() as tx:
        row = tx.session.get(models.Case, case_id)
        assert row is not None
        stat = tx.session.get(models.StatRecord, row.stat_record_id)
        assert stat is not None and stat.intervention_types == "BUURTBEMIDDELING,GGZ"


def test_notes(vault: Vault) -> None:
    case_id = make_case(vault)
    with pytest.raises(ValidationError, match="Schrijf eerst een notitie"):
        add_note(vault, case_id, "  ")
    note = add_note(vault, case_id, "Huisbezoek gedaan.")
    assert cases.get_case_file(vault, case_id).notes == (note,)
    assert note.author == vault.user
