from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from db.models.base import created_at_field, enum_column
from db.models.enums import LifeDomain, PlanStatus
from db.types import UTCDateTime

_plan_version = sa.Column("version", sa.Integer, nullable=False)


class Plan(SQLModel, table=True):
    """One version of the ondersteuningsplan (Esbjerg). An agreed version is frozen."""

    __tablename__ = "plan"
    __table_args__ = (
        sa.UniqueConstraint("casus_id", "version_no"),
        sa.CheckConstraint("version_no >= 1", name="version_no_positive"),
        sa.CheckConstraint("status <> 'akkoord' OR agreed_date IS NOT NULL", name="agreed_has_date"),
    )

    id: int | None = Field(default=None, primary_key=True)
    casus_id: int = Field(foreign_key="casus.id", index=True, ondelete="CASCADE")
    version_no: int = 1
    status: PlanStatus = Field(sa_column=enum_column(PlanStatus, default=PlanStatus.CONCEPT))
    question: str | None = None
    what_matters: str | None = None
    circumstances: str | None = None
    agreed_date: date | None = None
    agreed_by_id: int | None = Field(default=None, foreign_key="app_user.id", ondelete="SET NULL", index=True)
    based_on_id: int | None = Field(default=None, foreign_key="plan.id", ondelete="SET NULL", index=True)
    created_at: datetime = created_at_field()
    updated_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    version: int = Field(default=1, sa_column=_plan_version)

    __mapper_args__ = {"version_id_col": _plan_version}


class DomainAssessment(SQLModel, table=True):
    """A life domain in a plan. 'Niet relevant' stores nothing else (enforced by CHECK)."""

    __tablename__ = "domain_assessment"
    __table_args__ = (
        sa.UniqueConstraint("plan_id", "domain"),
        sa.CheckConstraint("score IS NULL OR score BETWEEN 1 AND 5", name="score_range"),
        sa.CheckConstraint(
            "relevant OR (score IS NULL AND situation IS NULL AND needs IS NULL AND resources IS NULL"
            " AND motivation IS NULL AND readiness IS NULL)",
            name="irrelevant_is_empty",
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="plan.id", index=True, ondelete="CASCADE")
    domain: LifeDomain = Field(sa_column=enum_column(LifeDomain))
    relevant: bool = True
    score: int | None = None
    situation: str | None = None
    needs: str | None = None
    resources: str | None = None
    motivation: str | None = None
    readiness: str | None = None


class Goal(SQLModel, table=True):
    __tablename__ = "goal"
    __table_args__ = (sa.CheckConstraint("length(description) >= 1", name="description_nonempty"),)

    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="plan.id", index=True, ondelete="CASCADE")
    domain: LifeDomain | None = Field(sa_column=enum_column(LifeDomain, nullable=True))
    description: str
    position: int = 0


class Result(SQLModel, table=True):
    """A concrete result in the resident's words. `contributors` is a comma list of who helps."""

    __tablename__ = "result"
    __table_args__ = (
        sa.CheckConstraint("length(description) >= 1", name="description_nonempty"),
        sa.CheckConstraint("priority BETWEEN 1 AND 3", name="priority_range"),
    )

    id: int | None = Field(default=None, primary_key=True)
    goal_id: int = Field(foreign_key="goal.id", index=True, ondelete="CASCADE")
    description: str
    indicator: str | None = None
    target_date: date | None = None
    contributors: str | None = Field(default=None, max_length=200)
    priority: int = 2
    position: int = 0
