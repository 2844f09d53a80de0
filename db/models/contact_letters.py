from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from db.models.base import created_at_field

_PENDING = sa.text("letter_id IS NULL")


class ContactLetter(SQLModel, table=True):
    """A letter 'uw nieuwe contactpersoon' that a caseload hand-over asked for.

    Made PENDING by the hand-over itself (same transaction), with the new vaste consulent; at most one
    pending request per resident (a second hand-over before printing updates it). Issuing it stores the letter
    in the one archive (`letter`, kind 'contactpersoon') and points `letter_id` at it.
    """

    __tablename__ = "contact_letter"
    __table_args__ = (
        # one pending letter per resident, also when two hand-overs run at the same moment
        sa.Index("uq_contact_letter_pending_resident", "resident_id", unique=True, sqlite_where=_PENDING,
                 postgresql_where=_PENDING),
    )

    id: int | None = Field(default=None, primary_key=True)
    resident_id: int = Field(foreign_key="resident.id", index=True, ondelete="RESTRICT")
    consulent_id: int | None = Field(default=None, foreign_key="app_user.id", index=True, ondelete="SET NULL")
    previous_consulent_id: int | None = Field(default=None, foreign_key="app_user.id", index=True,
                                              ondelete="SET NULL")
    effective_date: date  # the day of the hand-over: 'vanaf <datum> is ... uw contactpersoon'
    requested_by_id: int | None = Field(default=None, foreign_key="app_user.id", index=True, ondelete="SET NULL")
    requested_at: datetime = created_at_field()
    letter_id: int | None = Field(default=None, foreign_key="letter.id", unique=True, ondelete="RESTRICT")
