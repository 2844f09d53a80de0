"""What finance and control keep in Koers: the yearly budget per law and product group, and the sample checks
(steekproeven) of realised hours with the outcome of every checked line."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from db.models.base import created_at_field, enum_column
from db.models.enums import Law, SampleOutcome
from db.types import UTCDateTime


class Budget(SQLModel, table=True):
    """The budget of one calendar year for one law and one product group (the iWmo/iJw product category)."""

    __tablename__ = "budget"
    __table_args__ = (
        sa.UniqueConstraint("year", "law", "category_code"),
        sa.CheckConstraint("year BETWEEN 2000 AND 2100", name="year_range"),
        sa.CheckConstraint("amount_cents >= 0", name="amount_nonneg"),
    )

    id: int | None = Field(default=None, primary_key=True)
    year: int
    law: Law = Field(sa_column=enum_column(Law))
    category_code: str = Field(max_length=2)
    amount_cents: int = Field(sa_type=sa.BigInteger)  # a region's budget passes the 21 million of a 32-bit integer
    set_by_id: int | None = Field(default=None, foreign_key="app_user.id", ondelete="SET NULL", index=True)
    set_at: datetime = created_at_field()


class Sample(SQLModel, table=True):
    """One reproducible draw of realisation lines of one aanbieder over a span of service dates.

    The seed and the population (how many lines there were to draw from) are kept, so the same draw can be made
    again from the same lines and anyone can see it was not picked by hand.
    """

    __tablename__ = "sample"
    __table_args__ = (
        sa.CheckConstraint("period_to >= period_from", name="period_order"),
        sa.CheckConstraint("size >= 1 AND population >= size", name="size_range"),
    )

    id: int | None = Field(default=None, primary_key=True)
    aanbieder_id: int = Field(foreign_key="aanbieder.id", index=True, ondelete="RESTRICT")
    period_from: date
    period_to: date
    seed: int
    size: int
    population: int
    drawn_by_id: int | None = Field(default=None, foreign_key="app_user.id", ondelete="SET NULL", index=True)
    drawn_at: datetime = created_at_field()


class SampleLine(SQLModel, table=True):
    """A drawn realisation line, copied as it was drawn (a later correction of the booking leaves the check
    intact), and the outcome of checking it."""

    __tablename__ = "sample_line"
    __table_args__ = (
        sa.UniqueConstraint("sample_id", "position"),
        sa.CheckConstraint("outcome IS NULL OR checked_at IS NOT NULL", name="outcome_dated"),
        sa.CheckConstraint("outcome IS NULL OR outcome <> 'met_opmerking' OR remark IS NOT NULL",
                           name="remark_given"),
    )

    id: int | None = Field(default=None, primary_key=True)
    sample_id: int = Field(foreign_key="sample.id", index=True, ondelete="CASCADE")
    position: int
    realisation_id: int | None = Field(default=None, foreign_key="realisation.id", index=True,
                                       ondelete="SET NULL")
    beschikking_id: int = Field(foreign_key="beschikking.id", index=True, ondelete="CASCADE")
    service_date: date
    minutes: int
    no_show: bool = False
    outcome: SampleOutcome | None = Field(sa_column=enum_column(SampleOutcome, nullable=True))
    remark: str | None = None
    checked_by_id: int | None = Field(default=None, foreign_key="app_user.id", ondelete="SET NULL", index=True)
    checked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
