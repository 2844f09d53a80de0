"""Realisation against indication: hours and money per aanbieder, product, level, category, calendar month or
period, from the monthly summary (or, per period, from the ledger itself)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sqlalchemy as sa

from db.engine import Database
from db.models import Beschikking, Casus, DecisionPeriod
from db.models.base import table
from db.units import cents_to_euros, minutes_to_hours
from desktop.core.access.actor import Actor
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
from desktop.core.reports.filters import ReportFilter

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
    "De periode telt in hele kalendermaanden; per periode van de beschikking tellen de perioden die in die "
    "maanden beginnen, met de uren die binnen elke periode vallen.",
)


def _labels(connection: Any, group: str) -> Callable[[Any], str]:
    return F.group_labels(connection, group, F.month_label if group == "maand" else lambda v: f"Periode {v}")


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
    """Per period number of the decisions in scope: the shares of the periods that start in the span and the
    hours realised inside them, from the per-period summary (periods do not follow calendar months)."""
    d = table(DecisionPeriod).c
    first, last = F.months_between(f)
    where: list[Any] = [d.start_month.between(first, last)]
    for value, column in ((f.law, d.law), (f.aanbieder_id, d.aanbieder_id), (f.product_id, d.product_id),
                          (f.complexity, d.complexity), (f.category, d.category)):
        if value is not None:
            where.append(column == value)
    if f.consulent_id is not None:
        b, c = table(Beschikking).c, table(Casus).c
        where.append(d.beschikking_id.in_(sa.select(b.id).join(table(Casus), c.id == b.casus_id)
                                          .where(c.consulent_id == f.consulent_id)))
    stmt = (sa.select(d.number, sa.func.count(), sa.func.sum(d.share_minutes), sa.func.sum(d.counted_minutes),
                      sa.func.sum(d.no_show_minutes), sa.func.sum(d.indicated_cents), sa.func.sum(d.realised_cents))
            .where(*where).group_by(d.number))
    return [(row[0], *(int(v or 0) for v in row[1:])) for row in connection.execute(stmt)]


SPECS = (ReportSpec("realisatie", "Realisatie tegenover indicatie",
                    "Uren en geld: wat is geïndiceerd en wat is gerealiseerd.", run, GROUPS),)
