from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from db.models.base import created_at_field, enum_column
from db.models.enums import EvaluationOutcome, LifeDomain, ResultStatus


class Evaluation(SQLModel, table=True):
    """A planned evaluation moment; done when it has a done_date and an outcome."""

    __tablename__ = "evaluation"
    __table_args__ = (
        sa.CheckConstraint("(done_date IS NULL) = (outcome IS NULL)", name="done_has_outcome"),
        sa.CheckConstraint("next_date IS NULL OR next_date > planned_date", name="next_after_planned"),
        sa.Index("ix_evaluation_open_planned", "done_date", "planned_date"),
        sa.Index("ix_evaluation_open_casus", "done_date", "planned_date", "casus_id", "beschikking_id"),  # deadlines
    )

    id: int | None = Field(default=None, primary_key=True)
    casus_id: int = Field(foreign_key="casus.id", index=True, ondelete="CASCADE")
    beschikking_id: int | None = Field(default=None, foreign_key="beschikking.id", index=True, ondelete="CASCADE")
    planned_date: date
    done_date: date | None = None
    outcome: EvaluationOutcome | None = Field(sa_column=enum_column(EvaluationOutcome, nullable=True))
    summary: str | None = None
    next_date: date | None = None
    done_by_id: int | None = Field(default=None, foreign_key="app_user.id", ondelete="SET NULL", index=True)
    created_at: datetime = created_at_field()


class EvaluationResult(SQLModel, table=True):
    __tablename__ = "evaluation_result"

    evaluation_id: int = Field(foreign_key="evaluation.id", primary_key=True, ondelete="CASCADE")
    result_id: int = Field(foreign_key="result.id", primary_key=True, index=True, ondelete="RESTRICT")
    status: ResultStatus = Field(sa_column=enum_column(ResultStatus))
    account: str | None = None


class EvaluationDomainScore(SQLModel, table=True):
    __tablename__ = "evaluation_domain_score"
    __table_args__ = (sa.CheckConstraint("score BETWEEN 1 AND 5", name="score_range"),)

    evaluation_id: int = Field(foreign_key="evaluation.id", primary_key=True, ondelete="CASCADE")
    domain: LifeDomain = Field(sa_column=enum_column(LifeDomain, primary_key=True))
    score: int
