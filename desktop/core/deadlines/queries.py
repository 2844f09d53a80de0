"""Deadlines and reminders, computed from the data every time: nothing about a reminder is stored.

Six kinds of deadline, each derived from dates in the tables (see `/work/shared/domain.md`,
'Statutory timelines'):

- onderzoek  research after a melding: melding date + N weeks (Wmo 2015 art. 2.3.2 lid 1: 6 weeks;
             the Jeugdwet has no statutory research term, Koers uses 6 weeks too); a case with no
             aanvraag date and not closed.
- besluit    decision after an application: aanvraag date + N weeks (Wmo art. 2.3.5: 2 weeks; Jeugdwet:
             the Awb's reasonable term, at most 8 weeks); a case with an aanvraag date, not closed, with
             no decision yet established for it.
- evaluatie  the planned date of an evaluation not yet held, of a case still open whose decision (if
             any) is vastgesteld or verzonden.
- afloop     the end date of a vastgestelde or verzonden decision with no follow-up decision (a later
             decision of the same case that is not ingetrokken): time for a new indication.
- brief      a decision vastgesteld but not sent: established date + N working days (Monday to Friday,
             skipping the public holidays of the Algemene termijnenwet, see termijnenwet.is_working_day).
- opvolging  the follow-up date of a contact in the journal, not marked done and not replaced by a
             correction (the correction carries its own follow-up), of a case still open.

Terms in weeks are calendar arithmetic: a term of N weeks ends N * 7 days after the start date (the
start date itself is day 0, so a melding on a Monday is due on the Monday six weeks later). Koers does
not extend a term that ends in a weekend (Algemene termijnenwet): a reminder errs on the early side.

An item *appears* from `window` days before its due date (a window per kind), and stays until done.
An item overdue by *more than* `escalation` days (per kind) is escalated to the casusregisseur.
Windows, escalation days and terms are settings (`setting` table, keys `termijn.*`).

The queries filter in SQL (by kind, case owner, law, provider and the date window turned into an exact
range on the stored date: every due date is a non-decreasing function of one stored date) and return only
the items; due dates are then finished in Python with the same pure functions the tests use. The team
dashboard reads small kinds whole and counts large ones with SQL aggregation, reading only the rows a page
can show (see team_overview).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Any, TypeAlias

import sqlalchemy as sa
from sqlmodel import Session, col

from db import clock
from db.engine import Database
from db.models import (
    Aanbieder,
    Beschikking,
    Casus,
    Evaluation,
    JournalEntry,
    Resident,
    User,
)
from db.models.base import table
from db.models.enums import CaseStatus, DecisionKind, DecisionStatus, Law
from db.planner import unindexed
from desktop.core.access import audit
from desktop.core.access.actor import Actor
from desktop.core.access.permissions import Action
from desktop.core.deadlines.kinds import ACTIVE_DECISION, KIND_LABELS, KIND_ORDER, DeadlineKind
from desktop.core.deadlines.rules import add_working_days, days_left, expiry_due, is_escalated
from desktop.core.deadlines.settings import DeadlineSettings, load_settings
from desktop.core.residents.names import display_name

_C, _B, _E, _J = table(Casus).c, table(Beschikking).c, table(Evaluation).c, table(JournalEntry).c


@dataclass(frozen=True)
class DeadlineItem:
    kind: DeadlineKind
    label: str  # Dutch, e.g. 'Evaluatie'
    due_date: date
    days_left: int  # negative: overdue by that many days
    escalated: bool
    resident_id: int
    client_number: str
    resident_name: str  # 'Vries, J. de'
    casus_id: int
    law: Law
    consulent_id: int | None
    consulent_name: str
    beschikking_id: int | None = None
    evaluation_id: int | None = None
    aanbieder_id: int | None = None
    aanbieder_name: str = ""
    journal_entry_id: int | None = None  # opvolging: the contact whose follow-up is due

    @property
    def overdue(self) -> bool:
        return self.days_left < 0


# A found item before names are attached: (kind, due, casus_id, resident_id, consulent_id, law,
# beschikking_id, evaluation_id, aanbieder_id, journal_entry_id). Plain tuples.
Raw: TypeAlias = tuple[DeadlineKind, date, int, int, int | None, str, int | None, int | None, int | None, int | None]
_Col: TypeAlias = sa.ColumnElement[Any]
# casus_id, resident_id, consulent_id, law, beschikking_id, evaluation_id, aanbieder_id (None: none)
Cols: TypeAlias = tuple[_Col, _Col, _Col, _Col, _Col | None, _Col | None, _Col | None]
# Research and decision terms are found by probing every open case (is there an aanvraag, a decision?)
# for few items: such a source is read whole in that one pass and counted in Python, unless it holds more
# than FETCH_ALL items. Every other source (and a larger one) is counted by SQL aggregation, and only the
# rows that can reach a page are read.
FETCH_ALL = 2000
READ_WHOLE = frozenset({DeadlineKind.ONDERZOEK, DeadlineKind.BESLUIT})


def _as_date(value: date | str) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


_as_date_sqlite = date.fromisoformat


def _str(column: _Col) -> sa.ColumnElement[str]:
    """Skip SQLAlchemy's per-row conversion (dates as text on SQLite are parsed by _as_date instead)."""
    return sa.type_coerce(column, sa.String)


@dataclass(frozen=True)
class Query:
    today: date
    cfg: DeadlineSettings
    consulent_id: int | None = None
    law: Law | None = None
    aanbieder_id: int | None = None
    due_from: date | None = None
    due_to: date | None = None
    kinds: frozenset[DeadlineKind] = frozenset(DeadlineKind)
    team: tuple[int, ...] | None = None  # the consulenten of one team (None: everyone)

    @property
    def by_consulent(self) -> bool:
        """Whether the items are found through the cases of a few consulenten (one, or a team)."""
        return self.consulent_id is not None or self.team is not None

    def due_range(self, kind: DeadlineKind) -> tuple[date | None, date]:
        """The due dates that count: the window up to today + window, or the chosen period."""
        if self.due_from or self.due_to:
            return self.due_from, self.due_to or date.max
        return None, self.today + timedelta(days=self.cfg.windows[kind])


def _case_filters(q: Query) -> list[sa.ColumnElement[bool]]:
    where: list[sa.ColumnElement[bool]] = []
    if q.consulent_id is not None:
        where.append(_C.consulent_id == q.consulent_id)
    if q.team is not None:
        where.append(_C.consulent_id.in_(q.team) if q.team else sa.false())
    if q.law is not None:
        where.append(_C.law == q.law)
    return where


@lru_cache(maxsize=512)
def _lowest_start(target: date, due_of: Callable[[date], date]) -> date:
    """The smallest start whose due date is >= target (due_of is non-decreasing and at most ~60 weeks)."""
    start = target - timedelta(days=7 * 60)
    while due_of(start + timedelta(days=7)) < target:
        start += timedelta(days=7)
    while due_of(start) < target:
        start += timedelta(days=1)
    return start


def _week_term(weeks: int) -> tuple[Callable[[date], date], Callable[[date], date]]:
    shift = timedelta(days=7 * weeks)
    return (lambda base: base + shift), (lambda due: due - shift)


def _identity(d: date) -> date:
    return d


@dataclass(frozen=True)
class Source:
    """One kind (week terms: one kind and one law) as one SELECT: every due-date condition becomes an exact
    range on the stored `base` date, because due_of is non-decreasing; bound(d) is the smallest stored date
    whose due date is >= d, so 'due < d' is 'base < bound(d)'."""

    kind: DeadlineKind
    base: _Col
    from_: sa.FromClause
    where: tuple[sa.ColumnElement[bool], ...]
    cols: Cols
    tie: tuple[_Col, ...]  # the urgency tie-breakers after the date, as SQL (casus, decision, evaluation)
    due_of: Callable[[date], date]
    bound: Callable[[date], date]
    entry: _Col | None = None  # the journal entry of an opvolging (None: another kind)

    def due_lt(self, d: date) -> sa.ColumnElement[bool]:
        return self.base < self.bound(d)

    def in_range(self, low: date | None, high: date) -> list[sa.ColumnElement[bool]]:
        where: list[sa.ColumnElement[bool]] = []
        if low is not None and low != date.min:
            where.append(self.base >= self.bound(low))
        if high != date.max:
            where.append(self.base < self.bound(high + timedelta(days=1)))
        return where


# Vaststellen moves a case to 'lopend' (decisions.establish); a case in these states may still wait for a decision.
UNDECIDED = (CaseStatus.MELDING, CaseStatus.ONDERZOEK, CaseStatus.AANVRAAG)


def sources(q: Query) -> list[Source]:
    """The SELECTs for the chosen kinds and filters (no due-date condition yet)."""
    cfg = q.cfg
    laws = [q.law] if q.law is not None else list(Law)
    out: list[Source] = []
    case_cols = (_C.id, _C.resident_id, _C.consulent_id, _str(_C.law))
    casus = table(Casus)
    if q.aanbieder_id is None:
        for kind, column, extra, weeks in (
                (DeadlineKind.ONDERZOEK, _C.melding_date, (_C.aanvraag_date.is_(None),), cfg.research_weeks),
                (DeadlineKind.BESLUIT, _C.aanvraag_date,
                 (_C.aanvraag_date.is_not(None), _C.status.in_(UNDECIDED),  # index range; the check below decides
                  ~sa.select(_B.id).where(_B.casus_id == _C.id, _B.established_date.is_not(None))
                  .correlate(casus).exists()), cfg.decision_weeks)):
            if kind not in q.kinds:
                continue
            for law in laws:  # one source per law: the term differs, and (closed_date, law, date) is indexed
                due_of, bound = _week_term(weeks[Law(law)])
                # For 'besluit' the closed_date test is wrapped, so SQLite (no statistics) takes the small
                # ix_casus_undecided range rather than walking every open case in ix_casus_open_dates.
                still_open = (unindexed(_C.closed_date)
                              if kind is DeadlineKind.BESLUIT or q.by_consulent else _C.closed_date).is_(None)
                out.append(Source(kind, column, casus,
                                   (still_open, _C.law == law, *extra, *_case_filters(q)),
                                   (*case_cols, None, None, None), (_C.id,), due_of, bound))

    decision_filters = [] if q.aanbieder_id is None else [_B.aanbieder_id == q.aanbieder_id]
    # One consulent's evaluations and follow-ups are found through her open cases too: the team-wide 'open'
    # indexes, unless hidden from SQLite's planner (db.planner), would read every open evaluation in town.
    mine = q.by_consulent
    open_case = (unindexed(_C.closed_date) if mine else _C.closed_date).is_(None)
    if DeadlineKind.EVALUATIE in q.kinds:
        out.append(Source(
            DeadlineKind.EVALUATIE, _E.planned_date,
            table(Evaluation).join(casus, _C.id == _E.casus_id)
            .outerjoin(table(Beschikking), _B.id == _E.beschikking_id),
            ((unindexed(_E.done_date) if mine else _E.done_date).is_(None),
             open_case,
             sa.or_(_E.beschikking_id.is_(None), _B.status.in_(ACTIVE_DECISION)), *decision_filters,
             *_case_filters(q)),
            (*case_cols, _E.beschikking_id, _E.id, _B.aanbieder_id),
            (_C.id, sa.func.coalesce(_E.beschikking_id, 0), _E.id), _identity, _identity))

    decision_cols = (_C.id, _C.resident_id, _C.consulent_id, _str(_B.law), _B.id, None, _B.aanbieder_id)
    decision_from = table(Beschikking).join(casus, _C.id == _B.casus_id)
    # One consulent's decisions are found through their cases (casus.consulent_id, then beschikking by
    # casus_id); a status hidden from the planner (db.planner.unindexed) keeps SQLite, which has no statistics,
    # from scanning the team-wide (status, date) indexes instead. The result is the same.
    status = unindexed(_B.status) if q.by_consulent else _B.status
    if DeadlineKind.AFLOOP in q.kinds:
        later = table(Beschikking).alias("volgend")
        follow_up = (sa.select(later.c.id).where(later.c.casus_id == _B.casus_id, later.c.id != _B.id,
                                                  later.c.start_date > _B.start_date,
                                                  later.c.status != DecisionStatus.INGETROKKEN)
                     .correlate(table(Beschikking)).exists())
        for active in ACTIVE_DECISION:  # one source per status: each is one range of (status, end_date)
            out.append(Source(DeadlineKind.AFLOOP, _B.end_date, decision_from,
                               (status == active, ~follow_up, _B.kind != DecisionKind.AFWIJZING,
                                *decision_filters, *_case_filters(q)),
                               decision_cols, (_C.id, _B.id), expiry_due, _identity))
    if DeadlineKind.BRIEF in q.kinds:
        n = cfg.letter_working_days
        due_of = _letter_term(n, cfg.equated_holidays)

        def letter_bound(d: date, due_of: Callable[[date], date] = due_of) -> date:
            return _lowest_start(d, due_of)

        out.append(Source(DeadlineKind.BRIEF, _B.established_date, decision_from,
                           (status == DecisionStatus.VASTGESTELD, _B.sent_date.is_(None),
                            _B.established_date.is_not(None), *decision_filters, *_case_filters(q)),
                           decision_cols, (_C.id, _B.id), due_of, letter_bound))
    if DeadlineKind.OPVOLGING in q.kinds and q.aanbieder_id is None:  # a contact has no provider
        journal = table(JournalEntry)
        correction = journal.alias("correctie")
        corrected = (sa.select(correction.c.id).where(correction.c.corrects_id == _J.id)
                     .correlate(journal).exists())
        out.append(Source(DeadlineKind.OPVOLGING, _J.follow_up_date, journal.join(casus, _C.id == _J.casus_id),
                          ((unindexed(_J.follow_up_done_date) if mine
                            else _J.follow_up_done_date).is_(None), _J.follow_up_date.is_not(None),
                           open_case, ~corrected, *_case_filters(q)),
                          (*case_cols, None, None, None), (_C.id, _J.id), _identity, _identity, entry=_J.id))
    return out


@lru_cache(maxsize=32)
def _letter_term(n: int, equated: frozenset[date] | None) -> Callable[[date], date]:
    """One function object per number of days and holiday set, so _lowest_start's cache can key on it."""
    return lambda start: add_working_days(start, n, equated)


class Reader:
    """Reads items of sources in one session; `where` always includes the source's due range."""

    def __init__(self, session: Session, q: Query):
        self.session = session
        self.q = q
        self.as_date = _as_date_sqlite if session.get_bind().dialect.name == "sqlite" else _as_date

    def range_of(self, src: Source) -> list[sa.ColumnElement[bool]]:
        return src.in_range(*self.q.due_range(src.kind))

    def rows(self, src: Source, *where: sa.ColumnElement[bool], descending: bool = False,
             limit: int | None = None) -> list[Raw]:
        """Items of a source ordered by urgency (or the reverse), at most `limit` plus every item that shares
        the last one's due date (so a page cut at `limit` is exact whatever the tie-breakers)."""
        raws = self._select(src, where, descending, limit)
        if limit is not None and len(raws) >= limit:
            last = raws[-1][1]
            seen = {(r[2], r[6], r[7], r[9]) for r in raws}
            same_day = src.in_range(last, last)
            raws += [r for r in self._select(src, (*where, *same_day), descending, None)
                     if (r[2], r[6], r[7], r[9]) not in seen]
        return raws

    def _select(self, src: Source, where: tuple[sa.ColumnElement[bool], ...], descending: bool,
                limit: int | None) -> list[Raw]:
        order = [src.base, *src.tie]
        columns = (*src.cols, src.entry)
        stmt = (sa.select(_str(src.base), *(sa.null() if c is None else c for c in columns)).select_from(src.from_)
                .where(*src.where, *self.range_of(src), *where)
                .order_by(*(c.desc() if descending else c for c in order)))
        if limit is not None:
            stmt = stmt.limit(limit)
        as_date, due_of, kind = self.as_date, src.due_of, src.kind
        return [(kind, due_of(as_date(base)), cid, rid, uid, law, bid, eid, aid, jid)
                for base, cid, rid, uid, law, bid, eid, aid, jid in self.session.execute(stmt).all()]

    def counts(self, src: Source, group: _Col) -> list[tuple[Any, int, int, int]]:
        """(group value, total, overdue, escalated) per value of `group`, by SQL aggregation."""
        today, esc = self.q.today, self.q.cfg.escalation[src.kind]
        overdue = sa.func.sum(sa.case((src.due_lt(today), 1), else_=0))
        escalated = sa.func.sum(sa.case((src.due_lt(today - timedelta(days=esc)), 1), else_=0))
        stmt = (sa.select(group, sa.func.count(), overdue, escalated).select_from(src.from_)
                .where(*src.where, *self.range_of(src)).group_by(group))
        return [(g, int(n), int(o or 0), int(e or 0)) for g, n, o, e in self.session.execute(stmt).all()]


def urgency(raw: Raw) -> tuple[date, int, int, int, int, int]:
    return raw[1], KIND_ORDER[raw[0]], raw[2], raw[6] or 0, raw[7] or 0, raw[9] or 0


def attach_names(session: Session, raws: list[Raw], today: date, cfg: DeadlineSettings) -> list[DeadlineItem]:
    """Attach names to (a page of) found items; one query per table, by id."""
    if not raws:
        return []
    resident_ids = {r[3] for r in raws}
    residents: dict[int, tuple[str, str]] = {}
    for chunk in _chunks(sorted(resident_ids), 900):
        for rid, number, surname, initials, prefix in session.execute(
                sa.select(col(Resident.id), col(Resident.client_number), col(Resident.surname),
                          col(Resident.initials), col(Resident.prefix))
                .where(col(Resident.id).in_(chunk))):
            residents[rid] = (number, display_name(surname, initials, prefix))
    users = user_names(session, (r[4] for r in raws))
    providers = provider_names(session)
    items = []
    for kind, due, cid, rid, uid, law, bid, eid, aid, jid in raws:
        left = days_left(due, today)
        number, name = residents.get(rid, ("", ""))
        items.append(DeadlineItem(
            kind=kind, label=KIND_LABELS[kind], due_date=due, days_left=left,
            escalated=is_escalated(left, cfg.escalation[kind]), resident_id=rid, client_number=number,
            resident_name=name, casus_id=cid, law=Law(law), consulent_id=uid, consulent_name=users.get(uid, ""),
            beschikking_id=bid, evaluation_id=eid, aanbieder_id=aid, aanbieder_name=providers.get(aid, ""),
            journal_entry_id=jid))
    return items


def _chunks(values: list[int], size: int) -> Iterable[list[int]]:
    for i in range(0, len(values), size):
        yield values[i:i + size]


# Names by id; typed with optional keys because they are looked up with an optional id ('' when None).
def user_names(session: Session, ids: Iterable[int | None] | None = None) -> dict[int | None, str]:
    """Display names by id: of `ids` only when given (a large municipality has thousands of users)."""
    stmt = sa.select(col(User.id), col(User.display_name))
    if ids is not None:
        stmt = stmt.where(col(User.id).in_(sorted({i for i in ids if i is not None})))
    return {uid: name for uid, name in session.execute(stmt).all()}


def provider_names(session: Session) -> dict[int | None, str]:
    rows = session.execute(sa.select(col(Aanbieder.id), col(Aanbieder.name))).all()
    return {aid: name for aid, name in rows}


def my_workload(db: Database, actor: Actor, *, today: date | None = None,
                kinds: Iterable[DeadlineKind] | None = None) -> list[DeadlineItem]:
    """'Mijn werkvoorraad': the due and overdue items of the cases the actor owns (casus.consulent_id),
    most overdue first, then soonest due. One access-log line per opening (no personal data in it).
    Follow-ups of the contact journal only for a role that may read the journal."""
    audit.require(db, actor, Action.RESIDENT_VIEW)
    day = today or clock.today()
    chosen = frozenset(DeadlineKind(k) for k in kinds) if kinds else frozenset(DeadlineKind)
    if not audit.allowed(actor, Action.JOURNAL_VIEW):
        chosen -= {DeadlineKind.OPVOLGING}
    with db.write() as s:
        cfg = load_settings(s)
        q = Query(day, cfg, consulent_id=actor.user_id, kinds=chosen)
        reader = Reader(s, q)
        raws = [r for src in sources(q) for r in reader.rows(src)]
        raws.sort(key=urgency)
        items = attach_names(s, raws, day, cfg)
        audit.record(s, actor, "werkvoorraad.inzien", record_type="werkvoorraad",
                     changes={"regels": [None, len(items)]})
    return items
