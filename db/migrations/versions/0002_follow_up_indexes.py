"""Indexes for the follow-up queue and a sitting's history.

"Mijn werk" and agenda composition filter open interventions and agreements by due date on
every refresh, and a sitting's decisions are found through the events that point to it.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_interventions_status_due", "interventions", ["status", "due_date"])
    op.create_index("ix_agreements_status_due", "agreements", ["status", "due_date"])
    op.create_index("ix_case_events_sitting", "case_events", ["sitting_id"])


def downgrade() -> None:
    op.drop_index("ix_case_events_sitting", table_name="case_events")
    op.drop_index("ix_agreements_status_due", table_name="agreements")
    op.drop_index("ix_interventions_status_due", table_name="interventions")
