"""What someone typed and has not saved yet, kept where the record itself lives."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from db.types import UTCDateTime


class Draft(SQLModel, table=True):
    """The typed contents of an open plan editor or evaluation form, written every few seconds while it has
    unsaved changes and removed when they are saved or thrown away. After a crash, a power cut or a locked
    screen the form offers it back. In the database, never in a file beside it: it is as sensitive as the plan,
    and goes with the database's backups and rights. One per person, kind and record."""

    __tablename__ = "draft"
    __table_args__ = (
        sa.UniqueConstraint("user_id", "kind", "record_id"),  # one per person, kind and record
        sa.CheckConstraint("kind IN ('plan', 'evaluatie')", name="kind_known"),
    )

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="app_user.id", index=True, ondelete="CASCADE")
    kind: str = Field(max_length=20)
    record_id: int
    content: str  # JSON: the form's input as the service would take it
    saved_at: datetime = Field(sa_column=sa.Column(UTCDateTime(), nullable=False))
