"""Utilisation of running decisions at this point of their term, and how it is spread: a provider whose decisions
all sit at 90–100 % bills what was indicated rather than what was needed, and stands out here."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa

from db.engine import Database
from db.models import Beschikking, Casus, DecisionMonth
from db.models.base import table
from db.units import minutes_to_hours
from desktop.core.access.actor import Actor
from desktop.core.decisions.months import month_of
from desktop.core.nl import format_date
from desktop.core.reports import facts as F
from desktop.core.reports.base import (
    FILTERS,
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
          ("categorie", "per categorie (basis / intensief)"), ("wet", "per wet"),
          ("beschikking", "per beschikking"))
PER_DECISION_LIMIT = 2000
BANDS = ("onder 50 %", "50–90 %", "90–100 %", "boven 100 %")
COLUMNS = (  # after the group column
    Column("beschikkingen", "Lopende beschikkingen", Kind.COUNT),
    Column("onder_50", "Onder 50 %", Kind.COUNT), Column("50_90", "50–90 %", Kind.COUNT),
    Column("90_100", "90–100 %", Kind.COUNT), Column("boven_100", "Boven 100 %", Kind.COUNT),
    Column("aandeel_90_100", "Aandeel 90–100 %", Kind.PERCENT),
    Column("tot_nu_geindiceerd", "Geïndiceerd tot nu (uren)", Kind.HOURS),
    Column("tot_nu_gerealiseerd", "Gerealiseerd tot nu (uren)", Kind.HOURS),
    Column("benutting", "Benutting", Kind.PERCENT),
)
def standing_month(today: date) -> int:
    """The last whole calendar month before the peildatum: hours are invoiced per month, so the current month is
    not yet complete."""
    return month_of(today.replace(day=1) - timedelta(days=1))


def notes(today: date) -> tuple[str, ...]:
    month = standing_month(today)
    return (
        f"Lopend: vastgesteld of verzonden, ingegaan vóór {F.month_label(month_of(today))} en op "
        f"{format_date(today)} nog van kracht.",
        f"Benutting: de gerealiseerde uren tegenover de geïndiceerde uren van het deel van de looptijd tot en met "
        f"{F.month_label(month)} (de laatste hele maand; uren worden per maand gedeclareerd). Boven 100 % kan met "
        "flexibele inzet of met meeruren.",
        "Een aanbieder met bijna alle beschikkingen op 90–100 % declareert wat geïndiceerd is, niet wat nodig was: "
        "bespreek dat in het accountgesprek.",
        "De periodefilter geldt hier niet: het gaat om de stand op de peildatum.",
    )


def run(db: Database, actor: Actor, f: ReportFilter) -> Report:
    group = f.group or "aanbieder"
    m, b = table(DecisionMonth).c, table(Beschikking).c
    done, due = m.cum_counted_minutes, m.cum_indicated_minutes
    bands = (done * 2 < due, sa.and_(done * 2 >= due, done * 10 < due * 9), sa.and_(done * 10 >= due * 9, done <= due),
             done > due)
    where = [m.month == standing_month(f.today), due > 0, m.open_until >= f.today]
    for value, column in ((f.law, m.law), (f.aanbieder_id, m.aanbieder_id), (f.product_id, m.product_id),
                          (f.complexity, m.complexity), (f.category, m.category)):
        if value is not None:
            where.append(column == value)
    joined: Any = table(DecisionMonth)
    if f.consulent_id is not None:
        joined = joined.join(table(Beschikking), b.id == m.beschikking_id)
    if f.consulent_id is not None:
        joined = joined.join(table(Casus), table(Casus).c.id == b.casus_id)
        where.append(table(Casus).c.consulent_id == f.consulent_id)
    counts = (sa.func.count(), *(sa.func.sum(sa.case((band, 1), else_=0)) for band in bands),
              sa.func.sum(due), sa.func.sum(done))
    explained = notes(f.today)
    with db.read() as s:
        connection = s.connection()
        if group == "beschikking":  # a list, not a distribution: the highest first, as many as a screen can use
            whole = connection.execute(sa.select(*counts).select_from(joined).where(*where)).one()
            if f.consulent_id is None:  # else already joined for the consulent
                joined = joined.join(table(Beschikking), b.id == m.beschikking_id)
            listed = connection.execute(
                sa.select(b.toewijzing_nummer, due, done, *(sa.case((band, 1), else_=0) for band in bands))
                .select_from(joined).where(*where)
                .order_by((done * 1.0 / due).desc(), b.toewijzing_nummer).limit(PER_DECISION_LIMIT)).all()
            rows = tuple(_row(row[0], 1, int(row[3]), int(row[4]), int(row[5]), int(row[6]), int(row[1]), int(row[2]))
                         for row in listed)
            sums = [int(v or 0) for v in whole]
            if sums[0] > len(rows):
                explained += (f"Per beschikking: de {PER_DECISION_LIMIT:,} met de hoogste benutting van de "
                              f"{sums[0]:,}; kies een aanbieder of product voor de rest.".replace(",", "."),)
        else:
            key = m[F.COLUMN[group]]
            label = F.group_labels(connection, group)
            found = [tuple(row) for row in connection.execute(
                sa.select(key, *counts).select_from(joined).where(*where).group_by(key))]
            rows = tuple(sorted((_row(label(r[0]), *(int(v or 0) for v in r[1:])) for r in found),
                                key=lambda row: row[0].casefold()))
            sums = [sum(int(r[i] or 0) for r in found) for i in range(1, 8)]
    totals = _row("Totaal", *sums)
    chart = Chart(ChartKind.STACKED, tuple(r[0] for r in rows),
                  tuple(Series(name, tuple(float(r[2 + i]) for r in rows)) for i, name in enumerate(BANDS)),
                  "beschikkingen")
    return Report("benutting", "Benutting van lopende beschikkingen", (group_column(group), *COLUMNS), rows, chart, f,
                  explained, totals)


def _row(label: str, count: int, under: int, middle: int, near: int, over: int, due: int, done: int
         ) -> tuple[Any, ...]:
    return (label, count, under, middle, near, over, percent(near, count), minutes_to_hours(due),
            minutes_to_hours(done), percent(done, due))


SPECS = (ReportSpec("benutting", "Benutting van lopende beschikkingen",
                    "Hoeveel van de uren tot nu toe is gebruikt, en hoe dat verdeeld is (onder 50 %, 50–90 %, "
                    "90–100 %, erboven).", run, GROUPS,
                    uses=tuple(u for u in FILTERS if u not in ("van", "tot"))),)
