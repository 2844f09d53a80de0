"""Benchmark of the decision letters: 1,000 letters from the queue (target: under 30 s on this 2-core machine),
next to the same letter made the usual municipal way, as a word-processor document converted to PDF by
LibreOffice headless (`soffice --headless --convert-to pdf`), measured in the same run.

Runs on a copy of the bench database, so the demo file stays as it is. The demo queue holds the established,
unsent decisions of the demo; when it holds fewer than 1,000 ready ones, sent decisions of the copy are put
back to 'vastgesteld' to make up the number.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path
from xml.sax.saxutils import escape

LETTERS = 1000
TARGET_SECONDS = 30.0
SOFFICE_RUNS = 5


def _fodt(content) -> str:
    """The letter as a flat OpenDocument text (.fodt): what a mail-merge template in Writer produces."""
    def p(text: str, style: str = "Standard") -> str:
        return f'<text:p text:style-name="{style}">{escape(text)}</text:p>'

    body = [p(content.letterhead.municipality, "Title")]
    body += [p(line) for line in content.letterhead.address_lines + content.letterhead.contact_lines]
    body += [p("")] + [p(line) for line in content.addressee_lines] + [p("")]
    body += [p(f"Datum: {content.letter_date:%d-%m-%Y}"), p(f"Ons kenmerk: {content.kenmerk}"),
             p(f"Onderwerp: {content.subject}"), p(""), p(content.salutation)]
    for section in content.sections:
        if section.heading:
            body.append(p(section.heading, "Heading"))
        body += [p(text) for text in section.paragraphs]
        if section.facts:
            rows = "".join(f"<table:table-row><table:table-cell><text:p>{escape(k)}</text:p></table:table-cell>"
                           f"<table:table-cell><text:p>{escape(v)}</text:p></table:table-cell></table:table-row>"
                           for k, v in section.facts)
            body.append('<table:table table:name="feiten"><table:table-column table:number-columns-repeated="2"/>'
                        f"{rows}</table:table>")
        if section.bullets:
            items = "".join(f"<text:list-item>{p(b)}</text:list-item>" for b in section.bullets)
            body.append(f"<text:list>{items}</text:list>")
    body += [p(content.closing), p(content.on_behalf_of), p(""), p(content.letterhead.signer_name),
             p(content.letterhead.signer_title)]
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:styles>
 <style:style style:name="Standard" style:family="paragraph"><style:text-properties style:font-name="DejaVu Sans"
  fo:font-size="10.5pt"/></style:style>
 <style:style style:name="Title" style:family="paragraph"><style:text-properties fo:font-size="16pt"
  fo:font-weight="bold"/></style:style>
 <style:style style:name="Heading" style:family="paragraph"><style:paragraph-properties fo:margin-top="0.3cm"/>
  <style:text-properties fo:font-weight="bold"/></style:style>
</office:styles>
<office:body><office:text>{''.join(body)}</office:text></office:body>
</office:document>
"""


def _soffice_per_letter(content, workdir: Path) -> tuple[float | None, str]:
    """Median seconds for one letter: write the .fodt and convert it with a fresh soffice, as a script would."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return None, ("LibreOffice (soffice) is niet geïnstalleerd: vergelijking overgeslagen. Installeer met "
                      "'apt-get install -y libreoffice-writer-nogui'.")
    profile = workdir / "lo-profile"  # its own profile: no clash with a running LibreOffice
    env_arg = f"-env:UserInstallation=file://{profile}"
    source = workdir / "brief.fodt"
    timings = []
    for run in range(SOFFICE_RUNS + 1):  # the first run creates the profile: not counted
        started = time.perf_counter()
        source.write_text(_fodt(content), encoding="utf-8")
        done = subprocess.run([soffice, env_arg, "--headless", "--convert-to", "pdf", "--outdir", str(workdir),
                               str(source)], capture_output=True, text=True, timeout=180)
        if done.returncode != 0 or not (workdir / "brief.pdf").exists():
            return None, f"LibreOffice-conversie mislukte: {done.stderr.strip()[:200]}"
        if run:
            timings.append(time.perf_counter() - started)
        (workdir / "brief.pdf").unlink()
    return statistics.median(timings), ""


def _top_up_queue(db, needed: int) -> int:
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


def bench_letters(db_path: Path) -> list[str]:
    """Runs the benchmark and returns the lines it prints."""
    from sqlmodel import select

    from db.models import User
    from desktop.core.access.signin import sign_in
    from desktop.core.demo.generator import DEMO_PASSWORD
    from desktop.core.letters import pipeline
    from desktop.core.letters.decision_letters import gather
    from desktop.core.letters.letterhead import letter_settings
    from desktop.core.letters.texts import effective_texts
    from desktop.core.maintenance.database import open_database
    from desktop.core.nl import format_number

    lines: list[str] = []
    with tempfile.TemporaryDirectory(prefix="koers-bench-letters-") as tmp:
        workdir = Path(tmp)
        copy = workdir / "pipeline.sqlite"
        shutil.copyfile(db_path, copy)
        db = open_database(copy)  # upgrades the copy to the newest schema when the bench file is older
        try:
            with db.read() as s:
                username = s.exec(select(User.username).where(User.role == "medewerker")).first()
            actor = sign_in(db, username, DEMO_PASSWORD)
            started = time.perf_counter()
            queue = pipeline.letter_queue(db, actor)
            queue_s = time.perf_counter() - started
            ready = [r.decision_id for r in queue if r.ready]
            lines.append(f"letter queue: {format_number(len(queue))} decisions with pre-flight in {queue_s:.2f} s "
                         f"({format_number(len(ready))} ready, {format_number(len(queue) - len(ready))} te herstellen)")
            if len(ready) < LETTERS:
                added = _top_up_queue(db, LETTERS - len(ready))
                lines.append(f"  (queue topped up with {added} sent decisions put back to 'vastgesteld' in the copy)")
                ready = [r.decision_id for r in pipeline.letter_queue(db, actor) if r.ready]
            batch = ready[:LETTERS]
            done = []
            started = time.perf_counter()
            result = pipeline.issue_letters(db, actor, batch, letter_date=date_today(),
                                           progress=lambda d, t: done.append(d))
            seconds = time.perf_counter() - started
            issued = len(result.letter_ids)
            per_letter = seconds / max(issued, 1)
            from desktop.letters.batch import pool_workers

            workers = pool_workers(len(batch))
            lines.append(f"issue {issued} letters (pre-flight, render in {workers or 'no'} worker processes, store "
                         f"with SHA-256, one printer PDF of the archived bytes, "
                         f"{len(result.printer_pdf) / 1e6:.1f} MB): {seconds:.1f} s, {per_letter * 1000:.1f} ms per "
                         f"letter (target < {TARGET_SECONDS:.0f} s) {'OK' if seconds < TARGET_SECONDS else 'MISSED'}")
            with db.read() as s:
                facts = gather(s, [batch[0]])[batch[0]]
            from desktop.core.letters.decision_letters import assemble, make_kenmerk

            content = assemble(facts, facts.letter_kind, effective_texts(db, facts.letter_kind), letter_settings(db),
                               None, date_today(), make_kenmerk(facts.law, facts.toewijzing_nummer,
                                                                facts.letter_kind, 9)).content
            soffice_s, why = _soffice_per_letter(content, workdir)
            if soffice_s is None:
                lines.append(f"LibreOffice comparison: {why}")
            else:
                lines.append(f"same letter as .fodt via 'soffice --headless --convert-to pdf' (median of "
                             f"{SOFFICE_RUNS}): {soffice_s * 1000:.0f} ms per letter; Koers {per_letter * 1000:.1f} ms"
                             f" -> Koers is {soffice_s / per_letter:.0f}x faster")
        finally:
            db.dispose()
    for line in lines:
        print(line)
    return lines


def date_today():
    from db import clock

    return clock.today()


if __name__ == "__main__":
    import sys

    bench_letters(Path(sys.argv[1]))
