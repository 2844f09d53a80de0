"""The filters every report takes, and the SQL conditions they become on decisions and their casus."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlmodel import col

from db import clock
from db.models import Beschikking, Casus
from db.models.enums import Complexity, IndicationCategory, Law
from desktop.core.decisions.rules import REPORTED
from desktop.core.errors import ValidationError

MAX_SPAN_DAYS = 366 * 10
REPORTED_STATUSES = tuple(sorted(REPORTED))  # see decisions.rules.REPORTED


@dataclass(frozen=True)
class ReportFilter:
    """What a report covers. Dates bound the service dates (and the parts of terms) counted; `as_of` is 'today'
    for the report (the point of each term, the year's pace); `group` is the report's own 'per ...' choice."""

    date_from: date | None = None  # default: 1 January of the as_of year
    date_to: date | None = None  # default: as_of
    law: Law | None = None
    aanbieder_id: int | None = None
    product_id: int | None = None
    complexity: Complexity | None = None
    category: IndicationCategory | None = None
    consulent_id: int | None = None
    group: str | None = None
    as_of: date | None = None  # default: today

    def resolved(self) -> ReportFilter:
        """Defaults filled in and checked: a report never runs on an open or reversed span."""
        today = self.as_of or clock.today()
        start = self.date_from or date(today.year, 1, 1)
        end = self.date_to or max(today, start)
        if end < start:
            raise ValidationError("De einddatum ligt vóór de begindatum. Kies een einddatum op of na "
                                  f"{start.day}-{start.month}-{start.year}.", field="date_to")
        if (end - start).days > MAX_SPAN_DAYS:
            raise ValidationError("Kies een periode van hoogstens tien jaar.", field="date_from")
        return replace(self, date_from=start, date_to=end, as_of=today)

    @property
    def start(self) -> date:
        assert self.date_from is not None, "call resolved() first"
        return self.date_from

    @property
    def end(self) -> date:
        assert self.date_to is not None, "call resolved() first"
        return self.date_to

    @property
    def today(self) -> date:
        assert self.as_of is not None, "call resolved() first"
        return self.as_of


def effective_end() -> Any:
    """The last day a decision was in force: the day it ended, or the end of its term."""
    return sa.func.coalesce(col(Beschikking.ended_date), col(Beschikking.end_date))


def decision_conditions(f: ReportFilter, *, overlapping: bool = True) -> list[Any]:
    """Conditions on Beschikking (and Casus, which the query must join) for the filters; with `overlapping`, only
    decisions whose term touches the span."""
    conditions: list[Any] = [col(Beschikking.status).in_(REPORTED_STATUSES)]
    if overlapping:
        conditions += [col(Beschikking.start_date) <= f.end, effective_end() >= f.start]
    if f.law is not None:
        conditions.append(col(Beschikking.law) == f.law)
    if f.aanbieder_id is not None:
        conditions.append(col(Beschikking.aanbieder_id) == f.aanbieder_id)
    if f.product_id is not None:
        conditions.append(col(Beschikking.product_id) == f.product_id)
    if f.complexity is not None:
        conditions.append(col(Beschikking.complexity) == f.complexity)
    if f.category is not None:
        conditions.append(col(Beschikking.category) == f.category)
    if f.consulent_id is not None:
        conditions.append(col(Casus.consulent_id) == f.consulent_id)
    return conditions


def needs_casus(f: ReportFilter) -> bool:
    return f.consulent_id is not None
