"""What a letter or the plan summary says, as plain values: the seam between the core and the PDF layout.

desktop/core fills these from the data (every placeholder resolved, every date and amount already written
out in Dutch); desktop/letters only lays them out, and imports nothing from the core. Keeping the two apart
lets the pre-flight check a whole batch without drawing a single page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Letterhead:
    """Set by a beheerder in Beheer; the same on every letter."""

    municipality: str  # "Gemeente Koersveen"
    address_lines: tuple[str, ...] = ()  # return address: "Postbus 100", "1234 AB Koersveen"
    contact_lines: tuple[str, ...] = ()  # "Telefoon 14 0123", "www.koersveen.nl"
    logo: bytes | None = None  # PNG or JPEG bytes, already checked to be an image
    signer_name: str = ""  # "J. de Vries"
    signer_title: str = ""  # "teammanager Wmo"


@dataclass(frozen=True)
class Section:
    """One part of the body: an optional heading, then paragraphs, then an optional facts table and bullets."""

    heading: str | None = None
    paragraphs: tuple[str, ...] = ()
    facts: tuple[tuple[str, str], ...] = ()  # label/value rows, e.g. ("Aanbieder", "Zorg Oost B.V.")
    bullets: tuple[str, ...] = ()


@dataclass(frozen=True)
class LetterContent:
    kind: str  # LetterKind value: toekenning, wijziging, afwijzing, beeindiging
    letterhead: Letterhead
    addressee_lines: tuple[str, ...]  # "Mevrouw A. de Vries", "Dorpsstraat 1 a", "1234 AB Koersveen"
    letter_date: date  # for the PDF's own dates (metadata); what the letter shows is `date_text`
    kenmerk: str
    subject: str  # "Besluit over uw aanvraag Wmo-ondersteuning"
    salutation: str  # "Geachte mevrouw De Vries,"
    sections: tuple[Section, ...]
    closing: str = "Met vriendelijke groet,"
    on_behalf_of: str = "namens het college van burgemeester en wethouders,"
    metadata_subject: str = ""  # PDF metadata 'subject', e.g. "Beschikking Wmo, toewijzing 2026000123"
    date_text: str = ""  # the date as the letter prints it: '23 november 2026'
    extra: dict[str, str] = field(default_factory=dict)  # free room for the layout, never required


@dataclass(frozen=True)
class PlanDomainText:
    """One relevant life domain: its heading, its score in words, and the texts filled in."""

    name: str  # 'Financiën'
    score: str  # 'score 2 van 5: niet zelfredzaam' or 'nog geen score'
    texts: tuple[tuple[str, str], ...] = ()  # ('Hoe het nu gaat', the resident's words)


@dataclass(frozen=True)
class PlanGoalText:
    heading: str  # 'Doel 1: Zelf boodschappen doen'
    domain: str  # 'Instrumentele ADL', or ''
    results: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = ()  # ('Resultaat 1.1', ((label, value), ...))


@dataclass(frozen=True)
class PlanSummaryContent:
    """The ondersteuningsplan as the resident reads and signs it."""

    title: str  # 'Ondersteuningsplan K0000001 versie 2'
    subject: str  # PDF metadata
    municipality: str  # '' when not set: the page then shows no municipality line
    resident_name: str
    facts: tuple[tuple[str, str], ...]  # ('Voor', 'M. Jansen'), ('Afgedrukt op', '23 november 2026'), ...
    question: str
    what_matters: str
    circumstances: str
    domains: tuple[PlanDomainText, ...]
    not_relevant: tuple[str, ...]
    goals: tuple[PlanGoalText, ...]
    next_steps: tuple[str, ...]
    printed_on: date = date(2000, 1, 1)  # the PDF's own dates (PDF/A metadata): the same plan, the same bytes
