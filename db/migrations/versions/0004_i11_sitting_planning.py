"""Sitting planning: a cancelled sitting's reason and a time budget per agenda item.

A planned sitting can be cancelled with a reason (status "geannuleerd"); the chair can give
each agenda item its own number of minutes, set against the sitting's length.

Revision ID: 0004_i11_sitting_planning
Revises: 0004_i12_subject_end (chained after the merged wip/i12)
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_i11_sitting_planning"
down_revision: str | None = "0004_i12_subject_end"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("sittings") as batch:
        batch.add_column(sa.Column("cancel_reason", sa.Text(), nullable=False, server_default=""))
    with op.batch_alter_table("agenda_items") as batch:
        batch.add_column(sa.Column("planned_minutes", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("agenda_items") as batch:
        batch.drop_column("planned_minutes")
    with op.batch_alter_table("sittings") as batch:
        batch.drop_column("cancel_reason")
