"""The demo generator: deterministic per seed, valid by the domain's own rules, complete."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select

from casustafel.db import models
from casustafel.db.keyfile import FLOOR_PARAMS
from casustafel.db.repositories import cases as case_repo
from casustafel.db.vault import Vault
from casustafel.domain import catalogue, ladder, lifecycle, routes, validation
from casustafel.domain.model import CaseStatus, EventKind, MhRoute, SubjectKind, TableCode, Tenure
from casustafel.services import statistics
from casustafel.services.demo import DemoOptions, create_demo_vault
from tests.conftest import TEST_PASSPHRASE

TODAY = dt.date(2026, 11, 23)


def _make(path: Path, cases: int, seed: int) -> Vault:
    vault, report = create_demo_vault(
        path,
        TEST_PASSPHRASE,
        DemoOptions(cases=cases, seed=seed, today=TODAY, batch_size=50),
        params=FLOOR_PARAMS,
    )
    assert report.cases == cases
    return vault


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Vault:
    vault = _make(tmp_path_factory.mktemp("demo") / "demo.casustafel", 160, 11)
    yield vault  # type: ignore[misc]
    vault.lock()


def _dump(vault: Vault) -> list[tuple[object, ...]]:
    with vault.unit_of_work() as tx:
        cases = tx.session.execute(
            select(
                models.Case.number,
                models.Case.status,
                models.Case.step,
                models.Case.label,
                models.Case.next_due,
                models.Case.area,
            ).order_by(models.Case.id)
        ).all()
        subjects = tx.session.execute(
            select(models.Subject.surname, models.Subject.bsn, models.Subject.postcode).order_by(
                models.Subject.id
            )
        ).all()
        events = tx.session.execute(
            select(
                models.CaseEvent.case_id, models.CaseEvent.kind, models.CaseEvent.occurred_on
            ).order_by(models.CaseEvent.id)
        ).all()
    return [tuple(r) for r in (*cases, *subjects, *events)]


@pytest.mark.slow
def test_same_seed_same_data_other_seed_other_data(tmp_path: Path) -> None:
    a = _make(tmp_path / "a.casustafel", 30, 5)
    b = _make(tmp_path / "b.casustafel", 30, 5)
    c = _make(tmp_path / "c.casustafel", 30, 6)
    try:
        assert _dump(a) == _dump(b)
        assert _dump(a) != _dump(c)
    finally:
        for vault in (a, b, c):
            vault.lock()


@pytest.mark.slow
def test_covers_three_tables_open_and_closed_and_links(demo: Vault) -> None:
    with demo.unit_of_work() as tx:
        summaries = case_repo.summaries(tx.session)
        links = sum(
            bool(case_repo.links(tx.session, s.id, case_repo.case_subjects(tx.session, s.id)))
            for s in summaries
        )
    assert {s.table for s in summaries} == set(TableCode)
    assert any(s.status.is_closed for s in summaries)
    assert any(not s.status.is_closed for s in summaries)
    assert links > 0  # "also known in" has something to show
    registered = [s.registered_on for s in summaries]
    assert min(registered) >= TODAY - dt.timedelta(days=731) and max(registered) <= TODAY
    assert len({s.area for s in summaries}) > 8


@pytest.mark.slow
def test_every_history_follows_the_rules(demo: Vault) -> None:
    with demo.unit_of_work() as tx:
        rows = list(tx.session.scalars(select(models.Case)))
        for row in rows:
            table = TableCode(row.table_code)
            definition = catalogue.table_definition(table)
            history = case_repo.events(tx.session, row.id)
            assert history[0].kind is EventKind.REGISTRATIE
            assert lifecycle.status_from_history(history) is CaseStatus(row.status)
            if definition.has_steps:
                assert ladder.current_step(history, table) == row.step
            else:
                active = routes.active_routes(history)
                assert row.step == "+".join(r.value for r in MhRoute if r in active)
            for event in history:
                assert event.recorded_by
                if event.kind is EventKind.STAP:
                    step = definition.step(event.to_step)
                    assert event.reason
                    if step.needs_motivation:
                        assert event.motivation and event.decision_reference
                    if step.huur_only:
                        assert row.tenure == Tenure.HUUR.value
            assert [e.occurred_on for e in history] == sorted(e.occurred_on for e in history)
            if CaseStatus(row.status) is CaseStatus.AFGESLOTEN:
                assert row.outcome and row.close_reason and row.closed_on
            assert row.lead_partner in {p.code for p in definition.partners}
            for item in case_repo.interventions(tx.session, row.id):
                assert definition.intervention(item.type_code).domain is item.domain
                assert item.partner in {p.code for p in definition.partners}
            stored = statistics.stored_record(tx.session, row.stat_record_id)
            assert stored == statistics.compute_for_case(tx.session, row)


@pytest.mark.slow
def test_personal_data_is_valid(demo: Vault) -> None:
    with demo.unit_of_work() as tx:
        subjects = list(tx.session.scalars(select(models.Subject)))
    assert {s.kind for s in subjects} == {k.value for k in SubjectKind}
    for subject in subjects:
        if subject.bsn:
            assert validation.is_valid_bsn(subject.bsn)
        if subject.postcode:
            assert validation.validate_postcode(subject.postcode) == subject.postcode
            assert validation.validate_house_number(subject.house_number)
        if subject.phone:
            assert validation.validate_phone(subject.phone)
    bsns = [s.bsn for s in subjects if s.bsn]
    assert len(bsns) == len(set(bsns))


@pytest.mark.slow
def test_signals_waiting_and_not_taken_up(demo: Vault) -> None:
    with demo.unit_of_work() as tx:
        signals = list(tx.session.scalars(select(models.Signal)))
    waiting = [s for s in signals if s.status == "wacht_op_weging"]
    assert any(s.case_id is None for s in waiting)
    assert all(not s.weighing_outcome and s.weighed_on is None for s in waiting)
    with demo.unit_of_work() as tx:
        for signal in waiting:
            if signal.case_id is not None:  # its case has not been weighed yet either
                case = tx.session.get(models.Case, signal.case_id)
                assert case is not None and case.status in ("aangemeld", "in_weging")
    for signal in signals:
        outcome = (
            catalogue.table_definition(TableCode(signal.table_code)).weighing_outcome(
                signal.weighing_outcome
            )
            if signal.weighing_outcome
            else None
        )
        if outcome is not None and outcome.destroy_after_months:
            assert signal.destroy_after is not None and signal.weighed_on is not None
            assert signal.destroy_after > signal.weighed_on
        else:
            assert signal.destroy_after is None
        assert signal.stat_record_id is not None


@pytest.mark.slow
def test_audit_chain_holds(demo: Vault) -> None:
    assert all(result.ok for result in demo.verify())
