"""The vault: a folder `NAME.casustafel/` with the SQLCipher database and its key file.

`Vault.create` makes one, `Vault.unlock` opens it with a passphrase, `Vault.lock` drops the
engine and forgets the key. All data access goes through `vault.unit_of_work()`: one
transaction per use case, with the audit log written in the same transaction.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import sqlcipher3
from sqlalchemy import Engine, event, text
from sqlalchemy.exc import DatabaseError as SADatabaseError
from sqlalchemy.orm import Session, sessionmaker

from casustafel.domain.model import AuditAction
from casustafel.domain.settings import Settings
from casustafel.errors import (
    KeyFileDamagedError,
    VaultBusyError,
    VaultDamagedError,
    VaultExistsError,
    VaultGoneError,
    VaultLockedError,
    VaultNotFoundError,
    VaultRolledBackError,
)
from casustafel.i18n import _

from . import audit, audit_seal, migrate, models, rekey, state_record, thread_guard
from .engine import connect_raw, make_engine
from .keyfile import (
    DATA_KEY_BYTES,
    Argon2Params,
    KeyFile,
    check_new_passphrase,
    format_recovery_key,
    new_recovery_key,
    parse_recovery_key,
    tune_argon2,
)
from .repositories.registry import Repositories
from .storage_errors import storage_error
from .vault_lock import LOCK_NAME, READERS_NAME, Access, VaultHold, acquire
from .vault_state import (
    Rollback,
    RollbackMode,
    changed_rows,
    note_changes_at_begin,
    rollback_in,
    rolled_back_message,
)
from .vault_swap import finish_interrupted_restores, remove_leftovers

VAULT_SUFFIX = ".casustafel"
DB_NAME = "vault.db"
KEY_NAME = "vault.key"
BACKUP_DIR = "backups"

_BUSY = _("De kluis is in gebruik door een ander programma; sluit dat en probeer het opnieuw.")
_GONE = _(
    "De map van de kluis is verplaatst, vervangen of verwijderd terwijl de kluis open was. "
    "Er is niets meer opgeslagen; open de kluis opnieuw."
)
_DAMAGED = _(
    "De kluis is beschadigd of gewijzigd. Zet een reservekopie terug (casustafel restore)."
)


@dataclass(frozen=True, slots=True)
class NewVaultKeys:
    """The two keys a new vault hands out once: recovery key and verification key (text)."""

    recovery: str
    verification: str


@dataclass(frozen=True, slots=True)
class VaultPaths:
    folder: Path

    @classmethod
    def of(cls, path: str | os.PathLike[str]) -> VaultPaths:
        """Accept `NAME.casustafel` or plain `NAME` (the suffix is added)."""
        folder = Path(path)
        if folder.suffix != VAULT_SUFFIX:
            folder = folder.with_name(folder.name + VAULT_SUFFIX)
        return cls(folder)

    @property
    def name(self) -> str:
        return self.folder.name.removesuffix(VAULT_SUFFIX)

    @property
    def db(self) -> Path:
        return self.folder / DB_NAME

    @property
    def key(self) -> Path:
        return self.folder / KEY_NAME

    @property
    def backups(self) -> Path:
        return self.folder / BACKUP_DIR

    def require_existing(self) -> None:
        # First put right what an interrupted restore left (see vault_swap): after a crash
        # between its two renames the vault is back in place before anyone looks for it.
        finish_interrupted_restores(self.folder)
        if not self.db.is_file() or not self.key.is_file():
            missing = self.key if self.db.is_file() else self.db
            if not self.folder.is_dir():
                raise VaultNotFoundError(
                    _("Geen kluis gevonden op {path}.").format(path=self.folder)
                )
            raise VaultNotFoundError(
                _("De kluis op {path} is onvolledig: {file} ontbreekt.").format(
                    path=self.folder, file=missing.name
                )
            )


@dataclass(frozen=True, slots=True)
class CheckResult:
    """One line of `casustafel verify`."""

    name: str
    ok: bool
    detail: str
    proven: bool = True  # False: nothing wrong found, but not everything could be proven


class UnitOfWork(Repositories):
    """One transaction: the ORM session plus the audit log of the same transaction."""

    def __init__(self, session: Session, vault: Vault) -> None:
        self.session = session
        self._vault = vault

    @property
    def user(self) -> str:
        return self._vault.user

    def audit(self, record: audit.AuditRecord) -> None:
        audit.append(self.session, self._vault.audit_key, self._vault.user, record)

    def accept_state(self) -> None:
        """Make this transaction's state the recorded one, even if older (restore, accept)."""
        self.session.info["accept_state"] = True


def discard_new_vault(paths: VaultPaths, *, keep_folder: bool) -> None:
    """Remove a vault that was being created and never finished (only its own files).

    Args:
        paths: The vault being created.
        keep_folder: The folder existed (empty) before creation began; keep it.
    """
    names = (DB_NAME, DB_NAME + "-wal", DB_NAME + "-shm", DB_NAME + "-journal", KEY_NAME)
    for name in (*names, LOCK_NAME, READERS_NAME):
        with contextlib.suppress(OSError):
            (paths.folder / name).unlink()
    if paths.backups.is_dir():
        shutil.rmtree(paths.backups, ignore_errors=True)
    if not keep_folder:
        with contextlib.suppress(OSError):
            paths.folder.rmdir()  # only when empty: never remove anything we did not make


def _place_of(paths: VaultPaths) -> tuple[int, int, int, int] | None:
    """The folder's and database's (device, inode): what 'the same vault' means on disk."""
    try:
        folder, db = paths.folder.stat(), paths.db.stat()
    except OSError:
        return None
    return folder.st_dev, folder.st_ino, db.st_dev, db.st_ino


def _hold_existing(paths: VaultPaths, access: Access) -> VaultHold:
    paths.require_existing()
    return acquire(paths.folder, access)


def _read_keyfile(paths: VaultPaths) -> KeyFile:
    paths.require_existing()
    try:
        return KeyFile.read(paths.key)
    except OSError as exc:
        raise KeyFileDamagedError(
            _("Het sleutelbestand kan niet worden gelezen ({reason}).").format(reason=exc.strerror)
        ) from exc


class Vault:
    """An unlocked vault. Create one with `Vault.create` or `Vault.unlock`."""

    def __init__(self, paths: VaultPaths, data_key: bytes, user: str, *, encrypted: bool = True):
        self.paths = paths
        self.user = user
        self._data_key: bytes | None = data_key
        self._chain_key: bytes | None = None
        self._vault_id: str | None = None
        self.rollback: Rollback | None = None  # set by an unlock that reported one
        self.accepted_rollback: Rollback | None = None  # set by an unlock that accepted one
        self.verification_key: str | None = None  # only on a vault just created
        self._encrypted = encrypted
        self._engine: Engine | None = make_engine(paths.db, data_key if encrypted else None)
        self._sessions = sessionmaker(bind=self._engine, expire_on_commit=False)
        # The OS lock that keeps other programs out while this vault is open (vault_lock);
        # set by create/unlock, None for a vault object made directly (restore's staging).
        self._hold: VaultHold | None = None
        self._read_only = False
        self._place = _place_of(paths)  # which folder and database this object writes to
        self._gone = False
        # Count SQLite's changes from the moment the transaction starts (see unit_of_work).
        event.listen(self._sessions, "after_begin", note_changes_at_begin)
        self._load_chain_key()

    # -- creating and opening -------------------------------------------------------------

    @classmethod
    def create(
        cls,
        path: str | os.PathLike[str],
        user: str,
        passphrase: str,
        *,
        params: Argon2Params | None = None,
        encrypted: bool = True,
        deliver: Callable[[NewVaultKeys], None] | None = None,
    ) -> tuple[Vault, str]:
        """Create a new vault; return it unlocked with the recovery key text (shown once).

        The verification key of the sealed audit log is on `vault.verification_key`.
        `deliver` is called with both keys before creation finishes: if it raises (the file
        could not be written, the user did not confirm), the half-made vault is removed, so
        no vault exists whose keys were never shown or saved.
        `encrypted=False` exists only for tests that must inspect raw database bytes.
        """
        paths = VaultPaths.of(path)
        if paths.folder.exists() and any(paths.folder.iterdir()):
            raise VaultExistsError(_("Er staat al een kluis op {path}.").format(path=paths.folder))
        check_new_passphrase(passphrase)
        user = user.strip()
        if not user:
            from casustafel.errors import ValidationError

            raise ValidationError(_("Vul de naam van de gebruiker in."), field="user")
        folder_existed = paths.folder.exists()
        vault: Vault | None = None
        hold: VaultHold | None = None
        try:
            paths.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            os.chmod(paths.folder, 0o700)
            hold = acquire(paths.folder, Access.WRITE)
            data_key = secrets.token_bytes(DATA_KEY_BYTES)
            recovery_key = new_recovery_key()
            params = params or tune_argon2()
            keyfile = KeyFile.create(data_key, user, passphrase, recovery_key, params)
            keyfile.write(paths.key)
            # Create the database file owner-only before SQLite does (its WAL inherits it).
            os.close(os.open(paths.db, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
            vault = cls(paths, data_key, user, encrypted=encrypted)
            vault._hold, hold = hold, None
            migrate.upgrade_to_head(vault.engine, paths, is_new=True)
            with vault.unit_of_work() as uow:
                uow.session.add(models.VaultMeta(key="settings", value=Settings().to_json()))
                seed = audit_seal.start_sealing(uow.session)
                uow.audit(audit.AuditRecord(AuditAction.CREATE, object_kind="vault"))
            keys = NewVaultKeys(format_recovery_key(recovery_key), format_recovery_key(seed))
            del seed
            if deliver is not None:
                deliver(keys)
            vault.verification_key = keys.verification
        except BaseException as exc:
            # A half-made vault (full disk, Ctrl-C) holds nothing yet, but it would block
            # the next attempt ("a vault is already there"): remove what this call made.
            if vault is not None:
                vault.lock()
                with contextlib.suppress(Exception):
                    state_record.discard(vault.record_id)
            if hold is not None:
                hold.release()
            if not isinstance(exc, VaultBusyError):  # another program's vault is not ours
                discard_new_vault(paths, keep_folder=folder_existed)
            translated = storage_error(exc) if isinstance(exc, OSError) else None
            if translated is not None:
                raise translated from None  # the OSError names paths
            raise
        return vault, format_recovery_key(recovery_key)

    @classmethod
    def unlock(
        cls,
        path: str | os.PathLike[str],
        passphrase: str,
        *,
        user: str | None = None,
        migrate_schema: bool = True,
        check_integrity: bool = True,
        failed_attempts: int = 0,
        access: Access = Access.WRITE,
        rollback: RollbackMode = "refuse",
    ) -> Vault:
        """Open a vault with a passphrase: wrong secret → exit 3, damage → 4, newer → 5.

        A failed attempt cannot be written when it happens (no key, and a wrong passphrase
        must change no byte), so the caller counts them and passes `failed_attempts`: they
        are audited as FAILED_UNLOCK just before this unlock.

        The vault's OS lock is taken first (`access`, see `vault_lock`), before the key
        derivation: another program holding it → exit 7, with the holder named. With
        `Access.READ` nothing is written (no migration, no audit entry).

        A database behind its state record (lost WAL, older copy of the folder) is refused
        with `VaultRolledBackError` (exit 4); `rollback="report"` opens it and sets
        `vault.rollback` (for `verify`), `"accept"` opens it and logs the acceptance.
        """
        paths = VaultPaths.of(path)
        hold = _hold_existing(paths, access)
        try:
            keyfile = _read_keyfile(paths)
            data_key, wrap_user = keyfile.unwrap_with_passphrase(passphrase, user)
            if access is Access.READ:
                migrate_schema, failed_attempts = False, 0
            else:
                rekey.complete_pending(paths.folder, paths.db, data_key)
            return cls._open(
                paths,
                data_key,
                wrap_user,
                migrate_schema,
                check_integrity,
                failed_attempts,
                rollback,
                keyfile.vault_id,
                hold,
            )
        except BaseException:
            hold.release()
            raise

    @classmethod
    def unlock_with_recovery_key(
        cls,
        path: str | os.PathLike[str],
        recovery_text: str,
        user: str,
        access: Access = Access.WRITE,
        *,
        rollback: RollbackMode = "refuse",
    ) -> Vault:
        paths = VaultPaths.of(path)
        hold = _hold_existing(paths, access)
        try:
            keyfile = _read_keyfile(paths)
            data_key = keyfile.unwrap_with_recovery_key(parse_recovery_key(recovery_text))
            writing = access is not Access.READ
            if writing:
                rekey.complete_pending(paths.folder, paths.db, data_key)
            return cls._open(
                paths, data_key, user, writing, True, 0, rollback, keyfile.vault_id, hold
            )
        except BaseException:
            hold.release()
            raise

    @classmethod
    def open_unencrypted(cls, path: str | os.PathLike[str], user: str) -> Vault:
        """Reopen a test-only unencrypted vault (see `create(encrypted=False)`)."""
        paths = VaultPaths.of(path)
        keyfile = _read_keyfile(paths)
        del keyfile  # the key file exists for symmetry; the database has no key
        return cls(paths, b"\0" * DATA_KEY_BYTES, user, encrypted=False)

    @classmethod
    def _open(
        cls,
        paths: VaultPaths,
        data_key: bytes,
        user: str,
        migrate_schema: bool,
        check: bool,
        failed_attempts: int,
        rollback_mode: RollbackMode = "refuse",
        vault_id: str | None = None,
        hold: VaultHold | None = None,
    ) -> Vault:
        found: Rollback | None = None
        try:
            probe = connect_raw(paths.db, data_key)
            try:
                if check:
                    problems = probe.execute("PRAGMA cipher_integrity_check").fetchall()
                    if problems:
                        raise VaultDamagedError(_DAMAGED)
                migrate.refuse_newer(probe)
                # Before migrating or logging this unlock: both would write and hide it.
                if vault_id is not None:
                    record = state_record.record_id(vault_id, paths.folder)
                    found = rollback_in(probe, data_key, record)
                if found is not None and rollback_mode == "refuse":
                    raise VaultRolledBackError(rolled_back_message(paths, found))
            finally:
                probe.close()
        except sqlcipher3.OperationalError as exc:
            # A full disk or read-only folder is not "busy": say what is really wrong.
            raise storage_error(exc) or VaultBusyError(_BUSY) from exc
        except sqlcipher3.DatabaseError as exc:
            raise VaultDamagedError(_DAMAGED) from exc
        vault = cls(paths, data_key, user)
        vault._hold = hold
        vault._read_only = hold is not None and hold.access is Access.READ
        vault.rollback = found
        if vault._read_only:
            return vault
        remove_leftovers(paths.folder)  # under the lock: no key change is under way
        try:
            if migrate_schema:
                migrate.upgrade_to_head(vault.engine, paths, is_new=False)
            with vault.unit_of_work() as uow:
                for _attempt in range(min(failed_attempts, 100)):
                    uow.audit(audit.AuditRecord(AuditAction.FAILED_UNLOCK, object_kind="vault"))
                if found is not None and rollback_mode == "accept":
                    uow.audit(
                        audit.AuditRecord(
                            AuditAction.UPDATE,
                            object_kind="vault_state",
                            detail=f"accepted_older recorded={found.recorded} found={found.found}",
                        )
                    )
                    uow.accept_state()
                    vault.rollback = None
                    vault.accepted_rollback = found
                uow.audit(audit.AuditRecord(AuditAction.UNLOCK, object_kind="vault"))
        except SADatabaseError as exc:
            vault.lock()
            if isinstance(exc.orig, sqlcipher3.OperationalError):
                raise storage_error(exc) or VaultBusyError(_BUSY) from exc
            raise VaultDamagedError(_DAMAGED) from exc
        except BaseException:
            vault.lock()
            raise
        return vault

    # -- using ----------------------------------------------------------------------------

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            raise VaultLockedError(_("De kluis is vergrendeld."))
        self._require_in_place()  # a backup or checkpoint must not reach another folder
        return self._engine

    @property
    def is_locked(self) -> bool:
        return self._engine is None

    def in_place(self) -> bool:
        """False once the folder or database this vault opened was moved, replaced or deleted.

        Checked before and at the end of every unit of work, and by the app on a timer: a
        vault whose folder went away writes nothing more (not into the moved folder, not
        into whatever now sits at its path), and the app locks.
        """
        if not self._gone and _place_of(self.paths) != self._place:
            self._gone = True
        return not self._gone

    def _require_in_place(self) -> None:
        if not self.in_place():
            raise VaultGoneError(_GONE)

    @property
    def name(self) -> str:
        return self.paths.name

    @property
    def audit_key(self) -> bytes:
        """The audit chain's key: kept in the vault once the data key was renewed."""
        if self._chain_key is None:
            self._chain_key = audit.audit_key_from(self._key())
        return self._chain_key

    def _load_chain_key(self) -> None:
        """Read a kept chain key, outside any transaction (a new database has none yet)."""
        try:
            with self.engine.connect() as conn:
                stored = conn.execute(
                    text("SELECT value FROM vault_meta WHERE key = :k"),
                    {"k": audit.META_CHAIN_KEY},
                ).scalar()
        except SADatabaseError:
            return
        if stored:
            self._chain_key = bytes.fromhex(stored)

    @property
    def record_id(self) -> str:
        """Names this vault's state record outside the folder: its key file's id and place."""
        if self._vault_id is None:
            # Read directly: this vault is open, and `require_existing` would also tidy up
            # interrupted restores, one of which may be this very (staging) vault.
            self._vault_id = KeyFile.read(self.paths.key).vault_id
        return state_record.record_id(self._vault_id, self.paths.folder)

    @contextlib.contextmanager
    def unit_of_work(self) -> Iterator[UnitOfWork]:
        """One transaction: committed when the block ends, rolled back on any exception.

        A transaction that changed anything is sealed and counted before it commits
        (`audit_seal.finish_transaction`), and the state record is moved forward after.
        """
        if self._engine is None:
            raise VaultLockedError(_("De kluis is vergrendeld."))
        self._require_in_place()
        thread_guard.check()  # the app's screens use the vault only on its worker
        session = self._sessions()
        try:
            yield UnitOfWork(session, self)
            if self._read_only:
                session.rollback()  # a reader beside the app writes nothing, by construction
            else:
                self._require_in_place()
                session.flush()
                mark: audit_seal.StateMark | None = None
                accept = bool(session.info.get("accept_state"))
                if accept or changed_rows(session):
                    mark = audit_seal.finish_transaction(session)
                session.commit()
                # A vault opened despite a rollback (verify reporting it) leaves the record
                # be: its own writes must not make the loss disappear.
                if mark is not None and (self.rollback is None or accept):
                    state_record.write(
                        self.record_id,
                        state_record.record_key(self.audit_key),
                        state_record.StateRecord(mark.counter, mark.head),
                        force=accept,
                    )
        except SADatabaseError as exc:
            session.rollback()
            # A full disk or read-only folder: the transaction is rolled back, nothing is
            # lost, and the user gets a message to act on instead of a driver error.
            translated = storage_error(exc)
            if translated is None:
                raise
            raise translated from exc
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def lock(self) -> None:
        """Drop every connection and forget the key (as far as Python lets us)."""
        if self._engine is not None:
            if not self._read_only:
                # Locking is synchronous by design (the screens clear at once), also on the
                # GUI thread.
                with (
                    contextlib.suppress(Exception),
                    thread_guard.allowed(),
                    self.unit_of_work() as uow,
                ):
                    uow.audit(audit.AuditRecord(AuditAction.LOCK, object_kind="vault"))
            self._engine.dispose()
        self._engine = None
        self._data_key = None
        self._chain_key = None
        if self._hold is not None:
            hold, self._hold = self._hold, None
            hold.release()  # after the last connection closed: the next program may start

    def settings(self) -> Settings:
        with self.unit_of_work() as uow:
            row = uow.session.get(models.VaultMeta, "settings")
            return Settings.from_json(row.value if row else "")

    def save_settings(self, settings: Settings) -> None:
        with self.unit_of_work() as uow:
            row = uow.session.get(models.VaultMeta, "settings")
            if row is None:
                uow.session.add(models.VaultMeta(key="settings", value=settings.to_json()))
            else:
                row.value = settings.to_json()
            uow.audit(audit.AuditRecord(AuditAction.SETTINGS, object_kind="settings"))

    # -- keys -----------------------------------------------------------------------------

    def _key(self) -> bytes:
        if self._data_key is None:
            raise VaultLockedError(_("De kluis is vergrendeld."))
        return self._data_key

    def change_passphrase(self, new_passphrase: str, params: Argon2Params | None = None) -> None:
        """Re-wrap the data key for this user; the database itself is not touched."""
        check_new_passphrase(new_passphrase)
        keyfile = _read_keyfile(self.paths)
        keyfile = keyfile.with_passphrase_wrap(
            self._key(), self.user, new_passphrase, params or tune_argon2()
        )
        keyfile.write(self.paths.key)
        with self.unit_of_work() as uow:
            uow.audit(audit.AuditRecord(AuditAction.UPDATE, object_kind="passphrase"))

    def new_recovery_key(self, deliver: Callable[[str], None] | None = None) -> str:
        """Make a new recovery key and revoke the old one; return it as text.

        `deliver` gets the key first (write it to a file, show it and ask for confirmation):
        only when it returns is the old wrap replaced, so the key cannot be lost on the way.
        """
        recovery_key, text_key = self.draft_recovery_key()
        if deliver is not None:
            deliver(text_key)
        self.install_recovery_key(recovery_key)
        return text_key

    @staticmethod
    def draft_recovery_key() -> tuple[bytes, str]:
        """A fresh recovery key and its text, not yet installed (touches no file).

        The app shows the text on the GUI thread and, once the user confirms it is kept,
        installs the key with `install_recovery_key` on the worker.
        """
        recovery_key = new_recovery_key()
        return recovery_key, format_recovery_key(recovery_key)

    def install_recovery_key(self, recovery_key: bytes) -> None:
        """Make `recovery_key` the vault's recovery key; the old one stops working (audited)."""
        keyfile = _read_keyfile(self.paths).with_recovery_wrap(self._key(), recovery_key)
        keyfile.write(self.paths.key)
        with self.unit_of_work() as uow:
            uow.audit(audit.AuditRecord(AuditAction.UPDATE, object_kind="recovery_key"))

    # -- checking -------------------------------------------------------------------------

    def verify(self, verification_key: bytes | None = None) -> list[CheckResult]:
        """The checks of `casustafel verify`, one result per check.

        With the privacy officer's `verification_key` the seals are proven; without it
        the seal line says what could not be proven.
        """
        results = [CheckResult(_("Sleutel opent de kluis"), True, _("in orde"))]
        with self.engine.connect() as conn:
            rows = (
                conn.exec_driver_sql("PRAGMA cipher_integrity_check").fetchall()
                if (self._encrypted)
                else []
            )
            results.append(
                CheckResult(
                    _("Versleutelde pagina's onbeschadigd"),
                    not rows,
                    _("in orde") if not rows else _("{n} beschadigde pagina's").format(n=len(rows)),
                )
            )
            current = migrate.current_revision(conn)
        head = migrate.head_revision()
        results.append(
            CheckResult(
                _("Schema op de huidige versie"),
                current == head,
                _("revisie {rev}").format(rev=current)
                if current == head
                else _("revisie {rev}, verwacht {head}").format(rev=current, head=head),
            )
        )
        from .integrity_checks import rollback_check, seal_check

        # The chain's line stays last: scripts and tests read it there.
        results.append(rollback_check(self.rollback))
        with self.unit_of_work() as uow:
            results.append(seal_check(audit_seal.verify_seals(uow.session, verification_key)))
            report = audit.verify_chain(uow.session, self.audit_key)
        results.append(
            CheckResult(
                _("Keten van het auditlog intact"),
                report.ok,
                _("{n} regels").format(n=report.entries)
                if report.ok
                else _("onderbroken bij regel {id}: {problem}").format(
                    id=report.first_bad_id, problem=report.problem
                ),
            )
        )
        return results

    def raw_query(self, sql: str) -> list[tuple[object, ...]]:
        """Run read-only SQL (benchmarks' floor and diagnostics); never user input."""
        with self.engine.connect() as conn:
            return [tuple(r) for r in conn.execute(text(sql))]
