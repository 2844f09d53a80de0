"""Exporting a report (desktop/core/reports/export.py): XLSX with real numbers and Dutch formats, CSV in the Dutch
Excel dialect, formula text neutralised in both, whole files or none, Dutch refusals, one access-log line.

The reports are built by hand here, so these tests do not depend on any report module."""

from __future__ import annotations

import csv
import json
import os
from datetime import date, datetime
from decimal import Decimal

import openpyxl
import pytest
from sqlmodel import col, select

from db.models import Aanbieder, AuditEntry
from db.models.enums import Complexity, Law
from desktop.core.access import audit_text
from desktop.core.access.audit import PermissionDenied
from desktop.core.errors import KoersError, ValidationError
from desktop.core.nl import format_date
from desktop.core.reports import export
from desktop.core.reports.base import Chart, ChartKind, Column, Kind, Report, Series
from desktop.core.reports.export import ExportCancelled, csv_value, export_report, neutralised, xlsx_value
from desktop.core.reports.filters import ReportFilter

COLUMNS = (
    Column("aanbieder", "Aanbieder"),
    Column("aantal", "Beschikkingen", Kind.COUNT),
    Column("uren", "Gerealiseerd (uren)", Kind.HOURS),
    Column("bedrag", "Gerealiseerd (bedrag)", Kind.MONEY),
    Column("benutting", "Benutting", Kind.PERCENT),
    Column("vanaf", "Eerste levering", Kind.DATE),
)
NASTY = ("=SUM(A1)", "+31612345678", "-x", "@x", "\t=x", "  =1+1", "\r=x", "\n@x")
NOTES = ("Gerealiseerd telt de uren die de aanbieder per maand declareert.", "=HYPERLINK(\"http://x\") in een noot.")


def make_report(today: date, *, rows: tuple[tuple, ...] | None = None, aanbieder_id: int | None = None,
                totals: tuple | None | bool = True, name: str = "proef") -> Report:
    first = date(today.year, 1, 1)
    if rows is None:
        rows = (
            ("Zorg Oost", 1234, Decimal("12.5"), Decimal("1062.50"), Decimal("85.7"), first),
            ("Zorg West", 3, Decimal("-5"), Decimal("-12.34"), None, None),
        )
    if totals is True:
        totals = ("Totaal", 1237, Decimal("7.5"), Decimal("1050.16"), Decimal("42.1"), None)
    f = ReportFilter(date_from=first, date_to=today, law=Law.WMO, aanbieder_id=aanbieder_id,
                     complexity=Complexity.M, group="aanbieder", as_of=today)
    chart = Chart(ChartKind.BAR, tuple(str(r[0]) for r in rows),
                  (Series("uren", tuple(float(r[2] or 0) for r in rows)),), axis="uren")
    return Report(name=name, title="Realisatie per aanbieder", columns=COLUMNS, rows=rows, chart=chart,
                  filters=f, notes=NOTES, totals=totals or None)


@pytest.fixture
def out(tmp_path):
    """The folder the tests export to (the test's database lives beside it, in tmp_path)."""
    folder = tmp_path / "uit"
    folder.mkdir()
    return folder


def _entries(db, action: str = export.AUDIT_ACTION) -> list[AuditEntry]:
    with db.read() as s:
        return list(s.exec(select(AuditEntry).where(col(AuditEntry.action) == action)).all())


def _aanbieder(db, name: str) -> int:
    with db.write() as s:
        row = Aanbieder(name=name, agb_code="98012345")
        s.add(row)
        s.flush()
        assert row.id is not None
        return row.id


# ---------------------------------------------------------------- XLSX


def test_xlsx_holds_real_numbers_with_dutch_formats(db, actors, today, out):
    aanbieder_id = _aanbieder(db, "Zorg & Welzijn Oost")
    report = make_report(today, aanbieder_id=aanbieder_id)
    done = export_report(db, actors.controller, report, out / "realisatie.xlsx")
    assert done.format == "xlsx" and done.rows == 2 and done.path == out / "realisatie.xlsx"

    book = openpyxl.load_workbook(out / "realisatie.xlsx")
    assert book.sheetnames == ["Realisatie per aanbieder", "Toelichting"]
    sheet = book.worksheets[0]
    assert sheet.freeze_panes == "A2"
    header = [c.value for c in sheet[1]]
    assert header == [c.label for c in COLUMNS]
    assert all(c.font.b for c in sheet[1])

    name, count, hours, money, pct, first = sheet[2]
    assert name.value == "Zorg Oost" and name.data_type == "s"
    assert (count.value, count.number_format) == (1234, "#,##0")
    assert isinstance(count.value, int)
    assert (hours.value, hours.number_format) == (12.5, "#,##0.00")
    assert money.value == 1062.5
    assert "€" in money.number_format and "#,##0.00" in money.number_format
    assert pct.value == pytest.approx(0.857) and pct.number_format == "0.0%"  # a real percentage: 85,7%
    assert first.value == datetime(today.year, 1, 1) and first.number_format == "dd-mm-yyyy"

    west = sheet[3]
    assert west[2].value == -5 and west[2].data_type == "n", "a negative number stays a number"
    assert west[3].value == -12.34
    assert west[4].value is None and west[5].value is None, "an empty cell stays empty"

    totals = sheet[4]
    assert [c.value for c in totals][:4] == ["Totaal", 1237, 7.5, 1050.16]
    assert all(c.font.b for c in totals)
    assert totals[2].number_format == "#,##0.00"
    assert sheet.max_row == 4
    widths = [sheet.column_dimensions[letter].width for letter in "ABCDEF"]
    assert all(8 <= w <= 60 for w in widths)
    assert widths[2] >= len("Gerealiseerd (uren)"), "a column is at least as wide as its header"

    notes = [row for row in book["Toelichting"].iter_rows(values_only=True)]
    words = {row[0]: row[1] for row in notes if row[0]}
    assert notes[0][0] == "Realisatie per aanbieder"
    assert words["Periode"] == f"1 januari {today.year} t/m {format_date(today)}"
    assert words["Peildatum"] == format_date(today)
    assert words["Wet"] == "Wmo 2015"
    assert words["Aanbieder"] == "Zorg & Welzijn Oost"
    assert words["Niveau"] == "M (midden)"
    assert words["Product"] == "alle producten" and words["Consulent"] == "alle consulenten"
    assert words["Indeling"] == "per aanbieder"
    texts = [row[0] for row in notes]
    assert NOTES[0] in texts
    assert "'" + NOTES[1] in texts, "a note is text too: neutralised"


def test_xlsx_without_totals_has_no_totals_row(db, actors, today, out):
    export_report(db, actors.controller, make_report(today, totals=None), out / "r.xlsx")
    sheet = openpyxl.load_workbook(out / "r.xlsx").worksheets[0]
    assert sheet.max_row == 3
    assert "Totaal" not in [c.value for c in sheet["A"]]


# ---------------------------------------------------------------- CSV


def test_csv_is_the_dutch_excel_dialect(db, actors, today, out):
    done = export_report(db, actors.casusregisseur, make_report(today), out / "realisatie.CSV")
    assert done.format == "csv"
    data = (out / "realisatie.CSV").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf"), "UTF-8 with BOM, so Excel reads the accents"
    assert data.count(b"\r\n") == 4 and b"\n" not in data.replace(b"\r\n", b"")
    lines = data[3:].decode("utf-8").split("\r\n")
    assert lines[0] == ";".join(c.label for c in COLUMNS)
    assert lines[1] == f"Zorg Oost;1234;12,50;1062,50;85,7%;01-01-{today.year}"
    assert lines[2] == "Zorg West;3;-5,00;-12,34;;"
    assert lines[3] == "Totaal;1237;7,50;1050,16;42,1%;"
    assert lines[4] == ""


def test_cells_of_each_kind():
    assert csv_value(Decimal("1234.5"), Kind.HOURS) == "1234,50", "no thousands separator"
    assert csv_value(Decimal("0.005"), Kind.MONEY) == "0,01", "half up, as everywhere in Koers"
    assert csv_value(12, Kind.COUNT) == "12"
    assert csv_value(Decimal("99.95"), Kind.PERCENT) == "100,0%"
    assert csv_value(date(2028, 2, 29), Kind.DATE) == "29-02-2028"
    assert csv_value(None, Kind.MONEY) == ""
    assert csv_value("n.v.t.", Kind.MONEY) == "n.v.t.", "text in a number column stays text"
    assert csv_value("-", Kind.HOURS) == "'-", "... and is made safe"
    assert xlsx_value(Decimal("-3.25"), Kind.MONEY) == (-3.25, export.NUMBER_FORMATS[Kind.MONEY])
    assert xlsx_value(-7, Kind.TEXT) == ("-7", None), "a number in a text column is no formula"
    assert xlsx_value(None, Kind.DATE) == (None, None)


# ---------------------------------------------------------------- formula injection


@pytest.mark.parametrize("text", NASTY)
def test_formula_text_is_neutralised(text):
    assert neutralised(text) == "'" + text


@pytest.mark.parametrize("text", ("Zorg Oost", "'al veilig", "a=b", "1-2", "", "€ 5", "x-", " spatie"))
def test_ordinary_text_is_left_alone(text):
    assert neutralised(text) == text


def test_formulas_are_neutralised_in_both_formats_but_numbers_are_not(db, actors, today, out):
    rows = tuple((text, 1, Decimal("-5"), Decimal("-1"), Decimal("-2.5"), None) for text in NASTY)
    report = make_report(today, rows=rows, totals=None)
    export_report(db, actors.controller, report, out / "r.xlsx")
    export_report(db, actors.controller, report, out / "r.csv")

    sheet = openpyxl.load_workbook(out / "r.xlsx").worksheets[0]
    cells = [c for row in sheet.iter_rows(min_row=2) for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"], "no cell is a formula"
    assert [c.value for c in sheet["A"][1:]] == ["'" + text for text in NASTY]
    assert [c.value for c in sheet["C"][1:]] == [-5] * len(NASTY)
    assert [c.value for c in sheet["E"][1:]] == [-0.025] * len(NASTY)

    with (out / "r.csv").open(encoding="utf-8-sig", newline="") as fh:
        read = list(csv.reader(fh, delimiter=";"))
    assert [row[0] for row in read[1:]] == ["'" + text for text in NASTY]
    assert {tuple(row[2:5]) for row in read[1:]} == {("-5,00", "-1,00", "-2,5%")}


# ---------------------------------------------------------------- whole files or none


@pytest.mark.parametrize("suffix", (".xlsx", ".csv"))
def test_cancel_leaves_no_file_and_no_log_line(db, actors, today, out, suffix):
    many = tuple((f"Aanbieder {i}", i, Decimal(i), Decimal(i), None, None) for i in range(3 * export.BLOCK + 7))
    calls: list[tuple[int, int]] = []

    def stop_after_first(done: int, total: int) -> bool:
        calls.append((done, total))
        return len(calls) < 2

    with pytest.raises(ExportCancelled) as caught:
        export_report(db, actors.controller, make_report(today, rows=many), out / f"r{suffix}",
                      progress=stop_after_first)
    assert "afgebroken" in str(caught.value) and "geen bestand" in str(caught.value)
    assert isinstance(caught.value, KoersError)
    assert calls == [(export.BLOCK, len(many) + 1), (2 * export.BLOCK, len(many) + 1)]
    assert os.listdir(out) == []
    assert _entries(db) == []


def test_progress_runs_to_the_end(db, actors, today, out):
    many = tuple((f"Aanbieder {i}", i, None, None, None, None) for i in range(export.BLOCK + 1))
    seen: list[tuple[int, int]] = []
    export_report(db, actors.controller, make_report(today, rows=many, totals=None), out / "r.csv",
                  progress=lambda done, total: seen.append((done, total)))  # None is no 'stop'
    assert seen == [(export.BLOCK, export.BLOCK + 1), (export.BLOCK + 1, export.BLOCK + 1)]
    assert (out / "r.csv").read_bytes().count(b"\r\n") == export.BLOCK + 2


def test_a_cancelled_export_leaves_the_old_file_as_it_was(db, actors, today, out):
    target = out / "r.csv"
    target.write_bytes(b"vorige versie")
    with pytest.raises(ExportCancelled):
        export_report(db, actors.controller, make_report(today), target, progress=lambda done, total: False)
    assert target.read_bytes() == b"vorige versie"
    assert os.listdir(out) == ["r.csv"]


# ---------------------------------------------------------------- refusals in Dutch


@pytest.mark.parametrize("name", ("rapport.pdf", "rapport", "rapport.xls", "rapport.xlsx.txt"))
def test_a_bad_suffix_says_which_to_choose(db, actors, today, out, name):
    with pytest.raises(ValidationError) as caught:
        export_report(db, actors.controller, make_report(today), out / name)
    assert ".xlsx" in str(caught.value) and ".csv" in str(caught.value) and "Kies" in str(caught.value)
    assert os.listdir(out) == []


def test_a_missing_folder_or_a_folder_as_target_is_refused(db, actors, today, out):
    with pytest.raises(ValidationError, match="De map .* bestaat niet"):
        export_report(db, actors.controller, make_report(today), out / "weg" / "r.xlsx")
    (out / "map.xlsx").mkdir()
    with pytest.raises(ValidationError, match="is een map"):
        export_report(db, actors.controller, make_report(today), out / "map.xlsx")
    assert _entries(db) == []


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root may write in any folder")
def test_an_unwritable_folder_says_what_to_do(db, actors, today, out):
    locked = out / "alleen-lezen"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        with pytest.raises(KoersError, match="mag Koers geen bestand maken"):
            export_report(db, actors.controller, make_report(today), locked / "r.xlsx")
        assert os.listdir(locked) == []
    finally:
        locked.chmod(0o755)


def test_a_refused_write_says_what_to_do(db, actors, today, out, monkeypatch):
    """The same refusal where the test runs as root: the folder refuses the new file."""
    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(export, "write_csv", refuse)
    with pytest.raises(KoersError) as caught:
        export_report(db, actors.controller, make_report(today), out / "r.csv")
    assert "mag Koers geen bestand maken" in str(caught.value) and "Kies een map" in str(caught.value)
    assert os.listdir(out) == []
    assert _entries(db) == []


def test_a_file_open_in_excel_says_close_it(db, actors, today, out, monkeypatch):
    target = out / "r.xlsx"
    target.write_bytes(b"open in Excel")

    def locked(src, dst):
        raise PermissionError(13, "Permission denied", str(dst))

    monkeypatch.setattr(export.os, "replace", locked)
    with pytest.raises(KoersError) as caught:
        export_report(db, actors.controller, make_report(today), target)
    message = str(caught.value)
    assert "geopend in Excel" in message and "Sluit het bestand" in message
    assert target.read_bytes() == b"open in Excel"
    assert os.listdir(out) == ["r.xlsx"], "no temporary file left behind"
    assert _entries(db) == []


def test_a_role_without_reports_may_not_export(db, actors, today, out):
    with pytest.raises(PermissionDenied):
        export_report(db, actors.medewerker, make_report(today), out / "r.xlsx")
    assert os.listdir(out) == []
    assert _entries(db) == []


# ---------------------------------------------------------------- the access log


def test_every_export_writes_one_log_line_without_personal_data(db, actors, today, out):
    aanbieder_id = _aanbieder(db, "Zorg Oost BV")
    export_report(db, actors.controller, make_report(today, aanbieder_id=aanbieder_id), out / "r.xlsx")
    export_report(db, actors.casusregisseur, make_report(today), out / "r.csv")
    first, second = sorted(_entries(db), key=lambda e: e.id or 0)
    assert (first.username, first.role, first.record_type) == ("t.controller", "controller", "rapportage")
    assert (second.role, second.outcome) == ("casusregisseur", "ok")
    assert first.resident_id is None and first.client_number is None
    changes = json.loads(first.changes or "{}")
    assert changes["rapportage"] == [None, "proef"] and changes["formaat"] == [None, "xlsx"]
    assert changes["regels"] == [None, 2]
    logged = changes["filter"][1]
    assert logged["periode"] == [date(today.year, 1, 1).isoformat(), today.isoformat()]
    assert logged["aanbieder_id"] == aanbieder_id and logged["law"] == "wmo"
    assert "Zorg Oost BV" not in (first.changes or ""), "ids in the log, no names"
    assert json.loads(second.changes or "{}")["formaat"] == [None, "csv"]

    assert audit_text.action_text(first.action) == "Rapportage geëxporteerd"
    lines = audit_text.change_lines(changes)
    assert "Rapportage: proef" in lines and "Formaat: xlsx" in lines
    assert any(line.startswith("Filter:") and "Wmo 2015" in line for line in lines)
