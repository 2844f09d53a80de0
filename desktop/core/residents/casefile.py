"""The resident's file as one read: cases, plan versions, decisions with their hours, evaluations.

Returned as plain dataclasses so a screen can show it without touching a session.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import func
from sqlmodel import col, select

from db.engine import Database
from db.models import (
    Aanbieder,
    Beschikking,
    Casus,
    DomainAssessment,
    Evaluation,
    Goal,
    Period,
    Plan,
    Product,
    Realisation,
    Resident,
    Result,
    User,
)
from db.models.base import stored_id
from db.models.enums import LifeDomain
from db.units import minutes_to_hours
from desktop.core.access import audit
from desktop.core.access.actor import Actor
from desktop.core.access.caseload import check_access, refusals_logged
from desktop.core.access.permissions import Action
from desktop.core.errors import NotFoundError
from desktop.core.residents import network


@dataclass(frozen=True)
class GoalView:
    goal: Goal
    results: list[Result]


@dataclass(frozen=True)
class PlanView:
    plan: Plan
    domains: list[DomainAssessment]
    goals: list[GoalView]
    # the people of the resident's network this version names: per life domain (eigen kracht, netwerk) and per
    # result (wie draagt bij), as ids; `people` names them ('A. Jansen (mantelzorger)')
    domain_people: dict[LifeDomain, tuple[int, ...]] = field(default_factory=dict)
    result_people: dict[int, tuple[int, ...]] = field(default_factory=dict)
    people: dict[int, str] = field(default_factory=dict)

    def names(self, ids: tuple[int, ...]) -> list[str]:
        return [self.people[i] for i in ids if i in self.people]


@dataclass(frozen=True)
class PeriodView:
    number: int
    start_date: date
    end_date: date
    share_minutes: int
    realised_minutes: int


@dataclass(frozen=True)
class DecisionView:
    decision: Beschikking
    product: str
    aanbieder: str
    realised_minutes: int
    periods: list[PeriodView] = field(default_factory=list)

    @property
    def indicated_hours(self) -> Decimal:
        return minutes_to_hours(self.decision.indicated_minutes)

    @property
    def realised_hours(self) -> Decimal:
        return minutes_to_hours(self.realised_minutes)

    @property
    def remaining_hours(self) -> Decimal:
        d = self.decision
        return minutes_to_hours(d.ceiling_minutes - self.realised_minutes)


@dataclass(frozen=True)
class CaseView:
    casus: Casus
    consulent: str
    plans: list[PlanView]  # newest version first
    decisions: list[DecisionView]  # newest first
    evaluations: list[Evaluation]  # by planned date


@dataclass(frozen=True)
class ResidentFile:
    resident: Resident
    consulent: str
    cases: list[CaseView] = field(default_factory=list)
    shows_plan: bool = True  # False for roles that may not read plan content (medewerker)

    def open_evaluations(self, today: date) -> list[Evaluation]:
        return [e for c in self.cases for e in c.evaluations if e.done_date is None and e.planned_date <= today]


def _domain_position(d: DomainAssessment) -> int:
    return list(type(d.domain)).index(d.domain)


def open_resident_file(db: Database, actor: Actor, resident_id: int, *, reason: str | None = None,
                       logged: bool = True) -> ResidentFile:
    """Everything the actor's role may see of one resident; the opening is written to the access log.
    `logged=False` reads it again after the user's own change, which has a line of its own (the caseload rule
    still applies)."""
    shows_plan = audit.allowed(actor, Action.PLAN_VIEW)
    with refusals_logged(db, actor), (db.write() if logged else db.read()) as s:
        resident = s.get(Resident, resident_id)
        if resident is None:
            raise NotFoundError("Deze inwoner bestaat niet (meer). Vernieuw de lijst.")
        why = check_access(s, actor, resident, reason)
        if logged:
            audit.record(s, actor, Action.RESIDENT_VIEW.value, resident_id=resident.id,
                         client_number=resident.client_number, record_type="inwoner", record_id=resident.id,
                         reason=why)
        users = {u.id: u.display_name for u in s.exec(select(User))}
        cases = s.exec(select(Casus).where(Casus.resident_id == resident_id)
                       .order_by(col(Casus.melding_date).desc(), col(Casus.id).desc())).all()
        case_ids = [c.id for c in cases]
        plans = s.exec(select(Plan).where(col(Plan.casus_id).in_(case_ids))
                       .order_by(col(Plan.version_no).desc())).all() if case_ids and shows_plan else []
        plan_ids = [p.id for p in plans]
        domain_people, result_people = network.links(s, [stored_id(i) for i in plan_ids])
        people = network.names_of(s, resident_id) if plan_ids else {}
        domains = s.exec(select(DomainAssessment).where(col(DomainAssessment.plan_id).in_(plan_ids))).all()
        goals = s.exec(select(Goal).where(col(Goal.plan_id).in_(plan_ids))
                       .order_by(col(Goal.position), col(Goal.id))).all()
        goal_ids = [g.id for g in goals]
        results = s.exec(select(Result).where(col(Result.goal_id).in_(goal_ids))
                         .order_by(col(Result.position), col(Result.id))).all() if goal_ids else []
        decisions = s.exec(select(Beschikking).where(col(Beschikking.casus_id).in_(case_ids))
                           .order_by(col(Beschikking.start_date).desc(),
                                     col(Beschikking.id).desc())).all() if case_ids else []
        decision_ids = [d.id for d in decisions]
        realised: dict[int | None, int | None] = dict(s.exec(
            select(col(Realisation.beschikking_id), func.sum(col(Realisation.minutes)))
            .join(Beschikking, col(Beschikking.id) == col(Realisation.beschikking_id))
            .where(col(Realisation.beschikking_id).in_(decision_ids),
                   (col(Realisation.no_show) == False)  # noqa: E712
                   | (col(Beschikking.no_show_counts) == True))  # noqa: E712
            .group_by(col(Realisation.beschikking_id))).all()) if decision_ids else {}
        period_rows = s.exec(select(Period).where(col(Period.beschikking_id).in_(decision_ids))
                             .order_by(col(Period.beschikking_id),
                                       col(Period.number))).all() if decision_ids else []
        dated = s.exec(
            select(col(Realisation.beschikking_id), col(Realisation.service_date), col(Realisation.minutes))
            .join(Beschikking, col(Beschikking.id) == col(Realisation.beschikking_id))
            .where(col(Realisation.beschikking_id).in_(decision_ids),
                   (col(Realisation.no_show) == False)  # noqa: E712
                   | (col(Beschikking.no_show_counts) == True))  # noqa: E712
        ).all() if decision_ids else []
        products = {p.id: f"{p.code} {p.name}" for p in s.exec(select(Product))}
        aanbieders = {a.id: a.name for a in s.exec(select(Aanbieder))}
        evaluations = s.exec(select(Evaluation).where(col(Evaluation.casus_id).in_(case_ids))
                             .order_by(col(Evaluation.planned_date))).all() if case_ids and shows_plan else []

    # Keyed by ids read from the database; int | None only because the models' ids are optional.
    domains_by_plan: defaultdict[int | None, list[DomainAssessment]] = defaultdict(list)
    goals_by_plan: defaultdict[int | None, list[GoalView]] = defaultdict(list)
    results_by_goal: defaultdict[int | None, list[Result]] = defaultdict(list)
    for d in domains:
        domains_by_plan[d.plan_id].append(d)
    for r in results:
        results_by_goal[r.goal_id].append(r)
    for g in goals:
        goals_by_plan[g.plan_id].append(GoalView(g, results_by_goal[g.id]))

    periods_by_decision: defaultdict[int | None, list[PeriodView]] = defaultdict(list)
    for p in period_rows:
        used = sum(m for bid, day, m in dated if bid == p.beschikking_id and p.start_date <= day <= p.end_date)
        periods_by_decision[p.beschikking_id].append(
            PeriodView(p.number, p.start_date, p.end_date, p.share_minutes, used))

    case_views = []
    for c in cases:
        case_views.append(CaseView(
            casus=c,
            consulent=users.get(c.consulent_id, ""),
            plans=[PlanView(p, sorted(domains_by_plan[p.id], key=_domain_position), goals_by_plan[p.id],
                            domain_people.get(stored_id(p.id), {}), result_people, people)
                   for p in plans if p.casus_id == c.id],
            decisions=[DecisionView(d, products.get(d.product_id, ""), aanbieders.get(d.aanbieder_id, ""),
                                    int(realised.get(d.id, 0) or 0), periods_by_decision[d.id])
                       for d in decisions if d.casus_id == c.id],
            evaluations=[e for e in evaluations if e.casus_id == c.id],
        ))
    return ResidentFile(resident=resident, consulent=users.get(resident.consulent_id, ""), cases=case_views,
                        shows_plan=shows_plan)
