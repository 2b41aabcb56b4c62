"""SQLAlchemy engines over SQLCipher 4 (or, for one test-only path, plain SQLite).

The key statement is only ever built from a validated 64-hex-digit raw key, never from
anything a user typed.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import sqlcipher3
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import QueuePool

_RAW_KEY = re.compile(r"[0-9a-f]{64}")

# cipher_memory_security wipes and locks memory SQLCipher frees, so decrypted pages do not
# linger in RAM (a stolen laptop's swap, a crash dump). Measured with tests/perf (one
# process per setting, 2-core machine): it makes SQL-heavy work 1.5-2.9x slower (search
# SQL 2.1-2.8x, follow-up queue 2.0-2.9x, case file 1.5-1.7x) and the case list about 1x.
# Every target of the issues is met with it on (filter-as-you-type searches memory, not
# SQL), so it stays on.
CIPHER_MEMORY_SECURITY = True
BUSY_TIMEOUT_MS = 10_000


def key_pragma(raw_key: bytes) -> str:
    hex_key = raw_key.hex()
    if not _RAW_KEY.fullmatch(hex_key):
        raise ValueError("raw key must be 32 bytes")
    return f"PRAGMA key = \"x'{hex_key}'\""


def connect_raw(db_path: Path, raw_key: bytes | None) -> Any:
    """Open one DB-API connection with the vault's settings.

    `raw_key=None` opens plain SQLite: used only by tests that must inspect the raw bytes
    of a database built by the same code path (destruction leaves nothing behind).
    """
    if raw_key is None:
        conn: Any = sqlite3.connect(str(db_path), check_same_thread=False, isolation_level=None)
    else:
        conn = sqlcipher3.connect(str(db_path), check_same_thread=False, isolation_level=None)
        conn.execute(key_pragma(raw_key))
        conn.execute("PRAGMA cipher_compatibility = 4")
        conn.execute(f"PRAGMA cipher_memory_security = {'ON' if CIPHER_MEMORY_SECURITY else 'OFF'}")
    # Touching the schema is what makes SQLCipher check the key and the first page.
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA secure_delete = ON")
    conn.execute("PRAGMA temp_store = MEMORY")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    return conn


def make_engine(db_path: Path, raw_key: bytes | None) -> Engine:
    """An engine whose every pooled connection carries the key and the settings above."""

    def creator() -> Any:
        return connect_raw(db_path, raw_key)

    engine = create_engine(
        f"sqlite:///{db_path}",
        module=sqlcipher3 if raw_key is not None else sqlite3,
        creator=creator,
        poolclass=QueuePool,
        pool_size=2,
        max_overflow=2,
        # A statement error's text would otherwise carry its bound values (names, BSNs) into
        # whatever prints or logs it: a traceback, a crash report, a log line.
        hide_parameters=True,
    )
    _use_immediate_transactions(engine)
    return engine


def _use_immediate_transactions(engine: Engine) -> None:
    """Let SQLAlchemy, not the driver, start transactions, and start them as writers.

    The driver runs in autocommit mode (`isolation_level=None`); every unit of work begins
    with BEGIN IMMEDIATE so that two connections (the GUI and the background worker) never
    interleave their audit-chain appends.
    """

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")


ConnectionFactory = Callable[[], Any]


def checkpoint_wal(engine: Engine, attempts: int = 10) -> bool:
    """Move every committed change into the database file and truncate the WAL to zero.

    Runs on a raw connection outside any transaction: inside one (and every SQLAlchemy
    unit of work begins one) SQLite refuses the checkpoint. Returns False when readers kept
    it from completing after `attempts` tries.
    """
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        for _attempt in range(attempts):
            busy = cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
            if not busy:
                return True
        return False
    finally:
        raw.close()
