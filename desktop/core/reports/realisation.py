"""Realisation against indication: hours and money per aanbieder, product, level, category, calendar month or
period, from the monthly summary (or, per period, from the ledger itself)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import sqlalchemy as sa

from db.engine import Database
from db.models import Beschikking, Casus, Period, Realisation
from db.models.base import table
from db.units import cents_to_euros, minutes_to_hours
from desktop.core.access.actor import Actor
from desktop.core.labels import CATEGORY, COMPLEXITY, LAW
from desktop.core.reports import facts as F
from desktop.core.reports.base import (
    Chart,
    ChartKind,
    Column,
    Kind,
    Report,
    ReportSpec,
    Series,
    group_column,
    percent,
)
from desktop.core.reports.filters import ReportFilter, decision_conditions, needs_casus

GROUPS = (("aanbieder", "per aanbieder"), ("product", "per product"), ("niveau", "per niveau (L / M / ZW)"),
          ("categorie", "per categorie (basis / intensief)"), ("wet", "per wet"), ("maand", "per kalendermaand"),
          ("periode", "per periode van de beschikking"))
COLUMNS = (  # after the group column
    Column("beschikkingen", "Beschikkingen", Kind.COUNT),
    Column("geindiceerd_uren", "Geïndiceerd (uren)", Kind.HOURS),
    Column("gerealiseerd_uren", "Gerealiseerd (uren)", Kind.HOURS),
    Column("benutting", "Benutting", Kind.PERCENT), Column("no_show_uren", "Waarvan no-show (uren)", Kind.HOURS),
    Column("geindiceerd_bedrag", "Geïndiceerd (bedrag)", Kind.MONEY),
    Column("gerealiseerd_bedrag", "Gerealiseerd (bedrag)", Kind.MONEY),
)
NOTES = (
    "Geïndiceerd: de uren van de perioden van elke beschikking, naar rato van de dagen verdeeld over de "
    "kalendermaanden, en alleen zolang de beschikking gold (tot de wijziging of beëindiging).",
    "Gerealiseerd: de uren die tegen de beschikking tellen (no-shows alleen waar die meetellen), zoals de "
    "aanbieder ze per maand declareert; een periodeboeking wordt naar rato over de maanden verdeeld. Bedrag: uren "
    "× tarief van de beschikking, of het vaste bedrag per maand of traject.",
    "De periode telt in hele kalendermaanden.",
)


def _labels(connection: Any, group: str) -> Callable[[Any], str]:
    if group == "aanbieder":
        return F.aanbieder_names(connection).__getitem__
    if group == "product":
        return F.product_names(connection).__getitem__
    if group == "niveau":
        return lambda v: COMPLEXITY[v]
    if group == "categorie":
        return lambda v: CATEGORY[v]
    if group == "wet":
        return lambda v: LAW[v]
    if group == "maand":
        return F.month_label
    return lambda v: f"Periode {v}"


def _row(label: str, decisions: int | None, indicated: int, counted: int, no_show: int, indicated_cents: int,
         realised_cents: int) -> tuple[Any, ...]:
    return (label, decisions, minutes_to_hours(indicated), minutes_to_hours(counted), percent(counted, indicated),
            minutes_to_hours(no_show), cents_to_euros(indicated_cents), cents_to_euros(realised_cents))


def run(db: Database, actor: Actor, f: ReportFilter) -> Report:
    group = f.group or "aanbieder"
    with db.read() as s:
        connection = s.connection()
        label = _labels(connection, group)
        if group == "periode":
            found = _per_period(connection, f)
        else:
            found = [(fact.key[0], fact.decisions, fact.indicated_minutes, fact.counted_minutes,
                      fact.no_show_minutes, fact.indicated_cents, fact.realised_cents)
                     for fact in F.facts(connection, f, (group,))]
            whole = F.facts(connection, f, ())
    found.sort(key=lambda r: (r[0] is None, r[0]) if group in ("maand", "periode") else (label(r[0]).casefold(),))
    rows = tuple(_row(label(key), *rest) for key, *rest in found)
    if group == "periode":
        sums = [sum(r[i] for r in found) for i in range(2, 7)]
        totals = _row("Totaal", None, *sums)
    else:
        t = whole[0] if whole else F.Fact((), 0, 0, 0, 0, 0, 0, 0)
        totals = _row("Totaal", t.decisions, t.indicated_minutes, t.counted_minutes, t.no_show_minutes,
                      t.indicated_cents, t.realised_cents)
    chart = Chart(ChartKind.LINE if group == "maand" else ChartKind.BAR, tuple(r[0] for r in rows),
                  (Series("Geïndiceerd", tuple(float(r[2]) for r in rows)),
                   Series("Gerealiseerd", tuple(float(r[3]) for r in rows))), "uren")
    return Report("realisatie", "Realisatie tegenover indicatie", (group_column(group), *COLUMNS), rows, chart, f,
                  NOTES, totals)


def _per_period(connection: Any, f: ReportFilter) -> list[tuple[Any, ...]]:
    """Per period number of the decisions in scope: the shares of their periods that touch the span and the hours booked
    inside each period. Read from the ledger itself: periods do not follow calendar months."""
    first, last = F.first_day(f), F.last_day(f)
    b, p, r = table(Beschikking).c, table(Period).c, table(Realisation).c
    scope = decision_conditions(_span(f, first, last))
    joined = table(Beschikking).join(table(Period), p.beschikking_id == b.id)
    if needs_casus(f):
        joined = joined.join(table(Casus), table(Casus).c.id == b.casus_id)
    counted = sa.and_(sa.or_(b.no_show_counts, sa.not_(r.no_show)))
    realised = (sa.select(p.number, sa.func.sum(sa.case((counted, r.minutes), else_=0)),
                          sa.func.sum(sa.case((r.no_show, r.minutes), else_=0)),
                          sa.func.sum(sa.case((counted, r.minutes * b.tariff_cents), else_=0)))
                .select_from(joined.join(table(Realisation), sa.and_(
                    r.beschikking_id == b.id, r.service_date.between(p.start_date, p.end_date))))
                .where(*scope, r.service_date.between(first, last)).group_by(p.number))
    indicated = (sa.select(p.number, sa.func.count(sa.distinct(b.id)), sa.func.sum(p.share_minutes),
                           sa.func.sum(p.share_minutes * b.tariff_cents))
                 .select_from(joined)
                 .where(*scope, p.start_date <= last, p.end_date >= first).group_by(p.number))
    done = {row[0]: row[1:] for row in connection.execute(realised)}
    out = []
    for number, decisions, share, share_cents in connection.execute(indicated):
        counted_minutes, no_show, cents = done.get(number, (0, 0, 0))
        out.append((number, decisions, int(share or 0), int(counted_minutes or 0), int(no_show or 0),
                    _cents(share_cents), _cents(cents)))
    return out


def _span(f: ReportFilter, first: date, last: date) -> ReportFilter:
    from dataclasses import replace
    return replace(f, date_from=first, date_to=last)


def _cents(minute_cents: Any) -> int:
    """Sum of minutes × cents-per-hour, as whole cents."""
    from decimal import ROUND_HALF_UP, Decimal
    return int((Decimal(int(minute_cents or 0)) / 60).quantize(Decimal(1), rounding=ROUND_HALF_UP))


SPECS = (ReportSpec("realisatie", "Realisatie tegenover indicatie",
                    "Uren en geld: wat is geïndiceerd en wat is gerealiseerd.", run, GROUPS),)
