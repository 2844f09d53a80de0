"""Aanbiedermonitor: per aanbieder the figures for the account manager's conversation with the provider.

Cliënten, trajecten, hours and money, the cost per trajectory against what was indicated per trajectory, the
agreed average hourly tariff against the realised one (a provider that treats an average tariff as a maximum shows
here), results behaald per product, evaluations held on time, no-shows, and the hours of ended decisions left
unused. `monitor` gives the same for one aanbieder with the trend per quarter and the results per product; the
printable sheet (one PDF per aanbieder) is built from it (`sheet_content`, `provider_sheet_pdf`,
`write_provider_sheets`) and laid out by desktop/letters/provider_sheet.py.

Figures only: no name, BSN or plan text of a resident is read, so the controller role may have all of it. Every
figure is an SQL aggregation: money and hours from the monthly summary (month_total, or decision_month for one
consulent's decisions or per decision), people and trajectories in the span from decision_month (one row per
decision), per quarter from the decisions, results and punctuality from the evaluations. The span counts in whole
calendar months, as providers invoice per month.
"""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from db import clock
from db.engine import Database
from db.models import Aanbieder, Beschikking, Casus, DecisionMonth, Evaluation, EvaluationResult
from db.models.base import table
from db.models.enums import DecisionStatus, FinancingForm, ResultStatus
from db.units import cents_to_euros, minutes_to_hours
from desktop.core.access import audit
from desktop.core.access.actor import Actor
from desktop.core.access.permissions import Action
from desktop.core.errors import KoersError, NotFoundError, ValidationError
from desktop.core.nl import format_date, format_hours, format_money, format_number
from desktop.core.reports import facts as F
from desktop.core.reports.base import (
    Chart,
    ChartKind,
    Column,
    Kind,
    Report,
    ReportSpec,
    Series,
    percent,
    shown,
)
from desktop.core.reports.export import AUDIT_ACTION
from desktop.core.reports.filters import REPORTED_STATUSES, ReportFilter, decision_conditions, effective_end

if TYPE_CHECKING:  # the renderer (ReportLab) is imported when a sheet is made, not when the report runs
    from desktop.letters.provider_sheet import ProviderSheetContent

NAME = "aanbieders"
TITLE = "Aanbiedermonitor"
NO_PROVIDER = "(geen aanbieder)"
NO_PRODUCT = "(geen product)"
TOTAL_KEY = -1  # the group key of 'all aanbieders together' (an id is never negative)
CENT = Decimal("0.01")

_B, _C, _E = table(Beschikking).c, table(Casus).c, table(Evaluation).c
_R, _DM = table(EvaluationResult).c, table(DecisionMonth).c
ENDED_STATUSES = tuple(s for s in REPORTED_STATUSES if s != DecisionStatus.VERVANGEN.value)

COLUMNS = (
    Column("aanbieder", "Aanbieder"),
    Column("clienten", "Cliënten", Kind.COUNT),
    Column("trajecten", "Trajecten", Kind.COUNT),
    Column("gerealiseerd_uren", "Gerealiseerd (uren)", Kind.HOURS),
    Column("bedrag", "Gerealiseerd (bedrag)", Kind.MONEY),
    Column("kosten_per_traject", "Kosten per traject", Kind.MONEY),
    Column("geindiceerd_per_traject", "Geïndiceerd per traject", Kind.MONEY),
    Column("afgesproken_tarief", "Afgesproken gem. uurtarief", Kind.MONEY),
    Column("gerealiseerd_tarief", "Gerealiseerd gem. uurtarief", Kind.MONEY),
    Column("pct_behaald", "Resultaten behaald", Kind.PERCENT),
    Column("evaluaties_op_tijd", "Evaluaties op tijd", Kind.PERCENT),
    Column("no_show_uren", "No-show (uren)", Kind.HOURS),
    Column("ongebruikt_uren", "Ongebruikt na einde (uren)", Kind.HOURS),
)

NOTES = (
    "De periode telt in hele kalendermaanden, zoals aanbieders per maand declareren.",
    "Cliënten: de inwoners met ten minste één beschikking van de aanbieder die in de periode gold. Trajecten: die "
    "beschikkingen; een wijziging (een nieuwe beschikking die een vorige voor hetzelfde product van dezelfde "
    "aanbieder vervangt) is geen nieuw traject als de vervangen beschikking ook in de periode gold.",
    "Gerealiseerd: de uren die tegen de beschikkingen tellen en het bedrag daarvan (uren × tarief, of het vaste "
    "bedrag per maand of traject). Kosten per traject: dat bedrag gedeeld door de trajecten; geïndiceerd per "
    "traject: het geïndiceerde bedrag in de periode gedeeld door de trajecten.",
    "Afgesproken gemiddeld uurtarief: de tarieven van de beschikkingen gewogen naar hun geïndiceerde uren in de "
    "periode; gerealiseerd gemiddeld uurtarief: het gerealiseerde bedrag gedeeld door de gerealiseerde uren. Beide "
    "alleen over beschikkingen met uren × tarief.",
    "Resultaten behaald: van de resultaten die in de periode zijn geëvalueerd, met hun uitkomst bij de laatste "
    "evaluatie, het deel behaald van behaald + deels + niet (vervallen telt niet mee).",
    "Evaluaties op tijd: van de evaluaties die in de periode gepland stonden en gehouden zijn of waarvan de datum "
    "voorbij is, het deel dat op of vóór de geplande datum is gehouden (zonder de escalatietermijn van Termijnen).",
    "Ongebruikt na einde: van de beschikkingen die in de periode zijn afgelopen of beëindigd (niet door een "
    "wijziging vervangen), de geïndiceerde uren van de tijd dat ze golden min de gerealiseerde uren, per "
    "beschikking nooit minder dan nul.",
)
NO_CONTENT = "Alleen cijfers: geen namen, BSN of plantekst van inwoners."


# ---------------------------------------------------------------- the figures


@dataclass
class _Raw:
    """The sums behind one aanbieder's (or one quarter's) figures, in minutes and cents."""

    clients: int = 0
    trajectories: int = 0
    counted_minutes: int = 0
    realised_cents: int = 0
    indicated_minutes: int = 0
    indicated_cents: int = 0
    no_show_minutes: int = 0
    hourly_indicated_minutes: int = 0
    hourly_indicated_cents: int = 0
    hourly_counted_minutes: int = 0
    hourly_realised_cents: int = 0
    behaald: int = 0
    deels: int = 0
    niet: int = 0
    vervallen: int = 0
    evaluations_due: int = 0
    evaluations_on_time: int = 0
    ended: int = 0
    unused_minutes: int = 0


@dataclass(frozen=True)
class ProviderFigures:
    """One aanbieder in the span. Hours and money as Decimal, percentages in percent; None where there is nothing
    to divide by."""

    aanbieder_id: int | None
    name: str
    clients: int
    trajectories: int
    indicated_hours: Decimal
    realised_hours: Decimal
    indicated_money: Decimal
    realised_money: Decimal
    cost_per_trajectory: Decimal | None
    indicated_per_trajectory: Decimal | None
    agreed_tariff: Decimal | None  # euro per hour, weighted by indicated hours (uren × tarief only)
    realised_tariff: Decimal | None  # euro per hour, realised money / realised hours (uren × tarief only)
    behaald: int
    deels: int
    niet: int
    vervallen: int
    achieved_pct: Decimal | None
    evaluations_due: int
    evaluations_on_time: int
    on_time_pct: Decimal | None
    no_show_hours: Decimal
    ended_decisions: int
    unused_hours: Decimal


@dataclass(frozen=True)
class QuarterFigures:
    label: str  # 'K1 2026'
    first: date
    last: date
    trajectories: int
    realised_hours: Decimal
    realised_money: Decimal
    cost_per_trajectory: Decimal | None
    indicated_per_trajectory: Decimal | None
    agreed_tariff: Decimal | None
    realised_tariff: Decimal | None


@dataclass(frozen=True)
class ProductResults:
    product: str  # '02A08 Begeleiding individueel'
    behaald: int
    deels: int
    niet: int
    vervallen: int
    achieved_pct: Decimal | None


@dataclass(frozen=True)
class ProviderMonitor:
    filters: ReportFilter  # resolved, with the aanbieder
    figures: ProviderFigures
    quarters: tuple[QuarterFigures, ...]
    products: tuple[ProductResults, ...]
    notes: tuple[str, ...]

    @property
    def first(self) -> date:
        return F.first_day(self.filters)

    @property
    def last(self) -> date:
        return F.last_day(self.filters)


def _per(cents: int, n: int) -> Decimal | None:
    return (Decimal(cents) / n / 100).quantize(CENT, ROUND_HALF_UP) if n else None


def _tariff(cents: int, minutes: int) -> Decimal | None:
    """Euros per hour for `cents` earned over `minutes`."""
    return (Decimal(cents) * 60 / minutes / 100).quantize(CENT, ROUND_HALF_UP) if minutes else None


def _figures(aanbieder_id: int | None, name: str, r: _Raw) -> ProviderFigures:
    return ProviderFigures(
        aanbieder_id, name, r.clients, r.trajectories, minutes_to_hours(r.indicated_minutes),
        minutes_to_hours(r.counted_minutes), cents_to_euros(r.indicated_cents), cents_to_euros(r.realised_cents),
        _per(r.realised_cents, r.trajectories), _per(r.indicated_cents, r.trajectories),
        _tariff(r.hourly_indicated_cents, r.hourly_indicated_minutes),
        _tariff(r.hourly_realised_cents, r.hourly_counted_minutes),
        r.behaald, r.deels, r.niet, r.vervallen, percent(r.behaald, r.behaald + r.deels + r.niet),
        r.evaluations_due, r.evaluations_on_time, percent(r.evaluations_on_time, r.evaluations_due),
        minutes_to_hours(r.no_show_minutes), r.ended, minutes_to_hours(r.unused_minutes))


def whole_months(f: ReportFilter) -> ReportFilter:
    """The span the monitor counts: from the first of the first month to the last of the last."""
    return replace(f, date_from=F.first_day(f), date_to=F.last_day(f))


def _with_casus(joined: Any, f: ReportFilter) -> Any:
    return joined.join(table(Casus), _C.id == _B.casus_id) if f.consulent_id is not None else joined


class scanned(FunctionElement[Any]):  # noqa: N801  (reads like a column)
    """A column whose condition should not choose an index: on SQLite '+column' (its documented way), elsewhere
    the column itself. Without statistics SQLite would otherwise fetch most decisions one by one through the index
    on status, which is several times slower than reading the table in order."""

    inherit_cache = True

    def __init__(self, column: Any) -> None:
        super().__init__(column)
        self.type = column.type


@compiles(scanned)
def _scanned_default(element: scanned, compiler: Any, **kw: Any) -> str:
    return str(compiler.process(element.clauses, **kw))


@compiles(scanned, "sqlite")
def _scanned_sqlite(element: scanned, compiler: Any, **kw: Any) -> str:
    return f"+{compiler.process(element.clauses, **kw)}"


def _in_force(b: Any, first: Any, last: Any) -> list[Any]:
    """Conditions for a decision (columns `b`) in force on some day of [first, last]. `end_date >= first` is
    implied (a decision ends on or before its end date)."""
    return [scanned(b.status).in_(REPORTED_STATUSES), b.start_date <= last, b.end_date >= first,
            sa.func.coalesce(b.ended_date, b.end_date) >= first]


def _continues(b: Any, p: Any, f: ReportFilter, first: Any, last: Any) -> Any:
    """1 for a wijziging (decision `b`) whose replaced decision `p` (same aanbieder, same product, within the
    filters) was also in force in [first, last]: the same trajectory, not a new one."""
    before = (sa.select(sa.literal_column("1")).where(
        p.c.id == b.c.replaces_id, p.c.aanbieder_id.is_not_distinct_from(b.c.aanbieder_id),
        p.c.product_id.is_not_distinct_from(b.c.product_id), *_in_force(p.c, first, last),
        *_alias_filters(p.c, f)).exists())
    return sa.case((sa.and_(b.c.replaces_id.is_not(None), before), 1), else_=0)


def _people(connection: Connection, f: ReportFilter) -> dict[Any, tuple[int, int]]:
    """(cliënten, trajecten) per aanbieder in the span, and under TOTAL_KEY for all aanbieders together.

    Read from the monthly summary: a decision has one row per month it is in force, so the decisions in force in
    the span are its first month's rows plus the rows that start later in the span, one row each. Trajecten: those
    decisions, less each wijziging (`continues`: it replaces a decision of the same aanbieder and product) whose
    replaced decision was also in force in the span, which is so when the wijziging starts after the span's first
    day (the replaced decision ran until then). Unlike the decisions' own definition, the replaced decision is not
    held to a filter on level, category or law: a wijziging that changes one of those and continues a decision
    outside the filter is counted as the same trajectory here."""
    span = whole_months(f)
    first, last = F.months_between(f)
    m = _DM
    later = []  # the months after the first, listed: one index seek each on (month, starts)
    month = first
    while month < last:
        month = month + 1 if month % 100 < 12 else (month // 100 + 1) * 100 + 1
        later.append(month)
    rows = sa.or_(m.month == first, sa.and_(m.month.in_(later), m.starts == 1))
    continuing = sa.and_(m.continues.is_(True), sa.or_(
        m.month > first, sa.and_(m.starts == 1, m.start_date > span.start)))
    conditions = [rows, *F.conditions(f, m, first=first, last=last)[1:]]
    pairs = (sa.select(m.aanbieder_id.label("grp"), m.resident_id.label("resident"), sa.func.count().label("n"),
                       sa.func.sum(sa.case((continuing, 1), else_=0)).label("continuing"))
             .where(*conditions).group_by(m.aanbieder_id, m.resident_id).cte("pairs"))
    stmt = sa.union_all(
        sa.select(pairs.c.grp, sa.func.count(), sa.func.sum(pairs.c.n), sa.func.sum(pairs.c.continuing))
        .group_by(pairs.c.grp),
        sa.select(sa.literal(TOTAL_KEY), sa.func.count(sa.distinct(pairs.c.resident)), sa.func.sum(pairs.c.n),
                  sa.func.sum(pairs.c.continuing)))
    return {row[0]: (int(row[1]), int(row[2] or 0) - int(row[3] or 0)) for row in connection.execute(stmt)
            if row[0] != TOTAL_KEY or row[1]}


def _trend(connection: Connection, f: ReportFilter, spans: list[tuple[int, date, date]]) -> dict[int, int]:
    """Trajecten per span (the quarters): the decisions in force over all spans are read once, then counted per span
    they touch. (DISTINCT, a no-op on rows with their id, keeps SQLite from folding the subquery into the join and
    reading the decisions again for every span; 'AS MATERIALIZED' would say so too, but needs SQLite 3.35.)"""
    first, last = spans[0][1], spans[-1][2]
    b, p = table(Beschikking).alias("b"), table(Beschikking).alias("p")
    candidates = (sa.select(b.c.id, b.c.replaces_id, b.c.aanbieder_id, b.c.product_id, b.c.start_date,
                            sa.func.coalesce(b.c.ended_date, b.c.end_date).label("last_day"))
                  .where(*_in_force(b.c, first, last), *_alias_filters(b.c, f))
                  .distinct().subquery("candidates"))
    span = sa.union_all(*(sa.select(sa.literal(key, sa.Integer).label("key"), sa.literal(start, sa.Date).label("first"),
                                    sa.literal(end, sa.Date).label("last"))
                          for key, start, end in spans)).subquery("spans")
    continues = _continues(candidates, p, f, span.c.first, span.c.last)
    stmt = (sa.select(span.c.key, sa.func.count(), sa.func.sum(continues))
            .select_from(span.join(candidates, sa.and_(candidates.c.start_date <= span.c.last,
                                                       candidates.c.last_day >= span.c.first)))
            .group_by(span.c.key))
    return {int(row[0]): int(row[1]) - int(row[2] or 0) for row in connection.execute(stmt)}


def _alias_filters(b: Any, f: ReportFilter) -> list[Any]:
    """decision_conditions' filters (not the status or dates) on an aliased decision table."""
    found: list[Any] = []
    for value, name in ((f.law, "law"), (f.aanbieder_id, "aanbieder_id"), (f.product_id, "product_id"),
                        (f.complexity, "complexity"), (f.category, "category")):
        if value is not None:
            found.append(b[name] == value)
    if f.consulent_id is not None:
        found.append(b.casus_id.in_(sa.select(_C.id).where(_C.consulent_id == f.consulent_id)))
    return found


def _quarter_key(month: Any) -> Any:
    """year*10 + quarter of a month key (20264 for October 2026)."""
    return (month // 100) * 10 + (month % 100 + 2) // 3


def _money(connection: Connection, f: ReportFilter, *, by_quarter: bool = False) -> dict[Any, tuple[int, ...]]:
    """Per aanbieder (or per quarter): counted minutes, realised cents, indicated minutes and cents, no-show
    minutes, and the indicated minutes and cents and the counted minutes and realised cents of hour-based
    decisions."""
    src = F.M if f.consulent_id is not None else F.T
    key = _quarter_key(src.month) if by_quarter else (
        src.aanbieder_id if src is F.M else sa.func.nullif(src.aanbieder_id, 0))
    hourly = src.financing_form == FinancingForm.UREN_X_TARIEF.value

    def hourly_sum(column: Any) -> Any:
        return sa.func.sum(sa.case((hourly, column), else_=0))

    stmt = (sa.select(key, sa.func.sum(src.counted_minutes), sa.func.sum(F.realised_money(f, src)),
                      sa.func.sum(src.indicated_minutes), sa.func.sum(src.indicated_cents),
                      sa.func.sum(src.no_show_minutes), hourly_sum(src.indicated_minutes),
                      hourly_sum(src.indicated_cents), hourly_sum(src.counted_minutes), hourly_sum(src.realised_cents))
            .where(*F.conditions(f, src)).group_by(key))
    return {row[0]: tuple(int(v or 0) for v in row[1:]) for row in connection.execute(stmt)}


def _per_decision(inner: Any, f: ReportFilter, key: Any, *sums: Any) -> Any:
    """`inner` (sums per decision, from the dated rows alone) joined to the decisions in the filters and added up
    per `key`. Summing per decision first lets the database start from the rows of the span: without statistics
    SQLite would otherwise start from every decision."""
    joined = _with_casus(inner.join(table(Beschikking), _B.id == inner.c.beschikking_id), f)
    return (sa.select(key, *(sa.func.sum(column) for column in sums)).select_from(joined)
            .where(*decision_conditions(f, overlapping=False)).group_by(key))


def _narrowed(f: ReportFilter) -> list[Any]:
    """With an aanbieder or product chosen, the evaluations of its decisions only (fewer rows to sort)."""
    if f.aanbieder_id is None and f.product_id is None:
        return []
    return [_E.beschikking_id.in_(sa.select(_B.id).select_from(_with_casus(table(Beschikking), f))
                                  .where(*decision_conditions(f, overlapping=False)))]


def _evaluations(connection: Connection, f: ReportFilter) -> dict[Any, tuple[int, int]]:
    """(due, held on time) per aanbieder: evaluations planned in the span that were held, or whose date is before
    the report's today; on time when held on or before the planned date."""
    span = whole_months(f)
    on_time = sa.and_(_E.done_date.is_not(None), _E.done_date <= _E.planned_date)
    inner = (sa.select(_E.beschikking_id, sa.func.count().label("due"),
                       sa.func.sum(sa.case((on_time, 1), else_=0)).label("on_time"))
             .where(_E.planned_date.between(span.start, span.end),
                    sa.or_(_E.done_date.is_not(None), _E.planned_date < f.today), *_narrowed(f))
             .group_by(_E.beschikking_id).subquery("planned"))
    stmt = _per_decision(inner, f, _B.aanbieder_id, inner.c.due, inner.c.on_time)
    return {row[0]: (int(row[1] or 0), int(row[2] or 0)) for row in connection.execute(stmt)}


STATUSES = (ResultStatus.BEHAALD, ResultStatus.DEELS, ResultStatus.NIET, ResultStatus.VERVALLEN)


def _results(connection: Connection, f: ReportFilter, by: str) -> dict[Any, tuple[int, int, int, int]]:
    """(behaald, deels, niet, vervallen) per aanbieder or product: each result of a decision counts once, with its
    status at the decision's last evaluation held in the span (the evaluation form assesses every result).

    The evaluations are numbered per decision on their own (a covering index holds them) before any result is
    read: a third of the time of numbering every result."""
    span = whole_months(f)
    latest_first = sa.func.row_number().over(partition_by=_E.beschikking_id,
                                             order_by=[_E.done_date.desc(), _E.id.desc()])
    numbered = (sa.select(_E.id.label("evaluation_id"), _E.beschikking_id.label("beschikking_id"),
                          latest_first.label("nr"))
                .where(_E.done_date.is_not(None), _E.done_date.between(span.start, span.end),
                       _E.beschikking_id.is_not(None), *_narrowed(f))
                .subquery("numbered"))
    inner = (sa.select(numbered.c.beschikking_id,
                       *(sa.func.sum(sa.case((_R.status == s.value, 1), else_=0)).label(s.value) for s in STATUSES))
             .select_from(numbered.join(table(EvaluationResult), _R.evaluation_id == numbered.c.evaluation_id))
             .where(numbered.c.nr == 1).group_by(numbered.c.beschikking_id).subquery("results"))
    stmt = _per_decision(inner, f, _B.aanbieder_id if by == "aanbieder" else _B.product_id,
                         *(inner.c[s.value] for s in STATUSES))
    return {row[0]: (int(row[1] or 0), int(row[2] or 0), int(row[3] or 0), int(row[4] or 0))
            for row in connection.execute(stmt)}


def _unused(connection: Connection, f: ReportFilter) -> dict[Any, tuple[int, int]]:
    """(ended decisions, unused minutes) per aanbieder: decisions whose last day in force falls in the span and
    before the report's today, not replaced by a wijziging; per decision the indicated minutes of its months in
    force minus the counted ones, never below zero."""
    span = whole_months(f)
    upto = min(span.end, f.today)
    left = (sa.func.sum(_DM.indicated_minutes) - sa.func.sum(_DM.counted_minutes)).label("left")
    per_decision = (sa.select(_B.aanbieder_id, left)
                    .select_from(table(Beschikking).join(table(DecisionMonth), _DM.beschikking_id == _B.id))
                    .where(scanned(_B.status).in_(ENDED_STATUSES), _B.end_date >= span.start,
                           effective_end().between(span.start, upto), *_alias_filters(_B, f))
                    .group_by(_B.id, _B.aanbieder_id).subquery("ended"))
    stmt = (sa.select(per_decision.c.aanbieder_id, sa.func.count(),
                      sa.func.sum(sa.case((per_decision.c.left > 0, per_decision.c.left), else_=0)))
            .group_by(per_decision.c.aanbieder_id))
    return {row[0]: (int(row[1]), int(row[2] or 0)) for row in connection.execute(stmt)}


def _raw(connection: Connection, f: ReportFilter, *, results: bool = True,
         elsewhere: Future[tuple[dict[Any, tuple[int, int]], dict[Any, tuple[int, int]]]] | None = None
         ) -> tuple[dict[Any, _Raw], int]:
    """The sums of every aanbieder with a decision in force, money, an evaluation or an ended decision in the span,
    and the cliënten of all of them together (a resident with two aanbieders counts once). `elsewhere`: the
    cliënten, trajecten and the ended decisions being counted on another connection meanwhile, collected last."""
    found: dict[Any, _Raw] = {}

    def get(key: Any) -> _Raw:
        return found.setdefault(key, _Raw())

    for key, sums in _money(connection, f).items():
        r = get(key)
        (r.counted_minutes, r.realised_cents, r.indicated_minutes, r.indicated_cents, r.no_show_minutes,
         r.hourly_indicated_minutes, r.hourly_indicated_cents, r.hourly_counted_minutes,
         r.hourly_realised_cents) = sums
    for key, (behaald, deels, niet, vervallen) in (_results(connection, f, "aanbieder") if results else {}).items():
        r = get(key)
        r.behaald, r.deels, r.niet, r.vervallen = behaald, deels, niet, vervallen
    for key, (due, on_time) in _evaluations(connection, f).items():
        get(key).evaluations_due, get(key).evaluations_on_time = due, on_time
    people, unused = ((_people(connection, f), _unused(connection, f)) if elsewhere is None
                      else elsewhere.result())
    for key, (ended, unused_minutes) in unused.items():
        get(key).ended, get(key).unused_minutes = ended, unused_minutes
    counted = dict(people)
    everyone = counted.pop(TOTAL_KEY, (0, 0))[0]
    for key, (clients, trajectories) in counted.items():
        get(key).clients, get(key).trajectories = clients, trajectories
    return found, everyone


def _total(found: dict[Any, _Raw], clients: int) -> _Raw:
    total = _Raw()
    for r in found.values():
        for name, value in vars(r).items():
            setattr(total, name, getattr(total, name) + value)
    total.clients = clients
    return total


def _row(p: ProviderFigures) -> tuple[Any, ...]:
    return (p.name, p.clients, p.trajectories, p.realised_hours, p.realised_money, p.cost_per_trajectory,
            p.indicated_per_trajectory, p.agreed_tariff, p.realised_tariff, p.achieved_pct, p.on_time_pct,
            p.no_show_hours, p.unused_hours)


def _span_note(f: ReportFilter) -> str:
    span = whole_months(f)
    return (f"Periode: {format_date(span.start)} tot en met {format_date(span.end)}; peildatum "
            f"{format_date(f.today)}.")


def _people_read(db: Database, f: ReportFilter) -> tuple[dict[Any, tuple[int, int]], dict[Any, tuple[int, int]]]:
    """Cliënten and trajecten, and the hours left unused: about half the report's work, on a connection of its own
    while the rest is counted."""
    with db.read() as s:
        return _people(s.connection(), f), _unused(s.connection(), f)


def provider_report(db: Database, actor: Actor, f: ReportFilter) -> Report:
    """The report 'aanbieders': one row per aanbieder (registry.run checks the permission and resolves `f`)."""
    with ThreadPoolExecutor(max_workers=1) as pool:  # the database works on both at once (2 cores, no GIL held)
        counting = pool.submit(_people_read, db, f)
        with db.read() as s:
            connection = s.connection()
            found, everyone = _raw(connection, f, elsewhere=counting)
            names = F.aanbieder_names(connection)
    keys = sorted(found, key=lambda k: (k is None, names.get(k, NO_PROVIDER).casefold()))
    figures = [_figures(k, names.get(k, NO_PROVIDER), found[k]) for k in keys]
    rows = tuple(_row(p) for p in figures)
    chart = Chart(ChartKind.BAR, tuple(p.name for p in figures),
                  (Series("Kosten per traject", tuple(float(p.cost_per_trajectory or 0) for p in figures)),
                   Series("Geïndiceerd per traject", tuple(float(p.indicated_per_trajectory or 0) for p in figures))),
                  "euro")
    totals = _row(_figures(None, "Totaal", _total(found, everyone)))
    return Report(NAME, TITLE, COLUMNS, rows, chart, f, (_span_note(f), *NOTES, NO_CONTENT), totals)


SPECS = (ReportSpec(NAME, TITLE, "Per aanbieder: cliënten, uren en geld, kosten per traject tegenover de indicatie, "
                    "afgesproken en gerealiseerd uurtarief, resultaten, evaluaties op tijd en ongebruikte uren.",
                    provider_report),)


# ---------------------------------------------------------------- one aanbieder


def quarters(f: ReportFilter) -> list[tuple[str, date, date]]:
    """The quarters of the year(s) of the span, up to and including the quarter in which the span ends."""
    found = []
    year, quarter = f.start.year, 1
    while (year, quarter) <= (f.end.year, (f.end.month + 2) // 3):
        first = date(year, 3 * quarter - 2, 1)
        last = F.last_day(ReportFilter(date_from=first, date_to=date(year, 3 * quarter, 1)))
        found.append((f"K{quarter} {year}", first, last))
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    return found


def provider_choices(db: Database, actor: Actor) -> list[tuple[int, str]]:
    """(id, name) of every aanbieder, by name; one no longer active says so."""
    audit.require(db, actor, Action.REPORTS_VIEW)
    a = table(Aanbieder).c
    with db.read() as s:
        rows = s.connection().execute(sa.select(a.id, a.name, a.active).order_by(a.name)).all()
    return [(int(i), name if active else f"{name} (niet actief)") for i, name, active in rows]


def _aanbieder_name(connection: Connection, aanbieder_id: int) -> str:
    a = table(Aanbieder).c
    name = connection.execute(sa.select(a.name).where(a.id == aanbieder_id)).scalar()
    if name is None:
        raise NotFoundError("Deze aanbieder bestaat niet (meer). Kies een andere aanbieder.", field="aanbieder")
    return str(name)


def _monitor(connection: Connection, aanbieder_id: int, f: ReportFilter) -> ProviderMonitor:
    f = replace(f, aanbieder_id=aanbieder_id)
    name = _aanbieder_name(connection, aanbieder_id)
    raw = _raw(connection, f, results=False)[0].get(aanbieder_id, _Raw())
    per_product = _results(connection, f, "product")  # the aanbieder's results are their sum
    raw.behaald, raw.deels, raw.niet, raw.vervallen = (sum(c[i] for c in per_product.values()) for i in range(4))
    figures = _figures(aanbieder_id, name, raw)
    spans = [(first.year * 10 + (first.month + 2) // 3, label, first, last) for label, first, last in quarters(f)]
    money = _money(connection, replace(f, date_from=spans[0][2], date_to=spans[-1][3]), by_quarter=True)
    per_quarter = _trend(connection, f, [(key, first, last) for key, _, first, last in spans])
    trend = []
    for key, label, first, last in spans:
        trajectories = per_quarter.get(key, 0)
        sums = money.get(key, (0,) * 9)
        trend.append(QuarterFigures(label, first, last, trajectories, minutes_to_hours(sums[0]),
                                    cents_to_euros(sums[1]), _per(sums[1], trajectories), _per(sums[3], trajectories),
                                    _tariff(sums[6], sums[5]), _tariff(sums[8], sums[7])))
    products = F.product_names(connection)
    results = [ProductResults(products.get(k, NO_PRODUCT), *counts, percent(counts[0], sum(counts[:3])))
               for k, counts in per_product.items()]
    results.sort(key=lambda r: (r.product == NO_PRODUCT, r.product.casefold()))
    trend_note = ("Verloop per kwartaal: de kwartalen van het jaar (de jaren) van de periode, tot en met het kwartaal "
                  "waarin de periode eindigt; trajecten en kosten per traject gelden per kwartaal.")
    return ProviderMonitor(f, figures, tuple(trend), tuple(results), (_span_note(f), *NOTES, trend_note, NO_CONTENT))


def monitor(db: Database, actor: Actor, aanbieder_id: int, f: ReportFilter | None = None) -> ProviderMonitor:
    """The figures of one aanbieder in the span, the trend per quarter and the results per product."""
    audit.require(db, actor, Action.REPORTS_VIEW)
    resolved = (f or ReportFilter()).resolved()
    with db.read() as s:
        return _monitor(s.connection(), aanbieder_id, resolved)


# ---------------------------------------------------------------- the printable sheet


def _text(value: Any, kind: Kind) -> str:
    return shown(value, kind) if value is not None else "–"


TREND_HEADERS = ("Kwartaal", "Trajecten", "Uren", "Bedrag", "Per traject", "Geïndiceerd per traject",
                 "Afgesproken uurtarief", "Gerealiseerd uurtarief")
PRODUCT_HEADERS = ("Product", "Behaald", "Deels", "Niet", "Vervallen", "% behaald")


def figure_lines(m: ProviderMonitor) -> tuple[tuple[str, str, str], ...]:
    """The key figures as (label, value, what the value stands against), in Dutch: for the screen and the sheet."""
    p = m.figures
    n = format_number
    return (
        ("Cliënten", n(p.clients), "inwoners met een beschikking die in de periode gold"),
        ("Trajecten", n(p.trajectories), "een wijziging telt niet als nieuw traject"),
        ("Gerealiseerde uren", format_hours(p.realised_hours), f"geïndiceerd {format_hours(p.indicated_hours)}"),
        ("Gerealiseerd bedrag", format_money(p.realised_money), f"geïndiceerd {format_money(p.indicated_money)}"),
        ("Kosten per traject", _text(p.cost_per_trajectory, Kind.MONEY),
         f"geïndiceerd per traject {_text(p.indicated_per_trajectory, Kind.MONEY)}"),
        ("Gemiddeld uurtarief", _text(p.realised_tariff, Kind.MONEY),
         f"gerealiseerd; afgesproken {_text(p.agreed_tariff, Kind.MONEY)}"),
        ("Resultaten behaald", _text(p.achieved_pct, Kind.PERCENT),
         f"{n(p.behaald)} behaald, {n(p.deels)} deels, {n(p.niet)} niet; {n(p.vervallen)} vervallen"),
        ("Evaluaties op tijd", _text(p.on_time_pct, Kind.PERCENT),
         f"{n(p.evaluations_on_time)} van {n(p.evaluations_due)} op of vóór de geplande datum"),
        ("No-show", format_hours(p.no_show_hours), ""),
        ("Ongebruikt na einde", format_hours(p.unused_hours),
         f"van {n(p.ended_decisions)} afgelopen of beëindigde beschikkingen"),
    )


def trend_rows(m: ProviderMonitor) -> tuple[tuple[str, ...], ...]:
    """The quarters as rows of text under TREND_HEADERS."""
    return tuple((q.label, format_number(q.trajectories), format_number(q.realised_hours),
                  format_money(q.realised_money), _text(q.cost_per_trajectory, Kind.MONEY),
                  _text(q.indicated_per_trajectory, Kind.MONEY), _text(q.agreed_tariff, Kind.MONEY),
                  _text(q.realised_tariff, Kind.MONEY)) for q in m.quarters)


def product_rows(m: ProviderMonitor) -> tuple[tuple[str, ...], ...]:
    """The results per product as rows of text under PRODUCT_HEADERS."""
    n = format_number
    return tuple((r.product, n(r.behaald), n(r.deels), n(r.niet), n(r.vervallen), _text(r.achieved_pct, Kind.PERCENT))
                 for r in m.products)


def trend_chart(m: ProviderMonitor) -> Chart:
    """Per quarter the cost per trajectory against what was indicated per trajectory."""
    return Chart(ChartKind.BAR, tuple(q.label for q in m.quarters),
                 (Series("Kosten per traject", tuple(float(q.cost_per_trajectory or 0) for q in m.quarters)),
                  Series("Geïndiceerd per traject", tuple(float(q.indicated_per_trajectory or 0) for q in m.quarters))),
                 "euro per traject")


def sheet_content(m: ProviderMonitor, made_on: date) -> ProviderSheetContent:
    """The monitor as the printed sheet says it: every figure already in Dutch words."""
    from desktop.letters.provider_sheet import ProviderSheetContent

    name = m.figures.name
    return ProviderSheetContent(
        title=f"{TITLE} {name}", aanbieder=name, period=f"{format_date(m.first)} tot en met {format_date(m.last)}",
        made_on=made_on,
        made_text=f"Gemaakt op {format_date(made_on)} met Koers · peildatum {format_date(m.filters.today)}",
        figures=figure_lines(m), trend_headers=TREND_HEADERS, trend=trend_rows(m), product_headers=PRODUCT_HEADERS,
        products=product_rows(m), notes=m.notes[1:])  # the period note is in the title block already


def provider_sheet_pdf(db: Database, actor: Actor, aanbieder_id: int, f: ReportFilter | None = None) -> bytes:
    """One aanbieder's sheet as PDF bytes (A4). Nothing is logged here: a file written is logged
    (`save_provider_sheet`, `write_provider_sheets`)."""
    from desktop.letters.provider_sheet import render_provider_sheet

    m = monitor(db, actor, aanbieder_id, f)
    return render_provider_sheet(sheet_content(m, clock.today()))


Progress = Callable[[int, int], object]  # (sheets done, sheets in all); returning False cancels


class SheetsCancelled(KoersError):
    """The user stopped writing the sheets; no file was made."""


@dataclass(frozen=True)
class WrittenSheets:
    folder: Path
    files: tuple[Path, ...]


_UNSAFE = re.compile(r"[^\w.-]+")


def sheet_file_name(name: str, f: ReportFilter) -> str:
    """'Aanbiedermonitor Zorggroep De Linde 2026-01 t-m 2026-11.pdf', without characters a file system refuses."""
    span = whole_months(f)
    safe = " ".join(_UNSAFE.sub(" ", name).split()).strip(".") or "aanbieder"
    return f"Aanbiedermonitor {safe} {span.start:%Y-%m} t-m {span.end:%Y-%m}.pdf"


def _logged(f: ReportFilter, count: int) -> dict[str, list[Any]]:
    """What the access log keeps of a sheet export: the report, the format, how many files, the filters (ids)."""
    span = whole_months(f)
    found: dict[str, Any] = {"periode": [audit.value(span.start), audit.value(span.end)],
                             "peildatum": audit.value(f.today)}
    for key, v in (("law", f.law), ("aanbieder_id", f.aanbieder_id), ("product_id", f.product_id),
                   ("complexity", f.complexity), ("category", f.category), ("consulent_id", f.consulent_id)):
        if v is not None:
            found[key] = audit.value(v)
    return {"rapportage": [None, NAME], "formaat": [None, "pdf"], "regels": [None, count], "filter": [None, found]}


def _temporary(target: Path) -> Path:
    return target.with_name(f".{target.stem}.{secrets.token_hex(4)}.deel{target.suffix}")


def _not_written(target: Path, exc: OSError) -> KoersError:
    return KoersError(f"Het bestand {target} kan niet worden geschreven ({exc.strerror or exc}). Controleer of de "
                      "map bereikbaar is, of u er mag schrijven en of het bestand niet geopend is, en probeer het "
                      "opnieuw. Er is geen bestand gemaakt.")


def _checked_folder(folder: Path | str) -> Path:
    target = Path(folder).expanduser()
    if not target.is_dir():
        raise ValidationError(f"De map {target} bestaat niet. Kies een bestaande map.", field="folder")
    return target


def save_provider_sheet(db: Database, actor: Actor, aanbieder_id: int, f: ReportFilter | None,
                        path: Path | str) -> Path:
    """One aanbieder's sheet written to `path` (.pdf added when missing), whole or not at all, with one
    access-log line."""
    target = Path(path).expanduser()
    if target.suffix.lower() != ".pdf":
        target = target.with_name(target.name + ".pdf")
    _checked_folder(target.parent)
    resolved = replace((f or ReportFilter()).resolved(), aanbieder_id=aanbieder_id)
    data = provider_sheet_pdf(db, actor, aanbieder_id, resolved)
    tmp = _temporary(target)
    try:
        tmp.write_bytes(data)
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise _not_written(target, exc) from exc
    with db.write() as s:
        audit.record(s, actor, AUDIT_ACTION, record_type="rapportage", changes=_logged(resolved, 1))
    return target


def write_provider_sheets(db: Database, actor: Actor, f: ReportFilter | None, folder: Path | str,
                          progress: Progress | None = None) -> WrittenSheets:
    """One PDF per aanbieder with figures in the span (with the filter's aanbieder, that one alone) in `folder`.

    Each sheet is written under a temporary name; only when all are made are they renamed, so a cancel or a
    failure leaves no file and replaces none. `progress(done, total)` is called before the first sheet and after
    each; returning False cancels (SheetsCancelled). One access-log line when the files are in place."""
    audit.require(db, actor, Action.REPORTS_VIEW)
    resolved = (f or ReportFilter()).resolved()
    target = _checked_folder(folder)
    with db.read() as s:
        connection = s.connection()
        found, _ = _raw(connection, resolved)
        names = F.aanbieder_names(connection)
    ids = sorted((k for k in found if k is not None), key=lambda k: (names.get(k, "").casefold(), k))
    made_on = clock.today()
    pending: list[tuple[Path, Path]] = []  # (temporary, final)
    used: set[str] = set()

    def go_on(done: int) -> None:
        if progress is not None and progress(done, len(ids)) is False:
            raise SheetsCancelled("Het maken van de PDF's is afgebroken; er is geen bestand gemaakt.")

    try:
        go_on(0)
        from desktop.letters.provider_sheet import render_provider_sheet
        for done, aanbieder_id in enumerate(ids, start=1):
            with db.read() as s:
                m = _monitor(s.connection(), aanbieder_id, resolved)
            name = sheet_file_name(m.figures.name, resolved)
            if name.casefold() in used:  # two aanbieders of the same name: the number tells them apart
                name = sheet_file_name(f"{m.figures.name} {aanbieder_id}", resolved)
            used.add(name.casefold())
            final = target / name
            tmp = _temporary(final)
            pending.append((tmp, final))
            try:
                tmp.write_bytes(render_provider_sheet(sheet_content(m, made_on)))
            except OSError as exc:
                raise _not_written(final, exc) from exc
            go_on(done)
        for tmp, final in pending:
            try:
                os.replace(tmp, final)
            except OSError as exc:
                raise _not_written(final, exc) from exc
    except BaseException:
        for tmp, _ in pending:
            tmp.unlink(missing_ok=True)
        raise
    with db.write() as s:
        audit.record(s, actor, AUDIT_ACTION, record_type="rapportage", changes=_logged(resolved, len(pending)))
    return WrittenSheets(target, tuple(final for _, final in pending))
