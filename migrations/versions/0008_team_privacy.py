"""team privacy: frozen weekly wellbeing, notes shared from a moment, no per-note flag

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-26 03:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "team_wellbeing_weeks",
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("week_start", sa.Date(), nullable=False),
        sa.Column("average", sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["teams.id"],
            name=op.f("fk_team_wellbeing_weeks_team_id_teams"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("team_id", "week_start", name=op.f("pk_team_wellbeing_weeks")),
    )
    with op.batch_alter_table("team_members") as batch:
        batch.add_column(sa.Column("notes_shared_since", sa.DateTime(timezone=True), nullable=True))
    # Notes shared before this release: from the moment the member joined.
    op.execute(
        "UPDATE team_members SET notes_shared_since = joined_at WHERE share_notes"
        if op.get_context().dialect.name == "postgresql"
        else "UPDATE team_members SET notes_shared_since = joined_at WHERE share_notes = 1"
    )
    with op.batch_alter_table("checkins") as batch:
        batch.drop_column("share_note")


def downgrade() -> None:
    with op.batch_alter_table("checkins") as batch:
        batch.add_column(
            sa.Column("share_note", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    with op.batch_alter_table("team_members") as batch:
        batch.drop_column("notes_shared_since")
    op.drop_table("team_wellbeing_weeks")
