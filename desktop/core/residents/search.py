"""Finding residents as people search: a surname, BSN or postcode prefix on indexed columns, a page at
a time."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import ColumnElement, func, or_, tuple_
from sqlalchemy.orm import Mapped
from sqlmodel import col, select

from db.engine import Database
from db.models import Resident
from desktop.core.access import audit
from desktop.core.access.actor import Actor
from desktop.core.access.permissions import Action
from desktop.core.residents.names import NAME_PREFIXES, address_line, display_name
from desktop.core.text import search_key


@dataclass(frozen=True)
class ResidentRow:
    """One line of the resident list: plain values, safe to hand to any thread."""

    id: int
    client_number: str
    display_name: str
    bsn: str | None
    date_of_birth: date
    address: str
    postcode: str
    city: str
    sort_key: tuple[str, int] = field(compare=False)


def _next_prefix(key: str) -> str:
    return key[:-1] + chr(ord(key[-1]) + 1)


def _prefix(column: Mapped[str | None], key: str) -> ColumnElement[bool]:
    return (column >= key) & (column < _next_prefix(key))


def _strip_name_prefix(text: str) -> str:
    lowered = text.casefold().strip()
    for p in NAME_PREFIXES:
        if lowered.startswith(p + " ") and len(lowered) > len(p) + 1:
            return text.strip()[len(p) + 1:]
    return text


def search_condition(query: str) -> ColumnElement[bool] | None:
    """Surname prefix, BSN prefix or postcode prefix, decided by what was typed."""
    text = (query or "").strip()
    if not text:
        return None
    compact = re.sub(r"[\s.]", "", text)
    conditions: list[ColumnElement[bool]] = []
    if compact.isdigit():
        if len(compact) <= 9:
            conditions.append(_prefix(col(Resident.bsn), compact))
        if len(compact) <= 4 and compact[0] != "0":
            conditions.append(_prefix(col(Resident.postcode), compact))
    elif re.match(r"^[1-9][0-9]{3}[A-Za-z]{1,2}$", compact):
        conditions.append(_prefix(col(Resident.postcode), compact.upper()))
    else:
        key = search_key(_strip_name_prefix(text))
        if key:
            conditions.append(_prefix(col(Resident.search_name), key))
    if not conditions:
        return col(Resident.id) < 0  # typed only punctuation: nothing matches
    return or_(*conditions) if len(conditions) > 1 else conditions[0]


_ROW_COLUMNS = (col(Resident.id), col(Resident.client_number), col(Resident.surname), col(Resident.initials),
                col(Resident.prefix), col(Resident.bsn), col(Resident.date_of_birth), col(Resident.street),
                col(Resident.house_number), col(Resident.house_number_suffix), col(Resident.postcode),
                col(Resident.city), col(Resident.search_name))


def search_residents(db: Database, actor: Actor, query: str = "", *, limit: int = 200,
                     after: tuple[str, int] | None = None) -> list[ResidentRow]:
    """One page of matching residents in list order; pass the last row's sort_key as `after` for the next.

    Not logged per keystroke: the list logs a search once it settles (audit.search_record).
    """
    audit.require(db, actor, Action.RESIDENT_SEARCH)
    stmt = select(*_ROW_COLUMNS)  # type: ignore[call-overload]  # sqlmodel types select() up to 4 columns
    condition = search_condition(query)
    if condition is not None:
        stmt = stmt.where(condition)
    if after is not None:
        stmt = stmt.where(tuple_(col(Resident.search_name), col(Resident.id)) > tuple_(*after))
    stmt = stmt.order_by(col(Resident.search_name), col(Resident.id)).limit(limit)
    with db.read() as session:
        rows = session.exec(stmt).all()
    return [ResidentRow(
        id=r.id, client_number=r.client_number, display_name=display_name(r.surname, r.initials, r.prefix),
        bsn=r.bsn, date_of_birth=r.date_of_birth,
        address=address_line(r.street, r.house_number, r.house_number_suffix),
        postcode=r.postcode or "", city=r.city or "", sort_key=(r.search_name, r.id)) for r in rows]


def resident_count(db: Database) -> int:
    """How many residents the database holds: a technical figure (first start, demo), no personal data."""
    with db.read() as session:
        return session.exec(select(func.count()).select_from(Resident)).one()


def count_residents(db: Database, actor: Actor, query: str = "", *, cap: int = 100_000) -> int:
    """How many match, counted up to `cap` so a count never costs more than a page of the list."""
    audit.require(db, actor, Action.RESIDENT_SEARCH)
    inner = select(Resident.id)
    condition = search_condition(query)
    if condition is not None:
        inner = inner.where(condition)
    with db.read() as session:
        return session.exec(select(func.count()).select_from(inner.limit(cap).subquery())).one()
