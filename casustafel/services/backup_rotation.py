"""Automatic backups while the app runs: the last few, a daily and a weekly one, in one folder.

Every automatic backup is a "recent" file; the newest `keep` recent ones stay. The first
backup of a day is also kept as that day's "daily" and the first of an ISO week as the
"weekly", each replacing the previous one, so that after a bad morning there is still a
start-of-day and a start-of-week copy to go back to. File names carry only the vault's name,
a time stamp and the slot: never anything from inside the vault.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from casustafel.db.vault import Vault
from casustafel.errors import OutputError
from casustafel.i18n import _

from .backup import BACKUP_SUFFIX, write_backup

__all__ = [
    "SLOT_DAILY",
    "SLOT_RECENT",
    "SLOT_WEEKLY",
    "BackupInfo",
    "automatic_backup_due",
    "list_backups",
    "run_automatic_backup",
]

SLOT_RECENT = "recent"
SLOT_DAILY = "dag"
SLOT_WEEKLY = "week"
_STAMP = "%Y%m%d-%H%M%S"
_NAME = re.compile(r"^(?P<vault>.+)-(?P<stamp>\d{8}-\d{6})-(?P<slot>recent|dag|week)$")


@dataclass(frozen=True, slots=True)
class BackupInfo:
    """One automatic backup file as the settings page lists it."""

    path: Path
    slot: str
    created_at: dt.datetime
    size: int


def _file_name(vault_name: str, at: dt.datetime, slot: str) -> str:
    return f"{vault_name}-{at.strftime(_STAMP)}-{slot}{BACKUP_SUFFIX}"


def list_backups(folder: Path, vault_name: str) -> list[BackupInfo]:
    """The automatic backups of `vault_name` in `folder`, newest first."""
    found: list[BackupInfo] = []
    if not folder.is_dir():
        return found
    for path in folder.iterdir():
        if not path.name.endswith(BACKUP_SUFFIX):
            continue
        match = _NAME.match(path.name.removesuffix(BACKUP_SUFFIX))
        if match is None or match["vault"] != vault_name:
            continue
        with contextlib.suppress(OSError, ValueError):
            found.append(
                BackupInfo(
                    path,
                    match["slot"],
                    dt.datetime.strptime(match["stamp"], _STAMP),
                    path.stat().st_size,
                )
            )
    found.sort(key=lambda b: (b.created_at, b.slot), reverse=True)
    return found


def automatic_backup_due(
    folder: Path, vault_name: str, now: dt.datetime, interval: dt.timedelta
) -> bool:
    """True when the newest automatic backup is older than `interval` (or there is none)."""
    recent = [b for b in list_backups(folder, vault_name) if b.slot == SLOT_RECENT]
    return not recent or now - recent[0].created_at >= interval


def _link_or_copy(source: Path, target: Path) -> None:
    # A hard link costs no space; the slots are only ever replaced, never written in place.
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def run_automatic_backup(
    vault: Vault, folder: Path, *, keep: int = 5, now: dt.datetime | None = None
) -> list[BackupInfo]:
    """Write a new automatic backup into `folder` and rotate the slots; return what is kept.

    Raises:
        OutputError: the folder cannot be written (full disk, no permission); older
            backups are left as they were.
    """
    if keep < 1:
        raise OutputError(_("Bewaar minstens één automatische reservekopie."))
    now = (now or dt.datetime.now()).replace(microsecond=0)
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError:
        raise OutputError(
            _("De map voor reservekopieën kan niet worden aangemaakt; kies een andere map.")
        ) from None
    name = vault.name
    before = list_backups(folder, name)
    newest = folder / _file_name(name, now, SLOT_RECENT)
    write_backup(vault, newest, force=True)
    try:
        _promote(folder, name, newest, now, before)
        recent = [b for b in list_backups(folder, name) if b.slot == SLOT_RECENT]
        for old in recent[keep:]:
            old.path.unlink()
    except OSError:
        raise OutputError(
            _("De reservekopie is gemaakt, maar oudere kopieën konden niet worden opgeruimd.")
        ) from None
    return list_backups(folder, name)


def _promote(
    folder: Path, name: str, newest: Path, now: dt.datetime, before: list[BackupInfo]
) -> None:
    def same_day(b: BackupInfo) -> bool:
        return b.created_at.date() == now.date()

    def same_week(b: BackupInfo) -> bool:
        return b.created_at.isocalendar()[:2] == now.isocalendar()[:2]

    for slot, still_current in ((SLOT_DAILY, same_day), (SLOT_WEEKLY, same_week)):
        existing = [b for b in before if b.slot == slot]
        if existing and all(still_current(b) for b in existing):
            continue
        _link_or_copy(newest, folder / _file_name(name, now, slot))
        for old in existing:
            old.path.unlink()
