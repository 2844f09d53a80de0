"""catalogue: provider addresses and contract periods, product validity, and contracts per provider and product

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-05 12:45:32

A decision may from now on only choose a product its aanbieder is contracted for on the start date. So that
the decisions already made stay valid, every pair of aanbieder and product that a decision used gets a
contract from the earliest start date among those decisions; a beheerder adds or ends contracts from there.
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

import db.types

revision: str = '0010'
down_revision: str | None = '0009'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('contract',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('aanbieder_id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=False),
    sa.Column('valid_to', sa.Date(), nullable=True),
    sa.Column('created_at', db.types.UTCDateTime(), nullable=False),
    sa.CheckConstraint('valid_to IS NULL OR valid_to >= valid_from', name=op.f('ck_contract_valid_order')),
    sa.ForeignKeyConstraint(['aanbieder_id'], ['aanbieder.id'], name=op.f('fk_contract_aanbieder_id_aanbieder'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['product_id'], ['product.id'], name=op.f('fk_contract_product_id_product'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contract')),
    sa.UniqueConstraint('aanbieder_id', 'product_id', 'valid_from', name=op.f('uq_contract_aanbieder_id_product_id_valid_from'))
    )
    with op.batch_alter_table('contract', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contract_aanbieder_id'), ['aanbieder_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_contract_product_id'), ['product_id'], unique=False)

    with op.batch_alter_table('aanbieder', schema=None) as batch_op:
        batch_op.add_column(sa.Column('street', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True))
        batch_op.add_column(sa.Column('postcode', sqlmodel.sql.sqltypes.AutoString(length=6), nullable=True))
        batch_op.add_column(sa.Column('contract_start', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('contract_end', sa.Date(), nullable=True))
        batch_op.create_check_constraint('postcode_length', 'postcode IS NULL OR length(postcode) = 6')
        batch_op.create_check_constraint(
            'contract_order', 'contract_end IS NULL OR contract_start IS NULL OR contract_end >= contract_start')

    with op.batch_alter_table('product', schema=None) as batch_op:
        batch_op.add_column(sa.Column('valid_from', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('valid_to', sa.Date(), nullable=True))
        batch_op.create_check_constraint('valid_order',
                                         'valid_to IS NULL OR valid_from IS NULL OR valid_to >= valid_from')

    op.execute(sa.text(
        "INSERT INTO contract (aanbieder_id, product_id, valid_from, valid_to, created_at) "
        "SELECT aanbieder_id, product_id, MIN(start_date), NULL, MIN(created_at) FROM beschikking "
        "WHERE aanbieder_id IS NOT NULL AND product_id IS NOT NULL GROUP BY aanbieder_id, product_id"))


def downgrade() -> None:
    with op.batch_alter_table('product', schema=None) as batch_op:
        batch_op.drop_constraint('valid_order', type_='check')
        batch_op.drop_column('valid_to')
        batch_op.drop_column('valid_from')

    with op.batch_alter_table('aanbieder', schema=None) as batch_op:
        batch_op.drop_constraint('contract_order', type_='check')
        batch_op.drop_constraint('postcode_length', type_='check')
        batch_op.drop_column('contract_end')
        batch_op.drop_column('contract_start')
        batch_op.drop_column('postcode')
        batch_op.drop_column('street')

    with op.batch_alter_table('contract', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contract_product_id'))
        batch_op.drop_index(batch_op.f('ix_contract_aanbieder_id'))

    op.drop_table('contract')
