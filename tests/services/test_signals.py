"""Signal intake: waiting, weighing, OM "no action" clock, into a case, attached to a case."""

from __future__ import annotations

import datetime as dt

import pytest

from casustafel.db.vault import Vault
from casustafel.domain.model import (
    CaseStatus,
    EventKind,
    NewCase,
    NewSignal,
    SignalStatus,
    TableCode,
)
from casustafel.errors import RuleViolation
from casustafel.services import cases, signals
from tests.services.helpers import REG, make_case, person

W = REG + dt.timedelta(days=4)


def test_om_no_action_starts_the_twelve_month_clock(vault: Vault) -> None:
    signal_id = signals.intake_signal(
        vault, NewSignal(TableCode.OM, REG, "Politie", "hennep", "Erica", person())
    )
    (waiting,) = signals.list_signals(vault, status=SignalStatus.WACHT_OP_WEGING)
    assert waiting.id == signal_id and waiting.subject_id is not None
    weighed = signals.weigh_signal(vault, signal_id, "geen_actie", on=W, reason="geen grondslag")
    assert (weighed.status, weighed.weighing_outcome) == (SignalStatus.GEWOGEN, "geen_actie")
    assert weighed.destroy_after == dt.date(2027, 1, 9)
    with pytest.raises(RuleViolation, match="al gewogen"):
        signals.weigh_signal(vault, signal_id, "riec", on=W, reason="x")


def test_other_outcomes_keep_no_clock_and_unknown_outcome_is_refused(vault: Vault) -> None:
    signal_id = signals.intake_signal(vault, NewSignal(TableCode.OM, REG, "RIEC"))
    with pytest.raises(RuleViolation, match="Kies een uitkomst"):
        signals.weigh_signal(vault, signal_id, "", on=W, reason="x")
    with pytest.raises(Exception, match="weegresultaat onzin"):
        signals.weigh_signal(vault, signal_id, "onzin", on=W, reason="x")
    assert signals.weigh_signal(vault, signal_id, "riec", on=W, reason="x").destroy_after is None


def test_weighed_signal_becomes_a_case_with_its_weighing(vault: Vault) -> None:
    signal_id = signals.intake_signal(
        vault, NewSignal(TableCode.MH, REG, "GGD", "uitbuiting", "Emmerhout", person())
    )
    with pytest.raises(RuleViolation, match="Weeg het signaal eerst"):
        signals.signal_to_case(vault, signal_id, NewCase(TableCode.MH, REG))
    signals.weigh_signal(vault, signal_id, "mogelijk_mensenhandel", on=W, reason="signalen")
    case_id = signals.signal_to_case(
        vault, signal_id, NewCase(TableCode.MH, REG, lead_partner="ggd")
    )
    case_file = cases.get_case_file(vault, case_id)
    assert case_file.header.registered_on == REG
    assert case_file.header.status is CaseStatus.GEAGENDEERD
    assert [e.kind for e in case_file.events] == [
        EventKind.REGISTRATIE,
        EventKind.STATUS,
        EventKind.WEGING,
    ]
    assert [s.id for s in case_file.signals] == [signal_id]
    assert case_file.header.label == "J.d.V. (Emmerhout)"
    with pytest.raises(RuleViolation, match="hoort al bij een casus"):
        signals.signal_to_case(vault, signal_id, NewCase(TableCode.MH, REG))


def test_attach_to_existing_case_of_the_same_table(vault: Vault) -> None:
    case_id = make_case(vault)
    om_signal = signals.intake_signal(vault, NewSignal(TableCode.OM, REG))
    with pytest.raises(RuleViolation, match="dezelfde tafel"):
        signals.attach_signal(vault, om_signal, case_id)
    wo_signal = signals.intake_signal(
        vault, NewSignal(TableCode.WO, REG, subject=person(surname="Bakker", prefix=""))
    )
    signals.attach_signal(vault, wo_signal, case_id)
    case_file = cases.get_case_file(vault, case_id)
    assert [s.id for s in case_file.signals] == [wo_signal]
    assert len(case_file.subjects) == 2
