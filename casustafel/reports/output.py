"""Atomic writing of output files: the old file stays intact unless the new one is complete.

`atomic_write_bytes` writes one file; `atomic_write_files` writes files that belong together
(a monitoring CSV and its manifest) all or nothing.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import tempfile
from collections.abc import Sequence
from pathlib import Path

from casustafel.errors import OutputError
from casustafel.i18n import _

__all__ = ["atomic_write_bytes", "atomic_write_files"]


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


def _write_temp(target: Path, data: bytes) -> Path:
    """`data` in a new owner-only temp file beside `target`, flushed to the disk."""
    fd, name = tempfile.mkstemp(prefix=".casustafel-", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(name)
        raise
    return Path(name)


def _keep_old(target: Path) -> Path | None:
    """A hidden second name for the existing `target`, to put it back with; None if none.

    A hard link costs no disk space (a full disk is when this matters) and leaves `target`
    in place; where links are not supported the file is renamed aside instead.
    """
    if not target.exists():
        return None
    if target.is_dir():  # never move a folder aside in its place: fail, and undo the rest
        raise IsADirectoryError(errno.EISDIR, "is a folder")
    keep = target.with_name(f".casustafel-{secrets.token_hex(6)}.oud")
    try:
        os.link(target, keep)
    except OSError:
        os.rename(target, keep)
    return keep


def atomic_write_files(files: Sequence[tuple[Path, bytes]], *, what: str = "") -> None:
    """Write files that belong together so that either all are new or none has changed.

    Every new content is first written to a temp file in its target's folder and fsynced:
    a full disk or a missing permission fails there, before any target is touched. Then
    each existing target gets a second name to be put back from, and the temp files are
    renamed over the targets. When a rename fails, the targets already replaced get their
    old contents back (or are removed when they did not exist). Temp files are always
    removed, and the message says truthfully what was (not) changed.

    Args:
        files: (target, complete new contents) per file, in the order they are renamed.
        what: Dutch subject for the error message, e.g. "De export".

    Raises:
        OutputError: Nothing was written (or, if even putting back failed, says so).
    """
    temps: list[Path] = []
    kept: list[tuple[Path, Path | None]] = []  # (target, its old contents' second name)
    try:
        try:
            for target, data in files:
                temps.append(_write_temp(Path(target), data))
            for (target, _data), temp in zip(files, temps, strict=True):
                kept.append((Path(target), _keep_old(Path(target))))
                os.replace(temp, target)
        except OSError as error:
            restored = _put_back(kept)
            message = _("{what} kon niet worden opgeslagen: {reason}.").format(
                what=what or _("Het bestand"), reason=_reason(error)
            )
            if restored:
                message += " " + _("Er is niets gewijzigd: bestaande bestanden zijn als voorheen.")
            else:
                message += " " + _(
                    "Niet alle bestaande bestanden konden worden teruggezet; controleer de map."
                )
            raise OutputError(message) from None  # the OSError names paths
    finally:
        for temp in temps:
            with contextlib.suppress(OSError):
                temp.unlink(missing_ok=True)
    for _target, keep in kept:
        if keep is not None:
            with contextlib.suppress(OSError):
                keep.unlink()
    for folder in {Path(target).parent for target, _data in files}:
        _fsync_folder(folder)


def _put_back(kept: list[tuple[Path, Path | None]]) -> bool:
    """Undo the renames done so far; True when every target is as it was."""
    ok = True
    for target, keep in reversed(kept):
        try:
            if keep is not None:
                os.replace(keep, target)
            else:
                target.unlink(missing_ok=True)  # it did not exist before: remove the new one
        except OSError:
            ok = False
    return ok


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
