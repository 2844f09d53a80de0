"""drafts: what a consulent typed in the plan editor or evaluation form and has not saved yet

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-06 04:10:00

A new table only; nothing existing changes. Kept in the database, not in a file beside it, so it is covered by
the same access, backups and retention as the plan itself.
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes  # noqa: F401
from alembic import op

import db.types

revision: str = '0022'
down_revision: str | None = '0021'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'draft',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column('record_id', sa.Integer(), nullable=False),
        sa.Column('content', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('saved_at', db.types.UTCDateTime(), nullable=False),
        sa.CheckConstraint("kind IN ('plan', 'evaluatie')", name=op.f('ck_draft_kind_known')),
        sa.ForeignKeyConstraint(['user_id'], ['app_user.id'], name=op.f('fk_draft_user_id_app_user'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_draft')),
        sa.UniqueConstraint('user_id', 'kind', 'record_id', name=op.f('uq_draft_user_id_kind_record_id')),
    )
    op.create_index(op.f('ix_draft_user_id'), 'draft', ['user_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_draft_user_id'), table_name='draft')
    op.drop_table('draft')
