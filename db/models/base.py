"""Shared declarations for all models: naming convention and column helpers.

The naming convention must be set on SQLModel.metadata before any model is
declared, or Alembic cannot alter constraints later (SQLite batch mode needs names).
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any, cast

import sqlalchemy as sa
from sqlmodel import Field
from sqlmodel import SQLModel as SQLModel  # re-exported: db.models imports it from here

from db import clock
from db.types import UTCDateTime

SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def enum_column(enum_cls: type[enum.Enum], *, nullable: bool = False, index: bool = False,
                primary_key: bool = False, default: enum.Enum | None = None) -> sa.Column[Any]:
    """A string column limited to the enum's values by a CHECK constraint (portable, no native enum)."""
    length = max(len(m.value) for m in enum_cls)
    return sa.Column(
        sa.Enum(enum_cls, native_enum=False, create_constraint=True, length=length,
                name=_snake(enum_cls.__name__), values_callable=lambda e: [m.value for m in e],
                validate_strings=True),
        nullable=nullable, index=index, primary_key=primary_key, default=default,
    )


def _snake(name: str) -> str:
    out = []
    for i, ch in enumerate(name):
        if ch.isupper() and i:
            out.append("_")
        out.append(ch.lower())
    return "".join(out)


def table(model: type[SQLModel]) -> sa.Table:
    """A table model's Core table, typed (SQLModel's stubs do not declare __table__)."""
    return cast(sa.Table, model.__table__)  # type: ignore[attr-defined]  # set by SQLModel, no stub


def stored_id(value: int | None) -> int:
    """The id of a row read from the database or flushed, typed as the int it then always is."""
    assert value is not None  # only an object never flushed has no id
    return value


def created_at_field() -> datetime:
    return cast(datetime, Field(default_factory=clock.now, sa_type=UTCDateTime, nullable=False))
