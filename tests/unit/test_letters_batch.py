"""Issuing a batch of letters: the printer PDF from the archived bytes, rendering in worker processes (same
bytes as in-process), and cancelling a pooled batch."""

from __future__ import annotations

import hashlib
import io
import re
import threading
from datetime import date

import pytest
from pypdf import PdfReader
from sqlmodel import select

from db.models import Letter, LetterBatch
from desktop.core.letters import pipeline
from desktop.core.letters.jobs import as_jobs
from desktop.letters.batch import POOL_MIN_LETTERS, PrinterPdf, pool_workers, render_in_order
from tests.unit.decision_setting import established
from tests.unit.test_letters import issue, ready  # noqa: F401 - the fixture


def _batch(db, actors, setting, first, count: int) -> list[int]:
    """`count` established decisions of the same resident: `first` and count - 1 more."""
    return [first.id] + [established(db, actors, setting, start_date=date(2026, 1 + n % 11, 5)).id
                         for n in range(count - 1)]


def _archived(db, batch_id: int | None) -> list[Letter]:
    with db.read() as s:
        return list(s.exec(select(Letter).where(Letter.batch_id == batch_id).order_by(Letter.id)).all())


def _pages(pdf: bytes) -> list[str]:
    return [re.sub(r"\s+", " ", page.extract_text()) for page in PdfReader(io.BytesIO(pdf)).pages]


def test_the_printer_pdf_is_the_archived_letters_in_order(any_db, any_actors, setting, ready):  # noqa: F811
    ids = _batch(any_db, any_actors, setting, ready, 3)
    result = issue(any_db, any_actors, ids)
    stored = _archived(any_db, result.batch_id)
    assert [s.kenmerk for s in stored] == list(result.kenmerken) and len(stored) == 3
    pages = _pages(result.printer_pdf)
    counts = [len(PdfReader(io.BytesIO(s.pdf)).pages) for s in stored]
    assert len(pages) == sum(counts)
    start = 0
    for letter, count in zip(stored, counts, strict=True):
        # each letter's pages, in order, exactly as archived: same text page for page
        assert pages[start:start + count] == _pages(letter.pdf)
        assert all(letter.kenmerk in page for page in pages[start:start + count])
        start += count
    kenmerk_order = [m for page in pages for m in re.findall(r"Ons kenmerk ([A-Z]+-\d{4}-\d{6}-T\d)", page)]
    assert list(dict.fromkeys(kenmerk_order)) == list(result.kenmerken)


def test_printer_pdf_of_nothing_is_empty():
    assert PrinterPdf().getvalue() == b""


def _odd_pdf() -> bytes:
    """A PDF not in ReportLab's layout: a page dictionary with a literal string that reads like a reference."""
    from pypdf import PdfWriter
    from pypdf.generic import DictionaryObject, NameObject, TextStringObject

    writer = PdfWriter()
    page = writer.add_blank_page(595, 842)
    page[NameObject("/PieceInfo")] = DictionaryObject({NameObject("/Note"): TextStringObject("see 1 0 R")})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_the_printer_pdf_reads_back_in_pdf_readers_and_falls_back_to_pypdf():
    from tests.unit.test_letter_layout import _long, _toekenning

    letters_pdf = [render_in_order([c], workers=0).__next__() for c in (_toekenning(), _long())]
    fast = PrinterPdf("Gemeente Koersveen")
    for pdf in letters_pdf:
        fast.add(pdf)
    combined = fast.getvalue()
    reader = PdfReader(io.BytesIO(combined), strict=True)
    assert reader.metadata.title == "Beschikkingen, 2 brieven" and reader.metadata.author == "Gemeente Koersveen"
    assert _pages(combined) == _pages(letters_pdf[0]) + _pages(letters_pdf[1])
    # The letters' own catalog, XMP and ICC profile are not copied: only what the pages use.
    assert combined.count(b"/Type /Catalog") == 1 and b"pdfaid" not in combined

    mixed = PrinterPdf()
    for pdf in (letters_pdf[0], _odd_pdf(), letters_pdf[1]):
        mixed.add(pdf)
    assert mixed._pypdf is not None  # the odd one switched the whole file to pypdf
    pages = _pages(mixed.getvalue())
    assert len(pages) == len(_pages(letters_pdf[0])) + 1 + len(_pages(letters_pdf[1]))
    assert pages[0] == _pages(letters_pdf[0])[0] and pages[-1] == _pages(letters_pdf[1])[-1]


def test_pool_and_in_process_rendering_archive_the_same_bytes(any_db, any_actors, setting, ready,  # noqa: F811
                                                              monkeypatch):
    db, actors = any_db, any_actors
    ids = _batch(db, actors, setting, ready, 4)
    prepared = pipeline.prepare(db, actors.medewerker, as_jobs(ids), date(2026, 11, 23))
    contents = [prepared[job].content for job in as_jobs(ids)]
    in_process = list(render_in_order(contents, workers=0))
    pooled = list(render_in_order(contents, workers=2))
    assert pooled == in_process

    # And through issue_letters: the archived bytes of a pooled batch are what in-process rendering makes.
    monkeypatch.setattr(pipeline, "RENDER_WORKERS", 2)
    result = issue(db, actors, ids)
    assert [s.pdf for s in _archived(db, result.batch_id)] == in_process


def test_the_pool_works_from_a_worker_thread():
    from tests.unit.test_letter_layout import _toekenning

    contents = [_toekenning(kenmerk=f"WMO-2026-{n:06d}") for n in range(3)]
    out: list = []
    thread = threading.Thread(target=lambda: out.extend(render_in_order(contents, workers=2)))
    thread.start()
    thread.join(timeout=120)
    assert len(out) == 3 and all(f"WMO-2026-{n:06d}" in _pages(pdf)[0] for n, pdf in enumerate(out))


def test_cancelling_a_pooled_batch_leaves_only_whole_letters(any_db, any_actors, setting, ready,  # noqa: F811
                                                             monkeypatch):
    db, actors = any_db, any_actors
    ids = _batch(db, actors, setting, ready, 8)
    monkeypatch.setattr(pipeline, "RENDER_WORKERS", 2)
    seen = []
    result = issue(db, actors, ids, progress=lambda d, t: seen.append(d), cancelled=lambda: len(seen) >= 3)
    assert result.cancelled and len(result.letter_ids) == 3 and seen == [1, 2, 3]
    stored = _archived(db, result.batch_id)
    assert [s.id for s in stored] == list(result.letter_ids)
    with db.read() as s:
        assert len(s.exec(select(Letter)).all()) == 3  # the letters rendered ahead were dropped, not stored
        assert s.get(LetterBatch, result.batch_id).letter_count == 3
    for letter in stored:  # every stored letter is whole: its hash matches and the PDF reads to the end
        assert hashlib.sha256(letter.pdf).hexdigest() == letter.sha256
        pages = _pages(letter.pdf)
        assert f"pagina {len(pages)} van {len(pages)}" in pages[-1]
    assert len(_pages(result.printer_pdf)) == sum(len(_pages(s.pdf)) for s in stored)
    assert [r.decision_id for r in pipeline.letter_queue(db, actors.medewerker)] == ids[3:]


@pytest.mark.parametrize("count", [1, POOL_MIN_LETTERS - 1])
def test_small_batches_render_in_process(count):
    assert pool_workers(count) == 0


# ---------------------------------------------------------------- storing in chunks (issue 16 point 4)


def _commits(db) -> list[int]:
    """Counts the transactions committed on `db` from now on (reads roll back: only writes count)."""
    from sqlalchemy import event

    seen: list[int] = []
    event.listen(db.engine, "commit", lambda conn: seen.append(1))
    return seen


def _issue_lines(db) -> int:
    from db.models import AuditEntry

    with db.read() as s:
        return len(s.exec(select(AuditEntry).where(AuditEntry.action == "brief.aanmaken")).all())


def test_a_batch_stores_its_letters_in_chunks_and_all_of_them(any_db, any_actors, setting, ready,  # noqa: F811
                                                               monkeypatch):
    db, actors = any_db, any_actors
    ids = _batch(db, actors, setting, ready, 5)
    monkeypatch.setattr(pipeline, "STORE_CHUNK", 2)
    monkeypatch.setattr(pipeline, "RENDER_WORKERS", 0)
    commits = _commits(db)
    result = issue(db, actors, ids)
    assert len(commits) == 3  # 2 + 2 + 1 letters, not one transaction per letter
    stored = _archived(db, result.batch_id)
    assert [s.id for s in stored] == list(result.letter_ids) and len(stored) == 5
    assert [s.beschikking_id for s in stored] == ids
    with db.read() as s:
        assert s.get(LetterBatch, result.batch_id).letter_count == 5
        assert len(s.exec(select(LetterBatch)).all()) == 1
    assert _issue_lines(db) == 5  # one access-log line per letter, as before
    assert all(hashlib.sha256(s.pdf).hexdigest() == s.sha256 for s in stored)
    assert len(_pages(result.printer_pdf)) == sum(len(_pages(s.pdf)) for s in stored)


def test_a_letter_a_colleague_made_meanwhile_is_parked_and_the_rest_of_its_chunk_stored(
        any_db, any_actors, setting, ready, monkeypatch):  # noqa: F811
    db, actors = any_db, any_actors
    ids = _batch(db, actors, setting, ready, 3)
    monkeypatch.setattr(pipeline, "RENDER_WORKERS", 0)
    colleague = []

    def progress(done: int, total: int) -> None:
        if done == 1:  # the first letter is rendered, not yet stored: a colleague issues it now
            colleague.append(issue(db, actors, [ids[0]]))

    result = issue(db, actors, ids, progress=progress)
    assert len(colleague[0].letter_ids) == 1
    assert [p.job.id for p in result.parked] == [ids[0]] and "collega" in result.parked[0].problems[0]
    stored = _archived(db, result.batch_id)
    assert [s.beschikking_id for s in stored] == ids[1:] and list(result.letter_ids) == [s.id for s in stored]
    with db.read() as s:
        # the batch was made with its first stored letter (the second), not with the one that was taken
        assert s.get(LetterBatch, result.batch_id).letter_count == 2
        assert len(s.exec(select(Letter).where(Letter.beschikking_id == ids[0])).all()) == 1
    assert len(_pages(result.printer_pdf)) == sum(len(_pages(s.pdf)) for s in stored)


def test_a_letter_failing_to_store_mid_chunk_keeps_the_ones_before_it_and_nothing_of_itself(
        any_db, any_actors, setting, ready, monkeypatch):  # noqa: F811
    from desktop.core.access import audit

    db, actors = any_db, any_actors
    ids = _batch(db, actors, setting, ready, 5)
    monkeypatch.setattr(pipeline, "RENDER_WORKERS", 0)
    record = audit.record

    def failing(s, actor, action, **kw):
        if action == "brief.aanmaken" and kw.get("changes", {}).get("onderwerp") == [None, f"beschikking:{ids[2]}"]:
            raise OSError("schijf vol")  # after the letter row was flushed: its savepoint must take it back
        return record(s, actor, action, **kw)

    monkeypatch.setattr(audit, "record", failing)
    with pytest.raises(OSError, match="schijf vol"):
        issue(db, actors, ids)
    with db.read() as s:
        letters = s.exec(select(Letter).order_by(Letter.id)).all()
        batches = s.exec(select(LetterBatch)).all()
    assert [letter.beschikking_id for letter in letters] == ids[:2]  # the third left nothing behind
    assert len(batches) == 1 and batches[0].letter_count == 2
    assert all(hashlib.sha256(letter.pdf).hexdigest() == letter.sha256 for letter in letters)
    assert _issue_lines(db) == 2
    monkeypatch.setattr(audit, "record", record)
    assert [r.decision_id for r in pipeline.letter_queue(db, actors.medewerker)] == ids[2:]


def test_a_letter_failing_to_render_stores_the_ones_made_before_it(any_db, any_actors, setting, ready,  # noqa: F811
                                                                     monkeypatch):
    import desktop.letters.batch as batch

    db, actors = any_db, any_actors
    ids = _batch(db, actors, setting, ready, 4)
    monkeypatch.setattr(pipeline, "RENDER_WORKERS", 0)
    render = batch._render
    rendered: list[int] = []

    def failing(content):
        if len(rendered) == 2:
            raise ValueError("LayoutError")
        rendered.append(1)
        return render(content)

    monkeypatch.setattr(batch, "_render", failing)
    with pytest.raises(ValueError, match="LayoutError"):
        issue(db, actors, ids)
    with db.read() as s:
        letters = s.exec(select(Letter).order_by(Letter.id)).all()
        assert s.get(LetterBatch, letters[0].batch_id).letter_count == 2
    assert [letter.beschikking_id for letter in letters] == ids[:2]
    for letter in letters:  # whole letters: the hash matches and the PDF reads to its last page
        assert hashlib.sha256(letter.pdf).hexdigest() == letter.sha256
        pages = _pages(letter.pdf)
        assert f"pagina {len(pages)} van {len(pages)}" in pages[-1]


def test_each_block_text_is_checked_once_per_batch_with_the_same_outcome(any_db, any_actors, setting,
                                                                           ready):  # noqa: F811
    from desktop.core.letters import texts

    db, actors = any_db, any_actors
    ids = _batch(db, actors, setting, ready, 3)
    jobs = as_jobs(ids)
    texts._template_problems.cache_clear()
    cold = pipeline.prepare(db, actors.medewerker, jobs, date(2026, 11, 23))
    info = texts._template_problems.cache_info()
    kind = cold[jobs[0]].kind
    assert info.misses <= len(texts.block_specs(kind)) and info.hits >= 2 * info.misses  # once, not per letter
    warm = pipeline.prepare(db, actors.medewerker, jobs, date(2026, 11, 23))
    assert [warm[j].content for j in jobs] == [cold[j].content for j in jobs]
    assert [warm[j].problems for j in jobs] == [cold[j].problems for j in jobs] == [[], [], []]

    # A bad text gives the same problems from the cache, and a caller changing the list does not change the cache.
    first = texts.validate_template(kind, "besluit", "U krijgt {{onbekend}}.")
    first.append("iets anders")
    assert texts.validate_template(kind, "besluit", "U krijgt {{onbekend}}.") == first[:-1] != []
