"""A hint for SQLite's planner, which has no statistics to choose an index by.

`unindexed(column)` compiles to `coalesce(c, c)` on SQLite: the same value, but no index can be read by it, so
the planner takes the index the query is meant to walk (one consulent's cases, one search arm's range) instead
of a team-wide one it merely guesses is as good. PostgreSQL plans by its statistics and gets the column itself.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement


class _Unindexed(FunctionElement[Any]):
    name = "unindexed"
    inherit_cache = True


def unindexed(column: Any) -> Any:
    element = _Unindexed(column)
    element.type = column.type  # compares and converts as the column does
    return element


@compiles(_Unindexed)
def _unindexed_default(element: _Unindexed, compiler: Any, **kw: Any) -> str:
    return str(compiler.process(element.clauses, **kw))


@compiles(_Unindexed, "sqlite")
def _unindexed_sqlite(element: _Unindexed, compiler: Any, **kw: Any) -> str:
    column = compiler.process(element.clauses, **kw)
    return f"coalesce({column}, {column})"
