"""Alembic environment: migrations run only programmatically, on the vault's own connection."""

from alembic import context

from casustafel.db.models import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("Casustafel migrations run through casustafel.db.migrate, not the CLI.")

context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
