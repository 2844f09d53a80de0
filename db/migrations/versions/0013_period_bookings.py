"""period bookings: one entry for hours booked over a whole period

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-05 15:40:00

A booking for a period was stored as one row per calendar month (0,25 hour became 0,12 + 0,13), which the
user then had to correct and delete row by row. Now it is one entry with the first day it covers; its month
split is derived. A plain ADD COLUMN: the realisation table keeps its ceiling triggers (a batch copy on SQLite
would drop them).
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0013'
down_revision: str | None = '0012'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column('realisation', sa.Column('covers_from', sa.Date(), nullable=True))


def downgrade() -> None:
    op.drop_column('realisation', 'covers_from')  # SQLite 3.35+ drops in place, keeping the triggers
