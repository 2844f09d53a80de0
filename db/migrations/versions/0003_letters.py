"""letters: editable text blocks, the letterhead logo, and the date printed on a letter

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 19:37:18.500455

Only new tables and one nullable column: no existing table is rebuilt, so the triggers of
realisation, beschikking and audit_entry are untouched on SQLite and PostgreSQL alike.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes  # noqa: F401
from alembic import op

import db.types

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LETTER_KINDS = ("toekenning", "wijziging", "afwijzing", "beeindiging")


def upgrade() -> None:
    op.create_table(
        "letter_logo",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("image", sa.LargeBinary(), nullable=False),
        sa.Column("mime_type", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", db.types.UTCDateTime(), nullable=False),
        sa.CheckConstraint("mime_type IN ('image/png', 'image/jpeg')", name=op.f("ck_letter_logo_mime_type_image")),
        sa.CheckConstraint("id = 1", name=op.f("ck_letter_logo_single_row")),
        sa.ForeignKeyConstraint(["updated_by_id"], ["app_user.id"], name=op.f("fk_letter_logo_updated_by_id_app_user"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_letter_logo")),
    )
    with op.batch_alter_table("letter_logo", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_letter_logo_updated_by_id"), ["updated_by_id"], unique=False)

    op.create_table(
        "letter_text",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.Enum(*LETTER_KINDS, name="letter_kind", native_enum=False, create_constraint=True),
                  nullable=False),
        sa.Column("block", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("text", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", db.types.UTCDateTime(), nullable=False),
        sa.CheckConstraint("length(text) >= 1", name=op.f("ck_letter_text_text_nonempty")),
        sa.ForeignKeyConstraint(["updated_by_id"], ["app_user.id"], name=op.f("fk_letter_text_updated_by_id_app_user"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_letter_text")),
        sa.UniqueConstraint("kind", "block", name=op.f("uq_letter_text_kind_block")),
    )
    with op.batch_alter_table("letter_text", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_letter_text_updated_by_id"), ["updated_by_id"], unique=False)

    # ALTER TABLE ADD COLUMN on both databases: the letter table is not rebuilt.
    with op.batch_alter_table("letter", schema=None) as batch_op:
        batch_op.add_column(sa.Column("letter_date", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("letter", schema=None, recreate="never") as batch_op:
        batch_op.drop_column("letter_date")

    with op.batch_alter_table("letter_text", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_letter_text_updated_by_id"))
    op.drop_table("letter_text")

    with op.batch_alter_table("letter_logo", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_letter_logo_updated_by_id"))
    op.drop_table("letter_logo")
