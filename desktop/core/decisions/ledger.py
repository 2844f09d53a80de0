"""The hour ledger: realised hours per date, never above the indicated total plus surplus.

The check runs in one transaction that holds the write lock from its first statement (SQLite
BEGIN IMMEDIATE; on PostgreSQL the decision row is locked FOR UPDATE), so two people entering
hours on one decision at the same moment cannot together go over. The database trigger guards
the same rule for anything that bypasses this module.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlmodel import Session, col, select

from db import clock
from db.engine import Database
from db.models import Beschikking, Period, Realisation
from db.models.base import stored_id
from db.models.enums import DecisionKind, FinancingForm, RealisationSource
from db.units import cents_to_euros, minutes_to_hours, money_for_minutes, money_for_part
from desktop.core.access import audit
from desktop.core.access.actor import Actor
from desktop.core.access.caseload import refusals_logged
from desktop.core.access.permissions import Action
from desktop.core.decisions.queries import (
    counted_minutes,
    lock_decision,
    log_view,
    open_decision,
    resident_of,
)
from desktop.core.decisions.rules import OPEN_FOR_HOURS, month_parts
from desktop.core.errors import KoersError, NotFoundError, ValidationError
from desktop.core.nl import format_date, format_hours
from desktop.core.parse import check_hours, checked
from desktop.core.text import clean_text


class OverrunRefused(KoersError):
    """The entry would bring the realised total above what was indicated. Carries the remaining hours."""

    def __init__(self, remaining_minutes: int, allowed_minutes: int, asked_minutes: int):
        self.remaining_hours = minutes_to_hours(remaining_minutes)
        super().__init__(
            f"Dit past niet binnen de beschikking: er is nog {format_hours(self.remaining_hours)} beschikbaar van "
            f"{format_hours(minutes_to_hours(allowed_minutes))}, en u voert {format_hours(minutes_to_hours(asked_minutes))}"
            " in. Er is niets opgeslagen. Meer uren nodig? Overleg met de consulent over een nieuwe beschikking.")


def _check_entry(decision: Beschikking, service_date: date, problems: list[str], *,
                 span_from: date | None = None) -> None:
    if decision.kind is DecisionKind.AFWIJZING:
        problems.append("Dit is een afwijzing: daarop worden geen uren geboekt.")
    elif decision.status not in OPEN_FOR_HOURS:
        problems.append(f"Op een beschikking met status '{decision.status.value}' worden geen uren geboekt.")
    last = min(decision.end_date, decision.ended_date or decision.end_date)
    if not (decision.start_date <= (span_from or service_date) and service_date <= last):
        problems.append(f"De datum {format_date(service_date)} valt buiten de beschikking "
                        f"({format_date(decision.start_date)} tot en met {format_date(last)}).")
    if service_date > clock.today():
        problems.append("De datum ligt in de toekomst: boek alleen uren die geleverd zijn.")


def _within_ceiling(s: Session, decision: Beschikking, minutes: int, *, counts: bool,
                    excluding: int | None = None) -> int:
    """The minutes already counted against the ceiling; refuses (with the hours that remain) what would pass it."""
    used = counted_minutes(s, decision, excluding=excluding)
    if counts and used + minutes > decision.ceiling_minutes:
        raise OverrunRefused(decision.ceiling_minutes - used, decision.ceiling_minutes, minutes)
    return used


def _guarded_flush(s: Session, decision: Beschikking, used: int, asked: int) -> None:
    try:
        s.flush()
    except (IntegrityError, DBAPIError) as exc:  # the trigger's word, should this module ever be bypassed
        if "koers:overschrijding" in str(exc.orig):
            raise OverrunRefused(max(0, decision.ceiling_minutes - used), decision.ceiling_minutes, asked) from exc
        raise


def add_realisation(db: Database, actor: Actor, decision_id: int, service_date: date, hours: Decimal | int | None, *,
                    no_show: bool = False, source: RealisationSource = RealisationSource.HAND) -> Realisation:
    audit.require(db, actor, Action.HOURS_ENTER)
    problems: list[str] = []
    minutes = checked(problems, check_hours, hours, "het aantal uren", required=True, allow_zero=False)
    with db.write() as s:
        decision = lock_decision(s, decision_id)
        _check_entry(decision, service_date, problems)
        if problems:
            raise ValidationError("De uren zijn niet opgeslagen:", problems=problems)
        assert minutes is not None  # required: a missing value is a problem above
        assert decision.id is not None  # read from the database
        used = _within_ceiling(s, decision, minutes, counts=decision.no_show_counts or not no_show)
        entry = Realisation(beschikking_id=decision.id, service_date=service_date, minutes=minutes, no_show=no_show,
                            source=source, entered_by_id=actor.user_id)
        s.add(entry)
        _guarded_flush(s, decision, used, minutes)
        resident = resident_of(s, decision)
        audit.record(s, actor, "uren.invoeren", resident_id=resident.id, client_number=resident.client_number,
                     record_type="realisatie", record_id=entry.id,
                     changes={"minutes": [None, minutes], "service_date": [None, service_date.isoformat()],
                              "no_show": [None, no_show]})
        s.refresh(entry)
        return entry


def _reason_given(reason: str | None, problems: list[str], what: str) -> str | None:
    """A correction or deletion of booked hours changes what is invoiced: the access log says why."""
    try:
        return clean_text(reason, "de reden", max_length=500, required=True)
    except ValidationError:
        problems.append(f"Vul de reden in waarom u deze boeking {what}; die komt in het toegangslog.")
        return None


def correct_realisation(db: Database, actor: Actor, realisation_id: int, hours: Decimal | int | None, *,
                        service_date: date | None = None, reason: str | None = None) -> Realisation:
    """Corrects the hours (and for a dated entry the date) of one booking, with the reason in the access log.
    A period booking keeps its period: to move hours to another period, delete it and book again."""
    audit.require(db, actor, Action.HOURS_ENTER)
    problems: list[str] = []
    minutes = checked(problems, check_hours, hours, "het aantal uren", required=True, allow_zero=False)
    why = _reason_given(reason, problems, "corrigeert")
    with db.write() as s:
        entry = s.get(Realisation, realisation_id)
        if entry is None:
            raise NotFoundError("Deze urenregel bestaat niet (meer).")
        decision = lock_decision(s, entry.beschikking_id)
        if entry.covers_from is not None and service_date not in (None, entry.service_date):
            problems.append("Een boeking voor een periode houdt haar periode. Hoort het bij een andere periode? "
                            "Verwijder deze boeking en boek opnieuw.")
            service_date = None
        new_date = service_date or entry.service_date
        _check_entry(decision, new_date, problems, span_from=entry.covers_from)
        if problems:
            raise ValidationError("De correctie is niet opgeslagen:", problems=problems)
        assert minutes is not None  # required: a missing value is a problem above
        used = _within_ceiling(s, decision, minutes, counts=decision.no_show_counts or not entry.no_show,
                               excluding=entry.id)
        changes = audit.diff(entry, {"minutes": minutes, "service_date": new_date})
        entry.minutes, entry.service_date = minutes, new_date
        _guarded_flush(s, decision, used, minutes)
        resident = resident_of(s, decision)
        audit.record(s, actor, "uren.corrigeren", resident_id=resident.id, client_number=resident.client_number,
                     record_type="realisatie", record_id=entry.id, changes=changes, reason=why)
        s.refresh(entry)
        return entry


def delete_realisation(db: Database, actor: Actor, realisation_id: int, *, reason: str | None = None) -> None:
    """Deletes one booking, with the reason in the access log."""
    audit.require(db, actor, Action.HOURS_ENTER)
    problems: list[str] = []
    why = _reason_given(reason, problems, "verwijdert")
    if problems:
        raise ValidationError("De boeking is niet verwijderd:", problems=problems)
    with db.write() as s:
        entry = s.get(Realisation, realisation_id)
        if entry is None:
            raise NotFoundError("Deze urenregel bestaat niet (meer).")
        decision = lock_decision(s, entry.beschikking_id)
        resident = resident_of(s, decision)
        audit.record(s, actor, "uren.verwijderen", resident_id=resident.id, client_number=resident.client_number,
                     record_type="realisatie", record_id=entry.id,
                     changes={"minutes": [entry.minutes, None], "service_date": [entry.service_date.isoformat(),
                                                                                  None]}, reason=why)
        s.delete(entry)


@dataclass(frozen=True)
class PeriodLine:
    number: int
    start_date: date
    end_date: date
    share: Decimal
    realised: Decimal
    cumulative: Decimal
    remaining: Decimal  # of the total, after this period
    amount: Decimal  # euros invoiced for this period


@dataclass(frozen=True)
class MonthLine:
    year: int
    month: int
    realised: Decimal
    amount: Decimal


@dataclass(frozen=True)
class LedgerSummary:
    decision_id: int
    indicated: Decimal
    surplus: Decimal
    ceiling: Decimal  # indicated plus surplus: what may be realised in all
    realised: Decimal
    remaining: Decimal
    periods: list[PeriodLine]
    months: list[MonthLine]
    billed: Decimal


def summarise(s: Session, decision: Beschikking) -> LedgerSummary:
    """Per period and per calendar month: the same dated entries added up both ways, and what they cost."""
    periods = s.exec(select(Period).where(Period.beschikking_id == decision.id)
                     .order_by(col(Period.number))).all()
    entries = s.exec(select(Realisation).where(Realisation.beschikking_id == decision.id)).all()
    counted = sorted((e for e in entries if decision.no_show_counts or not e.no_show), key=lambda e: e.service_date)
    dated = sorted(part for e in counted for part in month_parts(e.covers_from, e.service_date, e.minutes))
    hourly = decision.financing_form is FinancingForm.UREN_X_TARIEF

    def minutes_before(day: date) -> int:
        return sum(m for d, m in dated if d < day)

    def cost(first_day: date, minutes: int) -> int:
        """Money for the minutes of a date range, by the running total (db.units.money_for_part)."""
        return money_for_part(minutes_before(first_day), minutes, decision.tariff_cents) if hourly else 0

    ceiling = decision.ceiling_minutes
    lines, cumulative = [], 0
    for p in periods:
        used = sum(e.minutes for e in counted if p.start_date <= e.service_date <= p.end_date)
        cumulative += used
        lines.append(PeriodLine(p.number, p.start_date, p.end_date, minutes_to_hours(p.share_minutes),
                                minutes_to_hours(used), minutes_to_hours(cumulative),
                                minutes_to_hours(ceiling - cumulative), cents_to_euros(cost(p.start_date, used))))
    by_month: dict[tuple[int, int], int] = defaultdict(int)
    for day, minutes in dated:
        by_month[(day.year, day.month)] += minutes
    months = [MonthLine(y, m, minutes_to_hours(v), cents_to_euros(cost(date(y, m, 1), v)))
              for (y, m), v in sorted(by_month.items())]
    total = sum(e.minutes for e in counted)
    billed = cents_to_euros(money_for_minutes(total, decision.tariff_cents)) if hourly else _fixed_billing(decision)
    assert decision.id is not None  # read from the database
    return LedgerSummary(decision.id, minutes_to_hours(decision.indicated_minutes),
                         minutes_to_hours(decision.surplus_minutes), minutes_to_hours(ceiling),
                         minutes_to_hours(total), minutes_to_hours(ceiling - total), lines, months,
                         billed.quantize(Decimal("0.01")))


def summary(db: Database, actor: Actor, decision_id: int, *, reason: str | None = None) -> LedgerSummary:
    """The ledger of one decision, under the caseload rule like every other read of a resident's data."""
    audit.require(db, actor, Action.DECISION_VIEW)
    with refusals_logged(db, actor), db.write() as s:
        decision, resident, why = open_decision(s, actor, decision_id, reason, Action.DECISION_VIEW)
        log_view(s, actor, decision, resident, why)
        return summarise(s, decision)


def _fixed_billing(decision: Beschikking) -> Decimal:
    """Result financing: the fixed amount per month of the decision, or once per trajectory."""
    amount = cents_to_euros(decision.fixed_amount_cents)
    if decision.financing_form is FinancingForm.BEDRAG_PER_TRAJECT:
        return amount
    start, end = decision.start_date, decision.ended_date or decision.end_date
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    return amount * months


UNDERUSE_AFTER = Decimal("0.5")  # warn about under-use only once half the term has passed
UNDERUSE_RATIO = Decimal("0.6")  # ... and less than 60% of the expected share is used
PACE_MIN_DAYS = 28  # the pace is measured over at least one four-week period: a provider that books a period's
                    # hours at its start would otherwise look, in its first days, like an overrun


def forecast(decision: Beschikking, result: LedgerSummary, today: date) -> list[str]:
    """Early warnings at the current pace: the current period past its share, a threatening overrun (the date
    the hours run out and the period that date falls in), or under-use.

    Only for a decision that takes hours: a concept, or one withdrawn or replaced, has no pace to judge."""
    if decision.status not in OPEN_FOR_HOURS or not result.periods or today < decision.start_date:
        return []
    total_days = (decision.end_date - decision.start_date).days + 1
    elapsed = min(total_days, (today - decision.start_date).days + 1)
    fraction = Decimal(elapsed) / total_days
    allowed = result.ceiling
    warnings: list[str] = []
    current = next((p for p in result.periods if p.start_date <= today <= p.end_date), None)
    if current is not None and current.realised > current.share:
        warnings.append(f"Periode {current.number} is al boven haar deel: {format_hours(current.realised)} gebruikt "
                        f"van {format_hours(current.share)}. Dat mag, de uren zijn flexibel, maar er blijft minder "
                        "over voor de perioden daarna.")
    if result.realised and elapsed < total_days and allowed:
        per_day = result.realised / max(elapsed, min(PACE_MIN_DAYS, total_days))
        days_left = int(allowed / per_day)  # whole days the hours last at this pace, from the start
        runs_out = decision.start_date + timedelta(days=max(days_left - 1, 0))
        if runs_out < decision.end_date:
            period = next((p for p in result.periods if p.start_date <= runs_out <= p.end_date), result.periods[-1])
            weekly = (per_day * 7).quantize(Decimal("0.1"))
            warnings.append(f"Dreigende overschrijding in periode {period.number}: bij het huidige tempo "
                            f"({format_hours(weekly)} per week) zijn alle {format_hours(allowed)} rond "
                            f"{format_date(max(runs_out, today))} op, terwijl de beschikking loopt tot "
                            f"{format_date(decision.end_date)}. Bespreek het met de aanbieder.")
    if allowed and fraction >= UNDERUSE_AFTER and result.realised / allowed < fraction * UNDERUSE_RATIO:
        used = int((result.realised / allowed * 100).quantize(Decimal(1)))
        passed = int((fraction * 100).quantize(Decimal(1)))
        warnings.append(f"Onderbesteding: {used}% van de uren gebruikt na {passed}% van de looptijd. Klopt de "
                        "indicatie nog, of krijgt de inwoner niet wat is afgesproken?")
    return warnings


@dataclass(frozen=True)
class Entry:
    id: int
    service_date: date
    minutes: int
    no_show: bool
    covers_from: date | None = None  # a booking for a period: the first day it covers

    @property
    def hours(self) -> Decimal:
        return minutes_to_hours(self.minutes)


def entries_of(s: Session, decision_id: int) -> list[Entry]:
    """The dated entries, newest first, so a just-booked entry is on top."""
    rows = s.exec(select(Realisation).where(Realisation.beschikking_id == decision_id)
                  .order_by(col(Realisation.service_date).desc(), col(Realisation.id).desc())).all()
    return [Entry(stored_id(r.id), r.service_date, r.minutes, r.no_show, r.covers_from) for r in rows]


def add_period_realisation(db: Database, actor: Actor, decision_id: int, period_number: int, hours: Decimal | int | None, *,
                           no_show: bool = False) -> Realisation:
    """Books hours for a whole period (as a provider reports them) as one entry over the days delivered so far;
    its split over calendar months is derived (month_parts), so correcting it is one correction."""
    audit.require(db, actor, Action.HOURS_ENTER)
    problems: list[str] = []
    minutes = checked(problems, check_hours, hours, "het aantal uren", required=True, allow_zero=False)
    with db.write() as s:
        decision = lock_decision(s, decision_id)
        period = s.exec(select(Period).where(Period.beschikking_id == decision.id,
                                             Period.number == period_number)).first()
        if period is None:
            raise ValidationError(f"Periode {period_number} hoort niet bij deze beschikking. Kies een periode uit "
                                  "de lijst.")
        last = min(period.end_date, decision.ended_date or decision.end_date, clock.today())
        if last < period.start_date:
            problems.append(f"Periode {period.number} is nog niet begonnen (begint {format_date(period.start_date)})"
                            " of valt na de einddatum: boek alleen uren die geleverd zijn.")
        if decision.status not in OPEN_FOR_HOURS:
            problems.append(f"Op een beschikking met status '{decision.status.value}' worden geen uren geboekt.")
        if problems:
            raise ValidationError("De uren zijn niet opgeslagen:", problems=problems)
        assert minutes is not None  # required: a missing value is a problem above
        assert decision.id is not None  # read from the database
        used = _within_ceiling(s, decision, minutes, counts=decision.no_show_counts or not no_show)
        entry = Realisation(beschikking_id=decision.id, service_date=last, covers_from=period.start_date,
                            minutes=minutes, no_show=no_show, source=RealisationSource.HAND,
                            entered_by_id=actor.user_id)
        s.add(entry)
        _guarded_flush(s, decision, used, minutes)
        resident = resident_of(s, decision)
        audit.record(s, actor, "uren.invoeren", resident_id=resident.id, client_number=resident.client_number,
                     record_type="realisatie", record_id=entry.id,
                     changes={"minutes": [None, minutes], "service_date": [None, last.isoformat()],
                              "no_show": [None, no_show], "periode": [None, period.number]})
        s.refresh(entry)
        return entry
