"""Every letter Koers sends, one path: the queue, the pre-flight, issuing in batches, the archive, sending.

Which letters wait, what they say and what must still hold when one is stored depends on where a letter comes
from (a decision, or a hand-over's request: see letters/jobs.py); everything else is the same for all kinds:

- A letter once issued is kept exactly as printed (PDF bytes + SHA-256, in the one `letter` table) and is
  never made again silently: a decision that already has a letter of that kind is refused unless the caller
  asks for a new version, which gets a new kenmerk ('...-T2').
- Letters are stored in short write transactions of up to 50 letters (per letter: the row with its bytes and
  hash, the batch counter, the access-log line). The PDFs are rendered *before* that transaction, so a write
  lock is held for well under a tenth of a second, not for the 10 seconds a 1,000-letter batch takes; colleagues
  can keep working. A cancelled or failed batch leaves only whole letters: each one issued completely, with its
  batch, or not at all.
- Sending is recorded afterwards (mark_sent), in one transaction for the letters and what sending changes
  (a decision becomes verzonden).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable
from contextlib import closing
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import func
from sqlalchemy import select as sa_select
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, col, select

from db import clock
from db.engine import Database
from db.models import Letter, LetterBatch, Resident, User
from db.models.enums import CASE_LETTERS, Law, LetterKind
from desktop.core.access import audit
from desktop.core.access.actor import Actor
from desktop.core.access.caseload import check_access, refusals_logged
from desktop.core.access.permissions import Action
from desktop.core.decisions.queries import open_decision
from desktop.core.errors import ConflictError, KoersError, NotFoundError, ValidationError
from desktop.core.letters.case_letters import RECEIPTS, REPORTS
from desktop.core.letters.contact_letters import CONTACTS
from desktop.core.letters.decision_letters import DECISIONS, assemble, make_kenmerk
from desktop.core.letters.jobs import (
    CONTACT,
    DECISION,
    RECEIPT,
    REPORT,
    Job,
    Prepared,
    Source,
    Taken,
    as_jobs,
)
from desktop.core.letters.letterhead import letter_settings, logo
from desktop.core.letters.texts import effective_texts, validate_template
from desktop.core.nl import format_date
from desktop.core.residents.names import joined_surname
from desktop.letters.content import LetterContent

if TYPE_CHECKING:
    from desktop.letters.batch import PrinterPdf

SOURCES: dict[str, Source] = {DECISION: DECISIONS, CONTACT: CONTACTS, RECEIPT: RECEIPTS, REPORT: REPORTS}
GONE = "Deze brief staat niet (meer) in de wachtrij. Vernieuw de lijst."


def _source_of(kind: LetterKind) -> Source:
    by_kind: dict[LetterKind, Source] = {LetterKind.CONTACTPERSOON: CONTACTS, LetterKind.ONTVANGSTBEVESTIGING: RECEIPTS,
                                         LetterKind.VERSLAG: REPORTS}
    return by_kind.get(kind, DECISIONS)


# ---------------------------------------------------------------- plain values for screens and the CLI

@dataclass(frozen=True)
class QueueRow:
    """One letter waiting to be made, with the pre-flight verdict."""

    job: Job
    kind: LetterKind
    resident_id: int
    client_number: str
    resident_name: str  # "A. de Vries"
    about: str  # '2026000123 · Begeleiding individueel' or 'Nieuwe contactpersoon: K. Tweede'
    since: date | None  # vastgesteld op, or the day of the hand-over
    problems: tuple[str, ...]  # empty: ready to issue ('te herstellen' otherwise)
    law: Law | None = None
    toewijzing_nummer: str = ""
    product: str = ""
    aanbieder: str = ""

    @property
    def ready(self) -> bool:
        return not self.problems

    @property
    def decision_id(self) -> int | None:
        return self.job.id if self.job.source == DECISION else None

    @property
    def established_date(self) -> date | None:
        return self.since if self.job.source == DECISION else None


@dataclass(frozen=True)
class Parked:
    """A letter left out of a batch, and what to fix first."""

    job: Job
    about: str
    resident_name: str
    client_number: str
    problems: tuple[str, ...]

    @property
    def decision_id(self) -> int | None:
        return self.job.id if self.job.source == DECISION else None


@dataclass(frozen=True)
class PreflightResult:
    ready: tuple[Job, ...]  # the letters that can be issued, in the order asked
    parked: tuple[Parked, ...]
    kenmerken: dict[Job, str] = field(default_factory=dict)  # the kenmerk each ready letter will get

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
    decision_id: int | None
    kind: LetterKind
    kenmerk: str
    letter_date: date | None
    issued_at: datetime
    issued_by: str  # display name, '' when the user is gone
    sent_date: date | None
    batch_id: int | None
    size: int  # bytes of the PDF


@dataclass(frozen=True)
class UnsentLetter(LetterRow):
    """A letter that was made but not yet marked as sent, with whom it is for."""

    resident_name: str = ""  # "A. de Vries"
    client_number: str = ""


# ---------------------------------------------------------------- preparing

def prepare(db: Database, actor: Actor, jobs: list[Job], letter_date: date, *, new_version: bool = False,
            draft: bool = False) -> dict[Job, Prepared]:
    """What each letter would say (or what stops it), without rendering or writing anything."""
    by_source: dict[str, list[int]] = defaultdict(list)
    for job in jobs:
        by_source[job.source].append(job.id)
    out: dict[Job, Prepared] = {}
    for name, ids in by_source.items():
        source = SOURCES.get(name)
        if source is None:
            continue
        for p in source.prepare(db, actor, ids, letter_date, new_version=new_version, draft=draft).values():
            out[p.job] = p
    return out


def _parked(p: Prepared) -> Parked:
    return Parked(p.job, p.about, p.resident_name, p.client_number, tuple(p.problems))


def _split(prepared: dict[Job, Prepared], jobs: list[Job]) -> tuple[list[Prepared], list[Parked]]:
    parked = [_parked(prepared[j]) for j in jobs if j in prepared and prepared[j].problems]
    parked += [Parked(j, "", "", "", (GONE,)) for j in jobs if j not in prepared]
    return [prepared[j] for j in jobs if j in prepared and not prepared[j].problems], parked


def _content(p: Prepared) -> LetterContent:
    assert p.content is not None  # a letter without problems has its content (see the sources' prepare)
    return p.content


def _render(content: LetterContent) -> bytes:
    from desktop.letters.beschikking import render_letter  # ReportLab loads slowly: only when needed

    return render_letter(content)


# ---------------------------------------------------------------- the queue and the pre-flight

def letter_queue(db: Database, actor: Actor, *, letter_date: date | None = None) -> list[QueueRow]:
    """Every letter waiting to be made, of every kind, oldest first, each with the pre-flight verdict for
    `letter_date` (default today). One access-log line."""
    audit.require(db, actor, Action.LETTER_QUEUE)
    with db.read() as s:
        jobs = [Job(name, i) for name, source in SOURCES.items() for i in source.pending(s)]
    prepared = prepare(db, actor, jobs, letter_date or clock.today())
    rows = [QueueRow(p.job, p.kind, p.resident_id, p.client_number, p.resident_name, p.about, p.since,
                     tuple(p.problems), p.law, p.toewijzing_nummer, p.product, p.aanbieder)
            for p in (prepared[j] for j in jobs if j in prepared)]
    rows.sort(key=lambda r: (r.since or date.min, r.job.source != DECISION, r.job.id))
    with db.write() as s:
        audit.record(s, actor, Action.LETTER_QUEUE.value, changes={"getoond": [None, len(rows)]})
    return rows


def preflight(db: Database, actor: Actor, jobs: Iterable[Job | int], *, letter_date: date | None = None,
              new_version: bool = False) -> PreflightResult:
    """Resolves every placeholder of every chosen letter before anything is generated; lists per letter what is
    missing. Nothing is written."""
    audit.require(db, actor, Action.LETTER_QUEUE)
    wanted = as_jobs(jobs)
    prepared = prepare(db, actor, wanted, letter_date or clock.today(), new_version=new_version)
    ready, parked = _split(prepared, wanted)
    return PreflightResult(tuple(p.job for p in ready), tuple(parked), {p.job: p.kenmerk for p in ready})


# ---------------------------------------------------------------- drafts and the live preview

def _open_subject(db: Database, actor: Actor, job: Job, reason: str | None, action: str) -> None:
    """The caseload rule for a letter's resident before anything of it is shown; the look is logged."""
    with refusals_logged(db, actor), db.write() as s:
        resident: Resident | None
        if job.source == DECISION:
            decision, resident, why = open_decision(s, actor, job.id, reason, Action.DECISION_VIEW)
            record_type, record_id = "beschikking", decision.id
        elif job.source in (RECEIPT, REPORT):
            from db.models import Casus

            casus = s.get(Casus, job.id)
            if casus is None:
                raise NotFoundError(GONE)
            resident = s.get(Resident, casus.resident_id)
            assert resident is not None  # foreign key
            why = check_access(s, actor, resident, reason, Action.RESIDENT_VIEW)
            record_type, record_id = "casus", casus.id
        else:
            from db.models import ContactLetter

            request = s.get(ContactLetter, job.id)
            if request is None:
                raise NotFoundError(GONE)
            resident = s.get(Resident, request.resident_id)
            assert resident is not None  # foreign key, ON DELETE RESTRICT
            why = check_access(s, actor, resident, reason, Action.RESIDENT_VIEW)
            record_type, record_id = "contactbrief", request.id
        audit.record(s, actor, action, resident_id=resident.id, client_number=resident.client_number,
                     record_type=record_type, record_id=record_id, reason=why)


def draft_letter(db: Database, actor: Actor, job: Job | int, *, letter_date: date | None = None,
                 reason: str | None = None) -> bytes:
    """The letter as it would be issued, without issuing or archiving it (for a concept decision too).

    Missing values show as '[ontbreekt: ...]'; preflight or check_decision lists them. The GUI labels this
    'voorbeeld'."""
    [wanted] = as_jobs([job])
    audit.require(db, actor, Action.DECISION_VIEW if wanted.source == DECISION else Action.RESIDENT_VIEW)
    _open_subject(db, actor, wanted, reason, "brief.voorbeeld")
    prepared = prepare(db, actor, [wanted], letter_date or clock.today(), new_version=True, draft=True)
    p = prepared.get(wanted)
    if p is None or p.content is None:
        raise NotFoundError(GONE)
    return _render(p.content)


def check_decision(db: Database, actor: Actor, decision_id: int, *, letter_date: date | None = None,
                   new_version: bool = False) -> list[str]:
    """What stops this decision's letter from being issued (empty: ready). Shown next to the preview."""
    audit.require(db, actor, Action.DECISION_VIEW)
    job = Job(DECISION, decision_id)
    prepared = prepare(db, actor, [job], letter_date or clock.today(), new_version=new_version)
    if job not in prepared:
        raise NotFoundError("Deze beschikking bestaat niet (meer).")
    return prepared[job].problems


def preview(db: Database, actor: Actor, kind: LetterKind | str, blocks_override: dict[str, str] | None = None, *,
            law: Law | str = Law.WMO) -> bytes:
    """A sample letter with the stored texts and `blocks_override` (the editor's unsaved text) for the live preview
    in Beheer. Built from fictional sample data, never a real resident. A block with a problem raises a
    ValidationError listing the problems (the editor shows them instead of the preview)."""
    from desktop.core.letters import sample

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
    image = logo(db) if settings.has_logo else None
    letter_date = clock.today()
    if kind is LetterKind.CONTACTPERSOON:
        content = sample.contact_content(settings, image, texts, letter_date)
    elif kind in CASE_LETTERS:
        content = sample.case_sample(kind, settings, image, texts, letter_date)
    else:
        f = sample.sample_facts(kind, Law(law))
        built = assemble(f, kind, texts, settings, image, letter_date,
                         make_kenmerk(f.law, f.toewijzing_nummer, kind, 1), draft=True).content
        assert built is not None  # a draft always has content
        content = built
    return _render(content)


# ---------------------------------------------------------------- issuing

RENDER_WORKERS: int | None = None  # rendering processes for issue_letters; None: chosen per batch size
STORE_CHUNK = 50  # rendered letters stored per transaction: a write lock of about 70 ms, not a commit per letter


def issue_letters(db: Database, actor: Actor, jobs: Iterable[Job | int], *, letter_date: date,
                  progress: Callable[[int, int], object] | None = None, cancelled: Callable[[], bool] | None = None,
                  new_version: bool = False) -> BatchResult:
    """Issues the chosen letters that pass the pre-flight; the others are returned as parked.

    Letters are rendered first, then stored STORE_CHUNK at a time in one transaction: the exact bytes with their
    SHA-256, the batch and the access-log line per letter. `progress(done, total)` after each letter is made;
    `cancelled()` is asked before each letter, and a cancel (or a failure) first stores the letters already made.
    `new_version=True` makes a new version (new kenmerk) where a decision letter already exists.

    A larger batch renders on every core, a few letters ahead (desktop/letters/batch.py); letters rendered ahead
    of a cancel are dropped, never stored. The printer PDF is made from the stored bytes once their transaction
    has committed, so the printer gets exactly the letters that were archived.
    """
    from desktop.letters.batch import PrinterPdf, render_in_order

    audit.require(db, actor, Action.LETTER_QUEUE)
    wanted = as_jobs(jobs)
    ready, parked = _split(prepare(db, actor, wanted, letter_date, new_version=new_version), wanted)
    archive = _Archive(db, actor, letter_date, new_version,
                       PrinterPdf(_content(ready[0]).letterhead.municipality if ready else ""), parked)
    stopped = False
    try:
        with closing(render_in_order([_content(p) for p in ready], workers=RENDER_WORKERS)) as rendered:
            for n, p in enumerate(ready):
                if cancelled is not None and cancelled():
                    stopped = True
                    break
                archive.add(p, next(rendered))
                if progress is not None:
                    progress(n + 1, len(ready))
    except BaseException:
        archive.store()  # the letters made before the failure are archived; then the failure goes up
        raise
    archive.store()
    return BatchResult(archive.batch_id, tuple(i for i, _ in archive.issued), tuple(k for _, k in archive.issued),
                       archive.printer.getvalue(), tuple(archive.parked), stopped, len(ready))


class _Archive:
    """Rendered letters on their way into the archive. Storing them in chunks saves a commit (and a round of
    session set-up) per letter; each letter keeps its own savepoint, so one a colleague took meanwhile (Taken)
    is parked without undoing the others. A letter counts as issued, and goes into the printer PDF, only once
    its transaction has committed."""

    def __init__(self, db: Database, actor: Actor, letter_date: date, new_version: bool, printer: PrinterPdf,
                 parked: list[Parked]):
        self.db, self.actor, self.letter_date, self.new_version = db, actor, letter_date, new_version
        self.printer = printer
        self.parked = parked
        self.batch_id: int | None = None  # set with the batch's first stored letter
        self.issued: list[tuple[int, str]] = []  # (letter id, kenmerk), committed
        self._pending: list[tuple[Prepared, bytes]] = []

    def add(self, p: Prepared, pdf: bytes) -> None:
        self._pending.append((p, pdf))
        if len(self._pending) >= STORE_CHUNK:
            self.store()

    def store(self) -> None:
        """Stores the pending letters in one transaction. A letter that fails (other than Taken) stops there:
        the letters before it are committed, then its error is raised; the ones after it stay in the queue."""
        chunk, self._pending = self._pending, []
        if not chunk:
            return
        stored: list[tuple[Prepared, bytes, int]] = []
        failure: Exception | None = None
        batch_id = self.batch_id
        with self.db.write() as s:
            batch = s.get(LetterBatch, batch_id) if batch_id is not None else None
            for p, pdf in chunk:
                before = batch
                try:
                    with s.begin_nested():
                        batch, letter_id = self._store_one(s, p, pdf, batch)
                except Taken as taken:
                    batch = before  # rolled back with its savepoint when this letter would have made it
                    self.parked.append(Parked(p.job, p.about, p.resident_name, p.client_number, (taken.message,)))
                except Exception as exc:
                    batch, failure = before, exc
                    break
                else:
                    stored.append((p, pdf, letter_id))
            batch_id = batch.id if batch is not None else None
        self.batch_id = batch_id
        for p, pdf, letter_id in stored:
            self.issued.append((letter_id, p.kenmerk))
            self.printer.add(pdf)
        if failure is not None:
            raise failure

    def _store_one(self, s: Session, p: Prepared, pdf: bytes, batch: LetterBatch | None) -> tuple[LetterBatch, int]:
        source = SOURCES[p.job.source]
        source.claim(s, p, self.new_version)
        if batch is None:
            batch = LetterBatch(created_by_id=self.actor.user_id, letter_count=0)
            s.add(batch)
            s.flush()
        letter = Letter(resident_id=p.resident_id, beschikking_id=p.beschikking_id, casus_id=p.casus_id, kind=p.kind,
                        kenmerk=p.kenmerk, pdf=pdf, sha256=hashlib.sha256(pdf).hexdigest(),
                        issued_by_id=self.actor.user_id, issued_at=clock.now(), batch_id=batch.id,
                        letter_date=self.letter_date)
        s.add(letter)
        batch.letter_count += 1
        s.flush()
        source.archived(s, p, letter)
        audit.record(s, self.actor, "brief.aanmaken", resident_id=p.resident_id, client_number=p.client_number,
                     record_type="brief", record_id=letter.id,
                     changes={"kenmerk": [None, p.kenmerk], "soort": [None, p.kind.value],
                              "onderwerp": [None, str(p.job)]})
        assert letter.id is not None  # flushed
        return batch, letter.id


# ---------------------------------------------------------------- sending

def mark_sent(db: Database, actor: Actor, letter_ids: Iterable[int], sent_on: date) -> int:
    """Records that these letters went out on `sent_on`, with what that changes (a toekenning, wijziging or
    afwijzing makes its decision verzonden). All or nothing; returns the count."""
    audit.require(db, actor, Action.LETTER_SEND)
    ids = list(dict.fromkeys(letter_ids))
    if not ids:
        raise ValidationError("Kies ten minste één brief.", field="letter_ids")
    if sent_on > clock.today():
        raise ValidationError("De verzenddatum ligt in de toekomst. Markeer een brief als verzonden op de dag dat hij "
                              "echt de deur uit gaat.", field="sent_on")
    try:
        with db.write() as s:
            stmt = select(Letter).where(col(Letter.id).in_(ids))
            if s.get_bind().dialect.name == "postgresql":
                stmt = stmt.with_for_update()
            letters = {row.id: row for row in s.exec(stmt)}
            problems = []
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
            residents = {r.id: r for r in s.exec(select(Resident).where(
                col(Resident.id).in_({letter.resident_id for letter in letters.values()})))}
            for lid in ids:
                letter = letters[lid]
                letter.sent_date = sent_on
                changes = {"sent_date": [None, sent_on.isoformat()], "kenmerk": [None, letter.kenmerk],
                           **_source_of(letter.kind).sent(s, letter, sent_on)}
                resident = residents[letter.resident_id]
                audit.record(s, actor, Action.LETTER_SEND.value, resident_id=resident.id,
                             client_number=resident.client_number, record_type="brief", record_id=letter.id,
                             changes=changes)
            s.flush()
    except StaleDataError as exc:
        raise ConflictError("Iemand anders heeft een van deze beschikkingen net gewijzigd. Er is niets als verzonden "
                            "gemarkeerd; probeer het opnieuw.") from exc
    return len(ids)


# ---------------------------------------------------------------- the archive

class LetterDamaged(KoersError):
    """The stored bytes no longer match their SHA-256."""


def open_letter(db: Database, actor: Actor, letter_id: int, *, reason: str | None = None) -> bytes:
    """The exact bytes as issued, after checking their SHA-256; the access is logged (caseload rule applies)."""
    audit.require(db, actor, Action.RESIDENT_VIEW)
    with refusals_logged(db, actor), db.write() as s:
        letter = s.get(Letter, letter_id)
        if letter is None:
            raise NotFoundError("Deze brief bestaat niet (meer).")
        resident = s.get(Resident, letter.resident_id)
        assert resident is not None  # foreign key, ON DELETE RESTRICT
        action = Action.DECISION_VIEW if letter.beschikking_id is not None else Action.RESIDENT_VIEW
        why = check_access(s, actor, resident, reason, action)
        pdf, sha, kenmerk = bytes(letter.pdf), letter.sha256, letter.kenmerk
        audit.record(s, actor, "brief.inzien", resident_id=resident.id, client_number=resident.client_number,
                     record_type="brief", record_id=letter.id, reason=why)
    if hashlib.sha256(pdf).hexdigest() != sha:
        raise LetterDamaged(f"De opgeslagen brief {kenmerk} is veranderd sinds hij is gemaakt: de controle (SHA-256) "
                            "klopt niet. Gebruik deze brief niet. Vraag de beheerder een reservekopie terug te zetten "
                            "of een nieuwe versie te maken.")
    return pdf


def letters_of_decision(db: Database, actor: Actor, decision_id: int, *, reason: str | None = None) -> list[LetterRow]:
    """Every letter of a decision, oldest first (without the bytes: open_letter gives those)."""
    audit.require(db, actor, Action.DECISION_VIEW)
    _open_subject(db, actor, Job(DECISION, decision_id), reason, "beschikking.inzien")
    with db.read() as s:
        # sqlmodel's select() is typed for at most 4 columns: SQLAlchemy's for up to 10.
        rows = s.execute(sa_select(col(Letter.id), col(Letter.kind), col(Letter.kenmerk), col(Letter.letter_date),
                                   col(Letter.issued_at), col(User.display_name), col(Letter.sent_date),
                                   col(Letter.batch_id), func.length(Letter.pdf))
                         .join(User, col(User.id) == Letter.issued_by_id, isouter=True)
                         .where(col(Letter.beschikking_id) == decision_id).order_by(col(Letter.id))).all()
    return [LetterRow(r[0], decision_id, LetterKind(r[1]), r[2], r[3], r[4], r[5] or "", r[6], r[7], r[8] or 0)
            for r in rows]


def unsent_letters(db: Database, actor: Actor) -> list[UnsentLetter]:
    """Letters of every kind made but not yet marked as sent, oldest first: what a medewerker still has to post
    and then mark as sent. Without the bytes (open_letter gives those); one access-log line."""
    audit.require(db, actor, Action.LETTER_QUEUE)
    with db.read() as s:
        rows = s.execute(sa_select(col(Letter.id), col(Letter.beschikking_id), col(Letter.kind),
                                   col(Letter.kenmerk), col(Letter.letter_date), col(Letter.issued_at),
                                   col(User.display_name), col(Letter.batch_id), func.length(Letter.pdf),
                                   col(Resident.initials), col(Resident.prefix), col(Resident.surname),
                                   col(Resident.client_number))
                         .join(Resident, col(Resident.id) == Letter.resident_id)
                         .join(User, col(User.id) == Letter.issued_by_id, isouter=True)
                         .where(col(Letter.sent_date).is_(None))
                         .order_by(col(Letter.issued_at), col(Letter.id))).all()
    out = [UnsentLetter(r[0], r[1], LetterKind(r[2]), r[3], r[4], r[5], r[6] or "", None, r[7], r[8] or 0,
                        " ".join(p for p in (r[9], joined_surname(r[10], r[11])) if p), r[12] or "")
           for r in rows]
    with db.write() as s:
        audit.record(s, actor, Action.LETTER_QUEUE.value, changes={"niet verzonden getoond": [None, len(out)]})
    return out
