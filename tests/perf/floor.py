"""The floor under a measurement: the app's own SQL, replayed without the app's layers.

While an app call runs once, every SELECT it sends to SQLite is captured with its
parameters (SQLAlchemy's `before_cursor_execute` hook). The floor then runs exactly those
statements straight through a `sqlcipher3` connection to the same database (what the query
itself costs under encryption) and through `sqlite3` on the unencrypted copy (what it would
cost without). App over SQLCipher is what our layers cost; SQLCipher over SQLite is what
encryption costs. Audit-log reads are left out: the audit log is one of the app's layers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event

__all__ = ["Captured", "FloorConnections", "capture_selects", "replay"]

Statement = tuple[str, tuple[Any, ...]]


@dataclass(frozen=True, slots=True)
class Captured:
    """The read statements of one app call, in order."""

    statements: tuple[Statement, ...]

    def __len__(self) -> int:
        return len(self.statements)


def _is_floor_read(statement: str) -> bool:
    words = statement.split(None, 1)
    first = words[0].upper() if words else ""
    return first in ("SELECT", "WITH") and "audit_log" not in statement


@contextmanager
def capture_selects(engine: Engine) -> Iterator[list[Statement]]:
    """Collect the SELECT statements (with parameters) sent through `engine` in the block."""
    captured: list[Statement] = []

    def listener(
        _conn: Any,
        _cursor: Any,
        statement: str,
        parameters: Any,
        _context: Any,
        executemany: bool,
    ) -> None:
        if not executemany and _is_floor_read(statement):
            params = tuple(parameters) if isinstance(parameters, Sequence) else parameters
            captured.append((statement, params))

    event.listen(engine, "before_cursor_execute", listener)
    try:
        yield captured
    finally:
        event.remove(engine, "before_cursor_execute", listener)


def capture(engine: Engine, call: Callable[[], object]) -> Captured:
    """Run `call` once and return the reads it made."""
    with capture_selects(engine) as statements:
        call()
    return Captured(tuple(statements))


def replay(conn: Any, captured: Captured) -> int:
    """Run the captured statements on a DB-API connection, fetching every row."""
    rows = 0
    for sql, params in captured.statements:
        rows += len(conn.execute(sql, params).fetchall())
    return rows


class FloorConnections:
    """One raw SQLCipher connection to the vault and one sqlite3 connection to its copy.

    Both are opened by `connect_raw`, so they carry the same settings as the app's own
    connections (WAL, secure_delete, temp_store, cipher settings); nothing else of the app
    is between the query and the database.
    """

    def __init__(self, db: Path, data_key: bytes, plain_db: Path) -> None:
        from casustafel.db.engine import connect_raw

        self.cipher = connect_raw(db, data_key)
        self.plain = connect_raw(plain_db, None)

    def close(self) -> None:
        self.cipher.close()
        self.plain.close()
