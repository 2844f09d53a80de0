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
- brief      a decision vastgesteld but not sent: established date + N working days (Monday to Friday;
             public holidays are not skipped, so the date is never later than a holiday-aware one).

Terms in weeks are calendar arithmetic: a term of N weeks ends N * 7 days after the start date (the
start date itself is day 0, so a melding on a Monday is due on the Monday six weeks later). Koers does
not extend a term that ends in a weekend (Algemene termijnenwet): a reminder errs on the early side.

An item *appears* from `window` days before its due date (a window per kind), and stays until done.
An item overdue by *more than* `escalation` days (per kind) is escalated to the casusregisseur.
Windows, escalation days and terms are settings (`setting` table, keys `termijn.*`).

The queries filter in SQL (by kind, case owner, law, provider and the date window turned into a
bound on the stored date) and return only the items; due dates are then finished in Python with the
same pure functions the tests use.
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
from db.models.enums import DecisionStatus, IndicationCategory, Law, ResultStatus, Role
from desktop.core import audit, clock
from desktop.core.auth import Actor
from desktop.core.errors import ValidationError
from desktop.core.permissions import Action
from desktop.core.residents import display_name


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
    """The N-th working day (Monday-Friday) after `start`; `start` itself never counts."""
    return start + timedelta(days=_working_day_offset(start.weekday(), days))


@lru_cache(maxsize=256)
def _working_day_offset(weekday: int, days: int) -> int:
    offset = 0
    while days > 0:
        offset += 1
        if (weekday + offset) % 7 < 5:
            days -= 1
    return offset


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


def _base_bounds(due_from: date | None, due_to: date | None, due_of: Callable[[date], date]) -> tuple:
    """Bounds on the stored date whose due date may fall in [due_from, due_to] (due_of is non-decreasing).

    Exact for week terms; for working days a bound that is at most a few days too wide, which the
    exact check in Python then removes."""
    def lowest_start(target: date) -> date:  # the smallest start whose due date is >= target
        start = target - timedelta(days=7 * 60)
        while due_of(start + timedelta(days=7)) < target:
            start += timedelta(days=7)
        while due_of(start) < target:
            start += timedelta(days=1)
        return start

    low = lowest_start(due_from) if due_from else None
    high = lowest_start(due_to + timedelta(days=1)) - timedelta(days=1) if due_to else None
    return low, high


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
# beschikking_id, evaluation_id, aanbieder_id). Plain tuples: the team list can hold tens of thousands.
_Raw = tuple


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


def _week_term_filter(q: _Query, column, weeks: dict[Law, int], kind: DeadlineKind) -> list:
    """One loose bound on the stored date for all laws (an index range, no OR); Python checks exactly."""
    low, high = q.due_range(kind)
    where = []
    if high != date.max:
        where.append(column <= high - timedelta(days=7 * min(weeks.values())))
    if low is not None:
        where.append(column >= low - timedelta(days=7 * max(weeks.values())))
    return where


def _in_range(q: _Query, kind: DeadlineKind, due: date) -> bool:
    low, high = q.due_range(kind)
    return (low is None or due >= low) and due <= high


def _ranges(q: _Query) -> dict[DeadlineKind, tuple[date, date]]:
    return {k: ((q.due_range(k)[0] or date.min), q.due_range(k)[1]) for k in DeadlineKind}


def _found(session: Session, q: _Query) -> list[_Raw]:
    """Every item of the chosen kinds that passes the filters, unsorted."""
    out: list[_Raw] = []
    cfg = q.cfg
    ranges = _ranges(q)
    as_date = _as_date_sqlite if session.get_bind().dialect.name == "sqlite" else _as_date
    case_cols = (_C.id, _C.resident_id, _C.consulent_id, _str(_C.law))

    if DeadlineKind.ONDERZOEK in q.kinds and q.aanbieder_id is None:
        stmt = (sa.select(_str(_C.melding_date), *case_cols)
                .where(_C.closed_date.is_(None), _C.aanvraag_date.is_(None),
                       *_week_term_filter(q, _C.melding_date, cfg.research_weeks, DeadlineKind.ONDERZOEK),
                       *_case_filters(q)))
        for base, cid, rid, uid, law in session.execute(stmt).all():
            due = add_weeks(as_date(base), cfg.research_weeks[Law(law)])
            if ranges[DeadlineKind.ONDERZOEK][0] <= due <= ranges[DeadlineKind.ONDERZOEK][1]:
                out.append((DeadlineKind.ONDERZOEK, due, cid, rid, uid, law, None, None, None))

    if DeadlineKind.BESLUIT in q.kinds and q.aanbieder_id is None:
        decided = (sa.select(_B.id).where(_B.casus_id == _C.id, _B.established_date.is_not(None))
                   .correlate(Casus.__table__).exists())
        stmt = (sa.select(_str(_C.aanvraag_date), *case_cols)
                .where(_C.closed_date.is_(None), _C.aanvraag_date.is_not(None),
                       *_week_term_filter(q, _C.aanvraag_date, cfg.decision_weeks, DeadlineKind.BESLUIT),
                       ~decided, *_case_filters(q)))
        for base, cid, rid, uid, law in session.execute(stmt).all():
            due = add_weeks(as_date(base), cfg.decision_weeks[Law(law)])
            if ranges[DeadlineKind.BESLUIT][0] <= due <= ranges[DeadlineKind.BESLUIT][1]:
                out.append((DeadlineKind.BESLUIT, due, cid, rid, uid, law, None, None, None))

    if DeadlineKind.EVALUATIE in q.kinds:
        low, high = q.due_range(DeadlineKind.EVALUATIE)
        where = [_E.done_date.is_(None), _C.closed_date.is_(None),
                 sa.or_(_E.beschikking_id.is_(None), _B.status.in_(ACTIVE_DECISION)), *_case_filters(q)]
        if high != date.max:
            where.append(_E.planned_date <= high)
        if low is not None:
            where.append(_E.planned_date >= low)
        if q.aanbieder_id is not None:
            where.append(_B.aanbieder_id == q.aanbieder_id)
        stmt = (sa.select(_str(_E.planned_date), *case_cols, _E.beschikking_id, _E.id, _B.aanbieder_id)
                .select_from(Evaluation.__table__.join(Casus.__table__, _C.id == _E.casus_id)
                             .outerjoin(Beschikking.__table__, _B.id == _E.beschikking_id))
                .where(*where))
        for base, cid, rid, uid, law, bid, eid, aid in session.execute(stmt).all():
            out.append((DeadlineKind.EVALUATIE, as_date(base), cid, rid, uid, law, bid, eid, aid))

    decision_filters = []
    if q.aanbieder_id is not None:
        decision_filters.append(_B.aanbieder_id == q.aanbieder_id)
    decision_cols = (_C.id, _C.resident_id, _C.consulent_id, _str(_B.law), _B.id, _B.aanbieder_id)
    decision_from = Beschikking.__table__.join(Casus.__table__, _C.id == _B.casus_id)

    if DeadlineKind.AFLOOP in q.kinds:
        low, high = q.due_range(DeadlineKind.AFLOOP)
        later = Beschikking.__table__.alias("volgend")
        follow_up = (sa.select(later.c.id).where(later.c.casus_id == _B.casus_id, later.c.id != _B.id,
                                                  later.c.start_date > _B.start_date,
                                                  later.c.status != DecisionStatus.INGETROKKEN)
                     .correlate(Beschikking.__table__).exists())
        where = [_B.status.in_(ACTIVE_DECISION), ~follow_up, *decision_filters, *_case_filters(q)]
        if high != date.max:
            where.append(_B.end_date <= high)
        if low is not None:
            where.append(_B.end_date >= low)
        stmt = sa.select(_str(_B.end_date), *decision_cols).select_from(decision_from).where(*where)
        for base, cid, rid, uid, law, bid, aid in session.execute(stmt).all():
            out.append((DeadlineKind.AFLOOP, as_date(base), cid, rid, uid, law, bid, None, aid))

    if DeadlineKind.BRIEF in q.kinds:
        low, high = q.due_range(DeadlineKind.BRIEF)
        n = cfg.letter_working_days
        start_low, start_high = _base_bounds(low, None if high == date.max else high,
                                             lambda d: add_working_days(d, n))
        where = [_B.status == DecisionStatus.VASTGESTELD, _B.sent_date.is_(None), _B.established_date.is_not(None),
                 *decision_filters, *_case_filters(q)]
        if start_high is not None:
            where.append(_B.established_date <= start_high)
        if start_low is not None:
            where.append(_B.established_date >= start_low)
        stmt = sa.select(_str(_B.established_date), *decision_cols).select_from(decision_from).where(*where)
        for base, cid, rid, uid, law, bid, aid in session.execute(stmt).all():
            due = add_working_days(as_date(base), n)
            if ranges[DeadlineKind.BRIEF][0] <= due <= ranges[DeadlineKind.BRIEF][1]:
                out.append((DeadlineKind.BRIEF, due, cid, rid, uid, law, bid, None, aid))
    return out


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


def _tune(session: Session) -> None:
    """A bigger page cache for this connection (SQLite's default is 2 MB): the team lists read
    tens of thousands of index entries, and repeated opens then come from memory."""
    if session.get_bind().dialect.name == "sqlite":
        session.execute(sa.text("PRAGMA cache_size=-65536"))


# ---------------------------------------------------------------- the consulent's own list

def my_workload(db: Database, actor: Actor, *, today: date | None = None,
                kinds: Iterable[DeadlineKind] | None = None) -> list[DeadlineItem]:
    """'Mijn werkvoorraad': the due and overdue items of the cases the actor owns (casus.consulent_id),
    most overdue first, then soonest due. One access-log line per opening (no personal data in it)."""
    audit.require(db, actor, Action.RESIDENT_VIEW)
    day = today or clock.today()
    with db.write() as s:
        _tune(s)
        cfg = load_settings(s)
        q = _Query(day, cfg, consulent_id=actor.user_id,
                   kinds=frozenset(DeadlineKind(k) for k in kinds) if kinds else frozenset(DeadlineKind))
        raws = [r for r in _found(s, q) if is_visible(days_left(r[1], day), cfg.windows[r[0]])]
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
    """The casusregisseur's dashboard. Requires Action.DEADLINES_ALL; one access-log line per opening."""
    audit.require(db, actor, Action.DEADLINES_ALL)
    filters.validate()
    day = today or clock.today()
    with db.write() as s:
        _tune(s)
        cfg = load_settings(s)
        q = _Query(day, cfg, consulent_id=filters.consulent_id, law=Law(filters.law) if filters.law else None,
                   aanbieder_id=filters.aanbieder_id, due_from=filters.due_from, due_to=filters.due_to,
                   kinds=frozenset(DeadlineKind(k) for k in filters.kinds) if filters.kinds else frozenset(DeadlineKind))
        period = filters.due_from is not None or filters.due_to is not None
        raws = _found(s, q)
        if not period:
            raws = [r for r in raws if is_visible(days_left(r[1], day), cfg.windows[r[0]])]
        users = _user_names(s)
        due, overdue, escalated = Counter(), Counter(), Counter()
        escalated_raws = []
        for r in raws:
            left = days_left(r[1], day)
            if left < 0:
                overdue[r[4]] += 1
                if is_escalated(left, cfg.escalation[r[0]]):
                    escalated[r[4]] += 1
                    escalated_raws.append(r)
            else:
                due[r[4]] += 1
        consulenten = s.execute(sa.select(User.id, User.display_name).where(
            User.role == Role.CONSULENT, User.active.is_(True))).all()
        shown = {uid for uid, _ in consulenten} | set(due) | set(overdue)
        if filters.consulent_id is not None:
            shown = {filters.consulent_id}
        per_consulent = sorted((ConsulentCounts(uid, users.get(uid, ""), due[uid], overdue[uid], escalated[uid])
                                for uid in shown if uid is not None), key=lambda c: (c.name.casefold(), c.consulent_id))
        if None in shown:
            per_consulent.append(ConsulentCounts(None, "(geen consulent)", due[None], overdue[None], escalated[None]))
        team = ConsulentCounts(None, "Heel het team", sum(due.values()), sum(overdue.values()),
                               sum(escalated.values()))
        providers = dict(s.execute(sa.select(Aanbieder.id, Aanbieder.name)).all())
        pick = heapq.nlargest if filters.descending else heapq.nsmallest
        page = pick(filters.limit, raws, key=_sort_key(filters.sort, users, providers))
        items = _items(s, page, day, cfg)
        escalated_items = _items(s, heapq.nsmallest(filters.limit, escalated_raws, key=_urgency), day, cfg)
        audit.record(s, actor, "termijnen.overzicht", record_type="termijnen", changes={
            "filter": [None, {k: audit.value(v) for k, v in (("consulent_id", filters.consulent_id),
                                                              ("law", filters.law),
                                                              ("aanbieder_id", filters.aanbieder_id),
                                                              ("due_from", filters.due_from),
                                                              ("due_to", filters.due_to)) if v is not None}],
            "regels": [None, len(raws)]})
    return Dashboard(day, per_consulent, team, items, len(raws), escalated_items, len(escalated_raws),
                     dict(Counter(r[0] for r in raws)))


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
