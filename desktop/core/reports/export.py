"""Any `Report` to a file a controller opens in Excel: XLSX with real numbers, or CSV the way Dutch Excel reads it.

XLSX: one sheet with the table (bold header, frozen, the totals row in bold, sensible widths) whose cells are real
numbers and dates with a number format, so Dutch Excel shows 12,50 and € 1.062,50 and can add them up; a second
sheet 'Toelichting' with the title, the filters in words and the report's notes. Hours `#,##0.00`, money
`"€ "#,##0.00`, counts `#,##0`, dates `dd-mm-yyyy`, and a percentage as a real percentage (0,857 shown as 85,7%).

CSV, the Dutch Excel dialect: semicolons, UTF-8 with BOM, CRLF, numbers as Dutch text without thousands separators
(1234,50), a percentage with its sign (85,7%, which Excel reads as the same real percentage), dates dd-mm-jjjj. Only
the table: a CSV holds one table.

Text that Excel would run as a formula (=, +, - or @ first, also after spaces, a tab or a CR) gets a leading
apostrophe in both formats (OWASP, 'CSV injection'); numbers are never touched. Evaluation accounts ('tellen en
vertellen') are residents' words and stay on screen: an export holds figures only.

A file is written beside the target under a temporary name and renamed when whole, so a failed or cancelled
export leaves nothing; the access log gets one line when the file is in place.
"""

from __future__ import annotations

import csv
import os
import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from db import clock
from db.engine import Database
from db.models import Aanbieder, Product, User
from db.models.base import table
from db.units import round_half_up
from desktop.core.access import audit
from desktop.core.access.actor import Actor
from desktop.core.access.permissions import Action
from desktop.core.errors import KoersError, ValidationError
from desktop.core.labels import CATEGORY, COMPLEXITY, LAW
from desktop.core.nl import format_date
from desktop.core.reports.base import Column, Kind, Report, shown
from desktop.core.reports.filters import ReportFilter

Progress = Callable[[int, int], object]  # (rows done, rows in all); returning False cancels
FORMATS = {".xlsx": "xlsx", ".csv": "csv"}
BLOCK = 500  # rows between two progress calls
AUDIT_ACTION = "rapportage.geexporteerd"

NUMBER_FORMATS = {
    Kind.COUNT: "#,##0",
    Kind.HOURS: "#,##0.00",
    Kind.MONEY: '"€ "#,##0.00;"€ "-#,##0.00',
    Kind.PERCENT: "0.0%",
    Kind.NUMBER: "0.0",
    Kind.DATE: "dd-mm-yyyy",
}
_DANGEROUS_FIRST = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")  # also full-width
_DANGEROUS_AFTER_SPACE = ("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20")
_TWO = Decimal("0.01")
_ONE = Decimal("0.1")
_SHEET_NAME_BAD = str.maketrans({c: " " for c in "[]:*?/\\"})
MIN_WIDTH, MAX_WIDTH = 8, 60


class ExportCancelled(KoersError):
    """The user stopped the export; no file was made."""


@dataclass(frozen=True)
class Exported:
    path: Path
    format: str  # 'xlsx' or 'csv'
    rows: int  # table rows written, the totals row not counted


# ---------------------------------------------------------------- cells


def neutralised(text: str) -> str:
    """Text that a spreadsheet would read as a formula, with a leading apostrophe; other text as it is."""
    if text.startswith(_DANGEROUS_FIRST) or text.lstrip().startswith(_DANGEROUS_AFTER_SPACE):
        return "'" + text
    return text


def _decimal(value: Any) -> Decimal | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, Decimal | int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(str(value))
    return None


def _is_number(kind: Kind) -> bool:
    return kind in (Kind.COUNT, Kind.HOURS, Kind.MONEY, Kind.PERCENT, Kind.NUMBER)


def _text(value: Any, kind: Kind) -> str:
    """A cell that is not a number or date of its kind: the screen's words, made safe (a number as it is: -5 is
    not a formula)."""
    if _decimal(value) is not None:
        return str(value)
    return neutralised(shown(value, kind if kind is Kind.DATE else Kind.TEXT))


def xlsx_value(value: Any, kind: Kind) -> tuple[Any, str | None]:
    """(cell value, number format) for one cell: real numbers and dates with their format, text made safe."""
    if value is None:
        return None, None
    number = _decimal(value) if _is_number(kind) else None
    if number is not None:
        if kind is Kind.COUNT:
            return (int(number) if number == number.to_integral_value() else float(number)), NUMBER_FORMATS[kind]
        if kind is Kind.PERCENT:
            return float(number / 100), NUMBER_FORMATS[kind]
        return float(number), NUMBER_FORMATS[kind]
    if kind is Kind.DATE and isinstance(value, date):
        return (value.date() if isinstance(value, datetime) else value), NUMBER_FORMATS[kind]
    return _text(value, kind), None


def _dutch_number(number: Decimal, places: Decimal | None) -> str:
    if places is not None:
        number = round_half_up(number, places)
    elif number == number.to_integral_value():
        number = number.quantize(Decimal(1))
    text = f"{number:f}"
    return text.replace(".", ",")


def csv_value(value: Any, kind: Kind) -> str:
    """One cell as Dutch Excel reads it from a CSV: 1234,50 (no thousands dots), 85,7%, 23-11-2026."""
    if value is None:
        return ""
    number = _decimal(value) if _is_number(kind) else None
    if number is not None:
        if kind is Kind.COUNT:
            return _dutch_number(number, None)
        if kind is Kind.PERCENT:
            return _dutch_number(number, _ONE) + "%"
        if kind is Kind.NUMBER:
            return _dutch_number(number, _ONE)
        return _dutch_number(number, _TWO)
    if kind is Kind.DATE and isinstance(value, date):
        return f"{value.day:02d}-{value.month:02d}-{value.year}"
    return _text(value, kind)


def _lines(report: Report) -> Iterator[tuple[tuple[Any, ...], bool]]:
    """(cells, is the totals row) for every row to write."""
    for row in report.rows:
        yield row, False
    if report.totals is not None:
        yield report.totals, True


# ---------------------------------------------------------------- what the report covers, in words


def filter_lines(db: Database, report: Report, groups: tuple[tuple[str, str], ...] = ()) -> list[tuple[str, str]]:
    """(label, value) for each filter of the report, in Dutch words, the unused ones as 'alle …'. `groups` are the
    report's 'per …' choices (ReportSpec.groups), to name the chosen one."""
    f: ReportFilter = report.filters
    with db.read() as s:
        aanbieder = (s.execute(sa.select(table(Aanbieder).c.name).where(table(Aanbieder).c.id == f.aanbieder_id))
                     .scalar() if f.aanbieder_id is not None else None)
        product = (s.execute(sa.select(table(Product).c.code, table(Product).c.name)
                             .where(table(Product).c.id == f.product_id)).first()
                   if f.product_id is not None else None)
        consulent = (s.execute(sa.select(table(User).c.display_name).where(table(User).c.id == f.consulent_id))
                     .scalar() if f.consulent_id is not None else None)
    lines: list[tuple[str, str]] = []
    if f.date_from is not None or f.date_to is not None:
        lines.append(("Periode", f"{format_date(f.date_from) or '…'} t/m {format_date(f.date_to) or '…'}"))
    if f.as_of is not None:
        lines.append(("Peildatum", format_date(f.as_of)))
    lines.append(("Wet", LAW[f.law] if f.law is not None else "Wmo 2015 en Jeugdwet"))
    lines.append(("Aanbieder", "alle aanbieders" if f.aanbieder_id is None
                  else str(aanbieder or f"aanbieder {f.aanbieder_id} (bestaat niet meer)")))
    lines.append(("Product", "alle producten" if f.product_id is None
                  else f"{product[0]} {product[1]}" if product else f"product {f.product_id} (bestaat niet meer)"))
    lines.append(("Niveau", COMPLEXITY[f.complexity] if f.complexity is not None else "alle niveaus"))
    lines.append(("Categorie", CATEGORY[f.category] if f.category is not None else "alle categorieën"))
    lines.append(("Consulent", "alle consulenten" if f.consulent_id is None
                  else str(consulent or f"gebruiker {f.consulent_id}")))
    if f.group is not None:
        lines.append(("Indeling", dict(groups).get(f.group, f"per {f.group}")))
    return lines


def _logged_filter(f: ReportFilter) -> dict[str, Any]:
    """The filters for the access log: ids and codes, no names."""
    found: dict[str, Any] = {}
    if f.date_from is not None or f.date_to is not None:
        found["periode"] = [audit.value(f.date_from), audit.value(f.date_to)]
    for key, v in (("peildatum", f.as_of), ("law", f.law), ("aanbieder_id", f.aanbieder_id),
                   ("product_id", f.product_id), ("complexity", f.complexity), ("category", f.category),
                   ("consulent_id", f.consulent_id), ("per", f.group)):
        if v is not None:
            found[key] = audit.value(v)
    return found


def _groups(name: str) -> tuple[tuple[str, str], ...]:
    from desktop.core.reports import registry

    try:
        return registry.spec(name).groups
    except KoersError:  # a report that is not (or no longer) in the list: the group's key names it
        return ()


# ---------------------------------------------------------------- writers


def _check_progress(progress: Progress | None, done: int, total: int) -> None:
    if progress is not None and progress(done, total) is False:
        raise ExportCancelled("Het exporteren is afgebroken; er is geen bestand gemaakt.")


def _width(text: str) -> int:
    return max((len(part) for part in text.split("\n")), default=0)


def _sheet_name(title: str) -> str:
    name = " ".join(title.translate(_SHEET_NAME_BAD).split())[:31].strip(" '")
    return name or "Rapportage"


def write_xlsx(report: Report, target: Path, explanation: list[tuple[str, str]],
               progress: Progress | None = None) -> None:
    from openpyxl import Workbook  # only when a report is exported: it costs start-up time otherwise
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    columns: tuple[Column, ...] = report.columns
    total = len(report.rows) + (report.totals is not None)
    book = Workbook()
    book.properties.creator = "Koers"
    book.properties.title = report.title
    book.properties.created = clock.now().replace(tzinfo=None)  # openpyxl takes naive UTC
    sheet = book.active
    assert sheet is not None  # a new workbook has one sheet
    sheet.title = _sheet_name(report.title)
    bold = Font(bold=True)
    widths = [_width(column.label) + 2 for column in columns]  # bold headers are wider
    for i, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=i, value=neutralised(column.label))
        cell.font = bold
        if _is_number(column.kind):
            cell.alignment = Alignment(horizontal="right")
    done = 0
    for r, (row, totals) in enumerate(_lines(report), start=2):
        for i, (column, value) in enumerate(zip(columns, row, strict=True), start=1):
            cell_value, number_format = xlsx_value(value, column.kind)
            cell = sheet.cell(row=r, column=i, value=cell_value)
            if number_format is not None:
                cell.number_format = number_format
            if totals:
                cell.font = bold
            widths[i - 1] = max(widths[i - 1], _width(shown(value, column.kind)) + 1)
        done += 1
        if done % BLOCK == 0:
            _check_progress(progress, done, total)
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = min(max(width, MIN_WIDTH), MAX_WIDTH)
    sheet.freeze_panes = "A2"

    notes = book.create_sheet("Toelichting")
    notes.cell(row=1, column=1, value=neutralised(report.title)).font = Font(bold=True, size=14)
    r = 3
    notes.cell(row=r, column=1, value="Filters").font = bold
    for label, text in explanation:
        r += 1
        notes.cell(row=r, column=1, value=label)
        notes.cell(row=r, column=2, value=neutralised(text))
    if report.notes:
        r += 2
        notes.cell(row=r, column=1, value="Hoe is geteld").font = bold
        for note in report.notes:
            r += 1
            cell = notes.cell(row=r, column=1, value=neutralised(note))
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            notes.merge_cells(start_row=r, start_column=1, end_row=r, end_column=2)
            notes.row_dimensions[r].height = 15 * (1 + len(note) // 110)
    r += 2
    notes.cell(row=r, column=1, value="Gemaakt")
    made = clock.local_now()
    notes.cell(row=r, column=2, value=f"{format_date(made.date())} om {made:%H:%M} met Koers")
    notes.column_dimensions["A"].width = 16
    notes.column_dimensions["B"].width = 80
    _check_progress(progress, total, total)
    book.save(target)


def write_csv(report: Report, target: Path, progress: Progress | None = None) -> None:
    columns = report.columns
    total = len(report.rows) + (report.totals is not None)
    with target.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, delimiter=";", lineterminator="\r\n")
        writer.writerow([neutralised(column.label) for column in columns])
        done = 0
        for row, _ in _lines(report):
            writer.writerow([csv_value(value, column.kind) for column, value in zip(columns, row, strict=True)])
            done += 1
            if done % BLOCK == 0:
                _check_progress(progress, done, total)
    _check_progress(progress, total, total)


# ---------------------------------------------------------------- the export


def export_format(path: Path | str) -> str:
    """'xlsx' or 'csv', from the file name's suffix; anything else is refused in Dutch."""
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        named = f"'{suffix}'" if suffix else "geen extensie"
        raise ValidationError(f"Een rapportage kan naar Excel (.xlsx) of naar CSV (.csv); het bestand {Path(path).name} "
                              f"heeft {named}. Kies een naam die op .xlsx of .csv eindigt.", field="path")
    return FORMATS[suffix]


def _checked_target(path: Path | str) -> Path:
    target = Path(path).expanduser()
    if target.is_dir():
        raise ValidationError(f"{target} is een map. Geef een bestandsnaam, bijvoorbeeld {target / 'rapportage.xlsx'}.",
                              field="path")
    if not target.parent.is_dir():
        raise ValidationError(f"De map {target.parent} bestaat niet. Kies een bestaande map of maak hem eerst aan.",
                              field="path")
    return target


def _not_written(target: Path, exc: OSError, *, renaming: bool) -> KoersError:
    if isinstance(exc, PermissionError):
        if renaming and target.exists():
            return KoersError(f"Het bestand {target.name} kan niet worden overschreven: het is waarschijnlijk geopend "
                              "in Excel of een ander programma. Sluit het bestand en probeer het opnieuw, of kies een "
                              "andere naam. Er is niets veranderd.")
        return KoersError(f"In de map {target.parent} mag Koers geen bestand maken. Kies een map waarin u mag "
                          "schrijven, bijvoorbeeld uw map Documenten. Er is geen bestand gemaakt.")
    return KoersError(f"Het bestand {target} kan niet worden geschreven ({exc.strerror or exc}). Controleer of de "
                      "schijf vol is of de map nog bereikbaar is, en probeer het opnieuw. Er is geen bestand gemaakt.")


def export_report(db: Database, actor: Actor, report: Report, path: Path | str, *,
                  progress: Progress | None = None) -> Exported:
    """Writes `report` to `path`, as XLSX or CSV after its suffix, and logs the export.

    `progress(done, total)` is called per block of rows; returning False cancels (ExportCancelled, no file). The
    file appears whole or not at all; an existing file of that name is replaced only by a complete one.
    """
    audit.require(db, actor, Action.REPORTS_VIEW)
    kind = export_format(path)
    target = _checked_target(path)
    explanation = filter_lines(db, report, _groups(report.name)) if kind == "xlsx" else []
    tmp = target.with_name(f".{target.stem}.{secrets.token_hex(4)}.deel{target.suffix}")
    renaming = False
    try:
        if kind == "xlsx":
            write_xlsx(report, tmp, explanation, progress)
        else:
            write_csv(report, tmp, progress)
        renaming = True
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise _not_written(target, exc, renaming=renaming) from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    with db.write() as s:
        audit.record(s, actor, AUDIT_ACTION, record_type="rapportage",
                     changes={"rapportage": [None, report.name], "formaat": [None, kind],
                              "regels": [None, len(report.rows)], "filter": [None, _logged_filter(report.filters)]})
    return Exported(path=target, format=kind, rows=len(report.rows))
