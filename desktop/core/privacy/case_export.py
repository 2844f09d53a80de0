"""A resident's whole case file as data: the 'koers-dossier' format (docs/dossier-format.md).

The same data is the JSON of an access request and the file that moves a resident to another system, and
`case_import` reads exactly what this writes. No database id leaves Koers: records refer to each other by keys
that mean something in the file (a plan's version number, a decision's toewijzingnummer, 'P1' for the first
person, 'R3' for the third result), so a file imported elsewhere and exported again reads the same.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from sqlmodel import Session, col, select

from db.models import (
    Aanbieder,
    Beschikking,
    BeschikkingResult,
    CaseDocument,
    Casus,
    Correction,
    DocumentContent,
    DomainAssessment,
    DomainPerson,
    Evaluation,
    EvaluationDomainScore,
    EvaluationResult,
    Goal,
    JournalEntry,
    Letter,
    Period,
    Plan,
    Product,
    Realisation,
    RelatedPerson,
    Resident,
    Result,
    ResultPerson,
)
from desktop.core.privacy import fields as F


def resident_data(s: Session, resident: Resident) -> dict[str, Any]:
    """One resident with everything Koers keeps about them, in the order they came about."""
    out = F.write(resident, F.RESIDENT)
    people = s.exec(select(RelatedPerson).where(RelatedPerson.resident_id == resident.id)
                    .order_by(col(RelatedPerson.id))).all()
    person_key = {p.id: f"P{n}" for n, p in enumerate(people, 1)}
    out["personen"] = [{"sleutel": person_key[p.id], **F.write(p, F.PERSON)} for p in people]
    corrections = s.exec(select(Correction).where(Correction.resident_id == resident.id)
                         .order_by(col(Correction.id))).all()
    out["correcties"] = [{**F.write(c, F.CORRECTION), "velden": json.loads(c.fields)} for c in corrections]
    cases = s.exec(select(Casus).where(Casus.resident_id == resident.id).order_by(col(Casus.id))).all()
    keys = _Keys(person_key)
    out["casussen"] = [_casus(s, casus, f"C{n}", keys) for n, casus in enumerate(cases, 1)]
    casus_key = {casus.id: f"C{n}" for n, casus in enumerate(cases, 1)}
    letters = s.exec(select(Letter).where(Letter.resident_id == resident.id).order_by(col(Letter.id))).all()
    out["brieven"] = [{
        **F.write(letter, F.LETTER),
        "casus": casus_key.get(letter.casus_id) if letter.casus_id else None,
        "beschikking": keys.decision.get(letter.beschikking_id) if letter.beschikking_id else None,
        "pdf_base64": F.b64(letter.pdf),
    } for letter in letters]
    return out


class _Keys:
    """The file's own keys for records others refer to, handed out in the order they are written."""

    def __init__(self, person_key: dict[int | None, str]) -> None:
        self.person = person_key
        self.result: dict[int | None, str] = {}
        self.decision: dict[int | None, str] = {}

    def result_key(self, result_id: int | None) -> str:
        self.result[result_id] = f"R{len(self.result) + 1}"
        return self.result[result_id]


def _casus(s: Session, casus: Casus, key: str, keys: _Keys) -> dict[str, Any]:
    out: dict[str, Any] = {"sleutel": key, **F.write(casus, F.CASUS)}
    plans = s.exec(select(Plan).where(Plan.casus_id == casus.id).order_by(col(Plan.version_no))).all()
    version_of = {p.id: p.version_no for p in plans}
    out["plannen"] = [_plan(s, plan, version_of, keys) for plan in plans]
    decisions = s.exec(select(Beschikking).where(Beschikking.casus_id == casus.id)
                       .order_by(col(Beschikking.id))).all()
    for decision in decisions:
        keys.decision[decision.id] = decision.toewijzing_nummer
    out["beschikkingen"] = [_decision(s, d, version_of, keys) for d in decisions]
    evaluations = s.exec(select(Evaluation).where(Evaluation.casus_id == casus.id).order_by(col(Evaluation.id))).all()
    out["evaluaties"] = [_evaluation(s, e, keys) for e in evaluations]
    out["journaal"] = _journal(s, casus)
    out["documenten"] = _documents(s, casus)
    return out


def _plan(s: Session, plan: Plan, version_of: dict[int | None, int], keys: _Keys) -> dict[str, Any]:
    out: dict[str, Any] = F.write(plan, F.PLAN)
    out["gebaseerd_op_versie"] = version_of.get(plan.based_on_id) if plan.based_on_id else None
    domains = s.exec(select(DomainAssessment).where(DomainAssessment.plan_id == plan.id)
                     .order_by(col(DomainAssessment.id))).all()
    named = _links(s, DomainPerson, DomainPerson.domain_assessment_id, [d.id for d in domains])
    out["domeinen"] = [{**F.write(d, F.DOMAIN), "personen": _people(named[d.id], keys)} for d in domains]
    goals = s.exec(select(Goal).where(Goal.plan_id == plan.id).order_by(col(Goal.position), col(Goal.id))).all()
    out["doelen"] = []
    for goal in goals:
        results = s.exec(select(Result).where(Result.goal_id == goal.id)
                         .order_by(col(Result.position), col(Result.id))).all()
        helpers = _links(s, ResultPerson, ResultPerson.result_id, [r.id for r in results])
        out["doelen"].append({**F.write(goal, F.GOAL), "resultaten": [
            {"sleutel": keys.result_key(r.id), **F.write(r, F.RESULT), "personen": _people(helpers[r.id], keys)}
            for r in results]})
    return out


def _links(s: Session, model: Any, owner: Any, owner_ids: list[int | None]) -> dict[int | None, list[int]]:
    found: dict[int | None, list[int]] = defaultdict(list)
    if owner_ids:
        for row in s.exec(select(model).where(col(owner).in_(owner_ids))).all():
            found[getattr(row, owner.key)].append(row.person_id)
    return found


def _people(person_ids: list[int], keys: _Keys) -> list[str]:
    return sorted((keys.person[p] for p in person_ids), key=lambda k: int(k[1:]))


def _decision(s: Session, d: Beschikking, version_of: dict[int | None, int], keys: _Keys) -> dict[str, Any]:
    out: dict[str, Any] = F.write(d, F.DECISION)
    product = s.get(Product, d.product_id) if d.product_id else None
    aanbieder = s.get(Aanbieder, d.aanbieder_id) if d.aanbieder_id else None
    out["product"] = product.code if product else None
    out["aanbieder"] = {"agb": aanbieder.agb_code, "naam": aanbieder.name} if aanbieder else None
    out["planversie"] = version_of.get(d.plan_id) if d.plan_id else None
    out["vervangt"] = keys.decision.get(d.replaces_id) if d.replaces_id else None
    served = s.exec(select(BeschikkingResult.result_id).where(BeschikkingResult.beschikking_id == d.id)).all()
    out["resultaten"] = sorted((keys.result[r] for r in served if r in keys.result), key=lambda k: int(k[1:]))
    periods = s.exec(select(Period).where(Period.beschikking_id == d.id).order_by(col(Period.number))).all()
    out["perioden"] = [F.write(p, F.PERIOD) for p in periods]
    hours = s.exec(select(Realisation).where(Realisation.beschikking_id == d.id)
                   .order_by(col(Realisation.service_date), col(Realisation.id))).all()
    out["uren"] = [F.write(h, F.HOURS) for h in hours]
    return out


def _evaluation(s: Session, e: Evaluation, keys: _Keys) -> dict[str, Any]:
    out: dict[str, Any] = F.write(e, F.EVALUATION)
    out["beschikking"] = keys.decision.get(e.beschikking_id) if e.beschikking_id else None
    results = s.exec(select(EvaluationResult).where(EvaluationResult.evaluation_id == e.id)).all()
    out["resultaten"] = sorted(({"resultaat": keys.result[r.result_id], **F.write(r, F.EVALUATION_RESULT)}
                                for r in results if r.result_id in keys.result),
                               key=lambda row: int(row["resultaat"][1:]))
    scores = s.exec(select(EvaluationDomainScore).where(EvaluationDomainScore.evaluation_id == e.id)).all()
    out["domeinscores"] = sorted((F.write(sc, F.DOMAIN_SCORE) for sc in scores), key=lambda row: row["domein"])
    return out


def _journal(s: Session, casus: Casus) -> list[dict[str, Any]]:
    entries = s.exec(select(JournalEntry).where(JournalEntry.casus_id == casus.id)
                     .order_by(col(JournalEntry.id))).all()
    key = {e.id: f"J{n}" for n, e in enumerate(entries, 1)}
    return [{"sleutel": key[e.id], **F.write(e, F.JOURNAL),
             "corrigeert": key.get(e.corrects_id) if e.corrects_id else None} for e in entries]


def _documents(s: Session, casus: Casus) -> list[dict[str, Any]]:
    documents = s.exec(select(CaseDocument).where(CaseDocument.casus_id == casus.id)
                       .order_by(col(CaseDocument.id))).all()
    out = []
    for doc in documents:
        content = s.get(DocumentContent, doc.id)
        out.append({**F.write(doc, F.DOCUMENT), "inhoud_base64": F.b64(content.data) if content else None})
    return out
