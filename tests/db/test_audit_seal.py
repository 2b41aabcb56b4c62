"""The insider's twelve manipulations of the audit log, with the keys the app derives.

Each one starts from the same sealed vault (a copy per case) and is done as someone who
knows the passphrase would: the data key, the chain key derived from it, and the current
sealing key read from the vault. `verify` with the privacy officer's verification key must
catch every one. The residual case the README names (new entries appended at the end, dated
between the last entry and now) is shown last: that is what the seals cannot catch.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from casustafel.db import audit, audit_seal, models
from casustafel.db.audit import AuditRecord
from casustafel.db.keyfile import FLOOR_PARAMS, parse_verification_key
from casustafel.db.vault import CheckResult, Vault, VaultPaths
from casustafel.domain.model import AuditAction
from tests.conftest import TEST_PASSPHRASE, TEST_USER

SEAL_LINE = "Zegels van het auditlog"
CHAIN_LINE = "Keten van het auditlog intact"


class Sealed:
    """A closed, sealed vault with ~70 entries over many transactions, and its keys."""

    def __init__(self, folder: Path, data_key: bytes, seed: bytes) -> None:
        self.folder = folder
        self.data_key = data_key
        self.seed = seed


@pytest.fixture(scope="module")
def sealed(tmp_path_factory: pytest.TempPathFactory) -> Sealed:
    path = tmp_path_factory.mktemp("sealed") / "log.casustafel"
    vault, _recovery = Vault.create(path, TEST_USER, TEST_PASSPHRASE, params=FLOOR_PARAMS)
    assert vault.verification_key is not None
    seed = parse_verification_key(vault.verification_key)
    data_key = vault._key()
    for batch in range(14):
        with vault.unit_of_work() as uow:
            for i in range(5):
                uow.audit(AuditRecord(AuditAction.READ, "case", case_id=batch * 5 + i + 1))
    vault.lock()
    return Sealed(VaultPaths.of(path).folder, data_key, seed)


@pytest.fixture
def copy(sealed: Sealed, tmp_path: Path) -> Iterator[Vault]:
    """An open copy of the sealed vault, without key derivation (the insider has the key)."""
    target = tmp_path / "copy.casustafel"
    shutil.copytree(sealed.folder, target)
    vault = Vault(VaultPaths.of(target), sealed.data_key, "Insider")
    yield vault
    vault._engine.dispose() if vault._engine is not None else None  # no LOCK entry


def raw(vault: Vault, change: Callable[[Session], None]) -> None:
    """Change the database directly: no unit of work, so nothing is sealed by the app."""
    with Session(vault.engine) as session, session.begin():
        change(session)


def reseal(vault: Vault, change: Callable[[Session], None]) -> None:
    """Change, then seal with the current sealing key as the app would (the insider's best)."""
    with Session(vault.engine) as session, session.begin():
        change(session)
        session.flush()
        audit_seal.finish_transaction(session)


def entries(session: Session) -> list[models.AuditEntry]:
    return list(session.scalars(select(models.AuditEntry).order_by(models.AuditEntry.id)))


def rechain(session: Session, key: bytes) -> None:
    """Recompute every entry's hash from the anchor and fix the stored head and count."""
    prev = audit.get_meta(session, audit.META_ANCHOR, audit.GENESIS)
    rows = entries(session)
    for row in rows:
        row.prev_hash = prev
        row.entry_hash = audit._entry_digest(key, prev, row)
        prev = row.entry_hash
    audit.set_meta(session, audit.META_HEAD, prev)
    audit.set_meta(session, audit.META_COUNT, str(len(rows)))


def checks(vault: Vault, seed: bytes | None) -> dict[str, CheckResult]:
    return {r.name: r for r in vault.verify(seed)}


# --- the twelve ------------------------------------------------------------------------------


def m01_edit_row(v: Vault) -> None:
    raw(
        v,
        lambda s: s.execute(
            update(models.AuditEntry).where(models.AuditEntry.id == 10).values(action="search")
        ),
    )


def m02_delete_middle_row(v: Vault) -> None:
    raw(v, lambda s: s.execute(delete(models.AuditEntry).where(models.AuditEntry.id == 30)))


def m03_delete_newest_row(v: Vault) -> None:
    raw(
        v,
        lambda s: s.execute(
            delete(models.AuditEntry).where(
                models.AuditEntry.id == s.scalar(select(func.max(models.AuditEntry.id)))
            )
        ),
    )


def _drop_newest(session: Session, key: bytes, n: int) -> None:
    newest = entries(session)[-n:]
    for row in newest:
        session.delete(row)
    session.flush()
    rechain(session, key)


def m04_delete_newest_fix_head(v: Vault) -> None:
    raw(v, lambda s: _drop_newest(s, v.audit_key, 6))


def m05_delete_newest_and_their_seals(v: Vault) -> None:
    def change(s: Session) -> None:
        _drop_newest(s, v.audit_key, 6)
        last_id = s.scalar(select(func.max(models.AuditEntry.id)))
        s.execute(delete(models.AuditSeal).where(models.AuditSeal.last_entry_id > last_id))
        left = s.scalar(select(func.count()).select_from(models.AuditSeal))
        audit.set_meta(s, audit_seal.META_SEAL_EPOCH, str(left))

    raw(v, change)


def _drop_oldest(s: Session, n: int) -> tuple[int, str]:
    oldest = entries(s)[:n]
    for row in oldest:
        s.delete(row)
    audit.set_meta(s, audit.META_ANCHOR, oldest[-1].entry_hash)
    audit.set_meta(s, audit.META_ANCHOR_ID, str(oldest[-1].id))
    audit.set_meta(s, audit.META_COUNT, str(int(audit.get_meta(s, audit.META_COUNT, "0")) - n))
    return oldest[-1].id, oldest[-1].entry_hash


def m06_delete_oldest_set_anchor(v: Vault) -> None:
    raw(v, lambda s: _drop_oldest(s, 50))


def m07_delete_oldest_forge_prune_and_reseal(v: Vault) -> None:
    def change(s: Session) -> None:
        upto, anchor = _drop_oldest(s, 50)
        before = (dt.date.today() - dt.timedelta(days=5 * 366)).isoformat()
        audit.append(
            s,
            v.audit_key,
            "Insider",
            AuditRecord(
                AuditAction.DELETE,
                "audit_log",
                detail=f"pruned=50 before={before} months=60 upto={upto} anchor={anchor}",
            ),
        )

    reseal(v, change)


def m08_delete_middle_recompute(v: Vault) -> None:
    def change(s: Session) -> None:
        s.execute(delete(models.AuditEntry).where(models.AuditEntry.id == 30))
        rechain(s, v.audit_key)

    raw(v, change)


def m09_edit_recompute(v: Vault) -> None:
    def change(s: Session) -> None:
        s.execute(update(models.AuditEntry).where(models.AuditEntry.id == 10).values(case_id=999))
        rechain(s, v.audit_key)

    raw(v, change)


def m10_edit_recompute_and_reseal_heads(v: Vault) -> None:
    """Also rewrite every seal's head and tag it with the only key the insider has."""

    def change(s: Session) -> None:
        s.execute(update(models.AuditEntry).where(models.AuditEntry.id == 10).values(case_id=999))
        rechain(s, v.audit_key)
        key = bytes.fromhex(audit.get_meta(s, audit_seal.META_SEAL_KEY, ""))
        hashes = {e.id: e.entry_hash for e in entries(s)}
        for seal in s.scalars(select(models.AuditSeal)):
            if seal.last_entry_id in hashes:
                seal.head_hash = hashes[seal.last_entry_id]
                seal.tag = audit_seal._tag(key, seal)

    raw(v, change)


def m11_append_backdated_unlock(v: Vault) -> None:
    def change(s: Session) -> None:
        first = entries(s)[0].at
        row = models.AuditEntry(
            at=first - dt.timedelta(days=1),
            user="Insider",
            action=str(AuditAction.UNLOCK),
            object_kind="vault",
            case_id=None,
            subject_id=None,
            object_id=None,
            on_behalf_of="",
            detail="",
            prev_hash=audit.get_meta(s, audit.META_HEAD, ""),
        )
        row.entry_hash = audit._entry_digest(v.audit_key, row.prev_hash, row)
        s.add(row)
        audit.set_meta(s, audit.META_HEAD, row.entry_hash)
        audit.set_meta(s, audit.META_COUNT, str(int(audit.get_meta(s, audit.META_COUNT, "0")) + 1))

    reseal(v, change)


def m12_rewrite_all_and_seal_anew(v: Vault) -> None:
    """Throw the seals away and start a new sealing of a rewritten log."""

    def change(s: Session) -> None:
        s.execute(delete(models.AuditSeal))
        s.execute(delete(models.AuditEntry).where(models.AuditEntry.id > 40))
        rechain(s, v.audit_key)
        audit_seal.start_sealing(s)
        s.flush()
        audit_seal.finish_transaction(s)

    raw(v, change)


MANIPULATIONS = [
    m01_edit_row,
    m02_delete_middle_row,
    m03_delete_newest_row,
    m04_delete_newest_fix_head,
    m05_delete_newest_and_their_seals,
    m06_delete_oldest_set_anchor,
    m07_delete_oldest_forge_prune_and_reseal,
    m08_delete_middle_recompute,
    m09_edit_recompute,
    m10_edit_recompute_and_reseal_heads,
    m11_append_backdated_unlock,
    m12_rewrite_all_and_seal_anew,
]


def test_the_untouched_copy_is_proven(copy: Vault, sealed: Sealed) -> None:
    result = checks(copy, sealed.seed)
    assert all(r.ok for r in result.values())
    assert result[SEAL_LINE].proven
    assert "t/m regel 72" in result[SEAL_LINE].detail


@pytest.mark.parametrize("manipulate", MANIPULATIONS, ids=lambda f: f.__name__)
def test_manipulation_is_detected_with_the_verification_key(
    copy: Vault, sealed: Sealed, manipulate: Callable[[Vault], None]
) -> None:
    manipulate(copy)
    result = checks(copy, sealed.seed)
    failing = [r for r in result.values() if not r.ok]
    assert failing, f"{manipulate.__name__} went unnoticed"


def test_without_the_key_verify_says_what_it_cannot_prove(copy: Vault) -> None:
    m09_edit_recompute(copy)
    m10_edit_recompute_and_reseal_heads(copy)
    result = checks(copy, None)
    assert result[CHAIN_LINE].ok  # the chain is recomputable by the insider ...
    seal = result[SEAL_LINE]
    assert seal.ok and not seal.proven  # ... and without the key that cannot be disproven
    assert "niet bewezen" in seal.detail


def test_residual_appending_now_is_indistinguishable(copy: Vault, sealed: Sealed) -> None:
    """The README's residual: new entries at the end, dated now, look like real ones."""
    with copy.unit_of_work() as uow:
        uow.audit(AuditRecord(AuditAction.UNLOCK, "vault"))
    assert all(r.ok for r in checks(copy, sealed.seed).values())


def test_a_wrong_verification_key_proves_nothing(copy: Vault) -> None:
    result = checks(copy, b"\x01" * 32)
    assert not result[SEAL_LINE].ok


class _Clock(dt.datetime):
    """A settable 'now' for the log's own clock (entries and seals), nothing else."""

    value = dt.datetime(2019, 1, 1, 12, 0, tzinfo=dt.UTC)

    @classmethod
    def now(cls, tz: dt.tzinfo | None = None) -> _Clock:  # type: ignore[override]
        return cls.fromtimestamp(cls.value.timestamp(), tz)


def test_prune_after_retention_stays_proven(
    vault_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from types import SimpleNamespace

    from casustafel.services.audit_log import prune_expired

    clock = SimpleNamespace(**{k: getattr(dt, k) for k in dir(dt) if not k.startswith("__")})
    clock.datetime = _Clock
    monkeypatch.setattr(audit, "dt", clock)
    monkeypatch.setattr(audit_seal, "dt", clock)
    vault, _recovery = Vault.create(vault_path, TEST_USER, TEST_PASSPHRASE, params=FLOOR_PARAMS)
    try:
        seed = parse_verification_key(vault.verification_key or "")
        for _i in range(3):
            with vault.unit_of_work() as uow:
                uow.audit(AuditRecord(AuditAction.READ, "case", case_id=1))
        _Clock.value = dt.datetime.now(dt.UTC)
        with vault.unit_of_work() as uow:
            uow.audit(AuditRecord(AuditAction.READ, "case", case_id=2))
        assert prune_expired(vault) == 4  # created + three reads of 2019
        result = checks(vault, seed)
        assert all(r.ok for r in result.values()), result
        assert result[SEAL_LINE].proven
    finally:
        vault.lock()
