"""Storage failures (full disk, read-only folder, locked file) as errors a user can act on.

SQLite reports a full disk as SQLITE_FULL, but a file-size limit or a failing device as
SQLITE_IOERR, and a read-only medium as SQLITE_READONLY or SQLITE_CANTOPEN; Python reports
the same situations as an `OSError` with an errno. Both are mapped here, in one place, to
the error hierarchy: nothing was lost (SQLite rolled the transaction back, and output files
are written atomically), so the message says what to do and the exit code is 8 (output
could not be written) or 7 (the vault is busy).

Messages never include the OS's own text: it names paths, which may hold a person's name,
and it is English.
"""

from __future__ import annotations

import errno

import sqlcipher3

from casustafel.errors import CasustafelError, OutputError, VaultBusyError
from casustafel.i18n import _

__all__ = ["BUSY_MESSAGE", "os_reason", "storage_error", "write_failure_errnos"]

BUSY_MESSAGE = _(
    "De kluis is in gebruik door een ander programma; sluit dat en probeer het opnieuw."
)

# Primary result codes (the low byte of an extended code), from sqlite3.h.
_SQLITE_PERM = 3
_SQLITE_BUSY = 5
_SQLITE_LOCKED = 6
_SQLITE_READONLY = 8
_SQLITE_IOERR = 10
_SQLITE_FULL = 13
_SQLITE_CANTOPEN = 14

_FULL = (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC), errno.EFBIG)
_NO_RIGHTS = (errno.EACCES, errno.EPERM, errno.EROFS)


def write_failure_errnos() -> frozenset[int]:
    """The errnos that can only mean "this could not be written" (no read error has them)."""
    return frozenset((*_FULL, errno.EROFS))


def os_reason(error: OSError) -> str:
    """A short Dutch reason for an OS error, without paths."""
    code = error.errno
    if code in _FULL:
        return _("de schijf is vol")
    if code in _NO_RIGHTS:
        return _("er zijn geen schrijfrechten in de gekozen map")
    if code in (errno.ENOENT, errno.ENOTDIR):
        return _("de gekozen map bestaat niet")
    if code == errno.EISDIR:
        return _("de gekozen naam is een map")
    return _("het besturingssysteem weigerde het schrijven (foutcode {code})").format(code=code)


def _vault_write_failed(reason: str) -> OutputError:
    return OutputError(
        _(
            "De kluis kon niet worden bijgewerkt: {reason}. Er is niets verloren; maak ruimte "
            "vrij of kies een andere map en probeer het opnieuw."
        ).format(reason=reason)
    )


def _sqlite_code(exc: BaseException) -> int | None:
    """The primary SQLite result code of `exc` or the driver error it wraps, if any."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, sqlcipher3.Error):
            code = getattr(current, "sqlite_errorcode", None)
            return code & 0xFF if isinstance(code, int) else None
        # SQLAlchemy keeps the driver's exception in `.orig`; others chain it as the cause.
        orig = getattr(current, "orig", None)
        current = orig if isinstance(orig, BaseException) else current.__cause__
    return None


def storage_error(exc: BaseException) -> CasustafelError | None:
    """The user-facing error for a storage failure, or None when `exc` is something else.

    Args:
        exc: An exception from SQLAlchemy, the SQLCipher driver, or the OS.

    Returns:
        `OutputError` (exit 8) for a full disk or a folder that cannot be written,
        `VaultBusyError` (exit 7) when another program holds the vault, else None.
    """
    if isinstance(exc, OSError) and not isinstance(exc, BlockingIOError):
        if exc.errno in write_failure_errnos():
            return OutputError(
                _("Er kon niet worden geschreven: {reason}. Er is niets verloren.").format(
                    reason=os_reason(exc)
                )
            )
        return None
    code = _sqlite_code(exc)
    if code in (_SQLITE_FULL, _SQLITE_IOERR):
        return _vault_write_failed(_("de schijf is vol of gaf een schrijffout"))
    if code in (_SQLITE_READONLY, _SQLITE_CANTOPEN, _SQLITE_PERM):
        return _vault_write_failed(_("de map van de kluis is niet beschrijfbaar"))
    if code in (_SQLITE_BUSY, _SQLITE_LOCKED):
        return VaultBusyError(BUSY_MESSAGE)
    return None
