"""The vault's latest committed state, recorded outside its folder: no silent rollback.

A committed transaction can still be lost: the WAL file (`vault.db-wal`) holds it until a
checkpoint, and a WAL that is deleted, cut short or damaged is silently dropped by SQLite;
an older copy of the folder (a sync tool, a backup put back by hand) rolls everything back
at once, audit log and its head included. So after every writing transaction the vault's
counter and audit head are written to a small file in the user's data folder (not in the
vault folder, which such a copy would replace), keyed by the vault's id and folder, protected by an
HMAC. Unlocking a database that is behind that record is refused (exit 4) until someone
accepts the older state, which is then logged.

The HMAC key comes from the vault's own keys, so whoever holds the passphrase can forge
this file (or remove it); it catches accidents and outsiders. Against an insider the
privacy officer compares the seal count `verify` prints with the one noted last time.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import secrets
import threading
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

STATE_DIR_ENV = "CASUSTAFEL_STATE_DIR"
_LOCK = threading.Lock()


def state_dir() -> Path:
    """Where records live: $CASUSTAFEL_STATE_DIR, else the user's data folder (platformdirs)."""
    configured = os.environ.get(STATE_DIR_ENV)
    if configured:
        return Path(configured)
    import platformdirs

    return Path(platformdirs.user_data_dir("casustafel", appauthor=False)) / "kluisstand"


def record_key(chain_key: bytes) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"casustafel state record v1"
    ).derive(chain_key)


@dataclass(frozen=True, slots=True)
class StateRecord:
    """The newest state this machine saw committed: counter and audit head."""

    counter: int
    head: str


def record_id(vault_id: str, folder: Path) -> str:
    """One record per vault id *and* place: a restored copy beside the original is no rollback.

    A copy put back at the same place (the case to catch) meets the record of that place.
    """
    place = hashlib.sha256(str(Path(folder).resolve()).encode()).hexdigest()[:16]
    return f"{vault_id}-{place}"


def _path(record: str) -> Path:
    if not record.replace("-", "").isalnum():
        raise ValueError("record id must be alphanumeric")
    return state_dir() / f"{record}.json"


def _mac(key: bytes, record_name: str, counter: int, head: str) -> str:
    payload = f"{record_name}\0{counter}\0{head}".encode()
    return hmac.new(key, payload, hashlib.sha256).hexdigest()


def read(record_name: str, key: bytes) -> StateRecord | None:
    """The record for this vault; None when there is none or it does not check out.

    A record that fails its HMAC is ignored rather than trusted: it could only make an
    unlock refuse, and anyone able to change it could as well remove it.
    """
    try:
        body = json.loads(_path(record_name).read_text(encoding="utf-8"))
        counter, head = int(body["counter"]), str(body["head"])
        if not hmac.compare_digest(str(body["mac"]), _mac(key, record_name, counter, head)):
            return None
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return StateRecord(counter, head)


def write(record_name: str, key: bytes, record: StateRecord, *, force: bool = False) -> None:
    """Record `record` unless a newer one is there (`force`: accepting an older state).

    Best effort and cheap (no fsync): a record lost in a crash is at worst behind the
    database, which is never refused. A folder that cannot be written changes nothing.
    """
    with _LOCK:
        if not force:
            current = read(record_name, key)
            if current is not None and current.counter >= record.counter:
                return
        body = {
            "record": record_name,
            "counter": record.counter,
            "head": record.head,
            "mac": _mac(key, record_name, record.counter, record.head),
        }
        path = _path(record_name)
        tmp = path.with_name(f".{path.name}.tmp-{secrets.token_hex(4)}")
        try:
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(body, handle)
            os.replace(tmp, path)
        except OSError:
            with contextlib.suppress(OSError):
                tmp.unlink()


def discard(record: str) -> None:
    """Remove a record (creation failed, or a restore chose an older state)."""
    with _LOCK, contextlib.suppress(OSError, ValueError):
        _path(record).unlink()


def behind(record: StateRecord | None, counter: int, head: str) -> bool:
    """True when the database (`counter`, `head`) is older than, or diverged from, `record`."""
    if record is None:
        return False
    return record.counter > counter or (record.counter == counter and record.head != head)
