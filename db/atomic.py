"""Atomic, owner-only file writes: temp file in the same folder, fsync, rename, fsync folder."""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

from casustafel.errors import OutputError
from casustafel.i18n import _

from .crash_points import crash_point
from .storage_errors import os_reason


def write_bytes_atomically(path: Path, data: bytes, mode: int = 0o600) -> None:
    """Replace `path` with `data` so that a crash leaves either the old or the new file.

    The temporary name is random and says nothing about the content. On any OS error
    (full disk, no permission) the old file stays as it was and the temp file is removed.
    """
    tmp = path.with_name(f".{path.name}.tmp-{secrets.token_hex(4)}")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        crash_point(f"schrijven:{path.name}:voor-vervangen")  # tests: die with the temp file
        os.replace(tmp, path)
        fsync_directory(path.parent)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        # The OS's own text is English and names the path: give a Dutch reason instead.
        raise OutputError(
            _("Het bestand kon niet worden geschreven: {reason}. Er is niets verloren.").format(
                reason=os_reason(exc)
            )
        ) from None


def fsync_directory(folder: Path) -> None:
    """Make a rename durable (POSIX); a no-op where folders cannot be opened (Windows)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
