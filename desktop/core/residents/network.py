"""The people of the resident's network a plan names: under a life domain's 'eigen kracht, netwerk' and as
helpers of a result ('wie draagt bij'). Esbjerg starts from the resident's own network; naming the person (not
only 'netwerk') lets the plan, its print and the evaluation say who does what."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from sqlmodel import Session, col, select

from db.models import DomainAssessment, DomainPerson, Goal, RelatedPerson, Result, ResultPerson
from db.models.base import stored_id
from db.models.enums import LifeDomain
from desktop.core import labels
from desktop.core.errors import ValidationError
from desktop.core.nl import format_date
from desktop.core.residents.names import joined_surname


def person_label(p: RelatedPerson) -> str:
    """'A. Jansen (mantelzorger)': how a plan names someone of the network."""
    name = " ".join(x for x in (p.initials, joined_surname(p.prefix, p.surname)) if x)
    return f"{name} ({labels.PERSON_ROLE[p.role]})"


def names_of(s: Session, resident_id: int) -> dict[int, str]:
    """Everyone recorded around the resident, past ones too: an agreed plan keeps naming who helped then."""
    rows = s.exec(select(RelatedPerson).where(RelatedPerson.resident_id == resident_id)
                  .order_by(col(RelatedPerson.id))).all()
    return {stored_id(p.id): person_label(p) for p in rows}


def links(s: Session, plan_ids: Iterable[int]
          ) -> tuple[dict[int, dict[LifeDomain, tuple[int, ...]]], dict[int, tuple[int, ...]]]:
    """Per plan the people per life domain, and per result id the people who help."""
    ids = list(plan_ids)
    if not ids:
        return {}, {}
    domains: dict[int, dict[LifeDomain, list[int]]] = defaultdict(lambda: defaultdict(list))
    for plan_id, domain, person_id in s.exec(
            select(DomainAssessment.plan_id, DomainAssessment.domain, DomainPerson.person_id)
            .join(DomainPerson, col(DomainPerson.domain_assessment_id) == col(DomainAssessment.id))
            .where(col(DomainAssessment.plan_id).in_(ids)).order_by(col(DomainPerson.person_id))):
        domains[plan_id][LifeDomain(domain)].append(person_id)
    results: dict[int, list[int]] = defaultdict(list)
    for result_id, person_id in s.exec(
            select(ResultPerson.result_id, ResultPerson.person_id)
            .join(Result, col(Result.id) == col(ResultPerson.result_id))
            .join(Goal, col(Goal.id) == col(Result.goal_id))
            .where(col(Goal.plan_id).in_(ids)).order_by(col(ResultPerson.person_id))):
        results[result_id].append(person_id)
    return ({pid: {d: tuple(v) for d, v in per.items()} for pid, per in domains.items()},
            {rid: tuple(v) for rid, v in results.items()})


def check_people(s: Session, resident_id: int, wanted: Iterable[int], today: date) -> list[str]:
    """Problems with the people a draft names: each must be recorded around this resident. Returns gentle
    warnings for people whose role has ended (the plan may still name who helped)."""
    ids = set(wanted)
    if not ids:
        return []
    rows = {p.id: p for p in s.exec(select(RelatedPerson).where(col(RelatedPerson.id).in_(ids))).all()}
    strangers = [i for i in ids if i not in rows or rows[i].resident_id != resident_id]
    if strangers:
        raise ValidationError("Het plan is niet opgeslagen: het noemt iemand die niet bij deze inwoner is "
                              "vastgelegd. Leg de persoon eerst vast bij Betrokkenen, of haal de naam weg.")
    return [f"{person_label(p)} is sinds {format_date(p.valid_to)} niet meer betrokken; het plan noemt deze persoon "
            "nog." for p in rows.values() if p.valid_to is not None and p.valid_to < today]


def write_domain(s: Session, assessment_id: int, people: Iterable[int]) -> None:
    for person_id in sorted(set(people)):
        s.add(DomainPerson(domain_assessment_id=assessment_id, person_id=person_id))


def write_result(s: Session, result_id: int, people: Iterable[int]) -> None:
    for person_id in sorted(set(people)):
        s.add(ResultPerson(result_id=result_id, person_id=person_id))
