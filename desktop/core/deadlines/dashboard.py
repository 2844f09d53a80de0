"""The casusregisseur's Termijnen dashboard: counts per consulent and for the team by SQL aggregation,
and the page of items it can show, filtered and sorted in the query."""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlmodel import col

from db import clock
from db.engine import Database
from db.models import (
    Casus,
    User,
)
from db.models.base import table
from db.models.enums import Law, Role
from desktop.core.access import audit
from desktop.core.access.actor import Actor
from desktop.core.access.permissions import Action
from desktop.core.deadlines import queries
from desktop.core.deadlines.kinds import KIND_ORDER, DeadlineKind
from desktop.core.deadlines.queries import (
    READ_WHOLE,
    DeadlineItem,
    Query,
    Raw,
    Reader,
    Source,
    attach_names,
    provider_names,
    sources,
    urgency,
    user_names,
)
from desktop.core.deadlines.rules import days_left, is_escalated
from desktop.core.deadlines.settings import load_settings
from desktop.core.errors import ValidationError

SORT_KEYS = ("due", "kind", "law", "consulent", "aanbieder")
MAX_ROWS = 500



@dataclass(frozen=True)
class DashboardFilter:
    consulent_id: int | None = None
    law: Law | None = None
    aanbieder_id: int | None = None
    due_from: date | None = None  # a period replaces the windows: every open item due in [from, to]
    due_to: date | None = None
    kinds: frozenset[DeadlineKind] | None = None  # None: all kinds
    whole_municipality: bool = False  # a casusregisseur with a team sees that team unless she asks for everyone
    sort: str = "due"  # one of SORT_KEYS; ties fall back to urgency
    descending: bool = False
    limit: int = MAX_ROWS

    def validate(self) -> None:
        if self.due_from and self.due_to and self.due_to < self.due_from:
            raise ValidationError("De einddatum van de periode ligt vóór de begindatum. Draai ze om.", field="due_to")
        if self.sort not in SORT_KEYS:
            raise ValidationError(f"Sorteren kan op: {', '.join(SORT_KEYS)}.", field="sort")
        if not 1 <= self.limit <= 5000:
            raise ValidationError("Toon 1 tot 5.000 regels.", field="limit")


@dataclass(frozen=True)
class ConsulentCounts:
    consulent_id: int | None  # None in `Dashboard.team` (everyone) and for cases without a consulent
    name: str
    due: int  # not yet overdue (days_left >= 0)
    overdue: int
    escalated: int  # part of overdue

    @property
    def total(self) -> int:
        return self.due + self.overdue


@dataclass(frozen=True)
class Dashboard:
    today: date
    per_consulent: list[ConsulentCounts]  # every active consulent (zeros included), by name; then 'geen consulent'
    team: ConsulentCounts
    items: list[DeadlineItem]  # sorted as asked, at most filter.limit
    total: int  # all items that pass the filters
    escalated: list[DeadlineItem]  # most overdue first, at most filter.limit
    escalated_total: int
    per_kind: dict[DeadlineKind, int]
    team_name: str | None = None  # the team shown; None: the whole municipality


def team_overview(db: Database, actor: Actor, filters: DashboardFilter = DashboardFilter(), *,
                  today: date | None = None) -> Dashboard:
    """The casusregisseur's dashboard. Requires Action.DEADLINES_ALL; one access-log line per opening.

    Per source (a kind; for week terms a kind and a law; for expiry a status) the items are counted by SQL
    (GROUP BY consulent) and only the rows that can reach the page are read in due-date order; research and
    decision terms, few items found by probing every open case, are read whole in one pass when they number
    at most queries.FETCH_ALL (see _Board)."""
    audit.require(db, actor, Action.DEADLINES_ALL)
    filters.validate()
    day = today or clock.today()
    with db.write() as s:
        cfg = load_settings(s)
        team = None if filters.whole_municipality else s.execute(
            sa.select(col(User.team)).where(col(User.id) == actor.user_id)).scalar()
        members = None if team is None else tuple(s.execute(sa.select(col(User.id)).where(
            col(User.team) == team, col(User.role) == Role.CONSULENT)).scalars())
        q = Query(day, cfg, consulent_id=filters.consulent_id, law=Law(filters.law) if filters.law else None,
                   aanbieder_id=filters.aanbieder_id, due_from=filters.due_from, due_to=filters.due_to,
                   kinds=frozenset(DeadlineKind(k) for k in filters.kinds) if filters.kinds else frozenset(DeadlineKind),
                   team=members)
        users = user_names(s, members)  # the whole municipality: everyone's
        providers = provider_names(s)
        board = _Board(Reader(s, q), filters, users, providers)
        due, overdue, escalated = board.due, board.overdue, board.escalated
        listed = [col(User.role) == Role.CONSULENT, col(User.active).is_(True)]
        if team is not None:
            listed.append(col(User.team) == team)
        consulenten = s.execute(sa.select(col(User.id), col(User.display_name)).where(*listed)).all()
        shown = {uid for uid, _ in consulenten} | {u for u, n in due.items() if n} | \
            {u for u, n in overdue.items() if n}
        if filters.consulent_id is not None:
            shown = {filters.consulent_id}
        per_consulent = sorted((ConsulentCounts(uid, users.get(uid, ""), due[uid], overdue[uid], escalated[uid])
                                for uid in shown if uid is not None), key=lambda c: (c.name.casefold(), c.consulent_id))
        if None in shown:
            per_consulent.append(ConsulentCounts(None, "(geen consulent)", due[None], overdue[None], escalated[None]))
        whole = ConsulentCounts(None, "Hele gemeente" if filters.whole_municipality else "Heel het team",
                                sum(due.values()), sum(overdue.values()),
                                sum(escalated.values()))
        total = whole.total
        items = attach_names(s, board.page(), day, cfg)
        escalated_items = attach_names(s, board.escalated_page(), day, cfg)
        audit.record(s, actor, "termijnen.overzicht", record_type="termijnen", changes={
            "filter": [None, {k: audit.value(v) for k, v in (("team", team), ("consulent_id", filters.consulent_id),
                                                              ("law", filters.law),
                                                              ("aanbieder_id", filters.aanbieder_id),
                                                              ("due_from", filters.due_from),
                                                              ("due_to", filters.due_to)) if v is not None}],
            "regels": [None, total]})
    return Dashboard(day, per_consulent, whole, items, total, escalated_items, whole.escalated,
                     {k: n for k, n in board.per_kind.items() if n}, team)


class _Board:
    """The counts and the two pages of one dashboard opening."""

    def __init__(self, reader: Reader, filters: DashboardFilter, users: dict[int | None, str],
                 providers: dict[int | None, str]):
        self.reader, self.filters, self.users, self.providers = reader, filters, users, providers
        q = reader.q
        self.today = q.today
        self.key = _sort_key(filters.sort, users, providers)
        self.due: Counter[int | None] = Counter()
        self.overdue: Counter[int | None] = Counter()
        self.escalated: Counter[int | None] = Counter()
        self.per_kind: Counter[DeadlineKind] = Counter({k: 0 for k in DeadlineKind})
        self.complete: list[tuple[Source, list[Raw]]] = []  # read whole
        self.large: list[Source] = []  # counted in SQL
        self.prefix: dict[int, list[Raw]] = {}  # per large source: its first items in urgency order
        self.sizes: dict[int, int] = {}  # per large source: its number of items
        fetch = max(queries.FETCH_ALL, filters.limit)
        for src in sources(q):
            raws: list[Raw] | None = None
            if src.kind in READ_WHOLE:
                raws = reader.rows(src, limit=fetch + 1)
                if len(raws) <= fetch:
                    self.complete.append((src, raws))
                    self._count(src.kind, raws)
                    continue
            self.large.append(src)
            self.sizes[id(src)] = 0
            for uid, n, o, e in reader.counts(src, table(Casus).c.consulent_id):
                self.due[uid] += n - o
                self.overdue[uid] += o
                self.escalated[uid] += e
                self.per_kind[src.kind] += n
                self.sizes[id(src)] += n
            if raws is None:
                raws = reader.rows(src, limit=filters.limit + 1) if self.sizes[id(src)] else []
            self.prefix[id(src)] = raws

    def _count(self, kind: DeadlineKind, raws: list[Raw]) -> None:
        esc = self.reader.q.cfg.escalation[kind]
        today = self.today
        for r in raws:
            left = days_left(r[1], today)
            if left < 0:
                self.overdue[r[4]] += 1
                if left < -esc:
                    self.escalated[r[4]] += 1
            else:
                self.due[r[4]] += 1
        self.per_kind[kind] += len(raws)

    def page(self) -> list[Raw]:
        f = self.filters
        pick = heapq.nlargest if f.descending else heapq.nsmallest
        candidates = [r for _, raws in self.complete for r in raws]
        if self.large:
            candidates += self._large_candidates()
        return pick(f.limit, candidates, key=self.key)

    def _large_candidates(self) -> list[Raw]:
        """Rows of the large sources that can reach the page: per source (and per law when sorting by law)
        the first `limit` in the asked direction; for consulent or provider order, all rows of the first
        consulenten or providers (by name) that together hold `limit` items."""
        f, reader = self.filters, self.reader
        if f.sort in ("consulent", "aanbieder"):
            return self._group_candidates()
        out: list[Raw] = []
        for src in self.large:
            if f.sort == "law":
                law_col = src.cols[3]
                for law in Law:
                    out += reader.rows(src, law_col == law.value, descending=f.descending, limit=f.limit)
            elif not f.descending:
                out += self.prefix[id(src)]
            else:
                out += reader.rows(src, descending=True, limit=f.limit)
        return out

    def _group_candidates(self) -> list[Raw]:
        f, reader = self.filters, self.reader
        by_consulent = f.sort == "consulent"
        names = self.users if by_consulent else self.providers
        totals: Counter[int | None] = Counter()
        for _, raws in self.complete:
            for r in raws:
                totals[r[4] if by_consulent else r[8]] += 1
        for src in self.large:
            group = table(Casus).c.consulent_id if by_consulent else src.cols[6]
            if group is None:  # no provider for this kind
                totals[None] += self.sizes[id(src)]
                continue
            for g, n, _o, _e in reader.counts(src, group):
                totals[g] += n
        keys: dict[str, list[int | None]] = {}
        for g in totals:
            keys.setdefault(names.get(g, "").casefold(), []).append(g)
        chosen: list[int | None] = []
        held = 0
        for name in sorted(keys, reverse=f.descending):
            if held >= f.limit:
                break
            chosen += keys[name]
            held += sum(totals[g] for g in keys[name])
        out: list[Raw] = []
        for src in self.large:
            column = table(Casus).c.consulent_id if by_consulent else src.cols[6]
            if column is None:  # no provider for this kind: every row is in the group None
                if None in chosen:
                    out += reader.rows(src)
                continue
            ids = [g for g in chosen if g is not None]
            where: list[sa.ColumnElement[bool]] = [column.in_(ids)] if ids else []
            if None in chosen:
                where = [sa.or_(column.is_(None), *where)]
            if where:
                out += reader.rows(src, *where)
        return out

    def escalated_page(self) -> list[Raw]:
        """Most overdue first: escalated items come first in urgency order, so the rows already read suffice."""
        q = self.reader.q
        esc = q.cfg.escalation
        raws = [r for _, rows in self.complete for r in rows]
        for rows in self.prefix.values():
            raws += rows
        return heapq.nsmallest(self.filters.limit, (r for r in raws if is_escalated(days_left(r[1], q.today),
                                                                                   esc[r[0]])), key=urgency)


def _sort_key(sort: str, users: dict[int | None, str],
              providers: dict[int | None, str]) -> Callable[[Raw], tuple[Any, ...]]:
    if sort == "kind":
        return lambda r: (KIND_ORDER[r[0]], *urgency(r))
    if sort == "law":
        return lambda r: (r[5], *urgency(r))
    if sort == "consulent":
        return lambda r: (users.get(r[4], "").casefold(), *urgency(r))
    if sort == "aanbieder":
        return lambda r: (providers.get(r[8], "").casefold(), *urgency(r))
    return urgency
