"""Koers' answer to a declaration, per Prestatie, for the aanbieder: CSV for Excel and a readable PDF.

Both carry, per Prestatie, the reference, the toewijzingnummer and the client number (which together name the line
without the BSN; the BSN is in neither), the period, volume, amount, the answer and the standard's retourcode.

A WMO325 (the standard's answer message) is not made: Koers has no WMO325 schema in resources/istandaarden yet,
and a message Koers cannot validate is not sent. The retourcodes are kept per Prestatie (iwmo_prestatie.return_code),
so a WMO325 can be made from the stored answers once the schema is added.

CSV, the Dutch Excel dialect: semicolons, UTF-8 with BOM, CRLF, amounts as 1234,50, dates dd-mm-jjjj; text that
Excel would run as a formula (=, +, - or @ first) gets a leading apostrophe.
"""

from __future__ import annotations

import csv
import io
import os
import secrets
from pathlib import Path
from xml.sax.saxutils import escape

from db.engine import Database
from db.units import cents_to_euros, minutes_to_hours
from desktop.core.access import audit
from desktop.core.access.actor import Actor
from desktop.core.access.permissions import Action
from desktop.core.errors import KoersError, ValidationError
from desktop.core.iwmo.declarations import UNIT_NAMES, DeclarationResult, PrestatieAnswer
from desktop.core.nl import format_date, format_money, format_number

AUDIT_ACTION = "iwmo.antwoord"
RECORD_TYPE = "iwmo_bericht"
HEADERS = ("Regel", "Referentie", "Toewijzingnummer", "Cliëntnummer", "Productcategorie", "Productcode", "Van",
           "Tot en met", "Volume", "Eenheid", "Uren", "Tarief", "Bedrag", "Debet/credit", "Antwoord", "Retourcode",
           "Reden")
_DANGEROUS_FIRST = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
_DANGEROUS_AFTER_SPACE = ("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20")
NO_WMO325 = ("Een WMO325-bericht kan Koers nog niet maken: het schema daarvan ontbreekt in Koers. Kies een naam die op "
             ".csv of .pdf eindigt; beide bevatten de retourcodes per prestatie.")


def _safe(text: str) -> str:
    """Text a spreadsheet would read as a formula, with a leading apostrophe."""
    if text.startswith(_DANGEROUS_FIRST) or text.lstrip().startswith(_DANGEROUS_AFTER_SPACE):
        return "'" + text
    return text


def _amount(cents: int | None) -> str:
    return "" if cents is None else f"{cents_to_euros(cents):f}".replace(".", ",")


def _day(value: object) -> str:
    return f"{value:%d-%m-%Y}"


def _hours(p: PrestatieAnswer) -> str:
    return "" if p.minutes is None else format_number(minutes_to_hours(p.minutes)).replace(".", "")


def _verdict(p: PrestatieAnswer) -> str:
    if not p.accepted:
        return "Afgewezen"
    return "Gecrediteerd" if p.debit_credit == "C" else "Geaccepteerd"


def _row(p: PrestatieAnswer) -> list[str]:
    return [str(p.line), _safe(p.reference), p.toewijzing_nummer, _safe(p.client_number or ""), p.product_category,
            _safe(p.product_code), _day(p.period_start), _day(p.period_end), str(p.volume), p.unit_code, _hours(p),
            _amount(p.tariff_cents), _amount(p.amount_cents), p.debit_credit, _verdict(p), p.return_code,
            _safe(p.reason or "")]


def answer_csv(result: DeclarationResult) -> bytes:
    """One line per Prestatie, in file order, as Dutch Excel reads a CSV."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADERS)
    for p in result.prestaties:
        writer.writerow(_row(p))
    return buffer.getvalue().encode("utf-8-sig")


def _title(result: DeclarationResult) -> str:
    return f"Antwoord op declaratie {result.header.declaration_number}"


def answer_pdf(result: DeclarationResult) -> bytes:
    """The answer as an A4 PDF (landscape, DejaVu embedded): the totals, then every Prestatie with its answer."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate, Spacer, TableStyle

    from desktop.letters.fonts import BOLD, REGULAR, register_fonts
    from desktop.version import name_and_version

    register_fonts()
    h = result.header
    base = ParagraphStyle("body", fontName=REGULAR, fontSize=9, leading=12)
    title = ParagraphStyle("title", base, fontName=BOLD, fontSize=15, leading=19, spaceAfter=4,
                           textColor=colors.HexColor("#1f4e79"))
    cell = ParagraphStyle("cell", base, fontSize=7.5, leading=9.5)
    head = ParagraphStyle("head", cell, fontName=BOLD)
    right = ParagraphStyle("right", cell, alignment=2)
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=landscape(A4), leftMargin=14 * mm, rightMargin=14 * mm,
                            topMargin=14 * mm, bottomMargin=14 * mm, title=_title(result), author="Koers",
                            creator=name_and_version(), producer=name_and_version(), invariant=1, lang="nl-NL")
    read_on = format_date(h.read_at.date()) if h.read_at else "(alleen gecontroleerd, niet ingelezen)"
    facts = [
        f"Aanbieder: {h.aanbieder} (AGB-code {h.sender}); aan gemeente {h.receiver}",
        f"Declaratieperiode: {format_date(h.period_start)} tot en met {format_date(h.period_end)}; dagtekening "
        f"{format_date(h.declaration_date)}; bericht {h.identification}",
        f"Ingelezen: {read_on}",
        f"Prestaties: {len(result.prestaties)}; geaccepteerd {result.accepted}, gecrediteerd {result.credited}, "
        f"afgewezen {result.refused}",
        f"Ingediend: {format_money(cents_to_euros(result.declared_cents))}; geaccepteerd (debet min credit): "
        f"{format_money(cents_to_euros(result.accepted_cents))}",
    ]
    story = [Paragraph(escape(_title(result)), title), *(Paragraph(escape(f), base) for f in facts),
             Spacer(1, 5 * mm)]
    shown = ("Ref.", "Toewijzing", "Cliënt", "Product", "Periode", "Volume", "Bedrag", "Antwoord", "Code", "Reden")
    rows = [[Paragraph(escape(x), head) for x in shown]]
    for p in result.prestaties:
        unit = UNIT_NAMES.get(p.unit_code, p.unit_code)
        amount = format_money(cents_to_euros(p.signed_cents))
        rows.append([Paragraph(escape(p.reference), cell), Paragraph(escape(p.toewijzing_nummer), cell),
                     Paragraph(escape(p.client_number or "–"), cell),
                     Paragraph(escape(f"{p.product_category} {p.product_code}"), cell),
                     Paragraph(escape(f"{_day(p.period_start)} – {_day(p.period_end)}"), cell),
                     Paragraph(escape(f"{p.volume} {unit}"), right), Paragraph(escape(amount), right),
                     Paragraph(escape(_verdict(p)), cell), Paragraph(escape(p.return_code), cell),
                     Paragraph(escape(p.reason or ""), cell)])
    widths = [mm * w for w in (24, 20, 18, 17, 36, 20, 22, 20, 11, 81)]
    table = LongTable(rows, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, 0), 0.7, colors.HexColor("#1f4e79")),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#eef2f6")]),
        ("LEFTPADDING", (0, 0), (-1, -1), 2), ("RIGHTPADDING", (0, 0), (-1, -1), 2),
    ]))
    story.append(table)
    story.append(Spacer(1, 4 * mm))
    story.append(Paragraph(escape("De retourcodes zijn die van het iWmo 3.2-basisschema (LDT_RetourCode); 0200 is "
                                  "'geen opmerking'. Vragen over dit antwoord: neem contact op met de gemeente en "
                                  "noem het declaratienummer en de referentie."), base))
    doc.build(story)
    return buffer.getvalue()


def write_answer(db: Database, actor: Actor, result: DeclarationResult, path: Path | str) -> Path:
    """Writes the answer as CSV or PDF after the file name's suffix (whole or not at all) and logs the export."""
    audit.require(db, actor, Action.IWMO_EXCHANGE)
    target = Path(path).expanduser()
    suffix = target.suffix.lower()
    if suffix in (".xml", ".325"):
        raise ValidationError(NO_WMO325, field="path")
    if suffix not in (".csv", ".pdf"):
        raise ValidationError(f"Het antwoord kan naar CSV (.csv) of PDF (.pdf); {target.name} eindigt op "
                              f"'{suffix or 'niets'}'. Kies een naam die op .csv of .pdf eindigt.", field="path")
    if not target.parent.is_dir():
        raise ValidationError(f"De map {target.parent} bestaat niet. Kies een bestaande map.", field="path")
    content = answer_csv(result) if suffix == ".csv" else answer_pdf(result)
    tmp = target.with_name(f".{target.stem}.{secrets.token_hex(4)}.deel{target.suffix}")
    try:
        tmp.write_bytes(content)
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise KoersError(f"Het bestand {target} kan niet worden geschreven ({exc.strerror or exc}). Is het geopend in "
                         "een ander programma, of mag u in deze map niet schrijven? Er is geen bestand gemaakt.") \
            from exc
    with db.write() as s:
        audit.record(s, actor, AUDIT_ACTION, record_type=RECORD_TYPE, record_id=result.header.message_id,
                     changes={"formaat": [None, suffix[1:]], "regels": [None, len(result.prestaties)]})
    return target
