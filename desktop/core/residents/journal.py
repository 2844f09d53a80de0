"""The contact journal of a casus: dated conversations, calls, home visits and consultations, with whom, what was
agreed and when to follow up.

Nothing recorded is ever edited: a correction is a new entry that points at the one it corrects and says why, so
the original stays readable, shown as corrected (database triggers hold the words too). Only the follow-up moves
or is marked done. A medewerker, beheerder or controller has no journal permission and gets nothing from here.
The access log names the kind, the dates and the entry's number, never what was said.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlmodel import Session, col, select

from db import clock
from db.engine import Database
from db.models import Casus, JournalEntry, Resident, User
from db.models.base import stored_id
from db.models.enums import JournalKind
from desktop.core import labels
from desktop.core.access import audit
from desktop.core.access.actor import Actor
from desktop.core.access.caseload import check_access, refusals_logged
from desktop.core.access.permissions import Action
from desktop.core.errors import ConflictError, KoersError, NotFoundError, ValidationError
from desktop.core.nl import format_date
from desktop.core.residents.register import casus_and_resident
from desktop.core.text import clean_text

KIND_LABELS = labels.JOURNAL_KIND
WITH_WHOM_MAX = 200
TEXT_MAX = 10_000  # a long conversation fits; a pasted document does not
REASON_MAX = 500
RECORD_TYPE = "journaal"
WORDS_FIXED = ("Wat in het journaal is vastgelegd, verandert niet. Leg een correctie vast: die bewaart het "
               "origineel en de reden.")


@dataclass
class JournalInput:
    kind: JournalKind | str | None
    contact_date: date | None
    with_whom: str = ""
    summary: str = ""
    agreements: str = ""
    follow_up_date: date | None = None


@dataclass(frozen=True)
class JournalRow:
    """One entry as the file shows it; `corrected_by_id` is the entry that replaces this one, if any."""

    id: int
    casus_id: int
    kind: JournalKind
    contact_date: date
    with_whom: str
    summary: str
    agreements: str
    follow_up_date: date | None
    follow_up_done_date: date | None
    follow_up_done_by: str
    author: str
    created_at: datetime
    corrects_id: int | None
    correction_reason: str | None
    corrected_by_id: int | None

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def corrected(self) -> bool:
        return self.corrected_by_id is not None

    @property
    def is_correction(self) -> bool:
        return self.corrects_id is not None

    @property
    def follow_up_open(self) -> bool:
        """Still to be done: a follow-up date, not marked done, and not replaced by a correction."""
        return self.follow_up_date is not None and self.follow_up_done_date is None and not self.corrected

    def to_input(self) -> JournalInput:
        """The entry as a form's starting point (a correction starts from what was recorded)."""
        return JournalInput(self.kind, self.contact_date, self.with_whom, self.summary, self.agreements,
                            self.follow_up_date)


# ---------------------------------------------------------------- checking


def check_entry(data: JournalInput, today: date) -> tuple[dict[str, Any], dict[str, str]]:
    """The cleaned column values and, per field, what is wrong (every problem at once)."""
    values: dict[str, Any] = {"contact_date": data.contact_date, "follow_up_date": data.follow_up_date}
    errors: dict[str, str] = {}

    def check(name: str, fn: Callable[[], object]) -> None:
        try:
            values[name] = fn()
        except ValidationError as exc:
            errors[name] = exc.message

    def kind() -> JournalKind:
        try:
            return JournalKind(data.kind or "")
        except ValueError:
            raise ValidationError("Kies de soort contact: gesprek, telefoongesprek, huisbezoek, overleg met "
                                  "aanbieder of netwerk, e-mail of overig.", field="kind") from None

    def summary() -> str:
        if not (data.summary or "").strip():
            raise ValidationError("Vul de samenvatting in: waar het contact over ging.", field="summary")
        return clean_text(data.summary, "de samenvatting", max_length=TEXT_MAX, required=True, multiline=True,
                          field="summary")

    check("kind", kind)
    check("with_whom", lambda: clean_text(data.with_whom, "met wie", max_length=WITH_WHOM_MAX, field="with_whom"))
    check("summary", summary)
    check("agreements", lambda: clean_text(data.agreements, "de afspraken", max_length=TEXT_MAX, multiline=True,
                                           field="agreements"))
    contact, follow = data.contact_date, data.follow_up_date
    if contact is None:
        errors["contact_date"] = "Vul de datum van het contact in (dd-mm-jjjj)."
    elif contact > today:
        errors["contact_date"] = (f"De datum van het contact ({format_date(contact)}) ligt in de toekomst. Leg een "
                                  "contact vast nadat het er is geweest; wat nog komt, is een opvolgdatum.")
    if contact is not None and follow is not None and follow < contact:
        errors["follow_up_date"] = (f"De opvolgdatum ({format_date(follow)}) ligt vóór de datum van het contact "
                                    f"({format_date(contact)}). Kies een latere datum of laat hem leeg.")
    return values, errors


def check_reason(text: str | None) -> str:
    """The reason a correction is made: required, because the original stays beside it."""
    if not (text or "").strip():
        raise ValidationError("Vul de reden van de correctie in: wat klopte er niet aan het oorspronkelijke "
                              "contact?", field="correction_reason")
    return clean_text(text, "de reden van de correctie", max_length=REASON_MAX, required=True, multiline=True,
                      field="correction_reason")


# ---------------------------------------------------------------- writing


def add_entry(db: Database, actor: Actor, casus_id: int, data: JournalInput, *,
              reason: str | None = None) -> JournalEntry:
    """Records one contact on a casus. Every problem at once; nothing stored on any."""
    audit.require(db, actor, Action.JOURNAL_WRITE)
    values, errors = check_entry(data, clock.today())
    with refusals_logged(db, actor), db.write() as s:
        casus, resident = casus_and_resident(s, casus_id)
        why = check_access(s, actor, resident, reason, Action.RESIDENT_VIEW)
        if errors:
            raise ValidationError.of_fields("Het contact is niet vastgelegd. Herstel eerst:", errors)
        entry = JournalEntry(casus_id=stored_id(casus.id), author_id=actor.user_id, **values)
        s.add(entry)
        _flush(s)
        audit.record(s, actor, Action.JOURNAL_WRITE.value, resident_id=resident.id,
                     client_number=resident.client_number, record_type=RECORD_TYPE, record_id=entry.id, reason=why,
                     changes=_logged(None, entry))
        s.refresh(entry)
        return entry


def correct_entry(db: Database, actor: Actor, entry_id: int, data: JournalInput, correction_reason: str | None, *,
                  reason: str | None = None) -> JournalEntry:
    """A new entry that replaces `entry_id`, with the reason; the original stays, shown as corrected. Only the
    latest version can be corrected, so corrections form one chain."""
    audit.require(db, actor, Action.JOURNAL_WRITE)
    values, errors = check_entry(data, clock.today())
    try:
        cleaned_reason = check_reason(correction_reason)
    except ValidationError as exc:
        errors["correction_reason"] = exc.message
    with refusals_logged(db, actor), db.write() as s:
        original, resident = _entry_and_resident(s, entry_id)
        why = check_access(s, actor, resident, reason, Action.RESIDENT_VIEW)
        _refuse_if_corrected(s, original, "Corrigeer de nieuwste versie; die staat erboven in het journaal.")
        if errors:
            raise ValidationError.of_fields("De correctie is niet vastgelegd. Herstel eerst:", errors)
        if all(values[k] == getattr(original, k) for k in values):
            raise ValidationError("De correctie is gelijk aan het contact dat u corrigeert. Pas aan wat niet "
                                  "klopte, of annuleer.")
        entry = JournalEntry(casus_id=original.casus_id, author_id=actor.user_id, corrects_id=original.id,
                             correction_reason=cleaned_reason, **values)
        if entry.follow_up_date is not None and entry.follow_up_date == original.follow_up_date:
            # the same follow-up, already handled: the correction does not bring it back to the werkvoorraad
            entry.follow_up_done_date = original.follow_up_done_date
            entry.follow_up_done_by_id = original.follow_up_done_by_id
        s.add(entry)
        _flush(s)
        audit.record(s, actor, "journaal.corrigeren", resident_id=resident.id, client_number=resident.client_number,
                     record_type=RECORD_TYPE, record_id=entry.id, reason=why,
                     changes={"corrigeert": [None, original.id], **_logged(original, entry)})
        s.refresh(entry)
        return entry


def mark_follow_up_done(db: Database, actor: Actor, entry_id: int, done_on: date, *,
                        reason: str | None = None) -> JournalEntry:
    """The follow-up is handled: it leaves the werkvoorraad."""
    audit.require(db, actor, Action.JOURNAL_WRITE)
    with refusals_logged(db, actor), db.write() as s:
        entry, resident = _entry_and_resident(s, entry_id, lock=True)
        why = check_access(s, actor, resident, reason, Action.RESIDENT_VIEW)
        _refuse_if_corrected(s, entry, "Handel de opvolging af bij de nieuwste versie.")
        if entry.follow_up_date is None:
            raise ValidationError("Bij dit contact staat geen opvolging; er is niets af te handelen.")
        if entry.follow_up_done_date is not None:
            raise ValidationError(f"De opvolging is al afgehandeld op {format_date(entry.follow_up_done_date)}.")
        if done_on > clock.today():
            raise ValidationError(f"De datum van afhandelen ({format_date(done_on)}) ligt in de toekomst. Kies "
                                  "vandaag of een eerdere dag.", field="done_on")
        if done_on < entry.contact_date:
            raise ValidationError(f"De datum van afhandelen ({format_date(done_on)}) ligt vóór het contact "
                                  f"({format_date(entry.contact_date)}). Controleer de datum.", field="done_on")
        entry.follow_up_done_date, entry.follow_up_done_by_id = done_on, actor.user_id
        _flush(s)
        audit.record(s, actor, "journaal.opvolging_afgehandeld", resident_id=resident.id,
                     client_number=resident.client_number, record_type=RECORD_TYPE, record_id=entry.id, reason=why,
                     changes={"follow_up_done_date": [None, done_on.isoformat()]})
        s.refresh(entry)
        return entry


def move_follow_up(db: Database, actor: Actor, entry_id: int, new_date: date, *,
                   reason: str | None = None) -> JournalEntry:
    """Another follow-up date (or a first one); the log keeps the old and the new date."""
    audit.require(db, actor, Action.JOURNAL_WRITE)
    with refusals_logged(db, actor), db.write() as s:
        entry, resident = _entry_and_resident(s, entry_id, lock=True)
        why = check_access(s, actor, resident, reason, Action.RESIDENT_VIEW)
        _refuse_if_corrected(s, entry, "Verplaats de opvolging bij de nieuwste versie.")
        if entry.follow_up_done_date is not None:
            raise ValidationError(f"De opvolging is al afgehandeld op {format_date(entry.follow_up_done_date)}; "
                                  "een afgehandelde opvolging verplaatst u niet.")
        if new_date < entry.contact_date:
            raise ValidationError(f"De opvolgdatum ({format_date(new_date)}) ligt vóór de datum van het contact "
                                  f"({format_date(entry.contact_date)}). Kies een latere datum.",
                                  field="follow_up_date")
        old = entry.follow_up_date
        if old == new_date:
            s.refresh(entry)
            return entry
        entry.follow_up_date = new_date
        _flush(s)
        audit.record(s, actor, "journaal.opvolging_verplaatsen", resident_id=resident.id,
                     client_number=resident.client_number, record_type=RECORD_TYPE, record_id=entry.id, reason=why,
                     changes={"follow_up_date": [old.isoformat() if old else None, new_date.isoformat()]})
        s.refresh(entry)
        return entry


def _entry_and_resident(s: Session, entry_id: int, *, lock: bool = True) -> tuple[JournalEntry, Resident]:
    """The entry, locked against a colleague correcting it at the same moment (PostgreSQL; SQLite writes one at
    a time anyway), and its resident."""
    entry = s.get(JournalEntry, entry_id, with_for_update=lock)
    if entry is None:
        raise NotFoundError("Dit contact staat niet (meer) in het journaal. Vernieuw het scherm.")
    _casus, resident = casus_and_resident(s, entry.casus_id)
    return entry, resident


def _refuse_if_corrected(s: Session, entry: JournalEntry, what_now: str) -> None:
    later = s.exec(select(JournalEntry).where(JournalEntry.corrects_id == entry.id)).first()
    if later is not None:
        author = s.get(User, later.author_id) if later.author_id else None
        by = f" door {author.display_name}" if author else ""
        raise ConflictError(f"Dit contact is al gecorrigeerd{by} (vastgelegd op "
                            f"{format_date(later.created_at.astimezone(clock.AMSTERDAM).date())}). {what_now}")


def _flush(s: Session) -> None:
    """A refusal of the database (the triggers that hold the words, the one-correction rule) in Dutch."""
    try:
        s.flush()
    except (IntegrityError, DBAPIError) as exc:
        text = str(exc.orig)
        if "koers:journaal" in text:
            raise KoersError(WORDS_FIXED) from exc
        if "corrects_id" in text:
            raise ConflictError("Een collega heeft dit contact zojuist gecorrigeerd. Vernieuw het journaal en "
                                "corrigeer zo nodig de nieuwste versie.") from exc
        raise


def _logged(before: JournalEntry | None, after: JournalEntry) -> dict[str, list[Any]]:
    """Kind and dates only: what was said stays in the journal, never in the access log."""
    pairs = {"contactsoort": (before.kind if before else None, after.kind),
             "contact_date": (before.contact_date if before else None, after.contact_date),
             "follow_up_date": (before.follow_up_date if before else None, after.follow_up_date)}
    return {k: [audit.value(old), audit.value(new)] for k, (old, new) in pairs.items()
            if old != new}


# ---------------------------------------------------------------- reading


def list_entries(db: Database, actor: Actor, *, casus_id: int | None = None, resident_id: int | None = None,
                 reason: str | None = None) -> list[JournalRow]:
    """The journal of one casus, or of all the resident's cases, newest first (a correction above what it
    corrects). Needs the journal permission and the caseload rule; each reading is one line in the access log."""
    if (casus_id is None) == (resident_id is None):
        raise ValueError("list_entries: give casus_id or resident_id")
    audit.require(db, actor, Action.JOURNAL_VIEW)
    with refusals_logged(db, actor), db.write() as s:
        if casus_id is not None:
            _casus, resident = casus_and_resident(s, casus_id)
            case_ids = [casus_id]
        else:
            found = s.get(Resident, resident_id)
            if found is None:
                raise NotFoundError("Deze inwoner bestaat niet (meer).")
            resident = found
            case_ids = [stored_id(i) for i in s.exec(select(col(Casus.id)).where(Casus.resident_id == resident_id))]
        why = check_access(s, actor, resident, reason, Action.RESIDENT_VIEW)
        entries = list(s.exec(select(JournalEntry).where(col(JournalEntry.casus_id).in_(case_ids))
                              .order_by(col(JournalEntry.contact_date).desc(), col(JournalEntry.id).desc()))
                       ) if case_ids else []
        names = _names(s, {e.author_id for e in entries} | {e.follow_up_done_by_id for e in entries})
        corrected_by: dict[int | None, int] = {e.corrects_id: stored_id(e.id) for e in entries if e.corrects_id}
        audit.record(s, actor, Action.JOURNAL_VIEW.value, resident_id=resident.id,
                     client_number=resident.client_number, record_type=RECORD_TYPE, record_id=casus_id, reason=why,
                     changes={"regels": [None, len(entries)]})
    return [JournalRow(
        id=stored_id(e.id), casus_id=e.casus_id, kind=e.kind, contact_date=e.contact_date,
        with_whom=e.with_whom or "", summary=e.summary, agreements=e.agreements or "",
        follow_up_date=e.follow_up_date, follow_up_done_date=e.follow_up_done_date,
        follow_up_done_by=names.get(e.follow_up_done_by_id, ""), author=names.get(e.author_id, ""),
        created_at=e.created_at, corrects_id=e.corrects_id, correction_reason=e.correction_reason,
        corrected_by_id=corrected_by.get(e.id)) for e in entries]


def _names(s: Session, ids: set[int | None]) -> dict[int | None, str]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    return {uid: name for uid, name in s.exec(select(User.id, User.display_name).where(col(User.id).in_(wanted)))}
