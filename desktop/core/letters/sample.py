"""A fictional, realistic decision (and hand-over) for the live preview of the letter texts in Beheer.

No real resident: the name, address and numbers are invented and plainly so ('Voorbeeldstraat').
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from db import clock
from db.models.enums import (
    Complexity,
    DecisionKind,
    DecisionStatus,
    IndicationCategory,
    Law,
    LetterKind,
    Salutation,
)
from desktop.core.decisions.rules import derive_end_date, evaluation_dates
from desktop.core.letters.case_letters import case_content
from desktop.core.letters.case_letters import make_kenmerk as case_kenmerk
from desktop.core.letters.contact_letters import content_of
from desktop.core.letters.contact_letters import make_kenmerk as make_contact_kenmerk
from desktop.core.letters.decision_letters import Facts
from desktop.core.letters.letterhead import LetterSettings
from desktop.core.letters.reach import Consulent
from desktop.core.nl import format_date
from desktop.letters.content import LetterContent, Section

SAMPLE_CONSULENT = Consulent("K. Voorbeeld", "06 12345678", "k.voorbeeld@voorbeeld.nl")  # invented, plainly so


def sample_facts(kind: LetterKind, law: Law = Law.WMO) -> Facts:
    today = clock.today()
    start = today + timedelta(days=(7 - today.weekday()) % 7 or 7)  # next Monday
    end = derive_end_date(start, 4, 7)
    youth = law is Law.JEUGDWET
    base = Facts(
        decision_id=0, law=law, decision_kind=DecisionKind.TOEKENNING, status=DecisionStatus.VASTGESTELD,
        toewijzing_nummer=f"{start.year}000123", resident_id=0, client_number="K0000000",
        salutation=Salutation.MEVROUW, initials="A.", prefix="de", surname="Voorbeeld",
        street="Voorbeeldstraat", house_number=12, house_number_suffix="a", postcode="1234AB", city="Koersveen",
        product="Jeugdhulp ambulant" if youth else "Begeleiding individueel",
        product_code="45A48" if youth else "02A08", product_unit="04", aanbieder="Zorggroep Voorbeeld",
        complexity=Complexity.M, period_weeks=4, period_count=7, minutes_per_period=480, indicated_minutes=3360,
        surplus_minutes=0, bandwidth_min_minutes=None, bandwidth_max_minutes=None, start_date=start, end_date=end,
        established_date=today, aanvraag_date=today - timedelta(days=10),
        motivation="Uit het onderzoek en uw ondersteuningsplan blijkt dat u uw week niet op eigen kracht of met hulp "
                   "van mensen om u heen kunt regelen. Begeleiding van 2 uur per week helpt u om weer grip te "
                   "krijgen op uw post, uw geld en uw afspraken.",
        results=("Binnen drie maanden heb ik een vaste weekplanning en hangt die op de koelkast.",
                 "Binnen zes maanden open ik zelf mijn post en betaal ik mijn rekeningen op tijd."),
        evaluations=tuple(evaluation_dates(start, end, IndicationCategory.INTENSIEF)), consulent=SAMPLE_CONSULENT)
    if kind is LetterKind.WIJZIGING:
        previous = replace(base, toewijzing_nummer=f"{start.year - 1}000456", minutes_per_period=240,
                           indicated_minutes=1680, results=base.results[:1], start_date=start - timedelta(days=196),
                           end_date=start + timedelta(days=27))
        return replace(base, decision_kind=DecisionKind.WIJZIGING, previous=previous, change_effective_date=start,
                       change_reason="herbeoordeling: verlenging")
    if kind is LetterKind.AFWIJZING:
        return replace(base, decision_kind=DecisionKind.AFWIJZING, aanbieder="", results=(), evaluations=(),
                       motivation="U vroeg om begeleiding bij het doen van uw boodschappen. Uit het gesprek blijkt "
                                  "dat uw dochter en de boodschappendienst van het buurthuis u daarbij al helpen. "
                                  "Daarmee kunt u dit zelf regelen; een maatwerkvoorziening is daarom niet nodig.")
    if kind is LetterKind.BEEINDIGING:
        return replace(base, status=DecisionStatus.BEEINDIGD, start_date=today - timedelta(days=120),
                       end_date=today + timedelta(days=76), ended_date=today + timedelta(days=14),
                       end_reason="in overeenstemming voortijdig")
    return base


def contact_content(settings: LetterSettings, image: bytes | None, texts: dict[str, str],
                    letter_date: date) -> LetterContent:
    """A sample letter 'uw nieuwe contactpersoon' to the same fictional resident."""
    resident = sample_facts(LetterKind.TOEKENNING)
    content, _ = content_of(resident, SAMPLE_CONSULENT, {Law.WMO}, letter_date, settings, image, texts, letter_date,
                            make_contact_kenmerk(1, letter_date), draft=True)
    return content


def case_sample(kind: LetterKind, settings: LetterSettings, image: bytes | None, texts: dict[str, str],
                letter_date: date) -> LetterContent:
    """A sample receipt or report to the same fictional resident, with a short fictional plan."""
    resident = sample_facts(LetterKind.TOEKENNING)
    melding = letter_date - timedelta(days=10)
    values = {"gemeente": settings.municipality, "naam": resident.name, "briefdatum": format_date(letter_date),
              "wet": "Wmo 2015", "contactpersoon": SAMPLE_CONSULENT.name, "datum_melding": format_date(melding),
              "onderzoekstermijn": format_date(melding + timedelta(weeks=6)),
              "persoonlijk_plan_termijn": format_date(melding + timedelta(days=7)),
              "datum_akkoord": format_date(letter_date - timedelta(days=2)), "beslistermijn": "twee weken",
              "kenmerk": case_kenmerk(kind, 1, letter_date)}
    plan = (Section(heading="Uw vraag", paragraphs=("Ik wil weer zelf mijn boodschappen doen.",)),
            Section(heading="Doel 1: Zelf boodschappen doen (Instrumentele ADL)",
                    facts=(("Resultaat 1.1: Wat er dan anders is", "Binnen twee maanden doet u zelf de boodschappen."),
                           ("Resultaat 1.1: Wanneer", format_date(letter_date + timedelta(days=60))))))
    content, _ = case_content(kind, resident, values, plan if kind is LetterKind.VERSLAG else (), settings, image,
                              texts, letter_date, values["kenmerk"], draft=True, consulent=SAMPLE_CONSULENT)
    return content


__all__ = ["case_sample", "contact_content", "sample_facts"]
