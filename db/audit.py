"""The audit log's hash chain: append one entry, verify the whole chain.

Each entry's hash is an HMAC (key derived from the vault's data key) over the previous
hash and the entry's fields. `vault_meta` keeps the head hash and the count, written in
the same transaction, so removing the newest entries is detected too. Pruning old entries
(retention) keeps the chain verifiable by storing the hash of the last pruned entry as
the anchor the first remaining entry must point to.

Anyone with the passphrase can recompute this chain; the forward-secure seals over it
(`casustafel.db.audit_seal`) are what an insider cannot redo. Entry times never go
backwards along the chain (a clock set back keeps the previous time), so an entry slipped
in with an earlier date is out of order.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from dataclasses import dataclass

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from casustafel.domain.model import AuditAction
from casustafel.domain.requesters import is_requester_code

from . import models

GENESIS = "0" * 64
META_HEAD = "audit_head"
META_COUNT = "audit_count"
META_ANCHOR = "audit_anchor"
META_ANCHOR_ID = "audit_anchor_id"
# The chain key, kept once the data key is renewed: the chain must outlive the data key.
META_CHAIN_KEY = "audit_chain_key"


def audit_key_from(data_key: bytes) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"casustafel audit chain v1"
    ).derive(data_key)


def _entry_digest(key: bytes, prev_hash: str, entry: models.AuditEntry) -> str:
    fields = {
        "at": entry.at.isoformat(),
        "user": entry.user,
        "action": entry.action,
        "object_kind": entry.object_kind,
        "case_id": entry.case_id,
        "subject_id": entry.subject_id,
        "object_id": entry.object_id,
        "on_behalf_of": entry.on_behalf_of,
        "detail": entry.detail,
        "prev": prev_hash,
    }
    payload = json.dumps(fields, sort_keys=True, separators=(",", ":")).encode()
    return hmac.new(key, payload, hashlib.sha256).hexdigest()


def get_meta(session: Session, key: str, default: str) -> str:
    row = session.get(models.VaultMeta, key)
    return row.value if row is not None else default


def set_meta(session: Session, key: str, value: str) -> None:
    row = session.get(models.VaultMeta, key)
    if row is None:
        session.add(models.VaultMeta(key=key, value=value))
    else:
        row.value = value


@dataclass(frozen=True, slots=True)
class AuditRecord:
    """What a caller says happened; no free-text content, only ids and codes.

    `on_behalf_of` is empty or a `casustafel.domain.requesters.Requester` code: a name typed
    there would stay in the log after the subject's erasure.
    """

    action: AuditAction
    object_kind: str = ""
    case_id: int | None = None
    subject_id: int | None = None
    object_id: int | None = None
    on_behalf_of: str = ""
    detail: str = ""


def append(session: Session, key: bytes, user: str, record: AuditRecord) -> None:
    """Add one entry at the head of the chain (in the caller's transaction).

    Raises:
        ValueError: `record.on_behalf_of` is neither empty nor a requester code. That is a
            programming error (services turn user input into a code first); the message
            leaves the value out, as it may be a name.
    """
    if record.on_behalf_of and not is_requester_code(record.on_behalf_of):
        raise ValueError("on_behalf_of must be empty or a Requester code")
    prev = get_meta(session, META_HEAD, GENESIS)
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
    latest = session.scalar(select(func.max(models.AuditEntry.at)))
    entry = models.AuditEntry(
        at=max(now, latest) if latest is not None else now,
        user=user,
        action=str(record.action),
        object_kind=record.object_kind,
        case_id=record.case_id,
        subject_id=record.subject_id,
        object_id=record.object_id,
        on_behalf_of=str(record.on_behalf_of),
        detail=record.detail[:400],
        prev_hash=prev,
    )
    entry.entry_hash = _entry_digest(key, prev, entry)
    session.add(entry)
    set_meta(session, META_HEAD, entry.entry_hash)
    set_meta(session, META_COUNT, str(int(get_meta(session, META_COUNT, "0")) + 1))


@dataclass(frozen=True, slots=True)
class ChainReport:
    ok: bool
    entries: int
    first_bad_id: int | None = None
    problem: str = ""


def verify_chain(session: Session, key: bytes) -> ChainReport:
    """Walk the chain from the anchor; report the first entry that does not fit."""
    prev = get_meta(session, META_ANCHOR, GENESIS)
    count = 0
    for entry in session.scalars(select(models.AuditEntry).order_by(models.AuditEntry.id)):
        if entry.prev_hash != prev or _entry_digest(key, prev, entry) != entry.entry_hash:
            return ChainReport(False, count, entry.id, "gewijzigde of ontbrekende regel")
        prev = entry.entry_hash
        count += 1
    expected = int(get_meta(session, META_COUNT, "0"))
    if prev != get_meta(session, META_HEAD, GENESIS) or count != expected:
        return ChainReport(False, count, None, "laatste regels ontbreken")
    return ChainReport(True, count)


@dataclass(frozen=True, slots=True)
class Pruned:
    """What a prune removed: how many entries, and the new anchor (last removed id, hash)."""

    removed: int
    anchor_id: int = 0
    anchor_hash: str = GENESIS


def prune_before(session: Session, key: bytes, cutoff: dt.datetime) -> Pruned:
    """Remove entries older than `cutoff`, moving the anchor so the rest still verifies."""
    old = list(
        session.scalars(
            select(models.AuditEntry)
            .where(models.AuditEntry.at < cutoff)
            .order_by(models.AuditEntry.id)
        )
    )
    if not old:
        return Pruned(0)
    set_meta(session, META_ANCHOR, old[-1].entry_hash)
    set_meta(session, META_ANCHOR_ID, str(old[-1].id))
    for entry in old:
        session.delete(entry)
    set_meta(session, META_COUNT, str(int(get_meta(session, META_COUNT, "0")) - len(old)))
    return Pruned(len(old), old[-1].id, old[-1].entry_hash)
