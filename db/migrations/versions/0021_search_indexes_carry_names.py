"""search indexes carry the names a search of two words checks: 'Carla Herms' reads the Herms in order and checks
the first name in the index itself, without fetching each row (at a million residents: 24 ms to a few)

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-06 01:20:00

Indexes only: dropped and made again with more columns, in the same order for what they are read by.
"""
from collections.abc import Sequence

from alembic import op

revision: str = '0021'
down_revision: str | None = '0020'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NEW = {"ix_resident_search_name_id": ["search_name", "id", "search_first", "initials"],
       "ix_resident_search_alt_id": ["search_alt", "id", "search_first", "initials"],
       "ix_resident_search_first_id": ["search_first", "id", "search_name", "search_alt"]}
OLD = {"ix_resident_search_name_id": ["search_name", "id"],
       "ix_resident_search_alt_id": ["search_alt", "id"],
       "ix_resident_search_first_id": ["search_first", "id"]}


def _replace(indexes: dict[str, list[str]]) -> None:
    for name, columns in indexes.items():
        op.drop_index(name, table_name='resident')
        op.create_index(name, 'resident', columns, unique=False)


def upgrade() -> None:
    _replace(NEW)


def downgrade() -> None:
    _replace(OLD)
