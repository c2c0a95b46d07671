"""tips and style exercises

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 09:21:50.819547
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "saved_tips",
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("tip_id", sa.String(length=96), nullable=False),
        sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_saved_tips_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("user_id", "tip_id", name=op.f("pk_saved_tips")),
    )
    op.create_table(
        "style_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("scenario_id", sa.String(length=64), nullable=False),
        sa.Column("shown_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("chosen", sa.String(length=32), nullable=True),
        sa.Column("best_styles", sa.String(length=96), nullable=True),
        sa.Column("verdict", sa.String(length=16), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_style_answers_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_style_answers")),
    )
    with op.batch_alter_table("style_answers", schema=None) as batch_op:
        batch_op.create_index("ix_style_answers_user", ["user_id"], unique=False)

    op.create_table(
        "tip_views",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("tip_id", sa.String(length=96), nullable=False),
        sa.Column("cycle", sa.Integer(), nullable=False),
        sa.Column("shown_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_tip_views_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tip_views")),
    )
    with op.batch_alter_table("tip_views", schema=None) as batch_op:
        batch_op.create_index("ix_tip_views_user_cycle", ["user_id", "cycle"], unique=False)

    op.create_table(
        "tip_votes",
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("tip_id", sa.String(length=96), nullable=False),
        sa.Column("vote", sa.Integer(), nullable=False),
        sa.Column("voted_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_tip_votes_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("user_id", "tip_id", name=op.f("pk_tip_votes")),
    )
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("tip_with_checkin", sa.Boolean(), server_default="0", nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("tip_with_checkin")

    op.drop_table("tip_votes")
    with op.batch_alter_table("tip_views", schema=None) as batch_op:
        batch_op.drop_index("ix_tip_views_user_cycle")

    op.drop_table("tip_views")
    with op.batch_alter_table("style_answers", schema=None) as batch_op:
        batch_op.drop_index("ix_style_answers_user")

    op.drop_table("style_answers")
    op.drop_table("saved_tips")
