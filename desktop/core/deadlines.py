"""Deadlines and reminders, computed from the data every time: nothing about a reminder is stored.

Five kinds of deadline, each derived from dates in the tables (see `/work/shared/domain.md`,
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
             skipping the public holidays of the Algemene termijnenwet, see termijnen.is_working_day).

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

import heapq
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from functools import lru_cache

import sqlalchemy as sa
from sqlmodel import Session, select

from db import clock
from db.engine import Database
from db.models import (
    Aanbieder,
    Beschikking,
    Casus,
    Evaluation,
    EvaluationResult,
    Product,
    Resident,
    Setting,
    User,
)
from db.models.enums import CaseStatus, DecisionStatus, IndicationCategory, Law, ResultStatus, Role
from desktop.core import audit
from desktop.core.auth import Actor
from desktop.core.errors import ValidationError
from desktop.core.permissions import Action
from desktop.core.residents import display_name
from desktop.core.termijnen import next_working_day


class DeadlineKind(StrEnum):
    ONDERZOEK = "onderzoek"
    BESLUIT = "besluit"
    EVALUATIE = "evaluatie"
    AFLOOP = "afloop"
    BRIEF = "brief"


KIND_LABELS: dict[DeadlineKind, str] = {
    DeadlineKind.ONDERZOEK: "Onderzoek na melding",
    DeadlineKind.BESLUIT: "Besluit na aanvraag",
    DeadlineKind.EVALUATIE: "Evaluatie",
    DeadlineKind.AFLOOP: "Beschikking loopt af",
    DeadlineKind.BRIEF: "Brief niet verzonden",
}
_KIND_ORDER = {k: i for i, k in enumerate(DeadlineKind)}
ACTIVE_DECISION = (DecisionStatus.VASTGESTELD, DecisionStatus.VERZONDEN)

# ---------------------------------------------------------------- settings

WINDOW_KEY = "termijn.venster.{kind}"  # days before the due date an item appears
ESCALATION_KEY = "termijn.escalatie.{kind}"  # days overdue after which an item escalates
RESEARCH_WEEKS_KEY = "termijn.onderzoek.{law}"  # weeks from melding to the end of the research
DECISION_WEEKS_KEY = "termijn.besluit.{law}"  # weeks from aanvraag to the decision
LETTER_DAYS_KEY = "termijn.brief.werkdagen"  # working days from vaststelling to sending the letter

DEFAULT_WINDOWS = {DeadlineKind.ONDERZOEK: 14, DeadlineKind.BESLUIT: 14, DeadlineKind.EVALUATIE: 14,
                   DeadlineKind.AFLOOP: 56, DeadlineKind.BRIEF: 7}
DEFAULT_ESCALATION = {DeadlineKind.ONDERZOEK: 7, DeadlineKind.BESLUIT: 7, DeadlineKind.EVALUATIE: 14,
                      DeadlineKind.AFLOOP: 0, DeadlineKind.BRIEF: 5}
DEFAULT_RESEARCH_WEEKS = {Law.WMO: 6, Law.JEUGDWET: 6}
DEFAULT_DECISION_WEEKS = {Law.WMO: 2, Law.JEUGDWET: 8}
DEFAULT_LETTER_WORKING_DAYS = 5


@dataclass(frozen=True)
class DeadlineSettings:
    windows: dict[DeadlineKind, int] = field(default_factory=lambda: dict(DEFAULT_WINDOWS))
    escalation: dict[DeadlineKind, int] = field(default_factory=lambda: dict(DEFAULT_ESCALATION))
    research_weeks: dict[Law, int] = field(default_factory=lambda: dict(DEFAULT_RESEARCH_WEEKS))
    decision_weeks: dict[Law, int] = field(default_factory=lambda: dict(DEFAULT_DECISION_WEEKS))
    letter_working_days: int = DEFAULT_LETTER_WORKING_DAYS


# key -> (allowed range, Dutch description) for every setting this module reads
def _setting_specs() -> dict[str, tuple[int, int, str]]:
    specs: dict[str, tuple[int, int, str]] = {}
    for kind in DeadlineKind:
        specs[WINDOW_KEY.format(kind=kind.value)] = (0, 365, f"het venster van '{KIND_LABELS[kind]}' (dagen)")
        specs[ESCALATION_KEY.format(kind=kind.value)] = (0, 365, f"de escalatie van '{KIND_LABELS[kind]}' (dagen)")
    for law in Law:
        specs[RESEARCH_WEEKS_KEY.format(law=law.value)] = (1, 26, f"de onderzoekstermijn ({law.value}, weken)")
        specs[DECISION_WEEKS_KEY.format(law=law.value)] = (1, 26, f"de beslistermijn ({law.value}, weken)")
    specs[LETTER_DAYS_KEY] = (1, 30, "de termijn voor het verzenden van de brief (werkdagen)")
    return specs


SETTING_SPECS = _setting_specs()


def load_settings(session: Session) -> DeadlineSettings:
    """All `termijn.*` settings in one query; missing or unreadable values fall back to the defaults."""
    stored = {row.key: row.value for row in session.exec(select(Setting).where(Setting.key.like("termijn.%")))}

    def number(key: str, default: int) -> int:
        low, high, _ = SETTING_SPECS[key]
        try:
            value = int(stored[key])
        except (KeyError, ValueError):
            return default
        return value if low <= value <= high else default

    return DeadlineSettings(
        windows={k: number(WINDOW_KEY.format(kind=k.value), d) for k, d in DEFAULT_WINDOWS.items()},
        escalation={k: number(ESCALATION_KEY.format(kind=k.value), d) for k, d in DEFAULT_ESCALATION.items()},
        research_weeks={law: number(RESEARCH_WEEKS_KEY.format(law=law.value), d)
                        for law, d in DEFAULT_RESEARCH_WEEKS.items()},
        decision_weeks={law: number(DECISION_WEEKS_KEY.format(law=law.value), d)
                        for law, d in DEFAULT_DECISION_WEEKS.items()},
        letter_working_days=number(LETTER_DAYS_KEY, DEFAULT_LETTER_WORKING_DAYS),
    )


def deadline_settings(db: Database) -> DeadlineSettings:
    with db.read() as s:
        return load_settings(s)


def set_deadline_setting(db: Database, actor: Actor, key: str, value: int) -> None:
    """Changes one `termijn.*` setting (beheerder: Action.SETTINGS_MANAGE); logged as 'instelling.wijzigen'."""
    audit.require(db, actor, Action.SETTINGS_MANAGE)
    if key not in SETTING_SPECS:
        raise ValidationError(f"'{key}' is geen termijninstelling van Koers.", field="key")
    low, high, label = SETTING_SPECS[key]
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValidationError(f"Kies voor {label} een geheel getal van {low} tot en met {high}.", field="value")
    from desktop.core.settings import _put

    with db.write() as s:
        old = _put(s, key, str(value))
        audit.record(s, actor, "instelling.wijzigen", record_type="instelling", changes={key: [old, str(value)]})


# ---------------------------------------------------------------- the rules (pure functions of dates)

def add_weeks(start: date, weeks: int) -> date:
    """A term of N weeks ends on the same weekday N weeks later (start is day 0)."""
    return start + timedelta(days=7 * weeks)


def add_working_days(start: date, days: int) -> date:
    """The N-th working day after `start`: not a Saturday, Sunday or public holiday of the Algemene
    termijnenwet (termijnen.is_working_day); `start` itself never counts."""
    return _add_working_days(start, days)


@lru_cache(maxsize=4096)
def _add_working_days(start: date, days: int) -> date:
    day = start
    for _ in range(days):
        day = next_working_day(day + timedelta(days=1))
    return day


def research_due(melding: date, law: Law, cfg: DeadlineSettings = DeadlineSettings()) -> date:
    return add_weeks(melding, cfg.research_weeks[Law(law)])


def decision_due(aanvraag: date, law: Law, cfg: DeadlineSettings = DeadlineSettings()) -> date:
    return add_weeks(aanvraag, cfg.decision_weeks[Law(law)])


def letter_due(established: date, cfg: DeadlineSettings = DeadlineSettings()) -> date:
    return add_working_days(established, cfg.letter_working_days)


def expiry_due(end_date: date) -> date:
    """A decision's last day is the day by which its follow-up must be in place."""
    return end_date


def days_left(due: date, today: date) -> int:
    """Positive: days to go; 0: due today; negative: days overdue."""
    return (due - today).days


def is_visible(left: int, window: int) -> bool:
    """Shown from `window` days before the due date (window 14: day 14 before is shown, day 15 is not)."""
    return left <= window


def is_escalated(left: int, escalation_days: int) -> bool:
    """Overdue by more than `escalation_days` days."""
    return left < -escalation_days


def propose_next_evaluation(start: date, end: date, category: IndicationCategory | str, done: date) -> date | None:
    """The next moment of the decision's own calendar after `done` (3 months after the start, then every
    3 months (intensief) or 12 months (basis), counted from the start with decisions.add_months, so a
    decision started on the 31st does not drift); None when no moment is left within the decision."""
    from desktop.core.decisions import evaluation_dates

    for moment in evaluation_dates(start, end, IndicationCategory(category)):
        if moment > done:
            return moment
    return None


# ---------------------------------------------------------------- items

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

    @property
    def overdue(self) -> bool:
        return self.days_left < 0


# A found item before names are attached: (kind, due, casus_id, resident_id, consulent_id, law,
# beschikking_id, evaluation_id, aanbieder_id). Plain tuples.
_Raw = tuple

# Research and decision terms are found by probing every open case (is there an aanvraag, a decision?)
# for few items: such a source is read whole in that one pass and counted in Python, unless it holds more
# than FETCH_ALL items. Every other source (and a larger one) is counted by SQL aggregation, and only the
# rows that can reach a page are read.
FETCH_ALL = 2000
_READ_WHOLE = frozenset({DeadlineKind.ONDERZOEK, DeadlineKind.BESLUIT})


def _as_date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


_as_date_sqlite = date.fromisoformat


def _str(column):
    """Skip SQLAlchemy's per-row conversion (dates as text on SQLite are parsed by _as_date instead)."""
    return sa.type_coerce(column, sa.String)


@dataclass(frozen=True)
class _Query:
    today: date
    cfg: DeadlineSettings
    consulent_id: int | None = None
    law: Law | None = None
    aanbieder_id: int | None = None
    due_from: date | None = None
    due_to: date | None = None
    kinds: frozenset[DeadlineKind] = frozenset(DeadlineKind)

    def due_range(self, kind: DeadlineKind) -> tuple[date | None, date]:
        """The due dates that count: the window up to today + window, or the chosen period."""
        if self.due_from or self.due_to:
            return self.due_from, self.due_to or date.max
        return None, self.today + timedelta(days=self.cfg.windows[kind])


_C, _B, _E = Casus.__table__.c, Beschikking.__table__.c, Evaluation.__table__.c


def _case_filters(q: _Query) -> list:
    where = []
    if q.consulent_id is not None:
        where.append(_C.consulent_id == q.consulent_id)
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
class _Source:
    """One kind (week terms: one kind and one law) as one SELECT: every due-date condition becomes an exact
    range on the stored `base` date, because due_of is non-decreasing; bound(d) is the smallest stored date
    whose due date is >= d, so 'due < d' is 'base < bound(d)'."""

    kind: DeadlineKind
    base: sa.ColumnElement
    from_: sa.FromClause
    where: tuple
    cols: tuple  # casus_id, resident_id, consulent_id, law, beschikking_id, evaluation_id, aanbieder_id (None: none)
    tie: tuple  # the urgency tie-breakers after the date, as SQL (casus, decision, evaluation)
    due_of: Callable[[date], date]
    bound: Callable[[date], date]

    def due_lt(self, d: date):
        return self.base < self.bound(d)

    def in_range(self, low: date | None, high: date) -> list:
        where = []
        if low is not None and low != date.min:
            where.append(self.base >= self.bound(low))
        if high != date.max:
            where.append(self.base < self.bound(high + timedelta(days=1)))
        return where


# Vaststellen moves a case to 'lopend' (decisions.establish); a case in these states may still wait for a decision.
UNDECIDED = (CaseStatus.MELDING, CaseStatus.ONDERZOEK, CaseStatus.AANVRAAG)


def _sources(q: _Query) -> list[_Source]:
    """The SELECTs for the chosen kinds and filters (no due-date condition yet)."""
    cfg = q.cfg
    laws = [q.law] if q.law is not None else list(Law)
    out: list[_Source] = []
    case_cols = (_C.id, _C.resident_id, _C.consulent_id, _str(_C.law))
    casus = Casus.__table__
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
                still_open = (sa.func.coalesce(_C.closed_date, _C.closed_date) if kind is DeadlineKind.BESLUIT
                              else _C.closed_date).is_(None)
                out.append(_Source(kind, column, casus,
                                   (still_open, _C.law == law, *extra, *_case_filters(q)),
                                   (*case_cols, None, None, None), (_C.id,), due_of, bound))

    decision_filters = [] if q.aanbieder_id is None else [_B.aanbieder_id == q.aanbieder_id]
    if DeadlineKind.EVALUATIE in q.kinds:
        out.append(_Source(
            DeadlineKind.EVALUATIE, _E.planned_date,
            Evaluation.__table__.join(casus, _C.id == _E.casus_id)
            .outerjoin(Beschikking.__table__, _B.id == _E.beschikking_id),
            (_E.done_date.is_(None), _C.closed_date.is_(None),
             sa.or_(_E.beschikking_id.is_(None), _B.status.in_(ACTIVE_DECISION)), *decision_filters,
             *_case_filters(q)),
            (*case_cols, _E.beschikking_id, _E.id, _B.aanbieder_id),
            (_C.id, sa.func.coalesce(_E.beschikking_id, 0), _E.id), _identity, _identity))

    decision_cols = (_C.id, _C.resident_id, _C.consulent_id, _str(_B.law), _B.id, None, _B.aanbieder_id)
    decision_from = Beschikking.__table__.join(casus, _C.id == _B.casus_id)
    # One consulent's decisions are found through their cases (casus.consulent_id, then beschikking by
    # casus_id); a status wrapped in coalesce() keeps SQLite, which has no statistics to go by, from
    # scanning the team-wide (status, date) indexes instead. The result is the same.
    status = _B.status if q.consulent_id is None else sa.func.coalesce(_B.status, _B.status)
    if DeadlineKind.AFLOOP in q.kinds:
        later = Beschikking.__table__.alias("volgend")
        follow_up = (sa.select(later.c.id).where(later.c.casus_id == _B.casus_id, later.c.id != _B.id,
                                                  later.c.start_date > _B.start_date,
                                                  later.c.status != DecisionStatus.INGETROKKEN)
                     .correlate(Beschikking.__table__).exists())
        for active in ACTIVE_DECISION:  # one source per status: each is one range of (status, end_date)
            out.append(_Source(DeadlineKind.AFLOOP, _B.end_date, decision_from,
                               (status == active, ~follow_up, *decision_filters, *_case_filters(q)),
                               decision_cols, (_C.id, _B.id), expiry_due, _identity))
    if DeadlineKind.BRIEF in q.kinds:
        n = cfg.letter_working_days
        due_of = _letter_term(n)
        out.append(_Source(DeadlineKind.BRIEF, _B.established_date, decision_from,
                           (status == DecisionStatus.VASTGESTELD, _B.sent_date.is_(None),
                            _B.established_date.is_not(None), *decision_filters, *_case_filters(q)),
                           decision_cols, (_C.id, _B.id), due_of,
                           lambda d, due_of=due_of: _lowest_start(d, due_of)))
    return out


@lru_cache(maxsize=32)
def _letter_term(n: int) -> Callable[[date], date]:
    """One function object per number of days, so _lowest_start's cache can key on it."""
    return lambda start: add_working_days(start, n)


class _Reader:
    """Reads items of sources in one session; `where` always includes the source's due range."""

    def __init__(self, session: Session, q: _Query):
        self.session = session
        self.q = q
        self.as_date = _as_date_sqlite if session.get_bind().dialect.name == "sqlite" else _as_date

    def range_of(self, src: _Source) -> list:
        return src.in_range(*self.q.due_range(src.kind))

    def rows(self, src: _Source, *where, descending: bool = False, limit: int | None = None) -> list[_Raw]:
        """Items of a source ordered by urgency (or the reverse), at most `limit` plus every item that shares
        the last one's due date (so a page cut at `limit` is exact whatever the tie-breakers)."""
        raws = self._select(src, where, descending, limit)
        if limit is not None and len(raws) >= limit:
            last = raws[-1][1]
            seen = {(r[2], r[6], r[7]) for r in raws}
            same_day = src.in_range(last, last)
            raws += [r for r in self._select(src, (*where, *same_day), descending, None)
                     if (r[2], r[6], r[7]) not in seen]
        return raws

    def _select(self, src: _Source, where, descending: bool, limit: int | None) -> list[_Raw]:
        order = [src.base, *src.tie]
        stmt = (sa.select(_str(src.base), *(sa.null() if c is None else c for c in src.cols)).select_from(src.from_)
                .where(*src.where, *self.range_of(src), *where)
                .order_by(*(c.desc() if descending else c for c in order)))
        if limit is not None:
            stmt = stmt.limit(limit)
        as_date, due_of, kind = self.as_date, src.due_of, src.kind
        return [(kind, due_of(as_date(base)), cid, rid, uid, law, bid, eid, aid)
                for base, cid, rid, uid, law, bid, eid, aid in self.session.execute(stmt).all()]

    def counts(self, src: _Source, group) -> list[tuple]:
        """(group value, total, overdue, escalated) per value of `group`, by SQL aggregation."""
        today, esc = self.q.today, self.q.cfg.escalation[src.kind]
        overdue = sa.func.sum(sa.case((src.due_lt(today), 1), else_=0))
        escalated = sa.func.sum(sa.case((src.due_lt(today - timedelta(days=esc)), 1), else_=0))
        stmt = (sa.select(group, sa.func.count(), overdue, escalated).select_from(src.from_)
                .where(*src.where, *self.range_of(src)).group_by(group))
        return [(g, int(n), int(o or 0), int(e or 0)) for g, n, o, e in self.session.execute(stmt).all()]


def _urgency(raw: _Raw):
    return raw[1], _KIND_ORDER[raw[0]], raw[2], raw[6] or 0, raw[7] or 0


def _items(session: Session, raws: list[_Raw], today: date, cfg: DeadlineSettings) -> list[DeadlineItem]:
    """Attach names to (a page of) found items; one query per table, by id."""
    if not raws:
        return []
    resident_ids = {r[3] for r in raws}
    residents = {}
    for chunk in _chunks(sorted(resident_ids), 900):
        for rid, number, surname, initials, prefix in session.execute(
                sa.select(Resident.id, Resident.client_number, Resident.surname, Resident.initials, Resident.prefix)
                .where(Resident.id.in_(chunk))):
            residents[rid] = (number, display_name(surname, initials, prefix))
    users = _user_names(session)
    providers = dict(session.execute(sa.select(Aanbieder.id, Aanbieder.name)).all())
    items = []
    for kind, due, cid, rid, uid, law, bid, eid, aid in raws:
        left = days_left(due, today)
        number, name = residents.get(rid, ("", ""))
        items.append(DeadlineItem(
            kind=kind, label=KIND_LABELS[kind], due_date=due, days_left=left,
            escalated=is_escalated(left, cfg.escalation[kind]), resident_id=rid, client_number=number,
            resident_name=name, casus_id=cid, law=Law(law), consulent_id=uid, consulent_name=users.get(uid, ""),
            beschikking_id=bid, evaluation_id=eid, aanbieder_id=aid, aanbieder_name=providers.get(aid, "")))
    return items


def _chunks(values: list, size: int) -> Iterable[list]:
    for i in range(0, len(values), size):
        yield values[i:i + size]


def _user_names(session: Session) -> dict[int, str]:
    return dict(session.execute(sa.select(User.id, User.display_name)).all())


# ---------------------------------------------------------------- the consulent's own list

def my_workload(db: Database, actor: Actor, *, today: date | None = None,
                kinds: Iterable[DeadlineKind] | None = None) -> list[DeadlineItem]:
    """'Mijn werkvoorraad': the due and overdue items of the cases the actor owns (casus.consulent_id),
    most overdue first, then soonest due. One access-log line per opening (no personal data in it)."""
    audit.require(db, actor, Action.RESIDENT_VIEW)
    day = today or clock.today()
    with db.write() as s:
        cfg = load_settings(s)
        q = _Query(day, cfg, consulent_id=actor.user_id,
                   kinds=frozenset(DeadlineKind(k) for k in kinds) if kinds else frozenset(DeadlineKind))
        reader = _Reader(s, q)
        raws = [r for src in _sources(q) for r in reader.rows(src)]
        raws.sort(key=_urgency)
        items = _items(s, raws, day, cfg)
        audit.record(s, actor, "werkvoorraad.inzien", record_type="werkvoorraad",
                     changes={"regels": [None, len(items)]})
    return items


# ---------------------------------------------------------------- the casusregisseur's dashboard

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


def team_overview(db: Database, actor: Actor, filters: DashboardFilter = DashboardFilter(), *,
                  today: date | None = None) -> Dashboard:
    """The casusregisseur's dashboard. Requires Action.DEADLINES_ALL; one access-log line per opening.

    Per source (a kind; for week terms a kind and a law; for expiry a status) the items are counted by SQL
    (GROUP BY consulent) and only the rows that can reach the page are read in due-date order; research and
    decision terms, few items found by probing every open case, are read whole in one pass when they number
    at most FETCH_ALL (see _Board)."""
    audit.require(db, actor, Action.DEADLINES_ALL)
    filters.validate()
    day = today or clock.today()
    with db.write() as s:
        cfg = load_settings(s)
        q = _Query(day, cfg, consulent_id=filters.consulent_id, law=Law(filters.law) if filters.law else None,
                   aanbieder_id=filters.aanbieder_id, due_from=filters.due_from, due_to=filters.due_to,
                   kinds=frozenset(DeadlineKind(k) for k in filters.kinds) if filters.kinds else frozenset(DeadlineKind))
        users = _user_names(s)
        providers = dict(s.execute(sa.select(Aanbieder.id, Aanbieder.name)).all())
        board = _Board(_Reader(s, q), filters, users, providers)
        due, overdue, escalated = board.due, board.overdue, board.escalated
        consulenten = s.execute(sa.select(User.id, User.display_name).where(
            User.role == Role.CONSULENT, User.active.is_(True))).all()
        shown = {uid for uid, _ in consulenten} | {u for u, n in due.items() if n} | \
            {u for u, n in overdue.items() if n}
        if filters.consulent_id is not None:
            shown = {filters.consulent_id}
        per_consulent = sorted((ConsulentCounts(uid, users.get(uid, ""), due[uid], overdue[uid], escalated[uid])
                                for uid in shown if uid is not None), key=lambda c: (c.name.casefold(), c.consulent_id))
        if None in shown:
            per_consulent.append(ConsulentCounts(None, "(geen consulent)", due[None], overdue[None], escalated[None]))
        team = ConsulentCounts(None, "Heel het team", sum(due.values()), sum(overdue.values()),
                               sum(escalated.values()))
        total = team.total
        items = _items(s, board.page(), day, cfg)
        escalated_items = _items(s, board.escalated_page(), day, cfg)
        audit.record(s, actor, "termijnen.overzicht", record_type="termijnen", changes={
            "filter": [None, {k: audit.value(v) for k, v in (("consulent_id", filters.consulent_id),
                                                              ("law", filters.law),
                                                              ("aanbieder_id", filters.aanbieder_id),
                                                              ("due_from", filters.due_from),
                                                              ("due_to", filters.due_to)) if v is not None}],
            "regels": [None, total]})
    return Dashboard(day, per_consulent, team, items, total, escalated_items, team.escalated,
                     {k: n for k, n in board.per_kind.items() if n})


class _Board:
    """The counts and the two pages of one dashboard opening."""

    def __init__(self, reader: _Reader, filters: DashboardFilter, users: dict[int, str],
                 providers: dict[int, str]):
        self.reader, self.filters, self.users, self.providers = reader, filters, users, providers
        q = reader.q
        self.today = q.today
        self.key = _sort_key(filters.sort, users, providers)
        self.due, self.overdue, self.escalated = Counter(), Counter(), Counter()
        self.per_kind: Counter = Counter({k: 0 for k in DeadlineKind})
        self.complete: list[tuple[_Source, list[_Raw]]] = []  # read whole
        self.large: list[_Source] = []  # counted in SQL
        self.prefix: dict[int, list[_Raw]] = {}  # per large source: its first items in urgency order
        self.sizes: dict[int, int] = {}  # per large source: its number of items
        fetch = max(FETCH_ALL, filters.limit)
        for src in _sources(q):
            raws = None
            if src.kind in _READ_WHOLE:
                raws = reader.rows(src, limit=fetch + 1)
                if len(raws) <= fetch:
                    self.complete.append((src, raws))
                    self._count(src.kind, raws)
                    continue
            self.large.append(src)
            self.sizes[id(src)] = 0
            for uid, n, o, e in reader.counts(src, _C.consulent_id):
                self.due[uid] += n - o
                self.overdue[uid] += o
                self.escalated[uid] += e
                self.per_kind[src.kind] += n
                self.sizes[id(src)] += n
            if raws is None:
                raws = reader.rows(src, limit=filters.limit + 1) if self.sizes[id(src)] else []
            self.prefix[id(src)] = raws

    def _count(self, kind: DeadlineKind, raws: list[_Raw]) -> None:
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

    def page(self) -> list[_Raw]:
        f = self.filters
        pick = heapq.nlargest if f.descending else heapq.nsmallest
        candidates = [r for _, raws in self.complete for r in raws]
        if self.large:
            candidates += self._large_candidates()
        return pick(f.limit, candidates, key=self.key)

    def _large_candidates(self) -> list[_Raw]:
        """Rows of the large sources that can reach the page: per source (and per law when sorting by law)
        the first `limit` in the asked direction; for consulent or provider order, all rows of the first
        consulenten or providers (by name) that together hold `limit` items."""
        f, reader = self.filters, self.reader
        if f.sort in ("consulent", "aanbieder"):
            return self._group_candidates()
        out = []
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

    def _group_candidates(self) -> list[_Raw]:
        f, reader = self.filters, self.reader
        by_consulent = f.sort == "consulent"
        names = self.users if by_consulent else self.providers
        totals: Counter = Counter()
        for _, raws in self.complete:
            for r in raws:
                totals[r[4] if by_consulent else r[8]] += 1
        for src in self.large:
            group = _C.consulent_id if by_consulent else src.cols[6]
            if group is None:  # no provider for this kind
                totals[None] += self.sizes[id(src)]
                continue
            for g, n, _o, _e in reader.counts(src, group):
                totals[g] += n
        keys: dict[str, list] = {}
        for g in totals:
            keys.setdefault(names.get(g, "").casefold(), []).append(g)
        chosen, held = [], 0
        for name in sorted(keys, reverse=f.descending):
            if held >= f.limit:
                break
            chosen += keys[name]
            held += sum(totals[g] for g in keys[name])
        out = []
        for src in self.large:
            column = _C.consulent_id if by_consulent else src.cols[6]
            if column is None:  # no provider for this kind: every row is in the group None
                if None in chosen:
                    out += reader.rows(src)
                continue
            ids = [g for g in chosen if g is not None]
            where = [column.in_(ids)] if ids else []
            if None in chosen:
                where = [sa.or_(column.is_(None), *where)]
            if where:
                out += reader.rows(src, *where)
        return out

    def escalated_page(self) -> list[_Raw]:
        """Most overdue first: escalated items come first in urgency order, so the rows already read suffice."""
        q = self.reader.q
        esc = q.cfg.escalation
        raws = [r for _, rows in self.complete for r in rows]
        for rows in self.prefix.values():
            raws += rows
        return heapq.nsmallest(self.filters.limit, (r for r in raws if is_escalated(days_left(r[1], q.today),
                                                                                   esc[r[0]])), key=_urgency)


def _sort_key(sort: str, users: dict[int, str], providers: dict[int, str]):
    if sort == "kind":
        return lambda r: (_KIND_ORDER[r[0]], *_urgency(r))
    if sort == "law":
        return lambda r: (r[5], *_urgency(r))
    if sort == "consulent":
        return lambda r: (users.get(r[4], "").casefold(), *_urgency(r))
    if sort == "aanbieder":
        return lambda r: (providers.get(r[8], "").casefold(), *_urgency(r))
    return _urgency


# ---------------------------------------------------------------- results per provider

@dataclass(frozen=True)
class ProviderResults:
    aanbieder_id: int | None
    aanbieder_name: str
    product_id: int | None
    product_code: str
    product_name: str
    behaald: int
    deels: int
    niet: int
    vervallen: int
    evaluations: int  # distinct evaluations held in the period

    @property
    def total(self) -> int:
        return self.behaald + self.deels + self.niet + self.vervallen

    @property
    def share_achieved(self) -> float:
        """Behaald as a share of the results that still counted (vervallen left out); 0.0 when none."""
        counted = self.behaald + self.deels + self.niet
        return self.behaald / counted if counted else 0.0


def results_by_provider(db: Database, actor: Actor, date_from: date, date_to: date) -> list[ProviderResults]:
    """Per provider and product: how the results came out in the evaluations held in [date_from, date_to]."""
    audit.require(db, actor, Action.DEADLINES_ALL)
    if date_to < date_from:
        raise ValidationError("De einddatum ligt vóór de begindatum. Draai ze om.", field="date_to")
    R = EvaluationResult.__table__.c
    stmt = (sa.select(_B.aanbieder_id, _B.product_id, R.status, sa.func.count(),
                      sa.func.count(sa.distinct(_E.id)))
            .select_from(EvaluationResult.__table__.join(Evaluation.__table__, _E.id == R.evaluation_id)
                         .join(Beschikking.__table__, _B.id == _E.beschikking_id))
            .where(_E.done_date.is_not(None), _E.done_date >= date_from, _E.done_date <= date_to)
            .group_by(_B.aanbieder_id, _B.product_id, R.status))
    evals = (sa.select(_B.aanbieder_id, _B.product_id, sa.func.count())
             .select_from(Evaluation.__table__.join(Beschikking.__table__, _B.id == _E.beschikking_id))
             .where(_E.done_date.is_not(None), _E.done_date >= date_from, _E.done_date <= date_to)
             .group_by(_B.aanbieder_id, _B.product_id))
    with db.write() as s:
        counts: dict[tuple, Counter] = {}
        for aid, pid, status, n, _ in s.execute(stmt):
            counts.setdefault((aid, pid), Counter())[ResultStatus(status)] = n
        held = {(aid, pid): n for aid, pid, n in s.execute(evals)}
        providers = dict(s.execute(sa.select(Aanbieder.id, Aanbieder.name)).all())
        products = {pid: (code, name) for pid, code, name in s.execute(sa.select(Product.id, Product.code,
                                                                                  Product.name))}
        audit.record(s, actor, "resultaten.overzicht", record_type="termijnen", changes={
            "periode": [None, [date_from.isoformat(), date_to.isoformat()]]})
    rows = []
    for key in set(counts) | set(held):
        aid, pid = key
        c = counts.get(key, Counter())
        code, name = products.get(pid, ("", ""))
        rows.append(ProviderResults(aid, providers.get(aid, ""), pid, code, name, c[ResultStatus.BEHAALD],
                                    c[ResultStatus.DEELS], c[ResultStatus.NIET], c[ResultStatus.VERVALLEN],
                                    held.get(key, 0)))
    rows.sort(key=lambda r: (r.aanbieder_name.casefold(), r.product_code))
    return rows


def settings_as_values(cfg: DeadlineSettings) -> dict[str, int]:
    """The settings by key, as the Beheer form shows them."""
    values = {WINDOW_KEY.format(kind=k.value): v for k, v in cfg.windows.items()}
    values |= {ESCALATION_KEY.format(kind=k.value): v for k, v in cfg.escalation.items()}
    values |= {RESEARCH_WEEKS_KEY.format(law=law.value): v for law, v in cfg.research_weeks.items()}
    values |= {DECISION_WEEKS_KEY.format(law=law.value): v for law, v in cfg.decision_weeks.items()}
    values[LETTER_DAYS_KEY] = cfg.letter_working_days
    return values


def set_deadline_settings(db: Database, actor: Actor, values: dict[str, int]) -> int:
    """Saves several `termijn.*` settings in one transaction (all valid, or none stored); returns how many
    changed. Every problem is listed at once."""
    audit.require(db, actor, Action.SETTINGS_MANAGE)
    problems = []
    for key, value in values.items():
        if key not in SETTING_SPECS:
            problems.append(f"'{key}' is geen termijninstelling van Koers.")
            continue
        low, high, label = SETTING_SPECS[key]
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            problems.append(f"Kies voor {label} een geheel getal van {low} tot en met {high}.")
    if problems:
        raise ValidationError("De termijnen zijn niet opgeslagen. Herstel eerst:", problems=problems)
    from desktop.core.settings import _put

    current = settings_as_values(deadline_settings(db))
    changed = {k: v for k, v in values.items() if current.get(k) != v}
    if changed:
        with db.write() as s:
            olds = {key: _put(s, key, str(value)) for key, value in changed.items()}
            audit.record(s, actor, "instelling.wijzigen", record_type="instelling",
                         changes={key: [olds[key], str(value)] for key, value in changed.items()})
    return len(changed)
