"""Forward-secure seals over the audit log.

One row per writing transaction: the seal's epoch, time, the last audit entry it covers,
the chain's head and anchor at that moment, and an HMAC under that epoch's sealing key.
Vaults made before this revision have no sealing key: they keep working, and `verify`
says their log is not sealed.

Revision ID: 0004_i15_audit_seal
Revises: 0004_i11b_meeting_attendance
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_i15_audit_seal"
down_revision: str | None = "0004_i11b_meeting_attendance"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "audit_seals",
        sa.Column("epoch", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("sealed_at", sa.DateTime(), nullable=False),
        sa.Column("last_entry_id", sa.Integer(), nullable=False),
        sa.Column("head_hash", sa.String(length=64), nullable=False),
        sa.Column("anchor_id", sa.Integer(), nullable=False),
        sa.Column("anchor_hash", sa.String(length=64), nullable=False),
        sa.Column("tag", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("epoch"),
    )


def downgrade() -> None:
    # Without the table there is no sealing: drop its key too, so the older app (and a later
    # upgrade) see a vault that was never sealed rather than one whose seals went missing.
    op.execute(
        "DELETE FROM vault_meta WHERE key IN "
        "('audit_seal_key', 'audit_seal_epoch', 'audit_seal_base')"
    )
    op.drop_table("audit_seals")
