"""Property: after any sequence of changes, each stored statistical record equals a recount
from the case's history; a refused change leaves the record untouched."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casustafel.db import models
from casustafel.db.vault import Vault
from casustafel.domain.model import CaseStatus, StatRecord, TableCode
from casustafel.errors import CasustafelError
from casustafel.services import moves, statistics
from casustafel.services.interventions import NewIntervention, add_intervention
from tests.services.helpers import REG, make_case

D = REG + dt.timedelta(days=2)
WO_STEPS = (
    "ONDERZOEK",
    "BEMIDDELING",
    "KEUKENTAFEL",
    "CASUSTAFEL",
    "WAARSCHUWING",
    "DWANGSOM",
    "ONTBINDING",
    "NAZORG",
)

operation = st.one_of(
    st.tuples(st.just("step"), st.sampled_from(WO_STEPS)),
    st.tuples(
        st.just("status"),
        st.sampled_from([CaseStatus.IN_WEGING, CaseStatus.IN_BEHANDELING, CaseStatus.NAZORG]),
    ),
    st.tuples(
        st.just("weigh"), st.sampled_from(["oppakken", "geen_woonoverlast", "andere_aanpak"])
    ),
    st.tuples(st.just("intervene"), st.sampled_from(["GGZ", "HUISBEZOEK", "DWANGSOM"])),
    st.tuples(st.just("close"), st.sampled_from(["verminderd_of_verdwenen", "onduidelijk"])),
    st.tuples(st.just("reopen"), st.just("")),
    st.tuples(st.just("handover"), st.just("zvh")),
    st.tuples(st.just("correct"), st.just("")),
)
PARTNERS = {"GGZ": "ggz", "HUISBEZOEK": "gemeente", "DWANGSOM": "burgemeester"}


def _apply(vault: Vault, case_id: int, op: tuple[str, object]) -> str | None:
    kind, arg = op
    if kind == "step":
        moves.move_step(
            vault, case_id, str(arg), on=D, reason="r", motivation="m", decision_reference="k"
        )
    elif kind == "status":
        moves.change_status(vault, case_id, arg, on=D, reason="r")  # type: ignore[arg-type]
    elif kind == "weigh":
        moves.record_weighing(vault, case_id, str(arg), on=D, reason="r")
    elif kind == "intervene":
        add_intervention(vault, case_id, NewIntervention(str(arg), PARTNERS[str(arg)], D))
        return str(arg)
    elif kind == "close":
        moves.close_case(vault, case_id, str(arg), on=D, reason="r")
    elif kind == "reopen":
        moves.reopen_case(vault, case_id, on=D, reason="r")
    elif kind == "handover":
        moves.hand_over(vault, case_id, str(arg), on=D, reason="r")
    else:
        with vault.unit_of_work() as tx:
            last = max(e.id for e in statistics.case_repo.events(tx.session, case_id))
        moves.correct_event(vault, case_id, last, on=D, reason="r")
    return None


def _stored_and_recount(vault: Vault, case_id: int) -> tuple[StatRecord | None, StatRecord, str]:
    with vault.unit_of_work() as tx:
        row = tx.session.get(models.Case, case_id)
        assert row is not None
        return (
            statistics.stored_record(tx.session, row.stat_record_id),
            statistics.compute_for_case(tx.session, row),
            row.status,
        )


@pytest.mark.slow
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(ops=st.lists(operation, max_size=9))
def test_stat_record_equals_recount_after_any_changes(
    vault: Vault, ops: list[tuple[str, object]]
) -> None:
    case_id = make_case(vault, TableCode.WO)
    types: list[str] = []
    for op in ops:
        before, _recount, _status = _stored_and_recount(vault, case_id)
        try:
            added = _apply(vault, case_id, op)
        except CasustafelError:
            after, _recount, _status = _stored_and_recount(vault, case_id)
            assert after == before  # a refused change writes nothing
            continue
        if added:
            types.append(added)
        stored, recount, status = _stored_and_recount(vault, case_id)
        assert stored == recount
        assert stored.intervention_types == tuple(sorted(types))
        assert stored.registered_month == "2026-01"
        assert (stored.closed_month is not None) == CaseStatus(status).is_closed
        assert stored.lead_partner_type == "gemeente"
