"""One writer per vault: an operating-system lock on a file inside the vault folder.

Every program that opens a vault to use it (the app, `import`, `cases`, ...) holds an
exclusive lock on `vault.lock` for as long as the vault is open, and writes who holds it
into that file: the login name, the program, its process id and since when (never anything
from the cases). A second program is refused (exit 7) with the holder named. The operating
system drops the lock when the process ends, however it ends, so a lock is never stale and
nobody has to delete a lock file by hand.

Three kinds of access (`Access`):
- READ (`verify`): a shared lock on `vault.readers` only, so it can run beside the app;
  it writes nothing into the vault.
- WRITE (everything else that opens a vault): exclusive on `vault.lock`.
- EXCLUSIVE (`restore --force` onto a vault, `passwd`): exclusive on both files, so that
  nothing at all has the vault open while its key file or folder is swapped.

POSIX uses `flock` (whole-file locks per open file, released on close or death); Windows
uses `msvcrt.locking` on one byte far beyond the holder text (Windows has no shared lock
there, so READ takes no lock on Windows). A process that already holds a lock on a file
reuses it (counted): the app coordinates its own threads, the lock is about other programs.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import enum
import getpass
import json
import os
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path

from casustafel.errors import VaultBusyError
from casustafel.i18n import _

from .storage_errors import BUSY_MESSAGE, storage_error

__all__ = [
    "LOCK_FILES",
    "LOCK_NAME",
    "READERS_NAME",
    "Access",
    "VaultHold",
    "acquire",
    "check_free",
    "holder_text",
    "set_program_name",
]

LOCK_NAME = "vault.lock"
READERS_NAME = "vault.readers"
# Not vault content: never in a backup, and their bytes change with every opening.
LOCK_FILES = frozenset({LOCK_NAME, READERS_NAME})
_WINDOWS_LOCK_OFFSET = 1 << 30  # the locked byte; the holder text before it stays readable
_ATTEMPTS = 20


class Access(enum.Enum):
    READ = "read"
    WRITE = "write"
    EXCLUSIVE = "exclusive"


_program = Path(sys.argv[0]).name if sys.argv and sys.argv[0] else "casustafel"


def set_program_name(name: str) -> None:
    """Name this process in the lock file ("casustafel import", "Casustafel-app")."""
    global _program
    _program = name


@dataclass
class _FileLock:
    fd: int
    exclusive: bool
    count: int = 1


_held: dict[tuple[int, int], _FileLock] = {}
_guard = threading.Lock()


class _HeldElsewhereError(Exception):
    """The file is locked by another process (internal)."""


def _os_lock(fd: int, exclusive: bool) -> None:
    if sys.platform == "win32":
        import msvcrt

        os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError as exc:
            raise _HeldElsewhereError from exc
    else:
        import fcntl

        mode = fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH
        try:
            fcntl.flock(fd, mode | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise _HeldElsewhereError from exc


def _os_unlock(fd: int) -> None:
    if sys.platform == "win32":
        import msvcrt

        os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        with contextlib.suppress(OSError):
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
    os.close(fd)  # closing drops a flock


def _lock_path(path: Path, exclusive: bool) -> tuple[int, int]:
    """Lock the file now at `path`; return its (device, inode) identity.

    The folder can be renamed between opening the file and locking it (a restore moving a
    vault aside): the identity of what was locked is compared with what `path` names after
    locking, and the attempt repeats until they agree.
    """
    for _attempt in range(_ATTEMPTS):
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        stat = os.fstat(fd)
        key = (stat.st_dev, stat.st_ino)
        with _guard:
            mine = _held.get(key)
            if mine is not None:
                os.close(fd)
                if exclusive and not mine.exclusive:
                    _os_lock(mine.fd, exclusive=True)  # flock converts the lock in place
                    mine.exclusive = True
                mine.count += 1
                return key
        try:
            _os_lock(fd, exclusive)
        except _HeldElsewhereError:
            os.close(fd)
            raise
        try:
            now = os.stat(path)
        except FileNotFoundError:
            now = None
        if now is not None and (now.st_dev, now.st_ino) == key:
            with _guard:
                _held[key] = _FileLock(fd, exclusive)
            return key
        _os_unlock(fd)
    raise VaultBusyError(BUSY_MESSAGE)


def _release_path(key: tuple[int, int]) -> None:
    with _guard:
        held = _held.get(key)
        if held is None:
            return
        held.count -= 1
        if held.count > 0:
            return
        del _held[key]
    _os_unlock(held.fd)


def _record_holder(key: tuple[int, int]) -> None:
    """Write who holds the lock into the lock file (the holder's descriptor, not the path)."""
    with _guard:
        held = _held.get(key)
    if held is None or held.count > 1:
        return  # this process already recorded itself
    record = {
        "gebruiker": _login_name(),
        "programma": _program,
        "pid": os.getpid(),
        "sinds": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
    }
    data = json.dumps(record, ensure_ascii=False).encode("utf-8")
    with contextlib.suppress(OSError):  # the lock is what matters; the text only helps
        os.ftruncate(held.fd, 0)
        os.lseek(held.fd, 0, os.SEEK_SET)
        os.write(held.fd, data)
        os.fsync(held.fd)


def _login_name() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):  # no name for this uid (containers)
        return str(os.getuid()) if hasattr(os, "getuid") else "?"


def holder_text(folder: Path) -> str:
    """'casustafel import van anna (proces 4242, sinds 6-12-2026 10:15)', or '' if unknown."""
    try:
        raw = (folder / LOCK_NAME).read_bytes()[:4096]
        record = json.loads(raw.decode("utf-8"))
        since = dt.datetime.fromisoformat(str(record["sinds"]))
        return _("{program} van {user} (proces {pid}, sinds {since})").format(
            program=str(record["programma"])[:80],
            user=str(record["gebruiker"])[:80],
            pid=int(record["pid"]),
            since=f"{since.day}-{since.month}-{since.year} {since:%H:%M}",
        )
    except (OSError, ValueError, KeyError, TypeError):
        return ""


def _busy_error(folder: Path, readers: bool) -> VaultBusyError:
    if readers:
        return VaultBusyError(
            _(
                "De kluis is in gebruik door een ander programma dat haar leest "
                "(casustafel verify); wacht tot dat klaar is en probeer het opnieuw."
            )
        )
    holder = holder_text(folder)
    if not holder:
        return VaultBusyError(BUSY_MESSAGE)
    return VaultBusyError(
        _(
            "De kluis is in gebruik door een ander programma: {holder}. Sluit dat en "
            "probeer het opnieuw."
        ).format(holder=holder)
    )


@dataclass
class VaultHold:
    """The locks one open vault holds; `release` gives them back (idempotent)."""

    folder: Path
    access: Access
    keys: list[tuple[int, int]] = field(default_factory=list)

    def release(self) -> None:
        keys, self.keys = self.keys, []
        for key in reversed(keys):
            _release_path(key)


def acquire(folder: Path, access: Access) -> VaultHold:
    """Take the locks `access` needs on the vault folder `folder`, or raise.

    Raises:
        VaultBusyError: another program holds the vault (exit 7), the holder named.
        OutputError: the folder cannot be written (WRITE and EXCLUSIVE only).
    """
    hold = VaultHold(folder, access)
    try:
        if access is not Access.READ:
            try:
                hold.keys.append(_lock_path(folder / LOCK_NAME, exclusive=True))
            except _HeldElsewhereError:
                raise _busy_error(folder, readers=False) from None
            _record_holder(hold.keys[-1])
        if access is not Access.WRITE and not (access is Access.READ and sys.platform == "win32"):
            try:
                hold.keys.append(
                    _lock_path(folder / READERS_NAME, exclusive=access is Access.EXCLUSIVE)
                )
            except _HeldElsewhereError:
                raise _busy_error(folder, readers=True) from None
    except OSError as exc:
        hold.release()
        if access is Access.READ:
            return VaultHold(folder, access)  # read-only media: reading needs no lock to be safe
        raise storage_error(exc) or VaultBusyError(BUSY_MESSAGE) from None
    except BaseException:
        hold.release()
        raise
    return hold


def check_free(folder: Path, access: Access) -> None:
    """Refuse at once (exit 7) when `access` could not be had now; holds nothing after.

    Commands call this before asking for the passphrase, so that a script learns of a
    holder before any key derivation; the real lock is taken when the vault opens.
    """
    if not folder.is_dir():
        return
    acquire(folder, access).release()
