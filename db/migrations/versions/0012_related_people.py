"""related people: parents with authority (gezag), guardians and other people around the resident

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-05 14:20:46

A new table only. A minor's decision letters go to whoever has gezag (issue 13); household members and
mantelzorgers are there for the resident's file (issue 21).
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

import db.types

revision: str = '0012'
down_revision: str | None = '0011'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('related_person',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('resident_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.Enum('ouder_met_gezag', 'voogd', 'curator', 'mentor', 'bewindvoerder', 'huisgenoot', 'mantelzorger', name='person_role', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('salutation', sa.Enum('mevrouw', 'heer', 'neutraal', name='salutation', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('initials', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('prefix', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
    sa.Column('surname', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('street', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
    sa.Column('house_number', sa.Integer(), nullable=True),
    sa.Column('house_number_suffix', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=True),
    sa.Column('postcode', sqlmodel.sql.sqltypes.AutoString(length=6), nullable=True),
    sa.Column('city', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=True),
    sa.Column('phone', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
    sa.Column('valid_from', sa.Date(), nullable=True),
    sa.Column('valid_to', sa.Date(), nullable=True),
    sa.Column('created_at', db.types.UTCDateTime(), nullable=False),
    sa.CheckConstraint('house_number IS NULL OR house_number > 0', name=op.f('ck_related_person_house_number_positive')),
    sa.CheckConstraint('postcode IS NULL OR length(postcode) = 6', name=op.f('ck_related_person_postcode_length')),
    sa.CheckConstraint('valid_to IS NULL OR valid_from IS NULL OR valid_to >= valid_from', name=op.f('ck_related_person_valid_order')),
    sa.ForeignKeyConstraint(['resident_id'], ['resident.id'], name=op.f('fk_related_person_resident_id_resident'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_related_person'))
    )
    with op.batch_alter_table('related_person', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_related_person_resident_id'), ['resident_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('related_person', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_related_person_resident_id'))

    op.drop_table('related_person')
