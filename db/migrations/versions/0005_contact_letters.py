"""contact letters: 'uw nieuwe contactpersoon' after a caseload hand-over

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 20:20:00

Only a new table (and its indexes): no existing table is rebuilt, so the triggers of realisation,
beschikking and audit_entry are untouched on SQLite and PostgreSQL alike.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes  # noqa: F401
from alembic import op

import db.types

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PENDING = sa.text("issued_at IS NULL")
USER_COLUMNS = ("consulent_id", "previous_consulent_id", "requested_by_id", "issued_by_id")


def upgrade() -> None:
    op.create_table(
        "contact_letter",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("resident_id", sa.Integer(), nullable=False),
        sa.Column("consulent_id", sa.Integer(), nullable=True),
        sa.Column("previous_consulent_id", sa.Integer(), nullable=True),
        sa.Column("effective_date", sa.Date(), nullable=False),
        sa.Column("requested_by_id", sa.Integer(), nullable=True),
        sa.Column("requested_at", db.types.UTCDateTime(), nullable=False),
        sa.Column("kenmerk", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("letter_date", sa.Date(), nullable=True),
        sa.Column("pdf", sa.LargeBinary(), nullable=True),
        sa.Column("sha256", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("issued_by_id", sa.Integer(), nullable=True),
        sa.Column("issued_at", db.types.UTCDateTime(), nullable=True),
        sa.Column("sent_date", sa.Date(), nullable=True),
        sa.CheckConstraint("sha256 IS NULL OR length(sha256) = 64", name=op.f("ck_contact_letter_sha256_length")),
        sa.CheckConstraint(
            "(issued_at IS NULL AND pdf IS NULL AND sha256 IS NULL AND kenmerk IS NULL AND letter_date IS NULL)"
            " OR (issued_at IS NOT NULL AND pdf IS NOT NULL AND sha256 IS NOT NULL AND kenmerk IS NOT NULL"
            " AND letter_date IS NOT NULL)", name=op.f("ck_contact_letter_issued_complete")),
        sa.CheckConstraint("sent_date IS NULL OR issued_at IS NOT NULL",
                           name=op.f("ck_contact_letter_sent_after_issue")),
        sa.ForeignKeyConstraint(["resident_id"], ["resident.id"], name=op.f("fk_contact_letter_resident_id_resident"),
                                ondelete="RESTRICT"),
        *(sa.ForeignKeyConstraint([column], ["app_user.id"], name=op.f(f"fk_contact_letter_{column}_app_user"),
                                  ondelete="SET NULL") for column in USER_COLUMNS),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contact_letter")),
        sa.UniqueConstraint("kenmerk", name=op.f("uq_contact_letter_kenmerk")),
    )
    op.create_index("ix_contact_letter_resident_id", "contact_letter", ["resident_id"], unique=False)
    for column in USER_COLUMNS:
        op.create_index(f"ix_contact_letter_{column}", "contact_letter", [column], unique=False)
    op.create_index("ix_contact_letter_unsent", "contact_letter", ["sent_date", "issued_at"], unique=False)
    op.create_index("uq_contact_letter_pending_resident", "contact_letter", ["resident_id"], unique=True,
                    sqlite_where=PENDING, postgresql_where=PENDING)


def downgrade() -> None:
    op.drop_index("uq_contact_letter_pending_resident", table_name="contact_letter")
    op.drop_index("ix_contact_letter_unsent", table_name="contact_letter")
    for column in reversed(USER_COLUMNS):
        op.drop_index(f"ix_contact_letter_{column}", table_name="contact_letter")
    op.drop_index("ix_contact_letter_resident_id", table_name="contact_letter")
    op.drop_table("contact_letter")
