"""Many letters at once: rendering on every core, and the printer PDF made from the archived bytes.

Rendering (ReportLab, pure Python) is the bulk of issuing a batch, and one Python process uses one core.
`render_in_order` renders in a pool of worker processes and hands the PDFs back in the order asked, some
letters ahead of the caller, so the caller (desktop/core/letters/pipeline.issue_letters) stores letters while the
workers render the next ones. The workers are started with 'spawn', never 'fork': the pool is started from
a worker QThread of the GUI, and a forked copy of a process with Qt, SQLAlchemy engines and running
threads is not safe. A spawned worker imports only ReportLab and the layout, and registers the fonts once.
Small batches render in-process: starting the workers (about half a second) costs more than it gains.

The printer PDF (`PrinterPdf`) is the archived letters concatenated, not a second rendering: the printer
gets exactly the bytes that were archived, and the batch does not pay for every letter twice. It renumbers
the objects of ReportLab's fixed layout itself (under 1 ms a letter) and falls back to pypdf for anything
else; see PrinterPdf for why not pypdf alone. The combined file is a print job, not an archive copy, so it
need not be PDF/A; each archived letter is.
"""

from __future__ import annotations

import io
import multiprocessing
import os
import re
import sys
from collections import deque
from collections.abc import Generator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import islice
from typing import TYPE_CHECKING

from desktop.letters.content import LetterContent
from desktop.version import name_and_version

if TYPE_CHECKING:
    from pypdf import PdfWriter

POOL_MIN_LETTERS = 20  # fewer letters render in-process: starting the workers costs more than it gains
# Letters queued per worker: enough to keep both cores busy while the caller stores a chunk of 50 letters in one
# transaction (desktop/core/letters/pipeline.STORE_CHUNK); at 3 they idled through every commit. A cancel still
# waits only for the letters being rendered at that moment.
AHEAD_PER_WORKER = 25
MAX_WORKERS = 8


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))  # the cores this process may use (a container may limit them)
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def pool_workers(count: int) -> int:
    """How many worker processes a batch of `count` letters gets: 0 means render in-process."""
    if count < POOL_MIN_LETTERS or getattr(sys, "frozen", False):
        # A frozen build (PyInstaller) can start workers only after multiprocessing.freeze_support() in its
        # entry point; without it a worker would start a second Koers.
        return 0
    cores = _cores()
    return 0 if cores < 2 else min(cores, MAX_WORKERS)


def _start_worker() -> None:
    from desktop.letters.beschikking import warm_up

    try:
        # The caller's thread stores each letter and adds it to the printer PDF: that is the one part that
        # cannot run in parallel, so it gets the cores first and the workers render in what is left.
        os.nice(5)
    except (AttributeError, OSError):  # pragma: no cover - Windows has no nice()
        pass
    warm_up()


def _render(content: LetterContent) -> bytes:
    from desktop.letters.beschikking import render_letter  # ReportLab loads slowly: only when needed

    return render_letter(content)


def render_in_order(contents: Sequence[LetterContent], *,
                    workers: int | None = None) -> Generator[bytes, None, None]:
    """The PDF of every content, in order. `workers`: None chooses (see pool_workers), 0 renders in-process.

    Renders at most a few letters ahead of the caller. Closing the generator (the caller stops early, for
    instance when the user cancels) drops the letters rendered ahead and stops the workers. The bytes are
    the same whichever way a letter was rendered (ReportLab's invariant mode). When the pool breaks (a
    worker killed, or workers cannot start here), the remaining letters render in-process.
    """
    if workers is None:
        workers = pool_workers(len(contents))
    if workers <= 0:
        for content in contents:
            yield _render(content)
        return
    done = 0
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_start_worker)
    try:
        upcoming = iter(contents)
        ahead: deque[Future[bytes]] = deque(pool.submit(_render, content)
                                            for content in islice(upcoming, workers * AHEAD_PER_WORKER))
        while ahead:
            pdf = ahead.popleft().result()
            following = next(upcoming, None)
            if following is not None:  # keep the workers fed before handing this one over
                ahead.append(pool.submit(_render, following))
            done += 1
            yield pdf
    except (BrokenProcessPool, OSError):
        pass  # render the rest below; a letter that cannot be rendered fails there as well
    finally:
        pool.shutdown(wait=True, cancel_futures=True)  # waits only for the letters being rendered now
    for content in contents[done:]:
        yield _render(content)


class _Unsupported(Exception):
    """A PDF that is not laid out the way ReportLab writes it (the fast concatenation leaves it to pypdf)."""


_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")
_XREF = re.compile(rb"xref\r?\n0 (\d+)\r?\n")
_OBJ = re.compile(rb"(\d+) 0 obj\s*")
_STREAM = re.compile(rb">>\s*stream\r?\n")
_REF = re.compile(rb"(\d+) 0 R\b")
_PARENT = re.compile(rb"/Parent \d+ 0 R")
_LENGTH = re.compile(rb"/Length (\d+)\b")
_PAGE = re.compile(rb"/Type /Page\b(?!s)")
_PAGES_ROOT, _CATALOG, _INFO = 1, 2, 3  # object numbers of the combined file's own objects


def _objects(pdf: bytes) -> tuple[dict[int, tuple[bytes, bytes | None]], list[int]]:
    """A ReportLab PDF taken apart: {number: (dictionary, stream data or None)} and its pages in order.
    Only what ReportLab writes: one classic xref table, a flat page tree, no literal strings in the objects
    a page needs (so every 'N 0 R' there is a reference). Anything else raises _Unsupported."""
    end = _STARTXREF.search(pdf, max(0, len(pdf) - 64))
    xref = _XREF.match(pdf, int(end.group(1))) if end else None
    if xref is None:
        raise _Unsupported("no classic xref table")
    table, size = xref.end(), int(xref.group(1))
    objects: dict[int, tuple[bytes, bytes | None]] = {}
    for number in range(1, size):
        entry = pdf[table + 20 * number:table + 20 * number + 18]
        if entry[17:18] != b"n":
            continue
        head = _OBJ.match(pdf, int(entry[:10]))
        if head is None or int(head.group(1)) != number:
            raise _Unsupported(f"object {number} is not where the xref says")
        endobj = pdf.find(b"endobj", head.end())
        stream = _STREAM.search(pdf, head.end())
        if stream is not None and stream.start() < endobj:
            dictionary = pdf[head.end():stream.start() + 2]
            length = _LENGTH.search(dictionary)
            if length is None:
                raise _Unsupported(f"stream {number} has no direct /Length")
            data = pdf[stream.end():stream.end() + int(length.group(1))]
            if not pdf[stream.end() + len(data):stream.end() + len(data) + 12].lstrip().startswith(b"endstream"):
                raise _Unsupported(f"stream {number} is not /Length long")
            objects[number] = (dictionary, data)
        else:
            objects[number] = (pdf[head.end():endobj].rstrip(), None)
    assert end is not None  # the xref was found through it
    trailer = pdf[table + 20 * size:end.start()]
    root = re.search(rb"/Root (\d+) 0 R", trailer)
    pages = re.search(rb"/Pages (\d+) 0 R", objects.get(int(root.group(1)), (b"", None))[0]) if root else None
    kids = re.search(rb"/Kids \[([^\]]*)\]", objects.get(int(pages.group(1)), (b"", None))[0]) if pages else None
    if kids is None:
        raise _Unsupported("no page tree")
    order = [int(n) for n in _REF.findall(kids.group(1))]
    if not order or not all(_PAGE.search(objects[n][0]) for n in order):
        raise _Unsupported("not a flat page tree")
    return objects, order


class PrinterPdf:
    """The printer's PDF: the archived letters' bytes one after the other, each starting on a new page.

    Add each letter as it is archived; its objects are renumbered and written out at once, so only the
    output grows. `getvalue()` adds the page tree, catalog and xref.

    Why not only pypdf: pypdf parses every object (fonts' width arrays included) and costs about 7-8 ms per
    letter, a third of what the storing thread does per letter, which on a 2-core machine kept a 1,000-letter
    batch at the 30-second limit. ReportLab writes a simple, fixed layout (one xref table, a flat page tree,
    direct stream lengths), so renumbering its objects takes well under a millisecond. A letter in any other
    layout (a ReportLab upgrade, say) switches the whole printer PDF to pypdf, which handles any PDF; for
    that switch the letters' bytes are kept until the end.
    """

    HEADER = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"

    def __init__(self, author: str = "") -> None:
        self.letters = 0
        self._author = author  # the municipality, for the document properties
        self._out = io.BytesIO()
        self._out.write(self.HEADER)
        self._offsets: dict[int, int] = {}
        self._next = _INFO + 1
        self._pages: list[int] = []
        self._kept: list[bytes] = []
        self._pypdf: PdfWriter | None = None  # a pypdf PdfWriter once a letter did not fit the fast path

    def add(self, pdf: bytes) -> None:
        self.letters += 1
        self._kept.append(pdf)
        if self._pypdf is None:
            try:
                self._append(pdf)
                return
            except _Unsupported:
                from pypdf import PdfWriter

                self._pypdf = PdfWriter()
                pdfs = self._kept
        else:
            pdfs = [pdf]
        from pypdf import PdfReader

        for one in pdfs:
            for page in PdfReader(io.BytesIO(one)).pages:
                self._pypdf.add_page(page)

    def _append(self, pdf: bytes) -> None:
        objects, pages = _objects(pdf)
        needed, todo = set(pages), list(pages)
        while todo:  # the objects the pages use (not the letter's catalog, metadata or ICC profile)
            dictionary = _PARENT.sub(b"", objects[todo.pop()][0])
            for ref in _REF.findall(dictionary):
                if int(ref) not in needed:
                    if int(ref) not in objects:
                        raise _Unsupported(f"reference to a missing object {int(ref)}")
                    needed.add(int(ref))
                    todo.append(int(ref))
        numbers = {old: self._next + i for i, old in enumerate(sorted(needed))}
        chunks = []
        offset = self._out.tell()
        for old in sorted(needed):
            dictionary, data = objects[old]
            if b"(" in dictionary:
                raise _Unsupported(f"object {old} holds a literal string")  # a 'N 0 R' in it might be text
            dictionary = _PARENT.sub(b"/Parent %d 0 R" % _PAGES_ROOT, dictionary)
            dictionary = _REF.sub(lambda m: b"%d 0 R" % numbers[int(m.group(1))], dictionary)
            chunk = b"%d 0 obj\n%s\n" % (numbers[old], dictionary)
            if data is not None:
                chunk += b"stream\n" + data + b"\nendstream\n"
            chunk += b"endobj\n"
            self._offsets[numbers[old]] = offset
            offset += len(chunk)
            chunks.append(chunk)
        self._out.write(b"".join(chunks))  # only after the whole letter parsed: no half letter in the file
        self._pages += [numbers[p] for p in pages]
        self._next += len(numbers)

    def getvalue(self) -> bytes:
        """The combined PDF; b"" when no letter was added."""
        if not self.letters:
            return b""
        title = f"Beschikkingen, {self.letters} brieven"
        if self._pypdf is not None:
            self._pypdf.add_metadata({"/Title": title, "/Author": self._author, "/Creator": name_and_version(),
                                     "/Producer": name_and_version()})
            out = io.BytesIO()
            self._pypdf.write(out)
            return out.getvalue()

        def text(value: str) -> bytes:  # a PDF text string: UTF-16BE in hex, nothing to escape
            return b"<FEFF" + value.encode("utf-16-be").hex().upper().encode("ascii") + b">"

        out = self._out
        own = {
            _PAGES_ROOT: b"<< /Type /Pages /Count %d /Kids [ %s ] >>" % (
                len(self._pages), b" ".join(b"%d 0 R" % n for n in self._pages)),
            _CATALOG: b"<< /Type /Catalog /Pages %d 0 R >>" % _PAGES_ROOT,
            _INFO: b"<< /Title %s /Author %s /Creator %s /Producer %s >>" % (
                text(title), text(self._author), text(name_and_version()), text(name_and_version())),
        }
        for number, dictionary in own.items():
            self._offsets[number] = out.tell()
            out.write(b"%d 0 obj\n%s\nendobj\n" % (number, dictionary))
        xref = out.tell()
        out.write(b"xref\n0 %d\n0000000000 65535 f \n" % self._next)
        out.write(b"".join(b"%010d 00000 n \n" % self._offsets[n] for n in range(1, self._next)))
        out.write(b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n"
                  % (self._next, _CATALOG, _INFO, xref))
        return out.getvalue()
