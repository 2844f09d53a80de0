"""The ondersteuningsplan as the resident reads and signs it: plain Dutch, their own words quoted,
only the relevant life domains, the goals with their results, and a signature block. The words come
from the core (desktop/core/plans/summary.py) as a PlanSummaryContent; this module lays them out.

Same input, same bytes (ReportLab's invariant mode): a printed plan can be compared with a stored one.
No BSN anywhere: the resident is named by name and client number.
"""

from __future__ import annotations

import io
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
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from desktop.letters.content import PlanSummaryContent
from desktop.letters.fonts import BOLD, REGULAR, register_fonts
from desktop.letters.pdfa import make_pdfa
from desktop.version import name_and_version

PAGE_W, PAGE_H = A4
MARGIN_X = 22 * mm
MARGIN_TOP = 22 * mm
MARGIN_BOTTOM = 22 * mm
INK = colors.HexColor("#1a1a1a")
MUTED = colors.HexColor("#555555")
ACCENT = colors.HexColor("#1f4e79")
RULE = colors.HexColor("#b8c4d0")

def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName=REGULAR, fontSize=10.5, leading=15, textColor=INK, spaceAfter=5)
    return {
        "body": base,
        "title": ParagraphStyle("title", base, fontName=BOLD, fontSize=21, leading=26, textColor=ACCENT,
                                spaceAfter=4),
        "subtitle": ParagraphStyle("subtitle", base, fontSize=11, leading=15, textColor=MUTED, spaceAfter=10),
        "h2": ParagraphStyle("h2", base, fontName=BOLD, fontSize=14, leading=18, textColor=ACCENT, spaceBefore=12,
                             spaceAfter=5),
        "h3": ParagraphStyle("h3", base, fontName=BOLD, fontSize=11.5, leading=15.5, spaceBefore=7, spaceAfter=3),
        "label": ParagraphStyle("label", base, fontName=BOLD, fontSize=10.5, leading=14.5, spaceAfter=1),
        "quote": ParagraphStyle("quote", base, fontSize=11, leading=16, leftIndent=5 * mm, spaceAfter=6),
        "item": ParagraphStyle("item", base, leftIndent=6 * mm, spaceAfter=3),
        "muted": ParagraphStyle("muted", base, textColor=MUTED),
        "cell": ParagraphStyle("cell", base, spaceAfter=0),
        "cellLabel": ParagraphStyle("cellLabel", base, textColor=MUTED, spaceAfter=0),
        "footer": ParagraphStyle("footer", base, fontSize=8.5, leading=11, textColor=MUTED),
    }


def _heading(text: str, style: ParagraphStyle, room: float) -> list[Flowable]:
    """A heading that starts a new page unless `room` is left for it and the first lines after it.

    (Not keepWithNext: that would push a heading and a long text that follows it to the next page whole.)
    """
    return [CondPageBreak(room), Paragraph(text, style)]


def _text(value: str | None) -> str:
    """User text as Paragraph markup: escaped, line breaks kept."""
    lines = (value or "").strip().replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "<br/>".join(escape(line) for line in lines)


def _quoted(value: str | None, st: dict[str, ParagraphStyle]) -> list[Flowable]:
    if not (value or "").strip():
        return [Paragraph("Dit is nog niet ingevuld.", st["muted"])]
    return [Paragraph(f"„{_text(value)}”", st["quote"])]


def _facts(content: PlanSummaryContent, st: dict[str, ParagraphStyle]) -> Table:
    table = Table([[Paragraph(escape(k), st["cellLabel"]), Paragraph(escape(v), st["cell"])] for k, v in content.facts],
                  colWidths=[38 * mm, None], hAlign="LEFT")
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), REGULAR),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
        ("LINEBELOW", (0, -1), (-1, -1), 0.6, RULE),
        ("BOTTOMPADDING", (0, -1), (-1, -1), 8),
    ]))
    return table


def _domains(content: PlanSummaryContent, st: dict[str, ParagraphStyle]) -> list[Flowable]:
    out: list[Flowable] = _heading("Leefgebieden", st["h2"], 30 * mm)
    if content.domains:
        out.append(Paragraph("We hebben samen gekeken naar de delen van uw leven die voor uw vraag belangrijk "
                             "zijn. Een score gaat van 1 (het gaat nu niet) tot 5 (u redt het helemaal zelf).",
                             st["body"]))
    else:
        out.append(Paragraph("Er zijn nog geen leefgebieden besproken.", st["muted"]))
    for d in content.domains:
        out += _heading(f"{escape(d.name)}<font name='{REGULAR}' color='#555555'> — {escape(d.score)}</font>",
                        st["h3"], 22 * mm)
        for heading, value in d.texts:
            out.append(Paragraph(f"<font name='{BOLD}'>{escape(heading)}:</font> {_text(value)}", st["item"]))
    if content.not_relevant:
        out.append(Spacer(1, 3))
        out.append(Paragraph(f"Deze leefgebieden zijn niet relevant voor uw vraag: "
                             f"{escape(', '.join(content.not_relevant))}.", st["body"]))
    return out


def _goals(content: PlanSummaryContent, st: dict[str, ParagraphStyle]) -> list[Flowable]:
    out: list[Flowable] = _heading("Doelen en resultaten", st["h2"], 60 * mm)
    if not content.goals:
        return out + [Paragraph("Er zijn nog geen doelen afgesproken.", st["muted"])]
    out.append(Paragraph("Een doel is wat u wilt bereiken. Bij elk doel staat wat er dan anders is (het resultaat), "
                         "hoe we dat samen zien, wanneer we het willen bereiken en wie daaraan meehelpt.",
                         st["body"]))
    for g in content.goals:
        domain = f" <font name='{REGULAR}' color='#555555'>({escape(g.domain)})</font>" if g.domain else ""
        out += _heading(f"{_text(g.heading)}{domain}", st["h3"], 35 * mm)
        if not g.results:
            out.append(Paragraph("Bij dit doel is nog geen resultaat afgesproken.", st["muted"]))
        for number, rows in g.results:
            out += _heading(escape(number), st["label"], 20 * mm)
            for label, value in rows:
                out.append(Paragraph(f"<font name='{BOLD}'>{escape(label)}:</font> {_text(value)}", st["item"]))
    return out


def _next_steps(content: PlanSummaryContent, st: dict[str, ParagraphStyle]) -> list[Flowable]:
    return _heading("Wat gebeurt er nu?", st["h2"], 45 * mm) + \
        [Paragraph(escape(line), st["body"]) for line in content.next_steps]


def _signatures(content: PlanSummaryContent, st: dict[str, ParagraphStyle]) -> list[Flowable]:
    def line_row(label: str) -> list[Paragraph | str]:
        return [Paragraph(label, st["cellLabel"]), "", "", Paragraph(label, st["cellLabel"]), ""]

    data: list[list[Paragraph | str]] = [
        [Paragraph(f"<font name='{BOLD}'>Inwoner</font>", st["cell"]), "", "",
         Paragraph(f"<font name='{BOLD}'>Consulent</font>", st["cell"]), ""],
        [Paragraph("Naam", st["cellLabel"]), Paragraph(escape(content.resident_name), st["cell"]), "",
         Paragraph("Naam", st["cellLabel"]), ""],
        line_row("Plaats"), line_row("Datum"), line_row("Handtekening"),
    ]
    label_w, gap = 28 * mm, 10 * mm
    field_w = (PAGE_W - 2 * MARGIN_X - 2 * label_w - gap) / 2
    table = Table(data, colWidths=[label_w, field_w, gap, label_w, field_w],
                  rowHeights=[18, 24, 24, 24, 40], hAlign="LEFT")
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), REGULAR),
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("LINEBELOW", (1, 1), (1, -1), 0.7, INK),
        ("LINEBELOW", (4, 1), (4, -1), 0.7, INK),
    ]))
    return [KeepTogether([
        Paragraph("Gelezen en besproken", st["h2"]),
        Paragraph("Wij hebben dit plan samen gelezen en besproken.", st["body"]),
        Spacer(1, 6), table])]


def _numbered_canvas(footer_left: str, header_left: str, day: date) -> type[Canvas]:
    """A PDF/A canvas that draws 'pagina X van Y' once the page count is known (pages are kept until save)."""

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
            self.setFont(REGULAR, 8.5)
            self.drawString(MARGIN_X, PAGE_H - 13 * mm, header_left)
            self.setStrokeColor(RULE)
            self.setLineWidth(0.5)
            self.line(MARGIN_X, 15.5 * mm, PAGE_W - MARGIN_X, 15.5 * mm)
            self.drawString(MARGIN_X, 11 * mm, footer_left)
            self.drawRightString(PAGE_W - MARGIN_X, 11 * mm, f"pagina {number} van {total}")
            self.restoreState()

    return NumberedCanvas


def render_plan_summary(content: PlanSummaryContent) -> bytes:
    """The plan summary as PDF bytes (A4, DejaVu embedded, byte-identical for the same input)."""
    register_fonts()
    st = _styles()
    municipality = content.municipality or "Gemeente"
    buffer = io.BytesIO()
    template = BaseDocTemplate(
        buffer, pagesize=A4, leftMargin=MARGIN_X, rightMargin=MARGIN_X, topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM, title=content.title, author=municipality, subject=content.subject,
        # The stub wants a list of keywords; ReportLab takes a string as well (Canvas.setKeywords).
        creator=name_and_version(), producer=name_and_version(), keywords="ondersteuningsplan",  # type: ignore[arg-type]
        invariant=1, lang="nl-NL",
        initialFontName=REGULAR, initialFontSize=10.5, initialLeading=15)
    frame = Frame(MARGIN_X, MARGIN_BOTTOM, PAGE_W - 2 * MARGIN_X, PAGE_H - MARGIN_TOP - MARGIN_BOTTOM,
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="body")
    template.addPageTemplates([PageTemplate(id="plan", frames=[frame])])

    story: list[Flowable] = [
        Paragraph("Uw ondersteuningsplan", st["title"]),
        *([Paragraph(escape(content.municipality), st["subtitle"])] if content.municipality else [Spacer(1, 6)]),
        _facts(content, st),
        Spacer(1, 4),
        Paragraph("In dit plan staat wat u met uw consulent heeft besproken: uw vraag, wat voor u belangrijk is en "
                  "de doelen die u samen heeft afgesproken. Waar u zelf aan het woord bent, staat uw tekst tussen "
                  "aanhalingstekens.", st["body"]),
        *_heading("Uw vraag", st["h2"], 30 * mm), *_quoted(content.question, st),
        *_heading("Wat voor u belangrijk is", st["h2"], 30 * mm), *_quoted(content.what_matters, st),
        *_heading("Uw situatie", st["h2"], 30 * mm), *_quoted(content.circumstances, st),
        *_domains(content, st),
        *_goals(content, st),
        *_next_steps(content, st),
        *_signatures(content, st),
    ]
    canvas_class = _numbered_canvas(f"{content.title} · {content.resident_name}", municipality, content.printed_on)
    template.build(story, canvasmaker=canvas_class)
    return buffer.getvalue()
