"""Retention on real vaults: what is due, holding back, and destruction that leaves nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select, text

from casustafel.db import models
from casustafel.db.keyfile import FLOOR_PARAMS
from casustafel.db.vault import Vault
from casustafel.domain.model import TableCode
from casustafel.domain.settings import RetentionPolicy
from casustafel.errors import ValidationError
from casustafel.services import retention
from casustafel.services.retention import (
    RecordKind,
    add_months,
    destroy,
    destruction_list,
    hold_case,
    release_hold,
    set_retention_policy,
)
from tests.conftest import TEST_PASSPHRASE, TEST_USER

from .retention_data import SECRETS, make_case, make_loose_signal

TODAY = dt.date(2026, 11, 23)


def all_text(vault: Vault) -> str:
    """Every value of every column of every table, as one string."""
    parts: list[str] = []
    with vault.unit_of_work() as uow:
        for table in models.Base.metadata.sorted_tables:
            for row in uow.session.execute(table.select()):
                parts.extend(str(v) for v in row)
    return "\n".join(parts)


def test_every_personal_table_is_handled_by_destruction() -> None:
    assert set(models.PERSONAL_DATA_COLUMNS) == retention.HANDLED_TABLES


@given(st.dates(dt.date(2000, 1, 1), dt.date(2090, 12, 31)), st.integers(0, 300))
def test_add_months_lands_in_the_right_month(day: dt.date, months: int) -> None:
    later = add_months(day, months)
    assert (later.year * 12 + later.month) - (day.year * 12 + day.month) == months
    assert later.day == day.day or (later.day < day.day and (later + dt.timedelta(days=1)).day == 1)


def test_closed_case_is_due_24_months_after_closing(vault: Vault) -> None:
    made = make_case(vault, closed_on=dt.date(2024, 11, 23))
    assert destruction_list(vault, today=dt.date(2026, 11, 22)).due == ()
    due = destruction_list(vault, today=TODAY).due
    assert [(c.kind, c.record_id, c.due_since) for c in due] == [
        (RecordKind.CASE, made.case_id, TODAY)
    ]
    assert "24 maanden" in due[0].reason and due[0].reference == "WO-2023-0001"


def test_open_case_is_never_due(vault: Vault) -> None:
    make_case(vault, closed_on=None)
    assert destruction_list(vault, today=dt.date(2040, 1, 1)).due == ()


def test_signal_not_taken_up_is_due_after_12_months(vault: Vault) -> None:
    signal_id, _subject = make_loose_signal(vault, weighed_on=dt.date(2025, 11, 23))
    make_loose_signal(vault, weighed_on=None)  # still waiting for weighing: never due
    due = destruction_list(vault, today=TODAY).due
    assert [(c.kind, c.record_id) for c in due] == [(RecordKind.SIGNAL, signal_id)]
    assert destruction_list(vault, today=TODAY - dt.timedelta(days=1)).due == ()


def test_policy_change_is_used_and_audited(vault: Vault) -> None:
    make_case(vault, closed_on=dt.date(2025, 11, 23))
    assert destruction_list(vault, today=TODAY).due == ()
    set_retention_policy(vault, TableCode.WO, RetentionPolicy(closed_case_months=12))
    assert len(destruction_list(vault, today=TODAY).due) == 1
    assert vault.settings().retention["OM"] == RetentionPolicy()
    with vault.unit_of_work() as uow:
        entry = uow.session.scalars(
            select(models.AuditEntry).order_by(models.AuditEntry.id.desc())
        ).first()
    assert entry is not None and entry.object_kind == "retention"
    assert "case=24->12" in entry.detail
    with pytest.raises(ValidationError):
        set_retention_policy(vault, TableCode.WO, RetentionPolicy(audit_log_months=3))


def test_held_case_is_listed_with_reason_and_not_destroyed(vault: Vault) -> None:
    made = make_case(vault)
    with pytest.raises(ValidationError) as refused:
        hold_case(vault, made.case_id, "Bezwaar", on_behalf_of="jurist De Vries")
    assert refused.value.field == "on_behalf_of" and "Vries" not in refused.value.message
    assert destruction_list(vault, today=TODAY).held == ()  # a refusal holds nothing
    hold_case(vault, made.case_id, "Bezwaarprocedure loopt", on_behalf_of="gemachtigde")
    listing = destruction_list(vault, today=TODAY)
    assert listing.due == () and listing.held[0].hold_reason == "Bezwaarprocedure loopt"
    report = destroy(vault, listing.held, today=TODAY)
    assert report.case_ids == () and report.skipped == listing.held
    with vault.unit_of_work() as uow:
        assert uow.session.get(models.Case, made.case_id) is not None
    release_hold(vault, made.case_id)
    assert [c.record_id for c in destruction_list(vault, today=TODAY).due] == [made.case_id]


def test_destroy_removes_all_personal_data_and_keeps_statistics(vault: Vault) -> None:
    made = make_case(vault)
    other = make_case(
        vault,
        number="WO-2026-0002",
        closed_on=None,
        shared_subject_id=made.shared_subject_id,
        secrets=tuple(f"Ander{i}" for i in range(10)),
        seq=2,
    )
    before = all_text(vault)
    assert all(secret in before for secret in SECRETS)

    report = destroy(vault, destruction_list(vault, today=TODAY).due, today=TODAY)

    assert report.case_ids == (made.case_id,)
    assert report.rows["subjects"] == 1  # the shared subject still belongs to the other case
    after = all_text(vault)
    for secret in SECRETS:
        assert secret not in after, secret
    assert "Ander3" in after  # the other case is untouched
    with vault.unit_of_work() as uow:
        s = uow.session
        assert s.get(models.StatRecord, made.stat_record_id) is not None
        assert s.scalar(select(func.count()).select_from(models.StatRecord)) == 2
        assert s.get(models.Subject, made.shared_subject_id) is not None
        assert s.get(models.Case, other.case_id) is not None
        # The sitting keeps its agenda position, without the text about the case.
        item = s.scalars(select(models.AgendaItem).order_by(models.AgendaItem.id)).first()
        assert item is not None and item.case_id is None and item.title == ""
        entry = s.scalars(
            select(models.AuditEntry).where(models.AuditEntry.action == "destroy")
        ).one()
    assert entry.case_id == made.case_id and "subjects=1" in entry.detail
    assert "notes=1" in entry.detail and "Zwavel" not in entry.detail


def test_destroy_signal_removes_its_subject(vault: Vault) -> None:
    signal_id, subject_id = make_loose_signal(vault, weighed_on=dt.date(2024, 1, 1))
    report = destroy(vault, destruction_list(vault, today=TODAY).due, today=TODAY)
    assert report.signal_ids == (signal_id,) and report.subjects_removed == 1
    with vault.unit_of_work() as uow:
        assert uow.session.get(models.Subject, subject_id) is None
    assert "Losmeldingtekst" not in all_text(vault)


def test_destroy_rechecks_inside_the_transaction(vault: Vault) -> None:
    made = make_case(vault)
    listing = destruction_list(vault, today=TODAY)
    hold_case(vault, made.case_id, "Bezwaar")  # held after the list was shown
    report = destroy(vault, listing.due, today=TODAY)
    assert report.case_ids == () and len(report.skipped) == 1


def test_destroyed_name_is_gone_from_raw_database_and_wal(tmp_path: Path) -> None:
    """The Done-when test: an unencrypted vault built by the same code path, raw bytes."""
    path = tmp_path / "plain.casustafel"
    vault, _recovery = Vault.create(
        path, TEST_USER, TEST_PASSPHRASE, params=FLOOR_PARAMS, encrypted=False
    )
    make_case(vault)
    for i in range(2, 40):  # enough other data that pages are shared and rebalanced
        make_case(
            vault,
            number=f"WO-2026-{i:04d}",
            closed_on=None,
            secrets=tuple(f"Blijft{i}x{j}" for j in range(10)),
            seq=i,
        )
    db, wal = vault.paths.db, vault.paths.db.with_name("vault.db-wal")

    def raw() -> bytes:
        return db.read_bytes() + (wal.read_bytes() if wal.exists() else b"")

    assert all(secret.encode() in raw() for secret in SECRETS)  # the test can fail

    destroy(vault, destruction_list(vault, today=TODAY).due, today=TODAY)
    for secret in SECRETS:
        assert secret.encode() not in raw(), secret
    assert not wal.exists() or wal.stat().st_size == 0
    vault.lock()

    reopened = Vault.open_unencrypted(path, TEST_USER)
    try:
        text_after = all_text(reopened)
        for secret in SECRETS:
            assert secret not in text_after
        assert "Blijft7x3" in text_after
        with reopened.unit_of_work() as uow:
            stats = uow.session.scalar(
                select(func.count())
                .select_from(models.StatRecord)
                .where(models.StatRecord.registered_month == "2023-01")
            )
            assert stats == 39  # the destroyed case still counts
            assert uow.session.execute(text("PRAGMA secure_delete")).scalar() == 1
    finally:
        reopened.lock()
    for secret in SECRETS:
        assert secret.encode() not in raw(), secret
