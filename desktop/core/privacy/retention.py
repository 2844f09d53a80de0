"""Retention: how long a resident's file is kept, which files have passed their period, and destroying or
anonymising them (AVG art. 5 lid 1 onder e; the municipal selectielijst; art. 7.3.8 Jeugdwet).

The periods are settings in whole years, per law and outcome: a Wmo file where something was granted is kept 15
years after the last decision ended, one where nothing was granted 5 years after the casus closed, a Jeugdwet file
20 years after the later of both. A file has passed its period when every casus of the resident is closed and the
period of each has run out; the latest casus decides. A beheerder then destroys it (everything of the resident goes,
the access log keeps only the client number of its lines) or anonymises it, when its figures are still needed for
the reports: the decisions, their periods, hours and monthly summaries stay on a resident row without a name,
address or BSN; the plans, evaluations, letters, journal, documents and people around the resident go.

Both run in one transaction that checks every file again first and needs the number of files confirmed; nothing
in Koers can bring a destroyed or anonymised file back (the access log's undo knows no such line).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlmodel import Session

from db import clock
from db.clock import AMSTERDAM
from db.engine import Database
from db.models import (
    AuditEntry,
    Beschikking,
    BeschikkingResult,
    CaseDocument,
    Casus,
    ContactLetter,
    Correction,
    DecisionMonth,
    Draft,
    Evaluation,
    IwmoAssignment,
    IwmoMessage,
    IwmoPrestatie,
    JournalEntry,
    Letter,
    MonthTotal,
    Plan,
    RelatedPerson,
    Resident,
)
from db.models.base import table
from db.models.enums import DecisionKind, Law, Salutation
from desktop.core.access import audit
from desktop.core.access.actor import Actor
from desktop.core.access.permissions import Action
from desktop.core.decisions import months
from desktop.core.decisions.rules import REPORTED, add_months
from desktop.core.errors import KoersError, NotFoundError, ValidationError
from desktop.core.nl import format_date
from desktop.core.residents.names import display_name
from desktop.core.settings import get_setting, put_setting
from desktop.core.text import resident_search_keys

WMO_GRANTED_KEY = "bewaartermijn.wmo_toegekend"
WMO_NOT_GRANTED_KEY = "bewaartermijn.wmo_niet_toegekend"
JEUGDWET_KEY = "bewaartermijn.jeugdwet"
MIN_YEARS, MAX_YEARS = 1, 115
ANONYMOUS_SURNAME = "Geanonimiseerd"
CHUNK = 500  # residents per statement: well inside SQLite's and PostgreSQL's limits on bound values

# The outcome a casus is kept for (the `basis` of its period).
WMO_GRANTED, WMO_NOT_GRANTED, JEUGDWET, NO_CASE = "wmo_toegekend", "wmo_niet_toegekend", "jeugdwet", "geen_casus"
# A decision that granted something: a toekenning or a wijziging (which grants again from a date) that was
# established and so took effect: vastgesteld, verzonden, beëindigd or vervangen (REPORTED, the statuses the
# reports count). A concept was never decided; an ingetrokken decision was withdrawn before any hours were booked,
# so nothing was provided; an afwijzing grants nothing. A file with only those is kept as 'niet toegekend'.
GRANTING_KINDS = (DecisionKind.TOEKENNING, DecisionKind.WIJZIGING)


@dataclass(frozen=True)
class RetentionPeriods:
    """The retention periods in whole years."""

    wmo_granted: int = 15
    wmo_not_granted: int = 5
    jeugdwet: int = 20

    def years(self, basis: str) -> int:
        return {WMO_GRANTED: self.wmo_granted, WMO_NOT_GRANTED: self.wmo_not_granted,
                JEUGDWET: self.jeugdwet, NO_CASE: self.wmo_not_granted}[basis]


_KEYS = {"wmo_granted": WMO_GRANTED_KEY, "wmo_not_granted": WMO_NOT_GRANTED_KEY, "jeugdwet": JEUGDWET_KEY}
_LABELS = {"wmo_granted": "Wmo, toegekend", "wmo_not_granted": "Wmo, niets toegekend", "jeugdwet": "Jeugdwet"}


def _stored_years(text: str | None, default: int) -> int:
    try:
        years = int(text) if text is not None else default
    except ValueError:
        return default
    return years if MIN_YEARS <= years <= MAX_YEARS else default


def retention_periods(db: Database) -> RetentionPeriods:
    """The periods as set (a missing or unreadable setting gives the default)."""
    defaults = RetentionPeriods()
    return RetentionPeriods(**{name: _stored_years(get_setting(db, key), getattr(defaults, name))
                               for name, key in _KEYS.items()})


def set_retention_periods(db: Database, actor: Actor, *, wmo_granted: int | None = None,
                          wmo_not_granted: int | None = None, jeugdwet: int | None = None) -> int:
    """Sets the periods given (None leaves one as it is), all or none; each change is logged. Returns how many
    changed."""
    audit.require(db, actor, Action.RETENTION_MANAGE)
    wanted = {"wmo_granted": wmo_granted, "wmo_not_granted": wmo_not_granted, "jeugdwet": jeugdwet}
    errors = {name: f"{_LABELS[name]}: kies een bewaartermijn van {MIN_YEARS} tot en met {MAX_YEARS} jaar."
              for name, years in wanted.items()
              if years is not None and (isinstance(years, bool) or not isinstance(years, int)
                                        or not MIN_YEARS <= years <= MAX_YEARS)}
    if errors:
        raise ValidationError.of_fields("De bewaartermijnen zijn niet opgeslagen. Herstel eerst:", errors)
    changed = 0
    with db.write() as s:
        for name, years in wanted.items():
            if years is None:
                continue
            old = put_setting(s, _KEYS[name], str(years))
            if old != str(years):
                changed += 1
                audit.record(s, actor, "instelling.wijzigen", record_type="instelling",
                             changes={_KEYS[name]: [old, str(years)]})
    return changed


# ---------------------------------------------------------------- which files have passed their period


def add_years(day: date, years: int) -> date:
    """The same day `years` later (29 February becomes 28 February); negative goes back."""
    return add_months(day, 12 * years)


def last_basis_day(today: date, years: int) -> date:
    """The latest basis date whose period of `years` has run out on `today` (add_years(basis) <= today)."""
    day = add_years(today, -years)
    while add_years(day + timedelta(days=1), years) <= today:
        day += timedelta(days=1)
    while add_years(day, years) > today:
        day -= timedelta(days=1)
    return day


@dataclass(frozen=True)
class ExpiredFile:
    """One line of the list of files past their period: whom (surname and initials, for the beheerder to see
    whom she destroys), under which law(s), why and since when."""

    resident_id: int
    client_number: str
    name: str
    laws: str
    reason: str
    expires_on: date


_LAW_SHORT = {Law.WMO: "Wmo", Law.JEUGDWET: "Jeugdwet"}
_B, _C, _R = table(Beschikking).c, table(Casus).c, table(Resident).c


def _case_basis() -> sa.Subquery:
    """Per casus: its resident, law, whether it is closed, the outcome it is kept for and the day its period
    starts. One pass over the decisions grouped by casus, one over the cases: no query per resident."""
    ended = sa.func.coalesce(_B.ended_date, _B.end_date)
    reported = _B.status.in_([s.value for s in REPORTED])
    granted = sa.and_(reported, _B.kind.in_([k.value for k in GRANTING_KINDS]))
    decisions = (sa.select(_B.casus_id,
                           sa.func.max(sa.case((granted, 1), else_=0)).label("granted"),
                           sa.func.max(sa.case((granted, ended))).label("granted_end"),
                           sa.func.max(sa.case((reported, ended))).label("last_end"))
                 .group_by(_B.casus_id).subquery("d"))
    d = decisions.c
    closed = sa.func.coalesce(_C.closed_date, _C.outcome_date)
    basis = sa.case(
        (_C.law == Law.JEUGDWET, sa.case((d.last_end > _C.closed_date, d.last_end), else_=_C.closed_date)),
        (d.granted == 1, d.granted_end),
        else_=closed)
    kind = sa.case((_C.law == Law.JEUGDWET, JEUGDWET), (d.granted == 1, WMO_GRANTED), else_=WMO_NOT_GRANTED)
    return (sa.select(_C.resident_id, _C.id.label("casus_id"), _C.law, _C.closed_date,
                      sa.type_coerce(basis, sa.Date).label("basis"), kind.label("kind"),
                      sa.type_coerce(d.granted_end, sa.Date).label("granted_end"),
                      sa.type_coerce(d.last_end, sa.Date).label("last_end"))
            .select_from(table(Casus).outerjoin(decisions, d.casus_id == _C.id)).subquery("cb"))


def _expired_ids(conn: Connection, today: date, periods: RetentionPeriods,
                 among: Sequence[int] | None) -> set[int]:
    """The residents (not anonymised) whose file has passed its period on `today`: every casus closed and each
    one's period run out; a resident without a casus counts from the day they were registered."""
    cb = _case_basis().c
    cut = {kind: sa.literal(last_basis_day(today, periods.years(kind)), sa.Date)
           for kind in (WMO_GRANTED, WMO_NOT_GRANTED, JEUGDWET)}
    passed = sa.or_(*(sa.and_(cb.kind == kind, cb.basis <= bound) for kind, bound in cut.items()))
    kept = sa.case((sa.and_(cb.closed_date.is_not(None), cb.basis.is_not(None), passed), 0), else_=1)
    with_cases = sa.select(cb.resident_id).group_by(cb.resident_id).having(sa.func.sum(kept) == 0)
    registered_by = datetime.combine(last_basis_day(today, periods.wmo_not_granted) + timedelta(days=1), time.min,
                                     AMSTERDAM)
    without_cases = sa.select(_R.id).where(
        ~sa.exists().where(_C.resident_id == _R.id), _R.created_at < registered_by)
    found: set[int] = set()
    for chunk in _chunks(among):
        live = [_R.anonymised_at.is_(None)] + ([_R.id.in_(chunk)] if chunk is not None else [])
        found.update(conn.execute(sa.select(_R.id).where(_R.id.in_(with_cases), *live)).scalars())
        found.update(conn.execute(without_cases.where(*live)).scalars())
    return found


def _chunks(ids: Sequence[int] | None) -> Iterable[list[int] | None]:
    if ids is None:
        yield None
        return
    ordered = sorted(set(ids))
    for start in range(0, len(ordered), CHUNK):
        yield ordered[start:start + CHUNK]


@dataclass(frozen=True)
class _Case:
    law: Law
    kind: str
    basis: date
    closed: date | None
    granted_end: date | None
    last_end: date | None


def _why(case: _Case | None, created: date, periods: RetentionPeriods) -> tuple[date, str]:
    """(expires_on, the reason in Dutch) of one casus, or of a resident without one."""
    if case is None:
        until = add_years(created, periods.wmo_not_granted)
        return until, f"Geen casus: ingeschreven {format_date(created)}, bewaren tot {format_date(until)}"
    until = add_years(case.basis, periods.years(case.kind))
    if case.kind == WMO_GRANTED:
        return until, (f"Wmo, toegekend: laatste beschikking beëindigd {format_date(case.basis)}, "
                       f"bewaren tot {format_date(until)}")
    if case.kind == WMO_NOT_GRANTED:
        return until, (f"Wmo, niets toegekend: casus afgesloten {format_date(case.basis)}, "
                       f"bewaren tot {format_date(until)}")
    what = ("laatste beschikking beëindigd" if case.last_end is not None and case.closed is not None
            and case.last_end > case.closed else "casus afgesloten")
    return until, f"Jeugdwet: {what} {format_date(case.basis)}, bewaren tot {format_date(until)}"


def _describe(conn: Connection, ids: set[int], periods: RetentionPeriods) -> list[ExpiredFile]:
    cb = _case_basis().c
    found: list[ExpiredFile] = []
    for chunk in _chunks(sorted(ids)):
        assert chunk is not None  # a list was given
        cases: dict[int, list[_Case]] = defaultdict(list)
        for c in conn.execute(sa.select(cb.resident_id, cb.law, cb.kind, cb.basis, cb.closed_date, cb.granted_end,
                                        cb.last_end).where(cb.resident_id.in_(chunk))):
            cases[c.resident_id].append(_Case(Law(c.law), c.kind, c.basis, c.closed_date, c.granted_end,
                                              c.last_end))
        for r in conn.execute(sa.select(_R.id, _R.client_number, _R.surname, _R.initials, _R.prefix, _R.created_at)
                              .where(_R.id.in_(chunk))):
            created = r.created_at.astimezone(AMSTERDAM).date()
            reasons = [_why(case, created, periods) for case in cases[r.id]] or [_why(None, created, periods)]
            until, reason = max(reasons)
            laws = ", ".join(_LAW_SHORT[law] for law in Law if any(case.law is law for case in cases[r.id])) or "–"
            found.append(ExpiredFile(r.id, r.client_number, display_name(r.surname, r.initials, r.prefix), laws,
                                     reason, until))
    return sorted(found, key=lambda f: (f.expires_on, f.client_number))


def expired_files(db: Database, actor: Actor, today: date | None = None) -> list[ExpiredFile]:
    """Every file past its retention period on `today` (default: today), longest expired first. The beheerder
    sees whom (name and client number), so the look is logged, with how many were shown."""
    audit.require(db, actor, Action.RETENTION_MANAGE)
    day = today or clock.today()
    periods = retention_periods(db)
    with db.read() as s:
        conn = s.connection()
        files = _describe(conn, _expired_ids(conn, day, periods, None), periods)
    with db.write() as s:
        audit.record(s, actor, "bewaartermijnen.overzicht", changes={"getoond": [None, len(files)]})
    return files


def resident_ids(db: Database, actor: Actor, client_numbers: Iterable[str]) -> list[int]:
    """The internal ids of residents named by client number (the command line); an unknown number is refused."""
    audit.require(db, actor, Action.RETENTION_MANAGE)
    wanted = [n.strip().upper() for n in client_numbers]
    with db.read() as s:
        found = {number: rid for number, rid in s.connection().execute(
            sa.select(_R.client_number, _R.id).where(_R.client_number.in_(wanted)))}
    missing = [n for n in wanted if n not in found]
    if missing:
        raise NotFoundError("Geen inwoner met cliëntnummer " + ", ".join(missing) + ". Er is niets gewijzigd.")
    return [found[n] for n in wanted]


# ---------------------------------------------------------------- destroying and anonymising


@dataclass(frozen=True)
class RetentionResult:
    count: int
    client_numbers: tuple[str, ...]


def destroy(db: Database, actor: Actor, ids: Sequence[int], *, confirm_count: int,
            today: date | None = None) -> RetentionResult:
    """Destroys these files whole: the resident, the cases with their plans, evaluations, decisions, hours,
    letters, journal and documents, the people around the resident and the corrections; the access log keeps of
    each line only the client number. One transaction; `confirm_count` must be the number of files."""
    return _apply(db, actor, ids, confirm_count, today, anonymise=False)


def anonymise(db: Database, actor: Actor, ids: Sequence[int], *, confirm_count: int,
              today: date | None = None) -> RetentionResult:
    """Anonymises these files: their decisions, periods, hours and monthly summaries stay for the reports, on a
    resident row with no name, address or BSN; everything else goes as with `destroy`."""
    return _apply(db, actor, ids, confirm_count, today, anonymise=True)


def _apply(db: Database, actor: Actor, ids: Sequence[int], confirm_count: int, today: date | None, *,
           anonymise: bool) -> RetentionResult:
    audit.require(db, actor, Action.RETENTION_MANAGE)
    chosen = sorted(set(ids))
    verb = "anonimiseren" if anonymise else "vernietigen"
    if not chosen:
        raise ValidationError(f"Kies eerst de dossiers die u wilt {verb}.")
    if isinstance(confirm_count, bool) or confirm_count != len(chosen):
        raise ValidationError(
            f"U bevestigde {confirm_count} {'dossier' if confirm_count == 1 else 'dossiers'}, maar koos er "
            f"{len(chosen)}. Bevestig het aantal dat u werkelijk wilt {verb}; er is niets gewijzigd.",
            field="confirm_count")
    day = today or clock.today()
    periods = retention_periods(db)
    with db.write() as s:
        conn = s.connection()
        numbers = {rid: number for rid, number in conn.execute(  # PostgreSQL: no one changes them meanwhile
            sa.select(_R.id, _R.client_number).where(_R.id.in_(chosen)).with_for_update())}
        _refuse_unless_expired(conn, chosen, numbers, day, periods)
        for chunk in _chunks(chosen):
            assert chunk is not None  # a list was given
            if anonymise:
                _anonymise(conn, chunk)
            else:
                _destroy(conn, chunk)
            # the resident is gone or anonymised now: the triggers allow emptying its log lines
            conn.execute(sa.update(table(AuditEntry)).where(table(AuditEntry).c.resident_id.in_(chunk))
                         .values(resident_id=None, changes=None, reason=None))
        _log(s, actor, [numbers[i] for i in chosen], anonymise=anonymise)
    return RetentionResult(len(chosen), tuple(numbers[i] for i in chosen))


def _refuse_unless_expired(conn: Connection, chosen: list[int], numbers: dict[int, str], day: date,
                           periods: RetentionPeriods) -> None:
    gone = [i for i in chosen if i not in numbers]
    if gone:
        raise NotFoundError(f"{len(gone)} van de gekozen dossiers bestaan niet meer (een collega was u voor). "
                            "Vernieuw de lijst; er is niets gewijzigd.")
    expired = _expired_ids(conn, day, periods, chosen)
    early = [numbers[i] for i in chosen if i not in expired]
    if early:
        raise KoersError("Niet elk gekozen dossier is over zijn bewaartermijn, of het is al geanonimiseerd: "
                         + ", ".join(early[:20]) + (" en meer" if len(early) > 20 else "")
                         + ". Vernieuw de lijst en kies opnieuw; er is niets gewijzigd.")


def _log(s: Session, actor: Actor, numbers: list[str], *, anonymise: bool) -> None:
    """One line per file, naming only its client number, and one with the count."""
    action = "dossier.geanonimiseerd" if anonymise else "dossier.vernietigd"
    for number in numbers:
        audit.record(s, actor, action, client_number=number, record_type="dossier")
    audit.record(s, actor, "dossiers.geanonimiseerd" if anonymise else "dossiers.vernietigd",
                 record_type="bewaartermijn", changes={"aantal": [None, len(numbers)]})


def _ids(model: Any, where: sa.ColumnElement[bool]) -> sa.Select[Any]:
    return sa.select(table(model).c.id).where(where)


def _common(conn: Connection, chunk: list[int]) -> tuple[sa.Select[Any], sa.Select[Any]]:
    """What goes in both: drafts, letters, the iWmo messages that name the resident (with BSN and address),
    evaluations and plans. Returns (the cases, the decisions) as subqueries."""
    cases = _ids(Casus, _C.resident_id.in_(chunk))
    decisions = _ids(Beschikking, _B.casus_id.in_(cases))
    plans = _ids(Plan, table(Plan).c.casus_id.in_(cases))
    evaluations = _ids(Evaluation, table(Evaluation).c.casus_id.in_(cases))
    drafts = table(Draft).c
    conn.execute(sa.delete(table(Draft)).where(sa.or_(  # typing kept of a plan or an evaluation of theirs
        sa.and_(drafts.kind == "plan", drafts.record_id.in_(plans)),
        sa.and_(drafts.kind == "evaluatie", drafts.record_id.in_(evaluations)))))
    conn.execute(sa.delete(table(ContactLetter)).where(table(ContactLetter).c.resident_id.in_(chunk)))
    letters = table(Letter).c
    conn.execute(sa.delete(table(Letter)).where(sa.or_(
        letters.resident_id.in_(chunk), letters.casus_id.in_(cases), letters.beschikking_id.in_(decisions))))
    assignments, other = table(IwmoAssignment).alias("a"), table(IwmoAssignment).alias("o")
    messages = table(IwmoMessage).c
    conn.execute(sa.delete(table(IwmoMessage)).where(  # a toewijzing (301) about their decisions only
        messages.kind == "301",
        messages.id.in_(sa.select(assignments.c.message_id).where(assignments.c.beschikking_id.in_(decisions))),
        ~sa.exists().where(other.c.message_id == messages.id, other.c.beschikking_id.not_in(decisions))))
    conn.execute(sa.delete(table(BeschikkingResult)).where(
        table(BeschikkingResult).c.beschikking_id.in_(decisions)))
    conn.execute(sa.delete(table(Evaluation)).where(table(Evaluation).c.casus_id.in_(cases)))  # before results go
    return cases, decisions


def _destroy(conn: Connection, chunk: list[int]) -> None:
    cases, decisions = _common(conn, chunk)
    conn.execute(sa.delete(table(IwmoPrestatie)).where(table(IwmoPrestatie).c.beschikking_id.in_(decisions)))
    _forget_months(conn, decisions)
    conn.execute(sa.update(table(Beschikking)).where(_B.casus_id.in_(cases)).values(replaces_id=None))
    conn.execute(sa.delete(table(Beschikking)).where(_B.casus_id.in_(cases)))  # hours, periods, months with it
    conn.execute(sa.delete(table(Plan)).where(table(Plan).c.casus_id.in_(cases)))
    conn.execute(sa.delete(table(Casus)).where(_C.resident_id.in_(chunk)))  # journal and documents with it
    conn.execute(sa.delete(table(Resident)).where(_R.id.in_(chunk)))  # people around them, corrections with it


def _forget_months(conn: Connection, decisions: sa.Select[Any]) -> None:
    """Takes these decisions' months out of the month totals before their rows go (the cascade that removes
    decision_month would leave the totals counting them; months.refresh moves them the same way)."""
    m, t = table(DecisionMonth).c, table(MonthTotal).c
    keys = [m.month, m.law, sa.func.coalesce(m.aanbieder_id, 0), sa.func.coalesce(m.product_id, 0), m.complexity,
            m.category, m.financing_form]
    rows = conn.execute(sa.select(*keys, sa.func.count(), *(sa.func.sum(m[name]) for name in months.MEASURES))
                        .where(m.beschikking_id.in_(decisions)).group_by(*keys)).all()
    if not rows:
        return
    statement = (sa.update(table(MonthTotal))
                 .where(*(t[key] == sa.bindparam(f"k_{key}") for key in months.KEY))
                 .values(decisions=t.decisions - sa.bindparam("d_decisions"),
                         **{name: t[name] - sa.bindparam(f"d_{name}") for name in months.MEASURES}))
    conn.execute(statement, [
        {**{f"k_{key}": value for key, value in zip(months.KEY, row[:7], strict=True)}, "d_decisions": row[7],
         **{f"d_{name}": value for name, value in zip(months.MEASURES, row[8:], strict=True)}} for row in rows])


def _anonymise(conn: Connection, chunk: list[int]) -> None:
    """The figures stay: decisions (without motivation or plan), periods, hours, summaries and the facts of each
    casus (without the question in the resident's words, the referrer or the reasoning). The resident is marked
    anonymised first: from then on the database lets the journal of its cases go (migration 0024), which it
    refuses for any file still in use."""
    _anonymise_residents(conn, chunk)
    cases, _decisions = _common(conn, chunk)
    conn.execute(sa.update(table(Beschikking)).where(_B.casus_id.in_(cases)).values(motivation=None, plan_id=None))
    conn.execute(sa.delete(table(JournalEntry)).where(table(JournalEntry).c.casus_id.in_(cases)))
    conn.execute(sa.delete(table(CaseDocument)).where(table(CaseDocument).c.casus_id.in_(cases)))  # bytes with it
    conn.execute(sa.delete(table(Plan)).where(table(Plan).c.casus_id.in_(cases)))
    conn.execute(sa.update(table(Casus)).where(_C.resident_id.in_(chunk)).values(
        question=None, referrer=None, outcome_reason=None, receipt_due=False))
    conn.execute(sa.delete(table(RelatedPerson)).where(table(RelatedPerson).c.resident_id.in_(chunk)))
    conn.execute(sa.delete(table(Correction)).where(table(Correction).c.resident_id.in_(chunk)))


def _anonymise_residents(conn: Connection, chunk: list[int]) -> None:
    # 1 January of the birth year: the age in years the reports group by stays within one year, the day goes
    now = clock.now()
    for rid, born in conn.execute(sa.select(_R.id, _R.date_of_birth).where(_R.id.in_(chunk))).all():
        conn.execute(sa.update(table(Resident)).where(_R.id == rid).values(
            bsn=None, salutation=Salutation.NEUTRAAL, initials="-", prefix=None, surname=ANONYMOUS_SURNAME,
            first_name=None, date_of_birth=date(born.year, 1, 1), street=None, house_number=None,
            house_number_suffix=None, postcode=None, city=None, phone=None, email=None, updated_at=now,
            anonymised_at=now, version=_R.version + 1,
            **resident_search_keys(ANONYMOUS_SURNAME, None, None)))
