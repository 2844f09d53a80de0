"""`koers check` in two depths (issue 16, point 5): the quick check by default, answering in seconds on a large
municipality, and the full one with `--volledig` (every index and CHECK rule, every letter's and document's hash)."""

from __future__ import annotations

import json
import re
import sqlite3

import pytest
from sqlalchemy import event, text

from desktop.cli import main
from desktop.core.maintenance.check import run_check
from tests.unit.decision_setting import make_setting
from tests.unit.test_documents import add, case, pdf_bytes, png_bytes, write  # noqa: F401 (case: a fixture)


def executed(db) -> list[str]:
    """Every statement the database is sent from now on (from both of the check's connections)."""
    seen: list[str] = []
    event.listen(db.engine, "before_cursor_execute", lambda _c, _cur, statement, *_rest: seen.append(statement))
    return seen


def pragmas(statements: list[str]) -> list[str]:
    return sorted(s for s in statements if s.startswith("PRAGMA"))


def test_the_default_is_the_quick_check(db):
    seen = executed(db)
    report = run_check(db)
    assert report.ok and not report.full and report.mode == "quick" and report.seconds >= 0
    assert pragmas(seen) == ["PRAGMA foreign_key_check", "PRAGMA ignore_check_constraints=ON", "PRAGMA quick_check(50)"]
    assert "SQLite-bestand (snel: pagina's en opbouw)" in report.checked
    assert "documenten in de dossiers (aanwezig, grootte)" in report.checked
    assert not any("SHA-256" in c for c in report.checked)


def test_the_quick_check_leaves_no_connection_that_ignores_check_rules(db):
    run_check(db)
    held = [db.engine.connect() for _ in range(6)]  # more than the pool keeps, so every pooled one is among them
    try:
        assert [c.exec_driver_sql("PRAGMA ignore_check_constraints").scalar() for c in held] == [0] * 6
    finally:
        for conn in held:
            conn.close()


def test_the_full_check_runs_integrity_check_and_every_hash(db):
    seen = executed(db)
    report = run_check(db, full=True)
    assert report.ok and report.full and report.mode == "full"
    assert pragmas(seen) == ["PRAGMA foreign_key_check", "PRAGMA integrity_check(50)"]
    assert {"brieven van elke soort (SHA-256)", "documenten in de dossiers (SHA-256)"} <= set(report.checked)
    assert "documenten in de dossiers (aanwezig, grootte)" not in report.checked
    assert any("FROM letter" in s and "sha256" in s for s in seen)


def test_a_changed_document_is_found_by_the_full_check_and_by_the_quick_one_only_when_its_size_changed(
        db, actors, case, tmp_path):  # noqa: F811 (case: the fixture)
    add(db, actors.consulent, case[1], write(tmp_path, "a.pdf", pdf_bytes()))
    same_size = add(db, actors.consulent, case[1], write(tmp_path, "b.pdf", pdf_bytes("Tweede")))
    shorter = add(db, actors.consulent, case[1], write(tmp_path, "c.pdf", pdf_bytes("Derde")))
    lost = add(db, actors.consulent, case[1], write(tmp_path, "d.png", png_bytes()))
    assert run_check(db).ok and run_check(db, full=True).ok
    with db.write() as s:
        contents = dict(s.exec(text("SELECT document_id, data FROM document_content")).all())
        s.exec(text("DELETE FROM document_content WHERE document_id IN (:a, :b, :c)").bindparams(
            a=same_size.id, b=shorter.id, c=lost.id))
        for document_id, data in ((same_size.id, bytes(contents[same_size.id])[::-1]),
                                  (shorter.id, bytes(contents[shorter.id])[:-10])):
            s.exec(text("INSERT INTO document_content (document_id, data) VALUES (:i, :d)").bindparams(
                i=document_id, d=data))
    size = len(contents[shorter.id])
    missing = (f"Document {lost.id} (casus {case[1]}): de inhoud ontbreekt, maar het document is niet als verwijderd "
               "vastgelegd. Zet het terug uit een back-up.")
    changed = ("Document {} (casus {}): de inhoud klopt niet meer met de SHA-256 van het moment van toevoegen; het "
               "bestand is veranderd of beschadigd. Zet het terug uit een back-up.")
    assert run_check(db).problems == [
        f"Document {shorter.id} (casus {case[1]}): de inhoud is {size - 10} bytes, bij het toevoegen waren het er "
        f"{size}; het bestand is veranderd of beschadigd. Zet het terug uit een back-up.", missing]
    assert run_check(db, full=True).problems == [
        changed.format(same_size.id, case[1]), changed.format(shorter.id, case[1]), missing]


def test_a_broken_rule_is_found_by_both_and_the_broken_check_rule_by_the_full_one(db, db_path, actors, today):
    plan_id = make_setting(db, actors)["plan"]
    assert run_check(db).ok and run_check(db, full=True).ok
    conn = sqlite3.connect(db_path)  # behind the database's back, as a hand edit could
    conn.execute("PRAGMA ignore_check_constraints=ON")
    conn.execute("UPDATE plan SET agreed_date = NULL WHERE id = ?", (plan_id,))
    conn.commit()
    conn.close()
    rule = re.compile(rf"Planversie {plan_id} van casus \d+ is akkoord zonder datum van akkoord\.")
    quick, full = run_check(db), run_check(db, full=True)
    assert [p for p in quick.problems if rule.fullmatch(p)] and len(quick.problems) == 1, quick.problems
    assert [p for p in full.problems if rule.fullmatch(p)], full.problems
    assert "Bestand beschadigd: CHECK constraint failed in plan" in full.problems


# ---------------------------------------------------------------- the command line


def test_koers_check_says_which_check_ran_and_how_long_it_took(db_path, capsys):
    assert main(["check", "--db", str(db_path)]) == 0
    out, err = capsys.readouterr()
    assert re.fullmatch(r"Snelle controle: in orde, \d+ controles, geen problemen gevonden \(\d+,\d s\)\.\n", out)
    assert "koers check --volledig" in err
    assert main(["check", "--db", str(db_path), "--volledig"]) == 0
    out, err = capsys.readouterr()
    assert re.fullmatch(r"Volledige controle: in orde, \d+ controles, geen problemen gevonden \(\d+,\d s\)\.\n", out)
    assert err == ""


def test_koers_check_json_names_the_mode(db_path, capsys):
    assert main(["check", "--db", str(db_path), "--json"]) == 0
    quick = json.loads(capsys.readouterr().out)
    assert quick["mode"] == "quick" and quick["ok"] is True and isinstance(quick["seconds"], float)
    assert main(["check", "--db", str(db_path), "--json", "--volledig", "--herstel"]) == 0
    full = json.loads(capsys.readouterr().out)
    assert full["mode"] == "full" and "documenten in de dossiers (SHA-256)" in full["checked"]


def test_koers_check_problems_name_the_check_on_stderr(db, db_path, actors, today, capsys):
    plan_id = make_setting(db, actors)["plan"]
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA ignore_check_constraints=ON")
    conn.execute("UPDATE plan SET agreed_date = NULL WHERE id = ?", (plan_id,))
    conn.commit()
    conn.close()
    assert main(["check", "--db", str(db_path)]) == 1
    out, err = capsys.readouterr()
    assert out == "" and re.match(rf"Snelle controle: 1 probleem gevonden \(\d+,\d s\):\n- Planversie {plan_id} ", err)
    assert err.endswith("koers check --volledig.\n")
    assert main(["check", "--db", str(db_path), "--volledig"]) == 1
    assert capsys.readouterr().err.startswith("Volledige controle: 2 problemen gevonden (")


def test_koers_check_help_is_dutch(capsys):
    with pytest.raises(SystemExit) as done:
        main(["check", "--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert "--volledig" in out and "de volledige controle" in out and "Standaard de snelle controle" in out
    assert "SHA-256 van alle brieven en documenten" in " ".join(out.split())
