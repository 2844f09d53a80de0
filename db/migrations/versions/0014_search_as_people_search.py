"""search as people search: the second part of a double surname, a first name, the street

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-05 15:55:00

Columns and indexes added in place (the resident table is a parent of many; no table copy). Existing
residents get their keys here, with the same functions the application uses when it saves a resident.
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0014'
down_revision: str | None = '0013'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    from desktop.core.residents.names import NAME_PREFIXES
    from desktop.core.text import search_key, second_surname_key

    op.add_column('resident', sa.Column('first_name', sa.String(length=40), nullable=True))
    op.add_column('resident', sa.Column('search_alt', sa.String(length=100), nullable=True))
    op.add_column('resident', sa.Column('search_first', sa.String(length=40), nullable=True))
    op.add_column('resident', sa.Column('search_street', sa.String(length=100), nullable=True))
    bind = op.get_bind()
    rows = bind.execute(sa.text("SELECT id, surname, street FROM resident")).all()
    updates = [{"id": r.id, "alt": second_surname_key(r.surname, NAME_PREFIXES),
                "street": (search_key(r.street) or None) if r.street else None} for r in rows]
    updates = [u for u in updates if u["alt"] or u["street"]]
    if updates:
        bind.execute(sa.text("UPDATE resident SET search_alt = :alt, search_street = :street WHERE id = :id"),
                     updates)
    op.create_index('ix_resident_search_alt_id', 'resident', ['search_alt', 'id'], unique=False)
    op.create_index('ix_resident_search_first_id', 'resident', ['search_first', 'id'], unique=False)
    op.create_index('ix_resident_search_street', 'resident', ['search_street', 'house_number'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_resident_search_street', table_name='resident')
    op.drop_index('ix_resident_search_first_id', table_name='resident')
    op.drop_index('ix_resident_search_alt_id', table_name='resident')
    for column in ('search_street', 'search_first', 'search_alt', 'first_name'):
        op.drop_column('resident', column)  # SQLite 3.35+ drops in place
