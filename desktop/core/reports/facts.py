"""The figures behind every money report: sums over the monthly summary (decision_month), filtered and grouped in
SQL. A report's span counts whole calendar months, as providers invoice per month."""

from __future__ import annotations

import calendar
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from db.models import Aanbieder, Beschikking, Casus, DecisionMonth, MonthTotal, Product, User
from db.models.base import table
from db.models.enums import FinancingForm
from desktop.core.decisions.months import month_of
from desktop.core.labels import CATEGORY, COMPLEXITY, LAW
from desktop.core.nl import MONTHS
from desktop.core.reports.filters import ReportFilter

M = table(DecisionMonth).c
T = table(MonthTotal).c
COLUMN = {"aanbieder": "aanbieder_id", "product": "product_id", "niveau": "complexity", "categorie": "category",
          "wet": "law", "maand": "month", "beschikking": "beschikking_id"}
MEASURES = ("indicated_minutes", "indicated_cents", "counted_minutes", "no_show_minutes", "lines")  # as in Fact


@dataclass(frozen=True)
class Fact:
    key: tuple[Any, ...]
    decisions: int  # decisions in force in the span (per month: in that month)
    indicated_minutes: int
    indicated_cents: int
    counted_minutes: int
    no_show_minutes: int
    lines: int
    realised_cents: int


def months_between(f: ReportFilter) -> tuple[int, int]:
    return month_of(f.start), month_of(f.end)


def first_day(f: ReportFilter) -> date:
    return f.start.replace(day=1)


def last_day(f: ReportFilter) -> date:
    return f.end.replace(day=calendar.monthrange(f.end.year, f.end.month)[1])


def _source(f: ReportFilter, by: tuple[str, ...]) -> Any:
    """month_total where it answers the question (a few thousand rows); decision_month for one consulent's
    decisions or per decision."""
    return M if f.consulent_id is not None or "beschikking" in by else T


def conditions(f: ReportFilter, src: Any, *, first: int | None = None, last: int | None = None) -> list[Any]:
    """The filters on the summary; months [first, last] default to the report's span."""
    span = months_between(f)
    found: list[Any] = [src.month.between(span[0] if first is None else first, span[1] if last is None else last)]
    for value, name in ((f.law, "law"), (f.aanbieder_id, "aanbieder_id"), (f.product_id, "product_id"),
                        (f.complexity, "complexity"), (f.category, "category")):
        if value is not None:
            found.append(src[name] == value)
    if f.consulent_id is not None:
        b, c = table(Beschikking).c, table(Casus).c
        found.append(src.beschikking_id.in_(sa.select(b.id).join(table(Casus), c.id == b.casus_id)
                                            .where(c.consulent_id == f.consulent_id)))
    return found


def realised_money(f: ReportFilter, src: Any) -> Any:
    """Hour-based decisions: realised hours times tariff; a fixed amount counts as realised for every month up to
    the report's 'today' that the decision was in force."""
    return sa.case((sa.and_(src.financing_form != FinancingForm.UREN_X_TARIEF.value, src.month <= month_of(f.today)),
                    src.indicated_cents), else_=src.realised_cents)


def _key(src: Any, name: str) -> Any:
    column = src[COLUMN[name]]
    if src is T and name in ("aanbieder", "product"):
        return sa.func.nullif(column, 0)  # month_total keeps 'none' as 0
    return column


def facts(connection: Connection, f: ReportFilter, by: tuple[str, ...], *, first: int | None = None,
          last: int | None = None) -> list[Fact]:
    """Sums per group over the months [first, last] (default: the span). `decisions` counts the decisions in
    force: those of the first month, plus those whose first month falls later in the span (a decision's months
    are consecutive, so none is counted twice)."""
    src = _source(f, by)
    dims = [_key(src, name) for name in by]
    opening = months_between(f)[0] if first is None else first
    if "maand" in by:
        counted = sa.func.sum(src.decisions) if src is T else sa.func.count()
    else:
        counted = sa.func.sum(sa.case((src.month == opening, src.decisions if src is T else 1), else_=src.starts))
    stmt = (sa.select(*dims, counted, *(sa.func.sum(src[name]) for name in MEASURES),
                      sa.func.sum(realised_money(f, src)))
            .where(*conditions(f, src, first=first, last=last)).group_by(*dims))
    n = len(dims)
    return [Fact(tuple(row[:n]), *(int(v or 0) for v in row[n:])) for row in connection.execute(stmt)]


def aanbieder_names(connection: Connection) -> dict[Any, str]:
    a = table(Aanbieder).c
    names: dict[Any, str] = {row.id: row.name for row in connection.execute(sa.select(a.id, a.name))}
    names[None] = "(geen aanbieder)"
    return names


def product_names(connection: Connection) -> dict[Any, str]:
    p = table(Product).c
    names: dict[Any, str] = {row.id: f"{row.code} {row.name}" for row in
                             connection.execute(sa.select(p.id, p.code, p.name))}
    names[None] = "(geen product)"
    return names


def user_names(connection: Connection) -> dict[Any, str]:
    u = table(User).c
    return {row.id: row.display_name for row in connection.execute(sa.select(u.id, u.display_name))}


def month_label(key: int) -> str:
    return f"{MONTHS[key % 100 - 1]} {key // 100}"


def month_start(key: int) -> date:
    return date(key // 100, key % 100, 1)


def group_labels(connection: Connection, group: str, other: Callable[[Any], str] = str) -> Callable[[Any], str]:
    """How a report names the value of a 'per ...' group: the aanbieder's or product's name, the level, category or
    law in words; `other` for the groups a report names itself (a month, a period)."""
    if group == "aanbieder":
        return aanbieder_names(connection).__getitem__
    if group == "product":
        return product_names(connection).__getitem__
    if group == "niveau":
        return lambda v: COMPLEXITY[v]
    if group == "categorie":
        return lambda v: CATEGORY[v]
    if group == "wet":
        return lambda v: LAW[v]
    return other
