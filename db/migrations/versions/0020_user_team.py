"""teams: a user's team (wijkteam), so a casusregisseur's dashboard shows her team, not the whole municipality

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-06 00:45:00

One nullable column and its index: SQLite adds it with ALTER TABLE ADD COLUMN (no table copy), so the other
tables and their guards are untouched. Existing users get no team: their dashboards stay as they were.
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes  # noqa: F401
from alembic import op

revision: str = '0020'
down_revision: str | None = '0019'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column('app_user', sa.Column('team', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=True))
    op.create_index(op.f('ix_app_user_team'), 'app_user', ['team'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_app_user_team'), table_name='app_user')
    with op.batch_alter_table('app_user', schema=None) as batch_op:
        batch_op.drop_column('team')
