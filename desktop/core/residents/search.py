"""Finding residents as people search: a surname, BSN or postcode prefix on indexed columns, a page at
a time."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, or_, tuple_
from sqlmodel import select

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


def _prefix(column, key: str):
    return (column >= key) & (column < _next_prefix(key))


def _strip_name_prefix(text: str) -> str:
    lowered = text.casefold().strip()
    for p in NAME_PREFIXES:
        if lowered.startswith(p + " ") and len(lowered) > len(p) + 1:
            return text.strip()[len(p) + 1:]
    return text


def search_condition(query: str):
    """Surname prefix, BSN prefix or postcode prefix, decided by what was typed."""
    text = (query or "").strip()
    if not text:
        return None
    compact = re.sub(r"[\s.]", "", text)
    conditions = []
    if compact.isdigit():
        if len(compact) <= 9:
            conditions.append(_prefix(Resident.bsn, compact))
        if len(compact) <= 4 and compact[0] != "0":
            conditions.append(_prefix(Resident.postcode, compact))
    elif re.match(r"^[1-9][0-9]{3}[A-Za-z]{1,2}$", compact):
        conditions.append(_prefix(Resident.postcode, compact.upper()))
    else:
        key = search_key(_strip_name_prefix(text))
        if key:
            conditions.append(_prefix(Resident.search_name, key))
    if not conditions:
        return Resident.id < 0  # typed only punctuation: nothing matches
    return or_(*conditions) if len(conditions) > 1 else conditions[0]


_ROW_COLUMNS = (Resident.id, Resident.client_number, Resident.surname, Resident.initials, Resident.prefix,
                Resident.bsn, Resident.date_of_birth, Resident.street, Resident.house_number,
                Resident.house_number_suffix, Resident.postcode, Resident.city, Resident.search_name)


def search_residents(db: Database, actor: Actor, query: str = "", *, limit: int = 200,
                     after: tuple[str, int] | None = None) -> list[ResidentRow]:
    """One page of matching residents in list order; pass the last row's sort_key as `after` for the next.

    Not logged per keystroke: the list logs a search once it settles (audit.search_record).
    """
    audit.require(db, actor, Action.RESIDENT_SEARCH)
    stmt = select(*_ROW_COLUMNS)
    condition = search_condition(query)
    if condition is not None:
        stmt = stmt.where(condition)
    if after is not None:
        stmt = stmt.where(tuple_(Resident.search_name, Resident.id) > tuple_(*after))
    stmt = stmt.order_by(Resident.search_name, Resident.id).limit(limit)
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
