"""Migrations: walking the chain from the first revision gives exactly the models' schema."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import select

from casustafel.db import migrate, models
from casustafel.db.engine import make_engine


def _revisions_oldest_first() -> list[str]:
    scripts = ScriptDirectory.from_config(migrate._config())
    return [rev.revision for rev in reversed(list(scripts.walk_revisions()))]


def test_chain_from_first_revision_matches_models(tmp_path: Path) -> None:
    engine = make_engine(tmp_path / "m.db", b"\x01" * 32)
    try:
        revisions = _revisions_oldest_first()
        assert revisions[0] == "0001"
        migrate.upgrade_to(engine, revisions[0])
        now = dt.datetime(2026, 1, 5)
        with engine.begin() as conn:
            conn.execute(
                models.Subject.__table__.insert().values(
                    kind="persoon", surname="Eerste", created_at=now, updated_at=now
                )
            )
        for revision in revisions[1:]:
            migrate.upgrade_to(engine, revision)
        with engine.connect() as conn:
            assert migrate.current_revision(conn) == migrate.head_revision()
            diffs = compare_metadata(MigrationContext.configure(conn), models.Base.metadata)
            assert diffs == []
            assert conn.execute(select(models.Subject.surname)).scalars().all() == ["Eerste"]
    finally:
        engine.dispose()


def test_opening_an_older_vault_backs_it_up_encrypted_then_migrates(tmp_path: Path) -> None:
    from alembic import command

    from casustafel.db.backup_file import BACKUP_SUFFIX
    from casustafel.db.keyfile import FLOOR_PARAMS
    from casustafel.db.vault import Vault, VaultPaths
    from casustafel.services.backup import restore_backup
    from tests.conftest import TEST_PASSPHRASE

    vault, _ = Vault.create(tmp_path / "oud", "Anna", TEST_PASSPHRASE, params=FLOOR_PARAMS)
    now = dt.datetime(2026, 1, 5)
    with vault.unit_of_work() as uow:
        uow.session.add(
            models.Subject(kind="persoon", surname="Oudgediende", created_at=now, updated_at=now)
        )
    revisions = _revisions_oldest_first()
    assert len(revisions) >= 2, "this test needs a migration after the baseline"
    with vault.engine.begin() as conn:
        command.downgrade(migrate._config(conn), revisions[0])
    vault.lock()
    paths = VaultPaths.of(tmp_path / "oud")
    assert not paths.backups.exists()

    reopened = Vault.unlock(paths.folder, TEST_PASSPHRASE)
    try:
        with reopened.engine.connect() as conn:
            assert migrate.current_revision(conn) == migrate.head_revision()
        with reopened.unit_of_work() as uow:
            assert list(uow.session.scalars(select(models.Subject.surname))) == ["Oudgediende"]
        assert all(check.ok for check in reopened.verify())
    finally:
        reopened.lock()
    (backup,) = paths.backups.iterdir()
    assert backup.name.startswith(f"voor-migratie-{revisions[0]}-")
    assert backup.suffix == BACKUP_SUFFIX
    assert b"Oudgediende" not in backup.read_bytes()  # still encrypted
    # The backup is the file `casustafel restore` takes: a vault at the old revision.
    result = restore_backup(backup, tmp_path / "kopie", passphrase=TEST_PASSPHRASE)
    assert result.manifest.schema_revision == revisions[0]
    restored = Vault.unlock(result.vault_folder, TEST_PASSPHRASE, migrate_schema=False)
    try:
        with restored.engine.connect() as conn:
            assert migrate.current_revision(conn) == revisions[0]
        with restored.unit_of_work() as uow:
            assert list(uow.session.scalars(select(models.Subject.surname))) == ["Oudgediende"]
    finally:
        restored.lock()
