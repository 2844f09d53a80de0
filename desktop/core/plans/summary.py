"""Printing the ondersteuningsplan for the resident to read and sign (a PDF), with its audit line.

The words are chosen here, in the resident's terms (who helps: 'uzelf', not 'inwoner'); desktop/letters only
lays them out.
"""

from __future__ import annotations

from datetime import date

from db import clock
from db.engine import Database
from db.models.base import stored_id
from db.models.enums import PlanStatus
from desktop.core import labels
from desktop.core.access import audit
from desktop.core.access.actor import Actor
from desktop.core.errors import NotFoundError
from desktop.core.nl import format_date
from desktop.core.plans import versions
from desktop.core.settings import get_setting
from desktop.letters.content import PlanDomainText, PlanGoalText, PlanSummaryContent

MUNICIPALITY_NAME = "municipality.name"
DEFAULT_MUNICIPALITY = "Gemeente"

# In the resident's words, not the consulent's: what each domain text is about.
DOMAIN_TEXT_HEADINGS = (
    ("situation", "Hoe het nu gaat"),
    ("needs", "Wat u nodig heeft"),
    ("resources", "Wat u zelf kunt, of met hulp van mensen om u heen"),
    ("motivation", "Wat u wilt"),
    ("readiness", "Hoe klaar u bent om iets te veranderen"),
)
CONTRIBUTOR_PLAIN = {"inwoner": "uzelf", "netwerk": "mensen om u heen (familie, vrienden, buren)",
                     "voorliggend": "voorzieningen in de buurt (voorliggend veld)",
                     "voorliggend veld": "voorzieningen in de buurt (voorliggend veld)",  # as older/demo data has it
                     "aanbieder": "een zorgaanbieder",
                     "gemeente": "de gemeente"}
PRIORITY_PLAIN = {1: "eerst", 2: "daarna", 3: "later"}
CLIENT_SUPPORT = ("Wilt u hulp bij het lezen of bij uw vraag? Uw consulent helpt u graag. U kunt ook gratis hulp "
                  "krijgen van een onafhankelijke cliëntondersteuner. Die denkt met u mee en staat aan uw kant.")


def _contributors(text: str | None, names: list[str] = []) -> str:  # noqa: B006  (read only)
    parts = [p.strip() for p in (text or "").split(",") if p.strip()]
    return ", ".join([*(CONTRIBUTOR_PLAIN.get(p, labels.CONTRIBUTOR.get(p, p)) for p in parts), *names]) or \
        "nog niet afgesproken"


def _status(doc: versions.PlanDocument) -> str:
    plan = doc.plan
    if plan.status is PlanStatus.AKKOORD and plan.agreed_date:
        return f"akkoord op {format_date(plan.agreed_date)}"
    return "concept: nog niet akkoord"


def _next_steps(doc: versions.PlanDocument) -> tuple[str, ...]:
    lines: tuple[str, ...]
    if doc.plan.status is PlanStatus.AKKOORD:
        lines = (
            "U heeft dit plan met uw consulent besproken en bent het ermee eens.",
            "Heeft u ondersteuning aangevraagd? Dan krijgt u daarover een brief van de gemeente: de beschikking. "
            "Daarin staat wat u krijgt en hoe lang.",
            "Rond de datums in dit plan kijken we samen hoe het gaat. Verandert er iets in uw leven? "
            "Laat het uw consulent weten. Dan passen we het plan aan.",
        )
    else:
        lines = (
            "Dit plan is nog een concept. Lees het rustig door, eventueel samen met iemand die u vertrouwt.",
            "Klopt er iets niet, of mist er iets? Zeg het tegen uw consulent. Dan passen we het aan. "
            "Bent u het eens met het plan? Dan leggen we dat samen vast.",
        )
    return (*lines, CLIENT_SUPPORT)


def summary_content(doc: versions.PlanDocument, *, municipality: str, printed_on: date) -> PlanSummaryContent:
    """What the printed plan says: every label, date and score in words."""
    plan = doc.plan
    title = f"Ondersteuningsplan {doc.client_number} versie {plan.version_no}"
    domains = tuple(
        PlanDomainText(labels.LIFE_DOMAIN[d.domain],
                       f"score {d.score} van 5: {labels.ZRM_SCORE[d.score]}" if d.score else "nog geen score",
                       tuple((heading, getattr(d, attr)) for attr, heading in DOMAIN_TEXT_HEADINGS
                             if (getattr(d, attr) or "").strip())
                       + ((("Wie om u heen helpt", ", ".join(named)),) if (
                           named := doc.view.names(doc.view.domain_people.get(d.domain, ()))) else ()))
        for d in doc.view.domains if d.relevant)
    goals = []
    for gi, g in enumerate(doc.view.goals, start=1):
        results = []
        for ri, r in enumerate(g.results, start=1):
            results.append((f"Resultaat {gi}.{ri}", (
                ("Wat er dan anders is", r.description or ""),
                ("Hoe we dat zien", r.indicator or "nog niet afgesproken"),
                ("Wanneer", format_date(r.target_date) if r.target_date else "nog geen datum"),
                ("Wie helpt mee", _contributors(r.contributors,
                                                doc.view.names(doc.view.result_people.get(stored_id(r.id), ())))),
                ("Volgorde", PRIORITY_PLAIN.get(r.priority, str(r.priority))))))
        goals.append(PlanGoalText(f"Doel {gi}: {g.goal.description}",
                                  labels.LIFE_DOMAIN[g.goal.domain] if g.goal.domain else "", tuple(results)))
    return PlanSummaryContent(
        title=title, subject=f"Ondersteuningsplan ({labels.LAW.get(doc.casus.law, '')}) voor {doc.resident_name}",
        municipality=municipality, resident_name=doc.resident_name,
        facts=(("Voor", doc.resident_name), ("Cliëntnummer", doc.client_number),
               ("Wet", labels.LAW.get(doc.casus.law, str(doc.casus.law))), ("Versie", f"versie {plan.version_no}"),
               ("Status", _status(doc)), ("Afgedrukt op", format_date(printed_on))),
        question=plan.question or "", what_matters=plan.what_matters or "", circumstances=plan.circumstances or "",
        domains=domains, not_relevant=tuple(labels.LIFE_DOMAIN[d.domain] for d in doc.view.domains if not d.relevant),
        goals=tuple(goals), next_steps=_next_steps(doc), printed_on=printed_on)


def plan_summary_pdf(db: Database, actor: Actor, casus_id: int, *, version_no: int | None = None,
                     reason: str | None = None) -> bytes:
    """The newest plan version (or `version_no`) as PDF bytes. Opening it checks role and caseload and
    logs 'plan.inzien'; the print itself gets its own 'plan.afdrukken' line."""
    doc = versions.open_plan(db, actor, casus_id, version_no=version_no, reason=reason)
    if doc is None:
        raise NotFoundError("Deze casus heeft nog geen ondersteuningsplan.")
    from desktop.letters.plan_summary import render_plan_summary  # ReportLab loads slowly: only when printing

    municipality = (get_setting(db, MUNICIPALITY_NAME) or "").strip()
    pdf = render_plan_summary(summary_content(doc, municipality=municipality, printed_on=clock.today()))
    with db.write() as s:
        audit.record(s, actor, "plan.afdrukken", resident_id=doc.casus.resident_id, client_number=doc.client_number,
                     record_type="plan", record_id=doc.plan.id, reason=(reason or "").strip() or None)
    return pdf
