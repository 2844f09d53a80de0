"""Benchmark of the decision letters (issue 16 point 4): a batch of 1,000 Koers letters against a plain
ReportLab letter, per letter (target: Koers at most 2x the plain letter).

Koers: `issue_letters` on 1,000 ready decisions, as the Brieven screen runs it: the pre-flight, rendering
(PDF/A, 'pagina X van Y', letters that keep their signature with the last lines), storing each letter with its
SHA-256 and access-log line, and the one printer PDF of the archived bytes. The plain letter: the same words
(letterhead, address block, reference lines, the paragraphs, the facts table of hours, bullets, signature) in a
SimpleDocTemplate with ReportLab's defaults, rendered in-process 1,000 times, no database, no archive, no PDF/A.
Both embed the same DejaVu TrueType subsets: a letter a resident gets must carry its fonts, and the standard
Helvetica (never embedded) would compare a different thing.

Runs on a copy of the given database; the given file is never opened. When the copy holds fewer than 1,000
ready decisions, sent toekenningen without a letter are put back to 'vastgesteld' in the copy to make up the
number. `python -m tests.bench.letters PATH` prints the lines; tests/bench/run.py calls bench_letters(PATH).
"""

from __future__ import annotations

import io
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from db.engine import Database
    from desktop.core.access.actor import Actor
    from desktop.core.letters.jobs import Job
    from desktop.letters.content import LetterContent

LETTERS = 1000
TARGET_RATIO = 2.0


# ---------------------------------------------------------------- the plain ReportLab letter

def plain_letter(content: LetterContent) -> bytes:
    """The letter's words as a plain ReportLab document: what a developer writes in an afternoon."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    from desktop.letters.fonts import BOLD, REGULAR, register_fonts

    register_fonts()
    body = ParagraphStyle("body", fontName=REGULAR, fontSize=10, leading=14, spaceAfter=6)
    heading = ParagraphStyle("heading", body, fontName=BOLD, fontSize=10.5, spaceBefore=8, spaceAfter=3)
    head = content.letterhead

    def first_page(canvas: Canvas, doc: object) -> None:
        canvas.saveState()
        canvas.setFont(BOLD, 15)
        canvas.drawString(25 * mm, A4[1] - 30 * mm, head.municipality)
        canvas.setFont(REGULAR, 8.5)
        for i, line in enumerate((*head.address_lines, *head.contact_lines)):
            canvas.drawString(135 * mm, A4[1] - 24 * mm - i * 11.5, line)
        canvas.setFont(REGULAR, 10)
        for i, line in enumerate(content.addressee_lines):
            canvas.drawString(25 * mm, A4[1] - 56 * mm - i * 13, line)
        canvas.setFont(REGULAR, 8)
        canvas.drawRightString(A4[0] - 20 * mm, 12 * mm, f"Ons kenmerk {content.kenmerk}")
        canvas.restoreState()

    def plain(text: str) -> str:
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

    story = [Paragraph(f"Datum: {content.date_text}<br/>Ons kenmerk: {content.kenmerk}<br/>"
                       f"Onderwerp: {plain(content.subject)}", body), Spacer(1, 6 * mm),
             Paragraph(plain(content.salutation), body)]
    for section in content.sections:
        if section.heading:
            story.append(Paragraph(plain(section.heading), heading))
        story += [Paragraph(plain(p), body) for p in section.paragraphs]
        if section.facts:
            table = Table([[label, value] for label, value in section.facts], colWidths=[55 * mm, 110 * mm],
                          hAlign="LEFT")
            table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), REGULAR),
                                       ("LINEBELOW", (0, 0), (-1, -1), 0.4, "#c8d0d8")]))
            story.append(table)
        story += [Paragraph(plain(b), body, bulletText="•") for b in section.bullets]
    story += [Paragraph(content.closing, body), Paragraph(content.on_behalf_of, body), Spacer(1, 12 * mm),
              Paragraph(plain(head.signer_name), body), Paragraph(plain(head.signer_title), body)]
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4, leftMargin=25 * mm, rightMargin=20 * mm, topMargin=100 * mm,
                      bottomMargin=25 * mm, invariant=1).build(story, onFirstPage=first_page)
    return out.getvalue()


def plain_per_letter(contents: Sequence[LetterContent]) -> float:
    """Seconds per plain letter, over `contents` rendered one after the other in this process."""
    plain_letter(contents[0])  # fonts registered and modules imported before the clock runs
    started = time.perf_counter()
    for content in contents:
        plain_letter(content)
    return (time.perf_counter() - started) / len(contents)


# ---------------------------------------------------------------- the Koers batch

def _copy_database(source: Path, target: Path) -> None:
    """The file and its write-ahead log (committed work not yet in the main file), never the original itself."""
    shutil.copyfile(source, target)
    wal = Path(f"{source}-wal")
    if wal.exists() and wal.stat().st_size:
        shutil.copyfile(wal, Path(f"{target}-wal"))


def _top_up_queue(db: Database, needed: int) -> int:
    """Puts `needed` sent toekenningen without a letter back to 'vastgesteld' (in the copy only)."""
    from sqlalchemy import text

    with db.write() as s:
        ids = [r[0] for r in s.execute(text(
            "SELECT b.id FROM beschikking b WHERE b.status = 'verzonden' AND b.kind = 'toekenning'"
            " AND NOT EXISTS (SELECT 1 FROM letter l WHERE l.beschikking_id = b.id) ORDER BY b.id DESC LIMIT :n"),
            {"n": needed})]
        for chunk in range(0, len(ids), 500):
            s.execute(text("UPDATE beschikking SET status = 'vastgesteld', sent_date = NULL, version = version + 1"
                           f" WHERE id IN ({','.join(map(str, ids[chunk:chunk + 500]))})"))
    return len(ids)


def _ready_decisions(db: Database, actor: Actor, wanted: int, letter_date: date) -> tuple[list[Job], int]:
    """`wanted` decision letters that pass the pre-flight (fewer only when the copy has no more), and how many
    sent decisions were put back to make them up."""
    from desktop.core.letters import pipeline
    from desktop.core.letters.jobs import DECISION

    added = 0
    while True:
        ready = [r.job for r in pipeline.letter_queue(db, actor, letter_date=letter_date)
                 if r.ready and r.job.source == DECISION]
        if len(ready) >= wanted:
            return ready[:wanted], added
        more = _top_up_queue(db, wanted - len(ready))
        if not more:
            return ready, added
        added += more


def _sign_in(db: Database) -> Actor | None:
    from sqlmodel import select

    from db.models import User
    from desktop.core.access.signin import sign_in
    from desktop.core.demo.generator import DEMO_PASSWORD

    with db.read() as s:
        username = s.exec(select(User.username).where(User.role == "medewerker")).first()
    return sign_in(db, username, DEMO_PASSWORD) if username is not None else None


def _issue(path: Path, batch: list[Job], letter_date: date, workers: int | None) -> tuple[float, int, int]:
    """Seconds per letter, letters issued and bytes of the printer PDF for one batch on the database at `path`."""
    from desktop.core.letters import pipeline
    from desktop.core.maintenance.database import open_database

    db = open_database(path)
    default = pipeline.RENDER_WORKERS
    try:
        actor = _sign_in(db)
        assert actor is not None  # found in the same database before
        pipeline.RENDER_WORKERS = workers
        started = time.perf_counter()
        result = pipeline.issue_letters(db, actor, batch, letter_date=letter_date)
        seconds = time.perf_counter() - started
    finally:
        pipeline.RENDER_WORKERS = default
        db.dispose()
    return seconds / max(len(result.letter_ids), 1), len(result.letter_ids), len(result.printer_pdf)


def _verdict(ratio: float) -> str:
    return f"{ratio:.2f}x (target <= {TARGET_RATIO:.2f}x) {'OK' if ratio <= TARGET_RATIO else 'MISSED'}"


def bench_letters(db_path: Path) -> list[str]:
    """Runs the benchmark on copies of `db_path` and returns the lines to print.

    The same 1,000 letters are issued twice, each time on its own copy: as Koers runs a batch (render workers
    when the machine has two cores or more) and rendered in-process, so the lines show whether the workers
    earn their place. The plain letter is rendered from the same 1,000 letters' words."""
    from db import clock
    from desktop.core.letters import pipeline
    from desktop.core.maintenance.database import open_database
    from desktop.letters.batch import POOL_MIN_LETTERS, pool_workers

    if not db_path.is_file():
        return [f"letters: {db_path} is not a database file: skipped"]
    lines: list[str] = []
    with tempfile.TemporaryDirectory(prefix="koers-bench-letters-") as tmp:
        pooled_copy, in_process_copy = Path(tmp) / "letters.sqlite", Path(tmp) / "letters-in-process.sqlite"
        _copy_database(db_path, pooled_copy)
        db = open_database(pooled_copy)  # upgrades the copy to the newest schema when the bench file is older
        try:
            actor = _sign_in(db)
            if actor is None:
                return ["letters: no medewerker in this database (not a demo database?): skipped"]
            letter_date = clock.today()
            batch, added = _ready_decisions(db, actor, LETTERS, letter_date)
            if added:
                lines.append(f"letters: {added:,} sent decisions put back to 'vastgesteld' in the copy to fill the "
                             "batch")
            if not batch:
                return [*lines, "letters: no decision letter is ready in this database: skipped"]
            prepared = pipeline.prepare(db, actor, batch, letter_date)
            contents = [c for c in (prepared[j].content for j in batch) if c is not None]
        finally:
            db.dispose()
        workers = pool_workers(len(batch))
        if workers:
            _copy_database(pooled_copy, in_process_copy)
        koers, issued, printer_bytes = _issue(pooled_copy, batch, letter_date, None)
        in_process = _issue(in_process_copy, batch, letter_date, 0)[0] if workers else koers
    plain = plain_per_letter(contents)

    how = f"{workers} render workers" if workers else "rendered in-process"
    lines.append(f"letters: a batch of {issued:,} decision letters ({how}; pre-flight, render, archive with SHA-256, "
                 f"one printer PDF of {printer_bytes / 1e6:.1f} MB): {koers * 1000:.1f} ms per letter")
    if workers:
        gain = in_process / koers
        lines.append(f"  the same batch rendered in-process (no workers; how the packaged Koers runs): "
                     f"{in_process * 1000:.1f} ms per letter; the workers make it {gain:.2f}x as fast"
                     + (": they earn their place" if gain >= 1.2 else ": they do NOT earn their place"))
    else:
        lines.append(f"  (no render workers: they start for {POOL_MIN_LETTERS} letters or more on two cores or more, and "
                     "not in a frozen build)")
    lines.append(f"  plain ReportLab letter (same words and embedded fonts, no archive, no PDF/A), {len(contents):,} "
                 f"rendered in-process: {plain * 1000:.1f} ms per letter")
    lines.append(f"  Koers per letter / plain per letter: {_verdict(koers / plain)}")
    if workers:
        lines.append(f"  Koers in-process per letter / plain per letter: {_verdict(in_process / plain)}")
    if issued < LETTERS:
        lines.append(f"  (only {issued:,} letters: the database has no more decisions to put in the queue)")
    return lines


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("gebruik: python -m tests.bench.letters PAD-NAAR-DATABASE")
    print("\n".join(bench_letters(Path(sys.argv[1]))))
