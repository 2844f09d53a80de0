"""Reading the tables people bring: CSV as Dutch Excel writes it, Excel's 'Unicode-tekst', and XLSX.

CSV: semicolons (or tabs or commas, whatever the header line uses), UTF-8 with or without BOM, Windows-1252,
or UTF-16 with or without BOM. XLSX: the first sheet, read with openpyxl in read-only mode; dates become
dd-mm-jjjj and whole numbers lose their '.0', so every cell reaches the one parser of its kind as text.
"""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date, datetime
from pathlib import Path

from db.models.enums import Law
from desktop.core.errors import KoersError, ValidationError

MAX_BYTES = 10 * 1024 * 1024  # a year of a large provider's hours, or a regional product list, is well under 1 MB
LAW_WORDS = {"wmo": Law.WMO, "wmo 2015": Law.WMO, "wmo2015": Law.WMO, "jeugdwet": Law.JEUGDWET, "jw": Law.JEUGDWET,
             "jeugd": Law.JEUGDWET}
LAW_SHOWN = {Law.WMO: "Wmo", Law.JEUGDWET: "Jeugdwet"}


def _raw(path: Path, what: str) -> bytes:
    path = Path(path)
    if path.is_dir():
        raise KoersError(f"{path} is een map, geen bestand. Kies {what}.")
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise KoersError(f"Het bestand is te groot ({size // 1_048_576} MB; hoogstens {MAX_BYTES // 1_048_576} "
                             "MB). Splits het in delen.")
        raw = path.read_bytes()
    except OSError as exc:
        raise KoersError(f"Het bestand {path} kan niet worden gelezen: {exc.strerror or exc}. Kies een ander bestand "
                         "of vraag de beheerder om leesrechten.") from exc
    if not raw.strip():
        raise KoersError("Het bestand is leeg. Kies het juiste bestand.")
    return raw


def read_text(path: Path, what: str = "het CSV-bestand") -> str:
    raw = _raw(path, what)
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff") or _looks_like_utf16(raw):  # Excel 'Unicode-tekst'
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            raise KoersError("Het bestand lijkt 'Unicode-tekst' maar is beschadigd. Bewaar het opnieuw vanuit "
                             "Excel.") from None
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise KoersError("Het bestand is geen tekstbestand (CSV). Bewaar het in Excel als 'CSV (gescheiden door "
                     "lijstscheidingsteken)'.")  # pragma: no cover - cp1252 decodes almost anything


def _looks_like_utf16(raw: bytes) -> bool:
    """UTF-16 without a byte order mark: every other byte of plain text is zero."""
    sample = raw[:200]
    return len(sample) >= 4 and sample.count(0) >= len(sample) // 3


def read_rows(text: str) -> list[list[str]]:
    """The cells per line; the separator is whatever the header line uses (semicolon, tab or comma)."""
    first = text.split("\n", 1)[0]
    delimiter = max((";", "\t", ","), key=lambda d: (first.count(d), d == ";"))
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))


def read_table(path: Path, what: str = "het bestand") -> list[list[str]]:
    """Rows of text cells from a .xlsx file (first sheet) or a CSV file (any other name)."""
    path = Path(path)
    if path.suffix.casefold() in (".xlsx", ".xlsm"):
        return _xlsx_rows(path, what)
    if path.suffix.casefold() == ".xls":
        raise KoersError("Een .xls-bestand (Excel 97-2003) kan Koers niet lezen. Bewaar het in Excel als "
                         "'Excel-werkmap (.xlsx)' of als CSV.")
    return read_rows(read_text(path, what))


def _xlsx_rows(path: Path, what: str) -> list[list[str]]:
    from openpyxl import load_workbook  # only when an XLSX is read: it costs start-up time otherwise

    raw = _raw(path, what)
    try:
        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise KoersError(f"{path.name} is geen leesbaar Excel-bestand ({type(exc).__name__}). Open het in Excel en "
                         "bewaar het opnieuw als .xlsx, of als CSV.") from None
    try:
        sheet = book.worksheets[0]
        rows = [[_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()
    while rows and not any(rows[-1]):
        rows.pop()
    return rows


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.strftime("%d-%m-%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, float):
        return str(value).replace(".", ",")
    return str(value).strip()


def law_cell(value: str) -> Law | None:
    """A `wet` cell: the law, or None when empty; a ValidationError when it names no law."""
    key = " ".join(value.strip().casefold().split())
    if key and key not in LAW_WORDS:
        raise ValidationError(f"wet '{value.strip()}' is geen Wmo of Jeugdwet")
    return LAW_WORDS.get(key)
