"""The ondersteuningsplan as the resident reads and signs it: plain Dutch, their own words quoted,
only the relevant life domains, the goals with their results, and a signature block.

Same input, same bytes (ReportLab's invariant mode): a printed plan can be compared with a stored one.
No BSN anywhere: the resident is named by name and client number.
"""

from __future__ import annotations

import io
from datetime import date
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Frame,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from db.models.enums import PlanStatus
from desktop.core import labels
from desktop.core.nl import format_date
from desktop.core.plans.versions import PlanDocument
from desktop.letters.fonts import BOLD, REGULAR, register_fonts

PAGE_W, PAGE_H = A4
MARGIN_X = 22 * mm
MARGIN_TOP = 22 * mm
MARGIN_BOTTOM = 22 * mm
INK = colors.HexColor("#1a1a1a")
MUTED = colors.HexColor("#555555")
ACCENT = colors.HexColor("#1f4e79")
RULE = colors.HexColor("#b8c4d0")

# In the resident's words, not the consulent's: what each domain text is about.
DOMAIN_TEXT_HEADINGS = (
    ("situation", "Hoe het nu gaat"),
    ("needs", "Wat u nodig heeft"),
    ("resources", "Wat u zelf kunt, of met hulp van mensen om u heen"),
    ("motivation", "Wat u wilt"),
    ("readiness", "Hoe klaar u bent om iets te veranderen"),
)
CONTRIBUTOR_PLAIN = {"inwoner": "uzelf", "netwerk": "mensen om u heen (familie, vrienden, buren)",
                     "voorliggend": "voorzieningen in de buurt (voorliggend veld)",
                     "voorliggend veld": "voorzieningen in de buurt (voorliggend veld)",  # as older/demo data has it
                     "aanbieder": "een zorgaanbieder",
                     "gemeente": "de gemeente"}
PRIORITY_PLAIN = {1: "eerst", 2: "daarna", 3: "later"}


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


def _heading(text: str, style: ParagraphStyle, room: float) -> list:
    """A heading that starts a new page unless `room` is left for it and the first lines after it.

    (Not keepWithNext: that would push a heading and a long text that follows it to the next page whole.)
    """
    return [CondPageBreak(room), Paragraph(text, style)]


def _text(value: str | None) -> str:
    """User text as Paragraph markup: escaped, line breaks kept."""
    lines = (value or "").strip().replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "<br/>".join(escape(line) for line in lines)


def _quoted(value: str | None, st: dict[str, ParagraphStyle]) -> list:
    if not (value or "").strip():
        return [Paragraph("Dit is nog niet ingevuld.", st["muted"])]
    return [Paragraph(f"„{_text(value)}”", st["quote"])]


def _status(doc: PlanDocument) -> str:
    plan = doc.plan
    if plan.status is PlanStatus.AKKOORD and plan.agreed_date:
        return f"akkoord op {format_date(plan.agreed_date)}"
    return "concept: nog niet akkoord"


def _facts(doc: PlanDocument, printed_on: date, st: dict[str, ParagraphStyle]) -> Table:
    rows = [("Voor", doc.resident_name), ("Cliëntnummer", doc.client_number),
            ("Wet", labels.LAW.get(doc.casus.law, str(doc.casus.law))),
            ("Versie", f"versie {doc.plan.version_no}"), ("Status", _status(doc)),
            ("Afgedrukt op", format_date(printed_on))]
    table = Table([[Paragraph(escape(k), st["cellLabel"]), Paragraph(escape(v), st["cell"])] for k, v in rows],
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


def _domains(doc: PlanDocument, st: dict[str, ParagraphStyle]) -> list:
    out: list = _heading("Leefgebieden", st["h2"], 30 * mm)
    relevant = [d for d in doc.view.domains if d.relevant]
    not_relevant = [labels.LIFE_DOMAIN[d.domain] for d in doc.view.domains if not d.relevant]
    if relevant:
        out.append(Paragraph("We hebben samen gekeken naar de delen van uw leven die voor uw vraag belangrijk "
                             "zijn. Een score gaat van 1 (het gaat nu niet) tot 5 (u redt het helemaal zelf).",
                             st["body"]))
    else:
        out.append(Paragraph("Er zijn nog geen leefgebieden besproken.", st["muted"]))
    for d in relevant:
        name = escape(labels.LIFE_DOMAIN[d.domain])
        score = f" — score {d.score} van 5: {escape(labels.ZRM_SCORE[d.score])}" if d.score else " — nog geen score"
        out += _heading(f"{name}<font name='{REGULAR}' color='#555555'>{score}</font>", st["h3"], 22 * mm)
        for attr, heading in DOMAIN_TEXT_HEADINGS:
            value = getattr(d, attr)
            if (value or "").strip():
                out.append(Paragraph(f"<font name='{BOLD}'>{escape(heading)}:</font> {_text(value)}", st["item"]))
    if not_relevant:
        out.append(Spacer(1, 3))
        out.append(Paragraph(f"Deze leefgebieden zijn niet relevant voor uw vraag: "
                             f"{escape(', '.join(not_relevant))}.", st["body"]))
    return out


def _contributors(text: str | None) -> str:
    parts = [p.strip() for p in (text or "").split(",") if p.strip()]
    return ", ".join(CONTRIBUTOR_PLAIN.get(p, labels.CONTRIBUTOR.get(p, p)) for p in parts) or "nog niet afgesproken"


def _goals(doc: PlanDocument, st: dict[str, ParagraphStyle]) -> list:
    out: list = _heading("Doelen en resultaten", st["h2"], 60 * mm)
    if not doc.view.goals:
        return out + [Paragraph("Er zijn nog geen doelen afgesproken.", st["muted"])]
    out.append(Paragraph("Een doel is wat u wilt bereiken. Bij elk doel staat wat er dan anders is (het resultaat), "
                         "hoe we dat samen zien, wanneer we het willen bereiken en wie daaraan meehelpt.",
                         st["body"]))
    for gi, g in enumerate(doc.view.goals, start=1):
        domain = f" <font name='{REGULAR}' color='#555555'>({escape(labels.LIFE_DOMAIN[g.goal.domain])})</font>" \
            if g.goal.domain else ""
        out += _heading(f"Doel {gi}: {_text(g.goal.description)}{domain}", st["h3"], 35 * mm)
        if not g.results:
            out.append(Paragraph("Bij dit doel is nog geen resultaat afgesproken.", st["muted"]))
        for ri, r in enumerate(g.results, start=1):
            when = format_date(r.target_date) if r.target_date else "nog geen datum"
            out += _heading(f"Resultaat {gi}.{ri}", st["label"], 20 * mm)
            for label, value in (("Wat er dan anders is", _text(r.description)),
                                 ("Hoe we dat zien", _text(r.indicator) or "nog niet afgesproken"),
                                 ("Wanneer", escape(when)),
                                 ("Wie helpt mee", escape(_contributors(r.contributors))),
                                 ("Volgorde", escape(PRIORITY_PLAIN.get(r.priority, str(r.priority))))):
                out.append(Paragraph(f"<font name='{BOLD}'>{label}:</font> {value}", st["item"]))
    return out


def _next_steps(doc: PlanDocument, st: dict[str, ParagraphStyle]) -> list:
    if doc.plan.status is PlanStatus.AKKOORD:
        lines = [
            "U heeft dit plan met uw consulent besproken en bent het ermee eens.",
            "Heeft u ondersteuning aangevraagd? Dan krijgt u daarover een brief van de gemeente: de beschikking. "
            "Daarin staat wat u krijgt en hoe lang.",
            "Rond de datums in dit plan kijken we samen hoe het gaat. Verandert er iets in uw leven? "
            "Laat het uw consulent weten. Dan passen we het plan aan.",
        ]
    else:
        lines = [
            "Dit plan is nog een concept. Lees het rustig door, eventueel samen met iemand die u vertrouwt.",
            "Klopt er iets niet, of mist er iets? Zeg het tegen uw consulent. Dan passen we het aan. "
            "Bent u het eens met het plan? Dan leggen we dat samen vast.",
        ]
    lines.append("Wilt u hulp bij het lezen of bij uw vraag? Uw consulent helpt u graag. U kunt ook gratis hulp "
                 "krijgen van een onafhankelijke cliëntondersteuner. Die denkt met u mee en staat aan uw kant.")
    return _heading("Wat gebeurt er nu?", st["h2"], 45 * mm) + \
        [Paragraph(line, st["body"]) for line in lines]


def _signatures(doc: PlanDocument, st: dict[str, ParagraphStyle]) -> list:
    def line_row(label: str) -> list:
        return [Paragraph(label, st["cellLabel"]), "", "", Paragraph(label, st["cellLabel"]), ""]

    data = [
        [Paragraph(f"<font name='{BOLD}'>Inwoner</font>", st["cell"]), "", "",
         Paragraph(f"<font name='{BOLD}'>Consulent</font>", st["cell"]), ""],
        [Paragraph("Naam", st["cellLabel"]), Paragraph(escape(doc.resident_name), st["cell"]), "",
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


def _numbered_canvas(footer_left: str, header_left: str):
    """A canvas that draws 'pagina X van Y' once the page count is known (pages are kept until save)."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self):  # noqa: N802 - ReportLab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
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


def render_plan_summary(doc: PlanDocument, *, municipality: str = "Gemeente", printed_on: date) -> bytes:
    """The plan summary as PDF bytes (A4, DejaVu embedded, byte-identical for the same input)."""
    register_fonts()
    st = _styles()
    plan = doc.plan
    title = f"Ondersteuningsplan {doc.client_number} versie {plan.version_no}"
    buffer = io.BytesIO()
    template = BaseDocTemplate(
        buffer, pagesize=A4, leftMargin=MARGIN_X, rightMargin=MARGIN_X, topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM, title=title, author=municipality,
        subject=f"Ondersteuningsplan ({labels.LAW.get(doc.casus.law, '')}) voor {doc.resident_name}",
        creator="Koers", producer="Koers", keywords="ondersteuningsplan", invariant=1, lang="nl-NL",
        initialFontName=REGULAR, initialFontSize=10.5, initialLeading=15)
    frame = Frame(MARGIN_X, MARGIN_BOTTOM, PAGE_W - 2 * MARGIN_X, PAGE_H - MARGIN_TOP - MARGIN_BOTTOM,
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="body")
    template.addPageTemplates([PageTemplate(id="plan", frames=[frame])])

    story: list = [
        Paragraph("Uw ondersteuningsplan", st["title"]),
        *([Paragraph(escape(municipality), st["subtitle"])] if municipality != "Gemeente" else [Spacer(1, 6)]),
        _facts(doc, printed_on, st),
        Spacer(1, 4),
        Paragraph("In dit plan staat wat u met uw consulent heeft besproken: uw vraag, wat voor u belangrijk is en "
                  "de doelen die u samen heeft afgesproken. Waar u zelf aan het woord bent, staat uw tekst tussen "
                  "aanhalingstekens.", st["body"]),
        *_heading("Uw vraag", st["h2"], 30 * mm), *_quoted(plan.question, st),
        *_heading("Wat voor u belangrijk is", st["h2"], 30 * mm), *_quoted(plan.what_matters, st),
        *_heading("Uw situatie", st["h2"], 30 * mm), *_quoted(plan.circumstances, st),
        *_domains(doc, st),
        *_goals(doc, st),
        *_next_steps(doc, st),
        *_signatures(doc, st),
    ]
    canvas_class = _numbered_canvas(f"{title} · {doc.resident_name}", municipality)
    template.build(story, canvasmaker=canvas_class)
    return buffer.getvalue()

