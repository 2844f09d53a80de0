"""What a beschikking letter says, as plain values: the seam between the core and the PDF layout.

desktop/core/letters fills a LetterContent from a decision and the beheerder's text blocks
(every placeholder already resolved); desktop/letters/beschikking.py only lays it out. Keeping the
two apart lets the pre-flight check a whole batch without drawing a single page.
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
    letter_date: date
    kenmerk: str
    subject: str  # "Besluit over uw aanvraag Wmo-ondersteuning"
    salutation: str  # "Geachte mevrouw De Vries,"
    sections: tuple[Section, ...]
    closing: str = "Met vriendelijke groet,"
    on_behalf_of: str = "namens het college van burgemeester en wethouders,"
    metadata_subject: str = ""  # PDF metadata 'subject', e.g. "Beschikking Wmo, toewijzing 2026000123"
    extra: dict[str, str] = field(default_factory=dict)  # free room for the layout, never required
