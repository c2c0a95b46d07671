"""invite codes stored as their SHA-256 (team_invites.code → code_hash)

Upgrade renames the key column and replaces every stored code by its SHA-256 (hex), so the
links already handed out keep working: the bot looks a code up by its hash.

Downgrade cannot recover a code from its hash. It renames the column back and keeps every
row (the hash stays in ``code``), and revokes every live invite, so the older code, which
looks codes up as typed, shows the head "no active link — make a new one" instead of a link
built from a hash. Links handed out before the downgrade stop working; heads make new ones.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-26 05:40:00.000000
"""

import hashlib
from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_invites = sa.table(
    "team_invites",
    sa.column("code_hash", sa.String(64)),
    sa.column("revoked_at", sa.DateTime(timezone=True)),
)


def upgrade() -> None:
    with op.batch_alter_table("team_invites") as batch_op:
        batch_op.alter_column(
            "code",
            new_column_name="code_hash",
            existing_type=sa.String(length=64),
            existing_nullable=False,
        )
    connection = op.get_bind()
    codes = connection.execute(sa.select(_invites.c.code_hash)).scalars().all()
    for code in codes:
        # Plain codes are 22 characters, hashes 64: a hash never collides with a code.
        digest = hashlib.sha256(code.encode("utf-8")).hexdigest()
        connection.execute(
            _invites.update().where(_invites.c.code_hash == code).values(code_hash=digest)
        )


def downgrade() -> None:
    connection = op.get_bind()
    connection.execute(
        _invites.update()
        .where(_invites.c.revoked_at.is_(None))
        .values(revoked_at=datetime.now(UTC))
    )
    with op.batch_alter_table("team_invites") as batch_op:
        batch_op.alter_column(
            "code_hash",
            new_column_name="code",
            existing_type=sa.String(length=64),
            existing_nullable=False,
        )
