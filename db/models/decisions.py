from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from db.models.base import created_at_field, enum_column
from db.models.enums import Complexity, DecisionKind, DecisionStatus, FinancingForm, IndicationCategory, Law
from db.types import UTCDateTime

_beschikking_version = sa.Column("version", sa.Integer, nullable=False)


class Beschikking(SQLModel, table=True):
    """A decision on an application, based on one agreed plan version.

    Hours are integer minutes, money integer cents (see db.units). `law` is repeated
    from the case so the toewijzingnummer can be unique within its law, as iWmo requires.
    """

    __tablename__ = "beschikking"
    __table_args__ = (
        sa.UniqueConstraint("law", "toewijzing_nummer"),
        sa.CheckConstraint("end_date >= start_date", name="end_after_start"),
        sa.CheckConstraint("period_weeks >= 1 AND period_count >= 1", name="periods_positive"),
        sa.CheckConstraint("indicated_minutes >= 0 AND surplus_minutes >= 0", name="minutes_nonneg"),
        sa.CheckConstraint("minutes_per_period IS NULL OR minutes_per_period >= 0", name="per_period_nonneg"),
        sa.CheckConstraint("tariff_cents >= 0", name="tariff_nonneg"),
        sa.CheckConstraint("fixed_amount_cents IS NULL OR fixed_amount_cents >= 0", name="fixed_nonneg"),
        sa.CheckConstraint(
            "bandwidth_min_minutes IS NULL OR bandwidth_max_minutes IS NULL"
            " OR bandwidth_min_minutes <= bandwidth_max_minutes",
            name="bandwidth_order",
        ),
        sa.CheckConstraint("bandwidth_min_minutes IS NULL OR bandwidth_min_minutes >= 0", name="bandwidth_nonneg"),
        sa.CheckConstraint("ended_date IS NULL OR ended_date >= start_date", name="ended_after_start"),
        sa.Index("ix_beschikking_status_end_date", "status", "end_date"),
        sa.Index("ix_beschikking_casus_established", "casus_id", "established_date"),  # deadlines
        sa.Index("ix_beschikking_casus_start", "casus_id", "start_date", "status"),  # deadlines
        # deadlines: unsent letters and expiring decisions, covering what the lists read
        sa.Index("ix_beschikking_unsent", "status", "sent_date", "established_date", "casus_id", "law",
                 "aanbieder_id"),
        sa.Index("ix_beschikking_active_end", "status", "end_date", "casus_id", "start_date", "law",
                 "aanbieder_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    casus_id: int = Field(foreign_key="casus.id", index=True, ondelete="CASCADE")
    plan_id: int | None = Field(default=None, foreign_key="plan.id", index=True, ondelete="RESTRICT")
    law: Law = Field(sa_column=enum_column(Law))
    toewijzing_nummer: str = Field(max_length=20)
    kind: DecisionKind = Field(sa_column=enum_column(DecisionKind, default=DecisionKind.TOEKENNING))
    status: DecisionStatus = Field(sa_column=enum_column(DecisionStatus, default=DecisionStatus.CONCEPT))
    product_id: int | None = Field(default=None, foreign_key="product.id", index=True, ondelete="RESTRICT")
    aanbieder_id: int | None = Field(default=None, foreign_key="aanbieder.id", index=True, ondelete="RESTRICT")
    complexity: Complexity = Field(sa_column=enum_column(Complexity))
    category: IndicationCategory = Field(sa_column=enum_column(IndicationCategory))
    financing_form: FinancingForm = Field(sa_column=enum_column(FinancingForm))
    period_weeks: int = 4
    period_count: int = 1
    minutes_per_period: int | None = None
    indicated_minutes: int = 0
    surplus_minutes: int = 0
    bandwidth_min_minutes: int | None = None  # per week
    bandwidth_max_minutes: int | None = None  # per week
    no_show_counts: bool = True
    tariff_cents: int = 0  # per hour
    fixed_amount_cents: int | None = None  # per month or per trajectory (result financing)
    start_date: date
    end_date: date
    motivation: str | None = None
    established_date: date | None = None
    sent_date: date | None = None
    replaces_id: int | None = Field(default=None, foreign_key="beschikking.id", index=True, ondelete="RESTRICT")
    change_reason_code: str | None = Field(default=None, max_length=2)
    change_effective_date: date | None = None
    end_reason_code: str | None = Field(default=None, max_length=2)
    ended_date: date | None = None
    created_by_id: int | None = Field(default=None, foreign_key="app_user.id", ondelete="SET NULL", index=True)
    created_at: datetime = created_at_field()
    version: int = Field(default=1, sa_column=_beschikking_version)
    # Came in with `koers import`: what was sent to the aanbieder before is the other system's; Koers sends a
    # WMO301 only for a change it logs after this moment (desktop/core/iwmo/assignments.find_pending).
    imported_at: datetime | None = Field(default=None, sa_type=UTCDateTime)

    __mapper_args__ = {"version_id_col": _beschikking_version}

    @property
    def ceiling_minutes(self) -> int:
        """The most that may ever be realised on this decision: the indicated total plus the surplus. The ledger,
        the import, a wijziging and the database trigger all hold to it; `ceiling_sql` is the same in SQL."""
        return self.indicated_minutes + self.surplus_minutes


def ceiling_sql(alias: str = "beschikking") -> str:
    """Beschikking.ceiling_minutes as an SQL expression on a table alias (for raw checks and reports)."""
    return f"({alias}.indicated_minutes + {alias}.surplus_minutes)"


class BeschikkingResult(SQLModel, table=True):
    """Which plan results a decision serves."""

    __tablename__ = "beschikking_result"

    beschikking_id: int = Field(foreign_key="beschikking.id", primary_key=True, ondelete="CASCADE")
    result_id: int = Field(foreign_key="result.id", primary_key=True, index=True, ondelete="RESTRICT")


class Period(SQLModel, table=True):
    """The municipality's monitoring calendar of a decision (e.g. 7 periods of 4 weeks)."""

    __tablename__ = "period"
    __table_args__ = (
        sa.UniqueConstraint("beschikking_id", "number"),
        sa.CheckConstraint("end_date >= start_date", name="end_after_start"),
        sa.CheckConstraint("share_minutes >= 0", name="share_nonneg"),
        sa.CheckConstraint("number >= 1", name="number_positive"),
    )

    id: int | None = Field(default=None, primary_key=True)
    beschikking_id: int = Field(foreign_key="beschikking.id", index=True, ondelete="CASCADE")
    number: int
    start_date: date
    end_date: date
    share_minutes: int = 0


class DecisionMonth(SQLModel, table=True):
    """One decision in one calendar month: what was indicated (its periods' shares, pro rata by days, within the
    term it was in force) and what was realised (counted against it, as a provider invoices per month).

    Derived, never typed: kept by desktop/core/decisions/months.py in the same transaction as every change to a
    decision, its periods or its hours, and checked against a full recount by `koers check`. The decision's
    dimensions are copied so the reports aggregate over one narrow index instead of joining a million rows.
    """

    __tablename__ = "decision_month"
    __table_args__ = (
        sa.Index("ix_decision_month_report", "month", "aanbieder_id", "product_id", "complexity", "category", "law",
                 "financing_form", "indicated_minutes", "indicated_cents", "counted_minutes", "no_show_minutes",
                 "realised_cents", "lines", "starts", "open_until", "cum_indicated_minutes", "cum_counted_minutes"),
        sa.Index("ix_decision_month_people", "month", "starts", "aanbieder_id", "resident_id", "continues",
                 "start_date", "law", "product_id", "complexity", "category"),
    )

    beschikking_id: int = Field(foreign_key="beschikking.id", primary_key=True, ondelete="CASCADE")
    month: int = Field(primary_key=True)  # year * 100 + month: 202611
    law: Law = Field(sa_column=enum_column(Law))
    aanbieder_id: int | None = None  # no FK: copied from the decision, which holds the FK
    product_id: int | None = None
    complexity: Complexity = Field(sa_column=enum_column(Complexity))
    category: IndicationCategory = Field(sa_column=enum_column(IndicationCategory))
    financing_form: FinancingForm = Field(sa_column=enum_column(FinancingForm))
    indicated_minutes: int = 0
    indicated_cents: int = 0
    counted_minutes: int = 0  # realised minutes that count against the decision
    no_show_minutes: int = 0  # of which no-shows (and no-shows that do not count)
    realised_cents: int = 0  # counted minutes times the tariff (hour-based financing only)
    lines: int = 0
    starts: int = 0  # 1 in the decision's first month: with the rows of one month, counts decisions over a span
    # the last day of a running (vastgesteld or verzonden) decision, copied; None once it no longer runs
    open_until: date | None = None
    # up to and including this month: where a decision stands at any point of its term, read from one row
    cum_indicated_minutes: int = 0
    cum_counted_minutes: int = 0
    # for counting people and trajectories: the casus's resident (copied, no FK), the decision's first day, and
    # whether it continues the decision it replaces (same aanbieder and product: a wijziging, not a new trajectory)
    resident_id: int | None = None
    start_date: date
    continues: bool = False


class MonthTotal(SQLModel, table=True):
    """decision_month added up over all decisions that share a month, law, aanbieder, product, level, category and
    financing form: a few thousand rows a region's reports sum in milliseconds. Kept by the same hook, by adding the
    difference of every refreshed decision; `koers check` compares it with the sum of decision_month."""

    __tablename__ = "month_total"

    month: int = Field(primary_key=True)
    law: Law = Field(sa_column=enum_column(Law, primary_key=True))
    aanbieder_id: int = Field(primary_key=True)  # 0: no aanbieder (a key column cannot hold NULL)
    product_id: int = Field(primary_key=True)  # 0: no product
    complexity: Complexity = Field(sa_column=enum_column(Complexity, primary_key=True))
    category: IndicationCategory = Field(sa_column=enum_column(IndicationCategory, primary_key=True))
    financing_form: FinancingForm = Field(sa_column=enum_column(FinancingForm, primary_key=True))
    decisions: int = 0  # decisions in force (or with hours) in this month
    indicated_minutes: int = 0
    indicated_cents: int = 0
    counted_minutes: int = 0
    no_show_minutes: int = 0
    realised_cents: int = 0
    lines: int = 0
    starts: int = 0  # decisions whose first month this is


class DecisionPeriod(SQLModel, table=True):
    """One period of a decision as the reports count it: its share (within the term the decision was in force)
    and the hours realised inside it. Kept with decision_month by the same hook; periods do not follow months,
    so 'per period' needs its own summary to stay fast."""

    __tablename__ = "decision_period"
    __table_args__ = (
        sa.Index("ix_decision_period_report", "start_month", "number", "aanbieder_id", "product_id", "complexity",
                 "category", "law", "share_minutes", "counted_minutes", "no_show_minutes", "indicated_cents",
                 "realised_cents"),
    )

    beschikking_id: int = Field(foreign_key="beschikking.id", primary_key=True, ondelete="CASCADE")
    number: int = Field(primary_key=True)
    start_month: int  # year * 100 + month of the period's first day
    law: Law = Field(sa_column=enum_column(Law))
    aanbieder_id: int | None = None
    product_id: int | None = None
    complexity: Complexity = Field(sa_column=enum_column(Complexity))
    category: IndicationCategory = Field(sa_column=enum_column(IndicationCategory))
    share_minutes: int = 0
    counted_minutes: int = 0
    no_show_minutes: int = 0
    indicated_cents: int = 0
    realised_cents: int = 0
