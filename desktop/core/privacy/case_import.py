"""`koers import`: residents with their whole case file from a koers-dossier file (docs/dossier-format.md).

Checked whole, stored whole: every problem in the file is collected and listed (with where it is) before anything
is written, and the writing is one transaction, so a file is either in completely or not at all. What a file
cannot bring is said in the format's documentation (users, caseload assignments, the other system's access log).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, select

from db import clock
from db.engine import Database
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
from db.models.enums import DecisionKind, DecisionStatus, Law, LetterKind, MeldingSource, PlanStatus
from db.units import minutes_to_hours
from desktop.core.access import audit
from desktop.core.access.actor import Actor
from desktop.core.access.permissions import Action
from desktop.core.decisions.rules import REPORTED
from desktop.core.errors import KoersError, ValidationError
from desktop.core.nl import format_date, format_hours
from desktop.core.parse import parse_postcode
from desktop.core.privacy import fields as F
from desktop.core.residents.register import ResidentInput, next_client_number, validate_input
from desktop.core.text import resident_search_keys

IMPORT_ACTION = "dossier.importeren"
MAX_FILE_BYTES = 512 * 1024 * 1024
_REFUSED = "Het bestand is niet ingelezen; er is niets opgeslagen. Herstel eerst:"
_ESTABLISHED = {DecisionStatus.VASTGESTELD, DecisionStatus.VERZONDEN, DecisionStatus.VERVANGEN,
                DecisionStatus.BEEINDIGD}
_ENDED = {DecisionStatus.VERVANGEN, DecisionStatus.BEEINDIGD}
_JEUGDWET_REFERRERS = {MeldingSource.HUISARTS, MeldingSource.MEDISCH_SPECIALIST, MeldingSource.JEUGDARTS}
_LETTERS_WITHOUT_DECISION = {LetterKind.CONTACTPERSOON, LetterKind.ONTVANGSTBEVESTIGING, LetterKind.VERSLAG}
_CASE_LETTERS = {LetterKind.ONTVANGSTBEVESTIGING, LetterKind.VERSLAG}
CLIENT_NUMBER = re.compile(r"^K\d{7}$")
_LIST_KEYS = ("personen", "correcties", "casussen", "brieven")


@dataclass
class ImportSummary:
    residents: int = 0
    client_numbers: list[str] = field(default_factory=list)
    renumbered: dict[str, str] = field(default_factory=dict)  # number in the file -> number given here
    decisions: int = 0
    hour_lines: int = 0
    letters: int = 0
    last_id: int | None = None  # the resident stored last (for its log line)


def read_file(path: Path) -> Any:
    """The JSON of a file, or a Dutch refusal that says what is wrong with it as a file."""
    try:
        size = path.stat().st_size
    except OSError:
        raise ValidationError(f"Het bestand {path} bestaat niet of kan niet worden gelezen.") from None
    if size > MAX_FILE_BYTES:
        raise ValidationError(f"Het bestand is groter dan {MAX_FILE_BYTES // (1024 * 1024)} MB; splits het in "
                              "delen van minder inwoners.")
    try:
        return json.loads(path.read_bytes().decode("utf-8"))
    except UnicodeDecodeError:
        raise ValidationError("Het bestand is geen UTF-8-tekst; een koers-dossier is JSON in UTF-8.") from None
    except json.JSONDecodeError as exc:
        raise ValidationError(f"Het bestand is geen geldige JSON (regel {exc.lineno}, kolom {exc.colno}: "
                              f"{exc.msg}). Een koers-dossier is JSON zoals `koers export-client` het maakt.") from None


def check(db: Database, actor: Actor, doc: Any) -> list[str]:
    """Every problem in the file, without storing anything (an empty list: it can be imported)."""
    audit.require(db, actor, Action.CASEFILE_IMPORT)
    with db.read() as s:
        return _Reader(s).read(doc)[1].items


def import_case_files(db: Database, actor: Actor, doc: Any,
                      progress: Callable[[int, int], bool] | None = None) -> ImportSummary:
    """Stores every resident of the file, or none: the whole list of problems is raised as one ValidationError.
    `progress(done, total)` per resident; returning False cancels (and stores nothing)."""
    audit.require(db, actor, Action.CASEFILE_IMPORT)
    with db.write() as s:
        residents, problems = _Reader(s).read(doc)
        if problems:
            raise ValidationError(_REFUSED, problems=problems.items)
        summary = ImportSummary()
        try:
            for n, data in enumerate(residents, 1):
                _Writer(s, data, summary).write()
                audit.record(s, actor, IMPORT_ACTION, resident_id=summary.last_id,
                             client_number=summary.client_numbers[-1], record_type="inwoner",
                             record_id=summary.last_id)
                if progress is not None and progress(n, len(residents)) is False:
                    raise KoersError("Het inlezen is afgebroken; er is niets opgeslagen.")
            s.flush()
        except DBAPIError as exc:  # a rule the check above does not know yet: still refused whole, in Dutch
            raise ValidationError(_REFUSED, problems=[_integrity_text(exc)]) from None
        summary.residents = len(residents)
    return summary


def _integrity_text(exc: DBAPIError) -> str:
    return ("de database weigert een waarde die de controle van het bestand niet kende (technisch: "
            f"{str(exc.orig).splitlines()[0][:160]}). Controleer die waarde in het bestand; meld het ook aan de "
            "leverancier van Koers, zodat de controle het voortaan vooraf zegt.")


# ---------------------------------------------------------------- reading and checking


@dataclass
class _Node:
    """One checked record: its model values and the records under it."""

    values: dict[str, Any]
    where: str
    children: dict[str, list[_Node]] = field(default_factory=dict)
    refs: dict[str, Any] = field(default_factory=dict)
    blob: bytes | None = None


class _Reader:
    def __init__(self, s: Session) -> None:
        self.s = s
        self.problems = F.Problems()
        self.bsns: dict[str, str] = {}
        self.numbers: dict[tuple[str, str], str] = {}  # (law, toewijzingnummer) -> where
        self.kenmerken: dict[str, str] = {}
        self.products: dict[tuple[str, str], int | None] = {}
        self.aanbieders: dict[tuple[str | None, str | None], int | None] = {}

    def read(self, doc: Any) -> tuple[list[_Node], F.Problems]:
        if not isinstance(doc, dict):
            self.problems.add("", "het bestand is geen koers-dossier: het hoort met een object ({...}) te beginnen.")
            return [], self.problems
        if doc.get("formaat") != F.FORMAT:
            self.problems.add("", f"het bestand is geen koers-dossier (formaat '{doc.get('formaat')}'; verwacht "
                                  f"'{F.FORMAT}').")
            return [], self.problems
        if doc.get("versie") != F.VERSION:
            self.problems.add("", f"versie {doc.get('versie')!r} van het dossierformaat kent deze Koers niet; "
                                  f"deze Koers leest versie {F.VERSION}. Exporteer het opnieuw in versie "
                                  f"{F.VERSION}.")
            return [], self.problems
        residents = doc.get("inwoners")
        if not isinstance(residents, list) or not residents:
            self.problems.add("", "het bestand bevat geen inwoners (de lijst 'inwoners' ontbreekt of is leeg).")
            return [], self.problems
        nodes = [n for i, r in enumerate(residents, 1) if (n := self._resident(r, i)) is not None]
        return nodes, self.problems

    def _list(self, data: dict[str, Any], key: str, where: str) -> list[Any]:
        value = data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.problems.add(where, f"'{key}' hoort een lijst ([...]) te zijn.")
            return []
        return value

    def _key(self, data: dict[str, Any], prefix: str, seen: set[str], where: str) -> str | None:
        key = data.get("sleutel")
        if not isinstance(key, str) or not key.startswith(prefix) or not key[1:].isdigit():
            self.problems.add(where, f"de 'sleutel' ontbreekt of is geen {prefix} met een nummer ({prefix}1, "
                                     f"{prefix}2, ...).")
            return None
        if key in seen:
            self.problems.add(where, f"de sleutel {key} komt twee keer voor.")
            return None
        seen.add(key)
        return key

    def _resident(self, data: Any, n: int) -> _Node | None:
        number = data.get("clientnummer") if isinstance(data, dict) else None
        where = f"inwoner {n} ({number})" if isinstance(number, str) and number else f"inwoner {n}"
        values = F.read(data, F.RESIDENT, where, self.problems)
        if values is None:
            return None
        node = _Node(values, where)
        self._resident_rules(values, where)
        people: set[str] = set()
        node.children["personen"] = []
        for i, person in enumerate(self._list(data, "personen", where), 1):
            pw = f"{where}, persoon {i}"
            pv = F.read(person, F.PERSON, pw, self.problems)
            if pv is not None and (key := self._key(person, "P", people, pw)):
                self._person_rules(pv, pw)
                node.children["personen"].append(_Node(pv, pw, refs={"key": key}))
        node.children["correcties"] = []
        for i, corr in enumerate(self._list(data, "correcties", where), 1):
            cw = f"{where}, correctie {i}"
            cv = F.read(corr, F.CORRECTION, cw, self.problems)
            if cv is None:
                continue
            if not isinstance(corr.get("velden"), dict) or not corr["velden"]:
                self.problems.add(cw, "'velden' hoort een object te zijn met per veld [was, werd].")
                continue
            if cv["reason"] is not None and len(cv["reason"].strip()) < 5:
                self.problems.add(cw, "de reden is te kort (ten minste 5 tekens).")
            masked = {name: [audit.mask(name, v) for v in pair] if isinstance(pair, list) else pair
                      for name, pair in corr["velden"].items()}  # as the log keeps it: a BSN never in clear
            cv["fields"] = json.dumps(masked, ensure_ascii=False, sort_keys=True)
            node.children["correcties"].append(_Node(cv, cw))
        scope = _Scope(people)
        node.children["casussen"] = []
        case_keys: set[str] = set()
        for i, casus in enumerate(self._list(data, "casussen", where), 1):
            cw = f"{where}, casus {i}"
            cnode = self._casus(casus, cw, case_keys, scope)
            if cnode is not None:
                node.children["casussen"].append(cnode)
        node.children["brieven"] = []
        for i, letter in enumerate(self._list(data, "brieven", where), 1):
            lnode = self._letter(letter, f"{where}, brief {i}", case_keys, scope)
            if lnode is not None:
                node.children["brieven"].append(lnode)
        return node

    def _resident_rules(self, values: dict[str, Any], where: str) -> None:
        """The same rules as the resident form (one parser per kind), on what the file says."""
        if any(values.get(k) is None for k in ("initials", "surname", "date_of_birth", "salutation")):
            return  # already listed as missing
        typed = ResidentInput(
            bsn=values["bsn"] or "000000000", initials=values["initials"], surname=values["surname"],
            date_of_birth=values["date_of_birth"], prefix=values["prefix"] or "", salutation=values["salutation"],
            street=values["street"] or "", house_number=values["house_number"] or "",
            house_number_suffix=values["house_number_suffix"] or "", postcode=values["postcode"] or "",
            city=values["city"] or "", phone=values["phone"] or "", email=values["email"] or "",
            first_name=values["first_name"] or "")
        checked, errors = validate_input(typed, clock.today())
        if values["bsn"] is None:
            errors.pop("bsn", None)
            checked["bsn"] = None
        for message in errors.values():
            self.problems.add(where, message)
        if errors:
            return
        for key in ("bsn", "initials", "first_name", "prefix", "surname", "street", "house_number_suffix", "postcode",
                    "city", "phone", "email", "house_number"):
            values[key] = checked[key]
        bsn = values["bsn"]
        if bsn is not None:
            if bsn in self.bsns:
                self.problems.add(where, f"het BSN staat ook bij {self.bsns[bsn]}; één inwoner staat maar één keer "
                                         "in het bestand.")
            elif self.s.exec(select(Resident.client_number).where(Resident.bsn == bsn)).first() is not None:
                self.problems.add(where, "er staat al een inwoner met dit BSN in Koers (dubbel BSN). Haal deze "
                                         "inwoner uit het bestand, of vergelijk eerst de twee dossiers.")
            self.bsns[bsn] = where

    def _casus(self, data: Any, where: str, case_keys: set[str], scope: _Scope) -> _Node | None:
        values = F.read(data, F.CASUS, where, self.problems)
        if values is None:
            return None
        key = self._key(data, "C", case_keys, where)
        node = _Node(values, where, refs={"key": key})
        law = values["law"]
        self._casus_rules(values, where)
        versions: set[int] = set()
        node.children["plannen"] = []
        for i, plan in enumerate(self._list(data, "plannen", where), 1):
            pnode = self._plan(plan, f"{where}, plan {i}", versions, scope)
            if pnode is not None:
                node.children["plannen"].append(pnode)
        for pnode in node.children["plannen"]:
            based = pnode.refs["based_on"]
            if based is not None and based not in versions:
                self.problems.add(pnode.where, f"'gebaseerd_op_versie' {based} is geen planversie van deze casus.")
        numbers: set[str] = set()
        node.children["beschikkingen"] = []
        for i, decision in enumerate(self._list(data, "beschikkingen", where), 1):
            dnode = self._decision(decision, f"{where}, beschikking {i}", law, versions, numbers, scope)
            if dnode is not None:
                node.children["beschikkingen"].append(dnode)
        for dnode in node.children["beschikkingen"]:
            replaces = dnode.refs["replaces"]
            if replaces is not None and replaces not in numbers:
                self.problems.add(dnode.where, f"'vervangt' {replaces} is geen beschikking van deze casus.")
        scope.decisions.update(numbers)
        node.children["evaluaties"] = [n for i, e in enumerate(self._list(data, "evaluaties", where), 1)
                                       if (n := self._evaluation(e, f"{where}, evaluatie {i}", numbers, scope))]
        node.children["journaal"] = self._journal(data, where)
        node.children["documenten"] = [n for i, d in enumerate(self._list(data, "documenten", where), 1)
                                       if (n := self._document(d, f"{where}, document {i}"))]
        return node

    def _plan(self, data: Any, where: str, versions: set[int], scope: _Scope) -> _Node | None:
        values = F.read(data, F.PLAN, where, self.problems)
        if values is None:
            return None
        version = values["version_no"]
        if version is not None:
            if version < 1 or version in versions:
                self.problems.add(where, f"planversie {version} komt twee keer voor of is kleiner dan 1.")
            versions.add(version)
        if values["status"] is PlanStatus.AKKOORD and values["agreed_date"] is None:
            self.problems.add(where, "een plan met status 'akkoord' heeft een 'akkoord_datum' nodig.")
        based = data.get("gebaseerd_op_versie")
        if based is not None and not isinstance(based, int):
            self.problems.add(where, "'gebaseerd_op_versie' hoort een versienummer te zijn.")
            based = None
        node = _Node(values, where, refs={"based_on": based})
        node.children["domeinen"] = []
        seen_domains: set[Any] = set()
        for i, domain in enumerate(self._list(data, "domeinen", where), 1):
            dw = f"{where}, domein {i}"
            dv = F.read(domain, F.DOMAIN, dw, self.problems)
            if dv is None:
                continue
            if dv["domain"] in seen_domains:
                self.problems.add(dw, f"het domein '{dv['domain']}' staat twee keer in dit plan.")
            seen_domains.add(dv["domain"])
            if dv["score"] is not None and not 1 <= dv["score"] <= 5:
                self.problems.add(dw, "een score ligt tussen 1 en 5.")
            if dv["relevant"] is False and any(dv[k] is not None for k in (
                    "score", "situation", "needs", "resources", "motivation", "readiness")):
                self.problems.add(dw, "een domein dat niet relevant is, heeft geen score of tekst.")
            node.children["domeinen"].append(_Node(dv, dw, refs={"people": scope.people_of(domain, dw, self)}))
        node.children["doelen"] = []
        for i, goal in enumerate(self._list(data, "doelen", where), 1):
            gw = f"{where}, doel {i}"
            gv = F.read(goal, F.GOAL, gw, self.problems)
            if gv is None:
                continue
            gnode = _Node(gv, gw)
            gnode.children["resultaten"] = []
            for j, result in enumerate(self._list(goal, "resultaten", gw), 1):
                rw = f"{gw}, resultaat {j}"
                rv = F.read(result, F.RESULT, rw, self.problems)
                if rv is None:
                    continue
                key = self._key(result, "R", scope.results, rw)
                if rv["priority"] is not None and not 1 <= rv["priority"] <= 3:
                    self.problems.add(rw, "de prioriteit is 1, 2 of 3.")
                gnode.children["resultaten"].append(
                    _Node(rv, rw, refs={"key": key, "people": scope.people_of(result, rw, self)}))
            node.children["doelen"].append(gnode)
        return node

    def _decision(self, data: Any, where: str, law: Any, versions: set[int], numbers: set[str],
                  scope: _Scope) -> _Node | None:
        number = data.get("toewijzingnummer") if isinstance(data, dict) else None
        if isinstance(number, str) and number:
            where = f"{where} ({number})"
        values = F.read(data, F.DECISION, where, self.problems)
        if values is None:
            return None
        number = values["toewijzing_nummer"]
        if number is not None:
            if law is not None:
                self._number_free(law, number, where)
            numbers.add(number)
        refs: dict[str, Any] = {"replaces": data.get("vervangt"), "plan": data.get("planversie")}
        if refs["plan"] is not None and refs["plan"] not in versions:
            self.problems.add(where, f"'planversie' {refs['plan']} is geen plan van deze casus.")
        refs["product"] = self._product(data.get("product"), law, where)
        refs["aanbieder"] = self._aanbieder(data.get("aanbieder"), where)
        refs["results"] = []
        for key in self._list(data, "resultaten", where):
            if key not in scope.results:
                self.problems.add(where, f"het resultaat {key!r} staat niet in een plan van deze inwoner.")
            else:
                refs["results"].append(key)
        self._decision_rules(values, where)
        node = _Node(values, where, refs=refs)
        node.children["perioden"] = [_Node(v, f"{where}, periode {i}") for i, p in
                                     enumerate(self._list(data, "perioden", where), 1)
                                     if (v := F.read(p, F.PERIOD, f"{where}, periode {i}", self.problems))]
        node.children["uren"] = [_Node(v, f"{where}, uren regel {i}") for i, h in
                                 enumerate(self._list(data, "uren", where), 1)
                                 if (v := F.read(h, F.HOURS, f"{where}, uren regel {i}", self.problems))]
        if None not in (values["start_date"], values["end_date"], values["status"], values["kind"]):
            self._periods_within(node)
            self._hours_within(node)
        self._within_total(node, where)
        return node

    def _decision_rules(self, v: dict[str, Any], where: str) -> None:
        """What the database's checks on a decision say, in words, before anything is stored."""
        add = self.problems.add
        if v["start_date"] and v["end_date"] and v["end_date"] < v["start_date"]:
            add(where, "de einddatum ligt vóór de ingangsdatum.")
        if v["start_date"] and v["ended_date"] and v["ended_date"] < v["start_date"]:
            add(where, "'beeindigd_op' ligt vóór de ingangsdatum.")
        for key, attr in (("periode_weken", "period_weeks"), ("aantal_perioden", "period_count")):
            if v[attr] is not None and v[attr] < 1:
                add(where, f"'{key}' is 1 of meer.")
        for key, attr in (("geindiceerde_minuten", "indicated_minutes"), ("extra_minuten", "surplus_minutes"),
                          ("minuten_per_periode", "minutes_per_period"), ("tarief_centen_per_uur", "tariff_cents"),
                          ("vast_bedrag_centen", "fixed_amount_cents"),
                          ("bandbreedte_min_minuten_per_week", "bandwidth_min_minutes")):
            if v[attr] is not None and v[attr] < 0:
                add(where, f"'{key}' kan niet negatief zijn.")
        low, high = v["bandwidth_min_minutes"], v["bandwidth_max_minutes"]
        if low is not None and high is not None and low > high:
            add(where, "de bandbreedte loopt van laag naar hoog: het minimum is groter dan het maximum.")
        status = v["status"]
        if status in _ESTABLISHED and v["established_date"] is None:
            add(where, f"een beschikking met status '{status.value}' heeft een datum 'vastgesteld_op'.")
        if v["ended_date"] is not None and status not in _ENDED:
            add(where, f"'beeindigd_op' hoort alleen bij een beëindigde of vervangen beschikking, niet bij status "
                       f"'{status.value if status else '?'}'.")

    def _periods_within(self, node: _Node) -> None:
        v, numbers = node.values, set()
        for period in node.children["perioden"]:
            p = period.values
            if p["number"] is not None:
                if p["number"] < 1 or p["number"] in numbers:
                    self.problems.add(period.where, f"periode {p['number']} komt twee keer voor of is kleiner dan 1.")
                numbers.add(p["number"])
            if p["start_date"] and p["end_date"]:
                if p["end_date"] < p["start_date"]:
                    self.problems.add(period.where, "de periode eindigt vóór ze begint.")
                elif p["start_date"] < v["start_date"] or p["end_date"] > v["end_date"]:
                    self.problems.add(period.where, "de periode valt buiten de looptijd van de beschikking.")
            if p["share_minutes"] is not None and p["share_minutes"] < 0:
                self.problems.add(period.where, "'aandeel_minuten' kan niet negatief zijn.")

    def _hours_within(self, node: _Node) -> None:
        """The ledger's own rules for a booking (desktop/core/decisions/ledger.py)."""
        v = node.values
        if node.children["uren"] and (v["kind"] is DecisionKind.AFWIJZING or v["status"] not in REPORTED):
            self.problems.add(node.where, f"op een beschikking met status '{v['status'].value}' (soort "
                                          f"'{v['kind'].value}') staan geen uren.")
        last = min(v["end_date"], v["ended_date"] or v["end_date"])
        for line in node.children["uren"]:
            day, since = line.values["service_date"], line.values["covers_from"]
            if day is None:
                continue
            if not (v["start_date"] <= (since or day) and day <= last):
                self.problems.add(line.where, f"de datum {format_date(day)} valt buiten de beschikking "
                                              f"({format_date(v['start_date'])} tot en met {format_date(last)}).")
            elif since is not None and since > day:
                self.problems.add(line.where, "'vanaf' ligt na de datum.")
            if day > clock.today():
                self.problems.add(line.where, f"de datum {format_date(day)} ligt in de toekomst.")

    def _within_total(self, node: _Node, where: str) -> None:
        """The rule Koers never bends: what is realised stays within what was decided (plus the surplus)."""
        v = node.values
        if v["indicated_minutes"] is None or v["surplus_minutes"] is None:
            return
        counts = v["no_show_counts"] is not False
        used = 0
        for line in node.children["uren"]:
            minutes = line.values["minutes"]
            if minutes is None:
                continue
            if minutes <= 0:
                self.problems.add(line.where, "het aantal minuten is groter dan 0.")
            if not line.values["no_show"] or counts:
                used += minutes
        ceiling = v["indicated_minutes"] + v["surplus_minutes"]
        if used > ceiling:
            self.problems.add(where, f"de gerealiseerde uren ({format_hours(minutes_to_hours(used))}) gaan boven het totaal "
                                     f"van de beschikking ({format_hours(minutes_to_hours(ceiling))}). Koers neemt nooit meer "
                                     "uren op dan er zijn toegekend; corrigeer de uren in het bronsysteem.")

    def _person_rules(self, v: dict[str, Any], where: str) -> None:
        if v["postcode"] is not None:
            try:
                v["postcode"] = parse_postcode(v["postcode"])
            except ValidationError as exc:
                self.problems.add(where, exc.message)
        if v["house_number"] is not None and v["house_number"] < 1:
            self.problems.add(where, "een huisnummer is 1 of meer.")
        if v["valid_from"] and v["valid_to"] and v["valid_to"] < v["valid_from"]:
            self.problems.add(where, "'geldig_tot' ligt vóór 'geldig_van'.")

    def _casus_rules(self, v: dict[str, Any], where: str) -> None:
        melding = v["melding_date"]
        for key, attr in (("aanvraag_datum", "aanvraag_date"), ("afgesloten_datum", "closed_date"),
                          ("eigen_plan_datum", "personal_plan_date")):
            if melding and v[attr] and v[attr] < melding:
                self.problems.add(where, f"'{key}' ligt vóór de melding.")
        if v["came_in_via"] in _JEUGDWET_REFERRERS and v["law"] is not Law.JEUGDWET:
            self.problems.add(where, f"binnengekomen via '{v['came_in_via'].value}' kan alleen onder de Jeugdwet.")
        if v["outcome"] is not None and v["outcome_date"] is None:
            self.problems.add(where, "een 'uitkomst' heeft een 'uitkomst_datum'.")

    def _number_free(self, law: Any, number: str, where: str) -> None:
        if (law, number) in self.numbers:
            self.problems.add(where, f"toewijzingnummer {number} staat ook bij {self.numbers[(law, number)]}.")
            return
        self.numbers[(law, number)] = where
        taken = self.s.exec(select(Beschikking.id).where(Beschikking.law == law,
                                                         Beschikking.toewijzing_nummer == number)).first()
        if taken is not None:
            self.problems.add(where, f"toewijzingnummer {number} is in Koers al in gebruik bij een andere "
                                     "beschikking.")

    def _product(self, code: Any, law: Any, where: str) -> int | None:
        if code is None:
            return None
        if not isinstance(code, str) or law is None:
            self.problems.add(where, "'product' hoort een productcode te zijn, bijvoorbeeld 02A08.")
            return None
        if (law, code) not in self.products:
            self.products[(law, code)] = self.s.exec(select(Product.id).where(Product.law == law,
                                                                              Product.code == code)).first()
        found = self.products[(law, code)]
        if found is None:
            self.problems.add(where, f"het product {code} ({law.value}) staat niet in de catalogus van Koers. Voeg "
                                     "het toe onder Beheer > Catalogus, of gebruik de code van het product hier.")
        return found

    def _aanbieder(self, data: Any, where: str) -> int | None:
        if data is None:
            return None
        if not isinstance(data, dict) or not (data.get("agb") or data.get("naam")):
            self.problems.add(where, "'aanbieder' hoort een object te zijn met 'agb' (AGB-code) en/of 'naam'.")
            return None
        key = (data.get("agb"), data.get("naam"))
        if key not in self.aanbieders:
            query = select(Aanbieder.id).where(Aanbieder.agb_code == key[0]) if key[0] else \
                select(Aanbieder.id).where(Aanbieder.name == key[1])
            self.aanbieders[key] = self.s.exec(query).first()
        found = self.aanbieders[key]
        if found is None:
            self.problems.add(where, f"de aanbieder {key[1] or ''} (AGB {key[0] or 'onbekend'}) staat niet in de "
                                     "catalogus van Koers. Voeg de aanbieder eerst toe onder Beheer > Catalogus.")
        return found

    def _evaluation(self, data: Any, where: str, numbers: set[str], scope: _Scope) -> _Node | None:
        values = F.read(data, F.EVALUATION, where, self.problems)
        if values is None:
            return None
        if values["next_date"] and values["planned_date"] and values["next_date"] <= values["planned_date"]:
            self.problems.add(where, "'volgende' ligt na de geplande datum.")
        if (values["done_date"] is None) != (values["outcome"] is None):
            self.problems.add(where, "een gedane evaluatie heeft een datum 'gedaan' én een 'uitkomst'; een open "
                                     "evaluatie geen van beide.")
        decision = data.get("beschikking")
        if decision is not None and decision not in numbers:
            self.problems.add(where, f"'beschikking' {decision} is geen beschikking van deze casus.")
        node = _Node(values, where, refs={"decision": decision})
        node.children["resultaten"] = []
        for i, row in enumerate(self._list(data, "resultaten", where), 1):
            rw = f"{where}, resultaat {i}"
            rv = F.read(row, F.EVALUATION_RESULT, rw, self.problems)
            if rv is None:
                continue
            if row.get("resultaat") not in scope.results:
                self.problems.add(rw, f"het resultaat {row.get('resultaat')!r} staat niet in een plan van deze "
                                      "inwoner.")
                continue
            node.children["resultaten"].append(_Node(rv, rw, refs={"result": row["resultaat"]}))
        node.children["domeinscores"] = []
        for i, row in enumerate(self._list(data, "domeinscores", where), 1):
            sv = F.read(row, F.DOMAIN_SCORE, f"{where}, domeinscore {i}", self.problems)
            if sv is not None:
                if sv["score"] is not None and not 1 <= sv["score"] <= 5:
                    self.problems.add(f"{where}, domeinscore {i}", "een score ligt tussen 1 en 5.")
                node.children["domeinscores"].append(_Node(sv, where))
        return node

    def _journal(self, data: dict[str, Any], where: str) -> list[_Node]:
        keys: set[str] = set()
        corrected: set[str] = set()
        nodes = []
        for i, entry in enumerate(self._list(data, "journaal", where), 1):
            jw = f"{where}, journaal {i}"
            jv = F.read(entry, F.JOURNAL, jw, self.problems)
            if jv is None:
                continue
            corrects = entry.get("corrigeert")
            if corrects is not None and corrects not in keys:
                self.problems.add(jw, f"'corrigeert' {corrects!r} is geen eerder contact in dit journaal.")
            elif corrects is not None and corrects in corrected:
                self.problems.add(jw, f"{corrects} is al gecorrigeerd; een contact wordt één keer gecorrigeerd.")
            if corrects is not None:
                corrected.add(corrects)
            follow, done = jv["follow_up_date"], jv["follow_up_done_date"]
            if follow and jv["contact_date"] and follow < jv["contact_date"]:
                self.problems.add(jw, "de 'vervolgdatum' ligt vóór het contact.")
            if done and follow is None:
                self.problems.add(jw, "'vervolg_gedaan_op' zonder 'vervolgdatum'.")
            if (corrects is None) != (jv["correction_reason"] is None):
                self.problems.add(jw, "een correctie noemt het contact dat ze corrigeert én een 'correctiereden'.")
            key = self._key(entry, "J", keys, jw)
            nodes.append(_Node(jv, jw, refs={"key": key, "corrects": corrects}))
        return nodes

    def _document(self, data: Any, where: str) -> _Node | None:
        values = F.read(data, F.DOCUMENT, where, self.problems)
        if values is None:
            return None
        node = _Node(values, where)
        if values["size_bytes"] is not None and values["size_bytes"] <= 0:
            self.problems.add(where, "'grootte_bytes' is groter dan 0.")
        self._sha(values["sha256"], where)
        if values["removed_at"] is not None:
            if values["removal_reason"] is None:
                self.problems.add(where, "een verwijderd document heeft een 'reden_verwijdering'.")
            return node
        node.blob = self._blob(data, "inhoud_base64", values["sha256"], where)
        if node.blob is not None and len(node.blob) != values["size_bytes"]:
            self.problems.add(where, "'grootte_bytes' klopt niet met de inhoud.")
        return node

    def _letter(self, data: Any, where: str, case_keys: set[str], scope: _Scope) -> _Node | None:
        kenmerk = data.get("kenmerk") if isinstance(data, dict) else None
        if isinstance(kenmerk, str) and kenmerk:
            where = f"{where} ({kenmerk})"
        values = F.read(data, F.LETTER, where, self.problems)
        if values is None:
            return None
        kenmerk = values["kenmerk"]
        if kenmerk is not None:
            if kenmerk in self.kenmerken:
                self.problems.add(where, f"het kenmerk staat ook bij {self.kenmerken[kenmerk]}.")
            elif self.s.exec(select(Letter.id).where(Letter.kenmerk == kenmerk)).first() is not None:
                self.problems.add(where, "een brief met dit kenmerk staat al in het archief van Koers.")
            self.kenmerken[kenmerk] = where
        casus, decision = data.get("casus"), data.get("beschikking")
        if casus is not None and casus not in case_keys:
            self.problems.add(where, f"'casus' {casus!r} is geen casus van deze inwoner.")
        if decision is not None and decision not in scope.decisions:
            self.problems.add(where, f"'beschikking' {decision!r} is geen beschikking van deze inwoner.")
        kind = values["kind"]
        if kind is not None and kind not in _LETTERS_WITHOUT_DECISION and decision is None:
            self.problems.add(where, f"een brief van soort '{kind.value}' noemt zijn 'beschikking'.")
        if kind in _CASE_LETTERS and casus is None:
            self.problems.add(where, f"een brief van soort '{kind.value}' noemt zijn 'casus'.")
        self._sha(values["sha256"], where)
        node = _Node(values, where, refs={"casus": casus, "decision": decision})
        node.blob = self._blob(data, "pdf_base64", values["sha256"], where)
        return node

    def _sha(self, sha256: str | None, where: str) -> None:
        if sha256 is not None and (len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256)):
            self.problems.add(where, "'sha256' bestaat uit 64 tekens 0-9 en a-f.")

    def _blob(self, data: dict[str, Any], key: str, sha256: str | None, where: str) -> bytes | None:
        import hashlib

        blob = F.unb64(data.get(key))
        if blob is None:
            self.problems.add(where, f"'{key}' ontbreekt of is geen base64.")
            return None
        if sha256 is not None and hashlib.sha256(blob).hexdigest() != sha256:
            self.problems.add(where, "de inhoud klopt niet met de 'sha256': het bestand is beschadigd of bewerkt.")
        return blob


class _Scope:
    """What records of one resident may refer to: its people, its plans' results and its decisions."""

    def __init__(self, people: set[str]) -> None:
        self.people = people
        self.results: set[str] = set()
        self.decisions: set[str] = set()

    def people_of(self, data: dict[str, Any], where: str, reader: _Reader) -> list[str]:
        keys = reader._list(data, "personen", where)
        for key in keys:
            if key not in self.people:
                reader.problems.add(where, f"de persoon {key!r} staat niet bij 'personen' van deze inwoner.")
        return [k for k in keys if k in self.people]


# ---------------------------------------------------------------- storing


class _Writer:
    """Stores one checked resident; ids stay inside Koers, the file's keys are resolved here."""

    def __init__(self, s: Session, node: _Node, summary: ImportSummary) -> None:
        self.s, self.node, self.summary = s, node, summary
        self.now = clock.now()
        self.people: dict[str, int] = {}
        self.results: dict[str, int] = {}
        self.decisions: dict[str, int] = {}
        self.cases: dict[str, int] = {}

    def _add(self, obj: Any) -> Any:
        self.s.add(obj)
        self.s.flush()
        return obj

    def write(self) -> None:
        values = dict(self.node.values)
        wanted = values.pop("client_number")
        number = wanted if wanted and CLIENT_NUMBER.match(wanted) and self._free(wanted) \
            else next_client_number(self.s)
        if wanted and wanted != number:
            self.summary.renumbered[wanted] = number
        keys: dict[str, Any] = dict(resident_search_keys(values["surname"], values["first_name"], values["street"]))
        resident = self._add(Resident(client_number=number, **values, **keys))
        self.summary.last_id = resident.id
        self.summary.client_numbers.append(number)
        for person in self.node.children["personen"]:
            self.people[person.refs["key"]] = self._add(RelatedPerson(resident_id=resident.id,
                                                                      **person.values)).id
        for corr in self.node.children["correcties"]:
            self.s.add(Correction(resident_id=resident.id, **corr.values))
        for casus in self.node.children["casussen"]:
            self._casus(resident.id, casus)
        for letter in self.node.children["brieven"]:
            self.s.add(Letter(resident_id=resident.id, pdf=cast(bytes, letter.blob), **letter.values,
                              casus_id=self.cases.get(letter.refs["casus"]) if letter.refs["casus"] else None,
                              beschikking_id=self.decisions.get(letter.refs["decision"])
                              if letter.refs["decision"] else None))
            self.summary.letters += 1

    def _free(self, number: str) -> bool:
        return self.s.exec(select(Resident.id).where(Resident.client_number == number)).first() is None

    def _casus(self, resident_id: int, node: _Node) -> None:
        casus = self._add(Casus(resident_id=resident_id, **node.values))
        self.cases[node.refs["key"]] = casus.id
        plans: dict[int, Plan] = {}
        for pnode in node.children["plannen"]:
            plans[pnode.values["version_no"]] = self._plan(casus.id, pnode)
        for pnode in node.children["plannen"]:
            if pnode.refs["based_on"] is not None:
                plans[pnode.values["version_no"]].based_on_id = plans[pnode.refs["based_on"]].id
        made: dict[str, Beschikking] = {}
        for dnode in node.children["beschikkingen"]:
            made[dnode.values["toewijzing_nummer"]] = self._decision(casus, dnode, plans)
        for dnode in node.children["beschikkingen"]:
            if dnode.refs["replaces"] is not None:
                made[dnode.values["toewijzing_nummer"]].replaces_id = made[dnode.refs["replaces"]].id
        for enode in node.children["evaluaties"]:
            evaluation = self._add(Evaluation(casus_id=casus.id, **enode.values,
                                              beschikking_id=self.decisions.get(enode.refs["decision"])
                                              if enode.refs["decision"] else None))
            for rnode in enode.children["resultaten"]:
                self.s.add(EvaluationResult(evaluation_id=evaluation.id, result_id=self.results[rnode.refs["result"]],
                                            **rnode.values))
            for snode in enode.children["domeinscores"]:
                self.s.add(EvaluationDomainScore(evaluation_id=evaluation.id, **snode.values))
        journal: dict[str, int] = {}
        for jnode in node.children["journaal"]:
            corrects = journal.get(jnode.refs["corrects"]) if jnode.refs["corrects"] else None
            journal[jnode.refs["key"]] = self._add(JournalEntry(casus_id=casus.id, corrects_id=corrects,
                                                                **jnode.values)).id
        for dnode in node.children["documenten"]:
            document = self._add(CaseDocument(casus_id=casus.id, **dnode.values))
            if dnode.blob is not None:
                self.s.add(DocumentContent(document_id=document.id, data=dnode.blob))

    def _plan(self, casus_id: int, node: _Node) -> Plan:
        plan: Plan = self._add(Plan(casus_id=casus_id, **node.values))
        assert plan.id is not None  # flushed
        for dnode in node.children["domeinen"]:
            domain = self._add(DomainAssessment(plan_id=plan.id, **dnode.values))
            for key in dnode.refs["people"]:
                self.s.add(DomainPerson(domain_assessment_id=domain.id, person_id=self.people[key]))
        for position, gnode in enumerate(node.children["doelen"]):
            goal = self._add(Goal(plan_id=plan.id, position=position, **gnode.values))
            for rpos, rnode in enumerate(gnode.children["resultaten"]):
                result = self._add(Result(goal_id=goal.id, position=rpos, **rnode.values))
                self.results[rnode.refs["key"]] = result.id
                for key in rnode.refs["people"]:
                    self.s.add(ResultPerson(result_id=result.id, person_id=self.people[key]))
        return plan

    def _decision(self, casus: Casus, node: _Node, plans: dict[int, Plan]) -> Beschikking:
        refs = node.refs
        assert casus.id is not None  # flushed by _casus
        decision: Beschikking = self._add(Beschikking(
            casus_id=casus.id, law=casus.law, product_id=refs["product"], aanbieder_id=refs["aanbieder"],
            plan_id=plans[refs["plan"]].id if refs["plan"] is not None else None, imported_at=self.now,
            **node.values))
        assert decision.id is not None  # flushed
        self.decisions[decision.toewijzing_nummer] = decision.id
        for key in refs["results"]:
            self.s.add(BeschikkingResult(beschikking_id=decision.id, result_id=self.results[key]))
        for pnode in node.children["perioden"]:
            self.s.add(Period(beschikking_id=decision.id, **pnode.values))
        for hnode in node.children["uren"]:
            self.s.add(Realisation(beschikking_id=decision.id, **hnode.values))
        self.summary.decisions += 1
        self.summary.hour_lines += len(node.children["uren"])
        self.s.flush()
        return decision

