"""The backup file format: one self-checking file with a vault's database and key file.

The backup file is our own small container rather than a zip or tar, because every single
byte of it must count: a trailing SHA-256 covers the header, the manifest and both files, so a
changed byte anywhere (also in metadata a zip reader would ignore) makes restore refuse it.
Layout::

    MAGIC (16 bytes) | version (u32, big endian) | manifest length (u32) | manifest (JSON)
    | vault.db bytes | vault.key bytes | SHA-256 of everything before (32 bytes)

The manifest lists each file's size and SHA-256, the schema revision and the creation time.
The database stays SQLCipher-encrypted and the key file holds only wrapped keys, so a backup
is as unreadable as the vault without the passphrase or the recovery key. Only the two known
file names are ever written, so a crafted backup cannot place files elsewhere.

This module is the format only (write under the vault's write lock, check, extract); it lives
in `db` so that the backup made before a migration is the same file `casustafel restore`
takes. Auditing, rotation and the restore flow are the service's (`services/backup.py`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import hashlib
import json
import os
import secrets
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from sqlalchemy import Engine

from casustafel import __version__
from casustafel.errors import NewerVersionError, OutputError, VaultDamagedError
from casustafel.i18n import _

from .atomic import fsync_directory
from .vault import DB_NAME, KEY_NAME, VaultPaths

__all__ = [
    "BACKUP_SUFFIX",
    "FORMAT_VERSION",
    "MAGIC",
    "BackupDamagedError",
    "BackupFile",
    "BackupManifest",
    "backup_damaged",
    "check_backup_file",
    "extract_backup",
    "file_digest",
    "restore_not_written",
    "write_backup_file",
    "write_container",
]

MAGIC = b"CASUSTAFEL-BKP\x00\x01"
FORMAT_VERSION = 1
BACKUP_SUFFIX = ".ctbackup"
_HEADER = struct.Struct(">16sII")
_DIGEST_BYTES = 32
_MAX_MANIFEST = 64 * 1024
_CHUNK = 1024 * 1024
_FILES = (DB_NAME, KEY_NAME)
_CHECKPOINT_ATTEMPTS = 20
# Versions are counted one by one; a field far beyond ours is damage, not the future.
_MAX_PLAUSIBLE_VERSION = 1000


class BackupDamagedError(VaultDamagedError):
    """The backup file is damaged, changed or not a Casustafel backup (exit 4)."""


def backup_damaged(detail: str) -> BackupDamagedError:
    """The error for a damaged backup, naming what was found wrong (one of our phrases)."""
    # `detail` is one of our own fixed phrases: never a path or content from the file.
    return BackupDamagedError(
        _("De reservekopie is beschadigd of gewijzigd ({detail}); er is niets teruggezet.").format(
            detail=detail
        )
    )


def _os_reason(exc: OSError) -> str:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return _("de schijf is vol")
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return _("er zijn geen schrijfrechten in de gekozen map")
    if exc.errno in (errno.ENOENT, errno.ENOTDIR):
        return _("de gekozen map bestaat niet")
    return _("foutcode {code}").format(code=exc.errno)


def restore_not_written(exc: OSError) -> OutputError:
    """The error for a restore whose target could not be written (exit 8, no paths)."""
    return OutputError(
        _("De reservekopie kon niet worden teruggezet: {reason}. Er is niets gewijzigd.").format(
            reason=_os_reason(exc)
        )
    )


@dataclass(frozen=True, slots=True)
class BackupFile:
    """One file inside a backup: its fixed name, size and SHA-256."""

    name: str
    size: int
    sha256: str


@dataclass(frozen=True, slots=True)
class BackupManifest:
    """What a backup says about itself; no personal data."""

    created_at: dt.datetime
    app_version: str
    schema_revision: str
    files: tuple[BackupFile, ...]

    def to_bytes(self) -> bytes:
        body = {
            "format": "casustafel-backup",
            "created_at": self.created_at.isoformat(),
            "app_version": self.app_version,
            "schema_revision": self.schema_revision,
            "files": [{"name": f.name, "size": f.size, "sha256": f.sha256} for f in self.files],
        }
        return json.dumps(body, sort_keys=True).encode("utf-8")

    @classmethod
    def from_bytes(cls, raw: bytes) -> BackupManifest:
        try:
            body = json.loads(raw.decode("utf-8"))
            if not isinstance(body, dict) or body.get("format") != "casustafel-backup":
                raise backup_damaged(_("onbekende inhoudsopgave"))
            files = tuple(
                BackupFile(str(f["name"]), int(f["size"]), str(f["sha256"])) for f in body["files"]
            )
            created = dt.datetime.fromisoformat(str(body["created_at"]))
            manifest = cls(created, str(body["app_version"]), str(body["schema_revision"]), files)
        except BackupDamagedError:
            raise
        except (ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
            raise backup_damaged(_("onleesbare inhoudsopgave")) from exc
        if tuple(f.name for f in files) != _FILES or any(f.size < 0 for f in files):
            raise backup_damaged(_("onverwachte bestanden"))
        return manifest


# --- writing ------------------------------------------------------------------------------


@contextlib.contextmanager
def _quiet_database(engine: Engine, paths: VaultPaths) -> Iterator[None]:
    """Hold the vault's write lock with an empty WAL, so the database file alone is complete.

    A checkpoint moves every committed change into the database file; BEGIN IMMEDIATE then
    keeps writers out while the file is copied. A writer can slip in between the two, so
    the WAL is checked under the lock and the pair is retried until it is empty.
    """
    wal = paths.db.with_name(DB_NAME + "-wal")
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        for _attempt in range(_CHECKPOINT_ATTEMPTS):
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            cursor.execute("BEGIN IMMEDIATE")
            if not wal.exists() or wal.stat().st_size == 0:
                break
            cursor.execute("ROLLBACK")
        else:
            raise OutputError(
                _("De kluis is te druk om een reservekopie te maken; probeer het zo nog eens.")
            )
        try:
            yield
        finally:
            cursor.execute("ROLLBACK")
    finally:
        raw.close()


def write_backup_file(
    engine: Engine, paths: VaultPaths, output: Path, revision: str
) -> BackupManifest:
    """Write one backup file of the open vault at `paths` to `output`, atomically.

    The file is written beside `output` under a random name while the vault's write lock is
    held, read back and checked, and only then renamed over `output` (an existing file there
    is replaced: refusing it is the caller's policy). On a full disk or an unwritable folder
    nothing at `output` changes.

    Args:
        engine: the open vault's engine (its key is already applied).
        paths: the vault's files.
        output: the backup file to write.
        revision: the schema revision the database is at, recorded in the manifest.

    Raises:
        OutputError: the file could not be written (the vault is untouched).
    """
    output = Path(output)
    tmp = output.with_name(f".casustafel-{secrets.token_hex(6)}.tmp")
    try:
        with _quiet_database(engine, paths):
            manifest = write_container(paths, tmp, revision)
        check_backup_file(tmp)
        os.replace(tmp, output)
        fsync_directory(output.parent)
    except OSError as exc:
        raise OutputError(
            _(
                "De reservekopie kon niet worden geschreven: {reason}. De kluis is niet gewijzigd."
            ).format(reason=_os_reason(exc))
        ) from None  # the OSError names paths
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()
    return manifest


def _copy_hashing(source: IO[bytes], target: IO[bytes], *hashes: Any) -> int:
    size = 0
    while chunk := source.read(_CHUNK):
        for h in hashes:
            h.update(chunk)
        target.write(chunk)
        size += len(chunk)
    return size


def file_digest(path: Path) -> tuple[int, str]:
    """Size and SHA-256 (hex) of the file at `path`, read in chunks."""
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return size, digest.hexdigest()


def write_container(paths: VaultPaths, target: Path, revision: str) -> BackupManifest:
    """Write the container of the files at `paths` to a new file `target` (no lock, no check).

    Callers hold the write lock (`write_backup_file`); tests use it directly to build a
    backup whose hashes are consistent but whose content is not.
    """
    sources = (paths.db, paths.key)
    files = tuple(
        BackupFile(name, *file_digest(src)) for name, src in zip(_FILES, sources, strict=True)
    )
    manifest = BackupManifest(
        dt.datetime.now(dt.UTC).replace(microsecond=0), __version__, revision, files
    )
    manifest_bytes = manifest.to_bytes()
    whole = hashlib.sha256()
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        header = _HEADER.pack(MAGIC, FORMAT_VERSION, len(manifest_bytes)) + manifest_bytes
        whole.update(header)
        out.write(header)
        for expected, src in zip(files, sources, strict=True):
            check = hashlib.sha256()
            with src.open("rb") as handle:
                size = _copy_hashing(handle, out, whole, check)
            if size != expected.size or check.hexdigest() != expected.sha256:
                # The file changed between hashing and copying: never ship such a backup.
                raise OutputError(
                    _("De kluis veranderde tijdens de reservekopie; probeer opnieuw.")
                )
        out.write(whole.digest())
        out.flush()
        os.fsync(out.fileno())
    return manifest


# --- reading ------------------------------------------------------------------------------


def _read_exact(handle: IO[bytes], size: int) -> bytes:
    data = handle.read(size)
    if len(data) != size:
        raise backup_damaged(_("het bestand is te kort"))
    return data


def _trailer_matches(handle: IO[bytes], total: int) -> bool:
    """Whether the file's last 32 bytes are the SHA-256 of all before them (reads it all)."""
    whole = hashlib.sha256()
    handle.seek(0)
    remaining = total - _DIGEST_BYTES
    while remaining > 0:
        chunk = handle.read(min(_CHUNK, remaining))
        if not chunk:
            return False
        whole.update(chunk)
        remaining -= len(chunk)
    return whole.digest() == handle.read(_DIGEST_BYTES)


def _open_container(handle: IO[bytes], total: int) -> tuple[BackupManifest, bytes]:
    """Check header and manifest; return the manifest and the raw bytes read so far."""
    if total < _HEADER.size + _DIGEST_BYTES:
        raise backup_damaged(_("het bestand is te kort"))
    header = _read_exact(handle, _HEADER.size)
    magic, version, manifest_len = _HEADER.unpack(header)
    if magic != MAGIC:
        raise backup_damaged(_("geen reservekopie van Casustafel"))
    if version > FORMAT_VERSION:
        # A damaged version field must not pass for a newer app: a real newer backup still
        # carries a trailing hash over everything before it, a flipped byte does not.
        if version > _MAX_PLAUSIBLE_VERSION or not _trailer_matches(handle, total):
            raise backup_damaged(_("de kop is beschadigd"))
        raise NewerVersionError(
            _(
                "De reservekopie is gemaakt door een nieuwere versie van Casustafel; "
                "werk de app bij."
            )
        )
    if version < 1 or manifest_len > _MAX_MANIFEST:
        raise backup_damaged(_("onbekende kop"))
    if _HEADER.size + manifest_len + _DIGEST_BYTES > total:
        raise backup_damaged(_("het bestand is te kort"))
    raw_manifest = _read_exact(handle, manifest_len)
    manifest = BackupManifest.from_bytes(raw_manifest)
    expected = _HEADER.size + manifest_len + sum(f.size for f in manifest.files) + _DIGEST_BYTES
    if expected != total:
        raise backup_damaged(_("de lengte klopt niet"))
    return manifest, header + raw_manifest


def check_backup_file(path: Path) -> BackupManifest:
    """Check the whole backup file (trailing hash, manifest, file hashes) without extracting.

    Raises:
        BackupDamagedError: any byte differs from what was written, or it is no backup.
        NewerVersionError: the backup was made by a newer version of the app.
    """
    return extract_backup(Path(path), None)


def extract_backup(path: Path, target: Path | None) -> BackupManifest:
    """Check `path` completely; with `target`, also write its two files into that folder.

    The files are written as they are read, so a caller must treat `target` as staging
    until this returns: a damaged backup raises after part of it was written.

    Raises:
        BackupDamagedError: the backup is damaged, changed, unreadable or no backup.
        NewerVersionError: the backup was made by a newer version of the app.
        OutputError: a file in `target` could not be written (exit 8, not damage).
    """
    try:
        total = path.stat().st_size
        with path.open("rb") as handle:
            manifest, prefix = _open_container(handle, total)
            whole = hashlib.sha256(prefix)
            for entry in manifest.files:
                _extract_one(handle, entry, whole, target)
            if whole.digest() != _read_exact(handle, _DIGEST_BYTES):
                raise backup_damaged(_("de controlesom klopt niet"))
    except OSError as exc:
        raise BackupDamagedError(
            _("De reservekopie kan niet worden gelezen: {reason}.").format(reason=_os_reason(exc))
        ) from None
    return manifest


def _extract_one(handle: IO[bytes], entry: BackupFile, whole: Any, target: Path | None) -> None:
    check = hashlib.sha256()
    remaining = entry.size
    out: IO[bytes] | None = None
    try:
        if target is not None:
            fd = os.open(target / entry.name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            out = os.fdopen(fd, "wb")
        while remaining:
            chunk = _read_exact(handle, min(_CHUNK, remaining))
            whole.update(chunk)
            check.update(chunk)
            if out is not None:
                _write_restored(out, chunk)
            remaining -= len(chunk)
        if out is not None:
            _write_restored(out, None)
    except OSError as exc:
        if out is None and target is not None:
            raise restore_not_written(exc) from None  # the staging file could not be made
        raise
    finally:
        if out is not None:
            with contextlib.suppress(OSError):  # a failed flush was reported above
                out.close()
    if check.hexdigest() != entry.sha256:
        raise backup_damaged(_("de controlesom van een bestand klopt niet"))


def _write_restored(out: IO[bytes], chunk: bytes | None) -> None:
    """Write `chunk` to the staged vault (None: flush and sync it).

    A failure here is the target disk (full, read-only), not a damaged backup: it is
    reported as output that could not be written (exit 8), not as damage (exit 4).
    """
    try:
        if chunk is None:
            out.flush()
            os.fsync(out.fileno())
        else:
            out.write(chunk)
    except OSError as exc:
        raise restore_not_written(exc) from None  # the OSError names paths
