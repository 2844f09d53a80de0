from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from db.models.base import created_at_field
from db.types import UTCDateTime

_PENDING = sa.text("issued_at IS NULL")


class ContactLetter(SQLModel, table=True):
    """A letter 'uw nieuwe contactpersoon' after a caseload hand-over.

    Made PENDING by the hand-over itself (same transaction), with the new vaste consulent; at most one
    pending row per resident (a second hand-over before printing updates it). Issuing stores the exact PDF
    bytes with their SHA-256 and the kenmerk, all three together; they are never regenerated silently.
    """

    __tablename__ = "contact_letter"
    __table_args__ = (
        sa.CheckConstraint("sha256 IS NULL OR length(sha256) = 64", name="sha256_length"),
        sa.CheckConstraint(
            "(issued_at IS NULL AND pdf IS NULL AND sha256 IS NULL AND kenmerk IS NULL AND letter_date IS NULL)"
            " OR (issued_at IS NOT NULL AND pdf IS NOT NULL AND sha256 IS NOT NULL AND kenmerk IS NOT NULL"
            " AND letter_date IS NOT NULL)", name="issued_complete"),
        sa.CheckConstraint("sent_date IS NULL OR issued_at IS NOT NULL", name="sent_after_issue"),
        # one pending letter per resident, also when two hand-overs run at the same moment
        sa.Index("uq_contact_letter_pending_resident", "resident_id", unique=True, sqlite_where=_PENDING,
                 postgresql_where=_PENDING),
        sa.Index("ix_contact_letter_unsent", "sent_date", "issued_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    resident_id: int = Field(foreign_key="resident.id", index=True, ondelete="RESTRICT")
    consulent_id: int | None = Field(default=None, foreign_key="app_user.id", index=True, ondelete="SET NULL")
    previous_consulent_id: int | None = Field(default=None, foreign_key="app_user.id", index=True,
                                              ondelete="SET NULL")
    effective_date: date  # the day of the hand-over: 'vanaf <datum> is ... uw contactpersoon'
    requested_by_id: int | None = Field(default=None, foreign_key="app_user.id", index=True, ondelete="SET NULL")
    requested_at: datetime = created_at_field()
    kenmerk: str | None = Field(default=None, max_length=40, unique=True)
    letter_date: date | None = None
    pdf: bytes | None = Field(default=None, sa_type=sa.LargeBinary)
    sha256: str | None = Field(default=None, max_length=64)
    issued_by_id: int | None = Field(default=None, foreign_key="app_user.id", index=True, ondelete="SET NULL")
    issued_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    sent_date: date | None = None
