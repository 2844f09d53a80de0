"""Letters 'uw nieuwe contactpersoon' after a caseload hand-over: the request, and the source the one letter
pipeline (letters/pipeline.py) issues them from.

`team.handover.hand_over` asks for a letter for every resident whose vaste consulent changed, in the same
transaction as the hand-over (`request`); a second hand-over before printing updates that request instead of
adding another, and a hand-over back to the consulent the resident already knew drops it. The words are text
blocks like those of the decision letters (resources/letters/contactpersoon.json, editable in Beheer >
Brieven); the letter is archived like every letter, and the request then points at it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any, cast

from sqlmodel import Session, col, select

from db import clock
from db.engine import Database
from db.models import Casus, ContactLetter, Letter, Resident, User
from db.models.base import stored_id
from db.models.enums import Law, LetterKind, Role
from desktop.core.access.actor import Actor
from desktop.core.letters.decision_letters import (
    MINOR_WITHOUT_GEZAG,
    Addressee,
    Guardian,
    has_address,
    recipients,
    representative_problems,
    salutation_for,
    window_lines,
    window_problems,
)
from desktop.core.letters.jobs import CONTACT, Job, Prepared, Taken
from desktop.core.letters.letterhead import LetterSettings, letter_settings, logo
from desktop.core.letters.reach import REACH_BLOCKS, Consulent, of_user, reach
from desktop.core.letters.texts import block_specs, effective_texts, fill
from desktop.core.nl import format_date
from desktop.core.residents import people
from desktop.core.residents.names import joined_surname
from desktop.letters.content import LetterContent, Letterhead, Section

LAW_WORDS = {Law.WMO: "de Wmo", Law.JEUGDWET: "de Jeugdwet"}
KIND = LetterKind.CONTACTPERSOON

NO_ADDRESS = ("Het adres van de inwoner ontbreekt of is onvolledig. Vul straat, huisnummer, postcode en woonplaats "
              "in bij de inwoner; daarna kan de brief worden gemaakt.")
NO_CONSULENT = ("De nieuwe contactpersoon is niet meer bekend of niet meer actief. Draag de casussen van deze inwoner "
                "opnieuw over aan een actieve consulent; de brief wordt dan bijgewerkt.")
CONSULENT_CHANGED = ("De vaste consulent van deze inwoner is na de overdracht nog eens gewijzigd in het dossier. "
                     "Controleer wie de contactpersoon is en draag de casussen zo nodig opnieuw over.")


# ---------------------------------------------------------------- made by the hand-over

def request(s: Session, actor: Actor, moved: Iterable[tuple[int, int, int | None]], *,
            on: date | None = None) -> None:
    """Inside the hand-over's transaction: (resident_id, new consulent, previous vaste consulent) per resident.

    One pending request per resident: an existing one gets the new consulent (and keeps the consulent the
    resident knew before it); when that is the new consulent again, the pending request is dropped.
    """
    day = on or clock.today()
    for resident_id, new, previous in moved:
        stmt = select(ContactLetter).where(ContactLetter.resident_id == resident_id,
                                           col(ContactLetter.letter_id).is_(None))
        if s.get_bind().dialect.name == "postgresql":
            stmt = stmt.with_for_update()
        row = s.exec(stmt).first()
        if row is None:
            s.add(ContactLetter(resident_id=resident_id, consulent_id=new, previous_consulent_id=previous,
                                effective_date=day, requested_by_id=actor.user_id))
        elif row.previous_consulent_id is not None and row.previous_consulent_id == new:
            s.delete(row)  # back to the contact person the resident already knew: no letter needed
        else:
            row.consulent_id, row.effective_date = new, day
            row.requested_by_id, row.requested_at = actor.user_id, clock.now()
            s.add(row)


# ---------------------------------------------------------------- the letter

def make_kenmerk(request_id: int, letter_date: date) -> str:
    """'CP-2026-000042': contactpersoon, year of the letter, the request's number (unique by construction)."""
    return f"CP-{letter_date.year}-{request_id:06d}"


def support_words(laws: set[Law]) -> str:
    """'uw ondersteuning vanuit de Wmo en de Jeugdwet' ({{ondersteuning}})."""
    words = [LAW_WORDS[law] for law in (Law.WMO, Law.JEUGDWET) if law in laws]
    return f"uw ondersteuning vanuit {' en '.join(words)}" if words else "uw ondersteuning"


def content_of(addressee: Addressee, consulent: Consulent | None, laws: set[Law], effective: date,
               settings: LetterSettings, image: bytes | None, texts: dict[str, str], letter_date: date, kenmerk: str,
               *, draft: bool = False, guardians: tuple[Guardian, ...] = ()) -> tuple[LetterContent, list[str]]:
    """The letter's content from its text blocks, and the placeholders that had no value. `guardians` receive it
    instead of the resident (gezag of a minor, an adult's curator or mentor)."""
    contact = reach(consulent, settings)
    values = {"gemeente": settings.municipality, "naam": addressee.name, "kenmerk": kenmerk,
              "briefdatum": format_date(letter_date), "contactpersoon": consulent.name if consulent else "",
              "datum_overdracht": format_date(effective), "ondersteuning": support_words(laws)}
    missing: list[str] = []
    filled: dict[str, tuple[str | None, str]] = {}
    for spec in block_specs(KIND):
        text, gaps = fill(texts.get(spec.name, spec.default), values)
        heading = fill(spec.heading, values)[0] if spec.heading else None
        missing += gaps
        if draft and gaps:
            text = fill(texts.get(spec.name, spec.default), {**values, **{g: f"[ontbreekt: {g}]" for g in gaps}})[0]
        filled[spec.name] = (heading, text)
    sections = []
    for name, (heading, text) in filled.items():
        if name == "onderwerp":
            continue
        paragraphs = tuple(p.strip() for p in text.split("\n\n") if p.strip())
        bullets: tuple[str, ...] = ()
        if name in REACH_BLOCKS:
            paragraphs, bullets = (*paragraphs, contact.paragraph), contact.bullets
        sections.append(Section(heading=heading, paragraphs=paragraphs, bullets=bullets))
    subject = filled["onderwerp"][1]
    letterhead = Letterhead(municipality=settings.municipality or "[ontbreekt: gemeente]",
                            address_lines=settings.address_lines, contact_lines=settings.contact_lines, logo=image,
                            signer_name=settings.signer_name, signer_title=settings.signer_title)
    content = LetterContent(kind=KIND.value, letterhead=letterhead, addressee_lines=window_lines(addressee, guardians),
                            letter_date=letter_date, date_text=format_date(letter_date), kenmerk=kenmerk,
                            subject=subject, salutation=salutation_for(addressee, guardians), sections=tuple(sections),
                            metadata_subject=f"{subject}, kenmerk {kenmerk}")
    return content, missing


def recipient_problems(addressee: Addressee, guardians: tuple[Guardian, ...], needs_gezag: bool) -> list[str]:
    """What stops the window: a minor's letter in a Jeugdwet matter without gezag recorded, a missing address,
    a line too long for the window."""
    if guardians:
        return representative_problems(addressee, guardians)
    if needs_gezag:
        return [MINOR_WITHOUT_GEZAG]
    return ([] if has_address(addressee) else [NO_ADDRESS]) + window_problems(addressee)


class ResidentAddressee:
    """The part of a resident the address window and the salutation read (see decision_letters.Facts)."""

    def __init__(self, r: Resident):
        self.salutation, self.initials, self.prefix, self.surname = r.salutation, r.initials, r.prefix, r.surname
        self.street, self.house_number, self.house_number_suffix = r.street, r.house_number, r.house_number_suffix
        self.postcode, self.city = r.postcode, r.city

    @property
    def name(self) -> str:
        return " ".join(p for p in (self.initials, joined_surname(self.prefix, self.surname)) if p)


def settings_problems(settings: LetterSettings) -> list[str]:
    labels = (("municipality", "de naam van de gemeente"), ("signer_name", "de naam van de ondertekenaar"))
    return [f"De instelling '{label}' ontbreekt. Een beheerder vult die in bij Beheer > Brieven."
            for name, label in labels if not getattr(settings, name)]


# ---------------------------------------------------------------- the source

class ContactLetters:
    """Letters 'uw nieuwe contactpersoon': one per pending request."""

    name = CONTACT

    def pending(self, s: Session) -> list[int]:
        ids = s.exec(select(col(ContactLetter.id)).where(col(ContactLetter.letter_id).is_(None))
                     .order_by(col(ContactLetter.requested_at), col(ContactLetter.id))).all()
        return cast("list[int]", list(ids))  # primary keys: never None

    def prepare(self, db: Database, actor: Actor, ids: list[int], letter_date: date, *, new_version: bool,
                draft: bool) -> dict[int, Prepared]:
        settings = letter_settings(db)
        image = logo(db) if settings.has_logo else None
        texts = effective_texts(db, KIND)
        general = settings_problems(settings)
        with db.read() as s:
            rows = list(s.exec(select(ContactLetter, Resident, User)
                               .join(Resident, col(Resident.id) == ContactLetter.resident_id)
                               .join(User, col(User.id) == ContactLetter.consulent_id, isouter=True)
                               .where(col(ContactLetter.id).in_(ids), col(ContactLetter.letter_id).is_(None))
                               ).all()) \
                if ids else []
            laws: dict[tuple[int, int | None], set[Law]] = {}
            pairs = {(r.id, c.consulent_id) for c, r, _ in rows if c.consulent_id}
            if pairs:
                for rid, cid, law in s.exec(select(Casus.resident_id, Casus.consulent_id, Casus.law).where(
                        col(Casus.resident_id).in_({p[0] for p in pairs}), col(Casus.closed_date).is_(None))):
                    laws.setdefault((rid, cid), set()).add(Law(law))
            today = clock.today()
            represented = recipients(s, [(r, Law.JEUGDWET in laws.get((stored_id(r.id), c.consulent_id), set()))
                                         for c, r, _ in rows], today)
        out: dict[int, Prepared] = {}
        for c, r, user in rows:
            assert c.id is not None and r.id is not None  # read from the database
            addressee = ResidentAddressee(r)
            guardians = represented.get(r.id, ())
            minor_jeugd = Law.JEUGDWET in laws.get((r.id, c.consulent_id), set()) and people.is_minor(
                r.date_of_birth, today)
            problems = recipient_problems(addressee, guardians, minor_jeugd)
            contact = of_user(user) if user is not None else None
            if user is None or not user.active or user.role is not Role.CONSULENT:
                problems.append(NO_CONSULENT)
            else:
                if r.consulent_id != c.consulent_id:
                    problems.append(CONSULENT_CHANGED)
                problems += [p for p in (reach(contact, settings).problem,) if p]
            problems += general
            kenmerk = make_kenmerk(c.id, letter_date)
            consulent = user.display_name if user is not None else ""
            content, missing = content_of(addressee, contact, laws.get((r.id, c.consulent_id), set()),
                                          c.effective_date, settings, image, texts, letter_date, kenmerk, draft=draft,
                                          guardians=guardians)
            problems += [f"De brieftekst gebruikt {{{{{name}}}}}, maar die heeft voor deze inwoner geen waarde."
                         for name in dict.fromkeys(missing) if name not in ("gemeente", "contactpersoon")]
            out[c.id] = Prepared(Job(CONTACT, c.id), KIND, r.id, r.client_number, addressee.name, kenmerk,
                                 content if (draft or not problems) else None, problems,
                                 about=f"Nieuwe contactpersoon: {consulent or '–'}", since=c.effective_date,
                                 consulent_id=c.consulent_id)
        return out

    def claim(self, s: Session, p: Prepared, new_version: bool) -> None:
        stmt = select(ContactLetter).where(ContactLetter.id == p.job.id)
        if s.get_bind().dialect.name == "postgresql":
            stmt = stmt.with_for_update()
        row = s.exec(stmt).first()
        if row is None or row.letter_id is not None:
            raise Taken("Een collega heeft deze brief net gemaakt. Er is geen tweede brief gemaakt.")
        resident = s.get(Resident, row.resident_id)
        assert resident is not None  # foreign key, ON DELETE RESTRICT
        if row.consulent_id != p.consulent_id or resident.consulent_id != p.consulent_id:
            raise Taken("De contactpersoon van deze inwoner is intussen gewijzigd. Vernieuw de lijst en probeer het "
                        "opnieuw.")

    def archived(self, s: Session, p: Prepared, letter: Letter) -> None:
        row = s.get(ContactLetter, p.job.id)
        assert row is not None  # claimed in this transaction
        row.letter_id = letter.id
        s.add(row)

    def sent(self, s: Session, letter: Letter, sent_on: date) -> dict[str, list[Any]]:
        """Sending changes nothing beyond the letter itself."""
        return {}


CONTACTS = ContactLetters()
