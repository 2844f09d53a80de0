"""Importing a provider's hours from CSV as Dutch Excel writes it: all lines or none."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest
from sqlmodel import func, select

from db.models import AuditEntry, Realisation
from desktop.core.decisions import hours_import, ledger
from desktop.core.errors import KoersError
from tests.unit.decision_setting import established, make_setting

HEADER = "toewijzingnummer;datum;uren;no_show\n"


def write(tmp_path, text: str, encoding: str = "utf-8-sig"):
    path = tmp_path / "uren.csv"
    path.write_bytes(text.encode(encoding))
    return path


def count(db) -> int:
    with db.read() as s:
        return s.exec(select(func.count()).select_from(Realisation)).one()


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "cp1252"])
def test_a_dutch_excel_file_is_imported_whole(any_db, any_actors, setting, tmp_path, encoding):
    d = established(any_db, any_actors, setting)
    rows = "".join(f"{d.toewijzing_nummer};{day:02d}-02-2026;2,5;nee\n" for day in (2, 3, 4)) + \
        f"{d.toewijzing_nummer};05-02-2026;1;ja\n"
    path = write(tmp_path, "Toewijzingnummer;Datum;Uren;No-show\n" + rows, encoding)
    check = hours_import.import_file(any_db, any_actors.medewerker, path)
    assert len(check.lines) == 4 and count(any_db) == 4
    assert ledger.summary(any_db, any_actors.medewerker, d.id).realised == Decimal("8.5")
    with any_db.read() as s:
        line = s.exec(select(AuditEntry).where(AuditEntry.action == "uren.importeren")).one()
    assert json.loads(line.changes)["regels"] == [None, 4]


def test_every_bad_line_is_listed_and_nothing_is_stored(any_db, any_actors, setting, tmp_path):
    d = established(any_db, any_actors, setting)
    n = d.toewijzing_nummer
    path = write(tmp_path, HEADER + "\n".join([
        f"{n};02-02-2026;2;nee",           # 2: fine
        f"{n};31-02-2026;2;nee",           # 3: no such date
        f"{n};03-02-2026;-1;nee",          # 4: negative
        "2099000001;03-02-2026;2;nee",     # 5: unknown decision
        f"{n};01-01-2026;2;nee",           # 6: before the decision
        f"{n};04-02-2026;2,125;nee",       # 7: three decimals
        f"{n};05-02-2026;2;misschien",     # 8: not yes or no
        f"{n};06-02-2026;60;nee",          # 9: over the total
        f"{n};07-02-2026",                 # 10: columns missing
    ]) + "\n")
    with pytest.raises(KoersError) as info:
        hours_import.import_file(any_db, any_actors.medewerker, path)
    assert "niets ingelezen" in info.value.message and "8 van de 9" in info.value.message
    lines = [p.split(":")[0] for p in info.value.problems]
    assert lines == [f"regel {i}" for i in range(3, 11)]
    text = "\n".join(info.value.problems)
    for reason in ("bestaat niet als datum", "niet negatief", "onbekend toewijzingnummer 2099000001",
                   "valt buiten beschikking", "twee decimalen", "geen ja of nee", "nog 54 uur beschikbaar",
                   "te weinig kolommen"):
        assert reason in text, reason
    assert count(any_db) == 0


def test_lines_together_may_not_pass_the_total(any_db, any_actors, setting, tmp_path):
    d = established(any_db, any_actors, setting)
    ledger.add_realisation(any_db, any_actors.medewerker, d.id, date(2026, 1, 10), Decimal("50"))
    path = write(tmp_path, HEADER + f"{d.toewijzing_nummer};02-02-2026;4;nee\n{d.toewijzing_nummer};03-02-2026;4;nee\n")
    check = hours_import.check_file(any_db, any_actors.medewerker, path)
    assert [n for n, _ in check.rejected] == [3] and "nog 2 uur" in check.rejected[0][1]
    with pytest.raises(KoersError):
        hours_import.import_file(any_db, any_actors.medewerker, path)
    assert count(any_db) == 1


@pytest.mark.parametrize(("content", "message"), [
    ("", "leeg"), ("datum;uren\n02-02-2026;2\n", "ontbreken de kolommen toewijzingnummer"),
    (HEADER, "alleen een kopregel")])
def test_empty_files_and_missing_columns(db, actors, tmp_path, content, message):
    path = tmp_path / "uren.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(KoersError, match=message):
        hours_import.check_file(db, actors.medewerker, path)


def test_a_50_mb_file_is_refused_before_it_is_read(db, actors, tmp_path):
    path = tmp_path / "groot.csv"
    with path.open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)
    with pytest.raises(KoersError, match="te groot \\(50 MB"):
        hours_import.import_file(db, actors.medewerker, path)


def test_cli_import_hours_checks_then_imports(db_path, db, actors, today, tmp_path, capsys, monkeypatch):
    from desktop.cli import main
    from tests.conftest import TEST_PASSWORD

    d = established(db, actors, make_setting(db, actors))
    path = write(tmp_path, HEADER + f"{d.toewijzing_nummer};02-02-2026;3;nee\n")
    monkeypatch.setenv("KOERS_PASSWORD", TEST_PASSWORD)
    assert main(["import-hours", str(path), "--check", "--db", str(db_path), "--as", "t.medewerker", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"ok": True, "lines": 1, "rejected": []}
    assert count(db) == 0
    assert main(["import-hours", str(path), "--db", str(db_path), "--as", "t.medewerker"]) == 0
    assert "1 regels ingelezen" in capsys.readouterr().out and count(db) == 1
    assert main(["import-hours", str(path), "--db", str(db_path), "--as", "t.consulent"]) == 1
    assert "consulent" in capsys.readouterr().err


def _twins(any_db, any_actors, setting):
    """The same toewijzingnummer under the Wmo and the Jeugdwet (unique per law only, as iWmo/iJw allow)."""
    from sqlalchemy import text

    wmo = established(any_db, any_actors, setting)
    jw = established(any_db, any_actors, setting)
    with any_db.write() as s:
        s.execute(text("UPDATE beschikking SET law = 'jeugdwet', toewijzing_nummer = :n WHERE id = :id"),
                  {"n": wmo.toewijzing_nummer, "id": jw.id})
    return wmo, jw


def test_a_number_under_both_laws_needs_the_law_as_a_choice_or_a_column(any_db, any_actors, setting, tmp_path):
    from db.models.enums import Law

    wmo, jw = _twins(any_db, any_actors, setting)
    path = write(tmp_path, HEADER + f"{wmo.toewijzing_nummer};02-02-2026;2,5;nee\n")
    check = hours_import.check_file(any_db, any_actors.medewerker, path)
    assert "bestaat onder Wmo én Jeugdwet; kies bij het inlezen de wet" in check.rejected[0][1]
    hours_import.import_file(any_db, any_actors.medewerker, path, Law.JEUGDWET)
    assert ledger.summary(any_db, any_actors.medewerker, jw.id).realised == Decimal("2.5")
    assert ledger.summary(any_db, any_actors.medewerker, wmo.id).realised == 0
    by_column = write(tmp_path, "toewijzingnummer;datum;uren;wet\n"
                                f"{wmo.toewijzing_nummer};03-02-2026;1;Wmo\n{wmo.toewijzing_nummer};04-02-2026;2;jw\n")
    hours_import.import_file(any_db, any_actors.medewerker, by_column)
    assert ledger.summary(any_db, any_actors.medewerker, wmo.id).realised == 1
    assert ledger.summary(any_db, any_actors.medewerker, jw.id).realised == Decimal("4.5")
    bad = write(tmp_path, "toewijzingnummer;datum;uren;wet\n"
                          f"{wmo.toewijzing_nummer};05-02-2026;1;Participatiewet\n")
    assert "wet 'Participatiewet' is geen Wmo of Jeugdwet" in hours_import.check_file(
        any_db, any_actors.medewerker, bad).rejected[0][1]


@pytest.mark.parametrize("bom", [True, False])
def test_excel_unicode_text_utf16_with_tabs_is_read(any_db, any_actors, setting, tmp_path, bom):
    d = established(any_db, any_actors, setting)
    content = "toewijzingnummer\tdatum\turen\tno_show\r\n" + f"{d.toewijzing_nummer}\t02-02-2026\t2,5\tnee\r\n"
    path = tmp_path / "uren.txt"
    path.write_bytes(content.encode("utf-16" if bom else "utf-16-le"))
    check = hours_import.import_file(any_db, any_actors.medewerker, path)
    assert len(check.lines) == 1 and check.lines[0].minutes == 150


def test_a_folder_given_as_the_file_gets_a_dutch_message(db, actors, tmp_path):
    with pytest.raises(KoersError, match="is een map, geen bestand"):
        hours_import.check_file(db, actors.medewerker, tmp_path)


def test_cli_takes_the_law_with_wet(db_path, db, actors, today, tmp_path, capsys, monkeypatch):
    from desktop.cli import main
    from tests.conftest import TEST_PASSWORD

    wmo, jw = _twins(db, actors, make_setting(db, actors))
    path = write(tmp_path, HEADER + f"{wmo.toewijzing_nummer};02-02-2026;3;nee\n")
    monkeypatch.setenv("KOERS_PASSWORD", TEST_PASSWORD)
    as_medewerker = ("--db", str(db_path), "--as", "t.medewerker")
    assert main(["import-hours", str(path), *as_medewerker]) == 1
    assert "kies bij het inlezen de wet" in capsys.readouterr().err and count(db) == 0
    assert main(["import-hours", str(path), *as_medewerker, "--wet", "jeugdwet"]) == 0
    assert ledger.summary(db, actors.medewerker, jw.id).realised == 3
