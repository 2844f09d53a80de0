"""The words of every letter: standard text blocks, a beheerder's own wording and placeholders.

A text block holds placeholders such as `{{product}}`. The standard text of every block is in
resources/letters/<kind>.json; a beheerder's wording is stored in the `letter_text` table (so all
workstations on a shared server print the same) and wins over the standard; 'terug naar standaard'
deletes it. A block is checked before it is stored (`validate_template`) and again, with the values of
one decision, before any letter is issued: a letter never shows '{{...}}' or an empty gap.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache, lru_cache

from sqlmodel import select

from db import clock
from db.engine import Database
from db.models import LetterText
from db.models.enums import CASE_LETTERS, DECISION_LETTERS, LetterKind
from desktop.core.access import audit
from desktop.core.access.actor import Actor
from desktop.core.access.permissions import Action
from desktop.core.errors import NotFoundError, ValidationError
from desktop.core.text import clean_text
from desktop.resources import resource

KIND_LABEL = {LetterKind.TOEKENNING: "toekenning", LetterKind.WIJZIGING: "wijziging",
              LetterKind.AFWIJZING: "afwijzing", LetterKind.BEEINDIGING: "beëindiging",
              LetterKind.CONTACTPERSOON: "nieuwe contactpersoon",
              LetterKind.ONTVANGSTBEVESTIGING: "ontvangstbevestiging", LetterKind.VERSLAG: "verslag"}
MAX_BLOCK_LENGTH = 4000
_HOURS_KINDS = frozenset({LetterKind.TOEKENNING, LetterKind.WIJZIGING, LetterKind.BEEINDIGING})
_EVERY = frozenset(LetterKind)
_DECISIONS = DECISION_LETTERS
_CONTACT = frozenset({LetterKind.CONTACTPERSOON})
_CASE = CASE_LETTERS
_RECEIPT = frozenset({LetterKind.ONTVANGSTBEVESTIGING})
_REPORT = frozenset({LetterKind.VERSLAG})
# name -> (what it becomes, the letter kinds it exists for)
PLACEHOLDERS: dict[str, tuple[str, frozenset[LetterKind]]] = {
    "gemeente": ("naam van de gemeente (instelling)", _EVERY),
    "naam": ("naam van de inwoner, bijvoorbeeld A. de Vries", _EVERY),
    "wet": ("Wmo 2015 of Jeugdwet", _DECISIONS | _CASE),
    "soort_voorziening": ("maatwerkvoorziening (Wmo) of individuele voorziening (Jeugdwet)", _DECISIONS),
    "wetsartikel": ("artikel 2.3.5 van de Wmo 2015 of artikel 2.3 van de Jeugdwet, voluit", _DECISIONS),
    "verordening": ("Verordening maatschappelijke ondersteuning of Verordening jeugdhulp", _DECISIONS),
    "product": ("naam van het product, bijvoorbeeld Begeleiding individueel", _DECISIONS),
    "toewijzingnummer": ("toewijzingnummer van de beschikking", _DECISIONS),
    "kenmerk": ("kenmerk van deze brief", _EVERY),
    "briefdatum": ("datum van de brief", _EVERY),
    "besluitdatum": ("datum waarop de beschikking is vastgesteld", _DECISIONS),
    "datum_aanvraag": ("datum van de aanvraag (uit de casus; leeg als die niet is ingevuld)", _DECISIONS),
    "bezwaartermijn": ("laatste dag om bezwaar te maken (zes weken na de briefdatum, op een werkdag)", _DECISIONS),
    "bezwaaradres": ("adres voor bezwaar (instelling)", _DECISIONS),
    "bezwaar_digitaal": ("een zin over digitaal bezwaar: via het webadres uit de instellingen, of dat het alleen per "
                         "post kan", _DECISIONS),
    "rechtbank": ("naam van de rechtbank (instelling), bijvoorbeeld rechtbank Gelderland", _DECISIONS),
    "motivering": ("motivering uit de beschikking", _DECISIONS),
    "aanbieder": ("naam van de aanbieder", _HOURS_KINDS),
    "zwaarte": ("zwaarte: licht (L), midden (M) of zwaar (ZW)", _HOURS_KINDS),
    "ingangsdatum": ("eerste dag van de ondersteuning", _HOURS_KINDS),
    "einddatum": ("laatste dag van de ondersteuning", _HOURS_KINDS),
    "uren_totaal": ("totaal aantal uren, bijvoorbeeld 56 uur", _HOURS_KINDS),
    "uren_per_periode": ("uren per periode, bijvoorbeeld 8 uur", _HOURS_KINDS),
    "periode_weken": ("aantal weken van één periode", _HOURS_KINDS),
    "aantal_perioden": ("aantal perioden", _HOURS_KINDS),
    "omvang": ("de omvang in woorden: 8 uur per periode van 4 weken, 7 perioden: 56 uur in totaal",
               _HOURS_KINDS),
    "eigen_bijdrage_bedrag": ("eigen bijdrage per maand (instelling), bijvoorbeeld € 21,80", _HOURS_KINDS),
    "vorige_toewijzingnummer": ("toewijzingnummer van de beschikking die wordt vervangen",
                                frozenset({LetterKind.WIJZIGING})),
    "datum_wijziging": ("datum vanaf wanneer de wijziging geldt", frozenset({LetterKind.WIJZIGING})),
    "reden_wijziging": ("reden van de wijziging (lijst van de iWmo of de iJw)", frozenset({LetterKind.WIJZIGING})),
    "wijzigingen": ("wat er verandert ten opzichte van de vorige beschikking (Koers schrijft dit zelf)",
                    frozenset({LetterKind.WIJZIGING})),
    "datum_beeindiging": ("laatste dag van de ondersteuning na beëindiging", frozenset({LetterKind.BEEINDIGING})),
    "reden_beeindiging": ("reden van de beëindiging (lijst RedenBeëindiging van de iWmo of de iJw)",
                          frozenset({LetterKind.BEEINDIGING})),
    "contactpersoon": ("naam van de nieuwe contactpersoon (consulent)", _CONTACT | _CASE),
    "datum_melding": ("datum van de melding", _CASE),
    "onderzoekstermijn": ("laatste dag van het onderzoek (zes weken na de melding onder de Wmo)", _RECEIPT),
    "persoonlijk_plan_termijn": ("laatste dag om een eigen plan in te leveren (zeven dagen na de melding)",
                                 _RECEIPT),
    "datum_akkoord": ("datum waarop de inwoner het plan akkoord gaf", _REPORT),
    "beslistermijn": ("binnen hoeveel weken na de aanvraag het besluit komt, bijvoorbeeld twee weken", _REPORT),
    "datum_overdracht": ("datum vanaf wanneer de nieuwe contactpersoon het werk overneemt", _CONTACT),
    "ondersteuning": ("de ondersteuning in woorden: uw ondersteuning vanuit de Wmo (en/of de Jeugdwet)", _CONTACT),
}
_PLACEHOLDER = re.compile(r"\{\{\s*([^{}]*?)\s*\}\}")
_NAME = re.compile(r"^[a-z_]+$")


def placeholders_for(kind: LetterKind | str) -> dict[str, str]:
    """The placeholders a block of this letter kind may use, with what each becomes (for the editor)."""
    kind = LetterKind(kind)
    return {name: what for name, (what, kinds) in PLACEHOLDERS.items() if kind in kinds}


def _names(text: str) -> list[str]:
    return [m.group(1) for m in _PLACEHOLDER.finditer(text)]


def validate_template(kind: LetterKind | str, block: str, text: str) -> list[str]:
    """Problems with a block text, in Dutch; empty when it can be stored.

    Refused: an unknown block, an empty text, a placeholder Koers does not know (or that does not exist
    for this kind of letter), a loose '{{' or '}}', emoji or control characters, more than 4,000 characters.
    """
    return list(_template_problems(LetterKind(kind), block, text))


@lru_cache(maxsize=1024)
def _template_problems(kind: LetterKind, block: str, text: str) -> tuple[str, ...]:
    """validate_template, once per distinct text: every letter of a batch checks the same dozen blocks, and the
    answer depends on nothing but the kind, the block and the text."""
    if block not in block_names(kind):
        return (f"Een brief '{KIND_LABEL[kind]}' heeft geen tekstblok '{block}'.",)
    problems: list[str] = []
    try:
        cleaned = clean_text(text, f"het tekstblok '{block}'", max_length=MAX_BLOCK_LENGTH, multiline=True,
                             required=True)
    except ValidationError as exc:
        return (exc.message,)
    allowed = placeholders_for(kind)
    for name in _names(cleaned):
        if not _NAME.match(name):
            problems.append(f"'{{{{{name}}}}}' is geen geldige plaatshouder: gebruik kleine letters en _, "
                            "bijvoorbeeld {{product}}.")
        elif name not in PLACEHOLDERS:
            problems.append(f"De plaatshouder {{{{{name}}}}} bestaat niet. Kies er een uit de lijst, bijvoorbeeld "
                            "{{product}} of {{einddatum}}.")
        elif name not in allowed:
            problems.append(f"De plaatshouder {{{{{name}}}}} past niet in een brief '{KIND_LABEL[kind]}': "
                            "daarin heeft hij geen waarde.")
    rest = _PLACEHOLDER.sub("", cleaned)
    if "{" in rest or "}" in rest:
        problems.append("Er staat een losse '{' of '}' in de tekst. Een plaatshouder schrijft u als {{naam}}, met "
                        "twee accolades ervoor en twee erna.")
    return tuple(problems)


def fill(text: str, values: dict[str, str]) -> tuple[str, list[str]]:
    """The text with every placeholder replaced; the second value lists placeholders without a value.

    Call validate_template first: an unknown name also counts as 'without a value' here.
    """
    missing: list[str] = []

    def replace(match: re.Match[str]) -> str:
        value = (values.get(match.group(1)) or "").strip()
        if not value:
            missing.append(match.group(1))
        return value

    return _PLACEHOLDER.sub(replace, text), missing


@dataclass(frozen=True)
class BlockSpec:
    name: str
    label: str  # for the editor: "Bezwaar"
    heading: str | None  # the heading above the block in the letter (may hold placeholders); None: no heading
    help: str  # one line for the editor
    default: str  # the standard text from resources/letters


@cache
def _specs(kind: LetterKind) -> tuple[BlockSpec, ...]:
    doc = json.loads(resource("letters", f"{kind.value}.json").read_text(encoding="utf-8"))
    return tuple(BlockSpec(b["name"], b["label"], b.get("heading"), b.get("help", ""), b["text"])
                 for b in doc["blocks"])


def block_specs(kind: LetterKind | str) -> tuple[BlockSpec, ...]:
    """The blocks of a letter kind, in the order they appear in the letter."""
    return _specs(LetterKind(kind))


def block_names(kind: LetterKind | str) -> tuple[str, ...]:
    return tuple(b.name for b in block_specs(kind))


def default_text(kind: LetterKind | str, block: str) -> str:
    for spec in block_specs(kind):
        if spec.name == block:
            return spec.default
    raise NotFoundError(f"Een brief '{KIND_LABEL[LetterKind(kind)]}' heeft geen tekstblok '{block}'.")


def effective_texts(db: Database, kind: LetterKind | str) -> dict[str, str]:
    """block -> the text letters use now: the beheerder's wording where stored, else the standard."""
    kind = LetterKind(kind)
    texts = {b.name: b.default for b in block_specs(kind)}
    with db.read() as s:
        for row in s.exec(select(LetterText).where(LetterText.kind == kind)):
            if row.block in texts:
                texts[row.block] = row.text
    return texts


@dataclass(frozen=True)
class TextBlock:
    """One block as the text editor shows it."""

    kind: LetterKind
    name: str
    label: str
    heading: str | None
    help: str
    text: str  # what letters use now
    default: str  # the standard text ('terug naar standaard')
    customised: bool  # True when the beheerder's own wording is stored
    problems: tuple[str, ...]  # validate_template of `text` (a stored text from an older Koers may fail)


def list_blocks(db: Database, actor: Actor, kind: LetterKind | str) -> list[TextBlock]:
    """Every block of a letter kind for the editor, in letter order."""
    audit.require(db, actor, Action.LETTER_TEXTS_MANAGE)
    kind = LetterKind(kind)
    with db.read() as s:
        stored = {r.block: r.text for r in s.exec(select(LetterText).where(LetterText.kind == kind))}
    return [TextBlock(kind, b.name, b.label, b.heading, b.help, stored.get(b.name, b.default), b.default,
                      b.name in stored, tuple(validate_template(kind, b.name, stored.get(b.name, b.default))))
            for b in block_specs(kind)]


def save_text(db: Database, actor: Actor, kind: LetterKind | str, block: str, text: str) -> TextBlock:
    """Stores the beheerder's wording of one block (checked first; nothing stored on any problem)."""
    audit.require(db, actor, Action.LETTER_TEXTS_MANAGE)
    kind = LetterKind(kind)
    problems = validate_template(kind, block, text)
    if problems:
        raise ValidationError("De tekst is niet opgeslagen. Herstel eerst:", field=block, problems=problems)
    cleaned = clean_text(text, "de tekst", max_length=MAX_BLOCK_LENGTH, multiline=True, required=True)
    with db.write() as s:
        row = s.exec(select(LetterText).where(LetterText.kind == kind, LetterText.block == block)).first()
        old = row.text if row else default_text(kind, block)
        if cleaned == default_text(kind, block):
            if row is not None:
                s.delete(row)
        elif row is None:
            s.add(LetterText(kind=kind, block=block, text=cleaned, updated_by_id=actor.user_id))
        else:
            row.text, row.updated_by_id, row.updated_at = cleaned, actor.user_id, clock.now()
        if old != cleaned:
            audit.record(s, actor, "instelling.wijzigen", record_type="brieftekst",
                         changes={f"{kind.value}.{block}": [old, cleaned]})
    return next(b for b in list_blocks(db, actor, kind) if b.name == block)


def reset_text(db: Database, actor: Actor, kind: LetterKind | str, block: str) -> TextBlock:
    """Terug naar de standaardtekst: the stored wording is removed (and the change logged)."""
    audit.require(db, actor, Action.LETTER_TEXTS_MANAGE)
    kind = LetterKind(kind)
    standard = default_text(kind, block)
    with db.write() as s:
        row = s.exec(select(LetterText).where(LetterText.kind == kind, LetterText.block == block)).first()
        if row is not None:
            audit.record(s, actor, "instelling.wijzigen", record_type="brieftekst",
                         changes={f"{kind.value}.{block}": [row.text, standard]}, reason="terug naar standaard")
            s.delete(row)
    return next(b for b in list_blocks(db, actor, kind) if b.name == block)
