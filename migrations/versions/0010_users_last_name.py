"""users.last_name: Telegram's last name apart from the first, to tell equal first names apart

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-26 05:10:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Existing rows hold the full name in first_name; the next update from each person
    # splits it (bot/middlewares/user.py), so nothing is guessed here.
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("last_name", sa.String(length=256), nullable=True))


def downgrade() -> None:
    # The older code reads first_name as the full name: put the last name back into it.
    op.execute(
        "UPDATE users SET first_name = first_name || ' ' || last_name "
        "WHERE last_name IS NOT NULL AND last_name <> ''"
    )
    with op.batch_alter_table("users") as batch:
        batch.drop_column("last_name")
