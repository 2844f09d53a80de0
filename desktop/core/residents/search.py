"""Finding residents as people search: a surname (or the second part of a double surname), a first name or
initial with it, a street with or without house number, a cliëntnummer, a BSN or a postcode, each a prefix on
an indexed column, a page at a time."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, tuple_
from sqlalchemy.orm import Mapped
from sqlmodel import col, select

from db.engine import Database
from db.models import Resident, User
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
    first_name: str | None = None
    consulent_id: int | None = None
    consulent: str = ""  # the vaste consulent's display name; empty when there is none


_CLIENT_NUMBER = re.compile(r"^[Kk](\d{1,7})$")
_POSTCODE = re.compile(r"^[1-9][0-9]{3}[A-Za-z]{1,2}$")
# 'Dorpsstraat 12', 'Dorpsstr. 12a', 'Van Goghlaan 3-2': a street, then a house number (any suffix is ignored).
_STREET_NUMBER = re.compile(r"^(?P<street>.*[^\W\d_].*?)[\s.]+(?P<number>\d{1,5})(?:\s*-?\s*[0-9A-Za-z]{1,4})?$")
# One or more initials as people type them: 'A', 'A.', 'A.B.', 'a.b', 'Th.'.
_INITIALS = re.compile(r"^(?:[^\W\d_](?:[a-z]?\.)?)+$|^[^\W\d_]$")


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


def _strip_trailing_prefix(text: str) -> str:
    """'J. de' (the list's own order) -> 'J.'."""
    lowered = text.casefold().strip()
    for p in NAME_PREFIXES:
        if lowered.endswith(" " + p) and len(lowered) > len(p) + 1:
            return text.strip()[:-len(p) - 1]
    return text


def _surnames(text: str) -> list[ColumnElement[bool]]:
    """A surname prefix: of the whole surname, or of the part after the hyphen ('Pelgrom' in 'Jansen-Pelgrom')."""
    key = search_key(_strip_name_prefix(text))
    if not key:
        return []
    return [_prefix(col(Resident.search_name), key), _prefix(col(Resident.search_alt), key)]


def _surname(text: str) -> ColumnElement[bool] | None:
    parts = _surnames(text)
    return or_(*parts) if parts else None


def _is_initials(token: str) -> bool:
    return bool(_INITIALS.match(token)) and (len(token) == 1 or "." in token)


def _initials(text: str) -> str:
    """'a.b' -> 'A.B.', 'Th' -> 'Th.': as register.initials_of stores them."""
    parts = [p for p in text.replace(" ", "").split(".") if p]
    return "".join(f"{p[0].upper()}{p[1:]}." for p in parts)


def _first(text: str) -> ColumnElement[bool] | None:
    """A first name prefix, or initials: 'A.' matches initials starting A. and first names starting with A."""
    text = _strip_trailing_prefix(text).strip()
    if not text:
        return None
    if all(_is_initials(t) for t in text.split()):
        initials = _initials(text)
        stored = (col(Resident.initials) >= initials) & (col(Resident.initials) < _next_prefix(initials))
        if len(initials) == 2:  # one initial: the first name may start with it too ('A. Pelgrom' -> Anna)
            return or_(stored, _prefix(col(Resident.search_first), search_key(initials)))
        return stored
    key = search_key(text)
    return _prefix(col(Resident.search_first), key) if key else None


def _both(first: ColumnElement[bool] | None, surnames: list[ColumnElement[bool]]) -> ColumnElement[bool] | None:
    """A first name (or initials) with a surname: one 'surname range AND first name' term per surname column, so
    each term of the OR still starts with an index range (SQLite's OR-by-union; an AND of two ORs would scan)."""
    if first is None or not surnames:
        return None
    return or_(*(and_(surname, first) for surname in surnames))


def _name_conditions(text: str) -> list[ColumnElement[bool] | None]:
    if "," in text:  # 'Pelgrom, A' and 'Pelgrom, Anna': the list's own order
        surname, first = (part.strip() for part in text.split(",", 1))
        return [_both(_first(first), _surnames(surname)) if first else _surname(surname)]
    conditions = [_surname(text)]  # 'Pelgrom', 'van Dam', 'Jansen Pelgrom'
    tokens = text.split()
    if len(tokens) > 1:
        lead = 0
        while lead < len(tokens) - 1 and _is_initials(tokens[lead]):
            lead += 1
        lead = lead or 1
        # 'Anna Pelgrom', 'A. Pelgrom', 'A.B. van Dam': the first name or initials, then the surname
        conditions.append(_both(_first(" ".join(tokens[:lead])), _surnames(" ".join(tokens[lead:]))))
        if len(tokens) == 2:  # 'Pelgrom Anna', 'Pelgrom A'
            conditions.append(_both(_first(tokens[1]), _surnames(tokens[0])))
    key = search_key(text)
    if key:
        if len(tokens) == 1:  # one word: a first name as well ('Anna')
            conditions.append(_prefix(col(Resident.search_first), key))
        conditions.append(_prefix(col(Resident.search_street), key))  # 'Dorpsstr', 'Van Goghlaan'
    return conditions


def search_condition(query: str) -> ColumnElement[bool] | None:
    """What was typed, read as people search, as prefix conditions on indexed columns (or None: everyone)."""
    text = " ".join((query or "").split())
    if not text:
        return None
    compact = re.sub(r"[\s.]", "", text)
    conditions: list[ColumnElement[bool] | None] = []
    client = _CLIENT_NUMBER.match(compact)
    if compact.isdigit():
        if len(compact) <= 9:
            conditions.append(_prefix(col(Resident.bsn), compact))
        if len(compact) <= 4 and compact[0] != "0":
            conditions.append(_prefix(col(Resident.postcode), compact))
    elif client:  # 'K0000017', 'k17', 'K00000': the number as written, or as it would be written in full
        digits = client.group(1)
        conditions.append(_prefix(col(Resident.client_number), "K" + digits))
        conditions.append(col(Resident.client_number) == f"K{int(digits):07d}")
    elif _POSTCODE.match(compact):
        conditions.append(_prefix(col(Resident.postcode), compact.upper()))
    elif street := _STREET_NUMBER.match(text):  # 'Dorpsstraat 12'
        key = search_key(street.group("street"))
        if key:
            conditions.append(_prefix(col(Resident.search_street), key)
                              & (col(Resident.house_number) == int(street.group("number"))))
    else:
        conditions.extend(_name_conditions(text))
    found = [c for c in conditions if c is not None]
    if not found:
        return col(Resident.id) < 0  # typed only punctuation: nothing matches
    return or_(*found) if len(found) > 1 else found[0]


_ROW_COLUMNS: tuple[Any, ...] = (col(Resident.id), col(Resident.client_number), col(Resident.surname), col(Resident.initials),
                col(Resident.prefix), col(Resident.first_name), col(Resident.bsn), col(Resident.date_of_birth),
                col(Resident.street), col(Resident.house_number), col(Resident.house_number_suffix),
                col(Resident.postcode), col(Resident.city), col(Resident.search_name), col(Resident.consulent_id),
                col(User.display_name).label("consulent"))


def _filtered(stmt: Any, query: str, consulent_id: int | None) -> Any:
    condition = search_condition(query)
    if condition is not None:
        stmt = stmt.where(condition)
    if consulent_id is not None:  # 'Mijn caseload': residents whose vaste consulent this is
        stmt = stmt.where(col(Resident.consulent_id) == consulent_id)
    return stmt


def search_residents(db: Database, actor: Actor, query: str = "", *, limit: int = 200,
                     after: tuple[str, int] | None = None, consulent_id: int | None = None) -> list[ResidentRow]:
    """One page of matching residents in list order; pass the last row's sort_key as `after` for the next.
    `consulent_id` keeps only the residents with that vaste consulent (the 'Mijn caseload' filter).

    Not logged per keystroke: the list logs a search once it settles (audit.search_record).
    """
    audit.require(db, actor, Action.RESIDENT_SEARCH)
    stmt = select(*_ROW_COLUMNS).outerjoin(
        User, col(User.id) == col(Resident.consulent_id))
    stmt = _filtered(stmt, query, consulent_id)
    if after is not None:
        stmt = stmt.where(tuple_(col(Resident.search_name), col(Resident.id)) > tuple_(*after))
    stmt = stmt.order_by(col(Resident.search_name), col(Resident.id)).limit(limit)
    with db.read() as session:
        rows = session.exec(stmt).all()
    return [ResidentRow(
        id=r.id, client_number=r.client_number,
        display_name=display_name(r.surname, r.initials, r.prefix, r.first_name),
        bsn=r.bsn, date_of_birth=r.date_of_birth,
        address=address_line(r.street, r.house_number, r.house_number_suffix),
        postcode=r.postcode or "", city=r.city or "", sort_key=(r.search_name, r.id), first_name=r.first_name,
        consulent_id=r.consulent_id, consulent=r.consulent or "") for r in rows]


def resident_count(db: Database) -> int:
    """How many residents the database holds: a technical figure (first start, demo), no personal data."""
    with db.read() as session:
        return session.exec(select(func.count()).select_from(Resident)).one()


def count_residents(db: Database, actor: Actor, query: str = "", *, cap: int = 100_000,
                    consulent_id: int | None = None) -> int:
    """How many match, counted up to `cap` so a count never costs more than a page of the list."""
    audit.require(db, actor, Action.RESIDENT_SEARCH)
    inner = _filtered(select(Resident.id), query, consulent_id)
    with db.read() as session:
        return session.exec(select(func.count()).select_from(inner.limit(cap).subquery())).one()
