"""the resident's rights: corrections kept with their reason, anonymised files, and access-log lines that can
lose everything but the internal number once the file they name is destroyed

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-06 05:50:00

- `correction`: a correction of personal data (what was wrong, what it became, why), part of the resident's
  file so it is shown there and destroyed with it.
- `resident.anonymised_at`: a file whose figures are still needed for reports keeps its decisions and hours,
  but no name, address, BSN, plan or letter; this marks the row that is left.
- `beschikking.imported_at`: a decision that came in with `koers import` was exchanged with its aanbieder by the
  system it came from; only a change made in Koers afterwards needs a WMO301 from Koers.
- A journal entry may be deleted only with its casus (0018), or now also when its resident's file is anonymised:
  the casus stays for the figures, the conversations go.
- The access log stays append-only, with one exception the AVG asks for: a line about a resident whose file
  is gone (or anonymised) may have its resident id, changes and reason emptied. Nothing else of a line can
  change and no line can be deleted; the triggers check that the file really is gone.
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes  # noqa: F401
from alembic import op

import db.types

revision: str = '0024'
down_revision: str | None = '0023'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_SAME = ("id", "at", "user_id", "username", "role", "workstation", "action", "client_number", "record_type",
         "record_id", "outcome", "undoes_id")

_SQLITE_SCRUB_ONLY = """CREATE TRIGGER trg_audit_entry_no_update BEFORE UPDATE ON audit_entry
    WHEN NOT (NEW.resident_id IS NULL AND NEW.changes IS NULL AND NEW.reason IS NULL
              AND {same}
              AND OLD.resident_id IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM resident r WHERE r.id = OLD.resident_id AND r.anonymised_at IS NULL))
    BEGIN SELECT RAISE(ABORT, 'koers:auditlog'); END""".format(
    same=" AND ".join(f"NEW.{c} IS OLD.{c}" for c in _SAME))

_SQLITE_APPEND_ONLY = """CREATE TRIGGER trg_audit_entry_no_update BEFORE UPDATE ON audit_entry
    BEGIN SELECT RAISE(ABORT, 'koers:auditlog'); END"""

_PG_SCRUB_ONLY = """CREATE OR REPLACE FUNCTION koers_audit_append_only() RETURNS trigger AS $$
    BEGIN
      IF TG_OP = 'UPDATE' AND NEW.resident_id IS NULL AND NEW.changes IS NULL AND NEW.reason IS NULL
         AND {same}
         AND OLD.resident_id IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM resident r WHERE r.id = OLD.resident_id AND r.anonymised_at IS NULL) THEN
        RETURN NEW;
      END IF;
      RAISE EXCEPTION 'koers:auditlog' USING ERRCODE = 'insufficient_privilege';
    END $$ LANGUAGE plpgsql""".format(same=" AND ".join(f"NEW.{c} IS NOT DISTINCT FROM OLD.{c}" for c in _SAME))

_PG_APPEND_ONLY = """CREATE OR REPLACE FUNCTION koers_audit_append_only() RETURNS trigger AS $$
    BEGIN RAISE EXCEPTION 'koers:auditlog' USING ERRCODE = 'insufficient_privilege'; END $$ LANGUAGE plpgsql"""


_JOURNAL_KEPT = "trg_journal_entry_kept"
_SQLITE_JOURNAL_KEPT = """CREATE TRIGGER trg_journal_entry_kept BEFORE DELETE ON journal_entry
    FOR EACH ROW WHEN EXISTS (SELECT 1 FROM casus c JOIN resident r ON r.id = c.resident_id
                              WHERE c.id = OLD.casus_id AND r.anonymised_at IS NULL)
    BEGIN SELECT RAISE(ABORT, 'koers:journaal'); END"""
_SQLITE_JOURNAL_KEPT_0018 = """CREATE TRIGGER trg_journal_entry_kept BEFORE DELETE ON journal_entry
    FOR EACH ROW WHEN EXISTS (SELECT 1 FROM casus WHERE id = OLD.casus_id)
    BEGIN SELECT RAISE(ABORT, 'koers:journaal'); END"""
_JOURNAL_FIXED = ("casus_id", "kind", "contact_date", "with_whom", "summary", "agreements", "corrects_id",
                  "correction_reason", "created_at")  # as in 0018


def _pg_journal_function(delete_refused_when: str) -> str:
    columns = ", ".join(f"NEW.{c}" for c in _JOURNAL_FIXED), ", ".join(f"OLD.{c}" for c in _JOURNAL_FIXED)
    return f"""CREATE OR REPLACE FUNCTION koers_journal_words_fixed() RETURNS trigger AS $$
    BEGIN
      IF TG_OP = 'DELETE' THEN
        IF {delete_refused_when} THEN
          RAISE EXCEPTION 'koers:journaal' USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN OLD;
      END IF;
      IF ({columns[0]}) IS DISTINCT FROM ({columns[1]})
         OR (NEW.author_id IS DISTINCT FROM OLD.author_id AND NEW.author_id IS NOT NULL) THEN
        RAISE EXCEPTION 'koers:journaal' USING ERRCODE = 'insufficient_privilege';
      END IF;
      RETURN NEW;
    END $$ LANGUAGE plpgsql"""


_PG_DELETE_REFUSED = ("EXISTS (SELECT 1 FROM casus c JOIN resident r ON r.id = c.resident_id "
                      "WHERE c.id = OLD.casus_id AND r.anonymised_at IS NULL)")
_PG_DELETE_REFUSED_0018 = "EXISTS (SELECT 1 FROM casus WHERE id = OLD.casus_id)"


def upgrade() -> None:
    op.create_table(
        'correction',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('resident_id', sa.Integer(), nullable=False),
        sa.Column('corrected_at', db.types.UTCDateTime(), nullable=False),
        sa.Column('corrected_by_id', sa.Integer(), nullable=True),
        sa.Column('fields', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.CheckConstraint('length(reason) >= 5', name=op.f('ck_correction_reason_given')),
        sa.ForeignKeyConstraint(['resident_id'], ['resident.id'], name=op.f('fk_correction_resident_id_resident'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['corrected_by_id'], ['app_user.id'],
                                name=op.f('fk_correction_corrected_by_id_app_user'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_correction')),
    )
    op.create_index(op.f('ix_correction_resident_id'), 'correction', ['resident_id'], unique=False)
    op.create_index(op.f('ix_correction_corrected_by_id'), 'correction', ['corrected_by_id'], unique=False)
    op.add_column('resident', sa.Column('anonymised_at', db.types.UTCDateTime(), nullable=True))
    op.add_column('beschikking', sa.Column('imported_at', db.types.UTCDateTime(), nullable=True))
    if op.get_bind().dialect.name == "sqlite":
        op.execute(sa.text("DROP TRIGGER IF EXISTS trg_audit_entry_no_update"))
        op.execute(sa.text(_SQLITE_SCRUB_ONLY))
        op.execute(sa.text(f"DROP TRIGGER IF EXISTS {_JOURNAL_KEPT}"))
        op.execute(sa.text(_SQLITE_JOURNAL_KEPT))
    else:
        op.execute(sa.text(_PG_SCRUB_ONLY))
        op.execute(sa.text(_pg_journal_function(_PG_DELETE_REFUSED)))


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute(sa.text("DROP TRIGGER IF EXISTS trg_audit_entry_no_update"))
        op.execute(sa.text(_SQLITE_APPEND_ONLY))
        op.execute(sa.text(f"DROP TRIGGER IF EXISTS {_JOURNAL_KEPT}"))
        op.execute(sa.text(_SQLITE_JOURNAL_KEPT_0018))
    else:
        op.execute(sa.text(_PG_APPEND_ONLY))
        op.execute(sa.text(_pg_journal_function(_PG_DELETE_REFUSED_0018)))
    with op.batch_alter_table('resident', schema=None) as batch_op:
        batch_op.drop_column('anonymised_at')
    # Not in batch mode: that would rebuild beschikking and lose its triggers (the ceiling guard); a column without
    # index or constraint is dropped in place (SQLite >= 3.35).
    op.drop_column('beschikking', 'imported_at')
    op.drop_index(op.f('ix_correction_corrected_by_id'), table_name='correction')
    op.drop_index(op.f('ix_correction_resident_id'), table_name='correction')
    op.drop_table('correction')
