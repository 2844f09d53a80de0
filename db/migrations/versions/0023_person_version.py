"""versions on the people around a resident: a save over a colleague's newer one is refused, not lost

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-06 03:40:00

One column with a default: SQLite adds it with ALTER TABLE ADD COLUMN (no table copy); every existing person
starts at version 1.
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0023'
down_revision: str | None = '0022'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column('related_person', sa.Column('version', sa.Integer(), nullable=False, server_default='1'))


def downgrade() -> None:
    with op.batch_alter_table('related_person', schema=None) as batch_op:
        batch_op.drop_column('version')
