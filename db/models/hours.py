from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from db.models.base import created_at_field, enum_column
from db.models.enums import RealisationSource


class Realisation(SQLModel, table=True):
    """Realised (or no-show) minutes on one date, so they add up to periods and calendar months alike.

    A trigger (see the migrations) refuses any insert or update that would bring the
    counted total above the indicated total plus surplus of the decision.
    """

    __tablename__ = "realisation"
    __table_args__ = (
        sa.CheckConstraint("minutes > 0", name="minutes_positive"),
        sa.Index("ix_realisation_beschikking_date", "beschikking_id", "service_date"),
    )

    id: int | None = Field(default=None, primary_key=True)
    beschikking_id: int = Field(foreign_key="beschikking.id", ondelete="CASCADE")
    service_date: date
    # A booking for a period is one entry over a span of days (covers_from up to service_date, its last day):
    # its split over calendar months is derived when money and months are counted, never stored as rows.
    covers_from: date | None = None
    minutes: int
    no_show: bool = False
    source: RealisationSource = Field(sa_column=enum_column(RealisationSource, default=RealisationSource.HAND))
    entered_by_id: int | None = Field(default=None, foreign_key="app_user.id", ondelete="SET NULL", index=True)
    entered_at: datetime = created_at_field()
