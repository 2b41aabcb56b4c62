"""The audit log accepts on whose request only as a requester code, never as free text."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from casustafel.db import models
from casustafel.db.audit import AuditRecord, verify_chain
from casustafel.db.vault import Vault
from casustafel.domain.model import AuditAction
from casustafel.domain.requesters import Requester


def _count(vault: Vault) -> int:
    with vault.unit_of_work() as uow:
        return int(uow.session.scalar(select(func.count()).select_from(models.AuditEntry)) or 0)


@pytest.mark.parametrize(
    "text", ["Mr. Jansen (advocaat)", "Betrokkene", "de betrokkene zelf", " betrokkene", "x"]
)
def test_append_refuses_anything_but_a_code_and_writes_nothing(vault: Vault, text: str) -> None:
    before = _count(vault)
    with pytest.raises(ValueError) as refused, vault.unit_of_work() as uow:
        uow.audit(AuditRecord(AuditAction.CORRECT, "subject", subject_id=1, on_behalf_of=text))
    assert text.strip() not in str(refused.value)  # the value may be a name
    assert _count(vault) == before
    with vault.unit_of_work() as uow:
        assert verify_chain(uow.session, vault.audit_key).ok


def test_append_stores_every_code_and_no_requester_as_given(vault: Vault) -> None:
    with vault.unit_of_work() as uow:
        uow.audit(AuditRecord(AuditAction.READ, "case", case_id=1))
        for requester in Requester:
            uow.audit(
                AuditRecord(AuditAction.READ, "subject", subject_id=1, on_behalf_of=requester)
            )
        uow.audit(AuditRecord(AuditAction.READ, "subject", subject_id=1, on_behalf_of="rechter"))
    with vault.unit_of_work() as uow:
        stored = list(
            uow.session.scalars(
                select(models.AuditEntry.on_behalf_of)
                .where(models.AuditEntry.object_kind.in_(["case", "subject"]))
                .order_by(models.AuditEntry.id)
            )
        )
        assert verify_chain(uow.session, vault.audit_key).ok
    assert stored == ["", *(r.value for r in Requester), "rechter"]
    assert all(type(value) is str for value in stored)
