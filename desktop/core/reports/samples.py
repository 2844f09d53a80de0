"""Steekproeven: reproducible random samples of realised hours per aanbieder and period, the outcome of checking
each drawn line against the provider's records, and the report of those outcomes per aanbieder.

The population of a draw is every realisation line of the aanbieder's decisions (the reported statuses) with a
service date in the period, ordered by its id; the draw is `random.Random(seed).sample(population, size)`. The
seed, the size of the population and the drawn line numbers go into the access log, so anyone can make the same
draw again from the same lines (`redraw_check`) and see it was not picked by hand. A drawn line is copied as it was
(a later correction of the booking leaves the check intact).

A checker sees what the provider's records can confirm: toewijzingnummer, product, date, hours, no-show. Never a
resident's name, BSN, client data or plan text: the controller role works here.
"""

from __future__ import annotations

import random
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from db import clock
from db.engine import Database
from db.models import Aanbieder, Beschikking, Casus, Product, Realisation, Sample, SampleLine, User
from db.models.base import stored_id
from db.models.enums import SampleOutcome
from db.units import minutes_to_hours
from desktop.core.access import audit
from desktop.core.access.actor import Actor
from desktop.core.access.permissions import Action
from desktop.core.errors import NotFoundError, ValidationError
from desktop.core.labels import SAMPLE_OUTCOME
from desktop.core.nl import format_date, format_number
from desktop.core.reports.base import Chart, ChartKind, Column, Kind, Report, ReportSpec, Series, percent
from desktop.core.reports.filters import REPORTED_STATUSES, ReportFilter, decision_conditions, needs_casus
from desktop.core.text import clean_text

MIN_SIZE = 1
MAX_SIZE = 500
DEFAULT_SIZE = 25
SEED_LIMIT = 2**31  # the seed column is a 32-bit integer on PostgreSQL
REMARK_MAX = 500
OPEN = "Open"  # a drawn line not yet checked


# ---------------------------------------------------------------- what a checker sees


@dataclass(frozen=True)
class SampleView:
    """One draw and how far checking it has come."""

    id: int
    aanbieder_id: int
    aanbieder_name: str
    period_from: date
    period_to: date
    seed: int
    size: int
    population: int
    drawn_by: str | None
    drawn_at: datetime
    bevestigd: int = 0
    niet_bevestigd: int = 0
    met_opmerking: int = 0

    @property
    def checked(self) -> int:
        return self.bevestigd + self.niet_bevestigd + self.met_opmerking

    @property
    def open(self) -> int:
        return self.size - self.checked


@dataclass(frozen=True)
class SampleLineView:
    """One drawn realisation line: what the provider's records can confirm, and the outcome of checking it."""

    id: int
    sample_id: int
    position: int  # 1 for the first line drawn
    toewijzingnummer: str
    product_code: str
    product_name: str
    service_date: date
    hours: Decimal
    no_show: bool
    outcome: SampleOutcome | None
    remark: str | None
    checked_by: str | None
    checked_at: datetime | None

    @property
    def outcome_text(self) -> str:
        return SAMPLE_OUTCOME[self.outcome] if self.outcome is not None else OPEN


@dataclass(frozen=True)
class RedrawCheck:
    """The draw made again with the stored seed over the lines there are now."""

    sample_id: int
    seed: int
    population_then: int
    population_now: int
    drawn: tuple[int | None, ...]  # the realisation line numbers as drawn, in order (None: deleted since)
    redrawn: tuple[int, ...]  # the same draw now; empty when there are fewer lines than the size
    same: bool
    message: str  # in Dutch, for the screen


# ---------------------------------------------------------------- drawing


def parse_seed(text: str | None, label: str = "de seed", *, field: str | None = "seed") -> int | None:
    """A seed as typed: empty (Koers chooses one), or a whole number; dots and spaces as thousands separators."""
    cleaned = re.sub(r"[\s.]", "", text or "")
    if not cleaned:
        return None
    if not cleaned.isdigit() or int(cleaned) >= SEED_LIMIT:
        raise ValidationError(f"Vul bij {label} een geheel getal in van 0 tot en met {format_number(SEED_LIMIT - 1)}, "
                              "of laat het leeg: dan kiest Koers er een.", field=field)
    return int(cleaned)


def draw(population: Sequence[int], seed: int, size: int) -> list[int]:
    """The draw itself: `size` of the population's line numbers, in the order they were drawn."""
    return random.Random(seed).sample(list(population), size)


def _population(s: Session, aanbieder_id: int, period_from: date, period_to: date) -> list[int]:
    """The realisation line numbers a sample of this aanbieder and period is drawn from, in id order."""
    stmt = (select(Realisation.id)
            .join(Beschikking, col(Beschikking.id) == col(Realisation.beschikking_id))
            .where(col(Beschikking.aanbieder_id) == aanbieder_id, col(Beschikking.status).in_(REPORTED_STATUSES),
                   col(Realisation.service_date) >= period_from, col(Realisation.service_date) <= period_to)
            .order_by(col(Realisation.id)))
    return [stored_id(line) for line in s.exec(stmt)]


def _check_request(period_from: date, period_to: date, size: int, seed: int | None) -> None:
    errors: dict[str, str] = {}
    if isinstance(size, bool) or not isinstance(size, int) or not MIN_SIZE <= size <= MAX_SIZE:
        errors["size"] = (f"Kies een omvang van {MIN_SIZE} tot en met {MAX_SIZE} urenregels; "
                          f"gebruikelijk is {DEFAULT_SIZE}.")
    if period_to < period_from:
        errors["period_to"] = ("De einddatum ligt vóór de begindatum. Kies een einddatum op of na "
                               f"{format_date(period_from)}.")
    if seed is not None and (isinstance(seed, bool) or not 0 <= seed < SEED_LIMIT):
        errors["seed"] = (f"De seed is een geheel getal van 0 tot en met {format_number(SEED_LIMIT - 1)}. "
                          "Laat hem leeg, dan kiest Koers er een.")
    if errors:
        raise ValidationError.of_fields("De steekproef is niet getrokken. Herstel eerst:", errors)


def _period_text(period_from: date, period_to: date) -> str:
    return f"van {format_date(period_from)} tot en met {format_date(period_to)}"


def draw_sample(db: Database, actor: Actor, aanbieder_id: int, period_from: date, period_to: date, size: int, *,
                seed: int | None = None) -> SampleView:
    """Draws `size` realisation lines of the aanbieder's decisions with a service date in the period and stores
    them, with the seed, in one transaction with one access-log line. Without a seed Koers picks one at random."""
    audit.require(db, actor, Action.SAMPLE_CHECK)
    _check_request(period_from, period_to, size, seed)
    chosen_seed = seed if seed is not None else secrets.randbelow(SEED_LIMIT)
    with db.write() as s:
        aanbieder = s.get(Aanbieder, aanbieder_id)
        if aanbieder is None:
            raise ValidationError("Deze aanbieder bestaat niet (meer). Kies een aanbieder uit de lijst.",
                                  field="aanbieder")
        population = _population(s, aanbieder_id, period_from, period_to)
        if not population:
            raise ValidationError(
                f"{aanbieder.name} heeft geen urenregels met een datum {_period_text(period_from, period_to)}: er "
                "valt niets te trekken. Kies een andere periode of aanbieder.", field="period_from")
        if size > len(population):
            raise ValidationError(
                f"De steekproef kan niet groter zijn dan het aantal urenregels: {aanbieder.name} heeft "
                f"{format_number(len(population))} urenregels {_period_text(period_from, period_to)}. Kies een "
                f"omvang van hoogstens {format_number(len(population))}, of een langere periode.", field="size")
        drawn = draw(population, chosen_seed, size)
        sample = Sample(aanbieder_id=aanbieder_id, period_from=period_from, period_to=period_to, seed=chosen_seed,
                        size=size, population=len(population), drawn_by_id=actor.user_id)
        s.add(sample)
        s.flush()
        sample_id = stored_id(sample.id)
        lines = {r.id: r for r in s.exec(select(Realisation).where(col(Realisation.id).in_(drawn)))}
        for position, realisation_id in enumerate(drawn, start=1):
            line = lines[realisation_id]
            s.add(SampleLine(sample_id=sample_id, position=position, realisation_id=realisation_id,
                             beschikking_id=line.beschikking_id, service_date=line.service_date,
                             minutes=line.minutes, no_show=line.no_show, outcome=None))
        audit.record(s, actor, "steekproef.getrokken", record_type="steekproef", record_id=sample_id,
                     changes={"aanbieder": [None, aanbieder.name],
                              "periode": [None, [period_from.isoformat(), period_to.isoformat()]],
                              "seed": [None, chosen_seed], "size": [None, size],
                              "population": [None, len(population)], "drawn": [None, drawn]})
        s.flush()
        return SampleView(id=sample_id, aanbieder_id=aanbieder_id, aanbieder_name=aanbieder.name,
                          period_from=period_from, period_to=period_to, seed=chosen_seed, size=size,
                          population=len(population), drawn_by=actor.display_name, drawn_at=sample.drawn_at)


def redraw_check(db: Database, actor: Actor, sample_id: int) -> RedrawCheck:
    """Makes the draw of a sample again with its seed over the lines there are now, and says whether it gives the
    same lines in the same order. Nothing is stored."""
    audit.require(db, actor, Action.SAMPLE_CHECK)
    with db.read() as s:
        sample = s.get(Sample, sample_id)
        if sample is None:
            raise NotFoundError("Deze steekproef bestaat niet (meer).")
        drawn = tuple(s.exec(select(SampleLine.realisation_id).where(col(SampleLine.sample_id) == sample_id)
                             .order_by(col(SampleLine.position))).all())
        population = _population(s, sample.aanbieder_id, sample.period_from, sample.period_to)
    then, now = sample.population, len(population)
    redrawn = tuple(draw(population, sample.seed, sample.size)) if now >= sample.size else ()
    same = redrawn == drawn
    if same:
        message = (f"Opnieuw getrokken met seed {sample.seed} uit {format_number(now)} urenregels: dezelfde "
                   f"{format_number(sample.size)} regels in dezelfde volgorde. De trekking is reproduceerbaar.")
    elif now != then:
        message = (f"Sinds de trekking is het aantal urenregels in de periode veranderd (toen {format_number(then)}, "
                   f"nu {format_number(now)}), dus een nieuwe trekking met seed {sample.seed} geeft andere regels. "
                   "De getrokken regels zijn bewaard zoals ze waren.")
    else:
        message = (f"Opnieuw getrokken met seed {sample.seed} geeft andere regels: sinds de trekking zijn urenregels "
                   "in de periode verwijderd of toegevoegd. De getrokken regels zijn bewaard zoals ze waren.")
    return RedrawCheck(sample_id=sample_id, seed=sample.seed, population_then=then, population_now=now,
                       drawn=drawn, redrawn=redrawn, same=same, message=message)


# ---------------------------------------------------------------- checking


def _outcome(value: SampleOutcome | str) -> SampleOutcome:
    try:
        return SampleOutcome(value)
    except ValueError:
        choices = ", ".join(f"'{text.lower()}'" for text in SAMPLE_OUTCOME.values())
        raise ValidationError(f"Kies als uitkomst {choices}.", field="outcome") from None


def record_outcome(db: Database, actor: Actor, line_id: int, outcome: SampleOutcome | str,
                   remark: str | None = None) -> SampleLineView:
    """Records what checking one drawn line showed; an earlier outcome may be changed (old and new are logged).
    'Met opmerking' needs the remark."""
    audit.require(db, actor, Action.SAMPLE_CHECK)
    chosen = _outcome(outcome)
    cleaned = clean_text(remark, "de opmerking", max_length=REMARK_MAX, field="remark")
    if chosen is SampleOutcome.MET_OPMERKING and cleaned is None:
        raise ValidationError("Bij 'met opmerking' hoort een opmerking. Schrijf in een paar woorden wat afwijkt, "
                              "bijvoorbeeld 'datum in de administratie van de aanbieder is een dag later'.",
                              field="remark")
    with db.write() as s:
        line = s.get(SampleLine, line_id)
        if line is None:
            raise NotFoundError("Deze regel van de steekproef bestaat niet (meer). Ververs de lijst.")
        changes = audit.diff(line, {"outcome": chosen, "remark": cleaned})
        if changes:
            line.outcome, line.remark = chosen, cleaned
            line.checked_by_id, line.checked_at = actor.user_id, clock.now()
            s.flush()
            audit.record(s, actor, "steekproef.gecontroleerd", record_type="steekproefregel", record_id=line_id,
                         changes=changes)
    return _lines(db, (col(SampleLine.id) == line_id,))[0]


# ---------------------------------------------------------------- reading


def provider_choices(db: Database, actor: Actor) -> list[tuple[int, str]]:
    """(id, name) of every aanbieder, by name; one no longer active says so."""
    audit.require(db, actor, Action.SAMPLE_CHECK)
    with db.read() as s:
        rows = s.exec(select(Aanbieder.id, Aanbieder.name, Aanbieder.active).order_by(col(Aanbieder.name))).all()
    return [(stored_id(i), name if active else f"{name} (niet actief)") for i, name, active in rows]


def _counts(s: Session, sample_ids: Sequence[int]) -> dict[int, dict[SampleOutcome, int]]:
    counts: dict[int, dict[SampleOutcome, int]] = {}
    if not sample_ids:
        return counts
    stmt = (sa.select(col(SampleLine.sample_id), col(SampleLine.outcome), sa.func.count())
            .where(col(SampleLine.sample_id).in_(sample_ids), col(SampleLine.outcome).is_not(None))
            .group_by(col(SampleLine.sample_id), col(SampleLine.outcome)))
    for sample_id, outcome, n in s.execute(stmt):
        counts.setdefault(sample_id, {})[SampleOutcome(outcome)] = int(n)
    return counts


def list_samples(db: Database, actor: Actor, aanbieder_id: int | None = None) -> list[SampleView]:
    """Every sample (of one aanbieder), newest first, with how many lines are checked with which outcome."""
    audit.require(db, actor, Action.SAMPLE_CHECK)
    drawer = aliased(User)
    with db.read() as s:
        stmt = (sa.select(Sample, col(Aanbieder.name), col(drawer.display_name))
                .join(Aanbieder, col(Aanbieder.id) == col(Sample.aanbieder_id))
                .outerjoin(drawer, col(drawer.id) == col(Sample.drawn_by_id))
                .order_by(col(Sample.drawn_at).desc(), col(Sample.id).desc()))
        if aanbieder_id is not None:
            stmt = stmt.where(col(Sample.aanbieder_id) == aanbieder_id)
        rows = s.execute(stmt).all()
        counts = _counts(s, [stored_id(sample.id) for sample, _, _ in rows])
    views = []
    for sample, name, drawn_by in rows:
        found = counts.get(stored_id(sample.id), {})
        views.append(SampleView(
            id=stored_id(sample.id), aanbieder_id=sample.aanbieder_id, aanbieder_name=name,
            period_from=sample.period_from, period_to=sample.period_to, seed=sample.seed, size=sample.size,
            population=sample.population, drawn_by=drawn_by, drawn_at=sample.drawn_at,
            bevestigd=found.get(SampleOutcome.BEVESTIGD, 0), niet_bevestigd=found.get(SampleOutcome.NIET_BEVESTIGD, 0),
            met_opmerking=found.get(SampleOutcome.MET_OPMERKING, 0)))
    return views


def _lines(db: Database, conditions: tuple[Any, ...]) -> list[SampleLineView]:
    checker = aliased(User)
    stmt = (sa.select(SampleLine, col(Beschikking.toewijzing_nummer), col(Product.code), col(Product.name),
                      col(checker.display_name))
            .join(Beschikking, col(Beschikking.id) == col(SampleLine.beschikking_id))
            .outerjoin(Product, col(Product.id) == col(Beschikking.product_id))
            .outerjoin(checker, col(checker.id) == col(SampleLine.checked_by_id))
            .where(*conditions)
            .order_by(col(SampleLine.position)))
    with db.read() as s:
        rows = s.execute(stmt).all()
    return [SampleLineView(
        id=stored_id(line.id), sample_id=line.sample_id, position=line.position, toewijzingnummer=number,
        product_code=code or "", product_name=product or "", service_date=line.service_date,
        hours=minutes_to_hours(line.minutes), no_show=line.no_show, outcome=line.outcome, remark=line.remark,
        checked_by=checked_by if line.checked_by_id is not None else None, checked_at=line.checked_at)
        for line, number, code, product, checked_by in rows]


def sample_lines(db: Database, actor: Actor, sample_id: int) -> list[SampleLineView]:
    """The drawn lines of one sample, in the order they were drawn."""
    audit.require(db, actor, Action.SAMPLE_CHECK)
    with db.read() as s:
        if s.get(Sample, sample_id) is None:
            raise NotFoundError("Deze steekproef bestaat niet (meer). Ververs de lijst.")
    return _lines(db, (col(SampleLine.sample_id) == sample_id,))


# ---------------------------------------------------------------- the report


COLUMNS = (
    Column("aanbieder", "Aanbieder"),
    Column("steekproeven", "Steekproeven", Kind.COUNT),
    Column("getrokken", "Getrokken regels", Kind.COUNT),
    Column("gecontroleerd", "Gecontroleerd", Kind.COUNT),
    Column("bevestigd", "Bevestigd", Kind.COUNT),
    Column("niet_bevestigd", "Niet bevestigd", Kind.COUNT),
    Column("met_opmerking", "Met opmerking", Kind.COUNT),
    Column("open", "Nog open", Kind.COUNT),
    Column("pct_bevestigd", "% bevestigd", Kind.PERCENT),
)


def _tally(outcome: SampleOutcome) -> Any:
    return sa.func.coalesce(sa.func.sum(sa.case((col(SampleLine.outcome) == outcome, 1), else_=0)), 0)


def outcomes_per_provider(db: Database, actor: Actor, f: ReportFilter) -> Report:
    """Per aanbieder: samples whose period touches the span, their lines, and how checking them came out."""
    stmt = (sa.select(col(Aanbieder.name), sa.func.count(sa.distinct(col(Sample.id))), sa.func.count(col(SampleLine.id)),
                      _tally(SampleOutcome.BEVESTIGD), _tally(SampleOutcome.NIET_BEVESTIGD),
                      _tally(SampleOutcome.MET_OPMERKING))
            .select_from(Sample)
            .join(Aanbieder, col(Aanbieder.id) == col(Sample.aanbieder_id))
            .join(SampleLine, col(SampleLine.sample_id) == col(Sample.id))
            .join(Beschikking, col(Beschikking.id) == col(SampleLine.beschikking_id))
            .where(col(Sample.period_from) <= f.end, col(Sample.period_to) >= f.start,
                   *decision_conditions(f, overlapping=False))
            .group_by(col(Aanbieder.id), col(Aanbieder.name))
            .order_by(col(Aanbieder.name)))
    if f.aanbieder_id is not None:
        stmt = stmt.where(col(Sample.aanbieder_id) == f.aanbieder_id)
    if needs_casus(f):
        stmt = stmt.join(Casus, col(Casus.id) == col(Beschikking.casus_id))
    with db.read() as s:
        found = s.execute(stmt).all()
    rows: list[tuple[Any, ...]] = []
    counted: list[tuple[int, ...]] = []
    sums = [0] * 7
    for name, samples, lines, confirmed, refuted, remarked in found:
        checked = int(confirmed) + int(refuted) + int(remarked)
        figures = (int(samples), int(lines), checked, int(confirmed), int(refuted), int(remarked),
                   int(lines) - checked)
        sums = [a + b for a, b in zip(sums, figures, strict=True)]
        counted.append(figures)
        rows.append((name, *figures, percent(figures[3], checked)))
    totals = ("Totaal", *sums, percent(sums[3], sums[2])) if rows else None
    categories = tuple(row[0] for row in rows)
    chart = Chart(ChartKind.STACKED, categories, tuple(
        Series(label, tuple(float(figures[i]) for figures in counted))
        for label, i in ((SAMPLE_OUTCOME[SampleOutcome.BEVESTIGD], 3),
                         (SAMPLE_OUTCOME[SampleOutcome.NIET_BEVESTIGD], 4),
                         (SAMPLE_OUTCOME[SampleOutcome.MET_OPMERKING], 5), ("Nog open", 6))), axis="urenregels")
    notes = ("Een steekproef telt mee als haar periode de gekozen periode raakt; elke getrokken urenregel telt met "
             "de uitkomst van de laatste controle.",
             "% bevestigd is het deel van de gecontroleerde regels dat bevestigd is; open regels tellen niet mee.")
    return Report(name="steekproeven", title="Steekproeven per aanbieder", columns=COLUMNS, rows=tuple(rows),
                  chart=chart, filters=f, notes=notes, totals=totals)


SPECS = (
    ReportSpec(name="steekproeven", title="Steekproeven per aanbieder",
               description="Hoeveel getrokken urenregels per aanbieder zijn bevestigd, niet bevestigd of met "
                           "opmerking gecontroleerd, en hoeveel nog open staan.",
               run=outcomes_per_provider),
)
