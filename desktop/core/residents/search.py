"""Finding residents as people search: a surname (or the second part of a double surname), a first name or
initial with it, a street with or without house number, a cliëntnummer, a BSN or a postcode, each a prefix on
an indexed column, a page at a time."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, Connection, and_, func, not_, or_
from sqlalchemy import false as sa_false
from sqlalchemy import true as sa_true
from sqlalchemy.orm import Mapped
from sqlmodel import col, select

from db.engine import Database
from db.models import Resident, User
from db.planner import unindexed
from desktop.core.access import audit
from desktop.core.access.actor import Actor
from desktop.core.access.permissions import Action
from desktop.core.residents.names import NAME_PREFIXES, address_line, display_name
from desktop.core.text import search_key


class ResidentRow(NamedTuple):
    """One line of the resident list: plain values, safe to hand to any thread. A tuple: a page of them is built
    at every keystroke, and a list of a thousand stays small."""

    id: int
    client_number: str
    display_name: str
    bsn: str | None
    date_of_birth: date
    address: str
    postcode: str
    city: str
    sort_key: tuple[Any, ...]  # (arm, the arm's index columns, id): keyset paging
    first_name: str | None = None
    consulent_id: int | None = None
    consulent: str = ""  # the vaste consulent's display name; empty when there is none


_CLIENT_NUMBER = re.compile(r"^[Kk](\d{1,7})$")
_POSTCODE = re.compile(r"^[1-9][0-9]{3}[A-Za-z]{1,2}$")
# 'Dorpsstraat 12', 'Dorpsstr. 12a', 'Van Goghlaan 3-2': a street, then a house number (any suffix is ignored).
# '7001 AB 12', '7001AB 12a', '7001 ab, 12-2': a postcode, then a house number (any suffix is ignored).
_POSTCODE_HOUSE = re.compile(r"^([1-9][0-9]{3})\s*([A-Za-z]{2})\s*,?\s*(\d{1,5})(?:\s*-?\s*[0-9A-Za-z]{1,4})?$")
_STREET_NUMBER = re.compile(r"^(?P<street>.*[^\W\d_].*?)[\s.]+(?P<number>\d{1,5})(?:\s*-?\s*[0-9A-Za-z]{1,4})?$")
# One or more initials as people type them: 'A', 'A.', 'A.B.', 'a.b', 'Th.'.
_INITIALS = re.compile(r"^(?:[^\W\d_](?:[a-z]?\.)?)+$|^[^\W\d_]$")


def _next_prefix(key: str) -> str:
    return key[:-1] + chr(ord(key[-1]) + 1)


def _prefix(column: Mapped[str | None], key: str, *, indexed: bool = True) -> ColumnElement[bool]:
    """A prefix range; `indexed=False` for a filter beside another arm's index: wrapped, SQLite (which has no
    statistics to choose by) cannot read it instead of the arm's own index ('Carla He' read every first name
    starting with 'he'). The answer is the same."""
    target: Any = column if indexed else unindexed(column)
    condition: ColumnElement[bool] = (target >= key) & (target < _next_prefix(key))
    return condition


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


@dataclass(frozen=True)
class _Arm:
    """One way what was typed can match, read along one index (`lead`) in that index's order: a page costs the
    same at a thousand residents and at a million, where one OR over several indexes sorted by name would have
    to sort every match first (typing '7' matched a tenth of the town)."""

    lead: str  # a key of _ORDERS
    condition: ColumnElement[bool]


# The order of each arm: its index's columns, then the id. Only house_number may be NULL among them.
_ORDERS: dict[str, tuple[Any, ...]] = {
    "name": (col(Resident.search_name), col(Resident.id)),
    "alt": (col(Resident.search_alt), col(Resident.id)),
    "first": (col(Resident.search_first), col(Resident.id)),
    "street": (col(Resident.search_street), col(Resident.house_number), col(Resident.id)),
    "bsn": (col(Resident.bsn), col(Resident.id)),
    "postcode": (col(Resident.postcode), col(Resident.id)),
    "client": (col(Resident.client_number), col(Resident.id)),
    "client_prefix": (col(Resident.client_number), col(Resident.id)),  # after the exact number: one range each
}
_NULLABLE = {"house_number"}


def _surname_arms(text: str, first: ColumnElement[bool] | None = None) -> list[_Arm]:
    """A surname prefix: of the whole surname, or of the part after the hyphen ('Pelgrom' in 'Jansen-Pelgrom');
    with a first name or initials (a filter, not indexed), each arm still starts with its surname index range."""
    key = search_key(_strip_name_prefix(text))
    if not key:
        return []
    arms = [_Arm("name", _prefix(col(Resident.search_name), key)), _Arm("alt", _prefix(col(Resident.search_alt), key))]
    if first is None:
        return arms
    return [_Arm(a.lead, and_(a.condition, first)) for a in arms]


def _surname_filter(text: str) -> ColumnElement[bool] | None:
    key = search_key(_strip_name_prefix(text))
    if not key:
        return None
    return or_(_prefix(col(Resident.search_name), key, indexed=False),
               _prefix(col(Resident.search_alt), key, indexed=False))


def _is_initials(token: str) -> bool:
    return bool(_INITIALS.match(token)) and (len(token) == 1 or "." in token)


def _initials(text: str) -> str:
    """'a.b' -> 'A.B.', 'Th' -> 'Th.': as register.initials_of stores them."""
    parts = [p for p in text.replace(" ", "").split(".") if p]
    return "".join(f"{p[0].upper()}{p[1:]}." for p in parts)


def _first(text: str, *, indexed: bool = True) -> ColumnElement[bool] | None:
    """A first name prefix, or initials: 'A.' matches initials starting A. and first names starting with A."""
    text = _strip_trailing_prefix(text).strip()
    if not text:
        return None
    if all(_is_initials(t) for t in text.split()):
        initials = _initials(text)
        stored = _prefix(col(Resident.initials), initials, indexed=False)  # never an arm of its own
        if len(initials) == 2:  # one initial: the first name may start with it too ('A. Pelgrom' -> Anna)
            return or_(stored, _prefix(col(Resident.search_first), search_key(initials), indexed=indexed))
        return stored
    key = search_key(text)
    return _prefix(col(Resident.search_first), key, indexed=indexed) if key else None


def _both(first_text: str, surname_text: str) -> list[_Arm]:
    """A first name (or initials) with a surname, read along the longer of the two (the narrower range):
    'Annabel B' along the first names, not along every surname that starts with a B."""
    first_key = "" if all(_is_initials(t) for t in first_text.split()) else search_key(first_text)
    if len(first_key) > len(search_key(_strip_name_prefix(surname_text))):
        first, surname = _first(first_text), _surname_filter(surname_text)
        return [_Arm("first", and_(first, surname))] if first is not None and surname is not None else []
    first = _first(first_text, indexed=False)
    return _surname_arms(surname_text, first) if first is not None else []


def _name_arms(text: str) -> list[_Arm]:
    if "," in text:  # 'Pelgrom, A' and 'Pelgrom, Anna': the list's own order
        surname, first = (part.strip() for part in text.split(",", 1))
        return _both(first, surname) if first else _surname_arms(surname)
    arms = _surname_arms(text)  # 'Pelgrom', 'van Dam', 'Jansen Pelgrom'
    tokens = text.split()
    lowered = text.casefold()
    if len(tokens) > 1 and not any(lowered.startswith(p + " ") for p in NAME_PREFIXES):  # 'van den B': a surname
        lead = 0
        while lead < len(tokens) - 1 and _is_initials(tokens[lead]):
            lead += 1
        lead = lead or 1
        # 'Anna Pelgrom', 'A. Pelgrom', 'A.B. van Dam': the first name or initials, then the surname
        arms += _both(" ".join(tokens[:lead]), " ".join(tokens[lead:]))
        if len(tokens) == 2:  # 'Pelgrom Anna', 'Pelgrom A'
            arms += _both(tokens[1], tokens[0])
    key = search_key(text)
    if key:
        if len(tokens) == 1:  # one word: a first name as well ('Anna')
            arms.append(_Arm("first", _prefix(col(Resident.search_first), key)))
        arms.append(_Arm("street", _prefix(col(Resident.search_street), key)))  # 'Dorpsstr', 'Van Goghlaan'
    return arms


def _arms(query: str) -> list[_Arm] | None:
    """What was typed, read as people search: index arms in the order their matches are listed (None: everyone;
    []: nothing can match)."""
    text = " ".join((query or "").split())
    if not text:
        return None
    compact = re.sub(r"[\s.]", "", text)
    arms: list[_Arm] = []
    client = _CLIENT_NUMBER.match(compact)
    address = _POSTCODE_HOUSE.match(text)
    if compact.isdigit():
        if len(compact) <= 9:
            arms.append(_Arm("bsn", _prefix(col(Resident.bsn), compact)))
        if len(compact) <= 4 and compact[0] != "0":
            arms.append(_Arm("postcode", _prefix(col(Resident.postcode), compact)))
    elif client:  # 'K0000017', 'k17', 'K00000': the number as written, or as it would be written in full
        digits = client.group(1)
        arms.append(_Arm("client", col(Resident.client_number) == f"K{int(digits):07d}"))
        arms.append(_Arm("client_prefix", _prefix(col(Resident.client_number), "K" + digits)))
    elif _POSTCODE.match(compact):
        arms.append(_Arm("postcode", _prefix(col(Resident.postcode), compact.upper())))
    elif address:  # '7001 AB 12', '7001AB12a': one address
        arms.append(_Arm("postcode", (col(Resident.postcode) == (address.group(1) + address.group(2)).upper())
                         & (col(Resident.house_number) == int(address.group(3)))))
    elif street := _STREET_NUMBER.match(text):  # 'Dorpsstraat 12'
        key = search_key(street.group("street"))
        if key:
            arms.append(_Arm("street", _prefix(col(Resident.search_street), key)
                             & (col(Resident.house_number) == int(street.group("number")))))
    else:
        arms = _name_arms(text)
    return arms  # not joined per index: an OR of ranges on one index is read whole and sorted, one range is not


def _after(lead: str, values: tuple[Any, ...], nulls_first: bool) -> ColumnElement[bool]:
    """Rows after `values` in the arm's order (keyset paging), NULLs where the database sorts them: first on
    SQLite, last on PostgreSQL."""
    columns = _ORDERS[lead]
    terms: list[ColumnElement[bool]] = []
    equal: list[ColumnElement[bool]] = []
    for column, value in zip(columns, values, strict=True):
        nullable = column.key in _NULLABLE
        if value is None:
            greater = column.is_not(None) if nullable and nulls_first else sa_false()
            same = column.is_(None)
        else:
            greater = column > value
            if nullable and not nulls_first:
                greater = or_(greater, column.is_(None))
            same = column == value
        terms.append(and_(*equal, greater))
        equal.append(same)
    return or_(*terms)


_ROW_COLUMNS: tuple[Any, ...] = (col(Resident.id), col(Resident.client_number), col(Resident.surname), col(Resident.initials),
                col(Resident.prefix), col(Resident.first_name), col(Resident.bsn), col(Resident.date_of_birth),
                col(Resident.street), col(Resident.house_number), col(Resident.house_number_suffix),
                col(Resident.postcode), col(Resident.city), col(Resident.search_name), col(Resident.consulent_id),
                col(User.display_name).label("consulent"))
_EVERYONE = _Arm("name", sa_true())


def search_arms(query: str) -> list[_Arm]:
    """The arms of a search in list order; everyone is one arm; typed only punctuation: none."""
    arms = _arms(query)
    return [_EVERYONE] if arms is None else arms


def _arm_where(arms: list[_Arm], rank: int, consulent_id: int | None) -> list[ColumnElement[bool]]:
    """One arm's residents: its range, minus those an earlier arm lists, within a caseload when asked."""
    # an anonymised file (desktop/core/privacy/retention.py) is no person any more: kept for the figures only
    where = [arms[rank].condition, col(Resident.anonymised_at).is_(None)]
    earlier = [a.condition for a in arms[:rank]]
    if earlier:  # listed under an earlier arm already
        where.append(not_(func.coalesce(or_(*earlier), sa_false())))
    if consulent_id is not None:  # 'Mijn caseload': residents whose vaste consulent this is
        where.append(col(Resident.consulent_id) == consulent_id)
    return where


def page_statement(arms: list[_Arm], rank: int, limit: int, *, after: tuple[Any, ...] | None = None,
                   consulent_id: int | None = None, nulls_first: bool = True) -> Any:
    """The SELECT of one arm's part of a page: its index range, minus residents an earlier arm lists, in its
    index order."""
    arm = arms[rank]
    stmt = select(*_ROW_COLUMNS, *_ORDERS[arm.lead][:-1]).outerjoin(
        User, col(User.id) == col(Resident.consulent_id)).where(*_arm_where(arms, rank, consulent_id))
    if after is not None:
        stmt = stmt.where(_after(arm.lead, after[1:], nulls_first))
    return stmt.order_by(*_ORDERS[arm.lead]).limit(limit)


def search_residents(db: Database, actor: Actor, query: str = "", *, limit: int = 200,
                     after: tuple[Any, ...] | None = None, consulent_id: int | None = None) -> list[ResidentRow]:
    """One page of matching residents in list order; pass the last row's sort_key as `after` for the next.
    `consulent_id` keeps only the residents with that vaste consulent (the 'Mijn caseload' filter).

    The list order: per arm of the search (surname, second surname, first name, street; BSN, postcode), in
    that arm's index order, each resident once (under the first arm it matches).
    Not logged per keystroke: the list logs a search once it settles (audit.search_record).
    """
    audit.require(db, actor, Action.RESIDENT_SEARCH)
    with db.quick_read() as connection:
        return _page(connection, search_arms(query), limit, after, consulent_id)


def search_with_count(db: Database, actor: Actor, query: str = "", *, limit: int = 200, cap: int = 1_000,
                      consulent_id: int | None = None) -> tuple[list[ResidentRow], int]:
    """The first page and how many match (counted up to `cap`), in one read: a keystroke costs one
    connection, not two (on a PostgreSQL server each is a few round trips)."""
    audit.require(db, actor, Action.RESIDENT_SEARCH)
    arms = search_arms(query)
    with db.quick_read() as connection:
        rows = _page(connection, arms, limit, None, consulent_id)
        total = _count(connection, arms, cap, consulent_id) if len(rows) >= limit else len(rows)
    return rows, total


def _page(connection: Connection, arms: list[_Arm], limit: int, after: tuple[Any, ...] | None,
          consulent_id: int | None) -> list[ResidentRow]:
    rows: list[tuple[int, Any]] = []  # Core: no ORM work per row
    nulls_first = connection.dialect.name == "sqlite"
    for rank in range(after[0] if after is not None else 0, len(arms)):
        stmt = page_statement(arms, rank, limit - len(rows), after=after if after and after[0] == rank else None,
                              consulent_id=consulent_id, nulls_first=nulls_first)
        rows += [(rank, r) for r in connection.execute(stmt).all()]
        if len(rows) >= limit:
            break
    width = len(_ROW_COLUMNS)
    return [ResidentRow(r[0], r[1], display_name(r[2], r[3], r[4], r[5]), r[6], r[7], address_line(r[8], r[9], r[10]),
                        r[11] or "", r[12] or "", (rank, *r[width:], r[0]), r[5], r[14], r[15] or "")
            for rank, r in rows]  # by position: _ROW_COLUMNS's order


def _count(connection: Connection, arms: list[_Arm], cap: int, consulent_id: int | None) -> int:
    """Arm by arm, each along its own index (one OR over several indexes made PostgreSQL gather every match)."""
    total = 0
    for rank in range(len(arms)):
        stmt = select(col(Resident.id)).where(*_arm_where(arms, rank, consulent_id))
        total += connection.execute(select(func.count()).select_from(stmt.limit(cap - total).subquery())).scalar_one()
        if total >= cap:
            break
    return total


def resident_count(db: Database) -> int:
    """How many residents the database holds: a technical figure (first start, demo), no personal data."""
    with db.read() as session:
        return session.exec(select(func.count()).select_from(Resident)).one()


def count_residents(db: Database, actor: Actor, query: str = "", *, cap: int = 100_000,
                    consulent_id: int | None = None) -> int:
    """How many match, counted up to `cap` so a count never costs more than a page of the list."""
    audit.require(db, actor, Action.RESIDENT_SEARCH)
    with db.quick_read() as connection:
        return _count(connection, search_arms(query), cap, consulent_id)
