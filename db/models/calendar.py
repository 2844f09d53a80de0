from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from db.models.base import created_at_field


class EquatedHoliday(SQLModel, table=True):
    """A day the government equated to a general holiday by decree (Algemene termijnenwet art. 3 lid 3).

    The decrees Koers knows are shipped (`shipped`, resources/reference/gelijkgestelde-dagen.json) and synced
    when the schema is upgraded; a beheerder adds a new decree's days. Every term counted in working days or
    ending on a holiday (the objection term above all) reads this table.
    """

    __tablename__ = "equated_holiday"
    __table_args__ = (sa.CheckConstraint("length(decree) >= 1", name="decree_nonempty"),)

    id: int | None = Field(default=None, primary_key=True)
    day: date = Field(unique=True)
    decree: str = Field(max_length=200)
    shipped: bool = False
    added_by_id: int | None = Field(default=None, foreign_key="app_user.id", ondelete="SET NULL", index=True)
    created_at: datetime = created_at_field()
