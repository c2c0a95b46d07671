"""one-on-one talks: "Done — we talked" with the reason and its risk at the time

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-26 05:10:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "one_on_one_talks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.BigInteger(), nullable=False),
        sa.Column("head_id", sa.BigInteger(), nullable=False),
        sa.Column("talked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.String(length=40), nullable=False),
        sa.Column("risk", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["team_id", "member_id"],
            ["team_members.team_id", "team_members.user_id"],
            name=op.f("fk_one_on_one_talks_team_id_team_members"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["head_id"],
            ["users.id"],
            name=op.f("fk_one_on_one_talks_head_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_one_on_one_talks")),
    )
    with op.batch_alter_table("one_on_one_talks") as batch:
        batch.create_index(
            "ix_one_on_one_talks_team_talked", ["team_id", "talked_at"], unique=False
        )
        batch.create_index(batch.f("ix_one_on_one_talks_member_id"), ["member_id"], unique=False)
        batch.create_index(batch.f("ix_one_on_one_talks_head_id"), ["head_id"], unique=False)


def downgrade() -> None:
    op.drop_table("one_on_one_talks")
