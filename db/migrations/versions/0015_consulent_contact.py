"""consulent contact: a phone number and e-mail address per user, for 'Heeft u vragen?' in letters

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-05 15:56:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0015'
down_revision: str | None = '0014'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column('app_user', sa.Column('phone', sa.String(length=20), nullable=True))
    op.add_column('app_user', sa.Column('email', sa.String(length=254), nullable=True))


def downgrade() -> None:
    op.drop_column('app_user', 'email')
    op.drop_column('app_user', 'phone')
