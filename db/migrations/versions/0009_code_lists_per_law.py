"""code lists per law: the one 'iWmo/iJw 3.2' standard becomes 'iWmo 3.2' beside a new 'iJw 3.2'

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-05 13:00:00

Until now one list served both laws, so the Jeugdwet offered the Wmo's reasons for ending (19, 21-23) and
product categories (01-18). The rows stored so far are the iWmo lists, so they are renamed; the iJw rows are
synced in from resources/reference/ijw-3.2.json after the upgrade, as every shipped code list is.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(sa.text("UPDATE reference_code SET standard = 'iWmo 3.2' WHERE standard = 'iWmo/iJw 3.2'"))


def downgrade() -> None:
    op.execute(sa.text("DELETE FROM reference_code WHERE standard = 'iJw 3.2'"))
    op.execute(sa.text("UPDATE reference_code SET standard = 'iWmo/iJw 3.2' WHERE standard = 'iWmo 3.2'"))
