"""The access export as a PDF a resident can read (AVG art. 15): the same data as the JSON beside it, in words.

It reads only the export document (access_export.access_export), so the PDF can never show more or less than the
JSON the resident gets with it. Dutch labels for every closed value; hours as '56 uur', money as '€ 62,50',
moments in Amsterdam time; a life domain with a name only a professional knows ('Instrumentele ADL') is explained
in brackets the first time it appears. The letters and the case documents themselves are separate files in
folders beside it (as they were sent and kept), so here they are listed with their kenmerk or file name only; the
introduction names a folder only when the export made it. After the file itself come the people who work on it,
the providers the resident's data went to (iWmo) and the checks of their hours, and last the access log, each
user by their name. Fonts, colours, 'pagina X van Y' and the PDF/A
metadata are the letters' own (desktop/letters); ReportLab's invariant mode makes the same document give the
same bytes.

The BSN is shown in full, once, under Persoonsgegevens. It is the resident's own number and the point of an
access request is that they can check what is recorded, and ask for a correction when it is wrong; the last three
digits would not let them. The JSON delivered with it holds the full number anyway, so masking it here would
protect nothing. It is not in the page header or footer, so a single page left on a printer does not show it.
Only the corrections list shows a BSN masked: that is how Koers stores an old and a new BSN (as the access log).
"""

from __future__ import annotations

import io
import mimetypes
import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

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
    LongTable,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from db.clock import AMSTERDAM
from db.models.enums import LifeDomain
from db.units import cents_to_euros, minutes_to_hours
from desktop.core import labels
from desktop.core.access.audit import FIELD_LABELS
from desktop.core.nl import MONTHS, format_date, format_hours, format_money, format_postcode
from desktop.letters.fonts import BOLD, REGULAR, register_fonts
from desktop.letters.plan_summary import (
    ACCENT,
    INK,
    MARGIN_BOTTOM,
    MARGIN_TOP,
    MARGIN_X,
    MUTED,
    PAGE_H,
    PAGE_W,
    RULE,
)
from desktop.letters.provider_sheet import numbered_canvas
from desktop.version import name_and_version

BODY_W = PAGE_W - 2 * MARGIN_X
EMPTY = "–"
LETTER_KIND = {"toekenning": "Toekenning", "wijziging": "Wijziging", "afwijzing": "Afwijzing",
               "beeindiging": "Beëindiging", "contactpersoon": "Uw nieuwe contactpersoon",
               "ontvangstbevestiging": "Ontvangstbevestiging", "verslag": "Verslag van het onderzoek"}
SALUTATION = {"mevrouw": "mevrouw", "heer": "de heer", "neutraal": "geen aanhef"}
SOURCE = {"hand": "ingevoerd", "import": "ingelezen"}
OUTCOME = {"ok": "", "geweigerd": " (geweigerd)"}
CORRECTION_FIELDS = {**FIELD_LABELS, "first_name": "roepnaam"}
# What a life domain means, for the domains whose name is a professional's word; said once, the first time.
DOMAIN_MEANING: dict[str, str] = {
    LifeDomain.BASALE_ADL: "uzelf verzorgen, zoals wassen, aankleden, eten en naar het toilet gaan",
    LifeDomain.INSTRUMENTELE_ADL: "het huishouden, boodschappen doen, koken en uw zaken regelen",
    LifeDomain.TIJDSBESTEDING: "hoe u uw dagen invult",
    LifeDomain.HUISELIJKE_RELATIES: "hoe het gaat met de mensen met wie u samenwoont",
    LifeDomain.MIDDELENGEBRUIK: "alcohol, drugs of medicijnen",
    LifeDomain.SOCIAAL_NETWERK: "familie, vrienden en bekenden op wie u kunt rekenen",
    LifeDomain.MAATSCHAPPELIJKE_PARTICIPATIE: "meedoen in de buurt en de samenleving",
    LifeDomain.JUSTITIE: "contact met politie of justitie",
}
TASK = {"vaste_consulent": "Uw vaste consulent", "consulent": "Consulent", "casusregisseur": "Casusregisseur"}
ASSIGNMENT = {"toewijzing": "Opdracht (toewijzing)", "wijziging": "Wijziging van de opdracht",
              "beeindiging": "Einde van de opdracht", "intrekking": "Opdracht ingetrokken"}
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def render_access_pdf(doc: dict[str, Any], *, municipality: str = "") -> bytes:
    """The PDF of one access export (the dict access_export returns): A4, DejaVu embedded, same bytes for the
    same document. `municipality` is the letterhead's name ('Gemeente Koersveen'); without it the text says
    'de gemeente'."""
    register_fonts()
    st = _styles()
    resident = doc["inwoners"][0]
    exported = _moment(doc["geexporteerd_op"])
    name = _name(resident)
    who = municipality.strip()
    title = f"Uw gegevens bij {_with_article(who)}"
    buffer = io.BytesIO()
    template = BaseDocTemplate(
        buffer, pagesize=A4, leftMargin=MARGIN_X, rightMargin=MARGIN_X, topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM, title=title, author=who or "Koers", subject=f"Inzageverzoek {name}",
        # The stub wants a list of keywords; ReportLab takes a string as well (Canvas.setKeywords).
        creator=name_and_version(), producer=name_and_version(), keywords="inzageverzoek",  # type: ignore[arg-type]
        invariant=1, lang="nl-NL", initialFontName=REGULAR, initialFontSize=10, initialLeading=14)
    frame = Frame(MARGIN_X, MARGIN_BOTTOM, BODY_W, PAGE_H - MARGIN_TOP - MARGIN_BOTTOM,
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="body")
    template.addPageTemplates([PageTemplate(id="inzage", frames=[frame])])
    people = {p["sleutel"]: _person_name(p) for p in resident["personen"]}
    results = {r["sleutel"]: r["omschrijving"] for c in resident["casussen"] for p in c["plannen"]
               for g in p["doelen"] for r in g["resultaten"]}
    domain = _DomainNames()
    stem = file_stem(doc)
    files = {id(d): name for d, name in document_files(resident)}
    story: list[Flowable] = [
        Paragraph(escape(title), st["title"]),
        Paragraph(f"{escape(name)} · cliëntnummer {escape(resident['clientnummer'] or '')} · gemaakt op "
                  f"{_moment_text(exported)}", st["subtitle"]),
        *_introduction(doc, who, st),
        *_personal(resident, st),
        *_people(resident["personen"], st),
        *_corrections(resident["correcties"], st),
    ]
    for casus in resident["casussen"]:
        story += _casus(casus, people, results, domain, files, st)
    story += _letters(resident["brieven"], stem, st)
    processing = doc.get("verwerking") or {}
    casus_names = {c["sleutel"]: _casus_title(c) for c in resident["casussen"]}
    story += _involved(processing.get("betrokkenen", []), processing.get("overdrachten", []), casus_names, st)
    story += _recipients(processing.get("toewijzingen", []), processing.get("declaraties", []), st)
    story += _checks(processing.get("controles", []), st)
    story += _access_log(doc.get("toegangslog", []), st)
    canvas = _numbered_canvas(f"Inzage in uw gegevens · {name} · {resident['clientnummer'] or ''}",
                              who or "Koers", exported.date())
    template.build(story, canvasmaker=canvas)
    return buffer.getvalue()


# ---------------------------------------------------------------- the files beside the PDF
# The names the PDF promises are the names write_access_files writes: both take them from here.

def file_stem(doc: dict[str, Any]) -> str:
    """'inzage-K0000001-2026-11-23': the name of the JSON and PDF, and of the -brieven and -documenten folders."""
    return f"inzage-{doc['inwoners'][0]['clientnummer']}-{doc['geexporteerd_op'][:10]}"


def letter_files(resident: dict[str, Any]) -> list[tuple[dict[str, Any], str]]:
    """Each letter of the export with its file name in the -brieven folder (the kenmerk, made safe and unique)."""
    taken: set[str] = set()
    return [(b, _unique(_safe(b["kenmerk"]) or "brief", ".pdf", taken)) for b in resident["brieven"]]


def document_files(resident: dict[str, Any]) -> list[tuple[dict[str, Any], str]]:
    """Each case document that is still there (not removed, bytes kept) with its file name in the -documenten
    folder: the original name made safe, its extension kept, unique (a second 'verslag.pdf' is 'verslag-2.pdf')."""
    taken: set[str] = set()
    out = []
    for casus in resident["casussen"]:
        for d in casus["documenten"]:
            if d.get("verwijderd_op") or not d.get("inhoud_base64"):
                continue
            original = Path(d.get("bestandsnaam") or "").name
            suffix = _safe(Path(original).suffix.lower()) if Path(original).suffix else ""
            if not suffix or suffix == ".":
                suffix = mimetypes.guess_extension(d.get("mediatype") or "") or ""
            stem = _file_stem(Path(original).stem if original else "") or _file_stem(d.get("titel") or "")
            out.append((d, _unique(stem or "document", suffix, taken)))
    return out


_NOT_IN_NAMES = set('<>:"/\\|?*')
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{n}" for n in range(1, 10)), *(f"LPT{n}" for n in range(1, 10))}


def _file_stem(text: str) -> str:
    """A file name (without extension) every system accepts: no characters Windows refuses, no control characters,
    no leading or trailing dots or spaces, not a reserved device name, at most 80 characters."""
    cleaned = "".join("-" if c in _NOT_IN_NAMES or ord(c) < 32 else c for c in text)
    cleaned = " ".join(cleaned.split())[:80].strip(" .")
    return f"document-{cleaned}" if cleaned.upper() in _RESERVED else cleaned


def _safe(text: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "-" for c in text)


def _unique(stem: str, suffix: str, taken: set[str]) -> str:
    """`stem + suffix`, or with -2, -3... when that name (ignoring case, as Windows and macOS do) is taken."""
    name, n = stem + suffix, 1
    while name.lower() in taken:
        n += 1
        name = f"{stem}-{n}{suffix}"
    taken.add(name.lower())
    return name


# ---------------------------------------------------------------- layout helpers

def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName=REGULAR, fontSize=10, leading=14, textColor=INK, spaceAfter=4)
    return {
        "body": base,
        "title": ParagraphStyle("title", base, fontName=BOLD, fontSize=20, leading=25, textColor=ACCENT,
                                spaceAfter=4),
        "subtitle": ParagraphStyle("subtitle", base, fontSize=10.5, leading=14, textColor=MUTED, spaceAfter=10),
        "h2": ParagraphStyle("h2", base, fontName=BOLD, fontSize=14, leading=18, textColor=ACCENT, spaceBefore=12,
                             spaceAfter=5),
        "h3": ParagraphStyle("h3", base, fontName=BOLD, fontSize=11.5, leading=15, spaceBefore=8, spaceAfter=3),
        "h4": ParagraphStyle("h4", base, fontName=BOLD, fontSize=10.5, leading=14, spaceBefore=5, spaceAfter=2),
        "item": ParagraphStyle("item", base, leftIndent=5 * mm, spaceAfter=2),
        "subitem": ParagraphStyle("subitem", base, leftIndent=10 * mm, spaceAfter=2),
        "muted": ParagraphStyle("muted", base, textColor=MUTED),
        "cell": ParagraphStyle("cell", base, fontSize=9, leading=11.5, spaceAfter=0),
        "cellLabel": ParagraphStyle("cellLabel", base, fontSize=9, leading=11.5, textColor=MUTED, spaceAfter=0),
        "head": ParagraphStyle("head", base, fontName=BOLD, fontSize=9, leading=11.5, spaceAfter=0),
    }


def _heading(text: str, style: ParagraphStyle, room: float) -> list[Flowable]:
    """A heading that starts a new page unless `room` is left for it and the first lines after it."""
    return [CondPageBreak(room), Paragraph(escape(text), style)]


def _together(text: str, style: ParagraphStyle, room: float, body: list[Flowable]) -> list[Flowable]:
    """A heading with the facts under it kept on one page (the table moves to the next page whole, heading and
    all); a table longer than a page still runs on."""
    return [CondPageBreak(room), KeepTogether([Paragraph(escape(text), style), *body])]


def _label_line(label: str, text: str, style: ParagraphStyle) -> Paragraph:
    """'Label: text' with the label bold, as every label under a heading."""
    return Paragraph(f"<font name='{BOLD}'>{escape(label)}:</font> {text}", style)


class _DomainNames:
    """A life domain's Dutch name, with what it means in brackets the first time a professional's word appears."""

    def __init__(self) -> None:
        self._said: set[str] = set()

    def __call__(self, value: str | None) -> str:
        name = _label(labels.LIFE_DOMAIN, value)
        meaning = DOMAIN_MEANING.get(value or "")
        if value is None or meaning is None or value in self._said:
            return name
        self._said.add(value)
        return f"{name} ({meaning})"


def _text(value: Any) -> str:
    """User text as Paragraph markup: escaped, line breaks kept."""
    lines = str(value or "").strip().replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "<br/>".join(escape(line) for line in lines)


def _facts(rows: Iterable[tuple[str, Any]], st: dict[str, ParagraphStyle]) -> list[Flowable]:
    """Label and value, two columns; empty values are left out. Long values wrap."""
    data = [[Paragraph(escape(k), st["cellLabel"]), Paragraph(_text(v), st["cell"])]
            for k, v in rows if v not in (None, "")]
    if not data:
        return []
    table = Table(data, colWidths=[45 * mm, BODY_W - 45 * mm], hAlign="LEFT")
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
    ]))
    return [table, Spacer(1, 4)]


def _grid(headers: Sequence[str], rows: list[list[Any]], widths: Sequence[float],
          st: dict[str, ParagraphStyle], *, wrap: Sequence[int] = (), right: Sequence[int] = ()) -> LongTable:
    """A table whose header repeats on every page. Only the `wrap` columns become Paragraphs (long text wraps);
    the others stay plain strings, so hundreds of rows still render in a moment."""
    data: list[list[Any]] = [[Paragraph(escape(h), st["head"]) for h in headers]]
    for row in rows:
        data.append([Paragraph(_text(v), st["cell"]) if n in wrap else ("" if v is None else str(v))
                     for n, v in enumerate(row)])
    total = sum(widths)
    table = LongTable(data, colWidths=[BODY_W * w / total for w in widths], repeatRows=1, hAlign="LEFT")
    style: list[tuple[Any, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), REGULAR),
        ("FONTSIZE", (0, 1), (-1, -1), 9),
        ("LEADING", (0, 1), (-1, -1), 11.5),
        ("TEXTCOLOR", (0, 1), (-1, -1), INK),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT),
        ("LINEBELOW", (0, 1), (-1, -1), 0.3, RULE),
    ]
    style += [("ALIGN", (n, 1), (n, -1), "RIGHT") for n in right]
    table.setStyle(TableStyle(style))
    return table


def _numbered_canvas(footer_left: str, header_left: str, day: date) -> type[Canvas]:
    """The aanbieder sheet's page furniture ('pagina X van Y'), a little larger for a resident to read."""
    return numbered_canvas(header_left, footer_left, day, font_size=8.5, header_y=13 * mm, rule_y=15.5 * mm,
                           footer_y=11 * mm)


# ---------------------------------------------------------------- values in words

def _with_article(municipality: str) -> str:
    """'Gemeente Koersveen' -> 'de gemeente Koersveen'; nothing set -> 'de gemeente'."""
    if not municipality:
        return "de gemeente"
    if municipality.lower().startswith("gemeente "):
        return "de gemeente " + municipality[len("gemeente "):]
    return municipality


def _moment(value: str | None) -> datetime:
    assert value is not None  # only called on required moments
    return datetime.fromisoformat(value).astimezone(AMSTERDAM)


def _moment_text(value: datetime | str | None) -> str:
    """'23 november 2026 14:05' in Amsterdam time."""
    if value is None:
        return ""
    moment = value if isinstance(value, datetime) else _moment(value)
    local = moment.astimezone(AMSTERDAM)
    return f"{local.day} {MONTHS[local.month - 1]} {local.year} {local:%H:%M}"


def _day(value: str | None) -> str:
    return format_date(date.fromisoformat(value)) if value else ""


def _hours(minutes: int | None) -> str:
    return format_hours(minutes_to_hours(minutes or 0))


def _money(cents: int | None) -> str:
    return format_money(cents_to_euros(cents)) if cents is not None else ""


def _label(table: dict[Any, str], value: str | None) -> str:
    return table.get(value, value or "") if value else ""


def _period(start: str | None, end: str | None) -> str:
    if start and end:
        return f"{_day(start)} tot en met {_day(end)}"
    return _day(start) or _day(end)


def _name(r: dict[str, Any]) -> str:
    name = " ".join(p for p in (r.get("voorletters"), r.get("tussenvoegsel"), r.get("achternaam")) if p)
    return name or (r.get("clientnummer") or "")


def _person_name(p: dict[str, Any]) -> str:
    return " ".join(x for x in (p.get("voorletters"), p.get("tussenvoegsel"), p.get("achternaam")) if x)


def _address(r: dict[str, Any]) -> str:
    if not r.get("straat"):
        return ""
    number = f"{r.get('huisnummer') or ''}{r.get('huisnummertoevoeging') or ''}"
    place = " ".join(x for x in (format_postcode(r.get("postcode")), r.get("woonplaats") or "") if x)
    return ", ".join(x for x in (f"{r['straat']} {number}".strip(), place) if x)


def _shown_value(value: Any) -> str:
    """A value from a correction: a date as a Dutch date, nothing as a dash."""
    if value in (None, ""):
        return EMPTY
    if isinstance(value, str) and _ISO_DAY.match(value):
        return _day(value)
    return str(value)


# ---------------------------------------------------------------- sections

def _introduction(doc: dict[str, Any], municipality: str, st: dict[str, ParagraphStyle]) -> list[Flowable]:
    resident = doc["inwoners"][0]
    stem = escape(file_stem(doc))
    who = _with_article(municipality)
    files = []
    if resident["brieven"]:
        files.append(f"De brieven die wij u stuurden zitten als aparte PDF-bestanden in de map "
                     f"<i>{stem}-brieven</i>, precies zoals ze zijn verstuurd.")
    else:
        files.append("Wij hebben u (nog) geen brieven gestuurd; daarom is er geen map met brieven.")
    if document_files(resident):
        files.append(f"De documenten in uw dossier zitten als aparte bestanden in de map <i>{stem}-documenten</i>, "
                     "precies zoals wij ze bewaren.")
    if resident["brieven"] or document_files(resident):
        files.append("Hier staan ze alleen in een lijst.")
    files.append(f"Dezelfde gegevens staan ook in het bestand <i>{stem}.json</i>, in een vorm die een computer kan "
                 "lezen.")
    paragraphs = [
        f"U heeft gevraagd welke gegevens {escape(who)} over u bewaart. Dat is uw recht (artikel 15 van de "
        "Algemene verordening gegevensbescherming, AVG). In dit overzicht staat alles wat wij in ons "
        "registratiesysteem Koers over u hebben vastgelegd: uw persoonsgegevens, de mensen om u heen die wij kennen, "
        "uw ondersteuningsplannen (elke versie), de beschikkingen met de uren, de evaluaties, de gesprekken die wij "
        "hebben vastgelegd, de documenten en de brieven. Daarna staat wie aan uw dossier werkt, aan welke "
        "zorgaanbieders wij uw gegevens gaven en of uw uren zijn gecontroleerd. Achteraan staat wie uw dossier "
        "heeft geopend, gewijzigd, afgedrukt of geëxporteerd, en wanneer.",
        " ".join(files),
        "Klopt er iets niet? Dan kunt u ons vragen het te verbeteren (artikel 16 AVG). Neem contact op met uw "
        "consulent of met de gemeente en zeg welk gegeven niet klopt en wat het moet zijn. Wij leggen een correctie "
        "vast met wat er onjuist was en waarom het is veranderd; u ziet dat terug onder ‘Correcties’.",
    ]
    return [Paragraph(p, st["body"]) for p in paragraphs]


def _personal(r: dict[str, Any], st: dict[str, ParagraphStyle]) -> list[Flowable]:
    rows = [
        ("Cliëntnummer", r.get("clientnummer")), ("BSN", r.get("bsn") or "niet bekend"),
        ("Aanhef", _label(SALUTATION, r.get("aanhef"))), ("Voorletters", r.get("voorletters")),
        ("Roepnaam", r.get("roepnaam")), ("Tussenvoegsel", r.get("tussenvoegsel")),
        ("Achternaam", r.get("achternaam")), ("Geboortedatum", _day(r.get("geboortedatum"))),
        ("Adres", _address(r) or "niet bekend"), ("Telefoon", r.get("telefoon")), ("E-mail", r.get("email")),
        ("Geregistreerd op", _moment_text(r.get("geregistreerd_op"))),
        ("Laatst gewijzigd op", _moment_text(r.get("gewijzigd_op"))),
    ]
    return [*_heading("Persoonsgegevens", st["h2"], 40 * mm), *_facts(rows, st)]


def _people(people: list[dict[str, Any]], st: dict[str, ParagraphStyle]) -> list[Flowable]:
    out = _heading("Mensen om u heen", st["h2"], 30 * mm)
    if not people:
        return out + [Paragraph("Wij hebben geen familie, mantelzorgers of vertegenwoordigers van u vastgelegd.",
                                st["muted"])]
    rows = [[_label(labels.PERSON_ROLE, p["rol"]), _person_name(p), _address(p),
             " · ".join(x for x in (p.get("telefoon"), p.get("email")) if x),
             _period(p.get("geldig_van"), p.get("geldig_tot")) if p.get("geldig_tot") else
             (f"vanaf {_day(p['geldig_van'])}" if p.get("geldig_van") else "")] for p in people]
    return out + [_grid(("Rol", "Naam", "Adres", "Telefoon en e-mail", "Periode"), rows, (3, 3, 4, 4, 4), st,
                        wrap=(0, 1, 2, 3, 4))]


def _corrections(corrections: list[dict[str, Any]], st: dict[str, ParagraphStyle]) -> list[Flowable]:
    out = _heading("Correcties", st["h2"], 30 * mm)
    if not corrections:
        return out + [Paragraph("Er zijn geen persoonsgegevens van u gecorrigeerd.", st["muted"])]
    out.append(Paragraph("Hier staat welke gegevens onjuist waren, wat ze werden en waarom. Een BSN staat hier "
                         "afgeschermd, op de laatste drie cijfers na.", st["body"]))
    rows = []
    for c in corrections:
        changed = "\n".join(f"{CORRECTION_FIELDS.get(field, field)}: {_shown_value(was)} → {_shown_value(now)}"
                            for field, (was, now) in sorted((c.get("velden") or {}).items()))
        rows.append([_moment_text(c["gecorrigeerd_op"]), changed, c["reden"]])
    return out + [_grid(("Wanneer", "Wat onjuist was → wat het werd", "Waarom"), rows, (3, 6, 5), st,
                        wrap=(0, 1, 2))]


def _casus_title(c: dict[str, Any]) -> str:
    return f"{_label(labels.LAW, c['wet'])}: melding van {_day(c['melding_datum'])}"


def _casus(c: dict[str, Any], people: dict[str, str], results: dict[str, str], domain: _DomainNames,
           files: dict[int, str], st: dict[str, ParagraphStyle]) -> list[Flowable]:
    out = _together(_casus_title(c), st["h2"], 50 * mm, _facts([
        ("Status", _label(labels.CASE_STATUS, c["status"])), ("Melding", _day(c["melding_datum"])),
        ("Binnengekomen via", _label(labels.MELDING_SOURCE, c.get("binnengekomen_via"))),
        ("Verwezen door", c.get("verwijzer")), ("Uw vraag", c.get("vraag")),
        ("Eigen plan ingeleverd op", _day(c.get("eigen_plan_datum"))),
        ("Cliëntondersteuning genoemd", "ja" if c.get("clientondersteuning_gemeld") else "nee"),
        ("Onderzoek klaar op", _day(c.get("onderzoek_klaar_datum"))),
        ("Verslag verstuurd op", _day(c.get("verslag_verzonden_datum"))),
        ("Aanvraag", _day(c.get("aanvraag_datum"))),
        ("Uitkomst", _label(labels.CASE_OUTCOME, c.get("uitkomst"))), ("Uitkomst op", _day(c.get("uitkomst_datum"))),
        ("Toelichting uitkomst", c.get("uitkomst_reden")), ("Afgesloten op", _day(c.get("afgesloten_datum"))),
    ], st))
    for plan in c["plannen"]:
        out += _plan(plan, people, domain, st)
    for decision in c["beschikkingen"]:
        out += _decision(decision, results, st)
    out += _evaluations(c["evaluaties"], results, domain, st)
    out += _journal(c["journaal"], st)
    out += _documents(c["documenten"], files, st)
    return out


def _plan(p: dict[str, Any], people: dict[str, str], domain: _DomainNames,
          st: dict[str, ParagraphStyle]) -> list[Flowable]:
    status = _label(labels.PLAN_STATUS, p["status"])
    if p.get("akkoord_datum"):
        status += f" op {_day(p['akkoord_datum'])}"
    out = _together(f"Ondersteuningsplan, versie {p['versie']} ({status.lower()})", st["h3"], 40 * mm, _facts([
        ("Gemaakt op", _moment_text(p.get("aangemaakt_op"))), ("Gebaseerd op versie", p.get("gebaseerd_op_versie")),
        ("Uw vraag", p.get("vraag")), ("Wat voor u belangrijk is", p.get("wat_belangrijk_is")),
        ("Uw situatie", p.get("omstandigheden"))], st))
    relevant = [d for d in p["domeinen"] if d.get("relevant")]
    for d in relevant:
        score = f" — score {d['score']} ({labels.ZRM_SCORE.get(d['score'], '')})" if d.get("score") else ""
        out += _heading(f"{domain(d['domein'])}{score}", st["h4"], 20 * mm)
        for label, key in (("Situatie", "situatie"), ("Behoeften", "behoeften"),
                           ("Eigen kracht, netwerk", "eigen_kracht"), ("Motivatie", "motivatie"),
                           ("Bereidheid", "bereidheid")):
            if d.get(key):
                out.append(_label_line(label, _text(d[key]), st["item"]))
        if d.get("personen"):
            out.append(_label_line("Wie helpt", escape(", ".join(people.get(k, k) for k in d["personen"])),
                                   st["item"]))
    others = [domain(d["domein"]) for d in p["domeinen"] if not d.get("relevant")]
    if others:
        out.append(Paragraph("Niet van belang voor uw vraag: " + escape(", ".join(others)) + ".", st["muted"]))
    for g in p["doelen"]:
        out += _heading(f"Doel: {g['omschrijving']}", st["h4"], 20 * mm)
        if g.get("domein"):
            out.append(_label_line("Levensgebied", escape(domain(g["domein"])), st["item"]))
        for n, r in enumerate(g["resultaten"], 1):
            helpers = ", ".join(x for x in (labels.contributors(r.get("wie_draagt_bij")),
                                            ", ".join(people.get(k, k) for k in r.get("personen", []))) if x)
            out.append(_label_line(f"Resultaat {n}", _text(r["omschrijving"]), st["item"]))
            if r.get("indicator"):
                out.append(_label_line("Waaraan u het ziet", _text(r["indicator"]), st["subitem"]))
            if r.get("streefdatum"):
                out.append(_label_line("Uiterlijk", escape(_day(r["streefdatum"])), st["subitem"]))
            if helpers:
                out.append(_label_line("Wie helpt", escape(helpers), st["subitem"]))
    if not relevant and not p["doelen"] and not any(p.get(k) for k in ("vraag", "wat_belangrijk_is")):
        out.append(Paragraph("In deze versie is nog niets ingevuld.", st["muted"]))
    return out


def _realised(d: dict[str, Any]) -> int:
    counts = bool(d.get("niet_verschenen_telt"))
    return sum(h["minuten"] for h in d["uren"] if counts or not h.get("niet_verschenen"))


def _decision(d: dict[str, Any], results: dict[str, str], st: dict[str, ParagraphStyle]) -> list[Flowable]:
    kind = _label(labels.DECISION_KIND, d["soort"])
    title = (f"Beschikking {d['toewijzingnummer']} ({kind.lower()}, "
             f"{_label(labels.DECISION_STATUS, d['status']).lower()})")
    provider = d.get("aanbieder") or {}
    indicated = _hours(d["geindiceerde_minuten"])
    if d.get("extra_minuten"):
        indicated += f" (plus {_hours(d['extra_minuten'])} overloop)"
    periods = f"{d['aantal_perioden']} perioden van {d['periode_weken']} weken"
    if d.get("minuten_per_periode"):
        periods += f", {_hours(d['minuten_per_periode'])} per periode"
    served = [results[k] for k in d.get("resultaten", []) if k in results]
    out = _together(title, st["h3"], 45 * mm, _facts([
        ("Product (code)", d.get("product")), ("Aanbieder", provider.get("naam")),
        ("Niveau", _label(labels.COMPLEXITY, d["niveau"])), ("Categorie", _label(labels.CATEGORY, d["categorie"])),
        ("Financiering", _label(labels.FINANCING, d["financiering"])),
        ("Periode", _period(d["ingangsdatum"], d["einddatum"])), ("Verdeling", periods),
        ("Geïndiceerd", indicated), ("Gerealiseerd", _hours(_realised(d))),
        ("Tarief", f"{_money(d['tarief_centen_per_uur'])} per uur" if d.get("tarief_centen_per_uur") else ""),
        ("Vast bedrag", _money(d.get("vast_bedrag_centen"))), ("Motivering", d.get("motivering")),
        ("Op basis van planversie", d.get("planversie")), ("Vervangt beschikking", d.get("vervangt")),
        ("Voor de resultaten", "\n".join(served)),
        ("Vastgesteld op", _day(d.get("vastgesteld_op"))), ("Verstuurd op", _day(d.get("verzonden_op"))),
        ("Wijziging per", _day(d.get("wijziging_per"))), ("Beëindigd op", _day(d.get("beeindigd_op"))),
    ], st))
    if d["uren"]:
        out += _heading("Geleverde uren", st["h4"], 25 * mm)
        rows = [[_day(h["datum"]), _hours(h["minuten"]), "ja" if h.get("niet_verschenen") else "",
                 SOURCE.get(h["bron"], h["bron"]), _moment_text(h["ingevoerd_op"])] for h in d["uren"]]
        out.append(_grid(("Datum", "Uren", "Niet verschenen", "Hoe vastgelegd", "Vastgelegd op"), rows,
                         (4, 2.5, 3, 3, 4.5), st, right=(1,)))
        out.append(Spacer(1, 4))
    return out


def _evaluations(evaluations: list[dict[str, Any]], results: dict[str, str], domain: _DomainNames,
                 st: dict[str, ParagraphStyle]) -> list[Flowable]:
    if not evaluations:
        return []
    out = _heading("Evaluaties", st["h3"], 35 * mm)
    for e in evaluations:
        done = f"gehouden op {_day(e['gedaan'])}" if e.get("gedaan") else "nog niet gehouden"
        rows: list[tuple[str, Any]] = [("Uitkomst", _label(labels.OUTCOME, e.get("uitkomst"))),
                                       ("Samenvatting", e.get("samenvatting")),
                                       ("Volgende evaluatie", _day(e.get("volgende"))),
                                       ("Over beschikking", e.get("beschikking"))]
        for r in e.get("resultaten", []):
            verdict = _label(labels.RESULT_STATUS, r["status"])
            rows.append((f"Resultaat: {results.get(r['resultaat'], r['resultaat'])}",
                         f"{verdict}. {r['toelichting']}" if r.get("toelichting") else verdict))
        for s in e.get("domeinscores", []):
            rows.append((domain(s["domein"]), f"score {s['score']} ({labels.ZRM_SCORE.get(s['score'], '')})"))
        out += _together(f"Evaluatie gepland op {_day(e['gepland'])} ({done})", st["h4"], 20 * mm, _facts(rows, st))
    return out


def _journal(entries: list[dict[str, Any]], st: dict[str, ParagraphStyle]) -> list[Flowable]:
    if not entries:
        return []
    out = _heading("Contacten (journaal)", st["h3"], 35 * mm)
    for j in entries:
        out += _together(f"{_day(j['datum'])}: {_label(labels.JOURNAL_KIND, j['soort'])}", st["h4"], 18 * mm,
                         _facts([("Met wie", j.get("met_wie")), ("Wat er besproken is", j.get("samenvatting")),
                       ("Afspraken", j.get("afspraken")), ("Vervolg op", _day(j.get("vervolgdatum"))),
                       ("Vervolg gedaan op", _day(j.get("vervolg_gedaan_op"))),
                       ("Verbetert eerder contact", f"ja: {j['correctiereden']}" if j.get("corrigeert") else ""),
                                 ("Vastgelegd op", _moment_text(j.get("vastgelegd_op")))], st))
    return out


def _documents(documents: list[dict[str, Any]], files: dict[int, str],
               st: dict[str, ParagraphStyle]) -> list[Flowable]:
    if not documents:
        return []

    def where(d: dict[str, Any]) -> str:
        if d.get("verwijderd_op"):
            return (f"verwijderd op {_moment_text(d['verwijderd_op'])}: {d.get('reden_verwijdering') or ''}".strip()
                    + "\n(niet meer bewaard)")
        return files.get(id(d), EMPTY)

    rows = [[d["titel"], _label(labels.DOCUMENT_KIND, d["soort"]), _day(d.get("documentdatum")),
             _moment_text(d.get("toegevoegd_op")), where(d)] for d in documents]
    kept = any(id(d) in files for d in documents)
    note = ("Elk document zit als apart bestand in de map met documenten, precies zoals wij het bewaren; "
            "de laatste kolom noemt het bestand." if kept else
            "Deze documenten zijn verwijderd; wij bewaren hun inhoud niet meer.")
    return [*_heading("Documenten", st["h3"], 50 * mm), Paragraph(note, st["muted"]),
            _grid(("Titel", "Soort", "Datum", "Toegevoegd op", "Bestand"), rows, (5, 3.5, 3, 3.5, 4.5), st,
                  wrap=(0, 1, 3, 4))]


def _letters(letters: list[dict[str, Any]], stem: str, st: dict[str, ParagraphStyle]) -> list[Flowable]:
    out = _heading("Brieven", st["h2"], 30 * mm)
    if not letters:
        return out + [Paragraph("Wij hebben u (nog) geen brieven gestuurd.", st["muted"])]
    out.append(Paragraph(f"Elke brief zit als apart bestand in de map <i>{escape(stem)}-brieven</i>, met het "
                         "kenmerk als naam. De vingerafdruk (SHA-256, de eerste twaalf tekens) laat zien dat het "
                         "bestand niet is veranderd sinds de brief werd gemaakt.", st["body"]))
    rows = [[b["kenmerk"], _label(LETTER_KIND, b["soort"]), _day(b.get("briefdatum")), _day(b.get("verzonden_op")),
             (b.get("sha256") or "")[:12]] for b in letters]
    return out + [_grid(("Kenmerk", "Soort", "Briefdatum", "Verstuurd op", "Vingerafdruk"), rows,
                        (4.5, 4, 3.5, 3.5, 3.5), st, wrap=(0, 1))]


def _access_log(lines: list[dict[str, Any]], st: dict[str, ParagraphStyle]) -> list[Flowable]:
    out = _heading("Wie uw dossier heeft ingezien of gewijzigd", st["h2"], 30 * mm)
    out.append(Paragraph("Elke keer dat een medewerker van de gemeente uw dossier opent, wijzigt, afdrukt of "
                         "exporteert, legt Koers dat vast. De tijden zijn Nederlandse tijd. Ook dit overzicht staat "
                         "erin.", st["body"]))
    if not lines:
        return out + [Paragraph("Er staat niets in het toegangslog.", st["muted"])]
    roles: dict[Any, str] = {k: v.lower() for k, v in labels.ROLE.items()}
    rows = [[_moment_text(e["moment"]), e.get("naam") or e.get("gebruiker") or "", _label(roles, e.get("rol")),
             f"{e.get('handeling') or ''}{OUTCOME.get(e.get('uitkomst') or 'ok', ' (' + str(e.get('uitkomst')) + ')')}"]
            for e in lines]
    return out + [_grid(("Moment", "Medewerker", "Rol", "Wat er gebeurde"), rows, (4.6, 3.6, 2.6, 5.2), st,
                        wrap=(1, 3))]


def _provider(p: dict[str, Any] | None) -> str:
    if not p:
        return ""
    return p.get("naam") or f"AGB-code {p.get('agb') or ''}".strip()


def _involved(involved: list[dict[str, Any]], handovers: list[dict[str, Any]], casus_names: dict[str, str],
              st: dict[str, ParagraphStyle]) -> list[Flowable]:
    out = _heading("Wie werkt aan uw dossier", st["h2"], 30 * mm)
    if not involved:
        out.append(Paragraph("Er is (nog) geen medewerker aan uw dossier gekoppeld.", st["muted"]))
    else:
        out.append(Paragraph("Deze medewerkers van de gemeente werken aan uw dossier. U kunt hun vragen stellen "
                             "over uw gegevens.", st["body"]))
        roles: dict[Any, str] = {k: v.lower() for k, v in labels.ROLE.items()}
        rows = [[TASK.get(i["taak"], i["taak"]), casus_names.get(i.get("casus") or "", "uw hele dossier"),
                 i["naam"], _label(roles, i.get("rol"))] for i in involved]
        out.append(_grid(("Taak", "Voor", "Naam", "Functie"), rows, (3.5, 5, 4, 3), st, wrap=(0, 1, 2)))
    if handovers:
        out.append(Spacer(1, 4))
    for h in handovers:
        text = f"Vanaf {_day(h['per'])} is {h.get('nieuwe_consulent') or 'een andere consulent'} uw contactpersoon"
        if h.get("vorige_consulent"):
            text += f" (daarvoor {h['vorige_consulent']})"
        text += "." + (f" Dat schreven wij u in brief {h['brief']}." if h.get("brief") else "")
        out.append(Paragraph(escape(text), st["item"]))
    return out


def _recipients(sent: list[dict[str, Any]], declared: list[dict[str, Any]],
                st: dict[str, ParagraphStyle]) -> list[Flowable]:
    out = _heading("Aan wie wij uw gegevens gaven", st["h2"], 30 * mm)
    if not sent and not declared:
        return out + [Paragraph("Wij hebben geen gegevens van u aan een zorgaanbieder gegeven.", st["muted"])]
    out.append(Paragraph("Krijgt u ondersteuning van een zorgaanbieder, dan sturen wij die een opdracht (een "
                         "toewijzing) met uw naam, adres, BSN en wat er is toegekend. Dat gaat via het beveiligde "
                         "berichtenverkeer voor de Wmo en de Jeugdwet (iWmo en iJw). De zorgaanbieder stuurt ons "
                         "daarna declaraties voor wat is geleverd; wij keuren die goed of af.", st["body"]))
    if sent:
        rows = [[_day(m["datum"]), _provider(m.get("aanbieder")), m["beschikking"],
                 ASSIGNMENT.get(m["soort"], m["soort"]) + (f", per {_day(m['einddatum'])}"
                                                          if m.get("einddatum") else "")] for m in sent]
        out += [*_heading("Opdrachten aan zorgaanbieders", st["h3"], 25 * mm),
                _grid(("Datum", "Zorgaanbieder", "Beschikking", "Wat wij stuurden"), rows, (3, 5, 3.5, 5), st,
                      wrap=(0, 1, 3))]
    if declared:
        rows = [[_day(d["ontvangen_op"]), _provider(d.get("aanbieder")), d["beschikking"],
                 _period(d["van"], d["tot_en_met"]),
                 ("creditering: " if d.get("credit") else "") + _money(d.get("bedrag_centen")),
                 "goedgekeurd" if d["geaccepteerd"] else f"afgekeurd: {d.get('reden') or ''}"] for d in declared]
        out += [*_heading("Declaraties van zorgaanbieders", st["h3"], 25 * mm),
                _grid(("Ontvangen", "Zorgaanbieder", "Beschikking", "Over", "Bedrag", "Ons antwoord"), rows,
                      (3, 3.6, 2.8, 3.8, 2.4, 4), st, wrap=(0, 1, 3, 4, 5))]
    return out


def _checks(checks: list[dict[str, Any]], st: dict[str, ParagraphStyle]) -> list[Flowable]:
    if not checks:
        return []
    out = _heading("Controles van uw uren", st["h2"], 30 * mm)
    out.append(Paragraph("De gemeente controleert met steekproeven of de uren die een zorgaanbieder vastlegde echt "
                         "zijn geleverd. Deze uren van u zijn daarvoor gekozen.", st["body"]))
    rows = [[_day(c["datum"]), _provider(c.get("aanbieder")), c["beschikking"], _hours(c["minuten"]),
             _label(labels.SAMPLE_OUTCOME, c.get("uitkomst")).lower() or "nog niet gecontroleerd",
             c.get("opmerking") or ""] for c in checks]
    return out + [_grid(("Datum", "Zorgaanbieder", "Beschikking", "Uren", "Uitkomst", "Opmerking"), rows,
                        (3, 3.8, 2.8, 2, 3, 4), st, wrap=(0, 1, 4, 5), right=(3,))]
