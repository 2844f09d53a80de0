"""deadline indexes: the werkvoorraad and the casusregisseur's dashboard

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 19:45:00

Covering indexes, so the dashboard's scans read no table rows (beschikking rows carry the motivation
text). Only new indexes (op.create_index, no batch mode): no table is rebuilt, so the triggers of
beschikking and the other guarded tables are untouched on SQLite and PostgreSQL alike.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES = (
    ("ix_casus_open_dates", "casus", ["closed_date", "law", "aanvraag_date", "melding_date", "consulent_id",
                                      "resident_id"]),
    ("ix_casus_consulent_open", "casus", ["consulent_id", "closed_date", "aanvraag_date"]),
    ("ix_beschikking_casus_established", "beschikking", ["casus_id", "established_date"]),
    ("ix_beschikking_casus_start", "beschikking", ["casus_id", "start_date", "status"]),
    ("ix_beschikking_unsent", "beschikking", ["status", "sent_date", "established_date", "casus_id", "law",
                                              "aanbieder_id"]),
    ("ix_beschikking_active_end", "beschikking", ["status", "end_date", "casus_id", "start_date", "law",
                                                  "aanbieder_id"]),
    ("ix_evaluation_open_casus", "evaluation", ["done_date", "planned_date", "casus_id", "beschikking_id"]),
)


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns, unique=False)


def downgrade() -> None:
    for name, table, _columns in reversed(INDEXES):
        op.drop_index(name, table_name=table)
