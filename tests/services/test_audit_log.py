"""The audit log service: filters, chain check, pruning that keeps the chain, PDF export."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from pypdf import PdfReader
from sqlalchemy import update

from casustafel.db import models
from casustafel.db.audit import AuditRecord
from casustafel.db.vault import Vault
from casustafel.domain.model import AuditAction
from casustafel.services.audit_log import (
    AuditFilter,
    check_chain,
    count_entries,
    prune_expired,
    query_log,
    write_audit_pdf,
)


def add_entries(vault: Vault) -> None:
    with vault.unit_of_work() as uow:
        uow.audit(AuditRecord(AuditAction.READ, "case", case_id=7))
        uow.audit(
            AuditRecord(AuditAction.UPDATE, "subject", subject_id=3, on_behalf_of="gemachtigde")
        )
        uow.audit(AuditRecord(AuditAction.PRINT, "agenda", case_id=8))


def backdate_first(vault: Vault, n: int, when: dt.datetime) -> None:
    """Move the first n entries back in time (recomputing their hashes like the past would)."""
    from casustafel.db import audit

    with vault.unit_of_work() as uow:
        s = uow.session
        rows = list(s.query(models.AuditEntry).order_by(models.AuditEntry.id))
        prev = audit.GENESIS
        for i, row in enumerate(rows):
            if i < n:
                row.at = when
            row.prev_hash = prev
            row.entry_hash = audit._entry_digest(vault.audit_key, prev, row)
            prev = row.entry_hash
        s.execute(
            update(models.VaultMeta)
            .where(models.VaultMeta.key == audit.META_HEAD)
            .values(value=prev)
        )


def test_filters(vault: Vault) -> None:
    add_entries(vault)
    assert [line.case_id for line in query_log(vault, AuditFilter(case_id=7))] == [7]
    assert [line.action for line in query_log(vault, AuditFilter(subject_id=3))] == ["update"]
    printed = query_log(vault, AuditFilter(actions=frozenset({"print", "read"})))
    assert [line.action for line in printed] == ["print", "read"]  # newest first
    today = dt.datetime.now(dt.UTC).date()
    assert count_entries(vault, AuditFilter(date_from=today, date_to=today)) == count_entries(vault)
    assert count_entries(vault, AuditFilter(date_to=today - dt.timedelta(days=1))) == 0
    assert query_log(vault, limit=2)[0].id > query_log(vault, limit=2, offset=1)[0].id


def test_chain_check_detects_an_edited_entry(vault: Vault) -> None:
    add_entries(vault)
    assert check_chain(vault).ok
    with vault.unit_of_work() as uow:
        uow.session.execute(
            update(models.AuditEntry).where(models.AuditEntry.case_id == 7).values(case_id=70)
        )
    report = check_chain(vault)
    assert not report.ok and report.first_bad_id is not None


def test_prune_keeps_the_chain_verifiable(vault: Vault) -> None:
    add_entries(vault)
    total = count_entries(vault)
    backdate_first(vault, 3, dt.datetime(2019, 5, 1))
    assert check_chain(vault, record_read=False).ok
    assert prune_expired(vault, today=dt.date(2026, 11, 23)) == 3
    assert check_chain(vault, record_read=False).ok
    assert count_entries(vault) == total - 3 + 1  # the pruning itself is logged
    assert query_log(vault, limit=1)[0].detail.startswith("pruned=3")
    assert prune_expired(vault, today=dt.date(2026, 11, 23)) == 0


def test_audit_pdf_export(vault: Vault, tmp_path: Path) -> None:
    add_entries(vault)
    out = tmp_path / "audit.pdf"
    lines = write_audit_pdf(vault, out, AuditFilter(case_id=8), printed_on=dt.date(2026, 11, 23))
    assert lines == 1
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(out.read_bytes())).pages)
    assert "intact" in text and "afgedrukt" in text and "casus-id 8" in text
    last = query_log(vault, limit=1)[0]
    assert (last.action, last.object_kind) == ("export", "audit_log") and "sha256=" in last.detail
