"""Evaluations: per result of the plan behaald / deels / niet / vervallen with the resident's account,
optionally the life-domain scores again, and one decision: voortzetten, opschalen, afschalen, beëindigen.

Scaling up or down continues in `lifecycle.change_decision` with a DecisionInput made by `draft_from`;
ending continues in `lifecycle.end_decision`. The next evaluation moment is proposed from the
decision's own calendar (`deadlines.propose_next_evaluation`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, col, select

from db import clock
from db.engine import Database
from db.models import (
    Aanbieder,
    Beschikking,
    BeschikkingResult,
    Casus,
    DomainAssessment,
    Evaluation,
    EvaluationDomainScore,
    EvaluationResult,
    Goal,
    Plan,
    Product,
    Resident,
    Result,
)
from db.models.base import stored_id
from db.models.enums import DecisionStatus, EvaluationOutcome, LifeDomain, PlanStatus, ResultStatus
from desktop.core.access import audit
from desktop.core.access.actor import Actor
from desktop.core.access.caseload import check_access, refusals_logged
from desktop.core.access.permissions import Action
from desktop.core.deadlines.rules import propose_next_evaluation
from desktop.core.decisions import lifecycle, queries
from desktop.core.decisions.lifecycle import DecisionInput
from desktop.core.errors import ConflictError, KoersError, NotFoundError, ValidationError
from desktop.core.nl import format_date
from desktop.core.residents.names import display_name
from desktop.core.residents.register import casus_and_resident
from desktop.core.text import clean_text

MAX_ACCOUNT = 2000
MAX_SUMMARY = 2000


@dataclass(frozen=True)
class ResultLine:
    """One result the decision serves, as the form shows it."""

    result_id: int
    goal: str
    domain: LifeDomain | None
    description: str
    indicator: str | None
    target_date: date | None
    previous_status: ResultStatus | None  # at the last evaluation held, if any
    previous_account: str | None


@dataclass(frozen=True)
class ScorePoint:
    on: date
    score: int
    source: str  # 'plan' or 'evaluatie'
    record_id: int  # plan id or evaluation id


@dataclass(frozen=True)
class EvaluationForm:
    evaluation_id: int
    casus_id: int
    beschikking_id: int | None
    resident_id: int
    client_number: str
    resident_name: str
    planned_date: date
    done: bool
    product: str  # '02A08 Begeleiding individueel'
    aanbieder: str
    decision_start: date | None
    decision_end: date | None
    results: list[ResultLine]
    relevant_domains: list[LifeDomain]  # from the plan; 'niet relevant' domains take no score
    previous_scores: dict[LifeDomain, list[ScorePoint]]  # oldest first
    proposed_next_date: date | None


@dataclass
class ResultAssessment:
    result_id: int
    status: ResultStatus | str
    account: str = ""  # in the resident's words


@dataclass
class EvaluationInput:
    done_date: date | None  # None when the form's date is empty: a problem record_evaluation reports
    outcome: EvaluationOutcome | str | None
    results: list[ResultAssessment] = field(default_factory=list)
    scores: dict[LifeDomain | str, int] = field(default_factory=dict)
    summary: str = ""
    next_date: date | None = None


def _context(s: Session, actor: Actor, evaluation_id: int, reason: str | None, action: Action
             ) -> tuple[Evaluation, Casus, Resident, Beschikking | None, str | None]:
    evaluation = s.get(Evaluation, evaluation_id)
    if evaluation is None:
        raise NotFoundError("Deze evaluatie bestaat niet (meer).")
    casus, resident = casus_and_resident(s, evaluation.casus_id)
    why = check_access(s, actor, resident, reason, action)
    decision = s.get(Beschikking, evaluation.beschikking_id) if evaluation.beschikking_id else None
    return evaluation, casus, resident, decision, why


def _decision_result_ids(s: Session, decision: Beschikking | None, casus: Casus) -> list[int]:
    if decision is not None:
        return list(s.exec(select(BeschikkingResult.result_id)
                           .where(BeschikkingResult.beschikking_id == decision.id)
                           .order_by(col(BeschikkingResult.result_id))))
    plan = s.exec(select(Plan).where(Plan.casus_id == casus.id, Plan.status == PlanStatus.AKKOORD)
                  .order_by(col(Plan.version_no).desc())).first()
    if plan is None:
        return []
    return [stored_id(rid) for rid in s.exec(
        select(col(Result.id)).join(Goal, col(Goal.id) == Result.goal_id).where(Goal.plan_id == plan.id)
        .order_by(col(Goal.position), col(Result.position), col(Result.id)))]


def _plan_id(s: Session, decision: Beschikking | None, casus: Casus) -> int | None:
    if decision is not None and decision.plan_id:
        return decision.plan_id
    return s.exec(select(col(Plan.id)).where(Plan.casus_id == casus.id, Plan.status == PlanStatus.AKKOORD)
                  .order_by(col(Plan.version_no).desc())).first()


def _scores(s: Session, casus_id: int) -> dict[LifeDomain, list[ScorePoint]]:
    points: dict[LifeDomain, list[ScorePoint]] = {}
    for plan_id, agreed, domain, score in s.exec(
            select(col(Plan.id), col(Plan.agreed_date), col(DomainAssessment.domain),
                   col(DomainAssessment.score))
            .join(DomainAssessment, col(DomainAssessment.plan_id) == Plan.id)
            .where(Plan.casus_id == casus_id, Plan.status == PlanStatus.AKKOORD, DomainAssessment.relevant,
                   col(DomainAssessment.score).is_not(None))):
        # an agreed plan has its date (CHECK agreed_has_date); the score is filtered on above
        assert plan_id is not None and agreed is not None and score is not None
        points.setdefault(domain, []).append(ScorePoint(agreed, score, "plan", plan_id))
    for eid, done, domain, score in s.exec(
            select(col(Evaluation.id), col(Evaluation.done_date), col(EvaluationDomainScore.domain),
                   EvaluationDomainScore.score)
            .join(EvaluationDomainScore, col(EvaluationDomainScore.evaluation_id) == Evaluation.id)
            .where(Evaluation.casus_id == casus_id, col(Evaluation.done_date).is_not(None))):
        assert eid is not None and done is not None  # filtered on above
        points.setdefault(domain, []).append(ScorePoint(done, score, "evaluatie", eid))
    for series in points.values():
        series.sort(key=lambda p: (p.on, p.source != "plan", p.record_id))
    return dict(sorted(points.items(), key=lambda kv: list(LifeDomain).index(kv[0])))


def open_evaluation(db: Database, actor: Actor, evaluation_id: int, *, reason: str | None = None) -> EvaluationForm:
    """What the evaluation form needs: the results with their text and last status, earlier scores per domain,
    and a proposed next moment. Opening it is logged ('evaluatie.inzien')."""
    audit.require(db, actor, Action.PLAN_VIEW)
    with refusals_logged(db, actor), db.write() as s:
        evaluation, casus, resident, decision, why = _context(s, actor, evaluation_id, reason, Action.PLAN_VIEW)
        result_ids = _decision_result_ids(s, decision, casus)
        rows = {r.id: (r, g) for r, g in s.exec(
            select(Result, Goal).join(Goal, col(Goal.id) == Result.goal_id)
            .where(col(Result.id).in_(result_ids)))} if result_ids else {}
        previous: dict[int, tuple[ResultStatus, str | None]] = {}
        for rid, held_status, held_account in s.exec(
                select(EvaluationResult.result_id, col(EvaluationResult.status), EvaluationResult.account)
                .join(Evaluation, col(Evaluation.id) == EvaluationResult.evaluation_id)
                .where(Evaluation.casus_id == casus.id, col(Evaluation.done_date).is_not(None),
                       Evaluation.id != evaluation.id, col(EvaluationResult.result_id).in_(result_ids or [0]))
                .order_by(col(Evaluation.done_date), col(Evaluation.id))):
            previous[rid] = (held_status, held_account)
        lines: list[ResultLine] = []
        for rid in result_ids:
            if rid not in rows:
                continue
            result, goal = rows[rid]
            status, account = previous.get(rid, (None, None))
            lines.append(ResultLine(rid, goal.description, goal.domain, result.description, result.indicator,
                                    result.target_date, status, account))
        plan_id = _plan_id(s, decision, casus)
        relevant = list(s.exec(select(col(DomainAssessment.domain)).where(DomainAssessment.plan_id == plan_id,
                                                                     DomainAssessment.relevant))) if plan_id else []
        product = s.get(Product, decision.product_id) if decision and decision.product_id else None
        provider = s.get(Aanbieder, decision.aanbieder_id) if decision and decision.aanbieder_id else None
        base = evaluation.done_date or max(clock.today(), evaluation.planned_date)
        proposed = propose_next_evaluation(decision.start_date, decision.end_date, decision.category, base) \
            if decision else None
        audit.record(s, actor, "evaluatie.inzien", resident_id=resident.id, client_number=resident.client_number,
                     record_type="evaluatie", record_id=evaluation.id, reason=why)
        return EvaluationForm(
            stored_id(evaluation.id), stored_id(casus.id), evaluation.beschikking_id, stored_id(resident.id),
            resident.client_number,
            display_name(resident.surname, resident.initials, resident.prefix), evaluation.planned_date,
            evaluation.done_date is not None, f"{product.code} {product.name}" if product else "",
            provider.name if provider else "", decision.start_date if decision else None,
            decision.end_date if decision else None, lines,
            sorted(relevant, key=list(LifeDomain).index), _scores(s, stored_id(casus.id)), proposed)


def due_evaluation(db: Database, actor: Actor, casus_id: int, *, reason: str | None = None) -> EvaluationForm | None:
    """The form of the case's earliest evaluation not yet held (of a running decision), or None."""
    with db.read() as s:
        evaluation_id = s.exec(
            select(col(Evaluation.id))
            .outerjoin(Beschikking, col(Beschikking.id) == Evaluation.beschikking_id)
            .where(Evaluation.casus_id == casus_id, col(Evaluation.done_date).is_(None),
                   (col(Evaluation.beschikking_id).is_(None)) | col(Beschikking.status).in_(
                       (DecisionStatus.VASTGESTELD, DecisionStatus.VERZONDEN)))
            .order_by(col(Evaluation.planned_date), col(Evaluation.id))).first()
    return open_evaluation(db, actor, evaluation_id, reason=reason) if evaluation_id else None


def _validate(data: EvaluationInput, result_ids: list[int], irrelevant: set[LifeDomain]
              ) -> tuple[EvaluationOutcome | None, dict[int, tuple[ResultStatus, str | None]],
                         dict[LifeDomain, int], str | None, list[str]]:
    problems: list[str] = []
    outcome = None
    try:
        outcome = EvaluationOutcome(data.outcome) if data.outcome not in (None, "") else None
    except ValueError:
        pass
    if outcome is None:
        problems.append("Kies een besluit: voortzetten, opschalen, afschalen of beëindigen.")
    assessed: dict[int, tuple[ResultStatus, str | None]] = {}
    for item in data.results:
        if item.result_id in assessed:
            problems.append("Een resultaat staat twee keer in de evaluatie.")
            continue
        if item.result_id not in result_ids:
            problems.append("Een beoordeeld resultaat hoort niet bij deze beschikking.")
            continue
        try:
            status = ResultStatus(item.status)
        except ValueError:
            problems.append("Kies per resultaat: behaald, deels, niet of vervallen.")
            continue
        try:
            account = clean_text(item.account, "het verslag bij een resultaat", max_length=MAX_ACCOUNT,
                                 multiline=True)
        except ValidationError as exc:
            problems.append(exc.message)
            continue
        assessed[item.result_id] = (status, account)
    missing = [rid for rid in result_ids if rid not in assessed]
    if missing and not any("Kies per resultaat" in p for p in problems):
        problems.append(f"Beoordeel elk resultaat: {len(missing)} van de {len(result_ids)} "
                        "resultaten hebben nog geen uitkomst.")
    scores: dict[LifeDomain, int] = {}
    for key, score in data.scores.items():
        try:
            domain = LifeDomain(key)
        except ValueError:
            problems.append(f"'{key}' is geen leefgebied van de zelfredzaamheidsmatrix.")
            continue
        if domain in irrelevant:
            problems.append(f"Het leefgebied {domain.value} staat in het plan als niet relevant; geef daar geen "
                            "score (dataminimalisatie).")
            continue
        if isinstance(score, bool) or not isinstance(score, int) or not 1 <= score <= 5:
            problems.append("Een score op een leefgebied is 1 tot en met 5.")
            continue
        scores[domain] = score
    summary = None
    try:
        summary = clean_text(data.summary, "de samenvatting", max_length=MAX_SUMMARY, multiline=True)
    except ValidationError as exc:
        problems.append(exc.message)
    return outcome, assessed, scores, summary, problems


def record_evaluation(db: Database, actor: Actor, evaluation_id: int, data: EvaluationInput, *,
                      reason: str | None = None) -> Evaluation:
    """Stores a held evaluation whole, or nothing. When a next date is given and no later open evaluation
    exists for the same decision (or case), a planned evaluation on that date is added."""
    audit.require(db, actor, Action.EVALUATION_RECORD)
    today = clock.today()
    try:
        with refusals_logged(db, actor), db.write() as s:
            evaluation, casus, resident, decision, why = _context(s, actor, evaluation_id, reason,
                                                                  Action.EVALUATION_RECORD)
            if evaluation.done_date is not None:
                raise KoersError(f"Deze evaluatie is al vastgelegd op {format_date(evaluation.done_date)}. Plan "
                                 "een nieuwe evaluatie als er opnieuw geëvalueerd moet worden.")
            result_ids = _decision_result_ids(s, decision, casus)
            plan_id = _plan_id(s, decision, casus)
            irrelevant: set[LifeDomain] = set(s.exec(select(col(DomainAssessment.domain)).where(
                DomainAssessment.plan_id == plan_id, col(DomainAssessment.relevant).is_(False)))) \
                if plan_id else set()
            outcome, assessed, scores, summary, problems = _validate(data, result_ids, irrelevant)
            done = data.done_date
            if not isinstance(done, date):
                problems.append("Vul de datum in waarop de evaluatie is gehouden.")
            else:
                if done > today:
                    problems.append(f"De evaluatiedatum ligt in de toekomst; vandaag is {format_date(today)}.")
                if decision is not None and done < decision.start_date:
                    problems.append("De evaluatiedatum ligt vóór de ingangsdatum van de beschikking "
                                    f"({format_date(decision.start_date)}).")
                if done < casus.melding_date:
                    problems.append(f"De evaluatiedatum ligt vóór de melding ({format_date(casus.melding_date)}).")
                if data.next_date is not None:
                    if outcome is EvaluationOutcome.BEEINDIGEN:
                        problems.append("Bij beëindigen hoort geen volgende evaluatie. Laat die datum leeg.")
                    elif data.next_date <= max(done, evaluation.planned_date):
                        problems.append("De volgende evaluatie ligt na deze evaluatie (na "
                                        f"{format_date(max(done, evaluation.planned_date))}).")
            if problems:
                raise ValidationError("De evaluatie is niet opgeslagen. Herstel eerst:", problems=problems)
            assert done is not None and outcome is not None  # each is a problem above when missing
            evaluation.done_date = done
            evaluation.outcome = outcome
            evaluation.summary = summary
            evaluation.next_date = data.next_date
            evaluation.done_by_id = actor.user_id
            for rid, (status, account) in assessed.items():
                s.add(EvaluationResult(evaluation_id=stored_id(evaluation.id), result_id=rid, status=status,
                                       account=account))
            for domain, score in scores.items():
                s.add(EvaluationDomainScore(evaluation_id=stored_id(evaluation.id), domain=domain, score=score))
            planned_next = None
            if data.next_date is not None:
                later = select(Evaluation.id).where(Evaluation.casus_id == casus.id,
                                                    col(Evaluation.done_date).is_(None),
                                                    Evaluation.id != evaluation.id,
                                                    Evaluation.planned_date > done)
                if evaluation.beschikking_id is not None:
                    later = later.where(Evaluation.beschikking_id == evaluation.beschikking_id)
                if s.exec(later).first() is None:
                    planned_next = Evaluation(casus_id=stored_id(casus.id),
                                              beschikking_id=evaluation.beschikking_id,
                                              planned_date=data.next_date, outcome=None)
                    s.add(planned_next)
            s.flush()
            counts = {st.value: sum(1 for v in assessed.values() if v[0] is st) for st in ResultStatus}
            audit.record(s, actor, "evaluatie.vastleggen", resident_id=resident.id,
                         client_number=resident.client_number, record_type="evaluatie", record_id=evaluation.id,
                         reason=why, changes={
                             "outcome": [None, outcome.value], "done_date": [None, done.isoformat()],
                             "resultaten": [None, {k: v for k, v in counts.items() if v}],
                             "scores": [None, len(scores)],
                             "next_date": [None, data.next_date.isoformat() if data.next_date else None],
                             "volgende_evaluatie_id": [None, planned_next.id if planned_next else None]})
            s.flush()
            s.refresh(evaluation)
            return evaluation
    except StaleDataError as exc:  # pragma: no cover - evaluation has no version column; kept for safety
        raise ConflictError("Iemand anders heeft deze evaluatie net vastgelegd. Vernieuw het scherm.") from exc


def draft_from(db: Database, actor: Actor, decision_id: int, *, start_date: date | None = None,
               reason: str | None = None) -> DecisionInput:
    """A DecisionInput with the current decision's values, for op- or afschalen through
    lifecycle.change_decision. Starts today, or the day after the decision's start if that is later.
    The tariff is left empty so the catalogue tariff on the new start date applies."""
    audit.require(db, actor, Action.DECISION_EDIT)
    with refusals_logged(db, actor), db.write() as s:
        decision, resident, why = queries.open_decision(s, actor, decision_id, reason, Action.DECISION_EDIT)
        if decision.status not in (DecisionStatus.VASTGESTELD, DecisionStatus.VERZONDEN):
            raise KoersError(f"Deze beschikking is {decision.status.value}; alleen een lopende beschikking kan "
                             "worden op- of afgeschaald.")
        audit.record(s, actor, "beschikking.inzien", resident_id=resident.id, client_number=resident.client_number,
                     record_type="beschikking", record_id=decision.id, reason=why)
    start = start_date or max(clock.today(), decision.start_date + timedelta(days=1))
    return lifecycle.draft_input(db, actor, decision_id, start, reason=reason)


@dataclass(frozen=True)
class DomainProgress:
    domain: LifeDomain
    points: list[ScorePoint]  # oldest first: the plan's score, then each evaluation's


def domain_progress(db: Database, actor: Actor, casus_id: int, *, reason: str | None = None) -> list[DomainProgress]:
    """Scores per life domain over time for one case (only domains that were scored)."""
    audit.require(db, actor, Action.PLAN_VIEW)
    with refusals_logged(db, actor), db.write() as s:
        casus, resident = casus_and_resident(s, casus_id)
        why = check_access(s, actor, resident, reason, Action.PLAN_VIEW)
        points = _scores(s, stored_id(casus.id))
        audit.record(s, actor, "voortgang.inzien", resident_id=resident.id, client_number=resident.client_number,
                     record_type="casus", record_id=casus.id, reason=why)
    return [DomainProgress(domain, series) for domain, series in points.items()]
