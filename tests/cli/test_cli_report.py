"""`koers report`: the list, a report as a Dutch text table and as JSON, written to CSV and XLSX, Dutch filters
resolved to ids, and exit status 1 for bad input and 2 for wrong usage.

The report list is replaced by one hand-made report ('proef') whose run keeps the filters it was given, so these
tests do not depend on the report modules."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from sqlmodel import col, select

from db.engine import Database
from db.models import Aanbieder, AuditEntry, User
from desktop.cli import main
from desktop.core.nl import format_date
from desktop.core.reports import registry
from desktop.core.reports.base import Chart, ChartKind, Column, Kind, Report, ReportSpec, Series

pytestmark = pytest.mark.usefixtures("cheap_argon2")  # sign-in heavy; tests/unit/test_auth.py checks the real cost
AS_RITA = ("--as", "rita")
COLUMNS = (Column("aanbieder", "Aanbieder"), Column("aantal", "Beschikkingen", Kind.COUNT),
           Column("uren", "Uren", Kind.HOURS), Column("bedrag", "Bedrag", Kind.MONEY),
           Column("benutting", "Benutting", Kind.PERCENT), Column("vanaf", "Vanaf", Kind.DATE))
GIVEN: list = []


def run_proef(db, actor, f) -> Report:
    GIVEN.append(f)
    rows = (("Zorg Oost", 1234, Decimal("1234.5"), Decimal("1062.50"), Decimal("85.7"), f.start),
            ("=HYPERLINK(\"x\")", 2, Decimal("-3"), Decimal("0"), None, None))
    chart = Chart(ChartKind.BAR, ("Zorg Oost", "x"), (Series("uren", (1234.5, -3.0)),), axis="uren")
    return Report(name="proef", title="Proefrapportage", columns=COLUMNS, rows=rows, chart=chart, filters=f,
                  notes=("Telt alleen proefgegevens.",),
                  totals=("Totaal", 1236, Decimal("1231.5"), Decimal("1062.50"), Decimal("50"), None))


SPECS = (ReportSpec("proef", "Proefrapportage", "Een rapportage om het commando mee te toetsen.", run_proef,
                    groups=(("aanbieder", "per aanbieder"), ("maand", "per kalendermaand"))),
         ReportSpec("tweede", "Tweede rapportage", "Nog een.", run_proef))


@pytest.fixture(autouse=True)
def test_reports(monkeypatch):
    monkeypatch.setattr(registry, "specs", lambda: SPECS)
    GIVEN.clear()


@pytest.fixture
def db(empty_db, capsys):
    """The empty database with a casusregisseur (reports) and an aanbieder."""
    assert main(["user", "add", "rita", "--name", "Rita Regisseur", "--role", "casusregisseur", "--db", empty_db,
                 "--as", "beheer"]) == 0
    assert main(["catalogus", "aanbieder", "--naam", "Zorg Oost", "--agb", "98012345", "--db", empty_db,
                 "--as", "beheer"]) == 0
    capsys.readouterr()
    return empty_db


def report(capsys, db, *args: str) -> tuple[int, str, str]:
    code = main(["report", *args, "--db", db])
    out, err = capsys.readouterr()
    return code, out, err


def _ids(db: str) -> tuple[int, int]:
    database = Database(f"sqlite:///{db}")
    try:
        with database.read() as s:
            carla = s.exec(select(User.id).where(col(User.username) == "carla")).one()
            zorg = s.exec(select(Aanbieder.id).where(col(Aanbieder.name) == "Zorg Oost")).one()
        return carla, zorg
    finally:
        database.dispose()


def _exports(db: str) -> list[AuditEntry]:
    database = Database(f"sqlite:///{db}")
    try:
        with database.read() as s:
            return list(s.exec(select(AuditEntry).where(col(AuditEntry.action) == "rapportage.geexporteerd")).all())
    finally:
        database.dispose()


# ---------------------------------------------------------------- the list


@pytest.mark.parametrize("args", ((), ("--lijst",), ("proef", "--lijst")))
def test_without_a_name_the_reports_are_listed(capsys, db, args):
    code, out, err = report(capsys, db, *args)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split(None, 1) == ["proef", "Proefrapportage"]
    assert lines[1].strip() == "Een rapportage om het commando mee te toetsen."
    assert lines[2].strip() == "--per aanbieder (standaard), maand"
    assert lines[3].split(None, 1) == ["tweede", "Tweede rapportage"]
    assert "2 rapportages" in err


def test_the_list_as_json(capsys, db):
    code, out, _ = report(capsys, db, "--json")
    assert code == 0
    listed = json.loads(out)
    assert [r["name"] for r in listed] == ["proef", "tweede"]
    assert listed[0]["groups"] == [{"key": "aanbieder", "label": "per aanbieder"},
                                   {"key": "maand", "label": "per kalendermaand"}]
    assert listed[1]["description"] == "Nog een."


# ---------------------------------------------------------------- a report on the screen


def test_a_report_as_a_dutch_text_table(capsys, db, today):
    code, out, _ = report(capsys, db, "proef", *AS_RITA)
    assert code == 0, out
    lines = out.splitlines()
    assert lines[0] == "Proefrapportage"
    assert f"  Periode:   1 januari {today.year} t/m {format_date(today)}" in lines
    assert f"  Peildatum: {format_date(today)}" in lines
    assert "  Indeling:  per aanbieder" in lines
    header = next(line for line in lines if line.startswith("Aanbieder"))
    row = next(line for line in lines if line.startswith("Zorg Oost"))
    total = next(line for line in lines if line.startswith("Totaal"))
    assert "1.234" in row and "1.234,5 uur" in row and "€ 1.062,50" in row and "85,7 %" in row
    assert f"1-1-{today.year}" not in row and f"1 januari {today.year}" in row
    assert "-3 uur" in next(line for line in lines if line.startswith("=HYPERLINK"))
    # numbers are right-aligned: each ends where its header ends
    assert row.index("1.234,5 uur") + len("1.234,5 uur") == header.index("Uren") + len("Uren")
    assert total.index("1.231,5 uur") + len("1.231,5 uur") == header.index("Uren") + len("Uren")
    assert "50,0 %" in total
    assert "Hoe is geteld:" in lines and "- Telt alleen proefgegevens." in lines
    assert _exports(db) == [], "showing is not exporting"


def test_a_report_as_json(capsys, db, today):
    code, out, _ = report(capsys, db, "proef", *AS_RITA, "--json", "--from", "1-3-2026", "--to", "31 03 2026",
                          "--peildatum", "2026-04-15", "--per", "maand")
    assert code == 0
    data = json.loads(out)
    assert data["name"] == "proef" and data["title"] == "Proefrapportage"
    assert data["filters"]["date_from"] == "2026-03-01" and data["filters"]["date_to"] == "2026-03-31"
    assert data["filters"]["as_of"] == "2026-04-15" and data["filters"]["group"] == "maand"
    assert data["filters_text"]["Periode"] == "1 maart 2026 t/m 31 maart 2026"
    assert data["filters_text"]["Indeling"] == "per kalendermaand"
    assert [c["kind"] for c in data["columns"]] == ["tekst", "aantal", "uren", "bedrag", "procent", "datum"]
    first = data["rows"][0]
    assert first == {"aanbieder": "Zorg Oost", "aantal": 1234, "uren": 1234.5, "bedrag": 1062.5, "benutting": 85.7,
                     "vanaf": "2026-03-01"}
    assert data["rows"][1]["uren"] == -3 and data["rows"][1]["benutting"] is None
    assert data["totals"]["aanbieder"] == "Totaal" and data["totals"]["benutting"] == 50
    assert data["notes"] == ["Telt alleen proefgegevens."]
    assert data["chart"]["series"][0]["values"] == [1234.5, -3.0]


def test_dutch_filters_become_the_report_filter(capsys, db):
    carla, zorg = _ids(db)
    code, out, err = report(capsys, db, "proef", *AS_RITA, "--wet", "jeugdwet", "--aanbieder", "zorg oost",
                            "--niveau", "ZW", "--categorie", "intensief", "--consulent", "carla", "--json")
    assert code == 0, err
    f = GIVEN[-1]
    assert (f.law.value, f.aanbieder_id, f.complexity.value, f.category.value, f.consulent_id) == \
        ("jeugdwet", zorg, "ZW", "intensief", carla)
    words = json.loads(out)["filters_text"]
    assert words["Wet"] == "Jeugdwet" and words["Aanbieder"] == "Zorg Oost"
    assert words["Consulent"] == "Carla Consulent" and words["Niveau"] == "ZW (zwaar)"
    for typed in ("98012345", str(zorg)):  # the AGB code, or the number
        assert report(capsys, db, "proef", *AS_RITA, "--aanbieder", typed, "--json")[0] == 0
        assert GIVEN[-1].aanbieder_id == zorg


# ---------------------------------------------------------------- to a file


def test_csv_export(capsys, db, tmp_path):
    target = tmp_path / "proef.csv"
    code, out, _ = report(capsys, db, "proef", *AS_RITA, "--csv", str(target))
    assert code == 0
    assert "opgeslagen in" in out and str(target) in out
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data
    lines = data[3:].decode("utf-8").split("\r\n")
    assert lines[0] == "Aanbieder;Beschikkingen;Uren;Bedrag;Benutting;Vanaf"
    assert lines[1].startswith("Zorg Oost;1234;1234,50;1062,50;85,7%;01-01-")
    assert lines[2] == '"\'=HYPERLINK(""x"")";2;-3,00;0,00;;', "neutralised, then quoted as CSV quotes a quote"
    (entry,) = _exports(db)
    assert (entry.username, entry.role) == ("rita", "casusregisseur")
    assert json.loads(entry.changes)["formaat"] == [None, "csv"]


def test_xlsx_export_with_json_answer(capsys, db, tmp_path):
    target = tmp_path / "proef.xlsx"
    code, out, _ = report(capsys, db, "proef", *AS_RITA, "--xlsx", str(target), "--json")
    assert code == 0
    assert json.loads(out) == {"report": "proef", "file": str(target), "format": "xlsx", "rows": 2}
    sheet = openpyxl.load_workbook(target).worksheets[0]
    assert sheet["C2"].value == 1234.5 and sheet["C2"].number_format == "#,##0.00"
    assert sheet["A3"].value == "'=HYPERLINK(\"x\")"
    assert len(_exports(db)) == 1


# ---------------------------------------------------------------- refusals: 1 for bad input, 2 for wrong usage


def test_an_unknown_report_is_named_before_signing_in(capsys, db):
    code, out, err = report(capsys, db, "bestaatniet")
    assert code == 1 and out == ""
    assert "Er is geen rapportage 'bestaatniet'" in err and "proef, tweede" in err


def test_a_report_needs_a_user_with_reports(capsys, db):
    code, _, err = report(capsys, db, "proef")
    assert code == 1 and "--as" in err
    code, _, err = report(capsys, db, "proef", "--as", "carla")
    assert code == 1 and "mag dit niet" in err
    assert GIVEN == []


def test_every_bad_filter_is_named_at_once(capsys, db):
    code, out, err = report(capsys, db, "proef", *AS_RITA, "--from", "31-02-2026", "--to", "morgen",
                            "--aanbieder", "Onbekend", "--product", "99X99", "--consulent", "niemand")
    assert code == 1 and out == ""
    assert err.startswith("koers: De rapportage is niet gemaakt. Herstel eerst:")
    for words in ("31-02-2026 bestaat niet als datum", "'morgen' is geen datum", "geen aanbieder 'Onbekend'",
                  "geen product met code '99X99'", "geen gebruiker 'niemand'"):
        assert words in err, err
    assert GIVEN == []


@pytest.mark.parametrize(("args", "words"), (
    (("--from", "1-6-2026", "--to", "1-5-2026"), "De einddatum ligt vóór de begindatum"),
    (("--per", "wet"), "'wet' kan niet bij deze rapportage. Kies per: aanbieder (per aanbieder), maand"),
    (("--xlsx", "proef.csv"), "--xlsx schrijft een .xlsx-bestand"),
    (("--csv", "proef.pdf"), "Kies een naam die op .xlsx of .csv eindigt"),
))
def test_bad_input_is_exit_1_in_dutch(capsys, db, tmp_path, args, words):
    args = tuple(str(tmp_path / a) if a.startswith("proef.") else a for a in args)
    code, out, err = report(capsys, db, "proef", *AS_RITA, *args)
    assert code == 1 and out == ""
    assert words in err, err
    assert list(tmp_path.glob("proef.*")) == []


def test_a_missing_folder_is_exit_1_in_dutch(capsys, db, tmp_path):
    code, _, err = report(capsys, db, "proef", *AS_RITA, "--csv", str(tmp_path / "weg" / "r.csv"))
    assert code == 1 and "bestaat niet" in err
    assert _exports(db) == []


@pytest.mark.parametrize("args", (
    ("proef", "--xlsx", "a.xlsx", "--csv", "b.csv"),
    ("proef", "--wet", "awbz"),
    ("proef", "--niveau", "XL"),
    ("proef", "--categorie", "licht"),
    ("proef", "extra"),
))
def test_wrong_usage_is_exit_2(capsys, db, args):
    with pytest.raises(SystemExit) as caught:
        main(["report", *args, "--db", db, *AS_RITA])
    assert caught.value.code == 2
    assert GIVEN == []


def test_the_dates_are_any_day(capsys, db, today):
    """The default period runs from 1 January of the peildatum's year to the peildatum."""
    code, out, _ = report(capsys, db, "proef", *AS_RITA, "--json")
    assert code == 0
    f = GIVEN[-1]
    assert (f.date_from, f.date_to, f.as_of) == (date(today.year, 1, 1), today, today)
