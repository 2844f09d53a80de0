"""one letter archive: every letter in `letter`, the hand-over letters' requests in `contact_letter`

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-05 12:00:00

Letters 'uw nieuwe contactpersoon' were kept, bytes and all, in contact_letter; decision letters in letter.
From now on `letter` is the one archive: it names the resident of every letter, the beschikking only for a
decision letter, and knows the kind 'contactpersoon'. contact_letter keeps the request a hand-over makes and
points at the letter once it is issued. Issued contact letters move into `letter` with their exact bytes,
SHA-256, kenmerk and dates. SQLite rebuilds letter, letter_text and contact_letter (batch mode); none of
them carries a trigger, so the guards on realisation, beschikking and audit_entry are untouched.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes  # noqa: F401
from alembic import op
from alembic.operations import BatchOperations

import db.types

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_KINDS = ("toekenning", "wijziging", "afwijzing", "beeindiging")
NEW_KINDS = (*OLD_KINDS, "contactpersoon")
OLD_PENDING = sa.text("issued_at IS NULL")
NEW_PENDING = sa.text("letter_id IS NULL")


def _kinds(kinds: tuple[str, ...]) -> str:
    return "kind IN (" + ", ".join(f"'{k}'" for k in kinds) + ")"


def _widen_kind(batch_op: BatchOperations, table: str, kinds: tuple[str, ...], old_length: int,
                new_length: int) -> None:
    batch_op.drop_constraint(batch_op.f(f"ck_{table}_letter_kind"), type_="check")
    batch_op.alter_column("kind", existing_type=sa.String(old_length), type_=sa.String(new_length),
                          existing_nullable=False)
    batch_op.create_check_constraint(batch_op.f(f"ck_{table}_letter_kind"), _kinds(kinds))


def upgrade() -> None:
    # --- letter: the one archive
    with op.batch_alter_table("letter", schema=None) as batch_op:
        batch_op.add_column(sa.Column("resident_id", sa.Integer(), nullable=True))
    op.execute(sa.text("UPDATE letter SET resident_id = (SELECT c.resident_id FROM beschikking b JOIN casus c"
                       " ON c.id = b.casus_id WHERE b.id = letter.beschikking_id)"))
    with op.batch_alter_table("letter", schema=None) as batch_op:
        batch_op.alter_column("resident_id", existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column("beschikking_id", existing_type=sa.Integer(), nullable=True)
        _widen_kind(batch_op, "letter", NEW_KINDS, 11, 14)
        batch_op.create_check_constraint(batch_op.f("ck_letter_decision_letter_decision"),
                                         "kind = 'contactpersoon' OR beschikking_id IS NOT NULL")
        batch_op.create_foreign_key(batch_op.f("fk_letter_resident_id_resident"), "resident", ["resident_id"], ["id"],
                                    ondelete="RESTRICT")
        batch_op.create_index(batch_op.f("ix_letter_resident_id"), ["resident_id"], unique=False)
    with op.batch_alter_table("letter_text", schema=None) as batch_op:
        _widen_kind(batch_op, "letter_text", NEW_KINDS, 11, 14)

    # --- the issued contact letters move into the archive, exactly as they were issued
    if op.get_bind().dialect.name == "postgresql":  # new ids after every existing one, whatever the sequence says
        op.execute(sa.text("SELECT setval(pg_get_serial_sequence('letter', 'id'),"
                           " COALESCE((SELECT MAX(id) FROM letter), 0) + 1, false)"))
    op.execute(sa.text(
        "INSERT INTO letter (resident_id, beschikking_id, kind, kenmerk, pdf, sha256, issued_by_id, issued_at,"
        " sent_date, batch_id, letter_date)"
        " SELECT resident_id, NULL, 'contactpersoon', kenmerk, pdf, sha256, issued_by_id, issued_at, sent_date,"
        " NULL, letter_date FROM contact_letter WHERE issued_at IS NOT NULL ORDER BY id"))
    with op.batch_alter_table("contact_letter", schema=None) as batch_op:
        batch_op.add_column(sa.Column("letter_id", sa.Integer(), nullable=True))
    op.execute(sa.text("UPDATE contact_letter SET letter_id = (SELECT l.id FROM letter l"
                       " WHERE l.kenmerk = contact_letter.kenmerk) WHERE kenmerk IS NOT NULL"))

    # --- contact_letter keeps the request only
    op.drop_index(op.f("uq_contact_letter_pending_resident"), table_name="contact_letter")
    op.drop_index(op.f("ix_contact_letter_unsent"), table_name="contact_letter")
    op.drop_index(op.f("ix_contact_letter_issued_by_id"), table_name="contact_letter")
    with op.batch_alter_table("contact_letter", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_contact_letter_issued_complete"), type_="check")
        batch_op.drop_constraint(batch_op.f("ck_contact_letter_sent_after_issue"), type_="check")
        batch_op.drop_constraint(batch_op.f("ck_contact_letter_sha256_length"), type_="check")
        batch_op.drop_constraint(batch_op.f("uq_contact_letter_kenmerk"), type_="unique")
        batch_op.drop_constraint(batch_op.f("fk_contact_letter_issued_by_id_app_user"), type_="foreignkey")
        for column in ("kenmerk", "letter_date", "pdf", "sha256", "issued_by_id", "issued_at", "sent_date"):
            batch_op.drop_column(column)
        batch_op.create_foreign_key(batch_op.f("fk_contact_letter_letter_id_letter"), "letter", ["letter_id"], ["id"],
                                    ondelete="RESTRICT")
        batch_op.create_unique_constraint(batch_op.f("uq_contact_letter_letter_id"), ["letter_id"])
    op.create_index(op.f("uq_contact_letter_pending_resident"), "contact_letter", ["resident_id"], unique=True,
                    sqlite_where=NEW_PENDING, postgresql_where=NEW_PENDING)


def downgrade() -> None:
    op.drop_index(op.f("uq_contact_letter_pending_resident"), table_name="contact_letter")
    with op.batch_alter_table("contact_letter", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_contact_letter_letter_id"), type_="unique")
        batch_op.drop_constraint(batch_op.f("fk_contact_letter_letter_id_letter"), type_="foreignkey")
        batch_op.add_column(sa.Column("kenmerk", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True))
        batch_op.add_column(sa.Column("letter_date", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("pdf", sa.LargeBinary(), nullable=True))
        batch_op.add_column(sa.Column("sha256", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True))
        batch_op.add_column(sa.Column("issued_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("issued_at", db.types.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column("sent_date", sa.Date(), nullable=True))
    for column in ("kenmerk", "letter_date", "pdf", "sha256", "issued_by_id", "issued_at", "sent_date"):
        op.execute(sa.text(f"UPDATE contact_letter SET {column} = (SELECT l.{column} FROM letter l"
                           " WHERE l.id = contact_letter.letter_id) WHERE letter_id IS NOT NULL"))
    with op.batch_alter_table("contact_letter", schema=None) as batch_op:
        batch_op.drop_column("letter_id")
        batch_op.create_foreign_key(batch_op.f("fk_contact_letter_issued_by_id_app_user"), "app_user", ["issued_by_id"], ["id"],
                                    ondelete="SET NULL")
        batch_op.create_unique_constraint(batch_op.f("uq_contact_letter_kenmerk"), ["kenmerk"])
        batch_op.create_check_constraint(batch_op.f("ck_contact_letter_sha256_length"), "sha256 IS NULL OR length(sha256) = 64")
        batch_op.create_check_constraint(
            batch_op.f("ck_contact_letter_issued_complete"),
            "(issued_at IS NULL AND pdf IS NULL AND sha256 IS NULL AND kenmerk IS NULL AND letter_date IS NULL)"
            " OR (issued_at IS NOT NULL AND pdf IS NOT NULL AND sha256 IS NOT NULL AND kenmerk IS NOT NULL"
            " AND letter_date IS NOT NULL)")
        batch_op.create_check_constraint(batch_op.f("ck_contact_letter_sent_after_issue"),
                                         "sent_date IS NULL OR issued_at IS NOT NULL")
    op.create_index(op.f("ix_contact_letter_issued_by_id"), "contact_letter", ["issued_by_id"], unique=False)
    op.create_index(op.f("ix_contact_letter_unsent"), "contact_letter", ["sent_date", "issued_at"], unique=False)
    op.create_index(op.f("uq_contact_letter_pending_resident"), "contact_letter", ["resident_id"], unique=True,
                    sqlite_where=OLD_PENDING, postgresql_where=OLD_PENDING)

    op.execute(sa.text("DELETE FROM letter WHERE kind = 'contactpersoon'"))
    with op.batch_alter_table("letter_text", schema=None) as batch_op:
        _widen_kind(batch_op, "letter_text", OLD_KINDS, 14, 11)
    with op.batch_alter_table("letter", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_letter_resident_id"))
        batch_op.drop_constraint(batch_op.f("fk_letter_resident_id_resident"), type_="foreignkey")
        batch_op.drop_constraint(batch_op.f("ck_letter_decision_letter_decision"), type_="check")
        _widen_kind(batch_op, "letter", OLD_KINDS, 14, 11)
        batch_op.alter_column("beschikking_id", existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column("resident_id")
