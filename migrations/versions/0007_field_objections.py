"""field objections, company objections, practice assignments

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-26 02:20:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "field_objections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.String(length=300), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("confirmed", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("source", sa.String(length=12), nullable=False),
        sa.Column("local_date", sa.Date(), nullable=False),
        sa.Column("logged_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["teams.id"],
            name=op.f("fk_field_objections_team_id_teams"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_field_objections_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_field_objections")),
    )
    with op.batch_alter_table("field_objections", schema=None) as batch_op:
        batch_op.create_index(
            "ix_field_objections_team_logged", ["team_id", "logged_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_field_objections_user_id"), ["user_id"], unique=False)

    op.create_table(
        "company_objections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.BigInteger(), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("client", sa.String(length=500), nullable=False),
        sa.Column("concern", sa.String(length=300), nullable=False),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["users.id"],
            name=op.f("fk_company_objections_author_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["teams.id"],
            name=op.f("fk_company_objections_team_id_teams"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_company_objections")),
    )
    with op.batch_alter_table("company_objections", schema=None) as batch_op:
        batch_op.create_index("ix_company_objections_team", ["team_id"], unique=False)

    op.create_table(
        "practice_assignments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("assigned_by", sa.BigInteger(), nullable=True),
        sa.Column("assigned_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["assigned_by"],
            ["users.id"],
            name=op.f("fk_practice_assignments_assigned_by_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["teams.id"],
            name=op.f("fk_practice_assignments_team_id_teams"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_practice_assignments")),
    )
    with op.batch_alter_table("practice_assignments", schema=None) as batch_op:
        batch_op.create_index(
            "ix_practice_assignments_team_ends", ["team_id", "ends_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("practice_assignments", schema=None) as batch_op:
        batch_op.drop_index("ix_practice_assignments_team_ends")
    op.drop_table("practice_assignments")
    with op.batch_alter_table("company_objections", schema=None) as batch_op:
        batch_op.drop_index("ix_company_objections_team")
    op.drop_table("company_objections")
    with op.batch_alter_table("field_objections", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_field_objections_user_id"))
        batch_op.drop_index("ix_field_objections_team_logged")
    op.drop_table("field_objections")
