"""The research's end, the aanvraag, and how a casus ends when no decision ends it.

A toekenning and an afwijzing follow from a vastgestelde beschikking (decisions.lifecycle.establish); the
resident may withdraw; and without an aanvraag the research may conclude that the resident's own strength,
the network or a general provision suffices. Every outcome has a date and a reason, so the reports count it.
"""

from __future__ import annotations

from datetime import date

from sqlmodel import col, select

from db import clock
from db.engine import Database
from db.models import Beschikking, Casus, Plan
from db.models.enums import WITHOUT_AANVRAAG, CaseOutcome, CaseStatus, DecisionStatus, PlanStatus
from desktop.core.access import audit
from desktop.core.access.actor import Actor
from desktop.core.access.caseload import refusals_logged
from desktop.core.access.permissions import Action
from desktop.core.errors import KoersError, ValidationError
from desktop.core.intake.melding import open_casus
from desktop.core.nl import format_date
from desktop.core.text import clean_text


def _within(casus: Casus, on: date | None, what: str) -> date:
    if on is None:
        raise ValidationError(f"Vul de datum van {what} in (dd-mm-jjjj).")
    if not casus.melding_date <= on <= clock.today():
        raise ValidationError(f"De datum van {what} ligt tussen de melding ({format_date(casus.melding_date)}) en "
                              "vandaag. Controleer de datum.")
    return on


def _open(casus: Casus) -> None:
    if casus.closed_date is not None:
        raise KoersError(f"Deze casus is afgesloten op {format_date(casus.closed_date)}. Een nieuwe vraag is een "
                         "nieuwe melding.")


def finish_research(db: Database, actor: Actor, casus_id: int, on: date | None, *,
                    reason: str | None = None) -> Casus:
    """The research is done: the report (verslag) of the agreed plan now waits in the letter queue."""
    audit.require(db, actor, Action.CASE_INTAKE)
    with refusals_logged(db, actor), db.write() as s:
        casus, resident, why = open_casus(s, actor, casus_id, reason)
        _open(casus)
        day = _within(casus, on, "het afronden van het onderzoek")
        agreed = s.exec(select(Plan.id).where(Plan.casus_id == casus_id, Plan.status == PlanStatus.AKKOORD)).first()
        if agreed is None:
            raise ValidationError("Het verslag van het onderzoek is het plan zoals de inwoner het akkoord gaf. Laat "
                                  "eerst een planversie akkoord geven.")
        old, casus.research_done_date = casus.research_done_date, day
        audit.record(s, actor, "casus.onderzoek_afgerond", resident_id=resident.id,
                     client_number=resident.client_number, record_type="casus", record_id=casus.id, reason=why,
                     changes={"research_done_date": [old.isoformat() if old else None, day.isoformat()]})
        s.flush()
        s.refresh(casus)
        return casus


def record_aanvraag(db: Database, actor: Actor, casus_id: int, on: date | None, *,
                    reason: str | None = None) -> Casus:
    """The formal application: the decision term starts (two weeks under the Wmo, Awb art. 4:13 otherwise)."""
    audit.require(db, actor, Action.CASE_INTAKE)
    with refusals_logged(db, actor), db.write() as s:
        casus, resident, why = open_casus(s, actor, casus_id, reason)
        _open(casus)
        day = _within(casus, on, "de aanvraag")
        decided = s.exec(select(Beschikking.toewijzing_nummer).where(
            Beschikking.casus_id == casus_id,
            col(Beschikking.status).in_((DecisionStatus.VASTGESTELD, DecisionStatus.VERZONDEN,
                                         DecisionStatus.BEEINDIGD, DecisionStatus.VERVANGEN)))).first()
        if decided is not None and casus.aanvraag_date is not None:
            raise KoersError(f"Op deze aanvraag is al besloten (beschikking {decided}); de datum blijft staan.")
        old, casus.aanvraag_date = casus.aanvraag_date, day
        if casus.status in (CaseStatus.MELDING, CaseStatus.ONDERZOEK):
            casus.status = CaseStatus.AANVRAAG
        audit.record(s, actor, "casus.aanvraag", resident_id=resident.id, client_number=resident.client_number,
                     record_type="casus", record_id=casus.id, reason=why,
                     changes={"aanvraag_date": [old.isoformat() if old else None, day.isoformat()]})
        s.flush()
        s.refresh(casus)
        return casus


CLOSING = frozenset({CaseOutcome.INGETROKKEN}) | WITHOUT_AANVRAAG


def close_casus(db: Database, actor: Actor, casus_id: int, outcome: CaseOutcome | str, on: date | None,
                explanation: str, *, reason: str | None = None) -> Casus:
    """Closes a casus that no decision closes: withdrawn, or (without an aanvraag) own strength, network or a
    general provision suffices. Every problem is named at once; nothing changes on any."""
    audit.require(db, actor, Action.CASE_INTAKE)
    problems: list[str] = []
    chosen = None
    try:
        chosen = CaseOutcome(outcome)
        if chosen not in CLOSING:
            problems.append("Een toekenning of afwijzing volgt uit een vastgestelde beschikking, niet uit het "
                            "afsluiten van de casus.")
    except ValueError:
        problems.append("Kies hoe de casus eindigt.")
    text = None
    try:
        text = clean_text(explanation, "de reden", max_length=2000, required=True, multiline=True)
    except ValidationError as exc:
        problems.append(exc.message)
    with refusals_logged(db, actor), db.write() as s:
        casus, resident, why = open_casus(s, actor, casus_id, reason)
        _open(casus)
        try:
            day = _within(casus, on, "het afsluiten")
        except ValidationError as exc:
            problems.append(exc.message)
        if chosen in WITHOUT_AANVRAAG and casus.aanvraag_date is not None:
            problems.append(f"Er is een aanvraag gedaan ({format_date(casus.aanvraag_date)}): daarop volgt een "
                            "besluit (toekenning of afwijzing), of de inwoner trekt de aanvraag in.")
        busy = s.exec(select(Beschikking.toewijzing_nummer, Beschikking.status).where(
            Beschikking.casus_id == casus_id, col(Beschikking.status).in_(
                (DecisionStatus.CONCEPT, DecisionStatus.VASTGESTELD, DecisionStatus.VERZONDEN)))).first()
        if busy is not None:
            number, status = busy
            problems.append(f"Beschikking {number} is {DecisionStatus(status).value}. Trek een concept eerst in of "
                            "beëindig een lopende beschikking; daarna kan de casus dicht.")
        if problems:
            raise ValidationError("De casus is niet afgesloten. Herstel eerst:", problems=problems)
        assert chosen is not None and text is not None  # no problems
        casus.outcome, casus.outcome_date, casus.outcome_reason = chosen, day, text
        casus.closed_date, casus.status, casus.receipt_due = day, CaseStatus.AFGESLOTEN, False
        audit.record(s, actor, "casus.afsluiten", resident_id=resident.id, client_number=resident.client_number,
                     record_type="casus", record_id=casus.id, reason=why,
                     changes={"outcome": [None, chosen.value], "closed_date": [None, day.isoformat()]})
        s.flush()
        s.refresh(casus)
        return casus
