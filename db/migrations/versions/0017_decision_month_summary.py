"""decision month summary

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-05 18:50:00

The monthly summary the reports read: indicated and realised per decision per calendar month (decision_month), the
same added up per month, law, aanbieder, product, level, category and financing form (month_total), and per period
of each decision (decision_period). The
migration only makes the tables and leaves a marker: the application fills them with its own current counting
rules the first time it opens the database (desktop/core/maintenance/database.py), so this file never carries a
copy of them.
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes  # noqa: F401
from alembic import op

revision: str = '0017'
down_revision: str | None = '0016'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('month_total',
    sa.Column('month', sa.Integer(), nullable=False),
    sa.Column('law', sa.Enum('wmo', 'jeugdwet', name='law', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('aanbieder_id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('complexity', sa.Enum('L', 'M', 'ZW', name='complexity', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('category', sa.Enum('basis', 'intensief', name='indication_category', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('financing_form', sa.Enum('uren_x_tarief', 'bedrag_per_maand', 'bedrag_per_traject', name='financing_form', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('decisions', sa.Integer(), nullable=False),
    sa.Column('indicated_minutes', sa.Integer(), nullable=False),
    sa.Column('indicated_cents', sa.Integer(), nullable=False),
    sa.Column('counted_minutes', sa.Integer(), nullable=False),
    sa.Column('no_show_minutes', sa.Integer(), nullable=False),
    sa.Column('realised_cents', sa.Integer(), nullable=False),
    sa.Column('lines', sa.Integer(), nullable=False),
    sa.Column('starts', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('month', 'law', 'aanbieder_id', 'product_id', 'complexity', 'category', 'financing_form', name=op.f('pk_month_total'))
    )
    op.create_table('decision_month',
    sa.Column('beschikking_id', sa.Integer(), nullable=False),
    sa.Column('month', sa.Integer(), nullable=False),
    sa.Column('law', sa.Enum('wmo', 'jeugdwet', name='law', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('aanbieder_id', sa.Integer(), nullable=True),
    sa.Column('product_id', sa.Integer(), nullable=True),
    sa.Column('complexity', sa.Enum('L', 'M', 'ZW', name='complexity', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('category', sa.Enum('basis', 'intensief', name='indication_category', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('financing_form', sa.Enum('uren_x_tarief', 'bedrag_per_maand', 'bedrag_per_traject', name='financing_form', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('indicated_minutes', sa.Integer(), nullable=False),
    sa.Column('indicated_cents', sa.Integer(), nullable=False),
    sa.Column('counted_minutes', sa.Integer(), nullable=False),
    sa.Column('no_show_minutes', sa.Integer(), nullable=False),
    sa.Column('realised_cents', sa.Integer(), nullable=False),
    sa.Column('lines', sa.Integer(), nullable=False),
    sa.Column('starts', sa.Integer(), nullable=False),
    sa.Column('open_until', sa.Date(), nullable=True),
    sa.Column('cum_indicated_minutes', sa.Integer(), nullable=False),
    sa.Column('cum_counted_minutes', sa.Integer(), nullable=False),
    sa.Column('resident_id', sa.Integer(), nullable=True),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('continues', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['beschikking_id'], ['beschikking.id'], name=op.f('fk_decision_month_beschikking_id_beschikking'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('beschikking_id', 'month', name=op.f('pk_decision_month'))
    )
    with op.batch_alter_table('decision_month', schema=None) as batch_op:
        batch_op.create_index('ix_decision_month_report', ['month', 'aanbieder_id', 'product_id', 'complexity', 'category', 'law', 'financing_form', 'indicated_minutes', 'indicated_cents', 'counted_minutes', 'no_show_minutes', 'realised_cents', 'lines', 'starts', 'open_until', 'cum_indicated_minutes', 'cum_counted_minutes'], unique=False)
        batch_op.create_index('ix_decision_month_people', ['month', 'starts', 'aanbieder_id', 'resident_id', 'continues', 'start_date', 'law', 'product_id', 'complexity', 'category'], unique=False)

    op.create_table('decision_period',
    sa.Column('beschikking_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('start_month', sa.Integer(), nullable=False),
    sa.Column('law', sa.Enum('wmo', 'jeugdwet', name='law', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('aanbieder_id', sa.Integer(), nullable=True),
    sa.Column('product_id', sa.Integer(), nullable=True),
    sa.Column('complexity', sa.Enum('L', 'M', 'ZW', name='complexity', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('category', sa.Enum('basis', 'intensief', name='indication_category', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('share_minutes', sa.Integer(), nullable=False),
    sa.Column('counted_minutes', sa.Integer(), nullable=False),
    sa.Column('no_show_minutes', sa.Integer(), nullable=False),
    sa.Column('indicated_cents', sa.Integer(), nullable=False),
    sa.Column('realised_cents', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['beschikking_id'], ['beschikking.id'], name=op.f('fk_decision_period_beschikking_id_beschikking'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('beschikking_id', 'number', name=op.f('pk_decision_period'))
    )
    with op.batch_alter_table('decision_period', schema=None) as batch_op:
        batch_op.create_index('ix_decision_period_report', ['start_month', 'number', 'aanbieder_id', 'product_id', 'complexity', 'category', 'law', 'share_minutes', 'counted_minutes', 'no_show_minutes', 'indicated_cents', 'realised_cents'], unique=False)

    op.execute("INSERT INTO setting (key, value) VALUES ('decision_month_stale', '1')")


def downgrade() -> None:
    op.execute("DELETE FROM setting WHERE key = 'decision_month_stale'")
    with op.batch_alter_table('decision_period', schema=None) as batch_op:
        batch_op.drop_index('ix_decision_period_report')
    op.drop_table('decision_period')
    with op.batch_alter_table('decision_month', schema=None) as batch_op:
        batch_op.drop_index('ix_decision_month_people')
        batch_op.drop_index('ix_decision_month_report')

    op.drop_table('decision_month')
    op.drop_table('month_total')
