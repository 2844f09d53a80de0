"""The planned evaluation moments of a decision: derived when it is vastgesteld, then editable.

The defaults (decisions.evaluation_dates) fit most cases; a consulent moves one when the resident's
situation asks for it, adds an extra one, or removes one that no longer serves. A moment that was
held (has an outcome) is history and stays as it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from db.engine import Database
from db.models import Beschikking, Evaluation, Resident
from db.models.base import stored_id
from db.models.enums import DecisionStatus, EvaluationOutcome
from desktop.core.access import audit
from desktop.core.access.actor import Actor
from desktop.core.access.caseload import refusals_logged
from desktop.core.access.permissions import Action
from desktop.core.decisions.queries import log_view, open_decision
from desktop.core.errors import KoersError, NotFoundError, ValidationError
from desktop.core.nl import format_date

_CLOSED = (DecisionStatus.CONCEPT, DecisionStatus.INGETROKKEN, DecisionStatus.VERVANGEN)


@dataclass(frozen=True)
class Moment:
    id: int
    planned_date: date
    done_date: date | None
    outcome: EvaluationOutcome | None

    @property
    def done(self) -> bool:
        return self.done_date is not None


def moments_of(s: Session, decision_id: int) -> list[Moment]:
    rows = s.exec(select(Evaluation).where(Evaluation.beschikking_id == decision_id)
                  .order_by(col(Evaluation.planned_date), col(Evaluation.id))).all()
    return [Moment(stored_id(e.id), e.planned_date, e.done_date, e.outcome) for e in rows]


def list_moments(db: Database, actor: Actor, decision_id: int, *, reason: str | None = None) -> list[Moment]:
    """The moments of one decision, under the caseload rule."""
    audit.require(db, actor, Action.DECISION_VIEW)
    with refusals_logged(db, actor), db.write() as s:
        decision, resident, why = open_decision(s, actor, decision_id, reason, Action.DECISION_VIEW)
        log_view(s, actor, decision, resident, why)
        return moments_of(s, decision_id)


def _open_decision(s: Session, actor: Actor, decision_id: int, reason: str | None) -> tuple[Beschikking, Resident,
                                                                                             str | None]:
    decision, resident, why = open_decision(s, actor, decision_id, reason, Action.DECISION_EDIT)
    if decision.status is DecisionStatus.CONCEPT:
        raise KoersError("Deze beschikking is nog een concept: de evaluatiemomenten worden gepland bij vaststellen.")
    if decision.status in _CLOSED:
        raise KoersError(f"Deze beschikking is {decision.status.value}; de evaluatiemomenten liggen vast.")
    return decision, resident, why


def _check_date(s: Session, decision: Beschikking, planned: date, own_id: int | None) -> None:
    last = decision.ended_date or decision.end_date
    if not decision.start_date < planned <= last:
        raise ValidationError(f"Kies een datum na de ingangsdatum ({format_date(decision.start_date)}) en uiterlijk "
                              f"op de einddatum ({format_date(last)}).")
    taken = s.exec(select(Evaluation.id).where(Evaluation.beschikking_id == decision.id,
                                               Evaluation.planned_date == planned)).first()
    if taken is not None and taken != own_id:
        raise ValidationError(f"Op {format_date(planned)} staat al een evaluatie gepland. Kies een andere datum.")


def add_moment(db: Database, actor: Actor, decision_id: int, planned: date, *,
               reason: str | None = None) -> Evaluation:
    audit.require(db, actor, Action.DECISION_EDIT)
    with refusals_logged(db, actor), db.write() as s:
        decision, resident, why = _open_decision(s, actor, decision_id, reason)
        _check_date(s, decision, planned, None)
        moment = Evaluation(casus_id=decision.casus_id, beschikking_id=decision.id, planned_date=planned,
                            outcome=None)
        s.add(moment)
        s.flush()
        audit.record(s, actor, "evaluatiemoment.toevoegen", resident_id=resident.id,
                     client_number=resident.client_number, record_type="evaluatie", record_id=moment.id, reason=why,
                     changes={"planned_date": [None, planned.isoformat()]})
        s.refresh(moment)
        return moment


def _open_moment(s: Session, actor: Actor, evaluation_id: int,
                 reason: str | None) -> tuple[Evaluation, Beschikking, Resident, str | None]:
    moment = s.get(Evaluation, evaluation_id)
    if moment is None or moment.beschikking_id is None:
        raise NotFoundError("Dit evaluatiemoment bestaat niet (meer).")
    decision, resident, why = _open_decision(s, actor, moment.beschikking_id, reason)
    if moment.done_date is not None:
        raise KoersError(f"De evaluatie van {format_date(moment.planned_date)} is al gehouden "
                         f"({format_date(moment.done_date)}); die blijft zoals hij is.")
    return moment, decision, resident, why


def move_moment(db: Database, actor: Actor, evaluation_id: int, planned: date, *,
                reason: str | None = None) -> Evaluation:
    audit.require(db, actor, Action.DECISION_EDIT)
    with refusals_logged(db, actor), db.write() as s:
        moment, decision, resident, why = _open_moment(s, actor, evaluation_id, reason)
        _check_date(s, decision, planned, moment.id)
        old = moment.planned_date
        moment.planned_date = planned
        audit.record(s, actor, "evaluatiemoment.verplaatsen", resident_id=resident.id,
                     client_number=resident.client_number, record_type="evaluatie", record_id=moment.id, reason=why,
                     changes={"planned_date": [old.isoformat(), planned.isoformat()]})
        s.flush()
        s.refresh(moment)
        return moment


def remove_moment(db: Database, actor: Actor, evaluation_id: int, *, reason: str | None = None) -> None:
    """Refused for the only moment left: a decision is always evaluated at least once."""
    audit.require(db, actor, Action.DECISION_EDIT)
    with refusals_logged(db, actor), db.write() as s:
        moment, decision, resident, why = _open_moment(s, actor, evaluation_id, reason)
        others = s.exec(select(Evaluation.id).where(Evaluation.beschikking_id == decision.id,
                                                    Evaluation.id != moment.id)).first()
        if others is None:
            raise ValidationError("Dit is het enige evaluatiemoment van de beschikking. Verplaats het liever; een "
                                  "beschikking wordt ten minste één keer geëvalueerd.")
        audit.record(s, actor, "evaluatiemoment.verwijderen", resident_id=resident.id,
                     client_number=resident.client_number, record_type="evaluatie", record_id=moment.id, reason=why,
                     changes={"planned_date": [moment.planned_date.isoformat(), None]})
        s.delete(moment)
