"""The shape of a transaction the services work in: a session, a user and an audit hook.

`casustafel.db.vault.UnitOfWork` has this shape. The demo generator passes its own
variant that writes one audit entry per batch instead of one per synthetic record.
"""

from __future__ import annotations

import datetime as dt
from typing import Protocol

from sqlalchemy.orm import Session

from ..audit import AuditRecord


class Tx(Protocol):
    """One open transaction."""

    @property
    def session(self) -> Session: ...

    @property
    def user(self) -> str: ...

    def audit(self, record: AuditRecord) -> None: ...


def utc_now() -> dt.datetime:
    """Now in UTC without tzinfo and microseconds, as every timestamp column stores it."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
