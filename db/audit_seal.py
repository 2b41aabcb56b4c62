"""Forward-secure sealing of the audit log (after Bellare–Yee forward integrity, journald FSS).

The hash chain in `casustafel.db.audit` is keyed from the data key, so whoever knows the
passphrase can recompute it. Seals close that gap. At creation a random 256-bit seed is made;
it is the *verification key* and is given once to the privacy officer (like the recovery
key). The vault keeps only the current *sealing key* k_n (in `vault_meta`, inside the
encrypted database). Every writing transaction ends with a seal: an HMAC under k_n over the
chain's head, its anchor and the time; then k_n is replaced by k_{n+1} = SHA-256(k_n), so the
old key is overwritten and cannot be computed back from the new one.

Someone who holds the passphrase today therefore holds k_n only: he can add new seals, but
cannot make a seal for an earlier epoch, so he cannot change or remove what an earlier seal
covers, nor remove seals (the epochs must run 0..n-1 and k_n must be the n-th hash of the
seed). The verifier recomputes every key from the seed and checks every seal.

What stays possible is said in the README: whoever has the passphrase can add entries at
the end (with times between the last entry and now); an older copy of the whole folder
(a backup) holds the sealing key of its moment; putting such a copy back is caught by the
state record outside the folder (`casustafel.db.state_record`), unless that is removed too.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass

from sqlalchemy import func, inspect, select
from sqlalchemy.orm import Session

from casustafel.domain.model import AuditAction
from casustafel.i18n import _

from . import models
from .audit import GENESIS, META_ANCHOR, META_ANCHOR_ID, META_HEAD, get_meta, set_meta

META_SEAL_KEY = "audit_seal_key"
META_SEAL_EPOCH = "audit_seal_epoch"
META_STATE_COUNTER = "state_counter"
# The state counter when sealing began: seal e was made by transaction number base + e + 1.
META_SEAL_BASE = "audit_seal_base"
SEED_BYTES = 32
# The shortest audit retention a prune may claim (months); below it a prune is not credible.
MIN_PRUNE_MONTHS = 12


def evolve(key: bytes) -> bytes:
    """The next epoch's sealing key; one-way, so the previous key cannot be recovered."""
    return hashlib.sha256(b"casustafel seal evolve v1\0" + key).digest()


def key_at(seed: bytes, epoch: int) -> bytes:
    key = seed
    for _step in range(epoch):
        key = evolve(key)
    return key


def _tag(key: bytes, seal: models.AuditSeal) -> str:
    fields = {
        "epoch": seal.epoch,
        "sealed_at": seal.sealed_at.isoformat(),
        "last_entry_id": seal.last_entry_id,
        "head": seal.head_hash,
        "anchor_id": seal.anchor_id,
        "anchor": seal.anchor_hash,
    }
    payload = json.dumps(fields, sort_keys=True, separators=(",", ":")).encode()
    return hmac.new(key, b"casustafel seal v1\0" + payload, hashlib.sha256).hexdigest()


def start_sealing(session: Session) -> bytes:
    """Begin sealing in this transaction; return the seed (the verification key, shown once)."""
    seed = secrets.token_bytes(SEED_BYTES)
    set_meta(session, META_SEAL_KEY, seed.hex())
    set_meta(session, META_SEAL_EPOCH, "0")
    set_meta(session, META_SEAL_BASE, get_meta(session, META_STATE_COUNTER, "0"))
    return seed


def is_sealing(session: Session) -> bool:
    return bool(get_meta(session, META_SEAL_KEY, ""))


@dataclass(frozen=True, slots=True)
class StateMark:
    """What a committed transaction leaves for the state record: its counter and head."""

    counter: int
    head: str


def finish_transaction(session: Session) -> StateMark:
    """Seal what this transaction wrote and count it; called just before commit.

    The counter grows with every writing transaction, sealed or not (a vault from before
    sealing still gets rollback detection). The old sealing key is overwritten here.
    """
    counter = int(get_meta(session, META_STATE_COUNTER, "0")) + 1
    set_meta(session, META_STATE_COUNTER, str(counter))
    head = get_meta(session, META_HEAD, GENESIS)
    hex_key = get_meta(session, META_SEAL_KEY, "")
    if hex_key:
        key = bytes.fromhex(hex_key)
        epoch = int(get_meta(session, META_SEAL_EPOCH, "0"))
        session.flush()
        last_id = session.scalar(select(func.max(models.AuditEntry.id))) or 0
        last_at = session.scalar(select(func.max(models.AuditEntry.at)))
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
        seal = models.AuditSeal(
            epoch=epoch,
            sealed_at=max(now, last_at) if last_at is not None else now,
            last_entry_id=last_id,
            head_hash=head,
            anchor_id=int(get_meta(session, META_ANCHOR_ID, "0")),
            anchor_hash=get_meta(session, META_ANCHOR, GENESIS),
        )
        seal.tag = _tag(key, seal)
        session.add(seal)
        set_meta(session, META_SEAL_KEY, evolve(key).hex())
        set_meta(session, META_SEAL_EPOCH, str(epoch + 1))
    return StateMark(counter, head)


# --- verifying ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SealReport:
    """The outcome of checking the seals.

    `proven` is True only when the verification key was given and every seal checked out;
    `reach_id`/`reach_at` say up to which entry (and time) the last seal covers the log.
    """

    ok: bool
    proven: bool
    sealed: bool
    seals: int = 0
    reach_id: int = 0
    reach_at: dt.datetime | None = None
    problem: str = ""


def _fail(problem: str, seals: int = 0) -> SealReport:
    return SealReport(False, False, True, seals, problem=problem)


def _detail_fields(detail: str) -> dict[str, str]:
    return dict(part.split("=", 1) for part in detail.split() if "=" in part)


def _add_months(day: dt.date, months: int) -> dt.date:
    total = day.year * 12 + day.month - 1 + months
    year, month = divmod(total, 12)
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month + 1, min(day.day, last))
        except ValueError:
            continue
    raise ValueError("no valid day")  # pragma: no cover - day 28 always exists


def _check_prune(
    entries: list[tuple[int, str, dt.datetime, str, str, str]],
    seals: list[models.AuditSeal],
    anchor_id: int,
    anchor_hash: str,
) -> str:
    """The anchor may only have moved by a logged prune of entries older than the retention."""
    prunes = [e for e in entries if e[3] == str(AuditAction.DELETE) and e[4] == "audit_log"]
    if not prunes:
        return _("het begin van het log is weggehaald zonder vastgelegde opschoning")
    _id, _hash, at, _action, _kind, detail = prunes[-1]
    fields = _detail_fields(detail)
    try:
        upto = int(fields["upto"])
        before = dt.date.fromisoformat(fields["before"])
        months = int(fields["months"])
    except (KeyError, ValueError):
        return _("de laatste opschoning van het log is onleesbaar vastgelegd")
    if upto != anchor_id or fields.get("anchor") != anchor_hash:
        return _("het begin van het log past niet bij de laatste vastgelegde opschoning")
    if months < MIN_PRUNE_MONTHS or _add_months(before, months) > at.date():
        return _("de laatste opschoning ging verder terug dan de bewaartermijn toestaat")
    cutoff = dt.datetime.combine(before, dt.time())
    for seal in seals:
        # Entries after a seal were written after it; a seal made on or after the cutoff
        # therefore bounds how far a legitimate prune can reach.
        if seal.sealed_at >= cutoff and seal.last_entry_id < anchor_id:
            return _("er zijn regels weggehaald die jonger waren dan de bewaartermijn")
    return ""


def verify_seals(session: Session, seed: bytes | None) -> SealReport:
    """Check the seals against the chain; with `seed`, prove them (see the module text)."""
    has_table = inspect(session.connection()).has_table(models.AuditSeal.__tablename__)
    seals = (
        list(session.scalars(select(models.AuditSeal).order_by(models.AuditSeal.epoch)))
        if has_table
        else []
    )
    hex_key = get_meta(session, META_SEAL_KEY, "")
    if not hex_key and not seals:
        if seed is not None:
            return _fail(_("er zijn geen zegels, maar wel een verificatiesleutel"))
        return SealReport(True, False, False)
    n = len(seals)
    if not hex_key:
        return _fail(_("de zegelsleutel ontbreekt"), n)
    if [s.epoch for s in seals] != list(range(n)):
        return _fail(_("er ontbreken zegels (de nummering is onderbroken)"), n)
    if int(get_meta(session, META_SEAL_EPOCH, "-1")) != n:
        return _fail(_("de zegelstand past niet bij het aantal zegels"), n)
    entries = [
        tuple(row)
        for row in session.execute(
            select(
                models.AuditEntry.id,
                models.AuditEntry.entry_hash,
                models.AuditEntry.at,
                models.AuditEntry.action,
                models.AuditEntry.object_kind,
                models.AuditEntry.detail,
            ).order_by(models.AuditEntry.id)
        )
    ]
    typed: list[tuple[int, str, dt.datetime, str, str, str]] = entries  # type: ignore[assignment]
    problem = _check_structure(session, typed, seals)
    if problem:
        return _fail(problem, n)
    if seed is not None:
        key = seed
        for seal in seals:
            if not hmac.compare_digest(_tag(key, seal), seal.tag):
                return _fail(
                    _("zegel {epoch} is niet echt (gewijzigd of nagemaakt)").format(
                        epoch=seal.epoch
                    ),
                    n,
                )
            key = evolve(key)
        if not hmac.compare_digest(key.hex(), hex_key):
            return _fail(_("de zegelsleutel past niet bij de verificatiesleutel"), n)
    last = seals[-1] if seals else None
    return SealReport(
        True,
        seed is not None,
        True,
        n,
        last.last_entry_id if last else 0,
        last.sealed_at if last else None,
    )


def _check_structure(
    session: Session,
    entries: list[tuple[int, str, dt.datetime, str, str, str]],
    seals: list[models.AuditSeal],
) -> str:
    """What can be checked without the verification key; the first problem, or ''."""
    anchor_id = int(get_meta(session, META_ANCHOR_ID, "0"))
    anchor_hash = get_meta(session, META_ANCHOR, GENESIS)
    hashes = {e[0]: e[1] for e in entries}
    times = {e[0]: e[2] for e in entries}
    previous_at: dt.datetime | None = None
    for entry_id, _hash, at, *_rest in entries:
        if previous_at is not None and at < previous_at:
            return _("regel {id} is eerder gedateerd dan de regel ervoor").format(id=entry_id)
        previous_at = at
    previous: models.AuditSeal | None = None
    for seal in seals:
        if previous is not None and (
            seal.last_entry_id < previous.last_entry_id
            or seal.sealed_at < previous.sealed_at
            or seal.anchor_id < previous.anchor_id
        ):
            return _("zegel {epoch} staat niet in volgorde").format(epoch=seal.epoch)
        previous = seal
        if seal.last_entry_id > anchor_id:
            fits = hashes.get(seal.last_entry_id) == seal.head_hash
            if fits and times[seal.last_entry_id] > seal.sealed_at:
                fits = False
        elif seal.last_entry_id == anchor_id:
            fits = seal.head_hash == anchor_hash
        else:
            fits = True  # fully pruned: bounded by the prune check below
        if not fits:
            return _("zegel {epoch} past niet bij regel {id}").format(
                epoch=seal.epoch, id=seal.last_entry_id
            )
    if not seals:
        return _("er zijn geen zegels")
    last = seals[-1]
    if last.anchor_id != anchor_id or last.anchor_hash != anchor_hash:
        return _("het begin van het log is na het laatste zegel gewijzigd")
    unsealed = sum(1 for e in entries if e[0] > last.last_entry_id)
    if unsealed:
        return _("{n} regel(s) na het laatste zegel zijn niet verzegeld").format(n=unsealed)
    if anchor_id:
        return _check_prune(entries, seals, anchor_id, anchor_hash)
    return ""
