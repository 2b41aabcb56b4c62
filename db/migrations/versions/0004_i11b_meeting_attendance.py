"""Meeting mode: attendance once per sitting, an item's own attendance, "niet besproken".

The chair ticks who is present once for the whole sitting (`sittings.partners_present`);
an item overrides it only when someone joins or leaves for that item
(`agenda_items.attendance_own`). An item marked "niet besproken / doorgeschoven"
(`agenda_items.not_discussed`) records no decision and its case returns on the next proposal.
Existing items keep their own lists (attendance_own true), so nothing recorded changes.

Revision ID: 0004_i11b_meeting_attendance
Revises: 0004_i11_sitting_planning
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_i11b_meeting_attendance"
down_revision: str | None = "0004_i11_sitting_planning"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("sittings") as batch:
        batch.add_column(sa.Column("partners_present", sa.Text(), nullable=False, server_default=""))
    with op.batch_alter_table("agenda_items") as batch:
        batch.add_column(
            sa.Column("attendance_own", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.add_column(
            sa.Column("not_discussed", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    # Items recorded before this revision carry their own attendance lists.
    op.execute(
        sa.text(
            "UPDATE agenda_items SET attendance_own = :own"
            " WHERE partners_present NOT IN ('', '[]')"
        ).bindparams(own=True)
    )


def downgrade() -> None:
    with op.batch_alter_table("agenda_items") as batch:
        batch.drop_column("not_discussed")
        batch.drop_column("attendance_own")
    with op.batch_alter_table("sittings") as batch:
        batch.drop_column("partners_present")
