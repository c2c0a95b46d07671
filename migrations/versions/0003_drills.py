"""objection drills: FSRS cards, attempts, daily limits

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 09:37:22.572632
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "drill_cards",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("objection_id", sa.String(length=96), nullable=False),
        sa.Column("introduced_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("state", sa.SmallInteger(), nullable=False),
        sa.Column("step", sa.SmallInteger(), nullable=True),
        sa.Column("stability", sa.Float(), nullable=True),
        sa.Column("difficulty", sa.Float(), nullable=True),
        sa.Column("due", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_review", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reviews", sa.Integer(), server_default="0", nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_drill_cards_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_drill_cards")),
        sa.UniqueConstraint("user_id", "objection_id", name="uq_drill_cards_user_objection"),
    )
    with op.batch_alter_table("drill_cards", schema=None) as batch_op:
        batch_op.create_index("ix_drill_cards_user_due", ["user_id", "due"], unique=False)

    op.create_table(
        "drill_settings",
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("new_per_day", sa.SmallInteger(), server_default="10", nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_drill_settings_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_drill_settings")),
    )
    op.create_table(
        "drill_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("card_id", sa.Integer(), nullable=False),
        sa.Column("objection_id", sa.String(length=96), nullable=False),
        sa.Column("shown_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answer", sa.Text(), nullable=True),
        sa.Column("result", sa.Text(), nullable=True),
        sa.Column("score", sa.SmallInteger(), nullable=True),
        sa.Column("model_technique", sa.String(length=32), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("rating", sa.SmallInteger(), nullable=True),
        sa.Column("graded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("next_due", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["card_id"],
            ["drill_cards.id"],
            name=op.f("fk_drill_attempts_card_id_drill_cards"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_drill_attempts_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_drill_attempts")),
    )
    with op.batch_alter_table("drill_attempts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_drill_attempts_card_id"), ["card_id"], unique=False)
        batch_op.create_index(
            "ix_drill_attempts_user_graded", ["user_id", "graded_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("drill_attempts", schema=None) as batch_op:
        batch_op.drop_index("ix_drill_attempts_user_graded")
        batch_op.drop_index(batch_op.f("ix_drill_attempts_card_id"))

    op.drop_table("drill_attempts")
    op.drop_table("drill_settings")
    with op.batch_alter_table("drill_cards", schema=None) as batch_op:
        batch_op.drop_index("ix_drill_cards_user_due")

    op.drop_table("drill_cards")
