"""A beschikking letter laid out as PDF: A4, window-envelope address, 'pagina X van Y' per letter.

The content (desktop/letters/content.py) is already final text; this module only lays it out. A batch for
the printer is one PDF in which every letter starts on a new page and counts its own pages.

Deterministic: ReportLab's invariant mode, and the PDF dates are the letter date (00:00 UTC), so the same
content gives the same bytes on any machine or day; a stored letter can be compared with a reprint.

PDF/A-2b (ISO 19005-2, level b): the file-level parts are in desktop/letters/pdfa.py and proven by a validator
in tests/unit/test_pdfa.py. This module adds what the layout decides: only DejaVu TrueType subsets, all
embedded (no standard-14 font, also not in tables or bullets); no transparency (a logo's alpha channel is
flattened onto white before embedding); no encryption, JavaScript, actions, annotations or embedded files;
/Lang nl-NL.

Leans on ReportLab internals (catalog key list, document timestamp, page Contents, image XObject
registration); tests/unit/test_letter_layout.py fails when an upgrade changes them.
"""

from __future__ import annotations

import hashlib
import io
import re
import threading
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any, Protocol, TypedDict, cast
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfdoc
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    FrameBreak,
    KeepTogether,
    NextPageTemplate,
    NullActionFlowable,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from desktop.letters.content import LetterContent, Section
from desktop.letters.fonts import BOLD, REGULAR, register_fonts
from desktop.letters.pdfa import make_pdfa, srgb_profile
from desktop.version import name_and_version

PAGE_W, PAGE_H = A4
MARGIN_LEFT = 25 * mm  # body text lines up with the address in the window
MARGIN_RIGHT = 20 * mm
MARGIN_BOTTOM = 25 * mm
BODY_W = PAGE_W - MARGIN_LEFT - MARGIN_RIGHT

# Address window of a window-left envelope (C5/6 = DL and EA5/4 'venster links', the usual municipal
# envelope): window 20 mm from the left edge and 45 mm from the top, 90 x 45 mm. Approximate common
# values, not a quoted norm: check them against the envelope the print room actually uses.
WINDOW_LEFT = 20 * mm
WINDOW_TOP = 45 * mm
WINDOW_W = 90 * mm
WINDOW_H = 45 * mm
WINDOW_PADDING = 5 * mm  # keep text clear of the window edge when the letter shifts in the envelope
MAX_ADDRESS_LINES = 6

LOGO_TOP = 15 * mm
LOGO_MAX_W = 60 * mm
LOGO_MAX_H = 24 * mm  # ends well above the window
SENDER_X = PAGE_W - MARGIN_RIGHT - 55 * mm  # right-hand column: return address and contact lines
FIRST_FRAME_TOP = WINDOW_TOP + WINDOW_H + 10 * mm  # reference block and body start below the window
NEXT_FRAME_TOP = 28 * mm
HEADING_ROOM = 25 * mm  # a heading starts a new page unless it and a few lines of its text still fit
FIT_SLACK = 14  # points: keep-together content this close to the page end moves on (wrap measures short)
MIN_SPLIT_ROWS = 3  # a facts table split over two pages keeps at least this many rows on each
KEEP_WHOLE_ROWS = 6  # and one of at most this many rows is never split
KEEP_WITH_SIGNATURE = 80 * mm  # the last section (or paragraph) moves with the signature when at most this high
HEADER_Y = PAGE_H - 15 * mm
FOOTER_Y = 12 * mm

INK = colors.HexColor("#1a1a1a")
MUTED = colors.HexColor("#555555")
ACCENT = colors.HexColor("#1f4e79")
RULE = colors.HexColor("#c8d0d8")

KEYWORDS = "beschikking"
PDF_VERSION = (1, 7)  # PDF/A-2 is based on PDF 1.7, which also matches an ICC v4 output profile


# ---------------------------------------------------------------- styles and text


@lru_cache(maxsize=1)
def _styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    body = ParagraphStyle("body", fontName=REGULAR, fontSize=10, leading=14, textColor=INK, spaceAfter=6,
                          bulletFontName=REGULAR)
    return {
        "body": body,
        "heading": ParagraphStyle("heading", body, fontName=BOLD, fontSize=10.5, spaceBefore=8, spaceAfter=3),
        "bullet": ParagraphStyle("bullet", body, leftIndent=6 * mm, bulletIndent=1.5 * mm, spaceAfter=3),
        "label": ParagraphStyle("label", body, textColor=MUTED, spaceAfter=0),
        "cell": ParagraphStyle("cell", body, spaceAfter=0),
        "refLabel": ParagraphStyle("refLabel", body, fontSize=9, leading=13, textColor=MUTED, spaceAfter=0),
        "refValue": ParagraphStyle("refValue", body, spaceAfter=0, leading=13),
        "closing": ParagraphStyle("closing", body, spaceAfter=0),
    }


_MONTHS = "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december"
_DATE = re.compile(rf"\b((?:(?:maan|dins|woens|donder|vrij|zater|zon)dag )?\d{{1,2}} (?:{_MONTHS}) \d{{4}})\b")


def _unbroken_dates(text: str) -> str:
    """'16 november 2026' (and 'maandag 16 november 2026') never breaks over two lines: no-break spaces."""
    return _DATE.sub(lambda m: m.group(1).replace(" ", "\u00a0"), text)


def _text(value: str | None) -> str:
    """Text as Paragraph markup: &, < and > printed literally, line breaks kept, dates kept on one line."""
    lines = (value or "").strip().replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "<br/>".join(escape(_unbroken_dates(line)) for line in lines)


# ---------------------------------------------------------------- the logo


@dataclass(frozen=True)
class _Logo:
    """A logo ready to embed: flattened, Flate-compressed once (not once per letter, and without the
    ASCII85 layer ReportLab adds by default)."""

    key: str  # sha256 of the source bytes: the XObject name, the same in every PDF
    width: int
    height: int
    stream: bytes


_logo_cache: dict[str, _Logo] = {}
_logo_lock = threading.Lock()
_LOGO_CACHE_SIZE = 8


def _logo(data: bytes) -> _Logo:
    """The logo flattened onto white (PDF/A: no transparency), decoded once per distinct image."""
    key = hashlib.sha256(data).hexdigest()
    with _logo_lock:
        cached = _logo_cache.get(key)
    if cached is not None:
        return cached
    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        image.load()
        if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
            rgba = image.convert("RGBA")
            flat = Image.new("RGB", rgba.size, (255, 255, 255))
            flat.paste(rgba, mask=rgba.getchannel("A"))
        else:
            flat = image.convert("RGB")
    logo = _Logo(key, flat.width, flat.height, zlib.compress(flat.tobytes()))
    with _logo_lock:
        if len(_logo_cache) >= _LOGO_CACHE_SIZE:
            _logo_cache.pop(next(iter(_logo_cache)))
        _logo_cache[key] = logo
    return logo


def _draw_logo(canvas: Canvas, logo: _Logo, x: float, y: float, width: float, height: float) -> None:
    """Canvas.drawImage for a pre-compressed image: registers one XObject per document, then paints it."""
    doc = canvas._doc  # type: ignore[attr-defined]  # ReportLab private API, no stub
    name = doc.getXObjectName(logo.key)
    if name not in doc.idToObject:
        xobject = pdfdoc.PDFImageXObject(logo.key)  # the canned default, then our data
        xobject.width, xobject.height = logo.width, logo.height
        xobject.bitsPerComponent, xobject.colorSpace = 8, "DeviceRGB"
        xobject.streamContent = logo.stream  # type: ignore[assignment]  # takes bytes too; the stub says str
        xobject._filters = ("FlateDecode",)  # type: ignore[attr-defined]  # ReportLab private API, no stub
        doc.addForm(logo.key, xobject)
    canvas.saveState()
    canvas.translate(x, y)
    canvas.scale(width, height)
    canvas._code.append(f"/{name} Do")  # type: ignore[attr-defined]  # ReportLab private API, no stub
    canvas.restoreState()
    # Puts the XObject in this page's resources.
    canvas._formsinuse.append(logo.key)  # type: ignore[attr-defined]  # ReportLab private API, no stub


# ---------------------------------------------------------------- first page: letterhead and window


class _Numbered(Protocol):
    """The canvas of _letter_canvas: which letter the current page belongs to."""

    _koers_letter: int


class _LetterStart(Flowable):
    """Zero-height marker that opens a letter: tells the canvas which letter the page belongs to and draws
    the fixed parts of the first page (letterhead, address window) at their place on the paper."""

    def __init__(self, index: int, content: LetterContent):
        super().__init__()
        self.index = index
        self.content = content
        self.width = self.height = 0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0, 0

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802 - ReportLab's name
        cast(_Numbered, canvas)._koers_letter = self.index
        canvas.saveState()
        _draw_letterhead(canvas, self.content)
        _draw_address(canvas, self.content)
        canvas.restoreState()

    def draw(self) -> None:  # drawOn does the work at absolute positions
        pass


def _draw_letterhead(canvas: Canvas, content: LetterContent) -> None:
    head = content.letterhead
    top = PAGE_H - LOGO_TOP
    if head.logo:
        logo = _logo(head.logo)
        scale = min(LOGO_MAX_W / logo.width, LOGO_MAX_H / logo.height)
        width, height = logo.width * scale, logo.height * scale
        _draw_logo(canvas, logo, MARGIN_LEFT, top - height, width, height)
    else:
        canvas.setFillColor(ACCENT)
        canvas.setFont(BOLD, 15)
        canvas.drawString(MARGIN_LEFT, top - 15, head.municipality)
    y = top - 9
    canvas.setFillColor(INK)
    canvas.setFont(BOLD, 9)
    canvas.drawString(SENDER_X, y, head.municipality)
    canvas.setFont(REGULAR, 8.5)
    canvas.setFillColor(MUTED)
    for block in (head.address_lines, head.contact_lines):
        for line in block:
            y -= 11.5
            canvas.drawString(SENDER_X, y, line)
        y -= 5


def _draw_address(canvas: Canvas, content: LetterContent) -> None:
    x = WINDOW_LEFT + WINDOW_PADDING
    y = PAGE_H - WINDOW_TOP - WINDOW_PADDING - 6
    head = content.letterhead
    size, lines = sender_layout(head.municipality, head.address_lines) or (SENDER_SIZES[-1], _wrap(
        return_address(head.municipality, head.address_lines), SENDER_SIZES[-1]))  # refused in Beheer; never cut
    canvas.setFillColor(MUTED)
    canvas.setFont(REGULAR, size)
    for line in lines:
        canvas.drawString(x, y, line)
        y -= size + 1
    canvas.setFillColor(INK)
    y = PAGE_H - WINDOW_TOP - WINDOW_PADDING - 6 - 6 * mm
    for line in content.addressee_lines[:MAX_ADDRESS_LINES]:
        canvas.setFont(REGULAR, address_size(line) or ADDRESS_SIZES[-1])  # too long: parked by the pre-flight
        canvas.drawString(x, y, line)
        y -= 13


# ---------------------------------------------------------------- what fits the window (the core asks too)

WINDOW_TEXT_W = WINDOW_W - 2 * WINDOW_PADDING
SENDER_SIZES = (6.5, 6.0, 5.5)  # the return address above the window shrinks before it wraps
ADDRESS_SIZES = (10.0, 9.5, 9.0, 8.5)  # an addressee line shrinks a little; never below 8.5 pt
LETTERHEAD_W = 55 * mm  # the right-hand column of the letterhead


def return_address(municipality: str, address_lines: Sequence[str]) -> str:
    return ", ".join((municipality, *address_lines))


def _width(text: str, size: float, font: str = REGULAR) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    register_fonts()
    return float(stringWidth(text, font, size))


def _wrap(text: str, size: float) -> list[str]:
    """Word-wrapped to the window: every character printed, none dropped."""
    lines: list[str] = []
    for word in text.split(" "):
        if lines and _width(f"{lines[-1]} {word}", size) <= WINDOW_TEXT_W:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def sender_layout(municipality: str, address_lines: Sequence[str]) -> tuple[float, list[str]] | None:
    """The return address above the window: one line at the largest size that fits, else two lines split after
    a comma at the smallest size; None when even that does not fit (a beheerder must shorten it)."""
    text = return_address(municipality, address_lines)
    for size in SENDER_SIZES:
        if _width(text, size) <= WINDOW_TEXT_W:
            return size, [text]
    parts, size = text.split(", "), SENDER_SIZES[-1]
    for i in range(len(parts) - 1, 0, -1):
        first, second = ", ".join(parts[:i]) + ",", ", ".join(parts[i:])
        if _width(first, size) <= WINDOW_TEXT_W and _width(second, size) <= WINDOW_TEXT_W:
            return size, [first, second]
    return None


def address_size(line: str) -> float | None:
    """The size an addressee line is printed at, or None when it does not fit the window even at 8.5 pt."""
    return next((size for size in ADDRESS_SIZES if _width(line, size) <= WINDOW_TEXT_W), None)


def letterhead_fits(municipality: str, lines: Sequence[str]) -> list[str]:
    """The letterhead lines that are too wide for the right-hand column (name 9 pt bold, lines 8.5 pt)."""
    too_wide = [municipality] if _width(municipality, 9, BOLD) > LETTERHEAD_W else []
    return too_wide + [line for line in lines if _width(line, 8.5) > LETTERHEAD_W]


# ---------------------------------------------------------------- the body


def _reference_block(content: LetterContent, st: dict[str, ParagraphStyle]) -> Table:
    rows = [("Datum", content.date_text), ("Ons kenmerk", content.kenmerk),
            ("Onderwerp", content.subject)]
    table = Table([[Paragraph(label, st["refLabel"]), Paragraph(_text(value), st["refValue"])]
                   for label, value in rows], colWidths=[30 * mm, BODY_W - 30 * mm], hAlign="LEFT")
    table.setStyle(_plain_table_style(padding=1))
    return table


def _plain_table_style(padding: float, rules: bool = False) -> TableStyle:
    commands: list[tuple[Any, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), REGULAR),  # never the Helvetica default (not embedded)
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), padding),
        ("BOTTOMPADDING", (0, 0), (-1, -1), padding),
    ]
    if rules:
        commands.append(("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE))
    return TableStyle(commands)


class _FactsTable(Table):
    """Splits between rows only when each page keeps at least MIN_SPLIT_ROWS rows; otherwise it moves whole.

    Kept whole, a twelve-row table moved to the next page and left a third of a page empty under its heading;
    split anywhere, a lone 'Toewijzingnummer' row stood on the next page."""

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803 - ReportLab's names
        parts = super().split(availWidth, availHeight)
        if len(parts) != 2 or self._nrows <= KEEP_WHOLE_ROWS:  # type: ignore[attr-defined]  # private, no stub
            return parts if len(parts) != 2 else []  # a short table moves whole: never a lone row
        # ReportLab's private row count and heights (set by split's _calc; no stub)
        first, rest = parts[0]._nrows, parts[1]._nrows  # type: ignore[attr-defined]
        if first < MIN_SPLIT_ROWS:
            return []  # hardly anything fits here: the table starts on the next page
        if rest >= MIN_SPLIT_ROWS:
            return parts
        keep = first + rest - MIN_SPLIT_ROWS  # give the next page enough rows: split a little earlier
        if keep < MIN_SPLIT_ROWS:
            return []
        heights: list[float] = self._rowHeights  # type: ignore[attr-defined]
        return super().split(availWidth, sum(heights[:keep]) + 0.5)


def _facts(facts: Sequence[tuple[str, str]], st: dict[str, ParagraphStyle]) -> Flowable:
    """The label/value table; it may split between rows, never leaving fewer than three on a page."""
    table = _FactsTable([[Paragraph(_text(label), st["label"]), Paragraph(_text(value), st["cell"])]
                         for label, value in facts], colWidths=[55 * mm, BODY_W - 55 * mm], hAlign="LEFT",
                        spaceBefore=2, spaceAfter=8)
    table.setStyle(_plain_table_style(padding=2.5, rules=True))
    return table


def _section(section: Section, st: dict[str, ParagraphStyle]) -> list[Flowable]:
    out: list[Flowable] = []
    if section.heading:
        # Not keepWithNext: that would carry a long paragraph whole to the next page with its heading.
        out += [CondPageBreak(HEADING_ROOM), Paragraph(_text(section.heading), st["heading"])]
    out += [Paragraph(_text(p), st["body"]) for p in section.paragraphs]
    if section.facts:
        out.append(_facts(section.facts, st))
    out += [Paragraph(_text(b), st["bullet"], bulletText="•") for b in section.bullets]
    if section.bullets:
        out.append(Spacer(1, 4))
    return out


def _signature(content: LetterContent, st: dict[str, ParagraphStyle]) -> list[Flowable]:
    head = content.letterhead
    lines: list[Flowable] = [Spacer(1, 6), Paragraph(_text(content.closing), st["closing"])]
    if content.on_behalf_of:
        lines.append(Paragraph(_text(content.on_behalf_of), st["closing"]))
    lines.append(Spacer(1, 12 * mm))
    lines += [Paragraph(_text(text), st["closing"]) for text in (head.signer_name, head.signer_title) if text]
    return lines


class _KeepIfShort(KeepTogether):
    """KeepTogether for content of at most `limit` points high; taller content flows as `fallback` instead
    (moving it whole would leave a large empty part of the page)."""

    def __init__(self, flowables: list[Flowable], limit: float, fallback: list[Flowable]):
        super().__init__(flowables)
        self._limit = limit
        self._fallback = fallback

    def split(self, aW: float, aH: float) -> list[Flowable]:  # noqa: N803 - ReportLab's names
        if getattr(self, "_wrapInfo", None) != (aW, aH):
            self.wrap(aW, aH)
        height: float = self._H  # type: ignore[attr-defined]  # ReportLab private API (set by wrap), no stub
        if height > self._limit:
            # An action first: the frame then places (or splits) each part itself. Without it the first part
            # had to fit as it was, and a long last paragraph stopped the whole letter with a LayoutError.
            return [NullActionFlowable(), *self._fallback]
        if height > aH - FIT_SLACK:  # wrap measures a few points short: 'just fits' left a signature's title alone
            return [FrameBreak(), *self._content]  # type: ignore[attr-defined]  # ReportLab private API
        return super().split(aW, aH)


class _TailWithSignature(KeepTogether):
    """One flowable (a long paragraph, a long facts table) followed by the signature. Whatever of it fits
    on this page stays here; its rest goes with the signature, so the signature never opens a page alone.
    A flowable that cannot split moves with the signature to the next page."""

    def __init__(self, item: Flowable, signature: list[Flowable]):
        super().__init__([item, *signature])
        self._item = item
        self._signature = signature

    def split(self, aW: float, aH: float) -> list[Flowable]:  # noqa: N803 - ReportLab's names
        if getattr(self, "_wrapInfo", None) != (aW, aH):
            self.wrap(aW, aH)
        height: float = self._H  # type: ignore[attr-defined]  # ReportLab private API (set by wrap), no stub
        if height <= aH - FIT_SLACK:
            return [NullActionFlowable(), self._item, *self._signature]
        canvas = self.canv
        _, item_height = self._item.wrapOn(canvas, aW, aH)
        # Even when the item itself fits here, some of it must go along: two lines of a paragraph at least.
        carry = 2 * self._item.style.leading if isinstance(self._item, Paragraph) else 1
        room = min(aH, item_height - carry)
        parts = self._item.splitOn(canvas, aW, room) if room > 0 else []
        if len(parts) >= 2:  # the first part fits here; the last one comes along with the signature
            return [NullActionFlowable(), *parts[:-1], _TailWithSignature(parts[-1], self._signature)]
        return [FrameBreak(), self._item, *self._signature]


def _ending(last: list[Flowable], signature: list[Flowable]) -> Flowable:
    """The last section and the signature. The signature never stands alone on a page: a short last
    section (heading and text) moves with it to the next page; when that section is long, its last
    paragraph (or bullet, or facts table) does; when even that is long, it splits and its last lines come
    along. Trailing spacers do not count as text."""
    whole = _KeepIfShort(signature, PAGE_H, signature)  # never split, with the same slack
    k = max((i for i, f in enumerate(last) if not isinstance(f, Spacer)), default=-1)
    if k < 0:
        return whole
    rest = [*last[k + 1:], *signature]
    tail = _KeepIfShort([last[k], *rest], KEEP_WITH_SIGNATURE, [_TailWithSignature(last[k], rest)])
    return _KeepIfShort([*last, *signature], KEEP_WITH_SIGNATURE, [*last[:k], tail])


def _letter_story(index: int, content: LetterContent) -> list[Flowable]:
    st = _styles()
    story: list[Flowable] = [NextPageTemplate("next"), _LetterStart(index, content), _reference_block(content, st),
                   Spacer(1, 8 * mm), Paragraph(_text(content.salutation), st["body"])]
    for section in content.sections[:-1]:
        story += _section(section, st)
    last = _section(content.sections[-1], st) if content.sections else []
    story.append(_ending(last, _signature(content, st)))
    return story


# ---------------------------------------------------------------- the canvas: header, footer, numbering


def _flate_only(doc: pdfdoc.PDFDocument) -> None:
    """Page streams Flate-compressed without ReportLab's default ASCII85 layer (a global setting we leave
    alone): a fifth smaller and a few milliseconds faster per letter."""
    for page in doc.Pages.pages:  # type: ignore[attr-defined]  # set in PDFDocument.__init__, not in the stub
        if page.compression and page.stream is not None and not getattr(page, "Contents", None):
            page.Contents = pdfdoc.PDFStream(content=page.stream, filters=[pdfdoc.PDFZCompress])


def _letter_canvas(contents: Sequence[LetterContent], day: date) -> type[Canvas]:
    """A canvas that keeps its pages until save, then numbers them per letter ('pagina X van Y')."""

    class LetterCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs["pdfVersion"] = PDF_VERSION
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []
            self._koers_letter = 0
            make_pdfa(self, day)

        def showPage(self) -> None:  # noqa: N802 - ReportLab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()  # type: ignore[attr-defined]  # ReportLab private API, no stub

        def save(self) -> None:
            letters = [state["_koers_letter"] for state in self._pages]
            totals = {index: letters.count(index) for index in set(letters)}
            seen: dict[int, int] = {}
            for state in self._pages:
                self.__dict__.update(state)
                index = state["_koers_letter"]
                seen[index] = seen.get(index, 0) + 1
                self._furniture(contents[index], seen[index], totals[index])
                super().showPage()
            _flate_only(self._doc)  # type: ignore[attr-defined]  # ReportLab private API, no stub
            super().save()

        def _furniture(self, content: LetterContent, number: int, total: int) -> None:
            self.saveState()
            self.setFillColor(MUTED)
            self.setFont(REGULAR, 8)
            if number > 1:
                header = f"{content.letterhead.municipality} · {content.kenmerk}"
                self.drawString(MARGIN_LEFT, HEADER_Y, header)
                self.setStrokeColor(RULE)
                self.setLineWidth(0.5)
                self.line(MARGIN_LEFT, HEADER_Y - 4, PAGE_W - MARGIN_RIGHT, HEADER_Y - 4)
            self.drawString(MARGIN_LEFT, FOOTER_Y, f"Ons kenmerk {content.kenmerk}")
            self.drawRightString(PAGE_W - MARGIN_RIGHT, FOOTER_Y, f"pagina {number} van {total}")
            self.restoreState()

    return LetterCanvas


# ---------------------------------------------------------------- public


class _Metadata(TypedDict):
    title: str
    author: str
    subject: str


def _metadata(contents: Sequence[LetterContent]) -> _Metadata:
    first = contents[0]
    if len(contents) == 1:
        return {"title": first.subject, "author": first.letterhead.municipality,
                "subject": first.metadata_subject or first.subject}
    return {"title": f"Beschikkingen, {len(contents)} brieven", "author": first.letterhead.municipality,
            "subject": f"Afdruk van {len(contents)} beschikkingen"}


def render_letters(contents: Iterable[LetterContent]) -> bytes:
    """Letters as one PDF for the printer: each starts on a new page and numbers its own pages."""
    letters = list(contents)
    if not letters:
        raise ValueError("Er zijn geen brieven om af te drukken.")
    register_fonts()
    buffer = io.BytesIO()
    template = BaseDocTemplate(
        buffer, pagesize=A4, leftMargin=MARGIN_LEFT, rightMargin=MARGIN_RIGHT, topMargin=NEXT_FRAME_TOP,
        # The stub wants a list of keywords; ReportLab takes a string as well (Canvas.setKeywords).
        bottomMargin=MARGIN_BOTTOM, creator=name_and_version(), producer=name_and_version(),
        keywords=KEYWORDS,  # type: ignore[arg-type]
        invariant=1,
        lang="nl-NL", initialFontName=REGULAR, initialFontSize=10, initialLeading=14, **_metadata(letters))
    first = Frame(MARGIN_LEFT, MARGIN_BOTTOM, BODY_W, PAGE_H - FIRST_FRAME_TOP - MARGIN_BOTTOM,
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="first")
    follow = Frame(MARGIN_LEFT, MARGIN_BOTTOM, BODY_W, PAGE_H - NEXT_FRAME_TOP - MARGIN_BOTTOM,
                   leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="next")
    template.addPageTemplates([PageTemplate(id="first", frames=[first]),
                               PageTemplate(id="next", frames=[follow])])
    story: list[Flowable] = []
    for index, content in enumerate(letters):
        if index:
            story += [NextPageTemplate("first"), PageBreak()]
        story += _letter_story(index, content)
    day = min(content.letter_date for content in letters)
    template.build(story, canvasmaker=_letter_canvas(letters, day))
    return buffer.getvalue()


def warm_up() -> None:
    """Loads what every letter needs (fonts, styles, the sRGB profile) once; a rendering worker process
    calls this when it starts (desktop/letters/batch.py)."""
    register_fonts()
    _styles()
    srgb_profile()


def render_letter(content: LetterContent) -> bytes:
    """One letter as PDF bytes (A4, fonts embedded, same bytes for the same content)."""
    return render_letters([content])
