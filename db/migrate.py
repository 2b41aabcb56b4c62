"""Schema migrations with Alembic, run programmatically on the vault's own connection.

Before an existing vault is migrated, it is written (still encrypted) as one backup file
into the vault's `backups/` folder, in the format `casustafel restore` takes. A vault whose
revision this app does not know was written by a newer version: it is refused before
anything is changed.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, text

from casustafel.errors import NewerVersionError
from casustafel.i18n import _

from . import migration_chain
from .storage_errors import storage_error

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from .vault import VaultPaths

MIGRATIONS = Path(__file__).parent / "migrations"


def _config(connection: Connection | None = None) -> Config:
    # Alembic is imported only here and where a migration runs (see `migration_chain`).
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = connection
    return cfg


def scripts() -> ScriptDirectory:
    """Alembic's own view of the migrations (tests compare it with `migration_chain`)."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_config())


def head_revision() -> str:
    return migration_chain.head()


def known_revisions() -> frozenset[str]:
    return migration_chain.known()


def current_revision(conn: Connection) -> str | None:
    """The vault's revision, read from Alembic's version table (None: no schema yet)."""
    if not conn.dialect.has_table(conn, "alembic_version"):
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def refuse_newer(dbapi_conn: Any) -> None:
    """Raise NewerVersionError if the database carries a revision this app does not know."""
    has_table = dbapi_conn.execute(
        "SELECT count(*) FROM sqlite_master WHERE type='table' AND name='alembic_version'"
    ).fetchone()[0]
    if not has_table:
        return
    row = dbapi_conn.execute("SELECT version_num FROM alembic_version").fetchone()
    if row is not None and row[0] not in known_revisions():
        raise NewerVersionError(
            _(
                "Deze kluis is gemaakt met een nieuwere versie van Casustafel; "
                "werk de app bij. De kluis is niet gewijzigd."
            )
        )


def upgrade_to_head(engine: Engine, paths: VaultPaths, *, is_new: bool) -> None:
    """Bring the schema to the newest revision, backing up an existing vault first."""
    with engine.connect() as conn:
        current = current_revision(conn)
    if current == head_revision():
        return
    if not is_new and current is not None:
        backup_before_migration(engine, paths, current)
    from alembic import command
    from alembic.util.exc import CommandError

    with engine.begin() as conn:
        try:
            command.upgrade(_config(conn), "head")
        except CommandError as exc:  # an unknown revision slipped past refuse_newer
            raise NewerVersionError(str(exc)) from exc


def upgrade_to(engine: Engine, revision: str) -> None:
    """Migrate to a given revision (tests walk the chain from the first revision)."""
    from alembic import command

    with engine.begin() as conn:
        command.upgrade(_config(conn), revision)


def backup_before_migration(engine: Engine, paths: VaultPaths, current: str) -> Path:
    """Write the vault, still encrypted, as one backup file before it is migrated.

    It is the same self-checking file `casustafel backup` writes, taken under the write
    lock, so `casustafel restore` puts the vault back at revision `current` if the
    migration goes wrong. The name holds only the revision and the time.
    """
    from .backup_file import BACKUP_SUFFIX, write_backup_file

    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    try:
        paths.backups.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as exc:
        translated = storage_error(exc)
        if translated is None:
            raise
        raise translated from None  # the OSError names paths
    target = paths.backups / f"voor-migratie-{current}-{stamp}{BACKUP_SUFFIX}"
    write_backup_file(engine, paths, target, current)
    return target
