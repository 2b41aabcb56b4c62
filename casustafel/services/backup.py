"""Encrypted backups: one file with the vault's database and key file, checked before restoring.

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
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import secrets
import shutil
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import sqlcipher3

from casustafel import __version__
from casustafel.db import audit, migrate
from casustafel.db.atomic import fsync_directory
from casustafel.db.audit import AuditRecord
from casustafel.db.engine import connect_raw
from casustafel.db.keyfile import KeyFile, parse_recovery_key
from casustafel.db.vault import DB_NAME, KEY_NAME, Vault, VaultPaths
from casustafel.domain.model import AuditAction
from casustafel.errors import (
    NewerVersionError,
    OutputError,
    RefusedError,
    VaultDamagedError,
)
from casustafel.i18n import _

__all__ = [
    "BACKUP_SUFFIX",
    "BackupDamagedError",
    "BackupManifest",
    "RestoreResult",
    "check_backup_file",
    "restore_backup",
    "write_backup",
]

MAGIC = b"CASUSTAFEL-BKP\x00\x01"
FORMAT_VERSION = 1
BACKUP_SUFFIX = ".ctbackup"
_HEADER = struct.Struct(">16sII")
_DIGEST_BYTES = 32
_MAX_MANIFEST = 64 * 1024
_CHUNK = 1024 * 1024
_FILES = (DB_NAME, KEY_NAME)
_MAX_KEYFILE = 1024 * 1024
_CHECKPOINT_ATTEMPTS = 20


class BackupDamagedError(VaultDamagedError):
    """The backup file is damaged, changed or not a Casustafel backup (exit 4)."""


def _damaged(detail: str) -> BackupDamagedError:
    # `detail` is one of our own fixed phrases: never a path or content from the file.
    return BackupDamagedError(
        _("De reservekopie is beschadigd of gewijzigd ({detail}); er is niets teruggezet.").format(
            detail=detail
        )
    )


@dataclass(frozen=True, slots=True)
class BackupFile:
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
                raise _damaged(_("onbekende inhoudsopgave"))
            files = tuple(
                BackupFile(str(f["name"]), int(f["size"]), str(f["sha256"])) for f in body["files"]
            )
            created = dt.datetime.fromisoformat(str(body["created_at"]))
            manifest = cls(created, str(body["app_version"]), str(body["schema_revision"]), files)
        except BackupDamagedError:
            raise
        except (ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
            raise _damaged(_("onleesbare inhoudsopgave")) from exc
        if tuple(f.name for f in files) != _FILES or any(f.size < 0 for f in files):
            raise _damaged(_("onverwachte bestanden"))
        return manifest


# --- writing ------------------------------------------------------------------------------


@contextlib.contextmanager
def _quiet_database(vault: Vault) -> Iterator[None]:
    """Hold the vault's write lock with an empty WAL, so the database file alone is complete.

    A checkpoint moves every committed change into the database file; BEGIN IMMEDIATE then
    keeps writers out while the file is copied. A writer can slip in between the two, so
    the WAL is checked under the lock and the pair is retried until it is empty.
    """
    wal = vault.paths.db.with_name(DB_NAME + "-wal")
    raw = vault.engine.raw_connection()
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


def _copy_hashing(source: IO[bytes], target: IO[bytes], *hashes: Any) -> int:
    size = 0
    while chunk := source.read(_CHUNK):
        for h in hashes:
            h.update(chunk)
        target.write(chunk)
        size += len(chunk)
    return size


def _file_digest(path: Path) -> tuple[int, str]:
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return size, digest.hexdigest()


def write_backup(vault: Vault, output: Path, *, force: bool = False) -> BackupManifest:
    """Write one backup file of the unlocked `vault` to `output`, atomically.

    The file is written beside `output` under a random name, read back and checked, and only
    then renamed over `output`; on a full disk or an unwritable folder nothing at `output`
    changes. The backup is written to the audit log.

    Args:
        vault: the unlocked vault.
        output: the backup file to write.
        force: replace an existing file at `output`.

    Raises:
        RefusedError: `output` exists and `force` is not set.
        OutputError: the file could not be written (the vault is untouched).
    """
    output = Path(output)
    if output.exists() and not force:
        raise RefusedError(
            _("Er staat al een bestand met die naam; gebruik --force om het te vervangen.")
        )
    tmp = output.with_name(f".casustafel-{secrets.token_hex(6)}.tmp")
    try:
        with vault.engine.connect() as conn:
            revision = migrate.current_revision(conn) or ""
        with _quiet_database(vault):
            manifest = _write_container(vault.paths, tmp, revision)
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
    with vault.unit_of_work() as uow:
        uow.audit(
            AuditRecord(
                AuditAction.BACKUP,
                object_kind="vault",
                detail=f"sha256={_file_digest(output)[1]}",
            )
        )
    return manifest


def _os_reason(exc: OSError) -> str:
    import errno

    if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return _("de schijf is vol")
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return _("er zijn geen schrijfrechten in de gekozen map")
    if exc.errno in (errno.ENOENT, errno.ENOTDIR):
        return _("de gekozen map bestaat niet")
    return _("foutcode {code}").format(code=exc.errno)


def _write_container(paths: VaultPaths, target: Path, revision: str) -> BackupManifest:
    sources = (paths.db, paths.key)
    files = tuple(
        BackupFile(name, *_file_digest(src)) for name, src in zip(_FILES, sources, strict=True)
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
        raise _damaged(_("het bestand is te kort"))
    return data


def _open_container(handle: IO[bytes], total: int) -> tuple[BackupManifest, bytes]:
    """Check header and manifest; return the manifest and the raw bytes read so far."""
    if total < _HEADER.size + _DIGEST_BYTES:
        raise _damaged(_("het bestand is te kort"))
    header = _read_exact(handle, _HEADER.size)
    magic, version, manifest_len = _HEADER.unpack(header)
    if magic != MAGIC:
        raise _damaged(_("geen reservekopie van Casustafel"))
    if version > FORMAT_VERSION:
        raise NewerVersionError(
            _(
                "De reservekopie is gemaakt door een nieuwere versie van Casustafel; "
                "werk de app bij."
            )
        )
    if version < 1 or manifest_len > _MAX_MANIFEST:
        raise _damaged(_("onbekende kop"))
    if _HEADER.size + manifest_len + _DIGEST_BYTES > total:
        raise _damaged(_("het bestand is te kort"))
    raw_manifest = _read_exact(handle, manifest_len)
    manifest = BackupManifest.from_bytes(raw_manifest)
    expected = _HEADER.size + manifest_len + sum(f.size for f in manifest.files) + _DIGEST_BYTES
    if expected != total:
        raise _damaged(_("de lengte klopt niet"))
    return manifest, header + raw_manifest


def check_backup_file(path: Path) -> BackupManifest:
    """Check the whole backup file (trailing hash, manifest, file hashes) without extracting.

    Raises:
        BackupDamagedError: any byte differs from what was written, or it is no backup.
        NewerVersionError: the backup was made by a newer version of the app.
    """
    return _extract(Path(path), None)


def _extract(path: Path, target: Path | None) -> BackupManifest:
    """Check `path` completely; with `target`, also write its two files into that folder."""
    try:
        total = path.stat().st_size
        with path.open("rb") as handle:
            manifest, prefix = _open_container(handle, total)
            whole = hashlib.sha256(prefix)
            for entry in manifest.files:
                _extract_one(handle, entry, whole, target)
            if whole.digest() != _read_exact(handle, _DIGEST_BYTES):
                raise _damaged(_("de controlesom klopt niet"))
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
            raise _restore_not_written(exc) from None  # the staging file could not be made
        raise
    finally:
        if out is not None:
            with contextlib.suppress(OSError):  # a failed flush was reported above
                out.close()
    if check.hexdigest() != entry.sha256:
        raise _damaged(_("de controlesom van een bestand klopt niet"))


def _restore_not_written(exc: OSError) -> OutputError:
    return OutputError(
        _("De reservekopie kon niet worden teruggezet: {reason}. Er is niets gewijzigd.").format(
            reason=_os_reason(exc)
        )
    )


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
        raise _restore_not_written(exc) from None  # the OSError names paths


# --- restoring ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RestoreResult:
    """Where the vault was restored, and where an existing vault was moved aside (`force`)."""

    vault_folder: Path
    manifest: BackupManifest
    moved_aside: Path | None


def _folder_in_use(folder: Path) -> bool:
    return folder.exists() and (not folder.is_dir() or any(folder.iterdir()))


def restore_backup(
    backup: Path,
    target: str | os.PathLike[str],
    *,
    passphrase: str | None = None,
    recovery_key: str | None = None,
    force: bool = False,
) -> RestoreResult:
    """Check a backup completely, then put it in place as the vault at `target`.

    Everything is checked in a staging folder beside `target` before anything there is
    touched: the file's hashes, that the key file parses, that the passphrase (or recovery
    key) opens the database, SQLCipher's `cipher_integrity_check`, SQLite's `quick_check`,
    that the schema is not newer than this app, and the audit log's chain. Only then is the
    staging folder renamed into place. With `force`, an existing vault is first moved aside
    (never deleted) so that a mistaken restore can be undone.

    Raises:
        RefusedError: a vault exists at `target` and `force` is not set (exit 7).
        BackupDamagedError: the backup is damaged or changed (exit 4).
        KeyFileDamagedError: the key file inside does not parse (exit 4).
        WrongSecretError: the passphrase or recovery key does not open it (exit 3).
        NewerVersionError: backup or schema from a newer app (exit 5).
    """
    paths = VaultPaths.of(target)
    if _folder_in_use(paths.folder) and not force:
        raise RefusedError(
            _("Op {path} staat al een kluis; gebruik --force om die te vervangen.").format(
                path=paths.folder
            )
        )
    staging = VaultPaths(paths.folder.parent / f".herstel-{secrets.token_hex(6)}.casustafel")
    try:
        paths.folder.parent.mkdir(parents=True, exist_ok=True)
        staging.folder.mkdir(mode=0o700)
    except OSError as exc:
        raise _restore_not_written(exc) from None
    try:
        manifest = _extract(Path(backup), staging.folder)
        _check_staged(staging, passphrase, recovery_key)
        try:
            moved = _swap_into_place(staging.folder, paths.folder, force)
        except OSError as exc:
            raise _restore_not_written(exc) from None
    finally:
        if staging.folder.exists():
            shutil.rmtree(staging.folder, ignore_errors=True)
    return RestoreResult(paths.folder, manifest, moved)


def _check_staged(staging: VaultPaths, passphrase: str | None, recovery_key: str | None) -> None:
    keyfile = KeyFile.read(staging.key)
    if recovery_key is not None:
        data_key = keyfile.unwrap_with_recovery_key(parse_recovery_key(recovery_key))
        user = keyfile.users[0] if keyfile.users else ""
    else:
        data_key, user = keyfile.unwrap_with_passphrase(passphrase or "")
    try:
        conn = connect_raw(staging.db, data_key)
        try:
            if conn.execute("PRAGMA cipher_integrity_check").fetchall():
                raise _damaged(_("beschadigde pagina's"))
            if conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise _damaged(_("beschadigde database"))
            migrate.refuse_newer(conn)
        finally:
            conn.close()
    except sqlcipher3.DatabaseError as exc:
        raise _damaged(_("de database opent niet")) from exc
    vault = Vault(staging, data_key, user)
    try:
        with vault.unit_of_work() as uow:
            report = audit.verify_chain(uow.session, vault.audit_key)
            if not report.ok:
                raise _damaged(_("het auditlog is onderbroken"))
            uow.audit(AuditRecord(AuditAction.RESTORE, object_kind="vault"))
    finally:
        vault.lock()


def _swap_into_place(staging: Path, target: Path, force: bool) -> Path | None:
    moved: Path | None = None
    if _folder_in_use(target):
        if not force:  # checked again: someone may have created it meanwhile
            raise RefusedError(_("Op die plaats staat al een kluis; er is niets gewijzigd."))
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        moved = target.with_name(f"{target.name}.voor-herstel-{stamp}")
        os.rename(target, moved)
    elif target.exists():
        target.rmdir()  # an empty folder
    try:
        os.rename(staging, target)
    except OSError:
        if moved is not None:
            os.rename(moved, target)
        raise
    fsync_directory(target.parent)
    return moved
