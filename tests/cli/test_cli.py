"""The command-line contract: JSON on stdout with --json, Dutch errors on stderr, exit 1 bad input, 2 usage."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from desktop.cli import main
from tests.cli.accounts import AS_CONSULENT


def koers(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "KOERS_DB": "/nonexistent/should-not-be-used.sqlite"}
    return subprocess.run([sys.executable, "-m", "desktop", *args], capture_output=True, text=True, env=env,
                          timeout=120)


def test_init_creates_then_reports_schema(tmp_path):
    path = tmp_path / "nieuw.sqlite"
    result = koers("init", "--db", str(path), "--json")
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    from db.schema import head_revision

    assert payload == {"database": str(path), "schema": head_revision()}
    assert path.exists()
    again = koers("init", "--db", str(path))
    assert again.returncode == 0 and "Database klaar" in again.stdout


def test_usage_error_exits_2(tmp_path):
    result = koers("demo", "--clients", "nul", "--db", str(tmp_path / "x.sqlite"))
    assert result.returncode == 2
    assert "geen heel getal" in result.stderr


def test_foreign_database_is_refused_untouched(tmp_path):
    path = tmp_path / "ander.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE boeken (titel TEXT)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    result = koers("init", "--db", str(path))
    assert result.returncode == 1
    assert "geen Koers-database" in result.stderr
    assert path.read_bytes() == before
    assert not Path(f"{path}-wal").exists()


def test_check_passes_on_demo_data_and_fails_on_a_broken_rule(tmp_path, capsys):
    path = tmp_path / "k.sqlite"
    assert main(["demo", "--db", str(path), "--clients", "60", "--seed", "3"]) == 0
    capsys.readouterr()
    assert main(["check", "--db", str(path), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is True and report["problems"] == [] and len(report["checked"]) >= 10

    # Break a rule behind the database's back (a restored old backup could look like this):
    conn = sqlite3.connect(path)
    conn.execute("DROP TRIGGER trg_realisation_never_exceed_insert")
    bid, allowed, start = conn.execute(
        "SELECT id, indicated_minutes + surplus_minutes, start_date FROM beschikking ORDER BY id LIMIT 1").fetchone()
    conn.execute("INSERT INTO realisation (beschikking_id, service_date, minutes, no_show, source, entered_at)"
                 " VALUES (?, ?, ?, 0, 'hand', '2026-01-01 00:00:00')", (bid, start, allowed + 60))
    conn.commit()
    conn.close()
    assert main(["check", "--db", str(path)]) == 1
    err = capsys.readouterr().err
    assert f"Beschikking {bid}" in err and "boven geïndiceerd" in err


def test_check_on_missing_database_is_a_dutch_error(tmp_path, capsys):
    assert main(["check", "--db", str(tmp_path / "weg.sqlite")]) == 1
    assert "bestaat niet" in capsys.readouterr().err
    assert not (tmp_path / "weg.sqlite").exists()


def test_demo_if_empty_skips_a_filled_database(tmp_path, capsys):
    path = str(tmp_path / "k.sqlite")
    assert main(["demo", "--db", path, "--clients", "20", "--json"]) == 0
    counts = json.loads(capsys.readouterr().out)
    assert counts["residents"] == 20
    assert main(["demo", "--db", path, "--clients", "20", "--if-empty", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"skipped": True}
    assert main(["demo", "--db", path, "--clients", "20"]) == 1
    assert "al inwoners" in capsys.readouterr().err


def test_resident_add_search_show(empty_db, capsys, today):
    assert main(["resident", "add", "--db", empty_db, *AS_CONSULENT, "--bsn", "9999.00.006", "--initials", "jp",
                 "--prefix", "de", "--surname", "Vries", "--born", "1950-03-04", "--postcode", "7001ab",
                 "--street", "Dorpsstraat", "--house-number", "3", "--city", "Doetinchem", "--voornaam", "Jan",
                 "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["client_number"] == "K0000001"
    assert main(["resident", "search", "--db", empty_db, *AS_CONSULENT, "de vri", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows == [{"client_number": "K0000001", "name": "Vries, J.P. de (Jan)", "first_name": "Jan",
                     "bsn": "999900006", "date_of_birth": "1950-03-04", "address": "Dorpsstraat 3",
                     "postcode": "7001AB", "city": "Doetinchem", "consulent": "Carla Consulent"}]
    for query in ("Jan de Vries", "J. Vries", "Vries, Jan", "Dorpsstraat 3", "k1", "K0000001"):
        assert main(["resident", "search", "--db", empty_db, *AS_CONSULENT, query]) == 0
        assert capsys.readouterr().out.startswith("K0000001  Vries, J.P. de (Jan)"), query
    # Registered without a vaste consulent, so outside carla's caseload: a consulent gives a reason.
    assert main(["resident", "show", "--db", empty_db, *AS_CONSULENT, "k0000001",
                 "--reason", "eerste gesprek"]) == 0
    assert "J.P. de Vries" in capsys.readouterr().out


def test_resident_add_bad_input_lists_every_problem_and_stores_nothing(empty_db, capsys, today):
    code = main(["resident", "add", "--db", empty_db, *AS_CONSULENT, "--bsn", "123456789", "--initials", "J",
                 "--surname", "x" * 10_000, "--born", (today + timedelta(days=1)).isoformat()])
    assert code == 1
    err = capsys.readouterr().err
    assert "elfproef" in err and "te lang" in err and "toekomst" in err
    assert main(["resident", "search", "--db", empty_db, *AS_CONSULENT, "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_resident_show_unknown_number(empty_db, capsys):
    assert main(["resident", "show", "--db", empty_db, *AS_CONSULENT, "K9999999"]) == 1
    assert "Geen inwoner met cliëntnummer" in capsys.readouterr().err


def test_feestdagen_list_add_and_remove(empty_db, capsys):
    assert main(["feestdagen", "lijst", "--db", empty_db, "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 10  # the two shipped decrees
    as_beheer = ("--db", empty_db, "--as", "beheer")
    assert main(["feestdagen", "toevoegen", *as_beheer, "2029-05-11", "2029-05-12", "--besluit", "B 2029"]) == 1
    assert "zaterdag 12 mei 2029 valt in het weekend" in capsys.readouterr().err
    assert main(["feestdagen", "toevoegen", *as_beheer, "2029-05-11", "--besluit", "Besluit 2029"]) == 0
    assert "1 dag gelijkgesteld" in capsys.readouterr().out
    assert main(["feestdagen", "toevoegen", *AS_CONSULENT, "--db", empty_db, "2029-12-28", "--besluit", "B"]) == 1
    capsys.readouterr()
    assert main(["feestdagen", "lijst", "--db", empty_db]) == 0
    assert "vrijdag 11 mei 2029          (eigen) Besluit 2029" in capsys.readouterr().out
    assert main(["feestdagen", "verwijderen", *as_beheer, "2026-05-15"]) == 1
    assert "blijft staan" in capsys.readouterr().err
    assert main(["feestdagen", "verwijderen", *as_beheer, "2029-05-11"]) == 0


def test_a_parent_with_gezag_is_recorded_from_the_shell(empty_db, capsys):
    assert main(["resident", "add", "--db", empty_db, *AS_CONSULENT, "--bsn", "999900006", "--initials", "m",
                 "--surname", "Jansen", "--born", "2015-03-04"]) == 0
    capsys.readouterr()
    args = ["resident", "persoon", "K0000001", "--db", empty_db, *AS_CONSULENT, "--rol", "ouder_met_gezag",
            "--initials", "p", "--surname", "Jansen", "--salutation", "heer"]
    assert main(args) == 1
    assert "Een ouder met gezag krijgt de brieven" in capsys.readouterr().err
    assert main([*args, "--street", "Dorpsstraat", "--house-number", "12", "--postcode", "7001ab", "--city",
                 "Doetinchem"]) == 0
    assert capsys.readouterr().out == "Ouder met gezag vastgelegd bij K0000001.\n"
