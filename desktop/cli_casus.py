"""`koers casus` and `koers beschikking`: the way from a melding to a decision on the shell, through the same
core as the screens. A plan is read from a JSON file (see `PLAN_EXAMPLE`); dates may be typed as people type
them (13-11-2026) or as JJJJ-MM-DD.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from desktop.cli_support import actor_for, emit, open_db

PLAN_EXAMPLE = {
    "vraag": "Ik red het huishouden niet meer sinds mijn heupoperatie.",
    "wat_belangrijk_is": "Zelfstandig blijven wonen.",
    "situatie": "",
    "doelen": [{"omschrijving": "Zelf het huishouden doen", "leefgebied": "instrumentele_adl",
                "resultaten": [{"omschrijving": "Binnen twee maanden doet mevrouw de was weer zelf.",
                                "indicator": "De was is elke week gedaan", "datum": "01-02-2027",
                                "wie": ["inwoner"], "volgorde": 1}]}],
}
SOURCES = ("inwoner", "naaste", "verwijzing", "huisarts", "medisch_specialist", "jeugdarts")
OUTCOMES = ("ingetrokken", "eigen_kracht", "netwerk", "algemene_voorziening")


def add_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    cas = sub.add_parser("casus", parents=[common], help="meldingen, het onderzoek, de aanvraag en de uitkomst")
    csub = cas.add_subparsers(dest="action", metavar="ACTIE", required=True)
    mel = csub.add_parser("melding", parents=[common], help="een melding registreren")
    mel.add_argument("client_number", metavar="cliëntnummer", help="cliëntnummer van de inwoner, bijvoorbeeld K0000001")
    mel.add_argument("--wet", required=True, choices=("wmo", "jeugdwet"))
    mel.add_argument("--datum", required=True, help="datum van de melding")
    mel.add_argument("--via", required=True, choices=SOURCES, help="hoe de melding binnenkwam")
    mel.add_argument("--verwijzer", default="", help="wie verwees (bij een verwijzing)")
    mel.add_argument("--vraag", required=True, help="de vraag in de woorden van de inwoner")
    mel.add_argument("--clientondersteuning", action="store_true",
                     help="de inwoner is gewezen op gratis, onafhankelijke cliëntondersteuning")
    show = csub.add_parser("toon", parents=[common], help="de stand van een casus")
    show.add_argument("casus", type=int, help="het nummer van de casus")
    for name, helptext in (("persoonlijk-plan", "de dag dat het eigen plan van de inwoner binnenkwam"),
                           ("onderzoek-klaar", "het onderzoek is klaar: het verslag komt in de brievenwachtrij"),
                           ("aanvraag", "de dag van de aanvraag: de beslistermijn begint")):
        p = csub.add_parser(name, parents=[common], help=helptext)
        p.add_argument("casus", type=int)
        p.add_argument("--datum", required=True)
    plan = csub.add_parser("plan", parents=[common], help="het plan vastleggen uit een JSON-bestand")
    plan.add_argument("casus", type=int)
    plan.add_argument("--bestand", required=True, help="JSON; 'koers casus plan-voorbeeld' toont de vorm")
    plan.add_argument("--akkoord", default="", help="de dag dat de inwoner akkoord gaf (leeg: concept)")
    csub.add_parser("plan-voorbeeld", parents=[common], help="een voorbeeld van het JSON-bestand voor een plan")
    close = csub.add_parser("afsluiten", parents=[common], help="afsluiten zonder besluit")
    close.add_argument("casus", type=int)
    close.add_argument("--uitkomst", required=True, choices=OUTCOMES)
    close.add_argument("--datum", required=True)
    close.add_argument("--reden", required=True)

    dec = sub.add_parser("beschikking", parents=[common], help="een beschikking opstellen, afwijzen of vaststellen")
    dsub = dec.add_subparsers(dest="action", metavar="ACTIE", required=True)
    make = dsub.add_parser("maken", parents=[common], help="een toekenning opstellen (concept)")
    make.add_argument("casus", type=int)
    make.add_argument("--product", required=True, help="productcode")
    make.add_argument("--aanbieder", required=True, help="naam van de aanbieder")
    make.add_argument("--zwaarte", required=True, choices=("L", "M", "ZW"))
    make.add_argument("--categorie", default="basis", choices=("basis", "intensief"))
    make.add_argument("--start", required=True, help="ingangsdatum")
    make.add_argument("--weken", type=int, default=4, help="weken per periode")
    make.add_argument("--perioden", type=int, default=7)
    make.add_argument("--uren", required=True, help="uren per periode, bijvoorbeeld 8 of 2,5")
    make.add_argument("--motivering", default="")
    refuse = dsub.add_parser("afwijzen", parents=[common], help="een afwijzing opstellen (concept)")
    refuse.add_argument("casus", type=int)
    refuse.add_argument("--product", required=True, help="de productcode van wat de inwoner aanvroeg")
    refuse.add_argument("--motivering", required=True)
    refuse.add_argument("--datum", required=True)
    fix = dsub.add_parser("vaststellen", parents=[common], help="een conceptbeschikking vaststellen")
    fix.add_argument("beschikking", type=int, help="het nummer (id) van de beschikking")
    fix.add_argument("--datum", default="", help="de dag van vaststellen (leeg: vandaag)")


def _date(text: str, label: str, *, required: bool = True) -> Any:
    from desktop.core.parse import parse_date

    return parse_date(text, label, required=required)


def cmd_casus(args: argparse.Namespace) -> int:
    if args.action == "plan-voorbeeld":
        print(json.dumps(PLAN_EXAMPLE, ensure_ascii=False, indent=2))
        return 0
    database = open_db(args, create=False)
    actor = actor_for(args, database)
    from desktop.core.intake import melding, outcome

    if args.action == "melding":
        return _melding(args, database, actor)
    if args.action == "toon":
        return _show(args, database, actor)
    if args.action == "plan":
        return _plan(args, database, actor)
    if args.action == "afsluiten":
        from desktop.core.errors import ValidationError

        try:
            day = _date(args.datum, "--datum")
        except ValidationError:
            day = None  # named together with the other problems by the core
        casus = outcome.close_casus(database, actor, args.casus, args.uitkomst, day, args.reden)
        emit(args, {"casus": casus.id, "outcome": args.uitkomst}, f"Casus {casus.id} afgesloten: {args.uitkomst}.")
        return 0
    day = _date(args.datum, "--datum")
    run = {"persoonlijk-plan": melding.record_personal_plan, "onderzoek-klaar": outcome.finish_research,
           "aanvraag": outcome.record_aanvraag}[args.action]
    casus = run(database, actor, args.casus, day)
    text = {"persoonlijk-plan": "Persoonlijk plan vastgelegd.",
            "onderzoek-klaar": "Onderzoek afgerond; het verslag staat in de brievenwachtrij.",
            "aanvraag": "Aanvraag vastgelegd; de beslistermijn loopt."}[args.action]
    emit(args, {"casus": casus.id, "status": casus.status.value}, text)
    return 0


def _melding(args, database, actor) -> int:
    from sqlmodel import select

    from db.models import Resident
    from desktop.core.errors import NotFoundError, ValidationError
    from desktop.core.intake import melding
    from desktop.core.nl import format_date

    with database.read() as s:
        rid = s.exec(select(Resident.id).where(Resident.client_number == args.client_number.upper())).first()
    if rid is None:
        raise NotFoundError(f"Geen inwoner met cliëntnummer {args.client_number}. Registreer eerst de inwoner.")
    try:
        day = _date(args.datum, "--datum")
    except ValidationError as exc:
        day, bad_date = None, exc.message
    else:
        bad_date = ""
    data = melding.MeldingInput(law=args.wet, melding_date=day, came_in_via=args.via, referrer=args.verwijzer,
                                question=args.vraag, clientondersteuning_informed=args.clientondersteuning)
    try:
        casus = melding.register_melding(database, actor, rid, data)
    except ValidationError as exc:
        if bad_date:  # the typed date's own message instead of 'vul de datum in'
            exc.problems = [bad_date if p.startswith("Vul de datum van de melding") else p for p in exc.problems]
        raise
    facts = melding.intake_facts(database, actor, casus.id)
    emit(args, {"casus": casus.id, "research_due": facts.research_due.isoformat(),
                "personal_plan_due": facts.personal_plan_due.isoformat()},
         f"Melding vastgelegd als casus {casus.id}. Onderzoek klaar uiterlijk {format_date(facts.research_due)}; "
         f"een eigen plan kan tot en met {format_date(facts.personal_plan_due)}.")
    return 0


def _show(args, database, actor) -> int:
    from desktop.core.intake import melding
    from desktop.core.nl import format_date

    f = melding.intake_facts(database, actor, args.casus)
    c = f.casus

    def day(value: Any) -> str:
        return format_date(value) if value else "—"

    payload = {"casus": c.id, "client_number": f.client_number, "law": c.law.value, "status": c.status.value,
               "melding_date": c.melding_date, "came_in_via": c.came_in_via, "referrer": c.referrer,
               "research_due": f.research_due, "personal_plan_due": f.personal_plan_due,
               "personal_plan_date": c.personal_plan_date, "clientondersteuning_informed":
                   c.clientondersteuning_informed, "research_done_date": c.research_done_date,
               "report_sent_date": c.report_sent_date, "aanvraag_date": c.aanvraag_date,
               "outcome": c.outcome, "outcome_date": c.outcome_date, "closed_date": c.closed_date,
               "receipt": f.receipt_kenmerk, "report": f.report_kenmerk,
               "decisions": [{"toewijzing_nummer": n, "kind": k, "status": st} for n, k, st in f.decisions]}
    if args.json:
        print(json.dumps(payload, ensure_ascii=False, default=str))
        return 0
    lines = [f"Casus {c.id} ({f.client_number}), {c.law.value}, status {c.status.value}",
             f"  Melding {day(c.melding_date)} via {c.came_in_via.value if c.came_in_via else '—'}"
             + (f" ({c.referrer})" if c.referrer else ""),
             f"  Onderzoek klaar uiterlijk {day(f.research_due)}; afgerond {day(c.research_done_date)}",
             f"  Eigen plan tot en met {day(f.personal_plan_due)}; binnen {day(c.personal_plan_date)}",
             f"  Cliëntondersteuning genoemd: {'ja' if c.clientondersteuning_informed else 'nee'}",
             f"  Ontvangstbevestiging {f.receipt_kenmerk or '—'}; verslag {f.report_kenmerk or '—'}, verzonden "
             f"{day(c.report_sent_date)}",
             f"  Aanvraag {day(c.aanvraag_date)}; uitkomst {c.outcome.value if c.outcome else '—'} "
             f"{day(c.outcome_date) if c.outcome else ''}".rstrip()]
    lines += [f"  Beschikking {n}: {k}, {st}" for n, k, st in f.decisions]
    print("\n".join(lines))
    return 0


def _plan(args, database, actor) -> int:
    from desktop.core.errors import KoersError, ValidationError
    from desktop.core.plans import versions

    try:
        raw = json.loads(Path(args.bestand).read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise KoersError(f"Het bestand {args.bestand} kan niet worden gelezen: {exc.strerror or exc}.") from exc
    except json.JSONDecodeError as exc:
        raise KoersError(f"{args.bestand} is geen geldige JSON (regel {exc.lineno}). Zie 'koers casus "
                         "plan-voorbeeld'.") from exc
    data = _plan_input(raw)
    agreed = _date(args.akkoord, "--akkoord", required=False)
    draft = versions.start_draft(database, actor, args.casus)
    doc, _ = versions.save_draft(database, actor, draft.plan.id, data, draft.plan.version)
    if agreed is not None:
        try:
            doc = versions.agree(database, actor, doc.plan.id, agreed, doc.plan.version)
        except ValidationError:
            raise
    state = f"akkoord op {args.akkoord}" if agreed else "als concept bewaard"
    emit(args, {"plan": doc.plan.id, "version": doc.plan.version_no, "agreed": agreed is not None},
         f"Plan versie {doc.plan.version_no} {state}.")
    return 0


def _plan_input(raw: Any) -> Any:
    """The JSON as a PlanInput; what does not fit is refused with the place it is in."""
    from db.models.enums import LifeDomain
    from desktop.core.errors import ValidationError
    from desktop.core.parse import parse_date
    from desktop.core.plans import versions

    if not isinstance(raw, dict):
        raise ValidationError("Het planbestand is een JSON-object met 'vraag' en 'doelen'. Zie 'koers casus "
                              "plan-voorbeeld'.")
    goals = []
    for gi, g in enumerate(raw.get("doelen") or [], start=1):
        try:
            domain = LifeDomain(g.get("leefgebied")) if g.get("leefgebied") else None
        except ValueError:
            raise ValidationError(f"Doel {gi}: '{g.get('leefgebied')}' is geen leefgebied. Kies uit: "
                                  + ", ".join(d.value for d in LifeDomain) + ".") from None
        results = [versions.ResultInput(
            description=str(r.get("omschrijving", "")), indicator=str(r.get("indicator", "")),
            target_date=parse_date(str(r.get("datum") or ""), f"de datum van resultaat {gi}.{ri}"),
            contributors=list(r.get("wie") or []), priority=int(r.get("volgorde") or 2))
            for ri, r in enumerate(g.get("resultaten") or [], start=1)]
        goals.append(versions.GoalInput(str(g.get("omschrijving", "")), domain, results))
    return versions.PlanInput(question=str(raw.get("vraag", "")), what_matters=str(raw.get("wat_belangrijk_is", "")),
                              circumstances=str(raw.get("situatie", "")), goals=goals)


def cmd_beschikking(args: argparse.Namespace) -> int:
    from db import clock
    from desktop.core.decisions import lifecycle

    database = open_db(args, create=False)
    actor = actor_for(args, database)
    if args.action == "vaststellen":
        on = _date(args.datum, "--datum", required=False) or clock.today()
        d = lifecycle.establish(database, actor, args.beschikking, on)
        emit(args, {"id": d.id, "toewijzing_nummer": d.toewijzing_nummer, "status": d.status.value},
             f"Beschikking {d.toewijzing_nummer} vastgesteld; de brief staat in de brievenwachtrij.")
        return 0
    from db.models import Casus
    from desktop.cli_catalogus import product_id

    with database.read() as s:
        casus = s.get(Casus, args.casus)
    law = casus.law.value if casus is not None else None
    if args.action == "afwijzen":
        d = lifecycle.refuse_aanvraag(database, actor, args.casus, product_id(database, args.product, law),
                                      args.motivering, _date(args.datum, "--datum"))
    else:
        d = _make(args, database, actor, law)
    emit(args, {"id": d.id, "toewijzing_nummer": d.toewijzing_nummer, "kind": d.kind.value},
         f"Concept {d.kind.value} {d.toewijzing_nummer} opgesteld (nummer {d.id}). Stel vast met 'koers beschikking "
         f"vaststellen {d.id}'.")
    return 0


def _make(args, database, actor, law: str | None) -> Any:
    from sqlmodel import col, select

    from db.models import Plan, Result
    from db.models.enums import PlanStatus
    from desktop.cli_catalogus import aanbieder_id, product_id
    from desktop.core.decisions import lifecycle
    from desktop.core.errors import ValidationError
    from desktop.core.parse import Fields, parse_date, parse_hours

    read = Fields()
    start = read(parse_date, args.start, "de ingangsdatum (--start)", field="start", required=True)
    hours = read(parse_hours, args.uren, "de uren per periode (--uren)", field="hours", required=True)
    read.raise_if_any("De beschikking is niet opgeslagen. Herstel eerst:")
    with database.read() as s:
        from db.models import Goal

        plan = s.exec(select(Plan).where(Plan.casus_id == args.casus, Plan.status == PlanStatus.AKKOORD)
                      .order_by(col(Plan.version_no).desc())).first()
        if plan is None:
            raise ValidationError("Deze casus heeft geen plan dat akkoord is. Leg het plan vast met 'koers casus plan "
                                  "--akkoord'.")
        results = list(s.exec(select(Result.id).join(Goal, col(Goal.id) == Result.goal_id)
                              .where(Goal.plan_id == plan.id)))
    data = lifecycle.DecisionInput(
        plan_id=plan.id, result_ids=[r for r in results if r is not None],
        product_id=product_id(database, args.product, law), aanbieder_id=aanbieder_id(database, args.aanbieder),
        complexity=args.zwaarte, category=args.categorie, start_date=start, period_weeks=args.weken,
        period_count=args.perioden, hours_per_period=hours, motivation=args.motivering)
    return lifecycle.create_decision(database, actor, args.casus, data)
