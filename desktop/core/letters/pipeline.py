"""Decision letters (beschikkingsbrieven): preview, the queue, pre-flight, issuing in batches, sending, archive.

A letter once issued is kept exactly as printed (PDF bytes + SHA-256) and is never made again silently:
issuing for a decision that already has a letter of that kind is refused unless the caller asks for a new
version, which gets a new kenmerk ('...-T2').

Transactions: every letter is its own short write transaction (letter row with its bytes and hash, the
batch counter, the access-log line). The PDF is rendered *before* that transaction, so a write lock is
held for milliseconds, not for the 20 seconds a 1,000-letter batch takes; colleagues can keep working.
A cancelled or failed batch therefore leaves only whole letters: each one issued completely, with its
batch, or not at all. The decision's status changes later, with the sending (mark_sent), in one
transaction together with the letters' sent date.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from contextlib import closing
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import and_, exists, or_
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import select

from db import clock
from db.engine import Database
from db.models import Beschikking, Casus, Letter, LetterBatch, Resident, User
from db.models.enums import DecisionStatus, Law, LetterKind
from desktop.core.access import audit
from desktop.core.access.actor import Actor
from desktop.core.access.caseload import is_own_caseload, refusals_logged
from desktop.core.access.permissions import Action
from desktop.core.decisions.queries import open_decision
from desktop.core.errors import ConflictError, KoersError, NotFoundError, ValidationError
from desktop.core.letters.decision_letters import Facts, assemble, gather, letter_kind, make_kenmerk
from desktop.core.letters.letterhead import letter_settings, logo
from desktop.core.letters.texts import effective_texts, validate_template
from desktop.core.nl import format_date
from desktop.letters.content import LetterContent

ISSUABLE = {LetterKind.TOEKENNING: DecisionStatus.VASTGESTELD, LetterKind.WIJZIGING: DecisionStatus.VASTGESTELD,
            LetterKind.AFWIJZING: DecisionStatus.VASTGESTELD, LetterKind.BEEINDIGING: DecisionStatus.BEEINDIGD}


@dataclass(frozen=True)
class QueueRow:
    """One decision waiting for its letter, with the pre-flight verdict."""

    decision_id: int
    resident_id: int
    client_number: str
    resident_name: str  # "A. de Vries"
    kind: LetterKind  # the letter it gets
    law: Law
    toewijzing_nummer: str
    established_date: date | None  # 'datum vastgesteld'
    product: str
    aanbieder: str
    problems: tuple[str, ...]  # empty: ready to issue ('te herstellen' otherwise)

    @property
    def ready(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class Parked:
    """A decision left out of a batch, and what to fix first."""

    decision_id: int
    toewijzing_nummer: str
    resident_name: str
    client_number: str
    problems: tuple[str, ...]


@dataclass(frozen=True)
class PreflightResult:
    ready: tuple[int, ...]  # decision ids that can be issued, in the order asked
    parked: tuple[Parked, ...]
    kenmerken: dict[int, str] = field(default_factory=dict)  # decision id -> the kenmerk it will get

    @property
    def ok(self) -> bool:
        return not self.parked


@dataclass(frozen=True)
class BatchResult:
    batch_id: int | None  # None when nothing was issued
    letter_ids: tuple[int, ...]  # issued, in order
    kenmerken: tuple[str, ...]  # same order as letter_ids
    printer_pdf: bytes  # all issued letters in one PDF for the printer (b"" when none)
    parked: tuple[Parked, ...]  # left out by the pre-flight, or taken by a colleague meanwhile
    cancelled: bool  # stopped by cancelled() before every ready letter was issued
    total: int  # how many were ready when the batch started


@dataclass(frozen=True)
class LetterRow:
    id: int
    decision_id: int
    kind: LetterKind
    kenmerk: str
    letter_date: date | None
    issued_at: datetime
    issued_by: str  # display name, '' when the user is gone
    sent_date: date | None
    batch_id: int | None
    size: int  # bytes of the PDF


@dataclass
class _Prepared:
    facts: Facts
    kind: LetterKind
    kenmerk: str
    content: LetterContent | None
    problems: list[str]


def _status_problems(f: Facts, kind: LetterKind, new_version: bool) -> list[str]:
    if f.status is DecisionStatus.CONCEPT:
        return ["De beschikking is nog een concept. Stel haar eerst vast; daarna kan de brief worden gemaakt."]
    if f.status in (DecisionStatus.INGETROKKEN, DecisionStatus.VERVANGEN):
        return [f"De beschikking is {f.status.value}; daar hoort geen brief meer bij."]
    if f.status is DecisionStatus.VERZONDEN and not new_version:
        return ["De beschikking is al verzonden. Wilt u de brief opnieuw maken? Kies dan 'nieuwe versie'; die krijgt "
                "een nieuw kenmerk."]
    if f.issued(kind) and not new_version:
        kenmerk = [k for kd, k in f.letters if kd is kind][-1]
        return [f"Er is al een brief gemaakt ({kenmerk}). Een brief wordt niet stilzwijgend opnieuw gemaakt; kies "
                "'nieuwe versie' als dat echt nodig is (die krijgt een nieuw kenmerk)."]
    return []


def _prepare(db: Database, actor: Actor, decision_ids: list[int], letter_date: date, *, new_version: bool,
             draft: bool = False) -> dict[int, _Prepared]:
    with db.read() as s:
        facts = gather(s, decision_ids)
        own = None
        if not audit.allowed(actor, Action.RESIDENT_VIEW_OTHER):
            residents = {f.resident_id for f in facts.values()}
            own = {rid for rid in residents if is_own_caseload(s, actor, s.get(Resident, rid))}
    settings = letter_settings(db)
    image = logo(db) if settings.has_logo else None
    texts = {kind: effective_texts(db, kind) for kind in LetterKind}
    out: dict[int, _Prepared] = {}
    for did in decision_ids:
        f = facts.get(did)
        if f is None:
            continue
        kind = letter_kind(f.status, f.decision_kind)
        kenmerk = make_kenmerk(f.law, f.toewijzing_nummer, kind, f.issued(kind) + 1)
        problems = [] if draft else _status_problems(f, kind, new_version)
        if own is not None and f.resident_id not in own:
            problems.append("Deze inwoner hoort niet bij uw caseload.")
        built = assemble(f, kind, texts[kind], settings, image, letter_date, kenmerk, draft=draft)
        out[did] = _Prepared(f, kind, kenmerk, built.content if (draft or not problems) else None,
                             problems + built.problems)
    return out


def _parked(p: _Prepared) -> Parked:
    return Parked(p.facts.decision_id, p.facts.toewijzing_nummer, p.facts.name, p.facts.client_number,
                  tuple(p.problems))


def _render(content: LetterContent) -> bytes:
    from desktop.letters.beschikking import render_letter  # ReportLab loads slowly: only when needed

    return render_letter(content)


def draft_letter(db: Database, actor: Actor, decision_id: int, *, letter_date: date | None = None,
                 reason: str | None = None) -> bytes:
    """The letter as it would be issued today, without issuing or archiving it (also for a concept).

    Missing values show as '[ontbreekt: ...]'; check_decision lists them. The GUI labels this 'voorbeeld'.
    """
    audit.require(db, actor, Action.DECISION_VIEW)
    _access(db, actor, decision_id, reason, "brief.voorbeeld")
    prepared = _prepare(db, actor, [decision_id], letter_date or clock.today(), new_version=True, draft=True)
    return _render(prepared[decision_id].content)


def check_decision(db: Database, actor: Actor, decision_id: int, *, letter_date: date | None = None,
                   new_version: bool = False) -> list[str]:
    """What stops this decision's letter from being issued (empty: ready). Shown next to the preview."""
    audit.require(db, actor, Action.DECISION_VIEW)
    prepared = _prepare(db, actor, [decision_id], letter_date or clock.today(), new_version=new_version)
    if decision_id not in prepared:
        raise NotFoundError("Deze beschikking bestaat niet (meer).")
    return prepared[decision_id].problems


def preview(db: Database, actor: Actor, kind: LetterKind | str, blocks_override: dict[str, str] | None = None, *,
            law: Law | str = Law.WMO) -> bytes:
    """A sample letter with the stored texts and `blocks_override` (the editor's unsaved text) for the live preview
    in Beheer. Built from a fictional sample decision, never a real resident. A block with a problem raises a
    ValidationError listing the problems (the editor shows them instead of the preview)."""
    from desktop.core.letters.sample import sample_facts

    audit.require(db, actor, Action.LETTER_TEXTS_MANAGE)
    kind = LetterKind(kind)
    texts = effective_texts(db, kind)
    problems = []
    for block, text in (blocks_override or {}).items():
        problems += validate_template(kind, block, text)
        texts[block] = text
    if problems:
        raise ValidationError("Het voorbeeld kan niet worden getoond. Herstel eerst:", problems=problems)
    settings = letter_settings(db)
    f = sample_facts(kind, Law(law))
    letter_date = clock.today()
    built = assemble(f, kind, texts, settings, logo(db) if settings.has_logo else None, letter_date,
                     make_kenmerk(f.law, f.toewijzing_nummer, kind, 1), draft=True)
    return _render(built.content)


def _queue_ids(db: Database) -> list[int]:
    b = Beschikking
    own_kind = exists().where(and_(Letter.beschikking_id == b.id, Letter.kind == b.kind))
    ended_letter = exists().where(and_(Letter.beschikking_id == b.id, Letter.kind == LetterKind.BEEINDIGING))
    earlier_letter = exists().where(and_(Letter.beschikking_id == b.id, Letter.kind != LetterKind.BEEINDIGING))
    stmt = select(b.id).where(or_(
        and_(b.status == DecisionStatus.VASTGESTELD, ~own_kind),
        # An early end of a decision whose letter Koers issued (a natural end was already in that letter).
        and_(b.status == DecisionStatus.BEEINDIGD, b.ended_date < b.end_date, b.end_reason_code.is_not(None),
             earlier_letter, ~ended_letter),
    )).order_by(b.established_date, b.id)
    with db.read() as s:
        return list(s.exec(stmt).all())


def letter_queue(db: Database, actor: Actor, *, letter_date: date | None = None) -> list[QueueRow]:
    """Decisions waiting for their letter (vastgesteld without a letter; early ends of issued decisions),
    oldest first, each with the pre-flight verdict for `letter_date` (default today)."""
    audit.require(db, actor, Action.LETTER_QUEUE)
    ids = _queue_ids(db)
    prepared = _prepare(db, actor, ids, letter_date or clock.today(), new_version=False)
    rows = [QueueRow(p.facts.decision_id, p.facts.resident_id, p.facts.client_number, p.facts.name, p.kind,
                     p.facts.law, p.facts.toewijzing_nummer, p.facts.established_date, p.facts.product,
                     p.facts.aanbieder, tuple(p.problems)) for p in (prepared[i] for i in ids if i in prepared)]
    with db.write() as s:
        audit.record(s, actor, Action.LETTER_QUEUE.value, changes={"getoond": [None, len(rows)]})
    return rows


def preflight(db: Database, actor: Actor, decision_ids: Iterable[int], *, letter_date: date | None = None,
              new_version: bool = False) -> PreflightResult:
    """Resolves every placeholder of every selected decision before anything is generated; lists per decision
    what is missing. Nothing is written (except one access-log line)."""
    audit.require(db, actor, Action.LETTER_QUEUE)
    ids = list(dict.fromkeys(decision_ids))
    prepared = _prepare(db, actor, ids, letter_date or clock.today(), new_version=new_version)
    parked = [_parked(p) for p in prepared.values() if p.problems]
    parked += [Parked(i, "", "", "", ("Deze beschikking bestaat niet (meer).",)) for i in ids if i not in prepared]
    ready = tuple(i for i in ids if i in prepared and not prepared[i].problems)
    return PreflightResult(ready, tuple(parked), {i: prepared[i].kenmerk for i in ready})


def _lock(s, decision_id: int) -> Beschikking | None:
    stmt = select(Beschikking).where(Beschikking.id == decision_id)
    if s.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update()
    return s.exec(stmt).first()


def issue_letters(db: Database, actor: Actor, decision_ids: Iterable[int], *, letter_date: date,
                  progress: Callable[[int, int], None] | None = None, cancelled: Callable[[], bool] | None = None,
                  new_version: bool = False) -> BatchResult:
    """Issues the letters of the decisions that pass the pre-flight; the others are returned as parked.

    Per letter: render, then one transaction that stores the exact bytes with their SHA-256, the batch and the
    access-log line. `progress(done, total)` after each letter; `cancelled()` is asked before each letter.
    `new_version=True` makes a new version (new kenmerk) where a letter already exists.

    A larger batch renders on every core, a few letters ahead of the storing (desktop/letters/batch.py);
    letters rendered ahead of a cancel are dropped, never stored. The printer PDF is made from the stored
    bytes, so the printer gets exactly the letters that were archived.
    """
    from desktop.letters.batch import PrinterPdf, render_in_order

    audit.require(db, actor, Action.LETTER_QUEUE)
    ids = list(dict.fromkeys(decision_ids))
    prepared = _prepare(db, actor, ids, letter_date, new_version=new_version)
    parked = [_parked(p) for p in prepared.values() if p.problems]
    parked += [Parked(i, "", "", "", ("Deze beschikking bestaat niet (meer).",)) for i in ids if i not in prepared]
    ready = [prepared[i] for i in ids if i in prepared and not prepared[i].problems]
    batch_id: int | None = None
    issued: list[tuple[int, str]] = []
    printer = PrinterPdf(ready[0].content.letterhead.municipality if ready else "")
    stopped = False
    with closing(render_in_order([p.content for p in ready], workers=RENDER_WORKERS)) as rendered:
        for n, p in enumerate(ready):
            if cancelled is not None and cancelled():
                stopped = True
                break
            pdf = next(rendered)
            try:
                letter_id, batch_id = _store(db, actor, p, pdf, letter_date, batch_id, new_version)
            except _Taken as taken:
                parked.append(Parked(p.facts.decision_id, p.facts.toewijzing_nummer, p.facts.name,
                                     p.facts.client_number, (str(taken),)))
            else:
                issued.append((letter_id, p.kenmerk))
                printer.add(pdf)
            if progress is not None:
                progress(n + 1, len(ready))
    return BatchResult(batch_id, tuple(i for i, _ in issued), tuple(k for _, k in issued), printer.getvalue(),
                       tuple(parked), stopped, len(ready))


RENDER_WORKERS: int | None = None  # rendering processes for issue_letters; None: chosen per batch size


class _Taken(KoersError):
    """Someone else issued (or changed) this decision's letter between the pre-flight and now."""


def _store(db: Database, actor: Actor, p: _Prepared, pdf: bytes, letter_date: date, batch_id: int | None,
           new_version: bool) -> tuple[int, int]:
    with db.write() as s:
        decision = _lock(s, p.facts.decision_id)
        if decision is None or letter_kind(decision.status, decision.kind) is not p.kind or \
                decision.status not in (ISSUABLE[p.kind], DecisionStatus.VERZONDEN) or \
                (decision.status is DecisionStatus.VERZONDEN and not new_version):
            raise _Taken("De beschikking is intussen gewijzigd. Vernieuw de wachtrij en probeer het opnieuw.")
        existing = s.exec(select(Letter.kenmerk).where(Letter.beschikking_id == decision.id,
                                                      Letter.kind == p.kind)).all()
        if (existing and not new_version) or p.kenmerk in existing or len(existing) != p.facts.issued(p.kind):
            raise _Taken("Een collega heeft deze brief net gemaakt. Er is geen tweede brief gemaakt.")
        if batch_id is None:
            batch = LetterBatch(created_by_id=actor.user_id, letter_count=0)
            s.add(batch)
            s.flush()
            batch_id = batch.id
        else:
            batch = s.get(LetterBatch, batch_id)
        letter = Letter(beschikking_id=decision.id, kind=p.kind, kenmerk=p.kenmerk, pdf=pdf,
                        sha256=hashlib.sha256(pdf).hexdigest(), issued_by_id=actor.user_id, issued_at=clock.now(),
                        batch_id=batch_id, letter_date=letter_date)
        s.add(letter)
        batch.letter_count += 1
        s.flush()
        audit.record(s, actor, "brief.aanmaken", resident_id=p.facts.resident_id, client_number=p.facts.client_number,
                     record_type="brief", record_id=letter.id,
                     changes={"kenmerk": [None, p.kenmerk], "soort": [None, p.kind.value],
                              "beschikking": [None, decision.id]})
        return letter.id, batch_id


def mark_sent(db: Database, actor: Actor, letter_ids: Iterable[int], sent_on: date) -> int:
    """Records that these letters went out on `sent_on`: Letter.sent_date, and for a toekenning, wijziging or
    afwijzing also Beschikking.sent_date with status vastgesteld -> verzonden. All or nothing; returns the count."""
    audit.require(db, actor, Action.LETTER_SEND)
    ids = list(dict.fromkeys(letter_ids))
    if sent_on > clock.today():
        raise ValidationError("De verzenddatum ligt in de toekomst. Markeer een brief als verzonden op de dag dat hij "
                              "echt de deur uit gaat.", field="sent_on")
    try:
        with db.write() as s:
            problems = []
            letters = {row.id: row for row in s.exec(select(Letter).where(Letter.id.in_(ids)))}
            for lid in ids:
                letter = letters.get(lid)
                if letter is None:
                    problems.append(f"Brief {lid} bestaat niet (meer).")
                elif letter.sent_date is not None:
                    problems.append(f"Brief {letter.kenmerk} is al verzonden op {format_date(letter.sent_date)}.")
                elif letter.letter_date and sent_on < letter.letter_date:
                    problems.append(f"Brief {letter.kenmerk} is gedateerd {format_date(letter.letter_date)}; hij kan "
                                    "niet eerder zijn verzonden.")
            if problems:
                raise ValidationError("Er is niets als verzonden gemarkeerd. Herstel eerst:", problems=problems)
            for lid in ids:
                letter = letters[lid]
                decision = _lock(s, letter.beschikking_id)
                letter.sent_date = sent_on
                changes = {"sent_date": [None, sent_on.isoformat()], "kenmerk": [None, letter.kenmerk]}
                if letter.kind is not LetterKind.BEEINDIGING and decision.status is DecisionStatus.VASTGESTELD:
                    decision.status = DecisionStatus.VERZONDEN
                    decision.sent_date = sent_on
                    changes["status"] = ["vastgesteld", "verzonden"]
                resident = s.get(Resident, s.get(Casus, decision.casus_id).resident_id)
                audit.record(s, actor, Action.LETTER_SEND.value, resident_id=resident.id,
                             client_number=resident.client_number, record_type="brief", record_id=letter.id,
                             changes=changes)
            s.flush()
    except StaleDataError as exc:
        raise ConflictError("Iemand anders heeft een van deze beschikkingen net gewijzigd. Er is niets als verzonden "
                            "gemarkeerd; probeer het opnieuw.") from exc
    return len(ids)


def _access(db: Database, actor: Actor, decision_id: int, reason: str | None, action: str,
            letter_id: int | None = None) -> None:
    with refusals_logged(db, actor), db.write() as s:
        decision, resident, why = open_decision(s, actor, decision_id, reason, Action.DECISION_VIEW)
        audit.record(s, actor, action, resident_id=resident.id, client_number=resident.client_number,
                     record_type="brief" if letter_id else "beschikking", record_id=letter_id or decision_id,
                     reason=why)


class LetterDamaged(KoersError):
    """The stored bytes no longer match their SHA-256."""


def open_letter(db: Database, actor: Actor, letter_id: int, *, reason: str | None = None) -> bytes:
    """The exact bytes as issued, after checking their SHA-256; the access is logged."""
    audit.require(db, actor, Action.DECISION_VIEW)
    with db.read() as s:
        letter = s.get(Letter, letter_id)
        if letter is None:
            raise NotFoundError("Deze brief bestaat niet (meer).")
        pdf, sha, kenmerk, decision_id = bytes(letter.pdf), letter.sha256, letter.kenmerk, letter.beschikking_id
    _access(db, actor, decision_id, reason, "brief.inzien", letter_id)
    if hashlib.sha256(pdf).hexdigest() != sha:
        raise LetterDamaged(f"De opgeslagen brief {kenmerk} is veranderd sinds hij is gemaakt: de controle (SHA-256) "
                            "klopt niet. Gebruik deze brief niet. Vraag de beheerder een reservekopie terug te zetten "
                            "of een nieuwe versie te maken.")
    return pdf


def letters_of_decision(db: Database, actor: Actor, decision_id: int, *, reason: str | None = None) -> list[LetterRow]:
    """Every letter of a decision, oldest first (without the bytes: open_letter gives those)."""
    from sqlalchemy import func

    audit.require(db, actor, Action.DECISION_VIEW)
    _access(db, actor, decision_id, reason, "beschikking.inzien")
    with db.read() as s:
        rows = s.exec(select(Letter.id, Letter.kind, Letter.kenmerk, Letter.letter_date, Letter.issued_at,
                             User.display_name, Letter.sent_date, Letter.batch_id, func.length(Letter.pdf))
                      .join(User, User.id == Letter.issued_by_id, isouter=True)
                      .where(Letter.beschikking_id == decision_id).order_by(Letter.id)).all()
    return [LetterRow(r[0], decision_id, LetterKind(r[1]), r[2], r[3], r[4], r[5] or "", r[6], r[7], r[8] or 0)
            for r in rows]


@dataclass(frozen=True)
class UnsentLetter(LetterRow):
    """A letter that was made but not yet marked as sent, with whom it is for (the queue's list)."""

    resident_name: str = ""  # "A. de Vries"
    client_number: str = ""


def unsent_letters(db: Database, actor: Actor) -> list[UnsentLetter]:
    """Letters made (issued) but not yet marked as sent, oldest first: what a medewerker still has to post
    and then mark as sent. Without the bytes (open_letter gives those); one access-log line."""
    from sqlalchemy import func

    from desktop.core.residents.names import joined_surname

    audit.require(db, actor, Action.LETTER_QUEUE)
    with db.read() as s:
        rows = s.exec(select(Letter.id, Letter.beschikking_id, Letter.kind, Letter.kenmerk, Letter.letter_date,
                             Letter.issued_at, User.display_name, Letter.batch_id, func.length(Letter.pdf),
                             Resident.initials, Resident.prefix, Resident.surname, Resident.client_number)
                      .join(Beschikking, Beschikking.id == Letter.beschikking_id)
                      .join(Casus, Casus.id == Beschikking.casus_id)
                      .join(Resident, Resident.id == Casus.resident_id)
                      .join(User, User.id == Letter.issued_by_id, isouter=True)
                      .where(Letter.sent_date.is_(None)).order_by(Letter.issued_at, Letter.id)).all()
    out = [UnsentLetter(r[0], r[1], LetterKind(r[2]), r[3], r[4], r[5], r[6] or "", None, r[7], r[8] or 0,
                        " ".join(p for p in (r[9], joined_surname(r[10], r[11])) if p), r[12] or "")
           for r in rows]
    with db.write() as s:
        audit.record(s, actor, Action.LETTER_QUEUE.value, changes={"niet verzonden getoond": [None, len(out)]})
    return out


__all__ = ["BatchResult", "LetterDamaged", "LetterRow", "Parked", "PreflightResult", "QueueRow", "check_decision", "draft_letter", "issue_letters", "letter_queue", "letters_of_decision",
           "mark_sent", "open_letter", "preflight", "preview", "UnsentLetter", "unsent_letters"]
