"""Beschikkingen: created from an agreed plan version, with the periods and end date derived once.

Hours follow the regional model: hours per period (or a total) over N periods of W weeks, used
flexibly; the total indicated plus any surplus is the ceiling the ledger never passes.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import func
from sqlmodel import Session, col, select

from db import clock
from db.engine import Database
from db.models import (
    Aanbieder,
    Beschikking,
    BeschikkingResult,
    Casus,
    Goal,
    Period,
    Plan,
    Product,
    Resident,
    Result,
    Tariff,
)
from db.models.base import stored_id
from db.models.enums import (
    CaseOutcome,
    CaseStatus,
    Complexity,
    DecisionKind,
    DecisionStatus,
    FinancingForm,
    IndicationCategory,
    PlanStatus,
)
from db.units import cents_to_euros, minutes_to_hours
from desktop.core import reference
from desktop.core.access import audit
from desktop.core.access.actor import Actor
from desktop.core.access.caseload import check_access, refusals_logged
from desktop.core.access.permissions import Action
from desktop.core.catalog.contracts import decision_problem
from desktop.core.decisions.queries import next_toewijzing_nummer, open_decision, resident_of
from desktop.core.decisions.rules import (
    MAX_PERIOD_WEEKS,
    MAX_PERIODS,
    derive_end_date,
    derive_periods,
    evaluation_dates,
)
from desktop.core.errors import KoersError, NotFoundError, ValidationError
from desktop.core.nl import format_date, format_hours
from desktop.core.parse import check_hours, check_money, checked
from desktop.core.residents.register import casus_and_resident
from desktop.core.text import clean_text


@dataclass
class DecisionInput:
    plan_id: int | None  # None (nothing chosen, or missing on an old decision): refused by create_decision
    result_ids: list[int]
    product_id: int | None
    aanbieder_id: int | None
    complexity: Complexity
    category: IndicationCategory
    start_date: date
    period_weeks: int = 4
    period_count: int = 7
    hours_per_period: Decimal | int | None = None  # give this, or total_hours
    total_hours: Decimal | int | None = None
    surplus_hours: Decimal | int = 0
    bandwidth_min_hours_week: Decimal | int | None = None
    bandwidth_max_hours_week: Decimal | int | None = None
    financing_form: FinancingForm = FinancingForm.UREN_X_TARIEF
    fixed_amount: Decimal | int | None = None  # euros per month or per trajectory (result financing)
    tariff: Decimal | int | None = None  # euros per hour; None: from the catalogue
    no_show_counts: bool = True
    motivation: str = ""


def _tariff_cents(s: Session, data: DecisionInput) -> int | None:
    rows = s.exec(select(Tariff).where(Tariff.product_id == data.product_id, Tariff.complexity == data.complexity,
                                       Tariff.valid_from <= data.start_date)
                  .order_by(col(Tariff.aanbieder_id).is_(None), col(Tariff.valid_from).desc())).all()
    own = [t for t in rows if t.aanbieder_id == data.aanbieder_id]
    regional = [t for t in rows if t.aanbieder_id is None]
    chosen = next(iter(own or regional), None)
    return chosen.amount_cents if chosen else None


def _explanation(text: str, problems: list[str]) -> str | None:
    """The required explanation of a wijziging or beëindiging; a problem is collected, not raised."""
    try:
        return clean_text(text, "de toelichting", max_length=2000, required=True, multiline=True)
    except ValidationError as exc:
        problems.append(exc.message)
        return None


@dataclass(frozen=True)
class _Checked:
    """The typed values of a DecisionInput once every field passed its parser."""

    per_period: int | None
    total: int
    surplus: int
    band_min: int | None
    band_max: int | None
    fixed: int | None
    typed_tariff: int | None
    motivation: str | None
    end: date


class _DryRun(Exception):
    """Raised inside a transaction to roll back a check that went through every rule."""


@contextmanager
def _transaction(db: Database, dry_run: bool) -> Iterator[Session]:
    """One transaction; a dry run rolls it back after every rule has been applied, so a screen can say what is
    wrong before it asks anything irreversible ('Nu vaststellen?')."""
    try:
        with db.write() as s:
            yield s
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass


def create_decision(db: Database, actor: Actor, casus_id: int, data: DecisionInput, *,
                    reason: str | None = None, establish_on: date | None = None) -> Beschikking:
    """A concept decision based on an agreed plan version, with its periods. Nothing is stored on any problem.

    `establish_on` also establishes it in the same transaction: a vastgesteld decision, or nothing at all."""
    made = _create(db, actor, casus_id, data, reason=reason, establish_on=establish_on, dry_run=False)
    assert made is not None  # stored: not a dry run
    return made


def check_decision(db: Database, actor: Actor, casus_id: int, data: DecisionInput, *,
                   reason: str | None = None, establish_on: date | None = None) -> None:
    """Raises what create_decision would refuse (every problem at once) and stores nothing."""
    _create(db, actor, casus_id, data, reason=reason, establish_on=establish_on, dry_run=True)


def _create(db: Database, actor: Actor, casus_id: int, data: DecisionInput, *, reason: str | None,
            establish_on: date | None, dry_run: bool) -> Beschikking | None:
    audit.require(db, actor, Action.DECISION_EDIT)
    checked_input = _check_input(data, [])
    created = None
    with refusals_logged(db, actor), _transaction(db, dry_run) as s:
        decision = _insert_decision(s, actor, casus_id, data, checked_input, reason)
        if establish_on is not None:
            resident = resident_of(s, decision)
            _establish(s, actor, decision, resident, reason, establish_on)
        created = decision
    return None if dry_run else created


def _check_input(data: DecisionInput, problems: list[str],
                 heading: str = "De beschikking is niet opgeslagen. Herstel eerst:") -> _Checked:
    """Every field's own problems at once (with those the caller already found); raises when there are any."""
    for name, enum_cls, what in (("complexity", Complexity, "een zwaarte (L, M of ZW)"),
                                 ("category", IndicationCategory, "basis of intensief"),
                                 ("financing_form", FinancingForm, "een financieringsvorm")):
        try:  # screens may hand over the plain value ('M'); the rules below compare enum members
            setattr(data, name, enum_cls(getattr(data, name)))
        except ValueError:
            problems.append(f"Kies {what}.")
    if problems:
        raise ValidationError(heading, problems=problems)
    if not 1 <= data.period_weeks <= MAX_PERIOD_WEEKS:
        problems.append(f"Een periode duurt 1 tot {MAX_PERIOD_WEEKS} weken.")
    if not 1 <= data.period_count <= MAX_PERIODS:
        problems.append(f"Kies 1 tot {MAX_PERIODS} perioden; nul perioden kan niet.")
    per_period = checked(problems, check_hours, data.hours_per_period, "de uren per periode")
    total = checked(problems, check_hours, data.total_hours, "het totaal aantal uren")
    surplus = checked(problems, check_hours, data.surplus_hours, "de overloopuren") or 0
    band_min = checked(problems, check_hours, data.bandwidth_min_hours_week, "de bandbreedte (minimum per week)")
    band_max = checked(problems, check_hours, data.bandwidth_max_hours_week, "de bandbreedte (maximum per week)")
    if band_min is not None and band_max is not None and band_min > band_max:
        problems.append("Het minimum van de bandbreedte is groter dan het maximum. Draai ze om.")
    hours_based = data.financing_form is FinancingForm.UREN_X_TARIEF
    if hours_based and per_period is None and total is None:
        problems.append("Vul de uren per periode of het totaal aantal uren in: de omvang moet vaststaan.")
    if per_period is not None and total is not None and 1 <= data.period_count <= MAX_PERIODS \
            and per_period * data.period_count != total:
        problems.append("De uren per periode maal het aantal perioden is niet gelijk aan het totaal. Vul één van "
                        "beide in.")
    fixed = None
    if not hours_based:
        if data.fixed_amount is None:
            problems.append("Vul het vaste bedrag per maand of per traject in (resultaatfinanciering).")
        fixed = checked(problems, check_money, data.fixed_amount, "het vaste bedrag")
    typed_tariff = checked(problems, check_money, data.tariff, "het tarief per uur") if hours_based else None
    motivation = None
    try:
        motivation = clean_text(data.motivation, "de motivering", max_length=10_000, multiline=True)
    except ValidationError as exc:
        problems.append(exc.message)
    if problems:
        raise ValidationError(heading, problems=problems)
    if total is None:
        total = (per_period or 0) * data.period_count
    return _Checked(per_period, total, surplus, band_min, band_max, fixed, typed_tariff, motivation,
                    derive_end_date(data.start_date, data.period_weeks, data.period_count))


def _insert_decision(s: Session, actor: Actor, casus_id: int, data: DecisionInput, c: _Checked,
                     reason: str | None) -> Beschikking:
    """The concept row with its periods and results, in the caller's transaction."""
    per_period, total, surplus, band_min, band_max = c.per_period, c.total, c.surplus, c.band_min, c.band_max
    fixed, typed_tariff, motivation, end = c.fixed, c.typed_tariff, c.motivation, c.end
    hours_based = data.financing_form is FinancingForm.UREN_X_TARIEF
    casus, resident = casus_and_resident(s, casus_id)
    why = check_access(s, actor, resident, reason, Action.DECISION_EDIT)
    problems: list[str] = []  # every rule's problem at once, not the first one only
    plan = s.get(Plan, data.plan_id)
    if plan is None or plan.casus_id != casus_id:
        problems.append("Kies een planversie van deze casus.")
        plan = None
    elif plan.status is not PlanStatus.AKKOORD:
        problems.append(f"Planversie {plan.version_no} is nog niet akkoord met de inwoner. Een beschikking volgt op "
                        "een akkoord plan.")
    if data.start_date < casus.melding_date:
        problems.append(f"De ingangsdatum ligt vóór de melding ({format_date(casus.melding_date)}). Kies een "
                        "ingangsdatum op of na de melding.")
    product = s.get(Product, data.product_id)
    tariff = None
    if product is None or not product.active or product.law != casus.law:
        problems.append("Kies een product uit de catalogus dat bij deze wet hoort.")
        product = None
    else:
        contract_problem = decision_problem(
            s, s.get(Aanbieder, data.aanbieder_id) if data.aanbieder_id is not None else None, product,
            data.start_date)
        if contract_problem is not None:
            problems.append(contract_problem)
        tariff = _tariff_cents(s, data) if typed_tariff is None else typed_tariff
        if hours_based and tariff is None:
            problems.append("Er is geen tarief voor dit product en deze zwaarte op de ingangsdatum. Vraag de "
                            "beheerder het tarief in de catalogus te zetten.")
    plan_results = set(s.exec(select(Result.id).join(Goal, col(Goal.id) == Result.goal_id)
                              .where(Goal.plan_id == plan.id))) if plan is not None else set()
    if not data.result_ids:
        problems.append("Kies ten minste één resultaat uit het plan dat deze beschikking dient.")
    elif plan is not None and set(data.result_ids) - plan_results:
        problems.append("Een gekozen resultaat hoort niet bij deze planversie.")
    if problems:
        raise ValidationError("De beschikking is niet opgeslagen. Herstel eerst:", problems=problems)
    assert plan is not None and product is not None  # a problem above otherwise
    decision = Beschikking(
        casus_id=casus_id, plan_id=plan.id, law=casus.law, kind=DecisionKind.TOEKENNING,
        status=DecisionStatus.CONCEPT,
        toewijzing_nummer=next_toewijzing_nummer(s, casus.law, data.start_date.year),
        product_id=product.id, aanbieder_id=data.aanbieder_id, complexity=data.complexity,
        category=data.category, financing_form=data.financing_form, period_weeks=data.period_weeks,
        period_count=data.period_count, minutes_per_period=per_period, indicated_minutes=total,
        surplus_minutes=surplus, bandwidth_min_minutes=band_min, bandwidth_max_minutes=band_max,
        no_show_counts=data.no_show_counts, tariff_cents=tariff or 0, fixed_amount_cents=fixed,
        start_date=data.start_date, end_date=end, motivation=motivation, created_by_id=actor.user_id)
    s.add(decision)
    s.flush()
    assert decision.id is not None  # flushed
    for number, begin, finish, share in derive_periods(data.start_date, data.period_weeks, data.period_count,
                                                       total):
        s.add(Period(beschikking_id=decision.id, number=number, start_date=begin, end_date=finish,
                     share_minutes=share))
    for result_id in sorted(set(data.result_ids)):
        s.add(BeschikkingResult(beschikking_id=decision.id, result_id=result_id))
    audit.record(s, actor, "beschikking.opstellen", resident_id=resident.id,
                 client_number=resident.client_number, record_type="beschikking", record_id=decision.id,
                 reason=why, changes={"indicated_minutes": [None, total], "start_date": [None,
                                      data.start_date.isoformat()], "end_date": [None, end.isoformat()]})
    s.flush()
    s.refresh(decision)
    return decision


def establish(db: Database, actor: Actor, decision_id: int, on: date, *, reason: str | None = None) -> Beschikking:
    """concept -> vastgesteld: the content is frozen from now on; a wijziging now replaces its old decision."""
    audit.require(db, actor, Action.DECISION_EDIT)
    with refusals_logged(db, actor), db.write() as s:
        decision, resident, why = open_decision(s, actor, decision_id, reason, Action.DECISION_EDIT)
        return _establish(s, actor, decision, resident, why, on)


def _establish(s: Session, actor: Actor, decision: Beschikking, resident: Resident, why: str | None,
               on: date) -> Beschikking:
    """Establishes in the caller's transaction (after its own access check)."""
    if decision.status is not DecisionStatus.CONCEPT:
        raise KoersError(f"Deze beschikking is al {decision.status.value}.")
    if decision.replaces_id is not None:
        _take_over(s, actor, decision, resident.id, resident.client_number)
    decision.status = DecisionStatus.VASTGESTELD
    decision.established_date = on
    casus = s.get(Casus, decision.casus_id)
    if casus is None:
        raise NotFoundError("Deze casus bestaat niet (meer).")
    if decision.kind is DecisionKind.AFWIJZING:
        _close_refused(casus, decision, on)
    else:
        if casus.status in (CaseStatus.MELDING, CaseStatus.ONDERZOEK, CaseStatus.AANVRAAG):
            casus.status = CaseStatus.LOPEND  # decided: the deadline 'besluit na aanvraag' is met
        if casus.outcome is None:  # the intake ends in a toekenning; the casus runs on with the support
            casus.outcome, casus.outcome_date = CaseOutcome.TOEKENNING, on
            casus.outcome_reason = f"Beschikking {decision.toewijzing_nummer} vastgesteld."
        from db.models import Evaluation

        for moment in evaluation_dates(decision.start_date, decision.end_date, decision.category):
            s.add(Evaluation(casus_id=decision.casus_id, beschikking_id=decision.id, planned_date=moment,
                             outcome=None))
    audit.record(s, actor, "beschikking.vaststellen", resident_id=resident.id,
                 client_number=resident.client_number, record_type="beschikking", record_id=decision.id,
                 reason=why, changes={"status": ["concept", "vastgesteld"]})
    s.flush()
    s.refresh(decision)
    return decision


def _close_refused(casus: Casus, decision: Beschikking, on: date) -> None:
    """An afwijzing that is vastgesteld ends the casus: outcome, date and the motivation's first line."""
    casus.outcome, casus.outcome_date, casus.closed_date = CaseOutcome.AFWIJZING, on, max(on, casus.melding_date)
    first = (decision.motivation or "").strip().split("\n", 1)[0]
    casus.outcome_reason = f"Beschikking {decision.toewijzing_nummer}: {first}"[:2000]
    casus.status = CaseStatus.AFGESLOTEN
    casus.receipt_due = False


def refuse_aanvraag(db: Database, actor: Actor, casus_id: int, product_id: int | None, motivation: str, on: date, *,
                    reason: str | None = None) -> Beschikking:
    """An afwijzing of the provision asked for (`product_id`): a concept decision without aanbieder or hours, with
    its motivation. Vaststellen (establish) closes the casus; its letter, with the objection clause, waits in the
    queue like every decision letter."""
    audit.require(db, actor, Action.DECISION_EDIT)
    problems: list[str] = []
    text = None
    try:
        text = clean_text(motivation, "de motivering van de afwijzing", max_length=10_000, required=True,
                          multiline=True, field="motivation")
        if len(text) < 20:
            problems.append("Motiveer de afwijzing in een paar zinnen: de inwoner moet kunnen lezen waarom.")
    except ValidationError as exc:
        problems.append(exc.message)
    with refusals_logged(db, actor), db.write() as s:
        casus, resident = casus_and_resident(s, casus_id)
        why = check_access(s, actor, resident, reason, Action.DECISION_EDIT)
        if casus.closed_date is not None:
            problems.append("Deze casus is afgesloten; een afwijzing kan alleen op een lopende aanvraag.")
        elif casus.aanvraag_date is None:
            problems.append("Er is nog geen aanvraag vastgelegd. Een afwijzing is een besluit op een aanvraag: leg "
                            "eerst de datum van de aanvraag vast.")
        elif not casus.aanvraag_date <= on <= clock.today():
            problems.append(f"De datum van de afwijzing ligt tussen de aanvraag ({format_date(casus.aanvraag_date)}) "
                            "en vandaag.")
        pending = s.exec(select(Beschikking.toewijzing_nummer).where(
            Beschikking.casus_id == casus_id, Beschikking.status == DecisionStatus.CONCEPT)).first()
        if pending is not None:
            problems.append(f"Er ligt al een conceptbeschikking ({pending}). Stel die vast of trek die in.")
        product = s.get(Product, product_id) if product_id is not None else None
        if product is None or product.law != casus.law:
            problems.append("Kies de voorziening die de inwoner aanvroeg: een product uit de catalogus van deze wet.")
        if problems:
            raise ValidationError("De afwijzing is niet opgeslagen. Herstel eerst:", problems=problems)
        plan = s.exec(select(Plan).where(Plan.casus_id == casus_id, Plan.status == PlanStatus.AKKOORD)
                      .order_by(col(Plan.version_no).desc())).first()
        decision = Beschikking(
            casus_id=casus_id, plan_id=plan.id if plan else None, law=casus.law, kind=DecisionKind.AFWIJZING,
            product_id=product_id,
            status=DecisionStatus.CONCEPT, toewijzing_nummer=next_toewijzing_nummer(s, casus.law, on.year),
            complexity=Complexity.L, category=IndicationCategory.BASIS, financing_form=FinancingForm.UREN_X_TARIEF,
            period_weeks=1, period_count=1, indicated_minutes=0, start_date=on, end_date=on, motivation=text,
            created_by_id=actor.user_id)
        s.add(decision)
        s.flush()
        audit.record(s, actor, "beschikking.afwijzen", resident_id=resident.id,
                     client_number=resident.client_number, record_type="beschikking", record_id=decision.id,
                     reason=why, changes={"kind": [None, "afwijzing"], "datum": [None, on.isoformat()]})
        s.refresh(decision)
        return decision


def _established(s: Session, decision_id: int) -> Beschikking:
    decision = s.get(Beschikking, decision_id)
    if decision is None:
        raise NotFoundError("Deze beschikking bestaat niet (meer).")
    if decision.status not in (DecisionStatus.VASTGESTELD, DecisionStatus.VERZONDEN):
        raise KoersError(f"Deze beschikking is {decision.status.value}; alleen een vastgestelde of verzonden "
                         "beschikking kan worden gewijzigd of beëindigd.")
    if decision.kind is DecisionKind.AFWIJZING:
        raise KoersError("Een afwijzing kent niets toe; er valt niets te wijzigen of te beëindigen. Is het besluit "
                         "onjuist, trek het dan in en neem een nieuw besluit.")
    return decision


def change_decision(db: Database, actor: Actor, decision_id: int, data: DecisionInput, *, reason_code: str,
                    explanation: str, establish_on: date | None = None) -> Beschikking:
    """A wijziging: a concept decision from `data.start_date` that will replace the old one from that date.

    Drafting changes nothing about the old decision: it stays in force, hours can still be booked on it, and
    the concept can be withdrawn. Only establishing replaces it (see `_take_over`): with `establish_on` that
    happens in the same transaction.
    """
    made = _change(db, actor, decision_id, data, reason_code=reason_code, explanation=explanation,
                   establish_on=establish_on, dry_run=False)
    assert made is not None  # stored: not a dry run
    return made


def check_change(db: Database, actor: Actor, decision_id: int, data: DecisionInput, *, reason_code: str,
                 explanation: str, establish_on: date | None = None) -> None:
    """Raises what change_decision would refuse (with establish_on: also what establishing would) and stores
    nothing."""
    _change(db, actor, decision_id, data, reason_code=reason_code, explanation=explanation,
            establish_on=establish_on, dry_run=True)


def _change(db: Database, actor: Actor, decision_id: int, data: DecisionInput, *, reason_code: str,
            explanation: str, establish_on: date | None, dry_run: bool) -> Beschikking | None:
    audit.require(db, actor, Action.DECISION_EDIT)
    problems: list[str] = []
    code: str | None = None
    why = _explanation(explanation, problems)
    created = None
    with refusals_logged(db, actor), _transaction(db, dry_run) as s:
        old = _established(s, decision_id)
        try:
            code = reference.require_code(s, "reden_wijziging", reason_code, old.law, "reden van de wijziging")
        except ValidationError as exc:
            problems.append(exc.message)
        if data.start_date is None or not old.start_date < data.start_date <= old.end_date:
            problems.append(f"De wijziging gaat in tussen {format_date(old.start_date + timedelta(days=1))} en "
                            f"{format_date(old.end_date)}, de looptijd van de beschikking die hij vervangt.")
        pending = _pending_change(s, old)
        if pending is not None:
            problems.append(f"Er ligt al een concept-wijziging ({pending.toewijzing_nummer}) voor deze beschikking. "
                            "Stel die vast of trek die in voordat u een nieuwe maakt.")
        checked_input = _check_input(data, problems, "De wijziging is niet opgeslagen. Herstel eerst:")
        fresh = _insert_decision(s, actor, old.casus_id, data, checked_input, why)
        fresh.kind = DecisionKind.WIJZIGING
        fresh.replaces_id = old.id
        fresh.change_reason_code = code
        fresh.change_effective_date = data.start_date
        resident = resident_of(s, old)
        audit.record(s, actor, "beschikking.wijzigen", resident_id=resident.id,
                     client_number=resident.client_number, record_type="beschikking", record_id=fresh.id,
                     reason=why, changes={"vervangt": [None, old.toewijzing_nummer], "reden": [None, code],
                                          "indicated_minutes": [old.indicated_minutes, fresh.indicated_minutes],
                                          "ingangsdatum": [None, data.start_date.isoformat()]})
        s.flush()
        s.refresh(fresh)
        if establish_on is not None:
            _establish(s, actor, fresh, resident, why, establish_on)
        created = fresh
    return None if dry_run else created


def _pending_change(s: Session, old: Beschikking) -> Beschikking | None:
    return s.exec(select(Beschikking).where(Beschikking.replaces_id == old.id,
                                            Beschikking.status == DecisionStatus.CONCEPT)).first()


def _take_over(s: Session, actor: Actor, fresh: Beschikking, resident_id: int | None,
               client_number: str | None) -> None:
    """Vaststellen of a wijziging: the old decision ends the day before and its later hours move along.

    Refused (nothing changes) when the old decision is no longer in force or the hours do not fit.
    """
    from db.models import Realisation
    from desktop.core.decisions.queries import counted_minutes, lock_decision

    assert fresh.replaces_id is not None and fresh.change_effective_date is not None
    effective = fresh.change_effective_date
    old = lock_decision(s, fresh.replaces_id)
    if old.status not in (DecisionStatus.VASTGESTELD, DecisionStatus.VERZONDEN):
        raise KoersError(f"Beschikking {old.toewijzing_nummer}, die deze wijziging zou vervangen, is inmiddels "
                         f"{old.status.value}. Trek deze concept-wijziging in.")
    if not old.start_date < effective <= old.end_date:
        raise KoersError(f"De wijziging gaat in op {format_date(effective)}, buiten de looptijd van beschikking "
                         f"{old.toewijzing_nummer}. Trek de wijziging in en maak een nieuwe.")
    moving = s.exec(select(Realisation).where(Realisation.beschikking_id == old.id,
                                              Realisation.service_date >= effective)).all()
    counted = sum(r.minutes for r in moving if fresh.no_show_counts or not r.no_show)
    if counted_minutes(s, fresh) + counted > fresh.ceiling_minutes:
        raise ValidationError(f"De wijziging is te klein voor de uren die vanaf {format_date(effective)} al op "
                              f"beschikking {old.toewijzing_nummer} zijn geboekt "
                              f"({format_hours(minutes_to_hours(counted))}). Trek de wijziging in en maak er een "
                              "met een grotere omvang.")
    for r in moving:
        r.beschikking_id = stored_id(fresh.id)
        if r.covers_from is not None and r.covers_from < effective:  # a period booking moves whole, from the
            r.covers_from = effective                                  # day the new decision takes over
    old.status = DecisionStatus.VERVANGEN
    old.ended_date = effective - timedelta(days=1)
    audit.record(s, actor, "beschikking.vervangen", resident_id=resident_id, client_number=client_number,
                 record_type="beschikking", record_id=old.id,
                 changes={"status": ["vastgesteld", "vervangen"], "vervangen_door": [None, fresh.toewijzing_nummer],
                          "ended_date": [None, old.ended_date.isoformat()],
                          "verplaatste_urenregels": [None, len(moving)]})


def end_decision(db: Database, actor: Actor, decision_id: int, ended_on: date, *, reason_code: str,
                 explanation: str) -> Beschikking:
    """Beëindigen from a date, with an iWmo RedenBeëindiging; refused while hours are booked after that date."""
    from db.models import Realisation

    audit.require(db, actor, Action.DECISION_EDIT)
    problems: list[str] = []
    code = None
    why = _explanation(explanation, problems)
    with refusals_logged(db, actor), db.write() as s:
        decision = _established(s, decision_id)
        resident = resident_of(s, decision)
        if why is not None:  # without an explanation nothing is stored anyway; the form says what is missing
            check_access(s, actor, resident, why, Action.DECISION_EDIT)
        try:
            code = reference.require_code(s, "reden_beeindiging", reason_code, decision.law,
                                          "reden van beëindiging")
        except ValidationError as exc:
            problems.append(exc.message)
        if not decision.start_date <= ended_on <= decision.end_date:
            problems.append(f"De einddatum ligt buiten de looptijd ({format_date(decision.start_date)} tot en met "
                            f"{format_date(decision.end_date)}).")
        if problems:
            raise ValidationError("De beëindiging is niet opgeslagen. Herstel eerst:", problems=problems)
        later = s.exec(select(func.count()).select_from(Realisation).where(
            Realisation.beschikking_id == decision.id, Realisation.service_date > ended_on)).one()
        if later:
            raise ValidationError(f"Er zijn {later} urenregels na {format_date(ended_on)}. Corrigeer of verwijder die "
                                  "eerst, of kies een latere einddatum.")
        decision.status = DecisionStatus.BEEINDIGD
        decision.ended_date = ended_on
        decision.end_reason_code = code
        resident = resident_of(s, decision)
        audit.record(s, actor, "beschikking.beeindigen", resident_id=resident.id,
                     client_number=resident.client_number, record_type="beschikking", record_id=decision.id,
                     reason=why, changes={"ended_date": [None, ended_on.isoformat()], "reden": [None, code]})
        s.flush()
        s.refresh(decision)
        return decision


def revoke_decision(db: Database, actor: Actor, decision_id: int, *, explanation: str) -> Beschikking:
    """Intrekken: the decision is withdrawn as if never given; only possible before any hours were booked."""
    from db.models import Realisation

    audit.require(db, actor, Action.DECISION_EDIT)
    why = clean_text(explanation, "de toelichting", max_length=2000, required=True, multiline=True)
    with refusals_logged(db, actor), db.write() as s:
        decision = s.get(Beschikking, decision_id)
        if decision is None:
            raise NotFoundError("Deze beschikking bestaat niet (meer).")
        check_access(s, actor, resident_of(s, decision), why, Action.DECISION_EDIT)
        if decision.status in (DecisionStatus.INGETROKKEN, DecisionStatus.VERVANGEN, DecisionStatus.BEEINDIGD):
            raise KoersError(f"Deze beschikking is al {decision.status.value}.")
        booked = s.exec(select(func.count()).select_from(Realisation).where(
            Realisation.beschikking_id == decision.id)).one()
        if booked:
            raise ValidationError(f"Op deze beschikking zijn al {booked} urenregels geboekt. Intrekken kan dan niet; "
                                  "beëindig de beschikking met een einddatum.")
        old_status = decision.status.value
        decision.status = DecisionStatus.INGETROKKEN
        resident = resident_of(s, decision)
        audit.record(s, actor, "beschikking.intrekken", resident_id=resident.id,
                     client_number=resident.client_number, record_type="beschikking", record_id=decision.id,
                     reason=why, changes={"status": [old_status, "ingetrokken"]})
        s.flush()
        s.refresh(decision)
        return decision


def draft_input(db: Database, actor: Actor, decision_id: int, start_date: date | None = None, *,
                reason: str | None = None) -> DecisionInput:
    """The values of an existing decision as a form to change: the start of a wijziging (scaling up or down).

    Without a start date it starts today, or the first or last day a wijziging of this decision can start.
    The tariff is left empty: a new decision takes the catalogue tariff valid on its own start date. Reading it
    follows the caseload rule (the screen it is drafted from has logged the opening)."""
    audit.require(db, actor, Action.DECISION_VIEW)
    with refusals_logged(db, actor), db.read() as s:
        d, _, _ = open_decision(s, actor, decision_id, reason, Action.DECISION_VIEW)
        result_ids = list(s.exec(select(BeschikkingResult.result_id).where(
            BeschikkingResult.beschikking_id == d.id)))
    if start_date is None:
        start_date = max(d.start_date + timedelta(days=1), min(clock.today(), d.end_date))

    def hours(minutes: int | None) -> Decimal | None:
        return None if minutes is None else minutes_to_hours(minutes)

    return DecisionInput(
        plan_id=d.plan_id, result_ids=result_ids, product_id=d.product_id, aanbieder_id=d.aanbieder_id,
        complexity=d.complexity, category=d.category, start_date=start_date, period_weeks=d.period_weeks,
        period_count=d.period_count, hours_per_period=hours(d.minutes_per_period),
        total_hours=None if d.minutes_per_period is not None else hours(d.indicated_minutes),
        surplus_hours=minutes_to_hours(d.surplus_minutes), bandwidth_min_hours_week=hours(d.bandwidth_min_minutes),
        bandwidth_max_hours_week=hours(d.bandwidth_max_minutes), financing_form=d.financing_form,
        fixed_amount=None if d.fixed_amount_cents is None else cents_to_euros(d.fixed_amount_cents),
        tariff=None, no_show_counts=d.no_show_counts,
        motivation=d.motivation or "")
