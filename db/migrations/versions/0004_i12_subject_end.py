"""A betrokkene's part in a case can end: `case_subjects.ended_on`.

A subject added to a case by mistake is removed (the link goes); one whose part ended
(moved out, the tenancy ended) keeps its link with the date it ended, so the history
stays true. The reason is written as a case note.

Revision ID: 0004_i12_subject_end
Revises: 0003
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_i12_subject_end"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("case_subjects") as batch:
        batch.add_column(sa.Column("ended_on", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("case_subjects") as batch:
        batch.drop_column("ended_on")
