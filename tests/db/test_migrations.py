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
