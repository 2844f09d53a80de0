"""Letters 'uw nieuwe contactpersoon' after a caseload hand-over: the queue, pre-flight, issuing, sending, archive.

`caseload.hand_over` adds a PENDING contact_letter for every resident whose vaste consulent changed, in the
same transaction as the hand-over (`request`); a second hand-over before printing updates that row instead of
adding another, and a hand-over back to the consulent the resident already knew drops it.

Issuing works like the decision letters (desktop/core/letters.py): the PDF is rendered first, then one short
write transaction per letter stores the exact bytes with their SHA-256 and the kenmerk, with one access-log
line ('brief.contactpersoon'). A cancelled or failed batch leaves only whole letters. The bytes are never made
again; `open_contact_letter` checks the hash before handing them out, and `koers check` checks every letter.
Nothing here writes personal data to a plain log file.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, select

from db import clock
from db.engine import Database
from db.models import Casus, ContactLetter, Resident, User
from db.models.enums import Law, Role, Salutation
from desktop.core.access import audit
from desktop.core.access.actor import Actor
from desktop.core.access.caseload import check_access, refusals_logged
from desktop.core.access.permissions import Action
from desktop.core.errors import KoersError, NotFoundError, ValidationError
from desktop.core.letters.decision_letters import addressee_lines, has_address, salutation_line
from desktop.core.letters.letterhead import LetterSettings, letter_settings, logo
from desktop.core.letters.pipeline import LetterDamaged
from desktop.core.nl import format_date
from desktop.core.residents.names import display_name, joined_surname
from desktop.letters.content import LetterContent, Letterhead, Section

AUDIT_ACTION = "brief.contactpersoon"
RECORD_TYPE = "contactbrief"
KIND = "contactpersoon"  # LetterContent.kind
SUBJECT = "Uw nieuwe contactpersoon"
LAW_WORDS = {Law.WMO: "de Wmo", Law.JEUGDWET: "de Jeugdwet"}
NO_ADDRESS = ("Het adres van de inwoner ontbreekt of is onvolledig. Vul straat, huisnummer, postcode en woonplaats "
              "in bij de inwoner; daarna kan de brief worden gemaakt.")
NO_CONSULENT = ("De nieuwe contactpersoon is niet meer bekend of niet meer actief. Draag de casussen van deze inwoner "
                "opnieuw over aan een actieve consulent; de brief wordt dan bijgewerkt.")
CONSULENT_CHANGED = ("De vaste consulent van deze inwoner is na de overdracht nog eens gewijzigd in het dossier. "
                     "Controleer wie de contactpersoon is en draag de casussen zo nodig opnieuw over.")
GONE = "Deze brief is al gemaakt of bestaat niet meer. Vernieuw de lijst."


@dataclass(frozen=True)
class ContactLetterRow:
    """One pending letter, with the pre-flight verdict (empty `problems`: ready to issue)."""

    id: int
    resident_id: int
    client_number: str
    resident_name: str  # list order: 'Vries, J. de'
    consulent_id: int | None
    consulent_name: str  # the new contact person ('' when gone)
    previous_consulent_name: str  # '' when there was none
    effective_date: date  # the day of the hand-over
    requested_at: datetime
    problems: tuple[str, ...] = ()

    @property
    def ready(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class ContactParked:
    """A pending letter left out of a batch, and what to fix first."""

    id: int
    client_number: str
    resident_name: str
    problems: tuple[str, ...]


@dataclass(frozen=True)
class ContactPreflight:
    ready: tuple[int, ...]  # contact_letter ids that can be issued, in the order asked
    parked: tuple[ContactParked, ...]

    @property
    def ok(self) -> bool:
        return not self.parked


@dataclass(frozen=True)
class ContactBatchResult:
    letter_ids: tuple[int, ...]  # issued, in order
    printer_pdf: bytes  # all issued letters in one PDF for the printer (b"" when none)
    parked: tuple[ContactParked, ...]  # left out by the pre-flight, or changed by a colleague meanwhile
    cancelled: bool  # stopped by cancelled() before every ready letter was issued
    kenmerken: tuple[str, ...] = ()  # same order as letter_ids
    total: int = 0  # how many were ready when the batch started


@dataclass(frozen=True)
class IssuedContactLetter:
    """An issued letter that has not been marked as sent yet (for 'Markeren als verzonden')."""

    id: int
    kenmerk: str
    client_number: str
    resident_name: str
    consulent_name: str
    letter_date: date
    issued_at: datetime


def request(s: Session, actor: Actor, moved: Iterable[tuple[int, int, int | None]], *,
            on: date | None = None) -> None:
    """Inside the hand-over's transaction: (resident_id, new consulent, previous vaste consulent) per resident.

    One pending letter per resident: an existing one gets the new consulent (and keeps the consulent the
    resident knew before it); when that is the new consulent again, the pending letter is dropped.
    """
    day = on or clock.today()
    for resident_id, new, previous in moved:
        stmt = select(ContactLetter).where(ContactLetter.resident_id == resident_id, ContactLetter.issued_at.is_(None))
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


@dataclass(frozen=True)
class _Addressee:
    """The part of letter_build.Facts that addressee_lines and salutation_line read."""

    salutation: Salutation
    initials: str
    prefix: str | None
    surname: str
    street: str | None
    house_number: int | None
    house_number_suffix: str | None
    postcode: str | None
    city: str | None

    @property
    def name(self) -> str:
        return " ".join(p for p in (self.initials, joined_surname(self.prefix, self.surname)) if p)


@dataclass
class _Prepared:
    id: int
    resident_id: int
    client_number: str
    resident_name: str
    consulent_id: int | None
    kenmerk: str
    content: LetterContent | None
    problems: list[str]


def _settings_problems(settings: LetterSettings) -> list[str]:
    labels = (("municipality", "de naam van de gemeente"), ("signer_name", "de naam van de ondertekenaar"))
    return [f"De instelling '{label}' ontbreekt. Een beheerder vult die in bij Beheer > Brieven."
            for name, label in labels if not getattr(settings, name)]


def make_kenmerk(letter_id: int, letter_date: date) -> str:
    """'CP-2026-000042': contactpersoon, year of the letter, the row's number (unique by construction)."""
    return f"CP-{letter_date.year}-{letter_id:06d}"


def _laws(laws: set[Law]) -> str:
    words = [LAW_WORDS[law] for law in (Law.WMO, Law.JEUGDWET) if law in laws]
    return " en ".join(words)


def _content(addressee: _Addressee, consulent: str, laws: set[Law], effective: date, settings: LetterSettings,
             image: bytes | None, letter_date: date, kenmerk: str) -> LetterContent:
    support = f"uw ondersteuning vanuit {_laws(laws)}" if laws else "uw ondersteuning"
    first = (f"Vanaf {format_date(effective)} is {consulent} uw contactpersoon bij de gemeente voor {support}. "
             f"{consulent} is consulent en neemt het werk over van uw vorige contactpersoon.")
    second = ("Uw ondersteuning blijft hetzelfde. Ook de besluiten die u van ons hebt gekregen, blijven gewoon "
              "gelden. U hoeft hiervoor niets te doen.")
    third = (f"Hebt u een vraag? Neem dan contact met ons op en vraag naar {consulent}. Noem daarbij het kenmerk "
             f"van deze brief: {kenmerk}.")
    contact = tuple(settings.contact_lines)
    sections = (Section(paragraphs=(first, second)),
                Section(heading="Zo bereikt u ons", paragraphs=(third,), bullets=contact))
    letterhead = Letterhead(municipality=settings.municipality, address_lines=settings.address_lines,
                            contact_lines=settings.contact_lines, logo=image, signer_name=settings.signer_name,
                            signer_title=settings.signer_title)
    return LetterContent(kind=KIND, letterhead=letterhead, addressee_lines=addressee_lines(addressee),  # type: ignore[arg-type]
                         letter_date=letter_date, date_text=format_date(letter_date), kenmerk=kenmerk, subject=SUBJECT,
                         salutation=salutation_line(addressee),  # type: ignore[arg-type]
                         sections=sections, metadata_subject=f"{SUBJECT}, kenmerk {kenmerk}")


def _gather(s: Session, ids: list[int]) -> list[tuple[ContactLetter, Resident, User | None]]:
    if not ids:
        return []
    return list(s.exec(select(ContactLetter, Resident, User).join(Resident, Resident.id == ContactLetter.resident_id)
                       .join(User, User.id == ContactLetter.consulent_id, isouter=True)
                       .where(ContactLetter.id.in_(ids), ContactLetter.issued_at.is_(None))).all())


def _prepare(db: Database, ids: list[int], letter_date: date, *, render: bool) -> dict[int, _Prepared]:
    settings = letter_settings(db)
    image = logo(db) if render and settings.has_logo else None
    general = _settings_problems(settings)
    out: dict[int, _Prepared] = {}
    with db.read() as s:
        rows = _gather(s, ids)
        laws: dict[tuple[int, int], set[Law]] = {}
        pairs = {(r.id, c.consulent_id) for c, r, _ in rows if c.consulent_id}
        if pairs:
            for rid, cid, law in s.exec(select(Casus.resident_id, Casus.consulent_id, Casus.law).where(
                    Casus.resident_id.in_({p[0] for p in pairs}), Casus.closed_date.is_(None))):
                laws.setdefault((rid, cid), set()).add(Law(law))
    for c, r, user in rows:
        problems = []
        address = _Addressee(r.salutation, r.initials, r.prefix, r.surname, r.street, r.house_number,
                             r.house_number_suffix, r.postcode, r.city)
        if not has_address(address):  # type: ignore[arg-type]
            problems.append(NO_ADDRESS)
        if user is None or not user.active or user.role is not Role.CONSULENT:
            problems.append(NO_CONSULENT)
        elif r.consulent_id != c.consulent_id:
            problems.append(CONSULENT_CHANGED)
        problems += general
        kenmerk = make_kenmerk(c.id, letter_date)
        content = None
        if render and not problems:
            content = _content(address, user.display_name, laws.get((r.id, c.consulent_id), set()),
                               c.effective_date, settings, image, letter_date, kenmerk)
        out[c.id] = _Prepared(c.id, r.id, r.client_number, display_name(r.surname, r.initials, r.prefix),
                              c.consulent_id, kenmerk, content, problems)
    return out


def _parked(p: _Prepared) -> ContactParked:
    return ContactParked(p.id, p.client_number, p.resident_name, tuple(p.problems))


def _split(prepared: dict[int, _Prepared], ids: list[int]) -> tuple[list[_Prepared], list[ContactParked]]:
    parked = [_parked(prepared[i]) for i in ids if i in prepared and prepared[i].problems]
    parked += [ContactParked(i, "", "", (GONE,)) for i in ids if i not in prepared]
    return [prepared[i] for i in ids if i in prepared and not prepared[i].problems], parked


def pending(db: Database, actor: Actor, *, letter_date: date | None = None) -> list[ContactLetterRow]:
    """Pending letters, oldest hand-over first, each with the pre-flight verdict. One access-log line."""
    audit.require(db, actor, Action.LETTER_QUEUE)
    with db.read() as s:
        ids = list(s.exec(select(ContactLetter.id).where(ContactLetter.issued_at.is_(None))
                          .order_by(ContactLetter.requested_at, ContactLetter.id)).all())
        extra = {c.id: (c.requested_at, c.effective_date, c.previous_consulent_id)
                 for c, _, _ in _gather(s, ids)}
        names = dict(s.exec(select(User.id, User.display_name).where(User.id.in_(
            {v[2] for v in extra.values() if v[2]}))).all()) if extra else {}
        consulent_names = dict(s.exec(select(User.id, User.display_name).join(
            ContactLetter, ContactLetter.consulent_id == User.id).where(ContactLetter.id.in_(ids))).all())
    prepared = _prepare(db, ids, letter_date or clock.today(), render=False)
    rows = []
    for i in ids:
        p = prepared.get(i)
        if p is None:
            continue
        requested_at, effective, previous = extra[i]
        rows.append(ContactLetterRow(i, p.resident_id, p.client_number, p.resident_name, p.consulent_id,
                                     consulent_names.get(p.consulent_id, "") if p.consulent_id else "",
                                     names.get(previous, "") if previous else "", effective, requested_at,
                                     tuple(p.problems)))
    with db.write() as s:
        audit.record(s, actor, Action.LETTER_QUEUE.value, record_type=RECORD_TYPE,
                     changes={"getoond": [None, len(rows)]})
    return rows


def preflight(db: Database, actor: Actor, ids: Iterable[int], *, letter_date: date | None = None) -> ContactPreflight:
    """Which of these pending letters can be issued, and what to fix for the others. Nothing is written."""
    audit.require(db, actor, Action.LETTER_QUEUE)
    wanted = list(dict.fromkeys(ids))
    ready, parked = _split(_prepare(db, wanted, letter_date or clock.today(), render=False), wanted)
    return ContactPreflight(tuple(p.id for p in ready), tuple(parked))


class _Taken(KoersError):
    """Issued by a colleague, or changed, between the pre-flight and now."""


def _render(content: LetterContent) -> bytes:
    from desktop.letters.beschikking import render_letter  # ReportLab loads slowly: only when needed

    return render_letter(content)


def _store(db: Database, actor: Actor, p: _Prepared, pdf: bytes, letter_date: date) -> int:
    with db.write() as s:
        stmt = select(ContactLetter).where(ContactLetter.id == p.id)
        if s.get_bind().dialect.name == "postgresql":
            stmt = stmt.with_for_update()
        row = s.exec(stmt).first()
        if row is None or row.issued_at is not None:
            raise _Taken("Een collega heeft deze brief net gemaakt. Er is geen tweede brief gemaakt.")
        resident = s.get(Resident, row.resident_id)
        if row.consulent_id != p.consulent_id or resident.consulent_id != p.consulent_id:
            raise _Taken("De contactpersoon van deze inwoner is intussen gewijzigd. Vernieuw de lijst en probeer het "
                         "opnieuw.")
        row.kenmerk, row.pdf, row.sha256 = p.kenmerk, pdf, hashlib.sha256(pdf).hexdigest()
        row.letter_date, row.issued_by_id, row.issued_at = letter_date, actor.user_id, clock.now()
        s.add(row)
        s.flush()
        audit.record(s, actor, AUDIT_ACTION, resident_id=resident.id, client_number=resident.client_number,
                     record_type=RECORD_TYPE, record_id=row.id,
                     changes={"kenmerk": [None, p.kenmerk], "consulent_id": [None, p.consulent_id]})
        return row.id


def issue(db: Database, actor: Actor, ids: Iterable[int], *, letter_date: date,
          progress: Callable[[int, int], Any] | None = None,
          cancelled: Callable[[], bool] | None = None) -> ContactBatchResult:
    """Issues the pending letters that pass the pre-flight; the others come back as parked.

    Per letter: render, then one short transaction that stores the bytes with their SHA-256 and kenmerk and
    writes the access-log line. `progress(done, total)` after each letter; `cancelled()` before each letter.
    """
    audit.require(db, actor, Action.LETTER_QUEUE)
    wanted = list(dict.fromkeys(ids))
    ready, parked = _split(_prepare(db, wanted, letter_date, render=True), wanted)
    issued: list[tuple[int, str, LetterContent]] = []
    stopped = False
    for n, p in enumerate(ready):
        if cancelled is not None and cancelled():
            stopped = True
            break
        pdf = _render(p.content)
        try:
            letter_id = _store(db, actor, p, pdf, letter_date)
        except _Taken as taken:
            parked.append(ContactParked(p.id, p.client_number, p.resident_name, (taken.message,)))
        else:
            issued.append((letter_id, p.kenmerk, p.content))
        if progress is not None:
            progress(n + 1, len(ready))
    printer = b""
    if issued:
        from desktop.letters.beschikking import render_letters

        printer = render_letters(c for _, _, c in issued)
    return ContactBatchResult(tuple(i for i, _, _ in issued), printer, tuple(parked), stopped,
                              tuple(k for _, k, _ in issued), len(ready))


def unsent(db: Database, actor: Actor) -> list[IssuedContactLetter]:
    """Issued letters not yet marked as sent, oldest first."""
    audit.require(db, actor, Action.LETTER_QUEUE)
    with db.read() as s:
        rows = s.exec(select(ContactLetter, Resident, User).join(Resident, Resident.id == ContactLetter.resident_id)
                      .join(User, User.id == ContactLetter.consulent_id, isouter=True)
                      .where(ContactLetter.issued_at.is_not(None), ContactLetter.sent_date.is_(None))
                      .order_by(ContactLetter.issued_at, ContactLetter.id)).all()
        return [IssuedContactLetter(c.id, c.kenmerk, r.client_number, display_name(r.surname, r.initials, r.prefix),
                                    u.display_name if u else "", c.letter_date, c.issued_at) for c, r, u in rows]


def mark_sent(db: Database, actor: Actor, ids: Iterable[int], sent_on: date) -> int:
    """Records that these letters went out on `sent_on`. All or nothing; returns the count."""
    audit.require(db, actor, Action.LETTER_SEND)
    wanted = list(dict.fromkeys(ids))
    if not wanted:
        raise ValidationError("Kies ten minste één brief.", field="ids")
    if sent_on > clock.today():
        raise ValidationError("De verzenddatum ligt in de toekomst. Markeer een brief als verzonden op de dag dat hij "
                              "echt de deur uit gaat.", field="sent_on")
    with db.write() as s:
        stmt = select(ContactLetter).where(ContactLetter.id.in_(wanted))
        if s.get_bind().dialect.name == "postgresql":
            stmt = stmt.with_for_update()
        found = {c.id: c for c in s.exec(stmt)}
        problems = []
        for i in wanted:
            c = found.get(i)
            if c is None or c.issued_at is None:
                problems.append(f"Brief {i} bestaat niet of is nog niet gemaakt.")
            elif c.sent_date is not None:
                problems.append(f"Brief {c.kenmerk} is al verzonden op {format_date(c.sent_date)}.")
            elif sent_on < c.letter_date:
                problems.append(f"Brief {c.kenmerk} is gedateerd {format_date(c.letter_date)}; hij kan niet eerder "
                                "zijn verzonden.")
        if problems:
            raise ValidationError("Er is niets als verzonden gemarkeerd. Herstel eerst:", problems=problems)
        residents = {r.id: r for r in s.exec(select(Resident).where(
            Resident.id.in_({c.resident_id for c in found.values()})))}
        for i in wanted:
            c = found[i]
            c.sent_date = sent_on
            s.add(c)
            resident = residents[c.resident_id]
            audit.record(s, actor, Action.LETTER_SEND.value, resident_id=resident.id,
                         client_number=resident.client_number, record_type=RECORD_TYPE, record_id=c.id,
                         changes={"sent_date": [None, sent_on.isoformat()], "kenmerk": [None, c.kenmerk]})
    return len(wanted)


def open_contact_letter(db: Database, actor: Actor, letter_id: int, *, reason: str | None = None) -> bytes:
    """The exact bytes as issued, after checking their SHA-256; the access is logged (caseload rule applies)."""
    audit.require(db, actor, Action.RESIDENT_VIEW)
    with refusals_logged(db, actor), db.write() as s:
        row = s.get(ContactLetter, letter_id)
        if row is None or row.issued_at is None:
            raise NotFoundError("Deze brief bestaat niet (meer) of is nog niet gemaakt.")
        resident = s.get(Resident, row.resident_id)
        why = check_access(s, actor, resident, reason, Action.RESIDENT_VIEW)
        pdf, sha, kenmerk = bytes(row.pdf), row.sha256, row.kenmerk
        audit.record(s, actor, "brief.inzien", resident_id=resident.id, client_number=resident.client_number,
                     record_type=RECORD_TYPE, record_id=row.id, reason=why)
    if hashlib.sha256(pdf).hexdigest() != sha:
        raise LetterDamaged(f"De opgeslagen brief {kenmerk} is veranderd sinds hij is gemaakt: de controle (SHA-256) "
                            "klopt niet. Gebruik deze brief niet. Vraag de beheerder een reservekopie terug te zetten.")
    return pdf


__all__ = ["ContactBatchResult", "ContactLetterRow", "ContactParked", "ContactPreflight", "IssuedContactLetter",
           "LetterDamaged", "issue", "make_kenmerk", "mark_sent", "open_contact_letter", "pending", "preflight",
           "request", "unsent"]
