"""The melding: a resident reports a need, the research term starts, and the first facts of the intake.

Wmo 2015 art. 2.3.2: the research is done within six weeks of the melding (a setting per law, see
deadlines.settings); the resident may hand in a personal plan within seven days; the municipality tells the
resident about free, independent cliëntondersteuning. Under the Jeugdwet a huisarts, medisch specialist or
jeugdarts may refer directly (art. 2.6 lid 1 onder g); the referrer is recorded.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import Session, col, select

from db import clock
from db.engine import Database
from db.models import Beschikking, Casus, Letter, Resident
from db.models.enums import (
    JEUGDWET_REFERRERS,
    REFERRALS,
    CaseStatus,
    DecisionStatus,
    Law,
    LetterKind,
    MeldingSource,
)
from desktop.core import labels
from desktop.core.access import audit
from desktop.core.access.actor import Actor
from desktop.core.access.caseload import check_access, refusals_logged
from desktop.core.access.permissions import Action
from desktop.core.deadlines.rules import research_due
from desktop.core.deadlines.settings import deadline_settings
from desktop.core.deadlines.termijnenwet import next_working_day
from desktop.core.errors import NotFoundError, ValidationError
from desktop.core.nl import format_date
from desktop.core.residents.register import casus_and_resident
from desktop.core.text import clean_text

PERSONAL_PLAN_DAYS = 7  # Wmo 2015 art. 2.3.2 lid 2
JEUGDWET_AGE = 18  # a jeugdige at the melding (Jeugdwet art. 1.1)
SOURCE_LABELS = labels.MELDING_SOURCE
OUTCOME_LABELS = labels.CASE_OUTCOME


def sources_for(law: Law | str) -> list[MeldingSource]:
    """The ways a melding can come in under this law: the Jeugdwet's medical referrers only there."""
    return [s for s in MeldingSource if Law(law) is Law.JEUGDWET or s not in JEUGDWET_REFERRERS]


@dataclass
class MeldingInput:
    law: Law | str
    melding_date: date | None
    came_in_via: MeldingSource | str
    question: str
    referrer: str = ""
    clientondersteuning_informed: bool = False


def _check(data: MeldingInput, resident: Resident, today: date) -> tuple[dict[str, object], dict[str, str]]:
    errors: dict[str, str] = {}
    values: dict[str, object] = {"clientondersteuning_informed": bool(data.clientondersteuning_informed)}
    law = source = None
    try:
        law = values["law"] = Law(data.law)
    except ValueError:
        errors["law"] = "Kies de wet: Wmo 2015 of Jeugdwet."
    try:
        source = values["came_in_via"] = MeldingSource(data.came_in_via)
    except ValueError:
        errors["came_in_via"] = "Kies hoe de melding binnenkwam."
    when = data.melding_date
    if when is None:
        errors["melding_date"] = "Vul de datum van de melding in (dd-mm-jjjj)."
    elif when > today:
        errors["melding_date"] = f"De melding ligt in de toekomst ({format_date(when)}). Kies vandaag of eerder."
    elif when < resident.date_of_birth:
        errors["melding_date"] = "De melding ligt vóór de geboortedatum van de inwoner. Controleer de datum."
    values["melding_date"] = when
    if law is Law.JEUGDWET and when is not None and _age(resident.date_of_birth, when) >= JEUGDWET_AGE:
        errors["law"] = (f"De inwoner was op {format_date(when)} {_age(resident.date_of_birth, when)} jaar. De "
                         "Jeugdwet is voor jeugdigen tot 18 jaar; meld onder de Wmo 2015.")
    if law is Law.WMO and source in JEUGDWET_REFERRERS:
        errors["came_in_via"] = ("Een verwijzing door huisarts, medisch specialist of jeugdarts geldt onder de "
                                 "Jeugdwet. Kies onder de Wmo 'een verwijzing'.")
    try:
        values["question"] = clean_text(data.question, "de vraag van de inwoner", max_length=4000, required=True,
                                        multiline=True, field="question")
    except ValidationError as exc:
        errors["question"] = exc.message
    try:
        referrer = clean_text(data.referrer, "de verwijzer", max_length=120, field="referrer")
        if source in REFERRALS and not referrer:
            errors["referrer"] = "Vul in wie verwees (naam en functie of organisatie)."
        values["referrer"] = referrer if source in REFERRALS else None
    except ValidationError as exc:
        errors["referrer"] = exc.message
    return values, errors


def _age(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _raise(heading: str, errors: dict[str, str]) -> None:
    if errors:
        raise ValidationError.of_fields(heading, errors)


def register_melding(db: Database, actor: Actor, resident_id: int, data: MeldingInput, *,
                     reason: str | None = None) -> Casus:
    """A new casus in status melding; the receipt letter waits in the letter queue from now on."""
    audit.require(db, actor, Action.CASE_INTAKE)
    with refusals_logged(db, actor), db.write() as s:
        resident = s.get(Resident, resident_id)
        if resident is None:
            raise NotFoundError("Deze inwoner bestaat niet (meer).")
        why = check_access(s, actor, resident, reason, Action.CASE_INTAKE)
        values, errors = _check(data, resident, clock.today())
        if "law" in values and "law" not in errors:
            open_case = s.exec(select(Casus).where(Casus.resident_id == resident_id, Casus.law == values["law"],
                                                   col(Casus.closed_date).is_(None))).first()
            if open_case is not None:
                errors["law"] = (f"Er loopt al een casus onder {_law_words(open_case.law)} (melding van "
                                 f"{format_date(open_case.melding_date)}). Werk daarin verder, of sluit die eerst af.")
        _raise("De melding is niet opgeslagen. Herstel eerst:", errors)
        casus = Casus(resident_id=resident_id, status=CaseStatus.MELDING, receipt_due=True,
                      consulent_id=resident.consulent_id or actor.user_id, **values)  # type: ignore[arg-type]
        s.add(casus)
        s.flush()
        audit.record(s, actor, "casus.melding", resident_id=resident.id, client_number=resident.client_number,
                     record_type="casus", record_id=casus.id, reason=why,
                     changes={"law": [None, casus.law.value], "melding_date": [None, casus.melding_date.isoformat()],
                              "came_in_via": [None, casus.came_in_via.value if casus.came_in_via else None]})
        s.refresh(casus)
        return casus


def _law_words(law: Law) -> str:
    return "de Wmo 2015" if law is Law.WMO else "de Jeugdwet"


def open_casus(s: Session, actor: Actor, casus_id: int, reason: str | None,
               action: Action = Action.CASE_INTAKE) -> tuple[Casus, Resident, str | None]:
    """The casus and its resident under the caseload rule, for a change in the intake."""
    casus, resident = casus_and_resident(s, casus_id)
    why = check_access(s, actor, resident, reason, action)
    return casus, resident, why


def record_personal_plan(db: Database, actor: Actor, casus_id: int, received_on: date | None, *,
                         reason: str | None = None) -> Casus:
    """The day the resident's own plan came in (None: takes a wrongly recorded day away again)."""
    audit.require(db, actor, Action.CASE_INTAKE)
    with refusals_logged(db, actor), db.write() as s:
        casus, resident, why = open_casus(s, actor, casus_id, reason)
        if received_on is not None and not casus.melding_date <= received_on <= clock.today():
            raise ValidationError(f"Het persoonlijk plan kwam binnen tussen de melding "
                                  f"({format_date(casus.melding_date)}) en vandaag. Controleer de datum.",
                                  field="personal_plan_date")
        old = casus.personal_plan_date
        casus.personal_plan_date = received_on
        audit.record(s, actor, "casus.persoonlijk_plan", resident_id=resident.id,
                     client_number=resident.client_number, record_type="casus", record_id=casus.id, reason=why,
                     changes={"personal_plan_date": [old.isoformat() if old else None,
                                                     received_on.isoformat() if received_on else None]})
        s.flush()
        s.refresh(casus)
        return casus


def record_clientondersteuning(db: Database, actor: Actor, casus_id: int, informed: bool, *,
                               reason: str | None = None) -> Casus:
    audit.require(db, actor, Action.CASE_INTAKE)
    with refusals_logged(db, actor), db.write() as s:
        casus, resident, why = open_casus(s, actor, casus_id, reason)
        old, casus.clientondersteuning_informed = casus.clientondersteuning_informed, bool(informed)
        audit.record(s, actor, "casus.clientondersteuning", resident_id=resident.id,
                     client_number=resident.client_number, record_type="casus", record_id=casus.id, reason=why,
                     changes={"clientondersteuning_informed": [old, bool(informed)]})
        s.flush()
        s.refresh(casus)
        return casus


@dataclass(frozen=True)
class IntakeFacts:
    """The intake of one casus as the casus screen and `koers casus toon` show it."""

    casus: Casus
    client_number: str
    research_due: date  # six weeks after the melding (the law's setting)
    personal_plan_due: date  # seven days after the melding, to the next working day
    receipt_kenmerk: str | None  # the receipt letter, once issued
    report_kenmerk: str | None  # the verslag, once issued
    decisions: tuple[tuple[str, str, str], ...]  # (toewijzingnummer, kind, status)

    @property
    def personal_plan_open(self) -> bool:
        return self.casus.personal_plan_date is None

    @property
    def closed(self) -> bool:
        return self.casus.closed_date is not None


def personal_plan_due(melding: date, equated: frozenset[date] | None = None) -> date:
    """Seven days after the melding; a last day on a weekend or holiday moves on (Algemene termijnenwet)."""
    return next_working_day(melding + timedelta(days=PERSONAL_PLAN_DAYS), equated)


def intake_facts(db: Database, actor: Actor, casus_id: int, *, reason: str | None = None) -> IntakeFacts:
    audit.require(db, actor, Action.PLAN_VIEW)
    cfg = deadline_settings(db)
    with refusals_logged(db, actor), db.read() as s:
        casus, resident, _ = open_casus(s, actor, casus_id, reason, Action.PLAN_VIEW)
        letters = {kind: kenmerk for kind, kenmerk in s.exec(
            select(Letter.kind, Letter.kenmerk).where(Letter.casus_id == casus_id).order_by(col(Letter.id)))}
        decisions = tuple((b.toewijzing_nummer, b.kind.value, b.status.value) for b in s.exec(
            select(Beschikking).where(Beschikking.casus_id == casus_id,
                                      Beschikking.status != DecisionStatus.INGETROKKEN)
            .order_by(col(Beschikking.id))))
        return IntakeFacts(casus, resident.client_number, research_due(casus.melding_date, casus.law, cfg),
                           personal_plan_due(casus.melding_date, cfg.equated_holidays),
                           letters.get(LetterKind.ONTVANGSTBEVESTIGING), letters.get(LetterKind.VERSLAG), decisions)
