"""The ondersteuningsplan after the Esbjerg model: the resident's question in their own words, life
domains (only the relevant ones filled), goals with results, and versions that freeze once agreed.

A draft is saved whole (one transaction; its domains, goals and results are replaced), guarded by
the plan's version number so a colleague's save is never overwritten. An agreed version is what a
decision refers to; changing it means a new draft version based on it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, ParamSpec, TypeVar

from sqlalchemy import func
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, col, select

from db import clock
from db.engine import Database
from db.models import Casus, DomainAssessment, Goal, Plan, Resident, Result
from db.models.base import stored_id
from db.models.enums import CaseStatus, LifeDomain, PlanStatus
from desktop.core import labels
from desktop.core.access import audit
from desktop.core.access.actor import Actor
from desktop.core.access.caseload import check_access, refusals_logged
from desktop.core.access.permissions import Action
from desktop.core.errors import ConflictError, KoersError, NotFoundError, ValidationError
from desktop.core.nl import format_date
from desktop.core.residents import network
from desktop.core.residents.casefile import GoalView, PlanView
from desktop.core.residents.names import full_name
from desktop.core.residents.register import casus_and_resident
from desktop.core.text import clean_text

TEXT_MAX = 10_000  # a long conversation fits; a pasted document does not
SHORT_MAX = 2_000
CONTRIBUTORS = ("inwoner", "netwerk", "voorliggend", "aanbieder", "gemeente")
DOMAIN_TEXTS = ("situation", "needs", "resources", "motivation", "readiness")
DOMAIN_TEXT_LABELS = {"situation": "de huidige situatie", "needs": "wat de inwoner nodig heeft",
                      "resources": "eigen kracht, netwerk en voorliggend veld", "motivation": "de motivatie",
                      "readiness": "de bereidheid tot verandering"}

Row = dict[str, Any]  # column values for a model, as validate() cleans them
_P = ParamSpec("_P")
_T = TypeVar("_T")


@dataclass
class ResultInput:
    description: str = ""
    indicator: str = ""
    target_date: date | None = None
    contributors: list[str] = field(default_factory=list)
    priority: int = 2
    people: list[int] = field(default_factory=list)  # related_person ids: who of the network helps


@dataclass
class GoalInput:
    description: str = ""
    domain: LifeDomain | None = None
    results: list[ResultInput] = field(default_factory=list)


@dataclass
class DomainInput:
    domain: LifeDomain
    relevant: bool = True
    score: int | None = None
    situation: str = ""
    needs: str = ""
    resources: str = ""
    motivation: str = ""
    readiness: str = ""
    people: list[int] = field(default_factory=list)  # related_person ids named under eigen kracht, netwerk


@dataclass
class PlanInput:
    question: str = ""
    what_matters: str = ""
    circumstances: str = ""
    domains: list[DomainInput] = field(default_factory=list)  # only the domains that were looked at
    goals: list[GoalInput] = field(default_factory=list)


@dataclass(frozen=True)
class VersionInfo:
    id: int
    version_no: int
    status: PlanStatus
    agreed_date: date | None

    @property
    def label(self) -> str:
        if self.agreed_date:
            return f"Versie {self.version_no} (akkoord {format_date(self.agreed_date)})"
        return f"Versie {self.version_no} ({labels.PLAN_STATUS[self.status].lower()})"


@dataclass(frozen=True)
class PlanDocument:
    """A plan version with everything in it, plus who it is for: what screens and the PDF show."""

    view: PlanView
    casus: Casus
    resident_name: str
    client_number: str
    versions: list[VersionInfo]

    @property
    def plan(self) -> Plan:
        return self.view.plan

    @property
    def editable(self) -> bool:
        return self.plan.status is PlanStatus.CONCEPT

    def to_input(self) -> PlanInput:
        p = self.view.plan
        return PlanInput(
            question=p.question or "", what_matters=p.what_matters or "", circumstances=p.circumstances or "",
            domains=[DomainInput(d.domain, d.relevant, d.score, **{t: getattr(d, t) or "" for t in DOMAIN_TEXTS},
                                 people=list(self.view.domain_people.get(d.domain, ())))
                     for d in self.view.domains],
            goals=[GoalInput(g.goal.description, g.goal.domain, [
                ResultInput(r.description, r.indicator or "", r.target_date,
                            [c for c in (r.contributors or "").split(",") if c], r.priority,
                            list(self.view.result_people.get(stored_id(r.id), ()))) for r in g.results])
                for g in self.view.goals])


def _versions(s: Session, casus_id: int) -> list[VersionInfo]:
    rows = s.exec(select(Plan).where(Plan.casus_id == casus_id).order_by(col(Plan.version_no))).all()
    return [VersionInfo(stored_id(p.id), p.version_no, p.status, p.agreed_date) for p in rows]


def document_of(s: Session, plan: Plan, casus: Casus, resident: Resident) -> PlanDocument:
    """A plan version as a document, in the caller's session and without an access check: for callers that
    made their own (open_plan, the letter pipeline)."""
    domains = s.exec(select(DomainAssessment).where(DomainAssessment.plan_id == plan.id)).all()
    order = list(LifeDomain)
    goals = s.exec(select(Goal).where(Goal.plan_id == plan.id)
                   .order_by(col(Goal.position), col(Goal.id))).all()
    results = s.exec(select(Result).where(col(Result.goal_id).in_([g.id for g in goals]))
                     .order_by(col(Result.position), col(Result.id))).all() if goals else []
    domain_people, result_people = network.links(s, [stored_id(plan.id)])
    view = PlanView(plan, sorted(domains, key=lambda d: order.index(d.domain)),
                    [GoalView(g, [r for r in results if r.goal_id == g.id]) for g in goals],
                    domain_people.get(stored_id(plan.id), {}), result_people,
                    network.names_of(s, stored_id(resident.id)))
    return PlanDocument(view, casus, full_name(resident), resident.client_number, _versions(s, stored_id(casus.id)))


def open_plan(db: Database, actor: Actor, casus_id: int, *, version_no: int | None = None,
              reason: str | None = None) -> PlanDocument | None:
    """The newest version (or `version_no`) of the case's plan; None when the case has no plan yet."""
    audit.require(db, actor, Action.PLAN_VIEW)
    with refusals_logged(db, actor), db.write() as s:
        casus, resident = casus_and_resident(s, casus_id)
        why = check_access(s, actor, resident, reason, Action.PLAN_VIEW)
        stmt = select(Plan).where(Plan.casus_id == casus_id)
        stmt = stmt.where(Plan.version_no == version_no) if version_no else \
            stmt.order_by(col(Plan.version_no).desc())
        plan = s.exec(stmt).first()
        if plan is None:
            if version_no:
                raise NotFoundError(f"Versie {version_no} van dit plan bestaat niet.")
            return None
        audit.record(s, actor, "plan.inzien", resident_id=resident.id, client_number=resident.client_number,
                     record_type="plan", record_id=plan.id, reason=why)
        return document_of(s, plan, casus, resident)


def _multiline(value: str, label: str, max_length: int = TEXT_MAX) -> str | None:
    return clean_text(value, label, max_length=max_length, multiline=True)


def validate(data: PlanInput, melding_date: date
             ) -> tuple[Row, list[Row], list[tuple[Row, list[Row]]], list[str]]:
    """Cleans everything; raises one ValidationError listing every problem, numbered as the screen shows them."""
    problems: list[str] = []

    def take(fn: Callable[_P, _T], *args: _P.args, **kwargs: _P.kwargs) -> _T | None:
        try:
            return fn(*args, **kwargs)
        except ValidationError as exc:
            problems.append(exc.message)
            return None

    texts = {name: take(_multiline, getattr(data, name), label) for name, label in (
        ("question", "de vraag van de inwoner"), ("what_matters", "wat belangrijk is"),
        ("circumstances", "de omstandigheden"))}
    domains: list[Row] = []
    seen: set[LifeDomain] = set()
    for d in data.domains:
        name = labels.LIFE_DOMAIN.get(d.domain, str(d.domain))
        if d.domain in seen:
            problems.append(f"Het leefgebied {name} staat er twee keer in.")
            continue
        seen.add(d.domain)
        if not d.relevant:  # 'niet relevant' stores nothing else (data minimisation)
            domains.append({"domain": d.domain, "relevant": False})
            continue
        if d.score is not None and d.score not in (1, 2, 3, 4, 5):
            problems.append(f"{name}: kies een score van 1 tot 5.")
        row: Row = {"domain": d.domain, "relevant": True, "score": d.score}
        for t in DOMAIN_TEXTS:
            row[t] = take(_multiline, getattr(d, t), f"{DOMAIN_TEXT_LABELS[t]} bij {name}", SHORT_MAX)
        domains.append(row)
    goals: list[tuple[Row, list[Row]]] = []
    for gi, g in enumerate(data.goals, start=1):
        description = take(_multiline, g.description, f"doel {gi}", SHORT_MAX)
        if not description:
            problems.append(f"Doel {gi} heeft nog geen omschrijving. Vul het in of verwijder het doel.")
        results: list[Row] = []
        for ri, r in enumerate(g.results, start=1):
            where = f"resultaat {gi}.{ri}"
            text = take(_multiline, r.description, where, SHORT_MAX)
            if not text:
                problems.append(f"Resultaat {gi}.{ri} heeft nog geen tekst: wat is er anders als het is bereikt? "
                                "Vul het in of verwijder het resultaat.")
            if r.target_date is not None and r.target_date < melding_date:
                problems.append(f"De streefdatum van resultaat {gi}.{ri} ({format_date(r.target_date)}) ligt vóór de "
                                f"melding ({format_date(melding_date)}). Kies een latere datum.")
            unknown = [c for c in r.contributors if c not in CONTRIBUTORS]
            if unknown:
                problems.append(f"Resultaat {gi}.{ri}: onbekende bijdrager {', '.join(unknown)}.")
            if r.priority not in (1, 2, 3):
                problems.append(f"Resultaat {gi}.{ri}: kies prioriteit 1, 2 of 3.")
            results.append({"description": text, "indicator": take(_multiline, r.indicator, f"de indicator van {where}",
                                                                     SHORT_MAX),
                            "target_date": r.target_date, "priority": r.priority,
                            "contributors": ",".join(c for c in CONTRIBUTORS if c in r.contributors) or None})
        goals.append(({"description": description, "domain": g.domain}, results))
    if problems:
        raise ValidationError("Het plan is niet opgeslagen. Herstel eerst:", problems=problems)
    return texts, domains, goals, warnings(data)


def warnings(data: PlanInput) -> list[str]:
    """Gentle checks: they warn, they do not block (not every result can be SMART)."""
    found = []
    for gi, g in enumerate(data.goals, start=1):
        if not g.results:
            found.append(f"Doel {gi} heeft nog geen resultaat.")
        for ri, r in enumerate(g.results, start=1):
            missing = [what for what, ok in (("een streefdatum", r.target_date), ("een indicator", r.indicator.strip()))
                       if not ok]
            if missing:
                found.append(f"Resultaat {gi}.{ri} heeft nog geen {' en '.join(m.removeprefix('een ') for m in missing)}"
                             ": hoe en wanneer ziet u dat het bereikt is?")
    for d in data.domains:
        if d.relevant and d.score is None:
            found.append(f"{labels.LIFE_DOMAIN[d.domain]} is relevant maar heeft nog geen score.")
    return found


def _editable_plan(s: Session, db: Database, actor: Actor, plan_id: int, reason: str | None,
                   expected_version: int | None) -> tuple[Plan, Casus, Resident, str | None]:
    plan = s.get(Plan, plan_id)
    if plan is None:
        raise NotFoundError("Dit plan bestaat niet (meer).")
    casus, resident = casus_and_resident(s, plan.casus_id)
    why = check_access(s, actor, resident, reason, Action.PLAN_EDIT)
    if expected_version is not None and plan.version != expected_version:
        raise _conflict()  # first: someone who agreed it meanwhile also changed it, and the screen shows what
    if plan.status is not PlanStatus.CONCEPT:
        raise KoersError(f"Versie {plan.version_no} is akkoord met de inwoner en ligt vast. Maak een nieuwe versie "
                         "om iets te veranderen.")
    return plan, casus, resident, why


def _conflict() -> ConflictError:
    return ConflictError("Iemand anders heeft dit plan net opgeslagen. Uw tekst is niet opgeslagen maar staat nog "
                         "in het scherm: kopieer wat u wilt bewaren, open het plan opnieuw en voeg het toe.")


def start_draft(db: Database, actor: Actor, casus_id: int, *, reason: str | None = None) -> PlanDocument:
    """The draft to work on: the existing one, a first version, or a new version based on the agreed one."""
    audit.require(db, actor, Action.PLAN_EDIT)
    with refusals_logged(db, actor), db.write() as s:
        if not db.is_sqlite:  # two colleagues starting at once: the second waits, then finds the first one's draft
            s.exec(select(Casus.id).where(Casus.id == casus_id).with_for_update())
        casus, resident = casus_and_resident(s, casus_id)
        why = check_access(s, actor, resident, reason, Action.PLAN_EDIT)
        latest = s.exec(select(Plan).where(Plan.casus_id == casus_id)
                        .order_by(col(Plan.version_no).desc())).first()
        if latest is not None and latest.status is PlanStatus.CONCEPT:
            return document_of(s, latest, casus, resident)
        plan = Plan(casus_id=casus_id, version_no=(latest.version_no + 1) if latest else 1,
                    status=PlanStatus.CONCEPT, based_on_id=latest.id if latest else None)
        if latest is not None:
            plan.question, plan.what_matters, plan.circumstances = (latest.question, latest.what_matters,
                                                                     latest.circumstances)
        else:  # the first plan is where the research starts, from the question as the melding recorded it
            plan.question = casus.question
            if casus.status is CaseStatus.MELDING:
                casus.status = CaseStatus.ONDERZOEK
        s.add(plan)
        s.flush()
        if latest is not None:
            _copy_contents(s, latest, plan)
        audit.record(s, actor, "plan.nieuwe_versie", resident_id=resident.id, client_number=resident.client_number,
                     record_type="plan", record_id=plan.id, reason=why,
                     changes={"version_no": [latest.version_no if latest else None, plan.version_no]})
        s.refresh(plan)
        return document_of(s, plan, casus, resident)


def _copy_contents(s: Session, source: Plan, target: Plan) -> None:
    """The new draft starts as an exact copy of the agreed version (rows, not re-validated input, so data
    that a later rule would word differently still carries over)."""
    target_id = stored_id(target.id)  # flushed by start_draft
    domain_people, result_people = network.links(s, [stored_id(source.id)])
    for d in s.exec(select(DomainAssessment).where(DomainAssessment.plan_id == source.id)).all():
        copy = DomainAssessment(plan_id=target_id, **d.model_dump(exclude={"id", "plan_id"}))
        s.add(copy)
        s.flush()
        network.write_domain(s, stored_id(copy.id), domain_people.get(stored_id(source.id), {}).get(d.domain, ()))
    for g in s.exec(select(Goal).where(Goal.plan_id == source.id)).all():
        goal = Goal(plan_id=target_id, **g.model_dump(exclude={"id", "plan_id"}))
        s.add(goal)
        s.flush()
        for r in s.exec(select(Result).where(Result.goal_id == g.id)).all():
            result = Result(goal_id=stored_id(goal.id), **r.model_dump(exclude={"id", "goal_id"}))
            s.add(result)
            s.flush()
            network.write_result(s, stored_id(result.id), result_people.get(stored_id(r.id), ()))


def _write_contents(s: Session, plan: Plan, domains: list[Row], goals: list[tuple[Row, list[Row]]],
                    data: PlanInput) -> None:
    """`data` is the input validate() cleaned into `domains` and `goals`, in the same order: it carries the
    people each domain and result names."""
    plan_id = stored_id(plan.id)
    for old in s.exec(select(Goal).where(Goal.plan_id == plan.id)).all():
        s.delete(old)  # results go with their goal (ON DELETE CASCADE and ORM delete below)
    for old_domain in s.exec(select(DomainAssessment).where(DomainAssessment.plan_id == plan.id)).all():
        s.delete(old_domain)
    s.flush()
    for row, given in zip(domains, data.domains, strict=True):
        assessment = DomainAssessment(plan_id=plan_id, **row)
        s.add(assessment)
        if row["relevant"] and given.people:  # 'niet relevant' stores nothing else
            s.flush()
            network.write_domain(s, stored_id(assessment.id), given.people)
    for gpos, ((goal_row, results), given_goal) in enumerate(zip(goals, data.goals, strict=True)):
        goal = Goal(plan_id=plan_id, position=gpos, **goal_row)
        s.add(goal)
        s.flush()
        for rpos, (result_row, given_result) in enumerate(zip(results, given_goal.results, strict=True)):
            result = Result(goal_id=stored_id(goal.id), position=rpos, **result_row)
            s.add(result)
            if given_result.people:
                s.flush()
                network.write_result(s, stored_id(result.id), given_result.people)


def save_draft(db: Database, actor: Actor, plan_id: int, data: PlanInput, expected_version: int, *,
               reason: str | None = None) -> tuple[PlanDocument, list[str]]:
    """Stores the whole draft in one transaction; returns it with the gentle warnings."""
    audit.require(db, actor, Action.PLAN_EDIT)
    try:
        with refusals_logged(db, actor), db.write() as s:
            plan, casus, resident, why = _editable_plan(s, db, actor, plan_id, reason, expected_version)
            texts, domains, goals, found = validate(data, casus.melding_date)
            named = [i for d in data.domains if d.relevant for i in d.people] + \
                [i for g in data.goals for r in g.results for i in r.people]
            found += network.check_people(s, stored_id(resident.id), named, clock.today())
            before = document_of(s, plan, casus, resident).to_input()
            changes = audit.diff(plan, texts)
            if [(g.description, len(g.results)) for g in before.goals] != \
                    [(g["description"], len(r)) for g, r in goals]:
                changes["doelen"] = [len(before.goals), len(goals)]
                changes["resultaten"] = [sum(len(g.results) for g in before.goals), sum(len(r) for _, r in goals)]
            people_before = sorted({i for d in before.domains for i in d.people} |
                                   {i for g in before.goals for r in g.results for i in r.people})
            if people_before != sorted(set(named)):  # ids only: the log names no one
                changes["netwerk"] = [people_before, sorted(set(named))]
            for key, value in texts.items():
                setattr(plan, key, value)
            plan.updated_at = clock.now()  # bumps the version even when only goals changed
            _write_contents(s, plan, domains, goals, data)
            s.flush()
            audit.record(s, actor, "plan.opslaan", resident_id=resident.id, client_number=resident.client_number,
                         record_type="plan", record_id=plan.id, changes=changes or None, reason=why)
            s.refresh(plan)
            return document_of(s, plan, casus, resident), found
    except StaleDataError as exc:
        raise _conflict() from exc


def agree(db: Database, actor: Actor, plan_id: int, agreed_date: date, expected_version: int, *,
          reason: str | None = None) -> PlanDocument:
    """Records that the resident agreed to this version on `agreed_date`; from then on it is frozen."""
    audit.require(db, actor, Action.PLAN_EDIT)
    try:
        with refusals_logged(db, actor), db.write() as s:
            plan, casus, resident, why = _editable_plan(s, db, actor, plan_id, reason, expected_version)
            problems = []
            if agreed_date > clock.today():
                problems.append("De datum van akkoord ligt in de toekomst. Leg het akkoord vast op of na de dag "
                                "van het gesprek.")
            if agreed_date < casus.melding_date:
                problems.append("De datum van akkoord ligt vóór de melding. Controleer de datum.")
            goal_count = s.exec(select(func.count()).select_from(Goal).where(Goal.plan_id == plan.id)).one()
            empty_goals = s.exec(select(func.count()).select_from(Goal).where(
                Goal.plan_id == plan.id, ~col(Goal.id).in_(select(Result.goal_id)))).one()
            if not goal_count:
                problems.append("Het plan heeft nog geen doel. Een plan is pas akkoord met ten minste één doel "
                                "met een resultaat.")
            elif empty_goals:
                problems.append("Elk doel heeft ten minste één resultaat nodig voordat het plan akkoord is.")
            if not (plan.question or "").strip():
                problems.append("De vraag van de inwoner is nog leeg. Schrijf die op in de woorden van de inwoner.")
            if problems:
                raise ValidationError("Het akkoord is niet vastgelegd:", problems=problems)
            plan.status = PlanStatus.AKKOORD
            plan.agreed_date = agreed_date
            plan.agreed_by_id = actor.user_id
            plan.updated_at = clock.now()
            s.flush()
            audit.record(s, actor, "plan.akkoord", resident_id=resident.id, client_number=resident.client_number,
                         record_type="plan", record_id=plan.id, reason=why,
                         changes={"status": ["concept", "akkoord"], "agreed_date": [None, agreed_date.isoformat()]})
            s.refresh(plan)
            return document_of(s, plan, casus, resident)
    except StaleDataError as exc:
        raise _conflict() from exc


@dataclass(frozen=True)
class CompareRow:
    section: str
    label: str
    left: str
    right: str

    @property
    def changed(self) -> bool:
        return self.left != self.right


def _flatten(data: PlanInput, names: Callable[[Any], list[str]]) -> dict[tuple[str, str], str]:
    """A plan as typed, field by field in the order of the plan; `names` gives the network's names for ids."""
    rows: dict[tuple[str, str], str] = {
        ("Vraag", "Vraag van de inwoner"): data.question or "",
        ("Vraag", "Wat belangrijk is"): data.what_matters or "",
        ("Vraag", "Omstandigheden"): data.circumstances or "",
    }
    for d in data.domains:
        name = labels.LIFE_DOMAIN[d.domain]
        if not d.relevant:
            rows[("Leefgebieden", name)] = "niet relevant"
            continue
        rows[("Leefgebieden", f"{name}: score")] = f"{d.score} {labels.ZRM_SCORE[d.score]}" if d.score else ""
        for t in DOMAIN_TEXTS:
            rows[("Leefgebieden", f"{name}: {DOMAIN_TEXT_LABELS[t]}")] = getattr(d, t) or ""
        rows[("Leefgebieden", f"{name}: wie uit het netwerk")] = ", ".join(names(d.people))
    for gi, g in enumerate(data.goals, start=1):
        rows[("Doelen", f"Doel {gi}")] = g.description
        for ri, r in enumerate(g.results, start=1):
            rows[("Doelen", f"Resultaat {gi}.{ri}")] = r.description
            rows[("Doelen", f"Resultaat {gi}.{ri}: indicator")] = r.indicator or ""
            rows[("Doelen", f"Resultaat {gi}.{ri}: streefdatum")] = format_date(r.target_date)
            rows[("Doelen", f"Resultaat {gi}.{ri}: wie draagt bij")] = ", ".join(
                x for x in (labels.contributors(",".join(r.contributors)), ", ".join(names(r.people))) if x)
    return rows


def _side_by_side(a: dict[tuple[str, str], str], b: dict[tuple[str, str], str]) -> list[CompareRow]:
    keys = list(a) + [k for k in b if k not in a]
    section_order = ["Vraag", "Leefgebieden", "Doelen"]
    keys.sort(key=lambda k: section_order.index(k[0]))
    return [CompareRow(k[0], k[1], a.get(k, ""), b.get(k, "")) for k in keys if a.get(k) or b.get(k)]


def compare_with_input(stored: PlanDocument, typed: PlanInput) -> list[CompareRow]:
    """What is stored beside what someone typed over an older version: the conflict dialog's rows."""
    return _side_by_side(_flatten(stored.to_input(), stored.view.names), _flatten(typed, stored.view.names))


def as_text(stored: PlanDocument, typed: PlanInput) -> str:
    """What someone typed, as plain text to paste elsewhere (the conflict dialog's 'copy my text')."""
    lines = []
    for (section, label), value in _flatten(typed, stored.view.names).items():
        if value:
            lines.append(f"{section} – {label}:\n{value}\n")
    return "\n".join(lines)


def compare(left: PlanDocument, right: PlanDocument) -> list[CompareRow]:
    """Side by side, in the order of the plan; a row exists when either version has something there."""
    return _side_by_side(_flatten(left.to_input(), left.view.names), _flatten(right.to_input(), right.view.names))
