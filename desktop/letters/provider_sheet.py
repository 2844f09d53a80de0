"""The Aanbiedermonitor as one printable sheet per aanbieder, for the account manager's conversation: the key
figures, the trend per quarter, the results per product and how it was counted. The words and figures come from
the core (desktop/core/reports/providers.py) as a ProviderSheetContent, already in Dutch; this module lays them
out (A4, DejaVu embedded, 'pagina X van Y') and imports nothing from the core.

Figures only: the content has no resident's name, BSN or plan text. Same input, same bytes (invariant mode).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from desktop.letters.fonts import BOLD, REGULAR, register_fonts
from desktop.letters.pdfa import make_pdfa
from desktop.version import name_and_version


@dataclass(frozen=True)
class ProviderSheetContent:
    """What the sheet says, every value already written out in Dutch."""

    title: str  # 'Aanbiedermonitor Zorggroep De Linde'
    aanbieder: str
    period: str  # '1 januari 2026 tot en met 30 november 2026'
    made_on: date  # for the PDF's own dates
    made_text: str  # 'Gemaakt op 23 november 2026 met Koers'
    figures: tuple[tuple[str, str, str], ...]  # (label, value, what it is set against or made of; may be empty)
    trend_headers: tuple[str, ...]
    trend: tuple[tuple[str, ...], ...]
    product_headers: tuple[str, ...]
    products: tuple[tuple[str, ...], ...]
    notes: tuple[str, ...] = ()


PAGE_W, PAGE_H = A4
MARGIN_X = 18 * mm
MARGIN_TOP = 18 * mm
MARGIN_BOTTOM = 18 * mm
WIDTH = PAGE_W - 2 * MARGIN_X
INK = colors.HexColor("#1a1a1a")
MUTED = colors.HexColor("#555555")
ACCENT = colors.HexColor("#1f4e79")
RULE = colors.HexColor("#b8c4d0")
BAND = colors.HexColor("#eef2f6")


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName=REGULAR, fontSize=9.5, leading=13, textColor=INK)
    return {
        "body": base,
        "title": ParagraphStyle("title", base, fontName=BOLD, fontSize=18, leading=23, textColor=ACCENT,
                                spaceAfter=2),
        "subtitle": ParagraphStyle("subtitle", base, fontSize=10.5, leading=14, textColor=MUTED, spaceAfter=8),
        "h2": ParagraphStyle("h2", base, fontName=BOLD, fontSize=11.5, leading=15, textColor=ACCENT, spaceBefore=9,
                             spaceAfter=3),
        "cell": ParagraphStyle("cell", base, fontSize=9, leading=11.5),
        "number": ParagraphStyle("number", base, fontSize=8.5, leading=11.5, alignment=2),
        "head": ParagraphStyle("head", base, fontName=BOLD, fontSize=8, leading=10.5),
        "headNumber": ParagraphStyle("headNumber", base, fontName=BOLD, fontSize=8, leading=10.5, alignment=2),
        "label": ParagraphStyle("label", base, fontSize=9.5, leading=12.5, textColor=MUTED),
        "value": ParagraphStyle("value", base, fontName=BOLD, fontSize=9.5, leading=12.5),
        "beside": ParagraphStyle("beside", base, fontSize=8.5, leading=12.5, textColor=MUTED),
        "note": ParagraphStyle("note", base, fontSize=7.5, leading=9.4, textColor=MUTED, spaceAfter=1.5),
        "muted": ParagraphStyle("muted", base, textColor=MUTED),
    }


def _figures(content: ProviderSheetContent, st: dict[str, ParagraphStyle]) -> Table:
    """The key figures: label, value, and beside it what the value stands against."""
    rows = [[Paragraph(escape(label), st["label"]), Paragraph(escape(value), st["value"]),
             Paragraph(escape(beside), st["beside"])] for label, value, beside in content.figures]
    table = Table(rows, colWidths=[44 * mm, 42 * mm, WIDTH - 86 * mm], hAlign="LEFT")
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 2.2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.2),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
    ]))
    return table


def _widths(given: list[float], columns: int) -> list[float]:
    """The given widths of the first columns; the others share what is left of the page width."""
    rest = (WIDTH - sum(given)) / max(1, columns - len(given))
    return [*given, *([rest] * (columns - len(given)))][:columns]


def _grid(headers: tuple[str, ...], rows: tuple[tuple[str, ...], ...], st: dict[str, ParagraphStyle],
          widths: list[float]) -> Table:
    """A table whose first column is text and the others numbers (right-aligned), header repeated on a new page."""
    data: list[list[Any]] = [[Paragraph(escape(h), st["head"] if i == 0 else st["headNumber"])
                              for i, h in enumerate(headers)]]
    data += [[Paragraph(escape(v), st["cell"]) if i == 0 else Paragraph(escape(v).replace(" ", "\u00a0"), st["number"])
              for i, v in enumerate(row)]
             for row in rows]
    table = Table(data, colWidths=_widths(widths, len(headers)), repeatRows=1, hAlign="LEFT")
    style: list[Any] = [
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("LEFTPADDING", (0, 0), (-1, -1), 2),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT),
        ("LINEBELOW", (0, 1), (-1, -1), 0.3, RULE),
    ]
    style += [("BACKGROUND", (0, r), (-1, r), BAND) for r in range(2, len(data), 2)]
    table.setStyle(TableStyle(style))
    return table


def numbered_canvas(header_left: str, footer_left: str, day: date, *, font_size: float = 8,
                    header_y: float = 11 * mm, rule_y: float = 13 * mm, footer_y: float = 9 * mm) -> type[Canvas]:
    """A PDF/A canvas that draws 'pagina X van Y' once the page count is known (pages are kept until save); the
    aanbieder sheet's and the access export's page furniture, each with its own spacing."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            make_pdfa(self, day)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 - ReportLab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()  # type: ignore[attr-defined]  # ReportLab private API, no stub

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                self._furniture(number, total)
                super().showPage()
            super().save()

        def _furniture(self, number: int, total: int) -> None:
            self.saveState()
            self.setFillColor(MUTED)
            self.setFont(REGULAR, font_size)
            self.drawString(MARGIN_X, PAGE_H - header_y, header_left)
            self.setStrokeColor(RULE)
            self.setLineWidth(0.5)
            self.line(MARGIN_X, rule_y, PAGE_W - MARGIN_X, rule_y)
            self.drawString(MARGIN_X, footer_y, footer_left)
            self.drawRightString(PAGE_W - MARGIN_X, footer_y, f"pagina {number} van {total}")
            self.restoreState()

    return NumberedCanvas


def render_provider_sheet(content: ProviderSheetContent) -> bytes:
    """The sheet as PDF bytes (A4, DejaVu embedded, byte-identical for the same content)."""
    register_fonts()
    st = _styles()
    buffer = io.BytesIO()
    template = BaseDocTemplate(
        buffer, pagesize=A4, leftMargin=MARGIN_X, rightMargin=MARGIN_X, topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM, title=content.title, author="Koers", subject=f"Aanbiedermonitor, {content.period}",
        # The stub wants a list of keywords; ReportLab takes a string as well (Canvas.setKeywords).
        creator=name_and_version(), producer=name_and_version(), keywords="aanbiedermonitor",  # type: ignore[arg-type]
        invariant=1, lang="nl-NL", initialFontName=REGULAR, initialFontSize=9.5, initialLeading=13)
    frame = Frame(MARGIN_X, MARGIN_BOTTOM, WIDTH, PAGE_H - MARGIN_TOP - MARGIN_BOTTOM,
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="body")
    template.addPageTemplates([PageTemplate(id="sheet", frames=[frame])])

    story: list[Flowable] = [
        Paragraph(escape(content.title), st["title"]),
        Paragraph(f"Periode: {escape(content.period)}", st["subtitle"]),
        Paragraph("Kerncijfers", st["h2"]),
        _figures(content, st),
        CondPageBreak(45 * mm),
        Paragraph("Verloop per kwartaal", st["h2"]),
    ]
    if content.trend:
        story.append(_grid(content.trend_headers, content.trend, st, [16 * mm, 16.5 * mm, 20 * mm, 27.5 * mm]))
    else:
        story.append(Paragraph("Geen kwartalen in deze periode.", st["muted"]))
    story += [CondPageBreak(35 * mm), Paragraph("Resultaten per product", st["h2"])]
    if content.products:
        story.append(_grid(content.product_headers, content.products, st, [74 * mm]))
    else:
        story.append(Paragraph("In deze periode zijn geen resultaten van deze aanbieder geëvalueerd.", st["muted"]))
    if content.notes:
        story += [Spacer(1, 2), CondPageBreak(25 * mm), Paragraph("Hoe is geteld", st["h2"])]
        story += [Paragraph(escape(note), st["note"]) for note in content.notes]
    canvas_class = numbered_canvas(content.title, content.made_text, content.made_on)
    template.build(story, canvasmaker=canvas_class)
    return buffer.getvalue()
