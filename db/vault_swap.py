"""Putting a restored vault folder in place so that a crash at any moment leaves a vault there.

A restore builds the new vault in a hidden staging folder `.herstel-XXXX.casustafel` beside
the target and checks it completely. The swap then writes a small journal into the staging
folder (the target's name and where the old vault goes), moves the old vault aside to
`NAME.casustafel.voor-herstel-STAMP`, renames the staging folder to the target and removes
the journal. Every step is one rename or one small file, and `finish_interrupted_restores`
(run before a vault is opened, and before a restore) puts right what a crash left:

- a staging folder without journal: the restore died while checking; it is removed;
- a journal and no vault at the target: the old vault is moved back and the staging
  folder removed (the restore never reported success, so nothing changed);
- a journal inside the target: the swap was complete; only the journal is removed.

A staging folder is locked by the restore that owns it (its `vault.lock`, see `vault_lock`):
the recovery leaves alone whatever it cannot lock, so it never touches a running restore.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import secrets
import shutil
from collections.abc import Iterator
from pathlib import Path

from casustafel.errors import CasustafelError, RefusedError
from casustafel.i18n import _

from .atomic import fsync_directory, write_bytes_atomically
from .crash_points import crash_point
from .vault_lock import Access, acquire

__all__ = [
    "JOURNAL_NAME",
    "STAGING_PREFIX",
    "finish_interrupted_restores",
    "folder_in_use",
    "new_staging_folder",
    "remove_leftovers",
    "swap_into_place",
]

JOURNAL_NAME = ".herstel-bezig"
STAGING_PREFIX = ".herstel-"
_STAGING_SUFFIX = ".casustafel"
_KEY_TEMP_PREFIX = ".vault.key.tmp-"


def new_staging_folder(target: Path) -> Path:
    """A fresh hidden name beside `target` (the same file system, so renames are atomic)."""
    return target.parent / f"{STAGING_PREFIX}{secrets.token_hex(6)}{_STAGING_SUFFIX}"


def folder_in_use(folder: Path) -> bool:
    return folder.exists() and (not folder.is_dir() or any(folder.iterdir()))


def _aside_name(target: Path) -> Path:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    aside = target.with_name(f"{target.name}.voor-herstel-{stamp}")
    number = 2
    while aside.exists():
        aside = target.with_name(f"{target.name}.voor-herstel-{stamp}-{number}")
        number += 1
    return aside


def swap_into_place(staging: Path, target: Path, *, force: bool) -> Path | None:
    """Make the checked `staging` folder the vault at `target`; return where the old one went.

    The caller holds the staging folder's lock and, when a vault is at `target`, that
    vault's exclusive lock (both move with their folders).

    Raises:
        RefusedError: something is at `target` and `force` is not set.
        OSError: a rename failed; the old vault is back at `target`.
    """
    moved: Path | None = None
    if folder_in_use(target):
        if not force:  # checked again: someone may have created it meanwhile
            raise RefusedError(_("Op die plaats staat al een kluis; er is niets gewijzigd."))
        moved = _aside_name(target)
    journal = {"doel": target.name, "opzij": moved.name if moved is not None else None}
    write_bytes_atomically(staging / JOURNAL_NAME, json.dumps(journal).encode("utf-8"))
    crash_point("restore:na-journaal")
    if moved is not None:
        os.rename(target, moved)
        fsync_directory(target.parent)
    elif target.exists():
        target.rmdir()  # an empty folder
    crash_point("restore:na-opzij")
    try:
        os.rename(staging, target)
    except OSError:
        if moved is not None:
            os.rename(moved, target)
        raise
    fsync_directory(target.parent)
    crash_point("restore:na-wissel")
    (target / JOURNAL_NAME).unlink()
    fsync_directory(target)
    return moved


def finish_interrupted_restores(target: Path) -> None:
    """Put right what a restore to `target` (or beside it) left when it was interrupted."""
    if (target / JOURNAL_NAME).is_file():
        with _held(target) as ours:
            if ours:
                (target / JOURNAL_NAME).unlink(missing_ok=True)
                fsync_directory(target)
    try:
        entries = [
            entry
            for entry in target.parent.iterdir()
            if entry.name.startswith(STAGING_PREFIX) and entry.name.endswith(_STAGING_SUFFIX)
        ]
    except OSError:
        return  # a parent we cannot list holds no staging folder of ours
    for staging in entries:
        with _held(staging) as ours:
            if ours and staging.is_dir():
                _roll_back(staging)


def _roll_back(staging: Path) -> None:
    """The restore that made `staging` is gone: move the old vault back, drop the staging."""
    try:
        journal = json.loads((staging / JOURNAL_NAME).read_text(encoding="utf-8"))
        doel = staging.parent / Path(str(journal["doel"])).name
        opzij = journal["opzij"]
        aside = staging.parent / Path(str(opzij)).name if opzij else None
    except FileNotFoundError:
        aside = doel = None  # died while checking: nothing was moved yet
    except (OSError, ValueError, KeyError, TypeError):
        return  # not a journal we wrote: leave it for a person to look at
    if doel is not None and aside is not None and not doel.exists() and aside.is_dir():
        os.rename(aside, doel)
        fsync_directory(doel.parent)
    shutil.rmtree(staging, ignore_errors=True)


@contextlib.contextmanager
def _held(folder: Path) -> Iterator[bool]:
    """Yield True while this process holds `folder`'s lock, False if someone else has it."""
    try:
        hold = acquire(folder, Access.WRITE)
    except (CasustafelError, OSError):  # busy, or a folder we cannot write: not ours to fix
        yield False
        return
    try:
        yield True
    finally:
        hold.release()


def remove_leftovers(folder: Path) -> None:
    """Remove temporary key files a crashed key change left (the caller holds the lock)."""
    with contextlib.suppress(OSError):
        for entry in folder.iterdir():
            if entry.name.startswith(_KEY_TEMP_PREFIX):
                entry.unlink(missing_ok=True)
