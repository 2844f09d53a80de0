"""equated holidays: days the government equates to a general holiday (Algemene termijnenwet art. 3 lid 3)

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-05 12:10:00

A new table only. The decrees Koers knows are not inserted here but synced from
resources/reference/gelijkgestelde-dagen.json when the schema is upgraded (as the code lists are), so a
later release can ship a new decree without a migration.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

import db.types

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "equated_holiday",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("decree", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("shipped", sa.Boolean(), nullable=False),
        sa.Column("added_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", db.types.UTCDateTime(), nullable=False),
        sa.CheckConstraint("length(decree) >= 1", name=op.f("ck_equated_holiday_decree_nonempty")),
        sa.ForeignKeyConstraint(["added_by_id"], ["app_user.id"], name=op.f("fk_equated_holiday_added_by_id_app_user"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_equated_holiday")),
        sa.UniqueConstraint("day", name=op.f("uq_equated_holiday_day")),
    )
    op.create_index(op.f("ix_equated_holiday_added_by_id"), "equated_holiday", ["added_by_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_equated_holiday_added_by_id"), table_name="equated_holiday")
    op.drop_table("equated_holiday")
