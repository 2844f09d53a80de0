"""undecided cases: the case status follows vaststelling, and an index finds the cases still waiting

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23 21:15:00

'Besluit na aanvraag' asked, for every open case with an application, whether a decision was made:
some 67,000 probes on a 100,000-resident database. From now on vaststellen moves a case to 'lopend', so the
cases still waiting are one small index range on (status, law, aanvraag_date). Existing cases with an
established decision are moved to 'lopend' here. Only a new index and an UPDATE: no table is rebuilt.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(sa.text(
        "UPDATE casus SET status = 'lopend' WHERE status IN ('melding', 'onderzoek', 'aanvraag')"
        " AND EXISTS (SELECT 1 FROM beschikking b WHERE b.casus_id = casus.id AND b.established_date IS NOT NULL)"))
    op.create_index("ix_casus_undecided", "casus", ["status", "law", "aanvraag_date", "consulent_id",
                                                    "resident_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_casus_undecided", table_name="casus")
