"""'Mijn werk' lines the user marked done ("afgehandeld") or snoozed until a date.

A mark is kept per line key (`FollowUpItem.key`: kind and ids, no personal data) in the
vault's `vault_meta` table as one small JSON map, so no schema change is needed. A
snoozed line comes back on its date; a done line stays away until the thing behind it
changes identity (a new intervention or agreement has a new key). Every mark is audited.
"""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy.orm import Session

from casustafel.db import models
from casustafel.db.audit import AuditRecord
from casustafel.db.vault import Vault
from casustafel.domain import model as dm
from casustafel.errors import ValidationError
from casustafel.i18n import _

__all__ = ["DONE", "hidden_keys", "mark_done", "snooze", "unmark"]

META_KEY = "followup_marks"
DONE = "done"


def _read(session: Session) -> dict[str, str]:
    row = session.get(models.VaultMeta, META_KEY)
    if row is None or not row.value:
        return {}
    try:
        marks = json.loads(row.value)
    except ValueError:
        return {}
    return {str(k): str(v) for k, v in marks.items()} if isinstance(marks, dict) else {}


def hidden_keys(session: Session, today: dt.date) -> set[str]:
    """Keys of the lines not to show today (done, or snoozed until after today)."""
    hidden: set[str] = set()
    for key, value in _read(session).items():
        if value == DONE:
            hidden.add(key)
            continue
        try:
            if dt.date.fromisoformat(value) > today:
                hidden.add(key)
        except ValueError:
            continue
    return hidden


def _write(vault: Vault, key: str, value: str | None, detail: str) -> None:
    with vault.unit_of_work() as tx:
        marks = _read(tx.session)
        if value is None:
            marks.pop(key, None)
        else:
            marks[key] = value
        row = tx.session.get(models.VaultMeta, META_KEY)
        text = json.dumps(marks, sort_keys=True)
        if row is None:
            tx.session.add(models.VaultMeta(key=META_KEY, value=text))
        else:
            row.value = text
        tx.audit(
            AuditRecord(dm.AuditAction.UPDATE, object_kind="followup", detail=f"{detail} {key}")
        )


def mark_done(vault: Vault, item: dm.FollowUpItem) -> None:
    """Hide the line for good: the user dealt with it."""
    _write(vault, item.key, DONE, "afgehandeld")


def snooze(vault: Vault, item: dm.FollowUpItem, until: dt.date, *, today: dt.date) -> None:
    """Hide the line until `until` (a date after today)."""
    if until <= today:
        raise ValidationError(_("Kies een datum na vandaag."), field="until")
    _write(vault, item.key, until.isoformat(), f"later tot={until.isoformat()}")


def unmark(vault: Vault, key: str) -> None:
    """Show a done or snoozed line again."""
    _write(vault, key, None, "terug")
