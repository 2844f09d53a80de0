"""controller role, budgets and sample checks

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-05 18:08:39

A new role, controller (finance and control, policy, contract management), for the reports; the yearly budget
per law and product group; and the sample checks (steekproeven) of realised hours with their outcomes.
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes  # noqa: F401
from alembic import op

import db.types

revision: str = '0016'
down_revision: str | None = '0015'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


OLD_ROLES = ("consulent", "casusregisseur", "medewerker", "beheerder")
NEW_ROLES = (*OLD_ROLES, "controller")


def _roles(values: tuple[str, ...]) -> None:
    with op.batch_alter_table("app_user", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_app_user_role"), type_="check")
        batch_op.create_check_constraint(batch_op.f("ck_app_user_role"),
                                         "role IN (" + ", ".join(f"'{v}'" for v in values) + ")")


def upgrade() -> None:
    _roles(NEW_ROLES)
    op.create_table('budget',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('law', sa.Enum('wmo', 'jeugdwet', name='law', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('category_code', sqlmodel.sql.sqltypes.AutoString(length=2), nullable=False),
    sa.Column('amount_cents', sa.BigInteger(), nullable=False),
    sa.Column('set_by_id', sa.Integer(), nullable=True),
    sa.Column('set_at', db.types.UTCDateTime(), nullable=False),
    sa.CheckConstraint('amount_cents >= 0', name=op.f('ck_budget_amount_nonneg')),
    sa.CheckConstraint('year BETWEEN 2000 AND 2100', name=op.f('ck_budget_year_range')),
    sa.ForeignKeyConstraint(['set_by_id'], ['app_user.id'], name=op.f('fk_budget_set_by_id_app_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_budget')),
    sa.UniqueConstraint('year', 'law', 'category_code', name=op.f('uq_budget_year_law_category_code'))
    )
    with op.batch_alter_table('budget', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_budget_set_by_id'), ['set_by_id'], unique=False)

    op.create_table('sample',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('aanbieder_id', sa.Integer(), nullable=False),
    sa.Column('period_from', sa.Date(), nullable=False),
    sa.Column('period_to', sa.Date(), nullable=False),
    sa.Column('seed', sa.Integer(), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('population', sa.Integer(), nullable=False),
    sa.Column('drawn_by_id', sa.Integer(), nullable=True),
    sa.Column('drawn_at', db.types.UTCDateTime(), nullable=False),
    sa.CheckConstraint('period_to >= period_from', name=op.f('ck_sample_period_order')),
    sa.CheckConstraint('size >= 1 AND population >= size', name=op.f('ck_sample_size_range')),
    sa.ForeignKeyConstraint(['aanbieder_id'], ['aanbieder.id'], name=op.f('fk_sample_aanbieder_id_aanbieder'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['drawn_by_id'], ['app_user.id'], name=op.f('fk_sample_drawn_by_id_app_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sample'))
    )
    with op.batch_alter_table('sample', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sample_aanbieder_id'), ['aanbieder_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_sample_drawn_by_id'), ['drawn_by_id'], unique=False)

    op.create_table('sample_line',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sample_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('realisation_id', sa.Integer(), nullable=True),
    sa.Column('beschikking_id', sa.Integer(), nullable=False),
    sa.Column('service_date', sa.Date(), nullable=False),
    sa.Column('minutes', sa.Integer(), nullable=False),
    sa.Column('no_show', sa.Boolean(), nullable=False),
    sa.Column('outcome', sa.Enum('bevestigd', 'niet_bevestigd', 'met_opmerking', name='sample_outcome', native_enum=False, create_constraint=True), nullable=True),
    sa.Column('remark', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('checked_by_id', sa.Integer(), nullable=True),
    sa.Column('checked_at', db.types.UTCDateTime(), nullable=True),
    sa.CheckConstraint("outcome IS NULL OR outcome <> 'met_opmerking' OR remark IS NOT NULL", name=op.f('ck_sample_line_remark_given')),
    sa.CheckConstraint('outcome IS NULL OR checked_at IS NOT NULL', name=op.f('ck_sample_line_outcome_dated')),
    sa.ForeignKeyConstraint(['beschikking_id'], ['beschikking.id'], name=op.f('fk_sample_line_beschikking_id_beschikking'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['checked_by_id'], ['app_user.id'], name=op.f('fk_sample_line_checked_by_id_app_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['realisation_id'], ['realisation.id'], name=op.f('fk_sample_line_realisation_id_realisation'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['sample_id'], ['sample.id'], name=op.f('fk_sample_line_sample_id_sample'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sample_line')),
    sa.UniqueConstraint('sample_id', 'position', name=op.f('uq_sample_line_sample_id_position'))
    )
    with op.batch_alter_table('sample_line', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sample_line_beschikking_id'), ['beschikking_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_sample_line_checked_by_id'), ['checked_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_sample_line_realisation_id'), ['realisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_sample_line_sample_id'), ['sample_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('sample_line', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sample_line_sample_id'))
        batch_op.drop_index(batch_op.f('ix_sample_line_realisation_id'))
        batch_op.drop_index(batch_op.f('ix_sample_line_checked_by_id'))
        batch_op.drop_index(batch_op.f('ix_sample_line_beschikking_id'))

    op.drop_table('sample_line')
    with op.batch_alter_table('sample', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sample_drawn_by_id'))
        batch_op.drop_index(batch_op.f('ix_sample_aanbieder_id'))

    op.drop_table('sample')
    with op.batch_alter_table('budget', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_budget_set_by_id'))

    op.drop_table('budget')
    op.execute("UPDATE app_user SET role = 'beheerder', active = false WHERE role = 'controller'")
    _roles(OLD_ROLES)
