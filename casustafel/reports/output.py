"""Atomic writing of output files: the old file stays intact unless the new one is complete."""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path

from casustafel.errors import OutputError
from casustafel.i18n import _

__all__ = ["atomic_write_bytes"]


def _reason(error: OSError) -> str:
    """Translate an OS error into a short Dutch reason without paths (they may hold names)."""
    code = error.errno
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return _("de schijf is vol")
    if code == errno.EFBIG:
        return _("het bestand is te groot voor deze schijf")
    if code in (errno.EACCES, errno.EPERM, errno.EROFS):
        return _("er zijn geen schrijfrechten in de gekozen map")
    if code in (errno.ENOENT, errno.ENOTDIR):
        return _("de gekozen map bestaat niet")
    if code == errno.EISDIR:
        return _("de gekozen naam is een map")
    return _("het besturingssysteem weigerde het schrijven (foutcode {code})").format(code=code)


def atomic_write_bytes(path: Path, data: bytes, *, what: str = "") -> None:
    """Write `data` to `path` so that readers see either the old file or the complete new one.

    A temporary file with a random, meaningless name is created in the target folder (so the
    final rename stays on one file system), flushed and fsynced, then renamed over `path`. On
    any failure the temporary file is removed and an existing `path` is left untouched. The
    file gets owner-only permissions, which suits confidential documents.

    Args:
        path: Target file.
        data: Complete new contents.
        what: Dutch subject for the error message, e.g. "De PDF" or "De export".

    Raises:
        OutputError: Writing failed (full disk, no permission, missing folder, ...).
    """
    target = Path(path)
    tmp_name: str | None = None
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=".casustafel-", suffix=".tmp", dir=target.parent)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, target)
        tmp_name = None
    except OSError as error:
        message = _("{what} kon niet worden opgeslagen: {reason}.").format(
            what=what or _("Het bestand"), reason=_reason(error)
        )
        raise OutputError(
            message + " " + _("Een bestaand bestand met die naam is niet gewijzigd.")
        ) from None  # the OSError names the path, which may hold a person's name
    finally:
        if tmp_name is not None:
            # Nothing more can be done if this fails; the name holds no personal data.
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)
    _fsync_folder(target.parent)


def _fsync_folder(folder: Path) -> None:
    """Make the rename durable where the platform allows syncing a directory (not Windows)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # the file itself is synced; a directory sync is best effort
    finally:
        os.close(fd)
