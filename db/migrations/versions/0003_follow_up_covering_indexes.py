"""Covering indexes for the follow-up queue ("Mijn werk").

The queue read every open case's row to compare its last activity, and every open
intervention's row (and its case's row) to learn its type and case. Case rows are wide, so
on a large vault each refresh touched (and, in SQLCipher, decrypted) pages all over the
table. These indexes hold exactly the columns the queue asks for, so it reads only them.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_cases_followup", "cases", ["table_code", "status", "last_activity", "number"]
    )
    op.create_index(
        "ix_interventions_followup",
        "interventions",
        ["status", "due_date", "case_id", "type_code"],
    )


def downgrade() -> None:
    op.drop_index("ix_interventions_followup", table_name="interventions")
    op.drop_index("ix_cases_followup", table_name="cases")
