"""The monthly summary of every decision (table decision_month), kept true in the same transaction as the change.

Reports over a whole municipality cannot sum a million realisation lines each time they open; they read this
summary instead. It is never written by hand: a flush that touches a decision, its periods or its hours refreshes
that decision's months before the transaction commits, so the summary and the ledger cannot disagree. Bulk loads
(the demo) call `rebuild`; `koers check` recounts and compares.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection
from sqlmodel import Session

from db.models import Beschikking, Casus, DecisionMonth, DecisionPeriod, MonthTotal, Period, Realisation
from db.models.base import table
from db.models.enums import DecisionStatus, FinancingForm
from db.units import money_for_part
from desktop.core.decisions.rules import REPORTED, month_parts, period_parts

_B, _P, _R, _M = table(Beschikking).c, table(Period).c, table(Realisation).c, table(DecisionMonth)
_T = table(MonthTotal)
_C = table(Casus).c
_D = table(DecisionPeriod)
CHUNK = 500
KEY = ("month", "law", "aanbieder_id", "product_id", "complexity", "category", "financing_form")
MEASURES = ("indicated_minutes", "indicated_cents", "counted_minutes", "no_show_minutes", "realised_cents", "lines",
            "starts")


def month_of(day: date) -> int:
    return day.year * 100 + day.month


@dataclass
class _Month:
    indicated_minutes: int = 0
    indicated_cents: int = 0
    counted_minutes: int = 0
    no_show_minutes: int = 0
    realised_cents: int = 0
    lines: int = 0
    starts: int = 0
    cum_indicated_minutes: int = 0
    cum_counted_minutes: int = 0


def compute(decision: Any, periods: Iterable[Any], realisations: Iterable[Any]) -> dict[int, _Month]:
    """The months of one decision from its row, its periods and its realisation lines (Core rows or objects)."""
    if decision.status not in REPORTED:
        return {}
    months: dict[int, _Month] = defaultdict(_Month)
    last = decision.ended_date or decision.end_date
    form = FinancingForm(decision.financing_form)
    for p in periods:
        begin, finish = max(p.start_date, decision.start_date), min(p.end_date, last)
        if finish < begin:
            continue
        days = (p.end_date - p.start_date).days + 1
        kept = p.share_minutes * ((finish - begin).days + 1) // days
        for day, minutes in period_parts(begin, finish, kept):
            months[month_of(day)].indicated_minutes += minutes
    if form is FinancingForm.UREN_X_TARIEF:  # rounded as a running total, so the months add up to the cent
        before = 0
        for key in sorted(months):
            months[key].indicated_cents = money_for_part(before, months[key].indicated_minutes, decision.tariff_cents)
            before += months[key].indicated_minutes
    elif decision.fixed_amount_cents:
        if form is FinancingForm.BEDRAG_PER_TRAJECT:
            months[month_of(decision.start_date)].indicated_cents += decision.fixed_amount_cents
        else:  # a monthly amount, pro rata by days in the first and last month
            for day, cents in _monthly(decision.start_date, last, decision.fixed_amount_cents):
                months[month_of(day)].indicated_cents += cents
    counted_by_month: dict[int, int] = defaultdict(int)
    for r in realisations:
        counts = decision.no_show_counts or not r.no_show
        parts = month_parts(r.covers_from, r.service_date, r.minutes)
        for day, minutes in parts:
            m = months[month_of(day)]
            if counts:
                m.counted_minutes += minutes
                counted_by_month[month_of(day)] += minutes
            if r.no_show:
                m.no_show_minutes += minutes
        months[month_of(r.service_date)].lines += 1
    if form is FinancingForm.UREN_X_TARIEF:  # the running total rounded once, as the ledger bills: months add up
        before = 0
        for key in sorted(counted_by_month):
            months[key].realised_cents = money_for_part(before, counted_by_month[key], decision.tariff_cents)
            before += counted_by_month[key]
    if months:
        months[min(months)].starts = 1
    indicated = counted = 0
    for key in sorted(months):
        indicated += months[key].indicated_minutes
        counted += months[key].counted_minutes
        months[key].cum_indicated_minutes, months[key].cum_counted_minutes = indicated, counted
    return dict(months)


def period_rows(decision: Any, periods: Iterable[Any], realisations: Iterable[Any]) -> list[dict[str, Any]]:
    """The periods of one decision as the reports count them: the share kept within the term it was in force, the
    hours realised inside each period (a booking counts on its last day), money rounded as a running total."""
    if decision.status not in REPORTED:
        return []
    last = decision.ended_date or decision.end_date
    ordered = sorted(periods, key=lambda p: p.number)
    kept: dict[int, int] = {}
    for p in ordered:
        begin, finish = max(p.start_date, decision.start_date), min(p.end_date, last)
        days = (p.end_date - p.start_date).days + 1
        kept[p.number] = p.share_minutes * ((finish - begin).days + 1) // days if finish >= begin else 0
    starts = [p.start_date for p in ordered]
    counted: dict[int, int] = defaultdict(int)
    no_show: dict[int, int] = defaultdict(int)
    for r in realisations:
        at = bisect_right(starts, r.service_date) - 1
        if at < 0 or r.service_date > ordered[at].end_date:
            continue
        number = ordered[at].number
        if decision.no_show_counts or not r.no_show:
            counted[number] += r.minutes
        if r.no_show:
            no_show[number] += r.minutes
    hourly = FinancingForm(decision.financing_form) is FinancingForm.UREN_X_TARIEF
    rows, shares_before, done_before = [], 0, 0
    for p in ordered:
        share, done = kept[p.number], counted[p.number]
        rows.append({"beschikking_id": decision.id, "number": p.number, "start_month": month_of(p.start_date),
                     "law": decision.law, "aanbieder_id": decision.aanbieder_id, "product_id": decision.product_id,
                     "complexity": decision.complexity, "category": decision.category, "share_minutes": share,
                     "counted_minutes": done, "no_show_minutes": no_show[p.number],
                     "indicated_cents": money_for_part(shares_before, share, decision.tariff_cents) if hourly else 0,
                     "realised_cents": money_for_part(done_before, done, decision.tariff_cents) if hourly else 0})
        shares_before += share
        done_before += done
    return rows


def _monthly(start: date, last: date, per_month_cents: int) -> Iterator[tuple[date, int]]:
    begin = start
    while begin <= last:
        month_end = (begin.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
        finish = min(last, month_end)
        in_month = (month_end - begin.replace(day=1)).days + 1
        yield finish, per_month_cents * ((finish - begin).days + 1) // in_month
        begin = finish + timedelta(days=1)


def _rows(decision: Any, months: dict[int, _Month]) -> list[dict[str, Any]]:
    running = decision.status in (DecisionStatus.VASTGESTELD, DecisionStatus.VERZONDEN)
    open_until = (decision.ended_date or decision.end_date) if running else None
    return [{"beschikking_id": decision.id, "month": key, "law": decision.law, "aanbieder_id": decision.aanbieder_id,
             "product_id": decision.product_id, "complexity": decision.complexity, "category": decision.category,
             "financing_form": decision.financing_form, "open_until": open_until, **vars(m),
             "resident_id": decision.resident_of_casus, "start_date": decision.start_date,
             "continues": bool(decision.continues)}
            for key, m in sorted(months.items())]


def refresh(connection: Connection, decision_ids: Iterable[int]) -> None:
    """Recounts the months of these decisions from the ledger, inside the caller's transaction, and moves the
    month totals by the difference."""
    ids = sorted(set(decision_ids))
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        old = [dict(r._mapping) for r in connection.execute(sa.select(_M).where(_M.c.beschikking_id.in_(chunk)))]
        connection.execute(sa.delete(_M).where(_M.c.beschikking_id.in_(chunk)))
        connection.execute(sa.delete(_D).where(_D.c.beschikking_id.in_(chunk)))
        rows, per_period = _recount(connection, chunk)
        if rows:
            connection.execute(sa.insert(_M), rows)
        if per_period:
            connection.execute(sa.insert(_D), per_period)
        _add_to_totals(connection, old, rows)


def _total_key(row: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(row[k] or 0 if k in ("aanbieder_id", "product_id") else row[k] for k in KEY)


def _add_to_totals(connection: Connection, old: list[dict[str, Any]], new: list[dict[str, Any]]) -> None:
    delta: dict[tuple[Any, ...], list[int]] = defaultdict(lambda: [0] * (len(MEASURES) + 1))
    for rows, sign in ((old, -1), (new, 1)):
        for row in rows:
            d = delta[_total_key(row)]
            d[0] += sign
            for i, name in enumerate(MEASURES, 1):
                d[i] += sign * row[name]
    changes = [{**dict(zip(KEY, key, strict=True)), "decisions": d[0], **dict(zip(MEASURES, d[1:], strict=True))}
               for key, d in delta.items() if any(d)]
    if not changes:
        return
    upsert = (sqlite_insert if connection.dialect.name == "sqlite" else pg_insert)(_T)
    connection.execute(upsert.on_conflict_do_update(
        index_elements=list(KEY), set_={name: _T.c[name] + upsert.excluded[name]
                                        for name in ("decisions", *MEASURES)}), changes)


def _recount(connection: Connection, ids: list[int]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(decision_month rows, decision_period rows) of these decisions, counted from the ledger."""
    replaced = table(Beschikking).alias("replaced")
    prev = replaced.c
    continues = sa.and_(prev.id.is_not(None), prev.status.in_([s.value for s in REPORTED]),
                        prev.aanbieder_id.is_not_distinct_from(_B.aanbieder_id),
                        prev.product_id.is_not_distinct_from(_B.product_id))
    decisions = connection.execute(
        sa.select(table(Beschikking), _C.resident_id.label("resident_of_casus"),
                  sa.case((continues, 1), else_=0).label("continues"))
        .select_from(table(Beschikking).outerjoin(table(Casus), _C.id == _B.casus_id)
                     .outerjoin(replaced, prev.id == _B.replaces_id))
        .where(_B.id.in_(ids))).all()
    wanted = [d.id for d in decisions if d.status in REPORTED]
    if not wanted:
        return [], []
    periods: dict[int, list[Any]] = defaultdict(list)
    for p in connection.execute(sa.select(_P.beschikking_id, _P.number, _P.start_date, _P.end_date, _P.share_minutes)
                                .where(_P.beschikking_id.in_(wanted))):
        periods[p.beschikking_id].append(p)
    lines: dict[int, list[Any]] = defaultdict(list)
    for r in connection.execute(sa.select(_R.beschikking_id, _R.service_date, _R.covers_from, _R.minutes, _R.no_show)
                                .where(_R.beschikking_id.in_(wanted))):
        lines[r.beschikking_id].append(r)
    rows: list[dict[str, Any]] = []
    per_period: list[dict[str, Any]] = []
    for d in decisions:
        rows += _rows(d, compute(d, periods[d.id], lines[d.id]))
        per_period += period_rows(d, periods[d.id], lines[d.id])
    return rows, per_period


def recount_all(connection: Connection, progress: Callable[[int, int], None] | None = None
                ) -> Iterator[tuple[list[dict[str, Any]], list[dict[str, Any]]]]:
    """The summary rows of every decision, recounted from the ledger in chunks (for rebuild and `koers check`)."""
    ids = list(connection.execute(sa.select(_B.id).where(_B.status.in_([s.value for s in REPORTED]))
                                  .order_by(_B.id)).scalars())
    for start in range(0, len(ids), CHUNK * 4):
        yield _recount(connection, ids[start:start + CHUNK * 4])
        if progress:
            progress(min(start + CHUNK * 4, len(ids)), len(ids))


def rebuild(connection: Connection) -> int:
    """Replaces the whole summary by a recount (after a bulk load that bypassed the ORM). Returns the rows."""
    connection.execute(sa.delete(_M))
    connection.execute(sa.delete(_D))
    written = 0
    for rows, per_period in recount_all(connection):
        if rows:
            connection.execute(sa.insert(_M), rows)
            written += len(rows)
        if per_period:
            connection.execute(sa.insert(_D), per_period)
    connection.execute(sa.delete(_T))
    connection.execute(sa.insert(_T).from_select([*KEY, "decisions", *MEASURES], totals_from_months()))
    return written


def totals_from_months() -> sa.Select[Any]:
    """month_total as it must be: decision_month summed per key (for rebuild and `koers check`)."""
    m = _M.c
    keys = [m.month, m.law, sa.func.coalesce(m.aanbieder_id, 0), sa.func.coalesce(m.product_id, 0), m.complexity,
            m.category, m.financing_form]
    return sa.select(*keys, sa.func.count(), *(sa.func.sum(m[name]) for name in MEASURES)).group_by(*keys)


def _touched(session: Session) -> set[int]:
    ids: set[int] = set()
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, Beschikking) and obj.id is not None:
            ids.add(obj.id)
        elif isinstance(obj, (Realisation, Period)):
            ids.add(obj.beschikking_id)
            old = sa.inspect(obj).attrs.beschikking_id.history.deleted
            ids.update(v for v in old if v is not None)
    return ids


@event.listens_for(Session, "after_flush")
def _after_flush(session: Session, _context: Any) -> None:
    touched = _touched(session)
    if touched:
        refresh(session.connection(), touched)
