"""Portable date arithmetic for report queries: SQLite and PostgreSQL spell it differently.

`days(a, b)` is b - a in whole days; `earliest`/`latest` are the scalar min/max of dates; `month_key(d)` is
year*100+month. Each compiles to the dialect's own function, so the aggregation stays in the database.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement


class days(FunctionElement[int]):  # noqa: N801  (reads like a SQL function)
    type = sa.Integer()
    inherit_cache = True


class earliest(FunctionElement[Any]):  # noqa: N801
    type = sa.Date()
    inherit_cache = True


class latest(FunctionElement[Any]):  # noqa: N801
    type = sa.Date()
    inherit_cache = True


@compiles(days)
def _days_default(element: days, compiler: Any, **kw: Any) -> str:
    first, last = list(element.clauses)
    return f"({compiler.process(last, **kw)} - {compiler.process(first, **kw)})"


@compiles(days, "sqlite")
def _days_sqlite(element: days, compiler: Any, **kw: Any) -> str:
    first, last = list(element.clauses)
    return (f"CAST(julianday({compiler.process(last, **kw)}) - julianday({compiler.process(first, **kw)})"
            " AS INTEGER)")


@compiles(earliest)
def _earliest_default(element: earliest, compiler: Any, **kw: Any) -> str:
    return f"least({compiler.process(element.clauses, **kw)})"


@compiles(earliest, "sqlite")
def _earliest_sqlite(element: earliest, compiler: Any, **kw: Any) -> str:
    return f"min({compiler.process(element.clauses, **kw)})"


@compiles(latest)
def _latest_default(element: latest, compiler: Any, **kw: Any) -> str:
    return f"greatest({compiler.process(element.clauses, **kw)})"


@compiles(latest, "sqlite")
def _latest_sqlite(element: latest, compiler: Any, **kw: Any) -> str:
    return f"max({compiler.process(element.clauses, **kw)})"


def month_key(column: Any) -> Any:
    """year*100 + month of a date column (202611 for November 2026)."""
    return sa.cast(sa.extract("year", column) * 100 + sa.extract("month", column), sa.Integer)
