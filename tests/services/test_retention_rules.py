"""The retention rule follows the outcome: 12 months for what was not taken up, 24 otherwise.

Cases are registered, weighed and closed through the real services on a real vault; the
destruction list must name the rule that applied.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from casustafel.db.vault import Vault
from casustafel.domain.model import CaseStatus, NewCase, TableCode
from casustafel.domain.retention_rules import (
    RetentionBasis,
    not_taken_up_outcomes,
    retention_rule,
)
from casustafel.domain.settings import RetentionPolicy, Settings
from casustafel.errors import ValidationError
from casustafel.services import cases, moves
from casustafel.services.retention import (
    destruction_list,
    retention_policy,
    set_retention_policy,
)

WEIGHED = dt.date(2024, 3, 1)
REGISTERED = dt.date(2024, 2, 1)


def _weighed_case(vault: Vault, table: TableCode, outcome: str) -> int:
    case_id = cases.register_case(
        vault, NewCase(table=table, registered_on=REGISTERED, area="Angelslo", lead_partner="")
    )
    moves.change_status(vault, case_id, CaseStatus.IN_WEGING, on=REGISTERED, reason="Weging.")
    moves.record_weighing(vault, case_id, outcome, on=WEIGHED, reason="Gewogen.")
    return case_id


def _due(vault: Vault, today: dt.date) -> dict[int, str]:
    return {c.record_id: c.rule for c in destruction_list(vault, today=today).due}


@pytest.mark.parametrize(
    ("table", "outcome"),
    [
        (TableCode.OM, "geen_actie"),
        (TableCode.WO, "geen_woonoverlast"),
        (TableCode.WO, "onvoldoende_informatie"),
        (TableCode.MH, "onvoldoende_informatie"),
    ],
)
def test_a_case_not_taken_up_is_due_after_12_months(
    vault: Vault, table: TableCode, outcome: str
) -> None:
    case_id = _weighed_case(vault, table, outcome)
    assert case_id not in _due(vault, dt.date(2025, 2, 28))
    rule = _due(vault, dt.date(2025, 3, 1))[case_id]
    assert "niet opgepakt" in rule and "12 maanden" in rule


@pytest.mark.parametrize(
    ("table", "outcome"),
    [(TableCode.OM, "riec"), (TableCode.MH, "geen_mensenhandel_andere_route")],
)
def test_a_case_handed_on_keeps_the_closed_case_term(
    vault: Vault, table: TableCode, outcome: str
) -> None:
    case_id = _weighed_case(vault, table, outcome)
    assert case_id not in _due(vault, dt.date(2026, 2, 28))
    rule = _due(vault, dt.date(2026, 3, 1))[case_id]
    assert "afgesloten casus" in rule and "24 maanden" in rule


def test_the_settings_are_respected_per_table_and_per_outcome(vault: Vault) -> None:
    om = _weighed_case(vault, TableCode.OM, "geen_actie")
    wo = _weighed_case(vault, TableCode.WO, "geen_woonoverlast")
    policy = retention_policy(vault, TableCode.OM)
    set_retention_policy(
        vault, TableCode.OM, dataclasses.replace(policy, outcome_months={"geen_actie": 6})
    )
    wo_policy = dataclasses.replace(
        retention_policy(vault, TableCode.WO), signal_not_taken_up_months=18
    )
    set_retention_policy(vault, TableCode.WO, wo_policy)
    due = _due(vault, dt.date(2024, 9, 1))
    assert "termijn voor deze uitkomst" in due[om] and "6 maanden" in due[om]
    assert wo not in due and wo not in _due(vault, dt.date(2025, 8, 31))
    assert "18 maanden" in _due(vault, dt.date(2025, 9, 1))[wo]
    # The settings survive the vault's JSON round trip.
    assert vault.settings().retention["OM"].outcome_months == {"geen_actie": 6}


def test_an_unknown_outcome_or_a_silly_term_is_refused(vault: Vault) -> None:
    for months in ({"bestaat_niet": 12}, {"geen_actie": 0}):
        with pytest.raises(ValidationError):
            set_retention_policy(vault, TableCode.OM, RetentionPolicy(outcome_months=months))


def test_the_rule_is_pure_and_the_catalogue_marks_what_is_not_taken_up() -> None:
    marked = {o.code for o in not_taken_up_outcomes(TableCode.OM)}
    assert marked == {"geen_actie"}
    policy = RetentionPolicy()
    assert retention_rule(policy, TableCode.OM, "geen_actie").basis is RetentionBasis.NOT_TAKEN_UP
    assert retention_rule(policy, TableCode.OM, "verstoord").months == 24
    assert retention_rule(policy, TableCode.OM, "").basis is RetentionBasis.CLOSED_CASE
    stored = Settings(retention={"OM": RetentionPolicy(outcome_months={"riec": 36})})
    assert Settings.from_json(stored.to_json()) == stored
